//! The JSON analytics API and the article write routes.

use super::sparql::unauthorized;
use super::{blocking, error, store_error, AppState};
use crate::graph::report::{self, PathAnswer, PathOutcome, RankMeasure};
use crate::graph::request::{
    CommunitiesRequest, Params, PathRequest, ProjectionRequest, RankRequest,
};
use crate::graph::{GraphError, StoredAnalytics};
use crate::ingest::kind::Framing;
use crate::ingest::{Feed, Report};
use crate::query::{self, library, QueryError};
use crate::resolve::normalize::normalize;
use crate::store::{self, QueryOutput, ResultsFormat, SparqlRequest};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

type Q = Query<HashMap<String, String>>;

fn graph_error(e: GraphError) -> Response {
    match e {
        GraphError::Store(s) => store_error(&s),
        GraphError::Query(q) => query_error(q),
        other => error(StatusCode::BAD_REQUEST, other.to_string()),
    }
}

fn query_error(e: QueryError) -> Response {
    match e {
        QueryError::Store(s) => store_error(&s),
        QueryError::NoSuchEntity { .. } | QueryError::UnknownQuery { .. } => {
            error(StatusCode::NOT_FOUND, e.to_string())
        }
        QueryError::Ambiguous { ref candidates, .. } => {
            let c: Vec<Value> = candidates
                .iter()
                .map(|(i, l)| json!({"iri": i, "labels": l}))
                .collect();
            (
                StatusCode::CONFLICT,
                Json(json!({"error": e.to_string(), "candidates": c})),
            )
                .into_response()
        }
        other => error(StatusCode::BAD_REQUEST, other.to_string()),
    }
}

/// The query pairs as the analytics requests read them (the CLI's flags
/// become the same pairs), so both make the same checks.
fn params(q: &HashMap<String, String>) -> Params {
    q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn lang(q: &HashMap<String, String>) -> String {
    match q.get("lang").map(String::as_str) {
        Some("ar") => "ar".into(),
        _ => "en".into(),
    }
}

// An axum handler's error is its `Response`; boxing it would only move the
// allocation to every refusal.
#[allow(clippy::result_large_err)]
fn number<T: std::str::FromStr>(
    q: &HashMap<String, String>,
    k: &str,
    default: T,
) -> Result<T, Response> {
    match q.get(k) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| {
            error(
                StatusCode::BAD_REQUEST,
                format!("{k}={v:?} is not a number"),
            )
        }),
    }
}

/// `GET /healthz`
pub async fn healthz() -> Response {
    Json(json!({"status": "ok"})).into_response()
}

/// `GET /api/terms`: the predeclared prefixes and the ontology's `hp:`
/// terms, for the editor's completion.
pub async fn terms() -> Response {
    let prefixes: serde_json::Map<String, Value> = crate::model::vocab::PREFIXES
        .iter()
        .map(|(p, iri)| ((*p).to_owned(), Value::from(*iri)))
        .collect();
    Json(json!({"prefixes": prefixes, "hp": query::ontology_terms()})).into_response()
}

/// `POST /api/articles`: article facts JSON, or JSON Lines with
/// `Content-Type: application/x-ndjson` (or `application/jsonl`). Same
/// checks and report as `hpkg ingest`; each article is one transaction.
pub async fn post_articles(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !state.authorized(&headers) {
        return unauthorized(&state);
    }
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json");
    let framing = if ct.contains("ndjson") || ct.contains("jsonl") || ct.contains("json-seq") {
        Framing::Lines
    } else {
        Framing::Whole
    };
    let st = state.clone();
    let result = blocking(move || {
        let mut report = Report::default();
        let mut ing = st.ingester.lock().unwrap_or_else(|p| p.into_inner());
        for accepted in Feed::new().body("request", framing, body.to_vec()) {
            match accepted {
                Ok(doc) => report.add(ing.ingest(doc)?),
                Err(ds) => report.reject(&ds),
            }
        }
        Ok::<_, crate::ingest::IngestError>(report)
    })
    .await;
    match result {
        Ok(r) => {
            let status = if r.articles_rejected > 0 {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            (status, Json(r)).into_response()
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// `DELETE /api/articles/{id}`
pub async fn delete_article(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if !state.authorized(&headers) {
        return unauthorized(&state);
    }
    let st = state.clone();
    let r = blocking(move || {
        let mut ing = st.ingester.lock().unwrap_or_else(|p| p.into_inner());
        ing.retract(std::slice::from_ref(&id))
    })
    .await;
    match r {
        Ok(relinked) => Json(json!({"retracted": 1, "relinked": relinked})).into_response(),
        Err(crate::ingest::IngestError::UnknownArticle(id)) => {
            error(StatusCode::NOT_FOUND, format!("no article {id:?}"))
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// `GET /api/search?q=`: names in either language, through the normaliser.
pub async fn search(State(state): State<Arc<AppState>>, Query(q): Q) -> Response {
    let text = q.get("q").cloned().unwrap_or_default();
    let limit: usize = match number(&q, "limit", 20) {
        Ok(n) => n,
        Err(r) => return r,
    };
    let st = state.clone();
    let r = blocking(move || -> Result<Value, GraphError> {
        let corpus = crate::graph::Corpus::load(st.store)?;
        let want = normalize(&text);
        let mut hits: Vec<(usize, String, Value)> = Vec::new();
        if !want.is_empty() {
            for e in corpus.entities.values() {
                let best = e
                    .all_labels()
                    .iter()
                    .filter_map(|l| {
                        let n = normalize(l);
                        if n == want {
                            Some(0)
                        } else if n.starts_with(&want) {
                            Some(1)
                        } else if n.contains(&want) {
                            Some(2)
                        } else {
                            None
                        }
                    })
                    .min();
                if let Some(rank) = best {
                    hits.push((
                        rank,
                        e.label("en"),
                        json!({"iri": e.iri, "type": e.ty.class(), "label_en": e.label("en"), "label_ar": e.label("ar")}),
                    ));
                }
            }
        }
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        Ok(Value::Array(hits.into_iter().take(limit).map(|h| h.2).collect()))
    })
    .await;
    match r {
        Ok(v) => Json(v).into_response(),
        Err(e) => graph_error(e),
    }
}

/// `GET /api/entity?ref=`: labels, type, roles, partners ranked by
/// The `?ref=` of the entity and dossier routes, or the 400 that asks
/// for it.
// The error is the handler's `Response` (see `number`).
#[allow(clippy::result_large_err)]
fn reference(q: &HashMap<String, String>) -> Result<String, Response> {
    q.get("ref").cloned().ok_or_else(|| {
        error(
            StatusCode::BAD_REQUEST,
            "give ?ref= (a label, alias or IRI)",
        )
    })
}

/// `GET /api/entity?ref=&lang=`: the entity page's data, the dossier
/// (`graph::profile::Profile`) as JSON.
pub async fn entity(State(state): State<Arc<AppState>>, Query(q): Q) -> Response {
    let reference = match reference(&q) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let lang = lang(&q);
    let st = state.clone();
    let r = blocking(move || {
        let corpus = crate::graph::Corpus::load(st.store)?;
        crate::graph::profile::profile(st.store, &corpus, &reference, &lang)
    })
    .await;
    match r {
        Ok(p) => Json(p).into_response(),
        Err(e) => graph_error(e),
    }
}

/// `GET /api/profile?ref=&format=md|html|json&lang=`: the dossier as a
/// file to download (`hpkg profile`'s output).
pub async fn profile(State(state): State<Arc<AppState>>, Query(q): Q) -> Response {
    let reference = match reference(&q) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let format = q.get("format").map_or("md", String::as_str).to_owned();
    let (ct, ext) = match format.as_str() {
        "md" => ("text/markdown", "md"),
        "html" => ("text/html", "html"),
        "json" => ("application/json", "json"),
        other => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("unknown format {other:?}: use md, html or json"),
            )
        }
    };
    let lang = lang(&q);
    let st = state.clone();
    let r = blocking(move || {
        let corpus = crate::graph::Corpus::load(st.store)?;
        let p = crate::graph::profile::profile(st.store, &corpus, &reference, &lang)?;
        let name = p.iri.rsplit('/').next().unwrap_or("profile").to_owned();
        let body = match ext {
            "md" => crate::export::dossier::markdown(&p),
            "html" => crate::export::dossier::html(&p),
            _ => serde_json::to_string_pretty(&p).expect("a profile serialises") + "\n",
        };
        Ok::<_, GraphError>((name, body))
    })
    .await;
    match r {
        Ok((name, body)) => {
            let mut response = (
                [
                    (header::CONTENT_TYPE, format!("{ct}; charset=utf-8")),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}-profile.{ext}\""),
                    ),
                ],
                body,
            )
                .into_response();
            if ext == "html" {
                // The page has only inline styles; the download is not run
                // by the workbench, so no framing either.
                response.headers_mut().insert(
                    header::CONTENT_SECURITY_POLICY,
                    header::HeaderValue::from_static(
                        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
                    ),
                );
            }
            response
        }
        Err(e) => graph_error(e),
    }
}

/// `GET /api/path?from=&to=&k=&weighted=&max_hops=&projection=...`
pub async fn path(State(state): State<Arc<AppState>>, Query(q): Q) -> Response {
    let mut req = match PathRequest::parse(&params(&q)) {
        Ok(r) => r,
        Err(e) => return graph_error(e),
    };
    // The server's limit on the work one request asks for.
    req.options.k = req.options.k.clamp(1, 50);
    let st = state.clone();
    let r = blocking(move || {
        let (corpus, p) = report::build(st.store, &req.projection)?;
        report::path(&corpus, &p, &req)
    })
    .await;
    /// A path answer with the reason there is none.
    #[derive(serde::Serialize)]
    struct NoPath {
        error: String,
        #[serde(flatten)]
        answer: PathAnswer,
    }
    match r {
        Ok(PathOutcome::Found(answer)) => Json(answer).into_response(),
        Ok(PathOutcome::NoPath { answer, message }) => (
            StatusCode::NOT_FOUND,
            Json(NoPath {
                error: message,
                answer,
            }),
        )
            .into_response(),
        Err(e) => graph_error(e),
    }
}

/// `GET /api/rank?measure=&top=&weighted=&projection=...`
pub async fn rank(State(state): State<Arc<AppState>>, Query(q): Q) -> Response {
    let req = match RankRequest::parse(&params(&q)) {
        Ok(r) => r,
        Err(e) => return graph_error(e),
    };
    let st = state.clone();
    let r = blocking(move || -> Result<Response, GraphError> {
        let (corpus, p) = report::build(st.store, &req.projection)?;
        if req.measure == RankMeasure::Bridges {
            return Ok(Json(report::bridges(&corpus, &p, &req.lang)).into_response());
        }
        let ranked = report::rank(&p, req.measure, req.weighted)?;
        Ok(Json(report::rank_rows(&corpus, &ranked, req.top, &req.lang)).into_response())
    })
    .await;
    match r {
        Ok(response) => response,
        Err(e) => graph_error(e),
    }
}

/// `GET /api/communities?projection=&resolution=&seed=...`
pub async fn communities(State(state): State<Arc<AppState>>, Query(q): Q) -> Response {
    let req = match CommunitiesRequest::parse(&params(&q)) {
        Ok(r) => r,
        Err(e) => return graph_error(e),
    };
    let st = state.clone();
    let r = blocking(move || {
        let (corpus, p) = report::build(st.store, &req.projection)?;
        Ok::<_, GraphError>(report::communities(&corpus, &p, req.resolution, req.seed, &req.lang).1)
    })
    .await;
    match r {
        Ok(answer) => Json(answer).into_response(),
        Err(e) => graph_error(e),
    }
}

/// `GET /api/export?projection=&format=graphml|gexf|dot|cytoscape|node-link|html`
pub async fn export(State(state): State<Arc<AppState>>, Query(q): Q) -> Response {
    let req = match ProjectionRequest::parse(&params(&q)) {
        Ok(r) => r,
        Err(e) => return graph_error(e),
    };
    let format = q
        .get("format")
        .cloned()
        .unwrap_or_else(|| "node-link".into());
    let lang = lang(&q);
    let st = state.clone();
    let r = blocking(move || -> Result<(String, &'static str), GraphError> {
        let (corpus, p) = report::build(st.store, &req)?;
        let stored = StoredAnalytics::load(st.store, req.kind)?;
        let v = crate::export::View::new(&p, &corpus, &stored, &lang);
        Ok(match format.as_str() {
            "graphml" => (crate::export::graphml(&v), "application/graphml+xml"),
            "gexf" => (crate::export::gexf(&v), "application/gexf+xml"),
            "dot" => (crate::export::dot(&v), "text/vnd.graphviz"),
            "cytoscape" => (crate::export::cytoscape(&v).to_string(), "application/json"),
            "node-link" => (crate::export::node_link(&v).to_string(), "application/json"),
            "html" => (crate::export::html(&v), "text/html"),
            other => {
                return Err(GraphError::Invalid(format!(
                "unknown format {other:?}: use graphml, gexf, dot, cytoscape, node-link or html \
                     (csv is two files: use `hpkg export --format csv -o DIR`)"
            )))
            }
        })
    })
    .await;
    match r {
        Ok((body, ct)) => {
            let mut response = (
                [(header::CONTENT_TYPE, format!("{ct}; charset=utf-8"))],
                body,
            )
                .into_response();
            // The HTML view runs its own inline script: it keeps its own
            // policy, which the server's default would block, and the
            // workbench frames it ("Show the partners network"), so this
            // server's pages may frame it; no other site may.
            if ct == "text/html" {
                let h = response.headers_mut();
                h.insert(
                    header::CONTENT_SECURITY_POLICY,
                    header::HeaderValue::from_str(&format!(
                        "{}; frame-ancestors 'self'",
                        crate::export::HTML_CSP
                    ))
                    .expect("the policy is ASCII"),
                );
                h.insert(
                    header::X_FRAME_OPTIONS,
                    header::HeaderValue::from_static("SAMEORIGIN"),
                );
            }
            response
        }
        Err(e) => graph_error(e),
    }
}

/// `GET /api/queries`: the named query library.
pub async fn queries() -> Response {
    match library::builtin() {
        Ok(all) => Json(Value::Array(
            all.iter()
                .map(|q| {
                    json!({"name": q.name, "title": q.title, "description": q.description, "text": q.text,
                           "params": q.params.iter().map(|p| json!({"name": p.name, "kind": p.kind.as_str(),
                               "default": p.default, "description": p.description})).collect::<Vec<_>>()})
                })
                .collect(),
        ))
        .into_response(),
        Err(e) => query_error(e),
    }
}

/// `GET /api/queries/{name}?PARAM=VALUE...`: runs a named query, parameters
/// bound as for `--param`; SPARQL JSON results (or CSV/TSV/XML by Accept).
pub async fn run_query(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Query(q): Q,
) -> Response {
    let nq = match library::find(&name) {
        Ok(x) => x,
        Err(e) => return query_error(e),
    };
    let mut given: Vec<(String, String)> = q.into_iter().filter(|(k, _)| k != "format").collect();
    given.sort();
    let st = state.clone();
    let timeout = state.config.timeout;
    let max_rows = state.config.max_rows;
    let r = super::evaluate(&state, move || -> Result<QueryOutput, QueryError> {
        let mut index = None;
        let subs = query::bind_params(&nq, &given, &mut index, st.store)?;
        Ok(st.store.query(&SparqlRequest {
            query: nq.text.clone(),
            substitutions: subs,
            timeout: Some(timeout),
            max_rows: Some(max_rows),
            ..Default::default()
        })?)
    })
    .await;
    let out = match r {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => return query_error(e),
        Err(response) => return response,
    };
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (f, ct) = if accept.contains("text/csv") {
        (ResultsFormat::Csv, "text/csv")
    } else if accept.contains("tab-separated") {
        (ResultsFormat::Tsv, "text/tab-separated-values")
    } else if accept.contains("sparql-results+xml") {
        (ResultsFormat::Xml, "application/sparql-results+xml")
    } else {
        (ResultsFormat::Json, "application/sparql-results+json")
    };
    let mut body = Vec::new();
    if let Err(e) = store::write_results(&out, f, &mut body) {
        return store_error(&e);
    }
    (
        [(header::CONTENT_TYPE, format!("{ct}; charset=utf-8"))],
        body,
    )
        .into_response()
}
