//! Article facts: the input contract's types, their validation, and the
//! vocabulary hpkg writes.
//!
//! A document is read in two passes. serde reads the JSON into [`RawDocument`]
//! and checks every value's own rule (dates, codes, keys, ...), so those
//! errors carry serde_json's line and column. [`RawDocument::check`] then
//! checks what spans fields (declared keys, their types, the fields each fact
//! type takes) and returns the typed [`Document`].

pub mod locate;
pub mod schema;
pub mod types;
pub mod vocab;

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
pub use types::*;

/// A problem found in a document, with the JSON path of the bad value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct Problem {
    /// JSON path such as `$.facts[2].partners[1]`.
    pub path: String,
    /// The path as segments, to locate the value in the source text.
    pub segments: Vec<locate::Segment>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Problem {
    fn new(segments: Vec<locate::Segment>, message: impl Into<String>) -> Self {
        Self {
            path: locate::path_string(&segments),
            segments,
            message: message.into(),
        }
    }
}

/// The article an article facts document describes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub id: ArticleId,
    pub title: Text,
    pub language: Language,
    pub published: FullDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Iri>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Text>,
}

/// The kinds of entity an article may mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Organization,
    Person,
    Initiative,
    Place,
    Group,
}

impl EntityType {
    /// The spec's name of the type.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Organization => "organization",
            Self::Person => "person",
            Self::Initiative => "initiative",
            Self::Place => "place",
            Self::Group => "group",
        }
    }
    /// The path segment of the type's IRIs (`.../id/org/...`).
    pub fn iri_segment(self) -> &'static str {
        match self {
            Self::Organization => "org",
            Self::Person => "person",
            Self::Initiative => "initiative",
            Self::Place => "place",
            Self::Group => "group",
        }
    }
    /// The local name of the type's class in the hp: ontology.
    pub fn class(self) -> &'static str {
        match self {
            Self::Organization => "Organization",
            Self::Person => "Person",
            Self::Initiative => "Initiative",
            Self::Place => "Place",
            Self::Group => "Group",
        }
    }
    pub const ALL: [EntityType; 5] = [
        Self::Organization,
        Self::Person,
        Self::Initiative,
        Self::Place,
        Self::Group,
    ];
}

/// Organisation categories of the spec.
pub const ORG_CATEGORIES: &[&str] = &[
    "national-society",
    "ngo",
    "un-agency",
    "development-bank",
    "government",
    "intergovernmental",
    "charity",
    "foundation",
    "private",
    "media",
    "academic",
    "other",
];

/// Initiative categories of the spec.
pub const INITIATIVE_CATEGORIES: &[&str] = &[
    "fund", "program", "project", "campaign", "platform", "other",
];

/// Checks a category against the entity type's list. Groups take free text.
pub fn check_category(ty: EntityType, category: &str) -> Result<(), String> {
    let list = match ty {
        EntityType::Organization => ORG_CATEGORIES,
        EntityType::Initiative => INITIATIVE_CATEGORIES,
        EntityType::Group => {
            return Text::parse(category).map(|_| ());
        }
        EntityType::Person | EntityType::Place => {
            return Err(format!(
                "a {} takes no category: remove the field",
                ty.as_str()
            ))
        }
    };
    if list.contains(&category) {
        Ok(())
    } else {
        Err(format!(
            "unknown {} category {category:?}: use one of {}",
            ty.as_str(),
            list.join(", ")
        ))
    }
}

/// An entity as the document declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub key: Key,
    #[serde(rename = "type")]
    pub ty: EntityType,
    pub name: NameMap,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<Key>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<Iri>,
}

/// Partnership stages, in order of commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Discussed,
    Proposed,
    Signed,
    Active,
    Ended,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Discussed => "discussed",
            Self::Proposed => "proposed",
            Self::Signed => "signed",
            Self::Active => "active",
            Self::Ended => "ended",
        }
    }
    pub const ALL: [Stage; 5] = [
        Self::Discussed,
        Self::Proposed,
        Self::Signed,
        Self::Active,
        Self::Ended,
    ];
}

/// Partnership instruments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Instrument {
    Mou,
    Agreement,
    Protocol,
    Grant,
    Contribution,
    JointProgram,
    Other,
}

impl Instrument {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mou => "mou",
            Self::Agreement => "agreement",
            Self::Protocol => "protocol",
            Self::Grant => "grant",
            Self::Contribution => "contribution",
            Self::JointProgram => "joint-program",
            Self::Other => "other",
        }
    }
    pub const ALL: [Instrument; 7] = [
        Self::Mou,
        Self::Agreement,
        Self::Protocol,
        Self::Grant,
        Self::Contribution,
        Self::JointProgram,
        Self::Other,
    ];
}

/// Fact types of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactType {
    Role,
    Meeting,
    Partnership,
    Funding,
    Launch,
    Beneficiary,
    Aid,
}

impl FactType {
    pub const ALL: [FactType; 7] = [
        Self::Role,
        Self::Meeting,
        Self::Partnership,
        Self::Funding,
        Self::Launch,
        Self::Beneficiary,
        Self::Aid,
    ];

    /// The type named `s` as the spec spells it (`partnership`, ...).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Role => "role",
            Self::Meeting => "meeting",
            Self::Partnership => "partnership",
            Self::Funding => "funding",
            Self::Launch => "launch",
            Self::Beneficiary => "beneficiary",
            Self::Aid => "aid",
        }
    }
    /// The local name of the fact's class in the hp: ontology (from
    /// [`schema::FACTS`]).
    pub fn class(self) -> &'static str {
        schema::of(self).class
    }
    /// The fields this type takes besides the common ones, and whether each
    /// is required.
    fn fields(self) -> &'static [(&'static str, bool)] {
        match self {
            Self::Role => &[("person", true), ("organization", true), ("title", true)],
            Self::Meeting => &[("participants", true), ("host", false), ("topics", false)],
            Self::Partnership => &[
                ("partners", true),
                ("stage", true),
                ("instrument", false),
                ("initiative", false),
                ("amount", false),
                ("purpose", false),
                ("signatories", false),
            ],
            Self::Funding => &[
                ("funder", true),
                ("recipient", true),
                ("amount", false),
                ("purpose", false),
            ],
            Self::Launch => &[("initiative", true), ("by", true), ("partners", false)],
            Self::Beneficiary => &[("of", true), ("group", true), ("places", false)],
            Self::Aid => &[
                ("provider", true),
                ("group", false),
                ("places", true),
                ("amount", false),
            ],
        }
    }
}

/// A fact as written: every field of every type, checked against its type's
/// list by [`RawDocument::check`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    #[serde(rename = "type")]
    pub ty: FactType,
    pub date: Option<FactDate>,
    pub place: Option<Key>,
    pub evidence: Option<Text>,
    pub confidence: Option<Confidence>,
    pub person: Option<Key>,
    pub organization: Option<Key>,
    pub title: Option<NameMap>,
    pub participants: Option<Vec<Key>>,
    pub host: Option<Key>,
    pub topics: Option<Vec<Key>>,
    pub partners: Option<Vec<Key>>,
    pub stage: Option<Stage>,
    pub instrument: Option<Instrument>,
    pub initiative: Option<Key>,
    pub amount: Option<Amount>,
    pub purpose: Option<NameMap>,
    pub signatories: Option<Vec<Key>>,
    pub funder: Option<Key>,
    pub recipient: Option<Key>,
    pub by: Option<Vec<Key>>,
    pub of: Option<Key>,
    pub group: Option<Key>,
    pub places: Option<Vec<Key>>,
    pub provider: Option<Key>,
}

impl RawFact {
    fn present(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        macro_rules! p {
            ($($f:ident),*) => { $( if self.$f.is_some() { v.push(stringify!($f)); } )* };
        }
        p!(
            person,
            organization,
            title,
            participants,
            host,
            topics,
            partners,
            stage,
            instrument,
            initiative,
            amount,
            purpose,
            signatories,
            funder,
            recipient,
            by,
            of,
            group,
            places,
            provider
        );
        v
    }
}

/// A document as read, before cross-field checks.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    pub article: Article,
    pub entities: Vec<Entity>,
    pub facts: Vec<RawFact>,
}

/// Fields every fact may carry.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FactCommon {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<FactDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Key>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

/// A checked fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Fact {
    Role {
        #[serde(flatten)]
        common: FactCommon,
        person: Key,
        organization: Key,
        title: NameMap,
    },
    Meeting {
        #[serde(flatten)]
        common: FactCommon,
        participants: Vec<Key>,
        #[serde(skip_serializing_if = "Option::is_none")]
        host: Option<Key>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        topics: Vec<Key>,
    },
    Partnership {
        #[serde(flatten)]
        common: FactCommon,
        partners: Vec<Key>,
        stage: Stage,
        #[serde(skip_serializing_if = "Option::is_none")]
        instrument: Option<Instrument>,
        #[serde(skip_serializing_if = "Option::is_none")]
        initiative: Option<Key>,
        #[serde(skip_serializing_if = "Option::is_none")]
        amount: Option<Amount>,
        #[serde(skip_serializing_if = "Option::is_none")]
        purpose: Option<NameMap>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        signatories: Vec<Key>,
    },
    Funding {
        #[serde(flatten)]
        common: FactCommon,
        funder: Key,
        recipient: Key,
        #[serde(skip_serializing_if = "Option::is_none")]
        amount: Option<Amount>,
        #[serde(skip_serializing_if = "Option::is_none")]
        purpose: Option<NameMap>,
    },
    Launch {
        #[serde(flatten)]
        common: FactCommon,
        initiative: Key,
        by: Vec<Key>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        partners: Vec<Key>,
    },
    Beneficiary {
        #[serde(flatten)]
        common: FactCommon,
        of: Key,
        group: Key,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        places: Vec<Key>,
    },
    Aid {
        #[serde(flatten)]
        common: FactCommon,
        provider: Key,
        #[serde(skip_serializing_if = "Option::is_none")]
        group: Option<Key>,
        places: Vec<Key>,
        #[serde(skip_serializing_if = "Option::is_none")]
        amount: Option<Amount>,
    },
}

impl Fact {
    pub fn ty(&self) -> FactType {
        match self {
            Fact::Role { .. } => FactType::Role,
            Fact::Meeting { .. } => FactType::Meeting,
            Fact::Partnership { .. } => FactType::Partnership,
            Fact::Funding { .. } => FactType::Funding,
            Fact::Launch { .. } => FactType::Launch,
            Fact::Beneficiary { .. } => FactType::Beneficiary,
            Fact::Aid { .. } => FactType::Aid,
        }
    }
    pub fn common(&self) -> &FactCommon {
        match self {
            Fact::Role { common, .. }
            | Fact::Meeting { common, .. }
            | Fact::Partnership { common, .. }
            | Fact::Funding { common, .. }
            | Fact::Launch { common, .. }
            | Fact::Beneficiary { common, .. }
            | Fact::Aid { common, .. } => common,
        }
    }
}

/// A checked article facts document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub article: Article,
    pub entities: Vec<Entity>,
    pub facts: Vec<Fact>,
}

impl Document {
    /// Canonical JSON: fixed field order, no whitespace. Two documents with
    /// the same content have the same canonical form, whatever their layout.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).expect("documents always serialize")
    }

    /// The entity declared under `key`.
    pub fn entity(&self, key: &Key) -> Option<&Entity> {
        self.entities.iter().find(|e| &e.key == key)
    }
}

use locate::Segment as S;

fn seg_key(k: &str) -> S {
    S::Key(k.to_owned())
}

impl RawDocument {
    /// Checks what spans fields and returns the typed document, or every
    /// problem found (in document order).
    pub fn check(self) -> Result<Document, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut types: BTreeMap<&Key, EntityType> = BTreeMap::new();
        for (i, e) in self.entities.iter().enumerate() {
            let at = |field: &str| vec![seg_key("entities"), S::Index(i), seg_key(field)];
            if types.insert(&e.key, e.ty).is_some() {
                problems.push(Problem::new(
                    at("key"),
                    format!(
                        "duplicate entity key {:?}: each key is declared once per document; \
                         rename one of them",
                        e.key.as_str()
                    ),
                ));
            }
            if let Some(c) = &e.category {
                if let Err(m) = check_category(e.ty, c) {
                    problems.push(Problem::new(at("category"), m));
                }
            }
        }
        for (i, e) in self.entities.iter().enumerate() {
            let at = |field: &str| vec![seg_key("entities"), S::Index(i), seg_key(field)];
            if let Some(parent) = &e.part_of {
                if e.ty != EntityType::Organization {
                    problems.push(Problem::new(
                        at("part_of"),
                        format!(
                            "part_of applies to organisations, not to a {}",
                            e.ty.as_str()
                        ),
                    ));
                } else if parent == &e.key {
                    problems.push(Problem::new(
                        at("part_of"),
                        format!("entity {:?} cannot be part of itself", e.key.as_str()),
                    ));
                } else {
                    expect_key(
                        &types,
                        parent,
                        &[EntityType::Organization],
                        at("part_of"),
                        &mut problems,
                    );
                }
            }
        }
        let mut facts = Vec::with_capacity(self.facts.len());
        for (i, raw) in self.facts.into_iter().enumerate() {
            match check_fact(i, raw, &types) {
                Ok(f) => facts.push(f),
                Err(mut p) => problems.append(&mut p),
            }
        }
        if problems.is_empty() {
            Ok(Document {
                article: self.article,
                entities: self.entities,
                facts,
            })
        } else {
            Err(problems)
        }
    }
}

fn expect_key(
    types: &BTreeMap<&Key, EntityType>,
    key: &Key,
    allowed: &[EntityType],
    at: Vec<S>,
    problems: &mut Vec<Problem>,
) {
    match types.get(key) {
        None => problems.push(Problem::new(
            at,
            format!(
                "key {:?} is not declared in \"entities\": declare it there or fix the spelling",
                key.as_str()
            ),
        )),
        Some(t) if !allowed.contains(t) => {
            let want: Vec<&str> = allowed.iter().map(|t| t.as_str()).collect();
            problems.push(Problem::new(
                at,
                format!(
                    "key {:?} is a {}, but this field takes {}",
                    key.as_str(),
                    t.as_str(),
                    want.join(" or ")
                ),
            ))
        }
        Some(_) => {}
    }
}

fn check_fact(
    i: usize,
    raw: RawFact,
    types: &BTreeMap<&Key, EntityType>,
) -> Result<Fact, Vec<Problem>> {
    use EntityType::*;
    let mut problems = Vec::new();
    let base = || vec![seg_key("facts"), S::Index(i)];
    let at = |field: &str| {
        let mut v = base();
        v.push(seg_key(field));
        v
    };
    let ty = raw.ty;
    let fields = ty.fields();
    for name in raw.present() {
        if !fields.iter().any(|(f, _)| *f == name) {
            let allowed: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
            problems.push(Problem::new(
                at(name),
                format!(
                    "field {name:?} does not belong to a {} fact, which takes {} \
                     (and date, place, evidence, confidence)",
                    ty.as_str(),
                    allowed.join(", ")
                ),
            ));
        }
    }
    let present = raw.present();
    for (name, required) in fields {
        if *required && !present.contains(name) {
            problems.push(Problem::new(
                base(),
                format!("a {} fact needs the field {name:?}", ty.as_str()),
            ));
        }
    }
    let mut one = |field: &str, key: &Option<Key>, allowed: &[EntityType]| {
        if let Some(k) = key {
            expect_key(types, k, allowed, at(field), &mut problems);
        }
    };
    one("place", &raw.place, &[Place]);
    one("person", &raw.person, &[Person]);
    one("organization", &raw.organization, &[Organization]);
    one("host", &raw.host, &[Organization, Person]);
    one("initiative", &raw.initiative, &[Initiative]);
    one("funder", &raw.funder, &[Organization]);
    one("recipient", &raw.recipient, &[Organization, Initiative]);
    one("of", &raw.of, &[Initiative, Organization]);
    one("group", &raw.group, &[Group]);
    one("provider", &raw.provider, &[Organization]);
    let mut many = |field: &str, keys: &Option<Vec<Key>>, allowed: &[EntityType], min: usize| {
        if let Some(ks) = keys {
            let distinct: BTreeSet<&Key> = ks.iter().collect();
            if distinct.len() < min {
                problems.push(Problem::new(
                    at(field),
                    format!(
                        "{field:?} needs at least {min} distinct key{}, found {}",
                        if min == 1 { "" } else { "s" },
                        distinct.len()
                    ),
                ));
            }
            if distinct.len() != ks.len() {
                problems.push(Problem::new(
                    at(field),
                    format!("{field:?} lists a key twice: list each key once"),
                ));
            }
            for (j, k) in ks.iter().enumerate() {
                let mut p = at(field);
                p.push(S::Index(j));
                expect_key(types, k, allowed, p, &mut problems);
            }
        }
    };
    many(
        "participants",
        &raw.participants,
        &[Organization, Person],
        2,
    );
    many("topics", &raw.topics, &[Initiative], 0);
    let partner_min = if ty == FactType::Partnership { 2 } else { 0 };
    many("partners", &raw.partners, &[Organization], partner_min);
    many("signatories", &raw.signatories, &[Person], 0);
    many("by", &raw.by, &[Organization], 1);
    let places_min = if ty == FactType::Aid { 1 } else { 0 };
    many("places", &raw.places, &[Place], places_min);
    if !problems.is_empty() {
        return Err(problems);
    }
    let common = FactCommon {
        date: raw.date,
        place: raw.place,
        evidence: raw.evidence,
        confidence: raw.confidence,
    };
    let v = |x: Option<Vec<Key>>| x.unwrap_or_default();
    // Required fields were checked above, so the unwraps cannot fail.
    Ok(match ty {
        FactType::Role => Fact::Role {
            common,
            person: raw.person.unwrap(),
            organization: raw.organization.unwrap(),
            title: raw.title.unwrap(),
        },
        FactType::Meeting => Fact::Meeting {
            common,
            participants: v(raw.participants),
            host: raw.host,
            topics: v(raw.topics),
        },
        FactType::Partnership => Fact::Partnership {
            common,
            partners: v(raw.partners),
            stage: raw.stage.unwrap(),
            instrument: raw.instrument,
            initiative: raw.initiative,
            amount: raw.amount,
            purpose: raw.purpose,
            signatories: v(raw.signatories),
        },
        FactType::Funding => Fact::Funding {
            common,
            funder: raw.funder.unwrap(),
            recipient: raw.recipient.unwrap(),
            amount: raw.amount,
            purpose: raw.purpose,
        },
        FactType::Launch => Fact::Launch {
            common,
            initiative: raw.initiative.unwrap(),
            by: v(raw.by),
            partners: v(raw.partners),
        },
        FactType::Beneficiary => Fact::Beneficiary {
            common,
            of: raw.of.unwrap(),
            group: raw.group.unwrap(),
            places: v(raw.places),
        },
        FactType::Aid => Fact::Aid {
            common,
            provider: raw.provider.unwrap(),
            group: raw.group,
            places: v(raw.places),
            amount: raw.amount,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../data/articles/krcs-isdb-gifr-visit.json");

    fn read(s: &str) -> Result<Document, Vec<Problem>> {
        let raw: RawDocument = serde_json::from_str(s).expect("parses");
        raw.check()
    }

    #[test]
    fn the_seed_document_is_valid() {
        let doc = read(SEED).unwrap();
        assert_eq!(doc.article.id.as_str(), "krcs-isdb-gifr-visit");
        assert_eq!(doc.entities.len(), 8);
        assert_eq!(doc.facts.len(), 6);
    }

    #[test]
    fn canonical_json_ignores_layout() {
        let a = read(SEED).unwrap();
        let v: serde_json::Value = serde_json::from_str(SEED).unwrap();
        let b = read(&serde_json::to_string(&v).unwrap()).unwrap();
        assert_eq!(a.canonical_json(), b.canonical_json());
    }

    #[test]
    fn an_undeclared_key_is_reported_with_its_path() {
        let s = SEED.replace(
            r#""partners": ["krcs", "isdb"]"#,
            r#""partners": ["krcs", "isbd"]"#,
        );
        let problems = read(&s).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "$.facts[4].partners[1]");
        assert!(problems[0].message.contains("\"isbd\" is not declared"));
    }

    #[test]
    fn a_key_of_the_wrong_type_is_reported() {
        let s = SEED.replace(r#""by": ["isdb"]"#, r#""by": ["gifr"]"#);
        let problems = read(&s).unwrap_err();
        assert!(
            problems[0].message.contains("is a initiative") || problems[0].message.contains("is a")
        );
        assert_eq!(problems[0].path, "$.facts[3].by[0]");
    }

    #[test]
    fn a_duplicate_entity_key_is_reported() {
        let s = SEED.replace(r#"{"key": "zaabi""#, r#"{"key": "mughamis""#);
        let problems = read(&s).unwrap_err();
        assert!(problems
            .iter()
            .any(|p| p.message.contains("duplicate entity key")));
    }

    #[test]
    fn a_field_of_another_fact_type_is_rejected() {
        let s = SEED.replace(
            r#"{"type": "beneficiary", "of": "gifr", "group": "refugees"}"#,
            r#"{"type": "beneficiary", "of": "gifr", "group": "refugees", "funder": "isdb"}"#,
        );
        let problems = read(&s).unwrap_err();
        assert!(problems[0]
            .message
            .contains("does not belong to a beneficiary fact"));
    }

    #[test]
    fn a_missing_required_fact_field_is_reported() {
        let s = SEED.replace(r#", "stage": "discussed""#, "");
        let problems = read(&s).unwrap_err();
        assert!(problems[0].message.contains("needs the field \"stage\""));
    }
}
