//! Reliability: backups taken while another process writes.

mod common;
use common::*;

#[test]
fn a_backup_taken_during_an_ingest_holds_whole_articles_and_validates() {
    let env = Env::new();
    let corpus = env.dir.path().join("synthetic");
    env.ok(&[
        "generate",
        "--articles",
        "400",
        "--seed",
        "21",
        "--shard-size",
        "1000",
        "-o",
        corpus.to_str().unwrap(),
    ]);
    // One article at a time, each its own transaction, in another process.
    let mut writer = std::process::Command::new(env!("CARGO_BIN_EXE_hpkg"))
        .env("HPKG_STORE", env.store())
        .args(["ingest", corpus.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
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
