//! `path`, `rank`, `communities`, `neighbors` and `export`: the analytics
//! commands.

use crate::graph::community::louvain;
use crate::graph::measures::{self, Measure};
use crate::graph::paths;
use crate::graph::{write, Corpus, Filters, Projection, ProjectionKind};
use crate::model::{EntityType, FactType, Stage};
use crate::query::EntityIndex;
use crate::store::Store;
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Which projection, and how to filter it.
#[derive(Debug, Args, Clone)]
pub struct ProjectionArgs {
    /// partners: organisation to organisation, weighted by articles;
    /// network: every entity with typed edges; funding: funder → recipient.
    #[arg(long, value_enum, default_value_t = ProjectionArg::Partners)]
    pub projection: ProjectionArg,
    /// Keep facts dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD; an
    /// undated fact takes its article's date).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Keep facts dated on or before DATE.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Keep only these fact types (comma-separated): role, meeting,
    /// partnership, funding, launch, beneficiary, aid.
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub types: Vec<FactArg>,
    /// Keep only partnership facts at or above this stage.
    #[arg(long, value_enum, value_name = "STAGE")]
    pub min_stage: Option<StageArg>,
    /// Drop edges lighter than this weight.
    #[arg(long, value_name = "W")]
    pub min_weight: Option<f64>,
    /// Keep only entities seated in these countries (ISO codes, comma-separated).
    #[arg(long = "country", value_delimiter = ',', value_name = "CC")]
    pub countries: Vec<String>,
    /// Keep only entities of these categories (comma-separated).
    #[arg(long = "category", value_delimiter = ',', value_name = "CAT")]
    pub categories: Vec<String>,
    /// Merge sub-organisations (part_of) into their top parent.
    #[arg(long)]
    pub rollup: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ProjectionArg {
    Partners,
    Network,
    Funding,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FactArg {
    Role,
    Meeting,
    Partnership,
    Funding,
    Launch,
    Beneficiary,
    Aid,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum StageArg {
    Discussed,
    Proposed,
    Signed,
    Active,
    Ended,
}

impl ProjectionArgs {
    fn kind(&self) -> ProjectionKind {
        match self.projection {
            ProjectionArg::Partners => ProjectionKind::Partners,
            ProjectionArg::Network => ProjectionKind::Network,
            ProjectionArg::Funding => ProjectionKind::Funding,
        }
    }
    fn filters(&self) -> Result<Filters> {
        for d in self.since.iter().chain(&self.until) {
            crate::model::FactDate::parse(d).map_err(anyhow::Error::msg)?;
        }
        for c in &self.countries {
            crate::model::Country::parse(c).map_err(anyhow::Error::msg)?;
        }
        Ok(Filters {
            since: self.since.clone(),
            until: self.until.clone(),
            types: self
                .types
                .iter()
                .map(|t| match t {
                    FactArg::Role => FactType::Role,
                    FactArg::Meeting => FactType::Meeting,
                    FactArg::Partnership => FactType::Partnership,
                    FactArg::Funding => FactType::Funding,
                    FactArg::Launch => FactType::Launch,
                    FactArg::Beneficiary => FactType::Beneficiary,
                    FactArg::Aid => FactType::Aid,
                })
                .collect(),
            min_stage: self.min_stage.map(|s| match s {
                StageArg::Discussed => Stage::Discussed,
                StageArg::Proposed => Stage::Proposed,
                StageArg::Signed => Stage::Signed,
                StageArg::Active => Stage::Active,
                StageArg::Ended => Stage::Ended,
            }),
            min_weight: self.min_weight,
            countries: self.countries.clone(),
            categories: self.categories.clone(),
            rollup: self.rollup,
        })
    }
    /// Loads the corpus and builds the projection.
    pub fn build(&self, store: &Store) -> Result<(Corpus, Projection)> {
        let corpus = Corpus::load(store)?;
        let p = crate::graph::project(&corpus, self.kind(), &self.filters()?);
        Ok((corpus, p))
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Lang {
    En,
    Ar,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ar => "ar",
        }
    }
}

fn label(corpus: &Corpus, iri: &str, lang: Lang) -> String {
    corpus
        .entities
        .get(iri)
        .map_or_else(|| iri.to_owned(), |e| e.label(lang.as_str()))
}

/// Resolves FROM/TO/ENTITY to a node of the projection, explaining why not.
fn node_for(
    store: &Store,
    p: &Projection,
    corpus: &Corpus,
    what: &str,
    value: &str,
) -> Result<usize> {
    let idx = EntityIndex::load(store)?;
    let ty = match p.kind {
        ProjectionKind::Partners => Some(EntityType::Organization),
        _ => None,
    };
    let iri = idx.resolve(what, value, ty).or_else(|e| match ty {
        // The name may belong to an entity of another type: say so below.
        Some(_) => idx.resolve(what, value, None).map_err(|_| e),
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
            bail!(
                "{what} {value:?} (<{iri}>, a {kind}) is not in the {} projection with these filters: \
                 try --projection network, or loosen the filters",
                p.kind.as_str()
            )
        }
    }
}

/// Opens for writing only when results are written back, so reading
/// commands run beside an ingest.
fn open_store(path: &std::path::Path, write: bool) -> Result<Store> {
    Ok(if write {
        Store::open(path)?
    } else {
        Store::open_read_only(path)?
    })
}

fn out(path: &Option<PathBuf>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TextJson {
    Text,
    Json,
}

#[allow(clippy::too_many_arguments)]
pub fn path(
    store: &Store,
    from: &str,
    to: &str,
    k: usize,
    weighted: bool,
    max_hops: Option<usize>,
    pa: &ProjectionArgs,
    format: TextJson,
    lang: Lang,
) -> Result<ExitCode> {
    let (corpus, p) = pa.build(store)?;
    let s = node_for(store, &p, &corpus, "FROM", from)?;
    let t = node_for(store, &p, &corpus, "TO", to)?;
    if s == t {
        bail!(
            "FROM and TO are the same node ({})",
            p.graph[petgraph::graph::NodeIndex::new(s)].iri
        );
    }
    let adj = p.adjacency();
    // Yen yields paths in cost order; --max-hops drops longer ones, so ask
    // for more until k are kept or none remain.
    let mut want = k;
    let found = loop {
        let all = paths::k_shortest(&adj, s, t, want, weighted);
        let kept: Vec<_> = all
            .iter()
            .filter(|q| max_hops.is_none_or(|h| q.nodes.len() - 1 <= h))
            .cloned()
            .collect();
        if kept.len() >= k || all.len() < want || max_hops.is_none() || want > 64 * k {
            break kept.into_iter().take(k).collect::<Vec<_>>();
        }
        want *= 2;
    };
    let iri = |i: usize| p.graph[petgraph::graph::NodeIndex::new(i)].iri.clone();
    if found.is_empty() {
        let (comp, comps) = paths::components(&adj);
        let describe = |v: usize| {
            let c = &comps[comp[v]];
            let names: Vec<String> = c
                .iter()
                .take(5)
                .map(|&m| label(&corpus, &iri(m), lang))
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
            format!("no path within {} hops", max_hops.unwrap_or(0))
        } else {
            "they are in different components".to_owned()
        };
        eprintln!(
            "no path from {} to {} in the {} projection: {why}.\n  FROM is in {}\n  TO is in {}",
            label(&corpus, &iri(s), lang),
            label(&corpus, &iri(t), lang),
            p.kind.as_str(),
            describe(s),
            describe(t)
        );
        if format == TextJson::Json {
            println!("{}", json!({"from": iri(s), "to": iri(t), "paths": []}));
        }
        return Ok(ExitCode::FAILURE);
    }
    let mut paths_json = Vec::new();
    for q in &found {
        let nodes: Vec<Value> = q
            .nodes
            .iter()
            .map(|&v| json!({"iri": iri(v), "label": label(&corpus, &iri(v), lang)}))
            .collect();
        let mut hops = Vec::new();
        for w in q.nodes.windows(2) {
            let (a, b) = (
                petgraph::graph::NodeIndex::new(w[0]),
                petgraph::graph::NodeIndex::new(w[1]),
            );
            let e = &p.graph[p.edge_between(a, b).expect("a path follows edges")];
            // One relation per (type, stage, date), with its articles.
            let mut groups: std::collections::BTreeMap<
                (String, Option<String>, Option<String>),
                std::collections::BTreeSet<String>,
            > = Default::default();
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
    let doc = json!({"from": iri(s), "to": iri(t), "paths": paths_json});
    let mut w = out(&None)?;
    match format {
        TextJson::Json => writeln!(w, "{}", serde_json::to_string_pretty(&doc)?)?,
        TextJson::Text => {
            for (i, q) in doc["paths"].as_array().unwrap().iter().enumerate() {
                writeln!(
                    w,
                    "path {}: {} hop{}, cost {}",
                    i + 1,
                    q["length"],
                    if q["length"] == 1 { "" } else { "s" },
                    q["cost"]
                )?;
                let nodes = q["nodes"].as_array().unwrap();
                for (j, n) in nodes.iter().enumerate() {
                    writeln!(
                        w,
                        "  {}  <{}>",
                        n["label"].as_str().unwrap(),
                        n["iri"].as_str().unwrap()
                    )?;
                    if let Some(h) = q["hops"].as_array().unwrap().get(j) {
                        for r in h["relations"].as_array().unwrap() {
                            let mut head = r["type"].as_str().unwrap().to_owned();
                            if let Some(s) = r["stage"].as_str() {
                                head.push_str(&format!(", {s}"));
                            }
                            if let Some(d) = r["date"].as_str() {
                                head.push_str(&format!(", {d}"));
                            }
                            writeln!(w, "    | {head}")?;
                            for a in r["articles"].as_array().unwrap() {
                                writeln!(
                                    w,
                                    "    |   {} ({}) {}{}",
                                    a["id"].as_str().unwrap_or("?"),
                                    a["date"].as_str().unwrap_or("?"),
                                    a["title"].as_str().unwrap_or(""),
                                    a["url"]
                                        .as_str()
                                        .map(|u| format!(" <{u}>"))
                                        .unwrap_or_default()
                                )?;
                            }
                        }
                    }
                }
                writeln!(w)?;
            }
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MeasureArg {
    Degree,
    Strength,
    Betweenness,
    Closeness,
    Harmonic,
    Pagerank,
    Eigenvector,
    /// Organisations whose removal splits the network; score = how many
    /// more components their removal leaves.
    Articulation,
    /// Edges whose removal splits the network.
    Bridges,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RankFormat {
    Table,
    Csv,
    Json,
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[allow(clippy::too_many_arguments)]
pub fn rank(
    store_path: &std::path::Path,
    measure: MeasureArg,
    weighted: bool,
    top: usize,
    pa: &ProjectionArgs,
    format: RankFormat,
    write_back: bool,
    lang: Lang,
) -> Result<ExitCode> {
    let store = open_store(store_path, write_back)?;
    let (corpus, p) = pa.build(&store)?;
    let adj = p.adjacency();
    let iri = |i: usize| p.graph[petgraph::graph::NodeIndex::new(i)].iri.clone();
    let mut w = out(&None)?;
    if measure == MeasureArg::Bridges {
        let (_, bridges) = paths::articulation_and_bridges(&adj);
        let rows: Vec<Value> = bridges
            .iter()
            .map(|&(a, b)| {
                json!({"from": iri(a), "to": iri(b), "from_label": label(&corpus, &iri(a), lang), "to_label": label(&corpus, &iri(b), lang)})
            })
            .collect();
        match format {
            RankFormat::Json => writeln!(w, "{}", serde_json::to_string_pretty(&rows)?)?,
            RankFormat::Csv => {
                writeln!(w, "from,to,from_label,to_label")?;
                for r in &rows {
                    writeln!(
                        w,
                        "{},{},{},{}",
                        r["from"].as_str().unwrap(),
                        r["to"].as_str().unwrap(),
                        csv_field(r["from_label"].as_str().unwrap()),
                        csv_field(r["to_label"].as_str().unwrap())
                    )?;
                }
            }
            RankFormat::Table => {
                for r in &rows {
                    writeln!(
                        w,
                        "{} — {}",
                        r["from_label"].as_str().unwrap(),
                        r["to_label"].as_str().unwrap()
                    )?;
                }
                writeln!(
                    w,
                    "{} bridge{}",
                    rows.len(),
                    if rows.len() == 1 { "" } else { "s" }
                )?;
            }
        }
        w.flush()?;
        if write_back {
            bail!("--write stores node scores; bridges are edges and are not written");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (name, scores): (&str, Vec<f64>) = if measure == MeasureArg::Articulation {
        let (points, _) = paths::articulation_and_bridges(&adj);
        let mut v = vec![0.0; adj.len()];
        for a in points {
            v[a] = paths::split_count(&adj, a) as f64;
        }
        ("articulation", v)
    } else {
        let m = match measure {
            MeasureArg::Degree => Measure::Degree,
            MeasureArg::Strength => Measure::Strength,
            MeasureArg::Betweenness => Measure::Betweenness,
            MeasureArg::Closeness => Measure::Closeness,
            MeasureArg::Harmonic => Measure::Harmonic,
            MeasureArg::Pagerank => Measure::PageRank,
            MeasureArg::Eigenvector => Measure::Eigenvector,
            _ => unreachable!(),
        };
        (
            m.as_str(),
            measures::compute(&adj, m, weighted).map_err(anyhow::Error::msg)?,
        )
    };
    let mut ranked: Vec<(String, f64)> = (0..adj.len())
        .filter(|&v| measure != MeasureArg::Articulation || scores[v] > 0.0)
        .map(|v| (iri(v), scores[v]))
        .collect();
    ranked.sort_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.0.cmp(&b.0))
    });
    let all: Vec<(String, f64, usize)> = ranked
        .into_iter()
        .enumerate()
        .map(|(i, (e, s))| (e, s, i + 1))
        .collect();
    if write_back {
        let quads = write::score_quads(&p, name, &all, &write::now());
        store.replace_prefixed(
            crate::model::vocab::GRAPH_ANALYTICS,
            &write::replaced_prefix(p.kind, Some(name)),
            quads,
        )?;
        eprintln!(
            "wrote {} {name} scores to <{}>",
            all.len(),
            crate::model::vocab::GRAPH_ANALYTICS
        );
    }
    let shown: Vec<&(String, f64, usize)> = all
        .iter()
        .take(if top == 0 { usize::MAX } else { top })
        .collect();
    match format {
        RankFormat::Json => {
            let v: Vec<Value> = shown
                .iter()
                .map(|(e, s, r)| json!({"iri": e, "label": label(&corpus, e, lang), "score": s, "rank": r}))
                .collect();
            writeln!(w, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        RankFormat::Csv => {
            writeln!(w, "rank,iri,label,score")?;
            for (e, s, r) in &shown {
                writeln!(w, "{r},{e},{},{s}", csv_field(&label(&corpus, e, lang)))?;
            }
        }
        RankFormat::Table => {
            let mut t = comfy_table::Table::new();
            t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            t.set_header(vec!["rank", "label", name, "iri"]);
            for (e, s, r) in &shown {
                t.add_row(vec![
                    r.to_string(),
                    label(&corpus, e, lang),
                    format!("{s:.6}"),
                    crate::query::compact_iri(e),
                ]);
            }
            writeln!(w, "{t}")?;
            writeln!(
                w,
                "{} projection: {} nodes, {} edges{}",
                p.kind.as_str(),
                p.node_count(),
                p.edge_count(),
                if weighted { ", weighted" } else { "" }
            )?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn communities(
    store_path: &std::path::Path,
    pa: &ProjectionArgs,
    resolution: f64,
    seed: u64,
    format: TextJson,
    write_back: bool,
    lang: Lang,
) -> Result<ExitCode> {
    let store = open_store(store_path, write_back)?;
    let (corpus, p) = pa.build(&store)?;
    let adj = p.adjacency();
    let adj = if adj.directed {
        // Louvain here is for undirected graphs: read funding flows both ways.
        let mut out = adj.out.clone();
        for (a, ns) in adj.inc.iter().enumerate() {
            out[a].extend(ns.iter().copied());
        }
        measures::Adjacency::new(out, false)
    } else {
        adj
    };
    let (com, q) = louvain(&adj, resolution, 1e-7, seed);
    let iri = |i: usize| p.graph[petgraph::graph::NodeIndex::new(i)].iri.clone();
    let n_com = com.iter().max().map_or(0, |m| m + 1);
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n_com];
    for (v, &c) in com.iter().enumerate() {
        groups[c].push(v);
    }
    if write_back {
        let members: Vec<(String, usize)> = (0..com.len()).map(|v| (iri(v), com[v])).collect();
        let quads = write::community_quads(&p, &members, q, &write::now());
        store.replace_prefixed(
            crate::model::vocab::GRAPH_ANALYTICS,
            &write::replaced_prefix(p.kind, None),
            quads,
        )?;
        eprintln!(
            "wrote {} memberships to <{}>",
            members.len(),
            crate::model::vocab::GRAPH_ANALYTICS
        );
    }
    let doc = json!({
        "modularity": q,
        "communities": groups.iter().enumerate().map(|(i, g)| json!({
            "id": i,
            "members": g.iter().map(|&v| json!({"iri": iri(v), "label": label(&corpus, &iri(v), lang)})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let mut w = out(&None)?;
    match format {
        TextJson::Json => writeln!(w, "{}", serde_json::to_string_pretty(&doc)?)?,
        TextJson::Text => {
            writeln!(
                w,
                "modularity {q:.6}, {n_com} communities ({} projection, Louvain, seed {seed})",
                p.kind.as_str()
            )?;
            for (i, g) in groups.iter().enumerate() {
                let names: Vec<String> = g.iter().map(|&v| label(&corpus, &iri(v), lang)).collect();
                writeln!(w, "{i}: {}", names.join(" | "))?;
            }
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn neighbors(
    store: &Store,
    entity: &str,
    hops: usize,
    pa: &ProjectionArgs,
    format: TextJson,
    lang: Lang,
) -> Result<ExitCode> {
    let (corpus, p) = pa.build(store)?;
    let c = node_for(store, &p, &corpus, "ENTITY", entity)?;
    let adj = p.adjacency();
    let near = paths::ego(&adj, c, hops);
    let inside: std::collections::BTreeSet<usize> = near.iter().map(|x| x.0).collect();
    let iri = |i: usize| p.graph[petgraph::graph::NodeIndex::new(i)].iri.clone();
    let mut edges = Vec::new();
    for e in p.graph.edge_indices() {
        let (a, b) = p.graph.edge_endpoints(e).unwrap();
        if inside.contains(&a.index()) && inside.contains(&b.index()) {
            let d = &p.graph[e];
            edges.push(json!({
                "from": iri(a.index()), "to": iri(b.index()),
                "from_label": label(&corpus, &iri(a.index()), lang), "to_label": label(&corpus, &iri(b.index()), lang),
                "relations": d.types().into_iter().collect::<Vec<_>>(),
                "weight": d.weight,
                "articles": d.articles.len(),
            }));
        }
    }
    let doc = json!({
        "center": iri(c),
        "hops": hops,
        "nodes": near.iter().map(|&(v, d)| json!({"iri": iri(v), "label": label(&corpus, &iri(v), lang), "distance": d, "type": p.graph[petgraph::graph::NodeIndex::new(v)].ty})).collect::<Vec<_>>(),
        "edges": edges,
    });
    let mut w = out(&None)?;
    match format {
        TextJson::Json => writeln!(w, "{}", serde_json::to_string_pretty(&doc)?)?,
        TextJson::Text => {
            writeln!(
                w,
                "{} and {} node(s) within {hops} hop(s) ({} projection)",
                label(&corpus, &iri(c), lang),
                near.len() - 1,
                p.kind.as_str()
            )?;
            for e in doc["edges"].as_array().unwrap() {
                writeln!(
                    w,
                    "  {} —[{}]— {}  ({} article{})",
                    e["from_label"].as_str().unwrap(),
                    e["relations"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r.as_str().unwrap())
                        .collect::<Vec<_>>()
                        .join(", "),
                    e["to_label"].as_str().unwrap(),
                    e["articles"],
                    if e["articles"] == 1 { "" } else { "s" }
                )?;
            }
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// GraphML with typed keys (yEd, Gephi, NetworkX read_graphml).
    Graphml,
    /// GEXF 1.3 with colour, size and positions (Gephi).
    Gexf,
    /// Graphviz DOT (dot, sfdp, neato).
    Dot,
    /// Cytoscape.js JSON, elements form (Cytoscape, cytoscape.js, networkx.cytoscape_graph).
    Cytoscape,
    /// Node-link JSON (NetworkX node_link_graph with edges="links", d3).
    NodeLink,
    /// nodes.csv and edges.csv in the directory given by -o.
    Csv,
    /// One self-contained interactive HTML page (works offline).
    Html,
}

pub fn export(
    store: &Store,
    pa: &ProjectionArgs,
    format: ExportFormat,
    lang: Lang,
    output: &Option<PathBuf>,
) -> Result<ExitCode> {
    let (corpus, p) = pa.build(store)?;
    let stored = crate::graph::StoredAnalytics::load(store, p.kind)?;
    let view = crate::export::View::new(&p, &corpus, &stored, lang.as_str());
    if format == ExportFormat::Csv {
        let Some(dir) = output else {
            bail!(
                "--format csv writes nodes.csv and edges.csv into a directory: give it with -o DIR"
            );
        };
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
        for (name, text) in [
            ("nodes.csv", crate::export::nodes_csv(&view)),
            ("edges.csv", crate::export::edges_csv(&view)),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        eprintln!(
            "wrote {} nodes and {} edges to {}",
            view.nodes.len(),
            view.edges.len(),
            dir.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let text = match format {
        ExportFormat::Graphml => crate::export::graphml(&view),
        ExportFormat::Gexf => crate::export::gexf(&view),
        ExportFormat::Dot => crate::export::dot(&view),
        ExportFormat::Cytoscape => {
            serde_json::to_string_pretty(&crate::export::cytoscape(&view))? + "\n"
        }
        ExportFormat::NodeLink => {
            serde_json::to_string_pretty(&crate::export::node_link(&view))? + "\n"
        }
        ExportFormat::Html => crate::export::html(&view),
        ExportFormat::Csv => unreachable!(),
    };
    let mut w = out(output)?;
    w.write_all(text.as_bytes())?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}
