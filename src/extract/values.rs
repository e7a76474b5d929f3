//! Amounts and dates in article text.
//!
//! An amount is a number, perhaps a scale word (مليون، million, m) and a
//! currency (a word of the rule file, or `$ € £` before the number). A
//! currency word that several countries use alone (دينار، ريال) is not in
//! the rule files, so such an amount is left out rather than guessed.
//!
//! A date is explicit (12 مارس 2025, 12 March 2025, March 12, 2025; a day
//! and month without a year take the latest year that does not put them
//! after publication), or relative to `published`: today, yesterday, a
//! weekday (the last one on or before publication; with yesterday, the last
//! one before it), last week (to the month, or the year, the whole week
//! falls in).

use super::rules::Language;
use super::scan::{ascii_digits, Phrase, Token};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// An amount found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: f64,
    pub currency: String,
}

impl Amount {
    /// The contract's JSON form: whole numbers without a fraction.
    pub fn json(&self) -> serde_json::Value {
        let value = if self.value.fract() == 0.0 && self.value < 9e15 {
            serde_json::json!(self.value as u64)
        } else {
            serde_json::json!(self.value)
        };
        serde_json::json!({"value": value, "currency": self.currency})
    }
}

/// A date found in text, at the precision the text gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Date {
    pub value: String,
    /// The token after the date.
    pub end: usize,
    /// explicit, today, yesterday, weekday or last-week.
    pub rule: &'static str,
}

/// Compiled value rules of one language.
pub struct Values {
    scales: Vec<(String, f64)>,
    currencies: Vec<(Phrase, String)>,
    months: Vec<(Phrase, u32)>,
    weekdays: Vec<(Phrase, u32)>,
    today: Vec<Phrase>,
    yesterday: Vec<Phrase>,
    last_week: Vec<Phrase>,
    year_words: Vec<Phrase>,
}

impl Values {
    pub fn new(lang: &Language) -> Self {
        let phrases = |m: &std::collections::BTreeMap<String, u32>| {
            let mut v: Vec<(Phrase, u32)> = m
                .iter()
                .filter_map(|(k, n)| Phrase::new(k).map(|p| (p, *n)))
                .collect();
            v.sort_by_key(|p| std::cmp::Reverse(p.0.words.len()));
            v
        };
        let mut currencies: Vec<(Phrase, String)> = lang
            .amounts
            .currency
            .iter()
            .flat_map(|c| {
                c.words
                    .iter()
                    .filter_map(|w| Phrase::new(w).map(|p| (p, c.code.clone())))
            })
            .collect();
        currencies.sort_by_key(|p| std::cmp::Reverse(p.0.words.len()));
        Self {
            scales: lang
                .amounts
                .scales
                .iter()
                .map(|(k, v)| (crate::resolve::normalize::normalize(k), *v))
                .collect(),
            currencies,
            months: phrases(&lang.dates.months),
            weekdays: phrases(&lang.dates.weekdays),
            today: Phrase::list(&lang.dates.today),
            yesterday: Phrase::list(&lang.dates.yesterday),
            last_week: Phrase::list(&lang.dates.last_week),
            year_words: Phrase::list(&lang.dates.year_words),
        }
    }

    fn scale(&self, t: &Token) -> Option<f64> {
        self.scales
            .iter()
            .find(|(w, _)| t.forms.iter().any(|f| &f.text == w))
            .map(|(_, v)| *v)
    }

    fn currency_at(&self, tokens: &[Token], i: usize) -> Option<(String, usize)> {
        self.currencies
            .iter()
            .find_map(|(p, c)| p.at(tokens, i).map(|n| (c.clone(), n)))
    }

    /// The amounts in `tokens[range]`.
    pub fn amounts(&self, text: &str, tokens: &[Token], first: usize, end: usize) -> Vec<Amount> {
        let mut out = Vec::new();
        let mut i = first;
        while i < end {
            let Some((number, mut j)) = number_at(text, tokens, i, end) else {
                // A scale word alone: مليون دولار.
                if let Some(scale) = self
                    .scale(&tokens[i])
                    .filter(|_| i == first || number_at(text, tokens, i - 1, end).is_none())
                {
                    if let Some((currency, n)) = self.currency_at(tokens, i + 1) {
                        out.push(Amount {
                            value: scale,
                            currency,
                        });
                        i += 1 + n;
                        continue;
                    }
                }
                i += 1;
                continue;
            };
            let mut value = number.value;
            // A suffix glued to the digits (2.5m, 10bn) or a scale word.
            if let Some(s) = number
                .suffix
                .as_deref()
                .and_then(|s| self.scales.iter().find(|(w, _)| w == s).map(|(_, v)| *v))
            {
                value *= s;
            } else if j < end {
                if let Some(s) = self.scale(&tokens[j]) {
                    value *= s;
                    j += 1;
                }
            }
            // A currency before (a symbol, or a code word) or after.
            let before = &text[if i > 0 { tokens[i - 1].end } else { 0 }..tokens[i].start];
            let symbol = match before.trim_end() {
                b if b.ends_with('$') => Some("USD"), // $ and US$
                b if b.ends_with('€') => Some("EUR"),
                b if b.ends_with('£') => Some("GBP"),
                _ => None,
            };
            let currency = if let Some(c) = symbol {
                Some(c.to_owned())
            } else if let Some((c, n)) = (j < end).then(|| self.currency_at(tokens, j)).flatten() {
                j += n;
                Some(c)
            } else if i > first {
                // A code before the number: USD 3 million.
                let written = &text[tokens[i - 1].start..tokens[i - 1].end];
                self.currency_at(tokens, i - 1)
                    .filter(|(_, n)| *n == 1 && written.chars().all(|c| !c.is_lowercase()))
                    .map(|(c, _)| c)
            } else {
                None
            };
            if let Some(currency) = currency.filter(|_| value.is_finite() && value > 0.0) {
                out.push(Amount { value, currency });
            }
            i = j.max(i + 1);
        }
        out
    }

    /// The dates in `tokens[first..end]`, resolved against `published`.
    pub fn dates(
        &self,
        tokens: &[Token],
        first: usize,
        end: usize,
        published: NaiveDate,
    ) -> Vec<Date> {
        let mut out = Vec::new();
        let mut i = first;
        let weekday_at = |i: usize| -> Option<(u32, usize)> {
            if i >= end {
                return None;
            }
            self.weekdays
                .iter()
                .find_map(|(p, d)| p.at(tokens, i).map(|n| (*d, n)))
        };
        while i < end {
            // Yesterday / today, perhaps with the weekday.
            let relative = [("yesterday", &self.yesterday), ("today", &self.today)]
                .into_iter()
                .find_map(|(r, list)| list.iter().find_map(|p| p.at(tokens, i).map(|n| (r, n))));
            if let Some((rule, n)) = relative {
                let (weekday, m) = weekday_at(i + n).map_or((None, 0), |(d, m)| (Some(d), m));
                let anchor = if rule == "yesterday" {
                    published - Duration::days(1)
                } else {
                    published
                };
                let day = match weekday {
                    Some(d) => last_weekday_on_or_before(anchor, d),
                    None => anchor,
                };
                out.push(Date {
                    value: day.format("%Y-%m-%d").to_string(),
                    end: i + n + m,
                    rule,
                });
                i += n + m;
                continue;
            }
            if let Some(n) = self.last_week.iter().find_map(|p| p.at(tokens, i)) {
                let this_monday =
                    published - Duration::days(published.weekday().num_days_from_monday() as i64);
                let (from, to) = (
                    this_monday - Duration::days(7),
                    this_monday - Duration::days(1),
                );
                let value = if from.month() == to.month() {
                    from.format("%Y-%m").to_string()
                } else if from.year() == to.year() {
                    from.format("%Y").to_string()
                } else {
                    String::new()
                };
                if !value.is_empty() {
                    out.push(Date {
                        value,
                        end: i + n,
                        rule: "last-week",
                    });
                }
                i += n;
                continue;
            }
            // A bare year after its word: عام 2022, in 2022.
            if let Some(n) = self.year_words.iter().find_map(|p| p.at(tokens, i)) {
                let year = tokens
                    .get(i + n)
                    .filter(|_| i + n < end)
                    .and_then(|t| ascii_digits(&t.norm))
                    .and_then(|d| d.parse::<i32>().ok())
                    .filter(|y| (1900..=published.year()).contains(y));
                if let Some(y) = year {
                    out.push(Date {
                        value: format!("{y:04}"),
                        end: i + n + 1,
                        rule: "year",
                    });
                    i += n + 1;
                    continue;
                }
            }
            if let Some(d) = self.explicit_at(tokens, i, end, published) {
                i = d.end;
                out.push(d);
                continue;
            }
            if let Some((d, n)) = weekday_at(i) {
                out.push(Date {
                    value: last_weekday_on_or_before(published, d)
                        .format("%Y-%m-%d")
                        .to_string(),
                    end: i + n,
                    rule: "weekday",
                });
                i += n;
                continue;
            }
            i += 1;
        }
        out
    }

    fn month_at(&self, tokens: &[Token], i: usize, end: usize) -> Option<(u32, usize)> {
        (i < end)
            .then(|| {
                self.months
                    .iter()
                    .find_map(|(p, m)| p.at(tokens, i).map(|n| (*m, n)))
            })
            .flatten()
    }

    fn explicit_at(
        &self,
        tokens: &[Token],
        i: usize,
        end: usize,
        published: NaiveDate,
    ) -> Option<Date> {
        let int = |k: usize| -> Option<u32> {
            (k < end)
                .then(|| ascii_digits(&tokens[k].norm))
                .flatten()
                .and_then(|d| d.parse().ok())
        };
        let year_at = |k: usize| int(k).filter(|y| (1900..=2100).contains(y));
        let (day, month, mut j) = if let Some(day) = int(i).filter(|d| (1..=31).contains(d)) {
            // 12 March 2025 / 12 مارس 2025
            let (month, n) = self.month_at(tokens, i + 1, end)?;
            (Some(day), month, i + 1 + n)
        } else {
            // March 12, 2025 / March 2025
            let (month, n) = self.month_at(tokens, i, end)?;
            match int(i + n).filter(|d| (1..=31).contains(d)) {
                Some(day) => (Some(day), month, i + n + 1),
                None => (None, month, i + n),
            }
        };
        // عام / year words between the month and the year are not needed:
        // the year is the next number.
        let year = year_at(j);
        if year.is_some() {
            j += 1;
        }
        let value = match (day, year) {
            (Some(d), Some(y)) => NaiveDate::from_ymd_opt(y as i32, month, d)?
                .format("%Y-%m-%d")
                .to_string(),
            (Some(d), None) => {
                // The latest year in which the day exists and is not
                // after publication (29 February looks back to a leap year).
                let date = (0..8)
                    .filter_map(|back| NaiveDate::from_ymd_opt(published.year() - back, month, d))
                    .find(|date| *date <= published)?;
                date.format("%Y-%m-%d").to_string()
            }
            (None, Some(y)) => format!("{y:04}-{month:02}"),
            (None, None) => return None,
        };
        Some(Date {
            value,
            end: j,
            rule: "explicit",
        })
    }
}

fn last_weekday_on_or_before(day: NaiveDate, weekday: u32) -> NaiveDate {
    let want = Weekday::try_from((weekday as u8 + 6) % 7).unwrap_or(Weekday::Mon);
    let back =
        (7 + day.weekday().num_days_from_monday() as i64 - want.num_days_from_monday() as i64) % 7;
    day - Duration::days(back)
}

/// A number at token `i`: digits, with thousands groups (1,500,000) or a
/// decimal part (2.5, 2,5) joined, and a letter suffix (5m) split off.
struct Number {
    value: f64,
    suffix: Option<String>,
}

fn number_at(text: &str, tokens: &[Token], i: usize, end: usize) -> Option<(Number, usize)> {
    let split = |norm: &str| -> Option<(String, Option<String>)> {
        let digits: String = norm.chars().take_while(|c| c.is_numeric()).collect();
        let rest = &norm[digits.len()..];
        let digits = ascii_digits(&digits)?;
        Some((digits, (!rest.is_empty()).then(|| rest.to_owned())))
    };
    let (first, mut suffix) = split(&tokens[i].norm)?;
    // Groups joined by one separator each: 1,500,000 / 1.500.000 / 2.5 / 2,5.
    let mut groups = vec![first];
    let mut seps: Vec<&str> = Vec::new();
    let mut j = i + 1;
    while suffix.is_none() && j < end {
        let gap = &text[tokens[j - 1].end..tokens[j].start];
        if !matches!(gap, "," | "." | "٬" | "٫") {
            break;
        }
        let Some((digits, s)) = split(&tokens[j].norm) else {
            break;
        };
        groups.push(digits);
        seps.push(gap);
        suffix = s;
        j += 1;
    }
    let thousands =
        |sep: &str| seps.iter().all(|s| *s == sep) && groups[1..].iter().all(|g| g.len() == 3);
    let text_value = match seps.len() {
        0 => groups[0].clone(),
        1 if seps[0] == "٫" || seps[0] == "." || (seps[0] == "," && groups[1].len() != 3) => {
            format!("{}.{}", groups[0], groups[1])
        }
        _ if thousands(seps[0]) && seps[0] != "٫" => groups.concat(),
        // 1,2,3: a list, not a number: the run gives no amount.
        _ => "NaN".to_owned(),
    };
    let value: f64 = text_value.parse().ok()?;
    Some((Number { value, suffix }, j))
}

#[cfg(test)]
mod tests {
    use super::super::rules::Rules;
    use super::super::scan::tokens;
    use super::*;

    fn amounts(lang: &str, text: &str) -> Vec<(f64, String)> {
        let r = Rules::builtin().unwrap();
        let v = Values::new(&r.languages[lang]);
        let t = tokens(text);
        v.amounts(text, &t, 0, t.len())
            .into_iter()
            .map(|a| (a.value, a.currency))
            .collect()
    }

    fn dates(lang: &str, text: &str, published: &str) -> Vec<String> {
        let r = Rules::builtin().unwrap();
        let v = Values::new(&r.languages[lang]);
        let t = tokens(text);
        let p = NaiveDate::parse_from_str(published, "%Y-%m-%d").unwrap();
        v.dates(&t, 0, t.len(), p)
            .into_iter()
            .map(|d| d.value)
            .collect()
    }

    #[test]
    fn amounts_read_in_every_written_form() {
        assert_eq!(
            amounts("en", "a grant of US$10 million"),
            [(10e6, "USD".into())]
        );
        assert_eq!(
            amounts("en", "gave $2.5m and USD 3 million"),
            [(2.5e6, "USD".into()), (3e6, "USD".into())]
        );
        assert_eq!(
            amounts("en", "10 million dollars, 1,500,000 Saudi riyals"),
            [(10e6, "USD".into()), (1.5e6, "SAR".into())]
        );
        assert_eq!(
            amounts("ar", "بقيمة 2.5 مليار ريال سعودي"),
            [(2.5e9, "SAR".into())]
        );
        assert_eq!(amounts("ar", "بقيمة مليون دولار"), [(1e6, "USD".into())]);
        assert_eq!(amounts("ar", "٥٠٠ ألف دينار كويتي"), [(5e5, "KWD".into())]);
        assert_eq!(amounts("en", "1.500.000 dollars"), [(1.5e6, "USD".into())]);
        assert_eq!(amounts("en", "1,2,3 dollars"), []);
    }

    #[test]
    fn an_amount_in_a_currency_several_countries_share_is_left_out() {
        assert!(amounts("ar", "بقيمة 500 ألف دينار").is_empty());
        assert!(amounts("en", "in 2025 and 40 families").is_empty());
        assert!(amounts("en", "the agency told us 3 million people need food").is_empty());
        assert!(amounts("ar", "بقيمة 5 ملايين درهم").is_empty());
    }

    #[test]
    fn relative_dates_resolve_to_the_weekday_that_matches() {
        // 2025-11-11 was a Tuesday.
        assert_eq!(
            dates("ar", "الذي عقد أمس الاثنين", "2025-11-11"),
            ["2025-11-10"]
        );
        assert_eq!(dates("ar", "اليوم الثلاثاء", "2025-11-11"), ["2025-11-11"]);
        assert_eq!(dates("en", "met on Sunday", "2025-11-11"), ["2025-11-09"]);
        assert_eq!(dates("en", "yesterday", "2025-11-11"), ["2025-11-10"]);
        assert_eq!(dates("en", "last week", "2025-11-11"), ["2025-11"]);
        assert_eq!(dates("en", "last week", "2025-11-05"), ["2025"]);
    }

    #[test]
    fn explicit_dates_take_the_year_that_does_not_follow_publication() {
        assert_eq!(
            dates("en", "on 12 March 2025 and March 3, 2024", "2025-11-11"),
            ["2025-03-12", "2024-03-03"]
        );
        assert_eq!(dates("ar", "في 5 ديسمبر", "2025-11-11"), ["2024-12-05"]);
        assert_eq!(dates("en", "on 29 February", "2025-03-15"), ["2024-02-29"]);
        assert_eq!(dates("ar", "في شهر مارس 2025", "2025-11-11"), ["2025-03"]);
        assert_eq!(dates("ar", "أطلق عام 2022", "2025-11-11"), ["2022"]);
    }
}
