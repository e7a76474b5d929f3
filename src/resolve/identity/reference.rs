//! The gazetteer as resolution reads it, prepared once.

use super::norm_for;
use crate::model::EntityType;
use crate::resolve::Gazetteer;
use std::collections::{BTreeSet, HashMap, HashSet};

/// One gazetteer entry, as resolution sees it besides its names.
pub(super) struct Entry {
    pub country: Option<String>,
}

/// The gazetteer's entries with their names normalised, indexed by name
/// and by sameAs IRI, and their IRIs. Resolution runs again for every
/// article ingested; this is built once per gazetteer and kept across
/// them (the [`Ingester`](crate::ingest::Ingester) holds one).
pub struct Reference {
    pub(super) entries: Vec<Entry>,
    /// Entries by type and normalised name, in entry order.
    by_name: HashMap<EntityType, HashMap<String, Vec<usize>>>,
    /// Entries by type and sameAs IRI, in entry order.
    by_same_as: HashMap<EntityType, HashMap<String, Vec<usize>>>,
    /// Each entry's IRI.
    pub(super) iris: Vec<String>,
    iri_set: HashSet<String>,
}

impl Reference {
    /// Normalises and indexes every entry of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Self {
        let mut by_name: HashMap<EntityType, HashMap<String, Vec<usize>>> = HashMap::new();
        let mut by_same_as: HashMap<EntityType, HashMap<String, Vec<usize>>> = HashMap::new();
        let mut entries = Vec::new();
        for (i, e) in gazetteer.entries().iter().enumerate() {
            let names: BTreeSet<String> = e
                .name
                .iter()
                .map(|(_, t)| t.as_str())
                .chain(e.aliases.iter().map(|a| a.as_str()))
                .map(|n| norm_for(e.ty, n))
                .filter(|n| !n.is_empty())
                .collect();
            for name in names {
                by_name
                    .entry(e.ty)
                    .or_default()
                    .entry(name)
                    .or_default()
                    .push(i);
            }
            let same_as: BTreeSet<&str> = e.same_as.iter().map(|s| s.as_str()).collect();
            for s in same_as {
                by_same_as
                    .entry(e.ty)
                    .or_default()
                    .entry(s.to_owned())
                    .or_default()
                    .push(i);
            }
            entries.push(Entry {
                country: e.country.as_ref().map(|c| c.as_str().to_owned()),
            });
        }
        let iris: Vec<String> = gazetteer.entries().iter().map(Gazetteer::iri).collect();
        let iri_set = iris.iter().cloned().collect();
        Self {
            entries,
            by_name,
            by_same_as,
            iris,
            iri_set,
        }
    }

    /// How many entries the gazetteer has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the gazetteer has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `iri` is the IRI of an entry.
    pub fn names_iri(&self, iri: &str) -> bool {
        self.iri_set.contains(iri)
    }

    /// The entries of type `ty` with the normalised name `name`.
    pub(super) fn by_name(&self, ty: EntityType, name: &str) -> &[usize] {
        Self::lookup(&self.by_name, ty, name)
    }

    /// The entries of type `ty` the same as `iri`.
    pub(super) fn by_same_as(&self, ty: EntityType, iri: &str) -> &[usize] {
        Self::lookup(&self.by_same_as, ty, iri)
    }

    fn lookup<'a>(
        index: &'a HashMap<EntityType, HashMap<String, Vec<usize>>>,
        ty: EntityType,
        key: &str,
    ) -> &'a [usize] {
        index
            .get(&ty)
            .and_then(|m| m.get(key))
            .map_or(&[], Vec::as_slice)
    }
}
