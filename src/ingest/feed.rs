//! The one way in: inputs (files, directories, stdin, request bodies, and
//! documents made in process) to checked documents, each read, parsed and
//! hashed once.
//!
//! `hpkg ingest` (both paths), `hpkg validate`, `hpkg extract --ingest` and
//! `POST /api/articles` all take their documents from a [`Feed`]; the
//! [`Ingester`](super::Ingester) takes them as they come out, parsed and
//! hashed, and decodes nothing again.

use super::kind::{self, Framing, SourceKind};
use super::source::{self, Diagnostic, InputFile, Origin, Unit};
use crate::model::Document;
use std::collections::BTreeMap;

/// A checked document's canonical JSON and content hash, computed once.
/// The ingester keeps the JSON of every stored article: a tenth of the
/// memory of the parsed [`Document`].
#[derive(Debug, Clone)]
pub struct Staged {
    pub(super) id: String,
    pub(super) hash: String,
    pub(super) json: Box<str>,
}

impl Staged {
    /// Serialises `doc` canonically and hashes that.
    pub fn new(doc: &Document) -> Self {
        let json = doc.canonical_json();
        Self {
            id: doc.article.id.as_str().to_owned(),
            hash: super::rdf::json_hash(&json),
            json: json.into_boxed_str(),
        }
    }

    /// The article's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// SHA-256 of the canonical JSON, hex.
    pub fn hash(&self) -> &str {
        &self.hash
    }
}

/// A document on its way in: where it came from, the checked document, and
/// its canonical form. What a [`Feed`] gives and the ingester takes.
#[derive(Debug, Clone)]
pub struct Checked {
    pub origin: Origin,
    pub doc: Document,
    pub staged: Staged,
}

impl Checked {
    /// Stages a checked document (serialises and hashes it).
    pub fn new(origin: Origin, doc: Document) -> Self {
        let staged = Staged::new(&doc);
        Self {
            origin,
            doc,
            staged,
        }
    }
}

impl From<Document> for Checked {
    /// A document made in process; its origin names the article.
    fn from(doc: Document) -> Self {
        let origin = Origin {
            file: format!("article {:?}", doc.article.id.as_str()),
            jsonl_line: None,
        };
        Self::new(origin, doc)
    }
}

/// A document of the input, or every problem that keeps it out.
pub type Accepted = Result<Checked, Vec<Diagnostic>>;

/// Reads units of input into checked documents, and checks that an
/// article id is given once per run: the same id with other content in
/// two inputs would otherwise silently replace the first.
#[derive(Default)]
pub struct Feed {
    /// Each id given so far: where first, and with what content hash.
    seen: BTreeMap<String, (Origin, String)>,
}

impl Feed {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses one unit of text as `kind`, stages it, and checks its id.
    pub fn accept(&mut self, kind: &dyn SourceKind, unit: Unit) -> Accepted {
        let doc = unit
            .text
            .map_err(|d| vec![d])
            .and_then(|text| kind.parse(&unit.origin, &text))?;
        let checked = Checked::new(unit.origin, doc);
        self.check_id(&checked).map_err(|d| vec![d])?;
        Ok(checked)
    }

    /// Every document of one file, read as it is asked for.
    pub fn read<'a>(&'a mut self, file: &InputFile) -> impl Iterator<Item = Accepted> + 'a {
        let kind = file.kind();
        source::read(file).map(move |u| self.accept(kind, u))
    }

    /// Every document of the files in turn, this feed's ids checked across
    /// them all.
    pub fn read_all(mut self, files: &[InputFile]) -> impl Iterator<Item = Accepted> + '_ {
        files
            .iter()
            .flat_map(|f| {
                let kind = f.kind();
                source::read(f).map(move |u| (kind, u))
            })
            .map(move |(kind, u)| self.accept(kind, u))
    }

    /// Every document of a request body named `name`, of the kind that
    /// reads bodies.
    pub fn body<'a>(
        &'a mut self,
        name: &str,
        framing: Framing,
        bytes: Vec<u8>,
    ) -> impl Iterator<Item = Accepted> + 'a {
        let kind = kind::default();
        source::units(name, framing == Framing::Lines, bytes).map(move |u| self.accept(kind, u))
    }

    fn check_id(&mut self, doc: &Checked) -> Result<(), Diagnostic> {
        let Staged { id, hash, .. } = &doc.staged;
        match self.seen.get(id) {
            Some((first, h)) if h != hash => Err(Diagnostic {
                file: doc.origin.file.clone(),
                line: doc.origin.jsonl_line,
                column: None,
                path: Some("$.article.id".into()),
                message: format!(
                    "article id {id:?} is also given, with other content, by {first}: \
                     ids are unique in a corpus; rename one or remove the older version"
                ),
            }),
            Some(_) => Ok(()),
            None => {
                self.seen
                    .insert(id.clone(), (doc.origin.clone(), hash.clone()));
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../data/articles/krcs-isdb-gifr-visit.json");

    fn lines(body: &str) -> Vec<Accepted> {
        Feed::new()
            .body("request", Framing::Lines, body.as_bytes().to_vec())
            .collect()
    }

    #[test]
    fn an_id_given_twice_with_other_content_is_rejected_where_it_comes_second() {
        let one = SEED.replace('\n', " ");
        let other = one.replace("\"stage\": \"discussed\"", "\"stage\": \"proposed\"");
        let got = lines(&format!("{one}\n{one}\n{other}\n"));
        assert!(got[0].is_ok() && got[1].is_ok());
        let d = got[2].as_ref().unwrap_err();
        assert_eq!(d[0].line, Some(3));
        assert!(d[0]
            .message
            .contains("also given, with other content, by request:1"));
    }

    #[test]
    fn a_checked_document_carries_its_canonical_json_and_hash() {
        let got = lines(&SEED.replace('\n', " "));
        let c = got[0].as_ref().unwrap();
        assert_eq!(&*c.staged.json, c.doc.canonical_json());
        assert_eq!(c.staged.hash, super::super::rdf::json_hash(&c.staged.json));
        assert_eq!(c.origin.to_string(), "request:1");
    }
}
