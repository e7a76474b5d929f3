//! `hpkg extract`: from article text to an article facts document.
//!
//! The passes, in order:
//! 1. `text`: the header and the body;
//! 2. `scan`: words (with their forms without Arabic clitics) and sentences;
//! 3. `entities`: the gazetteer's entries and the lexicon's places and
//!    groups, longest name first; then names shared by several countries'
//!    organisations (جمعية الهلال الأحمر), resolved by the article's one
//!    country;
//! 4. `persons`: persons at the cues of news style, their posts (`role`
//!    facts), and later short mentions of them;
//! 5. definite descriptions (البنك، the Bank) resolved to the last entity
//!    named that fits;
//! 6. `facts`: the patterns of `data/patterns/`, sentence by sentence, with
//!    `values` (amounts, dates);
//! 7. the document, checked against the contract, and what produced each
//!    entity and fact, for `--explain`.
//!
//! Everything the passes match on is data (`rules`), so an analyst can
//! extend it without recompiling. Precision comes first: a fact whose
//! actors are not all found is left out.

pub mod entities;
pub mod eval;
pub mod facts;
pub mod persons;
pub mod rules;
pub mod scan;
pub mod text;
pub mod values;

mod emit;
mod refer;

use crate::model::{Document, RawDocument};
use crate::resolve::Gazetteer;
use emit::{entity_json, explain, fact_json, key_prefix};
use entities::{Matcher, Target};
use refer::{anaphors, cue_words, generic_names, longer_names};
use rules::{Language, Rules};
use scan::{any_at, Phrase, Token};
use serde_json::{json, Map, Value};
use text::{ArticleText, Header};

/// Errors of extraction.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("{file}:{line}: {message}")]
    Header {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: no `{field}`: give it in the header (`{field}: ...` before a blank line) or as --{field}")]
    Missing { file: String, field: &'static str },
    #[error("{file}: language {language:?} is not one hpkg extract reads: it reads ar and en")]
    Language { file: String, language: String },
    #[error("{file}: the document would not be valid: {problems}")]
    Invalid { file: String, problems: String },
    #[error(
        "{file}: published {value:?} is not a date YYYY-MM-DD (years 1000 to 9999): fix the header or give --published"
    )]
    Published { file: String, value: String },
    #[error("{file}: {message}")]
    Rules { file: String, message: String },
    #[error("{file}: {message}")]
    Eval { file: String, message: String },
}

/// Who a mention names: a known entity (gazetteer, place, group) or a
/// person found at a cue (index into the article's new names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Who {
    Known(Target),
    Person(usize),
}

/// A mention of an entity in the text, and the rule that found it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub who: Who,
    /// The contract's entity type.
    pub ty: &'static str,
    /// Token range.
    pub first: usize,
    pub end: usize,
    /// As written, clitics and honorifics removed.
    pub surface: String,
    pub rule: String,
}

impl Found {
    pub fn is_org(&self) -> bool {
        self.ty == "organization"
    }
    pub fn is_person(&self) -> bool {
        self.ty == "person"
    }
}

/// The rules and indexes extraction needs, built once for many texts.
pub struct Extractor<'g> {
    pub gazetteer: &'g Gazetteer,
    pub rules: Rules,
    pub matcher: Matcher,
}

impl<'g> Extractor<'g> {
    pub fn new(gazetteer: &'g Gazetteer, rules: Rules) -> Self {
        let matcher = Matcher::new(gazetteer, &rules);
        Self {
            gazetteer,
            rules,
            matcher,
        }
    }

    fn ty(&self, t: Target) -> &'static str {
        match t {
            Target::Gazetteer(i) => self.gazetteer.entries()[i].ty.as_str(),
            Target::Place(_) => "place",
            Target::Group(_) => "group",
        }
    }

    /// Every name of a known entity, in normal form.
    fn names(&self, t: Target) -> Vec<String> {
        let n = crate::resolve::normalize::normalize;
        match t {
            Target::Gazetteer(i) => {
                let e = &self.gazetteer.entries()[i];
                e.name
                    .iter()
                    .map(|(_, v)| n(v.as_str()))
                    .chain(e.aliases.iter().map(|a| n(a.as_str())))
                    .collect()
            }
            Target::Place(i) => {
                let p = &self.rules.places[i];
                [n(&p.ar), n(&p.en)]
                    .into_iter()
                    .chain(p.aliases.iter().map(|a| n(a)))
                    .collect()
            }
            Target::Group(i) => self.rules.groups[i].forms.iter().map(|f| n(f)).collect(),
        }
    }
}

/// One entity of the extracted document and its mentions.
#[derive(Debug, Clone)]
pub struct EntityOut {
    pub key: String,
    pub who: Who,
    pub mentions: Vec<Found>,
}

/// A document extracted from one text, with what the reader should know.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The article facts document, checked against the contract.
    pub json: Value,
    pub document: Document,
    pub warnings: Vec<String>,
    /// What produced each entity and fact, for `--explain`.
    pub explanation: String,
}

/// Extracts the article facts of one text. `flags` (from the command line)
/// override the text's header.
pub fn extract(
    file: &str,
    text: &ArticleText,
    flags: &Header,
    x: &Extractor,
) -> Result<Extracted, ExtractError> {
    let header = text.header.clone().overridden_by(flags);
    let required = |field: &'static str, v: &Option<String>| {
        v.clone().ok_or(ExtractError::Missing {
            file: file.to_owned(),
            field,
        })
    };
    let language = required("language", &header.language)?;
    let Some(lang) = x.rules.languages.get(&language) else {
        return Err(ExtractError::Language {
            file: file.to_owned(),
            language,
        });
    };
    let mut article = Map::new();
    article.insert("id".into(), json!(required("id", &header.id)?));
    article.insert("title".into(), json!(required("title", &header.title)?));
    article.insert("language".into(), json!(language));
    let published = required("published", &header.published)?;
    article.insert("published".into(), json!(published));
    for (key, value) in [("url", &header.url), ("publisher", &header.publisher)] {
        if let Some(v) = value {
            article.insert(key.into(), json!(v));
        }
    }
    // A year of four digits: relative dates are computed from it, and
    // must stay dates the contract accepts.
    let published_date = chrono::NaiveDate::parse_from_str(&published, "%Y-%m-%d")
        .ok()
        .filter(|d| (1000..=9999).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| ExtractError::Published {
            file: file.to_owned(),
            value: published.clone(),
        })?;

    let body = &text.body;
    let tokens = scan::tokens(body);
    let sentences = scan::sentences(body, &tokens, &lang.sentence.abbreviations);
    let mut mentions: Vec<Found> = x
        .matcher
        .find(body, &tokens)
        .into_iter()
        .map(|m| Found {
            who: Who::Known(m.target),
            ty: x.ty(m.target),
            first: m.first,
            end: m.end,
            surface: m.surface,
            rule: match m.target {
                Target::Gazetteer(_) => "name.gazetteer",
                Target::Place(_) => "name.place-lexicon",
                Target::Group(_) => "name.group-lexicon",
            }
            .to_owned(),
        })
        .collect();
    longer_names(lang, body, &tokens, &mut mentions);
    mentions.extend(generic_names(x, lang, body, &tokens, &mentions));
    mentions.sort_by_key(|m| m.first);
    // Descriptions of organisations first: a post may name its
    // organisation by one (الأمين العام للجمعية).
    let described = anaphors(x, lang, &sentences, &tokens, &mentions);
    mentions.extend(described);
    mentions.sort_by_key(|m| m.first);
    // Short forms of the gazetteer's persons first, so that a cue does not
    // take "Al Rabeeah said" for a new person.
    let short = persons::short_forms(body, &tokens, &mentions);
    mentions.extend(short);
    mentions.sort_by_key(|m| m.first);
    let cues = persons::Cues::new(&lang.persons, cue_words(lang), language == "ar");
    let (people, new_names) = cues.find(body, &tokens, &mentions);
    mentions.extend(people);
    mentions.sort_by_key(|m| m.first);
    let short = persons::short_forms(body, &tokens, &mentions);
    mentions.extend(short);
    mentions.extend(anaphors(x, lang, &sentences, &tokens, &mentions));
    mentions.sort_by_key(|m| m.first);
    let roles = cues.roles(body, &tokens, &mentions);

    let parent = |w: Who| -> Option<Who> {
        let Who::Known(Target::Gazetteer(i)) = w else {
            return None;
        };
        let p = x.gazetteer.entries()[i].part_of.as_deref()?;
        x.gazetteer
            .entries()
            .iter()
            .position(|e| e.id == p)
            .map(|j| Who::Known(Target::Gazetteer(j)))
    };
    let values = values::Values::new(lang);
    let found_facts = facts::find(
        lang,
        &values,
        &facts::Article {
            text: body,
            tokens: &tokens,
            sentences: &sentences,
            mentions: &mentions,
            roles: &roles,
            published: published_date,
            parent: &parent,
        },
    );

    // Entities in order of first mention; facts name them by key.
    let mut entities: Vec<EntityOut> = Vec::new();
    for m in &mentions {
        match entities.iter_mut().find(|e| e.who == m.who) {
            Some(e) => e.mentions.push(m.clone()),
            None => {
                let key = format!("{}{}", key_prefix(m.ty), entities.len() + 1);
                entities.push(EntityOut {
                    key,
                    who: m.who,
                    mentions: vec![m.clone()],
                });
            }
        }
    }
    let key = |w: Who| -> String {
        entities
            .iter()
            .find(|e| e.who == w)
            .map(|e| e.key.clone())
            .unwrap_or_default()
    };
    let entities_json: Vec<Value> = entities
        .iter()
        .map(|e| entity_json(x, &language, e, &new_names))
        .collect();
    // Every actor of a fact is a mention, and every mention an entity:
    // the contract check below would catch a key that is not.
    let facts_out: Vec<&facts::Found> = found_facts.iter().collect();
    let facts_json: Vec<Value> = facts_out
        .iter()
        .map(|f| fact_json(f, &language, &key))
        .collect();

    let mut warnings = Vec::new();
    if entities.is_empty() {
        warnings.push(format!(
            "{file}: no known entity found; the document is valid but names nothing"
        ));
    }
    let json = json!({"article": article, "entities": entities_json, "facts": facts_json});
    let document = serde_json::from_value::<RawDocument>(json.clone())
        .map_err(|e| e.to_string())
        .and_then(|raw| {
            raw.check().map_err(|problems| {
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.path, p.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        })
        .map_err(|problems| ExtractError::Invalid {
            file: file.to_owned(),
            problems,
        })?;
    let explanation = explain(
        file, text, &language, &tokens, &sentences, &entities, &facts_out, &key,
    );
    Ok(Extracted {
        json,
        document,
        warnings,
        explanation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Extracted, ExtractError> {
        let g = Gazetteer::builtin().unwrap();
        let x = Extractor::new(&g, Rules::builtin().unwrap());
        let t = text::read("a.txt", text).unwrap();
        extract("a.txt", &t, &Header::default(), &x)
    }

    #[test]
    fn an_article_with_known_names_gives_a_valid_document() {
        let x = run("id: syn-x1\ntitle: t\nlanguage: ar\npublished: 2025-01-01\n\nاستقبلت جمعية الهلال الأحمر الكويتي وفدا من البنك الإسلامي للتنمية.\n").unwrap();
        assert_eq!(x.document.entities.len(), 2);
        assert_eq!(x.json["entities"][0]["key"], "o1");
        assert!(x.warnings.is_empty());
    }

    #[test]
    fn an_article_naming_nothing_known_is_valid_with_a_warning() {
        let x = run("id: syn-x2\ntitle: t\nlanguage: en\npublished: 2025-01-01\n\nThe crescent moon was seen.\n").unwrap();
        assert!(x.document.entities.is_empty());
        assert!(x.warnings[0].contains("names nothing"), "{:?}", x.warnings);
    }

    fn facts_of(x: &Extracted, ty: &str) -> Vec<Value> {
        x.json["facts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["type"] == ty)
            .cloned()
            .collect()
    }

    #[test]
    fn a_meeting_held_stays_when_the_next_one_is_planned() {
        let x = run("id: syn-x4\ntitle: t\nlanguage: ar\npublished: 2025-11-11\n\nاستقبلت جمعية الهلال الأحمر الكويتي أمس وفدا من البنك الإسلامي للتنمية.\nواتفق الجانبان على عقد الاجتماع المقبل في جنيف.\n").unwrap();
        let m = facts_of(&x, "meeting");
        assert_eq!(m.len(), 1, "{}", x.json);
        assert_eq!(m[0]["date"], "2025-11-10");
        let x = run("id: syn-x5\ntitle: t\nlanguage: en\npublished: 2025-11-11\n\nUNHCR is scheduled to meet WFP next week.\nThe meeting will cover Sudan.\n").unwrap();
        assert!(facts_of(&x, "meeting").is_empty(), "{}", x.json);
    }

    #[test]
    fn an_explicit_date_wins_over_the_weekday_beside_it() {
        let x = run("id: syn-x6\ntitle: t\nlanguage: en\npublished: 2025-11-20\n\nUNHCR met WFP in Geneva on Monday, 10 November 2025.\n").unwrap();
        assert_eq!(
            facts_of(&x, "meeting")[0]["date"],
            "2025-11-10",
            "{}",
            x.json
        );
    }

    #[test]
    fn funding_flows_from_the_organisation_after_from_or_through_to_the_one_after_to() {
        let x = run("id: syn-x8\ntitle: t\nlanguage: en\npublished: 2025-11-20\n\nThe deal entails a contribution of $4 million to WHO through QFFD.\nUNHCR received a grant of $2m from KSrelief.\n").unwrap();
        let f = facts_of(&x, "funding");
        let name = |k: &Value| {
            x.json["entities"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| &e["key"] == k)
                .unwrap()["name"]["en"]
                .clone()
        };
        let flows: Vec<(Value, Value)> = f
            .iter()
            .map(|f| (name(&f["funder"]), name(&f["recipient"])))
            .collect();
        assert_eq!(
            flows,
            [
                (json!("QFFD"), json!("WHO")),
                (json!("KSrelief"), json!("UNHCR"))
            ],
            "{}",
            x.json
        );
    }

    #[test]
    fn a_capitalised_cue_inside_an_english_sentence_is_part_of_a_name() {
        let x = run("id: syn-x9\ntitle: t\nlanguage: en\npublished: 2025-11-20\n\nObaid Al Baloushi, Head of the ERC Delegation, signed the papers with UNICEF in Sudan.\n").unwrap();
        assert!(facts_of(&x, "meeting").is_empty(), "{}", x.json);
    }

    #[test]
    fn a_list_of_officials_gives_each_their_own_post() {
        let x = run("id: syn-x10\ntitle: t\nlanguage: ar\npublished: 2025-11-20\n\nوحضر التوقيع نائب مدير عام صندوق أبوظبي للتنمية خليفة القبيسي، وراشد الكعبي، مدير إدارة الاستثمارات في صندوق أبوظبي للتنمية.\n").unwrap();
        let roles: Vec<(Value, Value)> = facts_of(&x, "role")
            .iter()
            .map(|f| {
                let who = x.json["entities"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|e| e["key"] == f["person"])
                    .unwrap();
                (who["name"]["ar"].clone(), f["title"]["ar"].clone())
            })
            .collect();
        assert_eq!(
            roles,
            [
                (json!("خليفة القبيسي"), json!("نائب المدير العام")),
                (json!("راشد الكعبي"), json!("مدير إدارة الاستثمارات")),
            ],
            "{}",
            x.json
        );
    }

    #[test]
    fn a_published_date_outside_four_digit_years_is_refused() {
        let e = run("id: syn-x7\ntitle: t\nlanguage: en\npublished: 0000-01-01\n\nUNHCR met WFP yesterday.\n").unwrap_err();
        assert!(e.to_string().contains("years 1000 to 9999"), "{e}");
    }

    #[test]
    fn an_unsupported_language_or_a_missing_field_is_a_clear_error() {
        let e = run("id: syn-x3\ntitle: t\nlanguage: fr\npublished: 2025-01-01\n\nTexte.\n")
            .unwrap_err();
        assert!(e.to_string().contains("reads ar and en"), "{e}");
        let e = run("title: t\nlanguage: en\npublished: 2025-01-01\n\nText.\n").unwrap_err();
        assert!(e.to_string().contains("no `id`"), "{e}");
        let e = run("id: Bad Id\ntitle: t\nlanguage: en\npublished: 2025-01-01\n\nText.\n")
            .unwrap_err();
        assert!(
            e.to_string().contains("invalid article id \"Bad Id\""),
            "{e}"
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Words the rules know, so that generated text reaches the fact
        /// passes, mixed with noise, digits and punctuation.
        const WORDS: &[&str] = &[
            "UNHCR",
            "WFP",
            "KSrelief",
            "the",
            "bank",
            "fund",
            "signed",
            "an",
            "agreement",
            "with",
            "met",
            "delegation",
            "headed",
            "by",
            "Dr.",
            "said",
            "US$",
            "$",
            "2.5m",
            "1,500,000",
            "1.2.3",
            "million",
            "dollars",
            "to",
            "support",
            "refugees",
            "in",
            "Gaza",
            "yesterday",
            "Monday",
            "on",
            "12",
            "March",
            "2025",
            "launched",
            "aid",
            "convoy",
            "denied",
            "scheduled",
            ",",
            ".",
            "،",
            "\n",
            "وقعت",
            "جمعية",
            "الهلال",
            "الأحمر",
            "الكويتي",
            "مذكرة",
            "تفاهم",
            "مع",
            "البنك",
            "الإسلامي",
            "للتنمية",
            "برئاسة",
            "الدكتور",
            "خالد",
            "المغامس",
            "أمس",
            "الاثنين",
            "مليون",
            "دولار",
            "لدعم",
            "اللاجئين",
            "قافلة",
            "إلى",
            "غزة",
            "٢٫٥",
            "نفت",
            "من",
            "المقرر",
            "د.",
            "عبد",
            "الله",
            "بن",
            "آل",
            "ثاني",
            "(",
            ")",
            "'s",
            "-",
            "ـ",
            "\u{064E}",
        ];

        proptest! {
            #![proptest_config(crate::proptest_config(256))]

            #[test]
            fn any_text_gives_a_valid_document_or_a_clear_error(
                words in prop::collection::vec(prop::sample::select(WORDS), 0..80),
                noise in "\\PC{0,40}",
                ar in any::<bool>(),
                published in prop::sample::select(vec!["2025-11-11", "1000-01-01", "2024-02-29", "9999-12-31"]),
            ) {
                let body = format!("{} {noise}", words.join(" "));
                let text = format!(
                    "id: syn-prop\ntitle: synthetic\nlanguage: {}\npublished: {published}\n\n{body}\n",
                    if ar { "ar" } else { "en" }
                );
                // extract() checks the document against the contract (keys
                // declared, types right, dates and amounts well formed):
                // any error here is a defect.
                if let Err(e) = run(&text) {
                    prop_assert!(false, "{e}");
                }

            }
        }
    }
}
