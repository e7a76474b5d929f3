//! `hpkg generate`: a deterministic synthetic corpus, valid against the
//! spec, for tests and benchmarks.
//!
//! It is labelled synthetic everywhere: article ids start with `syn-`, the
//! publisher is `synthetic`, titles say so, and there are no URLs. It
//! imitates the real thing where that matters for the work hpkg does:
//! organisation popularity is heavy-tailed (Zipf) over the gazetteer plus
//! generated organisations (one per five articles, as in a real corpus),
//! names come in Arabic and English with the press's spelling variants
//! (hamza and alef forms, ة/ه, with and without ال, acronyms), and every
//! fact type appears, dated over ten years, with amounts in several
//! currencies.

use crate::model::{Document, EntityType, RawDocument};
use crate::resolve::Gazetteer;
use crate::rng::{SplitMix, Zipf};
use serde_json::{json, Value};

/// An organisation the generator can mention.
#[derive(Debug, Clone)]
struct Org {
    en: String,
    ar: String,
    acronym: Option<String>,
    country: Option<String>,
    category: String,
}

const CITIES: &[(&str, &str, &str)] = &[
    ("Khartoum", "الخرطوم", "SD"),
    ("Aden", "عدن", "YE"),
    ("Amman", "عمان", "JO"),
    ("Beirut", "بيروت", "LB"),
    ("Gaza", "غزة", "PS"),
    ("Idlib", "إدلب", "SY"),
    ("Mogadishu", "مقديشو", "SO"),
    ("Kabul", "كابل", "AF"),
    ("Cox's Bazar", "كوكس بازار", "BD"),
    ("Nairobi", "نيروبي", "KE"),
    ("Mosul", "الموصل", "IQ"),
    ("Benghazi", "بنغازي", "LY"),
    ("Cairo", "القاهرة", "EG"),
    ("N'Djamena", "انجامينا", "TD"),
    ("Peshawar", "بيشاور", "PK"),
    ("Gaziantep", "غازي عنتاب", "TR"),
    ("Kuwait City", "مدينة الكويت", "KW"),
    ("Riyadh", "الرياض", "SA"),
    ("Doha", "الدوحة", "QA"),
    ("Abu Dhabi", "أبوظبي", "AE"),
];

// Parallel English/Arabic word pools for generated organisations.
const THEMES: &[(&str, &str)] = &[
    ("Hope", "الأمل"),
    ("Mercy", "الرحمة"),
    ("Relief", "الإغاثة"),
    ("Solidarity", "التضامن"),
    ("Development", "التنمية"),
    ("Care", "الرعاية"),
    ("Giving", "العطاء"),
    ("Light", "النور"),
    ("Peace", "السلام"),
    ("Dignity", "الكرامة"),
    ("Health", "الصحة"),
    ("Education", "التعليم"),
    ("Water", "المياه"),
    ("Orphans", "الأيتام"),
    ("Renewal", "التجديد"),
    ("Cooperation", "التعاون"),
];
const KINDS: &[(&str, &str, &str)] = &[
    ("Society", "جمعية", "charity"),
    ("Foundation", "مؤسسة", "foundation"),
    ("Association", "رابطة", "ngo"),
    ("Organization", "منظمة", "ngo"),
    ("Fund", "صندوق", "development-bank"),
    ("Centre", "مركز", "ngo"),
    ("Committee", "لجنة", "charity"),
];
const GROUPS: &[(&str, &str, &str)] = &[
    ("refugees", "اللاجئون", "refugees"),
    ("internally displaced people", "النازحون", "idps"),
    ("children", "الأطفال", "children"),
    ("patients", "المرضى", "patients"),
    ("host communities", "المجتمعات المضيفة", "host-communities"),
    ("women", "النساء", "women"),
];
const CURRENCIES: &[&str] = &["USD", "USD", "USD", "EUR", "KWD", "SAR", "QAR", "AED"];
const STAGES: &[&str] = &[
    "discussed",
    "proposed",
    "signed",
    "signed",
    "active",
    "ended",
];
const INSTRUMENTS: &[&str] = &[
    "mou",
    "agreement",
    "protocol",
    "grant",
    "contribution",
    "joint-program",
];
const TITLES: &[(&str, &str)] = &[
    ("Chairman of the Board", "رئيس مجلس الإدارة"),
    ("Secretary General", "الأمين العام"),
    ("Director General", "المدير العام"),
    ("Country Director", "المدير القطري"),
];
const GIVEN: &[(&str, &str)] = &[
    ("Ahmad", "أحمد"),
    ("Fatima", "فاطمة"),
    ("Khalid", "خالد"),
    ("Mariam", "مريم"),
    ("Yousef", "يوسف"),
    ("Huda", "هدى"),
    ("Omar", "عمر"),
    ("Layla", "ليلى"),
    ("Salem", "سالم"),
    ("Noura", "نورة"),
];
const FAMILY: &[(&str, &str)] = &[
    ("Al-Rashid", "الراشد"),
    ("Al-Hashimi", "الهاشمي"),
    ("Al-Sabah", "الصباح"),
    ("Al-Amin", "الأمين"),
    ("Haddad", "حداد"),
    ("Al-Najjar", "النجار"),
    ("Al-Qadi", "القاضي"),
    ("Mansour", "منصور"),
    ("Al-Khatib", "الخطيب"),
    ("Saleh", "صالح"),
];

/// The Arabic spelling variants of the press: hamza and alef forms, ة/ه,
/// and, rarely, the article ال dropped from the first word.
fn press_variant(rng: &mut SplitMix, name: &str) -> String {
    let mut s = name.to_owned();
    if rng.chance(0.3) {
        s = s.replace(['أ', 'إ', 'آ'], "ا");
    }
    if rng.chance(0.2) {
        s = s.replace('ة', "ه");
    }
    if rng.chance(0.03) {
        if let Some(rest) = s.strip_prefix("ال") {
            s = rest.to_owned();
        }
    }
    s
}

/// Writes the corpus's generated organisations, persons and initiatives.
struct World {
    orgs: Vec<Org>,
    popularity: Zipf,
    people: Vec<(String, String, usize)>, // (en, ar, org index)
    initiatives: Vec<(String, String, &'static str)>,
}

fn world(n_articles: usize, gazetteer: &Gazetteer, rng: &mut SplitMix) -> World {
    let mut orgs: Vec<Org> = gazetteer
        .entries()
        .iter()
        .filter(|e| e.ty == EntityType::Organization)
        .map(|e| Org {
            en: e
                .name
                .get("en")
                .map_or_else(|| e.id.clone(), |t| t.as_str().to_owned()),
            ar: e
                .name
                .get("ar")
                .map_or_else(String::new, |t| t.as_str().to_owned()),
            acronym: e
                .aliases
                .iter()
                .map(|a| a.as_str())
                .find(|a| a.chars().all(|c| c.is_ascii_uppercase()) && a.len() <= 6)
                .map(str::to_owned),
            country: e.country.as_ref().map(|c| c.as_str().to_owned()),
            category: e.category.clone().unwrap_or_else(|| "other".into()),
        })
        .collect();
    let generated = (n_articles / 5).max(50);
    let mut combos = Vec::new();
    for (ci, _) in CITIES.iter().enumerate() {
        for (ti, _) in THEMES.iter().enumerate() {
            for (ki, _) in KINDS.iter().enumerate() {
                combos.push((ci, ti, ki));
            }
        }
    }
    rng.shuffle(&mut combos);
    for i in 0..generated {
        let (ci, ti, ki) = combos[i % combos.len()];
        let round = i / combos.len();
        let (city_en, city_ar, cc) = CITIES[ci];
        let (theme_en, theme_ar) = THEMES[ti];
        let (kind_en, kind_ar, category) = KINDS[ki];
        // Beyond the pool's size, a branch number keeps names unique.
        let suffix_en = if round > 0 {
            format!(" (Branch {round})")
        } else {
            String::new()
        };
        let suffix_ar = if round > 0 {
            format!(" (فرع {round})")
        } else {
            String::new()
        };
        let en = format!("{city_en} {theme_en} {kind_en}{suffix_en}");
        let ar = format!("{kind_ar} {theme_ar} في {city_ar}{suffix_ar}");
        let acronym = rng.chance(0.05).then(|| {
            let mut a: String = en
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .filter(|c| c.is_ascii_uppercase())
                .collect();
            a.push_str(&format!("{i}"));
            a
        });
        orgs.push(Org {
            en,
            ar,
            acronym,
            country: Some(cc.to_owned()),
            category: category.to_owned(),
        });
    }
    // Popularity order: a seeded shuffle, so gazetteer entries are not all
    // at the head.
    rng.shuffle(&mut orgs);
    let popularity = Zipf::new(orgs.len(), 1.05);
    let people = (0..(n_articles / 10).max(20))
        .map(|i| {
            let (ge, ga) = GIVEN[i % GIVEN.len()];
            let (fe, fa) = FAMILY[(i / GIVEN.len()) % FAMILY.len()];
            let n = i / (GIVEN.len() * FAMILY.len());
            let (en, ar) = if n > 0 {
                (format!("{ge} {fe} {n}"), format!("{ga} {fa} {n}"))
            } else {
                (format!("{ge} {fe}"), format!("{ga} {fa}"))
            };
            (en, ar, popularity.sample(rng))
        })
        .collect();
    let initiatives = (0..(n_articles / 50).max(10))
        .map(|i| {
            let (city_en, city_ar, _) = CITIES[i % CITIES.len()];
            let (theme_en, theme_ar) = THEMES[(i / CITIES.len()) % THEMES.len()];
            let n = i / (CITIES.len() * THEMES.len());
            let kind = ["fund", "program", "project", "campaign"][i % 4];
            let (ke, ka) = match kind {
                "fund" => ("Fund", "صندوق"),
                "program" => ("Programme", "برنامج"),
                "project" => ("Project", "مشروع"),
                _ => ("Campaign", "حملة"),
            };
            let tag = if n > 0 {
                format!(" {n}")
            } else {
                String::new()
            };
            (
                format!("{city_en} {theme_en} {ke}{tag}"),
                format!("{ka} {theme_ar} في {city_ar}{tag}"),
                kind,
            )
        })
        .collect();
    World {
        orgs,
        popularity,
        people,
        initiatives,
    }
}

fn date(rng: &mut SplitMix, precision_day: bool) -> (String, String) {
    let y = 2016 + rng.below(10);
    let m = 1 + rng.below(12);
    let d = 1 + rng.below(28);
    let full = format!("{y:04}-{m:02}-{d:02}");
    let fact = match rng.below(10) {
        0 => format!("{y:04}"),
        1 | 2 => format!("{y:04}-{m:02}"),
        _ if precision_day => full.clone(),
        _ => format!("{y:04}-{m:02}"),
    };
    (full, fact)
}

/// The `n`-th synthetic article for `seed` (valid against the spec).
fn article(w: &World, seed: u64, n: usize, rng: &mut SplitMix) -> Value {
    let arabic = rng.chance(0.5);
    let lang = if arabic { "ar" } else { "en" };
    let (published, fact_date) = date(rng, true);
    let mut entities: Vec<Value> = Vec::new();
    let mut org_keys: Vec<String> = Vec::new();
    let n_orgs = 2 + rng.below(3);
    let mut chosen = Vec::new();
    while chosen.len() < n_orgs {
        let i = w.popularity.sample(rng);
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    for (k, &i) in chosen.iter().enumerate() {
        let o = &w.orgs[i];
        let key = format!("o{k}");
        let mut name = serde_json::Map::new();
        // Mostly the article's language; sometimes both, which links them.
        if arabic && !o.ar.is_empty() || o.en.is_empty() {
            name.insert("ar".into(), json!(press_variant(rng, &o.ar)));
        } else {
            name.insert("en".into(), json!(o.en));
        }
        if rng.chance(0.1) && !o.ar.is_empty() {
            name.insert("ar".into(), json!(o.ar));
            name.insert("en".into(), json!(o.en));
        }
        let mut e =
            json!({"key": key, "type": "organization", "name": name, "category": o.category});
        if let Some(c) = &o.country {
            e["country"] = json!(c);
        }
        if let Some(a) = &o.acronym {
            if rng.chance(0.3) {
                e["aliases"] = json!([a]);
            }
        }
        entities.push(e);
        org_keys.push(key);
    }
    let person = rng.pick(&w.people).clone();
    let person_org = &w.orgs[person.2];
    entities.push(json!({"key": "p", "type": "person", "name": if arabic { json!({"ar": person.1}) } else { json!({"en": person.0}) }}));
    let mut pname = serde_json::Map::new();
    if arabic && !person_org.ar.is_empty() {
        pname.insert("ar".into(), json!(person_org.ar));
    } else {
        pname.insert("en".into(), json!(person_org.en));
    }
    let mut po = json!({"key": "po", "type": "organization", "name": pname, "category": person_org.category});
    if let Some(c) = &person_org.country {
        po["country"] = json!(c);
    }
    entities.push(po);
    let init = rng.pick(&w.initiatives).clone();
    entities.push(json!({"key": "i", "type": "initiative", "category": init.2,
        "name": if arabic { json!({"ar": init.1}) } else { json!({"en": init.0}) }}));
    let (city_en, city_ar, cc) = *rng.pick(CITIES);
    entities.push(json!({"key": "pl", "type": "place", "country": cc, "name": if arabic { json!({"ar": city_ar}) } else { json!({"en": city_en}) }}));
    let (g_en, g_ar, g_cat) = *rng.pick(GROUPS);
    entities.push(json!({"key": "g", "type": "group", "category": g_cat, "name": if arabic { json!({"ar": g_ar}) } else { json!({"en": g_en}) }}));

    let amount = |rng: &mut SplitMix| json!({"value": (1 + rng.below(500)) * 10_000, "currency": *rng.pick(CURRENCIES)});
    let (t_en, t_ar) = *rng.pick(TITLES);
    let mut facts = vec![json!({"type": "role", "person": "p", "organization": "po",
        "title": if arabic { json!({"ar": t_ar}) } else { json!({"en": t_en}) }})];
    let n_facts = 2 + rng.below(4);
    for _ in 0..n_facts {
        let mut f = match rng.below(10) {
            0..=2 => {
                let mut f = json!({"type": "partnership", "partners": [org_keys[0], org_keys[1]], "stage": *rng.pick(STAGES)});
                if rng.chance(0.6) {
                    f["instrument"] = json!(*rng.pick(INSTRUMENTS));
                }
                if rng.chance(0.3) {
                    f["initiative"] = json!("i");
                }
                if rng.chance(0.3) {
                    f["amount"] = amount(rng);
                }
                f
            }
            3 | 4 => {
                json!({"type": "meeting", "participants": org_keys.clone(), "host": org_keys[0], "place": "pl"})
            }
            5 | 6 => {
                let mut f = json!({"type": "funding", "funder": org_keys[0], "recipient": if rng.chance(0.3) { "i".to_owned() } else { org_keys[org_keys.len() - 1].clone() }});
                if rng.chance(0.7) {
                    f["amount"] = amount(rng);
                }
                f
            }
            7 => {
                json!({"type": "launch", "initiative": "i", "by": [org_keys[0]], "partners": org_keys[1..].to_vec()})
            }
            8 => json!({"type": "beneficiary", "of": "i", "group": "g", "places": ["pl"]}),
            _ => {
                let mut f =
                    json!({"type": "aid", "provider": org_keys[0], "group": "g", "places": ["pl"]});
                if rng.chance(0.5) {
                    f["amount"] = amount(rng);
                }
                f
            }
        };
        if rng.chance(0.8) {
            f["date"] = json!(fact_date);
        }
        facts.push(f);
    }
    json!({
        "article": {
            "id": format!("syn-{seed}-{n:07}"),
            "title": if arabic { format!("مقال اصطناعي رقم {n}") } else { format!("synthetic article {n}") },
            "language": lang,
            "published": published,
            "publisher": "synthetic",
        },
        "entities": entities,
        "facts": facts,
    })
}

/// Generates `articles` documents for `seed`, calling `emit` with each as
/// one JSON line, in order. The same arguments always give the same lines.
pub fn generate(
    articles: usize,
    seed: u64,
    gazetteer: &Gazetteer,
    mut emit: impl FnMut(usize, String) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut rng = SplitMix::new(seed);
    let w = world(articles, gazetteer, &mut rng);
    for n in 0..articles {
        // Each article has its own stream, so article n does not depend on
        // how many came before it in another run.
        let mut arng = SplitMix::new(
            seed ^ (n as u64)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .rotate_left(17),
        );
        emit(n, article(&w, seed, n, &mut arng).to_string())?;
    }
    Ok(())
}

/// Parses and checks a generated line, for tests.
pub fn check_line(line: &str) -> Result<Document, String> {
    let raw: RawDocument = serde_json::from_str(line).map_err(|e| e.to_string())?;
    raw.check().map_err(|p| format!("{p:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize, seed: u64) -> Vec<String> {
        let g = Gazetteer::builtin().unwrap();
        let mut out = Vec::new();
        generate(n, seed, &g, |_, l| {
            out.push(l);
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn every_generated_document_is_valid_and_labelled_synthetic() {
        for l in lines(500, 7) {
            let d = check_line(&l).unwrap_or_else(|e| panic!("{e}\n{l}"));
            assert!(d.article.id.as_str().starts_with("syn-"));
            assert_eq!(d.article.publisher.as_ref().unwrap().as_str(), "synthetic");
            assert!(d.article.url.is_none());
        }
    }

    #[test]
    fn generation_is_deterministic_per_seed() {
        assert_eq!(lines(50, 3), lines(50, 3));
        assert_ne!(lines(50, 3), lines(50, 4));
    }

    #[test]
    fn all_fact_types_and_both_languages_appear() {
        let all = lines(300, 11).join("\n");
        for t in [
            "role",
            "meeting",
            "partnership",
            "funding",
            "launch",
            "beneficiary",
            "aid",
        ] {
            assert!(all.contains(&format!("\"type\":\"{t}\"")), "{t} missing");
        }
        assert!(all.contains("\"language\":\"ar\"") && all.contains("\"language\":\"en\""));
    }
}
