//! Article text as `hpkg extract` reads it: an optional header of
//! `key: value` lines, a blank line, then the body.

use super::ExtractError;

/// The keys a header may give, in the order the contract lists them.
pub const HEADER_KEYS: [&str; 6] = ["id", "title", "language", "published", "url", "publisher"];

/// What the header (or the command line) says about the article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub id: Option<String>,
    pub title: Option<String>,
    pub language: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
}

impl Header {
    fn slot(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "id" => &mut self.id,
            "title" => &mut self.title,
            "language" => &mut self.language,
            "published" => &mut self.published,
            "url" => &mut self.url,
            "publisher" => &mut self.publisher,
            _ => return None,
        })
    }

    /// Values given in `flags` (the command line) win over this header's.
    pub fn overridden_by(self, flags: &Header) -> Header {
        let pick = |flag: &Option<String>, own: Option<String>| flag.clone().or(own);
        Header {
            id: pick(&flags.id, self.id),
            title: pick(&flags.title, self.title),
            language: pick(&flags.language, self.language),
            published: pick(&flags.published, self.published),
            url: pick(&flags.url, self.url),
            publisher: pick(&flags.publisher, self.publisher),
        }
    }
}

/// One article's text.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleText {
    pub header: Header,
    pub body: String,
    /// The line of the file where the body starts (1-based).
    pub body_line: usize,
}

/// A header line: a known key, a colon, a value.
fn header_line(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim();
    HEADER_KEYS.contains(&key).then_some((key, value.trim()))
}

/// Splits a text into its header and body. A text whose first line is not
/// a header line (`id: ...`, `title: ...`, ...) has no header.
///
/// ```
/// use hpkg::extract::text::read;
/// let t = read("a.txt", "id: syn-1\nlanguage: en\n\nThe body.\n").unwrap();
/// assert_eq!(t.header.id.as_deref(), Some("syn-1"));
/// assert_eq!(t.body, "The body.\n");
/// assert_eq!(t.body_line, 4);
/// ```
pub fn read(file: &str, text: &str) -> Result<ArticleText, ExtractError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut header = Header::default();
    let starts_with_header = text
        .lines()
        .next()
        .is_some_and(|l| header_line(l).is_some());
    if !starts_with_header {
        return Ok(ArticleText {
            header,
            body: text.to_owned(),
            body_line: 1,
        });
    }
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            return Ok(ArticleText {
                header,
                body: text[offset..].to_owned(),
                body_line: i + 2,
            });
        }
        let bad = |message: String| ExtractError::Header {
            file: file.to_owned(),
            line: i + 1,
            message,
        };
        let Some((key, value)) = header_line(content) else {
            return Err(bad(format!(
                "{content:?} is not a header line: the header takes `key: value` lines with the keys {}, and ends at a blank line",
                HEADER_KEYS.join(", ")
            )));
        };
        let slot = header.slot(key).expect("a header key");
        if slot.is_some() {
            return Err(bad(format!("`{key}` is given twice: keep one")));
        }
        if !value.is_empty() {
            *slot = Some(value.to_owned());
        }
    }
    Err(ExtractError::Header {
        file: file.to_owned(),
        line: text.lines().count(),
        message: "the header never ends: put a blank line between the header and the body".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_without_a_header_is_all_body() {
        let t = read("a.txt", "استقبلت جمعية الهلال الأحمر الكويتي وفدا\n").unwrap();
        assert_eq!(t.header, Header::default());
        assert_eq!(t.body_line, 1);
    }

    #[test]
    fn a_header_ends_at_the_first_blank_line_and_crlf_is_read() {
        let t = read(
            "a.txt",
            "\u{feff}id: syn-2\r\ntitle: A: title\r\n\r\nBody: with a colon\r\n",
        )
        .unwrap();
        assert_eq!(t.header.title.as_deref(), Some("A: title"));
        assert_eq!(t.body, "Body: with a colon\r\n");
        assert_eq!(t.body_line, 4);
    }

    #[test]
    fn a_bad_or_repeated_header_line_is_refused_with_its_line() {
        let e = read("a.txt", "id: a\nauthor: x\n\nbody").unwrap_err();
        assert!(e.to_string().contains("a.txt:2"), "{e}");
        assert!(e.to_string().contains("not a header line"), "{e}");
        let e = read("a.txt", "id: a\nid: b\n\nbody").unwrap_err();
        assert!(e.to_string().contains("given twice"), "{e}");
        let e = read("a.txt", "id: a\ntitle: b\n").unwrap_err();
        assert!(e.to_string().contains("never ends"), "{e}");
    }

    #[test]
    fn command_line_values_override_the_header() {
        let file = Header {
            id: Some("a".into()),
            title: Some("t".into()),
            ..Default::default()
        };
        let flags = Header {
            id: Some("b".into()),
            ..Default::default()
        };
        let h = file.overridden_by(&flags);
        assert_eq!(h.id.as_deref(), Some("b"));
        assert_eq!(h.title.as_deref(), Some("t"));
    }
}
