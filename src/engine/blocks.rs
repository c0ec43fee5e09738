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
    /// Concatenated vertex lists.
    pub verts: Vec<u32>,
    /// Blocks in breadth-first order over the block-cut forest, each with its
    /// parent vertex (the cut point it hangs from, or its root vertex). The
    /// solve turns it into its sweep steps and frees it.
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
/// stack), then order the blocks over the block-cut forest.
pub fn decompose(n: usize, pairs: &[(u32, u32)]) -> Blocks {
    let adj = Adjacency::new(n, pairs);
    let mut disc = vec![0u32; n];
    let mut low = vec![0u32; n];
    let mut block_of_pair = vec![NONE; pairs.len()];
    let mut count = 0u32;
    let mut time = 0u32;
    let mut frames: Vec<Visit> = Vec::new();
    let mut edge_stack: Vec<u32> = Vec::new();
    for root in 0..n as u32 {
        if disc[root as usize] != 0 || adj.of(root).is_empty() {
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
                        while let Some(pid) = edge_stack.pop() {
                            block_of_pair[pid as usize] = count;
                            if pid == parent_pair {
                                break;
                            }
                        }
                        count += 1;
                    }
                }
            }
        }
    }
    let count = count as usize;
    // Vertex lists per block, deduplicated with a stamp per vertex.
    let mut offsets = vec![0u32; count + 1];
    let mut stamp = vec![NONE; n];
    let mut pairs_by_block: Vec<u32> = (0..pairs.len() as u32).collect();
    pairs_by_block.sort_unstable_by_key(|&p| block_of_pair[p as usize]);
    let mut verts = Vec::with_capacity(pairs.len() + count);
    let mut i = 0;
    for b in 0..count as u32 {
        offsets[b as usize] = verts.len() as u32;
        while i < pairs_by_block.len() && block_of_pair[pairs_by_block[i] as usize] == b {
            let (x, y) = pairs[pairs_by_block[i] as usize];
            for v in [x, y] {
                if stamp[v as usize] != b {
                    stamp[v as usize] = b;
                    verts.push(v);
                }
            }
            i += 1;
        }
    }
    offsets[count] = verts.len() as u32;
    let mut blocks = Blocks {
        block_of_pair,
        count,
        offsets,
        verts,
        order: Vec::with_capacity(count),
    };
    blocks.order = forest_order(n, &blocks);
    blocks
}

/// Breadth-first order of blocks over the block-cut forest, rooted at the
/// smallest vertex of each connected part.
fn forest_order(n: usize, blocks: &Blocks) -> Vec<(u32, u32)> {
    // Blocks of each vertex.
    let mut offsets = vec![0u32; n + 1];
    for &v in &blocks.verts {
        offsets[v as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let mut fill = offsets.clone();
    let mut of_vertex = vec![0u32; blocks.verts.len()];
    for b in 0..blocks.count as u32 {
        for &v in blocks.vertices(b) {
            of_vertex[fill[v as usize] as usize] = b;
            fill[v as usize] += 1;
        }
    }
    let mut seen_vertex = vec![false; n];
    let mut seen_block = vec![false; blocks.count];
    let mut order = Vec::with_capacity(blocks.count);
    let mut queue = std::collections::VecDeque::new();
    for root in 0..n {
        if seen_vertex[root] || offsets[root] == offsets[root + 1] {
            continue;
        }
        seen_vertex[root] = true;
        queue.push_back(root as u32);
        while let Some(v) = queue.pop_front() {
            for &b in &of_vertex[offsets[v as usize] as usize..offsets[v as usize + 1] as usize] {
                if seen_block[b as usize] {
                    continue;
                }
                seen_block[b as usize] = true;
                order.push((b, v));
                for &w in blocks.vertices(b) {
                    if !seen_vertex[w as usize] {
                        seen_vertex[w as usize] = true;
                        queue.push_back(w);
                    }
                }
            }
        }
    }
    order
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

    #[test]
    fn long_path_does_not_recurse() {
        let n = 300_000;
        let pairs: Vec<(u32, u32)> = (0..n as u32 - 1).map(|i| (i, i + 1)).collect();
        let b = decompose(n, &pairs);
        assert_eq!(b.count, n - 1);
        assert_eq!(b.order.len(), n - 1);
    }
}
