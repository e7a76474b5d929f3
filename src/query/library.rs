//! The library of named queries (`queries/*.rq`), each with a header:
//!
//! ```text
//! # title: Partners of an organisation
//! # description: Organisations that share a partnership with ?org,
//! #   with the stage and the supporting article.
//! # param: org entity:organization  The organisation: a label, an alias or an IRI.
//! # param: top integer=20  How many rows to keep.
//! # empty: No partnership names ?org yet: ingest more articles.
//! ```
//!
//! A `param` line gives the variable name, its kind (optionally `=default`)
//! and a description. A parameter must be a projected variable of the
//! query (in its SELECT clause, and its GROUP BY if it groups): hpkg binds
//! it as an initial value, which oxigraph allows only for projected
//! variables. Kinds: `entity`, `entity:TYPE`, `string`, `integer`,
//! `decimal`, `date`, `iri`. An `empty` line is what `hpkg query` says
//! when the query returns no rows (how to fill what it reads). The shipped
//! library is built into the binary.

use super::QueryError;
use crate::model::EntityType;

include!(concat!(env!("OUT_DIR"), "/query_files.rs"));

/// How a parameter's value becomes a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    /// A label, alias or IRI of an entity (of one type, if given).
    Entity(Option<EntityType>),
    String,
    Integer,
    Decimal,
    Date,
    Iri,
    /// Undeclared (ad-hoc queries): IRI, entity, number or string.
    Any,
}

impl ParamKind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "entity" => Self::Entity(None),
            "string" => Self::String,
            "integer" => Self::Integer,
            "decimal" => Self::Decimal,
            "date" => Self::Date,
            "iri" => Self::Iri,
            other => {
                let t = other.strip_prefix("entity:")?;
                Self::Entity(Some(*EntityType::ALL.iter().find(|x| x.as_str() == t)?))
            }
        })
    }
    /// The kind as written in headers.
    pub fn as_str(&self) -> String {
        match self {
            Self::Entity(None) => "entity".into(),
            Self::Entity(Some(t)) => format!("entity:{}", t.as_str()),
            Self::String => "string".into(),
            Self::Integer => "integer".into(),
            Self::Decimal => "decimal".into(),
            Self::Date => "date".into(),
            Self::Iri => "iri".into(),
            Self::Any => "any".into(),
        }
    }
}

/// A declared parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    pub default: Option<String>,
    pub description: String,
}

/// A query with its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    pub name: String,
    pub title: String,
    pub description: String,
    pub params: Vec<Param>,
    /// What to tell the analyst when the query returns nothing.
    pub when_empty: Option<String>,
    pub text: String,
    /// True for `-e` text and files without a header: parameters are not
    /// declared, so any variable may be bound.
    pub ad_hoc: bool,
}

impl NamedQuery {
    /// Reads a query and its header. `path` names it in errors.
    pub fn parse(name: &str, path: &str, text: &str) -> Result<Self, QueryError> {
        let err = |line: usize, message: String| QueryError::Library {
            path: format!("{path}:{line}"),
            message,
        };
        let mut q = NamedQuery {
            name: name.to_owned(),
            title: String::new(),
            description: String::new(),
            params: Vec::new(),
            when_empty: None,
            text: text.to_owned(),
            ad_hoc: true,
        };
        let mut last: Option<&str> = None;
        for (i, line) in text.lines().enumerate() {
            let Some(rest) = line.strip_prefix('#') else {
                break;
            };
            if let Some(cont) = rest.strip_prefix("   ") {
                // Continuation of the previous field.
                let cont = cont.trim();
                match last {
                    Some("description") => {
                        q.description.push(' ');
                        q.description.push_str(cont);
                    }
                    Some("param") => {
                        let p = q.params.last_mut().unwrap();
                        p.description.push(' ');
                        p.description.push_str(cont);
                    }
                    Some("empty") => {
                        let e = q.when_empty.get_or_insert_with(String::new);
                        e.push(' ');
                        e.push_str(cont);
                    }
                    _ => {}
                }
                continue;
            }
            let Some((key, value)) = rest.trim().split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "title" => q.title = value.to_owned(),
                "description" => q.description = value.to_owned(),
                "empty" => q.when_empty = Some(value.to_owned()),
                "param" => {
                    let mut parts = value.splitn(3, char::is_whitespace);
                    let pname = parts.next().unwrap_or_default();
                    let kind_def = parts
                        .next()
                        .ok_or_else(|| err(i + 1, "a param line needs a name and a kind".into()))?;
                    let (kind, default) = match kind_def.split_once('=') {
                        Some((k, d)) => (k, Some(d.to_owned())),
                        None => (kind_def, None),
                    };
                    let kind = ParamKind::parse(kind).ok_or_else(|| {
                        err(i + 1, format!("unknown parameter kind {kind:?}: use entity, entity:TYPE, string, integer, decimal, date or iri"))
                    })?;
                    q.params.push(Param {
                        name: pname.to_owned(),
                        kind,
                        default,
                        description: parts.next().unwrap_or_default().trim().to_owned(),
                    });
                }
                _ => {
                    last = None;
                    continue;
                }
            }
            q.ad_hoc = false;
            last = Some(match key.trim() {
                "description" => "description",
                "param" => "param",
                "empty" => "empty",
                _ => "title",
            });
        }
        Ok(q)
    }

    /// Wraps ad-hoc text (from `-e` or a file without a header).
    pub fn ad_hoc(text: &str) -> Self {
        Self {
            name: "-e".into(),
            title: String::new(),
            description: String::new(),
            params: Vec::new(),
            when_empty: None,
            text: text.to_owned(),
            ad_hoc: true,
        }
    }
}

/// The shipped library, sorted by name.
pub fn builtin() -> Result<Vec<NamedQuery>, QueryError> {
    QUERY_FILES
        .iter()
        .map(|(file, text)| {
            let name = file.trim_end_matches(".rq");
            NamedQuery::parse(name, &format!("queries/{file}"), text)
        })
        .collect()
}

/// Finds a shipped query by name.
pub fn find(name: &str) -> Result<NamedQuery, QueryError> {
    let all = builtin()?;
    let names: Vec<String> = all.iter().map(|q| q.name.clone()).collect();
    all.into_iter()
        .find(|q| q.name == name)
        .ok_or_else(|| QueryError::UnknownQuery {
            name: name.to_owned(),
            available: names.join(", "),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_declares_title_description_and_params() {
        let q = NamedQuery::parse(
            "x",
            "x.rq",
            "# title: T\n# description: first\n#   second\n# param: org entity:organization  The org\n# param: top integer=5 How many\nSELECT * {}",
        )
        .unwrap();
        assert_eq!(q.title, "T");
        assert_eq!(q.description, "first second");
        assert_eq!(
            q.params[0].kind,
            ParamKind::Entity(Some(EntityType::Organization))
        );
        assert_eq!(q.params[1].default.as_deref(), Some("5"));
        assert!(!q.ad_hoc);
    }

    #[test]
    fn every_shipped_query_has_a_title_and_description_and_parses() {
        let all = builtin().unwrap();
        assert!(all.len() >= 12, "{} queries", all.len());
        for q in all {
            assert!(!q.title.is_empty(), "{} has no title", q.name);
            assert!(!q.description.is_empty(), "{} has no description", q.name);
            crate::store::parse_query(&q.text).unwrap_or_else(|e| panic!("{}: {e}", q.name));
            let select = q
                .text
                .lines()
                .find(|l| l.starts_with("SELECT"))
                .unwrap_or_default();
            for p in &q.params {
                let var = format!("?{}", p.name);
                assert!(
                    select.split_whitespace().any(|w| w == var),
                    "{}: parameter ?{} is not projected",
                    q.name,
                    p.name
                );
            }
        }
    }
}
