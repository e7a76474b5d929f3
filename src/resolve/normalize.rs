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
    // Marks and tatweel go before the last composition: removed after it,
    // they could leave two characters that compose, and a second pass
    // would then differ from the first.
    let stripped: String = folded
        .chars()
        .filter(|&c| !is_arabic_mark(c) && c != '\u{0640}')
        .collect();
    let mut out = String::with_capacity(stripped.len());
    let mut space = true; // suppresses leading and repeated spaces
    for c in stripped.nfkc() {
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
    use proptest::prelude::*;

    /// Letters grouped by what the normaliser folds together: a class per
    /// Latin letter (both cases) and per Arabic base letter (with the alef,
    /// ya and ta marbuta variants it folds).
    const CLASSES: &[&str] = &[
        "aA",
        "bB",
        "cC",
        "dD",
        "eE",
        "fF",
        "gG",
        "hH",
        "iI",
        "jJ",
        "kK",
        "lL",
        "mM",
        "nN",
        "oO",
        "pP",
        "qQ",
        "rR",
        "sS",
        "tT",
        "uU",
        "vV",
        "wW",
        "xX",
        "yY",
        "zZ",
        "اأإآٱ",
        "ب",
        "ت",
        "ث",
        "ج",
        "ح",
        "خ",
        "د",
        "ذ",
        "ر",
        "ز",
        "س",
        "ش",
        "ص",
        "ض",
        "ط",
        "ظ",
        "ع",
        "غ",
        "ف",
        "ق",
        "ك",
        "ل",
        "م",
        "ن",
        "هة",
        "و",
        "يى",
    ];

    fn class_letter() -> impl Strategy<Value = (usize, char)> {
        (0..CLASSES.len()).prop_flat_map(|c| {
            let letters: Vec<char> = CLASSES[c].chars().collect();
            prop::sample::select(letters).prop_map(move |l| (c, l))
        })
    }

    /// A name: words of letters, with spaces, punctuation, diacritics and
    /// tatweel between and inside them.
    fn name() -> impl Strategy<Value = Vec<(usize, char)>> {
        prop::collection::vec(class_letter(), 1..24)
    }

    fn render(letters: &[(usize, char)], noise: &[char]) -> String {
        let mut out = String::new();
        for (i, (_, l)) in letters.iter().enumerate() {
            out.push(*l);
            if let Some(n) = noise.get(i) {
                out.push(*n);
            }
        }
        out
    }

    proptest! {
        #![proptest_config(crate::proptest_config(512))]

        #[test]
        fn a_tatweel_between_characters_that_compose_is_gone_in_one_pass(
            pair in prop::sample::select(vec![("\u{1100}", "\u{1161}"), ("e", "\u{0301}"), ("ا", "\u{0654}")]),
        ) {
            let text = format!("{}\u{0640}{}", pair.0, pair.1);
            let once = normalize(&text);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn normalising_twice_changes_nothing(text in "\\PC{0,40}", arabic in "[\u{0600}-\u{06FF} ]{0,30}") {
            for t in [text, arabic] {
                let once = normalize(&t);
                prop_assert_eq!(normalize(&once), once.clone());
                prop_assert_eq!(normalize_person(&once), normalize_person(&normalize_person(&once)));
            }
        }

        #[test]
        fn changing_one_letter_to_another_class_changes_the_normal_form(
            letters in name(),
            at in any::<prop::sample::Index>(),
            other in class_letter(),
            noise in prop::collection::vec(prop::sample::select(vec!['\u{064E}', '\u{0640}', ' ', '-', '.', '\u{0651}']), 0..24),
        ) {
            let i = at.index(letters.len());
            prop_assume!(other.0 != letters[i].0);
            let mut changed = letters.clone();
            changed[i] = other;
            let (a, b) = (render(&letters, &noise), render(&changed, &noise));
            prop_assert_ne!(normalize(&a), normalize(&b), "{:?} and {:?} merged", a, b);
        }

        #[test]
        fn a_letter_and_its_folded_variant_normalise_alike(letters in name(), at in any::<prop::sample::Index>()) {
            let i = at.index(letters.len());
            let variants: Vec<char> = CLASSES[letters[i].0].chars().collect();
            let mut changed = letters.clone();
            changed[i].1 = variants[(variants.iter().position(|c| *c == letters[i].1).unwrap() + 1) % variants.len()];
            prop_assert_eq!(normalize(&render(&letters, &[])), normalize(&render(&changed, &[])));
        }
    }

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
