//! Parameters are terms, never text: hostile `--param` values reach the
//! query as the very string given, or are refused as values, and the store
//! never changes. The tests on the whole corpus use the shared store: they
//! only read it, and check that it did not change.

use crate::util::*;

/// The values of issue 7's injection list: quote, angle bracket, brace,
/// comment, newline, and two attempts at closing the query early.
const HOSTILE: &[&str] = &[
    "\"",
    ">",
    "}",
    "#",
    "first line\nsecond line",
    "\" . } ; DROP ALL ; #",
    "<http://x> } UNION { ?s ?p ?o",
];

/// The named queries that take parameters, with their parameter names.
fn parameterised(env: &Env) -> Vec<(String, Vec<String>)> {
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["queries", "--format", "json"]))
        .expect("queries --format json is JSON");
    list.as_array()
        .unwrap()
        .iter()
        .filter_map(|q| {
            let params: Vec<String> = q["params"]
                .as_array()?
                .iter()
                .map(|p| p["name"].as_str().unwrap().to_owned())
                .collect();
            (!params.is_empty()).then(|| (q["name"].as_str().unwrap().to_owned(), params))
        })
        .collect()
}

#[test]
fn a_hostile_parameter_value_comes_back_exactly_as_given() {
    let env = Env::new();
    env.ok(&["ingest", "data/articles/krcs-isdb-gifr-visit.json"]);
    let before = env.nquads();
    for value in HOSTILE {
        let out = env.ok(&[
            "query",
            "-e",
            "SELECT ?v WHERE {}",
            "--param",
            &format!("v={value}"),
            "--format",
            "json",
        ]);
        let results: serde_json::Value = serde_json::from_str(&out).unwrap();
        let bindings = results["results"]["bindings"].as_array().unwrap();
        assert_eq!(bindings.len(), 1, "{value:?}: one solution\n{out}");
        assert_eq!(bindings[0]["v"]["type"], "literal", "{value:?}");
        assert_eq!(
            bindings[0]["v"]["value"], *value,
            "{value:?} came back changed"
        );
    }
    assert_eq!(env.nquads(), before, "the store changed");
}

#[test]
fn every_named_query_takes_hostile_values_as_values_and_changes_nothing() {
    let env = corpus();
    let before = env.nquads();
    let queries = parameterised(env);
    assert!(queries.len() >= 5, "{queries:?}");
    for (query, params) in &queries {
        for value in HOSTILE {
            let mut args = vec!["query".to_owned(), query.clone()];
            for p in params {
                args.extend(["--param".to_owned(), format!("{p}={value}")]);
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = env.run(&args);
            let err = stderr(&o);
            // Either an answer (a string parameter matches nothing), or the
            // value refused as a value: never a query the value reshaped.
            if !o.status.success() {
                assert!(
                    err.contains("names no")
                        || err.contains("not a valid")
                        || err.contains("expected"),
                    "{query} with {value:?}: an unexpected error\n{err}"
                );
                assert!(
                    !err.to_lowercase().contains("syntax") && !err.contains("parse"),
                    "{query} with {value:?}: the value reached the query text\n{err}"
                );
            }
        }
    }
    assert_eq!(env.nquads(), before, "the store changed");
}

/// The plan of `query` with these parameters (`hpkg query --explain`), or
/// the error when a value is refused.
fn plan(env: &Env, query: &[&str], params: &[(String, String)]) -> Result<String, String> {
    let mut args: Vec<String> = std::iter::once("query")
        .chain(query.iter().copied())
        .map(str::to_owned)
        .collect();
    for (p, v) in params {
        args.extend(["--param".to_owned(), format!("{p}={v}")]);
    }
    args.push("--explain".to_owned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = env.run(&args);
    if o.status.success() {
        Ok(stdout(&o))
    } else {
        Err(stderr(&o))
    }
}

#[test]
fn a_hostile_value_never_changes_a_querys_plan() {
    if !slow_tier("injection::a_hostile_value_never_changes_a_querys_plan") {
        return;
    }
    let env = corpus();
    let before = env.nquads();
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["queries", "--format", "json"])).unwrap();
    let mut compared = 0;
    for q in list.as_array().unwrap() {
        let name = q["name"].as_str().unwrap();
        let params: Vec<(&str, &str)> = q["params"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap(), p["kind"].as_str().unwrap()))
            .collect();
        if params.is_empty() {
            continue;
        }
        // Values that bind: two shipped organisations for entities, a
        // plain word for the rest.
        let benign = |p: &str, kind: &str| match (p, kind.starts_with("entity")) {
            ("b", true) => "Islamic Development Bank",
            (_, true) => "Kuwait Red Crescent Society",
            _ => "betweenness",
        };
        let baseline: Vec<(String, String)> = params
            .iter()
            .map(|(p, k)| (p.to_string(), benign(p, k).to_owned()))
            .collect();
        let want = plan(env, &[name], &baseline)
            .unwrap_or_else(|e| panic!("{name} with benign values: {e}"));
        assert!(want.contains("QuadPattern"), "{name}: not a plan\n{want}");
        // One parameter hostile at a time, the others benign, so that each
        // value reaches the binding of its own parameter.
        for (i, (p, _)) in params.iter().enumerate() {
            for value in HOSTILE {
                let mut given = baseline.clone();
                given[i].1 = value.to_string();
                match plan(env, &[name], &given) {
                    Ok(got) => {
                        assert_eq!(got, want, "{name} with {p}={value:?}: the plan changed");
                        compared += 1;
                    }
                    Err(e) => assert!(
                        !e.to_lowercase().contains("syntax") && e.contains(&format!("{p}=")),
                        "{name} with {p}={value:?}: not refused as a value\n{e}"
                    ),
                }
            }
        }
    }
    // Ad-hoc queries bind undeclared parameters too, as IRIs, entity
    // names, numbers or strings.
    let adhoc = ["-e", "SELECT ?s ?v WHERE { ?s rdfs:label ?v }"];
    let want = plan(env, &adhoc, &[("v".into(), "x".into())]).unwrap();
    for value in HOSTILE {
        let got = plan(env, &adhoc, &[("v".into(), value.to_string())]).unwrap();
        assert_eq!(got, want, "-e with v={value:?}: the plan changed");
        compared += 1;
    }
    assert!(compared >= 20, "only {compared} plans compared");
    assert_eq!(env.nquads(), before, "the store changed");
}
