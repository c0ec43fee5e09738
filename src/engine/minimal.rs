//! Smallest explanations for contradictions, and the tag to blame.
//!
//! The solver ([`super::solve`]) reports a contradiction as the first
//! negative cycle it meets, which can walk through many scenes when a few
//! tags of one scene already clash (a scene dated `1959-12-31 22:00 for 3h`
//! whose marker means 1958 to 1959 ends in 1960, yet the cycle found may
//! start at a marker two scenes later). Before it is explained, each cycle
//! is shrunk here:
//!
//! 1. **The local network.** The points of the scenes the cycle touches
//!    (at most [`MAX_SCENES`] scenes; a longer cycle is kept as found),
//!    every edge between them and every bound on them, plus one virtual
//!    point `V` for absolute time: a latest-time bound `p ≤ t` is the arc
//!    `V → p` of weight `t`, an earliest-time bound `p ≥ t` the arc
//!    `p → V` of weight `−t`, so a clash between two bounds is a negative
//!    cycle through `V`. Constraints of contradictions reported before this
//!    one are left out, as the solver left them out, so two reports never
//!    share a tag.
//! 2. **Fewest constraints.** From each local point in turn, a
//!    Bellman–Ford limited by hop count finds the fewest arcs that close a
//!    negative walk back to it; the first hop count that does is a simple
//!    negative cycle (a shorter one would otherwise hide in it). Among all
//!    points the cycle with fewest constraints wins (ties: fewest scenes,
//!    then the first point in network order), and it replaces the found one
//!    only if it is shorter and shares a constraint with it (so it is the
//!    same conflict, not another one). A simple negative cycle is a minimal
//!    infeasible set: dropping any one of its constraints leaves a path,
//!    which is consistent.
//! 3. **The culprit.** The primary label goes on the tag most likely
//!    mistyped, by this rule. A tag *explains* the conflict when removing
//!    it alone makes the neighbourhood consistent (the cycle's scenes and
//!    the scenes one relation away, up to [`MAX_SCENES`]): a date that
//!    clashes both with its marker and with a relation is the common cause
//!    of both clashes, while its marker is not. The *heart* of the conflict
//!    is the scene with the most tags in the cycle (then the most tags that
//!    explain it; then the first in the reasoning). The culprit is the
//!    heart's tag that explains the conflict, and among several (or none)
//!    the first by [`rank`]: a date written on the scene, then a marker or
//!    era, then a `for` length, then a relation to another scene, then the
//!    implicit "a scene ends after it starts"; then the first in the
//!    reasoning.
//!
//! Cost, per contradiction: building the local network reads the edges of
//! its points (their degree); the search is O(P · H · A) for P local points
//! (at most `2 · MAX_SCENES + 1`), H hops (fewer than the found cycle's
//! constraints, and at most P) and A local arcs; the culprit test runs one
//! Bellman–Ford, O(P · A), per tag of the cycle. None of it grows with the
//! story beyond the degree of the cycle's points.

use std::collections::{HashMap, HashSet};

use crate::engine::network::{Network, Side, Source, Which};
use crate::engine::solve::Cycle;
use crate::model::{ConstraintKind, SceneId, Story};

/// The most scenes a local network holds; a cycle through more scenes is
/// explained as found.
pub const MAX_SCENES: usize = 16;

/// The edges and bounds at each point, built once per story.
pub struct Incidence {
    edges: Vec<Vec<u32>>,
    bounds: Vec<Vec<u32>>,
}

impl Incidence {
    /// Index `net` by point.
    pub fn new(net: &Network) -> Incidence {
        let n = net.point_count();
        let mut edges = vec![Vec::new(); n];
        let mut bounds = vec![Vec::new(); n];
        for (i, e) in net.edges.iter().enumerate() {
            edges[e.from as usize].push(i as u32);
            if e.to != e.from {
                edges[e.to as usize].push(i as u32);
            }
        }
        for (i, b) in net.bounds.iter().enumerate() {
            bounds[b.point as usize].push(i as u32);
        }
        Incidence { edges, bounds }
    }
}

/// One constraint of the network: an edge, or a bound as an arc to or from
/// absolute time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Ref {
    Edge(u32),
    Bound(u32),
}

/// An arc of the local network, between local point indices.
#[derive(Clone, Copy, Debug)]
struct Arc {
    from: usize,
    to: usize,
    weight: i128,
    what: Ref,
}

/// The local network of a few scenes.
struct Local {
    /// Local index to network point; the virtual point is `points.len()`.
    points: Vec<u32>,
    arcs: Vec<Arc>,
}

impl Local {
    /// The scenes' points and the constraints among them, leaving out
    /// `taken` ones.
    fn new(net: &Network, inc: &Incidence, scenes: &[SceneId], taken: &Taken) -> Local {
        let mut index: HashMap<u32, usize> = HashMap::new();
        let mut points = Vec::with_capacity(scenes.len() * 2);
        for &s in scenes {
            for which in [Which::Start, Which::End] {
                let p = net.point(s, which);
                index.insert(p, points.len());
                points.push(p);
            }
        }
        let v = points.len();
        let mut arcs = Vec::new();
        for (&p, &local) in &index {
            for &e in &inc.edges[p as usize] {
                let edge = net.edges[e as usize];
                if edge.from != p || taken.edges[e as usize] {
                    continue;
                }
                if let Some(&to) = index.get(&edge.to) {
                    arcs.push(Arc {
                        from: local,
                        to,
                        weight: i128::from(edge.weight),
                        what: Ref::Edge(e),
                    });
                }
            }
            for &b in &inc.bounds[p as usize] {
                if taken.bounds[b as usize] {
                    continue;
                }
                let bound = net.bounds[b as usize];
                let at = i128::from(bound.at);
                let (from, to, weight) = match bound.side {
                    Side::Upper => (v, local, at),
                    Side::Lower => (local, v, -at),
                };
                arcs.push(Arc {
                    from,
                    to,
                    weight,
                    what: Ref::Bound(b),
                });
            }
        }
        // Deterministic whatever the hash order.
        arcs.sort_by_key(|a| (a.what_key(), a.from, a.to));
        Local { points, arcs }
    }

    fn node_count(&self) -> usize {
        self.points.len() + 1
    }

    /// True when no negative cycle avoids the constraints of `without`
    /// (Bellman–Ford from every point at once).
    fn consistent_without(&self, net: &Network, without: Source) -> bool {
        let n = self.node_count();
        let mut dist = vec![0i128; n];
        let kept: Vec<&Arc> = self
            .arcs
            .iter()
            .filter(|a| source_of(net, a.what) != without)
            .collect();
        for _ in 0..=n {
            let mut changed = false;
            for a in &kept {
                let through = dist[a.from] + a.weight;
                if through < dist[a.to] {
                    dist[a.to] = through;
                    changed = true;
                }
            }
            if !changed {
                return true;
            }
        }
        false
    }

    /// The fewest-arc negative closed walk from `s` of at most `max_hops`
    /// arcs that shares a constraint with `original`, as arcs in order.
    fn shortest_from(&self, s: usize, max_hops: usize, original: &[Ref]) -> Option<Vec<Arc>> {
        let n = self.node_count();
        let mut dist: Vec<Option<i128>> = vec![None; n];
        dist[s] = Some(0);
        let mut preds: Vec<Vec<Option<usize>>> = Vec::with_capacity(max_hops);
        for _ in 0..max_hops {
            let mut next: Vec<Option<i128>> = vec![None; n];
            let mut pred: Vec<Option<usize>> = vec![None; n];
            for (i, a) in self.arcs.iter().enumerate() {
                let Some(d) = dist[a.from] else { continue };
                let through = d + a.weight;
                if next[a.to].is_none_or(|x| through < x) {
                    next[a.to] = Some(through);
                    pred[a.to] = Some(i);
                }
            }
            preds.push(pred);
            dist = next;
            if dist[s].is_some_and(|d| d < 0) {
                // A closed walk splits into simple cycles; one of them that
                // is negative and shares a constraint with the cycle found
                // is the answer (a simple negative cycle is minimal).
                let best = simple_cycles(&self.walk_back(s, &preds))
                    .into_iter()
                    .filter(|c| c.iter().map(|a| a.weight).sum::<i128>() < 0)
                    .filter(|c| c.iter().any(|a| original.contains(&a.what)))
                    .min_by_key(Vec::len);
                if best.is_some() {
                    return best;
                }
            }
        }
        None
    }

    /// The arcs of the walk that ends at `s` after `preds.len()` hops.
    fn walk_back(&self, s: usize, preds: &[Vec<Option<usize>>]) -> Vec<Arc> {
        let mut at = s;
        let mut arcs = Vec::with_capacity(preds.len());
        for pred in preds.iter().rev() {
            let Some(i) = pred[at] else { break };
            let a = self.arcs[i];
            arcs.push(a);
            at = a.from;
        }
        arcs.reverse();
        arcs
    }
}

/// The simple cycles a closed walk is made of, each as arcs in order.
fn simple_cycles(walk: &[Arc]) -> Vec<Vec<Arc>> {
    let Some(first) = walk.first() else {
        return Vec::new();
    };
    let mut nodes = vec![first.from];
    let mut at: HashMap<usize, usize> = HashMap::from([(first.from, 0)]);
    let mut arcs: Vec<Arc> = Vec::new();
    let mut cycles = Vec::new();
    for &a in walk {
        arcs.push(a);
        if let Some(&k) = at.get(&a.to) {
            cycles.push(arcs.split_off(k));
            for n in nodes.drain(k + 1..) {
                at.remove(&n);
            }
        } else {
            at.insert(a.to, nodes.len());
            nodes.push(a.to);
        }
    }
    cycles
}

impl Arc {
    fn what_key(&self) -> (u8, u32) {
        match self.what {
            Ref::Edge(e) => (0, e),
            Ref::Bound(b) => (1, b),
        }
    }
}

/// Constraints already reported (set aside) by earlier contradictions.
struct Taken {
    edges: Vec<bool>,
    bounds: Vec<bool>,
}

impl Taken {
    fn mark(&mut self, refs: &[Ref]) {
        for r in refs {
            match *r {
                Ref::Edge(e) => self.edges[e as usize] = true,
                Ref::Bound(b) => self.bounds[b as usize] = true,
            }
        }
    }

    fn any(&self, refs: &[Ref]) -> bool {
        refs.iter().any(|r| match *r {
            Ref::Edge(e) => self.edges[e as usize],
            Ref::Bound(b) => self.bounds[b as usize],
        })
    }
}

fn source_of(net: &Network, r: Ref) -> Source {
    match r {
        Ref::Edge(e) => net.edges[e as usize].source,
        Ref::Bound(b) => net.bounds[b as usize].source,
    }
}

/// The constraints of a cycle.
fn refs(cycle: &Cycle) -> Vec<Ref> {
    let mut out: Vec<Ref> = cycle.upper.into_iter().map(Ref::Bound).collect();
    out.extend(cycle.edges.iter().map(|&e| Ref::Edge(e)));
    out.extend(cycle.lower.map(Ref::Bound));
    out
}

/// The scenes of a cycle's constraints' points, sorted, each once.
fn scenes_of(net: &Network, cycle: &Cycle) -> Vec<SceneId> {
    let mut points: Vec<u32> = Vec::new();
    for r in refs(cycle) {
        match r {
            Ref::Edge(e) => {
                let edge = net.edges[e as usize];
                points.extend([edge.from, edge.to]);
            }
            Ref::Bound(b) => points.push(net.bounds[b as usize].point),
        }
    }
    let mut scenes: Vec<SceneId> = points.iter().map(|&p| net.scene_of(p).0).collect();
    scenes.sort_unstable();
    scenes.dedup();
    scenes
}

/// A shrunk cycle and the constraint to blame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    /// The cycle to explain: the smallest found for the conflict.
    pub cycle: Cycle,
    /// The constraint most likely mistyped (see the module docs).
    pub culprit: Source,
    /// True when the culprit is the only tag whose removal alone makes the
    /// neighbourhood consistent; false when the rule chose among several.
    pub certain: bool,
}

/// Shrink each cycle (in the order the solver found them) and name its
/// culprit; `rank` orders tags by how likely they are mistyped (the story's
/// is [`rank`]).
pub fn explain_all(net: &Network, cycles: &[Cycle], rank: impl Fn(Source) -> u8) -> Vec<Explained> {
    if cycles.is_empty() {
        return Vec::new();
    }
    let inc = Incidence::new(net);
    let mut taken = Taken {
        edges: vec![false; net.edges.len()],
        bounds: vec![false; net.bounds.len()],
    };
    // Every original cycle is set aside from the ones after it, as the
    // solver set them aside.
    let mut explained = Vec::with_capacity(cycles.len());
    for cycle in cycles {
        let original = refs(cycle);
        let shrunk = if taken.any(&original) {
            None
        } else {
            shrink(net, &inc, cycle, &original, &taken)
        };
        let chosen = shrunk.unwrap_or_else(|| cycle.clone());
        let (culprit, certain) = culprit(&rank, net, &inc, &chosen, &taken);
        taken.mark(&original);
        taken.mark(&refs(&chosen));
        explained.push(Explained {
            cycle: chosen,
            culprit,
            certain,
        });
    }
    explained
}

/// The smallest cycle of the conflict, if smaller than the one found.
fn shrink(
    net: &Network,
    inc: &Incidence,
    cycle: &Cycle,
    original: &[Ref],
    taken: &Taken,
) -> Option<Cycle> {
    let scenes = scenes_of(net, cycle);
    if scenes.len() > MAX_SCENES || original.len() <= 2 {
        return None;
    }
    let local = Local::new(net, inc, &scenes, taken);
    let max_hops = (original.len() - 1).min(local.node_count());
    let mut best: Option<(usize, usize, Vec<Arc>)> = None;
    for s in 0..local.node_count() {
        let limit = best.as_ref().map_or(max_hops, |b| b.0);
        let Some(walk) = local.shortest_from(s, limit, original) else {
            continue;
        };
        let mut touched: Vec<SceneId> = walk
            .iter()
            .map(|a| source_of(net, a.what).scene())
            .collect();
        touched.sort_unstable();
        touched.dedup();
        let key = (walk.len(), touched.len());
        if best.as_ref().is_none_or(|b| key < (b.0, b.1)) {
            best = Some((key.0, key.1, walk));
        }
    }
    let (_, _, walk) = best?;
    Some(as_cycle(net, &local, walk))
}

/// A closed walk of the local network as a [`Cycle`]: through absolute
/// time, from the latest-time bound to the earliest-time one; else the
/// edges from the smallest edge id, as the solver orders a relative cycle.
fn as_cycle(net: &Network, local: &Local, mut walk: Vec<Arc>) -> Cycle {
    let v = local.points.len();
    if let Some(i) = walk.iter().position(|a| a.from == v) {
        walk.rotate_left(i);
        let upper = match walk.first().map(|a| a.what) {
            Some(Ref::Bound(b)) => Some(b),
            _ => None,
        };
        let lower = match walk.last().map(|a| a.what) {
            Some(Ref::Bound(b)) => Some(b),
            _ => None,
        };
        let edges = walk
            .iter()
            .filter_map(|a| match a.what {
                Ref::Edge(e) => Some(e),
                Ref::Bound(_) => None,
            })
            .collect();
        return Cycle {
            upper,
            edges,
            lower,
            point: lower.map(|b| net.bounds[b as usize].point),
        };
    }
    let first = walk
        .iter()
        .enumerate()
        .min_by_key(|(_, a)| a.what_key())
        .map_or(0, |(i, _)| i);
    walk.rotate_left(first);
    Cycle {
        upper: None,
        edges: walk
            .iter()
            .filter_map(|a| match a.what {
                Ref::Edge(e) => Some(e),
                Ref::Bound(_) => None,
            })
            .collect(),
        lower: None,
        point: None,
    }
}

/// How likely a tag is to be the typo, lowest first: a date written on the
/// scene (0), a marker or an era (1), a `for` length (2), a relation to
/// another scene (3), the implicit "a scene ends after it starts" (4).
pub fn rank(story: &Story, source: Source) -> u8 {
    let Source::Constraint { scene, index } = source else {
        return 4;
    };
    match story.scene(scene).constraints[index as usize].kind {
        ConstraintKind::StartsWithin { .. } => 0,
        ConstraintKind::InEra { .. } => 1,
        ConstraintKind::Lasts { .. } => 2,
        ConstraintKind::After { .. }
        | ConstraintKind::Before { .. }
        | ConstraintKind::During { .. }
        | ConstraintKind::Offset { .. }
        | ConstraintKind::SameAs { .. } => 3,
    }
}

/// The tag of `cycle` to blame: see the module docs.
fn culprit(
    rank: &impl Fn(Source) -> u8,
    net: &Network,
    inc: &Incidence,
    cycle: &Cycle,
    taken: &Taken,
) -> (Source, bool) {
    // Linear in the cycle: a cycle through a whole story (tens of
    // thousands of scenes) is blamed by the rule alone.
    let mut seen: HashSet<Source> = HashSet::new();
    let sources: Vec<Source> = refs(cycle)
        .into_iter()
        .map(|r| source_of(net, r))
        .filter(|s| seen.insert(*s))
        .collect();
    let own = scenes_of(net, cycle);
    let alone: HashSet<Source> = if own.len() <= MAX_SCENES {
        let scenes = neighbourhood(net, inc, own);
        let local = Local::new(net, inc, &scenes, taken);
        sources
            .iter()
            .copied()
            .filter(|&s| local.consistent_without(net, s))
            .collect()
    } else {
        HashSet::new()
    };
    // The heart of the conflict: the scene with the most tags in the cycle,
    // then the most tags to blame; the first in the reasoning on a tie.
    let mut counts: HashMap<SceneId, (usize, usize)> = HashMap::new();
    for s in &sources {
        let c = counts.entry(s.scene()).or_default();
        c.0 += 1;
        c.1 += usize::from(alone.contains(s));
    }
    let heart = sources
        .iter()
        .enumerate()
        .max_by_key(|&(i, s)| (counts[&s.scene()], std::cmp::Reverse(i)))
        .map_or(sources[0].scene(), |(_, s)| s.scene());
    let blamed = sources
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, s)| s.scene() == heart)
        .min_by_key(|&(i, s)| (!alone.contains(&s), rank(s), i))
        .map_or(sources[0], |(_, s)| s);
    // Certain when it is the one tag of the conflict that explains it.
    (blamed, alone.len() == 1 && alone.contains(&blamed))
}

/// The cycle's scenes, then the scenes one edge away from them, in network
/// order, while there are at most [`MAX_SCENES`].
fn neighbourhood(net: &Network, inc: &Incidence, own: Vec<SceneId>) -> Vec<SceneId> {
    let mut scenes = own.clone();
    'grow: for &s in &own {
        for which in [Which::Start, Which::End] {
            for &e in &inc.edges[net.point(s, which) as usize] {
                let edge = net.edges[e as usize];
                for p in [edge.from, edge.to] {
                    let other = net.scene_of(p).0;
                    if !scenes.contains(&other) {
                        if scenes.len() >= MAX_SCENES {
                            break 'grow;
                        }
                        scenes.push(other);
                    }
                }
            }
        }
    }
    scenes
}
