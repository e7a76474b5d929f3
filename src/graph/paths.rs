//! Paths and structure: shortest and k shortest loopless paths (Yen),
//! connected components, articulation points and bridges, ego networks.

use super::measures::{Adjacency, Min};
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
        for &(w, wt) in &adj.out[v] {
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

/// The unweighted case of [`dijkstra`], level by level without a heap, and
/// with the same path: each node's predecessor is the smallest-index node
/// one level closer to `s`, which is what Dijkstra's tie-break gives.
fn bfs(
    adj: &Adjacency,
    s: usize,
    t: usize,
    removed_nodes: &BTreeSet<usize>,
    removed_edges: &BTreeSet<(usize, usize)>,
) -> Option<Path> {
    let n = adj.len();
    let mut level = vec![u32::MAX; n];
    let mut prev = vec![usize::MAX; n];
    level[s] = 0;
    let mut frontier = vec![s];
    let mut depth = 0;
    while !frontier.is_empty() && level[t] == u32::MAX {
        depth += 1;
        let mut next = Vec::new();
        for &v in &frontier {
            for &(w, _) in &adj.out[v] {
                if removed_nodes.contains(&w) || removed_edges.contains(&(v, w)) {
                    continue;
                }
                if level[w] == u32::MAX {
                    level[w] = depth;
                    prev[w] = v;
                    next.push(w);
                } else if level[w] == depth && v < prev[w] {
                    prev[w] = v;
                }
            }
        }
        frontier = next;
    }
    if level[t] == u32::MAX {
        return None;
    }
    Some(Path {
        nodes: walk_back(&prev, s, t),
        cost: f64::from(level[t]),
    })
}

fn path_cost(adj: &Adjacency, nodes: &[usize], weighted: bool) -> f64 {
    nodes
        .windows(2)
        .map(|w| {
            let wt = adj.out[w[0]]
                .iter()
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
            for &(w, _) in adj.out[v].iter().chain(&adj.inc[v]) {
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
            let mut ns: Vec<usize> = adj.out[v]
                .iter()
                .chain(&adj.inc[v])
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
            v.sort_by(|x, y| x.0.cmp(&y.0));
        }
        Adjacency::new(out, false)
    }

    #[test]
    fn breadth_first_paths_are_the_paths_dijkstra_picks_on_unit_weights() {
        // With every weight 1, the weighted search (cost 1/w = 1 a hop) is
        // plain Dijkstra; the unweighted one takes the BFS path. They must
        // agree pair by pair, ties included, and under Yen's removals.
        let mut rng = crate::rng::SplitMix::new(7);
        let n = 60;
        let mut edges = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                if rng.chance(0.08) {
                    edges.push((a, b, 1.0));
                }
            }
        }
        let g = undirected_graph(n, &edges);
        let none = BTreeSet::new();
        let cut: BTreeSet<usize> = [3, 5, 8].into();
        let cut_edges: BTreeSet<(usize, usize)> = [(0, 1), (1, 0), (2, 9)].into();
        for s in 0..n {
            for t in 0..n {
                assert_eq!(
                    dijkstra(&g, s, t, true, &none, &BTreeSet::new()),
                    dijkstra(&g, s, t, false, &none, &BTreeSet::new())
                );
                if !cut.contains(&s) {
                    assert_eq!(
                        dijkstra(&g, s, t, true, &cut, &cut_edges),
                        dijkstra(&g, s, t, false, &cut, &cut_edges)
                    );
                }
            }
        }
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
