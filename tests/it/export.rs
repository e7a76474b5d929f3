//! Graph exports, read back by independent tools: NetworkX, Graphviz,
//! Python's csv module, and headless Chromium for the HTML view.
//! The Chromium checks are in the slow tier (`HPKG_SLOW=1`).

use crate::util::*;
use hpkg::export::{EdgeView, NodeView, View};
use hpkg::graph::ArticleInfo;
use std::collections::BTreeMap;
use std::process::Command;

/// Checks the interpreter has the export checks' packages.
fn require_packages() {
    let ok = Command::new(python())
        .args(["-c", "import networkx, selenium"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{} cannot import networkx and selenium: run the suite with `bash tests/run.sh`",
        python()
    );
}

fn run_py(script: &str, args: &[&str]) {
    require_packages();
    run_interop(script, args);
}

#[test]
fn every_format_is_read_back_by_an_independent_reader() {
    if !slow_tier("export::every_format_is_read_back_by_an_independent_reader") {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    run_py(
        "export_check.py",
        &[
            env!("CARGO_BIN_EXE_hpkg"),
            corpus().store().to_str().unwrap(),
            work.path().to_str().unwrap(),
        ],
    );
}

#[test]
fn money_on_the_partners_and_funding_edges_matches_sums_computed_from_the_dump() {
    // Regression: an article that records a grant as a partnership with an
    // amount and as the funding fact put the sum twice on the edge.
    let work = tempfile::tempdir().unwrap();
    let file = |name: &str| work.path().join(name).to_str().unwrap().to_owned();
    let env = corpus();
    env.ok(&["dump", "--format", "nquads", "-o", &file("dump.nq")]);
    env.ok(&[
        "export",
        "--format",
        "graphml",
        "-o",
        &file("partners.graphml"),
    ]);
    env.ok(&[
        "export",
        "--projection",
        "funding",
        "--format",
        "graphml",
        "-o",
        &file("funding.graphml"),
    ]);
    let partners = std::fs::read_to_string(file("partners.graphml")).unwrap();
    let krcs_icrc = partners
        .split("<edge ")
        .skip(1)
        .find(|e| e.contains("id/org/icrc\"") && e.contains("id/org/krcs\""))
        .expect("the KRCS-ICRC edge");
    assert!(
        krcs_icrc.contains(">2000000<"),
        "USD 2m as the article says: {krcs_icrc}"
    );
    run_py(
        "amounts_check.py",
        &[
            &file("dump.nq"),
            &file("partners.graphml"),
            &file("funding.graphml"),
        ],
    );
}

#[test]
fn the_html_view_works_offline_in_headless_chromium() {
    if !slow_tier("export::the_html_view_works_offline_in_headless_chromium") {
        return;
    }
    let env = corpus();
    let html = env.dir.path().join("view.html");
    env.ok(&["export", "--format", "html", "-o", html.to_str().unwrap()]);
    let nl: serde_json::Value =
        serde_json::from_str(&env.ok(&["export", "--format", "node-link"])).unwrap();
    let n = nl["nodes"].as_array().unwrap().len().to_string();
    // The screenshot is a CI artifact under target/.
    let shot = root().join("target/screenshots/html-view.png");
    run_py(
        "browser_check.py",
        &[
            html.to_str().unwrap(),
            &n,
            "بنك التنمية الإسلامي",
            shot.to_str().unwrap(),
        ],
    );
    assert!(shot.exists());
}

/// A deterministic synthetic graph (labelled synthetic everywhere): a ring
/// of `n` organisations with chords, each edge citing a synthetic article.
fn synthetic_view(n: usize) -> View {
    let iri = |i: usize| format!("https://w3id.org/hpkg/id/org/synthetic-{i}");
    let nodes = (0..n)
        .map(|i| NodeView {
            iri: iri(i),
            label: format!("synthetic organisation {i}"),
            label_en: format!("synthetic organisation {i}"),
            label_ar: format!("منظمة اصطناعية {i}"),
            labels: vec![
                format!("synthetic organisation {i}"),
                format!("منظمة اصطناعية {i}"),
            ],
            ty: "Organization".into(),
            category: Some("other".into()),
            country: None,
            members: vec![],
            scores: BTreeMap::new(),
            community: None,
            degree: 3,
            x: (i % 80) as f64 * 60.0,
            y: (i / 80) as f64 * 60.0,
            size: 8.0,
            group: i % 12,
        })
        .collect();
    let mut articles = BTreeMap::new();
    let edges = (0..n)
        .flat_map(|i| [(i, (i + 1) % n), (i, (i * 7 + 3) % n)])
        .filter(|(a, b)| a != b)
        .enumerate()
        .map(|(k, (a, b))| {
            let art = format!("https://w3id.org/hpkg/id/article/syn-{k}");
            articles.insert(
                art.clone(),
                ArticleInfo {
                    id: format!("syn-{k}"),
                    title: format!("synthetic article {k}"),
                    date: "2025-01-01".into(),
                    url: None,
                },
            );
            EdgeView {
                source: iri(a),
                target: iri(b),
                weight: 1.0,
                relations: vec!["partnership".into()],
                stage: Some("signed".into()),
                first_date: Some("2025-01-01".into()),
                last_date: Some("2025-01-01".into()),
                articles: vec![art],
                evidence: BTreeMap::new(),
                amounts: BTreeMap::new(),
                flows: 1,
            }
        })
        .collect();
    View {
        projection: "partners".into(),
        directed: false,
        filters: serde_json::json!({}),
        lang: "en".into(),
        nodes,
        edges,
        measures: vec![],
        currencies: vec![],
        articles,
    }
}

#[test]
fn the_html_view_stays_usable_with_5000_synthetic_nodes() {
    if !slow_tier("export::the_html_view_stays_usable_with_5000_synthetic_nodes") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("synthetic.html");
    std::fs::write(&html, hpkg::export::html(&synthetic_view(5000))).unwrap();
    let shot = root().join("target/screenshots/html-view-5000-synthetic.png");
    run_py(
        "browser_check.py",
        &[
            html.to_str().unwrap(),
            "5000",
            "منظمة اصطناعية 4321",
            shot.to_str().unwrap(),
            "--no-links",
        ],
    );
}

#[test]
fn exports_are_deterministic() {
    for f in ["graphml", "gexf", "dot", "cytoscape", "node-link", "html"] {
        let a = corpus().ok(&["export", "--format", f, "--projection", "network"]);
        let b = corpus().ok(&["export", "--format", f, "--projection", "network"]);
        assert_eq!(a, b, "{f} differs between runs");
    }
}

#[test]
fn csv_needs_a_directory() {
    let o = corpus().run(&["export", "--format", "csv"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("give it with -o DIR"), "{}", stderr(&o));
}

#[test]
fn the_html_view_is_self_contained() {
    let html = corpus().ok(&["export", "--format", "html"]);
    assert!(html.contains("Content-Security-Policy"));
    assert!(!html.contains("<script src"), "no external script");
    assert!(!html.contains("<link "), "no external stylesheet");
    assert!(html.contains("Cytoscape.js 3.35.0"));
}

#[test]
fn export_to_a_file_says_what_it_wrote() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("partners.graphml");
    let o = corpus().run(&[
        "export",
        "--format",
        "graphml",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let said = stderr(&o);
    assert!(
        said.starts_with("wrote ")
            && said.contains(" nodes and ")
            && said.contains("(partners projection, graphml) to "),
        "{said}"
    );
}
