//! The streaming bulk path: a large batch of new articles read twice, never
//! held.
//!
//! The first read gathers identity: each document leaves only its mention
//! signatures (see [`crate::resolve::identity`]) and its id and hash. Then
//! identity is resolved once. The second read maps each article to quads as
//! it comes and hands them to Oxigraph's bulk loader, gathering entity
//! descriptions on the way. So memory follows the number of distinct
//! signatures and entities, plus a few dozen bytes per article and mention
//! (ids, hashes, which articles name which signature), not the size of the
//! input.
//!
//! The stream takes only batches whose every quad is new: articles new to
//! the store, re-linking no stored article, describing no entity the store
//! already describes. Anything else is a change to what is stored and goes
//! through one transaction ([`Ingester::ingest_batch`]), so the semantics
//! are those of ingesting the articles one by one either way.
//!
//! Either way the second read must give what the first gave: a digest of
//! every accepted (id, hash) in order is compared before anything is
//! committed.

use super::batch::Batch;
use super::feed::{Checked, Staged};
use super::report::count_entities;
use super::{rdf, ArticleReport, IngestError, Ingester, Outcome, Progress, BULK_MIN};
use crate::model::vocab;
use crate::resolve::{Resolution, Resolver};
use oxrdf::Quad;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap, HashSet};

/// What the first read learnt of one new article.
struct Planned {
    hash: String,
    /// Whether the second read has loaded it.
    loaded: bool,
}

/// Folds one accepted document into a read's digest.
fn fold(digest: &mut Sha256, staged: &Staged) {
    digest.update(staged.id.as_bytes());
    digest.update([0]);
    digest.update(staged.hash.as_bytes());
    digest.update([b'\n']);
}

/// A batch being read for the first time. See the [module docs](self).
pub struct BulkPlan<'s> {
    ing: Ingester<'s>,
    resolver: Resolver,
    batch: HashMap<String, Planned>,
    /// Whether every article so far is new to the store.
    all_new: bool,
    digest: Sha256,
}

/// How a planned batch goes in. (One value per run, moved once: its size
/// does not matter.)
#[allow(clippy::large_enum_variant)]
pub enum Bulk<'s> {
    /// Streamed through the bulk loader by [`BulkLoad::load`].
    Stream(BulkLoad<'s>),
    /// Not a pure insert (or too small): one transaction, by
    /// [`BatchLoad::load`].
    Transaction(BatchLoad<'s>),
}

/// A batch ready to stream into the store.
pub struct BulkLoad<'s> {
    ing: Ingester<'s>,
    next: Resolution,
    batch: HashMap<String, Planned>,
    /// IRIs stored articles name.
    stored: BTreeSet<String>,
    digest: [u8; 32],
}

/// A batch to read again and write in one transaction.
pub struct BatchLoad<'s> {
    ing: Ingester<'s>,
    digest: [u8; 32],
}

impl<'s> Ingester<'s> {
    /// Starts a streaming bulk load (see [`bulk`](self)): identity over the
    /// stored articles is gathered now, the batch's by [`BulkPlan::add`].
    pub fn plan_bulk(self) -> BulkPlan<'s> {
        // A copy: should the batch go through a transaction after all, the
        // ingester's own resolver must still hold the stored articles only.
        let resolver = self.resolver.clone();
        BulkPlan {
            ing: self,
            resolver,
            batch: HashMap::new(),
            all_new: true,
            digest: Sha256::new(),
        }
    }
}

impl<'s> BulkPlan<'s> {
    /// Takes one checked document of the first read. Give each accepted
    /// document, duplicates included, in the order the second read will.
    pub fn add(&mut self, doc: &Checked) {
        let staged = &doc.staged;
        fold(&mut self.digest, staged);
        let stored = self.ing.hashes.get(&staged.id);
        if stored == Some(&staged.hash) || self.batch.contains_key(&staged.id) {
            return; // unchanged, or given twice (the same content)
        }
        if stored.is_some() {
            self.all_new = false;
            return;
        }
        self.batch.insert(
            staged.id.clone(),
            Planned {
                hash: staged.hash.clone(),
                loaded: false,
            },
        );
        self.resolver.add(&doc.doc);
    }

    /// Resolves identity and decides how the batch goes in.
    pub fn prepare(self, progress: &mut dyn FnMut(Progress)) -> Result<Bulk<'s>, IngestError> {
        let Self {
            ing,
            resolver,
            batch,
            all_new,
            digest,
        } = self;
        let digest: [u8; 32] = digest.finalize().into();
        let transaction = |ing| Ok(Bulk::Transaction(BatchLoad { ing, digest }));
        if !all_new || batch.len() < BULK_MIN {
            return transaction(ing);
        }
        progress(Progress::Resolving {
            articles: batch.len(),
        });
        let next = resolver.finish(&ing.reference);
        let ids: BTreeSet<&str> = batch.keys().map(String::as_str).collect();
        if !next.relinked_since(&ing.resolution, &ids).is_empty() {
            return transaction(ing);
        }
        // Ambiguous mentions' IRIs are the batch's own (article and key),
        // so no stored description can hold them.
        for iri in &next.iris_named_by(|a| batch.contains_key(a)) {
            if ing.store.has_subject(vocab::GRAPH_ENTITIES, iri)? {
                return transaction(ing);
            }
        }
        let stored = next.iris_named_by(|a| !batch.contains_key(a));
        Ok(Bulk::Stream(BulkLoad {
            ing,
            next,
            batch,
            stored,
            digest,
        }))
    }
}

/// Checks that a second read gave what the first did.
fn same_read(first: &[u8; 32], second: Sha256, at: &str) -> Result<(), IngestError> {
    let second: [u8; 32] = second.finalize().into();
    if *first == second {
        Ok(())
    } else {
        Err(IngestError::InputChanged { at: at.to_owned() })
    }
}

impl BatchLoad<'_> {
    /// The second read, written in one transaction
    /// ([`Ingester::ingest_batch`]) if it gives what the first did. The
    /// ingester is this load's own: if the reads differ, what was staged
    /// goes with it, and nothing is written.
    pub fn load(
        self,
        docs: impl Iterator<Item = Checked>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<ArticleReport>, IngestError> {
        let Self { mut ing, digest } = self;
        let mut second = Sha256::new();
        let mut batch = Batch::default();
        for doc in docs {
            fold(&mut second, &doc.staged);
            ing.stage(&mut batch, doc);
        }
        same_read(&digest, second, "the input")?;
        ing.write(batch, progress)
    }
}

impl BulkLoad<'_> {
    /// How many new articles the batch holds.
    pub fn len(&self) -> usize {
        self.batch.len()
    }

    /// Whether the batch holds no new article.
    pub fn is_empty(&self) -> bool {
        self.batch.is_empty()
    }

    /// The second read: maps every document as it comes and loads the lot,
    /// all or nothing. `docs` must give the same documents as the first
    /// read; if it does not (the input changed in between), nothing is
    /// written and the error says where.
    ///
    /// `report` hears of each article as it is mapped: the reports stand
    /// only if this returns `Ok`, or [`IngestError::Compaction`], which
    /// comes after the articles are written.
    pub fn load(
        self,
        docs: impl Iterator<Item = Checked>,
        progress: &mut dyn FnMut(Progress),
        report: &mut dyn FnMut(ArticleReport),
    ) -> Result<(), IngestError> {
        let Self {
            ing,
            next,
            mut batch,
            stored,
            digest,
        } = self;
        let mut mapper = Mapper {
            ing: &ing,
            next: &next,
            stored: &stored,
            batch: &mut batch,
            descriptions: Some(rdf::EntityDescriptions::every()),
            seen: HashSet::new(),
            digest: Some(Sha256::new()),
            expected: digest,
        };
        let mut docs = docs;
        let mut pending = Vec::new().into_iter();
        let mut articles_done = false;
        let mut finished = false;
        let quads = std::iter::from_fn(|| loop {
            if let Some(q) = pending.next() {
                return Some(Ok(q));
            }
            if finished {
                return None;
            }
            let more = if articles_done {
                finished = true;
                mapper.finish()
            } else if let Some(doc) = docs.next() {
                mapper.map(doc, progress, report)
            } else {
                articles_done = true;
                Ok(Vec::new())
            };
            match more {
                Ok(quads) => pending = quads.into_iter(),
                Err(e) => {
                    finished = true;
                    return Some(Err(e));
                }
            }
        });
        ing.store.bulk_insert(quads)?;
        ing.store
            .compact()
            .map_err(|e| IngestError::Compaction(e.to_string()))
    }
}

/// The second read's state: what is loaded, described and seen so far.
struct Mapper<'a> {
    ing: &'a Ingester<'a>,
    next: &'a Resolution,
    stored: &'a BTreeSet<String>,
    batch: &'a mut HashMap<String, Planned>,
    descriptions: Option<rdf::EntityDescriptions<'static>>,
    /// IRIs named by the batch's articles so far.
    seen: HashSet<String>,
    digest: Option<Sha256>,
    expected: [u8; 32],
}

impl Mapper<'_> {
    /// The quads of one document of the second read.
    fn map(
        &mut self,
        doc: Checked,
        progress: &mut dyn FnMut(Progress),
        report: &mut dyn FnMut(ArticleReport),
    ) -> Result<Vec<Quad>, IngestError> {
        let Checked {
            origin,
            doc,
            staged,
        } = doc;
        if let Some(d) = self.digest.as_mut() {
            fold(d, &staged);
        }
        if self.ing.hashes.get(&staged.id) == Some(&staged.hash) {
            report(ArticleReport::unchanged());
            return Ok(Vec::new());
        }
        let planned = self
            .batch
            .get_mut(&staged.id)
            .filter(|p| p.hash == staged.hash)
            .ok_or_else(|| IngestError::InputChanged {
                at: origin.to_string(),
            })?;
        if planned.loaded {
            report(ArticleReport::unchanged()); // given twice, with the same content
            return Ok(Vec::new());
        }
        planned.loaded = true;
        let next = self.next;
        let iris = next.article_map(&doc);
        if let Some(d) = self.descriptions.as_mut() {
            d.add(&doc, &iris);
        }
        // Counted as if the batch came one article at a time: an entity is
        // known if the gazetteer, a stored article or an earlier article of
        // the batch names it.
        let (ing, stored) = (self.ing, self.stored);
        let (entities_new, entities_resolved) =
            count_entities(iris.values(), &mut self.seen, |iri| {
                ing.reference.names_iri(iri) || stored.contains(iri)
            });
        report(ArticleReport {
            outcome: Outcome::New,
            entities_new,
            entities_resolved,
            ambiguous: next.ambiguities(&doc),
            relinked: Vec::new(),
        });
        progress(Progress::Mapped);
        let mut quads: Vec<Quad> = rdf::article_graph_hashed(&doc, &staged.hash, &iris)
            .into_iter()
            .collect();
        quads.push(rdf::source_quad(&staged.id, &staged.json));
        Ok(quads)
    }

    /// After the last document: checks that the second read gave every
    /// article of the first, and gives the entity descriptions.
    fn finish(&mut self) -> Result<Vec<Quad>, IngestError> {
        let second = self.digest.take().expect("finished once");
        let mut missing: Vec<&String> = self
            .batch
            .iter()
            .filter(|(_, p)| !p.loaded)
            .map(|(id, _)| id)
            .collect();
        missing.sort();
        if let Some(id) = missing.first() {
            return Err(IngestError::InputChanged {
                at: format!("article {id:?} (read the first time, missing the second)"),
            });
        }
        same_read(&self.expected, second, "the input")?;
        let d = self.descriptions.take().expect("finished once");
        Ok(d.finish(&self.ing.gaz_triples)
            .into_values()
            .flatten()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::source::{self, Origin};
    use crate::model::Document;
    use crate::resolve::Gazetteer;
    use crate::store::Store;

    /// Synthetic articles (labelled so by the generator).
    fn synthetic(n: usize, seed: u64) -> Vec<Document> {
        let mut out = Vec::new();
        crate::synth::generate(n, seed, &Gazetteer::builtin().unwrap(), |_, l| {
            out.push(crate::synth::check_line(&l).unwrap());
            Ok(())
        })
        .unwrap();
        out
    }

    fn origin(n: usize) -> Origin {
        Origin {
            file: "synthetic.jsonl".into(),
            jsonl_line: Some(n + 1),
        }
    }

    fn plan<'s>(store: &'s Store, docs: &[Document]) -> BulkPlan<'s> {
        let mut plan = Ingester::open(store, Gazetteer::builtin().unwrap())
            .unwrap()
            .plan_bulk();
        for (i, d) in docs.iter().enumerate() {
            plan.add(&Checked::new(origin(i), d.clone()));
        }
        plan
    }

    fn stream(plan: BulkPlan, docs: Vec<Document>) -> Result<Vec<ArticleReport>, IngestError> {
        let Bulk::Stream(load) = plan.prepare(&mut |_| {}).unwrap() else {
            panic!("a batch of new articles streams");
        };
        let mut reports = Vec::new();
        let docs = docs
            .into_iter()
            .enumerate()
            .map(|(i, d)| Checked::new(origin(i), d));
        load.load(docs, &mut |_| {}, &mut |r| reports.push(r))?;
        Ok(reports)
    }

    /// The shipped articles, then synthetic ones.
    fn shipped_and_synthetic() -> Vec<Document> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let mut docs: Vec<Document> = files
            .iter()
            .map(|f| {
                let origin = Origin {
                    file: f.display().to_string(),
                    jsonl_line: None,
                };
                source::parse(&origin, &std::fs::read_to_string(f).unwrap()).unwrap()
            })
            .collect();
        docs.extend(synthetic(300, 29));
        docs
    }

    #[test]
    fn memory_and_rocksdb_stores_hold_identical_quads_on_both_paths() {
        let docs = shipped_and_synthetic();
        let dir = tempfile::tempdir().unwrap();
        let mut dumps = Vec::new();
        for (backend, bulk) in [
            ("memory", false),
            ("rocksdb", false),
            ("memory", true),
            ("rocksdb", true),
        ] {
            let store = if backend == "memory" {
                Store::in_memory().unwrap()
            } else {
                Store::open(&dir.path().join(format!("store-{bulk}"))).unwrap()
            };
            if bulk {
                stream(plan(&store, &docs), docs.clone()).unwrap();
            } else {
                let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
                for d in &docs {
                    ing.ingest(d.clone()).unwrap();
                }
            }
            let quads = store.sorted_quads(None).unwrap();
            assert!(quads.len() > 10_000, "{backend}: {} quads", quads.len());
            dumps.push((format!("{backend}, bulk {bulk}"), quads));
        }
        for (what, quads) in &dumps[1..] {
            assert!(
                quads == &dumps[0].1,
                "{what} differs from {}: {} against {} quads",
                dumps[0].0,
                quads.len(),
                dumps[0].1.len()
            );
        }
    }

    #[test]
    fn the_stream_writes_and_reports_what_one_transaction_batch_does() {
        let mut docs = synthetic(300, 11);
        docs.push(docs[3].clone()); // given twice: unchanged the second time
                                    // A mention that could be either of two gazetteer entries.
        docs.push(
            serde_json::from_str::<crate::model::RawDocument>(
                r#"{"article": {"id": "amb", "title": "t", "language": "en", "published": "2025-01-01",
                                "publisher": "synthetic"},
                    "entities": [{"key": "x", "type": "organization",
                                  "name": {"en": "KRCS"}}],
                    "facts": []}"#,
            )
            .unwrap()
            .check()
            .unwrap(),
        );
        let streamed = Store::in_memory().unwrap();
        let reports = stream(plan(&streamed, &docs), docs.clone()).unwrap();
        let batched = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&batched, Gazetteer::builtin().unwrap()).unwrap();
        let expected = ing
            .ingest_batch(docs.iter().cloned().map(Checked::from).collect())
            .unwrap();
        // The batch reports in input order with unchanged duplicates first
        // met; compare as multisets of (outcome, counts, ambiguities).
        let key = |r: &ArticleReport| {
            (
                format!("{:?}", r.outcome),
                r.entities_new,
                r.entities_resolved,
                format!("{:?}", r.ambiguous),
            )
        };
        let mut a: Vec<_> = reports.iter().map(key).collect();
        let mut b: Vec<_> = expected.iter().map(key).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert_eq!(reports.len(), 302);
        assert_eq!(reports.iter().map(|r| r.ambiguous.len()).sum::<usize>(), 1);
        let ambiguous = "https://w3id.org/hpkg/id/org/ambiguous/amb/x";
        assert!(streamed
            .has_subject(vocab::GRAPH_ENTITIES, ambiguous)
            .unwrap());
        assert!(streamed.sorted_quads(None).unwrap() == batched.sorted_quads(None).unwrap());
    }

    #[test]
    fn an_input_that_changed_between_the_reads_writes_nothing() {
        let docs = synthetic(150, 12);
        let store = Store::in_memory().unwrap();
        // A document edited after the first read.
        let mut edited = docs.clone();
        edited[40].article.title = crate::model::Text::parse("edited").unwrap();
        let first = plan(&store, &docs);
        let before = store.sorted_quads(None).unwrap();
        let err = stream(first, edited).unwrap_err();
        assert!(
            err.to_string()
                .contains("synthetic.jsonl:41: the input changed"),
            "{err}"
        );
        assert!(
            store.sorted_quads(None).unwrap() == before,
            "the store changed"
        );
        // A document gone by the second read.
        let mut shorter = docs.clone();
        let gone = shorter.pop().unwrap();
        let err = stream(plan(&store, &docs), shorter).unwrap_err();
        assert!(err.to_string().contains(gone.article.id.as_str()), "{err}");
        assert!(
            store.sorted_quads(None).unwrap() == before,
            "the store changed"
        );
    }

    /// A store holding the first of `n` synthetic articles, and the batch
    /// with that first article changed (a replacement).
    fn first_stored_then_changed(n: usize, seed: u64) -> (Store, Vec<Document>) {
        let mut docs = synthetic(n, seed);
        let store = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
        ing.ingest(docs[0].clone()).unwrap();
        drop(ing);
        docs[0].article.title = crate::model::Text::parse("changed").unwrap();
        (store, docs)
    }

    #[test]
    fn a_transaction_batch_whose_second_read_differs_writes_nothing() {
        let (store, changed) = first_stored_then_changed(120, 15);
        let Bulk::Transaction(batch) = plan(&store, &changed).prepare(&mut |_| {}).unwrap() else {
            panic!("a replacement goes through a transaction");
        };
        let before = store.sorted_quads(None).unwrap();
        // One line fewer the second time.
        let second = changed[..119]
            .iter()
            .enumerate()
            .map(|(i, d)| Checked::new(origin(i), d.clone()));
        let err = batch.load(second, &mut |_| {}).unwrap_err();
        assert!(err.to_string().contains("the input changed"), "{err}");
        assert!(
            store.sorted_quads(None).unwrap() == before,
            "the store changed"
        );
    }

    #[test]
    fn a_batch_touching_stored_articles_goes_through_a_transaction() {
        let (store, changed) = first_stored_then_changed(150, 13);
        let prepared = plan(&store, &changed).prepare(&mut |_| {}).unwrap();
        assert!(matches!(prepared, Bulk::Transaction(_)));
        // Too small a batch.
        let small = plan(&store, &changed[1..20]).prepare(&mut |_| {}).unwrap();
        assert!(matches!(small, Bulk::Transaction(_)));
    }
}
