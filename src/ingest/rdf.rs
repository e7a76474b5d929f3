//! Maps checked documents and resolved identities to RDF quads.
//!
//! Pure functions: the same document and resolution always give the same
//! quads, so an article's graph can be recomputed and compared with what the
//! store holds. Every resource gets an IRI (no blank nodes), which keeps
//! dumps stable and diffs quiet.

use crate::model::schema;
use crate::model::vocab::{self, hp, DCTERMS, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD};
use crate::model::{Amount, DatePrecision, Document, EntityType, Fact, FactDate, Key, NameMap};
use crate::resolve::Gazetteer;
use oxrdf::{GraphName, Literal, NamedNode, Quad, Term};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Quads of one named graph (a set; sort by N-Quads text for output).
pub type GraphQuads = HashSet<Quad>;

fn nn(iri: impl Into<String>) -> NamedNode {
    // Every IRI reaching here is minted by hpkg or was checked on input.
    NamedNode::new_unchecked(iri)
}

fn typed(value: impl Into<String>, datatype: &str) -> Term {
    Literal::new_typed_literal(value, nn(datatype)).into()
}

fn plain(value: impl Into<String>) -> Term {
    Literal::new_simple_literal(value).into()
}

fn lang(value: &str, tag: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(value, tag).into()
}

struct Builder {
    graph: GraphName,
    quads: GraphQuads,
}

impl Builder {
    fn new(graph: &str) -> Self {
        Self {
            graph: nn(graph).into(),
            quads: HashSet::new(),
        }
    }
    fn add(&mut self, s: &str, p: &str, o: Term) {
        self.quads
            .insert(Quad::new(nn(s), nn(p), o, self.graph.clone()));
    }
    fn iri(&mut self, s: &str, p: &str, o: &str) {
        self.add(s, p, nn(o).into());
    }
    fn names(&mut self, s: &str, p: &str, names: &NameMap) {
        for (l, t) in names.iter() {
            self.add(s, p, lang(t.as_str(), l.as_str()));
        }
    }
}

fn date_term(d: &FactDate) -> Term {
    let dt = match d.precision() {
        DatePrecision::Year => "gYear",
        DatePrecision::Month => "gYearMonth",
        DatePrecision::Day => "date",
    };
    typed(d.as_str(), &format!("{XSD}{dt}"))
}

/// The concept IRI of an entity category.
fn category_iri(ty: EntityType, category: &str) -> Option<String> {
    match ty {
        EntityType::Organization => Some(vocab::concept_iri("org-category", category)),
        EntityType::Initiative => Some(vocab::concept_iri("initiative-category", category)),
        _ => None,
    }
}

/// Writes type, category, country and sameAs, shared by articles and the
/// gazetteer.
fn describe_entity(
    b: &mut Builder,
    iri: &str,
    ty: EntityType,
    category: Option<&str>,
    country: Option<&str>,
    same_as: &[crate::model::Iri],
) {
    b.iri(iri, &format!("{RDF}type"), &hp(ty.class()));
    if let Some(c) = category {
        match category_iri(ty, c) {
            Some(concept) => b.iri(iri, &hp("category"), &concept),
            None => b.add(iri, &hp("groupCategory"), plain(c)),
        }
    }
    if let Some(c) = country {
        b.add(iri, &hp("country"), plain(c));
    }
    for s in same_as {
        b.iri(iri, &format!("{SCHEMA}sameAs"), s.as_str());
    }
}

/// SHA-256 of a document's canonical JSON, recorded to notice changes.
pub fn content_hash(doc: &Document) -> String {
    json_hash(&doc.canonical_json())
}

/// SHA-256 of a canonical JSON text, as [`content_hash`] gives it.
pub fn json_hash(canonical_json: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::resolve::gazetteer::hex(&Sha256::digest(canonical_json.as_bytes()))
}

/// The quads of an article's named graph, its entities named by `iris`
/// (key → IRI, as [`Resolution::article_map`](crate::resolve::Resolution::article_map) gives them).
pub fn article_graph(doc: &Document, iris: &BTreeMap<String, String>) -> GraphQuads {
    article_graph_hashed(doc, &content_hash(doc), iris)
}

/// [`article_graph`] for a document whose [`content_hash`] is known
/// already (the ingester has it from the feed).
pub fn article_graph_hashed(
    doc: &Document,
    hash: &str,
    iris: &BTreeMap<String, String>,
) -> GraphQuads {
    let id = doc.article.id.as_str();
    let a = vocab::article_iri(id);
    let mut b = Builder::new(&a);
    let art = &doc.article;
    b.iri(&a, &format!("{RDF}type"), &hp("Article"));
    b.add(&a, &format!("{DCTERMS}identifier"), plain(id));
    b.add(
        &a,
        &format!("{DCTERMS}title"),
        lang(art.title.as_str(), art.language.as_str()),
    );
    b.add(
        &a,
        &format!("{DCTERMS}language"),
        typed(art.language.as_str(), &format!("{XSD}language")),
    );
    b.add(
        &a,
        &format!("{DCTERMS}issued"),
        typed(art.published.as_str(), &format!("{XSD}date")),
    );
    if let Some(u) = &art.url {
        b.iri(&a, &format!("{SCHEMA}url"), u.as_str());
    }
    if let Some(p) = &art.publisher {
        b.add(&a, &format!("{DCTERMS}publisher"), plain(p.as_str()));
    }
    b.add(&a, &hp("contentHash"), plain(hash));

    let e_iri = |k: &Key| -> String {
        iris.get(k.as_str())
            .unwrap_or_else(|| panic!("resolution covers every key of {id}"))
            .clone()
    };
    for e in &doc.entities {
        b.iri(&a, &format!("{SCHEMA}mentions"), &e_iri(&e.key));
    }

    for (n, fact) in doc.facts.iter().enumerate() {
        let f = vocab::fact_iri(id, n + 1);
        b.iri(&f, &format!("{RDF}type"), &hp(fact.ty().class()));
        b.iri(&f, &format!("{PROV}wasDerivedFrom"), &a);
        let c = fact.common();
        b.add(
            &f,
            &hp("confidence"),
            typed(
                c.confidence.unwrap_or_default().decimal(),
                &format!("{XSD}decimal"),
            ),
        );
        if let Some(d) = &c.date {
            b.add(&f, &format!("{DCTERMS}date"), date_term(d));
        }
        if let Some(ev) = &c.evidence {
            b.add(&f, &hp("evidence"), plain(ev.as_str()));
        }
        // The entities it names, each under its role's property, and under
        // hp:involves, the super-property of them all: the store has no
        // reasoner, so the ontology's "one pattern finds them all" holds
        // only if the triple is written.
        for (role, k) in schema::participants(fact) {
            b.iri(&f, &role.iri(), &e_iri(k));
            if role.involves() {
                b.iri(&f, &hp("involves"), &e_iri(k));
            }
        }
        // The values it carries besides entities.
        let amount = |b: &mut Builder, amt: &Option<Amount>| {
            if let Some(amt) = amt {
                let m = format!("{f}/amount");
                b.iri(&f, &hp("amount"), &m);
                b.iri(
                    &m,
                    &format!("{RDF}type"),
                    &format!("{SCHEMA}MonetaryAmount"),
                );
                b.add(
                    &m,
                    &format!("{SCHEMA}value"),
                    typed(amt.value.decimal(), &format!("{XSD}decimal")),
                );
                b.add(
                    &m,
                    &format!("{SCHEMA}currency"),
                    plain(amt.currency.as_str()),
                );
            }
        };
        match fact {
            Fact::Role { title, .. } => b.names(&f, &hp("title"), title),
            Fact::Partnership {
                stage,
                instrument,
                amount: amt,
                purpose,
                ..
            } => {
                b.iri(
                    &f,
                    &hp("stage"),
                    &vocab::concept_iri("stage", stage.as_str()),
                );
                if let Some(i) = instrument {
                    b.iri(
                        &f,
                        &hp("instrument"),
                        &vocab::concept_iri("instrument", i.as_str()),
                    );
                }
                amount(&mut b, amt);
                if let Some(p) = purpose {
                    b.names(&f, &hp("purpose"), p);
                }
            }
            Fact::Funding {
                amount: amt,
                purpose,
                ..
            } => {
                amount(&mut b, amt);
                if let Some(p) = purpose {
                    b.names(&f, &hp("purpose"), p);
                }
            }
            Fact::Aid { amount: amt, .. } => amount(&mut b, amt),
            Fact::Meeting { .. } | Fact::Launch { .. } | Fact::Beneficiary { .. } => {}
        }
    }
    b.quads
}

/// What the articles say about entities, in the entities graph, gathered
/// one document at a time: type, labels, aliases, category, country,
/// part_of and sameAs from every mention resolving to a wanted IRI, less
/// the triples the gazetteer graph already holds (so no triple is stated
/// twice in the store).
///
/// Gathering by document lets the ingester decode each stored article once
/// instead of keeping every document in memory.
pub struct EntityDescriptions<'w> {
    /// `None` describes every entity met.
    wanted: Option<&'w BTreeSet<String>>,
    found: BTreeMap<String, Builder>,
}

impl<'w> EntityDescriptions<'w> {
    /// Describes the IRIs of `wanted`, and no others.
    pub fn new(wanted: &'w BTreeSet<String>) -> Self {
        Self {
            wanted: Some(wanted),
            found: BTreeMap::new(),
        }
    }

    /// Describes every entity of the documents added.
    pub fn every() -> Self {
        Self {
            wanted: None,
            found: BTreeMap::new(),
        }
    }

    /// Adds what `doc` says about the wanted entities, named by `iris`
    /// (key → IRI, as [`Resolution::article_map`](crate::resolve::Resolution::article_map) gives them).
    pub fn add(&mut self, doc: &Document, iris: &BTreeMap<String, String>) {
        for e in &doc.entities {
            let Some(iri) = iris.get(e.key.as_str()) else {
                continue;
            };
            if self.wanted.is_some_and(|w| !w.contains(iri)) {
                continue;
            }
            let b = self
                .found
                .entry(iri.to_owned())
                .or_insert_with(|| Builder::new(vocab::GRAPH_ENTITIES));
            describe_entity(
                b,
                iri,
                e.ty,
                e.category.as_deref(),
                e.country.as_ref().map(|c| c.as_str()),
                &e.same_as,
            );
            b.names(iri, &format!("{RDFS}label"), &e.name);
            for al in &e.aliases {
                b.add(iri, &format!("{SKOS}altLabel"), plain(al.as_str()));
            }
            if let Some(p) = &e.part_of {
                if let Some(parent) = iris.get(p.as_str()) {
                    b.iri(iri, &format!("{ORG}subOrganizationOf"), parent);
                }
            }
        }
    }

    /// Every wanted IRI with its description; an IRI no document described
    /// comes back empty, so that its old description is removed.
    pub fn finish(mut self, gazetteer: &HashSet<oxrdf::Triple>) -> BTreeMap<String, GraphQuads> {
        let iris: Vec<String> = match self.wanted {
            Some(w) => w.iter().cloned().collect(),
            None => self.found.keys().cloned().collect(),
        };
        iris.into_iter()
            .map(|iri| {
                let mut quads = self.found.remove(&iri).map(|b| b.quads).unwrap_or_default();
                quads.retain(|q| {
                    !gazetteer.contains(&oxrdf::Triple::new(
                        q.subject.clone(),
                        q.predicate.clone(),
                        q.object.clone(),
                    ))
                });
                (iri, quads)
            })
            .collect()
    }
}

/// The triples of a graph's quads (graph names dropped).
pub fn triples(quads: &GraphQuads) -> HashSet<oxrdf::Triple> {
    quads
        .iter()
        .map(|q| oxrdf::Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone()))
        .collect()
}

/// The quad recording an article's canonical source document (its
/// [`Document::canonical_json`]), in the sources graph.
pub fn source_quad(article: &str, canonical_json: &str) -> Quad {
    Quad::new(
        nn(vocab::article_iri(article)),
        nn(hp("sourceDocument")),
        Literal::new_typed_literal(canonical_json, nn(format!("{RDF}JSON"))),
        GraphName::from(nn(vocab::GRAPH_SOURCES)),
    )
}

/// The quads of the gazetteer graph.
pub fn gazetteer_graph(g: &Gazetteer) -> GraphQuads {
    let mut b = Builder::new(vocab::GRAPH_GAZETTEER);
    for e in g.entries() {
        let iri = Gazetteer::iri(e);
        describe_entity(
            &mut b,
            &iri,
            e.ty,
            e.category.as_deref(),
            e.country.as_ref().map(|c| c.as_str()),
            &e.same_as,
        );
        b.add(&iri, &format!("{DCTERMS}identifier"), plain(e.id.as_str()));
        b.names(&iri, &format!("{RDFS}label"), &e.name);
        for al in &e.aliases {
            b.add(&iri, &format!("{SKOS}altLabel"), plain(al.as_str()));
        }
        if let Some(p) = &e.part_of {
            let parent = g.get(p).expect("the gazetteer checks its part_of links");
            b.iri(
                &iri,
                &format!("{ORG}subOrganizationOf"),
                &Gazetteer::iri(parent),
            );
        }
        for s in &e.sources {
            b.iri(&iri, &format!("{DCTERMS}source"), s.as_str());
        }
    }
    b.quads
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawDocument;
    use crate::resolve::resolve;

    fn seed() -> Document {
        let raw: RawDocument = serde_json::from_str(include_str!(
            "../../data/articles/krcs-isdb-gifr-visit.json"
        ))
        .unwrap();
        raw.check().unwrap()
    }

    #[test]
    fn every_quad_of_an_article_is_in_its_own_graph() {
        let doc = seed();
        let g = Gazetteer::builtin().unwrap();
        let res = resolve(&g, [&doc]);
        let quads = article_graph(&doc, &res.article_map(&doc));
        let graph = GraphName::from(nn(vocab::article_iri("krcs-isdb-gifr-visit")));
        assert!(quads.iter().all(|q| q.graph_name == graph));
        assert!(quads.len() > 40);
    }

    #[test]
    fn dates_are_typed_by_precision() {
        assert_eq!(
            date_term(&FactDate::parse("2025").unwrap()).to_string(),
            "\"2025\"^^<http://www.w3.org/2001/XMLSchema#gYear>"
        );
        assert_eq!(
            date_term(&FactDate::parse("2025-11").unwrap()).to_string(),
            "\"2025-11\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>"
        );
    }
}
