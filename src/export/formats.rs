//! GraphML, GEXF 1.3, DOT, Cytoscape.js JSON and CSV writers.

use super::View;
use serde_json::{json, Value};
use std::fmt::Write as _;

/// Escapes text for XML attributes and content.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A float as XML/DOT text (`2` rather than `2.0` is fine for readers).
fn num(v: f64) -> String {
    format!("{v}")
}

/// The attributes every format carries, in a fixed order: (name, type,
/// value) per node or edge. Types are GraphML's: string, int, double.
fn node_attrs(v: &View, n: &super::NodeView) -> Vec<(String, &'static str, Option<String>)> {
    let mut a = vec![
        ("iri".to_owned(), "string", Some(n.iri.clone())),
        ("label".to_owned(), "string", Some(n.label.clone())),
        ("labels".to_owned(), "string", Some(n.labels.join(" | "))),
        ("type".to_owned(), "string", Some(n.ty.clone())),
        ("category".to_owned(), "string", n.category.clone()),
        ("country".to_owned(), "string", n.country.clone()),
        ("degree".to_owned(), "int", Some(n.degree.to_string())),
        (
            "community".to_owned(),
            "int",
            n.community.map(|c| c.to_string()),
        ),
    ];
    for m in &v.measures {
        a.push((
            format!("score_{m}"),
            "double",
            n.scores.get(m).map(|s| num(*s)),
        ));
    }
    a
}

fn edge_attrs(v: &View, e: &super::EdgeView) -> Vec<(String, &'static str, Option<String>)> {
    let mut a = vec![
        ("weight".to_owned(), "double", Some(num(e.weight))),
        (
            "relations".to_owned(),
            "string",
            Some(e.relations.join(",")),
        ),
        ("stage".to_owned(), "string", e.stage.clone()),
        ("first_date".to_owned(), "string", e.first_date.clone()),
        ("last_date".to_owned(), "string", e.last_date.clone()),
        (
            "article_count".to_owned(),
            "int",
            Some(e.articles.len().to_string()),
        ),
        ("articles".to_owned(), "string", Some(e.articles.join(" "))),
    ];
    for c in &v.currencies {
        a.push((
            format!("amount_{c}"),
            "double",
            e.amounts.get(c).map(|x| num(*x)),
        ));
    }
    a
}

/// GraphML with declared, typed keys (`attr.type`).
pub fn graphml(v: &View) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    let proto_n = v
        .nodes
        .first()
        .map(|n| node_attrs(v, n))
        .unwrap_or_else(|| node_attrs(v, &empty_node()));
    for (name, ty, _) in &proto_n {
        let _ = writeln!(
            s,
            "  <key id=\"n_{name}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    let proto_e = v
        .edges
        .first()
        .map(|e| edge_attrs(v, e))
        .unwrap_or_else(|| edge_attrs(v, &empty_edge()));
    for (name, ty, _) in &proto_e {
        let _ = writeln!(
            s,
            "  <key id=\"e_{name}\" for=\"edge\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    let _ = writeln!(
        s,
        "  <graph id=\"{}\" edgedefault=\"{}\">",
        xml(&v.projection),
        if v.directed { "directed" } else { "undirected" }
    );
    for n in &v.nodes {
        let _ = writeln!(s, "    <node id=\"{}\">", xml(&n.iri));
        for (name, _, val) in node_attrs(v, n) {
            if let Some(val) = val {
                let _ = writeln!(s, "      <data key=\"n_{name}\">{}</data>", xml(&val));
            }
        }
        s.push_str("    </node>\n");
    }
    for (i, e) in v.edges.iter().enumerate() {
        let _ = writeln!(
            s,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
            xml(&e.source),
            xml(&e.target)
        );
        for (name, _, val) in edge_attrs(v, e) {
            if let Some(val) = val {
                let _ = writeln!(s, "      <data key=\"e_{name}\">{}</data>", xml(&val));
            }
        }
        s.push_str("    </edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

fn empty_node() -> super::NodeView {
    super::NodeView {
        iri: String::new(),
        label: String::new(),
        label_en: String::new(),
        label_ar: String::new(),
        labels: Vec::new(),
        ty: String::new(),
        category: None,
        country: None,
        members: Vec::new(),
        scores: Default::default(),
        community: None,
        degree: 0,
        x: 0.0,
        y: 0.0,
        size: 0.0,
        group: 0,
    }
}

fn empty_edge() -> super::EdgeView {
    super::EdgeView {
        source: String::new(),
        target: String::new(),
        weight: 0.0,
        relations: Vec::new(),
        stage: None,
        first_date: None,
        last_date: None,
        articles: Vec::new(),
        amounts: Default::default(),
        evidence: Default::default(),
        flows: 0,
    }
}

/// GEXF 1.3 with attributes and `viz` colour (community), size (degree)
/// and position (grouped layout), so Gephi opens it laid out.
pub fn gexf(v: &View) -> String {
    fn gexf_type(t: &str) -> &str {
        match t {
            "int" => "integer",
            other => other,
        }
    }
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n");
    let _ = writeln!(
        s,
        "  <meta>\n    <creator>hpkg</creator>\n    <description>{} projection of the humanitarian partnership knowledge graph</description>\n  </meta>",
        xml(&v.projection)
    );
    let _ = writeln!(
        s,
        "  <graph defaultedgetype=\"{}\" mode=\"static\">",
        if v.directed { "directed" } else { "undirected" }
    );
    let proto_n = node_attrs(v, v.nodes.first().unwrap_or(&empty_node()));
    s.push_str("    <attributes class=\"node\">\n");
    for (i, (name, ty, _)) in proto_n.iter().enumerate() {
        let _ = writeln!(
            s,
            "      <attribute id=\"n{i}\" title=\"{name}\" type=\"{}\"/>",
            gexf_type(ty)
        );
    }
    s.push_str("    </attributes>\n");
    let proto_e = edge_attrs(v, v.edges.first().unwrap_or(&empty_edge()));
    s.push_str("    <attributes class=\"edge\">\n");
    for (i, (name, ty, _)) in proto_e.iter().enumerate() {
        let _ = writeln!(
            s,
            "      <attribute id=\"e{i}\" title=\"{name}\" type=\"{}\"/>",
            gexf_type(ty)
        );
    }
    s.push_str("    </attributes>\n    <nodes>\n");
    for n in &v.nodes {
        let _ = writeln!(
            s,
            "      <node id=\"{}\" label=\"{}\">",
            xml(&n.iri),
            xml(&n.label)
        );
        s.push_str("        <attvalues>\n");
        for (i, (_, _, val)) in node_attrs(v, n).iter().enumerate() {
            if let Some(val) = val {
                let _ = writeln!(
                    s,
                    "          <attvalue for=\"n{i}\" value=\"{}\"/>",
                    xml(val)
                );
            }
        }
        s.push_str("        </attvalues>\n");
        let (r, g, b) = View::color(n.group);
        let _ = writeln!(s, "        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>");
        let _ = writeln!(s, "        <viz:size value=\"{}\"/>", num(n.size));
        let _ = writeln!(
            s,
            "        <viz:position x=\"{}\" y=\"{}\" z=\"0.0\"/>",
            num(n.x),
            num(-n.y)
        );
        s.push_str("      </node>\n");
    }
    s.push_str("    </nodes>\n    <edges>\n");
    for (i, e) in v.edges.iter().enumerate() {
        let _ = writeln!(
            s,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\">",
            xml(&e.source),
            xml(&e.target),
            num(e.weight)
        );
        s.push_str("        <attvalues>\n");
        for (j, (_, _, val)) in edge_attrs(v, e).iter().enumerate() {
            if let Some(val) = val {
                let _ = writeln!(
                    s,
                    "          <attvalue for=\"e{j}\" value=\"{}\"/>",
                    xml(val)
                );
            }
        }
        s.push_str("        </attvalues>\n      </edge>\n");
    }
    s.push_str("    </edges>\n  </graph>\n</gexf>\n");
    s
}

/// Escapes a DOT double-quoted string.
fn dot_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// DOT for Graphviz (`dot`, `sfdp`, ...): nodes keyed by IRI, labelled and
/// coloured by community; every attribute is carried as a DOT attribute.
pub fn dot(v: &View) -> String {
    let mut s = String::new();
    let (kw, arrow) = if v.directed {
        ("digraph", "->")
    } else {
        ("graph", "--")
    };
    let _ = writeln!(s, "{kw} {} {{", dot_str(&v.projection));
    s.push_str("  graph [charset=\"UTF-8\", overlap=false, splines=true];\n");
    s.push_str("  node [shape=ellipse, style=filled, fontname=\"Noto Sans\", fontsize=10];\n");
    for n in &v.nodes {
        let (r, g, b) = View::color(n.group);
        let mut attrs = vec![format!("fillcolor=\"#{r:02x}{g:02x}{b:02x}\"")];
        for (name, _, val) in node_attrs(v, n) {
            if let Some(val) = val {
                attrs.push(format!("{}={}", dot_attr(&name), dot_str(&val)));
            }
        }
        let _ = writeln!(s, "  {} [{}];", dot_str(&n.iri), attrs.join(", "));
    }
    for e in &v.edges {
        let mut attrs = vec![format!("penwidth={}", num(1.0 + e.weight.ln_1p()))];
        for (name, _, val) in edge_attrs(v, e) {
            if let Some(val) = val {
                attrs.push(format!("{}={}", dot_attr(&name), dot_str(&val)));
            }
        }
        let _ = writeln!(
            s,
            "  {} {arrow} {} [{}];",
            dot_str(&e.source),
            dot_str(&e.target),
            attrs.join(", ")
        );
    }
    s.push_str("}\n");
    s
}

/// Attribute names Graphviz would read as its own get a prefix.
fn dot_attr(name: &str) -> String {
    match name {
        "label" | "weight" => name.to_owned(),
        other => format!("hp_{other}"),
    }
}

/// Cytoscape.js JSON (`elements` form), also read by
/// `networkx.cytoscape_graph`: node data carry `id` and `value` (the IRI)
/// and `name` (the label); positions come from the grouped layout.
pub fn cytoscape(v: &View) -> Value {
    let nodes: Vec<Value> = v
        .nodes
        .iter()
        .map(|n| {
            let mut data = json!({"id": n.iri, "value": n.iri, "name": n.label});
            for (name, ty, val) in node_attrs(v, n) {
                if let Some(val) = val {
                    data[name] = typed(ty, val);
                }
            }
            data["labels_all"] = json!(n.labels);
            json!({"data": data, "position": {"x": n.x, "y": n.y}})
        })
        .collect();
    let edges: Vec<Value> = v
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut data = json!({"id": format!("e{i}"), "source": e.source, "target": e.target});
            for (name, ty, val) in edge_attrs(v, e) {
                if let Some(val) = val {
                    data[name] = typed(ty, val);
                }
            }
            json!({"data": data})
        })
        .collect();
    json!({
        "data": {"projection": v.projection, "filters": v.filters},
        "directed": v.directed,
        "multigraph": false,
        "elements": {"nodes": nodes, "edges": edges},
    })
}

fn typed(ty: &str, val: String) -> Value {
    match ty {
        "int" => val
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(Value::String(val)),
        "double" => val
            .parse::<f64>()
            .map(Value::from)
            .unwrap_or(Value::String(val)),
        _ => Value::String(val),
    }
}

/// A CSV field, quoted when it must be (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn csv_table(header: Vec<String>, rows: Vec<Vec<Option<String>>>) -> String {
    let mut s = header
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",");
    s.push_str("\r\n");
    for r in rows {
        s.push_str(
            &r.iter()
                .map(|c| csv_field(c.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(","),
        );
        s.push_str("\r\n");
    }
    s
}

/// `nodes.csv`: one row per node, the attributes as columns.
pub fn nodes_csv(v: &View) -> String {
    let header = node_attrs(v, v.nodes.first().unwrap_or(&empty_node()))
        .into_iter()
        .map(|a| a.0)
        .collect();
    let rows = v
        .nodes
        .iter()
        .map(|n| node_attrs(v, n).into_iter().map(|a| a.2).collect())
        .collect();
    csv_table(header, rows)
}

/// `edges.csv`: source, target and the edge attributes.
pub fn edges_csv(v: &View) -> String {
    let mut header = vec!["source".to_owned(), "target".to_owned()];
    header.extend(
        edge_attrs(v, v.edges.first().unwrap_or(&empty_edge()))
            .into_iter()
            .map(|a| a.0),
    );
    let rows = v
        .edges
        .iter()
        .map(|e| {
            let mut r = vec![Some(e.source.clone()), Some(e.target.clone())];
            r.extend(edge_attrs(v, e).into_iter().map(|a| a.2));
            r
        })
        .collect();
    csv_table(header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{project, Corpus, Filters, ProjectionKind, StoredAnalytics};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// (node id → label, (source, target) pairs) as an XML export states
    /// them: GraphML's `data` of the label key, or GEXF's `label` attribute.
    fn read_xml(text: &str, gexf: bool) -> (BTreeMap<String, String>, Vec<(String, String)>) {
        let doc = roxmltree::Document::parse(text).expect("the export is well-formed XML");
        let mut nodes = BTreeMap::new();
        let mut edges = Vec::new();
        for n in doc.descendants() {
            match n.tag_name().name() {
                "node" => {
                    let label = if gexf {
                        n.attribute("label").unwrap_or_default().to_owned()
                    } else {
                        n.children()
                            .find(|d| d.attribute("key") == Some("n_label"))
                            .and_then(|d| d.text())
                            .unwrap_or_default()
                            .to_owned()
                    };
                    nodes.insert(n.attribute("id").unwrap().to_owned(), label);
                }
                "edge" => edges.push((
                    n.attribute("source").unwrap().to_owned(),
                    n.attribute("target").unwrap().to_owned(),
                )),
                _ => {}
            }
        }
        (nodes, edges)
    }

    proptest! {
        #![proptest_config(crate::proptest_config(24))]

        #[test]
        fn every_export_reads_back_with_its_nodes_edges_and_labels(
            seed in 0u64..10_000,
            n in 1usize..25,
            network in any::<bool>(),
            labels in prop::collection::vec("\\PC{0,24}", 1..8),
        ) {
            let (store, _) = crate::testing::ingested(seed, n);
            let corpus = Corpus::load(&store).unwrap();
            let kind = if network { ProjectionKind::Network } else { ProjectionKind::Partners };
            let p = project(&corpus, kind, &Filters::default());
            let mut v = View::new(&p, &corpus, &StoredAnalytics::default(), "en");
            // Hostile labels: markup, quotes, ampersands, any script.
            for (node, label) in v.nodes.iter_mut().zip(labels.iter().cycle()) {
                node.label = format!("{label}<&\"'>");
            }
            let want_nodes: BTreeMap<String, String> =
                v.nodes.iter().map(|n| (n.iri.clone(), n.label.clone())).collect();
            let want_edges: Vec<(String, String)> =
                v.edges.iter().map(|e| (e.source.clone(), e.target.clone())).collect();

            for (name, text, is_gexf) in [("graphml", graphml(&v), false), ("gexf", gexf(&v), true)] {
                let (nodes, edges) = read_xml(&text, is_gexf);
                prop_assert_eq!(&nodes, &want_nodes, "{} nodes", name);
                prop_assert_eq!(&edges, &want_edges, "{} edges", name);
            }
            let cy = cytoscape(&v);
            let cy: serde_json::Value = serde_json::from_str(&cy.to_string()).unwrap();
            let cy_nodes: BTreeMap<String, String> = cy["elements"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| (n["data"]["id"].as_str().unwrap().to_owned(), n["data"]["name"].as_str().unwrap().to_owned()))
                .collect();
            prop_assert_eq!(&cy_nodes, &want_nodes, "cytoscape nodes");
            prop_assert_eq!(cy["elements"]["edges"].as_array().unwrap().len(), want_edges.len());
            let nl: serde_json::Value = serde_json::from_str(&super::super::node_link(&v).to_string()).unwrap();
            let nl_nodes: BTreeMap<String, String> = nl["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| (n["id"].as_str().unwrap().to_owned(), n["label"].as_str().unwrap().to_owned()))
                .collect();
            prop_assert_eq!(&nl_nodes, &want_nodes, "node-link nodes");
            let nl_edges: Vec<(String, String)> = nl["links"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e["source"].as_str().unwrap().to_owned(), e["target"].as_str().unwrap().to_owned()))
                .collect();
            prop_assert_eq!(&nl_edges, &want_edges, "node-link edges");
            // DOT: an edge statement is a quoted id, then the arrow (a
            // label may hold an arrow too, but inside its quotes).
            let dot_text = dot(&v);
            let arrow = if v.directed { " -> " } else { " -- " };
            let after_first_id = |line: &str| -> Option<String> {
                let rest = line.trim_start().strip_prefix('"')?;
                let mut escaped = false;
                for (i, c) in rest.char_indices() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => return Some(rest[i + 1..].to_owned()),
                        _ => escaped = false,
                    }
                }
                None
            };
            let edge_lines = dot_text
                .lines()
                .filter(|l| after_first_id(l).is_some_and(|r| r.starts_with(arrow)))
                .count();
            prop_assert_eq!(edge_lines, want_edges.len());
        }
    }

    #[test]
    fn xml_and_dot_strings_are_escaped() {
        assert_eq!(xml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(dot_str("say \"hi\" \\ ok"), "\"say \\\"hi\\\" \\\\ ok\"");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("x\"y"), "\"x\"\"y\"");
    }
}
