//! `hpkg ingest`, `validate`, `retract` and `generate`: article facts
//! into the store, checked without writing, taken out, or made up.

use super::*;

pub(super) fn ingest(
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
pub(super) fn read_inputs(
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
pub(super) fn ingest_each(
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
pub(super) fn ingest_bulk(
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

pub(super) fn validate(paths: &[PathBuf]) -> Result<ExitCode> {
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

pub(super) fn generate(
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

/// `hpkg retract ID...`: takes articles out, re-linking the others that
/// shared their entities.
pub(super) fn retract(cli: &Cli, ids: &[String]) -> Result<ExitCode> {
    let store = Store::open(&cli.store)?;
    let mut ing = Ingester::open(&store, gazetteer(cli)?)?;
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
