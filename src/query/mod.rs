//! Queries: the library of named queries, safe parameters, stats, and the
//! readable table.
//!
//! Parameters are bound as RDF terms into the parsed query (the store does
//! the substitution), never spliced into the query text, so a value cannot
//! change the query's shape.

pub mod library;
pub mod table;

use crate::model::vocab::{self, hp, RDFS, SKOS};
use crate::model::EntityType;
use crate::resolve::normalize::{normalize, normalize_person};
use crate::store::{QueryOutput, SparqlRequest, Store, StoreError};
pub use library::{NamedQuery, Param, ParamKind};
use oxrdf::{Literal, NamedNode, Term};
use std::collections::{BTreeMap, BTreeSet};

/// Errors of the query layer.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no named query {name:?}: `hpkg queries` lists them ({available})")]
    UnknownQuery { name: String, available: String },
    #[error(
        "bad --param {0:?}: write NAME=VALUE, such as --param org=\"Kuwait Red Crescent Society\""
    )]
    BadParam(String),
    #[error("query {query:?} needs --param {name}=...: {description}")]
    MissingParam {
        query: String,
        name: String,
        description: String,
    },
    #[error("query {query:?} has no parameter {name:?}; it takes: {takes}")]
    UnexpectedParam {
        query: String,
        name: String,
        takes: String,
    },
    #[error("{name}={value:?} names no {kind} in the store{suggest}")]
    NoSuchEntity {
        name: String,
        value: String,
        kind: String,
        suggest: String,
    },
    #[error("{name}={value:?} is ambiguous; it names {}:\n{}\nuse one of these IRIs instead", .candidates.len(), candidates.iter().map(|(i, l)| format!("  <{i}>  {l}")).collect::<Vec<_>>().join("\n"))]
    Ambiguous {
        name: String,
        value: String,
        candidates: Vec<(String, String)>,
    },
    #[error("--param {name}={value:?}: {message}")]
    BadValue {
        name: String,
        value: String,
        message: String,
    },
    #[error("{path}: {message}")]
    Library { path: String, message: String },
}

/// An entity the store can name: its IRI, type and labels.
#[derive(Debug, Clone)]
struct Named {
    ty: EntityType,
    labels: BTreeSet<String>,
}

/// Looks entities up by label, alias or IRI, through the identity
/// normaliser.
pub struct EntityIndex {
    entities: BTreeMap<String, Named>,
}

impl EntityIndex {
    /// Reads every typed entity's labels and aliases from the store.
    pub fn load(store: &Store) -> Result<Self, QueryError> {
        let q = format!(
            "SELECT DISTINCT ?e ?t ?l WHERE {{ ?e a ?t ; <{RDFS}label>|<{SKOS}altLabel> ?l .
               VALUES ?t {{ {} }} }}",
            EntityType::ALL
                .iter()
                .map(|t| format!("<{}>", hp(t.class())))
                .collect::<Vec<_>>()
                .join(" ")
        );
        let out = store.query(&SparqlRequest {
            query: q,
            ..Default::default()
        })?;
        let mut entities: BTreeMap<String, Named> = BTreeMap::new();
        if let QueryOutput::Solutions { rows, .. } = out {
            for row in rows {
                if let (
                    Some(Term::NamedNode(e)),
                    Some(Term::NamedNode(t)),
                    Some(Term::Literal(l)),
                ) = (&row[0], &row[1], &row[2])
                {
                    let Some(ty) = EntityType::ALL.iter().find(|x| hp(x.class()) == t.as_str())
                    else {
                        continue;
                    };
                    entities
                        .entry(e.as_str().to_owned())
                        .or_insert_with(|| Named {
                            ty: *ty,
                            labels: BTreeSet::new(),
                        })
                        .labels
                        .insert(l.value().to_owned());
                }
            }
        }
        Ok(Self { entities })
    }

    /// An index over entities already read, as (IRI, type, labels and
    /// aliases): the analytics build it from their `Corpus`. An entity
    /// without a name cannot be looked up and is left out, as
    /// [`EntityIndex::load`] leaves it out.
    pub fn from_names<'a, L: IntoIterator<Item = &'a str>>(
        names: impl IntoIterator<Item = (&'a str, EntityType, L)>,
    ) -> Self {
        let entities = names
            .into_iter()
            .filter_map(|(iri, ty, labels)| {
                let labels: BTreeSet<String> = labels.into_iter().map(str::to_owned).collect();
                (!labels.is_empty()).then(|| (iri.to_owned(), Named { ty, labels }))
            })
            .collect();
        Self { entities }
    }

    /// Entities of the type (any type when `None`) with a name matching
    /// `value` after normalisation, as (IRI, display label).
    pub fn lookup(&self, value: &str, ty: Option<EntityType>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (iri, n) in &self.entities {
            if ty.is_some_and(|t| t != n.ty) {
                continue;
            }
            let want = if n.ty == EntityType::Person {
                normalize_person(value)
            } else {
                normalize(value)
            };
            let hit = n.labels.iter().any(|l| {
                let got = if n.ty == EntityType::Person {
                    normalize_person(l)
                } else {
                    normalize(l)
                };
                got == want
            });
            if hit && !want.is_empty() {
                out.push((iri.clone(), self.display(iri)));
            }
        }
        out
    }

    /// Resolves a name (label or alias, either language) or IRI to one
    /// entity; `what` names the value in errors (a parameter, FROM, ...).
    pub fn resolve(
        &self,
        what: &str,
        value: &str,
        ty: Option<EntityType>,
    ) -> Result<String, QueryError> {
        if looks_like_iri(value) {
            return Ok(strip_angles(value).to_owned());
        }
        let found = self.lookup(value, ty);
        match found.len() {
            1 => Ok(found[0].0.clone()),
            0 => {
                let s = self.suggestions(value, ty);
                Err(QueryError::NoSuchEntity {
                    name: what.to_owned(),
                    value: value.to_owned(),
                    kind: ty.map_or("entity".to_owned(), |t| t.as_str().to_owned()),
                    suggest: if s.is_empty() {
                        ": check the spelling, or give the entity's IRI".to_owned()
                    } else {
                        format!("; close matches: {}", s.join(", "))
                    },
                })
            }
            _ => Err(QueryError::Ambiguous {
                name: what.to_owned(),
                value: value.to_owned(),
                candidates: found,
            }),
        }
    }

    /// Near misses: names that contain the value, for "did you mean".
    fn suggestions(&self, value: &str, ty: Option<EntityType>) -> Vec<String> {
        let want = normalize(value);
        if want.is_empty() {
            return Vec::new();
        }
        // Names that contain the value, else names within a few edits.
        let mut contains = BTreeSet::new();
        let mut close: Vec<(usize, String)> = Vec::new();
        let budget = 2.max(want.chars().count() / 5);
        for n in self.entities.values() {
            if ty.is_some_and(|t| t != n.ty) {
                continue;
            }
            for l in &n.labels {
                let got = normalize(l);
                if got.contains(&want) {
                    contains.insert(l.clone());
                } else {
                    let d = crate::model::vocab::edit_distance(&got, &want);
                    if d <= budget {
                        close.push((d, l.clone()));
                    }
                }
            }
        }
        if !contains.is_empty() {
            return contains.into_iter().take(8).collect();
        }
        close.sort();
        close.dedup();
        close.into_iter().map(|(_, l)| l).take(8).collect()
    }

    /// All labels of an entity, joined, for messages.
    pub fn display(&self, iri: &str) -> String {
        self.entities
            .get(iri)
            .map(|n| n.labels.iter().cloned().collect::<Vec<_>>().join(" | "))
            .unwrap_or_default()
    }

    /// Whether the store knows this IRI as an entity.
    pub fn contains(&self, iri: &str) -> bool {
        self.entities.contains_key(iri)
    }
}

fn strip_angles(v: &str) -> &str {
    v.strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(v)
}

fn looks_like_iri(v: &str) -> bool {
    let v = strip_angles(v);
    v.starts_with("http://") || v.starts_with("https://") || v.starts_with("urn:")
}

/// Turns `--param` values into terms, using the query's declared kinds;
/// undeclared parameters of ad-hoc queries are read as an IRI, an entity
/// name, a number or a string, in that order.
pub fn bind_params(
    query: &NamedQuery,
    given: &[(String, String)],
    index: &mut Option<EntityIndex>,
    store: &Store,
) -> Result<Vec<(String, Term)>, QueryError> {
    let mut out = Vec::new();
    let declared = !query.ad_hoc;
    for (name, value) in given {
        let kind = match query.params.iter().find(|p| &p.name == name) {
            Some(p) => p.kind.clone(),
            None if declared => {
                return Err(QueryError::UnexpectedParam {
                    query: query.name.clone(),
                    name: name.clone(),
                    takes: query
                        .params
                        .iter()
                        .map(|p| p.name.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
            }
            None => ParamKind::Any,
        };
        out.push((name.clone(), bind_one(name, value, &kind, index, store)?));
    }
    for p in &query.params {
        if given.iter().any(|(n, _)| n == &p.name) {
            continue;
        }
        match &p.default {
            Some(d) => out.push((p.name.clone(), bind_one(&p.name, d, &p.kind, index, store)?)),
            None => {
                return Err(QueryError::MissingParam {
                    query: query.name.clone(),
                    name: p.name.clone(),
                    description: p.description.clone(),
                })
            }
        }
    }
    Ok(out)
}

fn bind_one(
    name: &str,
    value: &str,
    kind: &ParamKind,
    index: &mut Option<EntityIndex>,
    store: &Store,
) -> Result<Term, QueryError> {
    let bad = |message: String| QueryError::BadValue {
        name: name.to_owned(),
        value: value.to_owned(),
        message,
    };
    let iri = |v: &str| -> Result<Term, QueryError> {
        NamedNode::new(strip_angles(v))
            .map(Term::from)
            .map_err(|e| bad(format!("not a valid IRI ({e})")))
    };
    let typed = |dt: &str| -> Term {
        Literal::new_typed_literal(
            value,
            NamedNode::new_unchecked(format!("{}{dt}", vocab::XSD)),
        )
        .into()
    };
    match kind {
        ParamKind::String => Ok(Literal::new_simple_literal(value).into()),
        ParamKind::Iri => iri(value),
        ParamKind::Integer => value
            .parse::<i64>()
            .map(|_| typed("integer"))
            .map_err(|_| bad("expected a whole number".into())),
        ParamKind::Decimal => value
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(|_| typed("decimal"))
            .ok_or_else(|| bad("expected a number".into())),
        ParamKind::Date => crate::model::FullDate::parse(value)
            .map(|_| typed("date"))
            .map_err(bad),
        ParamKind::Entity(ty) => {
            if looks_like_iri(value) {
                return iri(value);
            }
            let idx = entity_index(index, store)?;
            idx.resolve(name, value, *ty)
                .map(|i| NamedNode::new_unchecked(i).into())
        }
        ParamKind::Any => {
            if looks_like_iri(value) {
                return iri(value);
            }
            let idx = entity_index(index, store)?;
            let found = idx.lookup(value, None);
            match found.len() {
                1 => Ok(NamedNode::new_unchecked(&found[0].0).into()),
                0 if value.parse::<i64>().is_ok() => Ok(typed("integer")),
                0 if value.parse::<f64>().is_ok_and(|v| v.is_finite()) => Ok(typed("decimal")),
                0 => Ok(Literal::new_simple_literal(value).into()),
                _ => Err(QueryError::Ambiguous {
                    name: name.to_owned(),
                    value: value.to_owned(),
                    candidates: found,
                }),
            }
        }
    }
}

fn entity_index<'a>(
    index: &'a mut Option<EntityIndex>,
    store: &Store,
) -> Result<&'a EntityIndex, QueryError> {
    if index.is_none() {
        *index = Some(EntityIndex::load(store)?);
    }
    Ok(index.as_ref().unwrap())
}

/// Shows a term compactly: IRIs with the known prefixes, literals as their
/// value.
pub fn display_term(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => compact_iri(n.as_str()),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

/// `https://w3id.org/hpkg/id/org/isdb` → `hpid:org/isdb`.
pub fn compact_iri(iri: &str) -> String {
    for (p, ns) in vocab::PREFIXES {
        if let Some(rest) = iri.strip_prefix(ns) {
            if !rest.is_empty() {
                return format!("{p}:{rest}");
            }
        }
    }
    format!("<{iri}>")
}

/// Store-wide counts for `hpkg stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub quads: usize,
    pub graphs: usize,
    pub articles: u64,
    pub facts: u64,
    /// Instances per hp: class (entities in the union of graphs).
    pub classes: BTreeMap<String, u64>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

fn count_of(t: &Option<Term>) -> u64 {
    match t {
        Some(Term::Literal(l)) => l.value().parse().unwrap_or(0),
        _ => 0,
    }
}

/// Computes [`Stats`].
pub fn stats(store: &Store) -> Result<Stats, QueryError> {
    let run = |q: &str| {
        store.query(&SparqlRequest {
            query: q.to_owned(),
            ..Default::default()
        })
    };
    let mut s = Stats {
        quads: store.len()?,
        graphs: store.named_graphs()?.len(),
        ..Default::default()
    };
    let by_class = run(
        // MINUS, not FILTER NOT EXISTS: the engine runs the latter row by
        // row (twice as slow on 100,000 articles).
        "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . FILTER(STRSTARTS(STR(?c), STR(hp:))) \
         MINUS { GRAPH <https://w3id.org/hpkg/graph/ontology> { ?x a ?c } } } GROUP BY ?c ORDER BY ?c",
    )?;
    if let QueryOutput::Solutions { rows, .. } = by_class {
        for r in rows {
            if let Some(Term::NamedNode(c)) = &r[0] {
                s.classes.insert(compact_iri(c.as_str()), count_of(&r[1]));
            }
        }
    }
    s.articles = *s.classes.get("hp:Article").unwrap_or(&0);
    s.facts = [
        "Role",
        "Meeting",
        "Partnership",
        "Funding",
        "Launch",
        "Beneficiary",
        "Aid",
    ]
    .iter()
    .map(|c| s.classes.get(&format!("hp:{c}")).copied().unwrap_or(0))
    .sum();
    let lit = |t: &Option<Term>| match t {
        Some(Term::Literal(l)) => Some(l.value().to_owned()),
        _ => None,
    };
    if let QueryOutput::Solutions { rows, .. } = run(
        "SELECT (MIN(STR(?d)) AS ?a) (MAX(STR(?d)) AS ?b) WHERE { ?f a/rdfs:subClassOf* hp:Fact ; dcterms:date ?d }",
    )? {
        if let Some(r) = rows.first() {
            s.first_date = lit(&r[0]);
            s.last_date = lit(&r[1]);
        }
    }
    if let QueryOutput::Solutions { rows, .. } =
        run("SELECT (MIN(STR(?d)) AS ?a) (MAX(STR(?d)) AS ?b) WHERE { ?x a hp:Article ; dcterms:issued ?d }")?
    {
        if let Some(r) = rows.first() {
            s.first_published = lit(&r[0]);
            s.last_published = lit(&r[1]);
        }
    }
    Ok(s)
}

/// The `hp:` terms of a query that the hpkg ontology does not declare,
/// each with the nearest term it does (for "did you mean"). A misspelt
/// term is not a syntax error, only an empty result, so `hpkg query` says
/// this when a query returns nothing.
///
/// ```
/// let notes = hpkg::query::unknown_terms("SELECT ?o WHERE { ?o a hp:Organisation }");
/// assert_eq!(notes, vec![("hp:Organisation".to_owned(), Some("hp:Organization".to_owned()))]);
/// ```
pub fn unknown_terms(text: &str) -> Vec<(String, Option<String>)> {
    let known = hp_locals(crate::ingest::ONTOLOGY_TTL);
    hp_locals(text)
        .into_iter()
        .filter(|t| !known.contains(t))
        .map(|t| {
            let near = crate::model::vocab::nearest(t, known.iter().copied());
            (format!("hp:{t}"), near.map(|n| format!("hp:{n}")))
        })
        .collect()
}

/// Every `hp:` term the ontology declares or uses, without the prefix,
/// sorted (for completion in the workbench).
pub fn ontology_terms() -> Vec<String> {
    hp_locals(crate::ingest::ONTOLOGY_TTL)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The local names of the `hp:` prefixed names in a text.
fn hp_locals(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("hp:") {
        let before = rest[..i].chars().next_back();
        let tail = &rest[i + 3..];
        let end = tail
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        // Not the end of another prefix (hpid:, ...), not empty.
        if end > 0 && !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            out.insert(&tail[..end]);
        }
        rest = &tail[end..];
    }
    out
}
