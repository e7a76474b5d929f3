//! The analytics answers as data: what `hpkg path`, `rank`, `communities`
//! and `neighbors` print and what the server's `/api/*` routes return. The
//! JSON shapes here are the documented, stable ones.

use super::community::louvain;
use super::measures::{self, Adjacency, Measure};
use super::{paths, Corpus, Filters, GraphError, Projection, ProjectionKind};
use crate::model::EntityType;
use crate::query::EntityIndex;
use crate::store::Store;
use petgraph::graph::NodeIndex;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Loads the corpus and builds a projection.
pub fn build(
    store: &Store,
    kind: ProjectionKind,
    filters: &Filters,
) -> Result<(Corpus, Projection), GraphError> {
    let corpus = Corpus::load(store)?;
    let p = super::project(&corpus, kind, filters);
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
            let kind = corpus
                .entities
                .get(&iri)
                .map(|e| e.ty.clone())
                .unwrap_or_else(|| "entity".into());
            Err(GraphError::Invalid(format!(
                "{what} {value:?} (<{iri}>, a {kind}) is not in the {} projection with these filters: \
                 try the network projection, or loosen the filters",
                p.kind.as_str()
            )))
        }
    }
}

/// The outcome of a path search.
pub enum PathOutcome {
    /// `{"from", "to", "paths": [...]}` with at least one path.
    Found(Value),
    /// No path: the same document with no paths, and why.
    NoPath { doc: Value, message: String },
}

/// Path options.
#[derive(Debug, Clone, Copy)]
pub struct PathOptions {
    pub k: usize,
    pub weighted: bool,
    pub max_hops: Option<usize>,
}

/// The k shortest loopless paths between two names, with every hop's
/// evidence.
pub fn path(
    store: &Store,
    corpus: &Corpus,
    p: &Projection,
    from: &str,
    to: &str,
    opts: PathOptions,
    lang: &str,
) -> Result<PathOutcome, GraphError> {
    let index = EntityIndex::load(store)?;
    let s = node_for(&index, p, corpus, "FROM", from)?;
    let t = node_for(&index, p, corpus, "TO", to)?;
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
            doc: json!({"from": iri(s), "to": iri(t), "paths": []}),
            message,
        });
    }
    let mut paths_json = Vec::new();
    for q in &found {
        let nodes: Vec<Value> = q
            .nodes
            .iter()
            .map(|&v| json!({"iri": iri(v), "label": label(corpus, &iri(v), lang)}))
            .collect();
        let mut hops = Vec::new();
        for w in q.nodes.windows(2) {
            let e = &p.graph[p
                .edge_between(NodeIndex::new(w[0]), NodeIndex::new(w[1]))
                .expect("a path follows edges")];
            // One relation per (type, stage, date), with its articles.
            let mut groups: BTreeMap<(String, Option<String>, Option<String>), BTreeSet<String>> =
                BTreeMap::new();
            for r in &e.relations {
                let key = (
                    r.ty.clone(),
                    r.stage.map(|s| s.as_str().to_owned()),
                    r.date.clone(),
                );
                let entry = groups.entry(key).or_default();
                if let Some(a) = &r.article {
                    entry.insert(a.clone());
                }
            }
            let relations: Vec<Value> = groups
                .into_iter()
                .map(|((ty, stage, date), arts)| {
                    let articles: Vec<Value> = arts
                        .iter()
                        .map(|a| {
                            let info = corpus.articles.get(a);
                            json!({
                                "id": info.map(|i| i.id.clone()),
                                "title": info.map(|i| i.title.clone()),
                                "date": info.map(|i| i.date.clone()),
                                "url": info.and_then(|i| i.url.clone()),
                            })
                        })
                        .collect();
                    json!({"type": ty, "stage": stage, "date": date, "articles": articles})
                })
                .collect();
            hops.push(json!({"from": iri(w[0]), "to": iri(w[1]), "relations": relations}));
        }
        paths_json.push(
            json!({"length": q.nodes.len() - 1, "cost": q.cost, "nodes": nodes, "hops": hops}),
        );
    }
    Ok(PathOutcome::Found(
        json!({"from": iri(s), "to": iri(t), "paths": paths_json}),
    ))
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
        RankMeasure::Centrality(m) => {
            measures::compute(&adj, m, weighted).map_err(GraphError::Invalid)?
        }
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

/// `[{"iri", "label", "score", "rank"}]` for the first `top` (0: all).
pub fn rank_json(
    corpus: &Corpus,
    ranked: &[(String, f64, usize)],
    top: usize,
    lang: &str,
) -> Value {
    Value::Array(
        ranked
            .iter()
            .take(if top == 0 { usize::MAX } else { top })
            .map(|(e, s, r)| json!({"iri": e, "label": label(corpus, e, lang), "score": s, "rank": r}))
            .collect(),
    )
}

/// Bridges as `[{"from", "to", "from_label", "to_label"}]`.
pub fn bridges_json(corpus: &Corpus, p: &Projection, lang: &str) -> Value {
    let (_, bridges) = paths::articulation_and_bridges(&p.adjacency());
    Value::Array(
        bridges
            .iter()
            .map(|&(a, b)| {
                let (a, b) = (iri_of(p, a), iri_of(p, b));
                json!({"from": a, "to": b, "from_label": label(corpus, &a, lang), "to_label": label(corpus, &b, lang)})
            })
            .collect(),
    )
}

/// Undirected view of any projection (funding flows read both ways).
pub fn undirected(p: &Projection) -> Adjacency {
    p.adjacency().undirected()
}

/// Louvain communities: the memberships `(iri, community)`, the
/// modularity, and `{"modularity", "communities": [{"id", "members": [{"iri", "label"}]}]}`.
pub fn communities(
    corpus: &Corpus,
    p: &Projection,
    resolution: f64,
    seed: u64,
    lang: &str,
) -> (Vec<(String, usize)>, f64, Value) {
    let (com, q) = louvain(&undirected(p), resolution, 1e-7, seed);
    let n_com = com.iter().max().map_or(0, |m| m + 1);
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n_com];
    for (v, &c) in com.iter().enumerate() {
        groups[c].push(v);
    }
    let doc = json!({
        "modularity": q,
        "communities": groups.iter().enumerate().map(|(i, g)| json!({
            "id": i,
            "members": g.iter().map(|&v| json!({"iri": iri_of(p, v), "label": label(corpus, &iri_of(p, v), lang)})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let members = (0..com.len()).map(|v| (iri_of(p, v), com[v])).collect();
    (members, q, doc)
}

/// The ego network of a name: `{"center", "hops", "nodes": [{"iri", "label",
/// "distance", "type"}], "edges": [{"from", "to", "from_label", "to_label",
/// "relations", "weight", "articles"}]}`.
pub fn neighbors(
    store: &Store,
    corpus: &Corpus,
    p: &Projection,
    entity: &str,
    hops: usize,
    lang: &str,
) -> Result<Value, GraphError> {
    let index = EntityIndex::load(store)?;
    let c = node_for(&index, p, corpus, "ENTITY", entity)?;
    let near = paths::ego(&p.adjacency(), c, hops);
    let inside: BTreeSet<usize> = near.iter().map(|x| x.0).collect();
    let mut edges = Vec::new();
    for e in p.graph.edge_indices() {
        let (a, b) = p.graph.edge_endpoints(e).unwrap();
        if inside.contains(&a.index()) && inside.contains(&b.index()) {
            let d = &p.graph[e];
            let (ai, bi) = (iri_of(p, a.index()), iri_of(p, b.index()));
            edges.push(json!({
                "from": ai, "to": bi,
                "from_label": label(corpus, &ai, lang), "to_label": label(corpus, &bi, lang),
                "relations": d.types().into_iter().collect::<Vec<_>>(),
                "weight": d.weight,
                "articles": d.articles.len(),
            }));
        }
    }
    Ok(json!({
        "center": iri_of(p, c),
        "hops": hops,
        "nodes": near.iter().map(|&(v, d)| json!({"iri": iri_of(p, v), "label": label(corpus, &iri_of(p, v), lang), "distance": d, "type": p.graph[NodeIndex::new(v)].ty})).collect::<Vec<_>>(),
        "edges": edges,
    }))
}
