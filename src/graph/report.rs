//! The analytics answers as data: what `hpkg path`, `rank`, `communities`
//! and `neighbors` print and what the server's `/api/*` routes return. The
//! answers are structs deriving `Serialize`, their fields declared in the
//! order of their JSON keys (sorted, as the documented shapes are).

use super::adjacency::Adjacency;
use super::community::louvain;
use super::measures::{self, Measure};
use super::request::{NeighborsRequest, PathRequest, ProjectionRequest};
use super::{paths, Corpus, GraphError, Projection, ProjectionKind};
use crate::model::EntityType;
use crate::query::EntityIndex;
use crate::store::Store;
use petgraph::graph::NodeIndex;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Loads the corpus and builds the projection asked for.
pub fn build(store: &Store, req: &ProjectionRequest) -> Result<(Corpus, Projection), GraphError> {
    let corpus = Corpus::load(store)?;
    let p = super::project(&corpus, req.kind, &req.filters);
    Ok((corpus, p))
}

/// The display label of an entity.
pub fn label(corpus: &Corpus, iri: &str, lang: &str) -> String {
    corpus
        .entities
        .get(iri)
        .map_or_else(|| iri.to_owned(), |e| e.label(lang))
}

fn iri_of(p: &Projection, i: usize) -> String {
    p.graph[NodeIndex::new(i)].iri.clone()
}

/// Resolves a name or IRI (`what` names it in errors) to a node of the
/// projection, explaining why it is not there when it is not.
pub fn node_for(
    index: &EntityIndex,
    p: &Projection,
    corpus: &Corpus,
    what: &str,
    value: &str,
) -> Result<usize, GraphError> {
    let ty = match p.kind {
        ProjectionKind::Partners => Some(EntityType::Organization),
        _ => None,
    };
    let iri = index.resolve(what, value, ty).or_else(|e| match ty {
        // The name may belong to an entity of another type: say so below.
        Some(_) => index.resolve(what, value, None).map_err(|_| e),
        None => Err(e),
    })?;
    match p.node_of(&iri) {
        Some(n) => Ok(n.index()),
        None => {
            let kind = corpus.entities.get(&iri).map_or("entity", |e| e.ty.class());
            Err(GraphError::Invalid(format!(
                "{what} {value:?} (<{iri}>, a {kind}) is not in the {} projection with these filters: \
                 try the network projection, or loosen the filters",
                p.kind.as_str()
            )))
        }
    }
}

/// An entity as answers name it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeRef {
    pub iri: String,
    pub label: String,
}

/// An article cited as evidence (`null` fields if the store lost it),
/// with its evidence note for the fact (`null` if it gives none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRef {
    pub date: Option<String>,
    pub evidence: Option<String>,
    pub id: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
}

impl ArticleRef {
    /// The article `iri` as the corpus knows it, with a note.
    pub fn new(corpus: &Corpus, iri: &str, evidence: Option<String>) -> Self {
        let info = corpus.articles.get(iri);
        ArticleRef {
            date: info.map(|i| i.date.clone()),
            evidence,
            id: info.map(|i| i.id.clone()),
            title: info.map(|i| i.title.clone()),
            url: info.and_then(|i| i.url.clone()),
        }
    }
}

/// The relations of one type, stage and date on a hop, with their
/// articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HopRelation {
    pub articles: Vec<ArticleRef>,
    pub date: Option<String>,
    pub stage: Option<String>,
    /// The fact type, or `part_of`.
    #[serde(rename = "type")]
    pub ty: String,
}

/// One edge of a path, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hop {
    pub from: String,
    pub relations: Vec<HopRelation>,
    pub to: String,
}

/// One path: its hops and nodes in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundPath {
    pub cost: f64,
    pub hops: Vec<Hop>,
    /// Number of hops.
    pub length: usize,
    pub nodes: Vec<NodeRef>,
}

/// `{"from", "paths", "to"}`: what `hpkg path --format json` prints and
/// `/api/path` returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathAnswer {
    pub from: String,
    pub paths: Vec<FoundPath>,
    pub to: String,
}

/// The outcome of a path search.
#[derive(Debug, Clone, PartialEq)]
pub enum PathOutcome {
    /// At least one path.
    Found(PathAnswer),
    /// No path: the answer with no paths, and why.
    NoPath { answer: PathAnswer, message: String },
}

/// Path options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathOptions {
    pub k: usize,
    pub weighted: bool,
    pub max_hops: Option<usize>,
}

/// The k shortest loopless paths between two names, with every hop's
/// evidence.
pub fn path(corpus: &Corpus, p: &Projection, req: &PathRequest) -> Result<PathOutcome, GraphError> {
    let (opts, lang) = (req.options, req.lang.as_str());
    let index = EntityIndex::from_names(corpus.names());
    let s = node_for(&index, p, corpus, "FROM", &req.from)?;
    let t = node_for(&index, p, corpus, "TO", &req.to)?;
    if s == t {
        return Err(GraphError::Invalid(format!(
            "FROM and TO are the same node ({})",
            iri_of(p, s)
        )));
    }
    let adj = p.adjacency();
    // Yen yields paths in cost order; max_hops drops longer ones, so ask
    // for more until k are kept or none remain.
    let k = opts.k.max(1);
    let mut want = k;
    let found = loop {
        let all = paths::k_shortest(&adj, s, t, want, opts.weighted);
        let kept: Vec<_> = all
            .iter()
            .filter(|q| opts.max_hops.is_none_or(|h| q.nodes.len() - 1 <= h))
            .cloned()
            .collect();
        if kept.len() >= k || all.len() < want || opts.max_hops.is_none() || want > 64 * k {
            break kept.into_iter().take(k).collect::<Vec<_>>();
        }
        want *= 2;
    };
    let iri = |i: usize| iri_of(p, i);
    if found.is_empty() {
        let (comp, comps) = paths::components(&adj);
        let describe = |v: usize| {
            let c = &comps[comp[v]];
            let names: Vec<String> = c
                .iter()
                .take(5)
                .map(|&m| label(corpus, &iri(m), lang))
                .collect();
            format!(
                "component {} ({} node{}: {}{})",
                comp[v] + 1,
                c.len(),
                if c.len() == 1 { "" } else { "s" },
                names.join(", "),
                if c.len() > 5 { ", ..." } else { "" }
            )
        };
        let why = if comp[s] == comp[t] {
            format!("no path within {} hops", opts.max_hops.unwrap_or(0))
        } else {
            "they are in different components".to_owned()
        };
        let message = format!(
            "no path from {} to {} in the {} projection: {why}.\n  FROM is in {}\n  TO is in {}",
            label(corpus, &iri(s), lang),
            label(corpus, &iri(t), lang),
            p.kind.as_str(),
            describe(s),
            describe(t)
        );
        return Ok(PathOutcome::NoPath {
            answer: PathAnswer {
                from: iri(s),
                paths: Vec::new(),
                to: iri(t),
            },
            message,
        });
    }
    let mut paths = Vec::new();
    for q in &found {
        let nodes = q
            .nodes
            .iter()
            .map(|&v| node_ref(corpus, p, v, lang))
            .collect();
        let mut hops = Vec::new();
        for w in q.nodes.windows(2) {
            let e = &p.graph[p
                .edge_between(NodeIndex::new(w[0]), NodeIndex::new(w[1]))
                .expect("a path follows edges")];
            // One relation per (type, stage, date), with its articles and
            // each article's note (the first, if it gives several).
            type Key = (String, Option<String>, Option<String>);
            let mut groups: BTreeMap<Key, BTreeMap<String, Option<String>>> = BTreeMap::new();
            for r in &e.relations {
                let key = (
                    r.ty.clone(),
                    r.stage.map(|s| s.as_str().to_owned()),
                    r.date.clone(),
                );
                let entry = groups.entry(key).or_default();
                if let Some(a) = &r.article {
                    let note = entry.entry(a.clone()).or_default();
                    if note.is_none() {
                        note.clone_from(&r.evidence);
                    }
                }
            }
            let relations = groups
                .into_iter()
                .map(|((ty, stage, date), arts)| HopRelation {
                    articles: arts
                        .into_iter()
                        .map(|(a, note)| ArticleRef::new(corpus, &a, note))
                        .collect(),
                    date,
                    stage,
                    ty,
                })
                .collect();
            hops.push(Hop {
                from: iri(w[0]),
                relations,
                to: iri(w[1]),
            });
        }
        paths.push(FoundPath {
            cost: q.cost,
            hops,
            length: q.nodes.len() - 1,
            nodes,
        });
    }
    Ok(PathOutcome::Found(PathAnswer {
        from: iri(s),
        paths,
        to: iri(t),
    }))
}

fn node_ref(corpus: &Corpus, p: &Projection, v: usize, lang: &str) -> NodeRef {
    let iri = iri_of(p, v);
    NodeRef {
        label: label(corpus, &iri, lang),
        iri,
    }
}

/// What `rank --measure` computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankMeasure {
    Centrality(Measure),
    /// Cut vertices; score = components added by the removal.
    Articulation,
    /// Cut edges.
    Bridges,
}

impl RankMeasure {
    /// Parses a measure name as the CLI and the API spell it.
    pub fn parse(s: &str) -> Result<Self, GraphError> {
        Ok(match s {
            "degree" => Self::Centrality(Measure::Degree),
            "strength" => Self::Centrality(Measure::Strength),
            "betweenness" => Self::Centrality(Measure::Betweenness),
            "closeness" => Self::Centrality(Measure::Closeness),
            "harmonic" => Self::Centrality(Measure::Harmonic),
            "pagerank" => Self::Centrality(Measure::PageRank),
            "eigenvector" => Self::Centrality(Measure::Eigenvector),
            "articulation" => Self::Articulation,
            "bridges" => Self::Bridges,
            other => {
                return Err(GraphError::Invalid(format!(
                    "unknown measure {other:?}: use degree, strength, betweenness, closeness, harmonic, \
                     pagerank, eigenvector, articulation or bridges"
                )))
            }
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Self::Centrality(m) => m.as_str(),
            Self::Articulation => "articulation",
            Self::Bridges => "bridges",
        }
    }
}

/// Node scores, sorted by score (descending) then IRI: `(iri, score, rank)`.
pub fn rank(
    p: &Projection,
    measure: RankMeasure,
    weighted: bool,
) -> Result<Vec<(String, f64, usize)>, GraphError> {
    let adj = p.adjacency();
    let scores: Vec<f64> = match measure {
        RankMeasure::Centrality(m) => measures::compute(&adj, m, weighted)?,
        RankMeasure::Articulation => {
            let (points, _) = paths::articulation_and_bridges(&adj);
            let mut v = vec![0.0; adj.len()];
            for a in points {
                v[a] = paths::split_count(&adj, a) as f64;
            }
            v
        }
        RankMeasure::Bridges => {
            return Err(GraphError::Invalid(
                "bridges are edges, not node scores: see bridges()".into(),
            ))
        }
    };
    Ok(ranked(p, &scores, measure == RankMeasure::Articulation))
}

/// Scores as `(iri, score, rank)`, sorted by score (descending) then IRI;
/// `nonzero_only` drops zero scores (articulation lists cut vertices only).
pub fn ranked(p: &Projection, scores: &[f64], nonzero_only: bool) -> Vec<(String, f64, usize)> {
    let mut ranked: Vec<(String, f64)> = (0..scores.len())
        .filter(|&v| !nonzero_only || scores[v] > 0.0)
        .map(|v| (iri_of(p, v), scores[v]))
        .collect();
    ranked.sort_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.0.cmp(&b.0))
    });
    ranked
        .into_iter()
        .enumerate()
        .map(|(i, (e, s))| (e, s, i + 1))
        .collect()
}

/// One row of `rank`: `{"iri", "label", "rank", "score"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankRow {
    pub iri: String,
    pub label: String,
    pub rank: usize,
    pub score: f64,
}

/// The first `top` (0: all) ranked nodes, labelled.
pub fn rank_rows(
    corpus: &Corpus,
    ranked: &[(String, f64, usize)],
    top: usize,
    lang: &str,
) -> Vec<RankRow> {
    ranked
        .iter()
        .take(if top == 0 { usize::MAX } else { top })
        .map(|(e, s, r)| RankRow {
            iri: e.clone(),
            label: label(corpus, e, lang),
            rank: *r,
            score: *s,
        })
        .collect()
}

/// A cut edge: `{"from", "from_label", "to", "to_label"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BridgeRow {
    pub from: String,
    pub from_label: String,
    pub to: String,
    pub to_label: String,
}

/// The projection's bridges (cut edges).
pub fn bridges(corpus: &Corpus, p: &Projection, lang: &str) -> Vec<BridgeRow> {
    let (_, bridges) = paths::articulation_and_bridges(&p.adjacency());
    bridges
        .iter()
        .map(|&(a, b)| {
            let (a, b) = (iri_of(p, a), iri_of(p, b));
            BridgeRow {
                from_label: label(corpus, &a, lang),
                to_label: label(corpus, &b, lang),
                from: a,
                to: b,
            }
        })
        .collect()
}

/// Undirected view of any projection (funding flows read both ways).
pub fn undirected(p: &Projection) -> Adjacency {
    p.adjacency().undirected()
}

/// One community and its members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Community {
    /// Its rank by size, from 0 (the largest).
    pub id: usize,
    /// Members, best connected first (degree, then label).
    pub members: Vec<NodeRef>,
    /// Its three best-connected members' labels, as a name.
    pub name: String,
    pub size: usize,
}

/// `{"communities", "modularity"}`: what `hpkg communities --format json`
/// prints and `/api/communities` returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommunitiesAnswer {
    pub communities: Vec<Community>,
    pub modularity: f64,
}

/// Louvain communities: the memberships `(iri, community)` and the
/// answer.
pub fn communities(
    corpus: &Corpus,
    p: &Projection,
    resolution: f64,
    seed: u64,
    lang: &str,
) -> (Vec<(String, usize)>, CommunitiesAnswer) {
    let (com, q) = louvain(&undirected(p), resolution, 1e-7, seed);
    let n_com = com.iter().max().map_or(0, |m| m + 1);
    // Degrees once, not in every comparison of the sorts below.
    let degree: Vec<usize> = (0..com.len())
        .map(|v| p.graph.neighbors_undirected(NodeIndex::new(v)).count())
        .collect();
    let mut groups: Vec<Vec<(usize, String)>> = vec![Vec::new(); n_com];
    for (v, &c) in com.iter().enumerate() {
        groups[c].push((v, label(corpus, &iri_of(p, v), lang)));
    }
    for g in &mut groups {
        g.sort_by(|(a, la), (b, lb)| degree[*b].cmp(&degree[*a]).then_with(|| la.cmp(lb)));
    }
    // Largest first; ties by their best-connected member's IRI, so ids
    // are stable.
    let mut order: Vec<usize> = (0..n_com).collect();
    order.sort_by(|&a, &b| {
        groups[b]
            .len()
            .cmp(&groups[a].len())
            .then_with(|| iri_of(p, groups[a][0].0).cmp(&iri_of(p, groups[b][0].0)))
    });
    let mut rank = vec![0; n_com];
    for (r, &c) in order.iter().enumerate() {
        rank[c] = r;
    }
    let answer = CommunitiesAnswer {
        communities: order
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let g = &groups[c];
                Community {
                    id: i,
                    name: g
                        .iter()
                        .take(3)
                        .map(|(_, l)| l.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    size: g.len(),
                    members: g
                        .iter()
                        .map(|&(v, _)| node_ref(corpus, p, v, lang))
                        .collect(),
                }
            })
            .collect(),
        modularity: q,
    };
    let members = (0..com.len())
        .map(|v| (iri_of(p, v), rank[com[v]]))
        .collect();
    (members, answer)
}

/// A node of an ego network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighborNode {
    /// Hops from the centre.
    pub distance: usize,
    pub iri: String,
    pub label: String,
    /// The entity's class (`Organization`, ...).
    #[serde(rename = "type")]
    pub ty: &'static str,
}

/// An edge of an ego network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighborEdge {
    /// How many articles support it.
    pub articles: usize,
    /// Each supporting article, oldest first, with its evidence note.
    pub evidence: Vec<ArticleRef>,
    pub from: String,
    pub from_label: String,
    /// Its relation types, sorted.
    pub relations: Vec<String>,
    pub to: String,
    pub to_label: String,
    pub weight: f64,
}

/// The articles behind an edge (IRIs), each with the first evidence note
/// it gives for one of the edge's facts, if any.
pub fn edge_notes(e: &super::Edge) -> BTreeMap<&str, Option<String>> {
    let mut notes: BTreeMap<&str, Option<String>> = BTreeMap::new();
    for r in &e.relations {
        if let Some(a) = &r.article {
            let note = notes.entry(a.as_str()).or_default();
            if note.is_none() {
                note.clone_from(&r.evidence);
            }
        }
    }
    notes
}

/// The articles behind an edge, oldest first, each with its evidence
/// note.
pub fn edge_evidence(corpus: &Corpus, e: &super::Edge) -> Vec<ArticleRef> {
    let mut refs: Vec<ArticleRef> = edge_notes(e)
        .into_iter()
        .map(|(a, note)| ArticleRef::new(corpus, a, note))
        .collect();
    refs.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
    refs
}

/// `{"center", "edges", "hops", "nodes"}`: the ego network of a name, as
/// `hpkg neighbors --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighborsAnswer {
    pub center: String,
    /// The centre's own links first (heaviest first), then the links
    /// among its neighbours.
    pub edges: Vec<NeighborEdge>,
    pub hops: usize,
    /// The centre first, then by distance.
    pub nodes: Vec<NeighborNode>,
}

/// The ego network of a name: everything within `hops`, with the
/// relations on each edge.
pub fn neighbors(
    corpus: &Corpus,
    p: &Projection,
    req: &NeighborsRequest,
) -> Result<NeighborsAnswer, GraphError> {
    let (hops, lang) = (req.hops, req.lang.as_str());
    let index = EntityIndex::from_names(corpus.names());
    let c = node_for(&index, p, corpus, "ENTITY", &req.entity)?;
    let near = paths::ego(&p.adjacency(), c, hops);
    let inside: BTreeSet<usize> = near.iter().map(|x| x.0).collect();
    let mut edges = Vec::new();
    for e in p.graph.edge_indices() {
        let (a, b) = p.graph.edge_endpoints(e).unwrap();
        if inside.contains(&a.index()) && inside.contains(&b.index()) {
            let d = &p.graph[e];
            let (ai, bi) = (iri_of(p, a.index()), iri_of(p, b.index()));
            let own = a.index() == c || b.index() == c;
            edges.push((
                !own,
                NeighborEdge {
                    articles: d.articles.len(),
                    evidence: edge_evidence(corpus, d),
                    from_label: label(corpus, &ai, lang),
                    to_label: label(corpus, &bi, lang),
                    from: ai,
                    relations: d.types().into_iter().map(str::to_owned).collect(),
                    to: bi,
                    weight: d.weight,
                },
            ));
        }
    }
    // Own links before the others; within each, heaviest first, then in
    // the projection's (IRI) order, which the stable sort keeps.
    edges.sort_by(|(a_other, a), (b_other, b)| {
        a_other
            .cmp(b_other)
            .then_with(|| b.weight.total_cmp(&a.weight))
    });
    let edges = edges.into_iter().map(|(_, e)| e).collect();
    let nodes = near
        .iter()
        .map(|&(v, d)| {
            let NodeRef { iri, label } = node_ref(corpus, p, v, lang);
            NeighborNode {
                distance: d,
                iri,
                label,
                ty: p.graph[NodeIndex::new(v)].ty.class(),
            }
        })
        .collect();
    Ok(NeighborsAnswer {
        center: iri_of(p, c),
        edges,
        hops,
        nodes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json's `Value` sorts object keys, and the answers were built
    /// as `Value`s: each struct declares its fields in that order, so that
    /// serialising it gives the same bytes.
    fn keys_in_value_order<T: Serialize>(answer: &T) {
        let direct = serde_json::to_string(answer).unwrap();
        let via_value = serde_json::to_value(answer).unwrap().to_string();
        assert_eq!(direct, via_value);
    }

    #[test]
    fn answers_serialise_with_their_keys_in_the_documented_order() {
        let node = NodeRef {
            iri: "i".into(),
            label: "l".into(),
        };
        let relation = HopRelation {
            articles: vec![ArticleRef {
                date: Some("2025".into()),
                evidence: None,
                id: Some("a".into()),
                title: None,
                url: None,
            }],
            date: None,
            stage: Some("signed".into()),
            ty: "partnership".into(),
        };
        keys_in_value_order(&PathAnswer {
            from: "a".into(),
            paths: vec![FoundPath {
                cost: 1.0,
                hops: vec![Hop {
                    from: "a".into(),
                    relations: vec![relation],
                    to: "b".into(),
                }],
                length: 1,
                nodes: vec![node.clone()],
            }],
            to: "b".into(),
        });
        keys_in_value_order(&RankRow {
            iri: "i".into(),
            label: "l".into(),
            rank: 1,
            score: 0.5,
        });
        keys_in_value_order(&BridgeRow {
            from: "a".into(),
            from_label: "A".into(),
            to: "b".into(),
            to_label: "B".into(),
        });
        keys_in_value_order(&CommunitiesAnswer {
            communities: vec![Community {
                id: 0,
                members: vec![node],
                name: "l".into(),
                size: 1,
            }],
            modularity: 0.25,
        });
        keys_in_value_order(&NeighborsAnswer {
            center: "a".into(),
            edges: vec![NeighborEdge {
                articles: 2,
                evidence: Vec::new(),
                from: "a".into(),
                from_label: "A".into(),
                relations: vec!["funding".into()],
                to: "b".into(),
                to_label: "B".into(),
                weight: 2.0,
            }],
            hops: 1,
            nodes: vec![NeighborNode {
                distance: 0,
                iri: "a".into(),
                label: "A".into(),
                ty: "Organization",
            }],
        });
    }
}
