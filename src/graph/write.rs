//! Scores and communities as RDF for the analytics graph, so SPARQL can
//! join them with everything else. Pure: the store applies the quads.

use super::{Projection, ProjectionKind};
use crate::model::vocab::{self, hp, PROV, RDF, XSD};
use oxrdf::{GraphName, Literal, NamedNode, Quad, Term};
use std::collections::HashSet;

fn nn(s: &str) -> NamedNode {
    NamedNode::new_unchecked(s)
}

/// The part of an entity IRI after `.../id/` (e.g. `org/isdb`), used to
/// name its score resources.
fn tail(iri: &str) -> &str {
    iri.strip_prefix(vocab::ID).unwrap_or(iri)
}

/// IRI of an entity's score for a measure on a projection.
pub fn score_iri(kind: ProjectionKind, measure: &str, entity: &str) -> String {
    format!(
        "{}score/{}/{measure}/{}",
        vocab::ID,
        kind.as_str(),
        tail(entity)
    )
}

/// IRI of an entity's community membership on a projection.
pub fn membership_iri(kind: ProjectionKind, entity: &str) -> String {
    format!("{}community/{}/{}", vocab::ID, kind.as_str(), tail(entity))
}

struct B(HashSet<Quad>, GraphName);
impl B {
    fn add(&mut self, s: &str, p: &str, o: Term) {
        self.0.insert(Quad::new(nn(s), nn(p), o, self.1.clone()));
    }
}

fn header(b: &mut B, s: &str, class: &str, entity: &str, p: &Projection, computed: &str) {
    b.add(s, &format!("{RDF}type"), nn(&hp(class)).into());
    b.add(s, &hp("entity"), nn(entity).into());
    b.add(
        s,
        &hp("projection"),
        Literal::new_simple_literal(p.kind.as_str()).into(),
    );
    b.add(
        s,
        &hp("filters"),
        Literal::new_simple_literal(p.filters.describe()).into(),
    );
    b.add(
        s,
        &format!("{PROV}generatedAtTime"),
        Literal::new_typed_literal(computed, nn(&format!("{XSD}dateTime"))).into(),
    );
}

/// Quads for ranked scores: `(entity IRI, value, position)`.
pub fn score_quads(
    p: &Projection,
    measure: &str,
    scores: &[(String, f64, usize)],
    computed: &str,
) -> HashSet<Quad> {
    let mut b = B(HashSet::new(), nn(vocab::GRAPH_ANALYTICS).into());
    for (entity, value, position) in scores {
        let s = score_iri(p.kind, measure, entity);
        header(&mut b, &s, "Score", entity, p, computed);
        b.add(
            &s,
            &hp("measure"),
            Literal::new_simple_literal(measure).into(),
        );
        b.add(&s, &hp("value"), Literal::from(*value).into());
        b.add(&s, &hp("position"), Literal::from(*position as i64).into());
    }
    b.0
}

/// Quads for community memberships: `(entity IRI, community id)`.
pub fn community_quads(
    p: &Projection,
    members: &[(String, usize)],
    modularity: f64,
    computed: &str,
) -> HashSet<Quad> {
    let mut b = B(HashSet::new(), nn(vocab::GRAPH_ANALYTICS).into());
    for (entity, community) in members {
        let s = membership_iri(p.kind, entity);
        header(&mut b, &s, "CommunityMembership", entity, p, computed);
        b.add(
            &s,
            &hp("community"),
            Literal::from(*community as i64).into(),
        );
        b.add(&s, &hp("modularity"), Literal::from(modularity).into());
    }
    b.0
}

/// Whether a quad belongs to an earlier result that a new one replaces:
/// same measure (or communities) on the same projection, whatever filters.
pub fn replaced_prefix(kind: ProjectionKind, measure: Option<&str>) -> String {
    match measure {
        Some(m) => format!("{}score/{}/{m}/", vocab::ID, kind.as_str()),
        None => format!("{}community/{}/", vocab::ID, kind.as_str()),
    }
}

/// The current time as an `xsd:dateTime` lexical form (UTC).
pub fn now() -> String {
    let t: chrono::DateTime<chrono::Utc> = std::time::SystemTime::now().into();
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
