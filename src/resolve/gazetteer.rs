//! The gazetteer: the curated list of real organisations, initiatives and
//! people that article mentions resolve to.
//!
//! The shipped list (`data/gazetteer/*.json`) is built into the binary, so a
//! store's identities do not depend on the directory hpkg runs from.
//! `--gazetteer DIR` replaces it with another list.

use crate::model::{check_category, Country, EntityType, Iri, NameMap, Text};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Errors reading a gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    // The cause is in the text, so it is not also a `source()`.
    #[error("cannot read gazetteer file {path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: entry {id:?}: {message}")]
    Entry {
        file: String,
        id: String,
        message: String,
    },
    #[error("no gazetteer files (*.json) in {0}")]
    Empty(PathBuf),
}

/// One reference entity.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Our own stable slug; the entity's IRI is `.../id/{type}/{id}`.
    pub id: String,
    #[serde(rename = "type")]
    pub ty: EntityType,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub country: Option<Country>,
    pub name: NameMap,
    #[serde(default)]
    pub aliases: Vec<Text>,
    #[serde(default)]
    pub part_of: Option<String>,
    #[serde(default)]
    pub same_as: Vec<Iri>,
    /// Published pages where the names were checked.
    pub sources: Vec<Iri>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    entries: Vec<Entry>,
}

/// A checked gazetteer, entries sorted by id.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
}

include!(concat!(env!("OUT_DIR"), "/gazetteer_files.rs"));

impl Gazetteer {
    /// The gazetteer built into this binary from `data/gazetteer/`.
    pub fn builtin() -> Result<Self, GazetteerError> {
        Self::from_sources(
            GAZETTEER_FILES
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string())),
        )
    }

    /// Reads every `*.json` file of a directory.
    pub fn from_dir(dir: &Path) -> Result<Self, GazetteerError> {
        let io = |cause| GazetteerError::Io {
            path: dir.to_owned(),
            cause,
        };
        let mut files = Vec::new();
        for e in std::fs::read_dir(dir).map_err(io)? {
            let p = e.map_err(io)?.path();
            if p.extension().is_some_and(|x| x == "json") {
                let text = std::fs::read_to_string(&p).map_err(|cause| GazetteerError::Io {
                    path: p.clone(),
                    cause,
                })?;
                files.push((p.display().to_string(), text));
            }
        }
        if files.is_empty() {
            return Err(GazetteerError::Empty(dir.to_owned()));
        }
        files.sort();
        Self::from_sources(files)
    }

    /// Parses and checks named JSON texts.
    pub fn from_sources(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, GazetteerError> {
        let mut entries: Vec<(String, Entry)> = Vec::new();
        for (name, text) in files {
            let file: File = serde_json::from_str(&text).map_err(|e| GazetteerError::Parse {
                file: name.clone(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
            entries.extend(file.entries.into_iter().map(|e| (name.clone(), e)));
        }
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (file, e) in &entries {
            let bad = |message: String| GazetteerError::Entry {
                file: file.clone(),
                id: e.id.clone(),
                message,
            };
            if crate::model::Key::parse(&e.id).is_err() {
                return Err(bad("ids use a-z, 0-9, '_' or '-'".into()));
            }
            if let Some(other) = seen.insert(e.id.clone(), file.clone()) {
                return Err(bad(format!("id also used in {other}: ids are unique")));
            }
            if let Some(c) = &e.category {
                check_category(e.ty, c).map_err(bad)?;
            }
            if e.sources.is_empty() {
                return Err(bad(
                    "give at least one source where the names were checked".into()
                ));
            }
        }
        for (file, e) in &entries {
            if let Some(p) = &e.part_of {
                let parent = entries.iter().find(|(_, x)| &x.id == p);
                match parent {
                    Some((_, x))
                        if x.ty == EntityType::Organization && e.ty == EntityType::Organization => {
                    }
                    _ => {
                        return Err(GazetteerError::Entry {
                            file: file.clone(),
                            id: e.id.clone(),
                            message: format!(
                                "part_of {p:?} is not an organisation of the gazetteer"
                            ),
                        })
                    }
                }
            }
        }
        let mut entries: Vec<Entry> = entries.into_iter().map(|(_, e)| e).collect();
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Self { entries })
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// The IRI of an entry.
    pub fn iri(entry: &Entry) -> String {
        format!(
            "{}{}/{}",
            crate::model::vocab::ID,
            entry.ty.iri_segment(),
            entry.id
        )
    }

    /// A digest of the whole list; a store records it to notice a change.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for e in &self.entries {
            h.update(format!("{e:?}\n").as_bytes());
        }
        hex(&h.finalize())
    }
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(json: &str) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_sources([("t.json".to_string(), json.to_string())])
    }

    #[test]
    fn the_builtin_gazetteer_loads() {
        let g = Gazetteer::builtin().unwrap();
        assert!(g.entries().len() >= 60, "{} entries", g.entries().len());
    }

    #[test]
    fn a_part_of_must_name_an_organisation_of_the_list() {
        let e = one(
            r#"{"entries": [{"id": "a", "type": "organization", "name": {"en": "A"},
            "part_of": "b", "sources": ["https://example.org/"]}]}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("part_of \"b\""));
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let e = one(r#"{"entries": [
            {"id": "a", "type": "organization", "name": {"en": "A"}, "sources": ["https://example.org/"]},
            {"id": "a", "type": "organization", "name": {"en": "B"}, "sources": ["https://example.org/"]}]}"#)
        .unwrap_err();
        assert!(e.to_string().contains("unique"));
    }
}
