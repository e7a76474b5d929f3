//! The self-contained HTML view: Cytoscape.js (vendored, MIT) with the
//! graph's data inline. It makes no request to any network.

use super::View;
use serde_json::json;

const CYTOSCAPE: &str = include_str!("vendor/cytoscape-3.35.0.min.js");
const CYTOSCAPE_LICENSE: &str = include_str!("vendor/cytoscape-3.35.0.LICENSE");
const APP_JS: &str = include_str!("view.js");
const APP_CSS: &str = include_str!("view.css");

/// The page's Content-Security-Policy: its own inline script and style
/// only, nothing fetched. A server sending the page sends this header too.
pub const CSP: &str =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/// Makes text safe inside a `<script>` element.
fn script_safe(s: &str) -> String {
    s.replace("</", "<\\/").replace("<!--", "<\\!--")
}

pub(super) fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One HTML file: the graph, the viewer and the library, nothing fetched.
pub fn html(v: &View) -> String {
    let data = json!({
        "projection": v.projection,
        "directed": v.directed,
        "filters": v.filters,
        "lang": v.lang,
        "measures": v.measures,
        "palette": super::PALETTE.iter().map(|(r, g, b)| format!("#{r:02x}{g:02x}{b:02x}")).collect::<Vec<_>>(),
        "nodes": v.nodes,
        "edges": v.edges,
        "articles": v.articles,
    });
    let title = format!("hpkg: {} projection", v.projection);
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
  <strong>{title}</strong>
  <input id="search" type="search" placeholder="Search a name (English or العربية)" dir="auto" autocomplete="off">
  <label>Colour <select id="color-by"><option value="group">community</option><option value="type">type</option><option value="category">category</option></select></label>
  <label>Size <select id="size-by"><option value="degree">degree</option></select></label>
  <label>Min stage <select id="min-stage"><option value="">any</option><option>discussed</option><option>proposed</option><option>signed</option><option>active</option><option>ended</option></select></label>
  <label>From <input id="since" type="text" placeholder="YYYY[-MM[-DD]]" size="10"></label>
  <label>To <input id="until" type="text" placeholder="YYYY[-MM[-DD]]" size="10"></label>
  <label>Labels <select id="label-lang"><option value="en">English</option><option value="ar">العربية</option></select></label>
  <label>Min degree <input id="min-degree" type="number" min="0" value="0" size="3"></label>
  <label>Min weight <input id="min-weight" type="number" min="0" value="0" step="1" size="3"></label>
  <label><input id="largest" type="checkbox"> largest component</label>
  <label>Around the selected node <select id="ego"><option value="">everything</option><option value="1">1 hop</option><option value="2">2 hops</option></select></label>
  <span id="counts"></span>
</header>
<main>
  <div id="cy"></div>
  <div id="legend" dir="ltr"></div>
  <aside id="panel" dir="auto"><p class="hint">Click a node or an edge to see its attributes and the articles behind it.</p></aside>
</main>
<ul id="matches" dir="auto"></ul>
<script type="application/json" id="hpkg-data">{data}</script>
<!-- Cytoscape.js 3.35.0, https://js.cytoscape.org/
{license}
-->
<script>{cytoscape}</script>
<script>{app}</script>
</body>
</html>
"#,
        csp = CSP,
        lang = html_escape(&v.lang),
        title = html_escape(&title),
        css = APP_CSS,
        data = script_safe(&data.to_string()),
        license = CYTOSCAPE_LICENSE.replace("--", "- -"),
        cytoscape = script_safe(CYTOSCAPE),
        app = script_safe(APP_JS),
    )
}
