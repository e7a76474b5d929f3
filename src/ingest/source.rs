//! Reading input: files, directories, JSON Lines on stdin, request bodies,
//! split into units of text (a whole file, or one line). Which
//! [`SourceKind`] reads a file, and so how it is framed and parsed, comes
//! from its name (see [`super::kind`]).

pub use super::kind::facts::parse;
use super::kind::{self, Framing, SourceKind};
use crate::model::locate::line_col;
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

/// An input file (or stdin) to read.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// `None` for stdin, unless it was spooled (see [`spool_stdin`]).
    path: Option<PathBuf>,
    framing: Framing,
    kind: &'static dyn SourceKind,
    stdin: bool,
}

impl InputFile {
    /// The kind of source the file holds, which parses its units.
    pub fn kind(&self) -> &'static dyn SourceKind {
        self.kind
    }

    /// The file's name as given, or `<stdin>`.
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
                framing: Framing::Lines,
                kind: kind::default(),
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
                        if let Some((kind, framing)) = kind_of(e.path()) {
                            files.push(InputFile {
                                path: Some(e.path().to_owned()),
                                framing,
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
                Some((kind, framing)) => files.push(InputFile {
                    path: Some(p.clone()),
                    framing,
                    kind,
                    stdin: false,
                }),
                None => problems.push(Diagnostic::whole(&shown, kind::unclaimed())),
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

fn kind_of(p: &Path) -> Option<(&'static dyn SourceKind, Framing)> {
    kind::by_extension(p.extension()?.to_str()?)
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
        Ok(r) => stream(name, file.framing == Framing::Lines, r),
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

#[cfg(test)]
mod tests {
    use super::*;

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
