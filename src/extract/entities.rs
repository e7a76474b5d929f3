//! Finding the gazetteer's entries (organisations, initiatives, the people
//! it lists) in article text, in both languages.
//!
//! Names and text are compared word by word after the identity normaliser
//! (so case, Arabic letter variants, diacritics and punctuation do not
//! matter), longest name first. An Arabic word may carry clitics the
//! gazetteer's names do not: و ف ب ل ك before ال (وال، بال، فال، كال، and
//! لل for ل + ال), and و ف ب ل attached to a word without ال. Acronyms
//! (a name of one word with two capitals or more, like IsDB or UNHCR) only
//! match a word that is not written all in lower case, so that "who" is not
//! the WHO.

use crate::resolve::normalize::normalize;
use crate::resolve::Gazetteer;
use std::collections::HashMap;

/// One mention of a gazetteer entry in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Index of the entry in [`Gazetteer::entries`].
    pub entry: usize,
    /// Byte range of the mention in the text, clitics included.
    pub start: usize,
    pub end: usize,
    /// The mention as written, clitics removed.
    pub surface: String,
}

/// A word of the text: its byte range and its normal form.
#[derive(Debug, Clone)]
struct Word {
    start: usize,
    end: usize,
    norm: String,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let norm = normalize(&text[s..i]);
                if !norm.is_empty() {
                    out.push(Word {
                        start: s,
                        end: i,
                        norm,
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A form of an Arabic word without its leading clitics: the form (in
/// normal form, where أ إ آ are already ا), how many letters of the word
/// the clitics take, and whether the form gives back an ال the clitics
/// fused (ل + ال is written لل).
#[derive(Debug, Clone, PartialEq)]
struct Form {
    text: String,
    clitic_letters: usize,
    article_restored: bool,
}

/// The forms an Arabic word may take without its leading clitics; the word
/// itself comes first.
fn without_clitics(norm: &str) -> Vec<Form> {
    let letters = |s: &str| s.chars().count();
    let mut out = vec![Form {
        text: norm.to_owned(),
        clitic_letters: 0,
        article_restored: false,
    }];
    // A conjunction, then a preposition, then the article.
    for conj in ["", "و", "ف"] {
        let Some(rest) = norm.strip_prefix(conj) else {
            continue;
        };
        for prep in ["", "ب", "ك", "ل"] {
            let Some(tail) = rest.strip_prefix(prep) else {
                continue;
            };
            if (conj, prep) == ("", "") {
                continue; // the word itself
            }
            if let Some(after) = tail.strip_prefix("ال") {
                // وال، بال، فبال…: the clitics go, the article stays.
                if letters(after) >= 2 && prep != "ل" {
                    out.push(Form {
                        text: tail.to_owned(),
                        clitic_letters: letters(conj) + letters(prep),
                        article_restored: false,
                    });
                }
            } else if let Some(after) = tail.strip_prefix('ل').filter(|_| prep == "ل") {
                // لل: ل + ال, with the article's alef dropped.
                if letters(after) >= 2 {
                    out.push(Form {
                        text: format!("ال{after}"),
                        clitic_letters: letters(conj) + 2,
                        article_restored: true,
                    });
                }
            }
            // A clitic on a word without the article: وجمعية، لجمعية، بمنظمة.
            if prep != "ك" && letters(tail) >= 3 && !tail.starts_with("ال") {
                out.push(Form {
                    text: tail.to_owned(),
                    clitic_letters: letters(conj) + letters(prep),
                    article_restored: false,
                });
            }
        }
    }
    out.dedup_by(|a, b| a.text == b.text);
    out
}

fn is_arabic(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// A name's words and whether it is an acronym.
fn name_key(name: &str) -> Option<(Vec<String>, bool)> {
    let norm = normalize(name);
    if norm.is_empty() {
        return None;
    }
    let words: Vec<String> = norm.split(' ').map(str::to_owned).collect();
    let acronym = words.len() == 1 && name.chars().filter(|c| c.is_uppercase()).count() >= 2;
    Some((words, acronym))
}

/// Finds gazetteer entries in text.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Name (its words in normal form) → (entry, is an acronym).
    names: HashMap<Vec<String>, (usize, bool)>,
    longest: usize,
}

impl Matcher {
    /// Indexes every name and alias of every entry. A name two entries share
    /// is left out: it cannot say which one the text means.
    pub fn new(gazetteer: &Gazetteer) -> Self {
        let mut names: HashMap<Vec<String>, (usize, bool)> = HashMap::new();
        let mut shared = Vec::new();
        for (i, e) in gazetteer.entries().iter().enumerate() {
            let all = e
                .name
                .iter()
                .map(|(_, t)| t.as_str())
                .chain(e.aliases.iter().map(|a| a.as_str()));
            for name in all {
                let Some((key, acronym)) = name_key(name) else {
                    continue;
                };
                match names.get(&key) {
                    Some((j, _)) if *j != i => shared.push(key),
                    _ => {
                        names.insert(key, (i, acronym));
                    }
                }
            }
        }
        for key in shared {
            names.remove(&key);
        }
        let longest = names.keys().map(Vec::len).max().unwrap_or(0);
        Self { names, longest }
    }

    /// The mentions in `text`, in order, none overlapping: at each word the
    /// longest name that starts there wins.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let words = words(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            match self.longest_at(text, &words, i) {
                Some((m, len)) => {
                    out.push(m);
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    fn longest_at(&self, text: &str, words: &[Word], i: usize) -> Option<(Mention, usize)> {
        let first = &words[i];
        let firsts = if is_arabic(&first.norm) {
            without_clitics(&first.norm)
        } else {
            vec![Form {
                text: first.norm.clone(),
                clitic_letters: 0,
                article_restored: false,
            }]
        };
        for len in (1..=self.longest.min(words.len() - i)).rev() {
            for form in &firsts {
                let mut key = vec![form.text.clone()];
                key.extend(words[i + 1..i + len].iter().map(|w| w.norm.clone()));
                let Some(&(entry, acronym)) = self.names.get(&key) else {
                    continue;
                };
                let written = &text[first.start..words[i + len - 1].end];
                if acronym && written.chars().all(|c| !c.is_uppercase()) {
                    continue;
                }
                let surface = without_written_clitics(written, form);
                return Some((
                    Mention {
                        entry,
                        start: first.start,
                        end: words[i + len - 1].end,
                        surface,
                    },
                    len,
                ));
            }
        }
        None
    }
}

/// The written mention without the clitics of its first word: their
/// letters (and any marks on them) go, and a fused ال comes back.
fn without_written_clitics(written: &str, form: &Form) -> String {
    let mut skipped = 0;
    let mut at = 0;
    for (i, c) in written.char_indices() {
        if skipped == form.clitic_letters {
            at = i;
            break;
        }
        if !is_mark(c) {
            skipped += 1;
        }
        at = i + c.len_utf8();
    }
    // Marks on the last clitic letter go with it.
    let rest = written[at..].trim_start_matches(is_mark);
    if form.article_restored {
        format!("ال{rest}")
    } else {
        rest.to_owned()
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String)> {
        let g = Gazetteer::builtin().unwrap();
        Matcher::new(&g)
            .find(text)
            .into_iter()
            .map(|m| (g.entries()[m.entry].id.clone(), m.surface))
            .collect()
    }

    #[test]
    fn arabic_names_match_through_clitics_and_spelling_variants() {
        let got =
            found("وقعت جمعية الهلال الاحمر الكويتي مع البنك الإسلامي للتنمية وللبنك الاسلامي للتنميه");
        let ids: Vec<&str> = got.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(ids, ["krcs", "isdb", "isdb"], "{got:?}");
        assert_eq!(got[2].1, "البنك الاسلامي للتنميه");
    }

    #[test]
    fn the_longest_name_wins() {
        let got = found("صندوق التضامن الإسلامي للتنمية");
        assert_eq!(got[0].0, "isfd", "{got:?}");
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn latin_names_ignore_case_but_acronyms_need_capitals() {
        let got = found("The islamic development bank (IsDB) and UNHCR met; who knows.");
        let ids: Vec<&str> = got.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(ids, ["isdb", "isdb", "unhcr"], "{got:?}");
        assert!(found("we met unhcr staff").is_empty());
    }

    #[test]
    fn clitic_forms_of_an_arabic_word_keep_the_word_first() {
        let forms: Vec<String> = without_clitics("وللبنك")
            .into_iter()
            .map(|f| f.text)
            .collect();
        assert_eq!(forms[0], "وللبنك");
        assert!(forms.contains(&"البنك".to_owned()), "{forms:?}");
        let forms: Vec<String> = without_clitics("بالهلال")
            .into_iter()
            .map(|f| f.text)
            .collect();
        assert!(forms.contains(&"الهلال".to_owned()), "{forms:?}");
    }
}
