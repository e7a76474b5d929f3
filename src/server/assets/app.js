// hpkg workbench: SPARQL editor and named queries, entity pages and a path
// finder over the hpkg server's API. No library beyond the vendored ones.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }
  function name(text) { return el("bdi", text, { dir: "auto" }); }
  function date(text) { return el("bdi", text, { dir: "ltr", "class": "date" }); }
  // An element holding text and nodes in order (strings become text).
  function line(tag, parts, attrs) {
    var e = el(tag, null, attrs);
    parts.forEach(function (p) { if (p !== null && p !== undefined) e.appendChild(typeof p === "string" ? document.createTextNode(p) : p); });
    return e;
  }
  // Only web links and this server's own pages become links: an article
  // URL or a result IRI may be javascript: or data:, which stay text.
  // Names and titles may be Arabic inside English text: each is its own
  // direction-isolated run (dir="auto" isolates an inline element), and
  // dates are an LTR isolate, so neither reorders the text around it.
  function link(text, href) {
    var external = /^https?:\/\//i.test(href), local = /^\/(?!\/)/.test(href);
    if (!external && !local) return name(text);
    var a = el("a", text, { href: href, dir: "auto" });
    if (external) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
    return a;
  }
  function fail(where, msg) { where.textContent = ""; where.appendChild(el("div", msg, { "class": "error" })); }
  async function getJSON(url) {
    var r = await fetch(url, { headers: { Accept: "application/json" } });
    var body = await r.json().catch(function () { return {}; });
    if (!r.ok) { var e = new Error(body.error || r.statusText); e.body = body; throw e; }
    return body;
  }

  // ---------------------------------------------------------------- routing
  function show(view) {
    ["query", "entity", "path"].forEach(function (v) { $("view-" + v).classList.toggle("hidden", v !== view); });
    document.querySelectorAll("header nav a").forEach(function (a) { a.classList.toggle("active", a.dataset.view === view); });
  }
  function route() {
    var u = new URL(location.href);
    if (u.pathname === "/entity") {
      show("entity");
      var ref = u.searchParams.get("ref");
      if (ref) { $("entity-ref").value = ref; loadEntity(ref); }
    } else if (u.pathname === "/path") {
      show("path");
      var f = u.searchParams.get("from"), t = u.searchParams.get("to");
      if (u.searchParams.get("k")) $("path-k").value = u.searchParams.get("k");
      if (f && t) { $("path-from").value = f; $("path-to").value = t; findPath(f, t); }
    } else {
      show("query");
    }
  }
  function go(url) { history.pushState(null, "", url); route(); }
  window.addEventListener("popstate", route);
  document.querySelectorAll("header nav a").forEach(function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); go(a.getAttribute("href")); });
  });

  // ---------------------------------------------------------------- query view
  var editor = CodeMirror.fromTextArea($("editor"), { mode: "application/sparql-query", lineNumbers: true });

  // ------------------------------------------------------- editor: keys, errors, history, completion
  // Ctrl+Enter (Cmd+Enter) runs; Ctrl+Space completes a prefix or an hp:
  // term; a syntax error is underlined where the message says; the last
  // 20 queries run are kept in this browser.
  var terms = { prefixes: {}, hp: [] };
  getJSON("/api/terms").then(function (t) { terms = t; }).catch(function () {});
  var errorMark = null;
  function clearError() { if (errorMark) { errorMark.clear(); errorMark = null; } }
  function markError(msg) {
    var m = /at line (\d+), column (\d+)/.exec(msg || "");
    if (!m) return;
    var line = Math.min(+m[1] - 1, editor.lineCount() - 1), text = editor.getLine(line) || "";
    var ch = Math.min(+m[2] - 1, Math.max(text.length - 1, 0));
    errorMark = editor.markText({ line: line, ch: ch }, { line: line, ch: Math.max(ch + 1, text.length ? ch + 1 : 0) },
      { className: "cm-syntax-error", attributes: { title: msg.split("\n")[0] } });
    editor.setCursor({ line: line, ch: ch });
  }
  editor.on("change", clearError);
  var HISTORY = "hpkg.history";
  function history() { try { return JSON.parse(localStorage.getItem(HISTORY)) || []; } catch (e) { return []; } }
  function remember(text) {
    var h = history().filter(function (t) { return t !== text; });
    h.unshift(text);
    try { localStorage.setItem(HISTORY, JSON.stringify(h.slice(0, 20))); } catch (e) { /* storage off */ }
    showHistory();
  }
  function showHistory() {
    var sel = $("history");
    sel.textContent = "";
    sel.appendChild(el("option", "History (" + history().length + ")", { value: "" }));
    history().forEach(function (t, i) {
      sel.appendChild(el("option", t.replace(/\s+/g, " ").slice(0, 80), { value: String(i) }));
    });
  }
  $("history").addEventListener("change", function () {
    var t = history()[+this.value];
    if (t !== undefined) { $("named").value = ""; editor.setValue(t); }
    this.value = "";
  });
  showHistory();

  var popup = null;
  function closePopup() { if (popup) { popup.el.remove(); editor.removeKeyMap(popup.keys); popup = null; } }
  function complete() {
    closePopup();
    var cur = editor.getCursor(), line = editor.getLine(cur.line).slice(0, cur.ch);
    var m = /([A-Za-z][\w-]*)?(:?)([\w]*)$/.exec(line);
    var word = m ? m[0] : "", items;
    if (m && m[2] === ":" && m[1] === "hp") {
      items = terms.hp.filter(function (t) { return t.toLowerCase().indexOf(m[3].toLowerCase()) === 0; })
        .map(function (t) { return "hp:" + t; });
    } else {
      items = Object.keys(terms.prefixes).map(function (p) { return p + ":"; })
        .filter(function (p) { return p.indexOf(word) === 0; });
    }
    if (!items.length) return;
    var from = { line: cur.line, ch: cur.ch - word.length };
    var ul = el("ul", null, { "class": "completions", id: "completions" }), at = 0;
    items.slice(0, 40).forEach(function (t) { ul.appendChild(el("li", t)); });
    var pos = editor.cursorCoords(true, "page");
    ul.style.left = pos.left + "px"; ul.style.top = pos.bottom + "px";
    document.body.appendChild(ul);
    function pick(i) { editor.replaceRange(items[i], from, editor.getCursor()); closePopup(); editor.focus(); }
    function hi() { Array.prototype.forEach.call(ul.children, function (li, i) { li.classList.toggle("active", i === at); }); }
    Array.prototype.forEach.call(ul.children, function (li, i) { li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(i); }); });
    var keys = {
      Up: function () { at = (at + ul.children.length - 1) % ul.children.length; hi(); },
      Down: function () { at = (at + 1) % ul.children.length; hi(); },
      Enter: function () { pick(at); }, Tab: function () { pick(at); }, Esc: closePopup
    };
    editor.addKeyMap(keys);
    popup = { el: ul, keys: keys };
    hi();
  }
  editor.on("blur", function () { setTimeout(closePopup, 100); });
  editor.setOption("extraKeys", { "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); }, "Ctrl-Space": complete });
  var queries = [];
  var lastResult = null;
  getJSON("/api/queries").then(function (qs) {
    queries = qs;
    qs.forEach(function (q) { $("named").appendChild(el("option", q.name + " — " + q.title, { value: q.name })); });
  });
  $("named").addEventListener("change", function () {
    var q = queries.find(function (x) { return x.name === $("named").value; });
    var form = $("params");
    form.textContent = "";
    $("named-desc").textContent = q ? q.description : "";
    if (!q) return;
    editor.setValue(q.text);
    q.params.forEach(function (p) {
      var label = el("label", p.name + " ");
      var input = el("input", null, { name: p.name, placeholder: p.kind + (p.default ? " (default " + p.default + ")" : ""), dir: "auto", size: 34, title: p.description });
      label.appendChild(input);
      form.appendChild(label);
    });
  });

  function termText(t) { return t ? t.value : ""; }
  function renderTable(data) {
    var out = $("results");
    out.textContent = "";
    if (data.boolean !== undefined) { out.appendChild(el("p", "ASK: " + data.boolean)); return; }
    var vars = data.head.vars, rows = data.results.bindings;
    var table = el("table"), head = el("tr");
    vars.forEach(function (v) { head.appendChild(el("th", "?" + v)); });
    table.appendChild(head);
    rows.forEach(function (r) {
      var tr = el("tr");
      vars.forEach(function (v) {
        var td = el("td"), t = r[v];
        if (t && t.type === "uri" && t.value.indexOf("https://w3id.org/hpkg/id/") === 0 && !/\/article\/|\/concept\//.test(t.value)) {
          td.appendChild(link(t.value.replace("https://w3id.org/hpkg/id/", "hpid:"), "/entity?ref=" + encodeURIComponent(t.value)));
        } else if (t && t.type === "uri") {
          td.appendChild(link(t.value, t.value));
        } else {
          td.textContent = termText(t);
        }
        td.setAttribute("dir", "auto");
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    out.appendChild(table);
    out.appendChild(el("p", rows.length + " row" + (rows.length === 1 ? "" : "s"), { "class": "hint" }));
  }

  function parseNTriples(text) {
    var term = /(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)/g;
    return text.split("\n").filter(Boolean).map(function (line) { return line.match(term) || []; })
      .filter(function (t) { return t.length >= 3; });
  }
  // opts.directed: arrows (RDF triples); undirected links (projections)
  // have none. A tap on an entity opens its page; a tap on a link with
  // articles lists them, with their evidence notes, under the graph.
  function drawGraph(container, nodes, edges, opts) {
    opts = opts || {};
    container.classList.remove("hidden");
    container.textContent = "";
    var info = container.nextElementSibling && container.nextElementSibling.classList.contains("graph-info")
      ? container.nextElementSibling : null;
    if (!info) {
      info = el("div", null, { "class": "graph-info hint" });
      container.parentNode.insertBefore(info, container.nextSibling);
    }
    info.textContent = "Click an entity to open its page" + (edges.some(function (e) { return e.articles; }) ? ", a link to see its evidence." : ".");
    var cy = cytoscape({
      container: container,
      elements: nodes.map(function (n) { return { data: n }; }).concat(edges.map(function (e, i) { return { data: Object.assign({ id: "e" + i }, e) }; })),
      layout: { name: "cose", animate: false, randomize: false },
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 10, "background-color": "#4e79a7", "text-valign": "bottom", width: 16, height: 16 } },
        { selector: "edge", style: { label: "data(label)", "font-size": 8, width: 1.5, "line-color": "#9ca3af", "curve-style": "bezier",
          "target-arrow-shape": opts.directed ? "triangle" : "none", "target-arrow-color": "#9ca3af" } }
      ]
    });
    // A few nodes fit to the frame would be drawn huge: zoom in no further
    // than labels of about 16 px.
    if (cy.zoom() > 1.6) { cy.zoom(1.6); cy.center(); }
    cy.on("tap", "node", function (ev) {
      var id = ev.target.id();
      var iri = id[0] === "<" ? id.slice(1, -1) : id;
      if (/^https?:\/\//.test(iri)) go("/entity?ref=" + encodeURIComponent(iri));
    });
    cy.on("tap", "edge", function (ev) {
      var arts = ev.target.data("articles");
      if (!arts) return;
      info.textContent = "";
      info.appendChild(el("div", ev.target.source().data("label") + " — " + ev.target.target().data("label") + ": " + ev.target.data("label")));
      var ul = el("ul");
      arts.forEach(function (a) { ul.appendChild(articleLink(a)); });
      info.appendChild(ul);
    });
    return cy;
  }
  function short(t) {
    if (t[0] === "<") { var i = t.slice(1, -1); return i.replace(/^.*[\/#]/, ""); }
    return t.replace(/^"|"(@[\w-]+|\^\^<[^>]*>)?$/g, "");
  }

  async function run() {
    $("status").textContent = "running…";
    $("graph").classList.add("hidden");
    var name = $("named").value, q = queries.find(function (x) { return x.name === name; });
    var text = editor.getValue();
    var resp;
    try {
      if (q && text === q.text) {
        var params = new URLSearchParams();
        new FormData($("params")).forEach(function (v, k) { if (v) params.append(k, v); });
        resp = await fetch("/api/queries/" + encodeURIComponent(name) + "?" + params, { headers: { Accept: "application/sparql-results+json" } });
      } else {
        resp = await fetch("/sparql", { method: "POST", body: new URLSearchParams({ query: text }),
          headers: { Accept: "application/sparql-results+json, application/n-triples;q=0.9" } });
      }
      var ct = resp.headers.get("content-type") || "";
      if (!resp.ok) {
        var err = await resp.json().catch(function () { return { error: resp.statusText }; });
        var msg = err.error || resp.statusText;
        if (err.candidates) msg += "\n" + err.candidates.map(function (c) { return c.iri + "  " + c.labels; }).join("\n");
        fail($("results"), msg); $("status").textContent = ""; markError(msg); return;
      }
      remember(text);
      if (ct.indexOf("n-triples") >= 0) {
        var triples = parseNTriples(await resp.text()), ids = {}, nodes = [], edges = [];
        triples.forEach(function (t) {
          [t[0], t[2]].forEach(function (x) { if (!ids[x]) { ids[x] = true; nodes.push({ id: x, label: short(x) }); } });
          edges.push({ source: t[0], target: t[2], label: short(t[1]) });
        });
        $("results").textContent = triples.length + " triples";
        drawGraph($("graph"), nodes, edges, { directed: true });
        lastResult = null;
      } else {
        lastResult = await resp.json();
        renderTable(lastResult);
      }
      $("dl-csv").disabled = $("dl-json").disabled = !lastResult;
      $("status").textContent = "";
    } catch (e) { fail($("results"), String(e)); $("status").textContent = ""; }
  }
  $("run").addEventListener("click", run);
  function download(name, type, text) {
    var a = el("a", null, { href: URL.createObjectURL(new Blob([text], { type: type })), download: name });
    document.body.appendChild(a); a.click(); a.remove();
  }
  $("dl-json").addEventListener("click", function () { download("results.json", "application/json", JSON.stringify(lastResult)); });
  $("dl-csv").addEventListener("click", function () {
    var vars = lastResult.head.vars || [];
    var q = function (s) { return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    var lines = [vars.join(",")].concat((lastResult.results ? lastResult.results.bindings : []).map(function (r) {
      return vars.map(function (v) { return q(termText(r[v])); }).join(",");
    }));
    download("results.csv", "text/csv", lines.join("\r\n") + "\r\n");
  });
  $("show-projection").addEventListener("click", function () {
    var f = $("projection");
    f.classList.remove("hidden");
    f.src = "/api/export?projection=partners&format=html";
    f.scrollIntoView({ block: "start" });
  });

  // ---------------------------------------------------------------- autocomplete
  function autocomplete(input, list) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(async function () {
        if (input.value.length < 2) return;
        var hits = await getJSON("/api/search?limit=12&q=" + encodeURIComponent(input.value)).catch(function () { return []; });
        list.textContent = "";
        hits.forEach(function (h) {
          list.appendChild(el("option", h.label_ar && h.label_ar !== h.label_en ? h.label_ar : h.type, { value: h.label_en }));
        });
      }, 150);
    });
  }
  autocomplete($("entity-ref"), $("entity-list"));
  autocomplete($("path-from"), $("from-list"));
  autocomplete($("path-to"), $("to-list"));

  // ---------------------------------------------------------------- entity page
  function articleLink(a) {
    var li = el("li");
    li.appendChild(a.url ? link(a.title || a.id, a.url) : name(a.title || a.id));
    li.appendChild(line("span", [" (", date(a.date || ""), ")"], { "class": "hint" }));
    if (a.evidence) li.appendChild(el("div", a.evidence, { "class": "evidence", dir: "auto" }));
    return li;
  }
  async function loadEntity(ref) {
    var box = $("entity");
    box.textContent = "loading…";
    try {
      var e = await getJSON("/api/entity?ref=" + encodeURIComponent(ref));
      box.textContent = "";
      var card = el("div", null, { "class": "card names" });
      card.appendChild(el("h2", e.label_en));
      card.appendChild(el("div", e.label_ar, { "class": "ar", dir: "rtl", lang: "ar", id: "entity-ar" }));
      card.appendChild(el("div", [e.type, e.category, e.country].filter(Boolean).join(" · "), { "class": "hint" }));
      card.appendChild(el("div", e.iri, { "class": "hint" }));
      var all = [];
      for (var lang in e.names) all = all.concat(e.names[lang]);
      var names = ["Names: "];
      all.filter(Boolean).forEach(function (n, i) { if (i) names.push(" | "); names.push(name(n)); });
      card.appendChild(line("div", names, { "class": "all-names" }));
      var dl = line("div", ["Dossier: "], { "class": "hint downloads" });
      ["md", "html", "json"].forEach(function (f, i) {
        if (i) dl.appendChild(document.createTextNode(" · "));
        dl.appendChild(el("a", f === "md" ? "Markdown" : f.toUpperCase(), {
          href: "/api/profile?format=" + f + "&ref=" + encodeURIComponent(e.iri), download: "", id: "dossier-" + f }));
      });
      card.appendChild(dl);
      box.appendChild(card);
      if (e.roles.length) {
        box.appendChild(el("h3", "Roles"));
        var ul = el("ul");
        e.roles.forEach(function (r) {
          var parts = [name(r.titles.join(" / ")), " — "];
          r.with.forEach(function (w, i) { if (i) parts.push(", "); parts.push(name(w.label)); });
          parts.push(" ");
          var li = line("li", parts);
          if (r.article.url) li.appendChild(link("[" + r.article.id + "]", r.article.url));
          ul.appendChild(li);
        });
        box.appendChild(ul);
      }
      box.appendChild(el("h3", "Partners, by evidence (" + e.partners.length + ")"));
      var pl = el("ul");
      e.partners.forEach(function (p) {
        var li = el("li");
        li.appendChild(link(p.label, "/entity?ref=" + encodeURIComponent(p.iri)));
        li.appendChild(el("span", " — " + p.weight + " article" + (p.weight === 1 ? "" : "s") + ", " + p.relations.join(", ") + (p.stage ? ", " + p.stage : ""), { "class": "hint count" }));
        pl.appendChild(li);
      });
      box.appendChild(pl);
      box.appendChild(el("h3", "Timeline (" + e.timeline.length + " facts)"));
      var tl = el("ul", null, { id: "timeline" });
      e.timeline.forEach(function (t) {
        var parts = [date(t.when || ""), " · " + t.type + (t.stage ? " (" + t.stage + ")" : "") + " with "];
        t.with.forEach(function (w, i) { if (i) parts.push(", "); parts.push(name(w.label)); });
        parts.push(" — ");
        var li = line("li", parts);
        li.appendChild(t.article.url ? link(t.article.title, t.article.url) : name(t.article.title));
        tl.appendChild(li);
      });
      box.appendChild(tl);
    } catch (err) {
      var msg = String(err.message);
      if (err.body && err.body.candidates) msg += "\n" + err.body.candidates.map(function (c) { return c.iri + "  " + c.labels; }).join("\n");
      fail(box, msg);
    }
  }
  $("entity-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    go("/entity?ref=" + encodeURIComponent($("entity-ref").value));
  });

  // ---------------------------------------------------------------- path finder
  async function findPath(from, to) {
    var box = $("path");
    box.textContent = "searching…";
    var k = $("path-k").value, w = $("path-weighted").checked ? "&weighted=true" : "";
    try {
      var r = await fetch("/api/path?from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to) + "&k=" + k + w);
      var doc = await r.json();
      box.textContent = "";
      if (!r.ok) { fail(box, doc.error); $("path-graph").classList.add("hidden"); return; }
      var nodes = {}, edges = [], drawn = {};
      doc.paths.forEach(function (p, i) {
        var card = el("div", null, { "class": "card path" });
        card.appendChild(el("h3", "Path " + (i + 1) + ": " + p.length + " hop" + (p.length === 1 ? "" : "s")));
        p.nodes.forEach(function (n, j) {
          nodes[n.iri] = n.label;
          var nd = el("div", null, { "class": "node", dir: "auto" });
          nd.appendChild(link(n.label, "/entity?ref=" + encodeURIComponent(n.iri)));
          card.appendChild(nd);
          var h = p.hops[j];
          if (!h) return;
          var arts = [], types = [];
          h.relations.forEach(function (x) {
            arts = arts.concat(x.articles);
            if (types.indexOf(x.type) < 0) types.push(x.type);
          });
          // Paths share hops: each link once.
          var key = [h.from, h.to].sort().join(" ");
          if (!drawn[key]) { drawn[key] = true; edges.push({ source: h.from, target: h.to, label: types.join(", "), articles: arts }); }
          var hop = el("div", null, { "class": "hop" });
          h.relations.forEach(function (rel) {
            hop.appendChild(el("div", rel.type + (rel.stage ? ", " + rel.stage : "") + (rel.date ? ", " + rel.date : "")));
            var ul = el("ul");
            rel.articles.forEach(function (a) { ul.appendChild(articleLink(a)); });
            hop.appendChild(ul);
          });
          card.appendChild(hop);
        });
        box.appendChild(card);
      });
      drawGraph($("path-graph"), Object.keys(nodes).map(function (id) { return { id: id, label: nodes[id] }; }), edges);
    } catch (e) { fail(box, String(e)); }
  }
  $("path-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    go("/path?from=" + encodeURIComponent($("path-from").value) + "&to=" + encodeURIComponent($("path-to").value) + "&k=" + $("path-k").value);
  });

  route();
  window.hpkgWorkbench = { run: run, editor: editor, loadEntity: loadEntity, findPath: findPath, complete: complete };
})();
