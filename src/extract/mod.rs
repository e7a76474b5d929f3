//! `hpkg extract`: from article text to an article facts document.
//!
//! Work in progress (issue 8). Done: reading the text and its header
//! (`text`), and finding the gazetteer's entries (organisations,
//! initiatives and the people it lists) in Arabic and English
//! (`entities`). Not yet: persons from news-style cues, places and groups,
//! the fact patterns, `--explain` and `--eval`. Every document it writes is
//! valid against the contract: what it cannot find it leaves out.

pub mod entities;
pub mod text;

use crate::model::{Document, RawDocument};
use crate::resolve::Gazetteer;
use entities::Matcher;
use serde_json::{json, Map, Value};
use text::{ArticleText, Header};

/// Errors of extraction.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("{file}:{line}: {message}")]
    Header {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: no `{field}`: give it in the header (`{field}: ...` before a blank line) or as --{field}")]
    Missing { file: String, field: &'static str },
    #[error("{file}: language {language:?} is not one hpkg extract reads: it reads ar and en")]
    Language { file: String, language: String },
    #[error("{file}: the document would not be valid: {problems}")]
    Invalid { file: String, problems: String },
}

/// A document extracted from one text, with what the reader should know.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The article facts document, checked against the contract.
    pub json: Value,
    pub document: Document,
    pub warnings: Vec<String>,
}

/// Extracts the article facts of one text. `flags` (from the command line)
/// override the text's header.
pub fn extract(
    file: &str,
    text: &ArticleText,
    flags: &Header,
    gazetteer: &Gazetteer,
    matcher: &Matcher,
) -> Result<Extracted, ExtractError> {
    let header = text.header.clone().overridden_by(flags);
    let required = |field: &'static str, v: &Option<String>| {
        v.clone().ok_or(ExtractError::Missing {
            file: file.to_owned(),
            field,
        })
    };
    let language = required("language", &header.language)?;
    if language != "ar" && language != "en" {
        return Err(ExtractError::Language {
            file: file.to_owned(),
            language,
        });
    }
    let mut article = Map::new();
    article.insert("id".into(), json!(required("id", &header.id)?));
    article.insert("title".into(), json!(required("title", &header.title)?));
    article.insert("language".into(), json!(language));
    article.insert(
        "published".into(),
        json!(required("published", &header.published)?),
    );
    for (key, value) in [("url", &header.url), ("publisher", &header.publisher)] {
        if let Some(v) = value {
            article.insert(key.into(), json!(v));
        }
    }

    // One entity per gazetteer entry, in order of first mention, named as
    // the text first names it.
    let mut entities: Vec<Value> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    for m in matcher.find(&text.body) {
        if seen.contains(&m.entry) {
            continue;
        }
        seen.push(m.entry);
        let entry = &gazetteer.entries()[m.entry];
        let key = format!("{}{}", key_prefix(entry.ty.as_str()), seen.len());
        entities.push(json!({
            "key": key,
            "type": entry.ty.as_str(),
            "name": {language.as_str(): m.surface},
        }));
    }
    let mut warnings = Vec::new();
    if entities.is_empty() {
        warnings.push(format!(
            "{file}: no entity of the gazetteer found; the document is valid but names nothing"
        ));
    }
    let json = json!({"article": article, "entities": entities, "facts": []});
    let document = serde_json::from_value::<RawDocument>(json.clone())
        .map_err(|e| e.to_string())
        .and_then(|raw| {
            raw.check().map_err(|problems| {
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.path, p.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        })
        .map_err(|problems| ExtractError::Invalid {
            file: file.to_owned(),
            problems,
        })?;
    Ok(Extracted {
        json,
        document,
        warnings,
    })
}

fn key_prefix(ty: &str) -> &'static str {
    match ty {
        "organization" => "o",
        "initiative" => "i",
        "person" => "p",
        "place" => "pl",
        _ => "g",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Extracted, ExtractError> {
        let g = Gazetteer::builtin().unwrap();
        let m = Matcher::new(&g);
        let t = text::read("a.txt", text).unwrap();
        extract("a.txt", &t, &Header::default(), &g, &m)
    }

    #[test]
    fn an_article_with_known_names_gives_a_valid_document() {
        let x = run("id: syn-x1\ntitle: t\nlanguage: ar\npublished: 2025-01-01\n\nاستقبلت جمعية الهلال الأحمر الكويتي وفدا من البنك الإسلامي للتنمية.\n").unwrap();
        assert_eq!(x.document.entities.len(), 2);
        assert_eq!(x.json["entities"][0]["key"], "o1");
        assert!(x.warnings.is_empty());
    }

    #[test]
    fn an_article_naming_nothing_known_is_valid_with_a_warning() {
        let x = run("id: syn-x2\ntitle: t\nlanguage: en\npublished: 2025-01-01\n\nThe crescent moon was seen.\n").unwrap();
        assert!(x.document.entities.is_empty());
        assert!(x.warnings[0].contains("names nothing"), "{:?}", x.warnings);
    }

    #[test]
    fn an_unsupported_language_or_a_missing_field_is_a_clear_error() {
        let e = run("id: syn-x3\ntitle: t\nlanguage: fr\npublished: 2025-01-01\n\nTexte.\n")
            .unwrap_err();
        assert!(e.to_string().contains("reads ar and en"), "{e}");
        let e = run("title: t\nlanguage: en\npublished: 2025-01-01\n\nText.\n").unwrap_err();
        assert!(e.to_string().contains("no `id`"), "{e}");
        let e = run("id: Bad Id\ntitle: t\nlanguage: en\npublished: 2025-01-01\n\nText.\n")
            .unwrap_err();
        assert!(
            e.to_string().contains("invalid article id \"Bad Id\""),
            "{e}"
        );
    }
}
