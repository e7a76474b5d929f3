//! Name normalisation for matching, as the spec's *Identity* section defines
//! it. Labels are stored as written; only comparisons use these forms.

use unicode_normalization::UnicodeNormalization;

/// Arabic harakat and other marks that do not change which word is written.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Normalises a name for matching: NFKC, case folding, Arabic diacritics and
/// tatweel removed, alef forms folded to ا, ى to ي, ة to ه, punctuation and
/// symbols replaced by a space, spaces collapsed.
///
/// ```
/// use hpkg::resolve::normalize::normalize;
/// assert_eq!(normalize("البنك الإسلامي للتنمية"), normalize("البنك الاسلامي للتنميه"));
/// assert_eq!(normalize("  U.N.H.C.R "), "u n h c r");
/// ```
pub fn normalize(name: &str) -> String {
    let folded = caseless::default_case_fold_str(&name.nfkc().collect::<String>());
    let mut out = String::with_capacity(folded.len());
    let mut space = true; // suppresses leading and repeated spaces
    for c in folded.nfkc() {
        if is_arabic_mark(c) || c == '\u{0640}' {
            continue;
        }
        let c = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        };
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            // Whitespace, punctuation, symbols and other marks all separate words.
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Honorifics dropped from the front of a person's name, in normalised form.
/// Multi-word ones are listed as their words.
const HONORIFICS: &[&[&str]] = &[
    &["dr"],
    &["doctor"],
    &["prof"],
    &["professor"],
    &["h", "e"],
    &["he"],
    &["his", "excellency"],
    &["her", "excellency"],
    &["his", "highness"],
    &["her", "highness"],
    &["hrh"],
    &["sheikh"],
    &["shaikh"],
    &["sheikha"],
    &["shaikha"],
    &["mr"],
    &["mrs"],
    &["ms"],
    &["eng"],
    &["engineer"],
    &["ambassador"],
    &["minister"],
    &["الدكتور"],
    &["الدكتوره"],
    &["د"],
    &["السفير"],
    &["السفيره"],
    &["الشيخ"],
    &["الشيخه"],
    &["معالي"],
    &["سعاده"],
    &["سمو"],
    &["صاحب", "السمو"],
    &["المهندس"],
    &["المهندسه"],
    &["الاستاذ"],
    &["الاستاذه"],
    &["السيد"],
    &["السيده"],
];

/// Normalises a person's name: [`normalize`], then leading honorifics
/// dropped (always leaving at least one word).
///
/// ```
/// use hpkg::resolve::normalize::normalize_person;
/// assert_eq!(normalize_person("Dr. Abdullah Al Rabeeah"), "abdullah al rabeeah");
/// assert_eq!(normalize_person("السفير خالد المغامس"), "خالد المغامس");
/// assert_eq!(normalize_person("H.E. Sheikh Ali"), "ali");
/// ```
pub fn normalize_person(name: &str) -> String {
    let n = normalize(name);
    let all: Vec<&str> = n.split(' ').collect();
    let mut start = 0;
    'outer: loop {
        for h in HONORIFICS {
            let rest = &all[start..];
            if rest.len() > h.len() && rest[..h.len()] == **h {
                start += h.len();
                continue 'outer;
            }
        }
        break;
    }
    all[start..].join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_letter_variants_fold_together() {
        assert_eq!(normalize("إغاثة"), normalize("اغاثه"));
        assert_eq!(normalize("مُصْطَفَى"), normalize("مصطفي"));
        assert_eq!(normalize("الـهـلال"), "الهلال");
    }

    #[test]
    fn latin_names_fold_case_and_punctuation() {
        assert_eq!(normalize("KSrelief"), normalize("KSRelief"));
        assert_eq!(
            normalize("World Food Programme (WFP)"),
            "world food programme wfp"
        );
        assert_eq!(normalize("ＷＦＰ"), "wfp");
    }

    #[test]
    fn normalisation_is_idempotent() {
        for s in [
            "Dr. X",
            "الصندوق الوقفي العالمي للاجئين",
            "Ünïcode – test",
            "ǅ",
        ] {
            assert_eq!(normalize(&normalize(s)), normalize(s));
        }
    }

    #[test]
    fn different_letters_stay_different() {
        assert_ne!(normalize("UNHCR"), normalize("UNHRC"));
        assert_ne!(normalize("الهلال"), normalize("الهلا"));
    }

    #[test]
    fn a_lone_honorific_is_kept_as_the_name() {
        assert_eq!(normalize_person("Sheikh"), "sheikh");
    }
}
