//! `hpkg backup`, `check` and `dump`: the store as a whole.

use super::*;

/// `hpkg backup DIR`. With the store free, it is opened for writing (no
/// write can start meanwhile); while another process writes it, the
/// checkpoint is taken through a read-only handle, which sees whole
/// transactions only, and is tried again if a compaction removed a file
/// under it. Either way the snapshot is opened and validated before the
/// command says it is done.
pub(super) fn backup(store: &Path, dir: &Path) -> Result<ExitCode> {
    if dir.exists() {
        bail!(
            "{} exists: a backup goes into a new directory; name one that does not exist",
            dir.display()
        );
    }
    Store::ensure_exists(store)?;
    let mut source = match Store::open(store) {
        Ok(s) => s,
        Err(store::StoreError::Locked { .. }) => Store::open_read_only(store)?,
        Err(e) => return Err(e.into()),
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        match source.backup(dir) {
            Ok(()) => break,
            Err(e) if attempt < 5 && !source.is_writable() => {
                // A read-only handle keeps the file list of its open, and
                // the writer's compactions remove files from under it: a
                // new handle sees the files as they are now.
                eprintln!("note: the backup met a concurrent write ({e}); trying again");
                let _ = std::fs::remove_dir_all(dir);
                drop(source);
                source = Store::open_read_only(store)?;
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

/// `hpkg dump`: the store, or one graph, as sorted RDF. An empty or absent
/// graph is "nothing found" (exit 1).
pub(super) fn dump(
    cli: &Cli,
    format: DumpFormat,
    graph: Option<&str>,
    out: &Option<PathBuf>,
) -> Result<ExitCode> {
    let store = Store::open_read_only(&cli.store)?;
    let mut w = output(out)?;
    let n = store.dump(format.syntax(), graph, &mut w)?;
    w.flush()?;
    if n == 0 {
        if let Some(g) = graph {
            bail!("graph <{g}> is empty or absent: `hpkg query articles` lists the article graphs");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `hpkg check`: the store's integrity, read-only; exit 1 if it found
/// problems.
pub(super) fn check(cli: &Cli, format: ReportFormat) -> Result<ExitCode> {
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
