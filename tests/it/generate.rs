//! `hpkg generate`: a deterministic, valid, synthetic corpus.

use crate::util::*;

#[test]
fn the_same_seed_writes_the_same_valid_corpus() {
    let env = Env::new();
    let a = env.dir.path().join("a");
    let b = env.dir.path().join("b");
    for d in [&a, &b] {
        generate(&env, d, 250, 9, Some(100));
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
    generate(&env, &dir, 120, 2, None);
    let out = env.ok(&["ingest", dir.to_str().unwrap(), "--report", "json"]);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["articles_new"], 120);
    assert_eq!(r["articles_rejected"], 0);
    // Popular organisations recur, in both languages: most mentions resolve.
    assert!(r["entities_resolved"].as_u64().unwrap() > r["entities_new"].as_u64().unwrap());
}

#[test]
fn bulk_ingest_gives_the_same_store_as_one_article_at_a_time() {
    if !slow_tier("generate::bulk_ingest_gives_the_same_store_as_one_article_at_a_time") {
        return;
    }
    let env = Env::new();
    let dir = env.dir.path().join("syn");
    generate(&env, &dir, 150, 5, None);
    let one_by_one = Env::new();
    let each: serde_json::Value = serde_json::from_str(&one_by_one.ok(&[
        "ingest",
        dir.to_str().unwrap(),
        "--report",
        "json",
    ]))
    .unwrap();
    // A first load (streamed through the bulk loader), then a second batch
    // on top of it with the real corpus (a transaction, with re-linking).
    let bulk = Env::new();
    let streamed: serde_json::Value = serde_json::from_str(&bulk.ok(&[
        "ingest",
        "--bulk",
        dir.to_str().unwrap(),
        "--report",
        "json",
    ]))
    .unwrap();
    assert_eq!(bulk.nquads(), one_by_one.nquads(), "first load differs");
    // The same mentions are counted; one at a time, some entities are new
    // when first seen and turn out later to be known ones (then re-linked),
    // where the batch resolves them once (`ingest::bulk` tests compare the
    // stream with the transactional batch exactly).
    assert_eq!(streamed["articles_new"], 150);
    let total = |r: &serde_json::Value| {
        r["entities_new"].as_u64().unwrap() + r["entities_resolved"].as_u64().unwrap()
    };
    assert_eq!(total(&streamed), total(&each));
    assert_eq!(streamed["ambiguous"], each["ambiguous"]);
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

/// Runs `hpkg ingest` with `input` on stdin.
fn ingest_stdin(env: &Env, args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hpkg"))
        .env("HPKG_STORE", env.store())
        .arg("ingest")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_bulk_load_from_stdin_reads_it_twice_through_a_copy() {
    let env = Env::new();
    let dir = env.dir.path().join("syn");
    generate(&env, &dir, 130, 8, Some(1000));
    let input = std::fs::read(dir.join("syn-8-0000.jsonl")).unwrap();
    let piped = Env::new();
    let o = ingest_stdin(&piped, &["--bulk", "-"], &input);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("articles: 130 new"), "{}", stdout(&o));
    let from_file = Env::new();
    from_file.ok(&["ingest", dir.to_str().unwrap()]);
    assert_eq!(piped.nquads(), from_file.nquads());
}

#[test]
fn a_bad_line_among_good_ones_is_reported_by_line_and_the_rest_load_in_bulk() {
    let env = Env::new();
    let dir = env.dir.path().join("syn");
    generate(&env, &dir, 120, 4, None);
    let text = std::fs::read(dir.join("syn-4-0000.jsonl")).unwrap();
    let mut lines: Vec<&[u8]> = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    // Line 7 is not UTF-8 and line 50 is not JSON.
    let mut bad = lines[6].to_vec();
    bad.insert(10, 0xFF);
    lines[6] = &bad;
    lines[49] = b"{not json";
    let input = lines.join(&b'\n');
    let o = ingest_stdin(&env, &["--bulk", "-"], &input);
    assert_eq!(o.status.code(), Some(1), "rejections fail the run");
    let err = stderr(&o);
    assert!(
        err.contains("<stdin>:7:11: not UTF-8 (invalid byte 0xFF)"),
        "{err}"
    );
    assert!(err.contains("<stdin>:50:"), "{err}");
    assert!(stdout(&o).contains("articles: 118 new"), "{}", stdout(&o));
    assert!(stdout(&o).contains("2 rejected"), "{}", stdout(&o));
}
