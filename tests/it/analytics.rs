//! Graph analytics through the binary: agreement with NetworkX, errors,
//! edge cases and determinism.

use crate::util::*;
use std::process::Command;

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

#[test]
fn centralities_paths_and_communities_agree_with_networkx() {
    if !slow_tier("analytics::centralities_paths_and_communities_agree_with_networkx") {
        return;
    }
    let py = std::env::var("HPKG_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let ok = Command::new(&py)
        .args(["-c", "import networkx, scipy"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{py} cannot import networkx and scipy: run the suite with `bash tests/run.sh`"
    );
    // It only reads (exports and ranks): the shared corpus store.
    let o = Command::new(&py)
        .arg(root().join("tests/interop/nx_check.py"))
        .arg(env!("CARGO_BIN_EXE_hpkg"))
        .arg(corpus().store())
        .output()
        .unwrap();
    let report = stdout(&o);
    assert!(
        o.status.success(),
        "NetworkX disagrees:\n{report}\n{}",
        stderr(&o)
    );
    assert!(report.contains(" 0 failed"), "{report}");
}

#[test]
fn rank_json_is_sorted_by_score_then_iri_with_the_documented_fields() {
    let v = json(&corpus().ok(&[
        "rank",
        "--measure",
        "degree",
        "--top",
        "0",
        "--format",
        "json",
    ]));
    let rows = v.as_array().unwrap();
    assert!(rows.len() > 30);
    for (i, r) in rows.iter().enumerate() {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["iri", "label", "rank", "score"]);
        assert_eq!(r["rank"].as_u64().unwrap() as usize, i + 1);
    }
    for w in rows.windows(2) {
        let (a, b) = (
            w[0]["score"].as_f64().unwrap(),
            w[1]["score"].as_f64().unwrap(),
        );
        assert!(a > b || (a == b && w[0]["iri"].as_str() < w[1]["iri"].as_str()));
    }
    // Isolated organisations (a role only) are nodes with degree 0.
    assert_eq!(rows.last().unwrap()["score"], 0.0);
}

#[test]
fn a_path_between_organisations_that_never_met_gives_evidence_for_every_hop() {
    let v = json(&corpus().ok(&[
        "path",
        "Kuwait Red Crescent Society",
        "Qatar Charity",
        "--format",
        "json",
        "--k",
        "3",
    ]));
    assert_eq!(v["from"], "https://w3id.org/hpkg/id/org/krcs");
    let paths = v["paths"].as_array().unwrap();
    assert!(!paths.is_empty());
    assert!(
        paths[0]["length"].as_u64().unwrap() >= 2,
        "they are not partners directly"
    );
    for p in paths {
        assert_eq!(
            p["hops"].as_array().unwrap().len() + 1,
            p["nodes"].as_array().unwrap().len()
        );
        for h in p["hops"].as_array().unwrap() {
            let rels = h["relations"].as_array().unwrap();
            assert!(!rels.is_empty());
            for r in rels {
                assert!(r["type"].is_string());
                let arts = r["articles"].as_array().unwrap();
                assert!(!arts.is_empty());
                assert!(
                    arts[0]["id"].is_string()
                        && arts[0]["title"].is_string()
                        && arts[0]["date"].is_string()
                );
            }
        }
    }
    let text = corpus().ok(&["path", "Kuwait Red Crescent Society", "Qatar Charity"]);
    assert!(
        text.contains("path 1:") && text.contains("Qatar Charity"),
        "{text}"
    );
}

#[test]
fn no_path_names_the_components_and_exits_1() {
    // ICD appears only in a role fact: an isolated node of the partners projection.
    let o = corpus().run(&[
        "path",
        "Kuwait Red Crescent Society",
        "Islamic Corporation for the Development of the Private Sector",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("no path") && err.contains("different components"),
        "{err}"
    );
    assert!(
        err.contains("FROM is in component") && err.contains("TO is in component"),
        "{err}"
    );
}

#[test]
fn an_unknown_name_lists_close_matches() {
    let o = corpus().run(&["path", "Kuwait Red Cresent Society", "UNHCR"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("close matches: Kuwait Red Crescent Society"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_ambiguous_name_lists_the_candidates() {
    let o = corpus().run(&["path", "KRCS", "UNHCR"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("ambiguous") && err.contains("/org/krcs") && err.contains("/org/kenya-rcs"),
        "{err}"
    );
}

#[test]
fn an_empty_projection_ranks_nothing_and_says_why_a_path_is_impossible() {
    let v = json(&corpus().ok(&[
        "rank",
        "--measure",
        "betweenness",
        "--since",
        "2100",
        "--format",
        "json",
    ]));
    assert_eq!(v.as_array().unwrap().len(), 0);
    let c = json(&corpus().ok(&["communities", "--since", "2100", "--format", "json"]));
    assert_eq!(c["communities"].as_array().unwrap().len(), 0);
    let o = corpus().run(&["path", "IsDB", "UNHCR", "--since", "2100"]);
    assert!(
        stderr(&o).contains("is not in the partners projection"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rollup_merges_arms_into_their_parent_without_self_loops() {
    let v = json(&corpus().ok(&["export", "--format", "node-link", "--rollup"]));
    let nodes: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(nodes.contains(&"https://w3id.org/hpkg/id/org/isdb"));
    assert!(
        !nodes.contains(&"https://w3id.org/hpkg/id/org/isfd"),
        "ISFD counts as IsDB"
    );
    for l in v["links"].as_array().unwrap() {
        assert_ne!(l["source"], l["target"]);
    }
}

#[test]
fn results_are_deterministic_across_runs_and_ingestion_orders() {
    let args: [&[&str]; 3] = [
        &[
            "rank",
            "--measure",
            "pagerank",
            "--top",
            "0",
            "--format",
            "json",
        ],
        &["communities", "--format", "json"],
        &[
            "path",
            "Kuwait Red Crescent Society",
            "Qatar Charity",
            "--k",
            "4",
            "--format",
            "json",
        ],
    ];
    let backward = Env::new();
    let mut files = article_files();
    files.reverse();
    for chunk in files.chunks(9) {
        let mut a = vec!["ingest"];
        a.extend(chunk.iter().map(|f| f.to_str().unwrap()));
        backward.ok(&a);
    }
    for a in args {
        let first = corpus().ok(a);
        assert_eq!(first, corpus().ok(a), "{a:?} differs between runs");
        assert_eq!(
            first,
            backward.ok(a),
            "{a:?} differs after ingesting in another order"
        );
    }
}

#[test]
fn written_scores_are_queryable_and_a_rerun_replaces_them() {
    let env = Env::new();
    env.ok(&["ingest", "data/"]);
    env.ok(&["rank", "--measure", "betweenness", "--write"]);
    env.ok(&[
        "rank",
        "--measure",
        "betweenness",
        "--write",
        "--since",
        "2020",
    ]);
    env.ok(&["communities", "--write"]);
    let n = |m: &str| {
        let out = env.ok(&[
            "query",
            "-e",
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <https://w3id.org/hpkg/graph/analytics> {{ ?s a hp:{m} }} }}"),
            "--format",
            "csv",
        ]);
        out.lines().nth(1).unwrap().parse::<usize>().unwrap()
    };
    let since2020 = json(&env.ok(&[
        "rank",
        "--measure",
        "betweenness",
        "--since",
        "2020",
        "--top",
        "0",
        "--format",
        "json",
    ]));
    assert_eq!(
        n("Score"),
        since2020.as_array().unwrap().len(),
        "the rerun replaced the first run"
    );
    assert!(n("CommunityMembership") > 30);
    let top = env.ok(&["query", "top-brokers", "--format", "csv"]);
    let first = top.lines().nth(1).unwrap();
    let best = since2020[0]["iri"].as_str().unwrap();
    assert!(
        first.starts_with(&format!("betweenness,partners,1,{best},")),
        "{top}"
    );
    assert_eq!(
        top.lines().count() - 1,
        n("Score"),
        "one row per stored organisation score"
    );
}

#[test]
fn neighbors_shows_the_relation_on_each_edge() {
    let out = corpus().ok(&[
        "neighbors",
        "Islamic Development Bank",
        "--hops",
        "1",
        "--projection",
        "network",
    ]);
    assert!(out.contains("—[") && out.contains("launch"), "{out}");
    let v = json(&corpus().ok(&["neighbors", "IsDB", "--hops", "2", "--format", "json"]));
    assert!(v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["distance"] == 2));
}

#[test]
fn approximate_betweenness_stays_within_its_stated_bound() {
    let args = [
        "rank",
        "--measure",
        "betweenness",
        "--projection",
        "network",
        "--top",
        "0",
        "--format",
        "json",
    ];
    let exact = json(&corpus().ok(&args));
    let mut approx_args = args.to_vec();
    approx_args.extend(["--approx", "0.05", "--seed", "3"]);
    let o = corpus().run(&approx_args);
    assert!(o.status.success());
    assert!(stderr(&o).contains("sampled paths"), "{}", stderr(&o));
    let approx = json(&stdout(&o));
    let n = exact.as_array().unwrap().len() as f64;
    let bound = 0.05 * n / (n - 2.0);
    let by_iri: std::collections::HashMap<&str, f64> = exact
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["iri"].as_str().unwrap(), r["score"].as_f64().unwrap()))
        .collect();
    for r in approx.as_array().unwrap() {
        let e = by_iri[r["iri"].as_str().unwrap()];
        let a = r["score"].as_f64().unwrap();
        assert!(
            (a - e).abs() <= bound,
            "{}: {a} vs {e} (bound {bound})",
            r["iri"]
        );
    }
    let o = corpus().run(&["rank", "--measure", "pagerank", "--approx", "0.1"]);
    assert!(stderr(&o).contains("betweenness only"), "{}", stderr(&o));
}
