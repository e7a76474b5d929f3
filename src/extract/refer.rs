//! Reference resolution: names longer than a known one, names several
//! countries' organisations share, and definite descriptions that point
//! back to an entity named before them. Each pass adds mentions; none
//! makes facts.

use super::*;

/// Drops the matches that are only the start (English: "UN" in "UN
/// Children's Fund") or the end (Arabic: الأمم المتحدة in مفوضية الأمم
/// المتحدة السامية) of a longer name the gazetteer does not hold, and
/// names that are also common words (إنسانية).
pub(super) fn longer_names(
    lang: &Language,
    body: &str,
    tokens: &[Token],
    mentions: &mut Vec<Found>,
) {
    let normalized = |words: &[String]| -> Vec<String> {
        words
            .iter()
            .map(|w| crate::resolve::normalize::normalize(w))
            .collect()
    };
    let prefixes = normalized(&lang.entities.prefixes);
    let heads = Phrase::list(&lang.entities.heads);
    let ignore = normalized(&lang.entities.ignore);
    let plain = |a: usize, b: usize| {
        body[tokens[a].end..tokens[b].start]
            .chars()
            .all(|c| c == ' ')
    };
    mentions.retain(|m| {
        let starts_longer = (prefixes.contains(&crate::resolve::normalize::normalize(&m.surface))
            || lang.entities.prefix_types.iter().any(|t| t == m.ty))
            && m.end < tokens.len()
            && plain(m.end - 1, m.end)
            && body[tokens[m.end].start..].starts_with(char::is_uppercase);
        let ends_longer = m.first > 0
            && plain(m.first - 1, m.first)
            && heads
                .iter()
                .any(|h| h.words.len() == 1 && tokens[m.first - 1].norm == h.words[0]);
        let common_word = ignore.contains(&crate::resolve::normalize::normalize(&m.surface));
        !(starts_longer || ends_longer || common_word)
    });
}

/// Every word of the fact cues, dates and amounts of a language: none is
/// part of a person's name.
pub(super) fn cue_words(lang: &Language) -> std::collections::HashSet<String> {
    let mut all: Vec<&String> = Vec::new();
    for p in &lang.pattern {
        all.extend(p.cues.iter().chain(&p.with));
    }
    for b in &lang.block {
        all.extend(&b.cues);
    }
    for a in &lang.anaphor {
        all.extend(&a.words);
    }
    all.extend(lang.dates.months.keys().chain(lang.dates.weekdays.keys()));
    all.extend(&lang.dates.today);
    all.extend(&lang.dates.yesterday);
    all.extend(lang.amounts.scales.keys());
    all.into_iter()
        .flat_map(|p| {
            crate::resolve::normalize::normalize(p.trim_end_matches('*'))
                .split(' ')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Names that organisations of several countries share (جمعية الهلال
/// الأحمر, Red Crescent Society), resolved when exactly one organisation
/// bearing the name is of a country the article names.
pub(super) fn generic_names(
    x: &Extractor,
    lang: &Language,
    body: &str,
    tokens: &[Token],
    known: &[Found],
) -> Vec<Found> {
    let phrases = Phrase::list(&lang.generic);
    let countries: Vec<&str> = known
        .iter()
        .filter_map(|m| match m.who {
            Who::Known(Target::Place(i)) => Some(x.rules.places[i].country.as_str()),
            _ => None,
        })
        .collect();
    let covered = scan::covered(tokens.len(), known);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let hit = if covered[i] {
            None
        } else {
            any_at(&phrases, tokens, i).filter(|(_, n)| !covered[i..i + n].contains(&true))
        };
        // A name the gazetteer gives several entries (KRCS) stands for the
        // one of them the article already names in full.
        if hit.is_none() && !covered[i] {
            if let Some((targets, n)) = x.matcher.shared_at(body, tokens, i) {
                let named: Vec<Target> = targets
                    .into_iter()
                    .filter(|t| known.iter().any(|m| m.who == Who::Known(*t)))
                    .collect();
                if let [only] = named[..] {
                    out.push(Found {
                        who: Who::Known(only),
                        ty: x.ty(only),
                        first: i,
                        end: i + n,
                        surface: body[tokens[i].start..tokens[i + n - 1].end].to_owned(),
                        rule: "name.shared-name-already-named".to_owned(),
                    });
                    i += n;
                    continue;
                }
            }
        }
        let Some((p, n)) = hit else {
            i += 1;
            continue;
        };
        let candidates: Vec<usize> = x
            .gazetteer
            .entries()
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.country
                    .as_ref()
                    .is_some_and(|c| countries.contains(&c.as_str()))
            })
            .filter(|(j, _)| {
                // Arabic puts the country after the shared words (جمعية
                // الهلال الأحمر الكويتي), English before them (Kuwait Red
                // Crescent Society).
                x.names(Target::Gazetteer(*j)).iter().any(|name| {
                    let words: Vec<&str> = name.split(' ').collect();
                    let n = p.words.len();
                    words.len() > n
                        && (words[..n] == p.words[..] || words[words.len() - n..] == p.words[..])
                })
            })
            .map(|(j, _)| j)
            .collect();
        if let [only] = candidates[..] {
            let form = tokens[i]
                .forms
                .iter()
                .find(|f| f.text == p.words[0])
                .cloned()
                .unwrap_or_else(|| tokens[i].forms[0].clone());
            let written = &body[tokens[i].start..tokens[i + n - 1].end];
            out.push(Found {
                who: Who::Known(Target::Gazetteer(only)),
                ty: x.ty(Target::Gazetteer(only)),
                first: i,
                end: i + n,
                surface: scan::without_written_clitics(written, &form),
                rule: "name.shared-name-and-country".to_owned(),
            });
        }
        i += n;
    }
    out
}

/// Definite descriptions (البنك، the Bank) that refer back to the last
/// entity named before them whose name holds the head word (or whose type
/// the description names).
pub(super) fn anaphors(
    x: &Extractor,
    lang: &Language,
    sentences: &[scan::Sentence],
    tokens: &[Token],
    known: &[Found],
) -> Vec<Found> {
    let covered = scan::covered(tokens.len(), known);
    let compiled: Vec<(Vec<Phrase>, &rules::Anaphor)> = lang
        .anaphor
        .iter()
        .map(|a| (Phrase::list(&a.words), a))
        .collect();
    let mut sorted: Vec<&Found> = known.iter().collect();
    sorted.sort_by_key(|m| m.first);
    let mut out = Vec::new();
    for (i, _) in covered.iter().enumerate().filter(|(_, c)| !**c) {
        let Some((phrases, a)) = compiled
            .iter()
            .find(|(p, _)| any_at(p, tokens, i).is_some())
        else {
            continue;
        };
        let n = any_at(phrases, tokens, i).map_or(1, |(_, n)| n);
        let fits = |m: &Found| -> bool {
            if let Some(ty) = &a.ty {
                return m.ty == ty;
            }
            let Some(head) = a.head.as_deref().map(crate::resolve::normalize::normalize) else {
                return false;
            };
            let names = match m.who {
                Who::Known(t) => x.names(t),
                Who::Person(_) => return false,
            };
            (m.ty == "organization" || m.ty == "initiative")
                && names.iter().any(|name| {
                    name.split(' ')
                        .any(|w| w == head || w.strip_prefix("ال") == Some(head.as_str()))
                })
        };
        // The first fitting entity of the sentence, else of the nearest
        // sentence before it that has one: the subject, which a
        // description usually takes up ("the fund said" after "KFAED
        // signed with the Children's Fund").
        let here = sentences
            .iter()
            .position(|s| i >= s.first && i < s.end)
            .unwrap_or(0);
        let pick = |ok: &dyn Fn(&Found) -> bool| -> Option<&Found> {
            (0..=here).rev().find_map(|si| {
                let s = &sentences[si];
                sorted.iter().copied().find(|m| {
                    m.first >= s.first && m.first < s.end && m.end <= i && fits(m) && ok(m)
                })
            })
        };
        let preferred = a
            .prefer
            .as_deref()
            .and_then(|ty| pick(&|m: &Found| m.ty == ty));
        let Some(antecedent) = preferred.or_else(|| pick(&|_: &Found| true)) else {
            continue;
        };
        out.push(Found {
            who: antecedent.who,
            ty: antecedent.ty,
            first: i,
            end: i + n,
            surface: antecedent.surface.clone(),
            rule: "name.definite-description".to_owned(),
        });
    }
    out
}
