//! Communities: Louvain modularity optimisation, and modularity itself
//! (NetworkX's definition, weighted, resolution γ).

use super::adjacency::Adjacency;
use std::collections::BTreeMap;

/// Modularity of a partition of an undirected weighted graph:
/// Q = Σ_c [ L_c / m − γ (d_c / 2m)² ].
pub fn modularity(adj: &Adjacency, community: &[usize], resolution: f64) -> f64 {
    let n = adj.len();
    let strength: Vec<f64> = (0..n).map(|v| adj.out.strength(v)).collect();
    let m2: f64 = strength.iter().sum();
    if m2 == 0.0 {
        return 0.0;
    }
    let mut inside: BTreeMap<usize, f64> = BTreeMap::new();
    let mut degree: BTreeMap<usize, f64> = BTreeMap::new();
    for v in 0..n {
        *degree.entry(community[v]).or_default() += strength[v];
        for (w, wt) in adj.out.iter(v) {
            if community[w] == community[v] {
                // Each internal edge is seen from both ends.
                *inside.entry(community[v]).or_default() += wt / 2.0;
            }
        }
    }
    let m = m2 / 2.0;
    degree
        .iter()
        .map(|(c, d)| inside.get(c).copied().unwrap_or(0.0) / m - resolution * (d / m2).powi(2))
        .sum()
}

/// One level's graph: neighbour weights (no self-loops) and self-loop
/// weight per node.
struct Level {
    nbrs: Vec<BTreeMap<usize, f64>>,
    selfw: Vec<f64>,
}

impl Level {
    fn strength(&self, v: usize) -> f64 {
        self.nbrs[v].values().sum::<f64>() + 2.0 * self.selfw[v]
    }
}

/// Louvain communities: community ids (0-based, numbered by their smallest
/// member) and the modularity reached. `seed` fixes the visiting order.
pub fn louvain(adj: &Adjacency, resolution: f64, threshold: f64, seed: u64) -> (Vec<usize>, f64) {
    let n = adj.len();
    let mut level = Level {
        nbrs: (0..n)
            .map(|v| {
                let mut m = BTreeMap::new();
                for (w, wt) in adj.out.iter(v) {
                    if w != v {
                        *m.entry(w).or_insert(0.0) += wt;
                    }
                }
                m
            })
            .collect(),
        selfw: vec![0.0; n],
    };
    // membership[v] = the level node that original node v belongs to.
    let mut membership: Vec<usize> = (0..n).collect();
    let mut rng = crate::rng::SplitMix::new(seed);
    let mut best_q = modularity(adj, &membership, resolution);
    loop {
        let ln = level.nbrs.len();
        let k: Vec<f64> = (0..ln).map(|v| level.strength(v)).collect();
        let m2: f64 = k.iter().sum();
        if m2 == 0.0 {
            break;
        }
        let mut com: Vec<usize> = (0..ln).collect();
        let mut tot = k.clone();
        let mut order: Vec<usize> = (0..ln).collect();
        rng.shuffle(&mut order);
        let mut moved_any = false;
        loop {
            let mut moved = false;
            for &v in &order {
                let cv = com[v];
                let mut w_to: BTreeMap<usize, f64> = BTreeMap::new();
                for (&u, &wt) in &level.nbrs[v] {
                    *w_to.entry(com[u]).or_insert(0.0) += wt;
                }
                tot[cv] -= k[v];
                let gain = |c: usize, w: f64| w - resolution * tot[c] * k[v] / m2;
                let mut best = (cv, gain(cv, w_to.get(&cv).copied().unwrap_or(0.0)));
                for (&c, &w) in &w_to {
                    let g = gain(c, w);
                    if g > best.1 + 1e-12 {
                        best = (c, g);
                    }
                }
                tot[best.0] += k[v];
                if best.0 != cv {
                    com[v] = best.0;
                    moved = true;
                    moved_any = true;
                }
            }
            if !moved {
                break;
            }
        }
        if !moved_any {
            break;
        }
        // Renumber communities and aggregate.
        let mut ids: BTreeMap<usize, usize> = BTreeMap::new();
        for &c in &com {
            let next = ids.len();
            ids.entry(c).or_insert(next);
        }
        let cn = ids.len();
        let mut next = Level {
            nbrs: vec![BTreeMap::new(); cn],
            selfw: vec![0.0; cn],
        };
        for v in 0..ln {
            let cv = ids[&com[v]];
            next.selfw[cv] += level.selfw[v];
            for (&u, &wt) in &level.nbrs[v] {
                let cu = ids[&com[u]];
                if cu == cv {
                    next.selfw[cv] += wt / 2.0;
                } else {
                    *next.nbrs[cv].entry(cu).or_insert(0.0) += wt;
                }
            }
        }
        for m in membership.iter_mut() {
            *m = ids[&com[*m]];
        }
        let q = modularity(adj, &membership, resolution);
        let improved = q - best_q > threshold;
        best_q = q;
        level = next;
        if !improved || cn == ln {
            break;
        }
    }
    // Number communities by their smallest member.
    let mut ids: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = vec![0; n];
    for v in 0..n {
        let next = ids.len();
        out[v] = *ids.entry(membership[v]).or_insert(next);
    }
    let q = modularity(adj, &out, resolution);
    (out, q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_triangles() -> Adjacency {
        let edges = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)];
        let mut out = vec![Vec::new(); 6];
        for (a, b) in edges {
            out[a].push((b, 1.0));
            out[b].push((a, 1.0));
        }
        Adjacency::new(out, false)
    }

    #[test]
    fn two_triangles_joined_by_an_edge_split_into_two_communities() {
        let (c, q) = louvain(&two_triangles(), 1.0, 1e-7, 1);
        assert_eq!(c, vec![0, 0, 0, 1, 1, 1]);
        // Known value: 2 * (3/7 - (7/14)^2) = 5/14.
        assert!((q - 5.0 / 14.0).abs() < 1e-12, "{q}");
    }

    #[test]
    fn modularity_of_one_community_is_zero() {
        assert!(modularity(&two_triangles(), &[0; 6], 1.0).abs() < 1e-12);
    }
}
