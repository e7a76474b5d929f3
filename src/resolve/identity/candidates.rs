//! Step 1 of resolution: what each signature could be in the gazetteer.

use super::Nodes;
use std::collections::{BTreeMap, BTreeSet};

/// Per signature, what the gazetteer says of it.
pub(super) struct Candidates<'s> {
    /// The names it may link by: those that at most one compatible entry
    /// has (a name two entries share tells nothing).
    pub usable: Vec<Vec<&'s str>>,
    /// The entries it names directly, by a usable name or a sameAs IRI.
    pub direct: Vec<BTreeSet<usize>>,
    /// The nodes kept apart, with the entries each could be: a signature
    /// naming two entries directly, or knowing only names entries share.
    pub ambiguous: BTreeMap<usize, BTreeSet<usize>>,
}

/// Looks every signature up in the gazetteer.
pub(super) fn find<'s>(nodes: &Nodes<'s>) -> Candidates<'s> {
    let sigs = nodes.sigs;
    let mut usable: Vec<Vec<&str>> = vec![Vec::new(); sigs.len()];
    let mut direct: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); sigs.len()];
    let mut ambiguous: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (s, m) in sigs.iter().enumerate() {
        let i = nodes.n_gaz + s;
        let mut shared_only: BTreeSet<usize> = BTreeSet::new();
        for name in m.names.iter() {
            let cands: Vec<usize> = nodes
                .reference
                .by_name(m.ty, name)
                .iter()
                .copied()
                .filter(|&g| super::compatible(m.country.as_deref(), nodes.country(g)))
                .collect();
            if cands.len() >= 2 {
                shared_only.extend(cands);
            } else {
                usable[s].push(&**name);
                direct[s].extend(cands);
            }
        }
        for same in m.same_as.iter() {
            direct[s].extend(nodes.reference.by_same_as(m.ty, same).iter().copied());
        }
        if direct[s].len() >= 2 {
            ambiguous.insert(i, direct[s].clone());
        } else if usable[s].is_empty() && direct[s].is_empty() && !shared_only.is_empty() {
            ambiguous.insert(i, shared_only);
        }
    }
    Candidates {
        usable,
        direct,
        ambiguous,
    }
}
