//! Ingest: documents in, named graphs out, one transaction per article.
//!
//! Documents come in through a [`Feed`], which reads every input (files,
//! directories, stdin, request bodies) with the [`kind`] of source that
//! claims it, and parses and hashes each document once. The [`Ingester`]
//! takes them parsed. It keeps every stored article's canonical document
//! (the store holds them in the sources graph) as compact JSON text,
//! decoding a stored article only when it is needed, the mention
//! signatures of all of them (a [`Resolver`]) and the current identity
//! [`Resolution`]. Adding an article adds its signatures and resolves
//! identity again over everything known, then writes, in one transaction,
//! the article's graph and every other article graph whose entity IRIs the
//! new article changed ([`batch`]). Nothing is written for a rejected or
//! unchanged article. Large loads of new articles stream through the bulk
//! loader instead ([`bulk`]).

pub mod audit;
pub mod batch;
pub mod bulk;
pub mod feed;
pub mod kind;
pub mod rdf;
pub mod report;
pub mod source;

pub use audit::{audit, Audit};
pub use feed::{Accepted, Checked, Feed, Staged};
pub use report::{AmbiguityReport, ArticleReport, Outcome, Report};

use crate::model::vocab::{self, hp};
use crate::model::{Document, RawDocument};
use crate::resolve::{Gazetteer, Reference, Resolution, Resolver};
use crate::store::{GraphChange, Store, StoreError};
use oxrdf::{Literal, NamedNode, Quad, Term};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Version of the document → quads mapping. It is part of the digest the
/// store records, so a store built by an older mapping is rewritten on the
/// next write.
const MAPPING_VERSION: &str = "4";

/// `ingest --bulk` streams batches at least this large through the bulk
/// loader (when every quad is new); smaller ones are cheaper as a
/// transaction.
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
    #[error("no article {0:?} in the store: `hpkg query articles` lists the article ids it holds")]
    UnknownArticle(String),
    #[error(
        "{at}: the input changed while it was being loaded (a bulk load reads it twice): \
         run the command again once the input is complete"
    )]
    InputChanged { at: String },
    #[error(
        "the articles were written, but compacting the store afterwards failed: {0}; \
         the store is complete, only slower to read until RocksDB compacts it by itself"
    )]
    Compaction(String),
}

/// What a batch is doing, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Resolving identity over the store and this many new or changed
    /// articles.
    Resolving { articles: usize },
    /// One more article of the batch mapped to quads and on its way in.
    Mapped,
}

#[cfg(test)]
thread_local! {
    /// Documents decoded from JSON on this thread: the test that the
    /// pipeline decodes each document once reads it.
    static DECODES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Notes that a document is being decoded from JSON (counted in tests).
#[inline]
pub(crate) fn count_decode() {
    #[cfg(test)]
    DECODES.with(|c| c.set(c.get() + 1));
}

/// How many documents this thread has decoded from JSON so far.
#[cfg(test)]
pub(crate) fn decodes() -> usize {
    DECODES.with(|c| c.get())
}

/// Decodes canonical JSON that hpkg wrote from a checked document (a
/// stored article), which always reads back: a failure here is a bug, not
/// bad input.
fn decode(json: &str) -> Document {
    count_decode();
    serde_json::from_str::<RawDocument>(json)
        .ok()
        .and_then(|raw| raw.check().ok())
        .expect("the canonical JSON of a checked document reads back")
}

/// Reads a stored source document (the object of `hp:sourceDocument`)
/// back into a checked document, or says why it does not read.
fn read_source(object: &Term) -> Result<Document, String> {
    let Term::Literal(l) = object else {
        return Err(format!("not a literal: {object}"));
    };
    count_decode();
    let raw: RawDocument = serde_json::from_str(l.value()).map_err(|e| e.to_string())?;
    raw.check().map_err(|problems| {
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// Keeps the store's article graphs consistent with everything known.
pub struct Ingester<'s> {
    store: &'s Store,
    /// The gazetteer as resolution reads it, normalised once.
    reference: Reference,
    /// The gazetteer graph's triples, which the entities graph never repeats.
    gaz_triples: HashSet<oxrdf::Triple>,
    /// Canonical JSON of every stored article, by id.
    docs: BTreeMap<String, Box<str>>,
    hashes: BTreeMap<String, String>,
    /// The stored articles' mention signatures, changed article by article.
    resolver: Resolver,
    resolution: Resolution,
}

fn source_change(article: &str, quads: HashSet<Quad>) -> GraphChange {
    GraphChange {
        graph: vocab::GRAPH_SOURCES.to_owned(),
        subject: Some(vocab::article_iri(article)),
        quads: Some(quads),
        only_add: false,
    }
}

impl<'s> Ingester<'s> {
    /// Loads what the store knows and brings its reference graphs (ontology,
    /// gazetteer) up to date, re-linking stored articles if the gazetteer
    /// changed. That sync is itself one transaction.
    pub fn open(store: &'s Store, gazetteer: Gazetteer) -> Result<Self, IngestError> {
        let mut docs = BTreeMap::new();
        let mut hashes = BTreeMap::new();
        let mut resolver = Resolver::new();
        for (subject, object) in store.pairs(&hp("sourceDocument"), vocab::GRAPH_SOURCES)? {
            let article = vocab::article_id_of(&subject)
                .unwrap_or(&subject)
                .to_owned();
            let doc = read_source(&object).map_err(|message| IngestError::CorruptSource {
                article: article.clone(),
                message,
            })?;
            resolver.add(&doc);
            // Written canonically, but by whichever version of hpkg: hash
            // what this one writes.
            let Staged { hash, json, .. } = Staged::new(&doc);
            hashes.insert(article.clone(), hash);
            docs.insert(article, json);
        }
        let reference = Reference::new(&gazetteer);
        let resolution = resolver.finish(&reference);
        let gaz_triples = rdf::triples(&rdf::gazetteer_graph(&gazetteer));
        let me = Self {
            store,
            reference,
            gaz_triples,
            docs,
            hashes,
            resolver,
            resolution,
        };
        me.sync_reference_graphs(&gazetteer)?;
        Ok(me)
    }

    fn sync_reference_graphs(&self, gazetteer: &Gazetteer) -> Result<(), IngestError> {
        let mut changes = Vec::new();
        let onto =
            crate::store::parse_turtle(ONTOLOGY_TTL, vocab::GRAPH_ONTOLOGY, "ontology/hpkg.ttl")?;
        if self.store.graph_quads(vocab::GRAPH_ONTOLOGY)? != onto {
            changes.push(GraphChange::whole(vocab::GRAPH_ONTOLOGY, onto));
        }
        let mut gaz = rdf::gazetteer_graph(gazetteer);
        let digest = Quad::new(
            NamedNode::new_unchecked(vocab::GRAPH_GAZETTEER),
            NamedNode::new_unchecked(hp("gazetteerDigest")),
            Literal::new_simple_literal(format!(
                "mapping {MAPPING_VERSION}; gazetteer {}",
                gazetteer.digest()
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
            // Identities may have moved: rewrite every article graph, and
            // the entities graph, whose subjects are those identities.
            let mut described = rdf::EntityDescriptions::every();
            for (id, json) in &self.docs {
                let doc = decode(json);
                let iris = self.resolution.article_map(&doc);
                described.add(&doc, &iris);
                changes.push(GraphChange::whole(
                    &vocab::article_iri(id),
                    rdf::article_graph_hashed(&doc, &self.hashes[id], &iris),
                ));
            }
            let entities = described
                .finish(&self.gaz_triples)
                .into_values()
                .flatten()
                .collect();
            changes.push(GraphChange::whole(vocab::GRAPH_ENTITIES, entities));
        }
        if !changes.is_empty() {
            self.store.apply(&changes)?;
        }
        Ok(())
    }

    /// The store written to.
    pub fn store(&self) -> &'s Store {
        self.store
    }

    /// How many articles the store holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the store holds no article.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn resolution(&self) -> &Resolution {
        &self.resolution
    }

    /// Entities-graph changes for the given IRIs, described from the
    /// documents `doc_of` gives by id, as resolved by `res` (an IRI no
    /// mention resolves to any more is emptied). The articles naming them
    /// are found through `res`, plus those of `also` (which hold the IRIs
    /// of ambiguous mentions).
    fn entity_changes<'d>(
        &self,
        doc_of: &dyn Fn(&str) -> Option<Cow<'d, Document>>,
        res: &Resolution,
        iris: &BTreeSet<String>,
        also: &BTreeSet<String>,
    ) -> Vec<GraphChange> {
        if iris.is_empty() {
            return Vec::new(); // nothing to describe: no document to decode
        }
        let articles: BTreeSet<&str> = iris
            .iter()
            .flat_map(|iri| res.articles_naming(iri))
            .chain(also.iter().map(String::as_str))
            .collect();
        let mut described = rdf::EntityDescriptions::new(iris);
        for a in articles {
            if let Some(doc) = doc_of(a) {
                described.add(&doc, &res.article_map(&doc));
            }
        }
        described
            .finish(&self.gaz_triples)
            .into_iter()
            .map(|(iri, quads)| GraphChange {
                graph: vocab::GRAPH_ENTITIES.to_owned(),
                subject: Some(iri),
                quads: Some(quads),
                only_add: false,
            })
            .collect()
    }

    /// Changes rewriting the graph of every stored article (other than
    /// `except`) whose mentions `next` resolves otherwise than now, and the
    /// IRIs those articles had and have.
    fn relink(
        &self,
        next: &Resolution,
        except: &BTreeSet<&str>,
    ) -> (Vec<GraphChange>, Vec<String>, BTreeSet<String>) {
        let relinked = next.relinked_since(&self.resolution, except);
        let mut changes = Vec::new();
        let mut iris = BTreeSet::new();
        for id in &relinked {
            let doc = decode(&self.docs[id]);
            let now = next.article_map(&doc);
            iris.extend(self.resolution.article_map(&doc).into_values());
            iris.extend(now.values().cloned());
            changes.push(GraphChange::whole(
                &vocab::article_iri(id),
                rdf::article_graph_hashed(&doc, &self.hashes[id], &now),
            ));
        }
        (changes, relinked, iris)
    }

    /// Removes articles, all in one transaction, and splits identities that
    /// only they linked. Returns the other articles re-linked.
    pub fn retract(&mut self, ids: &[String]) -> Result<Vec<String>, IngestError> {
        for id in ids {
            if !self.docs.contains_key(id) {
                return Err(IngestError::UnknownArticle(id.clone()));
            }
        }
        let mut removed = Vec::new();
        for id in ids {
            let doc = decode(&self.docs[id]);
            self.resolver.remove(&doc);
            removed.push(doc);
        }
        let next = self.resolver.finish(&self.reference);
        let gone: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        let mut changes = Vec::new();
        for id in ids {
            changes.push(GraphChange {
                graph: vocab::article_iri(id),
                subject: None,
                quads: None,
                only_add: false,
            });
            changes.push(source_change(id, HashSet::new()));
        }
        let (more, relinked, mut touched) = self.relink(&next, &gone);
        changes.extend(more);
        for doc in &removed {
            touched.extend(self.resolution.article_map(doc).into_values());
        }
        // `next` knows no removed article, so none is described from.
        let also = relinked.iter().cloned().collect();
        let stored = |a: &str| self.docs.get(a).map(|json| Cow::Owned(decode(json)));
        changes.extend(self.entity_changes(&stored, &next, &touched, &also));
        if let Err(e) = self.store.apply(&changes) {
            for doc in &removed {
                if !self.resolver.contains(doc.article.id.as_str()) {
                    self.resolver.add(doc);
                }
            }
            return Err(e.into());
        }
        for id in ids {
            self.hashes.remove(id);
            self.docs.remove(id);
        }
        self.resolution = next;
        Ok(relinked)
    }
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

    /// `n` copies of the seed article under other ids, as JSON Lines.
    fn copies(n: usize) -> Vec<u8> {
        (0..n)
            .map(|i| {
                SEED.replace("krcs-isdb-gifr-visit", &format!("copy-{i}"))
                    .replace('\n', " ")
                    + "\n"
            })
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn the_pipeline_decodes_each_document_once_article_by_article() {
        let store = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
        let before = decodes();
        let mut feed = Feed::new();
        for doc in feed.body("request", kind::Framing::Lines, copies(5)) {
            let r = ing.ingest(doc.unwrap()).unwrap();
            assert_eq!(r.outcome, Outcome::New);
        }
        assert_eq!(decodes() - before, 5);
        assert_eq!(ing.len(), 5);
    }

    #[test]
    fn the_pipeline_decodes_each_document_once_in_a_batch() {
        let store = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
        let before = decodes();
        let docs: Vec<Checked> = Feed::new()
            .body("request", kind::Framing::Lines, copies(7))
            .map(Result::unwrap)
            .collect();
        let reports = ing.ingest_batch(docs).unwrap();
        assert_eq!(decodes() - before, 7);
        assert_eq!(reports.len(), 7);
    }

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
    fn a_batch_reports_resolving_then_each_article_mapped() {
        let store = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
        let other = SEED.replace("krcs-isdb-gifr-visit", "krcs-isdb-gifr-visit-copy");
        let mut seen = Vec::new();
        ing.ingest_batch_observed(vec![doc(SEED).into(), doc(&other).into()], &mut |p| {
            seen.push(p)
        })
        .unwrap();
        assert_eq!(
            seen,
            [
                Progress::Resolving { articles: 2 },
                Progress::Mapped,
                Progress::Mapped
            ]
        );
        assert_eq!(ing.len(), 2);
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
        let (a, b) = (
            mk("a", r#"{"ar": "سالم الفلاني"}"#),
            mk("b", r#"{"en": "Salem Alfulani"}"#),
        );
        let p = |ing: &Ingester, d: &Document| ing.resolution().article_map(d).remove("p");
        ing.ingest(a.clone()).unwrap();
        ing.ingest(b.clone()).unwrap();
        assert_ne!(p(&ing, &a), p(&ing, &b));
        let r = ing
            .ingest(mk("c", r#"{"ar": "سالم الفلاني", "en": "Salem Alfulani"}"#))
            .unwrap();
        assert_eq!(p(&ing, &a), p(&ing, &b));
        assert!(!r.relinked.is_empty());
        let relinked = ing.retract(&["c".to_owned()]).unwrap();
        assert!(!relinked.is_empty());
        assert_ne!(p(&ing, &a), p(&ing, &b));
    }

    #[test]
    fn a_gazetteer_change_moves_identities_in_the_articles_and_the_entities_graph() {
        let gaz = |entries: &str| {
            Gazetteer::from_sources([(
                "g.json".to_owned(),
                format!(r#"{{"entries": [{entries}]}}"#),
            )])
            .unwrap()
        };
        let foo = r#"{"id": "foo", "type": "organization", "sources": ["https://example.org/"],
                      "name": {"en": "Foo Relief Agency"}}"#;
        let store = Store::in_memory().unwrap();
        let d = doc(
            r#"{"article": {"id": "a", "title": "t", "language": "en", "published": "2025-01-01"},
                "entities": [{"key": "f", "type": "organization", "name": {"en": "Foo Relief Agency"},
                              "aliases": ["FRA"]}],
                "facts": []}"#,
        );
        let mut ing = Ingester::open(&store, gaz("")).unwrap();
        ing.ingest(d.clone()).unwrap();
        let minted = ing.resolution().article_map(&d)["f"].clone();
        assert!(store.has_subject(vocab::GRAPH_ENTITIES, &minted).unwrap());
        drop(ing);
        let ing = Ingester::open(&store, gaz(foo)).unwrap();
        let entry = ing.resolution().article_map(&d)["f"].clone();
        assert_eq!(entry, "https://w3id.org/hpkg/id/org/foo");
        assert!(!store.has_subject(vocab::GRAPH_ENTITIES, &minted).unwrap());
        // The article's alias, which the gazetteer lacks, now describes the entry.
        assert!(store.has_subject(vocab::GRAPH_ENTITIES, &entry).unwrap());
        let article = store.graph_quads(&vocab::article_iri("a")).unwrap();
        assert!(article
            .iter()
            .any(|q| q.object.to_string() == format!("<{entry}>")));
        assert!(!article
            .iter()
            .any(|q| q.object.to_string() == format!("<{minted}>")));
    }

    #[test]
    fn retracting_the_article_of_an_ambiguous_mention_removes_its_description() {
        let store = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
        ing.ingest(doc(
            r#"{"article": {"id": "amb", "title": "t", "language": "en", "published": "2025-01-01"},
                "entities": [{"key": "x", "type": "organization",
                              "name": {"en": "KRCS"}}],
                "facts": []}"#,
        ))
        .unwrap();
        let iri = "https://w3id.org/hpkg/id/org/ambiguous/amb/x";
        assert!(store.has_subject(vocab::GRAPH_ENTITIES, iri).unwrap());
        ing.retract(&["amb".to_owned()]).unwrap();
        assert!(!store.has_subject(vocab::GRAPH_ENTITIES, iri).unwrap());
    }
}
