//! What each analytics command is asked, parsed once from named text
//! values: the HTTP API's query pairs, or the CLI's flags, which `cli`
//! turns into the same pairs ([`Params`]). Both therefore make the same
//! checks and give the same messages.
//!
//! Parameter names are the API's (`min_stage`, `country`); the CLI's flags
//! are the same names with dashes (`--min-stage`, `--country`).

use super::report::{PathOptions, RankMeasure};
use super::{Filters, GraphError, ProjectionKind};
use crate::model::{Country, FactDate, FactType, Stage};
use std::collections::BTreeMap;

/// Why a request cannot be answered as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RequestError {
    /// A value failed its own check (a date, a country code); the message
    /// is the model's.
    #[error("{0}")]
    Value(String),
    #[error("unknown fact type {0:?}")]
    FactType(String),
    #[error("unknown stage {0:?}")]
    Stage(String),
    #[error("min_weight {0:?} is not a number")]
    MinWeight(String),
    #[error("max_hops is not a number")]
    MaxHops,
    #[error("{key}={value:?} is not a number")]
    NotANumber { key: String, value: String },
    #[error("give ?from= and ?to= (labels, aliases or IRIs)")]
    MissingEnds,
}

/// Named text values: an HTTP query string's pairs, or the CLI's flags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// The value of a parameter, if given.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Sets a parameter (the CLI's way in).
    pub fn set(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.0.insert(key.to_owned(), value.into());
        self
    }

    /// A comma-separated list, items trimmed, empty ones dropped.
    fn list(&self, key: &str) -> Vec<String> {
        self.get(key)
            .map(|v| {
                v.split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A switch: `true` or `1` turn it on.
    fn flag(&self, key: &str) -> bool {
        self.get(key).is_some_and(|v| v == "true" || v == "1")
    }

    /// A number, or `default` when not given.
    fn number<T: std::str::FromStr>(&self, key: &str, default: T) -> Result<T, RequestError> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| RequestError::NotANumber {
                key: key.to_owned(),
                value: v.to_owned(),
            }),
        }
    }

    /// The label language: `ar`, else `en`.
    fn lang(&self) -> String {
        match self.get("lang") {
            Some("ar") => "ar".into(),
            _ => "en".into(),
        }
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// Which projection, and its filters (`projection`, `since`, `until`,
/// `types`, `min_stage`, `min_weight`, `country`, `category`, `rollup`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionRequest {
    pub kind: ProjectionKind,
    pub filters: Filters,
}

impl ProjectionRequest {
    pub fn parse(p: &Params) -> Result<Self, GraphError> {
        let kind = ProjectionKind::parse(p.get("projection").unwrap_or("partners"))?;
        let mut f = Filters {
            since: p.get("since").map(str::to_owned),
            until: p.get("until").map(str::to_owned),
            ..Default::default()
        };
        for d in f.since.iter().chain(&f.until) {
            FactDate::parse(d).map_err(RequestError::Value)?;
        }
        for t in p.list("types") {
            f.types
                .push(FactType::parse(&t).ok_or(RequestError::FactType(t))?);
        }
        if let Some(s) = p.get("min_stage") {
            let stage = Stage::ALL.into_iter().find(|x| x.as_str() == s);
            f.min_stage = Some(stage.ok_or_else(|| RequestError::Stage(s.to_owned()))?);
        }
        if let Some(w) = p.get("min_weight") {
            let w = w
                .parse()
                .map_err(|_| RequestError::MinWeight(w.to_owned()))?;
            f.min_weight = Some(w);
        }
        f.countries = p.list("country");
        for c in &f.countries {
            Country::parse(c).map_err(RequestError::Value)?;
        }
        f.categories = p.list("category");
        f.rollup = p.flag("rollup");
        Ok(Self { kind, filters: f })
    }
}

/// `path`: `from`, `to`, `k`, `weighted`, `max_hops`, `lang` and the
/// projection's parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct PathRequest {
    pub from: String,
    pub to: String,
    pub options: PathOptions,
    pub projection: ProjectionRequest,
    pub lang: String,
}

impl PathRequest {
    pub fn parse(p: &Params) -> Result<Self, GraphError> {
        let (Some(from), Some(to)) = (p.get("from"), p.get("to")) else {
            return Err(RequestError::MissingEnds.into());
        };
        let projection = ProjectionRequest::parse(p)?;
        let k = p.number("k", 1usize)?;
        let max_hops = match p.get("max_hops").map(str::parse::<usize>) {
            None => None,
            Some(Ok(h)) => Some(h),
            Some(Err(_)) => return Err(RequestError::MaxHops.into()),
        };
        Ok(Self {
            from: from.to_owned(),
            to: to.to_owned(),
            options: PathOptions {
                k,
                weighted: p.flag("weighted"),
                max_hops,
            },
            projection,
            lang: p.lang(),
        })
    }
}

/// `rank`: `measure` (degree when not given), `weighted`, `top` (20),
/// `lang` and the projection's parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct RankRequest {
    pub measure: RankMeasure,
    pub weighted: bool,
    /// How many rows to show (0: all).
    pub top: usize,
    pub projection: ProjectionRequest,
    pub lang: String,
}

impl RankRequest {
    pub fn parse(p: &Params) -> Result<Self, GraphError> {
        let measure = RankMeasure::parse(p.get("measure").unwrap_or("degree"))?;
        let projection = ProjectionRequest::parse(p)?;
        Ok(Self {
            measure,
            weighted: p.flag("weighted"),
            top: p.number("top", 20usize)?,
            projection,
            lang: p.lang(),
        })
    }
}

/// `communities`: `resolution` (1), `seed` (1), `lang` and the
/// projection's parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct CommunitiesRequest {
    pub resolution: f64,
    pub seed: u64,
    pub projection: ProjectionRequest,
    pub lang: String,
}

impl CommunitiesRequest {
    pub fn parse(p: &Params) -> Result<Self, GraphError> {
        let projection = ProjectionRequest::parse(p)?;
        Ok(Self {
            resolution: p.number("resolution", 1.0f64)?,
            seed: p.number("seed", 1u64)?,
            projection,
            lang: p.lang(),
        })
    }
}

/// `neighbors`: `entity`, `hops` (1), `lang` and the projection's
/// parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct NeighborsRequest {
    pub entity: String,
    pub hops: usize,
    pub projection: ProjectionRequest,
    pub lang: String,
}

impl NeighborsRequest {
    pub fn parse(p: &Params) -> Result<Self, GraphError> {
        let projection = ProjectionRequest::parse(p)?;
        Ok(Self {
            entity: p.get("entity").unwrap_or_default().to_owned(),
            hops: p.number("hops", 1usize)?,
            projection,
            lang: p.lang(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        pairs.iter().copied().collect()
    }

    fn error(pairs: &[(&str, &str)]) -> String {
        ProjectionRequest::parse(&params(pairs))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn defaults_are_the_partners_projection_unfiltered() {
        let r = ProjectionRequest::parse(&Params::default()).unwrap();
        assert_eq!(r.kind, ProjectionKind::Partners);
        assert_eq!(r.filters, Filters::default());
        let r = RankRequest::parse(&Params::default()).unwrap();
        assert_eq!(
            (r.measure.name(), r.top, r.lang.as_str()),
            ("degree", 20, "en")
        );
    }

    #[test]
    fn every_filter_is_read_and_checked() {
        let r = ProjectionRequest::parse(&params(&[
            ("projection", "network"),
            ("since", "2024"),
            ("until", "2025-06"),
            ("types", "partnership, funding"),
            ("min_stage", "signed"),
            ("min_weight", "2"),
            ("country", "KW,SA"),
            ("category", "ngo"),
            ("rollup", "true"),
        ]))
        .unwrap();
        assert_eq!(r.kind, ProjectionKind::Network);
        let f = r.filters;
        assert_eq!(f.types, [FactType::Partnership, FactType::Funding]);
        assert_eq!(f.min_stage, Some(Stage::Signed));
        assert_eq!(f.min_weight, Some(2.0));
        assert_eq!(f.countries, ["KW", "SA"]);
        assert!(f.rollup);
    }

    #[test]
    fn bad_values_are_refused_with_their_own_message() {
        assert!(error(&[("since", "2024-13")]).starts_with("invalid date \"2024-13\""));
        assert!(error(&[("country", "KW,XX")]).starts_with("invalid country code \"XX\""));
        assert_eq!(error(&[("types", "gift")]), "unknown fact type \"gift\"");
        assert_eq!(error(&[("min_stage", "done")]), "unknown stage \"done\"");
        assert_eq!(
            error(&[("min_weight", "x")]),
            "min_weight \"x\" is not a number"
        );
        assert!(error(&[("projection", "x")]).starts_with("unknown projection \"x\""));
        let e = RankRequest::parse(&params(&[("top", "many")])).unwrap_err();
        assert_eq!(e.to_string(), "top=\"many\" is not a number");
        let e = PathRequest::parse(&params(&[("from", "a")])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "give ?from= and ?to= (labels, aliases or IRIs)"
        );
        let e = PathRequest::parse(&params(&[("from", "a"), ("to", "b"), ("max_hops", "-1")]));
        assert_eq!(e.unwrap_err().to_string(), "max_hops is not a number");
    }
}
