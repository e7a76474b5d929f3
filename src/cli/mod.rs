//! The command line: the only module that knows clap. Each command parses
//! its arguments, calls the library, and prints. anyhow lives here, at the
//! edge.

mod analytics;
mod args;
mod extract;
mod inputs;
mod maintain;
mod sparql;

pub use args::Cli;
use args::{Command, DumpFormat, QueryFormat, ReportFormat};

use crate::ingest::bulk::Bulk;
use crate::ingest::source::{self, Diagnostic};
use crate::ingest::{ArticleReport, Checked, Feed, IngestError, Ingester, Progress, Report};
use crate::query::{self, library, EntityIndex, NamedQuery};
use crate::resolve::Gazetteer;
use crate::store::{self, QueryOutput, RdfSyntax, ResultsFormat, SparqlRequest, Store};
use anyhow::{bail, Context, Result};
use clap::Parser;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Runs the command line; the binary's `main` calls this.
///
/// Exit codes: 0 for success, 1 for "rejected or nothing found" (the
/// commands return that themselves), 2 for an error (here, and clap's own
/// for bad arguments).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if broken_pipe(&e) {
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
            ExitCode::from(2)
        }
    }
}

/// The store's error behind any link of an error chain, through the
/// library modules that wrap it.
fn store_cause<'e>(c: &'e (dyn std::error::Error + 'static)) -> Option<&'e store::StoreError> {
    use crate::graph::GraphError;
    use crate::query::QueryError;
    use crate::server::ServerError;
    if let Some(s) = c.downcast_ref::<store::StoreError>() {
        return Some(s);
    }
    match (
        c.downcast_ref::<IngestError>(),
        c.downcast_ref::<GraphError>(),
        c.downcast_ref::<QueryError>(),
        c.downcast_ref::<ServerError>(),
    ) {
        (Some(IngestError::Store(s)), ..)
        | (_, Some(GraphError::Store(s)), ..)
        | (_, _, Some(QueryError::Store(s)), _)
        | (.., Some(ServerError::Store(s))) => Some(s),
        _ => None,
    }
}

fn io_kind_in_chain(e: &anyhow::Error, kind: std::io::ErrorKind) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == kind)
    })
}

/// Whether an error comes from the output's reader going away.
fn broken_pipe(e: &anyhow::Error) -> bool {
    io_kind_in_chain(e, std::io::ErrorKind::BrokenPipe)
        || e.chain()
            .any(|c| store_cause(c).is_some_and(|s| s.is_broken_pipe()))
}

/// Whether an error comes from a full disk; the store knows how its
/// storage engine says so.
fn disk_full(e: &anyhow::Error) -> bool {
    io_kind_in_chain(e, std::io::ErrorKind::StorageFull)
        || e.chain()
            .any(|c| store_cause(c).is_some_and(|s| s.is_disk_full()))
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
        } => inputs::ingest(&cli, paths, *strict, *bulk, *report),
        Command::Validate { paths } => inputs::validate(paths),
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
                return extract::extract_eval(&cli, rules, gold, files, *json);
            }
            extract::extract(
                &cli,
                rules,
                files,
                &flags,
                output.as_deref(),
                *ingest,
                *explain,
            )
        }
        Command::Retract { ids } => inputs::retract(&cli, ids),
        Command::Query {
            query,
            expr,
            params,
            lang,
            columns,
            width,
            format,
            timeout,
            output: out,
            explain,
        } => sparql::run_query(
            &cli,
            sparql::QueryCall {
                query: query.as_deref(),
                expr: expr.as_deref(),
                params,
                lang: *lang,
                table: query::table::TableOptions {
                    width: *width,
                    columns: columns.clone(),
                    bound: Vec::new(),
                },
                format: *format,
                timeout: *timeout,
                out,
                explain: *explain,
            },
        ),
        Command::Queries { format } => sparql::list_queries(*format),
        Command::Stats { format } => sparql::stats(&cli, *format),
        Command::Dump {
            format,
            graph,
            output: out,
        } => maintain::dump(&cli, *format, graph.as_deref(), out),
        Command::Backup { dir } => maintain::backup(&cli.store, dir),
        Command::Check { format } => maintain::check(&cli, *format),
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
        Command::Profile {
            org,
            format,
            lang,
            output,
        } => {
            let store = Store::open_read_only(&cli.store)?;
            analytics::profile(&store, org, *format, *lang, output)
        }
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
            log_to_stderr(*quiet)?;
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
        } => inputs::generate(&cli, *articles, *seed, output, (*shard_size).max(1)),
    }
}

/// The server's log on stderr: requests at info, or only warnings with
/// `--quiet`; `HPKG_LOG` overrides both.
fn log_to_stderr(quiet: bool) -> Result<()> {
    let level = if quiet { "warn" } else { "info" };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HPKG_LOG")
                .unwrap_or_else(|_| {
                    tracing_subscriber::EnvFilter::new(format!("{level},tower_http=debug"))
                })
                .add_directive(if quiet {
                    "tower_http=warn".parse()?
                } else {
                    "tower_http=debug".parse()?
                }),
        )
        .init();
    Ok(())
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
