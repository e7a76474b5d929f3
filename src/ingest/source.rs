//! Reading input: files, directories, JSON Lines on stdin; and parsing each
//! document with a location for every problem.

use crate::model::locate::{self, line_col};
use crate::model::{Document, RawDocument};
use std::fmt;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File path as given, or `<stdin>`.
    pub file: String,
    /// Line of a JSON Lines input (1-based); `None` for a `.json` file.
    pub jsonl_line: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.jsonl_line {
            Some(l) => write!(f, "{}:{l}", self.file),
            None => write!(f, "{}", self.file),
        }
    }
}

/// A problem with an input, located as precisely as it can be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostic {
    pub file: String,
    /// Line in the file (for JSON Lines, the document's line).
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// JSON path of the bad value, when there is one.
    pub path: Option<String>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        if let Some(p) = &self.path {
            write!(f, ": at {p}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl Diagnostic {
    fn whole(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line: None,
            column: None,
            path: None,
            message: message.into(),
        }
    }
}

/// One document's text, or why it could not be read.
#[derive(Debug)]
pub struct Unit {
    pub origin: Origin,
    pub text: Result<String, Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Json,
    Jsonl,
}

/// An input file (or stdin) to read.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// `None` for stdin, unless it was spooled (see [`spool_stdin`]).
    path: Option<PathBuf>,
    kind: Kind,
    stdin: bool,
}

impl InputFile {
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) if !self.stdin => p.display().to_string(),
            _ => "<stdin>".to_owned(),
        }
    }
}

/// Copies stdin, if `files` reads it, into `spool` (a temporary file) that
/// is read in its place, so that a bulk load can read its input twice.
/// Problems are still reported as `<stdin>`. Keep the returned path alive
/// while the files are read: dropping it removes the copy.
pub fn spool_stdin(
    files: &mut [InputFile],
    spool: impl FnOnce() -> std::io::Result<tempfile::NamedTempFile>,
) -> std::io::Result<Option<tempfile::TempPath>> {
    let Some(f) = files.iter_mut().find(|f| f.stdin) else {
        return Ok(None);
    };
    let mut tmp = spool()?;
    std::io::copy(&mut std::io::stdin().lock(), &mut tmp)?;
    let path = tmp.into_temp_path();
    f.path = Some(path.to_path_buf());
    Ok(Some(path))
}

/// The files named by `paths`, in a stable order: each argument in turn,
/// directories walked recursively in file-name order. Problems (missing
/// paths, unreadable directories, link loops) come back as diagnostics.
///
/// Directories named `gazetteer` are skipped: they hold the reference list
/// built into hpkg, not articles.
pub fn discover(paths: &[PathBuf], skipped: &mut Vec<String>) -> (Vec<InputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            files.push(InputFile {
                path: None,
                kind: Kind::Jsonl,
                stdin: true,
            });
            continue;
        }
        let shown = p.display().to_string();
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                problems.push(Diagnostic::whole(&shown, format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.is_dir() {
            let walker = walkdir::WalkDir::new(p)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    !(e.depth() > 0 && e.file_type().is_dir() && e.file_name() == "gazetteer")
                });
            for entry in walker {
                match entry {
                    Ok(e) if !e.file_type().is_file() && !e.file_type().is_dir() => {
                        if kind_of(e.path()).is_some() {
                            problems.push(not_regular(&e.path().display().to_string()));
                        }
                    }
                    Ok(e) if e.file_type().is_file() => {
                        if let Some(kind) = kind_of(e.path()) {
                            files.push(InputFile {
                                path: Some(e.path().to_owned()),
                                kind,
                                stdin: false,
                            });
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let at = e.path().map_or(shown.clone(), |p| p.display().to_string());
                        let msg = if e.loop_ancestor().is_some() {
                            "directory link loop: this link points back to a directory above it; \
                             remove the link or name a directory inside it"
                                .to_owned()
                        } else {
                            format!("cannot read: {e}")
                        };
                        problems.push(Diagnostic::whole(&at, msg));
                    }
                }
            }
            let root = p.join("gazetteer");
            if root.is_dir() {
                skipped.push(root.display().to_string());
            }
        } else if !meta.is_file() {
            problems.push(not_regular(&shown));
        } else {
            match kind_of(p) {
                Some(kind) => files.push(InputFile {
                    path: Some(p.clone()),
                    kind,
                    stdin: false,
                }),
                None => problems.push(Diagnostic::whole(
                    &shown,
                    "not an article facts file: name it *.json (one document) or *.jsonl (one per line)",
                )),
            }
        }
    }
    (files, problems)
}

/// A socket, FIFO or device where an article file was expected: opening a
/// FIFO would wait for a writer forever, so none is opened.
fn not_regular(shown: &str) -> Diagnostic {
    Diagnostic::whole(
        shown,
        "cannot read: not a regular file (a socket, FIFO or device); name article files, \
         or `-` for standard input",
    )
}

fn kind_of(p: &Path) -> Option<Kind> {
    match p.extension()?.to_str()? {
        "json" => Some(Kind::Json),
        "jsonl" => Some(Kind::Jsonl),
        _ => None,
    }
}

/// Checks that bytes are UTF-8, without a BOM, and not empty.
fn decode(name: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default();
            let (line, column) = line_col(valid, valid.len());
            return Err(Diagnostic {
                file: name.to_owned(),
                line: Some(line),
                column: Some(column),
                path: None,
                message: not_utf8(e.as_bytes(), at),
            });
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::whole(
            name,
            "empty file: an article facts file holds one JSON object (*.json) or one per line (*.jsonl)",
        ));
    }
    Ok(text)
}

/// Why bytes are not UTF-8, for the byte at `at`; a UTF-16 byte-order mark
/// says so, as that is the usual cause (a file saved as "Unicode").
fn not_utf8(bytes: &[u8], at: usize) -> String {
    let utf16 = at == 0 && (bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]));
    if utf16 {
        "not UTF-8: this is UTF-16 (it starts with a UTF-16 byte-order mark): save the file as UTF-8"
            .to_owned()
    } else {
        format!(
            "not UTF-8 (invalid byte 0x{:02X}): save the file as UTF-8",
            bytes[at]
        )
    }
}

/// The largest document hpkg reads, in bytes: an article's facts take a few
/// kilobytes, so anything near this is not an article, and reading it
/// whole would let one input take the machine's memory.
pub const MAX_DOCUMENT_BYTES: usize = 16 << 20;

fn too_large(what: &str) -> String {
    format!(
        "{what} is larger than {} MB: an article facts document takes kilobytes; \
         check that this is the file you meant, or split it",
        MAX_DOCUMENT_BYTES >> 20
    )
}

/// Document units, read as they are asked for.
pub type Units = Box<dyn Iterator<Item = Unit>>;

/// Reads a file's document units. A JSON Lines file (or stdin) is read one
/// line at a time, so memory follows its longest line, not its size; a
/// line that is not UTF-8 is reported by its line, and the others are read.
pub fn read(file: &InputFile) -> Units {
    let name = file.name();
    let reader: std::io::Result<Box<dyn BufRead>> = match &file.path {
        Some(p) => std::fs::File::open(p)
            .map(|f| Box::new(std::io::BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>),
        None => Ok(Box::new(std::io::BufReader::new(std::io::stdin()))),
    };
    match reader {
        Ok(r) => stream(name, file.kind == Kind::Jsonl, r),
        Err(e) => Box::new(std::iter::once(Unit {
            origin: Origin {
                file: name.clone(),
                jsonl_line: None,
            },
            text: Err(Diagnostic::whole(&name, format!("cannot read: {e}"))),
        })),
    }
}

/// Splits input bytes named `name` into document units: the whole text, or
/// one unit per non-blank line for JSON Lines. Encoding problems and empty
/// input come back as a unit carrying its diagnostic.
pub fn units(name: &str, jsonl: bool, bytes: Vec<u8>) -> Units {
    stream(
        name.to_owned(),
        jsonl,
        Box::new(std::io::Cursor::new(bytes)),
    )
}

fn stream(name: String, jsonl: bool, reader: Box<dyn BufRead>) -> Units {
    let whole = Origin {
        file: name.clone(),
        jsonl_line: None,
    };
    if !jsonl {
        let mut bytes = Vec::new();
        let limit = MAX_DOCUMENT_BYTES as u64 + 1;
        let text = match reader.take(limit).read_to_end(&mut bytes) {
            Ok(n) if n as u64 == limit => Err(Diagnostic::whole(&name, too_large("the file"))),
            Ok(_) => decode(&name, bytes),
            Err(e) => Err(Diagnostic::whole(&name, format!("cannot read: {e}"))),
        };
        return Box::new(std::iter::once(Unit {
            origin: whole,
            text,
        }));
    }
    Box::new(JsonLines {
        name,
        reader,
        line: 0,
        any: false,
        done: false,
        buf: Vec::new(),
    })
}

/// What reading one line gave.
enum Line {
    /// This many bytes, the newline included (0 at the end of the input).
    Read(usize),
    /// A line longer than [`MAX_DOCUMENT_BYTES`], skipped to its end
    /// without being kept.
    TooLong,
}

/// Reads one line into `buf`, keeping at most [`MAX_DOCUMENT_BYTES`] of it.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<Line> {
    let mut too_long = false;
    let mut total = 0;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long && buf.len() + take > MAX_DOCUMENT_BYTES + 1 {
            too_long = true;
            buf.clear();
        }
        if !too_long {
            buf.extend_from_slice(&chunk[..take]);
        }
        total += take;
        reader.consume(take);
        if done {
            break;
        }
    }
    Ok(if too_long {
        Line::TooLong
    } else {
        Line::Read(total)
    })
}

/// The non-blank lines of a JSON Lines input, one unit each.
struct JsonLines {
    name: String,
    reader: Box<dyn BufRead>,
    /// Lines read so far.
    line: usize,
    /// Whether a non-blank line was seen (else the input is empty).
    any: bool,
    done: bool,
    buf: Vec<u8>,
}

impl Iterator for JsonLines {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        while !self.done {
            self.buf.clear();
            let at = |line: usize| Origin {
                file: self.name.clone(),
                jsonl_line: Some(line),
            };
            match read_line(&mut self.reader, &mut self.buf) {
                Ok(Line::TooLong) => {
                    self.line += 1;
                    self.any = true;
                    return Some(Unit {
                        origin: at(self.line),
                        text: Err(Diagnostic {
                            file: self.name.clone(),
                            line: Some(self.line),
                            column: None,
                            path: None,
                            message: too_large("this line"),
                        }),
                    });
                }
                Ok(Line::Read(0)) => {
                    self.done = true;
                    if !self.any {
                        return Some(Unit {
                            origin: Origin {
                                file: self.name.clone(),
                                jsonl_line: None,
                            },
                            text: Err(Diagnostic::whole(
                                &self.name,
                                "empty file: an article facts file holds one JSON object (*.json) or one per line (*.jsonl)",
                            )),
                        });
                    }
                }
                Ok(Line::Read(_)) => {
                    self.line += 1;
                    let mut bytes = &self.buf[..];
                    if self.line == 1 {
                        bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                    }
                    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
                    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
                    let text = match std::str::from_utf8(bytes) {
                        Ok(t) if t.trim().is_empty() => continue,
                        Ok(t) => Ok(t.to_owned()),
                        Err(e) => {
                            let valid =
                                std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
                            Err(Diagnostic {
                                file: self.name.clone(),
                                line: Some(self.line),
                                column: Some(valid.chars().count() + 1),
                                path: None,
                                message: not_utf8(bytes, e.valid_up_to()),
                            })
                        }
                    };
                    self.any = true;
                    return Some(Unit {
                        origin: at(self.line),
                        text,
                    });
                }
                Err(e) => {
                    self.done = true;
                    self.any = true;
                    return Some(Unit {
                        origin: at(self.line + 1),
                        text: Err(Diagnostic {
                            file: self.name.clone(),
                            line: Some(self.line + 1),
                            column: None,
                            path: None,
                            message: format!("cannot read: {e}"),
                        }),
                    });
                }
            }
        }
        None
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

/// Parses and checks one document.
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
        let text = include_str!("../../data/articles/krcs-isdb-gifr-visit.json")
            .replace("\"published\"", "\"publisehd\"");
        let d = parse(&origin(), &text).unwrap_err();
        assert_eq!(d[0].path.as_deref(), Some("$.article.publisehd"));
        assert!(d[0].message.contains("unknown field"));
    }

    #[test]
    fn a_bad_date_is_located() {
        let text = include_str!("../../data/articles/krcs-isdb-gifr-visit.json")
            .replace("2025-11-10", "2025-11-31");
        let d = parse(&origin(), &text).unwrap_err();
        assert!(d[0].message.contains("invalid date"), "{}", d[0]);
        assert_eq!(d[0].path.as_deref(), Some("$.facts[2].date"));
    }

    #[test]
    fn a_cross_field_problem_is_located_in_the_text() {
        let text = include_str!("../../data/articles/krcs-isdb-gifr-visit.json")
            .replace(r#""by": ["isdb"]"#, r#""by": ["nobody"]"#);
        let d = parse(&origin(), &text).unwrap_err();
        assert_eq!(d[0].path.as_deref(), Some("$.facts[3].by[0]"));
        let line = text.lines().position(|l| l.contains("nobody")).unwrap() + 1;
        assert_eq!(d[0].line, Some(line));
    }

    #[test]
    fn non_utf8_and_empty_input_are_rejected() {
        assert!(decode("f", vec![b'{', 0xff])
            .unwrap_err()
            .message
            .contains("not UTF-8"));
        assert!(decode("f", b"  \n".to_vec())
            .unwrap_err()
            .message
            .contains("empty file"));
        assert_eq!(decode("f", "\u{feff}{}".as_bytes().to_vec()).unwrap(), "{}");
    }
}
