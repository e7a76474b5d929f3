//! The CLI and the API parse an analytics request alike: the same bad
//! values are refused with the same message, by `hpkg rank` on the command
//! line and by `GET /api/rank` on a running `hpkg serve`.
//!
//! Self-contained (no shared helpers), so that it stands beside whatever
//! layout the other integration tests take.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

fn hpkg(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hpkg"))
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .unwrap()
}

/// `hpkg serve` on a loopback port, stopped when dropped (also when an
/// assertion fails).
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(store: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hpkg"))
            .arg("--store")
            .arg(store)
            .args(["serve", "--bind", "127.0.0.1:0", "--quiet"])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let address = loop {
            let line = lines
                .next()
                .expect("the server prints its address")
                .unwrap();
            if let Some(rest) = line.strip_prefix("hpkg serving http://") {
                break rest
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .trim_end_matches('/')
                    .to_owned();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Self { child, address }
    }

    /// The status and body of a GET.
    fn get(&self, path_and_query: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.address).unwrap();
        write!(
            s,
            "GET {path_and_query} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut response = String::new();
        s.read_to_string(&mut response).unwrap();
        let status = response[9..12].parse().unwrap();
        let (_, body) = response.split_once("\r\n\r\n").unwrap();
        (status, body.to_owned())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_cli_and_the_api_reject_the_same_bad_requests_with_the_same_message() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/articles/krcs-isdb-gifr-visit.json"
    );
    let o = hpkg(&store, &["ingest", article]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // (CLI flags, the same values as query pairs)
    let cases: [(&[&str], &str); 4] = [
        (&["--since", "2024-13"], "since=2024-13"),
        (&["--until", "soon"], "until=soon"),
        (&["--country", "KW,XX"], "country=KW,XX"),
        (&["--country", "kw"], "country=kw"),
    ];
    // The command line first: the server holds the store once started.
    let cli: Vec<String> = cases
        .iter()
        .map(|(flags, _)| {
            let mut args = vec!["rank", "--measure", "degree"];
            args.extend_from_slice(flags);
            let o = hpkg(&store, &args);
            assert!(!o.status.success(), "{flags:?} is refused");
            let stderr = String::from_utf8(o.stderr).unwrap();
            let first = stderr.lines().next().unwrap_or_default();
            first
                .strip_prefix("error: ")
                .unwrap_or_else(|| panic!("one error line: {stderr}"))
                .to_owned()
        })
        .collect();

    let server = Server::start(&store);
    for ((_, query), cli) in cases.iter().zip(&cli) {
        let (status, body) = server.get(&format!("/api/rank?measure=degree&{query}"));
        assert_eq!(status, 400, "{query}: {body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["error"].as_str(), Some(cli.as_str()), "{query}");
    }
}
