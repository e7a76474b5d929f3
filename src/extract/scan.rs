//! Words, sentences and cue phrases: the text as the other passes of
//! `hpkg extract` read it.
//!
//! Every comparison is made on the identity normaliser's form of a word, so
//! the rule files need no spelling variants. An Arabic word is also tried
//! without its leading clitics (see [`without_clitics`]).

use crate::resolve::normalize::normalize;

/// A word of the text: its byte range, its normal form and the forms it
/// takes without leading clitics (the word itself first).
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub norm: String,
    pub forms: Vec<Form>,
}

impl Token {
    /// Whether any form of the word equals `w`, or begins with it when
    /// `prefix` is set.
    pub fn is(&self, w: &str, prefix: bool) -> bool {
        self.forms.iter().any(|f| {
            if prefix {
                f.text.starts_with(w)
            } else {
                f.text == w
            }
        })
    }
}

/// A form of a word without its leading clitics: the form (in normal form,
/// where أ إ آ are already ا), how many letters of the word the clitics
/// take, and whether the form gives back an ال the clitics fused (ل + ال is
/// written لل).
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub text: String,
    pub clitic_letters: usize,
    pub article_restored: bool,
}

pub(crate) fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

pub(crate) fn is_arabic(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// The words of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let norm = normalize(&text[s..i]);
                if !norm.is_empty() {
                    let forms = if is_arabic(&norm) {
                        without_clitics(&norm)
                    } else {
                        vec![Form {
                            text: norm.clone(),
                            clitic_letters: 0,
                            article_restored: false,
                        }]
                    };
                    out.push(Token {
                        start: s,
                        end: i,
                        norm,
                        forms,
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The forms an Arabic word may take without its leading clitics: و ف ب ل ك
/// before ال (وال، بال، فال، كال، and لل for ل + ال), and و ف ب ل attached
/// to a word without ال. The word itself comes first.
pub fn without_clitics(norm: &str) -> Vec<Form> {
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

/// The written words `written` without the clitics `form` took off its
/// first word: their letters (and any marks on them) go, and a fused ال
/// comes back.
pub fn without_written_clitics(written: &str, form: &Form) -> String {
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

/// A cue phrase of a rule file: its words in normal form, the last one
/// perhaps a prefix (written with a final `*`).
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pub words: Vec<String>,
    pub prefix: bool,
}

impl Phrase {
    /// Compiles a phrase; `None` if nothing of it is left after
    /// normalisation.
    pub fn new(source: &str) -> Option<Self> {
        let prefix = source.trim_end().ends_with('*');
        let norm = normalize(source.trim_end().trim_end_matches('*'));
        (!norm.is_empty()).then(|| Self {
            words: norm.split(' ').map(str::to_owned).collect(),
            prefix,
        })
    }

    /// Compiles a list of phrases, longest first.
    pub fn list<S: AsRef<str>>(sources: &[S]) -> Vec<Self> {
        let mut out: Vec<Self> = sources
            .iter()
            .filter_map(|s| Self::new(s.as_ref()))
            .collect();
        out.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        out
    }

    /// Whether the phrase occurs at token `i`; its length in tokens if so.
    pub fn at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        let n = self.words.len();
        if i + n > tokens.len() {
            return None;
        }
        for (k, w) in self.words.iter().enumerate() {
            let last = k + 1 == n;
            if !tokens[i + k].is(w, last && self.prefix) {
                return None;
            }
        }
        Some(n)
    }
}

/// The first of `phrases` that occurs at token `i`, with its length.
pub fn any_at<'p>(
    phrases: &'p [Phrase],
    tokens: &[Token],
    i: usize,
) -> Option<(&'p Phrase, usize)> {
    phrases.iter().find_map(|p| p.at(tokens, i).map(|n| (p, n)))
}

/// A sentence: a range of tokens and of bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub first: usize,
    pub end: usize,
    pub start_byte: usize,
    pub end_byte: usize,
}

/// Splits the tokens into sentences. A sentence ends at a line break, at
/// `? ! ؟ ؛` and at a full stop, except a full stop after one of
/// `abbreviations` (Dr., H.E.), inside a number (2.5) or after a single
/// capital letter (an initial).
pub fn sentences(text: &str, tokens: &[Token], abbreviations: &[String]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    for i in 0..tokens.len() {
        let gap_end = tokens.get(i + 1).map_or(text.len(), |t| t.start);
        let gap = &text[tokens[i].end..gap_end];
        let next_is_digit = tokens
            .get(i + 1)
            .is_some_and(|t| t.norm.starts_with(|c: char| c.is_numeric()));
        let ends = gap.contains(['\n', '?', '!', '؟', '؛'])
            || (gap.contains('.') && {
                let word = &tokens[i].norm;
                let number = word.chars().all(|c| c.is_numeric()) && next_is_digit && gap == ".";
                let initial = text[tokens[i].start..tokens[i].end].chars().count() == 1
                    && text[tokens[i].start..].starts_with(char::is_uppercase);
                !(number || initial || abbreviations.iter().any(|a| a == word))
            });
        if ends || i + 1 == tokens.len() {
            out.push(Sentence {
                first,
                end: i + 1,
                start_byte: tokens[first].start,
                end_byte: tokens[i].end,
            });
            first = i + 1;
        }
    }
    out
}

/// Which of `n` tokens the mentions cover.
pub fn covered(n: usize, mentions: &[super::Found]) -> Vec<bool> {
    let mut out = vec![false; n];
    for m in mentions {
        out[m.first..m.end].iter_mut().for_each(|c| *c = true);
    }
    out
}

/// A number written in digits (Arabic-Indic or Latin) as an ASCII string.
pub fn ascii_digits(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        out.push(match c {
            '0'..='9' => c,
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => return None,
        });
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_phrase_matches_through_clitics_and_a_final_star() {
        let t = tokens("ووقعت الجمعية مذكرة تفاهم");
        assert_eq!(Phrase::new("وقع*").unwrap().at(&t, 0), Some(1));
        assert_eq!(Phrase::new("مذكرة تفاهم").unwrap().at(&t, 2), Some(2));
        assert_eq!(Phrase::new("مذكرة").unwrap().at(&t, 3), None);
    }

    #[test]
    fn sentences_end_at_stops_but_not_at_titles_numbers_or_initials() {
        let text = "Dr. A. Smith gave $2.5 million. UNHCR met WFP.\nNew line";
        let t = tokens(text);
        let s = sentences(text, &t, &["dr".to_owned()]);
        let got: Vec<&str> = s.iter().map(|s| &text[s.start_byte..s.end_byte]).collect();
        assert_eq!(
            got,
            [
                "Dr. A. Smith gave $2.5 million",
                "UNHCR met WFP",
                "New line"
            ]
        );
    }

    #[test]
    fn arabic_indic_digits_read_as_ascii() {
        assert_eq!(ascii_digits("٢٠٢٥").as_deref(), Some("2025"));
        assert_eq!(ascii_digits("12a"), None);
    }
}
