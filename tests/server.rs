//! `hpkg serve`, driven by real clients: SPARQLWrapper and rdflib, a
//! bounded load test, and headless Chromium on the workbench. The server
//! runs on a free loopback port of its own.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const TOKEN: &str = "test-token-not-secret";
const MAX_BODY: &str = "200000";

struct Server {
    child: Child,
    base: String,
    _env: Env,
}

impl Server {
    /// Starts a server on a copy of the corpus; `timeout` is --timeout.
    fn start(timeout: &str) -> Self {
        let env = Env::new();
        env.ok(&["ingest", "data/"]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_hpkg"))
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
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
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
        Server {
            child,
            base,
            _env: env,
        }
    }

    fn stop(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child.wait().unwrap()
    }
}

#[test]
fn real_clients_speak_the_sparql_protocol_and_the_api() {
    // A short timeout, so the pathological query is cancelled quickly.
    let s = Server::start("3");
    run_interop("server_check.py", &[&s.base, TOKEN, MAX_BODY]);
    assert!(s.stop().success(), "SIGTERM shuts the server down cleanly");
}

#[test]
fn a_bounded_load_with_concurrent_writes_loses_nothing() {
    let s = Server::start("30");
    run_interop("load_check.py", &[&s.base, TOKEN, "20", "20"]);
    assert!(s.stop().success());
}

#[test]
fn the_workbench_runs_queries_shows_entities_and_finds_paths_in_chromium() {
    let s = Server::start("30");
    let shots = root().join("target/screenshots");
    run_interop("workbench_check.py", &[&s.base, shots.to_str().unwrap()]);
    assert!(shots.join("workbench-entity.png").exists());
    assert!(s.stop().success());
}

#[test]
fn hostile_api_parameters_stay_values_and_change_nothing() {
    let s = Server::start("30");
    run_interop("injection_check.py", &[&s.base]);
    assert!(s.stop().success());
}

#[test]
fn a_second_server_on_the_same_store_is_refused_plainly() {
    let s = Server::start("30");
    let o = Command::new(env!("CARGO_BIN_EXE_hpkg"))
        .env("HPKG_STORE", s._env.store())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("in use by another process"),
        "{}",
        stderr(&o)
    );
    assert!(s.stop().success());
}
