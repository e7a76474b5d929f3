//! In-process timings of hpkg's analytics on a built store, for
//! `benches/run.sh`: projection build, centralities, paths and the named
//! queries. It also writes what the peers need to do the same work on the
//! same input: the partners graph as an edge list, the path pairs, and each
//! named query with its parameter values.
//!
//!     cargo bench --bench analytics -- --store DIR --out DIR
//!     cargo bench --bench analytics -- --graph DIR [--paths-only]   # centralities and paths only
//!     cargo bench --bench analytics -- --store DIR --load-only      # reading the store, and its snapshot
//!
//! Prints one JSON object of timings (seconds) on stdout. Without `--bench`
//! (as under `cargo test --all-targets`) it only says how to run it: the
//! work takes minutes on a large store.

use hpkg::graph::adjacency::Adjacency;
use hpkg::graph::measures::{self, Measure};
use hpkg::graph::{paths, project, Corpus, Filters, ProjectionKind};
use hpkg::query::library;
use hpkg::rng::SplitMix;
use hpkg::store::{QueryOutput, SparqlRequest, Store};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Path queries timed, as the issue asks.
const PATHS: usize = 1000;
/// Runs of each named query; the median is reported.
const QUERY_RUNS: usize = 5;
/// A named query slower than this once runs only once.
const SLOW: f64 = 10.0;
/// Address-space cap of the child process each named query runs in.
const MEMORY_CAP_KB: u64 = 8 * 1024 * 1024;
/// A named query is stopped after this long and reported as such.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn secs<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed().as_secs_f64())
}

/// Records a timing and says it on stderr, so a long run shows progress.
fn note(t: &mut BTreeMap<String, serde_json::Value>, key: &str, v: impl Into<serde_json::Value>) {
    let v = v.into();
    eprintln!("  {key}: {v}");
    t.insert(key.to_owned(), v);
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Times one named query with the `--bind name=term` values given (N-Triples
/// terms), and prints `{"median_s", "runs", "rows"}`; rows is null if the
/// query failed or timed out.
fn one_query(store_dir: &std::path::Path, name: &str) {
    let store = Store::open_read_only(store_dir).unwrap();
    let q = library::find(name).unwrap();
    let args: Vec<String> = std::env::args().collect();
    let subs: Vec<(String, oxrdf::Term)> = args
        .windows(2)
        .filter(|w| w[0] == "--bind")
        .map(|w| {
            let (n, v) = w[1].split_once('=').unwrap();
            let term: oxrdf::Term = match v.strip_prefix('<') {
                Some(iri) => oxrdf::NamedNode::new(iri.trim_end_matches('>'))
                    .unwrap()
                    .into(),
                None => {
                    oxrdf::Literal::new_simple_literal(serde_json::from_str::<String>(v).unwrap())
                        .into()
                }
            };
            (n.to_owned(), term)
        })
        .collect();
    let req = SparqlRequest {
        query: q.text.clone(),
        substitutions: subs,
        timeout: Some(TIMEOUT),
        ..Default::default()
    };
    let mut runs = Vec::new();
    let mut rows = None;
    let mut error = None;
    for _ in 0..QUERY_RUNS {
        let (r, s) = secs(|| store.query(&req));
        rows = match r {
            Ok(QueryOutput::Solutions { rows, .. }) => Some(rows.len()),
            Ok(QueryOutput::Boolean(_)) => Some(1),
            Ok(QueryOutput::Graph(g)) => Some(g.len()),
            Err(e) => {
                error = Some(e.to_string());
                None
            }
        };
        runs.push(s);
        if rows.is_none() || s > SLOW {
            break;
        }
    }
    let mut out =
        serde_json::json!({ "median_s": median(runs.clone()), "runs": runs.len(), "rows": rows });
    if let Some(e) = error {
        out["error"] = e.into();
    }
    println!("{out}");
}

type Timings = BTreeMap<String, serde_json::Value>;

/// Times the four centralities of the issue on `adj`. PageRank and
/// eigenvector run to the peers' stopping rule (NetworkX's default: L1
/// change below n · 1e-6), so both sides do the same iterations; hpkg's own
/// default (1e-13 a node) is timed too, as `*_tight_s`.
fn time_centralities(adj: &Adjacency, t: &mut Timings) {
    for (m, key) in [
        (Measure::Betweenness, "betweenness_s"),
        (Measure::Closeness, "closeness_s"),
        (Measure::PageRank, "pagerank_tight_s"),
        (Measure::Eigenvector, "eigenvector_tight_s"),
    ] {
        let (r, s) = secs(|| measures::compute(adj, m, false));
        r.unwrap();
        note(t, key, s);
    }
    const PEER_TOL: f64 = 1e-6;
    let (r, s) = secs(|| measures::pagerank(adj, 0.85, PEER_TOL, 100_000));
    r.unwrap();
    note(t, "pagerank_s", s);
    let (r, s) = secs(|| measures::eigenvector(adj, false, PEER_TOL, 100_000));
    r.unwrap();
    note(t, "eigenvector_s", s);
}

/// Rounds over the path pairs; the median round is reported (a round of
/// 1,000 queries takes milliseconds, so one round is at the mercy of noise).
const PATH_ROUNDS: usize = 5;

/// Times one shortest path query per pair, in rounds; notes the mean of
/// the median round.
fn time_paths(adj: &Adjacency, pairs: &[(usize, usize)], t: &mut Timings) {
    let rounds: Vec<f64> = (0..PATH_ROUNDS)
        .map(|_| {
            let (found, s) = secs(|| {
                pairs
                    .iter()
                    .filter(|(a, b)| !paths::k_shortest(adj, *a, *b, 1, false).is_empty())
                    .count()
            });
            assert_eq!(found, pairs.len(), "every pair is in the largest component");
            s
        })
        .collect();
    note(t, "path_mean_s", median(rounds) / pairs.len() as f64);
}

/// Times reading the store itself, then (once a snapshot exists) reading
/// the corpus snapshot an unchanged store keeps; returns the corpus.
fn time_loads(store: &Store, t: &mut Timings) -> Corpus {
    let (corpus, s) = secs(|| Corpus::scan(store).unwrap());
    note(t, "corpus_load_s", s);
    Corpus::load(store).unwrap(); // leaves the snapshot if there is none
    let (again, s) = secs(|| Corpus::load(store).unwrap());
    note(t, "corpus_snapshot_s", s);
    assert_eq!(again, corpus, "the snapshot holds what the store holds");
    corpus
}

/// `--graph DIR`: the centralities and paths alone, on the `partners.tsv`
/// and `pairs.tsv` a full run left in DIR (for working on the algorithms
/// without reading the store again).
fn graph_only(dir: &std::path::Path) {
    let text = std::fs::read_to_string(dir.join("partners.tsv")).unwrap();
    let mut lines = text.lines();
    let n: usize = lines.next().unwrap().parse().unwrap();
    let mut out = vec![Vec::new(); n];
    for l in lines {
        let f: Vec<&str> = l.split('\t').collect();
        let (a, b, w): (usize, usize, f64) = (
            f[0].parse().unwrap(),
            f[1].parse().unwrap(),
            f[2].parse().unwrap(),
        );
        out[a].push((b, w));
        out[b].push((a, w));
    }
    for v in &mut out {
        v.sort_by_key(|x| x.0);
    }
    let adj = Adjacency::new(out, false);
    let pairs: Vec<(usize, usize)> = std::fs::read_to_string(dir.join("pairs.tsv"))
        .unwrap()
        .lines()
        .map(|l| {
            let (a, b) = l.split_once('\t').unwrap();
            (a.parse().unwrap(), b.parse().unwrap())
        })
        .collect();
    let mut t = Timings::new();
    if !std::env::args().any(|a| a == "--paths-only") {
        time_centralities(&adj, &mut t);
    }
    time_paths(&adj, &pairs, &mut t);
    println!("{}", serde_json::to_string_pretty(&t).unwrap());
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("analytics bench: run it through benches/run.sh (cargo bench --bench analytics -- --store DIR --out DIR)");
        return;
    }
    if let Some(dir) = arg("--graph") {
        graph_only(std::path::Path::new(&dir));
        return;
    }
    let store_dir = PathBuf::from(arg("--store").expect("--store DIR"));
    if std::env::args().any(|a| a == "--load-only") {
        let store = Store::open_read_only(&store_dir).unwrap();
        let mut t = Timings::new();
        time_loads(&store, &mut t);
        println!("{}", serde_json::to_string_pretty(&t).unwrap());
        return;
    }
    if let Some(name) = arg("--one-query") {
        one_query(&store_dir, &name);
        return;
    }
    let out = PathBuf::from(arg("--out").expect("--out DIR"));
    std::fs::create_dir_all(out.join("queries")).unwrap();
    let store = Store::open_read_only(&store_dir).unwrap();
    let mut t = Timings::new();

    let corpus = time_loads(&store, &mut t);
    let filters = Filters::default();
    let (partners, s) = secs(|| project(&corpus, ProjectionKind::Partners, &filters));
    note(&mut t, "project_partners_s", s);
    let (network, s) = secs(|| project(&corpus, ProjectionKind::Network, &filters));
    note(&mut t, "project_network_s", s);
    t.insert("partners_nodes".into(), partners.node_count().into());
    t.insert("partners_edges".into(), partners.edge_count().into());
    t.insert("network_nodes".into(), network.node_count().into());
    t.insert("network_edges".into(), network.edge_count().into());

    // The partners graph for the peers: node count, then one edge a line.
    let adj = partners.adjacency();
    let mut w = std::io::BufWriter::new(std::fs::File::create(out.join("partners.tsv")).unwrap());
    writeln!(w, "{}", adj.len()).unwrap();
    for a in 0..adj.len() {
        for (b, wt) in adj.out.iter(a) {
            if a < b {
                writeln!(w, "{a}\t{b}\t{wt}").unwrap();
            }
        }
    }
    drop(w);

    let paths_only = std::env::args().any(|a| a == "--paths-only");
    if !paths_only {
        time_centralities(&adj, &mut t);
    }

    // Path pairs: random distinct nodes of the largest component, so that
    // every pair has a path (a node and itself have none to time).
    let (comp, _) = paths::components(&adj);
    let mut size: BTreeMap<usize, usize> = BTreeMap::new();
    for &c in &comp {
        *size.entry(c).or_default() += 1;
    }
    let giant = size
        .iter()
        .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
        .map(|(c, _)| *c);
    let members: Vec<usize> = (0..adj.len()).filter(|&v| Some(comp[v]) == giant).collect();
    assert!(
        members.len() >= 2,
        "the partners graph has no edge to time paths on"
    );
    let mut rng = SplitMix::new(1);
    let pairs: Vec<(usize, usize)> = (0..PATHS)
        .map(|_| {
            let a = *rng.pick(&members);
            let mut b = *rng.pick(&members);
            while b == a {
                b = *rng.pick(&members);
            }
            (a, b)
        })
        .collect();
    let mut w = std::io::BufWriter::new(std::fs::File::create(out.join("pairs.tsv")).unwrap());
    for (a, b) in &pairs {
        writeln!(w, "{a}\t{b}").unwrap();
    }
    drop(w);
    time_paths(&adj, &pairs, &mut t);
    if paths_only {
        println!("{}", serde_json::to_string_pretty(&t).unwrap());
        return;
    }

    // Named queries, with parameters taken from the graph: the best
    // connected organisation, and the two ends of the heaviest edge.
    let hub = (0..adj.len()).max_by_key(|&v| adj.out.degree(v)).unwrap();
    let (ea, eb) = (0..adj.len())
        .flat_map(|a| adj.out.iter(a).map(move |(b, wt)| (wt, a, b)))
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, a, b)| (a, b))
        .unwrap();
    let iri = |v: usize| {
        partners
            .node(petgraph::graph::NodeIndex::new(v))
            .iri
            .clone()
    };
    let mut queries = BTreeMap::new();
    for q in library::builtin().unwrap() {
        let mut subs: Vec<(String, oxrdf::Term)> = Vec::new();
        for p in &q.params {
            let value = match (p.name.as_str(), &p.default) {
                (_, Some(d)) if !d.is_empty() => oxrdf::Literal::new_simple_literal(d).into(),
                ("b", _) => oxrdf::NamedNode::new(iri(eb)).unwrap().into(),
                ("a", _) => oxrdf::NamedNode::new(iri(ea)).unwrap().into(),
                _ => oxrdf::NamedNode::new(iri(hub)).unwrap().into(),
            };
            subs.push((p.name.clone(), value));
        }
        // Each query runs in a child process under a memory cap: a query
        // whose plan explodes must not take the whole run (and machine)
        // down with it.
        let mut child = std::process::Command::new("bash");
        child
            .arg("-c")
            // The query's own timeout is not always honoured (the engine
            // checks it only between solutions), hence `timeout` too.
            .arg(format!(
                "ulimit -v {MEMORY_CAP_KB}; exec timeout -s KILL {} \"$0\" \"$@\"",
                TIMEOUT.as_secs() + 30
            ))
            .arg(std::env::current_exe().unwrap())
            .args(["--bench", "--store"])
            .arg(&store_dir)
            .args(["--one-query", &q.name]);
        for (n, v) in &subs {
            child.arg("--bind").arg(format!("{n}={v}"));
        }
        let output = child.output().unwrap();
        let result: serde_json::Value = if output.status.success() {
            serde_json::from_slice(&output.stdout).unwrap()
        } else {
            serde_json::json!({
                "median_s": null,
                "runs": 0,
                "rows": null,
                "error": format!("{}: {}", output.status, String::from_utf8_lossy(&output.stderr).lines().last().unwrap_or("")),
            })
        };
        let runs = result["runs"].as_u64().unwrap_or(0);
        let rows = result["rows"].clone();
        eprintln!("  query {}: {result}", q.name);
        std::fs::write(out.join("queries").join(format!("{}.rq", q.name)), &q.text).unwrap();
        let bindings: BTreeMap<String, String> = subs
            .iter()
            .map(|(n, v)| (n.clone(), v.to_string()))
            .collect();
        queries.insert(
            q.name.clone(),
            serde_json::json!({
                "median_s": result["median_s"],
                "runs": runs,
                "rows": rows,
                "error": result.get("error"),
                "bindings": bindings,
            }),
        );
    }
    t.insert("queries".into(), serde_json::to_value(queries).unwrap());
    let prefixes: BTreeMap<&str, &str> = hpkg::model::vocab::PREFIXES.iter().copied().collect();
    std::fs::write(
        out.join("prefixes.json"),
        serde_json::to_string(&prefixes).unwrap(),
    )
    .unwrap();
    println!("{}", serde_json::to_string_pretty(&t).unwrap());
}
