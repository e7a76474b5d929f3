//! The data `hpkg extract` works from, kept as TOML files under `data/` so
//! that an analyst can extend them without recompiling: the place and group
//! lexicons (`data/lexicon/`) and the cue and pattern files of each language
//! (`data/patterns/ar.toml`, `data/patterns/en.toml`).
//!
//! The copies in `data/` are built into the binary; `--rules DIR` reads a
//! directory of the same layout instead.

use super::ExtractError;
use crate::model::{FactType, Instrument, Stage};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A place the lexicon lists.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub country: String,
    pub ar: String,
    pub en: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A beneficiary group the lexicon lists.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub category: String,
    pub ar: String,
    pub en: String,
    pub forms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceFile {
    place: Vec<Place>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    group: Vec<Group>,
}

/// Sentence splitting.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentenceRules {
    /// Words after which a full stop does not end a sentence (`Dr`, `H.E`).
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// A sentence that opens with one of these continues the one before
    /// (جاء ذلك خلال…): its facts may take their actors from it.
    #[serde(default)]
    pub continuations: Vec<String>,
}

/// Known names that may begin a longer name the gazetteer does not hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityRules {
    /// English: a match of one of these followed by a capitalised word is
    /// part of a longer name (UN Children's Fund), not a mention.
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// English: any match of these types followed by a capitalised word
    /// is part of a longer name too ("Kuwait News Agency").
    #[serde(default)]
    pub prefix_types: Vec<String>,
    /// Arabic: a match right after one of these words is the second half
    /// of a longer name (مفوضية الأمم المتحدة…), not a mention.
    #[serde(default)]
    pub heads: Vec<String>,
    /// Gazetteer names that are also common words (إنسانية): never
    /// matched alone.
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// Cues that stop a sentence from yielding facts of some families: a
/// denial, a plan, a condition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub id: String,
    pub cues: Vec<String>,
    pub families: Vec<String>,
}

/// A verb or noun pattern: its cues and what a sentence holding one says.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub id: String,
    /// meeting, partnership, funding, launch, beneficiary or aid.
    pub family: String,
    /// Any one of these must occur. A word ending in `*` matches any word
    /// it begins.
    pub cues: Vec<String>,
    /// If given, one of these must occur in the same sentence too.
    #[serde(default)]
    pub with: Vec<String>,
    /// Partnership stage.
    #[serde(default)]
    pub stage: Option<String>,
    /// Partnership instrument.
    #[serde(default)]
    pub instrument: Option<String>,
    /// Meeting: the organisation before the cue is the host (a reception).
    #[serde(default)]
    pub host_before: bool,
    /// Launch: organisations after one of these are partners, not
    /// launchers (بالتعاون مع، in partnership with).
    #[serde(default)]
    pub partners_after: Vec<String>,
    /// Funding: the funder comes after the cue (بتمويل من، funded by).
    #[serde(default)]
    pub funder_after: bool,
    /// The sentence must name an amount (for verbs as wide as provide).
    #[serde(default)]
    pub amount_required: bool,
    /// Funding: a word before the cue that makes the organisation before it
    /// the recipient (received, تلقى).
    #[serde(default)]
    pub receiving: Vec<String>,
}

/// Cues for persons.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRules {
    pub honorifics: Vec<String>,
    /// Words that begin a post: رئيس، مدير، Director…
    pub titles: Vec<String>,
    /// Prepositions between a post and its organisation.
    pub title_links: Vec<String>,
    /// برئاسة, headed by: a name follows.
    pub headed_by: Vec<String>,
    /// Verbs of saying: a name follows in Arabic, and precedes or follows
    /// in English.
    pub quote_verbs: Vec<String>,
    /// Words that join the parts of a name (بن، آل، Al, bin).
    pub particles: Vec<String>,
    /// Words that are never part of a name.
    pub stop: Vec<String>,
    /// Words after which a post's object follows, not a name ("Director
    /// of External Relations").
    #[serde(default)]
    pub post_objects: Vec<String>,
    /// Possessives between "headed by" and a post ("led by its President").
    #[serde(default)]
    pub possessives: Vec<String>,
    /// Adjectives that may end a post (عام، تنفيذي): a construct post
    /// detached from its organisation gives every word the article
    /// (مدير عام الصندوق → المدير العام).
    #[serde(default)]
    pub title_adjectives: Vec<String>,
}

/// Words that link a name to the part it plays in a fact: one of them at
/// most two words before the name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Links {
    /// Before the funder (from, through, من، عبر).
    #[serde(default)]
    pub funder: Vec<String>,
    /// Before the recipient (to, إلى).
    #[serde(default)]
    pub recipient: Vec<String>,
    /// Before a meeting's place or an aid destination (in, to, في، إلى);
    /// an Arabic place written with ل or ب is linked too.
    #[serde(default)]
    pub place: Vec<String>,
}

/// A definite description (البنك، the Bank) that refers back to the last
/// entity named before it that fits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anaphor {
    pub words: Vec<String>,
    /// The entity's name must contain this word (normalised, article or not).
    #[serde(default)]
    pub head: Option<String>,
    /// Or the entity must have this type.
    #[serde(rename = "type", default)]
    pub ty: Option<String>,
    /// Among the entities that fit, the last one of this type is taken
    /// first (the Fund: an initiative before an organisation).
    #[serde(default)]
    pub prefer: Option<String>,
}

/// A currency and the words that name it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Currency {
    pub code: String,
    pub words: Vec<String>,
}

/// Amounts: scale words and currencies.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountRules {
    pub scales: BTreeMap<String, f64>,
    pub currency: Vec<Currency>,
}

/// Dates: month and weekday names and relative words.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRules {
    pub months: BTreeMap<String, u32>,
    /// Weekday names, 1 = Monday … 7 = Sunday.
    pub weekdays: BTreeMap<String, u32>,
    pub today: Vec<String>,
    pub yesterday: Vec<String>,
    pub last_week: Vec<String>,
    /// Words before a bare year (عام 2022, in 2022): the date is the year.
    #[serde(default)]
    pub year_words: Vec<String>,
}

/// Everything one language's pattern file holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub language: String,
    #[serde(default)]
    pub sentence: SentenceRules,
    #[serde(default)]
    pub entities: EntityRules,
    #[serde(default)]
    pub links: Links,
    #[serde(default)]
    pub block: Vec<Block>,
    pub pattern: Vec<Pattern>,
    pub persons: PersonRules,
    #[serde(default)]
    pub anaphor: Vec<Anaphor>,
    /// Names shared by organisations of several countries (جمعية الهلال
    /// الأحمر, Red Crescent Society): resolved by the article's country.
    #[serde(default)]
    pub generic: Vec<String>,
    pub amounts: AmountRules,
    pub dates: DateRules,
}

/// The families a pattern may name: every fact type but `role` (roles
/// come from the person cues).
pub fn families() -> Vec<&'static str> {
    FactType::ALL
        .iter()
        .filter(|t| **t != FactType::Role)
        .map(|t| t.as_str())
        .collect()
}

/// All the rules: lexicons and one pattern file per language.
#[derive(Debug, Clone)]
pub struct Rules {
    pub places: Vec<Place>,
    pub groups: Vec<Group>,
    pub languages: BTreeMap<String, Language>,
}

const BUILTIN: [(&str, &str); 4] = [
    (
        "lexicon/places.toml",
        include_str!("../../data/lexicon/places.toml"),
    ),
    (
        "lexicon/groups.toml",
        include_str!("../../data/lexicon/groups.toml"),
    ),
    (
        "patterns/ar.toml",
        include_str!("../../data/patterns/ar.toml"),
    ),
    (
        "patterns/en.toml",
        include_str!("../../data/patterns/en.toml"),
    ),
];

impl Rules {
    /// The rules built in from `data/`.
    pub fn builtin() -> Result<Self, ExtractError> {
        Self::from_sources(BUILTIN.iter().map(|(p, t)| (p.to_string(), t.to_string())))
    }

    /// The rules in `dir`, laid out as `data/` is: `lexicon/places.toml`,
    /// `lexicon/groups.toml`, `patterns/ar.toml`, `patterns/en.toml`.
    pub fn from_dir(dir: &Path) -> Result<Self, ExtractError> {
        let mut sources = Vec::new();
        for (rel, _) in BUILTIN {
            let path = dir.join(rel);
            let text = std::fs::read_to_string(&path).map_err(|e| ExtractError::Rules {
                file: path.display().to_string(),
                message: format!("{e}; --rules DIR needs the layout of data/ ({rel})"),
            })?;
            sources.push((path.display().to_string(), text));
        }
        Self::from_sources(sources)
    }

    fn from_sources(
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ExtractError> {
        let mut places = Vec::new();
        let mut groups = Vec::new();
        let mut languages = BTreeMap::new();
        for (file, text) in sources {
            let bad = |message: String| ExtractError::Rules {
                file: file.clone(),
                message,
            };
            let toml_err = |e: toml::de::Error| bad(e.to_string().trim_end().to_owned());
            if file.ends_with("places.toml") {
                places = toml::from_str::<PlaceFile>(&text).map_err(toml_err)?.place;
                for p in &places {
                    if crate::model::Country::parse(&p.country).is_err() {
                        return Err(bad(format!(
                            "place {:?}: country {:?} is not an ISO 3166-1 alpha-2 code",
                            p.en, p.country
                        )));
                    }
                }
            } else if file.ends_with("groups.toml") {
                groups = toml::from_str::<GroupFile>(&text).map_err(toml_err)?.group;
            } else {
                let lang: Language = toml::from_str(&text).map_err(toml_err)?;
                let stem = Path::new(&file)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default();
                if lang.language != stem {
                    return Err(bad(format!(
                        "language = {:?} in a file named {stem}.toml: each pattern file names its own language",
                        lang.language
                    )));
                }
                if let Some((k, m)) = lang
                    .dates
                    .months
                    .iter()
                    .find(|(_, m)| !(1..=12).contains(*m))
                {
                    return Err(bad(format!("month {k:?} = {m}: months are 1 to 12")));
                }
                if let Some((k, d)) = lang
                    .dates
                    .weekdays
                    .iter()
                    .find(|(_, d)| !(1..=7).contains(*d))
                {
                    return Err(bad(format!(
                        "weekday {k:?} = {d}: weekdays are 1 (Monday) to 7 (Sunday)"
                    )));
                }
                for p in &lang.pattern {
                    if !families().contains(&p.family.as_str()) {
                        return Err(bad(format!(
                            "pattern {:?}: family {:?} is not one of {}",
                            p.id,
                            p.family,
                            families().join(", ")
                        )));
                    }
                    if p.family == "partnership" && p.stage.is_none() {
                        return Err(bad(format!(
                            "pattern {:?}: a partnership pattern needs a `stage`",
                            p.id
                        )));
                    }
                    let stages: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
                    if let Some(st) = p.stage.as_deref().filter(|s| !stages.contains(s)) {
                        return Err(bad(format!(
                            "pattern {:?}: stage {st:?} is not one of {}",
                            p.id,
                            stages.join(", ")
                        )));
                    }
                    let instruments: Vec<&str> =
                        Instrument::ALL.iter().map(|i| i.as_str()).collect();
                    if let Some(i) = p.instrument.as_deref().filter(|i| !instruments.contains(i)) {
                        return Err(bad(format!(
                            "pattern {:?}: instrument {i:?} is not one of {}",
                            p.id,
                            instruments.join(", ")
                        )));
                    }
                }
                for c in &lang.amounts.currency {
                    if crate::model::Currency::parse(&c.code).is_err() {
                        return Err(bad(format!(
                            "currency {:?} is not an ISO 4217 code",
                            c.code
                        )));
                    }
                }
                for b in &lang.block {
                    if let Some(f) = b
                        .families
                        .iter()
                        .find(|f| !families().contains(&f.as_str()))
                    {
                        return Err(bad(format!("block {:?}: unknown family {f:?}", b.id)));
                    }
                }
                languages.insert(lang.language.clone(), lang);
            }
        }
        Ok(Self {
            places,
            groups,
            languages,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_rules_load_for_both_languages() {
        let r = Rules::builtin().unwrap();
        assert!(r.places.len() > 40);
        assert!(r.groups.iter().any(|g| g.category == "refugees"));
        assert_eq!(
            r.languages.keys().map(String::as_str).collect::<Vec<_>>(),
            ["ar", "en"]
        );
    }

    #[test]
    fn a_pattern_file_with_a_bad_stage_or_another_language_is_refused() {
        let en = BUILTIN[3].1;
        let bad = en.replace("stage = \"discussed\"", "stage = \"sined\"");
        let e = Rules::from_sources([("p/en.toml".to_owned(), bad)]).unwrap_err();
        assert!(
            e.to_string().contains("\"sined\"") && e.to_string().contains("discussed, proposed"),
            "{e}"
        );
        let e = Rules::from_sources([("p/ar.toml".to_owned(), en.to_owned())]).unwrap_err();
        assert!(e.to_string().contains("named ar.toml"), "{e}");
        let bad = en.replace("\"monday\" = 1", "\"monday\" = 9");
        let e = Rules::from_sources([("p/en.toml".to_owned(), bad)]).unwrap_err();
        assert!(e.to_string().contains("weekdays are 1"), "{e}");
    }

    #[test]
    fn a_bad_rules_file_names_itself_and_the_problem() {
        let e = Rules::from_sources([(
            "x/places.toml".to_owned(),
            "[[place]]\ncountry = \"XX\"\nar = \"س\"\nen = \"s\"\n".to_owned(),
        )])
        .unwrap_err();
        assert!(
            e.to_string().contains("x/places.toml") && e.to_string().contains("\"XX\""),
            "{e}"
        );
    }
}
