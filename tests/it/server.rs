//! `hpkg serve`, driven by real clients: SPARQLWrapper and rdflib, a
//! bounded load test, and headless Chromium on the workbench. The server
//! runs on a free loopback port of its own, and is killed when its test
//! ends, passing or failing (`util::Server`).
//! The Chromium checks are in the slow tier (`HPKG_SLOW=1`).

use crate::util::*;
use std::process::{Command, Stdio};

#[test]
fn real_clients_speak_the_sparql_protocol_and_the_api() {
    // A short timeout, so the pathological query is cancelled quickly.
    let s = Server::start("3");
    run_interop("server_check.py", &[&s.base, TOKEN, MAX_BODY]);
    assert!(s.stop().success(), "SIGTERM shuts the server down cleanly");
}

#[test]
fn under_load_two_writers_are_serialised_and_readers_never_see_half_an_article() {
    if !slow_tier(
        "server::under_load_two_writers_are_serialised_and_readers_never_see_half_an_article",
    ) {
        return;
    }
    let s = Server::start("30");
    run_interop("load_check.py", &[&s.base, TOKEN, "20", "20"]);
    assert!(s.stop().success());
}

#[test]
fn the_workbench_runs_queries_shows_entities_and_finds_paths_in_chromium() {
    if !slow_tier("server::the_workbench_runs_queries_shows_entities_and_finds_paths_in_chromium") {
        return;
    }
    let s = Server::start("30");
    let shots = root().join("target/screenshots");
    run_interop("workbench_check.py", &[&s.base, shots.to_str().unwrap()]);
    assert!(shots.join("workbench-entity.png").exists());
    assert!(s.stop().success());
}

#[test]
fn hostile_api_parameters_stay_values_and_change_nothing() {
    if !slow_tier("server::hostile_api_parameters_stay_values_and_change_nothing") {
        return;
    }
    let s = Server::start("30");
    run_interop("injection_check.py", &[&s.base]);
    assert!(s.stop().success());
}

#[test]
fn slow_idle_oversized_and_runaway_requests_starve_no_one() {
    if !slow_tier("server::slow_idle_oversized_and_runaway_requests_starve_no_one") {
        return;
    }
    let env = Env::new();
    env.ok(&["ingest", "data/"]);
    let (idle, connections, timeout) = ("3", "200", "3");
    let s = Server::start_on(
        env,
        timeout,
        &["--idle-timeout", idle, "--max-connections", connections],
    );
    let pid = s.child.id().to_string();
    let o = run_interop(
        "hardening_check.py",
        &[&s.base, &pid, idle, connections, timeout],
    );
    // The summary line feeds RELIABILITY.md's figures.
    eprintln!("{}", stdout(&o).lines().last().unwrap_or_default());
    assert!(s.stop().success());
}

/// A synthetic article whose names, title, publisher and URL carry markup
/// and a javascript: URL.
const HOSTILE_ARTICLE: &str = r#"{"article": {"id": "syn-xss-1", "language": "en",
  "title": "Synthetic <script>window.__xss=4</script> article", "published": "2025-01-01",
  "publisher": "synthetic <b>press</b>", "url": "javascript:window.__xss=3"},
 "entities": [
  {"key": "a", "type": "organization",
   "name": {"en": "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">Synthetic Org"}},
  {"key": "b", "type": "organization", "name": {"en": "Synthetic \"quoted\" & <b>bold</b> Org"}}],
 "facts": [{"type": "partnership", "partners": ["a", "b"], "stage": "discussed"}]}"#;

#[test]
fn names_with_script_tags_show_as_text_in_the_html_view_and_the_workbench() {
    if !slow_tier("server::names_with_script_tags_show_as_text_in_the_html_view_and_the_workbench")
    {
        return;
    }
    let env = Env::new();
    let article = env.dir.path().join("syn-xss.json");
    std::fs::write(&article, HOSTILE_ARTICLE).unwrap();
    env.ok(&["ingest", article.to_str().unwrap()]);
    let html = env.dir.path().join("view.html");
    env.ok(&["export", "--format", "html", "-o", html.to_str().unwrap()]);
    let iri = env
        .ok(&[
            "query",
            "-e",
            "SELECT ?e WHERE { ?e rdfs:label ?l FILTER(STRENDS(?l, '>Synthetic Org')) }",
            "--format",
            "tsv",
        ])
        .lines()
        .nth(1)
        .expect("the hostile entity is in the store")
        .trim_matches(['<', '>'])
        .to_owned();
    let html = html.to_str().unwrap().to_owned();
    let s = Server::start_on(env, "30", &[]);
    run_interop("xss_check.py", &[&html, &s.base, &iri]);
    assert!(s.stop().success());
}

#[test]
fn a_second_server_on_the_same_store_is_refused_plainly() {
    let s = Server::start("30");
    // Guarded too: were it not refused, it would serve until killed.
    let mut second = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_hpkg"))
            .env("HPKG_STORE", s.env.store())
            .args(["serve", "--bind", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let status = second
        .wait_for(std::time::Duration::from_secs(60))
        .expect("a second server on the same store still runs after a minute");
    let mut err = String::new();
    std::io::Read::read_to_string(&mut second.stderr.take().unwrap(), &mut err).unwrap();
    assert!(!status.success(), "{err}");
    assert!(err.contains("in use by another process"), "{err}");
    assert!(s.stop().success());
}
