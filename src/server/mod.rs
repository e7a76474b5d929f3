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
    // Causes are in the texts below, so they are not also `source()`s.
    #[error("cannot listen on {addr}: {cause} (is another server using the port? choose one with --bind)")]
    Bind {
        addr: SocketAddr,
        cause: std::io::Error,
    },
    #[error("server failed: {0}")]
    Io(std::io::Error),
    #[error("invalid --cors origin {0:?}: give an origin such as https://example.org")]
    Cors(String),
}

impl From<std::io::Error> for ServerError {
    fn from(e: std::io::Error) -> Self {
        ServerError::Io(e)
    }
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
    /// Longest wait for a request's headers, and longest idle time between
    /// requests on a kept-alive connection.
    pub idle_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Most rows (or triples) a query may return: results are held in
    /// memory before they are written.
    pub max_rows: usize,
    /// SPARQL evaluations running at once.
    pub max_queries: usize,
}

/// How long past its timeout a query's answer may wait for oxigraph to
/// notice the cancellation before the client gets 503 regardless.
const QUERY_GRACE: Duration = Duration::from_secs(1);

/// Largest request head (request line and headers) read, in bytes; a larger
/// one gets 431. Real clients send a few hundred bytes.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Most header fields in a request; more get 431.
const MAX_HEADERS: usize = 100;
/// How long a shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// The headers every response carries. A response that sets its own
/// Content-Security-Policy and X-Frame-Options (the HTML export, with its
/// inline script, framed by the workbench) keeps them; every other gets a
/// policy that allows only this server's files, and no framing.
async fn security_headers(mut response: Response) -> Response {
    use axum::http::header::{self, HeaderValue};
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::X_FRAME_OPTIONS) {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(WORKBENCH_CSP),
        );
    }
    response
}

/// The workbench's policy: scripts, styles and requests from this server
/// only (styles may be set inline, as CodeMirror and Cytoscape do), blob:
/// for downloads, frames of this server's own pages (the network view),
/// and no framing of it by others.
const WORKBENCH_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Answers a connection over `--max-connections` with 503 and closes it.
async fn refuse_busy(mut stream: tokio::net::TcpStream, limit: usize) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = json!({
        "error": format!("the server is serving its limit of {limit} connections: retry shortly, or raise --max-connections")
    })
    .to_string();
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
        // Read what the client sent until it closes: closing with unread
        // input makes the kernel reset the connection, and the client may
        // then see the reset instead of the 503.
        let mut sink = [0u8; 4096];
        while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
    })
    .await;
}

/// Accepts connections until SIGINT or SIGTERM, then lets requests in
/// flight finish (up to [`SHUTDOWN_GRACE`]).
///
/// Each connection is HTTP/1.1 with hyper's limits set: the head must
/// arrive within `idle_timeout` and fit [`MAX_HEAD_BYTES`] and
/// [`MAX_HEADERS`], and a kept-alive connection idle for `idle_timeout` is
/// closed (a stalled request body is ended by the router's layers). A
/// client slow to send thus holds one connection for a bounded time; one
/// slow to read a response is bounded only by the connection cap, as at
/// most `max_connections` are served at once.
async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: Router,
    config: &Config,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(config.max_connections));
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before
                    // it was accepted: neither ends the server.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tokio::spawn(refuse_busy(stream, config.max_connections));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(config.idle_timeout)
            .max_header_size(MAX_HEAD_BYTES)
            .max_headers(MAX_HEADERS)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection ended: {e}");
            }
            drop(slot);
        });
    }
    // Stop listening at once: connections waiting in the queue get refused
    // rather than unanswered.
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still running after {SHUTDOWN_GRACE:?}: stopping anyway");
    }
    Ok(())
}

/// Shared by every request.
pub(crate) struct AppState {
    pub store: &'static Store,
    pub ingester: Mutex<Ingester<'static>>,
    pub config: Config,
    /// SHA-256 of the token: compared in constant time, never logged.
    token_digest: Option<[u8; 32]>,
    /// One permit per SPARQL evaluation allowed at once (`--max-queries`).
    query_slots: Arc<tokio::sync::Semaphore>,
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
        StoreError::Syntax(_)
        | StoreError::UnknownVariable(_)
        | StoreError::Refused(_)
        | StoreError::TooLarge(_) => StatusCode::BAD_REQUEST,
        StoreError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    error(status, e.to_string())
}

/// Runs a SPARQL evaluation on the blocking pool, under the query limits.
///
/// At most `--max-queries` evaluations run at once, and a slot is held
/// until its evaluation really ends. The client has its answer by the
/// timeout (plus [`QUERY_GRACE`]) even when oxigraph has not yet noticed
/// the cancellation, which it checks only when it reads the store: an
/// `ORDER BY` or an aggregate over a join held in memory can run on, and
/// then keeps its slot, so runaway queries cannot pile up beyond the limit.
pub(crate) async fn evaluate<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    let timeout = state.config.timeout;
    let slot = match tokio::time::timeout(timeout, state.query_slots.clone().acquire_owned()).await
    {
        Ok(Ok(slot)) => slot,
        _ => {
            return Err(error(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "all {} query workers are busy (queries past their timeout may still be \
                     finishing): retry shortly, or raise --max-queries",
                    state.config.max_queries
                ),
            ))
        }
    };
    let task = tokio::task::spawn_blocking(move || {
        let out = f();
        drop(slot);
        out
    });
    match tokio::time::timeout(timeout + QUERY_GRACE, task).await {
        Ok(done) => Ok(done.expect("query task panicked")),
        Err(_) => Err(error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the query was cancelled after {} s; oxigraph is still finishing an ORDER BY or \
                 aggregate over a large join, which holds one of --max-queries workers until it \
                 ends: narrow the query (add LIMIT, bind variables) or raise --timeout",
                timeout.as_secs()
            ),
        )),
    }
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
        query_slots: Arc::new(tokio::sync::Semaphore::new(config.max_queries)),
        config: config.clone(),
    });
    let mut app = Router::new()
        .route("/", get(assets::index))
        .route("/entity", get(assets::index))
        .route("/path", get(assets::index))
        .route("/assets/{name}", get(assets::asset))
        .route("/sparql", get(sparql::get).post(sparql::post))
        .route("/healthz", get(api::healthz))
        .route("/api/terms", get(api::terms))
        .route("/api/articles", post(api::post_articles))
        .route("/api/articles/{id}", delete(api::delete_article))
        .route("/api/entity", get(api::entity))
        .route("/api/profile", get(api::profile))
        .route("/api/search", get(api::search))
        .route("/api/path", get(api::path))
        .route("/api/rank", get(api::rank))
        .route("/api/communities", get(api::communities))
        .route("/api/export", get(api::export))
        .route("/api/queries", get(api::queries))
        .route("/api/queries/{name}", get(api::run_query))
        .layer(DefaultBodyLimit::max(config.max_body))
        // A body announced larger than the limit is refused before it is
        // read; one that stalls longer than the idle timeout between
        // chunks ends the request (a slow body holds no worker forever).
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            config.max_body,
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            config.idle_timeout,
        ))
        .layer(axum::middleware::map_response(security_headers))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state);
    if let Some(c) = cors {
        app = app.layer(c);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let served = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|cause| ServerError::Bind {
                addr: config.bind,
                cause,
            })?;
        let addr = listener.local_addr()?;
        // Tests and scripts read this line to find the port.
        eprintln!("hpkg serving http://{addr}/ (SPARQL at http://{addr}/sparql)");
        serve_connections(listener, app, &config).await?;
        Ok(())
    });
    // A query oxigraph has not yet stopped must not keep the process alive.
    rt.shutdown_timeout(Duration::from_secs(1));
    served
}
