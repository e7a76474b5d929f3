//! Validated value types of the article facts contract.
//!
//! Each type checks its own lexical rule while serde reads it, so that a bad
//! value is reported by serde_json with the line and column where it stands.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use unicode_normalization::UnicodeNormalization;

macro_rules! string_newtype {
    ($(#[$m:meta])* $name:ident, $check:path) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Checks `value` and wraps it.
            pub fn parse(value: &str) -> Result<Self, String> {
                $check(value).map(Self)
            }
            /// The value as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(de::Error::custom)
            }
        }
    };
}

fn check_article_id(s: &str) -> Result<String, String> {
    let ok = s.len() <= 128
        && s.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "invalid article id {s:?}: use 1 to 128 characters of a-z, 0-9, '.', '_' or '-', \
             starting with a letter or digit (pattern ^[a-z0-9][a-z0-9._-]{{0,127}}$)"
        ))
    }
}

fn check_key(s: &str) -> Result<String, String> {
    let ok = s
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-'));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "invalid key {s:?}: use a-z, 0-9, '_' or '-', starting with a letter or digit \
             (pattern ^[a-z0-9][a-z0-9_-]*$)"
        ))
    }
}

/// Characters that reorder text invisibly (bidi embeddings, overrides and
/// isolates). They let a name display as something it is not.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn check_text(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err("empty text: give a non-blank value or leave the field out".into());
    }
    if let Some(c) = s.chars().find(|c| c.is_control()) {
        return Err(format!(
            "text {s:?} contains the control character U+{:04X}: remove it",
            c as u32
        ));
    }
    if let Some(c) = s.chars().find(|c| is_bidi_control(*c)) {
        return Err(format!(
            "text {s:?} contains the bidirectional control character U+{:04X}, which \
             changes how the text displays: remove it",
            c as u32
        ));
    }
    // Labels are stored as written, in NFC.
    Ok(s.nfc().collect())
}

fn check_lang(s: &str) -> Result<String, String> {
    match oxilangtag::LanguageTag::parse(s) {
        Ok(_) => Ok(s.to_ascii_lowercase()),
        Err(e) => Err(format!(
            "invalid language tag {s:?} ({e}): use a BCP 47 tag such as \"ar\" or \"en\""
        )),
    }
}

fn check_primary_lang(s: &str) -> Result<String, String> {
    let ok = (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase());
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "invalid language {s:?}: use a BCP 47 primary language subtag in lower case, \
             such as \"ar\", \"en\" or \"fr\""
        ))
    }
}

fn check_iri(s: &str) -> Result<String, String> {
    match oxiri::Iri::parse(s) {
        Ok(_) => Ok(s.to_owned()),
        Err(e) => Err(format!(
            "invalid IRI {s:?} ({e}): give an absolute IRI such as \"https://example.org/page\" \
             (spaces and '<', '>' must be percent-encoded)"
        )),
    }
}

fn check_country(s: &str) -> Result<String, String> {
    if s.len() == 2 && isocountry::CountryCode::for_alpha2(s).is_ok() {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "invalid country code {s:?}: use an ISO 3166-1 alpha-2 code in upper case, \
             such as \"KW\" or \"SA\""
        ))
    }
}

fn check_currency(s: &str) -> Result<String, String> {
    if s.len() == 3 && iso_currency::Currency::from_code(s).is_some() {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "invalid currency {s:?}: use an ISO 4217 code in upper case, such as \"USD\" or \"KWD\""
        ))
    }
}

fn valid_ymd(y: i32, m: u32, d: u32) -> bool {
    chrono::NaiveDate::from_ymd_opt(y, m, d).is_some()
}

fn parse_year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn parse_2(s: &str) -> Option<u32> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn check_full_date(s: &str) -> Result<String, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let ok = match parts.as_slice() {
        [y, m, d] => match (parse_year(y), parse_2(m), parse_2(d)) {
            (Some(y), Some(m), Some(d)) => valid_ymd(y, m, d),
            _ => false,
        },
        _ => false,
    };
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "invalid date {s:?}: use an existing calendar date as YYYY-MM-DD, such as \"2025-11-11\""
        ))
    }
}

fn check_fact_date(s: &str) -> Result<String, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let ok = match parts.as_slice() {
        [y] => parse_year(y).is_some(),
        [y, m] => parse_year(y).is_some() && parse_2(m).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => match (parse_year(y), parse_2(m), parse_2(d)) {
            (Some(y), Some(m), Some(d)) => valid_ymd(y, m, d),
            _ => false,
        },
        _ => false,
    };
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "invalid date {s:?}: use ISO 8601 at the precision known: YYYY, YYYY-MM or YYYY-MM-DD"
        ))
    }
}

string_newtype!(
    /// An article identifier, `^[a-z0-9][a-z0-9._-]{0,127}$`.
    ArticleId,
    check_article_id
);
string_newtype!(
    /// A document-local entity key, `^[a-z0-9][a-z0-9_-]*$`.
    Key,
    check_key
);
string_newtype!(
    /// Non-blank text without control or bidi-override characters, in NFC.
    Text,
    check_text
);
string_newtype!(
    /// A BCP 47 language tag, lower-cased.
    LangTag,
    check_lang
);
string_newtype!(
    /// A BCP 47 primary language subtag (`ar`, `en`, ...).
    Language,
    check_primary_lang
);
string_newtype!(
    /// An absolute IRI.
    Iri,
    check_iri
);
string_newtype!(
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    check_country
);
string_newtype!(
    /// An ISO 4217 currency code.
    Currency,
    check_currency
);
string_newtype!(
    /// A calendar date, `YYYY-MM-DD`.
    FullDate,
    check_full_date
);
string_newtype!(
    /// A date at the precision known: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    FactDate,
    check_fact_date
);

/// How precise a [`FactDate`] is; it picks the XSD datatype.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    Year,
    Month,
    Day,
}

impl FactDate {
    /// The precision of the date, from its shape.
    pub fn precision(&self) -> DatePrecision {
        match self.0.len() {
            4 => DatePrecision::Year,
            7 => DatePrecision::Month,
            _ => DatePrecision::Day,
        }
    }
}

/// Formats a finite non-negative number as an `xsd:decimal` lexical form.
fn decimal_string(v: f64) -> String {
    // Rust never uses exponent notation in `Display` for f64.
    format!("{v}")
}

/// A non-negative, finite amount of money.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct NonNegative(f64);

impl NonNegative {
    pub fn get(self) -> f64 {
        self.0
    }
    /// The `xsd:decimal` lexical form.
    pub fn decimal(self) -> String {
        decimal_string(self.0)
    }
}

impl<'de> Deserialize<'de> for NonNegative {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if v.is_finite() && v >= 0.0 {
            Ok(Self(v))
        } else {
            Err(de::Error::custom(format!(
                "invalid amount value {v}: amounts are non-negative numbers"
            )))
        }
    }
}

/// A confidence in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Confidence(f64);

impl Confidence {
    pub fn get(self) -> f64 {
        self.0
    }
    /// The `xsd:decimal` lexical form.
    pub fn decimal(self) -> String {
        decimal_string(self.0)
    }
}

impl Default for Confidence {
    fn default() -> Self {
        Self(1.0)
    }
}

impl<'de> Deserialize<'de> for Confidence {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if (0.0..=1.0).contains(&v) {
            Ok(Self(v))
        } else {
            Err(de::Error::custom(format!(
                "invalid confidence {v}: use a number between 0 and 1"
            )))
        }
    }
}

/// A map from language tag to text, with at least one entry and no
/// duplicate tag (a duplicate would silently drop a name).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameMap(BTreeMap<LangTag, Text>);

impl NameMap {
    /// Builds a map from pairs; used by the gazetteer and tests.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, String> {
        let mut map = BTreeMap::new();
        for (lang, text) in pairs {
            map.insert(LangTag::parse(lang)?, Text::parse(text)?);
        }
        if map.is_empty() {
            return Err("empty name map".into());
        }
        Ok(Self(map))
    }
    /// Entries in language-tag order.
    pub fn iter(&self) -> impl Iterator<Item = (&LangTag, &Text)> {
        self.0.iter()
    }
    /// The text for a language, if given.
    pub fn get(&self, lang: &str) -> Option<&Text> {
        self.0
            .iter()
            .find(|(k, _)| k.as_str() == lang)
            .map(|(_, v)| v)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for NameMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for NameMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NameMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a map from language tag to text, such as {\"ar\": \"...\", \"en\": \"...\"}",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<NameMap, A::Error> {
                let mut map = BTreeMap::new();
                while let Some(lang) = access.next_key::<LangTag>()? {
                    let text = access.next_value::<Text>()?;
                    if map.insert(lang.clone(), text).is_some() {
                        return Err(de::Error::custom(format!(
                            "duplicate language {:?} in a name map: give each language once",
                            lang.as_str()
                        )));
                    }
                }
                if map.is_empty() {
                    return Err(de::Error::custom(
                        "empty name map: give at least one name, such as {\"en\": \"...\"}",
                    ));
                }
                Ok(NameMap(map))
            }
        }
        d.deserialize_map(V)
    }
}

/// A monetary amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    pub value: NonNegative,
    pub currency: Currency,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_ids_follow_the_pattern() {
        assert!(ArticleId::parse("krcs-isdb-gifr-visit").is_ok());
        assert!(ArticleId::parse("a.b_c-1").is_ok());
        assert!(ArticleId::parse("-bad").is_err());
        assert!(ArticleId::parse("Upper").is_err());
        assert!(ArticleId::parse("").is_err());
        assert!(ArticleId::parse(&"a".repeat(129)).is_err());
        assert!(ArticleId::parse(&"a".repeat(128)).is_ok());
    }

    #[test]
    fn dates_must_exist_on_the_calendar() {
        assert!(FullDate::parse("2024-02-29").is_ok());
        assert!(FullDate::parse("2025-02-29").is_err());
        assert!(FullDate::parse("2025-11").is_err());
        assert!(FactDate::parse("2025").is_ok());
        assert!(FactDate::parse("2025-13").is_err());
        assert!(FactDate::parse("25-01-01").is_err());
        assert_eq!(
            FactDate::parse("2025-11").unwrap().precision(),
            DatePrecision::Month
        );
    }

    #[test]
    fn codes_are_checked_against_the_iso_lists() {
        assert!(Country::parse("KW").is_ok());
        assert!(Country::parse("kw").is_err());
        assert!(Country::parse("XX").is_err());
        assert!(Currency::parse("KWD").is_ok());
        assert!(Currency::parse("ABC").is_err());
    }

    #[test]
    fn text_rejects_controls_and_bidi_overrides_and_is_stored_in_nfc() {
        assert!(Text::parse("a\u{0}b").is_err());
        assert!(Text::parse("a\u{202E}b").is_err());
        assert!(Text::parse("  ").is_err());
        assert_eq!(Text::parse("e\u{301}").unwrap().as_str(), "\u{e9}");
    }

    #[test]
    fn name_maps_reject_duplicate_languages_and_emptiness() {
        let dup: Result<NameMap, _> = serde_json::from_str(r#"{"en": "a", "en": "b"}"#);
        assert!(dup.unwrap_err().to_string().contains("duplicate language"));
        let empty: Result<NameMap, _> = serde_json::from_str("{}");
        assert!(empty.unwrap_err().to_string().contains("empty name map"));
    }

    #[test]
    fn amounts_are_written_as_plain_decimals() {
        let v: NonNegative = serde_json::from_str("2e6").unwrap();
        assert_eq!(v.decimal(), "2000000");
        let v: NonNegative = serde_json::from_str("1.5").unwrap();
        assert_eq!(v.decimal(), "1.5");
        assert!(serde_json::from_str::<NonNegative>("-1").is_err());
    }
}
