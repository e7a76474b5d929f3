//! The SPARQL 1.1 Protocol at `/sparql`: queries by GET and POST (form or
//! direct body), updates with the write token, content negotiation, and a
//! service description when there is no query.

use super::{blocking, error, store_error, AppState};
use crate::store::{self, QueryOutput, RdfSyntax, ResultsFormat, SparqlRequest};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Protocol parameters from a query string or a form body.
#[derive(Debug, Default)]
struct Params {
    query: Option<String>,
    update: Option<String>,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
}

// The error is the handler's `Response` (see `api::number`).
#[allow(clippy::result_large_err)]
fn params(raw: &str) -> Result<Params, Response> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            format!("malformed parameters: {e}"),
        )
    })?;
    let mut p = Params::default();
    for (k, v) in pairs {
        match k.as_str() {
            "query" => p.query = Some(v),
            "update" => p.update = Some(v),
            "default-graph-uri" | "using-graph-uri" => p.default_graphs.push(v),
            "named-graph-uri" | "using-named-graph-uri" => p.named_graphs.push(v),
            _ => {}
        }
    }
    for g in p.default_graphs.iter().chain(&p.named_graphs) {
        if oxiri::Iri::parse(g.as_str()).is_err() {
            return Err(error(
                StatusCode::BAD_REQUEST,
                format!("graph {g:?} is not an absolute IRI"),
            ));
        }
    }
    Ok(p)
}

/// Media types the client accepts, best first (ties keep their order).
fn accepted(headers: &HeaderMap) -> Vec<String> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return vec!["*/*".into()];
    };
    let mut items: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut bits = part.split(';');
            let mt = bits.next()?.trim().to_ascii_lowercase();
            let q = bits
                .filter_map(|b| b.trim().strip_prefix("q="))
                .next()
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, i, mt))
        })
        .collect();
    items.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(&b.1))
    });
    items.into_iter().map(|x| x.2).collect()
}

/// Picks the first supported type; `*/*` and `type/*` take the default.
fn negotiate<'a>(accept: &[String], offers: &'a [(&'a str, &'a [&'a str])]) -> Option<&'a str> {
    for a in accept {
        for (canonical, aliases) in offers {
            let major = canonical.split('/').next().unwrap();
            if a == "*/*"
                || a == &format!("{major}/*")
                || aliases.iter().any(|x| x == a)
                || a == canonical
            {
                return Some(canonical);
            }
        }
    }
    None
}

const SOLUTION_TYPES: &[(&str, &[&str])] = &[
    ("application/sparql-results+json", &["application/json"]),
    (
        "application/sparql-results+xml",
        &["application/xml", "text/xml"],
    ),
    ("text/csv", &[]),
    ("text/tab-separated-values", &[]),
];
const GRAPH_TYPES: &[(&str, &[&str])] = &[
    ("text/turtle", &["application/x-turtle"]),
    ("application/n-triples", &["text/plain"]),
    ("application/rdf+xml", &["application/xml"]),
    ("application/ld+json", &["application/json"]),
];

async fn run_query(state: Arc<AppState>, headers: HeaderMap, p: Params) -> Response {
    let Some(query) = p.query else {
        return error(
            StatusCode::BAD_REQUEST,
            "no query: give ?query=, or POST a form or application/sparql-query body",
        );
    };
    let accept = accepted(&headers);
    let req = SparqlRequest {
        query,
        timeout: Some(state.config.timeout),
        max_rows: Some(state.config.max_rows),
        default_graphs: p.default_graphs,
        named_graphs: p.named_graphs,
        ..Default::default()
    };
    let st = state.clone();
    let output = match super::evaluate(&state, move || st.store.query(&req)).await {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => return store_error(&e),
        Err(response) => return response,
    };
    let offers = if matches!(output, QueryOutput::Graph(_)) {
        GRAPH_TYPES
    } else {
        SOLUTION_TYPES
    };
    let Some(mt) = negotiate(&accept, offers) else {
        let supported: Vec<&str> = offers.iter().map(|o| o.0).collect();
        return error(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "cannot answer in {}: this result can be {}",
                accept.join(", "),
                supported.join(", ")
            ),
        );
    };
    let mut body = Vec::new();
    let written = match &output {
        QueryOutput::Graph(triples) => {
            let syntax = match mt {
                "text/turtle" => RdfSyntax::Turtle,
                "application/n-triples" => RdfSyntax::NTriples,
                "application/rdf+xml" => RdfSyntax::RdfXml,
                _ => RdfSyntax::JsonLd,
            };
            store::write_triples(triples, syntax, &mut body)
        }
        other => {
            let f = match mt {
                "application/sparql-results+json" => ResultsFormat::Json,
                "application/sparql-results+xml" => ResultsFormat::Xml,
                "text/csv" => ResultsFormat::Csv,
                _ => ResultsFormat::Tsv,
            };
            store::write_results(other, f, &mut body)
        }
    };
    if let Err(e) = written {
        return store_error(&e);
    }
    (
        [(header::CONTENT_TYPE, format!("{mt}; charset=utf-8"))],
        body,
    )
        .into_response()
}

async fn run_update(state: Arc<AppState>, headers: HeaderMap, update: String) -> Response {
    if !state.authorized(&headers) {
        return unauthorized(&state);
    }
    let st = state.clone();
    let r = blocking(move || {
        // Serialise with article writes.
        let _guard = st.ingester.lock().unwrap_or_else(|p| p.into_inner());
        st.store.update(&update)
    })
    .await;
    match r {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => store_error(&e),
    }
}

pub(crate) fn unauthorized(state: &AppState) -> Response {
    let msg = if state.config.write_token.is_some() {
        "writes need `Authorization: Bearer <token>` with the server's write token"
    } else {
        "this endpoint is read-only: start hpkg serve with --write-token (or HPKG_WRITE_TOKEN) to allow writes"
    };
    let mut r = error(StatusCode::UNAUTHORIZED, msg);
    r.headers_mut()
        .insert(header::WWW_AUTHENTICATE, "Bearer".parse().unwrap());
    r
}

fn service_description(headers: &HeaderMap) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let ttl = format!(
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .

<http://{host}/sparql> a sd:Service ;
    sd:endpoint <http://{host}/sparql> ;
    sd:supportedLanguage sd:SPARQL11Query , sd:SPARQL11Update ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat fmt:SPARQL_Results_JSON , fmt:SPARQL_Results_XML , fmt:SPARQL_Results_CSV ,
        fmt:SPARQL_Results_TSV , fmt:Turtle , fmt:N-Triples , fmt:RDF_XML , fmt:JSON-LD ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"
    );
    ([(header::CONTENT_TYPE, "text/turtle; charset=utf-8")], ttl).into_response()
}

/// `GET /sparql?query=...` (or the service description with no query).
pub async fn get(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let p = match params(raw.as_deref().unwrap_or("")) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if p.update.is_some() {
        return error(StatusCode::BAD_REQUEST, "updates must be POSTed");
    }
    if p.query.is_none() {
        return service_description(&headers);
    }
    run_query(state, headers, p).await
}

/// `POST /sparql` with a form, `application/sparql-query` or
/// `application/sparql-update`.
pub async fn post(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let text = match String::from_utf8(body.to_vec()) {
        Ok(t) => t,
        Err(_) => return error(StatusCode::BAD_REQUEST, "the body is not UTF-8"),
    };
    let url_params = match params(raw.as_deref().unwrap_or("")) {
        Ok(p) => p,
        Err(r) => return r,
    };
    match ct.as_str() {
        "application/x-www-form-urlencoded" => {
            let p = match params(&text) {
                Ok(p) => p,
                Err(r) => return r,
            };
            match (&p.query, &p.update) {
                (Some(_), None) => run_query(state, headers, p).await,
                (None, Some(u)) => run_update(state, headers, u.clone()).await,
                _ => error(
                    StatusCode::BAD_REQUEST,
                    "give exactly one of query= or update= in the form",
                ),
            }
        }
        "application/sparql-query" => {
            let p = Params {
                query: Some(text),
                ..url_params
            };
            run_query(state, headers, p).await
        }
        "application/sparql-update" => run_update(state, headers, text).await,
        other => error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "unsupported content type {other:?}: POST application/x-www-form-urlencoded, \
                 application/sparql-query or application/sparql-update"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_are_ordered_by_quality() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT,
            "text/csv;q=0.5, application/sparql-results+xml"
                .parse()
                .unwrap(),
        );
        assert_eq!(
            negotiate(&accepted(&h), SOLUTION_TYPES),
            Some("application/sparql-results+xml")
        );
        h.insert(header::ACCEPT, "image/png".parse().unwrap());
        assert_eq!(negotiate(&accepted(&h), SOLUTION_TYPES), None);
        h.insert(header::ACCEPT, "*/*".parse().unwrap());
        assert_eq!(negotiate(&accepted(&h), GRAPH_TYPES), Some("text/turtle"));
    }
}
