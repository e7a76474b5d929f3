//! What `rank --write` and `communities --write` left in the analytics
//! graph, read back for the exports.

use super::{rows, s, GraphError, ProjectionKind};
use crate::model::vocab;
use crate::store::Store;
use std::collections::{BTreeMap, BTreeSet};

/// Results `rank --write` and `communities --write` stored for a
/// projection: scores by entity and measure, and communities by entity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredAnalytics {
    pub scores: BTreeMap<String, BTreeMap<String, f64>>,
    pub communities: BTreeMap<String, i64>,
    /// Every measure with at least one stored score, sorted.
    pub measures: BTreeSet<String>,
}

impl StoredAnalytics {
    /// Reads the analytics graph for one projection.
    pub fn load(store: &Store, kind: ProjectionKind) -> Result<Self, GraphError> {
        let g = vocab::GRAPH_ANALYTICS;
        let p = kind.as_str();
        let mut a = StoredAnalytics::default();
        for r in rows(
            store,
            &format!(
                "SELECT ?e ?m ?v WHERE {{ GRAPH <{g}> {{ ?s a hp:Score ; hp:entity ?e ; hp:measure ?m ;
                   hp:projection \"{p}\" ; hp:value ?v }} }}"
            ),
        )? {
            if let (Some(e), Some(m), Some(v)) = (s(&r[0]), s(&r[1]), s(&r[2]).and_then(|v| v.parse::<f64>().ok())) {
                a.measures.insert(m.clone());
                a.scores.entry(e).or_default().insert(m, v);
            }
        }
        for r in rows(
            store,
            &format!(
                "SELECT ?e ?c WHERE {{ GRAPH <{g}> {{ ?s a hp:CommunityMembership ; hp:entity ?e ;
                   hp:projection \"{p}\" ; hp:community ?c }} }}"
            ),
        )? {
            if let (Some(e), Some(c)) = (s(&r[0]), s(&r[1]).and_then(|v| v.parse::<i64>().ok())) {
                a.communities.insert(e, c);
            }
        }
        Ok(a)
    }
}
