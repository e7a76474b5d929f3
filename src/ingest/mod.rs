//! Ingest: article facts in, named graphs out, one transaction per article.
//!
//! The [`Ingester`] keeps every stored article's canonical document (the
//! store holds them in the sources graph) and the current identity
//! [`Resolution`]. Adding an article resolves identity over everything known,
//! then writes, in one transaction, the article's graph and every other
//! article graph whose entity IRIs the new article changed. Nothing is
//! written for a rejected or unchanged article.

pub mod rdf;
pub mod source;

use crate::model::vocab::{self, hp};
use crate::model::{Document, RawDocument};
use crate::resolve::{resolve, Ambiguity, Gazetteer, Resolution};
use crate::store::{GraphChange, Store, StoreError};
use oxrdf::{Literal, NamedNode, Quad, Term};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Version of the document → quads mapping. It is part of the digest the
/// store records, so a store built by an older mapping is rewritten on the
/// next write.
const MAPPING_VERSION: &str = "2";

/// Batches at least this large use the bulk loader (when every quad is
/// new); smaller ones are cheaper as a transaction.
const BULK_MIN: usize = 100;

/// The ontology, built into the binary and loaded into its own graph.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/hpkg.ttl");

/// Errors of ingest.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the store holds a source document for {article} that no longer reads: {message}")]
    CorruptSource { article: String, message: String },
    #[error("no article {0:?} in the store: `hpkg query counts` lists what is there")]
    UnknownArticle(String),
}

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
    pub fn reject(&mut self, problems: &[source::Diagnostic]) {
        self.articles_rejected += 1;
        self.errors.extend(problems.iter().map(|d| d.to_string()));
    }
}

/// Checks that an article id is given once per run: the same id with other
/// content in two inputs would otherwise silently replace the first.
#[derive(Default)]
pub struct SeenIds(BTreeMap<String, (source::Origin, String)>);

impl SeenIds {
    pub fn check(
        &mut self,
        origin: &source::Origin,
        doc: &Document,
    ) -> Result<(), source::Diagnostic> {
        let id = doc.article.id.as_str().to_owned();
        let hash = rdf::content_hash(doc);
        match self.0.get(&id) {
            Some((first, h)) if *h != hash => Err(source::Diagnostic {
                file: origin.file.clone(),
                line: origin.jsonl_line,
                column: None,
                path: Some("$.article.id".into()),
                message: format!(
                    "article id {id:?} is also given, with other content, by {first}: \
                     ids are unique in a corpus; rename one or remove the older version"
                ),
            }),
            Some(_) => Ok(()),
            None => {
                self.0.insert(id, (origin.clone(), hash));
                Ok(())
            }
        }
    }
}

/// Keeps the store's article graphs consistent with everything known.
pub struct Ingester<'s> {
    store: &'s Store,
    gazetteer: Gazetteer,
    /// The gazetteer graph's triples, which the entities graph never repeats.
    gaz_triples: HashSet<oxrdf::Triple>,
    /// IRIs of the gazetteer's entries.
    gaz_iris: HashSet<String>,
    docs: BTreeMap<String, Document>,
    hashes: BTreeMap<String, String>,
    resolution: Resolution,
}

fn source_change(article: &str, quads: HashSet<Quad>) -> GraphChange {
    GraphChange {
        graph: vocab::GRAPH_SOURCES.to_owned(),
        subject: Some(vocab::article_iri(article)),
        quads: Some(quads),
    }
}

impl<'s> Ingester<'s> {
    /// Loads what the store knows and brings its reference graphs (ontology,
    /// gazetteer) up to date, re-linking stored articles if the gazetteer
    /// changed. That sync is itself one transaction.
    pub fn open(store: &'s Store, gazetteer: Gazetteer) -> Result<Self, IngestError> {
        let mut docs = BTreeMap::new();
        let mut hashes = BTreeMap::new();
        for (subject, object) in store.pairs(&hp("sourceDocument"), vocab::GRAPH_SOURCES)? {
            let article = vocab::article_id_of(&subject)
                .unwrap_or(&subject)
                .to_owned();
            let json = match &object {
                Term::Literal(l) => l.value().to_owned(),
                other => other.to_string(),
            };
            let corrupt = |message: String| IngestError::CorruptSource {
                article: article.clone(),
                message,
            };
            let raw: RawDocument =
                serde_json::from_str(&json).map_err(|e| corrupt(e.to_string()))?;
            let doc = raw.check().map_err(|p| {
                corrupt(
                    p.iter()
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            })?;
            hashes.insert(article.clone(), rdf::content_hash(&doc));
            docs.insert(article, doc);
        }
        let resolution = resolve(&gazetteer, docs.values());
        let gaz_triples = rdf::triples(&rdf::gazetteer_graph(&gazetteer));
        let gaz_iris = gazetteer.entries().iter().map(Gazetteer::iri).collect();
        let me = Self {
            store,
            gazetteer,
            gaz_triples,
            gaz_iris,
            docs,
            hashes,
            resolution,
        };
        me.sync_reference_graphs()?;
        Ok(me)
    }

    fn sync_reference_graphs(&self) -> Result<(), IngestError> {
        let mut changes = Vec::new();
        let onto =
            crate::store::parse_turtle(ONTOLOGY_TTL, vocab::GRAPH_ONTOLOGY, "ontology/hpkg.ttl")?;
        if self.store.graph_quads(vocab::GRAPH_ONTOLOGY)? != onto {
            changes.push(GraphChange::whole(vocab::GRAPH_ONTOLOGY, onto));
        }
        let mut gaz = rdf::gazetteer_graph(&self.gazetteer);
        let digest = Quad::new(
            NamedNode::new_unchecked(vocab::GRAPH_GAZETTEER),
            NamedNode::new_unchecked(hp("gazetteerDigest")),
            Literal::new_simple_literal(format!(
                "mapping {MAPPING_VERSION}; gazetteer {}",
                self.gazetteer.digest()
            )),
            NamedNode::new_unchecked(vocab::GRAPH_GAZETTEER),
        );
        let stored_digest = self.store.objects(
            vocab::GRAPH_GAZETTEER,
            &hp("gazetteerDigest"),
            vocab::GRAPH_GAZETTEER,
        )?;
        let same = stored_digest.len() == 1 && stored_digest[0] == digest.object;
        if !same {
            gaz.insert(digest);
            changes.push(GraphChange::whole(vocab::GRAPH_GAZETTEER, gaz));
            // Identities may have moved: rewrite every article graph.
            for doc in self.docs.values() {
                let id = doc.article.id.as_str();
                changes.push(GraphChange::whole(
                    &vocab::article_iri(id),
                    rdf::article_graph(doc, &self.resolution),
                ));
            }
        }
        if !changes.is_empty() {
            self.store.apply(&changes)?;
        }
        Ok(())
    }

    /// The articles the store holds, by id.
    pub fn documents(&self) -> &BTreeMap<String, Document> {
        &self.docs
    }

    pub fn resolution(&self) -> &Resolution {
        &self.resolution
    }

    /// Entities-graph changes for the given IRIs, described from `docs` as
    /// resolved by `res` (an IRI no mention resolves to any more is
    /// emptied).
    fn entity_changes(
        &self,
        docs: &BTreeMap<String, Document>,
        res: &Resolution,
        iris: &BTreeSet<String>,
    ) -> Vec<GraphChange> {
        iris.iter()
            .map(|iri| GraphChange {
                graph: vocab::GRAPH_ENTITIES.to_owned(),
                subject: Some(iri.clone()),
                quads: Some(rdf::entity_quads(iri, docs, res, &self.gaz_triples)),
            })
            .collect()
    }

    /// IRIs any of these articles' mentions had or have.
    fn touched(
        &self,
        next: &Resolution,
        articles: impl IntoIterator<Item = String>,
    ) -> BTreeSet<String> {
        let mut iris = BTreeSet::new();
        for a in articles {
            iris.extend(self.resolution.article_map(&a).into_values());
            iris.extend(next.article_map(&a).into_values());
        }
        iris
    }

    /// Changes for every article (other than `except`) whose key → IRI map
    /// differs between two resolutions.
    fn relink(
        &self,
        next: &Resolution,
        except: &BTreeSet<&str>,
    ) -> (Vec<GraphChange>, Vec<String>) {
        let mut changes = Vec::new();
        let mut relinked = Vec::new();
        for (id, doc) in &self.docs {
            if except.contains(id.as_str()) {
                continue;
            }
            if self.resolution.article_map(id) != next.article_map(id) {
                changes.push(GraphChange::whole(
                    &vocab::article_iri(id),
                    rdf::article_graph(doc, next),
                ));
                relinked.push(id.clone());
            }
        }
        (changes, relinked)
    }

    /// Adds or replaces one article, in one transaction.
    pub fn ingest(&mut self, doc: Document) -> Result<ArticleReport, IngestError> {
        let mut reports = self.ingest_batch(vec![doc])?;
        Ok(reports.pop().expect("one report per document"))
    }

    /// Adds or replaces many articles at once, all or nothing: identity is
    /// resolved once for the whole batch, and when every quad is new (a
    /// first load, no re-linking) and the batch is large, they go in
    /// through Oxigraph's bulk loader; otherwise through one transaction. The store ends exactly as if the
    /// articles had been ingested one by one.
    pub fn ingest_batch(&mut self, docs: Vec<Document>) -> Result<Vec<ArticleReport>, IngestError> {
        let unchanged = || ArticleReport {
            outcome: Outcome::Unchanged,
            entities_new: 0,
            entities_resolved: 0,
            ambiguous: Vec::new(),
            relinked: Vec::new(),
        };
        let mut reports = Vec::new();
        // (id, hash, outcome) in input order; the documents themselves move
        // into `self.docs` (no copies), and what they replace is kept to
        // put back if writing fails.
        let mut batch: Vec<(String, String, Outcome)> = Vec::new();
        let mut previous: BTreeMap<String, Option<Document>> = BTreeMap::new();
        for doc in docs {
            let id = doc.article.id.as_str().to_owned();
            let hash = rdf::content_hash(&doc);
            let in_batch = batch.iter().any(|(i, h, _)| i == &id && h == &hash);
            if self.hashes.get(&id) == Some(&hash) || in_batch {
                reports.push(unchanged());
                continue;
            }
            let outcome = if self.docs.contains_key(&id) {
                Outcome::Replaced
            } else {
                Outcome::New
            };
            let old = self.docs.insert(id.clone(), doc);
            previous.entry(id.clone()).or_insert(old);
            batch.push((id, hash, outcome));
        }
        if batch.is_empty() {
            return Ok(reports);
        }
        let next = resolve(&self.gazetteer, self.docs.values());
        let ids: BTreeSet<&str> = batch.iter().map(|(id, _, _)| id.as_str()).collect();
        let (relinks, relinked) = self.relink(&next, &ids);
        let touched = self.touched(
            &next,
            relinked
                .iter()
                .cloned()
                .chain(ids.iter().map(|s| s.to_string())),
        );
        let mut pure_insert = batch.len() >= BULK_MIN
            && previous.values().all(Option::is_none)
            && relinked.is_empty();
        if pure_insert {
            for iri in &touched {
                if self.store.has_subject(vocab::GRAPH_ENTITIES, iri)? {
                    pure_insert = false;
                    break;
                }
            }
        }
        let docs = &self.docs;
        let written = if pure_insert {
            // Quads are produced lazily, article by article, as the bulk
            // loader takes them, rather than all held at once.
            let articles = batch.iter().flat_map(|(id, _, _)| {
                let doc = &docs[id];
                rdf::article_graph(doc, &next)
                    .into_iter()
                    .chain([rdf::source_quad(doc)])
            });
            let entities = touched
                .iter()
                .flat_map(|iri| rdf::entity_quads(iri, docs, &next, &self.gaz_triples));
            self.store.bulk_insert(articles.chain(entities))
        } else {
            let mut changes = Vec::new();
            for (id, _, _) in &batch {
                let doc = &docs[id];
                changes.push(GraphChange::whole(
                    &vocab::article_iri(id),
                    rdf::article_graph(doc, &next),
                ));
                changes.push(source_change(id, [rdf::source_quad(doc)].into()));
            }
            changes.extend(relinks);
            changes.extend(self.entity_changes(docs, &next, &touched));
            self.store.apply(&changes).map(|_| ())
        };
        if let Err(e) = written {
            for (id, old) in previous {
                match old {
                    Some(d) => self.docs.insert(id, d),
                    None => self.docs.remove(&id),
                };
            }
            return Err(e.into());
        }
        // Counted as if the batch had come one article at a time: an entity
        // is known if the gazetteer, an article outside the batch, or an
        // earlier article of the batch names it.
        let batch_ids: BTreeSet<String> = ids.iter().map(|s| s.to_string()).collect();
        let mut seen: HashSet<String> = HashSet::new();
        for (i, (id, hash, outcome)) in batch.into_iter().enumerate() {
            let doc = &self.docs[&id];
            let mut entities_new = 0;
            let mut entities_resolved = 0;
            let distinct: BTreeSet<&str> = doc
                .entities
                .iter()
                .filter_map(|e| next.of(&id, e.key.as_str()))
                .collect();
            for iri in distinct {
                let known = self.gaz_iris.contains(iri)
                    || seen.contains(iri)
                    || next
                        .mentions_of(iri)
                        .iter()
                        .any(|(a, _)| !batch_ids.contains(a));
                if known {
                    entities_resolved += 1;
                } else {
                    entities_new += 1;
                }
                seen.insert(iri.to_owned());
            }
            reports.push(ArticleReport {
                outcome,
                entities_new,
                entities_resolved,
                ambiguous: next
                    .ambiguous
                    .iter()
                    .filter(|a| a.article == id)
                    .cloned()
                    .collect(),
                relinked: if i == 0 { relinked.clone() } else { Vec::new() },
            });
            self.hashes.insert(id, hash);
        }
        self.resolution = next;
        Ok(reports)
    }

    /// Removes articles, all in one transaction, and splits identities that
    /// only they linked. Returns the other articles re-linked.
    pub fn retract(&mut self, ids: &[String]) -> Result<Vec<String>, IngestError> {
        for id in ids {
            if !self.docs.contains_key(id) {
                return Err(IngestError::UnknownArticle(id.clone()));
            }
        }
        let mut docs = self.docs.clone();
        for id in ids {
            docs.remove(id);
        }
        let next = resolve(&self.gazetteer, docs.values());
        let gone: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        let mut changes = Vec::new();
        for id in ids {
            changes.push(GraphChange {
                graph: vocab::article_iri(id),
                subject: None,
                quads: None,
            });
            changes.push(source_change(id, HashSet::new()));
        }
        let (more, relinked) = self.relink(&next, &gone);
        changes.extend(more);
        let touched = self.touched(&next, relinked.iter().cloned().chain(ids.iter().cloned()));
        changes.extend(self.entity_changes(&docs, &next, &touched));
        self.store.apply(&changes)?;
        for id in ids {
            self.hashes.remove(id);
        }
        self.docs = docs;
        self.resolution = next;
        Ok(relinked)
    }
}

/// Parses every document of the inputs without touching a store; used by
/// `hpkg validate` and by ingest.
pub fn check_units(
    units: Vec<source::Unit>,
) -> Vec<(source::Origin, Result<Document, Vec<source::Diagnostic>>)> {
    units
        .into_iter()
        .map(|u| {
            let r = match u.text {
                Ok(t) => source::parse(&u.origin, &t),
                Err(d) => Err(vec![d]),
            };
            (u.origin, r)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        serde_json::from_str::<RawDocument>(text)
            .unwrap()
            .check()
            .unwrap()
    }

    const SEED: &str = include_str!("../../data/articles/krcs-isdb-gifr-visit.json");

    #[test]
    fn ingesting_the_same_article_twice_changes_nothing() {
        let store = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
        let r = ing.ingest(doc(SEED)).unwrap();
        assert_eq!(r.outcome, Outcome::New);
        let before = store.sorted_quads(None).unwrap();
        let r = ing.ingest(doc(SEED)).unwrap();
        assert_eq!(r.outcome, Outcome::Unchanged);
        assert_eq!(store.sorted_quads(None).unwrap(), before);
    }

    #[test]
    fn changed_content_replaces_the_article_graph() {
        let store = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
        ing.ingest(doc(SEED)).unwrap();
        let changed = SEED.replace("\"stage\": \"discussed\"", "\"stage\": \"proposed\"");
        let r = ing.ingest(doc(&changed)).unwrap();
        assert_eq!(r.outcome, Outcome::Replaced);
        let g = store
            .graph_quads(&vocab::article_iri("krcs-isdb-gifr-visit"))
            .unwrap();
        let text: Vec<String> = g.iter().map(|q| q.to_string()).collect();
        assert!(text.iter().any(|q| q.contains("stage/proposed")));
        assert!(!text.iter().any(|q| q.contains("stage/discussed")));
    }

    #[test]
    fn retracting_an_article_leaves_only_reference_graphs() {
        let store = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
        let empty = store.sorted_quads(None).unwrap();
        ing.ingest(doc(SEED)).unwrap();
        ing.retract(&["krcs-isdb-gifr-visit".to_owned()]).unwrap();
        assert_eq!(store.sorted_quads(None).unwrap(), empty);
    }

    #[test]
    fn a_linking_article_relinks_earlier_ones_and_its_retraction_splits_them() {
        let store = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
        let mk = |id: &str, names: &str| {
            doc(&format!(
                r#"{{"article": {{"id": "{id}", "title": "t", "language": "en", "published": "2025-01-01"}},
                "entities": [{{"key": "p", "type": "person", "name": {names}}},
                             {{"key": "q", "type": "person", "name": {{"en": "Someone Else {id}"}}}}],
                "facts": [{{"type": "meeting", "participants": ["p", "q"]}}]}}"#
            ))
        };
        ing.ingest(mk("a", r#"{"ar": "سالم الفلاني"}"#)).unwrap();
        ing.ingest(mk("b", r#"{"en": "Salem Alfulani"}"#)).unwrap();
        assert_ne!(ing.resolution().of("a", "p"), ing.resolution().of("b", "p"));
        let r = ing
            .ingest(mk("c", r#"{"ar": "سالم الفلاني", "en": "Salem Alfulani"}"#))
            .unwrap();
        assert_eq!(ing.resolution().of("a", "p"), ing.resolution().of("b", "p"));
        assert!(!r.relinked.is_empty());
        let relinked = ing.retract(&["c".to_owned()]).unwrap();
        assert!(!relinked.is_empty());
        assert_ne!(ing.resolution().of("a", "p"), ing.resolution().of("b", "p"));
    }
}
