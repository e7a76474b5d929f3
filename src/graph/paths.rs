//! Paths and structure: shortest and k shortest loopless paths (Yen),
//! connected components, articulation points and bridges, ego networks.

use super::adjacency::{Adjacency, Csr};
use super::measures::Min;
use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap, VecDeque};

/// A path through the graph, as node indices, with its cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub nodes: Vec<usize>,
    pub cost: f64,
}

fn edge_cost(wt: f64, weighted: bool) -> f64 {
    if weighted {
        1.0 / wt
    } else {
        1.0
    }
}

/// Dijkstra from `s` to `t` avoiding removed nodes and edges. Ties break
/// towards the smaller node index, so results are deterministic.
fn dijkstra(
    adj: &Adjacency,
    s: usize,
    t: usize,
    weighted: bool,
    removed_nodes: &BTreeSet<usize>,
    removed_edges: &BTreeSet<(usize, usize)>,
) -> Option<Path> {
    if !weighted {
        return bfs(adj, s, t, removed_nodes, removed_edges);
    }
    let n = adj.len();
    let mut dist = vec![f64::INFINITY; n];
    let mut prev = vec![usize::MAX; n];
    let mut done = vec![false; n];
    let mut heap = BinaryHeap::new();
    dist[s] = 0.0;
    heap.push(Min(0.0, s));
    while let Some(Min(d, v)) = heap.pop() {
        if done[v] {
            continue;
        }
        done[v] = true;
        if v == t {
            break;
        }
        for (w, wt) in adj.out.iter(v) {
            if removed_nodes.contains(&w) || removed_edges.contains(&(v, w)) {
                continue;
            }
            let nd = d + edge_cost(wt, weighted);
            if nd < dist[w] || (nd == dist[w] && v < prev[w] && !done[w]) {
                dist[w] = nd;
                prev[w] = v;
                heap.push(Min(nd, w));
            }
        }
    }
    if !dist[t].is_finite() {
        return None;
    }
    Some(Path {
        nodes: walk_back(&prev, s, t),
        cost: dist[t],
    })
}

/// The path from `s` to `t` along the predecessor links of a search.
fn walk_back(prev: &[usize], s: usize, t: usize) -> Vec<usize> {
    let mut nodes = vec![t];
    let mut cur = t;
    while cur != s {
        cur = prev[cur];
        nodes.push(cur);
    }
    nodes.reverse();
    nodes
}

/// The unweighted case of [`dijkstra`], with the same path: each node's
/// predecessor is the smallest-index node one hop closer to `s`, which is
/// what Dijkstra's tie-break gives (a unit test checks the two agree).
///
/// The search runs from both ends, a whole level at a time on the side
/// whose frontier has fewer arcs, and stops at the first node both sides
/// reach; a query then costs the two small balls around `s` and `t` rather
/// than everything within reach of `s`. Its buffers are kept per
/// thread and reset by the nodes touched, so nothing scales with the graph.
fn bfs(
    adj: &Adjacency,
    s: usize,
    t: usize,
    removed_nodes: &BTreeSet<usize>,
    removed_edges: &BTreeSet<(usize, usize)>,
) -> Option<Path> {
    SEARCH.with(|ws| {
        let mut ws = Resetting(ws.borrow_mut());
        ws.0.prepare(adj.len());
        ws.0.shortest(adj, s, t, removed_nodes, removed_edges)
    })
}

/// Resets the search buffers when the search ends, even by a panic (a
/// server thread lives on after one, and its next search must start
/// clean).
struct Resetting<'a>(std::cell::RefMut<'a, TwoWay>);

impl Drop for Resetting<'_> {
    fn drop(&mut self) {
        self.0.reset();
    }
}

/// One side's levels of the two-way search, kept in the thread's buffers
/// so that a query allocates nothing but its answer: level `i` holds every
/// node `i` hops from that side's end.
#[derive(Default)]
struct Levels {
    nodes: Vec<usize>,
    /// Level `i` is `nodes[start[i]..start[i + 1]]`.
    start: Vec<usize>,
}

impl Levels {
    fn reset(&mut self, end: usize) {
        self.nodes.clear();
        self.nodes.push(end);
        self.start.clear();
        self.start.extend([0, 1]);
    }
    /// Number of whole levels.
    fn count(&self) -> usize {
        self.start.len() - 1
    }
    /// Positions in `nodes` of level `i`, if it is whole.
    fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        (i < self.count()).then(|| self.start[i]..self.start[i + 1])
    }
}

/// One whole level of one side of the two-way search: labels with the next
/// depth every node one usable arc of `g` (`usable(from, to)`) from the
/// last level that this side (`mine`) has not labelled yet, adds them as a
/// level, and returns the arcs leaving them; `None` at the first node the
/// other side (`theirs`) has labelled, the meeting (the partial level is
/// dropped).
fn expand(
    g: &Csr,
    levels: &mut Levels,
    mine: &mut [u32],
    theirs: &[u32],
    touched: &mut Vec<usize>,
    usable: &impl Fn(usize, usize) -> bool,
) -> Option<usize> {
    let depth = levels.count() as u32;
    let frontier = levels.range(levels.count() - 1).expect("a last level");
    let end = frontier.end;
    let mut arcs = 0;
    for i in frontier {
        let v = levels.nodes[i];
        for &w in g.targets(v) {
            let w = w as usize;
            if mine[w] == FAR && usable(v, w) {
                mine[w] = depth;
                if theirs[w] != FAR {
                    levels.nodes.truncate(end);
                    return None;
                }
                touched.push(w);
                levels.nodes.push(w);
                arcs += g.degree(w);
            }
        }
    }
    levels.start.push(levels.nodes.len());
    Some(arcs)
}

thread_local! {
    static SEARCH: std::cell::RefCell<TwoWay> = std::cell::RefCell::new(TwoWay::default());
}

const FAR: u32 = u32::MAX;

/// Memo of a derived fact about a node: not known yet, yes, no.
const UNKNOWN: u8 = 0;
const YES: u8 = 1;
const NO: u8 = 2;

/// Buffers of the bidirectional search, kept per thread: hops from `s` and
/// to `t` (`FAR` when not reached), two memos for the walk back, and every
/// node touched, to reset.
#[derive(Default)]
struct TwoWay {
    from_s: Vec<u32>,
    to_t: Vec<u32>,
    /// Whether a node on t's side lies on a shortest path.
    on_path: Vec<u8>,
    /// Whether a node s's search did not label is `ds` hops from s.
    at_ds: Vec<u8>,
    touched: Vec<usize>,
    s_levels: Levels,
    t_levels: Levels,
}

/// Where the two searches met: `ds` hops from s, `dt` from t. The side
/// expanded last stopped at the first meeting, so its last level is only
/// partly labelled (`s_partial` says which side that was).
#[derive(Clone, Copy)]
struct Meeting {
    ds: u32,
    dt: u32,
    s_partial: bool,
}

impl TwoWay {
    fn prepare(&mut self, n: usize) {
        if self.from_s.len() != n {
            *self = Self {
                from_s: vec![FAR; n],
                to_t: vec![FAR; n],
                on_path: vec![UNKNOWN; n],
                at_ds: vec![UNKNOWN; n],
                touched: Vec::new(),
                s_levels: Levels::default(),
                t_levels: Levels::default(),
            };
        }
    }

    fn reset(&mut self) {
        for &v in &self.touched {
            self.from_s[v] = FAR;
            self.to_t[v] = FAR;
            self.on_path[v] = UNKNOWN;
            self.at_ds[v] = UNKNOWN;
        }
        self.touched.clear();
    }

    /// Whether `y` is exactly `k` hops from s (k ≤ ds). Labels are exact
    /// and complete below ds; at ds, if s's last level is partial, an
    /// unlabelled node is ds hops away iff an in-neighbour is ds − 1.
    fn at_s(
        &mut self,
        adj: &Adjacency,
        y: usize,
        k: u32,
        m: Meeting,
        open: &impl Fn(usize, usize) -> bool,
    ) -> bool {
        if self.from_s[y] != FAR || k < m.ds || !m.s_partial {
            return self.from_s[y] == k;
        }
        if self.at_ds[y] == UNKNOWN {
            let yes = adj.inc.targets(y).iter().any(|&z| {
                let z = z as usize;
                self.from_s[z] == m.ds - 1 && open(z, y)
            });
            self.at_ds[y] = if yes { YES } else { NO };
            self.touched.push(y);
        }
        self.at_ds[y] == YES
    }

    /// Whether `y`, `j` hops from t (j < dt, where labels are exact),
    /// lies on a shortest path from s: iff an in-neighbour one level
    /// further from t does; at the meeting level, iff it is ds hops from s.
    fn on_path(
        &mut self,
        adj: &Adjacency,
        y: usize,
        j: u32,
        m: Meeting,
        open: &impl Fn(usize, usize) -> bool,
    ) -> bool {
        // Depth first up the levels towards the meeting, with an explicit
        // stack (a path can be longer than a thread's stack is deep): each
        // frame is a node, its level and the next in-neighbour to try.
        let mut stack = vec![(y, j, 0usize)];
        while let Some(&mut (v, level, ref mut next)) = stack.last_mut() {
            if self.on_path[v] != UNKNOWN {
                stack.pop();
                continue;
            }
            let Some(&z) = adj.inc.targets(v).get(*next) else {
                // No in-neighbour leads to s: v is off every shortest path.
                self.on_path[v] = NO;
                stack.pop();
                continue;
            };
            *next += 1;
            let z = z as usize;
            if !open(z, v) {
                continue;
            }
            let yes = if level + 1 == m.dt {
                // z is next to a shortest-path node dt − 1 from t, so it
                // is on one iff it is ds from s.
                self.at_s(adj, z, m.ds, m, open)
            } else if self.to_t[z] != level + 1 || self.on_path[z] == NO {
                false
            } else if self.on_path[z] == YES {
                true
            } else {
                stack.push((z, level + 1, 0));
                continue;
            };
            if yes {
                // v is on a shortest path, and so is every node under it on
                // the stack: each has the next one up as an in-neighbour.
                for &(w, _, _) in &stack {
                    self.on_path[w] = YES;
                }
                return true;
            }
        }
        self.on_path[y] == YES
    }

    fn shortest(
        &mut self,
        adj: &Adjacency,
        s: usize,
        t: usize,
        removed_nodes: &BTreeSet<usize>,
        removed_edges: &BTreeSet<(usize, usize)>,
    ) -> Option<Path> {
        if s == t {
            return Some(Path {
                nodes: vec![s],
                cost: 0.0,
            });
        }
        // Whether the arc v → w may be used (Yen's spur searches remove
        // some); the first search of every query removes nothing.
        let nothing_removed = removed_nodes.is_empty() && removed_edges.is_empty();
        let open = |v: usize, w: usize| {
            nothing_removed || (!removed_nodes.contains(&w) && !removed_edges.contains(&(v, w)))
        };
        self.from_s[s] = 0;
        self.to_t[t] = 0;
        self.touched.extend([s, t]);
        self.s_levels.reset(s);
        self.t_levels.reset(t);
        // Arcs leaving each side's frontier: the work its next level costs.
        let (mut s_arcs, mut t_arcs) = (adj.out.degree(s), adj.inc.degree(t));
        // Expand a whole level of the side with fewer arcs to follow, and
        // stop at the first node both sides reach: the levels before did
        // not meet, so every meeting is ds + dt hops from end to end.
        let s_partial = loop {
            let last = |l: &Levels| l.range(l.count() - 1).expect("a last level");
            if last(&self.s_levels).is_empty() || last(&self.t_levels).is_empty() {
                return None;
            }
            if s_arcs <= t_arcs {
                let (levels, mine, theirs) = (&mut self.s_levels, &mut self.from_s, &self.to_t);
                match expand(&adj.out, levels, mine, theirs, &mut self.touched, &open) {
                    Some(arcs) => s_arcs = arcs,
                    None => break true,
                }
            } else {
                let (levels, mine, theirs) = (&mut self.t_levels, &mut self.to_t, &self.from_s);
                let back = |v, w| open(w, v);
                match expand(&adj.inc, levels, mine, theirs, &mut self.touched, &back) {
                    Some(arcs) => t_arcs = arcs,
                    None => break false,
                }
            }
        };
        // The side that met stopped one level past its last whole one.
        let (s_count, t_count) = (self.s_levels.count() as u32, self.t_levels.count() as u32);
        let (ds, dt) = if s_partial {
            (s_count, t_count - 1)
        } else {
            (s_count - 1, t_count)
        };
        let m = Meeting { ds, dt, s_partial };
        // Walk back from t: each step takes the smallest-index in-neighbour
        // one hop closer to s. On s's side the labels say which those are;
        // on t's side a node is one iff it lies on a shortest path, which
        // `on_path` works out on demand.
        let d = ds + dt;
        let mut nodes = vec![t];
        let mut x = t;
        for k in (1..=d).rev() {
            let inc = adj.inc.targets(x);
            // Candidates: x's in-neighbours (sorted, so the first that
            // qualifies is the one), or, when x is a hub and the level one
            // hop closer is whole and small, that level's nodes, each
            // looked up among x's in-neighbours.
            let on_s = k - 1 <= ds;
            let level = if on_s {
                self.s_levels.range(k as usize - 1)
            } else {
                self.t_levels.range((d - (k - 1)) as usize)
            };
            let closer = |ws: &mut Self, y: usize| {
                if on_s {
                    ws.at_s(adj, y, k - 1, m, &open)
                } else {
                    let j = d - (k - 1);
                    ws.to_t[y] == j && ws.on_path(adj, y, j, m, &open)
                }
            };
            let pick = match level {
                Some(level) if level.len() * 16 < inc.len() => {
                    let mut best: Option<usize> = None;
                    for i in level {
                        let y = if on_s {
                            self.s_levels.nodes[i]
                        } else {
                            self.t_levels.nodes[i]
                        };
                        if best.is_none_or(|b| y < b)
                            && open(y, x)
                            && inc.binary_search(&(y as u32)).is_ok()
                            && closer(self, y)
                        {
                            best = Some(y);
                        }
                    }
                    best
                }
                _ => inc
                    .iter()
                    .map(|&y| y as usize)
                    .find(|&y| open(y, x) && closer(self, y)),
            };
            x = pick.expect("a node on a shortest path has a predecessor on one");
            nodes.push(x);
        }
        debug_assert_eq!(x, s);
        nodes.reverse();
        Some(Path {
            nodes,
            cost: f64::from(d),
        })
    }
}

fn path_cost(adj: &Adjacency, nodes: &[usize], weighted: bool) -> f64 {
    nodes
        .windows(2)
        .map(|w| {
            let wt = adj
                .out
                .iter(w[0])
                .find(|x| x.0 == w[1])
                .map_or(f64::INFINITY, |x| x.1);
            edge_cost(wt, weighted)
        })
        .sum()
}

/// The `k` shortest loopless paths from `s` to `t` (Yen's algorithm), in
/// order of cost, then of node sequence. `weighted` uses cost 1/weight,
/// otherwise every hop costs 1.
pub fn k_shortest(adj: &Adjacency, s: usize, t: usize, k: usize, weighted: bool) -> Vec<Path> {
    let mut found: Vec<Path> = Vec::new();
    if s == t || k == 0 {
        return found;
    }
    let Some(first) = dijkstra(adj, s, t, weighted, &BTreeSet::new(), &BTreeSet::new()) else {
        return found;
    };
    found.push(first);
    let mut candidates: Vec<Path> = Vec::new();
    while found.len() < k {
        let last = found.last().unwrap().clone();
        for i in 0..last.nodes.len() - 1 {
            let spur = last.nodes[i];
            let root = &last.nodes[..=i];
            let mut removed_edges = BTreeSet::new();
            for p in &found {
                if p.nodes.len() > i && p.nodes[..=i] == *root {
                    let (a, b) = (p.nodes[i], p.nodes[i + 1]);
                    removed_edges.insert((a, b));
                    if !adj.directed {
                        removed_edges.insert((b, a));
                    }
                }
            }
            let removed_nodes: BTreeSet<usize> = root[..i].iter().copied().collect();
            if let Some(sp) = dijkstra(adj, spur, t, weighted, &removed_nodes, &removed_edges) {
                let mut nodes = root[..i].to_vec();
                nodes.extend(sp.nodes);
                let cost = path_cost(adj, &nodes, weighted);
                let cand = Path { nodes, cost };
                if !candidates.contains(&cand) && !found.contains(&cand) {
                    candidates.push(cand);
                }
            }
        }
        if candidates.is_empty() {
            break;
        }
        candidates.sort_by(|a, b| {
            a.cost
                .partial_cmp(&b.cost)
                .unwrap_or(Ordering::Equal)
                .then_with(|| a.nodes.len().cmp(&b.nodes.len()))
                .then_with(|| a.nodes.cmp(&b.nodes))
        });
        found.push(candidates.remove(0));
    }
    found
}

/// Connected components (weakly connected when directed), each sorted,
/// ordered by their smallest node. Returns the component of every node and
/// the components.
pub fn components(adj: &Adjacency) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n = adj.len();
    let mut comp = vec![usize::MAX; n];
    let mut comps = Vec::new();
    for s in 0..n {
        if comp[s] != usize::MAX {
            continue;
        }
        let id = comps.len();
        let mut members = vec![s];
        comp[s] = id;
        let mut q = VecDeque::from([s]);
        while let Some(v) = q.pop_front() {
            for (w, _) in adj.out.iter(v).chain(adj.inc.iter(v)) {
                if comp[w] == usize::MAX {
                    comp[w] = id;
                    members.push(w);
                    q.push_back(w);
                }
            }
        }
        members.sort();
        comps.push(members);
    }
    (comp, comps)
}

/// Undirected neighbour sets (both directions of a directed graph).
fn undirected(adj: &Adjacency) -> Vec<Vec<usize>> {
    (0..adj.len())
        .map(|v| {
            let mut ns: Vec<usize> = adj
                .out
                .iter(v)
                .chain(adj.inc.iter(v))
                .map(|x| x.0)
                .filter(|&w| w != v)
                .collect();
            ns.sort();
            ns.dedup();
            ns
        })
        .collect()
}

/// Articulation points and bridges of the undirected graph (Tarjan's
/// low-link, iteratively), both sorted.
pub fn articulation_and_bridges(adj: &Adjacency) -> (Vec<usize>, Vec<(usize, usize)>) {
    let g = undirected(adj);
    let n = g.len();
    let mut disc = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut timer = 0;
    let mut points = BTreeSet::new();
    let mut bridges = BTreeSet::new();
    for root in 0..n {
        if disc[root] != usize::MAX {
            continue;
        }
        disc[root] = timer;
        low[root] = timer;
        timer += 1;
        let mut root_children = 0;
        // Stack of (node, parent, next neighbour position).
        let mut stack = vec![(root, usize::MAX, 0usize)];
        while let Some(&mut (v, parent, ref mut pos)) = stack.last_mut() {
            if *pos < g[v].len() {
                let w = g[v][*pos];
                *pos += 1;
                if w == parent {
                    continue;
                }
                if disc[w] == usize::MAX {
                    disc[w] = timer;
                    low[w] = timer;
                    timer += 1;
                    if v == root {
                        root_children += 1;
                    }
                    stack.push((w, v, 0));
                } else {
                    low[v] = low[v].min(disc[w]);
                }
            } else {
                stack.pop();
                if let Some(&(p, _, _)) = stack.last() {
                    low[p] = low[p].min(low[v]);
                    if low[v] > disc[p] {
                        bridges.insert((p.min(v), p.max(v)));
                    }
                    if p != root && low[v] >= disc[p] {
                        points.insert(p);
                    }
                }
            }
        }
        if root_children > 1 {
            points.insert(root);
        }
    }
    (points.into_iter().collect(), bridges.into_iter().collect())
}

/// How many more components removing `v` leaves (its articulation score).
pub fn split_count(adj: &Adjacency, v: usize) -> usize {
    let g = undirected(adj);
    let mut seen = vec![false; g.len()];
    seen[v] = true;
    let mut parts: usize = 0;
    for &start in &g[v] {
        if seen[start] {
            continue;
        }
        parts += 1;
        let mut q = VecDeque::from([start]);
        seen[start] = true;
        while let Some(x) = q.pop_front() {
            for &y in &g[x] {
                if !seen[y] {
                    seen[y] = true;
                    q.push_back(y);
                }
            }
        }
    }
    parts.saturating_sub(1)
}

/// Nodes within `hops` of `center` (ignoring direction), with their
/// distance, sorted by distance then index.
pub fn ego(adj: &Adjacency, center: usize, hops: usize) -> Vec<(usize, usize)> {
    let g = undirected(adj);
    let mut dist = vec![usize::MAX; g.len()];
    dist[center] = 0;
    let mut q = VecDeque::from([center]);
    while let Some(v) = q.pop_front() {
        if dist[v] == hops {
            continue;
        }
        for &w in &g[v] {
            if dist[w] == usize::MAX {
                dist[w] = dist[v] + 1;
                q.push_back(w);
            }
        }
    }
    let mut out: Vec<(usize, usize)> = dist
        .iter()
        .enumerate()
        .filter(|(_, d)| **d != usize::MAX)
        .map(|(v, d)| (v, *d))
        .collect();
    out.sort_by_key(|&(v, d)| (d, v));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn undirected_graph(n: usize, edges: &[(usize, usize, f64)]) -> Adjacency {
        let mut out = vec![Vec::new(); n];
        for &(a, b, w) in edges {
            out[a].push((b, w));
            out[b].push((a, w));
        }
        for v in &mut out {
            v.sort_by_key(|x| x.0);
        }
        Adjacency::new(out, false)
    }

    #[test]
    fn breadth_first_paths_are_the_paths_dijkstra_picks_on_unit_weights() {
        // With every weight 1, the weighted search (cost 1/w = 1 a hop) is
        // plain Dijkstra; the unweighted one is the two-way BFS. They must
        // agree pair by pair, ties included, under Yen's removals, on dense
        // and sparse graphs (long paths meet far from both ends), directed
        // or not.
        // With `hubs`, nodes 0..hubs also link to most others, so the walk
        // back meets hubs whose neighbours outnumber a level sixteenfold.
        let mut rng = crate::rng::SplitMix::new(7);
        for (n, density, hubs, directed) in [
            (60, 0.08, 0, false),
            (60, 0.03, 0, false),
            (60, 0.05, 0, true),
            (60, 0.02, 0, true),
            (240, 0.004, 3, false),
            (240, 0.006, 3, true),
        ] {
            let mut out = vec![Vec::new(); n];
            for a in 0..n {
                for b in 0..n {
                    let p = if a < hubs || b < hubs { 0.5 } else { density };
                    if a != b && (directed || a < b) && rng.chance(p) {
                        out[a].push((b, 1.0));
                        if !directed {
                            out[b].push((a, 1.0));
                        }
                    }
                }
            }
            for v in &mut out {
                v.sort_by_key(|x| x.0);
            }
            let g = Adjacency::new(out, directed);
            let none = BTreeSet::new();
            let n = g.len();
            let cut: BTreeSet<usize> = [3, 5, 8].into();
            let cut_edges: BTreeSet<(usize, usize)> = [(0, 1), (1, 0), (2, 9)].into();
            // Every pair on the small graphs, a sample of sources on the big.
            for s in (0..n).step_by(if n > 60 { 8 } else { 1 }) {
                for t in 0..n {
                    assert_eq!(
                        dijkstra(&g, s, t, true, &none, &BTreeSet::new()),
                        dijkstra(&g, s, t, false, &none, &BTreeSet::new()),
                        "{s} → {t}, n {n}, density {density}, directed {directed}"
                    );
                    if !cut.contains(&s) {
                        assert_eq!(
                            dijkstra(&g, s, t, true, &cut, &cut_edges),
                            dijkstra(&g, s, t, false, &cut, &cut_edges),
                            "{s} → {t} with cuts, n {n}, density {density}, directed {directed}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_path_far_longer_than_the_stack_is_deep_is_found() {
        // A directed chain 0 → 1 → … where every node also points to a leaf
        // of its own: t's side is always cheaper, so the search runs from t
        // all the way to s, and the walk back works out 20,000 levels.
        let m = 20_000;
        let mut out = vec![Vec::new(); 2 * m];
        for (i, arcs) in out.iter_mut().enumerate().take(m) {
            if i + 1 < m {
                arcs.push((i + 1, 1.0));
            }
            arcs.push((m + i, 1.0));
        }
        let g = Adjacency::new(out, true);
        let found = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || k_shortest(&g, 0, m - 1, 1, false))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(found[0].nodes, (0..m).collect::<Vec<_>>());
    }

    #[test]
    fn yen_finds_the_loopless_alternatives_in_cost_order() {
        // 0-1-3 and 0-2-3, plus 0-3 directly.
        let g = undirected_graph(
            4,
            &[
                (0, 1, 1.0),
                (1, 3, 1.0),
                (0, 2, 1.0),
                (2, 3, 1.0),
                (0, 3, 1.0),
            ],
        );
        let ps = k_shortest(&g, 0, 3, 5, false);
        let nodes: Vec<Vec<usize>> = ps.iter().map(|p| p.nodes.clone()).collect();
        assert_eq!(nodes, vec![vec![0, 3], vec![0, 1, 3], vec![0, 2, 3]]);
    }

    #[test]
    fn weighted_paths_prefer_strong_ties() {
        // 0-3 is weak (weight 1, cost 1); 0-1-3 is strong (weight 4: cost 0.5).
        let g = undirected_graph(4, &[(0, 3, 1.0), (0, 1, 4.0), (1, 3, 4.0)]);
        assert_eq!(k_shortest(&g, 0, 3, 1, true)[0].nodes, vec![0, 1, 3]);
        assert_eq!(k_shortest(&g, 0, 3, 1, false)[0].nodes, vec![0, 3]);
    }

    #[test]
    fn a_cut_vertex_and_its_bridges_are_found() {
        // Triangle 0-1-2 with a tail 2-3-4.
        let g = undirected_graph(
            5,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (2, 3, 1.0),
                (3, 4, 1.0),
            ],
        );
        let (points, bridges) = articulation_and_bridges(&g);
        assert_eq!(points, vec![2, 3]);
        assert_eq!(bridges, vec![(2, 3), (3, 4)]);
        assert_eq!(split_count(&g, 2), 1);
    }

    #[test]
    fn components_and_ego_networks() {
        let g = undirected_graph(5, &[(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0)]);
        let (comp, comps) = components(&g);
        assert_eq!(comps, vec![vec![0, 1, 2], vec![3, 4]]);
        assert_ne!(comp[0], comp[3]);
        assert_eq!(ego(&g, 0, 1), vec![(0, 0), (1, 1)]);
    }
}
