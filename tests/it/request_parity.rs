//! The CLI and the API parse an analytics request alike: the same bad
//! values are refused with the same message, by `hpkg rank` on the command
//! line and by `GET /api/rank` on a running `hpkg serve`.

use crate::util::*;

#[test]
fn the_cli_and_the_api_reject_the_same_bad_requests_with_the_same_message() {
    let env = Env::new();
    env.ok(&["ingest", "data/articles/krcs-isdb-gifr-visit.json"]);
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
            let o = env.run(&args);
            assert!(!o.status.success(), "{flags:?} is refused");
            let stderr = String::from_utf8(o.stderr).unwrap();
            let first = stderr.lines().next().unwrap_or_default();
            first
                .strip_prefix("error: ")
                .unwrap_or_else(|| panic!("one error line: {stderr}"))
                .to_owned()
        })
        .collect();

    let server = Server::start_on(env, "30", &[]);
    for ((_, query), cli) in cases.iter().zip(&cli) {
        let (status, body) = server.get(&format!("/api/rank?measure=degree&{query}"));
        assert_eq!(status, 400, "{query}: {body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["error"].as_str(), Some(cli.as_str()), "{query}");
    }
}
