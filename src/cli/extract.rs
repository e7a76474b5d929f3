//! `hpkg extract`: article text to article facts, and `--eval`.

use super::*;

/// `hpkg extract`: every file is read and extracted before anything is
/// written, so a failure leaves no partial output.
pub(super) fn extract(
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
pub(super) fn extract_eval(
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
