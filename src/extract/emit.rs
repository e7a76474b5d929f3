//! Emission: the found entities and facts as contract JSON, and the
//! `--explain` report of what produced each.

use super::*;

pub(super) fn entity_json(
    x: &Extractor,
    language: &str,
    e: &EntityOut,
    new_names: &[String],
) -> Value {
    let first = &e.mentions[0];
    // The name as the text first writes it in full (not a short form or a
    // description).
    // The fullest name the text writes (not a short form or a
    // description); the first of the longest.
    let written = e
        .mentions
        .iter()
        .filter(|m| {
            !matches!(
                m.rule.as_str(),
                "person.short-form" | "name.definite-description"
            )
        })
        .fold(None::<&Found>, |best, m| match best {
            Some(b) if b.surface.chars().count() >= m.surface.chars().count() => Some(b),
            _ => Some(m),
        })
        .unwrap_or(first);
    let mut v = Map::new();
    v.insert("key".into(), json!(e.key));
    v.insert("type".into(), json!(first.ty));
    match e.who {
        Who::Known(Target::Gazetteer(i)) => {
            let g = &x.gazetteer.entries()[i];
            v.insert("name".into(), json!({language: written.surface}));
            // A name the gazetteer does not hold (a shared name resolved by
            // country) carries the gazetteer's, so identity links it.
            if x.matcher.lookup(&written.surface) != Some(Target::Gazetteer(i)) {
                let own = g
                    .name
                    .iter()
                    .find(|(l, _)| l.as_str() == language)
                    .or_else(|| g.name.iter().next())
                    .map(|(_, n)| n.to_string());
                if let Some(own) = own {
                    v.insert("aliases".into(), json!([own]));
                }
            }
            if let Some(c) = &g.country {
                v.insert("country".into(), json!(c.as_str()));
            }
        }
        Who::Known(Target::Place(i)) => {
            let p = &x.rules.places[i];
            let name = if language == "ar" { &p.ar } else { &p.en };
            v.insert("name".into(), json!({language: name}));
            v.insert("country".into(), json!(p.country));
        }
        Who::Known(Target::Group(i)) => {
            let g = &x.rules.groups[i];
            let name = if language == "ar" { &g.ar } else { &g.en };
            v.insert("name".into(), json!({language: name}));
            v.insert("category".into(), json!(g.category));
        }
        Who::Person(i) => {
            v.insert("name".into(), json!({language: new_names[i]}));
        }
    }
    Value::Object(v)
}

pub(super) fn fact_json(f: &facts::Found, language: &str, key: &dyn Fn(Who) -> String) -> Value {
    use facts::Fact::*;
    let keys = |v: &[Who]| -> Vec<String> { v.iter().map(|w| key(*w)).collect() };
    let mut v = match &f.fact {
        Role { person, org, title } => json!({"type": "role", "person": key(*person),
            "organization": key(*org), "title": {language: title}}),
        Meeting {
            participants,
            host,
            topics,
            place,
        } => {
            let mut m = json!({"type": "meeting", "participants": keys(participants)});
            if let Some(h) = host {
                m["host"] = json!(key(*h));
            }
            if !topics.is_empty() {
                m["topics"] = json!(keys(topics));
            }
            if let Some(p) = place {
                m["place"] = json!(key(*p));
            }
            m
        }
        Partnership {
            partners,
            stage,
            instrument,
            initiative,
            amount,
            signatories,
        } => {
            let mut m = json!({"type": "partnership", "partners": keys(partners), "stage": stage});
            if let Some(i) = instrument {
                m["instrument"] = json!(i);
            }
            if let Some(i) = initiative {
                m["initiative"] = json!(key(*i));
            }
            if let Some(a) = amount {
                m["amount"] = a.json();
            }
            if !signatories.is_empty() {
                m["signatories"] = json!(keys(signatories));
            }
            m
        }
        Funding {
            funder,
            recipient,
            amount,
        } => {
            let mut m =
                json!({"type": "funding", "funder": key(*funder), "recipient": key(*recipient)});
            if let Some(a) = amount {
                m["amount"] = a.json();
            }
            m
        }
        Launch {
            initiative,
            by,
            partners,
        } => {
            let mut m = json!({"type": "launch", "initiative": key(*initiative), "by": keys(by)});
            if !partners.is_empty() {
                m["partners"] = json!(keys(partners));
            }
            m
        }
        Beneficiary { of, group } => {
            json!({"type": "beneficiary", "of": key(*of), "group": key(*group)})
        }
        Aid {
            provider,
            group,
            places,
            amount,
        } => {
            let mut m = json!({"type": "aid", "provider": key(*provider), "places": keys(places)});
            if let Some(g) = group {
                m["group"] = json!(key(*g));
            }
            if let Some(a) = amount {
                m["amount"] = a.json();
            }
            m
        }
    };
    if let Some(d) = &f.date {
        v["date"] = json!(d);
    }
    let mut sentences: Vec<usize> = f.sentences.iter().map(|s| s + 1).collect();
    sentences.sort();
    sentences.dedup();
    let list: Vec<String> = sentences.iter().map(usize::to_string).collect();
    v["evidence"] = json!(format!(
        "hpkg extract, rule {}, sentence {}",
        f.rule,
        list.join(", ")
    ));
    v
}

/// The `--explain` report: for every entity and fact, the rule and the
/// text that produced it, with its line and column in the file.
#[allow(clippy::too_many_arguments)] // the article's parts, each read once
pub(super) fn explain(
    file: &str,
    text: &ArticleText,
    language: &str,
    tokens: &[Token],
    sentences: &[scan::Sentence],
    entities: &[EntityOut],
    facts: &[&facts::Found],
    key: &dyn Fn(Who) -> String,
) -> String {
    use std::fmt::Write;
    let body = &text.body;
    let at = |byte: usize| -> String {
        let (line, col) = crate::model::locate::line_col(body, byte);
        format!("{}:{col}", text.body_line + line - 1)
    };
    let span = |first: usize, end: usize| -> String {
        let (s, e) = (tokens[first].start, tokens[end - 1].end);
        format!("{file}:{} «{}»", at(s), &body[s..e])
    };
    let mut out = String::new();
    let _ = writeln!(out, "# {file}");
    for e in entities {
        let _ = writeln!(
            out,
            "entity {} {} {:?}",
            e.key, e.mentions[0].ty, e.mentions[0].surface
        );
        for m in &e.mentions {
            let _ = writeln!(out, "  {} at {}", m.rule, span(m.first, m.end));
        }
    }
    for (i, f) in facts.iter().enumerate() {
        let json = fact_json(f, language, key);
        let mut summary = json.as_object().cloned().unwrap_or_default();
        summary.remove("evidence");
        let _ = writeln!(out, "fact {} {}", i + 1, Value::Object(summary));
        let _ = writeln!(out, "  rule {}", f.rule);
        for &(a, b) in &f.cues {
            let _ = writeln!(out, "  cue at {}", span(a, b));
        }
        let mut ss = f.sentences.clone();
        ss.sort();
        ss.dedup();
        for s in ss {
            let _ = writeln!(
                out,
                "  sentence {} at {file}:{}",
                s + 1,
                at(sentences[s].start_byte)
            );
        }
    }
    out
}

pub(super) fn key_prefix(ty: &str) -> &'static str {
    match ty {
        "organization" => "o",
        "initiative" => "i",
        "person" => "p",
        "place" => "pl",
        _ => "g",
    }
}
