//! Kinds of source: which files a kind claims, how each splits into units
//! of text, and how one unit reads into a checked [`Document`].
//!
//! Everything after that is shared. A kind turns its input into documents
//! of the article facts contract, and the [`Feed`](super::Feed), identity
//! resolution, the RDF mapping and the store writes take them from there,
//! whatever the kind. Adding a kind is one module here and one line in
//! [`KINDS`] (ARCHITECTURE.md, "How to add a source kind").

pub mod facts;

use super::source::{Diagnostic, Origin};
use crate::model::Document;

/// How a file splits into units of text, each parsed on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// The whole file is one unit.
    Whole,
    /// Each non-blank line is one unit, read as it comes (so memory
    /// follows the longest line, not the file).
    Lines,
}

/// One kind of source.
pub trait SourceKind: Sync + std::fmt::Debug {
    /// How a file named `*.{extension}` is framed, if it is of this kind.
    fn framing(&self, extension: &str) -> Option<Framing>;

    /// What a file of this kind is named, completing "not …" for a file
    /// that no kind claims.
    fn naming(&self) -> &'static str;

    /// Parses and checks one unit of text into a document, or says, with
    /// their places, every problem that keeps it out.
    fn parse(&self, origin: &Origin, text: &str) -> Result<Document, Vec<Diagnostic>>;
}

/// Every kind hpkg reads. A file goes to the first kind that claims its
/// extension; the first kind also reads stdin (`-`, framed by lines) and
/// `POST /api/articles` bodies.
pub static KINDS: &[&dyn SourceKind] = &[&facts::ArticleFacts];

/// The kind that reads stdin and request bodies.
pub fn default() -> &'static dyn SourceKind {
    KINDS[0]
}

/// The kind claiming files named `*.{extension}`, and their framing.
pub fn by_extension(extension: &str) -> Option<(&'static dyn SourceKind, Framing)> {
    KINDS.iter().find_map(|k| Some((*k, k.framing(extension)?)))
}

/// Why a file no kind claims is not read.
pub fn unclaimed() -> String {
    let names: Vec<&str> = KINDS.iter().map(|k| k.naming()).collect();
    format!("not {}", names.join(", nor "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_goes_to_the_kind_claiming_its_extension() {
        let (kind, framing) = by_extension("jsonl").unwrap();
        assert_eq!(framing, Framing::Lines);
        assert_eq!(kind.naming(), facts::ArticleFacts.naming());
        assert!(by_extension("txt").is_none());
        assert_eq!(
            unclaimed(),
            "not an article facts file: name it *.json (one document) or *.jsonl (one per line)"
        );
    }
}
