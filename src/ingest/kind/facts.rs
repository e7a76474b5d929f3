//! Article facts: one JSON object per document (`*.json`), or one per line
//! (`*.jsonl`, and stdin), as the spec `article-facts.md` defines them.

use super::{Framing, SourceKind};
use crate::ingest::source::{Diagnostic, Origin};
use crate::model::locate::{self, line_col};
use crate::model::{Document, RawDocument};

/// The article facts documents `extract` writes and editors check in.
#[derive(Debug)]
pub struct ArticleFacts;

impl SourceKind for ArticleFacts {
    fn framing(&self, extension: &str) -> Option<Framing> {
        match extension {
            "json" => Some(Framing::Whole),
            "jsonl" => Some(Framing::Lines),
            _ => None,
        }
    }

    fn naming(&self) -> &'static str {
        "an article facts file: name it *.json (one document) or *.jsonl (one per line)"
    }

    fn parse(&self, origin: &Origin, text: &str) -> Result<Document, Vec<Diagnostic>> {
        parse(origin, text)
    }
}

/// Strips serde_json's " at line L column C" suffix; the diagnostic carries
/// the position itself.
fn bare_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Parses and checks one article facts document, locating every problem.
pub fn parse(origin: &Origin, text: &str) -> Result<Document, Vec<Diagnostic>> {
    // serde would read a struct from an array too, and report its first
    // element as an unknown field: say plainly what the document must be.
    if let Some(found) = text.trim_start().chars().next().filter(|&c| c != '{') {
        let what = match found {
            '[' => "an array".to_owned(),
            'n' if text.trim() == "null" => "null".to_owned(),
            c => format!("{c:?}"),
        };
        let (line, column) = (origin.jsonl_line.unwrap_or(1), 1);
        return Err(vec![Diagnostic {
            file: origin.file.clone(),
            line: Some(line),
            column: Some(column),
            path: None,
            message: format!(
                "an article facts document is one JSON object ({{\"article\": …}}); found {what}"
            ),
        }]);
    }
    // For JSON Lines, the position is the document's line, and the column
    // within it.
    let place = |line: usize, column: usize| match origin.jsonl_line {
        Some(l) => (l, column),
        None => (line, column),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let syntax = |inner: &serde_json::Error, path: Option<String>| {
        let (line, column) = place(inner.line(), inner.column());
        vec![Diagnostic {
            file: origin.file.clone(),
            line: Some(line),
            column: Some(column),
            path,
            message: hint(bare_message(inner)),
        }]
    };
    crate::ingest::count_decode();
    let raw: RawDocument = match serde_path_to_error::deserialize(&mut de) {
        Ok(raw) => match de.end() {
            Ok(()) => raw,
            Err(e) => return Err(syntax(&e, None)),
        },
        Err(e) => {
            let inner = e.inner();
            let path = e.path().to_string();
            let path = if path == "." || path.is_empty() || inner.is_syntax() || inner.is_eof() {
                None
            } else {
                Some(format!("$.{path}"))
            };
            return Err(syntax(inner, path));
        }
    };
    raw.check().map_err(|problems| {
        problems
            .into_iter()
            .map(|p| {
                let at = locate::locate(text, &p.segments);
                let (l, c) = line_col(text, at);
                let (line, column) = place(l, c);
                Diagnostic {
                    file: origin.file.clone(),
                    line: Some(line),
                    column: Some(column),
                    path: Some(p.path),
                    message: p.message,
                }
            })
            .collect()
    })
}

/// Adds how to fix it to serde's terse messages.
fn hint(message: String) -> String {
    if message.starts_with("unknown field") {
        format!("{message}: remove or rename the field (unknown fields are errors so that a typo cannot drop data)")
    } else if message.starts_with("missing field") {
        format!("{message}: add it (see the article facts spec)")
    } else if message.starts_with("duplicate field") {
        format!("{message}: give each field once")
    } else if message.contains("hex escape") || message.contains("surrogate") {
        format!(
            "{message}: a \\uD800–\\uDBFF escape must be followed by a \\uDC00–\\uDFFF one \
             (a lone surrogate is not a character); fix the text's encoding"
        )
    } else if message.starts_with("recursion limit exceeded") {
        format!(
            "{message}: arrays or objects nested too deeply; an article facts document is shallow"
        )
    } else if message.starts_with("EOF while parsing") {
        format!("{message}: the document ends early; it was cut short, or a bracket or brace is missing")
    } else if message.starts_with("control character") {
        format!("{message}: a raw control character (a NUL byte, a tab, a line break) is inside a string; remove it or write it as an escape")
    } else if message.starts_with("number out of range") {
        format!("{message}: the number does not fit a 64-bit float; check its exponent")
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            file: "x.json".into(),
            jsonl_line: None,
        }
    }

    #[test]
    fn invalid_json_names_line_and_column() {
        let d = parse(&origin(), "{\n  \"article\": ,\n}").unwrap_err();
        assert_eq!(d[0].line, Some(2));
        assert!(d[0].to_string().starts_with("x.json:2:"), "{}", d[0]);
    }

    #[test]
    fn an_unknown_field_names_its_json_path() {
        let text = include_str!("../../../data/articles/krcs-isdb-gifr-visit.json")
            .replace("\"published\"", "\"publisehd\"");
        let d = parse(&origin(), &text).unwrap_err();
        assert_eq!(d[0].path.as_deref(), Some("$.article.publisehd"));
        assert!(d[0].message.contains("unknown field"));
    }

    #[test]
    fn a_bad_date_is_located() {
        let text = include_str!("../../../data/articles/krcs-isdb-gifr-visit.json")
            .replace("2025-11-10", "2025-11-31");
        let d = parse(&origin(), &text).unwrap_err();
        assert!(d[0].message.contains("invalid date"), "{}", d[0]);
        assert_eq!(d[0].path.as_deref(), Some("$.facts[2].date"));
    }

    #[test]
    fn a_cross_field_problem_is_located_in_the_text() {
        let text = include_str!("../../../data/articles/krcs-isdb-gifr-visit.json")
            .replace(r#""by": ["isdb"]"#, r#""by": ["nobody"]"#);
        let d = parse(&origin(), &text).unwrap_err();
        assert_eq!(d[0].path.as_deref(), Some("$.facts[3].by[0]"));
        let line = text.lines().position(|l| l.contains("nobody")).unwrap() + 1;
        assert_eq!(d[0].line, Some(line));
    }
}
