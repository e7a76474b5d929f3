//! Adding and replacing articles: a batch is staged document by document
//! (each taken parsed, its signatures moved into the resolver at once),
//! then resolved once and written in one transaction.

use super::feed::{Checked, Staged};
use super::report::{count_entities, ArticleReport, Outcome};
use super::{decode, rdf, source_change, IngestError, Ingester, Progress};
use crate::model::{vocab, Document};
use crate::store::GraphChange;
use std::borrow::Cow;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How much of a batch stays parsed, in bytes of canonical JSON, until it
/// is written. One article or a few thousand are held as they came; past
/// this, a batch keeps only the JSON (a tenth of the memory) and decodes
/// those documents once more to map them, so that a transaction of a
/// hundred thousand articles does not take ten times the memory.
const PARSED_BUDGET: usize = 64 << 20;

/// A batch being staged: what [`Ingester::stage`] has taken so far.
#[derive(Default)]
pub(super) struct Batch {
    /// Reports of the articles that change nothing, in input order.
    unchanged: Vec<ArticleReport>,
    /// (id, hash, outcome) of each new or changed article, in input order.
    entries: Vec<(String, String, Outcome)>,
    /// The hash each id has in the batch.
    hashes: HashMap<String, String>,
    /// What each id of the batch replaced in the ingester (its stored JSON,
    /// or nothing), to put back if writing fails.
    previous: BTreeMap<String, Option<Box<str>>>,
    /// The stored versions the batch replaces, out of the resolver.
    replaced: Vec<Document>,
    /// The documents held parsed, by id, and their JSON's size.
    parsed: HashMap<String, Document>,
    parsed_bytes: usize,
}

impl<'s> Ingester<'s> {
    /// Adds or replaces one article, in one transaction.
    pub fn ingest(&mut self, doc: impl Into<Checked>) -> Result<ArticleReport, IngestError> {
        let mut reports = self.ingest_batch(vec![doc.into()])?;
        Ok(reports.pop().expect("one report per document"))
    }

    /// Adds or replaces many articles at once, all or nothing, in one
    /// transaction: identity is resolved once for the whole batch. The
    /// store ends exactly as if the articles had been ingested one by one.
    pub fn ingest_batch(&mut self, docs: Vec<Checked>) -> Result<Vec<ArticleReport>, IngestError> {
        self.ingest_batch_observed(docs, &mut |_| {})
    }

    /// [`ingest_batch`](Self::ingest_batch), telling `progress` what it is
    /// doing: a large batch spends seconds resolving identity, then writes
    /// article after article.
    pub fn ingest_batch_observed(
        &mut self,
        docs: impl IntoIterator<Item = Checked>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<ArticleReport>, IngestError> {
        let mut batch = Batch::default();
        for doc in docs {
            self.stage(&mut batch, doc);
        }
        self.write(batch, progress)
    }

    /// Takes one document into `batch`: an unchanged one is only reported;
    /// a new or changed one replaces its stored version in the ingester's
    /// documents and resolver (put back by [`write`](Self::write) if the
    /// transaction fails). Reports come unchanged ones first, then the
    /// others, each in input order.
    pub(super) fn stage(&mut self, batch: &mut Batch, doc: Checked) {
        let Checked {
            doc,
            staged: Staged { id, hash, json },
            ..
        } = doc;
        if self.hashes.get(&id) == Some(&hash) || batch.hashes.get(&id) == Some(&hash) {
            batch.unchanged.push(ArticleReport::unchanged());
            return;
        }
        let outcome = if self.docs.contains_key(&id) {
            Outcome::Replaced
        } else {
            Outcome::New
        };
        let size = json.len();
        let old = self.docs.insert(id.clone(), json);
        // Identity as it will be: the version this one replaces out, this
        // one in.
        match batch.previous.entry(id.clone()) {
            Entry::Vacant(v) => {
                if let Some(stored) = &old {
                    let stored = decode(stored);
                    self.resolver.remove(&stored);
                    batch.replaced.push(stored);
                }
                v.insert(old);
            }
            Entry::Occupied(_) => {
                // Given earlier in this batch with other content.
                let earlier = batch
                    .parsed
                    .remove(&id)
                    .unwrap_or_else(|| decode(old.as_deref().expect("an earlier version is held")));
                self.resolver.remove(&earlier);
            }
        }
        self.resolver.add(&doc);
        if batch.parsed_bytes + size <= PARSED_BUDGET {
            batch.parsed_bytes += size;
            batch.parsed.insert(id.clone(), doc);
        }
        batch.hashes.insert(id.clone(), hash.clone());
        batch.entries.push((id, hash, outcome));
    }

    /// Resolves identity over the staged batch and writes it, with every
    /// article it re-links, in one transaction.
    pub(super) fn write(
        &mut self,
        batch: Batch,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<ArticleReport>, IngestError> {
        let Batch {
            unchanged: mut reports,
            entries,
            previous,
            replaced,
            parsed,
            ..
        } = batch;
        if entries.is_empty() {
            return Ok(reports);
        }
        progress(Progress::Resolving {
            articles: entries.len(),
        });
        let next = self.resolver.finish(&self.reference);
        let ids: BTreeSet<&str> = entries.iter().map(|(id, _, _)| id.as_str()).collect();
        let (relinks, relinked, mut rebuilt) = self.relink(&next, &ids);
        // Entities whose description loses something (named by a version
        // replaced, or by a re-linked article) are described again from
        // every article naming them; the others only gain what the batch
        // says of them, which is added.
        for old in &replaced {
            rebuilt.extend(self.resolution.article_map(old).into_values());
        }
        // Each article of the batch with its key → IRI map.
        let held = |id: &str| match parsed.get(id) {
            Some(d) => Cow::Borrowed(d),
            None => Cow::Owned(decode(&self.docs[id])),
        };
        let mapped: Vec<(Cow<Document>, BTreeMap<String, String>)> = entries
            .iter()
            .map(|(id, _, _)| {
                let doc = held(id);
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
        for ((id, hash, _), (doc, iris)) in entries.iter().zip(&mapped) {
            additions.add(doc, iris);
            changes.push(GraphChange::whole(
                &vocab::article_iri(id),
                rdf::article_graph_hashed(doc, hash, iris),
            ));
            progress(Progress::Mapped);
            changes.push(source_change(id, [rdf::source_quad(id, &docs[id])].into()));
        }
        changes.extend(relinks);
        let also = ids
            .iter()
            .map(|s| s.to_string())
            .chain(relinked.iter().cloned());
        // The batch's own articles as held, the others decoded.
        let doc_of = |a: &str| match parsed.get(a) {
            Some(d) => Some(Cow::Borrowed(d)),
            None => docs.get(a).map(|json| Cow::Owned(decode(json))),
        };
        changes.extend(self.entity_changes(&doc_of, &next, &rebuilt, &also.collect()));
        changes.extend(
            additions
                .finish(&self.gaz_triples)
                .into_values()
                .filter(|quads| !quads.is_empty())
                .map(|quads| GraphChange::adding(vocab::GRAPH_ENTITIES, quads)),
        );
        if let Err(e) = self.store.apply(&changes) {
            for (id, old) in previous {
                let current = match parsed.get(&id) {
                    Some(d) => Cow::Borrowed(d),
                    None => Cow::Owned(decode(&self.docs[&id])),
                };
                self.resolver.remove(&current);
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
        for (i, ((id, hash, outcome), (doc, iris))) in entries.iter().zip(&mapped).enumerate() {
            let (entities_new, entities_resolved) =
                count_entities(iris.values(), &mut seen, |iri| {
                    let outside = *named_outside
                        .entry(iri.to_owned())
                        .or_insert_with(|| next.named_by_any(iri, |a| !ids.contains(a)));
                    self.reference.names_iri(iri) || outside
                });
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
}
