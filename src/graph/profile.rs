//! The organisation dossier: what the workbench's entity page shows, as
//! one typed answer that `hpkg profile` writes as Markdown, HTML or JSON
//! and `/api/entity` returns. Names in both languages, roles over time,
//! partners ranked by evidence, funding in and out by year, centralities
//! in the partners projection, and a dated timeline with evidence.

use super::measures;
use super::report::{label, ArticleRef};
use super::{project, Corpus, Filters, GraphError, ProjectionKind};
use crate::model::schema::Role;
use crate::model::FactType;
use crate::query::EntityIndex;
use crate::store::{QueryOutput, SparqlRequest, Store};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Betweenness is exact, and quadratic-ish: above this many nodes in the
/// partners projection the dossier leaves it out (`hpkg rank --approx`
/// estimates it).
const BETWEENNESS_LIMIT: usize = 5_000;

/// Another entity as the dossier names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub iri: String,
    pub label: String,
}

/// Another entity in a fact, with its role there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Involved {
    pub iri: String,
    pub label: String,
    pub role: String,
}

/// A post someone holds (for a person) or a person in a post (for an
/// organisation), as one article reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleRow {
    pub article: ArticleRef,
    /// The fact's date, else the article's.
    pub date: Option<String>,
    pub titles: Vec<String>,
    pub with: Vec<Involved>,
}

/// A partner in the partners projection, with what supports the link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    /// How many articles support the link (the ranking).
    pub articles: usize,
    /// Each article, newest first, with its evidence note.
    pub evidence: Vec<ArticleRef>,
    pub iri: String,
    pub label: String,
    pub relations: Vec<String>,
    pub stage: Option<String>,
    /// The same number as `articles` (the workbench reads it).
    pub weight: f64,
}

/// Money in one direction, one year and one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundingRow {
    pub amount: f64,
    pub currency: String,
    /// Funding facts with this currency in the year (a sum one article
    /// records twice counts once).
    pub flows: usize,
    /// Who gave (for money in) or received (for money out).
    pub with: Vec<Named>,
    pub year: String,
}

/// Funding facts that name the entity, by direction.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Funding {
    #[serde(rename = "in")]
    pub received: Vec<FundingRow>,
    #[serde(rename = "out")]
    pub given: Vec<FundingRow>,
    /// Funding facts without an amount, in either direction.
    pub without_amount: usize,
}

/// A score and its place among all nodes (1 = highest).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub measure: String,
    pub of: usize,
    pub rank: usize,
    pub value: f64,
}

/// One fact of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineRow {
    pub article: ArticleRef,
    /// The entity's own roles in the fact.
    #[serde(rename = "as")]
    pub roles: Vec<String>,
    pub date: Option<String>,
    pub evidence: Option<String>,
    pub fact: String,
    pub stage: Option<String>,
    #[serde(rename = "type")]
    pub ty: String,
    /// The fact's date, else the article's: what the timeline sorts by.
    pub when: Option<String>,
    pub with: Vec<Involved>,
}

/// The dossier of one entity. Its JSON keys are sorted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub category: Option<String>,
    /// Centralities in the partners projection (organisations only).
    pub centralities: Vec<Score>,
    pub country: Option<String>,
    pub funding: Funding,
    pub iri: String,
    /// The label in the language asked for, and in each language.
    pub label: String,
    pub label_ar: String,
    pub label_en: String,
    /// The language the labels were asked in.
    pub lang: String,
    /// Every name, by language tag (`""` for untagged aliases).
    pub names: BTreeMap<String, BTreeSet<String>>,
    /// The gazetteer's official names, by language.
    pub official: BTreeMap<String, String>,
    pub part_of: Option<Named>,
    pub partners: Vec<Partner>,
    pub roles: Vec<RoleRow>,
    pub timeline: Vec<TimelineRow>,
    #[serde(rename = "type")]
    pub ty: String,
}

/// The dossier of the entity `reference` names (a label, alias or IRI),
/// labelled in `lang`.
pub fn profile(
    store: &Store,
    corpus: &Corpus,
    reference: &str,
    lang: &str,
) -> Result<Profile, GraphError> {
    let index = EntityIndex::from_names(corpus.names());
    let iri = index.resolve("ORG", reference, None)?;
    let e = corpus.entities.get(&iri);
    let name = |x: &str| label(corpus, x, lang);
    let article = |a: &str, note: Option<String>| ArticleRef::new(corpus, a, note);
    let involved = |f: &super::FactRow| -> Vec<Involved> {
        f.roles
            .iter()
            .filter(|(_, x)| x != &iri)
            .map(|(r, x)| Involved {
                iri: x.clone(),
                label: name(x),
                role: r.local().to_owned(),
            })
            .collect()
    };
    let when = |f: &super::FactRow| {
        f.date
            .clone()
            .or_else(|| corpus.articles.get(&f.article).map(|a| a.date.clone()))
    };

    let mine: Vec<&super::FactRow> = corpus
        .facts
        .iter()
        .filter(|f| f.roles.iter().any(|(_, x)| x == &iri))
        .collect();
    let mut timeline: Vec<TimelineRow> = mine
        .iter()
        .map(|f| TimelineRow {
            article: article(&f.article, None),
            roles: f
                .roles
                .iter()
                .filter(|(_, x)| x == &iri)
                .map(|(r, _)| r.local().to_owned())
                .collect(),
            date: f.date.clone(),
            evidence: f.evidence.clone(),
            fact: f.iri.clone(),
            stage: f.stage.map(|s| s.as_str().to_owned()),
            ty: f.ty.as_str().to_owned(),
            when: when(f),
            with: involved(f),
        })
        .collect();
    timeline.sort_by(|a, b| (&a.when, &a.fact).cmp(&(&b.when, &b.fact)));

    let titles = role_titles(store, &iri)?;
    let roles = timeline
        .iter()
        .filter(|t| t.ty == FactType::Role.as_str())
        .map(|t| RoleRow {
            article: t.article.clone(),
            date: t.when.clone(),
            titles: titles.get(&t.fact).cloned().unwrap_or_default(),
            with: t.with.clone(),
        })
        .collect();

    let p = project(corpus, ProjectionKind::Partners, &Filters::default());
    let mut partners = Vec::new();
    let mut centralities = Vec::new();
    if let Some(n) = p.node_of(&iri) {
        for nb in p.graph.neighbors_undirected(n) {
            let edge = &p.graph[p.edge_between(n, nb).expect("a neighbour shares an edge")];
            let other = p.graph[nb].iri.clone();
            let mut evidence = super::report::edge_evidence(corpus, edge);
            evidence.reverse();
            partners.push(Partner {
                articles: edge.articles.len(),
                evidence,
                label: name(&other),
                iri: other,
                relations: edge.types().into_iter().map(str::to_owned).collect(),
                stage: edge.highest_stage().map(|s| s.as_str().to_owned()),
                weight: edge.weight,
            });
        }
        let adj = p.adjacency();
        let mut add = |m: &str, scores: Vec<f64>| {
            let v = scores[n.index()];
            let rank = 1 + scores.iter().filter(|&&s| s > v).count();
            centralities.push(Score {
                measure: m.to_owned(),
                of: scores.len(),
                rank,
                // Twelve decimals: parallel sums may differ in the last
                // bits from run to run; the dossier does not.
                value: (v * 1e12).round() / 1e12,
            });
        };
        add("degree", measures::degree(&adj));
        add("strength", measures::strength(&adj));
        add("pagerank", measures::pagerank(&adj, 0.85, 1e-13, 100_000)?);
        if adj.len() <= BETWEENNESS_LIMIT {
            add("betweenness", measures::betweenness(&adj, false));
        }
    }
    partners.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.iri.cmp(&b.iri)));

    let funding = funding(&iri, &mine, &name, &when);
    let label_in = |l: &str| e.map_or_else(|| iri.clone(), |e| e.label(l));
    Ok(Profile {
        category: e.and_then(|e| e.category.clone()),
        centralities,
        country: e.and_then(|e| e.country.clone()),
        funding,
        label: label_in(lang),
        label_ar: label_in("ar"),
        label_en: label_in("en"),
        lang: lang.to_owned(),
        names: e.map(|e| e.labels.clone()).unwrap_or_default(),
        official: e.map(|e| e.official.clone()).unwrap_or_default(),
        part_of: e.and_then(|e| e.parent.as_ref()).map(|p| Named {
            iri: p.clone(),
            label: name(p),
        }),
        partners,
        roles,
        timeline,
        ty: e.map_or("", |e| e.ty.class()).to_owned(),
        iri,
    })
}

/// Money in and out by year and currency. A sum one article records twice
/// (the same other party, amount and currency) counts once, as on
/// projection edges.
fn funding(
    iri: &str,
    mine: &[&super::FactRow],
    name: &dyn Fn(&str) -> String,
    when: &dyn Fn(&super::FactRow) -> Option<String>,
) -> Funding {
    type Key = (String, String); // (year, currency)
    type Sum = (f64, usize, BTreeSet<String>); // (amount, flows, others)
    let mut sums: [BTreeMap<Key, Sum>; 2] = Default::default();
    let mut seen = BTreeSet::new();
    let mut without_amount = 0;
    for f in mine.iter().filter(|f| f.ty == FactType::Funding) {
        let gives = f.with(Role::Funder).any(|x| x == iri);
        let (dir, others): (usize, Vec<&str>) = if gives {
            (1, f.with(Role::Recipient).collect())
        } else if f.with(Role::Recipient).any(|x| x == iri) {
            (0, f.with(Role::Funder).collect())
        } else {
            continue;
        };
        let Some((amount, currency)) = &f.amount else {
            without_amount += 1;
            continue;
        };
        let key = (
            f.article.clone(),
            dir,
            others.join(" "),
            currency.clone(),
            amount.to_bits(),
        );
        if !seen.insert(key) {
            continue;
        }
        let year: String = when(f).unwrap_or_default().chars().take(4).collect();
        let row = sums[dir].entry((year, currency.clone())).or_default();
        row.0 += amount;
        row.1 += 1;
        row.2.extend(others.iter().map(|o| o.to_string()));
    }
    let rows = |m: &BTreeMap<Key, Sum>| {
        m.iter()
            .map(|((year, currency), (amount, flows, with))| FundingRow {
                amount: *amount,
                currency: currency.clone(),
                flows: *flows,
                with: with
                    .iter()
                    .map(|w| Named {
                        iri: w.clone(),
                        label: name(w),
                    })
                    .collect(),
                year: year.clone(),
            })
            .collect()
    };
    Funding {
        received: rows(&sums[0]),
        given: rows(&sums[1]),
        without_amount,
    }
}

/// The titles (`hp:title`) of the role facts that name `iri`, by fact.
fn role_titles(store: &Store, iri: &str) -> Result<BTreeMap<String, Vec<String>>, GraphError> {
    let out = store.query(&SparqlRequest {
        query: "SELECT ?e ?f ?title WHERE { ?f hp:title ?title ; ?r ?e . VALUES ?r { hp:person hp:organization } } ORDER BY ?f ?title".into(),
        substitutions: vec![("e".into(), oxrdf::NamedNode::new_unchecked(iri).into())],
        ..Default::default()
    })?;
    let mut titles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let QueryOutput::Solutions { rows, .. } = out {
        for r in rows {
            if let (Some(oxrdf::Term::NamedNode(f)), Some(oxrdf::Term::Literal(t))) = (&r[1], &r[2])
            {
                titles
                    .entry(f.as_str().to_owned())
                    .or_default()
                    .push(t.value().to_owned());
            }
        }
    }
    Ok(titles)
}
