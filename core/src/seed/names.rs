//! Names, zones and people the generated partners are made of.

use super::Rng;
use crate::partner::PartnerKind;

pub(super) const MARKETS: [&str; 3] = ["RU", "US", "KZ"];
pub(super) const REVIEWERS: [&str; 8] = [
    "Анна Морозова",
    "Dmitri Volkov",
    "Sarah Chen",
    "Айгерим Нурланова",
    "Mike Peters",
    "Ольга Ким",
    "Jamal Wright",
    "Ерлан Сагинтаев",
];
pub(super) const ZONES: [(&str, &str); 6] = [
    ("RU", "Europe/Moscow"),
    ("RU", "Asia/Novosibirsk"),
    ("US", "America/New_York"),
    ("US", "America/Los_Angeles"),
    ("KZ", "Asia/Almaty"),
    ("KZ", "Asia/Aqtobe"),
];
pub(super) const KINDS: [PartnerKind; 5] = [
    PartnerKind::Agency,
    PartnerKind::Agency,
    PartnerKind::Creator,
    PartnerKind::Studio,
    PartnerKind::Consultant,
];

/// A partner's name as people write them (issue 17: search is judged on these, not on names
/// from a handful of syllables): agencies and studios, brands, and people, in Russian and
/// English, sometimes mixed in one name, with legal forms, quotes, hyphens and the odd number.
/// Names repeat, as real ones do; `i` keeps one in fifty distinct by a branch number.
pub(super) fn name(rng: &mut Rng, i: usize) -> String {
    let mut name = match rng.below(100) {
        // A person (a creator or a consultant), in either language.
        0..=17 => person_ru(rng),
        18..=29 => format!(
            "{} {}",
            rng.pick(&words().en_first),
            rng.pick(&words().en_last)
        ),
        // A Russian agency: "Агентство «Северный свет»", "ООО «Медиа Групп»", "Студия Ветер".
        30..=49 => {
            let brand = brand_ru(rng);
            match rng.below(4) {
                0 => format!("{} «{brand}»", rng.pick(&words().ru_forms)),
                1 => format!("{} {brand}", rng.pick(&words().ru_kinds)),
                2 => format!("{brand} {}", rng.pick(&words().ru_suffix)),
                _ => brand,
            }
        }
        // An English agency or brand: "Bright Fox Media", "Northwind Creative Co.".
        50..=79 => {
            let brand = format!(
                "{} {}",
                rng.pick(&words().en_adj),
                rng.pick(&words().en_noun)
            );
            match rng.below(3) {
                0 => format!("{brand} {}", rng.pick(&words().en_suffix)),
                1 => format!(
                    "{brand} {} {}",
                    rng.pick(&words().en_suffix),
                    rng.pick(&words().en_forms)
                ),
                _ => brand,
            }
        }
        // Mixed scripts, transliterations and a person's own brand.
        80..=89 => format!(
            "{} {}",
            rng.pick(&words().en_noun),
            rng.pick(&words().ru_suffix)
        ),
        90..=94 => format!(
            "{} {}",
            rng.pick(&words().ru_noun_m),
            rng.pick(&words().en_suffix)
        ),
        _ => format!(
            "{} by {}",
            rng.pick(&words().en_noun),
            rng.pick(&words().en_first)
        ),
    };
    if i % 50 == 7 {
        name.push_str(&format!(" {}", 1 + i / 50 % 400));
    }
    name
}

/// The word lists of words.txt, read once.
struct Words {
    ru_first_m: Vec<&'static str>,
    ru_first_f: Vec<&'static str>,
    ru_last: Vec<&'static str>,
    en_first: Vec<&'static str>,
    en_last: Vec<&'static str>,
    en_adj: Vec<&'static str>,
    en_noun: Vec<&'static str>,
    en_suffix: Vec<&'static str>,
    en_forms: Vec<&'static str>,
    ru_forms: Vec<&'static str>,
    ru_kinds: Vec<&'static str>,
    ru_adj_m: Vec<&'static str>,
    ru_noun_m: Vec<&'static str>,
    ru_suffix: Vec<&'static str>,
}

fn words() -> &'static Words {
    static WORDS: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let text = include_str!("words.txt");
        let list = |key: &str| -> Vec<&'static str> {
            text.lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
                .map(|l| l.split(", ").collect())
                .unwrap_or_default()
        };
        Words {
            ru_first_m: list("ru_first_m"),
            ru_first_f: list("ru_first_f"),
            ru_last: list("ru_last"),
            en_first: list("en_first"),
            en_last: list("en_last"),
            en_adj: list("en_adj"),
            en_noun: list("en_noun"),
            en_suffix: list("en_suffix"),
            en_forms: list("en_forms"),
            ru_forms: list("ru_forms"),
            ru_kinds: list("ru_kinds"),
            ru_adj_m: list("ru_adj_m"),
            ru_noun_m: list("ru_noun_m"),
            ru_suffix: list("ru_suffix"),
        }
    })
}

fn person_ru(rng: &mut Rng) -> String {
    let (first, last) = if rng.chance(50) {
        (
            rng.pick(&words().ru_first_m),
            rng.pick(&words().ru_last).to_string(),
        )
    } else {
        let last = rng.pick(&words().ru_last);
        // The feminine surname: Петров → Петрова, Соколовский → Соколовская.
        let f = match last.strip_suffix("ий") {
            Some(stem) => format!("{stem}ая"),
            None => format!("{last}а"),
        };
        (rng.pick(&words().ru_first_f), f)
    };
    if rng.chance(15) {
        format!("ИП {last} {first}")
    } else {
        format!("{first} {last}")
    }
}

fn brand_ru(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!(
            "{} {}",
            rng.pick(&words().ru_adj_m),
            rng.pick(&words().ru_noun_m)
        ),
        1 => format!(
            "{} {}",
            rng.pick(&words().ru_noun_m),
            rng.pick(&words().ru_suffix)
        ),
        _ => (*rng.pick(&words().ru_noun_m)).to_owned(),
    }
}
