//! `hpkg serve`: a SPARQL 1.1 Protocol endpoint, a JSON analytics API and
//! the web workbench, over the same store the CLI uses.
//!
//! axum on tokio serves HTTP; every store operation runs on tokio's
//! blocking pool, because RocksDB calls and SPARQL evaluation block. Writes
//! (articles, SPARQL Update) need the write token and go through the one
//! [`Ingester`], behind a mutex, so the server is also how facts are added
//! while it holds the store.

mod api;
mod assets;
mod sparql;

use crate::ingest::Ingester;
use crate::resolve::Gazetteer;
use crate::store::{Store, StoreError};
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ingest(#[from] crate::ingest::IngestError),
    #[error("cannot listen on {addr}: {source} (is another server using the port? choose one with --bind)")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("invalid --cors origin {0:?}: give an origin such as https://example.org")]
    Cors(String),
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub timeout: Duration,
    pub write_token: Option<String>,
    pub cors: Option<String>,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
}

/// Shared by every request.
pub(crate) struct AppState {
    pub store: &'static Store,
    pub ingester: Mutex<Ingester<'static>>,
    pub config: Config,
    /// SHA-256 of the token: compared in constant time, never logged.
    token_digest: Option<[u8; 32]>,
}

fn digest(s: &str) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes()).into()
}

impl AppState {
    /// Whether the request carries `Authorization: Bearer <token>`.
    pub fn authorized(&self, headers: &HeaderMap) -> bool {
        use subtle::ConstantTimeEq;
        let Some(want) = &self.token_digest else {
            return false;
        };
        let Some(got) = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return false;
        };
        digest(got.trim()).ct_eq(want).into()
    }
}

/// A JSON error response: `{"error": message}` with a status.
pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({"error": message.into()}))).into_response()
}

/// Maps store errors to HTTP statuses.
pub(crate) fn store_error(e: &StoreError) -> Response {
    let status = match e {
        StoreError::Syntax(_) | StoreError::UnknownVariable(_) | StoreError::Refused(_) => {
            StatusCode::BAD_REQUEST
        }
        StoreError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    error(status, e.to_string())
}

/// Runs blocking store work off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f)
        .await
        .expect("blocking task panicked")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Opens the store and serves until SIGINT or SIGTERM.
pub fn serve(
    store_path: &std::path::Path,
    gazetteer: Gazetteer,
    config: Config,
) -> Result<(), ServerError> {
    // The store lives as long as the process; leaking it gives the
    // ingester and the handlers a 'static reference without locking reads.
    let store: &'static Store = Box::leak(Box::new(Store::open(store_path)?));
    let ingester = Ingester::open(store, gazetteer)?;
    if !config.bind.ip().is_loopback() {
        if config.write_token.is_none() {
            tracing::warn!(bind = %config.bind, "listening beyond loopback with no write token: the endpoint is read-only, but anyone who can reach it can query it");
        } else {
            tracing::warn!(bind = %config.bind, "listening beyond loopback: writes need the token; use TLS in front of hpkg");
        }
    }
    let cors = match &config.cors {
        Some(origin) => Some(
            tower_http::cors::CorsLayer::new()
                .allow_origin(
                    origin
                        .parse::<axum::http::HeaderValue>()
                        .map_err(|_| ServerError::Cors(origin.clone()))?,
                )
                .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
                .allow_headers([axum::http::header::CONTENT_TYPE, axum::http::header::ACCEPT]),
        ),
        None => None,
    };
    let state = Arc::new(AppState {
        store,
        ingester: Mutex::new(ingester),
        token_digest: config.write_token.as_deref().map(digest),
        config: config.clone(),
    });
    let mut app = Router::new()
        .route("/", get(assets::index))
        .route("/entity", get(assets::index))
        .route("/path", get(assets::index))
        .route("/assets/{name}", get(assets::asset))
        .route("/sparql", get(sparql::get).post(sparql::post))
        .route("/healthz", get(api::healthz))
        .route("/api/articles", post(api::post_articles))
        .route("/api/articles/{id}", delete(api::delete_article))
        .route("/api/entity", get(api::entity))
        .route("/api/search", get(api::search))
        .route("/api/path", get(api::path))
        .route("/api/rank", get(api::rank))
        .route("/api/communities", get(api::communities))
        .route("/api/export", get(api::export))
        .route("/api/queries", get(api::queries))
        .route("/api/queries/{name}", get(api::run_query))
        .layer(DefaultBodyLimit::max(config.max_body))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state);
    if let Some(c) = cors {
        app = app.layer(c);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|source| ServerError::Bind {
                addr: config.bind,
                source,
            })?;
        let addr = listener.local_addr()?;
        // Tests and scripts read this line to find the port.
        eprintln!("hpkg serving http://{addr}/ (SPARQL at http://{addr}/sparql)");
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        Ok(())
    })
}
