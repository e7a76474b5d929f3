//! `hpkg extract --eval GOLD_DIR TEXT_DIR`: extraction scored against gold
//! documents.
//!
//! Each `GOLD_DIR/ID.json` is paired with `TEXT_DIR/ID.txt`; the gold
//! article's id, title, language and date fill what the text's header
//! leaves out. Entities are compared after identity resolution: a name
//! the gazetteer or the lexicon knows stands for its entry, any other name
//! for itself (normalised; a person's honorifics dropped). A fact matches a
//! gold fact when its type, its participants and (for a partnership) its
//! stage match:
//!
//! | type | participants |
//! |---|---|
//! | role | person, organisation |
//! | meeting | the set of participants |
//! | partnership | the set of partners, and the stage |
//! | funding | funder, recipient |
//! | launch | initiative, the set of launchers |
//! | beneficiary | of, group |
//! | aid | provider, the set of places |
//!
//! Dates and amounts are scored apart, over the matched facts whose gold
//! fact gives one.

use super::text::Header;
use super::{extract, ExtractError, Extractor};
use crate::resolve::normalize::{normalize, normalize_person};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// Counts for one kind of thing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Count {
    pub gold: usize,
    pub found: usize,
    pub right: usize,
}

impl Count {
    /// Precision; 1 when nothing was found (nothing found wrong).
    pub fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.right as f64 / self.found as f64
        }
    }
    /// Recall; 1 when the gold holds none.
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.right as f64 / self.gold as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// A difference between extraction and gold, for the analyst to read.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub article: String,
    /// "missed" (in the gold only) or "spurious" (extracted only).
    pub kind: &'static str,
    pub what: String,
}

/// The scores of a gold set.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub articles: usize,
    pub entities: Count,
    pub facts: BTreeMap<&'static str, Count>,
    /// Matched facts whose gold gives a date: (agreeing, all).
    pub dates: (usize, usize),
    pub amounts: (usize, usize),
    pub misses: Vec<Miss>,
}

impl Scores {
    pub fn json(&self) -> Value {
        let count = |c: &Count| {
            json!({"gold": c.gold, "found": c.found, "right": c.right,
                "precision": round(c.precision()), "recall": round(c.recall()), "f1": round(c.f1())})
        };
        let facts: serde_json::Map<String, Value> = self
            .facts
            .iter()
            .map(|(k, c)| (k.to_string(), count(c)))
            .collect();
        json!({
            "articles": self.articles,
            "entities": count(&self.entities),
            "facts": facts,
            "dates": {"agree": self.dates.0, "of": self.dates.1},
            "amounts": {"agree": self.amounts.0, "of": self.amounts.1},
            "misses": self.misses.iter().map(|m| json!({"article": m.article, "kind": m.kind, "what": m.what})).collect::<Vec<_>>(),
        })
    }

    /// A table for the terminal.
    pub fn table(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(out, "{} articles", self.articles);
        let _ = writeln!(
            out,
            "{:<12} {:>5} {:>6} {:>6} {:>10} {:>7} {:>6}",
            "kind", "gold", "found", "right", "precision", "recall", "F1"
        );
        let mut row = |name: &str, c: &Count| {
            let _ = writeln!(
                out,
                "{:<12} {:>5} {:>6} {:>6} {:>10.3} {:>7.3} {:>6.3}",
                name,
                c.gold,
                c.found,
                c.right,
                c.precision(),
                c.recall(),
                c.f1()
            );
        };
        row("entities", &self.entities);
        for (k, c) in &self.facts {
            row(k, c);
        }
        let _ = writeln!(
            out,
            "dates agree on {} of {} matched facts with a gold date; amounts on {} of {}",
            self.dates.0, self.dates.1, self.amounts.0, self.amounts.1
        );
        for m in &self.misses {
            let _ = writeln!(out, "{} {}: {}", m.kind, m.article, m.what);
        }
        out
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Scores extraction of every text in `texts` against its gold in `gold`.
pub fn evaluate(x: &Extractor, gold: &Path, texts: &Path) -> Result<Scores, ExtractError> {
    let err = |file: &Path, message: String| ExtractError::Eval {
        file: file.display().to_string(),
        message,
    };
    let mut golds: Vec<std::path::PathBuf> = std::fs::read_dir(gold)
        .map_err(|e| {
            err(
                gold,
                format!("{e}: give a directory of gold ID.json documents"),
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    golds.sort();
    if golds.is_empty() {
        return Err(err(gold, "no .json gold document here".into()));
    }
    let mut scores = Scores::default();
    for t in crate::model::FactType::ALL {
        scores.facts.insert(t.as_str(), Count::default());
    }
    for g in &golds {
        let stem = g.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let text_path = texts.join(format!("{stem}.txt"));
        let raw = std::fs::read_to_string(g).map_err(|e| err(g, e.to_string()))?;
        let gold_doc: Value =
            serde_json::from_str(&raw).map_err(|e| err(g, format!("not JSON: {e}")))?;
        serde_json::from_value::<crate::model::RawDocument>(gold_doc.clone())
            .map_err(|e| e.to_string())
            .and_then(|d| {
                d.check().map(|_| ()).map_err(|ps| {
                    ps.iter()
                        .map(|p| format!("{}: {}", p.path, p.message))
                        .collect::<Vec<_>>()
                        .join("; ")
                })
            })
            .map_err(|m| err(g, format!("the gold document is not valid: {m}")))?;
        let text = std::fs::read_to_string(&text_path).map_err(|e| {
            err(
                &text_path,
                format!("{e}: every gold document needs its text, {stem}.txt"),
            )
        })?;
        let name = text_path.display().to_string();
        let article_text = super::text::read(&name, &text)?;
        let a = &gold_doc["article"];
        let field = |k: &str| a[k].as_str().map(str::to_owned);
        let from_gold = Header {
            id: field("id"),
            title: field("title"),
            language: field("language"),
            published: field("published"),
            url: None,
            publisher: None,
        };
        let flags = from_gold.overridden_by(&article_text.header);
        let got = extract(&name, &article_text, &flags, x)?;
        score(x, stem, &gold_doc, &got.json, &mut scores);
        scores.articles += 1;
    }
    Ok(scores)
}

/// An entity's identity: the known entry one of its names stands for, or
/// else its type and first name, normalised.
fn identity(x: &Extractor, e: &Value) -> String {
    let ty = e["type"].as_str().unwrap_or_default();
    let names: Vec<&str> = e["name"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .chain(e["aliases"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    for n in &names {
        if let Some(t) = x.matcher.lookup(n) {
            return format!("{t:?}");
        }
        if ty == "person" {
            if let Some(t) = x.matcher.lookup(&normalize_person(n)) {
                return format!("{t:?}");
            }
        }
    }
    let first = names.first().copied().unwrap_or_default();
    let norm = if ty == "person" {
        normalize_person(first)
    } else {
        normalize(first)
    };
    format!("{ty}:{norm}")
}

/// A fact's signature over identities: what must match.
fn signature(f: &Value, who: &dyn Fn(&Value) -> String) -> (String, String) {
    let ty = f["type"].as_str().unwrap_or_default().to_owned();
    let set = |v: &Value| {
        let mut s: Vec<String> = v.as_array().into_iter().flatten().map(who).collect();
        s.sort();
        s.dedup();
        s.join(" + ")
    };
    let sig = match ty.as_str() {
        "role" => format!("{} @ {}", who(&f["person"]), who(&f["organization"])),
        "meeting" => set(&f["participants"]),
        "partnership" => format!(
            "{} ({})",
            set(&f["partners"]),
            f["stage"].as_str().unwrap_or_default()
        ),
        "funding" => format!("{} -> {}", who(&f["funder"]), who(&f["recipient"])),
        "launch" => format!("{} by {}", who(&f["initiative"]), set(&f["by"])),
        "beneficiary" => format!("{} serves {}", who(&f["of"]), who(&f["group"])),
        "aid" => format!("{} to {}", who(&f["provider"]), set(&f["places"])),
        _ => String::new(),
    };
    (ty, sig)
}

fn score(x: &Extractor, article: &str, gold: &Value, got: &Value, s: &mut Scores) {
    let ids = |doc: &Value| -> BTreeMap<String, String> {
        doc["entities"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                (
                    e["key"].as_str().unwrap_or_default().to_owned(),
                    identity(x, e),
                )
            })
            .collect()
    };
    let (gi, mut xi) = (ids(gold), ids(got));
    // An entity nothing known names is the gold's when they share a name
    // (a gold person named in two languages, the text in one).
    let all_names = |doc: &Value, key: &str| -> Vec<String> {
        doc["entities"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["key"] == key)
            .flat_map(|e| {
                let person = e["type"] == "person";
                e["name"]
                    .as_object()
                    .into_iter()
                    .flat_map(|m| m.values())
                    .chain(e["aliases"].as_array().into_iter().flatten())
                    .filter_map(Value::as_str)
                    .map(move |n| {
                        if person {
                            normalize_person(n)
                        } else {
                            normalize(n)
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    for (xk, xid) in xi.iter_mut() {
        if gi.values().any(|g| g == xid) || xid.starts_with("Gazetteer(") {
            continue;
        }
        let xn = all_names(got, xk);
        let ty = xid.split(':').next().unwrap_or_default();
        if let Some((_, gid)) = gi.iter().find(|(gk, gid)| {
            gid.starts_with(&format!("{ty}:")) && all_names(gold, gk).iter().any(|n| xn.contains(n))
        }) {
            *xid = gid.clone();
        }
    }
    let gset: std::collections::BTreeSet<&String> = gi.values().collect();
    let xset: std::collections::BTreeSet<&String> = xi.values().collect();
    s.entities.gold += gset.len();
    s.entities.found += xset.len();
    s.entities.right += gset.intersection(&xset).count();
    for e in gset.difference(&xset) {
        s.misses.push(Miss {
            article: article.into(),
            kind: "missed",
            what: format!("entity {e}"),
        });
    }
    for e in xset.difference(&gset) {
        s.misses.push(Miss {
            article: article.into(),
            kind: "spurious",
            what: format!("entity {e}"),
        });
    }
    let who_in = |map: &BTreeMap<String, String>| {
        let map = map.clone();
        move |v: &Value| {
            map.get(v.as_str().unwrap_or_default())
                .cloned()
                .unwrap_or_default()
        }
    };
    let (gw, xw) = (who_in(&gi), who_in(&xi));
    let facts = |doc: &Value, who: &dyn Fn(&Value) -> String| -> Vec<(String, String, Value)> {
        doc["facts"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| {
                let (t, sig) = signature(f, who);
                (t, sig, f.clone())
            })
            .collect()
    };
    let mut gold_facts = facts(gold, &gw);
    let got_facts = facts(got, &xw);
    for (t, _, _) in &gold_facts {
        if let Some(c) = s.facts.get_mut(t.as_str()) {
            c.gold += 1;
        }
    }
    for (t, sig, f) in got_facts {
        let Some(c) = s.facts.get_mut(t.as_str()) else {
            continue;
        };
        c.found += 1;
        match gold_facts
            .iter()
            .position(|(gt, gs, _)| *gt == t && *gs == sig)
        {
            Some(i) => {
                c.right += 1;
                let (_, _, g) = gold_facts.remove(i);
                if let Some(d) = g["date"].as_str() {
                    s.dates.1 += 1;
                    if f["date"].as_str() == Some(d) {
                        s.dates.0 += 1;
                    } else {
                        s.misses.push(Miss {
                            article: article.into(),
                            kind: "date",
                            what: format!("{t} {sig}: gold {d}, got {}", f["date"]),
                        });
                    }
                }
                if g.get("amount").is_some() {
                    s.amounts.1 += 1;
                    let same = g["amount"]["currency"] == f["amount"]["currency"]
                        && g["amount"]["value"].as_f64() == f["amount"]["value"].as_f64();
                    if same {
                        s.amounts.0 += 1;
                    } else {
                        s.misses.push(Miss {
                            article: article.into(),
                            kind: "amount",
                            what: format!("{t} {sig}: gold {}, got {}", g["amount"], f["amount"]),
                        });
                    }
                }
            }
            None => s.misses.push(Miss {
                article: article.into(),
                kind: "spurious",
                what: format!("{t} {sig}"),
            }),
        }
    }
    for (t, sig, _) in gold_facts {
        s.misses.push(Miss {
            article: article.into(),
            kind: "missed",
            what: format!("{t} {sig}"),
        });
    }
}
