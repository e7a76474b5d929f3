//! Ingest, driven through the binary: the shipped corpus, idempotence,
//! order independence, goldens, retraction and locking.

use crate::util::*;

#[test]
fn the_shipped_corpus_ingests_without_a_rejection() {
    let env = Env::new();
    let out = env.ok(&["ingest", "data/"]);
    assert!(out.contains(" 0 rejected"), "{out}");
    let n = article_files().len();
    assert!(out.contains(&format!("articles: {n} new")), "{out}");
    assert!(
        n >= 31,
        "the corpus holds the seed and at least 30 real articles, found {n}"
    );
}

#[test]
fn ingesting_the_corpus_twice_changes_nothing() {
    let env = Env::new();
    env.ok(&["ingest", "data/"]);
    let first = env.nquads();
    let out = env.ok(&["ingest", "data/"]);
    assert!(out.contains("0 new, "), "{out}");
    assert!(
        out.contains(&format!("{} unchanged", article_files().len())),
        "{out}"
    );
    assert_eq!(env.nquads(), first);
}

#[test]
fn ingestion_order_does_not_change_a_single_byte() {
    if !slow_tier("ingest::ingestion_order_does_not_change_a_single_byte") {
        return;
    }
    let forward = Env::new();
    forward.ok(&["ingest", "data/"]);
    let backward = Env::new();
    let mut files = article_files();
    files.reverse();
    // One article per run, newest file name first: every identity link is
    // made late and must re-link the earlier graphs.
    for f in &files {
        backward.ok(&["ingest", f.to_str().unwrap()]);
    }
    assert_eq!(forward.nquads(), backward.nquads());
}

#[test]
fn the_seed_article_maps_to_the_golden_nquads() {
    let env = Env::new();
    env.ok(&["ingest", "data/articles/krcs-isdb-gifr-visit.json"]);
    let got = env.ok(&[
        "dump",
        "--format",
        "nquads",
        "--graph",
        "https://w3id.org/hpkg/id/article/krcs-isdb-gifr-visit",
    ]);
    // With --graph, every syntax writes that graph's triples.
    golden("tests/golden/seed.nt", &got);
    let entities = env.ok(&[
        "dump",
        "--format",
        "nquads",
        "--graph",
        "https://w3id.org/hpkg/graph/entities",
    ]);
    golden("tests/golden/seed-entities.nt", &entities);
}

#[test]
fn the_seed_resolves_to_gazetteer_entities() {
    let env = Env::new();
    env.ok(&["ingest", "data/articles/krcs-isdb-gifr-visit.json"]);
    let nq = env.nquads();
    for iri in [
        "https://w3id.org/hpkg/id/org/krcs",
        "https://w3id.org/hpkg/id/org/isdb",
        "https://w3id.org/hpkg/id/org/icd",
    ] {
        assert!(nq.contains(&format!("<https://w3id.org/hpkg/id/article/krcs-isdb-gifr-visit> <https://schema.org/mentions> <{iri}>")), "{iri} not mentioned");
    }
}

#[test]
fn retracting_an_article_removes_its_graph_and_source() {
    let env = Env::new();
    env.ok(&["ingest", "data/articles/krcs-isdb-gifr-visit.json"]);
    env.ok(&["retract", "krcs-isdb-gifr-visit"]);
    let nq = env.nquads();
    assert!(
        !nq.contains("id/article/krcs-isdb-gifr-visit"),
        "article still present"
    );
    let o = env.run(&["retract", "no-such-article"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no article \"no-such-article\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_store_held_by_another_process_is_reported_plainly() {
    let env = Env::new();
    env.ok(&["ingest", "data/articles/krcs-isdb-gifr-visit.json"]);
    // `ingest -` opens the store, then waits on stdin: it holds the lock.
    let mut holder = KillOnDrop(
        std::process::Command::new(env!("CARGO_BIN_EXE_hpkg"))
            .env("HPKG_STORE", env.store())
            .args(["ingest", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    // Wait until the holder has the store open (its LOCK file among its
    // open files), so the two processes do not race for the lock.
    let lock = env.store().join("LOCK");
    let holds = || {
        std::fs::read_dir(format!("/proc/{}/fd", holder.id()))
            .map(|fds| {
                fds.flatten()
                    .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|t| t == lock))
            })
            .unwrap_or(false)
    };
    let start = std::time::Instant::now();
    while !holds() && start.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(holds(), "the holder never opened the store");
    let o = env.run(&["ingest", "data/articles/krcs-isdb-gifr-visit.json"]);
    let held = !o.status.success() && stderr(&o).contains("in use by another process");
    drop(holder.stdin.take());
    holder.wait().unwrap();
    assert!(
        held,
        "a second writer was not refused with a plain message: {}",
        stderr(&o)
    );
}

#[test]
fn reading_commands_say_how_to_build_a_missing_store() {
    let env = Env::new();
    let o = env.run(&["stats"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("hpkg ingest"), "{}", stderr(&o));
}

#[test]
fn stats_counts_articles_facts_and_dates() {
    let s: serde_json::Value =
        serde_json::from_str(&corpus().ok(&["stats", "--format", "json"])).unwrap();
    assert_eq!(
        s["articles"].as_u64().unwrap() as usize,
        article_files().len()
    );
    assert!(s["facts"].as_u64().unwrap() > 100);
    assert!(s["classes"]["hp:Organization"].as_u64().unwrap() > 40);
    assert!(s["first_published"].as_str().unwrap() < s["last_published"].as_str().unwrap());
}

#[test]
fn jsonl_on_stdin_is_ingested() {
    let env = Env::new();
    let doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("data/articles/krcs-isdb-gifr-visit.json")).unwrap(),
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hpkg"))
        .env("HPKG_STORE", env.store())
        .args(["ingest", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{doc}\n\n").as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(stdout(&o).contains("articles: 1 new"), "{}", stdout(&o));
}

#[test]
fn the_union_default_graph_states_each_triple_once() {
    // The shared corpus store: the articles and the analytics results.
    let env = corpus();
    let all = env.ok(&[
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "--format",
        "csv",
    ]);
    let distinct = env.ok(&[
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
        "--format",
        "csv",
    ]);
    assert_eq!(all, distinct, "some triple is stated in two graphs");
    // An organisation named by many articles is typed once.
    let t = env.ok(&[
        "query",
        "-e",
        "SELECT ?t WHERE { <https://w3id.org/hpkg/id/org/krcs> a ?t }",
        "--format",
        "csv",
    ]);
    assert_eq!(t.lines().count(), 2, "{t}");
}

#[test]
fn a_new_store_under_missing_folders_is_created_with_them() {
    let env = Env::new();
    let store = env.dir.path().join("runs/2026/store");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hpkg"))
        .current_dir(root())
        .arg("--store")
        .arg(&store)
        .args(["ingest", "data/articles/krcs-isdb-gifr-visit.json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(store.join("CURRENT").exists());
    // Reading never creates: a missing store is named plainly.
    let missing = env.dir.path().join("elsewhere/store");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hpkg"))
        .arg("--store")
        .arg(&missing)
        .args(["query", "counts"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(&format!("error: no store at {}", missing.display())),
        "{}",
        stderr(&o)
    );
    assert!(!missing.parent().unwrap().exists());
}
