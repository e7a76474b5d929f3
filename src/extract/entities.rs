//! Finding known names in article text, in both languages: the
//! gazetteer's entries (organisations, initiatives, the people it lists)
//! and the lexicon's places and groups.
//!
//! Names and text are compared word by word after the identity normaliser
//! (so case, Arabic letter variants, diacritics and punctuation do not
//! matter), longest name first. An Arabic word may carry clitics the
//! gazetteer's names do not: و ف ب ل ك before ال (وال، بال، فال، كال، and
//! لل for ل + ال), and و ف ب ل attached to a word without ال. Acronyms
//! (a name of one word with two capitals or more, like IsDB or UNHCR) only
//! match a word that is not written all in lower case, so that "who" is not
//! the WHO.

use super::rules::Rules;
use super::scan::{without_written_clitics, Token};
use crate::resolve::normalize::normalize;
use crate::resolve::Gazetteer;
use std::collections::HashMap;

/// What a name in the text refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// An entry of the gazetteer, by index in [`Gazetteer::entries`].
    Gazetteer(usize),
    /// A place of the lexicon, by index in [`Rules::places`].
    Place(usize),
    /// A group of the lexicon, by index in [`Rules::groups`].
    Group(usize),
}

/// One mention of a known name in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub target: Target,
    /// Token range of the mention.
    pub first: usize,
    pub end: usize,
    /// The mention as written, clitics removed.
    pub surface: String,
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

/// Finds the gazetteer's entries and the lexicon's places and groups in
/// text.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Name (its words in normal form) → (what it names, is an acronym).
    names: HashMap<Vec<String>, (Target, bool)>,
    /// Names several entries share → those entries.
    shared: HashMap<Vec<String>, (Vec<Target>, bool)>,
    longest: usize,
}

impl Matcher {
    /// Indexes every name and alias of every gazetteer entry, place and
    /// group. A name two of them share is left out: it cannot say which one
    /// the text means.
    pub fn new(gazetteer: &Gazetteer, rules: &Rules) -> Self {
        let mut all: Vec<(Target, &str)> = Vec::new();
        for (i, e) in gazetteer.entries().iter().enumerate() {
            let t = Target::Gazetteer(i);
            all.extend(e.name.iter().map(|(_, n)| (t, n.as_str())));
            all.extend(e.aliases.iter().map(|a| (t, a.as_str())));
        }
        for (i, p) in rules.places.iter().enumerate() {
            let t = Target::Place(i);
            all.extend([(t, p.ar.as_str()), (t, p.en.as_str())]);
            all.extend(p.aliases.iter().map(|a| (t, a.as_str())));
        }
        for (i, g) in rules.groups.iter().enumerate() {
            let t = Target::Group(i);
            all.extend([(t, g.ar.as_str()), (t, g.en.as_str())]);
            all.extend(g.forms.iter().map(|f| (t, f.as_str())));
        }
        let mut names: HashMap<Vec<String>, (Target, bool)> = HashMap::new();
        let mut shared: HashMap<Vec<String>, (Vec<Target>, bool)> = HashMap::new();
        for (t, name) in all {
            let Some((key, acronym)) = name_key(name) else {
                continue;
            };
            match names.get(&key) {
                Some((u, was_acronym)) if *u != t => {
                    let (list, _) = shared
                        .entry(key)
                        .or_insert_with(|| (vec![*u], *was_acronym && acronym));
                    if !list.contains(&t) {
                        list.push(t);
                    }
                }
                _ => {
                    names.insert(key, (t, acronym));
                }
            }
        }
        for key in shared.keys() {
            names.remove(key);
        }
        let longest = names
            .keys()
            .chain(shared.keys())
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        Self {
            names,
            shared,
            longest,
        }
    }

    /// What a whole name names, if anything: for comparing an entity's
    /// names with the index.
    pub fn lookup(&self, name: &str) -> Option<Target> {
        name_key(name)
            .and_then(|(k, _)| self.names.get(&k))
            .map(|(t, _)| *t)
    }

    /// A name several entries share, at token `i`: the entries and the
    /// name's length in tokens.
    pub fn shared_at(
        &self,
        text: &str,
        tokens: &[Token],
        i: usize,
    ) -> Option<(Vec<Target>, usize)> {
        Self::key_at(
            &self.shared,
            |(_, acronym)| *acronym,
            self.longest,
            text,
            tokens,
            i,
        )
        .map(|((list, _), len, _)| (list.clone(), len))
    }

    /// The mentions in `text` (split into `tokens`), in order, none
    /// overlapping: at each word the longest name that starts there wins.
    pub fn find(&self, text: &str, tokens: &[Token]) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_at(text, tokens, i) {
                Some(m) => {
                    i = m.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }

    fn longest_at(&self, text: &str, tokens: &[Token], i: usize) -> Option<Mention> {
        let (&(target, _), len, form) = Self::key_at(
            &self.names,
            |(_, acronym)| *acronym,
            self.longest,
            text,
            tokens,
            i,
        )?;
        let written = &text[tokens[i].start..tokens[i + len - 1].end];
        Some(Mention {
            target,
            first: i,
            end: i + len,
            surface: without_written_clitics(written, form),
        })
    }

    /// The longest name of `map` that starts at token `i` (its first word
    /// in any clitic-free form): its value, its length in tokens and the
    /// form the first word matched in. An acronym (as `acronym` says) must
    /// be written with a capital.
    fn key_at<'m, 't, V>(
        map: &'m HashMap<Vec<String>, V>,
        acronym: impl Fn(&V) -> bool,
        longest: usize,
        text: &str,
        tokens: &'t [Token],
        i: usize,
    ) -> Option<(&'m V, usize, &'t super::scan::Form)> {
        for len in (1..=longest.min(tokens.len() - i)).rev() {
            for form in &tokens[i].forms {
                let mut key = vec![form.text.clone()];
                key.extend(tokens[i + 1..i + len].iter().map(|w| w.norm.clone()));
                let Some(value) = map.get(&key) else {
                    continue;
                };
                let written = &text[tokens[i].start..tokens[i + len - 1].end];
                if acronym(value) && written.chars().all(|c| !c.is_uppercase()) {
                    continue;
                }
                return Some((value, len, form));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String)> {
        let g = Gazetteer::builtin().unwrap();
        let r = Rules::builtin().unwrap();
        let m = Matcher::new(&g, &r);
        m.find(text, &super::super::scan::tokens(text))
            .into_iter()
            .map(|m| {
                let id = match m.target {
                    Target::Gazetteer(i) => g.entries()[i].id.clone(),
                    Target::Place(i) => format!("place:{}", r.places[i].en),
                    Target::Group(i) => format!("group:{}", r.groups[i].category),
                };
                (id, m.surface)
            })
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
    fn places_and_groups_match_and_a_longer_organisation_name_wins() {
        let got =
            found("قافلة إلى غزة للنازحين من الصندوق الكويتي للتنمية الاقتصادية العربية في الكويت");
        let ids: Vec<&str> = got.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(
            ids,
            ["place:Gaza", "group:idps", "kfaed", "place:Kuwait"],
            "{got:?}"
        );
    }
}
