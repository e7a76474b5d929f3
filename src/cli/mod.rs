//! The command line: the only module that knows clap. Each command parses
//! its arguments, calls the library, and prints. anyhow lives here, at the
//! edge.

mod analytics;

use crate::ingest::bulk::Bulk;
use crate::ingest::source::{self, Diagnostic};
use crate::ingest::{ArticleReport, Checked, Feed, IngestError, Ingester, Progress, Report};
use crate::query::{self, library, EntityIndex, NamedQuery};
use crate::resolve::Gazetteer;
use crate::store::{self, QueryOutput, RdfSyntax, ResultsFormat, SparqlRequest, Store};
use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

const AFTER_HELP: &str = "\
Examples:
  hpkg ingest data/                    build the graph from the shipped corpus
  hpkg queries                         list the named queries and their parameters
  hpkg query partners-of --param org=\"Kuwait Red Crescent Society\"
  hpkg query -e 'SELECT ?o ?label WHERE { ?o a hp:Organization ; rdfs:label ?label }' --format csv
  hpkg stats
  hpkg dump --format trig -o graph.trig

The store is a directory (default ./hpkg-store, or $HPKG_STORE). One process
writes it at a time; reading commands (query, stats, dump) open it read-only.";

/// hpkg: the humanitarian partnership knowledge graph.
///
/// Turns article facts (JSON, one document per news article) into an RDF
/// graph in an embedded Oxigraph store, resolving organisations, people and
/// initiatives across articles and languages, and answers SPARQL over it.
#[derive(Debug, Parser)]
#[command(name = "hpkg", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// Store directory (Oxigraph on RocksDB).
    #[arg(
        long,
        global = true,
        env = "HPKG_STORE",
        default_value = "hpkg-store",
        value_name = "DIR"
    )]
    store: PathBuf,

    /// Use the gazetteer (reference list) in DIR instead of the one built in
    /// from data/gazetteer. A store must always be used with one gazetteer:
    /// changing it re-links every article.
    #[arg(long, global = true, env = "HPKG_GAZETTEER", value_name = "DIR")]
    gazetteer: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read article facts into the store, one transaction per article.
    ///
    /// PATH is a .json file (one document), a .jsonl file (one document per
    /// line), a directory (searched recursively for both; directories named
    /// `gazetteer` are skipped), or - for JSON Lines on stdin. Every document
    /// is checked against the article facts spec; a rejected document
    /// changes nothing, and the others still go in. Re-ingesting the same
    /// content changes nothing; changed content replaces the article.
    /// Exits 1 if any document was rejected.
    #[command(after_help = "Example:\n  hpkg ingest data/\n  cat feed.jsonl | hpkg ingest -")]
    Ingest {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Stop at the first rejected document.
        #[arg(long)]
        strict: bool,
        /// Load every valid document in one all-or-nothing batch, for large
        /// inputs. The input is read twice: once to resolve identity, once
        /// to stream each article into Oxigraph's bulk loader (stdin is
        /// copied to a file in the store's directory first). A batch that
        /// changes stored articles goes through one transaction instead.
        /// The result is the same store as without --bulk.
        #[arg(long)]
        bulk: bool,
        /// Report format, on stdout. Problems always go to stderr.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        report: ReportFormat,
    },
    /// Check article facts without writing anything. Exits 1 on any problem.
    Validate {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Extract article facts from Arabic or English news text.
    ///
    /// Each FILE is UTF-8 text: an optional header of `key: value` lines
    /// (id, title, language, published, url, publisher), a blank line, then
    /// the body. Flags give the same values and win over the header.
    ///
    /// Entities: the gazetteer's organisations, initiatives and people and
    /// the lexicon's places and groups (data/lexicon/), matched through the
    /// identity normaliser, longest first, with Arabic clitics (و ف ب ل ك،
    /// لل) and Latin case ignored (acronyms need their capitals); persons at
    /// news-style cues (a post and organisation, برئاسة / headed by,
    /// honorifics, verbs of saying), with their posts as `role` facts.
    /// Facts: the verb and noun patterns of data/patterns/ar.toml and
    /// en.toml (meeting, partnership by stage, funding, launch, beneficiary,
    /// aid), with amounts in ISO 4217 and dates resolved against
    /// `published`. A denial or a plan in a sentence stops its facts.
    ///
    /// Every document written is valid against the contract; one that names
    /// nothing known comes with a warning. Output: JSON Lines on stdout
    /// (pipe it to `hpkg ingest -`), or one ID.json per article in -o DIR.
    /// Nothing is written if any file fails.
    #[command(
        after_help = "Examples:\n  hpkg extract article.txt\n  hpkg extract --id syn-1 --title 'A title' --language ar --published 2025-01-01 body.txt\n  hpkg extract texts/*.txt -o facts/\n  hpkg extract texts/*.txt | hpkg ingest -\n  hpkg extract article.txt --ingest\n  hpkg extract --explain article.txt            # rule and text span of everything found\n  hpkg extract --eval tests/extract/gold tests/extract/text\n  hpkg extract --rules my-data/ article.txt     # edited copies of data/lexicon and data/patterns"
    )]
    Extract {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print, for every entity and fact, the rule and the text span
        /// (file:line:column) that produced it, instead of the documents
        /// (with -o, the documents still go to DIR).
        #[arg(long, conflicts_with = "ingest")]
        explain: bool,
        /// Score extraction against gold documents: GOLD_DIR holds ID.json
        /// article facts, the one FILE is a directory of ID.txt texts.
        /// Prints precision, recall and F1 for entities (after identity
        /// resolution) and per fact type, and how often dates and amounts
        /// agree on matched facts.
        #[arg(long, value_name = "GOLD_DIR", conflicts_with_all = ["ingest", "output", "explain"])]
        eval: Option<PathBuf>,
        /// With --eval: the scores as JSON.
        #[arg(long, requires = "eval")]
        json: bool,
        /// Read the lexicons and patterns from DIR (laid out as data/:
        /// lexicon/places.toml, lexicon/groups.toml, patterns/ar.toml,
        /// patterns/en.toml) instead of the built-in copies.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
        /// Write one ID.json per article into DIR (created if needed).
        #[arg(short, long, value_name = "DIR", conflicts_with = "ingest")]
        output: Option<PathBuf>,
        /// Ingest the documents into the store instead of printing them.
        #[arg(long)]
        ingest: bool,
        /// The article's id (one FILE only).
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// ar or en.
        #[arg(long, value_name = "LANG")]
        language: Option<String>,
        /// YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        published: Option<String>,
        #[arg(long, value_name = "IRI")]
        url: Option<String>,
        #[arg(long, value_name = "NAME")]
        publisher: Option<String>,
    },
    /// Remove articles (and what only they said) from the store, in one
    /// transaction. Identities that only these articles linked split again.
    Retract {
        #[arg(required = true, value_name = "ARTICLE_ID")]
        ids: Vec<String>,
    },
    /// Run a SPARQL query: a named query, a .rq file, or -e TEXT.
    ///
    /// The default graph is the union of all graphs. The prefixes hp:, hpid:,
    /// org:, prov:, schema:, skos:, rdf:, rdfs:, xsd:, owl: and dcterms: are
    /// predeclared. --param binds a variable to a term in the parsed query
    /// (never by editing the text): a value naming an entity (label, alias
    /// or IRI) becomes that entity's IRI, and an ambiguous name is an error
    /// listing the candidates.
    #[command(
        after_help = "Examples:\n  hpkg query partners-of --param org=\"Kuwait Red Crescent Society\"\n  hpkg query timeline --param entity=IsDB --format csv\n  hpkg query my-query.rq --format json\n  hpkg query -e 'ASK { ?x a hp:Funding }'"
    )]
    Query {
        /// Named query (see `hpkg queries`) or path to a .rq file.
        #[arg(
            value_name = "NAME|FILE",
            required_unless_present = "expr",
            conflicts_with = "expr"
        )]
        query: Option<String>,
        /// Query text.
        #[arg(short = 'e', long = "expr", value_name = "TEXT")]
        expr: Option<String>,
        /// Bind ?NAME to VALUE; repeatable.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// Output format. SELECT/ASK: table, csv, tsv, json, xml.
        /// CONSTRUCT/DESCRIBE: turtle, ntriples, rdfxml, jsonld (default turtle).
        #[arg(long, value_enum)]
        format: Option<QueryFormat>,
        /// Cancel the query after this many seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 60)]
        timeout: u64,
        /// Write to FILE instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Print the evaluation plan (oxigraph's JSON explanation) instead
        /// of running the query. Parameters are bound values, not part of
        /// the plan: the plan is the same whatever values --param gives.
        #[arg(long, conflicts_with = "format")]
        explain: bool,
    },
    /// List the named queries with their descriptions and parameters.
    Queries {
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Write the store (or one graph) as RDF, sorted.
    ///
    /// trig, nquads and jsonld keep the named graphs (provenance). turtle,
    /// ntriples and rdfxml carry triples only: without --graph they get the
    /// union of all graphs, each triple once. With --graph, every syntax
    /// writes that graph's triples.
    Dump {
        #[arg(long, value_enum)]
        format: DumpFormat,
        /// Only this named graph (e.g. an article IRI).
        #[arg(long, value_name = "IRI")]
        graph: Option<String>,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write a consistent snapshot of the store into a new directory, even
    /// while another process writes to it; then open the snapshot and
    /// check it. The snapshot is a store: use it with --store DIR.
    #[command(
        after_help = "Example:\n  hpkg backup backups/2026-11-29\n  hpkg --store backups/2026-11-29 stats"
    )]
    Backup {
        /// The directory to create (it must not exist).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Check the store's integrity: Oxigraph's indexes agree, every article
    /// graph has its source document and the reverse, and every source
    /// document reads back. Read-only; exits 1 on any problem.
    Check {
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Show counts by class, articles, facts and the date range.
    Stats {
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// How is FROM connected to TO, and on what evidence?
    ///
    /// Prints the shortest path (or, with --k N, the N shortest loopless
    /// paths, by Yen's algorithm) through a projection, each hop with its
    /// relations, stage, date and supporting articles. FROM and TO are
    /// labels or aliases in either language, or IRIs. Exits 1 when there is
    /// no path, naming the components the two ends are in.
    #[command(
        after_help = "Examples:\n  hpkg path \"Kuwait Red Crescent Society\" UNHCR\n  hpkg path KSrelief \"Qatar Charity\" --k 3 --weighted --format json"
    )]
    Path {
        from: String,
        to: String,
        /// How many shortest loopless paths to show.
        #[arg(long, default_value_t = 1)]
        k: usize,
        /// Prefer strong ties: a hop costs 1/weight instead of 1.
        #[arg(long)]
        weighted: bool,
        /// Only paths of at most this many hops.
        #[arg(long, value_name = "N")]
        max_hops: Option<usize>,
        #[command(flatten)]
        projection: analytics::ProjectionArgs,
        #[arg(long, value_enum, default_value_t = analytics::TextJson::Text)]
        format: analytics::TextJson,
        /// Language of labels (falls back to the other).
        #[arg(long, value_enum, default_value_t = analytics::Lang::En)]
        lang: analytics::Lang,
    },
    /// Rank entities by a centrality: who are the brokers and hubs?
    ///
    /// Measures match NetworkX's defaults: degree (normalised by n-1),
    /// strength (sum of weights), betweenness (Brandes, normalised;
    /// --weighted uses cost 1/weight), closeness (Wasserman-Faust),
    /// harmonic, pagerank (alpha 0.85, weighted), eigenvector (power
    /// iteration, unit norm; --weighted uses weights), articulation
    /// (cut vertices; score = components added by removal) and bridges
    /// (cut edges). --write stores the scores in the analytics graph for
    /// SPARQL (see the top-brokers query); a rerun replaces the scores of
    /// the same measure and projection.
    #[command(
        after_help = "Examples:\n  hpkg rank --measure betweenness --top 10\n  hpkg rank --measure pagerank --projection funding --format json\n  hpkg rank --measure betweenness --write && hpkg query top-brokers"
    )]
    Rank {
        #[arg(long, value_enum)]
        measure: analytics::MeasureArg,
        /// Use edge weights (see the measure list above).
        #[arg(long)]
        weighted: bool,
        /// Approximate betweenness by sampling shortest paths
        /// (Riondato-Kornaropoulos): each score within EPSILON * n/(n-2) of
        /// the exact one with probability 1 - delta. For projections too
        /// large for the exact measure.
        #[arg(long, value_name = "EPSILON")]
        approx: Option<f64>,
        /// Failure probability of the --approx bound.
        #[arg(long, default_value_t = 0.1, value_name = "DELTA")]
        delta: f64,
        /// Seed of the --approx sampling.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Show the N highest (0 for all).
        #[arg(long, default_value_t = 20, value_name = "N")]
        top: usize,
        #[command(flatten)]
        projection: analytics::ProjectionArgs,
        #[arg(long, value_enum, default_value_t = analytics::RankFormat::Table)]
        format: analytics::RankFormat,
        /// Store the scores in <https://w3id.org/hpkg/graph/analytics>.
        #[arg(long)]
        write: bool,
        #[arg(long, value_enum, default_value_t = analytics::Lang::En)]
        lang: analytics::Lang,
    },
    /// Find clusters (Louvain) and report modularity and members.
    Communities {
        #[command(flatten)]
        projection: analytics::ProjectionArgs,
        /// Louvain resolution: above 1 favours smaller communities.
        #[arg(long, default_value_t = 1.0)]
        resolution: f64,
        /// Seed of the visiting order (results are deterministic per seed).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = analytics::TextJson::Text)]
        format: analytics::TextJson,
        /// Store the memberships in the analytics graph.
        #[arg(long)]
        write: bool,
        #[arg(long, value_enum, default_value_t = analytics::Lang::En)]
        lang: analytics::Lang,
    },
    /// Print the ego network of an entity: everything within N hops, with
    /// the relation on each edge.
    #[command(after_help = "Example:\n  hpkg neighbors IsDB --hops 2 --projection network")]
    Neighbors {
        entity: String,
        #[arg(long, default_value_t = 1)]
        hops: usize,
        #[command(flatten)]
        projection: analytics::ProjectionArgs,
        #[arg(long, value_enum, default_value_t = analytics::TextJson::Text)]
        format: analytics::TextJson,
        #[arg(long, value_enum, default_value_t = analytics::Lang::En)]
        lang: analytics::Lang,
    },
    /// Serve a SPARQL 1.1 endpoint, a JSON API and the web workbench.
    ///
    /// Opens the same store as the other commands and holds it, so while it
    /// runs, articles are added through it (POST /api/articles with the
    /// write token). Routes: / (workbench), /sparql (SPARQL 1.1 Protocol,
    /// read-only unless a write token is set), /api/entity, /api/search,
    /// /api/path, /api/rank, /api/communities, /api/export, /api/queries,
    /// /api/articles, /healthz. SIGINT or SIGTERM stops it after requests in
    /// flight finish.
    #[command(
        after_help = "Examples:\n  hpkg serve                                  # http://127.0.0.1:7878/\n  HPKG_WRITE_TOKEN=s3cret hpkg serve --bind 127.0.0.1:8080\n  curl 'http://127.0.0.1:7878/sparql' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3'"
    )]
    Serve {
        /// Address to listen on (loopback by default).
        #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR:PORT")]
        bind: std::net::SocketAddr,
        /// Cancel queries after this many seconds (answers 503).
        #[arg(long, default_value_t = 30, value_name = "SECONDS")]
        timeout: u64,
        /// Token that allows writes (Authorization: Bearer TOKEN).
        #[arg(
            long,
            env = "HPKG_WRITE_TOKEN",
            hide_env_values = true,
            value_name = "TOKEN"
        )]
        write_token: Option<String>,
        /// Allow cross-origin requests from this origin (off by default).
        #[arg(long, value_name = "ORIGIN")]
        cors: Option<String>,
        /// Largest request body, in bytes (larger ones get 413).
        #[arg(long, default_value_t = 16 * 1024 * 1024, value_name = "BYTES")]
        max_body: usize,
        /// Close a connection that takes longer than this to send a
        /// request's headers, or sits idle this long between requests, so
        /// slow or idle clients cannot hold connections forever.
        #[arg(long, default_value_t = 10, value_name = "SECONDS")]
        idle_timeout: u64,
        /// Connections served at once; one more gets 503 and is closed at
        /// once, so it can retry instead of waiting unanswered.
        #[arg(long, default_value_t = 1024, value_name = "N")]
        max_connections: usize,
        /// Most rows (or triples) a query may return; a larger result is
        /// refused with 400 (add LIMIT), so one query cannot exhaust memory.
        #[arg(long, default_value_t = 1_000_000, value_name = "N")]
        max_rows: usize,
        /// SPARQL evaluations run at once; more wait for a free one (503
        /// after --timeout). A query oxigraph cannot stop at once (an
        /// ORDER BY or aggregate over a large join) keeps its slot until it
        /// ends, so such queries cannot pile up beyond this.
        #[arg(long, default_value_t = 8, value_name = "N")]
        max_queries: usize,
        /// Log warnings only (no request log).
        #[arg(long)]
        quiet: bool,
    },
    /// Write a synthetic corpus (JSON Lines shards) for tests and benchmarks.
    ///
    /// Deterministic for a seed, valid against the spec, and labelled
    /// synthetic everywhere: ids start with syn-, the publisher is
    /// "synthetic", and there are no URLs. Organisation popularity is
    /// heavy-tailed over the gazetteer plus one generated organisation per
    /// five articles; names come in Arabic and English with the press's
    /// spelling variants; all fact types appear over ten years.
    #[command(
        after_help = "Example:\n  hpkg generate --articles 10000 --seed 1 -o synthetic/\n  hpkg --store /tmp/syn ingest synthetic/"
    )]
    Generate {
        #[arg(long, value_name = "N")]
        articles: usize,
        #[arg(long, default_value_t = 1, value_name = "S")]
        seed: u64,
        /// Output directory (created if needed).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Articles per JSONL shard.
        #[arg(long, default_value_t = 10_000, value_name = "N")]
        shard_size: usize,
    },
    /// Write a projection for a visualisation tool.
    ///
    /// Every format carries the same attributes. Nodes: IRI, label in
    /// --lang (falling back to the other language), all labels, type,
    /// category, country, degree, and every score and community stored by
    /// `rank --write` / `communities --write` for that projection. Edges:
    /// weight, relation types, highest stage, first and last date, article
    /// count and IRIs, amounts by currency. Output goes to stdout unless -o
    /// is given; csv needs -o DIR. RDF dumps are `hpkg dump`.
    #[command(
        after_help = "Examples:\n  hpkg export --format gexf -o partners.gexf          # Gephi\n  hpkg export --format html -o partners.html          # any browser, offline\n  hpkg export --projection network --format graphml -o network.graphml\n  hpkg export --format dot | sfdp -Tsvg -o partners.svg\n  hpkg export --format csv -o partners-csv/"
    )]
    Export {
        #[command(flatten)]
        projection: analytics::ProjectionArgs,
        #[arg(long, value_enum)]
        format: analytics::ExportFormat,
        #[arg(long, value_enum, default_value_t = analytics::Lang::En)]
        lang: analytics::Lang,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
    Rdfxml,
    Jsonld,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum DumpFormat {
    Turtle,
    Trig,
    Nquads,
    Ntriples,
    Rdfxml,
    Jsonld,
}

impl DumpFormat {
    fn syntax(self) -> RdfSyntax {
        match self {
            Self::Turtle => RdfSyntax::Turtle,
            Self::Trig => RdfSyntax::TriG,
            Self::Nquads => RdfSyntax::NQuads,
            Self::Ntriples => RdfSyntax::NTriples,
            Self::Rdfxml => RdfSyntax::RdfXml,
            Self::Jsonld => RdfSyntax::JsonLd,
        }
    }
}

/// Runs the command line; the binary's `main` calls this.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                // The reader went away (e.g. `| head`): not an error.
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            if disk_full(&e) {
                eprintln!(
                    "hint: the disk is full. What was written before stays whole (check it \
                     with `hpkg check`); free some space, then run the same command again"
                );
            }
            ExitCode::FAILURE
        }
    }
}

/// Whether an error comes from a full disk: an io error of that kind, or
/// RocksDB's message for it (RocksDB reports errors as text).
fn disk_full(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull)
            || c.to_string().contains("No space left on device")
    })
}

fn gazetteer(cli: &Cli) -> Result<Gazetteer> {
    Ok(match &cli.gazetteer {
        Some(dir) => Gazetteer::from_dir(dir)?,
        None => Gazetteer::builtin().context("the built-in gazetteer is invalid")?,
    })
}

fn output(path: &Option<PathBuf>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Ingest {
            paths,
            strict,
            bulk,
            report,
        } => ingest(&cli, paths, *strict, *bulk, *report),
        Command::Validate { paths } => validate(paths),
        Command::Extract {
            files,
            output,
            ingest,
            explain,
            eval,
            json,
            rules,
            id,
            title,
            language,
            published,
            url,
            publisher,
        } => {
            let flags = crate::extract::text::Header {
                id: id.clone(),
                title: title.clone(),
                language: language.clone(),
                published: published.clone(),
                url: url.clone(),
                publisher: publisher.clone(),
            };
            let rules = match rules {
                Some(dir) => crate::extract::rules::Rules::from_dir(dir)?,
                None => crate::extract::rules::Rules::builtin()?,
            };
            if let Some(gold) = eval {
                return extract_eval(&cli, rules, gold, files, *json);
            }
            extract(
                &cli,
                rules,
                files,
                &flags,
                output.as_deref(),
                *ingest,
                *explain,
            )
        }
        Command::Retract { ids } => {
            let store = Store::open(&cli.store)?;
            let mut ing = Ingester::open(&store, gazetteer(&cli)?)?;
            let relinked = ing.retract(ids)?;
            println!(
                "retracted {} article{}",
                ids.len(),
                if ids.len() == 1 { "" } else { "s" }
            );
            if !relinked.is_empty() {
                println!(
                    "re-linked {} other article graph(s): {}",
                    relinked.len(),
                    relinked.join(", ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Query {
            query,
            expr,
            params,
            format,
            timeout,
            output: out,
            explain,
        } => run_query(
            &cli,
            QueryCall {
                query: query.as_deref(),
                expr: expr.as_deref(),
                params,
                format: *format,
                timeout: *timeout,
                out,
                explain: *explain,
            },
        ),
        Command::Queries { format } => list_queries(*format),
        Command::Dump {
            format,
            graph,
            output: out,
        } => {
            let store = Store::open_read_only(&cli.store)?;
            let mut w = output(out)?;
            let n = store.dump(format.syntax(), graph.as_deref(), &mut w)?;
            w.flush()?;
            if n == 0 {
                if let Some(g) = graph {
                    bail!("graph <{g}> is empty or absent: `hpkg query articles` lists the article graphs");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { dir } => backup(&cli.store, dir),
        Command::Check { format } => {
            let store = Store::open_read_only(&cli.store)?;
            let audit = crate::ingest::audit(&store)?;
            match format {
                ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&audit)?),
                ReportFormat::Text => {
                    for p in &audit.problems {
                        println!("problem: {p}");
                    }
                    println!(
                        "{}: {} quads, {} articles, {} problems",
                        store.path().display(),
                        audit.quads,
                        audit.articles,
                        audit.problems.len()
                    );
                }
            }
            Ok(if audit.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Path {
            from,
            to,
            k,
            weighted,
            max_hops,
            projection,
            format,
            lang,
        } => {
            let store = Store::open_read_only(&cli.store)?;
            analytics::path(
                &store, from, to, *k, *weighted, *max_hops, projection, *format, *lang,
            )
        }
        Command::Rank {
            measure,
            weighted,
            approx,
            delta,
            seed,
            top,
            projection,
            format,
            write,
            lang,
        } => analytics::rank(
            &cli.store,
            *measure,
            *weighted,
            approx.map(|e| (e, *delta, *seed)),
            *top,
            projection,
            *format,
            *write,
            *lang,
        ),
        Command::Communities {
            projection,
            resolution,
            seed,
            format,
            write,
            lang,
        } => analytics::communities(
            &cli.store,
            projection,
            *resolution,
            *seed,
            *format,
            *write,
            *lang,
        ),
        Command::Neighbors {
            entity,
            hops,
            projection,
            format,
            lang,
        } => {
            let store = Store::open_read_only(&cli.store)?;
            analytics::neighbors(&store, entity, *hops, projection, *format, *lang)
        }
        Command::Export {
            projection,
            format,
            lang,
            output,
        } => {
            let store = Store::open_read_only(&cli.store)?;
            analytics::export(&store, projection, *format, *lang, output)
        }
        Command::Serve {
            bind,
            timeout,
            write_token,
            cors,
            max_body,
            idle_timeout,
            max_connections,
            max_rows,
            max_queries,
            quiet,
        } => {
            let level = if *quiet { "warn" } else { "info" };
            tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal())
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_env("HPKG_LOG")
                        .unwrap_or_else(|_| {
                            tracing_subscriber::EnvFilter::new(format!("{level},tower_http=debug"))
                        })
                        .add_directive(if *quiet {
                            "tower_http=warn".parse()?
                        } else {
                            "tower_http=debug".parse()?
                        }),
                )
                .init();
            let config = crate::server::Config {
                bind: *bind,
                timeout: Duration::from_secs(*timeout),
                write_token: write_token.clone().filter(|t| !t.is_empty()),
                cors: cors.clone(),
                max_body: *max_body,
                idle_timeout: Duration::from_secs((*idle_timeout).max(1)),
                max_connections: (*max_connections).max(1),
                max_rows: *max_rows,
                max_queries: (*max_queries).max(1),
            };
            crate::server::serve(&cli.store, gazetteer(&cli)?, config)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate {
            articles,
            seed,
            output,
            shard_size,
        } => generate(&cli, *articles, *seed, output, (*shard_size).max(1)),
        Command::Stats { format } => {
            let store = Store::open_read_only(&cli.store)?;
            let s = query::stats(&store)?;
            match format {
                ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&s)?),
                ReportFormat::Text => print_stats(&s),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn generate(
    cli: &Cli,
    articles: usize,
    seed: u64,
    dir: &Path,
    shard_size: usize,
) -> Result<ExitCode> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let gaz = gazetteer(cli)?;
    let pb = progress(articles);
    let mut writer: Option<std::io::BufWriter<std::fs::File>> = None;
    let mut shards = 0;
    crate::synth::generate(articles, seed, &gaz, |n, line| {
        if n % shard_size == 0 {
            if let Some(mut w) = writer.take() {
                w.flush()?;
            }
            let path = dir.join(format!("syn-{seed}-{:04}.jsonl", n / shard_size));
            writer = Some(std::io::BufWriter::new(std::fs::File::create(&path)?));
            shards += 1;
        }
        let w = writer.as_mut().expect("a shard is open");
        w.write_all(line.as_bytes())?;
        w.write_all(b"\n")?;
        pb.inc(1);
        Ok(())
    })
    .with_context(|| format!("cannot write the corpus into {}", dir.display()))?;
    if let Some(mut w) = writer {
        w.flush()?;
    }
    pb.finish_and_clear();
    eprintln!(
        "wrote {articles} synthetic articles in {shards} shard(s) to {}",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn print_stats(s: &query::Stats) {
    println!("articles      {}", s.articles);
    println!("facts         {}", s.facts);
    println!("quads         {}", s.quads);
    println!("named graphs  {}", s.graphs);
    let range = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(a), Some(b)) => format!("{a} .. {b}"),
        _ => "none".to_owned(),
    };
    println!("fact dates    {}", range(&s.first_date, &s.last_date));
    println!(
        "published     {}",
        range(&s.first_published, &s.last_published)
    );
    println!("by class:");
    for (c, n) in &s.classes {
        println!("  {c:<16} {n}");
    }
}

fn print_diagnostics(ds: &[Diagnostic]) {
    for d in ds {
        eprintln!("rejected: {d}");
    }
}

fn progress(total: usize) -> indicatif::ProgressBar {
    progress_bar(total, "files")
}

/// A progress bar on stderr, hidden when stderr is not a terminal so that
/// logs and pipes stay clean; `unit` names what is counted.
fn progress_bar(total: usize, unit: &str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(total as u64);
    pb.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} [{{bar:30}}] {{pos}}/{{len}} {unit}  {{per_sec}}  eta {{eta}}  {{msg}}"
        ))
        .expect("valid template")
        .progress_chars("=> "),
    );
    pb
}

fn ingest(
    cli: &Cli,
    paths: &[PathBuf],
    strict: bool,
    bulk: bool,
    format: ReportFormat,
) -> Result<ExitCode> {
    let mut report = Report::default();
    let mut skipped = Vec::new();
    let (files, problems) = source::discover(paths, &mut skipped);
    for s in &skipped {
        eprintln!("note: skipping {s}: it is a gazetteer (reference list), built into hpkg; see --gazetteer");
    }
    print_diagnostics(&problems);
    for p in &problems {
        report.reject(std::slice::from_ref(p));
    }
    if strict && !problems.is_empty() {
        bail!("stopped at the first problem (--strict); nothing was written");
    }
    let store = Store::open(&cli.store)?;
    let ing = Ingester::open(&store, gazetteer(cli)?)?;
    if bulk {
        ingest_bulk(ing, files, strict, &mut report)?;
    } else {
        ingest_each(ing, &files, strict, &mut report)?;
    }
    match format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        ReportFormat::Text => {
            println!(
                "articles: {} new, {} unchanged, {} replaced, {} rejected",
                report.articles_new,
                report.articles_unchanged,
                report.articles_replaced,
                report.articles_rejected
            );
            println!(
                "entities: {} new, {} resolved to known ones",
                report.entities_new, report.entities_resolved
            );
            if !report.relinked.is_empty() {
                let shown: Vec<&str> = report
                    .relinked
                    .iter()
                    .take(10)
                    .map(String::as_str)
                    .collect();
                println!(
                    "re-linked article graphs: {}{}",
                    report.relinked.len(),
                    if report.relinked.len() > 10 {
                        format!(
                            " (first: {}, ...; --report json lists all)",
                            shown.join(", ")
                        )
                    } else {
                        format!(" ({})", shown.join(", "))
                    }
                );
            }
            if report.ambiguous.is_empty() {
                println!("ambiguous names: none");
            } else {
                println!(
                    "ambiguous names: {} (kept apart; add a country or a fuller name):",
                    report.ambiguous.len()
                );
                for a in &report.ambiguous {
                    println!(
                        "  {} / {}: {} -> could be {}",
                        a.article,
                        a.key,
                        a.names.join(" | "),
                        a.candidates.join(", ")
                    );
                }
            }
            println!("store: {}", store.path().display());
        }
    }
    Ok(if report.articles_rejected > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads every input once through a [`Feed`], with a progress bar over
/// the files: each accepted document goes to `take` (whose report, if any,
/// is counted), each rejected one is reported (and under `--strict` ends
/// the reading).
fn read_inputs(
    files: &[source::InputFile],
    strict: bool,
    report: &mut Report,
    mut take: impl FnMut(Checked) -> Result<Option<ArticleReport>>,
) -> Result<()> {
    let pb = progress(files.len());
    let mut feed = Feed::new();
    let mut read = 0usize;
    'files: for file in files {
        pb.set_message(file.name());
        for accepted in feed.read(file) {
            match accepted {
                Ok(doc) => {
                    if let Some(r) = take(doc)? {
                        report.add(r);
                    }
                    read += 1;
                }
                Err(ds) => {
                    pb.suspend(|| print_diagnostics(&ds));
                    report.reject(&ds);
                    if strict {
                        break 'files;
                    }
                }
            }
        }
        pb.inc(1);
        pb.set_message(format!("{read} articles read"));
    }
    pb.finish_and_clear();
    Ok(())
}

/// Ingests article after article, each in its own transaction.
fn ingest_each(
    mut ing: Ingester,
    files: &[source::InputFile],
    strict: bool,
    report: &mut Report,
) -> Result<()> {
    let mut written = 0usize;
    read_inputs(files, strict, report, |doc| {
        let origin = doc.origin.clone();
        let r = ing.ingest(doc).with_context(|| {
            // Each article before this one is committed: say how many, so
            // that nobody re-checks what is safe.
            format!(
                "while ingesting {origin} (the {written} article(s) before it are stored; \
                 it and those after it were not written)"
            )
        })?;
        written += 1;
        Ok(Some(r))
    })
}

/// `--bulk`: reads the input once to resolve identity, then again to
/// stream it into the store through the bulk loader (or, if the batch
/// changes stored articles, into one transaction); see `ingest::bulk`.
fn ingest_bulk(
    ing: Ingester,
    mut files: Vec<source::InputFile>,
    strict: bool,
    report: &mut Report,
) -> Result<()> {
    // The copy goes beside the store, where space was planned for the data,
    // and the next open removes it if this run is killed.
    let store = ing.store();
    let _spooled = source::spool_stdin(&mut files, || {
        store.spool_file().map_err(std::io::Error::other)
    })
    .context("while copying stdin aside")?;
    let mut plan = ing.plan_bulk();
    read_inputs(&files, strict, report, |doc| {
        plan.add(&doc);
        Ok(None)
    })?;
    if strict && report.articles_rejected > 0 {
        eprintln!("stopped at the first problem (--strict): nothing of the batch was written");
        return Ok(());
    }
    // The second read: the same documents, problems already reported.
    let accepted = || Feed::new().read_all(&files).filter_map(Result::ok);
    let shown = std::io::stderr().is_terminal();
    let bar = progress_bar(0, "articles written");
    let start = std::time::Instant::now();
    let mut total = 0;
    let mut on_progress = |p: Progress| match p {
        Progress::Resolving { articles } => {
            total = articles;
            bar.set_message(format!(
                "resolving identity over the store and {articles} new or changed articles"
            ));
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Progress::Mapped => {
            if bar.length() == Some(0) {
                bar.disable_steady_tick();
                bar.set_length(total as u64);
                bar.set_message("");
            }
            bar.inc(1);
        }
    };
    let context = "while loading the batch (nothing was written)";
    match plan.prepare(&mut on_progress).context(context)? {
        Bulk::Stream(load) => match load.load(accepted(), &mut on_progress, &mut |r| report.add(r))
        {
            Ok(()) => {}
            Err(e @ IngestError::Compaction(_)) => eprintln!("warning: {e}"),
            Err(e) => return Err(e).context(context),
        },
        Bulk::Transaction(batch) => {
            for r in batch.load(accepted(), &mut on_progress).context(context)? {
                report.add(r);
            }
        }
    }
    bar.finish_and_clear();
    let n = bar.position();
    if shown && n > 0 {
        let secs = start.elapsed().as_secs_f64().max(1e-9);
        eprintln!(
            "loaded {n} articles in {secs:.1} s ({:.0} articles/s)",
            n as f64 / secs
        );
    }
    Ok(())
}

/// `hpkg backup DIR`. With the store free, it is opened for writing (no
/// write can start meanwhile); while another process writes it, the
/// checkpoint is taken through a read-only handle, which sees whole
/// transactions only, and is tried again if a compaction removed a file
/// under it. Either way the snapshot is opened and validated before the
/// command says it is done.
fn backup(store: &Path, dir: &Path) -> Result<ExitCode> {
    if dir.exists() {
        bail!(
            "{} exists: a backup goes into a new directory; name one that does not exist",
            dir.display()
        );
    }
    if !store.join("CURRENT").exists() {
        return Err(store::StoreError::Missing {
            path: store.to_owned(),
        }
        .into());
    }
    let source = match Store::open(store) {
        Ok(s) => s,
        Err(store::StoreError::Locked { .. }) => Store::open_read_only(store)?,
        Err(e) => return Err(e.into()),
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        match source.backup(dir) {
            Ok(()) => break,
            Err(e) if attempt < 3 && !source.is_writable() => {
                eprintln!("note: the backup met a concurrent write ({e}); trying again");
                let _ = std::fs::remove_dir_all(dir);
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(dir);
                return Err(e).with_context(|| format!("while backing up into {}", dir.display()));
            }
        }
    }
    drop(source);
    let copy = Store::open(dir)
        .with_context(|| format!("the backup in {} does not open", dir.display()))?;
    copy.validate()
        .with_context(|| format!("the backup in {} does not validate", dir.display()))?;
    println!(
        "backed up {} quads into {} (opened and validated)",
        copy.len()?,
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn validate(paths: &[PathBuf]) -> Result<ExitCode> {
    let mut skipped = Vec::new();
    let (files, problems) = source::discover(paths, &mut skipped);
    print_diagnostics(&problems);
    let mut bad = problems.len();
    let mut good = 0;
    for accepted in Feed::new().read_all(&files) {
        match accepted {
            Ok(_) => good += 1,
            Err(ds) => {
                print_diagnostics(&ds);
                bad += 1;
            }
        }
    }
    println!("{good} valid, {bad} rejected");
    Ok(if bad > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `hpkg extract`: every file is read and extracted before anything is
/// written, so a failure leaves no partial output.
fn extract(
    cli: &Cli,
    rules: crate::extract::rules::Rules,
    files: &[PathBuf],
    flags: &crate::extract::text::Header,
    output: Option<&Path>,
    ingest: bool,
    explain: bool,
) -> Result<ExitCode> {
    use crate::extract;
    if flags.id.is_some() && files.len() > 1 {
        bail!("--id names one article: give one FILE with it, or put `id:` in each file's header");
    }
    let gazetteer = gazetteer(cli)?;
    let extractor = extract::Extractor::new(&gazetteer, rules);
    let mut done = Vec::new();
    let mut failed = 0;
    for f in files {
        let name = f.display().to_string();
        let result = std::fs::read(f)
            .with_context(|| format!("cannot read {name}"))
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|e| {
                    anyhow::anyhow!(
                        "{name}: not UTF-8 text (byte {} is not valid UTF-8): save it as UTF-8",
                        e.utf8_error().valid_up_to()
                    )
                })
            })
            .and_then(|text| Ok(extract::text::read(&name, &text)?))
            .and_then(|t| Ok(extract::extract(&name, &t, flags, &extractor)?));
        match result {
            Ok(x) => {
                for w in &x.warnings {
                    eprintln!("warning: {w}");
                }
                done.push(x);
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
            }
        }
    }
    if failed > 0 {
        bail!(
            "{failed} of {} file(s) failed: nothing was written",
            files.len()
        );
    }
    if explain {
        let mut w = std::io::stdout().lock();
        for x in &done {
            write!(w, "{}", x.explanation)?;
        }
        w.flush()?;
        if output.is_none() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    if ingest {
        let store = Store::open(&cli.store)?;
        let mut ing = Ingester::open(&store, gazetteer.clone())?;
        let mut report = Report::default();
        // Every file extracted (a failure stopped above), in order.
        for (f, x) in files.iter().zip(done) {
            // Made in process and checked by `extract`: staged as the feed
            // stages every document. Ids are not checked across files, so
            // a later file replaces an earlier one's article, as before.
            let origin = source::Origin {
                file: f.display().to_string(),
                jsonl_line: None,
            };
            report.add(ing.ingest(Checked::new(origin, x.document))?);
        }
        println!(
            "articles: {} new, {} unchanged, {} replaced",
            report.articles_new, report.articles_unchanged, report.articles_replaced
        );
        return Ok(ExitCode::SUCCESS);
    }
    match output {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for x in &done {
                let path = dir.join(format!("{}.json", x.document.article.id.as_str()));
                let text = serde_json::to_string_pretty(&x.json)? + "\n";
                if path.exists() && std::fs::read_to_string(&path).ok().as_deref() != Some(&text) {
                    bail!(
                        "{} exists with other content: remove it, or choose another -o",
                        path.display()
                    );
                }
                std::fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            eprintln!("wrote {} document(s) to {}", done.len(), dir.display());
        }
        None => {
            let mut w = std::io::stdout().lock();
            for x in &done {
                writeln!(w, "{}", x.json)?;
            }
            w.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `hpkg extract --eval GOLD_DIR TEXT_DIR`.
fn extract_eval(
    cli: &Cli,
    rules: crate::extract::rules::Rules,
    gold: &Path,
    files: &[PathBuf],
    json: bool,
) -> Result<ExitCode> {
    let [texts] = files else {
        bail!("--eval GOLD_DIR takes one TEXT_DIR: hpkg extract --eval GOLD_DIR TEXT_DIR");
    };
    let gazetteer = gazetteer(cli)?;
    let extractor = crate::extract::Extractor::new(&gazetteer, rules);
    let scores = crate::extract::eval::evaluate(&extractor, gold, texts)?;
    let mut w = std::io::stdout().lock();
    if json {
        writeln!(w, "{}", serde_json::to_string_pretty(&scores.json())?)?;
    } else {
        write!(w, "{}", scores.table())?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn parse_param(s: &str) -> Result<(String, String), query::QueryError> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.trim_start_matches('?').to_owned(), v.to_owned())),
        _ => Err(query::QueryError::BadParam(s.to_owned())),
    }
}

/// The arguments of `hpkg query`.
struct QueryCall<'a> {
    query: Option<&'a str>,
    expr: Option<&'a str>,
    params: &'a [String],
    format: Option<QueryFormat>,
    timeout: u64,
    out: &'a Option<PathBuf>,
    explain: bool,
}

fn run_query(cli: &Cli, call: QueryCall) -> Result<ExitCode> {
    let QueryCall {
        query,
        expr,
        params,
        format,
        timeout,
        out,
        explain,
    } = call;
    let q = match (query, expr) {
        (_, Some(text)) => NamedQuery::ad_hoc(text),
        (Some(name), None) if name.ends_with(".rq") || Path::new(name).is_file() => {
            let text = std::fs::read_to_string(name)
                .with_context(|| format!("cannot read query file {name}"))?;
            NamedQuery::parse(name, name, &text)?
        }
        (Some(name), None) => library::find(name)?,
        (None, None) => bail!("give a query: a name, a .rq file, or -e TEXT"),
    };
    // Check the syntax first, so a typo is reported before the store opens.
    store::parse_query(&q.text)?;
    let store = Store::open_read_only(&cli.store)?;
    let given = params
        .iter()
        .map(|p| parse_param(p))
        .collect::<Result<Vec<_>, _>>()?;
    let mut index: Option<EntityIndex> = None;
    let substitutions = query::bind_params(&q, &given, &mut index, &store)?;
    let request = SparqlRequest {
        query: q.text.clone(),
        substitutions,
        timeout: Some(Duration::from_secs(timeout)),
        ..Default::default()
    };
    let mut w = output(out)?;
    if explain {
        writeln!(w, "{}", store.explain(&request)?)?;
        w.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let result = store.query(&request)?;
    match (&result, format) {
        (QueryOutput::Graph(triples), f) => {
            let syntax = match f {
                None | Some(QueryFormat::Turtle) => RdfSyntax::Turtle,
                Some(QueryFormat::Ntriples) => RdfSyntax::NTriples,
                Some(QueryFormat::Rdfxml) => RdfSyntax::RdfXml,
                Some(QueryFormat::Jsonld) => RdfSyntax::JsonLd,
                Some(other) => bail!(
                    "--format {other:?} is for SELECT and ASK results; a CONSTRUCT or DESCRIBE query returns RDF: use turtle, ntriples, rdfxml or jsonld"
                ),
            };
            store::write_triples(triples, syntax, &mut w)?;
        }
        (_, None | Some(QueryFormat::Table)) => w.write_all(query::table(&result).as_bytes())?,
        (_, Some(f)) => {
            let rf = match f {
                QueryFormat::Csv => ResultsFormat::Csv,
                QueryFormat::Tsv => ResultsFormat::Tsv,
                QueryFormat::Json => ResultsFormat::Json,
                QueryFormat::Xml => ResultsFormat::Xml,
                other => bail!(
                    "--format {other:?} is for CONSTRUCT and DESCRIBE; SELECT and ASK results take table, csv, tsv, json or xml"
                ),
            };
            store::write_results(&result, rf, &mut w)?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn list_queries(format: ReportFormat) -> Result<ExitCode> {
    let all = library::builtin()?;
    match format {
        ReportFormat::Json => {
            let v: Vec<serde_json::Value> = all
                .iter()
                .map(|q| {
                    serde_json::json!({
                        "name": q.name, "title": q.title, "description": q.description,
                        "params": q.params.iter().map(|p| serde_json::json!({
                            "name": p.name, "kind": p.kind.as_str(), "default": p.default, "description": p.description
                        })).collect::<Vec<_>>()
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        ReportFormat::Text => {
            for q in &all {
                println!("{}  —  {}", q.name, q.title);
                println!("    {}", q.description);
                for p in &q.params {
                    let def = p
                        .default
                        .as_ref()
                        .map(|d| format!(" (default {d})"))
                        .unwrap_or_default();
                    println!(
                        "    --param {}=<{}>{}  {}",
                        p.name,
                        p.kind.as_str(),
                        def,
                        p.description
                    );
                }
                println!();
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
