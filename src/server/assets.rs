//! The workbench's files, built into the binary. JavaScript libraries are
//! vendored from the npm registry at pinned versions (see `vendor/`), so
//! the workbench works with no internet.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

const INDEX: &str = include_str!("assets/index.html");
const FILES: &[(&str, &str, &str)] = &[
    ("app.js", "text/javascript", include_str!("assets/app.js")),
    ("app.css", "text/css", include_str!("assets/app.css")),
    (
        "codemirror.js",
        "text/javascript",
        include_str!("assets/vendor/codemirror-5.65.21.js"),
    ),
    (
        "codemirror.css",
        "text/css",
        include_str!("assets/vendor/codemirror-5.65.21.css"),
    ),
    (
        "sparql-mode.js",
        "text/javascript",
        include_str!("assets/vendor/codemirror-5.65.21-sparql.js"),
    ),
    (
        "cytoscape.js",
        "text/javascript",
        include_str!("../export/vendor/cytoscape-3.35.0.min.js"),
    ),
];

/// `/`, `/entity` and `/path`: one page that routes by URL, so every view
/// has a shareable address.
pub async fn index() -> Html<&'static str> {
    Html(INDEX)
}

/// `/assets/{name}`
pub async fn asset(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, ct, body)) => (
            [
                (header::CONTENT_TYPE, format!("{ct}; charset=utf-8")),
                (header::CACHE_CONTROL, "max-age=3600".into()),
            ],
            *body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}
