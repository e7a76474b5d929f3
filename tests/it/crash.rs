//! The kill test: `hpkg ingest` killed with SIGKILL at chosen moments, on
//! the per-article path and on the bulk path, over 2,000 synthetic
//! articles. After every kill the store must pass `hpkg check` and hold
//! whole articles only (it equals a clean ingest of exactly the articles it
//! holds); running the same command again must complete the corpus, byte
//! for byte as a clean ingest; and no temporary file of a killed bulk load
//! may survive the next open.
//!
//! It takes about six minutes: it is in the slow tier (`HPKG_SLOW=1`).

use crate::util::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

const ARTICLES: usize = 2000;
/// Kills per path (the issue asks for at least 20 in all).
const KILLS: usize = 10;

/// Runs `hpkg ingest ARGS` on `env`'s store and kills it after `after`
/// (or lets it finish first). Returns whether it was killed.
fn run_and_kill(env: &Env, args: &[&str], after: Duration) -> bool {
    let mut child = KillOnDrop(
        std::process::Command::new(env!("CARGO_BIN_EXE_hpkg"))
            .env("HPKG_STORE", env.store())
            .arg("ingest")
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = std::time::Instant::now();
    while start.elapsed() < after {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    true
}

/// Files a killed write may leave in a store's directory.
fn leftovers(store: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(store)
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| {
                    let n = p.file_name().unwrap().to_string_lossy();
                    (n.starts_with("bulk-") && n.ends_with(".sst")) || n.starts_with("hpkg-spool-")
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Deterministic kill moments spread over `span`.
fn moments(seed: u64, span: Duration) -> Vec<Duration> {
    let mut x = seed;
    (0..KILLS)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let frac = (x >> 33) as f64 / (1u64 << 31) as f64;
            Duration::from_millis(100) + span.mul_f64(frac)
        })
        .collect()
}

fn corpus(env: &Env) -> PathBuf {
    let dir = env.dir.path().join("synthetic");
    generate(env, &dir, ARTICLES as u32, 31, Some(10_000));
    dir
}

#[test]
fn killed_ingests_leave_whole_articles_and_a_rerun_completes_the_corpus() {
    if !slow_tier("crash::killed_ingests_leave_whole_articles_and_a_rerun_completes_the_corpus") {
        return;
    }
    let setup = Env::new();
    let dir = corpus(&setup);
    let lines = corpus_lines(&dir.join("syn-31-0000.jsonl"));
    let reference = Env::new();
    reference.ok(&["ingest", "--bulk", dir.to_str().unwrap()]);
    let full = reference.nquads();
    let mut kills = 0;
    let mut leftovers_seen = 0;

    // The per-article path: kills accumulate on one store, each run
    // resuming where the last was killed.
    let each = Env::new();
    let mut held = Vec::new();
    for (i, at) in moments(7, Duration::from_secs(4)).into_iter().enumerate() {
        if run_and_kill(&each, &[dir.to_str().unwrap()], at) {
            kills += 1;
        }
        held.push(check_whole(
            &each,
            &lines,
            &format!("per-article kill {i} at {at:?}"),
        ));
    }
    eprintln!("kill test: articles held after each per-article kill: {held:?}");
    each.ok(&["ingest", dir.to_str().unwrap()]);
    assert!(
        each.nquads() == full,
        "the per-article re-run does not complete the corpus"
    );

    // The bulk path: all or nothing, so each kill starts from a fresh store.
    for (i, at) in moments(11, Duration::from_secs(5)).into_iter().enumerate() {
        let bulk = Env::new();
        if run_and_kill(&bulk, &["--bulk", dir.to_str().unwrap()], at) {
            kills += 1;
        }
        let held = check_whole(&bulk, &lines, &format!("bulk kill {i} at {at:?}"));
        assert!(
            held == 0 || held == ARTICLES,
            "bulk kill {i}: {held} articles"
        );
        leftovers_seen += leftovers(&bulk.store()).len();
        bulk.ok(&["ingest", "--bulk", dir.to_str().unwrap()]);
        assert!(
            bulk.nquads() == full,
            "bulk kill {i}: the re-run does not complete the corpus"
        );
        assert!(
            leftovers(&bulk.store()).is_empty(),
            "bulk kill {i}: temporary files survived the next open"
        );
    }
    eprintln!(
        "kill test: {kills} processes killed mid-ingest, {leftovers_seen} temporary files left by them and removed"
    );
    assert!(
        kills >= 20,
        "only {kills} ingests were still running when killed"
    );
}
