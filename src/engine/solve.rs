//! Solving the network: consistency, contradictions and tight bounds.
//!
//! The solve runs in rounds. Each round takes the edges and bounds not yet set
//! aside, decomposes the points into biconnected blocks ([`super::blocks`])
//! and
//! 1. looks for a negative cycle inside each block (label-correcting from
//!    all-zero labels, confined to the block);
//! 2. if none, propagates the absolute bounds: latest times forwards along
//!    edges and earliest times backwards, each in two sweeps over the
//!    block-cut forest (leaves to roots, then roots to leaves); a block of
//!    two points, most of them, is one flat step with its lightest edge
//!    each way, so the sweeps read memory in order;
//! 3. looks for points whose earliest time exceeds their latest: a cycle
//!    through two absolute bounds.
//!
//! Each contradiction found is recorded with its edges and bounds, which are
//! then set aside (those edges only, not whole scenes) so that the next round
//! solves the rest of the story and one mistake cannot hide another. Rounds
//! stop when a round finds nothing or the cap is reached.
//!
//! Cost: a round is linear in the network plus the label-correcting work in
//! each block, O(k·m) for a block of k points and m edges in the worst case
//! (Bellman–Ford), near-linear for the small blocks real stories make. The
//! number of rounds is at most the number of contradictions reported plus
//! one.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::engine::blocks::{self, Blocks};
use crate::engine::network::{Bound, Network, Side};
use crate::time::Seconds;

/// Clashes looked at per contradiction a round may still report: a clash
/// that shares a constraint with one taken this round is skipped, so a few
/// are tried for each one reported.
const CLASH_ATTEMPTS_PER_REPORT: usize = 4;
/// Clashes looked at beyond that, for rounds with a small budget.
const CLASH_ATTEMPTS_SPARE: usize = 16;

/// "No bound" in a label array.
pub const INF: Seconds = Seconds::MAX;
const NONE: u32 = u32::MAX;

/// A cycle of constraints that cannot all hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    /// The absolute latest-time bound the reasoning starts from, if any.
    pub upper: Option<u32>,
    /// Edge ids, in the order the reasoning follows them.
    pub edges: Vec<u32>,
    /// The absolute earliest-time bound the reasoning ends at, if any. For
    /// a cycle through two bounds, `edges` lead from the upper bound's point
    /// to the lower bound's point.
    pub lower: Option<u32>,
    /// The point where the two bounds clash (for bound cycles).
    pub point: Option<u32>,
}

/// The result of solving a network.
#[derive(Clone, Debug)]
pub struct Solution {
    /// Latest time of each point (`INF` if unbounded).
    pub latest: Vec<Seconds>,
    /// Earliest time of each point (`-INF` stands for unbounded, stored as
    /// `Seconds::MIN`).
    pub earliest: Vec<Seconds>,
    /// Contradictions found, in the order found.
    pub cycles: Vec<Cycle>,
    /// True when the cap stopped the search.
    pub truncated: bool,
    /// Edges set aside.
    pub edge_disabled: Vec<bool>,
    /// Bounds set aside.
    pub bound_disabled: Vec<bool>,
    /// One consistent schedule: every point at its earliest time, where a
    /// point with no earliest time is first floored at the earliest time
    /// known anywhere in its component (floating parts are pinned at 0).
    pub schedule: Vec<Seconds>,
    /// Connected component of each point (over active edges).
    pub component: Vec<u32>,
    /// Whether each component has an absolute bound.
    pub component_anchored: Vec<bool>,
}

/// Solve `net` with extra pins `(point, time)` applied to floating parts.
///
/// `pin` is called once, after contradictions are settled, with the
/// component of every point and whether each component is anchored; it
/// returns absolute pins (point, time) to add, so floating parts get
/// bounds relative to a chosen scene.
pub fn solve(
    net: &Network,
    cap: usize,
    pin: impl Fn(&[u32], &[bool]) -> Vec<(u32, Seconds)>,
) -> Solution {
    let mut set_aside = SetAside {
        edges: vec![false; net.edges.len()],
        bounds: vec![false; net.bounds.len()],
        cycles: Vec::new(),
    };
    loop {
        let graph = Graph::new(net, &set_aside.edges);
        let domains = Domains::new(net.point_count(), net, &set_aside.bounds, &[]);
        let budget = cap.saturating_sub(set_aside.cycles.len()).max(1);
        match round(&graph, &domains, budget) {
            Round::Consistent(bounds) => return settle(&graph, &domains, bounds, set_aside, pin),
            Round::Contradictions(found) => {
                if set_aside.record(found, cap) {
                    // Stop looking, but still solve what is left without the
                    // rest of the contradictions: setting aside every edge of
                    // the remaining troubled blocks by looping again would be
                    // unbounded, so drop all relative constraints instead.
                    return finish_truncated(net, set_aside);
                }
            }
        }
    }
}

/// What the rounds have set aside so far, and the cycles that did it.
struct SetAside {
    edges: Vec<bool>,
    bounds: Vec<bool>,
    cycles: Vec<Cycle>,
}

impl SetAside {
    /// Set aside the edges and bounds of each cycle found, up to `cap`
    /// cycles in all. True when the cap cut the list short.
    fn record(&mut self, found: Vec<Cycle>, cap: usize) -> bool {
        for cycle in found {
            if self.cycles.len() >= cap {
                return true;
            }
            for &e in &cycle.edges {
                self.edges[e as usize] = true;
            }
            for b in cycle.upper.iter().chain(cycle.lower.iter()) {
                self.bounds[*b as usize] = true;
            }
            self.cycles.push(cycle);
        }
        false
    }
}

/// What one round found.
enum Round {
    /// No contradiction: the latest and earliest time of every point.
    Consistent(Times),
    /// Contradictions to set aside before the next round.
    Contradictions(Vec<Cycle>),
}

/// Latest and earliest times per point (`INF` and `Seconds::MIN` where
/// unbounded).
struct Times {
    latest: Vec<Seconds>,
    earliest: Vec<Seconds>,
}

/// One round: negative cycles inside blocks first; if none, propagate the
/// absolute bounds and look for points whose bounds clash.
fn round(graph: &Graph<'_>, domains: &Domains, budget: usize) -> Round {
    let found = graph.negative_cycles(budget);
    if !found.is_empty() {
        return Round::Contradictions(found);
    }
    let (latest, lpred) = graph.propagate(&domains.upper, true);
    let (neg_earliest, epred) = graph.propagate(&domains.lower_negated, false);
    let found = graph.clashes(domains, &latest, &lpred, &neg_earliest, &epred, budget);
    if !found.is_empty() {
        return Round::Contradictions(found);
    }
    Round::Consistent(Times {
        latest,
        earliest: unnegate(neg_earliest),
    })
}

/// Earliest times from their negated labels: `INF` (no label) becomes
/// `Seconds::MIN` (unbounded).
fn unnegate(neg: Vec<Seconds>) -> Vec<Seconds> {
    neg.into_iter()
        .map(|v| if v == INF { Seconds::MIN } else { -v })
        .collect()
}

/// The consistent network's final bounds: components, the pins `pin`
/// chooses for floating ones (bounds are solved again with them when there
/// are any), and one schedule.
fn settle(
    graph: &Graph<'_>,
    domains: &Domains,
    times: Times,
    set_aside: SetAside,
    pin: impl Fn(&[u32], &[bool]) -> Vec<(u32, Seconds)>,
) -> Solution {
    let (component, anchored) = graph.components(domains);
    let pins = pin(&component, &anchored);
    let pinned;
    let (domains, times) = if pins.is_empty() {
        (domains, times)
    } else {
        // The unpinned times are replaced: free them first.
        drop(times);
        pinned = Domains::new(graph.n, graph.net, &set_aside.bounds, &pins);
        let times = Times {
            latest: graph.propagate(&pinned.upper, true).0,
            earliest: unnegate(graph.propagate(&pinned.lower_negated, false).0),
        };
        (&pinned, times)
    };
    let schedule = graph.earliest_schedule(
        domains,
        &component,
        anchored.len(),
        &times.latest,
        &times.earliest,
    );
    Solution {
        latest: times.latest,
        earliest: times.earliest,
        schedule,
        cycles: set_aside.cycles,
        truncated: false,
        edge_disabled: set_aside.edges,
        bound_disabled: set_aside.bounds,
        component,
        component_anchored: anchored,
    }
}

/// After the cap: solve with only what is provably consistent. Every point
/// keeps its own absolute bounds only where they do not clash.
fn finish_truncated(net: &Network, set_aside: SetAside) -> Solution {
    let n = net.point_count();
    // Keep only the implicit start-before-end edges: always consistent with
    // any single-point bounds that are themselves consistent.
    let only_implicit: Vec<bool> = net
        .edges
        .iter()
        .map(|e| !matches!(e.source, crate::engine::network::Source::Implicit { .. }))
        .collect();
    let graph = Graph::new(net, &only_implicit);
    let domains = Domains::new(n, net, &set_aside.bounds, &[]);
    let (mut l, _) = graph.propagate(&domains.upper, true);
    let (mut e, _) = graph.propagate(&domains.lower_negated, false);
    // Any remaining clash: drop that point's bounds.
    for p in 0..n {
        if e[p] != INF && l[p] != INF && -e[p] > l[p] {
            e[p] = INF;
            l[p] = INF;
        }
    }
    let (component, anchored) = graph.components(&domains);
    let earliest = unnegate(e);
    let schedule = earliest
        .iter()
        .zip(&l)
        .map(|(&a, &b)| {
            if a != Seconds::MIN {
                a
            } else if b != INF {
                b
            } else {
                0
            }
        })
        .collect();
    Solution {
        latest: l,
        earliest,
        schedule,
        cycles: set_aside.cycles,
        truncated: true,
        edge_disabled: set_aside.edges,
        bound_disabled: set_aside.bounds,
        component,
        component_anchored: anchored,
    }
}

/// Tightest absolute bounds per point, with the bound that set each.
struct Domains {
    upper: Vec<Seconds>,
    upper_src: Vec<u32>,
    lower_negated: Vec<Seconds>,
    lower_src: Vec<u32>,
}

impl Domains {
    fn new(n: usize, net: &Network, disabled: &[bool], pins: &[(u32, Seconds)]) -> Domains {
        let mut d = Domains {
            upper: vec![INF; n],
            upper_src: vec![NONE; n],
            lower_negated: vec![INF; n],
            lower_src: vec![NONE; n],
        };
        for (i, b) in net.bounds.iter().enumerate() {
            if disabled[i] {
                continue;
            }
            let Bound {
                point, side, at, ..
            } = *b;
            let p = point as usize;
            match side {
                Side::Upper if at < d.upper[p] => {
                    d.upper[p] = at;
                    d.upper_src[p] = i as u32;
                }
                Side::Lower if at.saturating_neg() < d.lower_negated[p] => {
                    d.lower_negated[p] = at.saturating_neg();
                    d.lower_src[p] = i as u32;
                }
                _ => {}
            }
        }
        for &(p, at) in pins {
            d.upper[p as usize] = d.upper[p as usize].min(at);
            d.lower_negated[p as usize] = d.lower_negated[p as usize].min(-at);
        }
        d
    }
}

/// The active edges, decomposed into blocks, with per-block adjacency.
struct Graph<'n> {
    net: &'n Network,
    n: usize,
    blocks: Blocks,
    /// Active edge ids grouped by block: `block_edges[edge_off[b]..edge_off[b+1]]`.
    edge_off: Vec<u32>,
    block_edges: Vec<u32>,
    /// Active self-loops with negative weight (immediate contradictions).
    negative_loops: Vec<u32>,
    /// The blocks in top-down order over the block-cut forest (each after
    /// the block through which its parent vertex was reached), each ready
    /// to relax (see [`Step`]).
    steps: Vec<Step>,
    /// Blocks that may hold a negative cycle, by id: every block of three
    /// or more points, and the two-point blocks whose lightest edges each
    /// way sum below zero. Any other two-point block is consistent with
    /// any subset of its edges, so the cycle search never visits it.
    suspects: Vec<u32>,
    /// Working labels shared by every search over this graph.
    work: RefCell<Work>,
}

/// One block of the sweep order. Most blocks are two points joined by a
/// few edges (a scene's start and end, one relation), and for a shortest
/// path only the lightest edge each way matters, so a two-point block is
/// kept as those two edges, in sweep order: a sweep then reads one small
/// record per block in sequence instead of looking up the block's vertex
/// and edge lists and each edge in the network (on a million scenes, most
/// of the solve's time was those lookups missing the cache).
#[derive(Clone, Copy)]
struct Step {
    /// The vertex the block hangs from (the cut point towards the root of
    /// its part, or the root itself).
    parent: u32,
    /// The other vertex of a two-point block; `NONE` marks a larger block,
    /// whose id is then in `down`.
    child: u32,
    /// The lightest edge parent → child (the first of equal weights, as a
    /// pass over the block's edges would pick), or `NONE`.
    down: u32,
    /// The lightest edge child → parent, or `NONE`.
    up: u32,
    /// Weight of `down` (meaningless when `down` is `NONE`).
    down_weight: Seconds,
    /// Weight of `up`.
    up_weight: Seconds,
}

impl Step {
    /// The edge and weight that carry a label from the child to the parent
    /// (`towards_root`) or from the parent to the child, when labels flow
    /// along edges (`forward`) or against them.
    fn edge(&self, towards_root: bool, forward: bool) -> (u32, Seconds) {
        if towards_root == forward {
            (self.up, self.up_weight)
        } else {
            (self.down, self.down_weight)
        }
    }
}

/// Lower `labels[to]` through `edge` of `weight` from `labels[from]`, as a
/// relaxation does: only from a finite label and only if strictly better.
fn relax_edge(
    labels: &mut [Seconds],
    preds: &mut [u32],
    from: u32,
    to: u32,
    (edge, weight): (u32, Seconds),
) {
    let start = labels[from as usize];
    if edge == NONE || start == INF {
        return;
    }
    let candidate = start.saturating_add(weight);
    if candidate < labels[to as usize] {
        labels[to as usize] = candidate;
        preds[to as usize] = edge;
    }
}

/// Point-indexed working labels and a block's scratch space, allocated once
/// per graph and reused by every search over it: a solve runs up to seven
/// searches, and fresh point-sized arrays for each were a good part of the
/// memory it touched (on a million scenes, the kernel zeroing new pages
/// cost more than the searches). Only the current block's entries are ever
/// read, and each search writes those before it reads them, so nothing
/// carries over from one search to the next.
#[derive(Default)]
struct Work {
    dist: Vec<Seconds>,
    pred: Vec<u32>,
    scratch: Scratch,
}

impl Work {
    /// The labels, sized for `n` points.
    fn sized(&mut self, n: usize) -> (&mut [Seconds], &mut [u32], &mut Scratch) {
        self.dist.resize(n, INF);
        self.pred.resize(n, NONE);
        (&mut self.dist, &mut self.pred, &mut self.scratch)
    }
}

impl<'n> Graph<'n> {
    fn new(net: &'n Network, disabled: &[bool]) -> Graph<'n> {
        let n = net.point_count();
        // Distinct undirected pairs of active edges: a counting sort by the
        // smaller endpoint, then a sort of each (small) bucket.
        let mut negative_loops = Vec::new();
        let mut bucket = vec![0u32; n + 1];
        for (i, e) in net.edges.iter().enumerate() {
            if disabled[i] || e.from == e.to {
                if !disabled[i] && e.weight < 0 {
                    negative_loops.push(i as u32);
                }
                continue;
            }
            bucket[e.from.min(e.to) as usize + 1] += 1;
        }
        for i in 0..n {
            bucket[i + 1] += bucket[i];
        }
        let mut fill = bucket.clone();
        let mut keyed: Vec<(u32, u32)> = vec![(0, 0); bucket[n] as usize];
        for (i, e) in net.edges.iter().enumerate() {
            if disabled[i] || e.from == e.to {
                continue;
            }
            let a = e.from.min(e.to) as usize;
            keyed[fill[a] as usize] = (e.from.max(e.to), i as u32);
            fill[a] += 1;
        }
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut pair_of_edge: Vec<(u32, u32)> = Vec::with_capacity(keyed.len());
        for a in 0..n {
            let slice = &mut keyed[bucket[a] as usize..bucket[a + 1] as usize];
            slice.sort_unstable();
            for &(b, edge) in slice.iter() {
                if pairs.last() != Some(&(a as u32, b)) {
                    pairs.push((a as u32, b));
                }
                pair_of_edge.push((edge, pairs.len() as u32 - 1));
            }
        }
        // Only the pairs go on: free the sorting space before the
        // decomposition allocates its own.
        drop((keyed, bucket, fill));
        let blocks = blocks::decompose(n, &pairs);
        drop(pairs);
        let mut edge_off = vec![0u32; blocks.count + 1];
        for &(_, pid) in &pair_of_edge {
            edge_off[blocks.block_of_pair[pid as usize] as usize + 1] += 1;
        }
        for b in 0..blocks.count {
            edge_off[b + 1] += edge_off[b];
        }
        let mut fill = edge_off.clone();
        let mut block_edges = vec![0u32; pair_of_edge.len()];
        for &(edge, pid) in &pair_of_edge {
            let b = blocks.block_of_pair[pid as usize] as usize;
            block_edges[fill[b] as usize] = edge;
            fill[b] += 1;
        }
        // Edges now find their block through `block_edges`: free the maps
        // by pair before the steps are made.
        drop((pair_of_edge, fill));
        let mut blocks = blocks;
        blocks.block_of_pair = Vec::new();
        let mut graph = Graph {
            net,
            n,
            blocks,
            edge_off,
            block_edges,
            negative_loops,
            steps: Vec::new(),
            suspects: Vec::new(),
            work: RefCell::default(),
        };
        (graph.steps, graph.suspects) = graph.sweep_steps();
        // The steps replace the order they were made from.
        graph.blocks.order = Vec::new();
        graph
    }

    /// [`Step`]s for the blocks in their top-down order, and the
    /// blocks that may hold a negative cycle (see [`Graph::suspects`]).
    fn sweep_steps(&self) -> (Vec<Step>, Vec<u32>) {
        let mut steps = Vec::with_capacity(self.blocks.order.len());
        let mut suspects = Vec::new();
        for &(b, parent) in &self.blocks.order {
            let verts = self.blocks.vertices(b);
            let mut step = Step {
                parent,
                child: NONE,
                down: b,
                up: NONE,
                down_weight: INF,
                up_weight: INF,
            };
            if verts.len() == 2 {
                step.child = if verts[0] == parent {
                    verts[1]
                } else {
                    verts[0]
                };
                step.down = NONE;
                for &e in self.edges_of(b) {
                    let edge = self.net.edges[e as usize];
                    let (best, weight) = if edge.from == parent {
                        (&mut step.down, &mut step.down_weight)
                    } else {
                        (&mut step.up, &mut step.up_weight)
                    };
                    if *best == NONE || edge.weight < *weight {
                        *best = e;
                        *weight = edge.weight;
                    }
                }
                let negative = step.down != NONE
                    && step.up != NONE
                    && (step.down_weight as i128) + (step.up_weight as i128) < 0;
                if negative {
                    suspects.push(b);
                }
            } else {
                suspects.push(b);
            }
            steps.push(step);
        }
        suspects.sort_unstable();
        (steps, suspects)
    }

    /// The block holding active edge `edge` (for tests).
    #[cfg(test)]
    fn blocks_of_edge(&self, edge: usize) -> u32 {
        (0..self.blocks.count as u32)
            .find(|&b| self.edges_of(b).contains(&(edge as u32)))
            .unwrap_or(NONE)
    }

    fn edges_of(&self, b: u32) -> &[u32] {
        &self.block_edges
            [self.edge_off[b as usize] as usize..self.edge_off[b as usize + 1] as usize]
    }

    /// Label-correcting shortest paths inside block `b` (SPFA), from the
    /// labels already in `dist` for the block's vertices. `forward` follows
    /// edges from→to; otherwise to→from (for earliest times).
    ///
    /// Returns a vertex on a negative cycle if one is reachable.
    fn relax_block(
        &self,
        b: u32,
        dist: &mut [Seconds],
        pred: &mut [u32],
        forward: bool,
        scratch: &mut Scratch,
        skip: &[bool],
    ) -> Option<Negative> {
        let verts = self.blocks.vertices(b);
        let k = verts.len();
        if k == 2 {
            return self
                .relax_pair(b, dist, pred, forward, skip)
                .map(Negative::Vertex);
        }
        // Local adjacency of the block, built per call: the block's edges are
        // touched only here, so the work stays proportional to the block.
        scratch.build(self.net, verts, self.edges_of(b), forward);
        goldberg_radzik(verts, dist, pred, scratch, skip)
    }

    /// [`Self::relax_block`] for a block of two vertices (most blocks: a
    /// scene's start and end, a single relation). One pass over its edges
    /// settles it unless the two directions sum to a negative cycle.
    fn relax_pair(
        &self,
        b: u32,
        dist: &mut [Seconds],
        pred: &mut [u32],
        forward: bool,
        skip: &[bool],
    ) -> Option<u32> {
        let mut best = [(INF, NONE); 2];
        let v0 = self.blocks.vertices(b)[0];
        for &e in self.edges_of(b) {
            if skip.get(e as usize).copied().unwrap_or(false) {
                continue;
            }
            let edge = self.net.edges[e as usize];
            let (from, to) = if forward {
                (edge.from, edge.to)
            } else {
                (edge.to, edge.from)
            };
            let slot = usize::from(from != v0);
            if edge.weight < best[slot].0 {
                best[slot] = (edge.weight, e);
            }
            let candidate = dist[from as usize].saturating_add(edge.weight);
            if dist[from as usize] != INF && candidate < dist[to as usize] {
                dist[to as usize] = candidate;
                pred[to as usize] = e;
            }
        }
        let (there, back) = (best[0], best[1]);
        if there.1 != NONE && back.1 != NONE && (there.0 as i128) + (back.0 as i128) < 0 {
            // Leave the two edges as each other's predecessors, so the cycle
            // can be read back.
            let e0 = self.net.edges[there.1 as usize];
            let (_, to0) = if forward {
                (e0.from, e0.to)
            } else {
                (e0.to, e0.from)
            };
            pred[to0 as usize] = there.1;
            pred[v0 as usize] = back.1;
            return Some(v0);
        }
        None
    }

    /// One negative cycle per block that has any, plus negative self-loops.
    fn negative_cycles(&self, budget: usize) -> Vec<Cycle> {
        let mut out: Vec<Cycle> = self
            .negative_loops
            .iter()
            .map(|&e| Cycle {
                upper: None,
                edges: vec![e],
                lower: None,
                point: None,
            })
            .collect();
        let mut work = self.work.borrow_mut();
        let (dist, pred, scratch) = work.sized(self.labelled_points());
        // Edges of cycles already found this round: the search goes on
        // without them, so one block can yield several disjoint cycles.
        let mut skip = vec![false; self.net.edges.len()];
        for &b in &self.suspects {
            while out.len() < budget {
                let verts = self.blocks.vertices(b);
                for &v in verts {
                    dist[v as usize] = 0;
                    pred[v as usize] = NONE;
                }
                let found = self.relax_block(b, dist, pred, true, scratch, &skip);
                let edges = match found {
                    None => break,
                    Some(Negative::Cycle(edges)) => Some(edges),
                    Some(Negative::Vertex(hit)) => self.cycle_through(hit, pred, verts.len()),
                };
                let Some(edges) = edges else { break };
                let total: i128 = edges
                    .iter()
                    .map(|&e| self.net.edges[e as usize].weight as i128)
                    .sum();
                if total >= 0 {
                    break;
                }
                for &e in &edges {
                    skip[e as usize] = true;
                }
                out.push(Cycle {
                    upper: None,
                    edges: canonical_rotation(edges),
                    lower: None,
                    point: None,
                });
            }
        }
        out
    }

    /// Follow predecessors from `hit` onto the cycle they must contain and
    /// return its edges in path order, if it is a real negative cycle.
    fn cycle_through(&self, hit: u32, pred: &[u32], k: usize) -> Option<Vec<u32>> {
        let mut v = hit;
        for _ in 0..=k {
            let e = pred[v as usize];
            if e == NONE {
                return None;
            }
            v = self.net.edges[e as usize].from;
        }
        // `v` is now on the predecessor cycle (k + 1 steps in a block of k
        // vertices must repeat one); walking it back to `v` takes at most k
        // edges.
        let start = v;
        let mut edges = Vec::new();
        for _ in 0..k {
            let e = pred[v as usize];
            if e == NONE {
                return None;
            }
            edges.push(e);
            v = self.net.edges[e as usize].from;
            if v == start {
                break;
            }
        }
        if v != start {
            return None;
        }
        edges.reverse();
        let total: i128 = edges
            .iter()
            .map(|&e| self.net.edges[e as usize].weight as i128)
            .sum();
        (total < 0).then_some(edges)
    }

    /// Multi-source shortest paths from the initial labels over the whole
    /// graph, block by block along the block-cut forest.
    fn propagate(&self, init: &[Seconds], forward: bool) -> (Vec<Seconds>, Vec<u32>) {
        self.propagate_from(init.to_vec(), forward)
    }

    /// How many points the working labels need: none when every block is a
    /// consistent pair (the steps relax those in place), which spares a
    /// story of two-point blocks two point-sized arrays. Every larger block
    /// is a suspect, so no suspects means no larger block.
    fn labelled_points(&self) -> usize {
        if self.suspects.is_empty() {
            0
        } else {
            self.n
        }
    }

    /// [`Self::propagate`] from labels it may overwrite.
    fn propagate_from(&self, mut sub: Vec<Seconds>, forward: bool) -> (Vec<Seconds>, Vec<u32>) {
        let mut sub_pred = vec![NONE; self.n];
        let mut work = self.work.borrow_mut();
        let (dist, pred, scratch) = work.sized(self.labelled_points());
        // Leaves to roots: what each parent vertex can learn from below.
        for step in self.steps.iter().rev() {
            let parent = step.parent;
            if step.child != NONE {
                let carry = step.edge(true, forward);
                relax_edge(&mut sub, &mut sub_pred, step.child, parent, carry);
                continue;
            }
            let b = step.down;
            for &v in self.blocks.vertices(b) {
                dist[v as usize] = sub[v as usize];
                pred[v as usize] = sub_pred[v as usize];
            }
            dist[parent as usize] = INF;
            pred[parent as usize] = NONE;
            let _ = self.relax_block(b, dist, pred, forward, scratch, &[]);
            if dist[parent as usize] < sub[parent as usize] {
                sub[parent as usize] = dist[parent as usize];
                sub_pred[parent as usize] = pred[parent as usize];
            }
        }
        // Roots to leaves: final labels, written over the subtree labels in
        // place. Top-down order settles a vertex's parent block (the
        // only block where it is not the parent) before any block hanging
        // from it, and that block is the last to read its subtree label.
        // In a two-point block the parent's final label cannot improve
        // through the child (it already holds the child's subtree label
        // plus the edge up, and the two edges make no negative cycle), so
        // only the child learns.
        for step in &self.steps {
            let parent = step.parent;
            if step.child != NONE {
                let carry = step.edge(false, forward);
                relax_edge(&mut sub, &mut sub_pred, parent, step.child, carry);
                continue;
            }
            let b = step.down;
            for &v in self.blocks.vertices(b) {
                dist[v as usize] = sub[v as usize];
                pred[v as usize] = sub_pred[v as usize];
            }
            let _ = self.relax_block(b, dist, pred, forward, scratch, &[]);
            for &v in self.blocks.vertices(b) {
                if v != parent {
                    sub[v as usize] = dist[v as usize];
                    sub_pred[v as usize] = pred[v as usize];
                }
            }
        }
        (sub, sub_pred)
    }

    /// Earliest times after flooring unbounded points at their component's
    /// earliest known time, which keeps the network consistent because the
    /// floor is no later than any point's latest time.
    fn earliest_schedule(
        &self,
        d: &Domains,
        component: &[u32],
        count: usize,
        latest: &[Seconds],
        earliest: &[Seconds],
    ) -> Vec<Seconds> {
        let mut floor = vec![INF; count];
        for p in 0..self.n {
            let c = component[p] as usize;
            if latest[p] != INF {
                floor[c] = floor[c].min(latest[p]);
            }
            if earliest[p] != Seconds::MIN {
                floor[c] = floor[c].min(earliest[p]);
            }
        }
        let mut init = d.lower_negated.clone();
        for p in 0..self.n {
            let f = floor[component[p] as usize];
            let f = if f == INF { 0 } else { f };
            init[p] = init[p].min(f.saturating_neg());
        }
        let (neg, _) = self.propagate_from(init, false);
        neg.into_iter()
            .map(|v| if v == INF { 0 } else { -v })
            .collect()
    }

    /// Points whose earliest time exceeds their latest, each explained as a
    /// simple cycle through two bounds. Several are reported per round as
    /// long as they share no edge or bound with one already taken: each is a
    /// contradiction in its own right, and a clash that shares constraints
    /// with a reported one may vanish once those are set aside, so it waits
    /// for the next round. At most `budget` are returned.
    fn clashes(
        &self,
        d: &Domains,
        latest: &[Seconds],
        lpred: &[u32],
        neg_earliest: &[Seconds],
        epred: &[u32],
        budget: usize,
    ) -> Vec<Cycle> {
        let mut used_edges = vec![false; self.net.edges.len()];
        let mut used_bounds = vec![false; self.net.bounds.len()];
        let mut out = Vec::new();
        let mut fallback = None;
        // Walking predecessor paths costs their length; cap the attempts so a
        // story with thousands of clashes stays near-linear per round.
        let mut attempts = CLASH_ATTEMPTS_PER_REPORT * budget + CLASH_ATTEMPTS_SPARE;
        for p in 0..self.n {
            let (l, e) = (latest[p], neg_earliest[p]);
            if -e <= l {
                // no clash; an unbounded side (INF) never clashes either
                continue;
            }
            if out.len() >= budget || attempts == 0 {
                break;
            }
            attempts -= 1;
            // Upper path: follow latest-time predecessors back to a bound;
            // lower path: follow earliest-time predecessors on to a bound.
            // Predecessors of a consistent network hold no cycle, so each
            // path has fewer than n edges.
            let mut walk = Vec::new();
            let mut upper_point = p as u32;
            for _ in 0..self.n {
                let e = lpred[upper_point as usize];
                if e == NONE {
                    break;
                }
                walk.push(e);
                upper_point = self.net.edges[e as usize].from;
            }
            walk.reverse();
            let mut lower_point = p as u32;
            for _ in 0..self.n {
                let e = epred[lower_point as usize];
                if e == NONE {
                    break;
                }
                walk.push(e);
                lower_point = self.net.edges[e as usize].to;
            }
            let upper = d.upper_src[upper_point as usize];
            let lower = d.lower_src[lower_point as usize];
            if upper == NONE || lower == NONE {
                continue;
            }
            let cycle = match self.simple_cycle(upper, walk.clone(), lower) {
                Some(c) => c,
                None => {
                    fallback.get_or_insert(Cycle {
                        upper: Some(upper),
                        edges: walk,
                        lower: Some(lower),
                        point: Some(p as u32),
                    });
                    continue;
                }
            };
            let shares = cycle.edges.iter().any(|&e| used_edges[e as usize])
                || cycle
                    .upper
                    .iter()
                    .chain(cycle.lower.iter())
                    .any(|&b| used_bounds[b as usize]);
            if shares {
                continue;
            }
            for &e in &cycle.edges {
                used_edges[e as usize] = true;
            }
            for &b in cycle.upper.iter().chain(cycle.lower.iter()) {
                used_bounds[b as usize] = true;
            }
            out.push(cycle);
        }
        // Every clash has a cycle behind it; should none simplify, still set
        // the first walk aside so the rounds make progress.
        if out.is_empty() {
            out.extend(fallback);
        }
        out
    }

    /// Reduce the closed walk `origin → upper bound → edges → lower bound →
    /// origin` to a simple negative cycle. The predecessor paths of the two
    /// bounds may cross; a closed walk of negative weight always contains a
    /// simple cycle of negative weight, found by cutting out repeated
    /// vertices. Linear in the walk's length.
    fn simple_cycle(&self, upper: u32, edges: Vec<u32>, lower: u32) -> Option<Cycle> {
        #[derive(Clone, Copy)]
        enum Arc {
            Upper(u32),
            Edge(u32),
            Lower(u32),
        }
        let origin = self.n as u32;
        let ub = self.net.bounds[upper as usize];
        let lb = self.net.bounds[lower as usize];
        let ends = |a: Arc| -> (u32, u32, i128) {
            match a {
                Arc::Upper(_) => (origin, ub.point, ub.at as i128),
                Arc::Lower(_) => (lb.point, origin, -(lb.at as i128)),
                Arc::Edge(e) => {
                    let edge = self.net.edges[e as usize];
                    (edge.from, edge.to, edge.weight as i128)
                }
            }
        };
        // Follow the walk, cutting out a sub-cycle whenever a vertex comes
        // back: a negative one is the answer (its vertices are distinct);
        // otherwise it is dropped and the walk goes on. Each arc is kept
        // and dropped at most once, with running weights, so this is linear.
        let arcs = std::iter::once(Arc::Upper(upper))
            .chain(edges.iter().map(|&e| Arc::Edge(e)))
            .chain(std::iter::once(Arc::Lower(lower)));
        let mut kept: Vec<Arc> = Vec::with_capacity(edges.len() + 2);
        // `weight_before[k]`: the weight of `kept[..k]`.
        let mut weight_before: Vec<i128> = vec![0];
        let mut position: HashMap<u32, usize> = HashMap::new();
        let mut negative = None;
        for a in arcs {
            let (from, _, w) = ends(a);
            if let Some(&j) = position.get(&from) {
                if weight_before[kept.len()] - weight_before[j] < 0 {
                    negative = Some(kept.split_off(j));
                    break;
                }
                for dropped in kept.drain(j..) {
                    position.remove(&ends(dropped).0);
                }
                weight_before.truncate(j + 1);
            }
            position.insert(from, kept.len());
            kept.push(a);
            weight_before.push(weight_before[kept.len() - 1] + w);
        }
        let mut walk = negative.unwrap_or(kept);
        let total: i128 = walk.iter().map(|&a| ends(a).2).sum();
        if total >= 0 {
            return None;
        }
        let mut cycle = Cycle {
            upper: None,
            edges: Vec::new(),
            lower: None,
            point: None,
        };
        // Rotate so a walk through the origin starts at the upper bound.
        if let Some(at) = walk.iter().position(|a| matches!(a, Arc::Upper(_))) {
            walk.rotate_left(at);
        }
        for a in walk {
            match a {
                Arc::Upper(b) => cycle.upper = Some(b),
                Arc::Lower(b) => {
                    cycle.lower = Some(b);
                    cycle.point = Some(lb.point);
                }
                Arc::Edge(e) => cycle.edges.push(e),
            }
        }
        if cycle.upper.is_none() {
            cycle.edges = canonical_rotation(cycle.edges);
        }
        Some(cycle)
    }

    /// Connected components over active edges, numbered by smallest point,
    /// and whether each has an absolute bound.
    ///
    /// The block-cut forest already joins each part: every block hangs from
    /// a vertex of its part, and the steps run top-down from the part's
    /// root, its smallest point. So one pass over the steps gives each
    /// point its root, and one pass over the points in order numbers the
    /// roots, a point's root coming before it (a union–find over the edges
    /// did the same work with the edges' random reads).
    fn components(&self, d: &Domains) -> (Vec<u32>, Vec<bool>) {
        // The root of each point's part, then (in place) its component.
        let mut component = vec![NONE; self.n];
        for step in &self.steps {
            let parent = step.parent;
            if component[parent as usize] == NONE {
                component[parent as usize] = parent;
            }
            let root = component[parent as usize];
            if step.child != NONE {
                component[step.child as usize] = root;
            } else {
                for &v in self.blocks.vertices(step.down) {
                    component[v as usize] = root;
                }
            }
        }
        let mut anchored = Vec::new();
        for p in 0..self.n {
            let root = component[p];
            component[p] = if root == NONE || root as usize == p {
                anchored.push(false);
                anchored.len() as u32 - 1
            } else {
                component[root as usize]
            };
            if d.upper[p] != INF || d.lower_negated[p] != INF {
                anchored[component[p] as usize] = true;
            }
        }
        (component, anchored)
    }
}

/// Label-correcting shortest paths inside one block (Goldberg–Radzik):
/// each pass finds the vertices whose labels can still improve, orders
/// everything reachable from them through edges that are tight or improving
/// by a depth-first search, and relaxes in that topological order. A chain
/// of constraints settles in one pass whatever the numbering of its points,
/// where first-in-first-out Bellman–Ford would need one pass per link. Worst
/// case O(k·m) for k vertices and m edges, like Bellman–Ford.
///
/// Negative cycles are caught as soon as the depth-first search closes a
/// cycle of tight-or-improving edges with at least one strictly improving edge
/// (its weight is the sum of the reduced costs, so it is negative); the
/// returned edges are that cycle. As a fallback, labels still improving after
/// k passes give a vertex whose predecessors lead into a negative cycle.
/// Edges marked in `skip` are ignored.
fn goldberg_radzik(
    verts: &[u32],
    dist: &mut [Seconds],
    pred: &mut [u32],
    scratch: &mut Scratch,
    skip: &[bool],
) -> Option<Negative> {
    let k = verts.len();
    let mut search = Search {
        verts,
        skip,
        state: vec![UNSEEN; k],
        depth: vec![0; k],
        order: Vec::new(),
        stack: Vec::new(),
    };
    // Labelled vertices whose edges may improve a neighbour.
    let mut active: Vec<u32> = (0..k as u32)
        .filter(|&i| search.label(dist, i) != INF)
        .collect();
    let mut passes = 0usize;
    while !active.is_empty() {
        passes += 1;
        if passes > k + 1 {
            return active.first().map(|&i| Negative::Vertex(verts[i as usize]));
        }
        if let Some(edges) = search.admissible_order(&active, dist, scratch) {
            return Some(Negative::Cycle(edges));
        }
        active.clear();
        search.relax_in_order(dist, pred, scratch, &mut active);
    }
    None
}

/// Search states of a block's vertices in one Goldberg–Radzik pass.
const UNSEEN: u8 = 0;
/// On the depth-first search stack.
const ON_STACK: u8 = 1;
/// Finished: in the postorder.
const DONE: u8 = 2;
/// Improved in this pass's relaxation, so active in the next.
const IMPROVED: u8 = 3;

/// One vertex on the depth-first search stack.
#[derive(Clone, Copy)]
struct Visit {
    /// Local vertex.
    vertex: u32,
    /// Next adjacency slot to look at.
    next: u32,
    /// The edge used to enter it (`NONE` for a root).
    entered_by: u32,
    /// Strictly improving edges on the path from the root.
    improving: u32,
}

/// What the search does after looking at the top vertex's next edges.
enum Scan {
    /// Go down an edge to a vertex not yet seen.
    Descend(Visit),
    /// A cycle of admissible edges with a strictly improving one: negative.
    Cycle(Vec<u32>),
    /// No more edges: the vertex is finished.
    Finished,
}

/// Working state of [`goldberg_radzik`] for one block.
struct Search<'a> {
    verts: &'a [u32],
    skip: &'a [bool],
    state: Vec<u8>,
    /// Stack depth of each vertex on the stack.
    depth: Vec<u32>,
    /// Postorder of the admissible graph.
    order: Vec<u32>,
    stack: Vec<Visit>,
}

impl Search<'_> {
    fn label(&self, dist: &[Seconds], i: u32) -> Seconds {
        dist[self.verts[i as usize] as usize]
    }

    fn skipped(&self, edge: u32) -> bool {
        self.skip.get(edge as usize).copied().unwrap_or(false)
    }

    /// Depth-first search over tight-or-improving edges from every active
    /// vertex that has an improving edge; the postorder, reversed, is a
    /// topological order of that admissible graph. Returns a negative
    /// cycle's edges instead if the search closes one.
    fn admissible_order(
        &mut self,
        active: &[u32],
        dist: &[Seconds],
        scratch: &Scratch,
    ) -> Option<Vec<u32>> {
        self.state.iter_mut().for_each(|s| *s = UNSEEN);
        self.order.clear();
        for &root in active {
            if self.state[root as usize] != UNSEEN {
                continue;
            }
            let droot = self.label(dist, root);
            let improving = scratch.out(root).iter().any(|&(j, w, e)| {
                !self.skipped(e) && droot.saturating_add(w) < self.label(dist, j)
            });
            if !improving {
                continue;
            }
            self.enter(Visit {
                vertex: root,
                next: scratch.adj_off[root as usize],
                entered_by: NONE,
                improving: 0,
            });
            while let Some(&top) = self.stack.last() {
                match self.scan(top, dist, scratch) {
                    Scan::Descend(visit) => self.enter(visit),
                    Scan::Cycle(edges) => {
                        self.stack.clear();
                        return Some(edges);
                    }
                    Scan::Finished => {
                        self.state[top.vertex as usize] = DONE;
                        self.order.push(top.vertex);
                        self.stack.pop();
                    }
                }
            }
        }
        None
    }

    fn enter(&mut self, visit: Visit) {
        self.state[visit.vertex as usize] = ON_STACK;
        self.depth[visit.vertex as usize] = self.stack.len() as u32;
        self.stack.push(visit);
    }

    /// Look at the top vertex's edges from where it left off, up to the
    /// first that leads somewhere new or closes a negative cycle.
    fn scan(&mut self, top: Visit, dist: &[Seconds], scratch: &Scratch) -> Scan {
        let u = top.vertex;
        let end = scratch.adj_off[u as usize + 1];
        let du = self.label(dist, u);
        let mut next = top.next;
        let mut found = Scan::Finished;
        while next < end {
            let (j, w, e) = scratch.adj[next as usize];
            next += 1;
            if self.skipped(e) {
                continue;
            }
            let reach = du.saturating_add(w);
            let dj = self.label(dist, j);
            if reach > dj || du == INF {
                continue;
            }
            let strict = u32::from(reach < dj);
            match self.state[j as usize] {
                UNSEEN => {
                    found = Scan::Descend(Visit {
                        vertex: j,
                        next: scratch.adj_off[j as usize],
                        entered_by: e,
                        improving: top.improving + strict,
                    });
                    break;
                }
                ON_STACK => {
                    // A cycle of admissible edges: negative exactly when one
                    // of its edges is strictly improving.
                    let at = self.depth[j as usize] as usize;
                    if strict > 0 || top.improving > self.stack[at].improving {
                        let mut edges: Vec<u32> =
                            self.stack[at + 1..].iter().map(|f| f.entered_by).collect();
                        edges.push(e);
                        return Scan::Cycle(edges);
                    }
                }
                _ => {}
            }
        }
        if let Some(last) = self.stack.last_mut() {
            last.next = next;
        }
        found
    }

    /// Relax every edge out of the admissible vertices in topological
    /// order; vertices whose labels improve become `active` for the next
    /// pass.
    fn relax_in_order(
        &mut self,
        dist: &mut [Seconds],
        pred: &mut [u32],
        scratch: &Scratch,
        active: &mut Vec<u32>,
    ) {
        for &u in self.order.iter().rev() {
            let du = dist[self.verts[u as usize] as usize];
            if du == INF {
                continue;
            }
            for &(j, w, edge) in scratch.out(u) {
                if self.skip.get(edge as usize).copied().unwrap_or(false) {
                    continue;
                }
                let v = self.verts[j as usize] as usize;
                let candidate = du.saturating_add(w);
                if candidate < dist[v] {
                    dist[v] = candidate;
                    pred[v] = edge;
                    if self.state[j as usize] != IMPROVED {
                        self.state[j as usize] = IMPROVED;
                        active.push(j);
                    }
                }
            }
        }
    }
}

/// How a negative cycle was found.
enum Negative {
    /// Its edges, in path order.
    Cycle(Vec<u32>),
    /// A vertex whose predecessors lead into it.
    Vertex(u32),
}

/// Rotate a cycle so it starts at its smallest edge id: the same cycle is
/// then always reported the same way.
fn canonical_rotation(mut edges: Vec<u32>) -> Vec<u32> {
    if let Some(min_at) = edges
        .iter()
        .enumerate()
        .min_by_key(|(_, &e)| e)
        .map(|(i, _)| i)
    {
        edges.rotate_left(min_at);
    }
    edges
}

/// Reused buffers for per-block relaxation.
#[derive(Default)]
struct Scratch {
    local: Vec<u32>,
    adj_off: Vec<u32>,
    adj: Vec<(u32, Seconds, u32)>,
    fill: Vec<u32>,
    count: Vec<u32>,
    queued: Vec<bool>,
}

impl Scratch {
    /// Outgoing `(local target, weight, edge)` of local vertex `i`.
    fn out(&self, i: u32) -> &[(u32, Seconds, u32)] {
        &self.adj[self.adj_off[i as usize] as usize..self.adj_off[i as usize + 1] as usize]
    }

    fn build(&mut self, net: &Network, verts: &[u32], edges: &[u32], forward: bool) {
        let k = verts.len();
        if self.local.len() < net.point_count() {
            self.local.resize(net.point_count(), NONE);
        }
        for (i, &v) in verts.iter().enumerate() {
            self.local[v as usize] = i as u32;
        }
        self.adj_off.clear();
        self.adj_off.resize(k + 1, 0);
        self.count.clear();
        self.count.resize(k, 0);
        self.queued.clear();
        self.queued.resize(k, false);
        let ends = |e: u32| {
            let edge = net.edges[e as usize];
            if forward {
                (edge.from, edge.to, edge.weight)
            } else {
                (edge.to, edge.from, edge.weight)
            }
        };
        for &e in edges {
            let (from, _, _) = ends(e);
            self.adj_off[self.local[from as usize] as usize + 1] += 1;
        }
        for i in 0..k {
            self.adj_off[i + 1] += self.adj_off[i];
        }
        self.adj.clear();
        self.adj.resize(edges.len(), (0, 0, 0));
        self.fill.clear();
        self.fill.extend_from_slice(&self.adj_off[..k]);
        for &e in edges {
            let (from, to, w) = ends(e);
            let i = self.local[from as usize] as usize;
            self.adj[self.fill[i] as usize] = (self.local[to as usize], w, e);
            self.fill[i] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::network::{Edge, Source};
    use crate::model::SceneId;

    /// A network of two scenes (points 0 to 3) with these edges
    /// `(from, to, weight)`, an upper bound at 100 on point 0 and a lower
    /// bound at 200 on point 3.
    fn net(edges: &[(u32, u32, Seconds)]) -> Network {
        let source = |i: usize| Source::Constraint {
            scene: SceneId(0),
            index: i as u32,
        };
        Network {
            rank: vec![0, 1],
            scene_of_rank: vec![SceneId(0), SceneId(1)],
            edges: edges
                .iter()
                .enumerate()
                .map(|(i, &(from, to, weight))| Edge {
                    from,
                    to,
                    weight,
                    source: source(i),
                })
                .collect(),
            bounds: vec![
                Bound {
                    point: 0,
                    side: Side::Upper,
                    at: 100,
                    source: source(100),
                },
                Bound {
                    point: 3,
                    side: Side::Lower,
                    at: 200,
                    source: source(101),
                },
            ],
            precedences: Vec::new(),
        }
    }

    #[test]
    fn components_are_the_parts_of_the_active_edges_numbered_by_smallest_point() {
        // Points 0..8: 0-1-2 a path, 3 alone, 4-5-6-4 a triangle whose
        // edge 4-6 is disabled (still joined), 7-5 joins it; a self-loop
        // on 3 joins nothing. Bounds: 100 on 0, 200 on 3 (the net's).
        let mut network = net(&[
            (1, 0, 5),
            (2, 1, 5),
            (4, 5, 1),
            (5, 6, 1),
            (6, 4, 1),
            (7, 5, 0),
            (3, 3, 0),
        ]);
        network.rank = vec![0, 1, 2, 3];
        network.scene_of_rank = (0..4).map(SceneId).collect();
        let mut disabled = vec![false; network.edges.len()];
        disabled[4] = true;
        let graph = Graph::new(&network, &disabled);
        let domains = Domains::new(8, &network, &[false, false], &[]);
        let (component, anchored) = graph.components(&domains);
        assert_eq!(component, [0, 0, 0, 1, 2, 2, 2, 2]);
        assert_eq!(anchored, [true, true, false]);
        // With the edge 5-7 off too, 7 is a part of its own, numbered
        // after the triangle's (its smallest point is 4).
        disabled[5] = true;
        let graph = Graph::new(&network, &disabled);
        let (component, anchored) = graph.components(&domains);
        assert_eq!(component, [0, 0, 0, 1, 2, 2, 2, 3]);
        assert_eq!(anchored, [true, true, false, false]);
    }

    /// `simple_cycle` over the walk of all edges in order.
    fn simple(edges: &[(u32, u32, Seconds)]) -> Option<Cycle> {
        let net = net(edges);
        let graph = Graph::new(&net, &vec![false; net.edges.len()]);
        graph.simple_cycle(0, (0..edges.len() as u32).collect(), 1)
    }

    #[test]
    fn a_simple_walk_is_its_own_cycle() {
        let cycle = simple(&[(0, 1, 10), (1, 3, 20)]).unwrap();
        assert_eq!(
            cycle,
            Cycle {
                upper: Some(0),
                edges: vec![0, 1],
                lower: Some(1),
                point: Some(3),
            }
        );
        // 100 + 10 + 90 − 200 = 0: no contradiction.
        assert_eq!(simple(&[(0, 1, 10), (1, 3, 90)]), None);
    }

    #[test]
    fn a_loop_of_no_negative_weight_is_cut_out() {
        // 0 → 1 → 2 → 1 → 3: the loop 1 → 2 → 1 weighs 5 (then 0) and goes.
        for back in [4, -1] {
            let cycle = simple(&[(0, 1, 10), (1, 2, 1), (2, 1, back), (1, 3, 20)]).unwrap();
            assert_eq!(cycle.edges, [0, 3], "loop back {back}");
            assert_eq!((cycle.upper, cycle.lower), (Some(0), Some(1)));
        }
    }

    #[test]
    fn a_negative_loop_is_the_answer() {
        // The loop 1 → 2 → 1 weighs −1: it is the contradiction, without
        // the bounds; reported from its smallest edge.
        let cycle = simple(&[(0, 1, 10), (1, 2, 1), (2, 1, -2), (1, 3, 20)]).unwrap();
        assert_eq!(
            cycle,
            Cycle {
                upper: None,
                edges: vec![1, 2],
                lower: None,
                point: None,
            }
        );
    }

    #[test]
    fn later_loops_are_weighed_from_where_they_start() {
        // A loop at 1 weighing 0 is cut; then a loop at 2 weighing −2 after
        // a prefix weighing 100 + 10 + 1: only the loop's own weight counts.
        let cycle = simple(&[
            (0, 1, 10),
            (1, 2, 1),
            (2, 1, -1),
            (1, 2, 1),
            (2, 3, 1),
            (3, 2, -3),
            (2, 3, 500),
        ])
        .unwrap();
        assert_eq!((cycle.upper, cycle.lower), (None, None));
        assert_eq!(cycle.edges, [4, 5]);
    }

    /// Two scenes' worth of points, no bounds: for the pair-block tests.
    fn bare(edges: &[(u32, u32, Seconds)]) -> Network {
        Network {
            bounds: Vec::new(),
            ..net(edges)
        }
    }

    #[test]
    fn a_pair_blames_its_first_written_edge_among_equals() {
        // Two equal constraints 0 → 1 of −5 against 1 → 0 of 3: the cycle
        // is told with the first of them, as written.
        let net = bare(&[(0, 1, -5), (0, 1, -5), (1, 0, 3)]);
        let graph = Graph::new(&net, &[false; 3]);
        let cycles = graph.negative_cycles(8);
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].edges, [0, 2]);
    }

    #[test]
    fn only_pairs_whose_two_ways_sum_below_zero_are_searched_for_cycles() {
        // Pair 0–1: −5 against 5, weight 0, consistent. Pair 2–3: −5
        // against 4, negative. One-way pair 1–2 (bridging them): never a
        // cycle, however light, even when the missing way's "no edge"
        // weight and its own would sum below zero. A larger block is
        // always searched.
        let pairs = bare(&[
            (0, 1, -5),
            (1, 0, 5),
            (2, 3, -5),
            (3, 2, 4),
            (1, 2, Seconds::MIN),
        ]);
        let graph = Graph::new(&pairs, &[false; 5]);
        let b = |edge: usize| graph.blocks_of_edge(edge);
        assert_eq!(graph.suspects, [b(2)]);
        assert_ne!(b(0), b(2));
        // Without the negative pair nothing is searched, and no working
        // labels are needed.
        let graph = Graph::new(&pairs, &[false, false, true, false, false]);
        assert!(graph.suspects.is_empty());
        assert_eq!(graph.labelled_points(), 0);
        let triangle = bare(&[(0, 1, 5), (1, 2, 5), (2, 0, 5)]);
        let graph = Graph::new(&triangle, &[false; 3]);
        assert_eq!(graph.suspects.len(), 1);
        assert_eq!(graph.labelled_points(), 4);
    }

    #[test]
    fn a_block_ties_with_its_parents_own_label_without_taking_it_over() {
        // A triangle 0-1-2 (one larger block, hanging from point 0) where
        // point 1 offers point 0 exactly the label it already has (5 + 5 =
        // 10): point 0 keeps its own label, so it has no predecessor.
        let net = bare(&[(0, 1, 20), (1, 2, 20), (2, 0, 20), (1, 0, 5)]);
        let graph = Graph::new(&net, &[false; 4]);
        let (dist, pred) = graph.propagate(&[10, 5, INF, INF], true);
        assert_eq!((dist[0], pred[0]), (10, NONE));
        assert_eq!((dist[1], pred[1]), (5, NONE));
        // One second better through point 1, and point 0 takes it.
        let (dist, pred) = graph.propagate(&[10, 4, INF, INF], true);
        assert_eq!((dist[0], pred[0]), (9, 3));
    }

    #[test]
    fn a_pair_keeps_the_first_edge_that_set_a_label() {
        // Both edges give point 1 the label 5: the first one explains it.
        let net = bare(&[(0, 1, 5), (0, 1, 5)]);
        let graph = Graph::new(&net, &[false; 2]);
        let (dist, pred) = graph.propagate(&[0, INF, INF, INF], true);
        assert_eq!((dist[1], pred[1]), (5, 0));
        assert_eq!(pred[0], NONE);
    }

    #[test]
    fn a_pair_of_weight_zero_leaves_its_predecessors_alone() {
        // A scene of exactly 5 s: 0 → 1 is 5 and 1 → 0 is −5, a cycle of
        // weight 0. Point 0's label is its own, so it has no predecessor;
        // point 1's comes from 0.
        let net = bare(&[(0, 1, 5), (1, 0, -5)]);
        let graph = Graph::new(&net, &[false; 2]);
        let (dist, pred) = graph.propagate(&[0, INF, INF, INF], true);
        assert_eq!(dist[..2], [0, 5]);
        assert_eq!(pred[..2], [NONE, 0]);
        assert!(graph.negative_cycles(8).is_empty());
        // One second shorter the other way round: −1, a contradiction.
        let net = bare(&[(0, 1, 5), (1, 0, -6)]);
        let graph = Graph::new(&net, &[false; 2]);
        assert_eq!(graph.negative_cycles(8).len(), 1);
    }

    #[test]
    fn a_pair_of_weight_zero_keeps_the_predecessor_from_below() {
        // Point 1 learns its label 3 from point 2 (edge 2); points 0 and 1
        // are a scene of exactly 5 s (edges 0 and 1, a cycle of weight 0).
        // Point 1's label is explained by edge 2, not by the cycle, so
        // reading predecessors back from 1 reaches the source 2.
        let net = bare(&[(0, 1, 5), (1, 0, -5), (2, 1, 3)]);
        let graph = Graph::new(&net, &[false; 3]);
        let (dist, pred) = graph.propagate(&[INF, INF, 0, INF], true);
        assert_eq!(dist[..3], [-2, 3, 0]);
        assert_eq!(pred[..3], [1, 2, NONE]);
    }

    #[test]
    fn negative_cycles_stop_at_the_budget() {
        // Two pairs, each a negative cycle of its own.
        let net = bare(&[(0, 1, -1), (1, 0, 0), (2, 3, -1), (3, 2, 0)]);
        let graph = Graph::new(&net, &[false; 4]);
        assert_eq!(graph.negative_cycles(8).len(), 2);
        assert_eq!(graph.negative_cycles(2).len(), 2);
        assert_eq!(graph.negative_cycles(1).len(), 1);
        assert!(graph.negative_cycles(0).is_empty());
    }

    #[test]
    fn cycle_through_reads_back_a_cycle_of_every_vertex_and_rejects_a_path() {
        // A triangle 0 → 1 → 2 → 0 of weight −1, as predecessors.
        let net = bare(&[(0, 1, -1), (1, 2, 0), (2, 0, 0), (0, 3, 0)]);
        let graph = Graph::new(&net, &[false; 4]);
        let pred = [2, 0, 1, NONE];
        let mut edges = graph.cycle_through(0, &pred, 3).expect("the triangle");
        edges.sort_unstable();
        assert_eq!(edges, [0, 1, 2]);
        // Predecessors that end at a source hold no cycle.
        assert_eq!(graph.cycle_through(3, &[NONE, NONE, NONE, 3], 3), None);
        // A cycle longer than the block claims is no cycle of the block.
        assert_eq!(graph.cycle_through(0, &pred, 2), None);
        // A triangle of weight 0 is no contradiction.
        let net = bare(&[(0, 1, 0), (1, 2, 0), (2, 0, 0)]);
        let graph = Graph::new(&net, &[false; 3]);
        assert_eq!(graph.cycle_through(0, &pred, 3), None);
    }

    /// A network of `points` points (rounded up to whole scenes) in which
    /// each `(first, len)` chain of points is tied at equal times (edges of
    /// weight 0 both ways) with a latest time of 100 at its first point and
    /// an earliest time of 200 at its last: every point of a chain clashes,
    /// all through the one cycle of its chain.
    fn clash_chains(points: u32, chains: &[(u32, u32)]) -> Network {
        let mut edges = Vec::new();
        let mut bounds = Vec::new();
        for &(first, len) in chains {
            for p in first..first + len - 1 {
                edges.push((p, p + 1, 0));
                edges.push((p + 1, p, 0));
            }
            bounds.push((first, Side::Upper, 100));
            bounds.push((first + len - 1, Side::Lower, 200));
        }
        let scenes = points.div_ceil(2);
        Network {
            rank: (0..scenes).collect(),
            scene_of_rank: (0..scenes).map(SceneId).collect(),
            bounds: bounds
                .iter()
                .enumerate()
                .map(|(i, &(point, side, at))| Bound {
                    point,
                    side,
                    at,
                    source: Source::Constraint {
                        scene: SceneId(0),
                        index: 100 + i as u32,
                    },
                })
                .collect(),
            ..bare(&edges)
        }
    }

    /// How many contradictions one round reports with `budget`.
    fn reported(net: &Network, budget: usize) -> usize {
        contradictions(net, budget).len()
    }

    /// The contradictions one round reports with `budget` (none when the
    /// round is consistent).
    fn contradictions(net: &Network, budget: usize) -> Vec<Cycle> {
        let graph = Graph::new(net, &vec![false; net.edges.len()]);
        let domains = Domains::new(net.point_count(), net, &vec![false; net.bounds.len()], &[]);
        match round(&graph, &domains, budget) {
            Round::Contradictions(found) => found,
            Round::Consistent(_) => Vec::new(),
        }
    }

    #[test]
    fn a_round_reports_clashes_up_to_its_budget() {
        let net = clash_chains(4, &[(0, 2), (2, 2)]);
        assert_eq!(reported(&net, 1), 1);
        assert_eq!(reported(&net, 2), 2);
        assert_eq!(reported(&net, 8), 2);
    }

    #[test]
    fn a_clash_is_told_from_bound_to_bound_either_way_round() {
        // Latest 100 at point 0, earliest 200 at point 2: the clash runs
        // along 0 → 1 → 2 and is told at the earliest-time bound's point.
        let net = clash_chains(4, &[(0, 3)]);
        assert_eq!(
            contradictions(&net, 1),
            [Cycle {
                upper: Some(0),
                edges: vec![0, 2],
                lower: Some(1),
                point: Some(2),
            }]
        );
        // The bounds the other way round: latest 100 at point 2, earliest
        // 200 at point 0: the clash runs back along 2 → 1 → 0.
        let mut net = net;
        net.bounds[0].point = 2;
        net.bounds[1].point = 0;
        assert_eq!(
            contradictions(&net, 1),
            [Cycle {
                upper: Some(0),
                edges: vec![3, 1],
                lower: Some(1),
                point: Some(0),
            }]
        );
    }

    #[test]
    fn clashes_that_share_a_bound_wait_for_the_next_round() {
        // One latest time (100 at point 0) against two earliest times (200
        // at points 1 and 2), by two edges: two clashes sharing the bound
        // but no edge. One is reported this round; the other may vanish
        // once the first is set aside.
        let mut net = clash_chains(4, &[(0, 2)]);
        net.edges.truncate(1);
        net.edges.push(Edge {
            from: 0,
            to: 2,
            weight: 0,
            source: net.edges[0].source,
        });
        let mut second = net.bounds[1];
        second.point = 2;
        net.bounds.push(second);
        assert_eq!(reported(&net, 2), 1);
    }

    #[test]
    fn a_round_stops_after_its_attempts_at_clashes() {
        // With a budget of 2, a round looks at 4 × 2 + 16 = 24 clashing
        // points. The first chain's first point is reported, the rest of
        // the chain shares its cycle; the second chain is reached only if
        // the first chain has at most 23 points.
        let attempts = CLASH_ATTEMPTS_PER_REPORT * 2 + CLASH_ATTEMPTS_SPARE;
        assert_eq!(attempts, 24);
        let within = clash_chains(26, &[(0, 23), (23, 2)]);
        assert_eq!(reported(&within, 2), 2);
        let beyond = clash_chains(26, &[(0, 24), (24, 2)]);
        assert_eq!(reported(&beyond, 2), 1);
        // A larger budget looks further.
        assert_eq!(reported(&beyond, 3), 2);
    }

    /// The depth-first search of a pass closes a negative cycle as soon as
    /// it meets one (rather than after k passes of labels still falling).
    #[test]
    fn goldberg_radzik_closes_a_negative_cycle_in_its_first_pass() {
        for weights in [[-1, -1, -1], [-3, 1, 1], [1, 1, -3]] {
            let net = net(&[(0, 1, weights[0]), (1, 2, weights[1]), (2, 0, weights[2])]);
            let verts = [0, 1, 2];
            let mut scratch = Scratch::default();
            scratch.build(&net, &verts, &[0, 1, 2], true);
            let mut dist = [0, 0, 0, INF];
            let mut pred = [NONE; 4];
            match goldberg_radzik(&verts, &mut dist, &mut pred, &mut scratch, &[]) {
                Some(Negative::Cycle(mut edges)) => {
                    edges.sort_unstable();
                    assert_eq!(edges, [0, 1, 2], "{weights:?}");
                    // Every edge improves from all-zero labels: found in
                    // the first search, before any label was relaxed.
                    if weights == [-1, -1, -1] {
                        assert_eq!(dist[..3], [0, 0, 0]);
                    }
                }
                Some(Negative::Vertex(v)) => panic!("{weights:?}: found late, at {v}"),
                None => panic!("{weights:?}: not found"),
            }
        }
        // A cycle of weight 0 is no contradiction.
        let net = net(&[(0, 1, -1), (1, 2, 0), (2, 0, 1)]);
        let mut scratch = Scratch::default();
        scratch.build(&net, &[0, 1, 2], &[0, 1, 2], true);
        let mut dist = [0, 0, 0, INF];
        let mut pred = [NONE; 4];
        let found = goldberg_radzik(&[0, 1, 2], &mut dist, &mut pred, &mut scratch, &[]);
        assert!(found.is_none());
        assert_eq!(dist[..3], [0, -1, -1]);
    }
}
