//! Facts from the patterns of the rule files, sentence by sentence.
//!
//! A sentence yields a fact of a family when it holds a cue of one of the
//! family's patterns (and one of its `with` phrases), holds no block cue
//! for that family (a denial, a plan), and names the actors the fact needs.
//! A sentence that opens with a continuation (جاء ذلك خلال…) is read
//! together with the one before it.
//!
//! The actors come from where news style puts them:
//! - **meeting**: one per article, gathered from every sentence with a
//!   meeting cue: the organisations and persons named (an organisation
//!   named only as a person's employer is left out when its parent
//!   organisation is there), the host (the organisation before a reception
//!   cue), the initiatives as topics, a place after في / in, the first date;
//! - **partnership**: the organisations of the sentence and of its persons'
//!   posts, at the pattern's stage; a partnership discussed at the
//!   article's meeting takes the meeting's topic when there is one;
//! - **funding**: the organisation before the cue funds, the organisation or
//!   initiative after it receives;
//! - **launch**: the initiative, launched by the organisations named before
//!   the partners cue (بالتعاون مع, in partnership with);
//! - **beneficiary**: a group right after the cue, served by the
//!   sentence's initiative, or else its organisation;
//! - **aid**: the sentence's organisation provides, to its places.

use super::persons::Role;
use super::rules::{Language, Pattern};
use super::scan::{any_at, Phrase, Sentence, Token};
use super::values::{Amount, Values};
use super::Who;
use chrono::NaiveDate;

/// A fact, its actors named by [`Who`].
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    Role {
        person: Who,
        org: Who,
        title: String,
    },
    Meeting {
        participants: Vec<Who>,
        host: Option<Who>,
        topics: Vec<Who>,
        place: Option<Who>,
    },
    Partnership {
        partners: Vec<Who>,
        stage: String,
        instrument: Option<String>,
        initiative: Option<Who>,
        amount: Option<Amount>,
        signatories: Vec<Who>,
    },
    Funding {
        funder: Who,
        recipient: Who,
        amount: Option<Amount>,
    },
    Launch {
        initiative: Who,
        by: Vec<Who>,
        partners: Vec<Who>,
    },
    Beneficiary {
        of: Who,
        group: Who,
    },
    Aid {
        provider: Who,
        group: Option<Who>,
        places: Vec<Who>,
        amount: Option<Amount>,
    },
}

/// A fact with what produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub fact: Fact,
    pub date: Option<String>,
    /// The pattern (or person rule) and the cue spans (token ranges).
    pub rule: String,
    pub cues: Vec<(usize, usize)>,
    /// The sentences it was read from (0-based).
    pub sentences: Vec<usize>,
}

struct Compiled<'l> {
    pattern: &'l Pattern,
    cues: Vec<Phrase>,
    with: Vec<Phrase>,
    partners_after: Vec<Phrase>,
}

/// What the fact pass needs to know about the article.
pub struct Article<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [Sentence],
    pub mentions: &'a [super::Found],
    pub roles: &'a [Role],
    pub published: NaiveDate,
    /// The parent organisation of an organisation, if the gazetteer says.
    pub parent: &'a dyn Fn(Who) -> Option<Who>,
}

/// Finds the facts of an article.
pub fn find(lang: &Language, values: &Values, a: &Article) -> Vec<Found> {
    let patterns: Vec<Compiled> = lang
        .pattern
        .iter()
        .map(|p| Compiled {
            pattern: p,
            cues: Phrase::list(&p.cues),
            with: Phrase::list(&p.with),
            partners_after: Phrase::list(&p.partners_after),
        })
        .collect();
    let blocks: Vec<(Vec<Phrase>, &Vec<String>)> = lang
        .block
        .iter()
        .map(|b| (Phrase::list(&b.cues), &b.families))
        .collect();
    let continuations = Phrase::list(&lang.sentence.continuations);
    // A cue inside a name is not a cue ("Aid" in King Salman Humanitarian
    // Aid and Relief Centre, "for" in High Commissioner for Refugees).
    let in_name = super::scan::covered(a.tokens.len(), a.mentions);
    // So is an English cue written with a capital inside a sentence ("Head
    // of the ERC Delegation"): a name the gazetteer does not hold.
    let sentence_starts: Vec<usize> = a.sentences.iter().map(|s| s.first).collect();
    let cue_at = |cues: &[Phrase], i: usize| -> Option<usize> {
        let t = &a.tokens[i];
        let capital_inside = !super::scan::is_arabic(&t.norm)
            && !sentence_starts.contains(&i)
            && a.text[t.start..].starts_with(char::is_uppercase);
        if in_name[i] || capital_inside {
            return None;
        }
        any_at(cues, a.tokens, i).map(|(_, n)| n)
    };
    let funder_links = Phrase::list(&lang.links.funder);
    let recipient_links = Phrase::list(&lang.links.recipient);
    let place_links = Phrase::list(&lang.links.place);
    // One of `links` at most two words before the mention.
    let linked = |m: &super::Found, links: &[Phrase]| {
        let sentence = sentence_starts
            .iter()
            .rev()
            .find(|&&st| st <= m.first)
            .copied();
        let lo = m.first.saturating_sub(2).max(sentence.unwrap_or(0));
        (lo..m.first).any(|k| any_at(links, a.tokens, k).is_some())
    };
    // A place linked by a word, or written with ل or ب (بالسودان، لغزة; or
    // on the word before it: بجمهورية السودان).
    let place_linked = |m: &super::Found| {
        linked(m, &place_links)
            || (m.first.saturating_sub(1)..=m.first).any(|k| {
                a.tokens[k].forms.iter().any(|f| f.clitic_letters >= 1)
                    && matches!(a.text[a.tokens[k].start..].chars().next(), Some('ل' | 'ب'))
            })
    };
    let role_of = |p: Who| a.roles.iter().find(|r| r.person == p).map(|r| r.org);
    let employers: Vec<Who> = a.roles.iter().map(|r| r.org).collect();

    let mut out: Vec<Found> = Vec::new();
    let mut meeting: Option<Found> = None;
    // A meeting only planned: later mentions (اللقاء، the meeting) are of
    // it too, so the article reports no meeting.
    let mut meeting_planned = false;
    let mut meeting_sentences: Vec<usize> = Vec::new();
    for (si, s) in a.sentences.iter().enumerate() {
        // The sentence, and the one before when this one continues it.
        let first = if si > 0 && any_at(&continuations, a.tokens, s.first).is_some() {
            a.sentences[si - 1].first
        } else {
            s.first
        };
        let ctx: Vec<&super::Found> = a
            .mentions
            .iter()
            .filter(|m| m.first >= first && m.end <= s.end)
            .collect();
        let in_sentence = |m: &&super::Found| m.first >= s.first;
        // The families a denial or a plan in the sentence stops.
        let stopped: Vec<&String> = blocks
            .iter()
            .filter(|(cues, _)| (s.first..s.end).any(|i| any_at(cues, a.tokens, i).is_some()))
            .flat_map(|(_, families)| families.iter())
            .collect();
        let blocked = |family: &str| stopped.iter().any(|f| f.as_str() == family);
        let date = best_date(&values.dates(a.tokens, s.first, s.end, a.published));
        let amounts = values.amounts(a.text, a.tokens, s.first, s.end);
        let mut done: Vec<&str> = Vec::new();
        for c in &patterns {
            let family = c.pattern.family.as_str();
            if done.contains(&family) || (family == "meeting" && meeting_planned) {
                continue;
            }
            if blocked(family) {
                // A meeting planned (or denied) before any was held: later
                // mentions (the meeting, اللقاء) are of it. A meeting
                // already held stays: the next one planned does not undo it.
                if family == "meeting"
                    && meeting.is_none()
                    && (s.first..s.end).any(|i| any_at(&c.cues, a.tokens, i).is_some())
                {
                    meeting_planned = true;
                }
                continue;
            }
            let Some((cue_start, cue_len)) =
                (s.first..s.end).find_map(|i| cue_at(&c.cues, i).map(|n| (i, n)))
            else {
                continue;
            };
            if !c.with.is_empty()
                && !(s.first..s.end).any(|i| any_at(&c.with, a.tokens, i).is_some())
            {
                continue;
            }
            let cue = (cue_start, cue_start + cue_len);
            let of = |ty: &str| -> Vec<&super::Found> {
                ctx.iter().copied().filter(|m| m.ty == ty).collect()
            };
            let uniq = |v: Vec<Who>| -> Vec<Who> {
                let mut u: Vec<Who> = Vec::new();
                for w in v {
                    if !u.contains(&w) {
                        u.push(w);
                    }
                }
                u
            };
            // Organisations present: named, or through a person's post;
            // an employer only is left out when its parent is there.
            let orgs_of = |ms: &[&super::Found]| -> Vec<Who> {
                let mut v: Vec<Who> = Vec::new();
                for m in ms {
                    if m.ty == "organization" {
                        v.push(m.who);
                    } else if m.ty == "person" {
                        if let Some(o) = role_of(m.who) {
                            v.push(o);
                        }
                    }
                }
                let v = uniq(v);
                v.iter()
                    .copied()
                    .filter(|o| {
                        !(employers.contains(o) && (a.parent)(*o).is_some_and(|p| v.contains(&p)))
                    })
                    .collect()
            };
            let found = |fact: Fact, date: Option<String>| Found {
                fact,
                date,
                rule: c.pattern.id.clone(),
                cues: vec![cue],
                sentences: vec![si],
            };
            match family {
                "meeting" => {
                    meeting_sentences.push(si);
                    let named: Vec<&super::Found> = ctx
                        .iter()
                        .copied()
                        .filter(|m| m.ty == "organization" || m.ty == "person")
                        .collect();
                    let mut people: Vec<Who> = Vec::new();
                    for m in &named {
                        if m.ty == "person" {
                            people.push(m.who);
                        }
                    }
                    let orgs = orgs_of(&named);
                    let host = if c.pattern.host_before {
                        ctx.iter()
                            .find(|m| m.first < cue.0 && m.ty == "organization")
                            .map(|m| m.who)
                            .or_else(|| {
                                ctx.iter()
                                    .find(|m| m.first < cue.0 && m.ty == "person")
                                    .and_then(|m| role_of(m.who))
                            })
                    } else {
                        None
                    };
                    let topics: Vec<Who> = of("initiative").iter().map(|m| m.who).collect();
                    let place = ctx
                        .iter()
                        .find(|m| m.ty == "place" && linked(m, &place_links))
                        .map(|m| m.who);
                    let date = if first == s.first {
                        date.clone()
                    } else {
                        best_date(&values.dates(a.tokens, first, s.end, a.published))
                    };
                    let m = meeting.get_or_insert_with(|| Found {
                        fact: Fact::Meeting {
                            participants: Vec::new(),
                            host: None,
                            topics: Vec::new(),
                            place: None,
                        },
                        date: None,
                        rule: c.pattern.id.clone(),
                        cues: Vec::new(),
                        sentences: Vec::new(),
                    });
                    m.cues.push(cue);
                    m.sentences.push(si);
                    if m.date.is_none() {
                        m.date = date;
                    }
                    if let Fact::Meeting {
                        participants,
                        host: h,
                        topics: t,
                        place: p,
                    } = &mut m.fact
                    {
                        let mut add = orgs;
                        add.extend(people);
                        for w in add {
                            if !participants.contains(&w) {
                                participants.push(w);
                            }
                        }
                        if h.is_none() {
                            *h = host;
                        }
                        for w in topics {
                            if !t.contains(&w) {
                                t.push(w);
                            }
                        }
                        if p.is_none() {
                            *p = place;
                        }
                    }
                }
                "partnership" => {
                    let partners = orgs_of(&ctx);
                    if partners.len() < 2 {
                        continue;
                    }
                    let stage = c.pattern.stage.clone().unwrap_or_default();
                    let signatories = if stage == "signed" {
                        ctx.iter()
                            .filter(|m| m.ty == "person")
                            .map(|m| m.who)
                            .collect()
                    } else {
                        Vec::new()
                    };
                    out.push(found(
                        Fact::Partnership {
                            partners,
                            stage,
                            instrument: c.pattern.instrument.clone(),
                            initiative: of("initiative").first().map(|m| m.who),
                            amount: amounts.first().cloned(),
                            signatories: uniq(signatories),
                        },
                        date.clone(),
                    ));
                }
                "funding" => {
                    if c.pattern.amount_required && amounts.is_empty() {
                        continue;
                    }
                    let orgs: Vec<&super::Found> = ctx
                        .iter()
                        .copied()
                        .filter(in_sentence)
                        .filter(|m| m.ty == "organization")
                        .collect();
                    // "from ORG" names the funder wherever it stands ("a
                    // contribution … from Qatar to WHO, through QFFD"), "to
                    // ORG" the recipient. After a word of receiving ("it
                    // received a donation"), the one before is the
                    // recipient, not the funder.
                    let receiving = Phrase::list(&c.pattern.receiving);
                    let received =
                        (s.first..cue.0).any(|i| any_at(&receiving, a.tokens, i).is_some());
                    let before = orgs.iter().find(|m| m.end <= cue.0).filter(|_| !received);
                    let from = orgs.iter().find(|m| linked(m, &funder_links));
                    let to = ctx.iter().copied().filter(in_sentence).find(|m| {
                        (m.ty == "organization" || m.ty == "initiative")
                            && ((m.first > cue.0 && linked(m, &recipient_links))
                                || (received && m.end <= cue.0))
                    });
                    let after = orgs
                        .iter()
                        .find(|m| m.first >= cue.1 && to.is_none_or(|t| t.who != m.who));
                    let funder = if c.pattern.funder_after {
                        after
                    } else {
                        from.or(before).or(after)
                    }
                    .map(|m| m.who);
                    let Some(funder) = funder else { continue };
                    let receives = |m: &&super::Found| {
                        (m.ty == "organization" || m.ty == "initiative") && m.who != funder
                    };
                    let recipient = if let Some(t) = to.filter(|t| t.who != funder) {
                        Some(t)
                    } else if c.pattern.funder_after {
                        ctx.iter()
                            .copied()
                            .filter(in_sentence)
                            .find(|m| receives(m) && m.end <= cue.0)
                    } else {
                        ctx.iter()
                            .copied()
                            .filter(in_sentence)
                            .find(|m| receives(m) && m.first >= cue.0)
                    }
                    .or_else(|| {
                        ctx.iter()
                            .copied()
                            .filter(in_sentence)
                            .find(|m| receives(m))
                    })
                    .map(|m| m.who);
                    let Some(recipient) = recipient else { continue };
                    out.push(found(
                        Fact::Funding {
                            funder,
                            recipient,
                            amount: amounts.first().cloned(),
                        },
                        date.clone(),
                    ));
                }
                "launch" => {
                    let Some(initiative) = of("initiative").first().map(|m| m.who) else {
                        continue;
                    };
                    let split = (s.first..s.end)
                        .find(|&i| i >= cue.0 && any_at(&c.partners_after, a.tokens, i).is_some())
                        .unwrap_or(s.end);
                    let (before, after): (Vec<&super::Found>, Vec<&super::Found>) = ctx
                        .iter()
                        .copied()
                        .filter(in_sentence)
                        .filter(|m| m.ty == "organization")
                        .partition(|m| m.first < split);
                    let by = uniq(before.iter().map(|m| m.who).collect());
                    if by.is_empty() {
                        continue;
                    }
                    let partners = uniq(
                        after
                            .iter()
                            .map(|m| m.who)
                            .filter(|w| !by.contains(w))
                            .collect(),
                    );
                    out.push(found(
                        Fact::Launch {
                            initiative,
                            by,
                            partners,
                        },
                        date.clone(),
                    ));
                }
                "beneficiary" => {
                    // Groups right after a cue (to support refugees and
                    // host communities).
                    let hit = (s.first..s.end).find_map(|i| {
                        let n = cue_at(&c.cues, i)?;
                        let groups: Vec<Who> = ctx
                            .iter()
                            .filter(|m| m.ty == "group" && m.first >= i + n && m.first <= i + n + 5)
                            .map(|m| m.who)
                            .collect();
                        (!groups.is_empty()).then_some((i, i + n, groups))
                    });
                    let Some((c0, c1, groups)) = hit else {
                        continue;
                    };
                    // The sentence's initiative, or else the recipient of
                    // the sentence's funding (a grant "to support children"
                    // serves them through who receives it).
                    let orgs_here = uniq(
                        ctx.iter()
                            .filter(|m| m.first >= s.first && m.ty == "organization")
                            .map(|m| m.who)
                            .collect(),
                    );
                    let of_ = of("initiative")
                        .first()
                        .map(|m| m.who)
                        .or_else(|| {
                            out.iter().find_map(|f| match &f.fact {
                                Fact::Funding { recipient, .. } if f.sentences.contains(&si) => {
                                    Some(*recipient)
                                }
                                _ => None,
                            })
                        })
                        // The one organisation the sentence names.
                        .or_else(|| match orgs_here[..] {
                            [only] => Some(only),
                            _ => None,
                        });
                    let Some(of_) = of_ else { continue };
                    for group in uniq(groups) {
                        let mut f = found(Fact::Beneficiary { of: of_, group }, None);
                        f.cues = vec![(c0, c1)];
                        out.push(f);
                    }
                }
                "aid" => {
                    // Destinations: places after the cue, behind a link
                    // word (إلى، في، to) or a clitic ل / ب.
                    let destination = |m: &super::Found| place_linked(m);
                    let places: Vec<Who> = uniq(
                        ctx.iter()
                            .filter(|m| m.ty == "place" && m.first >= cue.0 && destination(m))
                            .map(|m| m.who)
                            .collect(),
                    );
                    if places.is_empty() {
                        continue;
                    }
                    let orgs = orgs_of(&ctx);
                    let provider = ctx
                        .iter()
                        .find(|m| m.ty == "organization" && m.end <= cue.0)
                        .map(|m| m.who)
                        .or_else(|| orgs.first().copied());
                    let Some(provider) = provider else { continue };
                    out.push(found(
                        Fact::Aid {
                            provider,
                            group: of("group").first().map(|m| m.who),
                            places,
                            amount: amounts.first().cloned(),
                        },
                        date.clone(),
                    ));
                }
                _ => continue,
            }
            done.push(family);
        }
    }
    if let Some(mut m) = meeting.filter(|_| !meeting_planned) {
        if let Fact::Meeting {
            participants, host, ..
        } = &mut m.fact
        {
            if let Some(h) = host {
                if !participants.contains(h) {
                    participants.insert(0, *h);
                }
            }
            // Two sides at least: organisations, and persons of no
            // organisation among them (a head and his own centre are one).
            let orgs_met: Vec<Who> = participants
                .iter()
                .copied()
                .filter(|w| a.mentions.iter().any(|m| m.who == *w && m.is_org()))
                .collect();
            let sides = orgs_met.len()
                + participants
                    .iter()
                    .filter(|w| !orgs_met.contains(w))
                    .filter(|w| role_of(**w).is_none_or(|o| !orgs_met.contains(&o)))
                    .count();
            if sides >= 2 {
                // A partnership discussed at the meeting is about its topic.
                if let Fact::Meeting { topics, .. } = &m.fact {
                    if topics.len() == 1 {
                        for f in out.iter_mut() {
                            if let Fact::Partnership {
                                stage, initiative, ..
                            } = &mut f.fact
                            {
                                if stage == "discussed"
                                    && initiative.is_none()
                                    && f.sentences.iter().any(|s| meeting_sentences.contains(s))
                                {
                                    *initiative = Some(topics[0]);
                                }
                            }
                        }
                    }
                }
                out.insert(0, m);
            }
        }
    }
    for r in a.roles {
        out.push(Found {
            fact: Fact::Role {
                person: r.person,
                org: r.org,
                title: r.title.clone(),
            },
            date: None,
            rule: r.rule.to_owned(),
            cues: vec![(r.first, r.end)],
            sentences: a
                .sentences
                .iter()
                .position(|s| r.first >= s.first && r.first < s.end)
                .into_iter()
                .collect(),
        });
    }
    dedupe(out)
}

/// The date a sentence gives its facts: an explicit date wins over a
/// weekday beside it ("on Monday, 10 November 2025"), else the first.
fn best_date(dates: &[super::values::Date]) -> Option<String> {
    dates
        .iter()
        .find(|d| d.rule == "explicit")
        .or(dates.first())
        .map(|d| d.value.clone())
}

/// One fact per event: facts of a type with the same actors are one, the
/// first keeping its place and gaining the others' cues. Partnerships
/// between the same partners are one too, at the furthest stage named
/// (signed over proposed over discussed).
fn dedupe(facts: Vec<Found>) -> Vec<Found> {
    let key = |f: &Fact| -> String {
        let sorted = |v: &[Who]| {
            let mut v = v.to_vec();
            v.sort();
            format!("{v:?}")
        };
        match f {
            Fact::Role { person, org, .. } => format!("role {person:?} {org:?}"),
            Fact::Meeting { .. } => "meeting".into(),
            Fact::Partnership { partners, .. } => format!("partnership {}", sorted(partners)),
            Fact::Funding {
                funder, recipient, ..
            } => format!("funding {funder:?} {recipient:?}"),
            Fact::Launch { initiative, .. } => format!("launch {initiative:?}"),
            Fact::Beneficiary { of, group } => format!("beneficiary {of:?} {group:?}"),
            Fact::Aid {
                provider, places, ..
            } => format!("aid {provider:?} {}", sorted(places)),
        }
    };
    let rank = |f: &Fact| match f {
        Fact::Partnership { stage, .. } => match stage.as_str() {
            "discussed" => 0,
            "proposed" => 1,
            _ => 2,
        },
        _ => 0,
    };
    let mut out: Vec<Found> = Vec::new();
    for f in facts {
        let k = key(&f.fact);
        match out.iter_mut().find(|g| key(&g.fact) == k) {
            Some(g) => {
                if rank(&f.fact) > rank(&g.fact) {
                    g.fact = f.fact;
                    g.rule = f.rule;
                    g.date = f.date.or(g.date.take());
                } else if g.date.is_none() {
                    g.date = f.date;
                }
                g.cues.extend(f.cues);
                g.sentences.extend(f.sentences);
            }
            None => out.push(f),
        }
    }
    out
}
