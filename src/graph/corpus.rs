//! The [`Corpus`]: entities, facts and articles as plain values, read from
//! the store once (`load`, or its `snapshot`), which every projection is
//! built from.

use super::project::Filters;
use super::{load, snapshot, GraphError};
use crate::model::schema::Role;
use crate::model::{EntityType, FactType, Stage};
use crate::store::Store;
use std::collections::{BTreeMap, BTreeSet};

/// An entity as the store describes it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EntityInfo {
    pub iri: String,
    pub ty: EntityType,
    /// Labels by language tag (`""` for untagged aliases).
    pub labels: BTreeMap<String, BTreeSet<String>>,
    /// The gazetteer's official names, by language.
    pub official: BTreeMap<String, String>,
    pub category: Option<String>,
    pub country: Option<String>,
    pub parent: Option<String>,
}

impl EntityInfo {
    /// An entity of this type with nothing more known about it yet.
    pub fn new(iri: impl Into<String>, ty: EntityType) -> Self {
        Self {
            iri: iri.into(),
            ty,
            labels: BTreeMap::new(),
            official: BTreeMap::new(),
            category: None,
            country: None,
            parent: None,
        }
    }

    /// The display label in `lang`, falling back to the other languages:
    /// the gazetteer's name first, then the smallest label.
    pub fn label(&self, lang: &str) -> String {
        if let Some(l) = self.official.get(lang) {
            return l.clone();
        }
        if let Some(l) = self.labels.get(lang).and_then(|s| s.iter().next()) {
            return l.clone();
        }
        for other in ["en", "ar"] {
            if let Some(l) = self.official.get(other) {
                return l.clone();
            }
            if let Some(l) = self.labels.get(other).and_then(|s| s.iter().next()) {
                return l.clone();
            }
        }
        self.labels
            .values()
            .flat_map(|s| s.iter())
            .next()
            .cloned()
            .unwrap_or_else(|| self.iri.clone())
    }
    /// Every label and alias.
    pub fn all_labels(&self) -> BTreeSet<String> {
        self.labels.values().flatten().cloned().collect()
    }
}

/// An article, for evidence.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArticleInfo {
    pub id: String,
    pub title: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A fact with its participants.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FactRow {
    pub iri: String,
    pub ty: FactType,
    pub article: String,
    pub date: Option<String>,
    pub stage: Option<Stage>,
    pub amount: Option<(f64, String)>,
    /// The article's evidence note for the fact (`hp:evidence`): where in
    /// the article, and what it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// (role, entity IRI), sorted.
    pub roles: Vec<(Role, String)>,
}

impl FactRow {
    /// The entities in a role.
    pub fn with(&self, role: Role) -> impl Iterator<Item = &str> + '_ {
        self.roles
            .iter()
            .filter(move |(r, _)| *r == role)
            .map(|(_, e)| e.as_str())
    }
}

/// An entity the store names but no article mentions (the gazetteer's
/// others): only what resolving a name needs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NamedEntity {
    pub ty: EntityType,
    /// Every label and alias, in any language.
    pub labels: BTreeSet<String>,
}

/// An entity's labels and aliases, as [`Corpus::names`] gives them.
pub type Labels<'a> = Box<dyn Iterator<Item = &'a str> + 'a>;

/// Everything the projections need, read from the store in one pass.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Corpus {
    /// Every typed entity an article mentions.
    pub entities: BTreeMap<String, EntityInfo>,
    pub facts: Vec<FactRow>,
    pub articles: BTreeMap<String, ArticleInfo>,
    /// Typed, labelled entities no article mentions, by IRI: with
    /// `entities`, every name a user may give (see [`Corpus::names`]).
    pub unmentioned: BTreeMap<String, NamedEntity>,
}

impl Corpus {
    /// Reads entities, facts and articles from the store, in one pass
    /// over the predicates they need (see [`load`]), or from the snapshot
    /// the last such reading left in the store's cache directory if the
    /// store has not been written since (see [`snapshot`]): on a large
    /// store the reading takes a minute and the snapshot a second.
    pub fn load(store: &Store) -> Result<Self, GraphError> {
        snapshot::load(store)
    }

    /// Every entity a user may name, with its type and labels: the
    /// mentioned ones and the unmentioned ones alike (a name may be
    /// ambiguous between the two).
    pub fn names(&self) -> impl Iterator<Item = (&str, EntityType, Labels<'_>)> {
        let mentioned = self.entities.values().map(|e| {
            let labels: Labels = Box::new(e.labels.values().flatten().map(String::as_str));
            (e.iri.as_str(), e.ty, labels)
        });
        let others = self.unmentioned.iter().map(|(iri, e)| {
            let labels: Labels = Box::new(e.labels.iter().map(String::as_str));
            (iri.as_str(), e.ty, labels)
        });
        mentioned.chain(others)
    }

    /// Reads the store itself, ignoring any snapshot (for benchmarks and
    /// checks; [`Corpus::load`] is what analytics use).
    pub fn scan(store: &Store) -> Result<Self, GraphError> {
        load::scan(store)
    }

    /// The date a fact is filtered by: its own, or its article's.
    pub(super) fn when(&self, f: &FactRow) -> Option<String> {
        f.date
            .clone()
            .or_else(|| self.articles.get(&f.article).map(|a| a.date.clone()))
    }

    pub(super) fn keep_fact(&self, f: &FactRow, filters: &Filters) -> bool {
        if !filters.types.is_empty() && !filters.types.contains(&f.ty) {
            return false;
        }
        if let Some(min) = filters.min_stage {
            if f.stage.is_none_or(|s| s < min) {
                return false;
            }
        }
        let when = self.when(f);
        // Dates compare as text at the precision both share: "2024" is
        // within a window since "2024-06" if the year overlaps.
        if let (Some(since), Some(w)) = (&filters.since, &when) {
            let n = since.len().min(w.len());
            if w[..n] < since[..n] {
                return false;
            }
        }
        if let (Some(until), Some(w)) = (&filters.until, &when) {
            let n = until.len().min(w.len());
            if w[..n] > until[..n] {
                return false;
            }
        }
        true
    }
}
