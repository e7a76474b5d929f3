//! Identity resolution: which mentions, across articles and languages, name
//! the same thing. Implements the spec's *Identity* rules.
//!
//! Resolution works on *signatures*, not on mentions: a mention is known by
//! its type, country, normalised names and sameAs IRIs, and two mentions
//! with the same signature always resolve alike. The corpus's mentions
//! collapse into far fewer signatures (the same organisations, spelt the
//! same few ways: 800,000 mentions are 59,000 signatures in the 100,000
//! article benchmark), so resolution holds one entry per signature and only
//! a `u32` per article naming it. That is what lets the bulk path stream,
//! and what a per-article ingest re-resolves.
//!
//! The result is a function of the whole set (gazetteer plus every article),
//! never of the order articles arrived in: links come from name buckets,
//! groups from a union-find, and IRIs from each group's contents.

mod candidates;
mod conflicts;
mod links;
mod mint;
mod reference;

pub use reference::Reference;

use super::gazetteer::Gazetteer;
use super::normalize::{normalize, normalize_person};
use crate::model::{vocab, Document, Entity, EntityType};
use indexmap::IndexSet;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A mention that could not be linked without guessing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    pub article: String,
    pub key: String,
    /// The mention's names as written.
    pub names: Vec<String>,
    /// IRIs of the gazetteer entries it could be.
    pub candidates: Vec<String>,
}

/// What resolution decided for one signature.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Decision {
    /// Every mention with this signature names this IRI.
    Iri(String),
    /// Each mention stands alone under an IRI of its own article and key,
    /// because it could be any of these gazetteer entries.
    Ambiguous(Vec<String>),
}

/// What identifies a mention for resolution.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Signature {
    ty: EntityType,
    country: Option<Box<str>>,
    /// Normalised names, sorted, without empties.
    names: Box<[Box<str>]>,
    /// sameAs IRIs, sorted.
    same_as: Box<[Box<str>]>,
    /// A mention with neither a name left after normalising nor a sameAs
    /// has nothing to link by: it stands alone, under its article and key.
    alone: Option<(Box<str>, Box<str>)>,
}

impl Signature {
    fn of(article: &str, e: &Entity) -> Self {
        let names: BTreeSet<String> = written(e)
            .map(|n| norm_for(e.ty, n))
            .filter(|n| !n.is_empty())
            .collect();
        let same_as: BTreeSet<&str> = e.same_as.iter().map(|i| i.as_str()).collect();
        let alone = (names.is_empty() && same_as.is_empty())
            .then(|| (article.into(), e.key.as_str().into()));
        Self {
            ty: e.ty,
            country: e.country.as_ref().map(|c| c.as_str().into()),
            names: names.into_iter().map(String::into_boxed_str).collect(),
            same_as: same_as.into_iter().map(Into::into).collect(),
            alone,
        }
    }
}

/// A mention's names as written: its names, then its aliases.
fn written(e: &Entity) -> impl Iterator<Item = &str> {
    e.name
        .iter()
        .map(|(_, t)| t.as_str())
        .chain(e.aliases.iter().map(|a| a.as_str()))
}

/// The outcome of resolution over a whole corpus: an IRI for every mention
/// of the documents it was given, asked for by document (see
/// [`Resolution::article_map`]).
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    signatures: IndexSet<Signature>,
    /// By signature index.
    decisions: Vec<Decision>,
    /// Articles naming each signature, as indexes into `articles`.
    named_by: Vec<Vec<u32>>,
    articles: Vec<String>,
    /// Signatures resolved to each (non-ambiguous) IRI.
    by_iri: HashMap<String, Vec<u32>>,
}

impl Resolution {
    fn decision(&self, article: &str, e: &Entity) -> Option<&Decision> {
        let i = self.signatures.get_index_of(&Signature::of(article, e))?;
        Some(&self.decisions[i])
    }

    /// IRI of one entity of an article, if its signature is known (the
    /// article, or one with a mention alike, was resolved).
    pub fn iri<'r>(&'r self, article: &str, e: &Entity) -> Option<Cow<'r, str>> {
        Some(match self.decision(article, e)? {
            Decision::Iri(iri) => Cow::Borrowed(iri.as_str()),
            Decision::Ambiguous(_) => Cow::Owned(format!(
                "{}{}/ambiguous/{article}/{}",
                vocab::ID,
                e.ty.iri_segment(),
                e.key.as_str()
            )),
        })
    }

    /// The key → IRI map of one document's entities (those resolution saw).
    pub fn article_map(&self, doc: &Document) -> BTreeMap<String, String> {
        let article = doc.article.id.as_str();
        doc.entities
            .iter()
            .filter_map(|e| {
                Some((
                    e.key.as_str().to_owned(),
                    self.iri(article, e)?.into_owned(),
                ))
            })
            .collect()
    }

    /// The mentions of `doc` that were kept apart as ambiguous.
    pub fn ambiguities(&self, doc: &Document) -> Vec<Ambiguity> {
        let article = doc.article.id.as_str();
        doc.entities
            .iter()
            .filter_map(|e| match self.decision(article, e)? {
                Decision::Ambiguous(candidates) => Some(Ambiguity {
                    article: article.to_owned(),
                    key: e.key.as_str().to_owned(),
                    names: written(e).map(str::to_owned).collect(),
                    candidates: candidates.clone(),
                }),
                Decision::Iri(_) => None,
            })
            .collect()
    }

    /// Articles with a mention resolving to `iri`, sorted. An ambiguous
    /// mention's IRI belongs to its own article alone and is not listed.
    pub fn articles_naming(&self, iri: &str) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .by_iri
            .get(iri)
            .into_iter()
            .flatten()
            .flat_map(|&s| self.named_by[s as usize].iter())
            .map(|&a| self.articles[a as usize].as_str())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether some article picked by `article` has a mention resolving to
    /// `iri` (ambiguous IRIs aside); stops at the first.
    pub fn named_by_any(&self, iri: &str, article: impl Fn(&str) -> bool) -> bool {
        self.by_iri.get(iri).into_iter().flatten().any(|&s| {
            self.named_by[s as usize]
                .iter()
                .any(|&a| article(&self.articles[a as usize]))
        })
    }

    /// Articles whose mentions `self` resolves otherwise than `before` did:
    /// a signature that now names another IRI, or was ambiguous and no
    /// longer is (or the reverse). Articles in `except` (the ones that
    /// changed themselves) are left out.
    pub fn relinked_since(&self, before: &Resolution, except: &BTreeSet<&str>) -> Vec<String> {
        let mut out = BTreeSet::new();
        for (i, sig) in self.signatures.iter().enumerate() {
            let Some(j) = before.signatures.get_index_of(sig) else {
                continue;
            };
            let same = match (&self.decisions[i], &before.decisions[j]) {
                (Decision::Iri(a), Decision::Iri(b)) => a == b,
                (Decision::Ambiguous(_), Decision::Ambiguous(_)) => true,
                _ => false,
            };
            if !same {
                for &a in &self.named_by[i] {
                    let id = self.articles[a as usize].as_str();
                    if !except.contains(id) {
                        out.insert(id.to_owned());
                    }
                }
            }
        }
        out.into_iter().collect()
    }

    /// The IRIs (ambiguous ones aside) that some article picked by
    /// `article` names.
    pub fn iris_named_by(&self, article: impl Fn(&str) -> bool) -> BTreeSet<String> {
        let picked: Vec<bool> = self.articles.iter().map(|a| article(a)).collect();
        self.decisions
            .iter()
            .zip(&self.named_by)
            .filter_map(|(d, by)| match d {
                Decision::Iri(iri) if by.iter().any(|&a| picked[a as usize]) => Some(iri.clone()),
                _ => None,
            })
            .collect()
    }
}

thread_local! {
    /// Normalised forms already computed, for persons and for other names:
    /// the same names recur constantly, and every lookup of a mention's
    /// signature normalises its names.
    static NORMALIZED: std::cell::RefCell<[HashMap<String, String>; 2]> =
        std::cell::RefCell::new([HashMap::new(), HashMap::new()]);
}

fn norm_for(ty: EntityType, s: &str) -> String {
    let person = ty == EntityType::Person;
    NORMALIZED.with(|cache| {
        let cache = &mut cache.borrow_mut()[usize::from(person)];
        if let Some(n) = cache.get(s) {
            return n.clone();
        }
        let n = if person {
            normalize_person(s)
        } else {
            normalize(s)
        };
        if cache.len() > 500_000 {
            cache.clear(); // bounded memory on huge corpora
        }
        cache.insert(s.to_owned(), n.clone());
        n
    })
}

fn compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Gathers the signatures of documents, one at a time, then resolves them:
/// the documents themselves need not be kept.
///
/// ```
/// use hpkg::resolve::{identity::Resolver, Gazetteer, Reference};
/// use hpkg::model::{Document, RawDocument};
///
/// let gazetteer = Gazetteer::builtin().unwrap();
/// let doc: Document = serde_json::from_str::<RawDocument>(r#"{
///     "article": {"id": "a", "title": "t", "language": "en", "published": "2025-01-01"},
///     "entities": [{"key": "b", "type": "organization", "name": {"en": "IsDB"}}],
///     "facts": []}"#).unwrap().check().unwrap();
/// let mut resolver = Resolver::new();
/// resolver.add(&doc);
/// let resolution = resolver.finish(&Reference::new(&gazetteer));
/// assert_eq!(resolution.article_map(&doc)["b"], "https://w3id.org/hpkg/id/org/isdb");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    signatures: IndexSet<Signature>,
    /// Articles naming each signature, as indexes into `articles`.
    named_by: Vec<Vec<u32>>,
    /// Article ids by index; a removed article leaves an empty id.
    articles: Vec<String>,
    index: HashMap<String, u32>,
    /// For signatures without names: every (article, key) naming them, the
    /// smallest of which names their group if nothing else can.
    unnamed: HashMap<usize, BTreeSet<(String, String)>>,
}

impl Resolver {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one document's mentions. Each article is added once: to
    /// change one, [`remove`](Self::remove) the version added first.
    pub fn add(&mut self, doc: &Document) {
        let article = doc.article.id.as_str();
        assert!(
            !self.index.contains_key(article),
            "article {article} added twice to identity resolution"
        );
        let a = u32::try_from(self.articles.len()).expect("fewer than 2^32 articles");
        self.articles.push(article.to_owned());
        self.index.insert(article.to_owned(), a);
        for e in &doc.entities {
            let sig = Signature::of(article, e);
            let no_names = sig.names.is_empty();
            let (i, _) = self.signatures.insert_full(sig);
            if i == self.named_by.len() {
                self.named_by.push(Vec::new());
            }
            if self.named_by[i].last() != Some(&a) {
                self.named_by[i].push(a);
            }
            if no_names {
                self.unnamed
                    .entry(i)
                    .or_default()
                    .insert((article.to_owned(), e.key.as_str().to_owned()));
            }
        }
    }

    /// Removes the mentions `doc` (the version that was added) brought, dropping
    /// signatures nothing names any more: a signature left behind would
    /// still link names together.
    pub fn remove(&mut self, doc: &Document) {
        let article = doc.article.id.as_str();
        let Some(a) = self.index.remove(article) else {
            return;
        };
        self.articles[a as usize] = String::new();
        for e in &doc.entities {
            let Some(i) = self.signatures.get_index_of(&Signature::of(article, e)) else {
                continue; // a second mention of a signature already dropped
            };
            self.named_by[i].retain(|&x| x != a);
            if let Some(keys) = self.unnamed.get_mut(&i) {
                keys.remove(&(article.to_owned(), e.key.as_str().to_owned()));
            }
            if self.named_by[i].is_empty() {
                // The last signature moves into slot i.
                let last = self.signatures.len() - 1;
                self.signatures.swap_remove_index(i);
                self.named_by.swap_remove(i);
                self.unnamed.remove(&i);
                if let Some(moved) = self.unnamed.remove(&last) {
                    self.unnamed.insert(i, moved);
                }
            }
        }
    }

    /// Whether this article is added.
    pub fn contains(&self, article: &str) -> bool {
        self.index.contains_key(article)
    }

    /// How many articles are added.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether no article is added.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Resolves every signature added against the gazetteer (prepared
    /// once, as a [`Reference`]) and each other, in four steps: the
    /// gazetteer entries each signature could be (`candidates`), the
    /// groups that shared names link (`links`), components holding two
    /// entries split (`conflicts`), and an IRI per group (`mint`).
    /// The resolver stays as it is, to take the next change.
    pub fn finish(&self, reference: &Reference) -> Resolution {
        let nodes = Nodes {
            reference,
            sigs: &self.signatures,
            n_gaz: reference.len(),
        };
        let n = nodes.len();
        let mut cands = candidates::find(&nodes);
        let links = links::groups(&nodes, &cands);
        let components = links::components(&nodes, &links, &cands);
        let mut group_of = conflicts::split(&nodes, &links, &mut cands, components);
        // Ambiguous signatures stand alone.
        for &i in cands.ambiguous.keys() {
            group_of[i] = 2 * n + i;
        }
        let iri_of_group = mint::iris(&nodes, &group_of, &cands.ambiguous, &self.unnamed);

        let mut decisions = Vec::with_capacity(self.signatures.len());
        let mut by_iri: HashMap<String, Vec<u32>> = HashMap::new();
        for s in 0..self.signatures.len() {
            let i = nodes.n_gaz + s;
            decisions.push(match cands.ambiguous.get(&i) {
                Some(entries) => {
                    let mut candidates: Vec<String> = entries
                        .iter()
                        .map(|&g| iri_of_group[&group_of[g]].clone())
                        .collect();
                    candidates.sort();
                    candidates.dedup();
                    Decision::Ambiguous(candidates)
                }
                None => {
                    let iri = iri_of_group[&group_of[i]].clone();
                    by_iri.entry(iri.clone()).or_default().push(s as u32);
                    Decision::Iri(iri)
                }
            });
        }
        Resolution {
            signatures: self.signatures.clone(),
            decisions,
            named_by: self.named_by.clone(),
            articles: self.articles.clone(),
            by_iri,
        }
    }
}

/// The nodes resolution links: node `i < n_gaz` is gazetteer entry `i`,
/// node `n_gaz + s` is signature `s`.
struct Nodes<'r> {
    reference: &'r Reference,
    sigs: &'r IndexSet<Signature>,
    n_gaz: usize,
}

impl<'r> Nodes<'r> {
    fn len(&self) -> usize {
        self.n_gaz + self.sigs.len()
    }

    /// The signature of node `i` (not an entry).
    fn sig(&self, i: usize) -> &'r Signature {
        &self.sigs[i - self.n_gaz]
    }

    fn country(&self, i: usize) -> Option<&'r str> {
        if i < self.n_gaz {
            self.reference.entries[i].country.as_deref()
        } else {
            self.sig(i).country.as_deref()
        }
    }
}

/// Resolves every mention of `docs` against `gazetteer` and each other.
///
/// Documents may come borrowed or owned, in any order: only their
/// signatures are kept.
pub fn resolve<D: std::borrow::Borrow<Document>>(
    gazetteer: &Gazetteer,
    docs: impl IntoIterator<Item = D>,
) -> Resolution {
    let mut r = Resolver::new();
    for d in docs {
        r.add(d.borrow());
    }
    r.finish(&Reference::new(gazetteer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawDocument;

    fn gaz() -> Gazetteer {
        Gazetteer::from_sources([(
            "t.json".to_string(),
            r#"{"entries": [
              {"id": "krcs", "type": "organization", "country": "KW", "sources": ["https://example.org/"],
               "name": {"en": "Kuwait Red Crescent Society", "ar": "جمعية الهلال الأحمر الكويتي"},
               "aliases": ["KRCS", "Red Crescent Society", "جمعية الهلال الأحمر"]},
              {"id": "erc", "type": "organization", "country": "EG", "sources": ["https://example.org/"],
               "name": {"en": "Egyptian Red Crescent"},
               "aliases": ["Red Crescent Society", "جمعية الهلال الأحمر"]},
              {"id": "isdb", "type": "organization", "sources": ["https://example.org/"],
               "name": {"en": "Islamic Development Bank", "ar": "البنك الإسلامي للتنمية"},
               "aliases": ["IsDB", "بنك التنمية الإسلامي"]}
            ]}"#
            .to_string(),
        )])
        .unwrap()
    }

    /// The IRI resolution gives entity `key` of `doc`.
    fn of(r: &Resolution, doc: &Document, key: &str) -> Option<String> {
        r.article_map(doc).remove(key)
    }

    fn doc(id: &str, entities: &str) -> Document {
        let s = format!(
            r#"{{"article": {{"id": "{id}", "title": "t", "language": "en", "published": "2025-01-01"}},
                "entities": [{entities}], "facts": []}}"#
        );
        serde_json::from_str::<RawDocument>(&s)
            .unwrap()
            .check()
            .unwrap()
    }

    #[test]
    fn a_name_of_the_gazetteer_resolves_to_its_entry() {
        let d = doc(
            "a",
            r#"{"key": "b", "type": "organization", "name": {"ar": "بنك التنمية الاسلامي"}}"#,
        );
        let r = resolve(&gaz(), [&d]);
        assert_eq!(
            of(&r, &d, "b").as_deref(),
            Some("https://w3id.org/hpkg/id/org/isdb")
        );
        assert!(r.ambiguities(&d).is_empty());
    }

    #[test]
    fn a_shared_name_without_country_is_ambiguous_and_kept_apart() {
        let d = doc(
            "a",
            r#"{"key": "rc", "type": "organization", "name": {"en": "Red Crescent Society"}}"#,
        );
        let r = resolve(&gaz(), [&d]);
        let amb = r.ambiguities(&d);
        assert_eq!(amb.len(), 1);
        assert_eq!(amb[0].candidates.len(), 2);
        assert_eq!(amb[0].names, ["Red Crescent Society"]);
        assert_eq!(
            of(&r, &d, "rc").as_deref(),
            Some("https://w3id.org/hpkg/id/org/ambiguous/a/rc")
        );
    }

    #[test]
    fn a_country_tells_shared_names_apart() {
        let d = doc(
            "a",
            r#"{"key": "rc", "type": "organization", "country": "KW", "name": {"ar": "جمعية الهلال الأحمر"}}"#,
        );
        let r = resolve(&gaz(), [&d]);
        assert_eq!(
            of(&r, &d, "rc").as_deref(),
            Some("https://w3id.org/hpkg/id/org/krcs")
        );
    }

    #[test]
    fn a_mention_that_would_join_two_entries_is_ambiguous() {
        let d = doc(
            "a",
            r#"{"key": "x", "type": "organization", "name": {"en": "KRCS", "ar": "البنك الإسلامي للتنمية"}}"#,
        );
        let r = resolve(&gaz(), [&d]);
        assert_eq!(r.ambiguities(&d).len(), 1);
        assert_ne!(
            of(&r, &d, "x").as_deref(),
            Some("https://w3id.org/hpkg/id/org/krcs")
        );
    }

    #[test]
    fn one_document_giving_two_names_links_them_across_articles() {
        let a = doc(
            "a",
            r#"{"key": "f", "type": "initiative", "name": {"ar": "الصندوق الوقفي"}}"#,
        );
        let b = doc(
            "b",
            r#"{"key": "f", "type": "initiative", "name": {"en": "Waqf Fund"}}"#,
        );
        let c = doc(
            "c",
            r#"{"key": "g", "type": "initiative", "name": {"en": "Waqf Fund", "ar": "الصندوق الوقفي"}}"#,
        );
        let without = resolve(&gaz(), [&a, &b]);
        assert_ne!(of(&without, &a, "f"), of(&without, &b, "f"));
        let with = resolve(&gaz(), [&a, &b, &c]);
        assert_eq!(of(&with, &a, "f"), of(&with, &b, "f"));
        assert_eq!(of(&with, &a, "f"), of(&with, &c, "g"));
        // One of the two keeps the group's IRI (the smallest name's slug);
        // the other's article is re-linked, and back again without c.
        let relinked = with.relinked_since(&without, &BTreeSet::from(["c"]));
        assert_eq!(relinked.len(), 1);
        assert!(relinked[0] == "a" || relinked[0] == "b");
        assert_eq!(without.relinked_since(&with, &BTreeSet::new()), relinked);
    }

    #[test]
    fn resolution_does_not_depend_on_order() {
        let a = doc(
            "a",
            r#"{"key": "p", "type": "person", "name": {"en": "Dr. Jane Roe"}}"#,
        );
        let b = doc(
            "b",
            r#"{"key": "q", "type": "person", "name": {"en": "Jane Roe"}}"#,
        );
        let r1 = resolve(&gaz(), [&a, &b]);
        let r2 = resolve(&gaz(), [&b, &a]);
        for d in [&a, &b] {
            assert_eq!(r1.article_map(d), r2.article_map(d));
        }
        assert_eq!(
            of(&r1, &a, "p").as_deref(),
            Some("https://w3id.org/hpkg/id/person/jane-roe")
        );
        assert_eq!(of(&r1, &a, "p"), of(&r1, &b, "q"));
    }

    #[test]
    fn different_countries_keep_same_names_apart() {
        let a = doc(
            "a",
            r#"{"key": "m", "type": "organization", "country": "KW", "name": {"en": "Ministry of Health"}}"#,
        );
        let b = doc(
            "b",
            r#"{"key": "m", "type": "organization", "country": "EG", "name": {"en": "Ministry of Health"}}"#,
        );
        let r = resolve(&gaz(), [&a, &b]);
        assert_ne!(of(&r, &a, "m"), of(&r, &b, "m"));
        assert!(of(&r, &a, "m").unwrap().contains("ministry-of-health-"));
    }

    #[test]
    fn one_more_article_naming_an_entity_keeps_its_iri() {
        let m = |id: &str, country: &str| {
            doc(
                id,
                &format!(
                    r#"{{"key": "m", "type": "organization", "country": "{country}", "name": {{"en": "Ministry of Health"}}}}"#
                ),
            )
        };
        let (a, b, c) = (m("a", "KW"), m("b", "EG"), m("c", "KW"));
        let before = resolve(&gaz(), [&a, &b]);
        let after = resolve(&gaz(), [&a, &b, &c]);
        assert_eq!(of(&before, &a, "m"), of(&after, &a, "m"));
        assert_eq!(of(&before, &b, "m"), of(&after, &b, "m"));
        assert_eq!(of(&after, &a, "m"), of(&after, &c, "m"));
        assert!(after
            .relinked_since(&before, &BTreeSet::from(["c"]))
            .is_empty());
        let iri = of(&after, &a, "m").unwrap();
        assert_eq!(after.articles_naming(&iri), ["a", "c"]);
    }

    #[test]
    fn mentions_alike_in_every_way_but_article_share_one_signature() {
        let a = doc(
            "a",
            r#"{"key": "x", "type": "organization", "name": {"en": "Aid Group"}}"#,
        );
        let b = doc(
            "b",
            r#"{"key": "y", "type": "organization", "name": {"en": "AID  group"}}"#,
        );
        let mut r = Resolver::new();
        r.add(&a);
        r.add(&b);
        assert_eq!(r.signatures.len(), 1);
        let res = r.finish(&Reference::new(&gaz()));
        assert_eq!(
            of(&res, &a, "x").as_deref(),
            Some("https://w3id.org/hpkg/id/org/aid-group")
        );
        assert_eq!(
            res.articles_naming("https://w3id.org/hpkg/id/org/aid-group"),
            ["a", "b"]
        );
    }

    #[test]
    fn removing_and_adding_articles_resolves_as_a_fresh_start_would() {
        let a = doc(
            "a",
            r#"{"key": "f", "type": "initiative", "name": {"ar": "الصندوق الوقفي"}},
               {"key": "x", "type": "organization", "same_as": ["https://www.wikidata.org/wiki/Q1"], "name": {"en": "..."}}"#,
        );
        let b = doc(
            "b",
            r#"{"key": "f", "type": "initiative", "name": {"en": "Waqf Fund"}},
               {"key": "r", "type": "organization", "name": {"en": "Red Crescent Society"}}"#,
        );
        let c = doc(
            "c",
            r#"{"key": "g", "type": "initiative", "name": {"en": "Waqf Fund", "ar": "الصندوق الوقفي"}},
               {"key": "y", "type": "organization", "same_as": ["https://www.wikidata.org/wiki/Q1"], "name": {"en": "?"}}"#,
        );
        let c2 = doc(
            "c",
            r#"{"key": "g", "type": "initiative", "name": {"en": "Waqf Fund"}}"#,
        );
        let g = gaz();
        let mut r = Resolver::new();
        for d in [&a, &b, &c] {
            r.add(d);
        }
        r.remove(&c);
        r.add(&c2);
        r.remove(&b);
        r.add(&b);
        let fresh = {
            let mut f = Resolver::new();
            for d in [&c2, &b, &a] {
                f.add(d);
            }
            f
        };
        assert_eq!(
            r.signatures.len(),
            fresh.signatures.len(),
            "no signature left behind"
        );
        let g = Reference::new(&g);
        let (got, want) = (r.finish(&g), fresh.finish(&g));
        for d in [&a, &b, &c2] {
            assert_eq!(got.article_map(d), want.article_map(d));
            assert_eq!(got.ambiguities(d), want.ambiguities(d));
        }
        // c's link is gone: the two names of the fund are apart again.
        assert_ne!(of(&got, &a, "f"), of(&got, &b, "f"));
        assert_eq!(got.articles_naming(&of(&got, &b, "f").unwrap()), ["b", "c"]);
    }

    #[test]
    fn a_group_reaching_two_entries_keeps_them_apart_and_its_free_mentions_ambiguous() {
        // "Helal Group" links a mention of the Kuwaiti society with one of
        // the Egyptian: the component holds two entries and is split.
        let a = doc(
            "a",
            r#"{"key": "k", "type": "organization", "name": {"en": "Kuwait Red Crescent Society", "ar": "Helal Group"}}"#,
        );
        let b = doc(
            "b",
            r#"{"key": "e", "type": "organization", "name": {"en": "Egyptian Red Crescent", "ar": "Helal Group"}}"#,
        );
        let c = doc(
            "c",
            r#"{"key": "h", "type": "organization", "name": {"en": "Helal Group"}}"#,
        );
        let r = resolve(&gaz(), [&a, &b, &c]);
        assert_eq!(
            of(&r, &a, "k").as_deref(),
            Some("https://w3id.org/hpkg/id/org/krcs")
        );
        assert_eq!(
            of(&r, &b, "e").as_deref(),
            Some("https://w3id.org/hpkg/id/org/erc")
        );
        let amb = r.ambiguities(&c);
        assert_eq!(amb.len(), 1, "reaches both entries: could be either");
        assert_eq!(
            amb[0].candidates,
            [
                "https://w3id.org/hpkg/id/org/erc",
                "https://w3id.org/hpkg/id/org/krcs"
            ]
        );
        // Without the Egyptian mention, the free one joins the Kuwaiti entry,
        // and the article naming it is re-linked.
        let before = resolve(&gaz(), [&a, &c]);
        assert_eq!(
            of(&before, &c, "h").as_deref(),
            Some("https://w3id.org/hpkg/id/org/krcs")
        );
        assert_eq!(r.relinked_since(&before, &BTreeSet::from(["b"])), ["c"]);
    }

    #[test]
    fn a_minted_slug_never_takes_a_gazetteer_iri() {
        // "KRCS" in Egypt is not the Kuwaiti society; its slug "krcs" must
        // not collide with the gazetteer's .../org/krcs.
        let a = doc(
            "a",
            r#"{"key": "k", "type": "organization", "country": "EG", "name": {"en": "KRCS"}}"#,
        );
        let r = resolve(&gaz(), [&a]);
        assert_ne!(
            of(&r, &a, "k").as_deref(),
            Some("https://w3id.org/hpkg/id/org/krcs")
        );
    }

    #[test]
    fn one_reference_serves_resolution_after_resolution_as_a_fresh_one_would() {
        let g = gaz();
        let reference = Reference::new(&g);
        assert!(reference.names_iri("https://w3id.org/hpkg/id/org/isdb"));
        let a = doc(
            "a",
            r#"{"key": "b", "type": "organization", "name": {"en": "IsDB"}}"#,
        );
        let b = doc(
            "b",
            r#"{"key": "r", "type": "organization", "name": {"en": "Red Crescent Society"}}"#,
        );
        let mut r = Resolver::new();
        r.add(&a);
        let first = r.finish(&reference);
        r.add(&b);
        let second = r.finish(&reference);
        assert_eq!(first.article_map(&a), resolve(&g, [&a]).article_map(&a));
        let fresh = resolve(&g, [&a, &b]);
        for d in [&a, &b] {
            assert_eq!(second.article_map(d), fresh.article_map(d));
            assert_eq!(second.ambiguities(d), fresh.ambiguities(d));
        }
    }
}
