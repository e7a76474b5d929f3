//! Helpers shared by the integration tests: a store in a temporary
//! directory driven through the `hpkg` binary, the one corpus store that
//! read-only tests share, the slow tier, a guard that never leaves a child
//! process running, and a test `hpkg serve` built on it.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A store in a fresh temporary directory.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }
    /// Runs hpkg with this env's store, from the project root.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_in(&root(), args)
    }
    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_hpkg"))
            .current_dir(cwd)
            .env("HPKG_STORE", self.store())
            .env_remove("HPKG_GAZETTEER")
            .args(args)
            .output()
            .expect("hpkg runs")
    }
    /// Runs and asserts success, returning stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "hpkg {args:?} failed ({}):\n{}\n{}",
            o.status,
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }
    /// The store's sorted N-Quads (the canonical comparison).
    pub fn nquads(&self) -> String {
        self.ok(&["dump", "--format", "nquads"])
    }
}

/// Writes `articles` synthetic articles for `seed` into `dir` with
/// `hpkg generate` (shards of `shard_size`, or its default).
pub fn generate(env: &Env, dir: &Path, articles: u32, seed: u32, shard_size: Option<u32>) {
    let (n, seed) = (articles.to_string(), seed.to_string());
    let mut args = vec![
        "generate",
        "--articles",
        &n,
        "--seed",
        &seed,
        "-o",
        dir.to_str().unwrap(),
    ];
    let shard = shard_size.map(|s| s.to_string());
    if let Some(s) = &shard {
        args.extend(["--shard-size", s.as_str()]);
    }
    env.ok(&args);
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The shared corpus store: the shipped corpus (`data/`) with betweenness
/// scores and communities written (for top-brokers and the exports'
/// attributes). It is built once per test process, by the first test that
/// asks, and removed when the process exits. Tests only read it (hpkg opens
/// a store read-only for reading commands, so they may do so at once); a
/// test that writes makes its own store.
pub fn corpus() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let env = Env::new();
        env.ok(&["ingest", "data/"]);
        env.ok(&["rank", "--measure", "betweenness", "--write"]);
        env.ok(&["communities", "--write"]);
        // A static is never dropped: remove its directory at exit.
        extern "C" fn remove() {
            if let Some(env) = ENV.get() {
                let _ = std::fs::remove_dir_all(env.dir.path());
            }
        }
        // SAFETY: registers a plain function with no arguments; it runs
        // after libtest's main, when no test and no child uses the store.
        unsafe { libc::atexit(remove) };
        env
    })
}

/// The shipped article files, sorted.
pub fn article_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("data/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    v
}

/// The interpreter with the pinned interop packages (tests/run.sh sets
/// HPKG_PYTHON to its venv).
pub fn python() -> String {
    std::env::var("HPKG_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// Runs `tests/interop/SCRIPT ARGS...` and asserts it succeeds, printing
/// its report.
pub fn run_interop(script: &str, args: &[&str]) -> Output {
    let o = Command::new(python())
        .arg(root().join("tests/interop").join(script))
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        o.status.success(),
        "{script} failed (run the suite with `bash tests/run.sh` for the pinned packages):\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    println!("{}", stdout(&o));
    o
}

/// Article ids whose source document the sorted N-Quads `dump` holds.
pub fn article_ids(dump: &str) -> BTreeSet<String> {
    const SOURCES: &str = "<https://w3id.org/hpkg/graph/sources> .";
    const ARTICLE: &str = "<https://w3id.org/hpkg/id/article/";
    dump.lines()
        .filter(|l| l.ends_with(SOURCES))
        .filter_map(|l| l.strip_prefix(ARTICLE)?.split_once('>'))
        .map(|(id, _)| id.to_owned())
        .collect()
}

/// The corpus's JSON lines with their article ids.
pub fn corpus_lines(file: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .map(|l| {
            let d: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                d["article"]["id"].as_str().unwrap().to_owned(),
                l.to_owned(),
            )
        })
        .collect()
}

/// Checks a store left by a kill or taken by a backup: `hpkg check`
/// passes, and the store equals a clean ingest of exactly the articles it
/// holds (whole articles only). Returns how many it holds.
pub fn check_whole(env: &Env, lines: &[(String, String)], what: &str) -> usize {
    if !env.store().join("CURRENT").exists() {
        return 0; // killed before the store was created
    }
    let checked = env.run(&["check"]);
    assert!(
        checked.status.success(),
        "{what}: hpkg check failed\n{}{}",
        stdout(&checked),
        stderr(&checked)
    );
    let dump = env.nquads();
    let ids = article_ids(&dump);
    if ids.is_empty() {
        return 0;
    }
    let subset: Vec<&str> = lines
        .iter()
        .filter(|(id, _)| ids.contains(id))
        .map(|(_, l)| l.as_str())
        .collect();
    assert_eq!(
        subset.len(),
        ids.len(),
        "{what}: unknown articles in the store"
    );
    let clean = Env::new();
    let file = clean.dir.path().join("subset.jsonl");
    std::fs::write(&file, subset.join("\n") + "\n").unwrap();
    clean.ok(&["ingest", "--bulk", file.to_str().unwrap()]);
    assert!(
        clean.nquads() == dump,
        "{what}: the store is not the clean ingest of its {} articles",
        ids.len()
    );
    ids.len()
}

/// Whether the slow tier runs: `HPKG_SLOW=1`, which `.ci/run` sets. A slow
/// test (over about 20 s) starts with
/// Compares `got` with the golden file at `rel` (from the project root);
/// UPDATE_GOLDEN=1 rewrites the file instead.
pub fn golden(rel: &str, got: &str) {
    let path = root().join(rel);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("golden file {rel}; regenerate with UPDATE_GOLDEN=1"));
    assert_eq!(
        got, want,
        "output differs from {rel} (UPDATE_GOLDEN=1 rewrites it)"
    );
}

/// `if !slow_tier("module::test_name") { return; }`: without the tier it
/// passes at once, after saying on the terminal that it was skipped and how
/// to run it.
pub fn slow_tier(test: &str) -> bool {
    if std::env::var("HPKG_SLOW").is_ok_and(|v| v == "1") {
        return true;
    }
    // Straight to stderr, past libtest's capture of passing tests' output.
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test} (slow tier): run it with HPKG_SLOW=1 cargo test --test it -- --exact {test}"
    );
    false
}

/// A child process that is killed and reaped when dropped, so that a failed
/// assertion (a panic) never leaves an `hpkg serve` or a writer running.
/// Deref gives the `Child`; a child already waited for is left alone.
pub struct KillOnDrop(pub Child);

impl KillOnDrop {
    /// Waits up to `limit` for the child to exit by itself; `None` if it is
    /// still running (the guard then kills it when dropped).
    pub fn wait_for(&mut self, limit: std::time::Duration) -> Option<std::process::ExitStatus> {
        let start = std::time::Instant::now();
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return Some(status);
            }
            if start.elapsed() > limit {
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl std::ops::Deref for KillOnDrop {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for KillOnDrop {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        // Exited and reaped already: nothing to do (and its pid may be
        // another process's by now, so no signal).
        if let Ok(Some(_)) = self.0.try_wait() {
            return;
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The write token and the body limit (bytes) of the test servers.
pub const TOKEN: &str = "test-token-not-secret";
pub const MAX_BODY: &str = "200000";

/// A running `hpkg serve` on its own store. Dropping it kills the server
/// (if `stop` did not end it) before the store's directory is removed.
pub struct Server {
    pub child: KillOnDrop,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    pub env: Env,
}

impl Server {
    /// Starts a server on a fresh ingest of `data/`; `timeout` is --timeout.
    pub fn start(timeout: &str) -> Self {
        let env = Env::new();
        env.ok(&["ingest", "data/"]);
        Self::start_on(env, timeout, &[])
    }

    /// Starts a server on `env`'s store with more `serve` arguments.
    pub fn start_on(env: Env, timeout: &str, extra: &[&str]) -> Self {
        let mut child = KillOnDrop(
            Command::new(env!("CARGO_BIN_EXE_hpkg"))
                .env("HPKG_STORE", env.store())
                .env("HPKG_WRITE_TOKEN", TOKEN)
                .args([
                    "serve",
                    "--bind",
                    "127.0.0.1:0",
                    "--timeout",
                    timeout,
                    "--max-body",
                    MAX_BODY,
                    "--quiet",
                ])
                .args(extra)
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("the server prints its address")
                .unwrap();
            if let Some(rest) = line.strip_prefix("hpkg serving ") {
                break rest
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .trim_end_matches('/')
                    .to_owned();
            }
        };
        // Keep draining stderr so the server never blocks on it.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base, env }
    }

    /// Sends SIGTERM and waits (up to a minute) for a clean exit.
    pub fn stop(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child
            .wait_for(std::time::Duration::from_secs(60))
            .expect("the server stops within a minute of SIGTERM")
    }

    /// The status and body of a plain GET (`path_and_query` starts with
    /// `/`), over one HTTP/1.1 connection.
    pub fn get(&self, path_and_query: &str) -> (u16, String) {
        let host = self.base.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(host).unwrap();
        write!(
            s,
            "GET {path_and_query} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        std::io::Read::read_to_string(&mut s, &mut response).unwrap();
        let status = response[9..12].parse().unwrap();
        let (_, body) = response.split_once("\r\n\r\n").unwrap();
        (status, body.to_owned())
    }
}
