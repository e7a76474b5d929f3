//! Identity: name normalisation, the gazetteer, and resolution of mentions
//! to entities.
//!
//! Nothing here touches the store: resolution takes documents and returns
//! IRIs, so it can be tested, and recomputed, in isolation.

pub mod gazetteer;
pub mod identity;
pub mod normalize;

pub use gazetteer::{Gazetteer, GazetteerError};
pub use identity::{resolve, Ambiguity, Reference, Resolution, Resolver};
