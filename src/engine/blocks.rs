//! Biconnected blocks and the block-cut forest of a network's points.
//!
//! Every cycle of the constraint graph lies inside one biconnected block, and
//! a shortest path between two points of one block never leaves it (leaving
//! through a cut point means coming back through it, a closed walk of weight
//! ≥ 0 when no cycle is negative). So bounds can be propagated block by block
//! along the block-cut forest: leaves to roots, then roots to leaves, with
//! general label-correcting work confined to each block. Realistic stories
//! decompose into many tiny blocks (a scene's start and end, a `during` pair),
//! which makes the whole solve near-linear.
//!
//! Everything here is iterative: the depth of an explicit stack, never of
//! the call stack, grows with the input.

/// An undirected multigraph over points, given as edge endpoint pairs.
pub struct Blocks {
    /// Block of each input pair (the solve frees it once its edges are
    /// grouped by block).
    pub block_of_pair: Vec<u32>,
    /// Number of blocks.
    pub count: usize,
    /// Vertices of each block: `verts[offsets[b]..offsets[b + 1]]`.
    pub offsets: Vec<u32>,
    /// Concatenated vertex lists, each in ascending order.
    pub verts: Vec<u32>,
    /// Blocks in a top-down order over the block-cut forest (each after
    /// the block through which the search first reached its parent
    /// vertex), each with its parent vertex (the cut point it hangs from,
    /// or its part's root). The solve turns it into its sweep steps and
    /// frees it.
    pub order: Vec<(u32, u32)>,
}

impl Blocks {
    /// The vertices of block `b`.
    pub fn vertices(&self, b: u32) -> &[u32] {
        &self.verts[self.offsets[b as usize] as usize..self.offsets[b as usize + 1] as usize]
    }
}

/// Compressed adjacency: for each vertex, `(neighbour, pair)` entries.
struct Adjacency {
    offsets: Vec<u32>,
    entries: Vec<(u32, u32)>,
}

impl Adjacency {
    fn new(n: usize, pairs: &[(u32, u32)]) -> Adjacency {
        let mut offsets = vec![0u32; n + 1];
        for &(a, b) in pairs {
            offsets[a as usize + 1] += 1;
            offsets[b as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut entries = vec![(0, 0); offsets[n] as usize];
        for (pid, &(a, b)) in pairs.iter().enumerate() {
            entries[fill[a as usize] as usize] = (b, pid as u32);
            fill[a as usize] += 1;
            entries[fill[b as usize] as usize] = (a, pid as u32);
            fill[b as usize] += 1;
        }
        Adjacency { offsets, entries }
    }

    fn of(&self, v: u32) -> &[(u32, u32)] {
        &self.entries[self.offsets[v as usize] as usize..self.offsets[v as usize + 1] as usize]
    }
}

/// One vertex on the depth-first search stack of [`decompose`].
struct Visit {
    vertex: u32,
    parent_pair: u32,
    next: u32,
}

const NONE: u32 = u32::MAX;

/// Decompose the graph on `n` vertices with the given distinct, loop-free
/// undirected pairs into biconnected blocks (Hopcroft–Tarjan with an edge
/// stack), and order the blocks over the block-cut forest.
///
/// Everything is learnt during the one depth-first search: a block is
/// complete when it is popped off the edge stack, so its vertex list is
/// written then, and the vertex it was popped at is the first of its
/// vertices the search reached, the one nearest the root of the block-cut
/// forest: its parent. Blocks are popped after every block below them, so
/// the reverse of the popping order is a top-down order of the forest. On a
/// million scenes, grouping the pairs by block afterwards (a sort) and a
/// breadth-first search over the forest had taken half the decomposition's
/// time.
pub fn decompose(n: usize, pairs: &[(u32, u32)]) -> Blocks {
    let adj = Adjacency::new(n, pairs);
    let mut disc = vec![0u32; n];
    let mut low = vec![0u32; n];
    let mut block_of_pair = vec![NONE; pairs.len()];
    let mut offsets = Vec::with_capacity(pairs.len() + 1);
    offsets.push(0);
    let mut found = Found {
        offsets,
        verts: Vec::with_capacity(2 * pairs.len()),
        parents: Vec::with_capacity(pairs.len()),
        stamp: vec![NONE; n],
    };
    let mut time = 0u32;
    let mut frames: Vec<Visit> = Vec::new();
    let mut edge_stack: Vec<u32> = Vec::new();
    for root in 0..n as u32 {
        // A point without pairs is a search of its own that finds no
        // block, so it needs no case of its own.
        if disc[root as usize] != 0 {
            continue;
        }
        time += 1;
        disc[root as usize] = time;
        low[root as usize] = time;
        frames.push(Visit {
            vertex: root,
            parent_pair: NONE,
            next: 0,
        });
        while let Some(frame) = frames.last_mut() {
            let v = frame.vertex;
            let neighbours = adj.of(v);
            if (frame.next as usize) < neighbours.len() {
                let (w, pid) = neighbours[frame.next as usize];
                frame.next += 1;
                if pid == frame.parent_pair {
                    continue;
                }
                if disc[w as usize] == 0 {
                    edge_stack.push(pid);
                    time += 1;
                    disc[w as usize] = time;
                    low[w as usize] = time;
                    frames.push(Visit {
                        vertex: w,
                        parent_pair: pid,
                        next: 0,
                    });
                } else if disc[w as usize] < disc[v as usize] {
                    edge_stack.push(pid);
                    low[v as usize] = low[v as usize].min(disc[w as usize]);
                }
            } else {
                let done = frames.pop().map(|f| (f.vertex, f.parent_pair));
                let (v, parent_pair) = done.unwrap_or((v, NONE));
                if let Some(parent) = frames.last() {
                    let u = parent.vertex;
                    low[u as usize] = low[u as usize].min(low[v as usize]);
                    if low[v as usize] >= disc[u as usize] {
                        let b = found.parents.len() as u32;
                        while let Some(pid) = edge_stack.pop() {
                            block_of_pair[pid as usize] = b;
                            found.pair(pairs[pid as usize]);
                            if pid == parent_pair {
                                break;
                            }
                        }
                        found.close(u);
                    }
                }
            }
        }
    }
    let count = found.parents.len();
    let order = (0..count as u32)
        .rev()
        .map(|b| (b, found.parents[b as usize]))
        .collect();
    Blocks {
        block_of_pair,
        count,
        offsets: found.offsets,
        verts: found.verts,
        order,
    }
}

/// The blocks [`decompose`] has found so far.
struct Found {
    /// Where each block's vertices start in `verts`, and one more: where
    /// the block being popped starts.
    offsets: Vec<u32>,
    verts: Vec<u32>,
    /// The parent vertex of each block.
    parents: Vec<u32>,
    /// The last block each vertex was listed in, so a block lists each of
    /// its vertices once.
    stamp: Vec<u32>,
}

impl Found {
    /// List the ends of `pair` in the block being popped.
    fn pair(&mut self, (x, y): (u32, u32)) {
        let b = self.parents.len() as u32;
        for v in [x, y] {
            if self.stamp[v as usize] != b {
                self.stamp[v as usize] = b;
                self.verts.push(v);
            }
        }
    }

    /// Close the block whose pairs were just listed, hanging from
    /// `parent`. Its vertices are put in ascending order, so the list does
    /// not depend on the order the search happened to reach them in.
    fn close(&mut self, parent: u32) {
        let start = self.offsets[self.parents.len()] as usize;
        self.verts[start..].sort_unstable();
        self.parents.push(parent);
        self.offsets.push(self.verts.len() as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangle_with_a_tail() {
        // 0-1-2-0 is one block; 2-3 a bridge; 3-4 a bridge.
        let pairs = [(0, 1), (1, 2), (0, 2), (2, 3), (3, 4)];
        let b = decompose(5, &pairs);
        assert_eq!(b.count, 3);
        assert_eq!(b.block_of_pair[0], b.block_of_pair[1]);
        assert_eq!(b.block_of_pair[1], b.block_of_pair[2]);
        assert_ne!(b.block_of_pair[2], b.block_of_pair[3]);
        assert_ne!(b.block_of_pair[3], b.block_of_pair[4]);
        assert_eq!(b.order.len(), 3);
        // Every block's parent vertex belongs to it.
        for &(block, parent) in &b.order {
            assert!(b.vertices(block).contains(&parent));
        }
    }

    /// Distinct loop-free pairs on up to 8 vertices, from a seed.
    fn random_graph(seed: u64) -> (usize, Vec<(u32, u32)>) {
        let mut rng = crate::xorshift::Xorshift(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let mut next = |below: u64| rng.below(below);
        let n = 1 + next(8) as usize;
        let mut pairs = Vec::new();
        for _ in 0..next(14) {
            let (a, b) = (next(n as u64) as u32, next(n as u64) as u32);
            let pair = (a.min(b), a.max(b));
            if a != b && !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
        (n, pairs)
    }

    /// Whether `a` reaches `b` without passing through `cut`.
    fn reaches(n: usize, pairs: &[(u32, u32)], a: u32, b: u32, cut: u32) -> bool {
        let mut seen = vec![false; n];
        let mut stack = vec![a];
        seen[a as usize] = true;
        while let Some(v) = stack.pop() {
            for &(x, y) in pairs {
                let w = if x == v {
                    y
                } else if y == v {
                    x
                } else {
                    continue;
                };
                if w != cut && !seen[w as usize] {
                    seen[w as usize] = true;
                    stack.push(w);
                }
            }
        }
        seen[b as usize]
    }

    /// Two pairs share a block exactly when no single vertex separates
    /// them (Menger: they then lie on a common cycle).
    fn same_block(n: usize, pairs: &[(u32, u32)], e: usize, f: usize) -> bool {
        let ((a, b), (c, d)) = (pairs[e], pairs[f]);
        e == f
            || (0..n as u32).all(|v| {
                let ends_e = [a, b].into_iter().filter(|&x| x != v);
                ends_e.into_iter().any(|x| {
                    [c, d]
                        .into_iter()
                        .filter(|&y| y != v)
                        .any(|y| reaches(n, pairs, x, y, v))
                })
            })
    }

    #[test]
    fn blocks_match_the_definition_on_small_graphs() {
        for seed in 0..400 {
            let (n, pairs) = random_graph(seed);
            let b = decompose(n, &pairs);
            for e in 0..pairs.len() {
                for f in 0..pairs.len() {
                    assert_eq!(
                        b.block_of_pair[e] == b.block_of_pair[f],
                        same_block(n, &pairs, e, f),
                        "seed {seed}: {pairs:?}, pairs {e} and {f}"
                    );
                }
                // A pair's block lists both its ends.
                let verts = b.vertices(b.block_of_pair[e]);
                assert!(verts.contains(&pairs[e].0) && verts.contains(&pairs[e].1));
            }
        }
    }

    #[test]
    fn blocks_come_top_down_from_each_parts_smallest_vertex() {
        for seed in 0..400 {
            let (n, pairs) = random_graph(seed);
            let b = decompose(n, &pairs);
            assert_eq!(b.order.len(), b.count, "seed {seed}");
            let mut reached = vec![false; n];
            let mut listed = vec![false; b.count];
            for &(block, parent) in &b.order {
                let verts = b.vertices(block);
                assert!(!std::mem::replace(&mut listed[block as usize], true));
                assert!(verts.windows(2).all(|w| w[0] < w[1]), "{verts:?} ascending");
                assert!(verts.contains(&parent));
                if !reached[parent as usize] {
                    // A root: the smallest vertex of its part.
                    assert!((0..parent).all(|v| !reaches(n, &pairs, v, parent, u32::MAX)));
                    reached[parent as usize] = true;
                }
                // Every other vertex of the block is reached through it
                // first: the block it hangs from came earlier.
                for &v in verts.iter().filter(|&&v| v != parent) {
                    assert!(
                        !std::mem::replace(&mut reached[v as usize], true),
                        "seed {seed}"
                    );
                }
            }
        }
    }

    #[test]
    fn long_path_does_not_recurse() {
        let n = 300_000;
        let pairs: Vec<(u32, u32)> = (0..n as u32 - 1).map(|i| (i, i + 1)).collect();
        let b = decompose(n, &pairs);
        assert_eq!(b.count, n - 1);
        assert_eq!(b.order.len(), n - 1);
    }
}
