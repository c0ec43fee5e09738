//! Property tests of the solver on random networks.
//!
//! Consistent networks are generated from a hidden schedule, so a solution
//! is known to exist; contradictory ones get extra random constraints until
//! an independent Bellman–Ford oracle (with an explicit origin node, the
//! textbook construction the solver avoids) says they are infeasible.

use proptest::prelude::*;

use crate::engine::network::{Bound, Edge, Network, Side, Source};
use crate::engine::solve::{solve, Cycle, INF};
use crate::engine::{explain, minimal};
use crate::engine::{Claim, Point};
use crate::model::SceneId;

fn network(scenes: usize, edges: Vec<Edge>, bounds: Vec<Bound>) -> Network {
    Network {
        rank: (0..scenes as u32).collect(),
        scene_of_rank: (0..scenes as u32).map(SceneId).collect(),
        edges,
        bounds,
        precedences: Vec::new(),
    }
}

fn src(i: usize) -> Source {
    Source::Constraint {
        scene: SceneId(0),
        index: i as u32,
    }
}

/// Feasibility of a set of edges and bounds over `points` points.
fn feasible(points: usize, edges: &[Edge], bounds: &[Bound]) -> bool {
    let z = points;
    let mut arcs: Vec<(usize, usize, i64)> = edges
        .iter()
        .map(|e| (e.from as usize, e.to as usize, e.weight))
        .collect();
    for b in bounds {
        match b.side {
            Side::Upper => arcs.push((z, b.point as usize, b.at)),
            Side::Lower => arcs.push((b.point as usize, z, -b.at)),
        }
    }
    let mut dist = vec![0i64; points + 1];
    for _ in 0..=points + 1 {
        let mut changed = false;
        for &(a, b, w) in &arcs {
            if dist[a] + w < dist[b] {
                dist[b] = dist[a] + w;
                changed = true;
            }
        }
        if !changed {
            return true;
        }
    }
    false
}

/// A hidden schedule and constraints it satisfies.
fn consistent() -> impl Strategy<Value = (usize, Vec<i64>, Vec<Edge>, Vec<Bound>)> {
    (1usize..9)
        .prop_flat_map(|scenes| {
            let starts = prop::collection::vec(0i64..10_000, scenes);
            let lengths = prop::collection::vec(0i64..600, scenes);
            let picks = prop::collection::vec(
                (
                    0..scenes * 2,
                    0..scenes * 2,
                    0i64..50,
                    0i64..50,
                    any::<bool>(),
                ),
                0..scenes * 3,
            );
            let anchors = prop::collection::vec(
                (
                    0..scenes * 2,
                    0i64..80,
                    0i64..80,
                    any::<bool>(),
                    any::<bool>(),
                ),
                0..scenes + 1,
            );
            (Just(scenes), starts, lengths, picks, anchors)
        })
        .prop_map(|(scenes, starts, lengths, picks, anchors)| {
            let mut t = Vec::new();
            for i in 0..scenes {
                t.push(starts[i]);
                t.push(starts[i] + lengths[i]);
            }
            let mut edges = Vec::new();
            for i in 0..scenes {
                edges.push(Edge {
                    from: (2 * i + 1) as u32,
                    to: (2 * i) as u32,
                    weight: 0,
                    source: Source::Implicit {
                        scene: SceneId(i as u32),
                    },
                });
            }
            for (k, &(a, b, slack_hi, slack_lo, both)) in picks.iter().enumerate() {
                if a == b {
                    continue;
                }
                let diff = t[b] - t[a];
                edges.push(Edge {
                    from: a as u32,
                    to: b as u32,
                    weight: diff + slack_hi,
                    source: src(k),
                });
                if both {
                    edges.push(Edge {
                        from: b as u32,
                        to: a as u32,
                        weight: -(diff - slack_lo),
                        source: src(k),
                    });
                }
            }
            let mut bounds = Vec::new();
            for (k, &(p, below, above, lower, upper)) in anchors.iter().enumerate() {
                if lower {
                    bounds.push(Bound {
                        point: p as u32,
                        side: Side::Lower,
                        at: t[p] - below,
                        source: src(100 + k),
                    });
                }
                if upper {
                    bounds.push(Bound {
                        point: p as u32,
                        side: Side::Upper,
                        at: t[p] + above,
                        source: src(100 + k),
                    });
                }
            }
            (scenes, t, edges, bounds)
        })
}

/// Random extra constraints `(from, to, weight, as a bound)` on top of a
/// consistent network: upper bounds, or edges between distinct points.
fn add_extra(
    points: usize,
    extra: &[(usize, usize, i64, bool)],
    edges: &mut Vec<Edge>,
    bounds: &mut Vec<Bound>,
) {
    for (k, &(a, b, w, as_bound)) in extra.iter().enumerate() {
        let (a, b) = (a % points, b % points);
        if as_bound {
            bounds.push(Bound {
                point: a as u32,
                side: Side::Upper,
                at: w * 20,
                source: src(200 + k),
            });
        } else if a != b {
            edges.push(Edge {
                from: a as u32,
                to: b as u32,
                weight: w,
                source: src(200 + k),
            });
        }
    }
}

/// The told reasoning of a contradiction ends in a clash: from a latest time
/// carried along the cycle to an earliest time after it, or around a
/// dateless cycle back to its first point, earlier than itself.
fn told_as_a_clash(net: &Network, cycle: &Cycle) -> Result<(), TestCaseError> {
    let told = explain::contradiction(net, cycle);
    let point = |p: u32| {
        let (scene, which) = net.scene_of(p);
        Point { scene, which }
    };
    match (
        told.steps.first().map(|s| s.claim),
        told.steps.last().map(|s| s.claim),
    ) {
        (
            Some(Claim::Latest { at: start, .. }),
            Some(Claim::Earliest {
                point: clash,
                at: floor,
            }),
        ) => {
            prop_assert_eq!(told.steps.len(), cycle.edges.len() + 2);
            prop_assert_eq!(told.clash, Some(clash));
            let mut latest = start;
            for (step, &e) in told.steps[1..told.steps.len() - 1].iter().zip(&cycle.edges) {
                let edge = net.edges[e as usize];
                prop_assert_eq!(step.source, edge.source);
                let Claim::Carried { point: reached, at } = step.claim else {
                    return Err(TestCaseError::fail(format!("{told:?}")));
                };
                prop_assert_eq!(reached, point(edge.to));
                prop_assert_eq!(at, latest + edge.weight);
                latest = at;
            }
            prop_assert!(latest < floor, "no clash: {told:?}");
        }
        (
            Some(Claim::Relative {
                origin: Some(origin),
                ..
            }),
            Some(Claim::Relative {
                point: end, offset, ..
            }),
        ) => {
            prop_assert_eq!(told.steps.len(), cycle.edges.len());
            prop_assert_eq!(told.clash, None);
            prop_assert_eq!(end, origin);
            prop_assert!(offset < 0, "not circular: {told:?}");
            for step in &told.steps[1..] {
                let is_later_step = matches!(step.claim, Claim::Relative { origin: None, .. });
                prop_assert!(is_later_step, "{told:?}");
            }
        }
        _ => prop_assert!(false, "unexpected steps: {told:?}"),
    }
    Ok(())
}

fn cycle_parts(net: &Network, c: &Cycle) -> (Vec<Edge>, Vec<Bound>) {
    let edges = c.edges.iter().map(|&e| net.edges[e as usize]).collect();
    let bounds = c
        .upper
        .iter()
        .chain(c.lower.iter())
        .map(|&b| net.bounds[b as usize])
        .collect();
    (edges, bounds)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, max_global_rejects: 1_000_000, ..ProptestConfig::default() })]

    #[test]
    fn consistent_networks_solve_and_contain_the_hidden_schedule((scenes, hidden, edges, bounds) in consistent()) {
        let net = network(scenes, edges, bounds);
        let solution = solve(&net, 100, |_, _| Vec::new());
        prop_assert!(solution.cycles.is_empty(), "{:?}", solution.cycles);
        for (p, &t) in hidden.iter().enumerate() {
            prop_assert!(solution.earliest[p] <= t, "earliest of {p}");
            prop_assert!(solution.latest[p] == INF || solution.latest[p] >= t, "latest of {p}");
        }
        // The schedule satisfies every constraint.
        let s = &solution.schedule;
        for e in &net.edges {
            prop_assert!(s[e.to as usize] - s[e.from as usize] <= e.weight, "edge {e:?} schedule {s:?}");
        }
        for b in &net.bounds {
            match b.side {
                Side::Upper => prop_assert!(s[b.point as usize] <= b.at),
                Side::Lower => prop_assert!(s[b.point as usize] >= b.at),
            }
        }
    }

    #[test]
    fn contradictions_are_real_and_minimal(
        (scenes, _hidden, mut edges, mut bounds) in consistent(),
        extra in prop::collection::vec((0usize..18, 0usize..18, -400i64..50, any::<bool>()), 1..6),
    ) {
        let points = scenes * 2;
        add_extra(points, &extra, &mut edges, &mut bounds);
        prop_assume!(!feasible(points, &edges, &bounds));
        let net = network(scenes, edges, bounds);
        let solution = solve(&net, 100, |_, _| Vec::new());
        prop_assert!(!solution.cycles.is_empty());
        for c in &solution.cycles {
            let (e, b) = cycle_parts(&net, c);
            prop_assert!(!feasible(points, &e, &b), "reported cycle is feasible: {c:?}");
            told_as_a_clash(&net, c)?;
            for skip in 0..e.len() {
                let mut fewer = e.clone();
                fewer.remove(skip);
                prop_assert!(feasible(points, &fewer, &b), "not minimal without edge {skip}: {c:?}");
            }
            for skip in 0..b.len() {
                let mut fewer = b.clone();
                fewer.remove(skip);
                prop_assert!(feasible(points, &e, &fewer), "not minimal without bound {skip}: {c:?}");
            }
        }
        // Each explanation is a real, minimal conflict, no larger than the
        // cycle found, sharing a constraint with it, told as a clash.
        let explained = minimal::explain_all(&net, &solution.cycles, |_| 0);
        prop_assert_eq!(explained.len(), solution.cycles.len());
        for (x, c) in explained.iter().zip(&solution.cycles) {
            let (e, b) = cycle_parts(&net, &x.cycle);
            let (oe, ob) = cycle_parts(&net, c);
            prop_assert!(!feasible(points, &e, &b), "explained cycle is feasible: {:?}", x.cycle);
            prop_assert!(e.len() + b.len() <= oe.len() + ob.len(), "{:?} is larger than {c:?}", x.cycle);
            let shares = x.cycle.edges.iter().any(|id| c.edges.contains(id))
                || x.cycle.upper.iter().chain(&x.cycle.lower).any(|id| c.upper == Some(*id) || c.lower == Some(*id));
            prop_assert!(shares, "{:?} shares nothing with {c:?}", x.cycle);
            told_as_a_clash(&net, &x.cycle)?;
            for skip in 0..e.len() {
                let mut fewer = e.clone();
                fewer.remove(skip);
                prop_assert!(feasible(points, &fewer, &b), "not minimal without edge {skip}: {:?}", x.cycle);
            }
            for skip in 0..b.len() {
                let mut fewer = b.clone();
                fewer.remove(skip);
                prop_assert!(feasible(points, &e, &fewer), "not minimal without bound {skip}: {:?}", x.cycle);
            }
            let sources: Vec<Source> = e.iter().map(|e| e.source).chain(b.iter().map(|b| b.source)).collect();
            prop_assert!(sources.contains(&x.culprit), "the culprit is not in the cycle");
        }
        // What is left after setting the cycles aside is consistent.
        let rest_edges: Vec<Edge> = net.edges.iter().zip(&solution.edge_disabled).filter(|(_, &d)| !d).map(|(e, _)| *e).collect();
        let rest_bounds: Vec<Bound> = net.bounds.iter().zip(&solution.bound_disabled).filter(|(_, &d)| !d).map(|(b, _)| *b).collect();
        prop_assert!(feasible(points, &rest_edges, &rest_bounds));
    }
}
