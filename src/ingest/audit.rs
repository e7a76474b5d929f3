//! `hpkg check`: a store's invariants, Oxigraph's and hpkg's.

use super::{read_source, IngestError};
use crate::model::vocab::{self, hp};
use crate::store::Store;
use std::collections::BTreeSet;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{source_change, Ingester};
    use crate::resolve::Gazetteer;
    use std::collections::HashSet;

    const SEED: &str = include_str!("../../data/articles/krcs-isdb-gifr-visit.json");

    fn doc(text: &str) -> crate::model::Document {
        serde_json::from_str::<crate::model::RawDocument>(text)
            .unwrap()
            .check()
            .unwrap()
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
