//! Step 2 of resolution: link groups, and the components they and the
//! direct gazetteer matches make.

use super::candidates::Candidates;
use super::Nodes;
use crate::model::EntityType;
use std::collections::BTreeMap;

pub(super) struct UnionFind(Vec<usize>);

impl UnionFind {
    pub fn new(n: usize) -> Self {
        Self((0..n).collect())
    }
    pub fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // Smaller index as root keeps roots independent of edge order.
        if ra < rb {
            self.0[rb] = ra;
        } else if rb < ra {
            self.0[ra] = rb;
        }
    }
}

/// Link groups: signatures of one type sharing a name (or sameAs IRI)
/// with compatible countries. A signature without a country links its
/// whole bucket; otherwise they link within their country. Ambiguous
/// signatures link nothing.
pub(super) fn groups(nodes: &Nodes, cands: &Candidates) -> Vec<Vec<usize>> {
    let mut buckets: BTreeMap<(EntityType, u8, &str), Vec<usize>> = BTreeMap::new();
    for (s, m) in nodes.sigs.iter().enumerate() {
        let i = nodes.n_gaz + s;
        if cands.ambiguous.contains_key(&i) {
            continue;
        }
        for name in &cands.usable[s] {
            buckets.entry((m.ty, 0, *name)).or_default().push(i);
        }
        for same in m.same_as.iter() {
            buckets.entry((m.ty, 1, &**same)).or_default().push(i);
        }
    }
    let mut links: Vec<Vec<usize>> = Vec::new();
    for members in buckets.into_values() {
        let mut by_country: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
        for &i in &members {
            by_country.entry(nodes.country(i)).or_default().push(i);
        }
        if by_country.contains_key(&None) {
            links.push(members);
        } else {
            links.extend(by_country.into_values().filter(|g| g.len() >= 2));
        }
    }
    links
}

/// The components of the link groups and of each non-ambiguous
/// signature's direct entries.
pub(super) fn components(nodes: &Nodes, links: &[Vec<usize>], cands: &Candidates) -> UnionFind {
    let mut uf = UnionFind::new(nodes.len());
    for group in links {
        for w in group.windows(2) {
            uf.union(w[0], w[1]);
        }
    }
    for (s, gs) in cands.direct.iter().enumerate() {
        let i = nodes.n_gaz + s;
        if !cands.ambiguous.contains_key(&i) {
            for &g in gs {
                uf.union(i, g);
            }
        }
    }
    uf
}
