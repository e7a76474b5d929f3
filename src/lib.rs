//! hpkg: the humanitarian partnership knowledge graph.
//!
//! Article facts (one JSON document per news article) go in; an RDF graph
//! in an embedded Oxigraph store comes out, with one named graph per article
//! and entities resolved across articles and languages. See
//! `ARCHITECTURE.md` for the data flow and the rules between modules.
//!
//! - [`model`]: the input contract's types and the vocabulary.
//! - [`resolve`]: name normalisation, the gazetteer, identity.
//! - [`ingest`]: reading inputs, mapping to RDF, one transaction per article.
//! - [`store`]: the only module that touches oxigraph.
//! - [`query`]: named queries, safe parameters, stats.
//! - [`graph`]: projections, paths, centralities, communities.
//! - [`export`]: graph files and the HTML view.
//! - [`server`]: the SPARQL endpoint, the API and the workbench.
//! - [`cli`]: the only module that knows clap.

pub mod cli;
pub mod export;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod query;
pub mod resolve;
pub mod rng;
pub mod server;
pub mod store;
pub mod synth;
