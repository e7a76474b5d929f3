//! Graph exports for visualisation tools and notebooks.
//!
//! Node-link JSON is the form NetworkX's `node_link_graph(data,
//! edges="links")` and d3 read.

use crate::graph::{Corpus, Projection};
use serde_json::{json, Value};

/// A projection as node-link JSON: nodes carry IRI, label in `lang` (falling
/// back to the other language), all labels, type, category and country;
/// links carry weight, cost (1/weight), relation types, highest stage, first
/// and last date, articles and amounts by currency. Sorted by IRI.
pub fn node_link(p: &Projection, corpus: &Corpus, lang: &str) -> Value {
    let nodes: Vec<Value> = p
        .graph
        .node_indices()
        .map(|i| {
            let n = &p.graph[i];
            let info = corpus.entities.get(&n.iri);
            json!({
                "id": n.iri,
                "label": info.map_or_else(|| n.iri.clone(), |e| e.label(lang)),
                "labels": info.map(|e| e.all_labels().into_iter().collect::<Vec<_>>()).unwrap_or_default(),
                "type": n.ty,
                "category": info.and_then(|e| e.category.clone()),
                "country": info.and_then(|e| e.country.clone()),
                "members": n.members,
            })
        })
        .collect();
    let links: Vec<Value> = p
        .graph
        .edge_indices()
        .map(|e| {
            let (a, b) = p.graph.edge_endpoints(e).unwrap();
            let d = &p.graph[e];
            json!({
                "source": p.graph[a].iri,
                "target": p.graph[b].iri,
                "weight": d.weight,
                "cost": 1.0 / d.weight,
                "relations": d.types().into_iter().collect::<Vec<_>>(),
                "stage": d.highest_stage().map(|s| s.as_str()),
                "first_date": d.first_date(),
                "last_date": d.last_date(),
                "articles": d.articles.iter().collect::<Vec<_>>(),
                "article_count": d.articles.len(),
                "amounts": d.amounts,
                "flows": d.flows,
            })
        })
        .collect();
    json!({
        "directed": p.directed(),
        "multigraph": false,
        "graph": {"projection": p.kind.as_str(), "filters": serde_json::to_value(&p.filters).unwrap()},
        "nodes": nodes,
        "links": links,
    })
}
