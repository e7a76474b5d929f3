//! Ingest: article facts in, named graphs out, one transaction per article.
//!
//! The [`Ingester`] keeps every stored article's canonical document (the
//! store holds them in the sources graph) as compact JSON text, decoding an
//! article only when it is needed, the mention signatures of all of them
//! (a [`Resolver`]) and the current identity [`Resolution`]. Adding an
//! article adds its signatures and resolves identity again over everything
//! known, then writes, in one transaction, the article's graph and every
//! other article graph whose entity IRIs the new article changed. Nothing
//! is written for a rejected or unchanged article. Large loads of new
//! articles stream through the bulk loader instead ([`bulk`]).

pub mod bulk;
pub mod rdf;
pub mod source;

use crate::model::vocab::{self, hp};
use crate::model::{Document, RawDocument};
use crate::resolve::{Ambiguity, Gazetteer, Resolution, Resolver};
use crate::store::{GraphChange, Store, StoreError};
use oxrdf::{Literal, NamedNode, Quad, Term};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Version of the document → quads mapping. It is part of the digest the
/// store records, so a store built by an older mapping is rewritten on the
/// next write.
const MAPPING_VERSION: &str = "3";

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
    #[error("no article {0:?} in the store: `hpkg query counts` lists what is there")]
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

/// A checked document on its way into the store, held as its canonical
/// JSON: a tenth of the memory of the parsed [`Document`], which matters
/// when one batch holds a hundred thousand articles.
#[derive(Debug, Clone)]
pub struct Staged {
    id: String,
    hash: String,
    json: Box<str>,
}

impl Staged {
    pub fn new(doc: &Document) -> Self {
        let json = doc.canonical_json();
        Self {
            id: doc.article.id.as_str().to_owned(),
            hash: rdf::json_hash(&json),
            json: json.into_boxed_str(),
        }
    }
}

impl From<Document> for Staged {
    fn from(doc: Document) -> Self {
        Self::new(&doc)
    }
}

/// Decodes canonical JSON that hpkg wrote from a checked document, which
/// always reads back: a failure here is a bug, not bad input.
fn decode(json: &str) -> Document {
    serde_json::from_str::<RawDocument>(json)
        .ok()
        .and_then(|raw| raw.check().ok())
        .expect("the canonical JSON of a checked document reads back")
}

/// Checks that an article id is given once per run: the same id with other
/// content in two inputs would otherwise silently replace the first.
#[derive(Default)]
pub struct SeenIds(BTreeMap<String, (source::Origin, String)>);

impl SeenIds {
    pub fn check(
        &mut self,
        origin: &source::Origin,
        doc: &Staged,
    ) -> Result<(), source::Diagnostic> {
        let id = doc.id.clone();
        let hash = doc.hash.clone();
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
        for (subject, object) in store.pairs(&hp("sourceDocument"), vocab::GRAPH_SOURCES)? {
            let article = vocab::article_id_of(&subject)
                .unwrap_or(&subject)
                .to_owned();
            let doc = read_source(&object).map_err(|message| IngestError::CorruptSource {
                article: article.clone(),
                message,
            })?;
            let json = doc.canonical_json();
            hashes.insert(article.clone(), rdf::json_hash(&json));
            docs.insert(article, json.into_boxed_str());
        }
        let mut resolver = Resolver::new();
        for json in docs.values() {
            resolver.add(&decode(json));
        }
        let resolution = resolver.finish(&gazetteer);
        let gaz_triples = rdf::triples(&rdf::gazetteer_graph(&gazetteer));
        let gaz_iris = gazetteer.entries().iter().map(Gazetteer::iri).collect();
        let me = Self {
            store,
            gazetteer,
            gaz_triples,
            gaz_iris,
            docs,
            hashes,
            resolver,
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
            // Identities may have moved: rewrite every article graph, and
            // the entities graph, whose subjects are those identities.
            let mut described = rdf::EntityDescriptions::every();
            for (id, json) in &self.docs {
                let doc = decode(json);
                let iris = self.resolution.article_map(&doc);
                described.add(&doc, &iris);
                changes.push(GraphChange::whole(
                    &vocab::article_iri(id),
                    rdf::article_graph(&doc, &iris),
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

    /// Entities-graph changes for the given IRIs, described from `docs` as
    /// resolved by `res` (an IRI no mention resolves to any more is
    /// emptied). The articles naming them are found through `res`, plus
    /// those of `also` (which hold the IRIs of ambiguous mentions).
    fn entity_changes(
        &self,
        docs: &BTreeMap<String, Box<str>>,
        res: &Resolution,
        iris: &BTreeSet<String>,
        also: &BTreeSet<String>,
    ) -> Vec<GraphChange> {
        let articles: BTreeSet<&str> = iris
            .iter()
            .flat_map(|iri| res.articles_naming(iri))
            .chain(also.iter().map(String::as_str))
            .collect();
        let mut described = rdf::EntityDescriptions::new(iris);
        for a in articles {
            if let Some(json) = docs.get(a) {
                let doc = decode(json);
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
                rdf::article_graph(&doc, &now),
            ));
        }
        (changes, relinked, iris)
    }

    /// Adds or replaces one article, in one transaction.
    pub fn ingest(&mut self, doc: impl Into<Staged>) -> Result<ArticleReport, IngestError> {
        let mut reports = self.ingest_batch(vec![doc.into()])?;
        Ok(reports.pop().expect("one report per document"))
    }

    /// Adds or replaces many articles at once, all or nothing, in one
    /// transaction: identity is resolved once for the whole batch. The
    /// store ends exactly as if the articles had been ingested one by one.
    pub fn ingest_batch(&mut self, docs: Vec<Staged>) -> Result<Vec<ArticleReport>, IngestError> {
        self.ingest_batch_observed(docs, &mut |_| {})
    }

    /// [`ingest_batch`](Self::ingest_batch), telling `progress` what it is
    /// doing: a large batch spends seconds resolving identity, then writes
    /// article after article.
    pub fn ingest_batch_observed(
        &mut self,
        docs: Vec<Staged>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<ArticleReport>, IngestError> {
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
        let mut batch_hash: HashMap<String, String> = HashMap::new();
        let mut previous: BTreeMap<String, Option<Box<str>>> = BTreeMap::new();
        for Staged { id, hash, json } in docs {
            if self.hashes.get(&id) == Some(&hash) || batch_hash.get(&id) == Some(&hash) {
                reports.push(unchanged());
                continue;
            }
            let outcome = if self.docs.contains_key(&id) {
                Outcome::Replaced
            } else {
                Outcome::New
            };
            let old = self.docs.insert(id.clone(), json);
            previous.entry(id.clone()).or_insert(old);
            batch_hash.insert(id.clone(), hash.clone());
            batch.push((id, hash, outcome));
        }
        if batch.is_empty() {
            return Ok(reports);
        }
        progress(Progress::Resolving {
            articles: batch.len(),
        });
        // Identity as it will be: each replaced version out, the new one in.
        let mut replaced = Vec::new();
        for (id, old) in &previous {
            if let Some(old) = old {
                let old = decode(old);
                self.resolver.remove(&old);
                replaced.push(old);
            }
            self.resolver.add(&decode(&self.docs[id]));
        }
        let next = self.resolver.finish(&self.gazetteer);
        let ids: BTreeSet<&str> = batch.iter().map(|(id, _, _)| id.as_str()).collect();
        let (relinks, relinked, mut rebuilt) = self.relink(&next, &ids);
        // Entities whose description loses something (named by a version
        // replaced, or by a re-linked article) are described again from
        // every article naming them; the others only gain what the batch
        // says of them, which is added.
        for old in &replaced {
            rebuilt.extend(self.resolution.article_map(old).into_values());
        }
        // Each article of the batch, decoded once, with its key → IRI map.
        let mapped: Vec<(Document, BTreeMap<String, String>)> = batch
            .iter()
            .map(|(id, _, _)| {
                let doc = decode(&self.docs[id]);
                let iris = next.article_map(&doc);
                (doc, iris)
            })
            .collect();
        let mut grown: BTreeSet<String> = mapped
            .iter()
            .flat_map(|(_, iris)| iris.values().cloned())
            .collect();
        grown.retain(|iri| !rebuilt.contains(iri));
        let docs = &self.docs;
        let mut changes = Vec::new();
        let mut additions = rdf::EntityDescriptions::new(&grown);
        for ((id, _, _), (doc, iris)) in batch.iter().zip(&mapped) {
            additions.add(doc, iris);
            changes.push(GraphChange::whole(
                &vocab::article_iri(id),
                rdf::article_graph(doc, iris),
            ));
            progress(Progress::Mapped);
            changes.push(source_change(id, [rdf::source_quad(id, &docs[id])].into()));
        }
        changes.extend(relinks);
        let also = ids
            .iter()
            .map(|s| s.to_string())
            .chain(relinked.iter().cloned());
        changes.extend(self.entity_changes(docs, &next, &rebuilt, &also.collect()));
        changes.extend(
            additions
                .finish(&self.gaz_triples)
                .into_values()
                .filter(|quads| !quads.is_empty())
                .map(|quads| GraphChange::adding(vocab::GRAPH_ENTITIES, quads)),
        );
        if let Err(e) = self.store.apply(&changes) {
            for (id, old) in previous {
                self.resolver.remove(&decode(&self.docs[&id]));
                match old {
                    Some(d) => self.docs.insert(id, d),
                    None => self.docs.remove(&id),
                };
            }
            for old in &replaced {
                self.resolver.add(old);
            }
            return Err(e.into());
        }
        // Counted as if the batch had come one article at a time: an entity
        // is known if the gazetteer, an article outside the batch, or an
        // earlier article of the batch names it.
        let mut named_outside: HashMap<String, bool> = HashMap::new();
        let mut seen: HashSet<String> = HashSet::new();
        for (i, ((id, hash, outcome), (doc, iris))) in batch.iter().zip(&mapped).enumerate() {
            let mut entities_new = 0;
            let mut entities_resolved = 0;
            let distinct: BTreeSet<&String> = iris.values().collect();
            for iri in distinct {
                let outside = *named_outside
                    .entry(iri.clone())
                    .or_insert_with(|| next.named_by_any(iri, |a| !ids.contains(a)));
                if self.gaz_iris.contains(iri) || seen.contains(iri) || outside {
                    entities_resolved += 1;
                } else {
                    entities_new += 1;
                }
                seen.insert(iri.clone());
            }
            reports.push(ArticleReport {
                outcome: *outcome,
                entities_new,
                entities_resolved,
                ambiguous: next.ambiguities(doc),
                relinked: if i == 0 { relinked.clone() } else { Vec::new() },
            });
            self.hashes.insert(id.clone(), hash.clone());
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
        let mut removed = Vec::new();
        for id in ids {
            let doc = decode(&self.docs[id]);
            self.resolver.remove(&doc);
            removed.push(doc);
        }
        let next = self.resolver.finish(&self.gazetteer);
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
        changes.extend(self.entity_changes(&self.docs, &next, &touched, &also));
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

/// Reads a stored source document (the object of `hp:sourceDocument`)
/// back into a checked document, or says why it does not read.
fn read_source(object: &Term) -> Result<Document, String> {
    let Term::Literal(l) = object else {
        return Err(format!("not a literal: {object}"));
    };
    let raw: RawDocument = serde_json::from_str(l.value()).map_err(|e| e.to_string())?;
    raw.check().map_err(|problems| {
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// What [`audit`] found in a store.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Audit {
    pub quads: usize,
    pub articles: usize,
    /// Each broken invariant, said plainly; empty for a sound store.
    pub problems: Vec<String>,
}

/// Checks a store's invariants: Oxigraph's own (every index agrees), and
/// hpkg's: each article graph has its source document and each source
/// document its article graph, and every source document reads back as a
/// valid document. Read-only: it works while another process writes.
pub fn audit(store: &Store) -> Result<Audit, IngestError> {
    let mut audit = Audit {
        quads: store.len()?,
        ..Audit::default()
    };
    if let Err(e) = store.validate() {
        audit
            .problems
            .push(format!("the store's indexes disagree: {e}"));
    }
    let graphs: BTreeSet<String> = store
        .named_graphs()?
        .into_iter()
        .filter(|g| vocab::article_id_of(g).is_some())
        .collect();
    let mut sources = BTreeSet::new();
    for (subject, object) in store.pairs(&hp("sourceDocument"), vocab::GRAPH_SOURCES)? {
        let id = vocab::article_id_of(&subject)
            .unwrap_or(&subject)
            .to_owned();
        let readable = read_source(&object);
        if let Err(e) = readable {
            audit.problems.push(format!(
                "the source document of article {id:?} does not read back ({e})"
            ));
        }
        sources.insert(subject);
    }
    for g in graphs.difference(&sources) {
        audit
            .problems
            .push(format!("article graph <{g}> has no source document"));
    }
    for g in sources.difference(&graphs) {
        audit
            .problems
            .push(format!("the source document of <{g}> has no article graph"));
    }
    audit.articles = sources.len();
    Ok(audit)
}

/// Parses every document of the inputs without touching a store; used by
/// `hpkg validate` and by ingest.
pub fn check_units(
    units: impl IntoIterator<Item = source::Unit>,
) -> impl Iterator<Item = (source::Origin, Result<Document, Vec<source::Diagnostic>>)> {
    units.into_iter().map(|u| {
        let r = match u.text {
            Ok(t) => source::parse(&u.origin, &t),
            Err(d) => Err(vec![d]),
        };
        (u.origin, r)
    })
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

    #[test]
    fn the_audit_finds_an_article_graph_without_its_source_document() {
        let store = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
        ing.ingest(doc(SEED)).unwrap();
        let sound = audit(&store).unwrap();
        assert!(sound.problems.is_empty(), "{:?}", sound.problems);
        assert_eq!(sound.articles, 1);
        store
            .apply(&[source_change("krcs-isdb-gifr-visit", HashSet::new())])
            .unwrap();
        let broken = audit(&store).unwrap();
        assert_eq!(broken.problems.len(), 1, "{:?}", broken.problems);
        assert!(broken.problems[0].contains("has no source document"));
    }
}
