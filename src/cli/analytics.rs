//! `path`, `rank`, `communities`, `neighbors` and `export`: the analytics
//! commands.

use crate::graph::report::{self, FoundPath, PathOutcome};
use crate::graph::request::{
    CommunitiesRequest, NeighborsRequest, Params, PathRequest, ProjectionRequest, RankRequest,
};
use crate::graph::{write, Corpus, Projection};
use crate::store::Store;
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
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
    /// The flags as the library's request parameters (the API's query
    /// pairs), so that the CLI and the API parse and check them alike.
    fn params(&self) -> Params {
        let mut p = Params::default();
        p.set("projection", value_name(&self.projection));
        if let Some(d) = &self.since {
            p.set("since", d);
        }
        if let Some(d) = &self.until {
            p.set("until", d);
        }
        if !self.types.is_empty() {
            let names: Vec<String> = self.types.iter().map(value_name).collect();
            p.set("types", names.join(","));
        }
        if let Some(s) = &self.min_stage {
            p.set("min_stage", value_name(s));
        }
        if let Some(w) = self.min_weight {
            p.set("min_weight", w.to_string());
        }
        if !self.countries.is_empty() {
            p.set("country", self.countries.join(","));
        }
        if !self.categories.is_empty() {
            p.set("category", self.categories.join(","));
        }
        if self.rollup {
            p.set("rollup", "true");
        }
        p
    }
    /// Loads the corpus and builds the projection.
    pub fn build(&self, store: &Store) -> Result<(Corpus, Projection)> {
        let req = ProjectionRequest::parse(&self.params())?;
        Ok(report::build(store, &req)?)
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

/// A number as serde_json writes it (`2.0`, not `2`), so that text
/// output shows what the JSON output shows.
fn json_number(x: f64) -> String {
    serde_json::Value::from(x).to_string()
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
    let mut params = pa.params();
    params
        .set("from", from)
        .set("to", to)
        .set("k", k.to_string())
        .set("lang", lang.as_str());
    if weighted {
        params.set("weighted", "true");
    }
    if let Some(h) = max_hops {
        params.set("max_hops", h.to_string());
    }
    let req = PathRequest::parse(&params)?;
    let (corpus, p) = report::build(store, &req.projection)?;
    let answer = match report::path(&corpus, &p, &req)? {
        PathOutcome::Found(answer) => answer,
        PathOutcome::NoPath { answer, message } => {
            eprintln!("{message}");
            if format == TextJson::Json {
                println!("{}", serde_json::to_string(&answer)?);
            }
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut w = out(&None)?;
    match format {
        TextJson::Json => writeln!(w, "{}", serde_json::to_string_pretty(&answer)?)?,
        TextJson::Text => write_path_text(&mut w, &answer.paths)?,
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_path_text(w: &mut dyn Write, paths: &[FoundPath]) -> Result<()> {
    for (i, q) in paths.iter().enumerate() {
        writeln!(
            w,
            "path {}: {} hop{}, cost {}",
            i + 1,
            q.length,
            if q.length == 1 { "" } else { "s" },
            json_number(q.cost)
        )?;
        for (j, n) in q.nodes.iter().enumerate() {
            writeln!(w, "  {}  <{}>", n.label, n.iri)?;
            let Some(h) = q.hops.get(j) else {
                continue;
            };
            for r in &h.relations {
                let mut head = r.ty.clone();
                if let Some(s) = &r.stage {
                    head.push_str(&format!(", {s}"));
                }
                if let Some(d) = &r.date {
                    head.push_str(&format!(", {d}"));
                }
                writeln!(w, "    | {head}")?;
                for a in &r.articles {
                    writeln!(
                        w,
                        "    |   {} ({}) {}{}",
                        a.id.as_deref().unwrap_or("?"),
                        a.date.as_deref().unwrap_or("?"),
                        a.title.as_deref().unwrap_or(""),
                        a.url
                            .as_deref()
                            .map(|u| format!(" <{u}>"))
                            .unwrap_or_default()
                    )?;
                    if let Some(note) = &a.evidence {
                        writeln!(w, "    |     evidence: {note}")?;
                    }
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
    let mut params = pa.params();
    params
        .set("measure", value_name(&measure))
        .set("top", top.to_string())
        .set("lang", lang.as_str());
    if weighted {
        params.set("weighted", "true");
    }
    let req = RankRequest::parse(&params)?;
    let (corpus, p) = report::build(&store, &req.projection)?;
    let measure = req.measure;
    let mut w = out(&None)?;
    if measure == report::RankMeasure::Bridges {
        if write_back {
            bail!("--write stores node scores; bridges are edges and are not written");
        }
        let rows = report::bridges(&corpus, &p, &req.lang);
        match format {
            RankFormat::Json => writeln!(w, "{}", serde_json::to_string_pretty(&rows)?)?,
            RankFormat::Csv => {
                writeln!(w, "from,to,from_label,to_label")?;
                for r in &rows {
                    writeln!(
                        w,
                        "{},{},{},{}",
                        r.from,
                        r.to,
                        csv_field(&r.from_label),
                        csv_field(&r.to_label)
                    )?;
                }
            }
            RankFormat::Table => {
                for r in &rows {
                    writeln!(w, "{} — {}", r.from_label, r.to_label)?;
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
        None => report::rank(&p, measure, req.weighted)?,
        Some((eps, delta, seed)) => {
            if measure.name() != "betweenness" {
                bail!("--approx applies to --measure betweenness only");
            }
            if !(eps > 0.0 && eps < 1.0 && delta > 0.0 && delta < 1.0) {
                bail!("--approx EPSILON and --delta must be between 0 and 1 (exclusive)");
            }
            let (scores, samples) = crate::graph::measures::betweenness_approx(
                &p.adjacency(),
                req.weighted,
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
    let rows = report::rank_rows(&corpus, &all, req.top, &req.lang);
    match format {
        RankFormat::Json => writeln!(w, "{}", serde_json::to_string_pretty(&rows)?)?,
        RankFormat::Csv => {
            writeln!(w, "rank,iri,label,score")?;
            for r in &rows {
                writeln!(
                    w,
                    "{},{},{},{}",
                    r.rank,
                    r.iri,
                    csv_field(&r.label),
                    json_number(r.score)
                )?;
            }
        }
        RankFormat::Table => {
            let mut t = comfy_table::Table::new();
            t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            t.set_header(vec!["rank", "label", name, "iri"]);
            for r in &rows {
                t.add_row(vec![
                    r.rank.to_string(),
                    r.label.clone(),
                    format!("{:.6}", r.score),
                    crate::query::compact_iri(&r.iri),
                ]);
            }
            writeln!(w, "{t}")?;
            writeln!(
                w,
                "{} projection: {} nodes, {} edges{}",
                p.kind.as_str(),
                p.node_count(),
                p.edge_count(),
                if req.weighted { ", weighted" } else { "" }
            )?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn csv_field(s: &str) -> String {
    crate::export::csv_field(s)
}

/// How `hpkg communities` prints.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CommunityFormat {
    /// A summary line, then each community (largest first) named by its
    /// best-connected members; single entities on one line.
    Text,
    /// One row per member: community, size, name, iri, label.
    Csv,
    Json,
}

pub fn communities(
    store_path: &std::path::Path,
    pa: &ProjectionArgs,
    resolution: f64,
    seed: u64,
    format: CommunityFormat,
    write_back: bool,
    lang: Lang,
) -> Result<ExitCode> {
    let store = open_store(store_path, write_back)?;
    let mut params = pa.params();
    params
        .set("resolution", resolution.to_string())
        .set("seed", seed.to_string())
        .set("lang", lang.as_str());
    let req = CommunitiesRequest::parse(&params)?;
    let (corpus, p) = report::build(&store, &req.projection)?;
    let (members, answer) = report::communities(&corpus, &p, req.resolution, req.seed, &req.lang);
    let (q, seed) = (answer.modularity, req.seed);
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
        CommunityFormat::Json => writeln!(w, "{}", serde_json::to_string_pretty(&answer)?)?,
        CommunityFormat::Csv => {
            // One row per member: community, its size and name, the member.
            let row = |f: &[&str]| {
                let fields: Vec<String> = f.iter().map(|x| crate::export::csv_field(x)).collect();
                fields.join(",") + "\r\n"
            };
            w.write_all(row(&["community", "size", "name", "iri", "label"]).as_bytes())?;
            for g in &answer.communities {
                for m in &g.members {
                    let (id, size) = (g.id.to_string(), g.size.to_string());
                    w.write_all(row(&[&id, &size, &g.name, &m.iri, &m.label]).as_bytes())?;
                }
            }
        }
        CommunityFormat::Text => {
            let groups = &answer.communities;
            let (many, single): (Vec<_>, Vec<_>) = groups.iter().partition(|g| g.size > 1);
            writeln!(
                w,
                "{} communities of {} entities, modularity {q:.3} ({} projection, Louvain, seed {seed}): \
                 {} with two or more members, {} single entities",
                groups.len(),
                groups.iter().map(|g| g.size).sum::<usize>(),
                p.kind.as_str(),
                many.len(),
                single.len()
            )?;
            for g in &many {
                let names: Vec<&str> = g.members.iter().map(|m| m.label.as_str()).collect();
                writeln!(w, "\n{}. {} ({} members)", g.id, g.name, g.size)?;
                writeln!(w, "   {}", names.join(" | "))?;
            }
            if !single.is_empty() {
                let names: Vec<&str> = single.iter().map(|g| g.members[0].label.as_str()).collect();
                writeln!(
                    w,
                    "\nsingle entities ({}): {}",
                    single.len(),
                    names.join(" | ")
                )?;
            }
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// How `hpkg profile` writes.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ProfileFormat {
    Md,
    Html,
    Json,
}

pub fn profile(
    store: &Store,
    org: &str,
    format: ProfileFormat,
    lang: Lang,
    output: &Option<PathBuf>,
) -> Result<ExitCode> {
    let corpus = crate::graph::Corpus::load(store)?;
    let p = crate::graph::profile::profile(store, &corpus, org, lang.as_str())?;
    let text = match format {
        ProfileFormat::Md => crate::export::dossier::markdown(&p),
        ProfileFormat::Html => crate::export::dossier::html(&p),
        ProfileFormat::Json => serde_json::to_string_pretty(&p)? + "\n",
    };
    let mut w = out(output)?;
    w.write_all(text.as_bytes())?;
    w.flush()?;
    if let Some(path) = output {
        eprintln!(
            "wrote the dossier of {} ({} partners, {} facts) to {}",
            p.label,
            p.partners.len(),
            p.timeline.len(),
            path.display()
        );
    }
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
    let mut params = pa.params();
    params
        .set("entity", entity)
        .set("hops", hops.to_string())
        .set("lang", lang.as_str());
    let req = NeighborsRequest::parse(&params)?;
    let (corpus, p) = report::build(store, &req.projection)?;
    let answer = report::neighbors(&corpus, &p, &req)?;
    let mut w = out(&None)?;
    match format {
        TextJson::Json => writeln!(w, "{}", serde_json::to_string_pretty(&answer)?)?,
        TextJson::Text => {
            let center = answer.nodes.first().map_or("", |n| n.label.as_str());
            writeln!(
                w,
                "{center} and {} node(s) within {hops} hop(s) ({} projection)",
                answer.nodes.len() - 1,
                p.kind.as_str()
            )?;
            let (own, among): (Vec<_>, Vec<_>) = answer
                .edges
                .iter()
                .partition(|e| e.from == answer.center || e.to == answer.center);
            for (title, edges) in [
                ("its own links", own),
                ("links among its neighbours", among),
            ] {
                if edges.is_empty() {
                    continue;
                }
                writeln!(w, "\n{title} ({}):", edges.len())?;
                for e in edges {
                    writeln!(
                        w,
                        "  {} —[{}]— {}  ({} article{})",
                        e.from_label,
                        e.relations.join(", "),
                        e.to_label,
                        e.articles,
                        if e.articles == 1 { "" } else { "s" }
                    )?;
                    for a in &e.evidence {
                        writeln!(
                            w,
                            "      {} {}{}",
                            a.date.as_deref().unwrap_or("?"),
                            a.title.as_deref().unwrap_or(""),
                            a.evidence
                                .as_deref()
                                .map(|n| format!(": {n}"))
                                .unwrap_or_default()
                        )?;
                    }
                }
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
    if let Some(path) = output {
        // To a file: say what was written (stdout would be the data).
        eprintln!(
            "wrote {} nodes and {} edges ({} projection, {}) to {}",
            view.nodes.len(),
            view.edges.len(),
            view.projection,
            format
                .to_possible_value()
                .map_or_else(String::new, |v| v.get_name().to_owned()),
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// The projection flags alone, as every analytics command takes them.
    #[derive(Debug, Parser)]
    struct Flags {
        #[command(flatten)]
        projection: ProjectionArgs,
    }

    fn from_flags(flags: &[&str]) -> Result<ProjectionRequest, String> {
        let f = Flags::try_parse_from(std::iter::once("hpkg").chain(flags.iter().copied()))
            .expect("clap takes the flags");
        ProjectionRequest::parse(&f.projection.params()).map_err(|e| e.to_string())
    }

    fn from_query(pairs: &[(&str, &str)]) -> Result<ProjectionRequest, String> {
        let params: Params = pairs.iter().copied().collect();
        ProjectionRequest::parse(&params).map_err(|e| e.to_string())
    }

    #[test]
    fn the_cli_and_the_api_reject_the_same_bad_requests_with_the_same_message() {
        // (CLI flags, the same values as query pairs)
        type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
        let cases: [Case; 5] = [
            (&["--since", "2024-13"], &[("since", "2024-13")]),
            (&["--until", "soon"], &[("until", "soon")]),
            (&["--country", "KW,XX"], &[("country", "KW,XX")]),
            (&["--country", "kw"], &[("country", "kw")]),
            (
                &["--since", "2024", "--country", "XX"],
                &[("since", "2024"), ("country", "XX")],
            ),
        ];
        for (flags, pairs) in cases {
            let cli = from_flags(flags).unwrap_err();
            assert_eq!(Err(cli), from_query(pairs), "{flags:?}");
        }
    }

    #[test]
    fn the_cli_and_the_api_read_the_same_request_from_the_same_values() {
        let cli = from_flags(&[
            "--projection",
            "network",
            "--since",
            "2024",
            "--types",
            "partnership,funding",
            "--min-stage",
            "signed",
            "--min-weight",
            "2.5",
            "--country",
            "KW,SA",
            "--category",
            "ngo",
            "--rollup",
        ]);
        let api = from_query(&[
            ("projection", "network"),
            ("since", "2024"),
            ("types", "partnership,funding"),
            ("min_stage", "signed"),
            ("min_weight", "2.5"),
            ("country", "KW,SA"),
            ("category", "ngo"),
            ("rollup", "true"),
        ]);
        assert_eq!(cli, api);
        assert_eq!(from_flags(&[]), from_query(&[]));
    }
}
