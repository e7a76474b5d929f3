//! What ingesting did: per article ([`ArticleReport`]) and per run
//! ([`Report`], what `hpkg ingest` prints and `POST /api/articles` returns).

use super::source::Diagnostic;
use crate::resolve::Ambiguity;
use std::collections::{BTreeSet, HashSet};

/// What happened to one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    New,
    Unchanged,
    Replaced,
}

/// What ingesting one article did, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleReport {
    pub outcome: Outcome,
    /// Entities that no other article or gazetteer entry names.
    pub entities_new: usize,
    /// Entities resolved to something already known.
    pub entities_resolved: usize,
    pub ambiguous: Vec<Ambiguity>,
    /// Other article graphs rewritten because identities changed.
    pub relinked: Vec<String>,
}

impl ArticleReport {
    /// An article stored already with the same content: nothing written.
    pub(super) fn unchanged() -> Self {
        Self {
            outcome: Outcome::Unchanged,
            entities_new: 0,
            entities_resolved: 0,
            ambiguous: Vec::new(),
            relinked: Vec::new(),
        }
    }
}

/// Counts an article's distinct entities (`iris`, its key → IRI values) as
/// new or resolved, as if its batch came one article at a time: an entity
/// is resolved if `known` says something outside the batch names it (the
/// gazetteer, a stored article), or an earlier article of the batch did
/// (`seen`, which this article's entities join). Returns (new, resolved).
pub(super) fn count_entities<'a>(
    iris: impl IntoIterator<Item = &'a String>,
    seen: &mut HashSet<String>,
    mut known: impl FnMut(&str) -> bool,
) -> (usize, usize) {
    let (mut new, mut resolved) = (0, 0);
    let distinct: BTreeSet<&String> = iris.into_iter().collect();
    for iri in distinct {
        if known(iri) || seen.contains(iri) {
            resolved += 1;
        } else {
            new += 1;
        }
        seen.insert(iri.clone());
    }
    (new, resolved)
}

/// The summary report of a run: what `hpkg ingest` prints and what
/// `POST /api/articles` returns.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Report {
    pub articles_new: usize,
    pub articles_unchanged: usize,
    pub articles_replaced: usize,
    pub articles_rejected: usize,
    pub entities_new: usize,
    pub entities_resolved: usize,
    pub ambiguous: Vec<AmbiguityReport>,
    pub relinked: Vec<String>,
    /// Problems of rejected documents, located.
    pub errors: Vec<String>,
}

/// An ambiguous mention, for the report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AmbiguityReport {
    pub article: String,
    pub key: String,
    pub names: Vec<String>,
    pub candidates: Vec<String>,
}

impl Report {
    /// Counts one ingested article.
    pub fn add(&mut self, r: ArticleReport) {
        match r.outcome {
            Outcome::New => self.articles_new += 1,
            Outcome::Unchanged => self.articles_unchanged += 1,
            Outcome::Replaced => self.articles_replaced += 1,
        }
        self.entities_new += r.entities_new;
        self.entities_resolved += r.entities_resolved;
        self.ambiguous
            .extend(r.ambiguous.iter().map(|a| AmbiguityReport {
                article: a.article.clone(),
                key: a.key.clone(),
                names: a.names.clone(),
                candidates: a.candidates.clone(),
            }));
        self.relinked.extend(r.relinked);
        self.relinked.sort();
        self.relinked.dedup();
    }

    /// Counts one rejected document.
    pub fn reject(&mut self, problems: &[Diagnostic]) {
        self.articles_rejected += 1;
        self.errors.extend(problems.iter().map(|d| d.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iris(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_entity_is_new_once_then_resolved_and_counted_once_per_article() {
        let mut seen = HashSet::new();
        let gazetteer = |iri: &str| iri == "g";
        let first = iris(&["a", "a", "g"]);
        assert_eq!(count_entities(&first, &mut seen, gazetteer), (1, 1));
        let second = iris(&["a", "b"]);
        assert_eq!(count_entities(&second, &mut seen, gazetteer), (1, 1));
    }
}
