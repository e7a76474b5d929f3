//! Centralities over a compact adjacency, matching NetworkX's definitions
//! and default normalisations (checked against NetworkX in the tests):
//!
//! | measure | NetworkX call it matches |
//! |---|---|
//! | degree | `degree_centrality(G)`: degree / (n − 1); in + out when directed |
//! | strength | `dict(G.degree(weight="weight"))`: sum of edge weights |
//! | betweenness | `betweenness_centrality(G, normalized=True)`, Brandes; weighted with `weight="cost"`, cost = 1/weight |
//! | closeness | `closeness_centrality(G)` (hop distances, Wasserman–Faust scaling for disconnected graphs; incoming distances when directed) |
//! | harmonic | `harmonic_centrality(G)`: Σ 1/d(u, v) over u ≠ v |
//! | pagerank | `pagerank(G, alpha=0.85, weight="weight")`, dangling mass spread uniformly |
//! | eigenvector | `eigenvector_centrality(G)` (power iteration on A + I, unit Euclidean norm; in-edges when directed) |
//!
//! PageRank and eigenvector iterate to a tighter tolerance than NetworkX's
//! default (1e-13 per node instead of 1e-6), so they agree with the exact
//! fixed point rather than with one particular stopping point.

use super::adjacency::{Adjacency, Csr};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// Why a measure has no value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeasureError {
    #[error("eigenvector centrality is undefined on an empty graph")]
    EmptyGraph,
    #[error("{measure} did not converge in {iterations} iterations")]
    NoConvergence {
        /// The measure's name as the message gives it.
        measure: &'static str,
        iterations: usize,
    },
}

/// A measure `hpkg rank` computes per node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Degree,
    Strength,
    Betweenness,
    Closeness,
    Harmonic,
    PageRank,
    Eigenvector,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Degree => "degree",
            Self::Strength => "strength",
            Self::Betweenness => "betweenness",
            Self::Closeness => "closeness",
            Self::Harmonic => "harmonic",
            Self::PageRank => "pagerank",
            Self::Eigenvector => "eigenvector",
        }
    }
}

/// Computes a measure. `weighted` applies to betweenness (cost 1/weight),
/// closeness and harmonic (same cost) and eigenvector (weights as edge
/// values); PageRank and strength always use weights, as NetworkX does.
pub fn compute(adj: &Adjacency, m: Measure, weighted: bool) -> Result<Vec<f64>, MeasureError> {
    Ok(match m {
        Measure::Degree => degree(adj),
        Measure::Strength => strength(adj),
        Measure::Betweenness => betweenness(adj, weighted),
        Measure::Closeness => closeness(adj, weighted),
        Measure::Harmonic => harmonic(adj, weighted),
        Measure::PageRank => pagerank(adj, 0.85, 1e-13, 100_000)?,
        Measure::Eigenvector => eigenvector(adj, weighted, 1e-13, 100_000)?,
    })
}

pub fn degree(adj: &Adjacency) -> Vec<f64> {
    let n = adj.len();
    let s = if n > 1 { 1.0 / (n as f64 - 1.0) } else { 1.0 };
    (0..n)
        .map(|v| {
            let d = if adj.directed {
                adj.out.degree(v) + adj.inc.degree(v)
            } else {
                adj.out.degree(v)
            };
            d as f64 * s
        })
        .collect()
}

pub fn strength(adj: &Adjacency) -> Vec<f64> {
    (0..adj.len())
        .map(|v| {
            let o = adj.out.strength(v);
            if adj.directed {
                o + adj.inc.strength(v)
            } else {
                o
            }
        })
        .collect()
}

/// A min-heap entry: smallest distance first, ties broken by `T`'s order
/// (a push counter, as NetworkX's heap of tuples, or a node index).
#[derive(PartialEq)]
pub(crate) struct Min<T>(pub f64, pub T);
impl<T: Ord> Eq for Min<T> {}
impl<T: Ord> Ord for Min<T> {
    fn cmp(&self, o: &Self) -> Ordering {
        o.0.partial_cmp(&self.0)
            .unwrap_or(Ordering::Equal)
            .then_with(|| o.1.cmp(&self.1))
    }
}
impl<T: Ord> PartialOrd for Min<T> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Single-source shortest paths with predecessor lists: the visit order,
/// the predecessors and the path counts. Used where the predecessors
/// themselves are needed (weighted Brandes, path sampling).
fn sssp(adj: &Adjacency, s: usize, weighted: bool) -> (Vec<usize>, Vec<Vec<usize>>, Vec<f64>) {
    let n = adj.len();
    let mut order = Vec::with_capacity(n);
    let mut pred = vec![Vec::new(); n];
    let mut sigma = vec![0.0; n];
    sigma[s] = 1.0;
    if !weighted {
        let mut dist = vec![usize::MAX; n];
        dist[s] = 0;
        let mut q = VecDeque::from([s]);
        while let Some(v) = q.pop_front() {
            order.push(v);
            for &w in adj.out.targets(v) {
                let w = w as usize;
                if dist[w] == usize::MAX {
                    dist[w] = dist[v] + 1;
                    q.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                    pred[w].push(v);
                }
            }
        }
    } else {
        let mut done = vec![false; n];
        let mut seen = vec![f64::INFINITY; n];
        let mut heap = BinaryHeap::new();
        let mut counter = 0;
        seen[s] = 0.0;
        heap.push(Min(0.0, (counter, s, s)));
        while let Some(Min(d, (_, p, v))) = heap.pop() {
            if done[v] {
                continue;
            }
            sigma[v] += sigma[p] * if p == v { 0.0 } else { 1.0 };
            order.push(v);
            done[v] = true;
            for (w, wt) in adj.out.iter(v) {
                let vw = d + 1.0 / wt;
                if !done[w] && vw < seen[w] {
                    seen[w] = vw;
                    counter += 1;
                    heap.push(Min(vw, (counter, v, w)));
                    sigma[w] = 0.0;
                    pred[w] = vec![v];
                } else if vw == seen[w] {
                    sigma[w] += sigma[v];
                    pred[w].push(v);
                }
            }
        }
    }
    (order, pred, sigma)
}

/// Per-thread buffers for breadth-first searches, reused from source to
/// source: only the nodes a search reached are reset, so a search costs
/// what it visits, not the size of the graph.
struct Bfs {
    /// Hops from the source; `u32::MAX` when not reached.
    dist: Vec<u32>,
    /// Number of shortest paths from the source.
    sigma: Vec<f64>,
    /// Brandes's (1 + δ) / σ, once final.
    coef: Vec<f64>,
    /// Nodes in the order reached (also the queue).
    order: Vec<u32>,
}

impl Bfs {
    fn new(n: usize) -> Self {
        Self {
            dist: vec![u32::MAX; n],
            sigma: vec![0.0; n],
            coef: vec![0.0; n],
            order: Vec::with_capacity(n),
        }
    }

    /// Breadth-first search from `s`, counting shortest paths.
    fn search(&mut self, g: &Csr, s: usize) {
        for &v in &self.order {
            let v = v as usize;
            self.dist[v] = u32::MAX;
            self.sigma[v] = 0.0;
        }
        self.order.clear();
        self.order.push(s as u32);
        self.dist[s] = 0;
        self.sigma[s] = 1.0;
        let mut head = 0;
        while head < self.order.len() {
            let v = self.order[head] as usize;
            head += 1;
            let next = self.dist[v] + 1;
            let sv = self.sigma[v];
            for &w in g.targets(v) {
                let w = w as usize;
                if self.dist[w] == u32::MAX {
                    self.dist[w] = next;
                    self.order.push(w as u32);
                }
                if self.dist[w] == next {
                    self.sigma[w] += sv;
                }
            }
        }
    }

    /// Brandes's accumulation after [`Bfs::search`] from `s`, added into
    /// `bc`. It walks the successors rather than stored predecessors:
    /// δ(v) = σ(v) Σ over successors w of (1 + δ(w)) / σ(w).
    fn accumulate(&mut self, g: &Csr, s: usize, bc: &mut [f64]) {
        for &v in self.order.iter().rev() {
            let v = v as usize;
            let next = self.dist[v] + 1;
            let mut sum = 0.0;
            for &w in g.targets(v) {
                let w = w as usize;
                if self.dist[w] == next {
                    sum += self.coef[w];
                }
            }
            let delta = self.sigma[v] * sum;
            self.coef[v] = (1.0 + delta) / self.sigma[v];
            if v != s {
                bc[v] += delta;
            }
        }
    }
}

/// Brandes's accumulation from one source into `bc`, weighted case.
fn accumulate_weighted(adj: &Adjacency, s: usize, bc: &mut [f64]) {
    let n = adj.len();
    let (order, pred, sigma) = sssp(adj, s, true);
    let mut delta = vec![0.0; n];
    for &w in order.iter().rev() {
        let coeff = (1.0 + delta[w]) / sigma[w];
        for &v in &pred[w] {
            delta[v] += sigma[v] * coeff;
        }
        if w != s {
            bc[w] += delta[w];
        }
    }
}

/// Sources per parallel task. Fixed, so the order of floating-point sums,
/// and so the result, does not depend on the number of threads.
const CHUNK: usize = 32;

/// Chunks computed before their totals are folded in: bounds the memory of
/// the partial totals (WAVE × n) whatever the graph's size.
const WAVE: usize = 64;

/// Sums, over every source `s`, what `add(state, s, totals)` adds to
/// per-node totals: in parallel (rayon) over fixed chunks of sources, each
/// chunk with its own `init()` state (search buffers), the chunks' totals
/// then added in chunk order, so the result does not depend on the number
/// of threads.
fn sum_over_sources<S>(
    n: usize,
    init: impl Fn() -> S + Sync,
    add: impl Fn(&mut S, usize, &mut [f64]) + Sync,
) -> Vec<f64> {
    use rayon::prelude::*;
    let sources: Vec<usize> = (0..n).collect();
    let mut totals = vec![0.0; n];
    for wave in sources.chunks(CHUNK * WAVE) {
        let partial: Vec<Vec<f64>> = wave
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut state = init();
                let mut part = vec![0.0; n];
                for &s in chunk {
                    add(&mut state, s, &mut part);
                }
                part
            })
            .collect();
        for p in partial {
            for (t, x) in totals.iter_mut().zip(p) {
                *t += x;
            }
        }
    }
    totals
}

/// Brandes betweenness, normalised as NetworkX does, in parallel over
/// sources (rayon).
pub fn betweenness(adj: &Adjacency, weighted: bool) -> Vec<f64> {
    let n = adj.len();
    let mut bc = if weighted {
        sum_over_sources(n, || (), |_, s, bc| accumulate_weighted(adj, s, bc))
    } else {
        sum_over_sources(
            n,
            || Bfs::new(n),
            |bfs, s, bc| {
                bfs.search(&adj.out, s);
                bfs.accumulate(&adj.out, s, bc);
            },
        )
    };
    if n > 2 {
        let scale = 1.0 / ((n as f64 - 1.0) * (n as f64 - 2.0));
        for b in &mut bc {
            *b *= scale;
        }
    }
    bc
}

/// Approximate betweenness by sampling shortest paths (Riondato and
/// Kornaropoulos, 2016), on NetworkX's normalisation.
///
/// It samples r = ⌈(c/ε²)(⌊log₂(VD − 2)⌋ + 1 + ln(1/δ))⌉ node pairs (c = 0.5,
/// VD an upper bound on the vertex diameter), draws one shortest path per
/// pair uniformly, and credits its inner nodes. With probability at least
/// 1 − δ every node's estimate is within ε · n/(n − 2) of its exact value
/// (ε bounds the error of betweenness normalised by n(n − 1), which
/// NetworkX's normalisation scales by n/(n − 2)). Returns the estimates and
/// the number of samples.
pub fn betweenness_approx(
    adj: &Adjacency,
    weighted: bool,
    epsilon: f64,
    delta: f64,
    seed: u64,
) -> (Vec<f64>, usize) {
    let n = adj.len();
    if n < 3 {
        return (vec![0.0; n], 0);
    }
    let mut rng = crate::rng::SplitMix::new(seed);
    // Vertex diameter bound: twice the largest hop eccentricity seen from a
    // few nodes, plus one (exact enough for the bound's logarithm).
    let mut vd = 0usize;
    for _ in 0..4 {
        let s = rng.below(n);
        let d = distances(adj, s, false);
        let ecc = d.iter().flatten().fold(0.0f64, |m, x| m.max(*x)) as usize;
        vd = vd.max(2 * ecc + 1);
    }
    let vd = vd.max(3) as f64;
    let c = 0.5;
    let r = ((c / (epsilon * epsilon)) * ((vd - 2.0).log2().floor() + 1.0 + (1.0 / delta).ln()))
        .ceil() as usize;
    let mut est = vec![0.0; n];
    for _ in 0..r {
        let u = rng.below(n);
        let mut v = rng.below(n - 1);
        if v >= u {
            v += 1;
        }
        let (_, pred, sigma) = sssp(adj, u, weighted);
        if sigma[v] == 0.0 {
            continue; // unreachable: no path to credit
        }
        // Walk back from v, choosing each predecessor with probability
        // proportional to its number of shortest paths.
        let mut w = v;
        while w != u {
            let total: f64 = pred[w].iter().map(|&p| sigma[p]).sum();
            let mut x = rng.unit() * total;
            let mut next = pred[w][0];
            for &p in &pred[w] {
                if x < sigma[p] {
                    next = p;
                    break;
                }
                x -= sigma[p];
            }
            if next != u {
                est[next] += 1.0 / r as f64;
            }
            w = next;
        }
    }
    let scale = n as f64 / (n as f64 - 2.0);
    for e in &mut est {
        *e *= scale;
    }
    (est, r)
}

/// Distances from `s` (hops, or summed cost 1/weight); `None` if unreachable.
pub fn distances(adj: &Adjacency, s: usize, weighted: bool) -> Vec<Option<f64>> {
    let n = adj.len();
    let mut dist = vec![None; n];
    if !weighted {
        let mut bfs = Bfs::new(n);
        bfs.search(&adj.out, s);
        for &v in &bfs.order {
            dist[v as usize] = Some(f64::from(bfs.dist[v as usize]));
        }
    } else {
        let mut heap = BinaryHeap::new();
        let mut best = vec![f64::INFINITY; n];
        best[s] = 0.0;
        heap.push(Min(0.0, (0, s)));
        let mut counter = 0;
        while let Some(Min(d, (_, v))) = heap.pop() {
            if dist[v].is_some() {
                continue;
            }
            dist[v] = Some(d);
            for (w, wt) in adj.out.iter(v) {
                let nd = d + 1.0 / wt;
                if dist[w].is_none() && nd < best[w] {
                    best[w] = nd;
                    counter += 1;
                    heap.push(Min(nd, (counter, w)));
                }
            }
        }
    }
    dist
}

/// Calls `f(v, d)` for every node `v` reachable from `s` with its distance
/// `d` (hops, or summed cost 1/weight), `s` itself included with 0.
fn each_distance(
    adj: &Adjacency,
    bfs: &mut Bfs,
    s: usize,
    weighted: bool,
    mut f: impl FnMut(usize, f64),
) {
    if weighted {
        for (v, d) in distances(adj, s, true).into_iter().enumerate() {
            if let Some(d) = d {
                f(v, d);
            }
        }
    } else {
        bfs.search(&adj.out, s);
        for &v in &bfs.order {
            f(v as usize, f64::from(bfs.dist[v as usize]));
        }
    }
}

/// Closeness with the Wasserman–Faust improvement, as NetworkX's default;
/// in parallel (rayon), each node's value computed on its own, so the
/// result does not depend on the number of threads. Hop distances come
/// from [`hop_sums`], 64 searches at a time.
pub fn closeness(adj: &Adjacency, weighted: bool) -> Vec<f64> {
    use rayon::prelude::*;
    let reversed;
    let g = if adj.directed {
        reversed = adj.reversed();
        &reversed
    } else {
        adj
    };
    let n = g.len();
    let score = |reached: usize, tot: f64| {
        if tot > 0.0 && n > 1 {
            let r = reached as f64 - 1.0;
            (r / tot) * (r / (n as f64 - 1.0))
        } else {
            0.0
        }
    };
    if !weighted {
        let sources: Vec<usize> = (0..n).collect();
        return sources
            .par_chunks(64)
            .flat_map_iter(|batch| hop_sums(&g.out, batch))
            .map(|(reached, tot)| score(reached, tot as f64))
            .collect();
    }
    (0..n)
        .into_par_iter()
        .map_init(
            || Bfs::new(n),
            |bfs, v| {
                let (mut reached, mut tot) = (0usize, 0.0);
                each_distance(g, bfs, v, weighted, |_, d| {
                    reached += 1;
                    tot += d;
                });
                score(reached, tot)
            },
        )
        .collect()
}

/// For each of up to 64 sources, how many nodes it reaches (itself
/// included) and the sum of their hop distances: one breadth-first search
/// for all of them, each node's 64 bits saying which searches have reached
/// it (multi-source BFS, as in Then et al., "The More the Merrier", 2014).
/// Sums of whole numbers are exact, so this gives the very values of 64
/// separate searches.
fn hop_sums(g: &Csr, sources: &[usize]) -> Vec<(usize, u64)> {
    assert!(sources.len() <= 64, "one bit per source");
    let n = g.len();
    let mut seen = vec![0u64; n];
    let mut frontier = vec![0u64; n];
    let mut next = vec![0u64; n];
    let mut out: Vec<(usize, u64)> = vec![(1, 0); sources.len()];
    for (i, &s) in sources.iter().enumerate() {
        seen[s] |= 1 << i;
        frontier[s] |= 1 << i;
    }
    let mut active: Vec<usize> = sources.to_vec();
    active.sort_unstable();
    active.dedup();
    let mut depth = 0u64;
    while !active.is_empty() {
        depth += 1;
        let mut reached = Vec::new();
        for &v in &active {
            let bits = frontier[v];
            for &w in g.targets(v) {
                let w = w as usize;
                let new = bits & !seen[w] & !next[w];
                if new != 0 {
                    if next[w] == 0 {
                        reached.push(w);
                    }
                    next[w] |= new;
                }
            }
        }
        for &v in &active {
            frontier[v] = 0;
        }
        for &w in &reached {
            let mut new = next[w];
            next[w] = 0;
            seen[w] |= new;
            frontier[w] = new;
            while new != 0 {
                let i = new.trailing_zeros() as usize;
                out[i].0 += 1;
                out[i].1 += depth;
                new &= new - 1;
            }
        }
        active = reached;
    }
    out
}

/// Harmonic centrality: Σ over u ≠ v of 1 / d(u, v), sources in parallel
/// as for [`betweenness`].
pub fn harmonic(adj: &Adjacency, weighted: bool) -> Vec<f64> {
    let n = adj.len();
    sum_over_sources(
        n,
        || Bfs::new(n),
        |bfs, u, h| {
            each_distance(adj, bfs, u, weighted, |v, d| {
                if v != u && d > 0.0 {
                    h[v] += 1.0 / d;
                }
            })
        },
    )
}

/// PageRank by power iteration over the weighted adjacency, as NetworkX's
/// `pagerank`: the same start, update and stopping rule (L1 change below
/// n · `tol`). Each iteration pulls along in-arcs, node by node in
/// parallel, so the result does not depend on the number of threads.
pub fn pagerank(
    adj: &Adjacency,
    alpha: f64,
    tol: f64,
    max_iter: usize,
) -> Result<Vec<f64>, MeasureError> {
    use rayon::prelude::*;
    let n = adj.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let nf = n as f64;
    let out_strength: Vec<f64> = (0..n).map(|v| adj.out.strength(v)).collect();
    let dangling_nodes: Vec<usize> = (0..n).filter(|&v| out_strength[v] == 0.0).collect();
    let mut x = vec![1.0 / nf; n];
    let mut last = vec![0.0; n];
    // last[v] · α / out_strength[v]: what v sends along each unit of weight.
    let mut share = vec![0.0; n];
    for _ in 0..max_iter {
        std::mem::swap(&mut x, &mut last);
        let dangling: f64 = alpha * dangling_nodes.iter().map(|&v| last[v]).sum::<f64>();
        let base = dangling / nf + (1.0 - alpha) / nf;
        for v in 0..n {
            share[v] = if out_strength[v] > 0.0 {
                alpha * last[v] / out_strength[v]
            } else {
                0.0
            };
        }
        x.par_iter_mut().enumerate().for_each(|(w, xw)| {
            let mut sum = 0.0;
            for (&v, &wt) in adj.inc.targets(w).iter().zip(adj.inc.weights(w)) {
                sum += share[v as usize] * wt;
            }
            *xw = sum + base;
        });
        let err: f64 = x.iter().zip(&last).map(|(a, b)| (a - b).abs()).sum();
        if err < nf * tol {
            return Ok(x);
        }
    }
    Err(MeasureError::NoConvergence {
        measure: "PageRank",
        iterations: max_iter,
    })
}

/// Eigenvector centrality by power iteration on A + I, as NetworkX does,
/// pulling along in-arcs in parallel like [`pagerank`].
pub fn eigenvector(
    adj: &Adjacency,
    weighted: bool,
    tol: f64,
    max_iter: usize,
) -> Result<Vec<f64>, MeasureError> {
    use rayon::prelude::*;
    let n = adj.len();
    if n == 0 {
        return Err(MeasureError::EmptyGraph);
    }
    let nf = n as f64;
    let mut x = vec![1.0 / nf; n];
    let mut last = vec![0.0; n];
    for _ in 0..max_iter {
        std::mem::swap(&mut x, &mut last);
        x.par_iter_mut().enumerate().for_each(|(w, xw)| {
            let mut sum = last[w];
            for (&v, &wt) in adj.inc.targets(w).iter().zip(adj.inc.weights(w)) {
                sum += last[v as usize] * if weighted { wt } else { 1.0 };
            }
            *xw = sum;
        });
        let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
        let norm = if norm == 0.0 { 1.0 } else { norm };
        for v in &mut x {
            *v /= norm;
        }
        let err: f64 = x.iter().zip(&last).map(|(a, b)| (a - b).abs()).sum();
        if err < nf * tol {
            return Ok(x);
        }
    }
    Err(MeasureError::NoConvergence {
        measure: "eigenvector centrality",
        iterations: max_iter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path a - b - c, undirected.
    fn path3() -> Adjacency {
        Adjacency::new(
            vec![vec![(1, 1.0)], vec![(0, 1.0), (2, 1.0)], vec![(1, 1.0)]],
            false,
        )
    }

    #[test]
    fn the_middle_of_a_path_carries_all_betweenness() {
        assert_eq!(betweenness(&path3(), false), vec![0.0, 1.0, 0.0]);
    }

    #[test]
    fn approximate_betweenness_is_within_its_bound() {
        // A star with a tail: the centre carries most paths.
        let mut out = vec![Vec::new(); 12];
        for i in 1..10 {
            out[0].push((i, 1.0));
            out[i].push((0, 1.0));
        }
        out[9].push((10, 1.0));
        out[10].push((9, 1.0));
        out[10].push((11, 1.0));
        out[11].push((10, 1.0));
        let adj = Adjacency::new(out, false);
        let exact = betweenness(&adj, false);
        let eps = 0.05;
        let (approx, r) = betweenness_approx(&adj, false, eps, 0.1, 42);
        assert!(r > 100);
        let bound = eps * 12.0 / 10.0;
        for (a, e) in approx.iter().zip(&exact) {
            assert!((a - e).abs() <= bound, "{a} vs {e}");
        }
    }

    #[test]
    fn degree_is_normalised_by_n_minus_one() {
        assert_eq!(degree(&path3()), vec![0.5, 1.0, 0.5]);
    }

    #[test]
    fn closeness_of_a_path() {
        let c = closeness(&path3(), false);
        assert!((c[0] - 2.0 / 3.0).abs() < 1e-12);
        assert!((c[1] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn closeness_from_64_searches_at_once_equals_one_search_per_node() {
        // Random graphs, directed or not, sparse enough to leave some
        // nodes unreached, with more nodes than one batch of 64.
        let mut rng = crate::rng::SplitMix::new(3);
        for directed in [false, true] {
            let n = 150;
            let mut out = vec![Vec::new(); n];
            for a in 0..n {
                for b in 0..n {
                    if a != b && (directed || a < b) && rng.chance(0.015) {
                        out[a].push((b, 1.0));
                        if !directed {
                            out[b].push((a, 1.0));
                        }
                    }
                }
            }
            let g = Adjacency::new(out, directed);
            let fast = closeness(&g, false);
            let reversed = if directed { g.reversed() } else { g.clone() };
            let one_by_one: Vec<f64> = (0..n)
                .map(|v| {
                    let d: Vec<f64> = distances(&reversed, v, false)
                        .into_iter()
                        .flatten()
                        .collect();
                    let tot: f64 = d.iter().sum();
                    let r = d.len() as f64 - 1.0;
                    if tot > 0.0 {
                        (r / tot) * (r / (n as f64 - 1.0))
                    } else {
                        0.0
                    }
                })
                .collect();
            assert_eq!(fast, one_by_one, "directed {directed}");
            assert!(fast.contains(&0.0) && fast.iter().any(|&c| c > 0.0));
        }
    }

    #[test]
    fn pagerank_sums_to_one_with_a_dangling_node() {
        let adj = Adjacency::new(vec![vec![(1, 1.0)], vec![(2, 1.0)], vec![]], true);
        let pr = pagerank(&adj, 0.85, 1e-13, 10_000).unwrap();
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(pr[2] > pr[1] && pr[1] > pr[0]);
    }

    #[test]
    fn eigenvector_of_an_empty_graph_is_an_error() {
        let e = eigenvector(&Adjacency::new(vec![], false), false, 1e-9, 10).unwrap_err();
        assert_eq!(e, MeasureError::EmptyGraph);
        assert_eq!(
            e.to_string(),
            "eigenvector centrality is undefined on an empty graph"
        );
    }

    #[test]
    fn a_measure_that_does_not_converge_says_after_how_many_iterations() {
        let e = pagerank(&path3(), 0.85, 0.0, 3).unwrap_err();
        assert_eq!(e.to_string(), "PageRank did not converge in 3 iterations");
    }
}
