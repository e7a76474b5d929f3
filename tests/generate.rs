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
