//! Graph analytics: petgraph views projected from the store, paths with
//! evidence, centralities, communities.
//!
//! This module never imports oxigraph: [`Corpus::load`] asks the store for
//! plain rows (SPARQL results), and everything after that is in memory.
//! Node order comes from sorted IRIs, so every build is deterministic.

pub mod community;
mod load;
pub mod measures;
pub mod paths;
pub mod report;
mod snapshot;
pub mod write;

use crate::model::vocab;
use crate::model::{FactType, Stage};
use crate::store::{QueryOutput, SparqlRequest, Store, StoreError};
use oxrdf::Term;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::Graph;
use std::collections::{BTreeMap, BTreeSet};

/// Errors of the analytics layer.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("unknown projection {0:?}: use partners, network or funding")]
    UnknownProjection(String),
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    #[error("{0}")]
    Invalid(String),
}

/// Which view of the store to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProjectionKind {
    /// Organisation to organisation, undirected, weighted by articles.
    Partners,
    /// Every entity, typed edges.
    Network,
    /// Funder → recipient, directed, weighted by the number of flows.
    Funding,
}

impl ProjectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Partners => "partners",
            Self::Network => "network",
            Self::Funding => "funding",
        }
    }
    pub fn parse(s: &str) -> Result<Self, GraphError> {
        match s {
            "partners" => Ok(Self::Partners),
            "network" => Ok(Self::Network),
            "funding" => Ok(Self::Funding),
            other => Err(GraphError::UnknownProjection(other.to_owned())),
        }
    }
    pub fn directed(self) -> bool {
        self == Self::Funding
    }
}

/// Filters applied while projecting.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Filters {
    /// Keep facts dated on or after this (YYYY, YYYY-MM or YYYY-MM-DD);
    /// an undated fact takes its article's publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Keep only these fact types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<FactType>,
    /// Keep only partnership facts at or above this stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_stage: Option<Stage>,
    /// Drop edges lighter than this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_weight: Option<f64>,
    /// Keep only entities with one of these countries.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Keep only entities with one of these categories.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Merge sub-organisations into their top parent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub rollup: bool,
}

impl Filters {
    /// A stable text form, recorded with written scores.
    pub fn describe(&self) -> String {
        serde_json::to_string(self).expect("filters serialize")
    }
}

/// An entity as the store describes it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EntityInfo {
    pub iri: String,
    pub ty: String,
    /// Labels by language tag (`""` for untagged aliases).
    pub labels: BTreeMap<String, BTreeSet<String>>,
    /// The gazetteer's official names, by language.
    pub official: BTreeMap<String, String>,
    pub category: Option<String>,
    pub country: Option<String>,
    pub parent: Option<String>,
}

impl EntityInfo {
    /// The display label in `lang`, falling back to the other languages:
    /// the gazetteer's name first, then the smallest label.
    pub fn label(&self, lang: &str) -> String {
        if let Some(l) = self.official.get(lang) {
            return l.clone();
        }
        if let Some(l) = self.labels.get(lang).and_then(|s| s.iter().next()) {
            return l.clone();
        }
        for other in ["en", "ar"] {
            if let Some(l) = self.official.get(other) {
                return l.clone();
            }
            if let Some(l) = self.labels.get(other).and_then(|s| s.iter().next()) {
                return l.clone();
            }
        }
        self.labels
            .values()
            .flat_map(|s| s.iter())
            .next()
            .cloned()
            .unwrap_or_else(|| self.iri.clone())
    }
    /// Every label and alias.
    pub fn all_labels(&self) -> BTreeSet<String> {
        self.labels.values().flatten().cloned().collect()
    }
}

/// An article, for evidence.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArticleInfo {
    pub id: String,
    pub title: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A fact with its participants.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FactRow {
    pub iri: String,
    pub ty: FactType,
    pub article: String,
    pub date: Option<String>,
    pub stage: Option<Stage>,
    pub amount: Option<(f64, String)>,
    /// (role, entity IRI), role being the hp: property's local name.
    pub roles: Vec<(String, String)>,
}

impl FactRow {
    fn with<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.roles
            .iter()
            .filter(move |(r, _)| r == role)
            .map(|(_, e)| e.as_str())
    }
}

/// Everything the projections need, read from the store in one pass.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Corpus {
    pub entities: BTreeMap<String, EntityInfo>,
    pub facts: Vec<FactRow>,
    pub articles: BTreeMap<String, ArticleInfo>,
}

fn rows(store: &Store, q: &str) -> Result<Vec<Vec<Option<Term>>>, GraphError> {
    match store.query(&SparqlRequest {
        query: q.to_owned(),
        ..Default::default()
    })? {
        QueryOutput::Solutions { rows, .. } => Ok(rows),
        _ => Ok(Vec::new()),
    }
}

fn s(t: &Option<Term>) -> Option<String> {
    match t {
        Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
        Some(Term::Literal(l)) => Some(l.value().to_owned()),
        _ => None,
    }
}

fn local(iri: &str) -> &str {
    iri.strip_prefix(vocab::HP).unwrap_or(iri)
}

fn fact_type(class: &str) -> Option<FactType> {
    FactType::ALL
        .into_iter()
        .find(|t| t.class() == local(class))
}

impl Corpus {
    /// Reads entities, facts and articles from the store, in one pass
    /// over the predicates they need (see [`load`]), or from the snapshot
    /// the last such reading left in the store's cache directory if the
    /// store has not been written since (see [`snapshot`]): on a large
    /// store the reading takes a minute and the snapshot a second.
    pub fn load(store: &Store) -> Result<Self, GraphError> {
        snapshot::load(store)
    }

    /// Reads the store itself, ignoring any snapshot (for benchmarks and
    /// checks; [`Corpus::load`] is what analytics use).
    pub fn scan(store: &Store) -> Result<Self, GraphError> {
        load::scan(store)
    }

    /// The date a fact is filtered by: its own, or its article's.
    fn when(&self, f: &FactRow) -> Option<String> {
        f.date
            .clone()
            .or_else(|| self.articles.get(&f.article).map(|a| a.date.clone()))
    }

    fn keep_fact(&self, f: &FactRow, filters: &Filters) -> bool {
        if !filters.types.is_empty() && !filters.types.contains(&f.ty) {
            return false;
        }
        if let Some(min) = filters.min_stage {
            if !f.stage.is_some_and(|s| s >= min) {
                return false;
            }
        }
        let when = self.when(f);
        // Dates compare as text at the precision both share: "2024" is
        // within a window since "2024-06" if the year overlaps.
        if let (Some(since), Some(w)) = (&filters.since, &when) {
            let n = since.len().min(w.len());
            if w[..n] < since[..n] {
                return false;
            }
        }
        if let (Some(until), Some(w)) = (&filters.until, &when) {
            let n = until.len().min(w.len());
            if w[..n] > until[..n] {
                return false;
            }
        }
        true
    }
}

/// Results `rank --write` and `communities --write` stored for a
/// projection: scores by entity and measure, and communities by entity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredAnalytics {
    pub scores: BTreeMap<String, BTreeMap<String, f64>>,
    pub communities: BTreeMap<String, i64>,
    /// Every measure with at least one stored score, sorted.
    pub measures: BTreeSet<String>,
}

impl StoredAnalytics {
    /// Reads the analytics graph for one projection.
    pub fn load(store: &Store, kind: ProjectionKind) -> Result<Self, GraphError> {
        let g = vocab::GRAPH_ANALYTICS;
        let p = kind.as_str();
        let mut a = StoredAnalytics::default();
        for r in rows(
            store,
            &format!(
                "SELECT ?e ?m ?v WHERE {{ GRAPH <{g}> {{ ?s a hp:Score ; hp:entity ?e ; hp:measure ?m ;
                   hp:projection \"{p}\" ; hp:value ?v }} }}"
            ),
        )? {
            if let (Some(e), Some(m), Some(v)) = (s(&r[0]), s(&r[1]), s(&r[2]).and_then(|v| v.parse::<f64>().ok())) {
                a.measures.insert(m.clone());
                a.scores.entry(e).or_default().insert(m, v);
            }
        }
        for r in rows(
            store,
            &format!(
                "SELECT ?e ?c WHERE {{ GRAPH <{g}> {{ ?s a hp:CommunityMembership ; hp:entity ?e ;
                   hp:projection \"{p}\" ; hp:community ?c }} }}"
            ),
        )? {
            if let (Some(e), Some(c)) = (s(&r[0]), s(&r[1]).and_then(|v| v.parse::<i64>().ok())) {
                a.communities.insert(e, c);
            }
        }
        Ok(a)
    }
}

/// A node of a projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub iri: String,
    pub ty: String,
    /// Entities merged into this node by `--rollup` (besides itself).
    pub members: Vec<String>,
}

/// One fact's contribution to an edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Fact type, or `part_of`.
    pub ty: String,
    pub fact: Option<String>,
    pub stage: Option<Stage>,
    pub date: Option<String>,
    pub article: Option<String>,
}

/// An edge of a projection, with its evidence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Edge {
    pub weight: f64,
    pub relations: Vec<Relation>,
    pub articles: BTreeSet<String>,
    pub amounts: BTreeMap<String, f64>,
    pub flows: usize,
    seen_facts: std::collections::HashSet<String>,
    seen_relations: std::collections::HashSet<(String, Option<String>)>,
}

impl Edge {
    pub fn types(&self) -> BTreeSet<&str> {
        self.relations.iter().map(|r| r.ty.as_str()).collect()
    }
    pub fn highest_stage(&self) -> Option<Stage> {
        self.relations.iter().filter_map(|r| r.stage).max()
    }
    pub fn first_date(&self) -> Option<&str> {
        self.relations
            .iter()
            .filter_map(|r| r.date.as_deref())
            .min()
    }
    pub fn last_date(&self) -> Option<&str> {
        self.relations
            .iter()
            .filter_map(|r| r.date.as_deref())
            .max()
    }
}

/// A projection: a petgraph graph plus what it was built from. For
/// undirected projections each edge is stored once, from the smaller to the
/// larger node index, and algorithms read it both ways.
#[derive(Debug, Clone)]
pub struct Projection {
    pub kind: ProjectionKind,
    pub filters: Filters,
    pub graph: Graph<Node, Edge>,
    index: BTreeMap<String, NodeIndex>,
}

impl Projection {
    pub fn directed(&self) -> bool {
        self.kind.directed()
    }
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }
    /// The node of an entity IRI (after rollup, the node it was merged into).
    pub fn node_of(&self, iri: &str) -> Option<NodeIndex> {
        self.index.get(iri).copied()
    }
    pub fn node(&self, i: NodeIndex) -> &Node {
        &self.graph[i]
    }
    /// The edge between two nodes, either way round for undirected
    /// projections.
    pub fn edge_between(&self, a: NodeIndex, b: NodeIndex) -> Option<EdgeIndex> {
        self.graph.find_edge(a, b).or_else(|| {
            if self.directed() {
                None
            } else {
                self.graph.find_edge(b, a)
            }
        })
    }
    /// Compact adjacency for the algorithms: for each node, its neighbours
    /// (out-neighbours when directed) with edge weights, in index order.
    pub fn adjacency(&self) -> measures::Adjacency {
        let n = self.graph.node_count();
        let mut out = vec![Vec::new(); n];
        for e in self.graph.edge_indices() {
            let (a, b) = self.graph.edge_endpoints(e).unwrap();
            let w = self.graph[e].weight;
            out[a.index()].push((b.index(), w));
            if !self.directed() {
                out[b.index()].push((a.index(), w));
            }
        }
        for v in &mut out {
            v.sort_by(|x, y| x.0.cmp(&y.0));
        }
        measures::Adjacency::new(out, self.directed())
    }
}

fn clique<'a>(v: &[&'a str], pairs: &mut Vec<(&'a str, &'a str)>) {
    for i in 0..v.len() {
        for j in i + 1..v.len() {
            pairs.push((v[i], v[j]));
        }
    }
}

fn star<'a>(hubs: &[&'a str], spokes: &[&'a str], pairs: &mut Vec<(&'a str, &'a str)>) {
    for h in hubs {
        for s in spokes {
            pairs.push((*h, *s));
        }
    }
}

/// Builds a projection from the corpus.
pub fn project(corpus: &Corpus, kind: ProjectionKind, filters: &Filters) -> Projection {
    // Rollup: each organisation maps to its top ancestor.
    let root = |iri: &str| -> String {
        if !filters.rollup {
            return iri.to_owned();
        }
        let mut cur = iri.to_owned();
        let mut seen = BTreeSet::new();
        while let Some(p) = corpus.entities.get(&cur).and_then(|e| e.parent.clone()) {
            if !seen.insert(cur.clone()) || !corpus.entities.contains_key(&p) {
                break;
            }
            cur = p;
        }
        cur
    };
    let wanted_type = |e: &EntityInfo| match kind {
        ProjectionKind::Partners => e.ty == "Organization",
        ProjectionKind::Network => true,
        ProjectionKind::Funding => e.ty == "Organization" || e.ty == "Initiative",
    };
    let node_ok = |iri: &str| -> bool {
        let Some(e) = corpus.entities.get(iri) else {
            return false;
        };
        if !wanted_type(e) {
            return false;
        }
        if !filters.countries.is_empty()
            && !e
                .country
                .as_ref()
                .is_some_and(|c| filters.countries.contains(c))
        {
            return false;
        }
        if !filters.categories.is_empty()
            && !e
                .category
                .as_ref()
                .is_some_and(|c| filters.categories.contains(c))
        {
            return false;
        }
        true
    };

    // Edges keyed by (from, to), from < to when undirected.
    let mut edges: BTreeMap<(String, String), Edge> = BTreeMap::new();
    let mut nodes: BTreeSet<String> = BTreeSet::new();
    let mut add =
        |a: &str, b: &str, rel: Relation, amount: Option<&(f64, String)>, directed: bool| {
            let (a, b) = (root(a), root(b));
            if a == b || !node_ok(&a) || !node_ok(&b) {
                return; // self-loops (also from rollup) are dropped
            }
            let key = if directed || a < b { (a, b) } else { (b, a) };
            let e = edges.entry(key).or_default();
            if let Some(art) = &rel.article {
                e.articles.insert(art.clone());
            }
            // Hub edges gather thousands of relations: membership is
            // checked in a set, not by scanning the list.
            let fresh_fact = match &rel.fact {
                Some(f) => e.seen_facts.insert(f.clone()),
                None => false,
            };
            if fresh_fact {
                e.flows += 1;
                if let Some((v, cur)) = amount {
                    *e.amounts.entry(cur.clone()).or_default() += v;
                }
            }
            if e.seen_relations.insert((rel.ty.clone(), rel.fact.clone())) {
                e.relations.push(rel);
            }
        };

    for f in &corpus.facts {
        if !corpus.keep_fact(f, filters) {
            continue;
        }
        for (_, ent) in &f.roles {
            let r = root(ent);
            if node_ok(&r) {
                nodes.insert(r);
            }
        }
        let rel = |ty: &str| Relation {
            ty: ty.to_owned(),
            fact: Some(f.iri.clone()),
            stage: f.stage,
            date: f.date.clone(),
            article: Some(f.article.clone()),
        };
        let orgs = |roles: &[&'static str]| -> Vec<&str> {
            let mut v: Vec<&str> = roles
                .iter()
                .flat_map(|r| f.with(r))
                .filter(|e| {
                    corpus
                        .entities
                        .get(*e)
                        .is_some_and(|x| x.ty == "Organization")
                })
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let amt = f.amount.as_ref();
        match kind {
            ProjectionKind::Partners => {
                let members = match f.ty {
                    FactType::Partnership => orgs(&["partner"]),
                    FactType::Meeting => orgs(&["participant", "host"]),
                    FactType::Funding => orgs(&["funder", "recipient"]),
                    FactType::Launch => orgs(&["launchedBy", "partner"]),
                    FactType::Aid => orgs(&["provider"]),
                    FactType::Role | FactType::Beneficiary => Vec::new(),
                };
                for i in 0..members.len() {
                    for j in i + 1..members.len() {
                        add(members[i], members[j], rel(f.ty.as_str()), amt, false);
                    }
                }
            }
            ProjectionKind::Funding => {
                if f.ty == FactType::Funding {
                    for a in f.with("funder") {
                        for b in f.with("recipient") {
                            add(a, b, rel("funding"), amt, true);
                        }
                    }
                }
            }
            ProjectionKind::Network => {
                let ty = f.ty.as_str();
                let mut pairs: Vec<(&str, &str)> = Vec::new();
                let all = |roles: &[&'static str]| -> Vec<&str> {
                    let mut v: Vec<&str> = roles.iter().flat_map(|r| f.with(r)).collect();
                    v.sort();
                    v.dedup();
                    v
                };
                match f.ty {
                    FactType::Role => star(&all(&["person"]), &all(&["organization"]), &mut pairs),
                    FactType::Meeting => {
                        let p = all(&["participant", "host"]);
                        clique(&p, &mut pairs);
                        star(&all(&["topic"]), &p, &mut pairs);
                    }
                    FactType::Partnership => {
                        let p = all(&["partner"]);
                        clique(&p, &mut pairs);
                        star(&all(&["initiative"]), &p, &mut pairs);
                        star(&all(&["signatory"]), &p, &mut pairs);
                    }
                    FactType::Funding => star(&all(&["funder"]), &all(&["recipient"]), &mut pairs),
                    FactType::Launch => star(
                        &all(&["initiative"]),
                        &all(&["launchedBy", "partner"]),
                        &mut pairs,
                    ),
                    FactType::Beneficiary => {
                        let of = all(&["servedBy"]);
                        star(&of, &all(&["group"]), &mut pairs);
                        star(&of, &all(&["areaServed"]), &mut pairs);
                    }
                    FactType::Aid => {
                        let p = all(&["provider"]);
                        star(&p, &all(&["group"]), &mut pairs);
                        star(&p, &all(&["areaServed"]), &mut pairs);
                    }
                }
                for (a, b) in pairs {
                    add(a, b, rel(ty), amt, false);
                }
            }
        }
    }
    if kind == ProjectionKind::Network {
        for e in corpus.entities.values() {
            if let Some(p) = &e.parent {
                if corpus.entities.contains_key(p) {
                    add(
                        &e.iri,
                        p,
                        Relation {
                            ty: "part_of".into(),
                            fact: None,
                            stage: None,
                            date: None,
                            article: None,
                        },
                        None,
                        false,
                    );
                }
            }
        }
    }
    // Weights: articles for partners and network (part_of links count 1),
    // flows for funding.
    for e in edges.values_mut() {
        e.weight = match kind {
            ProjectionKind::Funding => e.flows as f64,
            _ => e.articles.len().max(1) as f64,
        };
        e.relations
            .sort_by(|a, b| (&a.date, &a.ty, &a.fact).cmp(&(&b.date, &b.ty, &b.fact)));
    }
    if let Some(min) = filters.min_weight {
        edges.retain(|_, e| e.weight >= min);
    }
    for (a, b) in edges.keys() {
        nodes.insert(a.clone());
        nodes.insert(b.clone());
    }

    let mut graph: Graph<Node, Edge> = Graph::with_capacity(nodes.len(), edges.len());
    let mut index = BTreeMap::new();
    let mut members: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if filters.rollup {
        for e in corpus.entities.keys() {
            let r = root(e);
            if &r != e {
                members.entry(r).or_default().push(e.clone());
            }
        }
    }
    for iri in &nodes {
        let ty = corpus
            .entities
            .get(iri)
            .map(|e| e.ty.clone())
            .unwrap_or_default();
        let i = graph.add_node(Node {
            iri: iri.clone(),
            ty,
            members: members.get(iri).cloned().unwrap_or_default(),
        });
        index.insert(iri.clone(), i);
    }
    for ((a, b), e) in edges {
        graph.add_edge(index[&a], index[&b], e);
    }
    // Merged members answer to their parent's node.
    for (root_iri, ms) in &members {
        if let Some(&i) = index.get(root_iri) {
            for m in ms {
                index.insert(m.clone(), i);
            }
        }
    }
    Projection {
        kind,
        filters: filters.clone(),
        graph,
        index,
    }
}

#[cfg(test)]
pub(crate) mod properties {
    //! Facts → RDF → projection: what the documents say, counted straight
    //! from their JSON, is what the projections hold.
    use super::*;
    use crate::ingest::Ingester;
    use crate::model::Document;
    use crate::resolve::Gazetteer;
    use proptest::prelude::*;
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(iri: &str, ty: &str) -> EntityInfo {
        EntityInfo {
            iri: iri.into(),
            ty: ty.into(),
            labels: [("en".to_string(), [iri.to_string()].into())].into(),
            ..Default::default()
        }
    }

    fn fact(iri: &str, ty: FactType, article: &str, roles: &[(&str, &str)]) -> FactRow {
        FactRow {
            iri: iri.into(),
            ty,
            article: article.into(),
            date: None,
            stage: Some(Stage::Signed),
            amount: None,
            roles: roles
                .iter()
                .map(|(r, e)| (r.to_string(), e.to_string()))
                .collect(),
        }
    }

    fn corpus() -> Corpus {
        let mut c = Corpus::default();
        for (i, t) in [
            ("a", "Organization"),
            ("b", "Organization"),
            ("c", "Organization"),
            ("p", "Person"),
            ("sub", "Organization"),
        ] {
            c.entities.insert(i.into(), ent(i, t));
        }
        c.entities.get_mut("sub").unwrap().parent = Some("a".into());
        c.facts = vec![
            fact(
                "f1",
                FactType::Partnership,
                "x",
                &[("partner", "a"), ("partner", "b")],
            ),
            fact(
                "f2",
                FactType::Partnership,
                "y",
                &[("partner", "a"), ("partner", "b")],
            ),
            fact(
                "f3",
                FactType::Meeting,
                "y",
                &[
                    ("participant", "b"),
                    ("participant", "sub"),
                    ("participant", "p"),
                ],
            ),
            fact(
                "f4",
                FactType::Role,
                "y",
                &[("person", "p"), ("organization", "c")],
            ),
        ];
        c.articles.insert(
            "x".into(),
            ArticleInfo {
                id: "x".into(),
                title: "x".into(),
                date: "2024-01-01".into(),
                url: None,
            },
        );
        c.articles.insert(
            "y".into(),
            ArticleInfo {
                id: "y".into(),
                title: "y".into(),
                date: "2025-01-01".into(),
                url: None,
            },
        );
        c
    }

    #[test]
    fn partner_edges_are_weighted_by_distinct_articles() {
        let p = project(&corpus(), ProjectionKind::Partners, &Filters::default());
        let (a, b) = (p.node_of("a").unwrap(), p.node_of("b").unwrap());
        let e = &p.graph[p.edge_between(a, b).unwrap()];
        assert_eq!(e.weight, 2.0);
        assert_eq!(e.flows, 2);
        // c only holds a role: an isolated node of the partners projection.
        assert!(p.node_of("c").is_some());
        assert_eq!(p.node_count(), 4);
    }

    #[test]
    fn rollup_merges_a_sub_organisation_and_drops_the_self_loop() {
        let f = Filters {
            rollup: true,
            ..Default::default()
        };
        let p = project(&corpus(), ProjectionKind::Partners, &f);
        assert_eq!(p.node_of("sub"), p.node_of("a"));
        assert!(p.graph.edge_indices().all(|e| {
            let (x, y) = p.graph.edge_endpoints(e).unwrap();
            x != y
        }));
        let (a, b) = (p.node_of("a").unwrap(), p.node_of("b").unwrap());
        assert_eq!(p.graph[p.edge_between(a, b).unwrap()].weight, 2.0);
    }

    #[test]
    fn the_date_window_uses_the_article_date_for_undated_facts() {
        let f = Filters {
            since: Some("2025".into()),
            ..Default::default()
        };
        let p = project(&corpus(), ProjectionKind::Partners, &f);
        let (a, b) = (p.node_of("a").unwrap(), p.node_of("b").unwrap());
        assert_eq!(p.graph[p.edge_between(a, b).unwrap()].weight, 1.0);
    }

    #[test]
    fn type_and_stage_filters_drop_facts() {
        // Only meetings: the a-b partnerships go, the b-sub meeting stays.
        let f = Filters {
            types: vec![FactType::Meeting],
            ..Default::default()
        };
        let p = project(&corpus(), ProjectionKind::Partners, &f);
        assert!(
            p.node_of("a").is_none(),
            "a takes part in partnerships only"
        );
        let (b, s) = (p.node_of("b").unwrap(), p.node_of("sub").unwrap());
        assert!(p.edge_between(b, s).is_some());
        // A minimum stage keeps only facts at or above it: one partnership
        // is made active, every other fact here is "signed".
        let mut c = corpus();
        c.facts[1].stage = Some(Stage::Active);
        let f = Filters {
            min_stage: Some(Stage::Active),
            ..Default::default()
        };
        let p = project(&c, ProjectionKind::Partners, &f);
        let (a, b) = (p.node_of("a").unwrap(), p.node_of("b").unwrap());
        assert_eq!(
            p.graph[p.edge_between(a, b).unwrap()].weight,
            1.0,
            "only the active partnership counts"
        );
        assert!(
            p.node_of("c").is_none(),
            "the signed role fact is below the minimum"
        );
    }

    #[test]
    fn the_network_projection_links_people_to_their_organisations() {
        let p = project(&corpus(), ProjectionKind::Network, &Filters::default());
        let (pp, c) = (p.node_of("p").unwrap(), p.node_of("c").unwrap());
        assert!(p.edge_between(pp, c).is_some());
        let (s, a) = (p.node_of("sub").unwrap(), p.node_of("a").unwrap());
        assert_eq!(
            p.graph[p.edge_between(s, a).unwrap()].types(),
            ["part_of"].into()
        );
    }

    #[test]
    fn nodes_are_ordered_by_iri() {
        let p = project(&corpus(), ProjectionKind::Network, &Filters::default());
        let iris: Vec<&str> = p
            .graph
            .node_indices()
            .map(|i| p.graph[i].iri.as_str())
            .collect();
        let mut sorted = iris.clone();
        sorted.sort();
        assert_eq!(iris, sorted);
    }
}
