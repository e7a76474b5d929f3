//! The IRIs hpkg mints and the vocabularies it writes.
//!
//! Everything the ingester writes is named here, so that the mapping, the
//! SHACL shapes and the query library agree on one spelling. Changing a
//! constant changes the data model: update `ontology/hpkg.ttl`,
//! `ontology/shapes.ttl` and the queries with it.

/// Namespace of the hpkg ontology (`hp:`).
pub const HP: &str = "https://w3id.org/hpkg/ontology#";
/// Base of every resource hpkg mints.
pub const ID: &str = "https://w3id.org/hpkg/id/";
/// Base of the named graphs hpkg reserves.
pub const GRAPH: &str = "https://w3id.org/hpkg/graph/";

/// Named graph holding the ontology, so SPARQL can use the class hierarchy.
pub const GRAPH_ONTOLOGY: &str = "https://w3id.org/hpkg/graph/ontology";
/// Named graph holding the reference entities of the gazetteer.
pub const GRAPH_GAZETTEER: &str = "https://w3id.org/hpkg/graph/gazetteer";
/// Named graph reserved for computed scores (graph analytics).
pub const GRAPH_ANALYTICS: &str = "https://w3id.org/hpkg/graph/analytics";
/// Named graph holding what articles say about entities (type, labels,
/// aliases, category, country, part_of, sameAs), each statement once, less
/// what the gazetteer graph already states. Keeping these out of the
/// article graphs means the union default graph has no duplicate triples.
pub const GRAPH_ENTITIES: &str = "https://w3id.org/hpkg/graph/entities";
/// Named graph holding each article's canonical source document, so that
/// identity can be recomputed from everything known.
pub const GRAPH_SOURCES: &str = "https://w3id.org/hpkg/graph/sources";

pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const ORG: &str = "http://www.w3.org/ns/org#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const SCHEMA: &str = "https://schema.org/";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const SH: &str = "http://www.w3.org/ns/shacl#";

/// The prefixes predeclared for SPARQL and used when writing Turtle.
pub const PREFIXES: &[(&str, &str)] = &[
    ("hp", HP),
    ("hpid", ID),
    ("org", ORG),
    ("prov", PROV),
    ("schema", SCHEMA),
    ("skos", SKOS),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("xsd", XSD),
    ("owl", OWL),
    ("dcterms", DCTERMS),
];

/// `hp:` term.
pub fn hp(local: &str) -> String {
    format!("{HP}{local}")
}

/// IRI of an article, which is also the named graph of everything it says.
///
/// ```
/// assert_eq!(
///     hpkg::model::vocab::article_iri("krcs-isdb-gifr-visit"),
///     "https://w3id.org/hpkg/id/article/krcs-isdb-gifr-visit"
/// );
/// ```
pub fn article_iri(id: &str) -> String {
    format!("{ID}article/{id}")
}

/// IRI of the `n`-th fact (1-based, in document order) of an article.
pub fn fact_iri(article_id: &str, n: usize) -> String {
    format!("{ID}article/{article_id}/fact/{n}")
}

/// IRI of a SKOS concept in one of hpkg's schemes (`stage`, `instrument`,
/// `org-category`, `initiative-category`).
pub fn concept_iri(scheme: &str, notation: &str) -> String {
    format!("{ID}concept/{scheme}/{notation}")
}

/// Extracts the article id from an article IRI, if it is one.
pub fn article_id_of(iri: &str) -> Option<&str> {
    iri.strip_prefix(ID)?
        .strip_prefix("article/")
        .filter(|rest| !rest.contains('/'))
}

/// Edit distance between two strings, in characters (Levenshtein).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate nearest to `word` (case-insensitively) within a third of
/// its length in edits, for "did you mean": `None` when nothing is close.
///
/// ```
/// use hpkg::model::vocab::nearest;
/// assert_eq!(nearest("Organisation", ["Organization", "Person"]), Some("Organization"));
/// assert_eq!(nearest("zzz", ["Organization"]), None);
/// ```
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    let budget = 1.max(w.chars().count() / 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&w, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= budget)
        .min()
        .map(|(_, c)| c)
}
