//! Reads the [`Corpus`] from the store in one pass over the predicates the
//! projections need.
//!
//! Each predicate is read once from its index and joined in hash maps here,
//! so the cost is linear in the quads read. The same reading as SPARQL
//! (kept below as the test's reference) took minutes at 100,000 articles,
//! because the query engine joins facts, dates, stages and amounts row by
//! row.

use super::{ArticleInfo, Corpus, EntityInfo, FactRow, GraphError, NamedEntity};
use crate::model::schema;
use crate::model::vocab::{self, hp, DCTERMS, ORG, PROV, RDF, RDFS, SCHEMA, SKOS};
use crate::model::{EntityType, FactType, Stage};
use crate::store::Store;
use oxrdf::{GraphName, NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeMap, HashMap, HashSet};

fn subject(q: &Quad) -> Option<&str> {
    match &q.subject {
        NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
        NamedOrBlankNode::BlankNode(_) => None,
    }
}

/// An IRI's text or a literal's lexical value, as SPARQL's `STR`.
fn value(t: &Term) -> Option<&str> {
    match t {
        Term::NamedNode(n) => Some(n.as_str()),
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

fn language(t: &Term) -> String {
    match t {
        Term::Literal(l) => l.language().unwrap_or("").to_owned(),
        _ => String::new(),
    }
}

fn in_graph(q: &Quad, graph: &str) -> bool {
    matches!(&q.graph_name, GraphName::NamedNode(n) if n.as_str() == graph)
}

/// Keeps the smallest of the values offered for a key, so that the result
/// does not depend on the order the store returns quads in.
fn keep_min(map: &mut HashMap<String, String>, key: &str, v: &str) {
    match map.get_mut(key) {
        Some(old) if v < old.as_str() => *old = v.to_owned(),
        Some(_) => {}
        None => {
            map.insert(key.to_owned(), v.to_owned());
        }
    }
}

/// Per entity, the smallest value the gazetteer gives, else the smallest
/// any graph gives.
#[derive(Default)]
struct Preferred {
    gazetteer: HashMap<String, String>,
    any: HashMap<String, String>,
}

impl Preferred {
    fn offer(&mut self, entity: &str, v: &str, from_gazetteer: bool) {
        if from_gazetteer {
            keep_min(&mut self.gazetteer, entity, v);
        }
        keep_min(&mut self.any, entity, v);
    }

    fn get(&self, entity: &str) -> Option<String> {
        self.gazetteer
            .get(entity)
            .or_else(|| self.any.get(entity))
            .cloned()
    }
}

/// Reads entities, facts and articles, predicate by predicate.
pub(super) fn scan(store: &Store) -> Result<Corpus, GraphError> {
    let gazetteer = vocab::GRAPH_GAZETTEER;
    let p = |ns: &str, local: &str| format!("{ns}{local}");

    // Classes: which are facts (direct subclasses of hp:Fact, as declared
    // by the ontology), then what every resource is.
    let fact = hp("Fact");
    let mut fact_classes: HashSet<String> = HashSet::new();
    store.scan_predicate(&p(RDFS, "subClassOf"), |q| {
        if matches!(&q.object, Term::NamedNode(o) if o.as_str() == fact) {
            if let Some(s) = subject(&q) {
                fact_classes.insert(s.to_owned());
            }
        }
    })?;
    let entity_classes: HashMap<String, EntityType> = EntityType::ALL
        .iter()
        .map(|t| (hp(t.class()), *t))
        .collect();
    let article_class = hp("Article");
    let mut entity_type: HashMap<String, EntityType> = HashMap::new();
    let mut fact_types: HashMap<String, FactType> = HashMap::new();
    let mut articles: HashSet<String> = HashSet::new();
    store.scan_predicate(&p(RDF, "type"), |q| {
        let (Some(s), Term::NamedNode(c)) = (subject(&q), &q.object) else {
            return;
        };
        let c = c.as_str();
        if let Some(&ty) = entity_classes.get(c) {
            // An entity of two classes takes the one whose name sorts
            // first, as SPARQL's MIN over the class IRIs would.
            let t = entity_type.entry(s.to_owned()).or_insert(ty);
            if ty.class() < t.class() {
                *t = ty;
            }
        } else if fact_classes.contains(c) {
            if let Some(ft) = schema::fact_type_of_class(c) {
                fact_types.insert(s.to_owned(), ft);
            }
        } else if c == article_class {
            articles.insert(s.to_owned());
        }
    })?;

    // Entities: every typed resource an article mentions.
    let mut c = Corpus::default();
    store.scan_predicate(&p(SCHEMA, "mentions"), |q| {
        let Term::NamedNode(e) = &q.object else {
            return;
        };
        if c.entities.contains_key(e.as_str()) {
            return;
        }
        if let Some(&t) = entity_type.get(e.as_str()) {
            c.entities
                .insert(e.as_str().to_owned(), EntityInfo::new(e.as_str(), t));
        }
    })?;
    // The others (the gazetteer's unmentioned entities) are kept for
    // their names only.
    let mut unmentioned: HashMap<String, NamedEntity> = entity_type
        .into_iter()
        .filter(|(e, _)| !c.entities.contains_key(e))
        .map(|(e, ty)| {
            let named = NamedEntity {
                ty,
                labels: Default::default(),
            };
            (e, named)
        })
        .collect();

    // Labels, and the gazetteer's official names.
    for prop in [p(RDFS, "label"), p(SKOS, "altLabel")] {
        let official = prop.ends_with("#label");
        store.scan_predicate(&prop, |q| {
            let (Some(s), Some(l)) = (subject(&q), value(&q.object)) else {
                return;
            };
            let Some(info) = c.entities.get_mut(s) else {
                if let Some(other) = unmentioned.get_mut(s) {
                    other.labels.insert(l.to_owned());
                }
                return;
            };
            let lang = language(&q.object);
            if official && in_graph(&q, gazetteer) {
                match info.official.get_mut(&lang) {
                    Some(old) if l < old.as_str() => *old = l.to_owned(),
                    Some(_) => {}
                    None => {
                        info.official.insert(lang.clone(), l.to_owned());
                    }
                }
            }
            info.labels.entry(lang).or_default().insert(l.to_owned());
        })?;
    }
    c.unmentioned = unmentioned
        .into_iter()
        .filter(|(_, e)| !e.labels.is_empty())
        .collect();

    // Notations of concepts (categories, stages).
    let mut notation: HashMap<String, String> = HashMap::new();
    store.scan_predicate(&p(SKOS, "notation"), |q| {
        if let (Some(s), Some(v)) = (subject(&q), value(&q.object)) {
            keep_min(&mut notation, s, v);
        }
    })?;

    // Category, country and parent: the gazetteer's word first, then the
    // smallest value any article gives.
    let mut category = Preferred::default();
    store.scan_predicate(&hp("category"), |q| {
        let (Some(e), Some(concept)) = (subject(&q), value(&q.object)) else {
            return;
        };
        if let Some(n) = notation.get(concept) {
            category.offer(e, n, in_graph(&q, gazetteer));
        }
    })?;
    let mut country = Preferred::default();
    let mut parent = Preferred::default();
    for (prop, into) in [
        (hp("country"), &mut country),
        (p(ORG, "subOrganizationOf"), &mut parent),
    ] {
        store.scan_predicate(&prop, |q| {
            if let (Some(e), Some(v)) = (subject(&q), value(&q.object)) {
                into.offer(e, v, in_graph(&q, gazetteer));
            }
        })?;
    }
    for (iri, info) in c.entities.iter_mut() {
        info.category = category.get(iri);
        info.country = country.get(iri);
        info.parent = parent.get(iri);
    }

    // Facts: typed, derived from an article; then date, stage, amount and
    // the entities in each role.
    let mut facts: BTreeMap<String, FactRow> = BTreeMap::new();
    store.scan_predicate(&p(PROV, "wasDerivedFrom"), |q| {
        let (Some(f), Some(a)) = (subject(&q), value(&q.object)) else {
            return;
        };
        if let Some(&ty) = fact_types.get(f) {
            facts.entry(f.to_owned()).or_insert_with(|| FactRow {
                iri: f.to_owned(),
                ty,
                article: a.to_owned(),
                date: None,
                stage: None,
                amount: None,
                evidence: None,
                roles: Vec::new(),
            });
        }
    })?;
    drop(fact_types);
    store.scan_predicate(&p(DCTERMS, "date"), |q| {
        if let (Some(f), Some(d)) = (subject(&q), value(&q.object)) {
            if let Some(row) = facts.get_mut(f) {
                if row.date.as_deref().is_none_or(|old| d < old) {
                    row.date = Some(d.to_owned());
                }
            }
        }
    })?;
    store.scan_predicate(&hp("stage"), |q| {
        if let (Some(f), Some(concept)) = (subject(&q), value(&q.object)) {
            if let Some(row) = facts.get_mut(f) {
                row.stage = notation
                    .get(concept)
                    .and_then(|n| Stage::ALL.into_iter().find(|st| st.as_str() == n));
            }
        }
    })?;
    store.scan_predicate(&hp("evidence"), |q| {
        if let (Some(f), Some(note)) = (subject(&q), value(&q.object)) {
            if let Some(row) = facts.get_mut(f) {
                row.evidence = Some(note.to_owned());
            }
        }
    })?;
    let mut amount_of: HashMap<String, String> = HashMap::new();
    store.scan_predicate(&hp("amount"), |q| {
        if let (Some(f), Some(m)) = (subject(&q), value(&q.object)) {
            if facts.contains_key(f) {
                amount_of.insert(m.to_owned(), f.to_owned());
            }
        }
    })?;
    let mut amount_value: HashMap<String, f64> = HashMap::new();
    store.scan_predicate(&p(SCHEMA, "value"), |q| {
        if let (Some(m), Some(v)) = (subject(&q), value(&q.object)) {
            if amount_of.contains_key(m) {
                if let Ok(v) = v.parse::<f64>() {
                    amount_value.insert(m.to_owned(), v);
                }
            }
        }
    })?;
    store.scan_predicate(&p(SCHEMA, "currency"), |q| {
        if let (Some(m), Some(cur)) = (subject(&q), value(&q.object)) {
            if let (Some(f), Some(&v)) = (amount_of.get(m), amount_value.get(m)) {
                if let Some(row) = facts.get_mut(f) {
                    row.amount = Some((v, cur.to_owned()));
                }
            }
        }
    })?;
    for role in schema::roles() {
        store.scan_predicate(&role.iri(), |q| {
            if let (Some(f), Some(e)) = (subject(&q), value(&q.object)) {
                if let Some(row) = facts.get_mut(f) {
                    row.roles.push((role, e.to_owned()));
                }
            }
        })?;
    }
    for row in facts.values_mut() {
        row.roles.sort();
        row.roles.dedup();
    }
    c.facts = facts.into_values().collect();

    // Articles, for evidence and dates.
    let mut fields: [HashMap<String, String>; 4] = Default::default();
    for (i, prop) in [
        p(DCTERMS, "identifier"),
        p(DCTERMS, "title"),
        p(DCTERMS, "issued"),
        p(SCHEMA, "url"),
    ]
    .iter()
    .enumerate()
    {
        store.scan_predicate(prop, |q| {
            if let (Some(a), Some(v)) = (subject(&q), value(&q.object)) {
                if articles.contains(a) {
                    keep_min(&mut fields[i], a, v);
                }
            }
        })?;
    }
    let [ids, titles, issued, urls] = fields;
    for a in articles {
        if let (Some(id), Some(title), Some(date)) = (ids.get(&a), titles.get(&a), issued.get(&a)) {
            c.articles.insert(
                a.clone(),
                ArticleInfo {
                    id: id.clone(),
                    title: title.clone(),
                    date: date.clone(),
                    url: urls.get(&a).cloned(),
                },
            );
        }
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::s;
    use crate::ingest::{source, Ingester};
    use crate::model::schema::Role;
    use crate::resolve::Gazetteer;

    fn rows(store: &Store, q: &str) -> Vec<Vec<Option<Term>>> {
        super::super::rows(store, q).unwrap()
    }

    /// The same reading as SPARQL: the specification the scan must meet.
    fn by_sparql(store: &Store) -> Corpus {
        let g = vocab::GRAPH_GAZETTEER;
        let mut c = Corpus::default();
        for r in rows(
            store,
            "SELECT ?e (MIN(?t) AS ?ty) WHERE { ?a schema:mentions ?e . ?e a ?t .
               VALUES ?t { hp:Organization hp:Person hp:Initiative hp:Place hp:Group } }
             GROUP BY ?e",
        ) {
            let (e, t) = (s(&r[0]).unwrap(), s(&r[1]).unwrap());
            let class = t.strip_prefix(vocab::HP).unwrap();
            let ty = EntityType::ALL
                .into_iter()
                .find(|t| t.class() == class)
                .unwrap();
            c.entities.insert(e.clone(), EntityInfo::new(e, ty));
        }
        // Entities no article mentions, with their labels.
        for r in rows(
            store,
            "SELECT ?e (MIN(?t) AS ?ty) ?l WHERE { ?e a ?t ; rdfs:label|skos:altLabel ?l .
               VALUES ?t { hp:Organization hp:Person hp:Initiative hp:Place hp:Group }
               FILTER NOT EXISTS { ?a schema:mentions ?e } }
             GROUP BY ?e ?l",
        ) {
            let (e, t, l) = (s(&r[0]).unwrap(), s(&r[1]).unwrap(), s(&r[2]).unwrap());
            let class = t.strip_prefix(vocab::HP).unwrap();
            let ty = EntityType::ALL
                .into_iter()
                .find(|t| t.class() == class)
                .unwrap();
            c.unmentioned
                .entry(e)
                .or_insert_with(|| NamedEntity {
                    ty,
                    labels: Default::default(),
                })
                .labels
                .insert(l);
        }
        for r in rows(
            store,
            "SELECT ?e ?l WHERE { ?e rdfs:label|skos:altLabel ?l }",
        ) {
            if let Some(info) = c.entities.get_mut(&s(&r[0]).unwrap()) {
                let lang = language(r[1].as_ref().unwrap());
                info.labels
                    .entry(lang)
                    .or_default()
                    .insert(s(&r[1]).unwrap());
            }
        }
        for r in rows(
            store,
            &format!(
                "SELECT ?e ?lang (MIN(?l) AS ?m) WHERE {{
                   GRAPH <{g}> {{ ?e rdfs:label ?l }} BIND (LANG(?l) AS ?lang) }}
                 GROUP BY ?e ?lang"
            ),
        ) {
            if let Some(info) = c.entities.get_mut(&s(&r[0]).unwrap()) {
                info.official.insert(s(&r[1]).unwrap(), s(&r[2]).unwrap());
            }
        }
        for (prop, pick) in [
            ("hp:category/skos:notation", 0),
            ("hp:country", 1),
            ("org:subOrganizationOf", 2),
        ] {
            let (first, rest) = prop.split_once('/').unwrap_or((prop, ""));
            let tail = if rest.is_empty() {
                "BIND (?x AS ?gv0)".to_owned()
            } else {
                format!("?x {rest} ?gv0")
            };
            let q = format!(
                "SELECT ?e (MIN(?gv) AS ?g) (MIN(STR(?v)) AS ?any) WHERE {{
                   ?e {prop} ?v .
                   OPTIONAL {{ GRAPH <{g}> {{ ?e {first} ?x }} {tail} BIND (STR(?gv0) AS ?gv) }}
                 }} GROUP BY ?e"
            );
            for r in rows(store, &q) {
                let v = s(&r[1]).or_else(|| s(&r[2]));
                if let Some(info) = c.entities.get_mut(&s(&r[0]).unwrap()) {
                    match pick {
                        0 => info.category = v,
                        1 => info.country = v,
                        _ => info.parent = v,
                    }
                }
            }
        }
        let mut facts: BTreeMap<String, FactRow> = BTreeMap::new();
        for r in rows(
            store,
            "SELECT ?f ?c ?a ?d ?st ?v ?cur ?ev WHERE {
               ?f a ?c ; prov:wasDerivedFrom ?a . ?c rdfs:subClassOf hp:Fact .
               OPTIONAL { ?f dcterms:date ?d }
               OPTIONAL { ?f hp:evidence ?ev }
               OPTIONAL { ?f hp:stage/skos:notation ?st }
               OPTIONAL { ?f hp:amount ?m . ?m schema:value ?v ; schema:currency ?cur } }",
        ) {
            let f = s(&r[0]).unwrap();
            let amount = match (s(&r[5]).and_then(|v| v.parse::<f64>().ok()), s(&r[6])) {
                (Some(v), Some(cur)) => Some((v, cur)),
                _ => None,
            };
            facts.insert(
                f.clone(),
                FactRow {
                    iri: f,
                    ty: schema::fact_type_of_class(&s(&r[1]).unwrap()).unwrap(),
                    article: s(&r[2]).unwrap(),
                    date: s(&r[3]),
                    stage: s(&r[4])
                        .and_then(|x| Stage::ALL.into_iter().find(|st| st.as_str() == x)),
                    amount,
                    evidence: s(&r[7]),
                    roles: Vec::new(),
                },
            );
        }
        let values: Vec<String> = Role::ALL
            .iter()
            .map(|r| format!("hp:{}", r.local()))
            .collect();
        for r in rows(
            store,
            &format!(
                "SELECT ?f ?p ?e WHERE {{ ?f ?p ?e . VALUES ?p {{ {} }} }}",
                values.join(" ")
            ),
        ) {
            if let Some(row) = facts.get_mut(&s(&r[0]).unwrap()) {
                let p = s(&r[1]).unwrap();
                let role = Role::parse(p.strip_prefix(vocab::HP).unwrap()).unwrap();
                row.roles.push((role, s(&r[2]).unwrap()));
            }
        }
        for row in facts.values_mut() {
            row.roles.sort();
            row.roles.dedup();
        }
        c.facts = facts.into_values().collect();
        for r in rows(
            store,
            "SELECT ?a ?id ?t ?d ?u WHERE { ?a a hp:Article ; dcterms:identifier ?id ;
               dcterms:title ?t ; dcterms:issued ?d . OPTIONAL { ?a schema:url ?u } }",
        ) {
            c.articles.insert(
                s(&r[0]).unwrap(),
                ArticleInfo {
                    id: s(&r[1]).unwrap(),
                    title: s(&r[2]).unwrap(),
                    date: s(&r[3]).unwrap(),
                    url: s(&r[4]),
                },
            );
        }
        c
    }

    #[test]
    fn the_scan_reads_the_shipped_corpus_as_sparql_does() {
        let store = Store::in_memory().unwrap();
        let mut ing = Ingester::open(&store, Gazetteer::builtin().unwrap()).unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/articles");
        let mut skipped = Vec::new();
        let (files, problems) = source::discover(&[dir.into()], &mut skipped);
        assert!(problems.is_empty() && files.len() > 30);
        crate::testing::ingest_files(&mut ing, &files);
        let scanned = scan(&store).unwrap();
        let expected = by_sparql(&store);
        assert!(scanned.facts.len() > 100 && scanned.entities.len() > 100);
        assert!(scanned.entities.values().any(|e| e.category.is_some()));
        assert!(scanned.facts.iter().any(|f| f.amount.is_some()));
        assert!(scanned.facts.iter().any(|f| f.stage.is_some()));
        assert_eq!(scanned.articles, expected.articles);
        assert_eq!(scanned.facts, expected.facts);
        assert_eq!(scanned.entities, expected.entities);
        assert!(scanned.unmentioned.len() > 10, "the gazetteer's others");
        assert_eq!(scanned.unmentioned, expected.unmentioned);
    }
}
