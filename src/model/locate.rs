//! Finds where a JSON path points in the source text, so that problems found
//! after parsing still name a line and column.
//!
//! serde_json keeps no positions once a value is read. Rather than carry
//! spans through every type, the few checks that run after parsing locate
//! their value again by walking the text along the path. The walk only runs
//! on the error path, and only on text that serde_json already accepted.

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Formats a path as `$.facts[2].partners[1]`.
pub fn path_string(segments: &[Segment]) -> String {
    let mut s = String::from("$");
    for seg in segments {
        match seg {
            Segment::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Segment::Index(i) => {
                s.push_str(&format!("[{i}]"));
            }
        }
    }
    s
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

struct Walker<'a> {
    b: &'a [u8],
    i: usize,
}

impl Walker<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }
    fn string(&mut self) -> Option<String> {
        // At an opening quote; returns the raw content and moves past it.
        self.i += 1;
        let start = self.i;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    let raw = std::str::from_utf8(&self.b[start..self.i]).ok()?;
                    self.i += 1;
                    return Some(serde_json::from_str(&format!("\"{raw}\"")).unwrap_or_default());
                }
                _ => self.i += 1,
            }
        }
        None
    }
    fn skip_value(&mut self) -> Option<()> {
        self.ws();
        match *self.b.get(self.i)? {
            b'"' => {
                self.string()?;
            }
            b'{' | b'[' => {
                let mut depth = 0usize;
                while self.i < self.b.len() {
                    match self.b[self.i] {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
                return None;
            }
            _ => {
                while self.i < self.b.len() && !matches!(self.b[self.i], b',' | b'}' | b']') {
                    self.i += 1;
                }
            }
        }
        Some(())
    }
    fn find(&mut self, seg: &Segment) -> Option<()> {
        self.ws();
        match (seg, *self.b.get(self.i)?) {
            (Segment::Key(k), b'{') => {
                self.i += 1;
                loop {
                    self.ws();
                    if *self.b.get(self.i)? != b'"' {
                        return None;
                    }
                    let name = self.string()?;
                    self.ws();
                    self.i += 1; // ':'
                    self.ws();
                    if &name == k {
                        return Some(());
                    }
                    self.skip_value()?;
                    self.ws();
                    if *self.b.get(self.i)? != b',' {
                        return None;
                    }
                    self.i += 1;
                }
            }
            (Segment::Index(n), b'[') => {
                self.i += 1;
                for _ in 0..*n {
                    self.skip_value()?;
                    self.ws();
                    if *self.b.get(self.i)? != b',' {
                        return None;
                    }
                    self.i += 1;
                }
                self.ws();
                Some(())
            }
            _ => None,
        }
    }
}

/// Byte offset of the value at `path` in `text`, or of the deepest part of
/// the path that exists.
pub fn locate(text: &str, path: &[Segment]) -> usize {
    let mut w = Walker {
        b: text.as_bytes(),
        i: 0,
    };
    let mut last = 0;
    w.ws();
    for seg in path {
        match w.find(seg) {
            Some(()) => last = w.i,
            None => break,
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_located_at_its_value() {
        let text = "{\n  \"a\": {\"b\": [1, \"x,]\", {\"c\": 3}]}\n}";
        let at = locate(
            text,
            &[
                Segment::Key("a".into()),
                Segment::Key("b".into()),
                Segment::Index(2),
                Segment::Key("c".into()),
            ],
        );
        assert_eq!(&text[at..at + 1], "3");
        assert_eq!(line_col(text, at), (2, 31));
    }

    #[test]
    fn a_missing_path_stops_at_its_deepest_existing_part() {
        let text = r#"{"a": [1]}"#;
        let at = locate(text, &[Segment::Key("a".into()), Segment::Index(5)]);
        assert_eq!(&text[at..at + 1], "[");
    }

    #[test]
    fn paths_print_in_jsonpath_style() {
        let p = [
            Segment::Key("facts".into()),
            Segment::Index(2),
            Segment::Key("by".into()),
        ];
        assert_eq!(path_string(&p), "$.facts[2].by");
    }
}
