//! Facts → RDF → projection: what the documents say, counted straight
//! from their JSON, is what the projections hold.

use super::{project, Corpus, Filters, ProjectionKind};
use crate::testing::ingested;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The distinct entity IRIs in a fact's `fields`, of the given types.
fn members(
    fact: &serde_json::Value,
    fields: &[&str],
    types: &BTreeMap<&str, &str>,
    iris: &BTreeMap<String, String>,
    wanted: &[&str],
) -> BTreeSet<String> {
    fields
        .iter()
        .flat_map(|f| match &fact[*f] {
            serde_json::Value::String(k) => vec![k.as_str()],
            serde_json::Value::Array(a) => a.iter().filter_map(|k| k.as_str()).collect(),
            _ => vec![],
        })
        .filter(|k| types.get(k).is_some_and(|t| wanted.contains(t)))
        .map(|k| iris[k].clone())
        .collect()
}

proptest! {
    #![proptest_config(crate::proptest_config(32))]

    #[test]
    fn projections_hold_every_fact_the_documents_state(seed in 0u64..10_000, n in 1usize..30) {
        let (store, docs) = ingested(seed, n);
        let corpus = Corpus::load(&store).unwrap();
        prop_assert_eq!(corpus.articles.len(), n);

        // Facts per type, from the JSON and from the store.
        let mut want: BTreeMap<String, usize> = BTreeMap::new();
        let (mut partner_pairs, mut flows, mut network) = (0usize, 0usize, BTreeSet::new());
        for (doc, iris) in &docs {
            let types: BTreeMap<&str, &str> = doc["entities"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e["key"].as_str().unwrap(), e["type"].as_str().unwrap()))
                .collect();
            for f in doc["facts"].as_array().unwrap() {
                let ty = f["type"].as_str().unwrap();
                *want.entry(ty.to_owned()).or_default() += 1;
                let orgs = |fields: &[&str]| members(f, fields, &types, iris, &["organization"]);
                let k = match ty {
                    "partnership" => orgs(&["partners"]).len(),
                    "meeting" => orgs(&["participants", "host"]).len(),
                    "funding" => orgs(&["funder", "recipient"]).len(),
                    "launch" => orgs(&["by", "partners"]).len(),
                    _ => 0,
                };
                partner_pairs += k * k.saturating_sub(1) / 2;
                if ty == "funding" {
                    let from = members(f, &["funder"], &types, iris, &["organization", "initiative"]);
                    let to = members(f, &["recipient"], &types, iris, &["organization", "initiative"]);
                    flows += from.iter().flat_map(|a| to.iter().filter(move |b| *b != a)).count();
                }
                let all: Vec<&str> = types.values().copied().collect();
                let fields: Vec<&str> = f
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(String::as_str)
                    .filter(|k| !["type", "stage", "instrument", "date", "title", "purpose", "amount"].contains(k))
                    .collect();
                network.extend(members(f, &fields, &types, iris, &all));
            }
        }
        let mut got: BTreeMap<String, usize> = BTreeMap::new();
        for f in &corpus.facts {
            *got.entry(f.ty.as_str().to_owned()).or_default() += 1;
        }
        prop_assert_eq!(&got, &want);

        let filters = Filters::default();
        let partners = project(&corpus, ProjectionKind::Partners, &filters);
        let relations: usize = partners.graph.edge_weights().map(|e| e.relations.len()).sum();
        prop_assert_eq!(relations, partner_pairs, "partner relations");
        let funding = project(&corpus, ProjectionKind::Funding, &filters);
        prop_assert_eq!(funding.graph.edge_weights().map(|e| e.flows).sum::<usize>(), flows, "funding flows");
        // Besides the facts' entities, the network links an entity to
        // its parent organisation (from the gazetteer) when both are in
        // the store.
        for e in corpus.entities.values() {
            if let Some(p) = e.parent.as_ref().filter(|p| corpus.entities.contains_key(*p)) {
                network.extend([e.iri.clone(), p.clone()]);
            }
        }
        let net = project(&corpus, ProjectionKind::Network, &filters);
        let nodes: BTreeSet<String> = net.graph.node_weights().map(|n| n.iri.clone()).collect();
        prop_assert_eq!(nodes, network, "network nodes");
    }
}

/// Every fact type through the writer, the loader and the projections:
/// each reads the fact schema (`model::schema::FACTS`), and this checks
/// that what one writes the next reads, for every row of it.
mod schema_walk {
    use super::super::{project, Corpus, EntityInfo, Filters, ProjectionKind};
    use crate::ingest::{rdf, Ingester};
    use crate::model::schema::{self, Role};
    use crate::model::vocab::{self, RDF};
    use crate::model::{Document, EntityType, FactType, RawDocument};
    use crate::resolve::{resolve, Gazetteer};
    use crate::store::Store;
    use oxrdf::{NamedNode, Quad, Term};
    use serde_json::{json, Value};
    use std::collections::{BTreeMap, BTreeSet};

    /// One fact of the type naming an entity in every participant field
    /// the schema lists, and a place. A new fact type adds its sample here.
    fn sample(ty: FactType) -> Value {
        let mut f = match ty {
            FactType::Role => json!({"person": "per1", "organization": "org1",
                                     "title": {"en": "Director"}}),
            FactType::Meeting => json!({"participants": ["org1", "per1"], "host": "org2",
                                        "topics": ["ini1"]}),
            FactType::Partnership => json!({"partners": ["org1", "org2", "org3"],
                                            "stage": "signed", "initiative": "ini1",
                                            "signatories": ["per1"]}),
            FactType::Funding => json!({"funder": "org1", "recipient": "org2"}),
            FactType::Launch => json!({"initiative": "ini1", "by": ["org1"],
                                       "partners": ["org2", "org3"]}),
            FactType::Beneficiary => json!({"of": "org1", "group": "grp1", "places": ["pla2"]}),
            FactType::Aid => json!({"provider": "org1", "group": "grp1", "places": ["pla2"]}),
        };
        f["type"] = json!(ty.as_str());
        f["place"] = json!("pla1");
        f
    }

    fn document(ty: FactType) -> Document {
        let entity =
            |key: &str, ty: &str, name: &str| json!({"key": key, "type": ty, "name": {"en": name}});
        let doc = json!({
            "article": {"id": format!("walk-{}", ty.as_str()), "title": "A walk",
                        "language": "en", "published": "2025-01-01"},
            "entities": [
                entity("org1", "organization", "Walk Org One"),
                entity("org2", "organization", "Walk Org Two"),
                entity("org3", "organization", "Walk Org Three"),
                entity("per1", "person", "Walk Person"),
                entity("ini1", "initiative", "Walk Fund"),
                entity("grp1", "group", "Walk Group"),
                entity("pla1", "place", "Walk Town"),
                entity("pla2", "place", "Walk Valley"),
            ],
            "facts": [sample(ty)],
        });
        serde_json::from_value::<RawDocument>(doc)
            .unwrap()
            .check()
            .unwrap_or_else(|p| panic!("the {} sample is valid: {p:?}", ty.as_str()))
    }

    /// The (role, entity IRI) pairs the schema says the sample's fact
    /// names, read from its JSON.
    fn expected_roles(ty: FactType, iris: &BTreeMap<String, String>) -> BTreeSet<(Role, String)> {
        let f = sample(ty);
        let row = schema::of(ty);
        let mut want = BTreeSet::new();
        for (field, role) in row.participants.iter().chain(schema::COMMON) {
            let keys: Vec<&str> = match &f[*field] {
                Value::String(k) => vec![k.as_str()],
                Value::Array(ks) => ks.iter().map(|k| k.as_str().unwrap()).collect(),
                other => panic!("the {} sample fills {field:?}, not {other}", ty.as_str()),
            };
            want.extend(keys.into_iter().map(|k| (*role, iris[k].clone())));
        }
        want
    }

    /// The undirected (or directed) pairs of a projection, as IRIs.
    fn pairs(corpus: &Corpus, kind: ProjectionKind) -> BTreeSet<(String, String)> {
        let p = project(corpus, kind, &Filters::default());
        p.graph
            .edge_indices()
            .map(|e| {
                let (a, b) = p.graph.edge_endpoints(e).unwrap();
                (p.graph[a].iri.clone(), p.graph[b].iri.clone())
            })
            .collect()
    }

    fn ordered(a: &str, b: &str, directed: bool) -> (String, String) {
        if directed || a < b {
            (a.to_owned(), b.to_owned())
        } else {
            (b.to_owned(), a.to_owned())
        }
    }

    #[test]
    fn a_fact_type_walks_through_writer_loader_and_projection() {
        for ty in FactType::ALL {
            let row = schema::of(ty);
            let doc = document(ty);
            let g = Gazetteer::builtin().unwrap();
            let iris = resolve(&g, [&doc]).article_map(&doc);
            let want = expected_roles(ty, &iris);

            // Writer: the class, and each participant under its role.
            let fact = vocab::fact_iri(doc.article.id.as_str(), 1);
            let quads = rdf::article_graph(&doc, &iris);
            let has = |p: &str, o: &str| {
                quads.iter().any(|q: &Quad| {
                    q.subject.to_string() == format!("<{fact}>")
                        && q.predicate.as_str() == p
                        && q.object == Term::from(NamedNode::new_unchecked(o))
                })
            };
            assert!(
                has(&format!("{RDF}type"), &vocab::hp(row.class)),
                "{ty:?} class"
            );
            let role_iris: BTreeSet<String> = schema::roles().map(Role::iri).collect();
            let written: BTreeSet<(Role, String)> = quads
                .iter()
                .filter(|q| q.subject.to_string() == format!("<{fact}>"))
                .filter(|q| role_iris.contains(q.predicate.as_str()))
                .map(|q| {
                    let local = q.predicate.as_str().strip_prefix(vocab::HP).unwrap();
                    let Term::NamedNode(o) = &q.object else {
                        panic!("a role links an entity")
                    };
                    (Role::parse(local).unwrap(), o.as_str().to_owned())
                })
                .collect();
            assert_eq!(written, want, "{ty:?} written");

            // Loader: the same fact back, typed, with the same roles.
            let store = Store::in_memory().unwrap();
            let mut ing = Ingester::open(&store, g).unwrap();
            ing.ingest_batch(vec![doc.clone().into()]).unwrap();
            drop(ing);
            let corpus = Corpus::scan(&store).unwrap();
            assert_eq!(corpus.facts.len(), 1, "{ty:?}");
            let f = &corpus.facts[0];
            assert_eq!((f.iri.as_str(), f.ty), (fact.as_str(), ty));
            let read: BTreeSet<(Role, String)> = f.roles.iter().cloned().collect();
            assert_eq!(read, want, "{ty:?} read");

            // Projections: the links the schema's rules give.
            let in_roles = |roles: &[Role]| -> BTreeSet<&str> {
                want.iter()
                    .filter(|(r, _)| roles.contains(r))
                    .map(|(_, e)| e.as_str())
                    .collect()
            };
            let of_type = |e: &str, types: &[EntityType]| {
                corpus
                    .entities
                    .get(e)
                    .is_some_and(|x: &EntityInfo| types.contains(&x.ty))
            };
            let clique = |members: &BTreeSet<&str>| -> BTreeSet<(String, String)> {
                let v: Vec<&str> = members.iter().copied().collect();
                let mut out = BTreeSet::new();
                for i in 0..v.len() {
                    for j in i + 1..v.len() {
                        out.insert(ordered(v[i], v[j], false));
                    }
                }
                out
            };
            let orgs: BTreeSet<&str> = in_roles(row.partners)
                .into_iter()
                .filter(|e| of_type(e, &[EntityType::Organization]))
                .collect();
            assert_eq!(
                pairs(&corpus, ProjectionKind::Partners),
                clique(&orgs),
                "{ty:?} partners"
            );

            let mut network = clique(&in_roles(row.network_clique));
            for (hubs, spokes) in row.network_stars {
                for h in in_roles(hubs) {
                    for s in in_roles(spokes) {
                        if h != s {
                            network.insert(ordered(h, s, false));
                        }
                    }
                }
            }
            assert_eq!(
                pairs(&corpus, ProjectionKind::Network),
                network,
                "{ty:?} network"
            );

            let funders = [EntityType::Organization, EntityType::Initiative];
            let mut flows = BTreeSet::new();
            if let Some((from, to)) = row.flow {
                for a in in_roles(&[from]) {
                    for b in in_roles(&[to]) {
                        if a != b && of_type(a, &funders) && of_type(b, &funders) {
                            flows.insert(ordered(a, b, true));
                        }
                    }
                }
            }
            assert_eq!(
                pairs(&corpus, ProjectionKind::Funding),
                flows,
                "{ty:?} funding"
            );
            let linked = !flows.is_empty() || !network.is_empty();
            assert!(linked, "the {ty:?} sample links something");
        }
    }
}
