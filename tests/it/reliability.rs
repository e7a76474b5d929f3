//! Reliability: backups taken while another process writes, and a full
//! disk.

use crate::util::*;

#[test]
fn a_backup_taken_during_an_ingest_holds_whole_articles_and_validates() {
    if !slow_tier("reliability::a_backup_taken_during_an_ingest_holds_whole_articles_and_validates")
    {
        return;
    }
    let env = Env::new();
    let corpus = env.dir.path().join("synthetic");
    generate(&env, &corpus, 400, 21, Some(1000));
    // One article at a time, each its own transaction, in another process.
    let mut writer = KillOnDrop(
        std::process::Command::new(env!("CARGO_BIN_EXE_hpkg"))
            .env("HPKG_STORE", env.store())
            .args(["ingest", corpus.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    // Wait until some articles are in (a read-only query works meanwhile).
    let start = std::time::Instant::now();
    let stored = || -> usize {
        let o = env.run(&[
            "query",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/hpkg/graph/sources> { ?s ?p ?o } }",
            "--format",
            "csv",
        ]);
        stdout(&o)
            .lines()
            .nth(1)
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0)
    };
    while stored() < 20 && writer.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed().as_secs() < 120,
            "the ingest stored nothing in two minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // The writer flushes its commits to the store's files at most a second
    // apart; the backup takes what the files hold.
    std::thread::sleep(std::time::Duration::from_millis(2000));
    let backup = env.dir.path().join("backup");
    let out = env.ok(&["backup", backup.to_str().unwrap()]);
    let during = writer.try_wait().unwrap().is_none();
    assert!(writer.wait().unwrap().success());
    assert!(out.contains("(opened and validated)"), "{out}");

    // The snapshot holds some articles, each whole: ingesting exactly those
    // articles into a fresh store gives the same quads, byte for byte.
    let snapshot = Env::new();
    std::fs::rename(&backup, snapshot.store()).unwrap();
    let lines = corpus_lines(&corpus.join("syn-21-0000.jsonl"));
    let held = check_whole(&snapshot, &lines, "the backup");
    assert!(held > 0, "the snapshot holds articles");
    // Worth a note when the machine was too fast for the test's intent.
    if !during || held == 400 {
        eprintln!("note: the ingest had finished before the backup ({held} articles in it)");
    }
}

/// A small tmpfs mounted on a directory for one test, unmounted on drop.
struct SmallDisk {
    at: std::path::PathBuf,
}

impl SmallDisk {
    /// Mounts `size` of tmpfs at `at`; `None` (and why) when this machine
    /// does not let the test mount (not root, or no mount namespace).
    fn mount(at: &std::path::Path, size: &str) -> Result<Self, String> {
        let o = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .map_err(|e| e.to_string())?;
        if o.status.success() {
            Ok(Self { at: at.to_owned() })
        } else {
            Err(stderr(&o))
        }
    }

    /// Fills the disk but for `leave` KiB, with a file of real blocks.
    fn fill(&self, leave: u64) -> std::path::PathBuf {
        let df = std::process::Command::new("df")
            .args(["-k", "--output=avail"])
            .arg(&self.at)
            .output()
            .unwrap();
        let avail: u64 = stdout(&df).lines().nth(1).unwrap().trim().parse().unwrap();
        let filler = self.at.join("filler");
        let o = std::process::Command::new("fallocate")
            .args(["-l", &format!("{}KiB", avail.saturating_sub(leave))])
            .arg(&filler)
            .output()
            .unwrap();
        assert!(o.status.success(), "fallocate: {}", stderr(&o));
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.at)
            .status();
    }
}

#[test]
fn a_full_disk_gives_a_clear_error_and_loses_nothing_acknowledged() {
    if !slow_tier("reliability::a_full_disk_gives_a_clear_error_and_loses_nothing_acknowledged") {
        return;
    }
    let work = Env::new();
    let corpus = work.dir.path().join("synthetic");
    generate(&work, &corpus, 1200, 23, Some(1200));
    let lines = corpus_lines(&corpus.join("syn-23-0000.jsonl"));
    let first = work.dir.path().join("first.jsonl");
    let first_lines: Vec<&str> = lines[..400].iter().map(|(_, l)| l.as_str()).collect();
    std::fs::write(&first, first_lines.join("\n") + "\n").unwrap();

    // The store lives on a 128 MiB tmpfs mounted on its env's directory.
    let env = Env::new();
    let disk = match SmallDisk::mount(env.dir.path(), "128m") {
        Ok(d) => d,
        // CI sets HPKG_REQUIRE_MOUNT=1: there, a skip would hide a failure.
        Err(why) if std::env::var_os("HPKG_REQUIRE_MOUNT").is_none() => {
            eprintln!("SKIPPED: cannot mount a tmpfs for the full-disk test: {why}");
            return;
        }
        Err(why) => panic!("HPKG_REQUIRE_MOUNT is set and the tmpfs cannot be mounted: {why}"),
    };
    // Acknowledged: a command that returned success.
    env.ok(&["ingest", first.to_str().unwrap()]);
    let acknowledged = article_ids(&env.nquads());
    assert_eq!(acknowledged.len(), 400);

    // Article by article, with 2 MiB left: the disk fills part of the way
    // (after a few hundred articles).
    let filler = disk.fill(2 * 1024);
    let o = env.run(&["ingest", corpus.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(!o.status.success(), "the ingest cannot fit\n{err}");
    assert!(
        err.contains("No space left on device") && err.contains("hint: the disk is full"),
        "a clear error\n{err}"
    );
    assert!(err.contains("before it are stored"), "{err}");
    std::fs::remove_file(&filler).unwrap();
    let held = check_whole(&env, &lines, "after the disk filled");
    let ids = article_ids(&env.nquads());
    assert!(
        acknowledged.is_subset(&ids),
        "acknowledged articles were lost"
    );
    assert!(held > 400 && held < 1200, "{held} articles held");
    eprintln!("the disk filled after {held} of 1,200 articles; all held are whole");

    // The bulk path, on a full disk: it fails plainly and writes nothing.
    let before = env.nquads();
    let filler = disk.fill(2 * 1024);
    let o = env.run(&["ingest", "--bulk", corpus.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(!o.status.success(), "the bulk load cannot fit\n{err}");
    assert!(
        err.contains("No space left on device") && err.contains("hint: the disk is full"),
        "a clear error\n{err}"
    );
    std::fs::remove_file(&filler).unwrap();
    check_whole(&env, &lines, "after the bulk load hit the full disk");
    assert!(
        env.nquads() == before,
        "a failed bulk load changed the store"
    );

    // With space again, the bulk load completes the corpus.
    env.ok(&["ingest", "--bulk", corpus.to_str().unwrap()]);
    assert_eq!(check_whole(&env, &lines, "after the re-run"), 1200);
    drop(disk);
}
