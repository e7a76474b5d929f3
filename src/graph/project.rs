//! Projections: petgraph views of the [`Corpus`], with filters and rollup.
//! Which entities a fact links, and how, is read from the fact schema
//! ([`schema::FACTS`]); node order comes from sorted IRIs, so every build
//! is deterministic.

use super::adjacency::Adjacency;
use super::corpus::{Corpus, EntityInfo};
use super::GraphError;
use crate::model::schema::{self, Role};
use crate::model::{EntityType, FactType, Stage};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::Graph;
use std::collections::{BTreeMap, BTreeSet};

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

/// A node of a projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub iri: String,
    pub ty: EntityType,
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
    /// The article's evidence note for the fact.
    pub evidence: Option<String>,
}

/// An edge of a projection, with its evidence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Edge {
    pub weight: f64,
    pub relations: Vec<Relation>,
    pub articles: BTreeSet<String>,
    /// Money on the edge by currency: each sum an article reports counted
    /// once (see `seen_sums`).
    pub amounts: BTreeMap<String, f64>,
    pub flows: usize,
    seen_facts: std::collections::HashSet<String>,
    /// (article, currency, amount) already in `amounts`. An article that
    /// records one grant twice, as a partnership with an amount and as the
    /// funding fact, reports one sum: the same two ends, amount and
    /// currency within one article count once.
    seen_sums: std::collections::HashSet<(String, String, u64)>,
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
    pub fn adjacency(&self) -> Adjacency {
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
            v.sort_by_key(|x| x.0);
        }
        Adjacency::new(out, self.directed())
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
        ProjectionKind::Partners => e.ty == EntityType::Organization,
        ProjectionKind::Network => true,
        ProjectionKind::Funding => {
            matches!(e.ty, EntityType::Organization | EntityType::Initiative)
        }
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
                    let sum = (
                        rel.article.clone().unwrap_or_default(),
                        cur.clone(),
                        v.to_bits(),
                    );
                    if e.seen_sums.insert(sum) {
                        *e.amounts.entry(cur.clone()).or_default() += v;
                    }
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
            evidence: f.evidence.clone(),
        };
        let row = schema::of(f.ty);
        // The distinct entities in some roles, sorted.
        let all = |roles: &[Role]| -> Vec<&str> {
            let mut v: Vec<&str> = roles.iter().flat_map(|r| f.with(*r)).collect();
            v.sort();
            v.dedup();
            v
        };
        let amt = f.amount.as_ref();
        let ty = f.ty.as_str();
        match kind {
            ProjectionKind::Partners => {
                let mut members = all(row.partners);
                members.retain(|e| {
                    corpus
                        .entities
                        .get(*e)
                        .is_some_and(|x| x.ty == EntityType::Organization)
                });
                for i in 0..members.len() {
                    for j in i + 1..members.len() {
                        add(members[i], members[j], rel(ty), amt, false);
                    }
                }
            }
            ProjectionKind::Funding => {
                if let Some((from, to)) = row.flow {
                    for a in f.with(from) {
                        for b in f.with(to) {
                            add(a, b, rel(ty), amt, true);
                        }
                    }
                }
            }
            ProjectionKind::Network => {
                let mut pairs: Vec<(&str, &str)> = Vec::new();
                clique(&all(row.network_clique), &mut pairs);
                for (hubs, spokes) in row.network_stars {
                    star(&all(hubs), &all(spokes), &mut pairs);
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
                            evidence: None,
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
        // Every node passed node_ok, which needs its entity.
        let ty = corpus.entities[iri].ty;
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
mod tests {
    use super::*;
    use crate::graph::{ArticleInfo, FactRow};
    use Role::*;

    fn ent(iri: &str, ty: EntityType) -> EntityInfo {
        let mut e = EntityInfo::new(iri, ty);
        e.labels = [("en".to_string(), [iri.to_string()].into())].into();
        e
    }

    fn fact(iri: &str, ty: FactType, article: &str, roles: &[(Role, &str)]) -> FactRow {
        FactRow {
            iri: iri.into(),
            ty,
            article: article.into(),
            date: None,
            stage: Some(Stage::Signed),
            amount: None,
            evidence: None,
            roles: roles.iter().map(|(r, e)| (*r, e.to_string())).collect(),
        }
    }

    fn corpus() -> Corpus {
        let mut c = Corpus::default();
        for (i, t) in [
            ("a", EntityType::Organization),
            ("b", EntityType::Organization),
            ("c", EntityType::Organization),
            ("p", EntityType::Person),
            ("sub", EntityType::Organization),
        ] {
            c.entities.insert(i.into(), ent(i, t));
        }
        c.entities.get_mut("sub").unwrap().parent = Some("a".into());
        c.facts = vec![
            fact(
                "f1",
                FactType::Partnership,
                "x",
                &[(Partner, "a"), (Partner, "b")],
            ),
            fact(
                "f2",
                FactType::Partnership,
                "y",
                &[(Partner, "a"), (Partner, "b")],
            ),
            fact(
                "f3",
                FactType::Meeting,
                "y",
                &[(Participant, "b"), (Participant, "sub"), (Participant, "p")],
            ),
            fact(
                "f4",
                FactType::Role,
                "y",
                &[(Person, "p"), (Organization, "c")],
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

    /// Article x records one grant of USD 2m from a to b twice, as a
    /// partnership with an amount and as the funding fact; article y
    /// reports a grant of USD 2m between them too.
    fn one_grant_recorded_twice() -> Corpus {
        let mut c = corpus();
        let usd = |v: f64| Some((v, "USD".to_owned()));
        c.facts[0].amount = usd(2e6);
        let mut funding = fact(
            "f5",
            FactType::Funding,
            "x",
            &[(Funder, "a"), (Recipient, "b")],
        );
        funding.amount = usd(2e6);
        c.facts.push(funding);
        let mut other = fact(
            "f6",
            FactType::Funding,
            "y",
            &[(Funder, "a"), (Recipient, "b")],
        );
        other.amount = usd(2e6);
        c.facts.push(other);
        c
    }

    #[test]
    fn a_sum_one_article_records_twice_counts_once_in_every_projection() {
        let c = one_grant_recorded_twice();
        for kind in [
            ProjectionKind::Partners,
            ProjectionKind::Network,
            ProjectionKind::Funding,
        ] {
            let p = project(&c, kind, &Filters::default());
            let (a, b) = (p.node_of("a").unwrap(), p.node_of("b").unwrap());
            let e = &p.graph[p.edge_between(a, b).unwrap()];
            // x's grant once, y's once: two articles, two sums.
            assert_eq!(e.amounts.get("USD"), Some(&4e6), "{kind:?}");
        }
        // Within one article, a different amount is a different sum.
        let mut c = one_grant_recorded_twice();
        c.facts.pop();
        c.facts.last_mut().unwrap().amount = Some((5e5, "USD".into()));
        let p = project(&c, ProjectionKind::Partners, &Filters::default());
        let (a, b) = (p.node_of("a").unwrap(), p.node_of("b").unwrap());
        let e = &p.graph[p.edge_between(a, b).unwrap()];
        assert_eq!(e.amounts.get("USD"), Some(&2.5e6));
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
