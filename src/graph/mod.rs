//! Graph analytics: petgraph views projected from the store, paths with
//! evidence, centralities, communities.
//!
//! This module never imports oxigraph: the [`Corpus`] is read through
//! [`Store::scan_predicate`] and plain rows (SPARQL results), and
//! everything after that is in memory. Node order comes from sorted IRIs,
//! so every build is deterministic.
//!
//! - `corpus`: the [`Corpus`] (entities, facts, articles), read by `load`
//!   and cached by `snapshot`;
//! - `project`: [`project`] builds a [`Projection`] from it;
//! - [`adjacency`]: the compact graph the algorithms read;
//! - [`measures`], [`paths`], [`community`]: the algorithms;
//! - [`report`]: the answers `hpkg path`, `rank`, `communities` and
//!   `neighbors` print and the API returns, for the [`request`]s both
//!   parse alike;
//! - [`profile`]: the organisation dossier (`hpkg profile`, the entity
//!   page);
//! - `stored`: scores and memberships written back ([`write`]) and read
//!   again for the exports.

pub mod adjacency;
pub mod community;
mod corpus;
mod load;
pub mod measures;
pub mod paths;
pub mod profile;
mod project;
#[cfg(test)]
pub(crate) mod properties;
pub mod report;
pub mod request;
mod snapshot;
mod stored;
pub mod write;

pub use corpus::{ArticleInfo, Corpus, EntityInfo, FactRow, Labels, NamedEntity};
pub use project::{project, Edge, Filters, Node, Projection, ProjectionKind, Relation};
pub use stored::StoredAnalytics;

use crate::store::{QueryOutput, SparqlRequest, Store, StoreError};
use oxrdf::Term;

/// Errors of the analytics layer.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("unknown projection {0:?}: use partners, network or funding")]
    UnknownProjection(String),
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    #[error(transparent)]
    Measure(#[from] measures::MeasureError),
    #[error(transparent)]
    Request(#[from] request::RequestError),
    #[error("{0}")]
    Invalid(String),
}

/// The rows of a SELECT query (none for another kind of query).
fn rows(store: &Store, q: &str) -> Result<Vec<Vec<Option<Term>>>, GraphError> {
    match store.query(&SparqlRequest {
        query: q.to_owned(),
        ..Default::default()
    })? {
        QueryOutput::Solutions { rows, .. } => Ok(rows),
        _ => Ok(Vec::new()),
    }
}

/// An IRI's text or a literal's lexical value.
fn s(t: &Option<Term>) -> Option<String> {
    match t {
        Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
        Some(Term::Literal(l)) => Some(l.value().to_owned()),
        _ => None,
    }
}
