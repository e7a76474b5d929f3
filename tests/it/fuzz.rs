//! The fuzz harness for the facts parser and validator, on the stable
//! toolchain (cargo-fuzz needs nightly, which this project cannot fetch).
//!
//! Unlike the other integration tests it calls the library, not the binary:
//! a process per input would try a thousand times fewer inputs.
//!
//! Each input is one of three kinds, in turn:
//! - a structured document that `arbitrary` builds from random bytes: the
//!   contract's fields and fact types, with values drawn from plausible,
//!   borderline and hostile pools (dates, language tags, currencies, keys
//!   that refer to nothing, numbers out of range, markup, controls);
//! - a seed (the shipped articles and `tests/bad-input/`) mutated byte by
//!   byte: flips, insertions, deletions, splices of another seed;
//! - random bytes.
//!
//! The properties, for every input:
//! - parsing and checking never panic;
//! - a rejection carries at least one diagnostic, each with a message and a
//!   location (a line or a JSON path);
//! - an accepted document ingests into a memory store, and ingesting it
//!   again changes nothing.
//!
//! The run is in the slow tier: it runs with `HPKG_SLOW=1` (as CI does) or
//! when `HPKG_FUZZ_SECONDS` is set. `HPKG_FUZZ_SECONDS` (default 20, what
//! CI runs) bounds the run and `HPKG_FUZZ_SEED` (default 1) picks the
//! sequence. A long run:
//!
//! ```sh
//! HPKG_FUZZ_SECONDS=3600 HPKG_FUZZ_SEED=$RANDOM cargo test --test it -- fuzz:: --nocapture
//! ```
//!
//! A failing input is written to `target/fuzz-failures/` and the test
//! fails naming the file; `hpkg validate FILE` reproduces a parser failure.

use crate::util::{root, slow_tier};
use arbitrary::{Result as AResult, Unstructured};
use hpkg::ingest::source::{self, Origin};
use hpkg::ingest::{Ingester, Outcome};
use hpkg::model::FactType;
use hpkg::resolve::Gazetteer;
use hpkg::rng::SplitMix;
use hpkg::store::Store;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The seeds: every shipped article and every hostile-input file.
fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in ["data/articles", "tests/bad-input"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json" || x == "jsonl"))
            .collect();
        files.sort();
        for f in files {
            if let Ok(bytes) = std::fs::read(&f) {
                out.push(bytes);
            }
        }
    }
    assert!(out.len() > 40, "the seeds are there");
    out
}

const TYPES: &[&str] = &[
    "organization",
    "person",
    "initiative",
    "place",
    "group",
    "Organization",
    "org",
    "",
];
const ROLES: &[&str] = &[
    "person",
    "organization",
    "participants",
    "host",
    "topics",
    "partners",
    "initiative",
    "signatories",
    "funder",
    "recipient",
    "by",
    "of",
    "group",
    "places",
    "provider",
    "place",
];
const KEYS: &[&str] = &["a", "b", "c", "p", "i", "pl", "g", "nobody", "", "A"];
const LANGS: &[&str] = &[
    "ar",
    "en",
    "fr",
    "ar-EG",
    "",
    "xx-invalid-",
    "EN",
    "zh-Hant-TW",
];
const DATES: &[&str] = &[
    "2025-01-01",
    "2025-02-30",
    "2025-13-01",
    "2025",
    "2025-06",
    "1999-12-31T23:59:59Z",
    "",
    "0000-01-01",
    "9999-12-31",
    "2025-1-1",
    "yesterday",
];
const STRINGS: &[&str] = &[
    "Kuwait Red Crescent Society",
    "جمعية الهلال الأحمر الكويتي",
    "<script>alert(1)</script>",
    "\u{202E}evil\u{202C}",
    "a\u{0000}b",
    "\u{FEFF}",
    "   ",
    "\"quoted\" > } #",
    "http://example.org/a b",
    "https://example.org/article?id=1",
    "javascript:alert(1)",
    "ابن‎ سينا",
    "\u{0640}\u{0640}\u{0640}",
];
const STAGES: &[&str] = &[
    "discussed",
    "proposed",
    "agreed",
    "signed",
    "launched",
    "signed ",
    "",
];
const CURRENCIES: &[&str] = &["USD", "KWD", "AED", "EUR", "usd", "XXX", "", "DOLLARS"];

fn pick<'a>(u: &mut Unstructured, pool: &[&'a str]) -> AResult<&'a str> {
    Ok(*u.choose(pool)?)
}

/// A string: from a pool mostly, sometimes arbitrary.
fn text(u: &mut Unstructured, pool: &[&str]) -> AResult<Value> {
    Ok(match u.int_in_range(0..=9)? {
        0 => Value::String(u.arbitrary::<String>()?),
        1 => scalar(u)?,
        _ => Value::String(pick(u, pool)?.to_owned()),
    })
}

/// Any JSON scalar, borderline numbers included.
fn scalar(u: &mut Unstructured) -> AResult<Value> {
    Ok(match u.int_in_range(0..=6)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => json!(u.arbitrary::<i64>()?),
        3 => json!(u
            .arbitrary::<f64>()
            .map(|f| if f.is_finite() { f } else { 0.5 })?),
        4 => json!(*u.choose(&[0.0, -1.0, 1e308, 5e-324, 4_700_000.0, 1.5])?),
        5 => Value::String(pick(u, STRINGS)?.to_owned()),
        _ => Value::String(u.arbitrary::<String>()?),
    })
}

/// A language map (`{"ar": ..., "en": ...}`), or something that is not one.
fn names(u: &mut Unstructured) -> AResult<Value> {
    if u.ratio(1, 10)? {
        return scalar(u);
    }
    let mut m = Map::new();
    for _ in 0..u.int_in_range(0..=3)? {
        m.insert(pick(u, LANGS)?.to_owned(), text(u, STRINGS)?);
    }
    Ok(Value::Object(m))
}

/// A key reference, or a list of them, or something else.
fn refs(u: &mut Unstructured) -> AResult<Value> {
    Ok(match u.int_in_range(0..=5)? {
        0 => scalar(u)?,
        1 | 2 => Value::String(pick(u, KEYS)?.to_owned()),
        _ => Value::Array(
            (0..u.int_in_range(0..=4)?)
                .map(|_| pick(u, KEYS).map(|k| Value::String(k.to_owned())))
                .collect::<AResult<_>>()?,
        ),
    })
}

/// Sometimes drops a field, sometimes adds an unknown one.
fn object(u: &mut Unstructured, fields: Vec<(&str, Value)>) -> AResult<Value> {
    let mut m = Map::new();
    for (k, v) in fields {
        if !u.ratio(1, 12)? {
            m.insert(k.to_owned(), v);
        }
    }
    if u.ratio(1, 15)? {
        m.insert(u.arbitrary::<String>()?, scalar(u)?);
    }
    Ok(Value::Object(m))
}

/// A document shaped by the contract, with values good, borderline and bad.
fn document(u: &mut Unstructured) -> AResult<Value> {
    let fields = vec![
        (
            "id",
            text(
                u,
                &["syn-fuzz-1", "syn-fuzz-2", "Bad Id", "", "a/b", "syn fuzz"],
            )?,
        ),
        ("title", text(u, STRINGS)?),
        ("language", text(u, LANGS)?),
        ("published", text(u, DATES)?),
        ("publisher", text(u, &["synthetic", ""])?),
        (
            "url",
            text(
                u,
                &[
                    "https://example.org/a",
                    "javascript:alert(1)",
                    "not a url",
                    "http://x/<>",
                ],
            )?,
        ),
    ];
    let article = object(u, fields)?;
    let mut entities = Vec::new();
    for _ in 0..u.int_in_range(0..=6)? {
        let fields = vec![
            ("key", text(u, KEYS)?),
            ("type", text(u, TYPES)?),
            ("name", names(u)?),
            ("aliases", Value::Array(vec![names(u)?])),
            ("country", text(u, &["KW", "SA", "kw", "XX", "Kuwait", ""])?),
            (
                "same_as",
                text(u, &["https://www.wikidata.org/wiki/Q1", "Q1", ""])?,
            ),
        ];
        entities.push(object(u, fields)?);
    }
    // The contract's fact types, and two it does not know.
    let fact_types: Vec<&str> = FactType::ALL
        .iter()
        .map(|t| t.as_str())
        .chain(["Meeting", "x"])
        .collect();
    let mut facts = Vec::new();
    for _ in 0..u.int_in_range(0..=5)? {
        let mut fields = vec![("type", text(u, &fact_types)?)];
        for _ in 0..u.int_in_range(1..=4)? {
            fields.push((pick(u, ROLES)?, refs(u)?));
        }
        fields.push(("stage", text(u, STAGES)?));
        fields.push(("date", text(u, DATES)?));
        if u.ratio(1, 3)? {
            let parts = vec![("value", scalar(u)?), ("currency", text(u, CURRENCIES)?)];
            let amount = object(u, parts)?;
            fields.push(("amount", amount));
        }
        if u.ratio(1, 4)? {
            fields.push(("title", names(u)?));
        }
        facts.push(object(u, fields)?);
    }
    let fields = vec![
        ("article", article),
        ("entities", Value::Array(entities)),
        ("facts", Value::Array(facts)),
    ];
    object(u, fields)
}

/// A seed mutated at the byte level.
fn mutate(rng: &mut SplitMix, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut b = seeds[rng.below(seeds.len())].clone();
    for _ in 0..=rng.below(8) {
        let at = if b.is_empty() { 0 } else { rng.below(b.len()) };
        match rng.below(6) {
            0 if !b.is_empty() => b[at] ^= 1 << rng.below(8),
            1 => b.insert(at, rng.next_u64() as u8),
            2 if !b.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(b.len());
                b.drain(at..end);
            }
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let end = (from + 1 + rng.below(64)).min(other.len());
                    b.splice(at..at, other[from..end].iter().copied());
                }
            }
            4 => {
                let tokens: [&[u8]; 8] = [b"{", b"}", b"[", b"]", b"\"", b",", b"\\u", b"1e400"];
                let t = tokens[rng.below(tokens.len())];
                b.splice(at..at, t.iter().copied());
            }
            _ if !b.is_empty() => {
                let bytes = b"\"{}[],:0\\\n\x00\xff";
                b[at] = bytes[rng.below(bytes.len())];
            }
            _ => {}
        }
    }
    b
}

/// Checks one input; `Err` says which property broke.
fn check(bytes: &[u8], gazetteer: &Gazetteer) -> Result<&'static str, String> {
    let origin = Origin {
        file: "fuzz.json".into(),
        jsonl_line: None,
    };
    // The reader reports bytes that are not UTF-8 before parsing (the
    // hostile-input tests cover that); the parser gets them decoded.
    let text = String::from_utf8_lossy(bytes);
    let parsed = std::panic::catch_unwind(|| source::parse(&origin, &text))
        .map_err(|_| "parsing panicked".to_owned())?;
    match parsed {
        Err(diagnostics) => {
            if diagnostics.is_empty() {
                return Err("rejected with no diagnostic".into());
            }
            for d in &diagnostics {
                if d.message.trim().is_empty() {
                    return Err(format!("a diagnostic with no message: {d:?}"));
                }
                if d.line.is_none() && d.path.is_none() {
                    return Err(format!("a diagnostic with no location: {d}"));
                }
            }
            Ok("rejected")
        }
        Ok(doc) => {
            let ingest = std::panic::catch_unwind(|| -> Result<(), String> {
                let store = Store::in_memory().map_err(|e| e.to_string())?;
                let mut ing =
                    Ingester::open(&store, gazetteer.clone()).map_err(|e| e.to_string())?;
                ing.ingest(doc.clone())
                    .map_err(|e| format!("an accepted document did not ingest: {e}"))?;
                let before = store.sorted_quads(None).map_err(|e| e.to_string())?;
                let again = ing.ingest(doc).map_err(|e| e.to_string())?;
                if again.outcome != Outcome::Unchanged
                    || store.sorted_quads(None).map_err(|e| e.to_string())? != before
                {
                    return Err("ingesting an accepted document twice changed the store".into());
                }
                Ok(())
            })
            .map_err(|_| "ingesting an accepted document panicked".to_owned())?;
            ingest.map(|()| "accepted")
        }
    }
}

fn save(bytes: &[u8], n: u64) -> PathBuf {
    let dir = root().join("target/fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("input-{n}.json"));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn the_parser_and_validator_survive_fuzzing() {
    if std::env::var_os("HPKG_FUZZ_SECONDS").is_none()
        && !slow_tier("fuzz::the_parser_and_validator_survive_fuzzing")
    {
        return;
    }
    let seconds: u64 = std::env::var("HPKG_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let seed: u64 = std::env::var("HPKG_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let seeds = seeds();
    let gazetteer = Gazetteer::builtin().unwrap();
    let mut rng = SplitMix::new(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tally = std::collections::BTreeMap::<&str, u64>::new();
    let mut n = 0u64;
    while Instant::now() < deadline {
        let bytes = match n % 3 {
            0 => {
                let raw: Vec<u8> = (0..256 + rng.below(4096))
                    .map(|_| rng.next_u64() as u8)
                    .collect();
                let mut u = Unstructured::new(&raw);
                let doc = document(&mut u).unwrap_or(Value::Null);
                serde_json::to_vec(&doc).unwrap()
            }
            1 => mutate(&mut rng, &seeds),
            _ => (0..rng.below(512)).map(|_| rng.next_u64() as u8).collect(),
        };
        match check(&bytes, &gazetteer) {
            Ok(kind) => *tally.entry(kind).or_default() += 1,
            Err(why) => {
                let path = save(&bytes, n);
                panic!(
                    "input {n} (seed {seed}): {why}; saved to {}",
                    path.display()
                );
            }
        }
        n += 1;
    }
    eprintln!("fuzz: {n} inputs in {seconds} s (seed {seed}): {tally:?}");
    assert!(n > 100, "too few inputs tried: {n}");
    assert!(
        tally.get("accepted").copied().unwrap_or(0) > 0
            && tally.get("rejected").copied().unwrap_or(0) > 0,
        "the inputs reach both acceptance and rejection: {tally:?}"
    );
}
