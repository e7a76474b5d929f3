// hpkg HTML view: Cytoscape.js over the graph data embedded in this page.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("hpkg-data").textContent);
  var STAGES = ["discussed", "proposed", "signed", "active", "ended"];
  var big = data.nodes.length > 2000;

  // Name matching as hpkg's identity normaliser does it: NFKC, case
  // folding, Arabic marks and tatweel dropped, alef/ya/ta marbuta folded,
  // anything else that is not a letter or digit as a space.
  function normalize(s) {
    return (s || "").normalize("NFKC").toLowerCase()
      .replace(/[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, "")
      .replace(/[\u0623\u0625\u0622\u0671]/g, "\u0627")
      .replace(/\u0649/g, "\u064A").replace(/\u0629/g, "\u0647")
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    e.setAttribute("dir", "auto");
    return e;
  }

  var palette = data.palette;
  var typeIndex = {}, categoryIndex = {};
  data.nodes.forEach(function (n) {
    if (!(n.type in typeIndex)) typeIndex[n.type] = Object.keys(typeIndex).length;
    var c = n.category || "";
    if (!(c in categoryIndex)) categoryIndex[c] = Object.keys(categoryIndex).length;
  });

  var elements = [];
  data.nodes.forEach(function (n) {
    var d = {
      id: n.iri, label: n.label, label_en: n.label_en, label_ar: n.label_ar, type: n.type,
      category: n.category, country: n.country, group: n.group, community: n.community,
      degree: n.degree, size: n.size, search: n.labels.concat([n.label_en, n.label_ar]).map(normalize)
    };
    for (var m in n.scores) d["score_" + m] = n.scores[m];
    elements.push({ group: "nodes", data: d, position: { x: n.x, y: n.y } });
  });
  data.edges.forEach(function (e, i) {
    elements.push({ group: "edges", data: {
      id: "e" + i, source: e.source, target: e.target, weight: e.weight, relations: e.relations,
      stage: e.stage, first_date: e.first_date, last_date: e.last_date, articles: e.articles,
      evidence: e.evidence, amounts: e.amounts, width: 1 + Math.log(1 + e.weight) * 1.5
    } });
  });

  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: elements,
    layout: { name: "preset" },
    wheelSensitivity: 0.3,
    minZoom: 0.02,
    maxZoom: 8,
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    pixelRatio: big ? 1 : "auto",
    style: [
      { selector: "node", style: {
        "width": "data(size)", "height": "data(size)", "background-color": "data(color)",
        "label": "", "font-size": 10, "min-zoomed-font-size": big ? 10 : 6,
        "text-valign": "bottom", "text-margin-y": 2, "color": "#111827",
        "text-outline-color": "#ffffff", "text-outline-width": 2
      } },
      { selector: "edge", style: {
        "width": "data(width)", "line-color": "#9ca3af", "opacity": 0.7,
        "curve-style": big ? "haystack" : "bezier",
        "target-arrow-shape": data.directed ? "triangle" : "none", "target-arrow-color": "#9ca3af"
      } },
      { selector: "node.labelled, node:selected, node.match", style: { "label": "data(label)" } },
      { selector: ".match", style: { "border-width": 4, "border-color": "#dc2626" } },
      { selector: ":selected", style: { "border-width": 4, "border-color": "#111827", "line-color": "#111827", "opacity": 1 } },
      { selector: ".hidden", style: { "display": "none" } }
    ]
  });

  function recolor() {
    var by = document.getElementById("color-by").value;
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var i = by === "group" ? n.data("group") : by === "type" ? typeIndex[n.data("type")] : categoryIndex[n.data("category") || ""];
        n.data("color", palette[i % palette.length]);
      });
    });
    legend();
  }

  // The legend: what each colour stands for (the largest groups first,
  // a community named by its best-connected member) and what size means.
  function legend() {
    var by = document.getElementById("color-by").value, box = document.getElementById("legend");
    box.textContent = "";
    var groups = {};
    cy.nodes().forEach(function (n) {
      var key = by === "group" ? n.data("group") : by === "type" ? n.data("type") : (n.data("category") || "(none)");
      var g = groups[key] || (groups[key] = { n: 0, top: n, color: n.data("color") });
      g.n++;
      if (n.data("degree") > g.top.data("degree")) g.top = n;
    });
    var keys = Object.keys(groups).sort(function (a, b) { return groups[b].n - groups[a].n || (a < b ? -1 : 1); });
    box.appendChild(el("strong", "Colour: " + (by === "group" ? "community" : by)));
    keys.slice(0, 10).forEach(function (k) {
      var g = groups[k], row = el("div", null, { "class": "legend-row" });
      var sw = el("span", null, { "class": "swatch" });
      sw.style.background = g.color;
      row.appendChild(sw);
      row.appendChild(el("bdi", by === "group" ? g.top.data("label") + " (" + g.n + ")" : k + " (" + g.n + ")"));
      box.appendChild(row);
    });
    if (keys.length > 10) box.appendChild(el("div", "… " + (keys.length - 10) + " more", { "class": "hint" }));
    var key = sizeBy.value;
    box.appendChild(el("div", "Size: " + (key === "degree" ? "degree" : key.replace(/^score_/, "")) + " (larger is higher)", { "class": "legend-size" }));
  }

  // Labels for the most important nodes only, more as one zooms in.
  var bySize = [];
  function relabelByZoom() {
    var k = Math.max(10, Math.round(20 * cy.zoom() * cy.zoom() * (cy.width() * cy.height()) / 1e6));
    cy.batch(function () { bySize.forEach(function (n, i) { n.toggleClass("labelled", i < k); }); });
  }
  function rankBySize() {
    bySize = cy.nodes().sort(function (a, b) { return b.data("size") - a.data("size") || (a.id() < b.id() ? -1 : 1); }).toArray();
    relabelByZoom();
  }
  cy.on("zoom", relabelByZoom);

  var sizeBy = document.getElementById("size-by");
  data.measures.forEach(function (m) { sizeBy.appendChild(el("option", m, { value: "score_" + m })); });
  function resize() {
    var key = sizeBy.value;
    var vals = cy.nodes().map(function (n) { return key === "degree" ? n.data("degree") : (n.data(key) || 0); });
    var max = Math.max.apply(null, vals.concat([0]));
    cy.batch(function () {
      cy.nodes().forEach(function (n, i) { n.data("size", 6 + (max > 0 ? 34 * vals[i] / max : 0)); });
    });
    rankBySize();
    legend();
  }

  function within(date, since, until) {
    if (!date) return !(since || until);
    if (since && date.slice(0, since.length) < since.slice(0, date.length)) return false;
    if (until && date.slice(0, until.length) > until.slice(0, date.length)) return false;
    return true;
  }
  function refilter() {
    var min = document.getElementById("min-stage").value;
    var since = document.getElementById("since").value.trim();
    var until = document.getElementById("until").value.trim();
    var rank = STAGES.indexOf(min);
    var minWeight = +document.getElementById("min-weight").value || 0;
    var minDegree = +document.getElementById("min-degree").value || 0;
    var largest = document.getElementById("largest").checked;
    var ego = +document.getElementById("ego").value || 0, centre = cy.nodes(":selected")[0];
    cy.batch(function () {
      // Edges first (stage, dates, weight), then nodes by what is left.
      cy.edges().forEach(function (e) {
        var okStage = !min || (e.data("stage") && STAGES.indexOf(e.data("stage")) >= rank);
        var okDate = !(since || until) || within(e.data("last_date"), since, "") && within(e.data("first_date"), "", until);
        e.toggleClass("hidden", !(okStage && okDate && e.data("weight") >= minWeight));
      });
      var edges = cy.edges().filter(function (e) { return !e.hasClass("hidden"); });
      var keep = cy.nodes().filter(function (n) {
        return !minDegree || n.connectedEdges().intersection(edges).length >= minDegree;
      });
      if (ego && centre) {
        var near = centre.collection(), frontier = centre.collection();
        for (var d = 0; d < ego; d++) {
          frontier = frontier.connectedEdges().intersection(edges).connectedNodes().difference(near);
          near = near.union(frontier);
        }
        keep = keep.intersection(near).union(centre);
      }
      if (largest) {
        var comps = keep.union(edges.filter(function (e) { return keep.contains(e.source()) && keep.contains(e.target()); })).components();
        var big = comps.reduce(function (a, c) { return c.nodes().length > a.nodes().length ? c : a; }, cy.collection());
        keep = big.nodes();
      }
      cy.nodes().forEach(function (n) { n.toggleClass("hidden", !keep.contains(n)); });
    });
    counts();
  }
  function counts() {
    var shown = cy.edges().filter(function (e) { return !e.hasClass("hidden") && !e.source().hasClass("hidden") && !e.target().hasClass("hidden"); }).length;
    var nodes = cy.nodes().filter(function (n) { return !n.hasClass("hidden"); }).length;
    document.getElementById("counts").textContent = nodes + " of " + cy.nodes().length + " nodes, " + shown + " of " + cy.edges().length + " edges";
  }

  // notes: article IRI -> the evidence note for this link (edges only).
  function articleList(iris, notes) {
    var ul = el("ul");
    iris.slice().sort(function (a, b) {
      var x = data.articles[a] || {}, y = data.articles[b] || {};
      return (y.date || "").localeCompare(x.date || "") || a.localeCompare(b);
    }).forEach(function (iri) {
      var a = data.articles[iri] || { id: iri, title: iri };
      var li = el("li");
      // Only web links: the input contract allows any URL scheme, and a
      // javascript: or data: URL must stay text.
      if (a.url && /^https?:\/\//i.test(a.url)) {
        var link = el("a", a.title, { href: a.url, target: "_blank", rel: "noopener noreferrer" });
        li.appendChild(link);
      } else {
        li.appendChild(el("span", a.title));
      }
      li.appendChild(el("div", (a.date || "") + " · " + a.id, { "class": "meta" }));
      if (notes && notes[iri]) li.appendChild(el("div", notes[iri], { "class": "evidence" }));
      ul.appendChild(li);
    });
    return ul;
  }

  function show(title, rows, articles, notes) {
    var panel = document.getElementById("panel");
    panel.textContent = "";
    panel.appendChild(el("h2", title));
    var dl = el("dl");
    rows.forEach(function (r) {
      if (r[1] === undefined || r[1] === null || r[1] === "") return;
      dl.appendChild(el("dt", r[0]));
      dl.appendChild(el("dd", r[1]));
    });
    panel.appendChild(dl);
    panel.appendChild(el("h3", "Supporting articles (" + articles.length + ")"));
    panel.appendChild(articleList(articles, notes));
  }

  function showNode(n) {
    var rows = [["IRI", n.id()], ["type", n.data("type")], ["category", n.data("category")],
      ["country", n.data("country")], ["degree", n.data("degree")], ["community", n.data("community")],
      ["English", n.data("label_en")], ["العربية", n.data("label_ar")]];
    data.measures.forEach(function (m) { rows.push([m, n.data("score_" + m)]); });
    var arts = {};
    n.connectedEdges().forEach(function (e) { (e.data("articles") || []).forEach(function (a) { arts[a] = true; }); });
    show(n.data("label"), rows, Object.keys(arts));
  }

  function showEdge(e) {
    var amounts = Object.keys(e.data("amounts") || {}).map(function (c) { return e.data("amounts")[c] + " " + c; }).join(", ");
    show(e.source().data("label") + " — " + e.target().data("label"), [
      ["relations", (e.data("relations") || []).join(", ")], ["stage", e.data("stage")],
      ["first date", e.data("first_date")], ["last date", e.data("last_date")],
      ["weight", e.data("weight")], ["amounts", amounts]
    ], e.data("articles") || [], e.data("evidence") || {});
  }

  cy.on("tap", "node", function (ev) { showNode(ev.target); });
  cy.on("tap", "edge", function (ev) { showEdge(ev.target); });

  function select(n) {
    cy.elements().unselect();
    n.select();
    cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 0 });
    showNode(n);
  }

  function search(q) {
    var want = normalize(q);
    var matches = want ? cy.nodes().filter(function (n) {
      return n.data("search").some(function (s) { return s.indexOf(want) >= 0; });
    }) : cy.collection();
    cy.nodes().removeClass("match");
    matches.addClass("match");
    var list = document.getElementById("matches");
    list.textContent = "";
    matches.slice(0, 30).forEach(function (n) {
      var li = el("li", n.data("label") + (n.data("label_ar") && n.data("label_ar") !== n.data("label") ? " · " + n.data("label_ar") : ""));
      li.addEventListener("click", function () { list.textContent = ""; select(n); });
      list.appendChild(li);
    });
    if (matches.length === 1) { list.textContent = ""; select(matches[0]); }
    else if (matches.length > 1) cy.fit(matches, 80);
    return matches;
  }

  function relabel() {
    var lang = document.getElementById("label-lang").value;
    cy.batch(function () { cy.nodes().forEach(function (n) { n.data("label", n.data("label_" + lang) || n.data("label")); }); });
  }

  document.getElementById("search").addEventListener("input", function (e) { search(e.target.value); });
  document.getElementById("color-by").addEventListener("change", recolor);
  sizeBy.addEventListener("change", resize);
  ["min-stage", "since", "until", "min-degree", "min-weight", "largest", "ego"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", refilter);
    document.getElementById(id).addEventListener("input", refilter);
  });
  var langSel = document.getElementById("label-lang");
  langSel.value = data.lang === "ar" ? "ar" : "en";
  langSel.addEventListener("change", relabel);

  cy.on("select", "node", function () { if (document.getElementById("ego").value) refilter(); });
  recolor();
  relabel();
  rankBySize();
  counts();
  cy.fit(undefined, 30);
  window.hpkg = { cy: cy, search: search, select: select, normalize: normalize, data: data, refilter: refilter };
})();
