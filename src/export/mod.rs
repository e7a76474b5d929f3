//! Graph exports for visualisation tools: GraphML, GEXF, DOT, Cytoscape.js
//! JSON, node-link JSON, CSV and a self-contained HTML view.
//!
//! Every format is written from one [`View`]: the projection's nodes and
//! edges with the same attributes, sorted by IRI, so the formats agree with
//! each other and outputs are deterministic. RDF dumps stay in `hpkg dump`.

pub mod dossier;
mod formats;
mod html;

pub use formats::{csv_field, cytoscape, dot, edges_csv, gexf, graphml, nodes_csv};
pub use html::{html, CSP as HTML_CSP};

use crate::graph::adjacency::Adjacency;
use crate::graph::community::louvain;
use crate::graph::measures;
use crate::graph::{Corpus, Projection, StoredAnalytics};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// A node with every attribute the formats carry.
#[derive(Debug, Clone, Serialize)]
pub struct NodeView {
    pub iri: String,
    /// Label in the chosen language, falling back to the other.
    pub label: String,
    pub label_en: String,
    pub label_ar: String,
    /// Every label and alias.
    pub labels: Vec<String>,
    #[serde(rename = "type")]
    pub ty: String,
    pub category: Option<String>,
    pub country: Option<String>,
    /// Sub-organisations merged in by `--rollup`.
    pub members: Vec<String>,
    /// Scores `rank --write` stored for this projection, by measure.
    pub scores: BTreeMap<String, f64>,
    /// Community `communities --write` stored for this projection.
    pub community: Option<i64>,
    pub degree: usize,
    /// Layout: position, size and colour group (community, stored or
    /// computed for the layout).
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub group: usize,
}

/// An edge with every attribute the formats carry.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeView {
    pub source: String,
    pub target: String,
    pub weight: f64,
    pub relations: Vec<String>,
    pub stage: Option<String>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub articles: Vec<String>,
    /// Article IRI → the evidence note it gives for one of the edge's
    /// facts (articles without a note are left out).
    pub evidence: BTreeMap<String, String>,
    pub amounts: BTreeMap<String, f64>,
    pub flows: usize,
}

/// A projection ready to write.
#[derive(Debug, Clone)]
pub struct View {
    pub projection: String,
    pub directed: bool,
    pub filters: Value,
    pub lang: String,
    pub nodes: Vec<NodeView>,
    pub edges: Vec<EdgeView>,
    /// Measures with stored scores, sorted.
    pub measures: Vec<String>,
    /// Currencies that appear in edge amounts, sorted.
    pub currencies: Vec<String>,
    /// Articles cited by edges: IRI → (id, title, date, url).
    pub articles: BTreeMap<String, crate::graph::ArticleInfo>,
}

/// Distinct, readable colours for groups (Tableau 10 and more).
pub const PALETTE: [(u8, u8, u8); 12] = [
    (78, 121, 167),
    (242, 142, 43),
    (225, 87, 89),
    (118, 183, 178),
    (89, 161, 79),
    (237, 201, 72),
    (176, 122, 161),
    (255, 157, 167),
    (156, 117, 95),
    (186, 176, 172),
    (31, 119, 180),
    (148, 103, 189),
];

/// Positions nodes group by group: groups (largest first) on a spiral,
/// each group's nodes on rings around its best-connected member. Simple,
/// deterministic, and fast enough for tens of thousands of nodes.
fn layout(n: usize, group: &[usize], degree: &[usize]) -> Vec<(f64, f64)> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (v, &g) in group.iter().enumerate().take(n) {
        groups.entry(g).or_default().push(v);
    }
    let mut order: Vec<Vec<usize>> = groups.into_values().collect();
    order.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a[0].cmp(&b[0])));
    let mut pos = vec![(0.0, 0.0); n];
    let spacing = 70.0;
    let mut placed_radius = 0.0f64;
    let mut angle = 0.0f64;
    for (gi, members) in order.iter_mut().enumerate() {
        members.sort_by(|&a, &b| degree[b].cmp(&degree[a]).then_with(|| a.cmp(&b)));
        let r_group = spacing * (members.len() as f64).sqrt();
        let (cx, cy) = if gi == 0 {
            (0.0, 0.0)
        } else {
            let dist = placed_radius + r_group + spacing;
            let c = (dist * angle.cos(), dist * angle.sin());
            angle += (2.0 * r_group + spacing) / dist.max(1.0);
            c
        };
        if gi == 0 {
            placed_radius = r_group;
        } else {
            placed_radius = placed_radius.max((cx * cx + cy * cy).sqrt() * 0.5 + r_group);
        }
        // Rings of 6, 12, 18, ... nodes around the hub.
        let mut k = 0;
        let mut ring = 0usize;
        while k < members.len() {
            if ring == 0 {
                pos[members[k]] = (cx, cy);
                k += 1;
                ring = 1;
                continue;
            }
            let cap = 6 * ring;
            for j in 0..cap.min(members.len() - k) {
                let t = 2.0 * std::f64::consts::PI * j as f64 / cap as f64 + ring as f64 * 0.5;
                let rr = spacing * ring as f64;
                pos[members[k]] = (cx + rr * t.cos(), cy + rr * t.sin());
                k += 1;
            }
            ring += 1;
        }
    }
    pos
}

impl View {
    /// Builds the view of a projection, with stored analytics and a layout.
    pub fn new(p: &Projection, corpus: &Corpus, stored: &StoredAnalytics, lang: &str) -> Self {
        let n = p.node_count();
        let adj: Adjacency = p.adjacency();
        let undirected = adj.undirected();
        let degree: Vec<usize> = (0..n).map(|v| undirected.out.degree(v)).collect();
        // Groups for colour and layout: stored communities when every node
        // has one, otherwise Louvain (seed 1) computed here.
        let iris: Vec<&str> = p
            .graph
            .node_indices()
            .map(|i| p.graph[i].iri.as_str())
            .collect();
        let group: Vec<usize> = if n > 0 && iris.iter().all(|i| stored.communities.contains_key(*i))
        {
            iris.iter()
                .map(|i| stored.communities[*i] as usize)
                .collect()
        } else {
            louvain(&undirected, 1.0, 1e-7, 1).0
        };
        let pos = layout(n, &group, &degree);
        let dc = measures::degree(&undirected);
        let max_dc = dc.iter().cloned().fold(0.0, f64::max);
        let nodes: Vec<NodeView> = p
            .graph
            .node_indices()
            .map(|i| {
                let node = &p.graph[i];
                let v = i.index();
                let info = corpus.entities.get(&node.iri);
                let label_of = |l: &str| info.map_or_else(|| node.iri.clone(), |e| e.label(l));
                NodeView {
                    iri: node.iri.clone(),
                    label: label_of(lang),
                    label_en: label_of("en"),
                    label_ar: label_of("ar"),
                    labels: info
                        .map(|e| e.all_labels().into_iter().collect())
                        .unwrap_or_default(),
                    ty: node.ty.class().to_owned(),
                    category: info.and_then(|e| e.category.clone()),
                    country: info.and_then(|e| e.country.clone()),
                    members: node.members.clone(),
                    scores: stored.scores.get(&node.iri).cloned().unwrap_or_default(),
                    community: stored.communities.get(&node.iri).copied(),
                    degree: degree[v],
                    x: (pos[v].0 * 100.0).round() / 100.0,
                    y: (pos[v].1 * 100.0).round() / 100.0,
                    size: 6.0
                        + if max_dc > 0.0 {
                            34.0 * dc[v] / max_dc
                        } else {
                            0.0
                        },
                    group: group[v],
                }
            })
            .collect();
        let mut articles = BTreeMap::new();
        let mut currencies = BTreeSet::new();
        let edges: Vec<EdgeView> = p
            .graph
            .edge_indices()
            .map(|e| {
                let (a, b) = p.graph.edge_endpoints(e).unwrap();
                let d = &p.graph[e];
                for art in &d.articles {
                    if let Some(info) = corpus.articles.get(art) {
                        articles.insert(art.clone(), info.clone());
                    }
                }
                currencies.extend(d.amounts.keys().cloned());
                EdgeView {
                    source: p.graph[a].iri.clone(),
                    target: p.graph[b].iri.clone(),
                    weight: d.weight,
                    relations: d.types().into_iter().map(str::to_owned).collect(),
                    stage: d.highest_stage().map(|s| s.as_str().to_owned()),
                    first_date: d.first_date().map(str::to_owned),
                    last_date: d.last_date().map(str::to_owned),
                    articles: d.articles.iter().cloned().collect(),
                    evidence: crate::graph::report::edge_notes(d)
                        .into_iter()
                        .filter_map(|(a, note)| Some((a.to_owned(), note?)))
                        .collect(),
                    amounts: d.amounts.clone(),
                    flows: d.flows,
                }
            })
            .collect();
        View {
            projection: p.kind.as_str().to_owned(),
            directed: p.directed(),
            filters: serde_json::to_value(&p.filters).unwrap(),
            lang: lang.to_owned(),
            nodes,
            edges,
            measures: stored.measures.iter().cloned().collect(),
            currencies: currencies.into_iter().collect(),
            articles,
        }
    }

    /// Hex colour of a group.
    pub fn color(group: usize) -> (u8, u8, u8) {
        PALETTE[group % PALETTE.len()]
    }
}

/// A projection as node-link JSON, the form NetworkX's
/// `node_link_graph(data, edges="links")` and d3 read. Nodes carry IRI,
/// label, all labels, type, category, country, stored scores and
/// community; links carry weight, cost (1/weight), relation types, highest
/// stage, first and last date, articles, each article's evidence note and
/// amounts by currency.
pub fn node_link(v: &View) -> Value {
    let nodes: Vec<Value> = v
        .nodes
        .iter()
        .map(|n| {
            let mut o = json!({
                "id": n.iri,
                "label": n.label,
                "labels": n.labels,
                "type": n.ty,
                "category": n.category,
                "country": n.country,
                "members": n.members,
            });
            for (m, s) in &n.scores {
                o[format!("score_{m}")] = json!(s);
            }
            if let Some(c) = n.community {
                o["community"] = json!(c);
            }
            o
        })
        .collect();
    let links: Vec<Value> = v
        .edges
        .iter()
        .map(|e| {
            json!({
                "source": e.source,
                "target": e.target,
                "weight": e.weight,
                "cost": 1.0 / e.weight,
                "relations": e.relations,
                "stage": e.stage,
                "first_date": e.first_date,
                "last_date": e.last_date,
                "articles": e.articles,
                "article_count": e.articles.len(),
                "evidence": e.evidence,
                "amounts": e.amounts,
                "flows": e.flows,
            })
        })
        .collect();
    json!({
        "directed": v.directed,
        "multigraph": false,
        "graph": {"projection": v.projection, "filters": v.filters},
        "nodes": nodes,
        "links": links,
    })
}
