//! SPARQL syntax errors as a person reads them: the line and column, the
//! line itself with a caret under the fault, and one sentence. The parser
//! behind oxigraph reports `error at L:C: expected one of ...`, listing
//! every token it could have taken there, Unicode ranges included; that
//! list is turned into the one thing the analyst has to change.

use crate::model::vocab::{nearest, PREFIXES};

/// Keywords a SPARQL query or update may open with (after PREFIX/BASE).
const OPENERS: &[&str] = &[
    "SELECT",
    "CONSTRUCT",
    "ASK",
    "DESCRIBE",
    "PREFIX",
    "BASE",
    "INSERT",
    "DELETE",
    "WITH",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
];

/// The message for a syntax error of `text` that the parser reported as
/// `raw`. A report without a position is kept as it is.
pub(crate) fn explain(text: &str, raw: &str) -> String {
    let Some((line, column, expected)) = position(raw) else {
        return raw.to_owned();
    };
    let source = text.lines().nth(line - 1).unwrap_or("");
    if let Some((word_line, word_col, word)) = first_word(text) {
        if !OPENERS.iter().any(|o| o.eq_ignore_ascii_case(word)) {
            let hint = nearest(word, OPENERS.iter().copied())
                .map(|o| format!(" (did you mean {o}?)"))
                .unwrap_or_default();
            return located(
                text,
                word_line,
                word_col,
                &format!(
                    "a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX lines), \
                     not {word:?}{hint}"
                ),
            );
        }
    }
    if expected.contains("Prefix not found") {
        if let Some((col, prefix)) = prefix_before(source, column) {
            let known: Vec<String> = PREFIXES.iter().map(|(p, _)| format!("{p}:")).collect();
            let hint = nearest(prefix, PREFIXES.iter().map(|(p, _)| *p))
                .map(|p| format!("did you mean {p}:? "))
                .unwrap_or_default();
            return located(
                text,
                line,
                col,
                &format!(
                    "unknown prefix {prefix}: {hint}(hpkg predeclares {}; declare another with \
                     PREFIX {prefix}: <IRI>)",
                    known.join(" ")
                ),
            );
        }
    }
    if let Some((l, c, message)) = unbalanced(text) {
        return located(text, l, c, &message);
    }
    let found = token_at(source, column);
    // The parser may stand just past the '}' that cut the pattern short.
    let before: Option<char> = source
        .chars()
        .take(column.saturating_sub(1))
        .filter(|c| !c.is_whitespace())
        .last();
    let at_brace = found == "\"}\"" || (found == "end of the line" && before == Some('}'));
    if expected.contains("LATERAL") && expected.contains("SERVICE") && at_brace {
        return located(
            text,
            line,
            column,
            "a triple pattern ends too early: each needs a subject, a predicate and an object \
             (patterns are separated by '.')",
        );
    }
    let sentence = match summary(expected) {
        Some(what) => format!("unexpected {found}; expected {what} here"),
        None => format!("unexpected {found} here"),
    };
    located(text, line, column, &sentence)
}

/// The first bracket that is never closed, or the first closing one with
/// no opener, outside strings, IRIs and comments: (line, column, message).
fn unbalanced(text: &str) -> Option<(usize, usize, String)> {
    let mut open: Vec<(char, usize, usize)> = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut in_iri = false;
        for (j, c) in l.chars().enumerate() {
            let (line, col) = (i + 1, j + 1);
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '<') => in_iri = true,
                (None, '>') => in_iri = false,
                (None, _) if in_iri && !c.is_whitespace() => {}
                (None, '#') => break,
                (None, '{' | '(' | '[') => open.push((c, line, col)),
                (None, '}' | ')' | ']') => {
                    let want = match c {
                        '}' => '{',
                        ')' => '(',
                        _ => '[',
                    };
                    match open.pop() {
                        Some((o, _, _)) if o == want => {}
                        Some((o, ol, oc)) => {
                            return Some((
                                line,
                                col,
                                format!("{c:?} closes the {o:?} opened at line {ol}, column {oc}, which needs its own closing bracket first"),
                            ))
                        }
                        None => return Some((line, col, format!("{c:?} closes nothing: remove it, or open it earlier"))),
                    }
                }
                _ => {}
            }
            if c.is_whitespace() {
                in_iri = false;
            }
        }
    }
    open.pop().map(|(o, l, c)| {
        let close = match o {
            '{' => '}',
            '(' => ')',
            _ => ']',
        };
        (
            l,
            c,
            format!("{o:?} is never closed: add {close:?} where it ends"),
        )
    })
}

/// `error at L:C: expected ...` → (L, C, what follows "expected").
fn position(raw: &str) -> Option<(usize, usize, &str)> {
    let rest = raw.split_once("error at ")?.1;
    let (pos, expected) = rest.split_once(": ")?;
    let (l, c) = pos.split_once(':')?;
    let expected = expected.strip_prefix("expected ").unwrap_or(expected);
    Some((l.trim().parse().ok()?, c.trim().parse().ok()?, expected))
}

/// The message with its position, the line and a caret under `column`
/// (1-based, in characters).
fn located(text: &str, line: usize, column: usize, sentence: &str) -> String {
    let source = text.lines().nth(line - 1).unwrap_or("");
    let gutter = line.to_string();
    let pad: String = source
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!(
        "at line {line}, column {column}: {sentence}\n  {gutter} | {source}\n  {} | {pad}^",
        " ".repeat(gutter.len())
    )
}

/// The first word of the query after comments and PREFIX/BASE lines:
/// (line, column, word).
fn first_word(text: &str) -> Option<(usize, usize, &str)> {
    for (i, l) in text.lines().enumerate() {
        let code = l.split('#').next().unwrap_or("");
        let trimmed = code.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        let word = trimmed
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if word.is_empty() {
            return None;
        }
        // One declaration a line, as hpkg's queries write them.
        if word.eq_ignore_ascii_case("PREFIX") || word.eq_ignore_ascii_case("BASE") {
            continue;
        }
        let col = code[..code.len() - trimmed.len()].chars().count() + 1;
        return Some((i + 1, col, word));
    }
    None
}

/// The prefixed name that ends just before `column`: its start column and
/// its prefix.
fn prefix_before(source: &str, column: usize) -> Option<(usize, &str)> {
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let end = column.saturating_sub(1).min(chars.len());
    let name_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '%');
    let mut start = end;
    while start > 0 && name_char(chars[start - 1].1) {
        start -= 1;
    }
    let from = chars.get(start)?.0;
    let to = chars.get(end).map_or(source.len(), |c| c.0);
    let (prefix, _) = source[from..to].split_once(':')?;
    Some((start + 1, prefix))
}

/// What stands at `column`: a quoted token or "the end of the query".
fn token_at(source: &str, column: usize) -> String {
    let rest: String = source.chars().skip(column.saturating_sub(1)).collect();
    let rest = rest.trim_start();
    if rest.is_empty() {
        return "end of the line".to_owned();
    }
    let first = rest.chars().next().unwrap();
    let token: String = if first.is_alphanumeric() || first == '?' || first == '$' {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '?' | '$' | '_' | ':' | '-'))
            .take(30)
            .collect()
    } else {
        first.to_string()
    };
    format!("{token:?}")
}

/// The parser's list of expected tokens as a phrase, or `None` when it
/// says nothing a person could act on.
fn summary(expected: &str) -> Option<String> {
    const FUNCTIONS: &[&str] = &["ABS", "STRSTARTS", "isLITERAL"];
    if FUNCTIONS.iter().all(|f| expected.contains(f)) {
        return Some("an expression (a variable, a value or a function call)".to_owned());
    }
    if expected.contains("\\u{") || expected.contains("..=") {
        return None;
    }
    let items: Vec<&str> = expected
        .trim_start_matches("one of ")
        .split(", ")
        .map(|s| s.trim())
        // Character classes ([_], ['0' ..= '9']) say nothing to a person.
        .filter(|s| !s.is_empty() && !s.starts_with('['))
        .collect();
    match items.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        many if many.len() <= 5 => {
            let (last, rest) = many.split_last().unwrap();
            Some(format!("{} or {last}", rest.join(", ")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    fn error_of(text: &str) -> String {
        match crate::store::parse_query(text) {
            Err(crate::store::StoreError::Syntax(m)) => m,
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn an_unknown_prefix_is_named_with_the_nearest_known_one() {
        let m = error_of("SELECT ?x WHERE { ?x a hpd:Organization }");
        assert!(
            m.starts_with("at line 1, column 24: unknown prefix hpd: did you mean hp:?"),
            "{m}"
        );
        assert!(m.ends_with("\n    |                        ^"), "{m}");
        assert!(!m.contains("\\u{"), "{m}");
    }

    #[test]
    fn a_misspelt_query_form_is_named_at_the_start() {
        let m = error_of("PREFIX ex: <http://example.org/>\nSELEC ?x WHERE { ?x ?p ?o }");
        assert!(
            m.starts_with("at line 2, column 1: a query starts with SELECT"),
            "{m}"
        );
        assert!(m.contains("(did you mean SELECT?)"), "{m}");
    }

    #[test]
    fn an_unclosed_brace_is_shown_where_it_opens() {
        let m = error_of("SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x != <http://a/{b}>)");
        assert!(
            m.starts_with("at line 1, column 17: '{' is never closed"),
            "{m}"
        );
    }

    #[test]
    fn a_missing_expression_says_what_belongs_there() {
        let m = error_of("SELECT ?x WHERE { ?x ?p ?o FILTER(?x = ) }");
        // The parser places this one at the end of the text.
        let what = "; expected an expression (a variable, a value or a function call)";
        assert!(m.contains(what), "{m}");
        assert_eq!(m.lines().count(), 3, "{m}");
    }
}
