//! Persons, from the cues of news style, and the posts they hold.
//!
//! A name is looked for only where news style puts one: after an honorific
//! (الدكتور، Dr., H.E.), after برئاسة / "headed by", after a verb of saying
//! (قال، أكد; and before "said" in English), and after an organisation that
//! follows a post (رئيس مجلس إدارة جمعية الهلال الأحمر، خالد المغامس;
//! "KSrelief Supervisor General Dr. Abdullah Al Rabeeah"). A name is two to
//! four words, none of them a stop word; an Arabic name ends with its first
//! word that carries ال (the family name), or after two words.
//!
//! A person next to a post and an organisation (before or after the name)
//! holds that post: a `role`. A person named again later by the last word
//! of the name ("المغامس", "Grandi") is the same person.

use super::rules::PersonRules;
use super::scan::{any_at, is_arabic, Phrase, Token};
use super::{Found, Who};
use crate::resolve::normalize::normalize;

/// The compiled person cues of one language.
pub struct Cues {
    honorifics: Vec<Phrase>,
    titles: Vec<Phrase>,
    links: Vec<Phrase>,
    headed_by: Vec<Phrase>,
    quote_verbs: Vec<Phrase>,
    particles: Vec<String>,
    stop: Vec<Phrase>,
    /// Words of the fact cues: never part of a name.
    cue_words: std::collections::HashSet<String>,
    /// Words after which a post's object, not a name, follows (of, for).
    post_objects: Vec<String>,
    /// Possessives between "headed by" and a post (its, her).
    possessives: Vec<String>,
    /// Adjectives that end a post (عام): detached, every word takes ال.
    adjectives: Vec<String>,
    arabic: bool,
}

/// A post found next to a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub person: Who,
    pub org: Who,
    pub title: String,
    /// Token range of the whole phrase.
    pub first: usize,
    pub end: usize,
    pub rule: &'static str,
}

impl Cues {
    pub fn new(
        rules: &PersonRules,
        cue_words: std::collections::HashSet<String>,
        arabic: bool,
    ) -> Self {
        Self {
            honorifics: Phrase::list(&rules.honorifics),
            titles: Phrase::list(&rules.titles),
            links: Phrase::list(&rules.title_links),
            headed_by: Phrase::list(&rules.headed_by),
            quote_verbs: Phrase::list(&rules.quote_verbs),
            particles: rules.particles.iter().map(|p| normalize(p)).collect(),
            stop: Phrase::list(&rules.stop),
            cue_words,
            post_objects: rules.post_objects.iter().map(|w| normalize(w)).collect(),
            possessives: rules.possessives.iter().map(|w| normalize(w)).collect(),
            adjectives: rules
                .title_adjectives
                .iter()
                .map(|w| normalize(w))
                .collect(),
            arabic,
        }
    }

    fn is_stop(&self, tokens: &[Token], i: usize) -> bool {
        let t = &tokens[i];
        self.stop
            .iter()
            .any(|p| p.words.len() == 1 && t.norm == p.words[0])
            || t.forms.iter().any(|f| self.cue_words.contains(&f.text))
            || any_at(&self.titles, tokens, i).is_some()
            || any_at(&self.honorifics, tokens, i).is_some()
            || any_at(&self.quote_verbs, tokens, i).is_some()
    }

    /// Skips honorifics from token `i`.
    fn after_honorifics(&self, tokens: &[Token], mut i: usize) -> usize {
        while let Some((_, n)) = any_at(&self.honorifics, tokens, i) {
            i += n;
        }
        i
    }

    /// The name that starts at token `i`, as a token count.
    fn name_at(&self, text: &str, tokens: &[Token], covered: &[bool], i: usize) -> Option<usize> {
        let ok = |k: usize| k < tokens.len() && !covered[k] && !self.is_stop(tokens, k);
        let joined = |k: usize| {
            let gap = &text[tokens[k - 1].end..tokens[k].start];
            gap.chars().all(|c| c == ' ' || c == '-')
        };
        if !ok(i) {
            return None;
        }
        let first = &tokens[i];
        let mut n = 1;
        if self.arabic {
            // A given name carries no article, not even behind a clitic.
            if !is_arabic(&first.norm) || first.forms.iter().any(|f| f.text.starts_with("ال")) {
                return None;
            }
            // Nor is it بن or آل: those join a name, they do not begin it.
            if matches!(first.norm.as_str(), "بن" | "بنت" | "ال") {
                return None;
            }
            // عبد + a name of God is one given name (عبد الله، عبد العزيز).
            let compound = |k: usize| tokens[k].norm == "عبد" && ok(k + 1) && joined(k + 1);
            if compound(i) {
                n = 2;
            }
            // Words up to the family name (the first with ال, or آل + one
            // word); a particle (بن، آل) joins the next word; at most six.
            let mut family = false;
            let mut plain = 1;
            while !family && ok(i + n) && joined(i + n) && n < 6 {
                let t = &tokens[i + n];
                if self.particles.contains(&t.norm) {
                    if !ok(i + n + 1) || !joined(i + n + 1) {
                        break;
                    }
                    let clan = t.norm == "ال"; // آل, normalised
                    n += if compound(i + n + 1) { 3 } else { 2 };
                    family = clan || tokens[i + n - 1].norm.starts_with("ال");
                    continue;
                }
                family = t.norm.starts_with("ال");
                if !family && plain >= 2 {
                    break;
                }
                plain += 1;
                n += 1;
            }
        } else {
            let capital = |k: usize| text[tokens[k].start..].starts_with(char::is_uppercase);
            if !capital(i) || first.norm.chars().all(|c| c.is_numeric()) {
                return None;
            }
            // "Chief of Donor Relations", "Director for Strategic
            // Partnerships": after these comes a post's object.
            if i > 0 && self.post_objects.contains(&tokens[i - 1].norm) {
                return None;
            }
            while ok(i + n) && joined(i + n) && n < 4 {
                let t = &tokens[i + n];
                if capital(i + n)
                    || (self.particles.contains(&t.norm) && ok(i + n + 1) && capital(i + n + 1))
                {
                    n += 1;
                } else {
                    break;
                }
            }
        }
        (n >= 2).then_some(n)
    }

    /// Persons named at the cues, as mentions of new persons (`Who::Person`
    /// indexes into the returned names). A name equal to a known name is
    /// not returned: the known mention already covers it.
    pub fn find(&self, text: &str, tokens: &[Token], known: &[Found]) -> (Vec<Found>, Vec<String>) {
        let mut covered = super::scan::covered(tokens.len(), known);
        let mut names: Vec<String> = Vec::new();
        let mut found: Vec<Found> = Vec::new();
        let arabic = self.arabic;
        let mut take = |start: usize, len: usize, rule: &str, covered: &mut [bool]| {
            let mut surface = text[tokens[start].start..tokens[start + len - 1].end].to_owned();
            // The next name of a list (، وراشد محمد الكعبي) without its و.
            let list = start > 0 && {
                let gap = &text[tokens[start - 1].end..tokens[start].start];
                gap.contains('،') || gap.contains(',')
            };
            if arabic && list {
                if let Some(form) = tokens[start]
                    .forms
                    .iter()
                    .find(|f| f.clitic_letters == 1 && surface.starts_with('و'))
                {
                    surface = format!(
                        "{}{}",
                        super::scan::without_written_clitics(
                            &text[tokens[start].start..tokens[start].end],
                            form
                        ),
                        &surface[tokens[start].end - tokens[start].start..]
                    );
                }
            }
            let norm = crate::resolve::normalize::normalize_person(&surface);
            // The same name, or its end (Al-Bader after Adel Al-Bader).
            let idx = match names.iter().position(|n| {
                let n = crate::resolve::normalize::normalize_person(n);
                n == norm || n.ends_with(&format!(" {norm}"))
            }) {
                Some(i) => i,
                None => {
                    names.push(surface.clone());
                    names.len() - 1
                }
            };
            covered[start..start + len]
                .iter_mut()
                .for_each(|c| *c = true);
            found.push(Found {
                who: Who::Person(idx),
                ty: "person",
                first: start,
                end: start + len,
                surface,
                rule: rule.to_owned(),
            });
        };
        // After an organisation that follows a post: the post's holder.
        for m in known.iter().filter(|m| m.is_org()) {
            let title = self.title_before(text, tokens, m.first).is_some();
            let ends_title = !self.arabic && self.title_after(tokens, m.end).is_some();
            if !(title || ends_title) {
                continue;
            }
            let mut at = m.end;
            if ends_title {
                at += self.title_after(tokens, m.end).unwrap_or(0);
                // "KRCS Head of Relief Operations Yousef Al-Saleh": a run of
                // capitalised words holds the post and then the name, whose
                // last two words (three after a particle) are taken.
                if let Some((start, len)) = self.name_ending_run(text, tokens, &covered, m.end) {
                    take(start, len, "person.post-and-organisation", &mut covered);
                    continue;
                }
            }
            // Not the next person of a list (…رئيس مجلس إدارة قطر الخيرية،
            // والسيد…): the post belongs to someone named before.
            if self.list_continues(text, tokens, m.end) {
                continue;
            }
            // Not a post that belongs to the person before it (X، مدير Y).
            if let Some((start, _)) = self.title_before(text, tokens, m.first) {
                if start > 0
                    && known.iter().any(|p| p.is_person() && p.end == start)
                    && self.ends_apposition(text, tokens, m.end)
                {
                    continue;
                }
            }
            let at = self.after_honorifics(tokens, at);
            if at < tokens.len() && !covered[at] {
                if let Some(len) = self.name_at(text, tokens, &covered, at) {
                    take(at, len, "person.post-and-organisation", &mut covered);
                }
            }
        }
        // A name before a comma and a post with its organisation (Hamdan Al
        // Ketbi, Secretary-General of the ERC; Fahad Al-Mutairi, the fund's
        // deputy director-general).
        for c in 1..tokens.len() {
            let gap = &text[tokens[c - 1].end..tokens[c].start];
            if !(gap.contains(',') || gap.contains('،')) {
                continue;
            }
            let post_org = any_at(&self.titles, tokens, c).is_some()
                && known.iter().any(|m| {
                    m.is_org()
                        && m.first > c
                        && m.first <= c + 10
                        && self.ends_apposition(text, tokens, m.end)
                        && self
                            .title_before(text, tokens, m.first)
                            .is_some_and(|(start, _)| start == c)
                });
            let org_post = !self.arabic
                && known.iter().any(|m| {
                    m.is_org()
                        && m.first == c
                        && tokens.get(m.end).is_some_and(|t| t.norm == "s")
                        && (m.end + 1..(m.end + 4).min(tokens.len()))
                            .any(|k| any_at(&self.titles, tokens, k).is_some())
                });
            if !(post_org || org_post) {
                continue;
            }
            for len in (2..=6).rev() {
                if c < len || covered[c - len..c].contains(&true) {
                    continue;
                }
                if self.name_at(text, tokens, &covered, c - len) == Some(len) {
                    take(c - len, len, "person.appositive", &mut covered);
                    break;
                }
            }
        }
        let mut i = 0;
        while i < tokens.len() {
            if covered[i] {
                i += 1;
                continue;
            }
            let cue = if let Some((_, n)) = any_at(&self.honorifics, tokens, i) {
                Some(("person.honorific", i + n))
            } else if let Some((_, n)) = any_at(&self.headed_by, tokens, i) {
                Some(("person.headed-by", i + n))
            } else if let Some((_, n)) = any_at(&self.quote_verbs, tokens, i) {
                Some(("person.quote-verb", i + n))
            } else {
                None
            };
            if let Some((rule, mut after)) = cue {
                // led by its President, Aisha Warsame
                if rule == "person.headed-by" {
                    if tokens
                        .get(after)
                        .is_some_and(|t| self.possessives.contains(&t.norm))
                    {
                        after += 1;
                    }
                    while let Some((_, n)) = any_at(&self.titles, tokens, after) {
                        after += n;
                    }
                }
                let at = self.after_honorifics(tokens, after);
                if let Some(len) = self.name_at(text, tokens, &covered, at) {
                    take(at, len, rule, &mut covered);
                    i = at + len;
                    continue;
                }
            }
            // English: a name right before a verb of saying.
            if !self.arabic {
                if let Some(len) = self.name_at(text, tokens, &covered, i) {
                    if any_at(&self.quote_verbs, tokens, i + len).is_some() {
                        take(i, len, "person.quote-verb", &mut covered);
                        i += len;
                        continue;
                    }
                }
            }
            i += 1;
        }
        found.sort_by_key(|f| f.first);
        (found, names)
    }

    /// Whether a post and organisation set after a name end there (a
    /// punctuation mark, the end, or words that are not a name)
    /// rather than go on to name their own holder ("Filippo Grandi, Acting
    /// Director General of KFAED Waleed Al-Bahar").
    fn ends_apposition(&self, text: &str, tokens: &[Token], org_end: usize) -> bool {
        let Some(next) = tokens.get(org_end) else {
            return true;
        };
        let gap = &text[tokens[org_end - 1].end..next.start];
        !gap.chars().all(char::is_whitespace)
            || self
                .name_at(text, tokens, &vec![false; tokens.len()], org_end)
                .is_none()
    }

    /// Whether the words at token `at`, right after an organisation, go on
    /// to the next item of a list rather than name the post's holder: a
    /// conjunction (و on an honorific: والسيد، وسعادة; "and"), or in
    /// English a comma (there the holder comes first: "Name, Director of
    /// X").
    fn list_continues(&self, text: &str, tokens: &[Token], at: usize) -> bool {
        let Some(t) = tokens.get(at) else {
            return false;
        };
        if self.arabic {
            // After a comma, a word with و starts the next item (،
            // ومختار ديوب); without a comma, و on an honorific does.
            let written = &text[t.start..t.end];
            let comma = text[tokens[at - 1].end..t.start].contains('،')
                || text[tokens[at - 1].end..t.start].contains(',');
            written.starts_with('و')
                && t.forms.iter().any(|f| {
                    f.clitic_letters >= 1
                        && (comma
                            || self
                                .honorifics
                                .iter()
                                .any(|h| h.words.len() == 1 && h.words[0] == f.text))
                })
        } else {
            t.norm == "and" || text[tokens[at - 1].end..t.start].contains(',')
        }
    }

    /// English: a run of capitalised words after an organisation that
    /// holds a post and then a name; the name's start and length.
    fn name_ending_run(
        &self,
        text: &str,
        tokens: &[Token],
        covered: &[bool],
        org_end: usize,
    ) -> Option<(usize, usize)> {
        let mut p = org_end;
        if tokens.get(p).is_some_and(|t| t.norm == "s") {
            p += 1;
        }
        let capital = |k: usize| text[tokens[k].start..].starts_with(char::is_uppercase);
        let mut q = p;
        while q < tokens.len() && q < p + 8 && !covered[q] {
            if q > p
                && !text[tokens[q - 1].end..tokens[q].start]
                    .chars()
                    .all(|c| c == ' ' || c == '-')
            {
                break;
            }
            let t = &tokens[q];
            if any_at(&self.honorifics, tokens, q).is_some() {
                return None;
            }
            if capital(q)
                || self.particles.contains(&t.norm)
                || self.post_objects.contains(&t.norm)
                || t.norm == "and"
            {
                q += 1;
            } else {
                break;
            }
        }
        if q < p + 3 {
            return None;
        }
        let len = if q - p >= 4 && self.particles.contains(&tokens[q - 2].norm) {
            3
        } else {
            2
        };
        let start = q - len;
        // "Director of External Relations": a name does not follow "of".
        if self.post_objects.contains(&tokens[start - 1].norm) || tokens[start - 1].norm == "and" {
            return None;
        }
        let has_post = (p..start)
            .any(|k| any_at(&self.titles, tokens, k).is_some_and(|(_, n)| k + n <= start));
        let name_ok = (start..q).all(|k| capital(k) || self.particles.contains(&tokens[k].norm))
            && !(start..q)
                .any(|k| self.is_stop(tokens, k) && !self.particles.contains(&tokens[k].norm));
        (has_post && name_ok).then_some((start, len))
    }

    /// A post that ends right before token `org` (the organisation's
    /// first token): its first token and its text, links dropped.
    fn title_before(&self, text: &str, tokens: &[Token], org: usize) -> Option<(usize, String)> {
        let mut best = None;
        let lo = org.saturating_sub(8);
        let mut k = org;
        while k > lo {
            k -= 1;
            let gap = &text[tokens[k].end..tokens[k + 1].start];
            if !gap.chars().all(|c| c.is_whitespace() || c == '-') {
                break;
            }
            if any_at(&self.titles, tokens, k).is_some() {
                best = Some(k);
            }
        }
        let start = best?;
        let mut end = org;
        // Links between the post and the organisation: في، لدى، of the.
        while end > start + 1 && any_at(&self.links, tokens, end - 1).is_some_and(|(_, n)| n == 1) {
            end -= 1;
        }
        let linked = end < org;
        let mut title = text[tokens[start].start..tokens[end - 1].end].to_owned();
        // The org's own first word may carry the link as a clitic (لمنظمة).
        let clitic = {
            let m = &tokens[org];
            let written = &text[m.start..m.end];
            let plain = m.forms.iter().any(|f| f.clitic_letters > 0)
                && (written.starts_with('ل') || written.starts_with('ب'));
            plain && !written.starts_with("ال")
        };
        // A construct post (رئيس مجلس إدارة جمعية…) detached from the
        // organisation takes the article on its last word: رئيس مجلس الإدارة.
        if self.arabic
            && !linked
            && !clitic
            && end - start >= 2
            && !tokens[end - 1].norm.starts_with("ال")
        {
            let last = tokens[end - 1].start;
            title = if self.adjectives.contains(&tokens[end - 1].norm) {
                // An adjective agrees: مدير عام → المدير العام; a head
                // before them stays as it is: نائب المدير العام.
                let head = if end - start >= 3 { start + 1 } else { start };
                (start..end)
                    .map(|k| {
                        let w = &text[tokens[k].start..tokens[k].end];
                        if k < head || tokens[k].norm.starts_with("ال") {
                            w.to_owned()
                        } else {
                            format!("ال{w}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                format!(
                    "{}ال{}",
                    &text[tokens[start].start..last],
                    &text[last..tokens[end - 1].end]
                )
            };
        }
        // A post after "and" (والمفوض العام) is written without the و.
        if self.arabic {
            let first = &tokens[start];
            if let Some(form) = first.forms.iter().find(|f| {
                f.clitic_letters == 1
                    && text[first.start..].starts_with('و')
                    && self.titles.iter().any(|t| t.words[0] == f.text)
            }) {
                let cut = super::scan::without_written_clitics(&text[first.start..first.end], form);
                title = format!("{cut}{}", &title[first.end - first.start..]);
            }
        }
        Some((start, title))
    }

    /// English: a post written right after an organisation ("KSrelief
    /// Supervisor General …"); its length in tokens.
    fn title_after(&self, tokens: &[Token], at: usize) -> Option<usize> {
        let mut k = at;
        // UNHCR's High Commissioner
        if tokens.get(k).is_some_and(|t| t.norm == "s") {
            k += 1;
        }
        let (_, n) = (k < tokens.len())
            .then(|| any_at(&self.titles, tokens, k))
            .flatten()?;
        let mut end = k + n;
        while end < tokens.len() && end < k + 4 {
            match any_at(&self.titles, tokens, end) {
                Some((_, m)) => end += m,
                None => break,
            }
        }
        Some(end - at)
    }

    /// English: an organisation, then a post, ending at token `k` (the
    /// name's start): "UNICEF's Regional Director", "KSrelief Supervisor
    /// General", "Direct Aid's relief director".
    fn org_post_before(
        &self,
        text: &str,
        tokens: &[Token],
        mentions: &[Found],
        k: usize,
    ) -> Option<(Who, String, usize, &'static str)> {
        // Spaces and hyphens inside the post; before the name a comma at
        // most ("UNFPA Executive Director, Babatunde Osotimehin"), never a
        // full stop.
        let joined = |a: usize, b: usize| {
            (a + 1..=b).all(|t| {
                text[tokens[t - 1].end..tokens[t].start]
                    .chars()
                    .all(|c| c == ' ' || c == '-' || (t == b && c == ','))
            })
        };
        for j in (k.saturating_sub(5)..k).rev() {
            let has_post =
                (j..k).any(|t| any_at(&self.titles, tokens, t).is_some_and(|(_, n)| t + n <= k));
            if !has_post || !joined(j, k) || mentions.iter().any(|m| m.first >= j && m.first < k) {
                continue;
            }
            let org_end = if j > 0 && tokens[j - 1].norm == "s" {
                j - 1
            } else {
                j
            };
            let Some(org) = mentions.iter().find(|m| m.end == org_end && m.is_org()) else {
                continue;
            };
            let gap = &text[tokens[org_end - 1].end..tokens[org_end.max(j)].start];
            if !gap
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, ')' | '\'' | '’' | 's'))
            {
                continue;
            }
            let title = text[tokens[j].start..tokens[k - 1].end].to_owned();
            return Some((org.who, title, org.first, "role.organisation-post-name"));
        }
        None
    }

    /// A delegation of an organisation "led by its President, NAME" (or
    /// برئاسة + post + name): the name holds that post there.
    fn headed_by_post(
        &self,
        text: &str,
        tokens: &[Token],
        mentions: &[Found],
        p: &Found,
    ) -> Option<Role> {
        // Back from the name over honorifics, then the post's words.
        let mut k = p.first;
        while k > 0 && any_at(&self.honorifics, tokens, k - 1).is_some_and(|(_, n)| k - 1 + n == k)
        {
            k -= 1;
        }
        let post_end = k;
        let mut start = k;
        while start > 0 && start + 6 > post_end && any_at(&self.titles, tokens, start - 1).is_some()
        {
            start -= 1;
        }
        if start == post_end {
            return None;
        }
        let mut cue_end = start;
        if cue_end > 0 && self.possessives.contains(&tokens[cue_end - 1].norm) {
            cue_end -= 1;
        }
        // The cue, and the organisation right before it.
        let (cue_start, _) = (cue_end.saturating_sub(3)..cue_end)
            .filter_map(|i| any_at(&self.headed_by, tokens, i).map(|(_, n)| (i, n)))
            .find(|(i, n)| i + n == cue_end)?;
        let org = mentions.iter().find(|m| m.end == cue_start && m.is_org())?;
        Some(Role {
            person: p.who,
            org: org.who,
            title: text[tokens[start].start..tokens[post_end - 1].end].to_owned(),
            first: org.first,
            end: p.end,
            rule: "role.headed-by-post",
        })
    }

    /// The posts of the persons in `mentions` (all mentions, sorted).
    pub fn roles(&self, text: &str, tokens: &[Token], mentions: &[Found]) -> Vec<Role> {
        let mut out = Vec::new();
        let at_token = |k: usize| mentions.iter().find(|m| m.first == k);
        let ending_at = |k: usize| mentions.iter().find(|m| m.end == k);
        for p in mentions
            .iter()
            .filter(|m| m.is_person() && m.rule != "person.short-form")
        {
            if let Some(role) = self.headed_by_post(text, tokens, mentions, p) {
                out.push(role);
                continue;
            }
            // Back over honorifics and a comma to an organisation.
            let mut k = p.first;
            while k > 0
                && any_at(&self.honorifics, tokens, k - 1).is_some_and(|(_, n)| k - 1 + n == k)
            {
                k -= 1;
            }
            let left = ending_at(k)
                .filter(|m| m.is_org() && !self.list_continues(text, tokens, m.end))
                .and_then(|org| {
                    self.title_before(text, tokens, org.first)
                        .map(|(start, title)| {
                            (org.who, title, start, "role.post-organisation-name")
                        })
                })
                .or_else(|| {
                    (!self.arabic)
                        .then(|| self.org_post_before(text, tokens, mentions, k))
                        .flatten()
                });
            if let Some((org, title, first, rule)) = left {
                out.push(Role {
                    person: p.who,
                    org,
                    title,
                    first,
                    end: p.end,
                    rule,
                });
                continue;
            }
            // After the name: a comma, a post, links, an organisation.
            let e = p.end;
            if e >= tokens.len() {
                continue;
            }
            let gap = &text[tokens[e - 1].end..tokens[e].start];
            let comma = gap.contains(',') || gap.contains('،');
            // English: Name, UNHCR's Director of External Relations.
            if let Some(org) = at_token(e).filter(|m| comma && m.is_org() && !self.arabic) {
                let from = org.end + 1;
                if tokens.get(org.end).is_some_and(|t| t.norm == "s")
                    && any_at(&self.titles, tokens, from.min(tokens.len() - 1)).is_some()
                {
                    // The post's words: titles, capitalised words and
                    // their objects ("Director of External Relations"),
                    // not what follows ("in Geneva during…").
                    let mut to = from + 1;
                    while to < tokens.len()
                        && to < from + 6
                        && text[tokens[to - 1].end..tokens[to].start]
                            .chars()
                            .all(|c| c == ' ' || c == '-')
                        && (text[tokens[to].start..].starts_with(char::is_uppercase)
                            || any_at(&self.titles, tokens, to).is_some()
                            || self.post_objects.contains(&tokens[to].norm))
                    {
                        to += 1;
                    }
                    // An object word does not end a post.
                    while to > from + 1 && self.post_objects.contains(&tokens[to - 1].norm) {
                        to -= 1;
                    }
                    out.push(Role {
                        person: p.who,
                        org: org.who,
                        title: text[tokens[from].start..tokens[to - 1].end].to_owned(),
                        first: p.first,
                        end: to,
                        rule: "role.name-organisation-post",
                    });
                    continue;
                }
            }
            // Arabic sets a post beside the name without a comma too:
            // الدكتورة مؤمنة كامل الأمين العام للهلال الأحمر المصري.
            let beside = self.arabic && gap.chars().all(char::is_whitespace);
            if !(comma || beside) || any_at(&self.titles, tokens, e).is_none() {
                continue;
            }
            let org = (e + 1..(e + 10).min(tokens.len())).find_map(|k| {
                let gap = &text[tokens[k - 1].end..tokens[k].start];
                if !gap.chars().all(|c| c.is_whitespace() || c == '-') {
                    return Some(None);
                }
                at_token(k).filter(|m| m.is_org()).map(Some)
            });
            if let Some(Some(org)) = org {
                if let Some((start, title)) = self.title_before(text, tokens, org.first) {
                    if start == e && self.ends_apposition(text, tokens, org.end) {
                        out.push(Role {
                            person: p.who,
                            org: org.who,
                            title,
                            first: p.first,
                            end: org.end,
                            rule: "role.name-post-organisation",
                        });
                    }
                }
            }
        }
        out
    }
}

/// Later mentions of persons by the last word of their name ("المغامس",
/// "Grandi"), or by its last two words after a particle ("Al Rabeeah").
pub fn short_forms(text: &str, tokens: &[Token], mentions: &[Found]) -> Vec<Found> {
    let covered = super::scan::covered(tokens.len(), mentions);
    // short form (its words) → (person, first mention's end)
    let mut forms: Vec<(Vec<String>, Who, usize)> = Vec::new();
    let mut clash: Vec<Vec<String>> = Vec::new();
    for m in mentions
        .iter()
        .filter(|m| m.is_person() && m.end - m.first >= 2)
    {
        let words: Vec<String> = tokens[m.first..m.end]
            .iter()
            .map(|t| t.norm.clone())
            .collect();
        let n = words.len();
        let mut keys = vec![vec![words[n - 1].clone()]];
        if n >= 3 && matches!(words[n - 2].as_str(), "al" | "el" | "bin" | "abu") {
            keys.push(words[n - 2..].to_vec());
        }
        for key in keys {
            if key.iter().map(|w| w.chars().count()).sum::<usize>() < 4 {
                continue;
            }
            match forms.iter().find(|(k, _, _)| *k == key) {
                Some((_, who, _)) if *who != m.who => clash.push(key),
                Some(_) => {}
                None => forms.push((key, m.who, m.end)),
            }
        }
    }
    forms.retain(|(k, _, _)| !clash.contains(k));
    forms.sort_by_key(|f| std::cmp::Reverse(f.0.len()));
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let hit = forms.iter().find(|(key, _, after)| {
            i >= *after
                && i + key.len() <= tokens.len()
                && (0..key.len()).all(|k| !covered[i + k] && tokens[i + k].is(&key[k], false))
        });
        match hit {
            Some((key, who, _)) => {
                let end = i + key.len();
                out.push(Found {
                    who: *who,
                    ty: "person",
                    first: i,
                    end,
                    surface: text[tokens[i].start..tokens[end - 1].end].to_owned(),
                    rule: "person.short-form".to_owned(),
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}
