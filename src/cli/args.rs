//! The command line's arguments: every command, flag and help text.

use super::analytics;
use crate::store::RdfSyntax;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  hpkg ingest data/                    build the graph from the shipped corpus
  hpkg queries                         list the named queries and their parameters
  hpkg query partners-of --param org=\"Kuwait Red Crescent Society\"
  hpkg query -e 'SELECT ?o ?label WHERE { ?o a hp:Organization ; rdfs:label ?label }' --format csv
  hpkg stats
  hpkg dump --format trig -o graph.trig

The store is a directory (default ./hpkg-store, or $HPKG_STORE). One process
writes it at a time; reading commands (query, stats, dump) open it read-only.

Exit status (as ripgrep's):
  0  success
  1  rejected or nothing found: a document was rejected, no path exists,
     or `hpkg check` found problems
  2  an error: a bad argument, a store in use or missing, a failed read or write";

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
    pub(super) store: PathBuf,

    /// Use the gazetteer (reference list) in DIR instead of the one built in
    /// from data/gazetteer. A store must always be used with one gazetteer:
    /// changing it re-links every article.
    #[arg(long, global = true, env = "HPKG_GAZETTEER", value_name = "DIR")]
    pub(super) gazetteer: Option<PathBuf>,

    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
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
        /// Language of labels, for the named queries that label by
        /// language (`hpkg queries` lists a `lang` parameter); a name
        /// without a label in it falls back to another. The same as
        /// --param lang=LANG.
        #[arg(long, value_enum)]
        lang: Option<analytics::Lang>,
        /// Table only: the columns to show, in order (comma-separated
        /// variable names). By default a column `?x` is left out when a
        /// `?xLabel` column names the same thing.
        #[arg(long, value_delimiter = ',', value_name = "VARS")]
        columns: Vec<String>,
        /// Table only: its total width in columns (default: the
        /// terminal's; piped, lines are kept whole).
        #[arg(long, value_name = "N")]
        width: Option<u16>,
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
        #[arg(long, value_enum, default_value_t = analytics::CommunityFormat::Text)]
        format: analytics::CommunityFormat,
        /// Store the memberships in the analytics graph.
        #[arg(long)]
        write: bool,
        #[arg(long, value_enum, default_value_t = analytics::Lang::En)]
        lang: analytics::Lang,
    },
    /// Write an organisation's dossier: names, roles, partners, funding,
    /// centralities and a timeline with evidence.
    ///
    /// What the workbench's entity page shows, as a file to attach to a
    /// report: names in both languages, roles over time, partners ranked by
    /// the articles that support them (with each article's evidence note),
    /// funding in and out by year and currency (a sum one article records
    /// twice counts once), centralities in the partners projection with
    /// their rank, and a dated timeline. ORG is a label or alias in either
    /// language, or an IRI. Markdown and HTML isolate Arabic names inside
    /// English text; JSON has every field.
    #[command(
        after_help = "Examples:\n  hpkg profile \"Kuwait Red Crescent Society\" -o krcs.md\n  hpkg profile \"الهلال الأحمر الكويتي\" --lang ar --format html -o krcs.html\n  hpkg profile KSrelief --format json | jq '.funding.out'"
    )]
    Profile {
        #[arg(value_name = "ORG")]
        org: String,
        /// md (Markdown), html (one page, nothing fetched) or json.
        #[arg(long, value_enum, default_value_t = analytics::ProfileFormat::Md)]
        format: analytics::ProfileFormat,
        /// Language of labels (falls back to the other).
        #[arg(long, value_enum, default_value_t = analytics::Lang::En)]
        lang: analytics::Lang,
        /// Write to FILE instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
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
pub(super) enum ReportFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(super) enum QueryFormat {
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
pub(super) enum DumpFormat {
    Turtle,
    Trig,
    Nquads,
    Ntriples,
    Rdfxml,
    Jsonld,
}

impl DumpFormat {
    pub(super) fn syntax(self) -> RdfSyntax {
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
