//! Test fixtures shared by the unit tests of several modules (built only
//! under `cfg(test)`): a fixture here keeps a module's tests from
//! importing another module's test code.

use crate::ingest::Ingester;
use crate::model::Document;
use crate::resolve::Gazetteer;
use crate::store::Store;
use std::collections::BTreeMap;

/// A document's JSON and its key → entity IRI map.
pub(crate) type Resolved = (serde_json::Value, BTreeMap<String, String>);

/// A synthetic corpus (seed, size) ingested into an in-memory store:
/// the store and each document, resolved.
pub(crate) fn ingested(seed: u64, articles: usize) -> (Store, Vec<Resolved>) {
    let g = Gazetteer::builtin().unwrap();
    let mut lines = Vec::new();
    crate::synth::generate(articles, seed, &g, |_, l| {
        lines.push(l);
        Ok(())
    })
    .unwrap();
    let store = Store::in_memory().unwrap();
    let mut ing = Ingester::open(&store, g).unwrap();
    let docs: Vec<Document> = lines
        .iter()
        .map(|l| crate::synth::check_line(l).unwrap())
        .collect();
    ing.ingest_batch(docs.iter().cloned().map(Into::into).collect())
        .unwrap();
    let out = lines
        .iter()
        .zip(&docs)
        .map(|(l, d)| {
            (
                serde_json::from_str(l).unwrap(),
                ing.resolution().article_map(d),
            )
        })
        .collect();
    drop(ing);
    (store, out)
}

/// Ingests every document of `files`, one by one, as the article-facts
/// kind parses them; panics on any rejection. Everything outside tests
/// reads through an [`crate::ingest::Feed`].
pub(crate) fn ingest_files(ing: &mut Ingester, files: &[crate::ingest::source::InputFile]) {
    for f in files {
        for unit in crate::ingest::source::read(f) {
            let text = unit.text.unwrap();
            let doc = crate::ingest::kind::default()
                .parse(&unit.origin, &text)
                .unwrap();
            ing.ingest(doc).unwrap();
        }
    }
}
