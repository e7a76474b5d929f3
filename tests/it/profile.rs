//! `hpkg profile`: the organisation dossier in Markdown, HTML and JSON,
//! against goldens for the Kuwait Red Crescent Society.

use crate::util::*;

const KRCS: &str = "Kuwait Red Crescent Society";

#[test]
fn the_dossier_in_markdown_and_json_matches_its_golden() {
    let env = corpus();
    golden("tests/golden/profile-krcs.md", &env.ok(&["profile", KRCS]));
    let json = env.ok(&["profile", KRCS, "--format", "json"]);
    golden("tests/golden/profile-krcs.json", &json);
    let p: serde_json::Value = serde_json::from_str(&json).unwrap();
    for key in [
        "iri",
        "names",
        "roles",
        "partners",
        "funding",
        "timeline",
        "centralities",
    ] {
        assert!(p.get(key).is_some(), "the JSON has {key}");
    }
    let icrc = &p["partners"][0];
    assert_eq!(icrc["iri"], "https://w3id.org/hpkg/id/org/icrc");
    assert_eq!(icrc["articles"], 3);
    assert!(icrc["evidence"][0]["evidence"].is_string());
    // Money out as the article reports it: USD 2m, counted once.
    assert_eq!(p["funding"]["out"][0]["amount"], 2_000_000.0);
    assert_eq!(p["funding"]["out"][0]["currency"], "USD");
}

#[test]
fn the_dossier_reads_in_arabic_and_as_one_html_page() {
    let env = corpus();
    let ar = env.ok(&["profile", "جمعية الهلال الأحمر الكويتي", "--lang", "ar"]);
    assert!(
        ar.starts_with("# \u{2068}جمعية الهلال الأحمر الكويتي\u{2069}\n"),
        "{}",
        &ar[..200]
    );
    let html = env.ok(&["profile", KRCS, "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "no script in the dossier");
    assert!(html.contains("<bdi dir=\"auto\">جمعية الهلال الأحمر الكويتي</bdi>"));
    assert!(html.contains("<bdi dir=\"ltr\" class=\"date\">2025-11-03</bdi>"));
    // A name that is no entity is refused plainly.
    let o = env.run(&["profile", "No Such Organisation Anywhere"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("No Such Organisation Anywhere"),
        "{}",
        stderr(&o)
    );
}
