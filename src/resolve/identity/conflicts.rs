//! Step 3 of resolution: a component holding two gazetteer entries would
//! merge them, which never happens, so it is split.

use super::candidates::Candidates;
use super::links::UnionFind;
use super::Nodes;
use std::collections::{BTreeMap, BTreeSet};

/// Each node's group: its component, except in components reaching two
/// entries or more. There, signatures naming one entry directly go to it;
/// the others join the entry their link groups reach, or become ambiguous
/// (added to `cands.ambiguous`) if they reach several.
pub(super) fn split(
    nodes: &Nodes,
    links: &[Vec<usize>],
    cands: &mut Candidates,
    mut uf: UnionFind,
) -> Vec<usize> {
    let (n, n_gaz) = (nodes.len(), nodes.n_gaz);
    let mut comp_gaz: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for g in 0..n_gaz {
        let r = uf.find(g);
        comp_gaz.entry(r).or_default().insert(g);
    }
    let conflicted: BTreeSet<usize> = comp_gaz
        .iter()
        .filter(|(_, gs)| gs.len() >= 2)
        .map(|(r, _)| *r)
        .collect();
    let mut group_of: Vec<usize> = (0..n).map(|i| uf.find(i)).collect();
    if conflicted.is_empty() {
        return group_of;
    }
    let ambiguous = &mut cands.ambiguous;
    let in_conflict: Vec<bool> = group_of.iter().map(|r| conflicted.contains(r)).collect();
    let mut uf2 = UnionFind::new(n);
    let mut assigned: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, &conflicting) in in_conflict.iter().enumerate().skip(n_gaz) {
        let gs = &cands.direct[i - n_gaz];
        if conflicting && !ambiguous.contains_key(&i) && gs.len() == 1 {
            let g = *gs.iter().next().expect("one entry");
            assigned.insert(i, g);
            uf2.union(i, g);
        }
    }
    let rest = |i: usize| in_conflict[i] && i >= n_gaz && !assigned.contains_key(&i);
    for group in links {
        let free: Vec<usize> = group.iter().copied().filter(|&i| rest(i)).collect();
        for w in free.windows(2) {
            uf2.union(w[0], w[1]);
        }
    }
    let mut touches: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for group in links {
        let reached: BTreeSet<usize> = group
            .iter()
            .filter_map(|i| assigned.get(i).copied())
            .collect();
        if reached.is_empty() {
            continue;
        }
        for &i in group {
            if rest(i) {
                let r = uf2.find(i);
                touches
                    .entry(r)
                    .or_default()
                    .extend(reached.iter().copied());
            }
        }
    }
    for i in n_gaz..n {
        if rest(i) {
            let r = uf2.find(i);
            match touches.get(&r) {
                Some(gs) if gs.len() == 1 => {
                    let g = *gs.iter().next().expect("one entry");
                    uf2.union(i, g);
                }
                Some(gs) => {
                    ambiguous.insert(i, gs.clone());
                }
                None => {}
            }
        }
    }
    for i in 0..n {
        if in_conflict[i] {
            // Offset keeps the new roots apart from untouched ones.
            group_of[i] = n + uf2.find(i);
        }
    }
    group_of
}
