//! `hpkg generate`: a deterministic, valid, synthetic corpus.

mod common;
use common::*;

#[test]
fn the_same_seed_writes_the_same_valid_corpus() {
    let env = Env::new();
    let a = env.dir.path().join("a");
    let b = env.dir.path().join("b");
    for d in [&a, &b] {
        env.ok(&[
            "generate",
            "--articles",
            "250",
            "--seed",
            "9",
            "--shard-size",
            "100",
            "-o",
            d.to_str().unwrap(),
        ]);
    }
    let files: Vec<_> = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 3, "250 articles in shards of 100");
    for f in &files {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f:?} differs"
        );
    }
    let out = env.ok(&["validate", a.to_str().unwrap()]);
    assert!(out.contains("250 valid, 0 rejected"), "{out}");
    let text = std::fs::read_to_string(a.join("syn-9-0000.jsonl")).unwrap();
    assert!(text
        .lines()
        .all(|l| l.contains("\"publisher\":\"synthetic\"") && l.contains("\"id\":\"syn-")));
    assert!(!text.contains("\"url\""));
}

#[test]
fn a_synthetic_corpus_ingests_and_resolves_names_across_articles() {
    let env = Env::new();
    let dir = env.dir.path().join("syn");
    env.ok(&[
        "generate",
        "--articles",
        "120",
        "--seed",
        "2",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let out = env.ok(&["ingest", dir.to_str().unwrap(), "--report", "json"]);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["articles_new"], 120);
    assert_eq!(r["articles_rejected"], 0);
    // Popular organisations recur, in both languages: most mentions resolve.
    assert!(r["entities_resolved"].as_u64().unwrap() > r["entities_new"].as_u64().unwrap());
}

#[test]
fn bulk_ingest_gives_the_same_store_as_one_article_at_a_time() {
    let env = Env::new();
    let dir = env.dir.path().join("syn");
    env.ok(&[
        "generate",
        "--articles",
        "150",
        "--seed",
        "5",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let one_by_one = Env::new();
    one_by_one.ok(&["ingest", dir.to_str().unwrap()]);
    // A first load (bulk loader), then a second batch on top of it with the
    // real corpus (a transaction, with re-linking).
    let bulk = Env::new();
    bulk.ok(&["ingest", "--bulk", dir.to_str().unwrap()]);
    assert_eq!(bulk.nquads(), one_by_one.nquads(), "first load differs");
    bulk.ok(&["ingest", "--bulk", "data/"]);
    one_by_one.ok(&["ingest", "data/"]);
    assert_eq!(bulk.nquads(), one_by_one.nquads(), "second batch differs");
    // Unchanged input is recognised in bulk too.
    let out = bulk.ok(&["ingest", "--bulk", "data/"]);
    assert!(
        out.contains("0 new") && out.contains(&format!("{} unchanged", article_files().len())),
        "{out}"
    );
}
