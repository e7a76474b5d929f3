//! `path`, `rank`, `communities`, `neighbors` and `export`: the analytics
//! commands.

use crate::graph::{report, write, Corpus, Filters, Projection, ProjectionKind};
use crate::model::{FactType, Stage};
use crate::store::Store;
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use serde_json::Value;
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
                .map(|t| {
                    FactType::parse(&value_name(t)).expect("every --types value is a fact type")
                })
                .collect(),
            min_stage: self.min_stage.map(|s| {
                let name = value_name(&s);
                Stage::ALL
                    .into_iter()
                    .find(|x| x.as_str() == name.as_str())
                    .expect("every --min-stage value is a stage")
            }),
            min_weight: self.min_weight,
            countries: self.countries.clone(),
            categories: self.categories.clone(),
            rollup: self.rollup,
        })
    }
    /// Loads the corpus and builds the projection.
    pub fn build(&self, store: &Store) -> Result<(Corpus, Projection)> {
        Ok(report::build(store, self.kind(), &self.filters()?)?)
    }
}

/// The command-line spelling of a value, which is the model's spelling too:
/// the clap enums mirror the model's and parse back through it.
fn value_name<T: ValueEnum>(v: &T) -> String {
    v.to_possible_value()
        .expect("no skipped variants")
        .get_name()
        .to_owned()
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
    let opts = report::PathOptions {
        k,
        weighted,
        max_hops,
    };
    let doc = match report::path(store, &corpus, &p, from, to, opts, lang.as_str())? {
        report::PathOutcome::Found(doc) => doc,
        report::PathOutcome::NoPath { doc, message } => {
            eprintln!("{message}");
            if format == TextJson::Json {
                println!("{doc}");
            }
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut w = out(&None)?;
    match format {
        TextJson::Json => writeln!(w, "{}", serde_json::to_string_pretty(&doc)?)?,
        TextJson::Text => write_path_text(&mut w, &doc)?,
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_path_text(w: &mut dyn Write, doc: &Value) -> Result<()> {
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
            let Some(h) = q["hops"].as_array().unwrap().get(j) else {
                continue;
            };
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
        writeln!(w)?;
    }
    Ok(())
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

impl MeasureArg {
    fn measure(self) -> report::RankMeasure {
        report::RankMeasure::parse(&value_name(&self)).expect("every variant is a measure")
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RankFormat {
    Table,
    Csv,
    Json,
}

#[allow(clippy::too_many_arguments)]
pub fn rank(
    store_path: &std::path::Path,
    measure: MeasureArg,
    weighted: bool,
    approx: Option<(f64, f64, u64)>,
    top: usize,
    pa: &ProjectionArgs,
    format: RankFormat,
    write_back: bool,
    lang: Lang,
) -> Result<ExitCode> {
    let store = open_store(store_path, write_back)?;
    let (corpus, p) = pa.build(&store)?;
    let measure = measure.measure();
    let mut w = out(&None)?;
    if measure == report::RankMeasure::Bridges {
        if write_back {
            bail!("--write stores node scores; bridges are edges and are not written");
        }
        let rows = report::bridges_json(&corpus, &p, lang.as_str());
        let rows = rows.as_array().unwrap();
        match format {
            RankFormat::Json => writeln!(w, "{}", serde_json::to_string_pretty(rows)?)?,
            RankFormat::Csv => {
                writeln!(w, "from,to,from_label,to_label")?;
                for r in rows {
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
                for r in rows {
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
        return Ok(ExitCode::SUCCESS);
    }
    let name = measure.name();
    let all = match approx {
        None => report::rank(&p, measure, weighted)?,
        Some((eps, delta, seed)) => {
            if measure.name() != "betweenness" {
                bail!("--approx applies to --measure betweenness only");
            }
            if !(eps > 0.0 && eps < 1.0 && delta > 0.0 && delta < 1.0) {
                bail!("--approx EPSILON and --delta must be between 0 and 1 (exclusive)");
            }
            let (scores, samples) = crate::graph::measures::betweenness_approx(
                &p.adjacency(),
                weighted,
                eps,
                delta,
                seed,
            );
            let n = p.node_count() as f64;
            eprintln!(
                "approximate betweenness from {samples} sampled paths: each score within {:.4} of the exact value with probability {:.2}",
                eps * n / (n - 2.0).max(1.0),
                1.0 - delta
            );
            report::ranked(&p, &scores, false)
        }
    };
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
    let rows = report::rank_json(&corpus, &all, top, lang.as_str());
    let rows = rows.as_array().unwrap();
    match format {
        RankFormat::Json => writeln!(w, "{}", serde_json::to_string_pretty(rows)?)?,
        RankFormat::Csv => {
            writeln!(w, "rank,iri,label,score")?;
            for r in rows {
                writeln!(
                    w,
                    "{},{},{},{}",
                    r["rank"],
                    r["iri"].as_str().unwrap(),
                    csv_field(r["label"].as_str().unwrap()),
                    r["score"]
                )?;
            }
        }
        RankFormat::Table => {
            let mut t = comfy_table::Table::new();
            t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            t.set_header(vec!["rank", "label", name, "iri"]);
            for r in rows {
                t.add_row(vec![
                    r["rank"].to_string(),
                    r["label"].as_str().unwrap().to_owned(),
                    format!("{:.6}", r["score"].as_f64().unwrap()),
                    crate::query::compact_iri(r["iri"].as_str().unwrap()),
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

fn csv_field(s: &str) -> String {
    crate::export::csv_field(s)
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
    let (members, q, doc) = report::communities(&corpus, &p, resolution, seed, lang.as_str());
    if write_back {
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
    let mut w = out(&None)?;
    match format {
        TextJson::Json => writeln!(w, "{}", serde_json::to_string_pretty(&doc)?)?,
        TextJson::Text => {
            let groups = doc["communities"].as_array().unwrap();
            writeln!(
                w,
                "modularity {q:.6}, {} communities ({} projection, Louvain, seed {seed})",
                groups.len(),
                p.kind.as_str()
            )?;
            for g in groups {
                let names: Vec<&str> = g["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m["label"].as_str().unwrap())
                    .collect();
                writeln!(w, "{}: {}", g["id"], names.join(" | "))?;
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
    let doc = report::neighbors(store, &corpus, &p, entity, hops, lang.as_str())?;
    let mut w = out(&None)?;
    match format {
        TextJson::Json => writeln!(w, "{}", serde_json::to_string_pretty(&doc)?)?,
        TextJson::Text => {
            let center = doc["nodes"][0]["label"].as_str().unwrap_or_default();
            writeln!(
                w,
                "{center} and {} node(s) within {hops} hop(s) ({} projection)",
                doc["nodes"].as_array().unwrap().len() - 1,
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
