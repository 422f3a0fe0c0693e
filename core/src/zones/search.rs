//! The time zone picker's search: a city or country in either language, or an IANA name, with
//! the UTC offset in force now. Case, `ё`/`е` and Latin diacritics do not matter; a near miss (one
//! or two letters off) is offered as a suggestion, never taken.

use chrono::{DateTime, Utc};
use chrono_tz::{Tz, TZ_VARIANTS};
use serde::Serialize;

use super::cities::cities;
use super::in_zone;

/// One zone offered by the picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ZoneChoice {
    /// The IANA name stored when this is picked.
    pub zone: String,
    /// The city in English and Russian, when the city table has one (else the IANA name speaks).
    pub city_en: Option<String>,
    pub city_ru: Option<String>,
    pub country_en: Option<String>,
    pub country_ru: Option<String>,
    /// The UTC offset in force now, e.g. `+05:00`.
    pub offset: String,
    /// The zone's abbreviation now (`MSK`, `PST`), else the offset.
    pub abbreviation: String,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ZoneSearch {
    /// The zone the text names exactly (a city, a one-zone country or an IANA name), if one.
    pub exact: Option<String>,
    /// The best matches, best first; near misses last.
    pub choices: Vec<ZoneChoice>,
}

/// Lower case, `ё` as `е`, Latin diacritics dropped, `_ - / ,` as spaces, spaces collapsed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'ё' => "е",
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ı' => "i",
            'ñ' | 'ń' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' => "o",
            'ù' | 'ú' | 'û' | 'ü' | 'ű' => "u",
            'ý' | 'ÿ' => "y",
            'ł' => "l",
            'ś' | 'š' | 'ș' | 'ş' => "s",
            'ź' | 'ż' | 'ž' => "z",
            'ß' => "ss",
            '_' | '-' | '/' | ',' | '.' | '\u{a0}' => " ",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(plain);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Edit distance (insert, delete, substitute), by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// How well `key` (normalised) matches `query` (normalised): lower is better; None is no match.
fn rank(query: &str, key: &str) -> Option<u8> {
    if key == query {
        Some(0)
    } else if key.starts_with(query) {
        Some(1)
    } else if key.split(' ').any(|word| word.starts_with(query)) {
        Some(2)
    } else if query.chars().count() >= 3 && key.contains(query) {
        Some(3)
    } else {
        let n = query.chars().count();
        let allowed = match n {
            0..=3 => 0,
            4..=6 => 1,
            _ => 2,
        };
        (allowed > 0 && distance(query, key) <= allowed).then_some(4)
    }
}

struct Candidate {
    zone: Tz,
    city: Option<&'static super::cities::City>,
    /// (key, counts as naming one place exactly, matches only whole or as a prefix)
    keys: Vec<(String, bool, bool)>,
}

fn candidates() -> Vec<Candidate> {
    let mut out: Vec<Candidate> = cities()
        .iter()
        .map(|c| Candidate {
            zone: c.zone,
            city: Some(c),
            keys: vec![
                (normalize(c.city_en), true, false),
                (normalize(c.city_ru), true, false),
                (normalize(c.country_en), false, false),
                (normalize(c.country_ru), false, false),
                // A city's zone name lists every city of that zone only when typed from its start
                // ("America/Los"), so "Los Angeles" does not also list San Diego.
                (normalize(c.zone.name()), true, true),
            ],
        })
        .collect();
    for zone in TZ_VARIANTS {
        let name = zone.name();
        let last = name.rsplit('/').next().unwrap_or(name);
        out.push(Candidate {
            zone,
            city: None,
            keys: vec![
                (normalize(name), true, false),
                (normalize(last), false, false),
            ],
        });
    }
    out
}

/// The zones `query` matches, best first, at most `limit`, offsets as at `now`. An empty query
/// lists the city table in its order.
pub fn search(query: &str, limit: usize, now: DateTime<Utc>) -> ZoneSearch {
    let q = normalize(query);
    let mut ranked: Vec<(u8, usize, Candidate)> = Vec::new();
    let mut exact: Vec<Tz> = Vec::new();
    for (order, c) in candidates().into_iter().enumerate() {
        if q.is_empty() {
            if c.city.is_some() {
                ranked.push((0, order, c));
            }
            continue;
        }
        let best = c
            .keys
            .iter()
            .filter_map(|(key, names_one, strict)| {
                rank(&q, key)
                    .filter(|r| !strict || *r <= 1)
                    .map(|r| (r, *names_one))
            })
            .min_by_key(|(r, _)| *r);
        if let Some((r, names_one)) = best {
            if r == 0 && (names_one || c.city.is_some()) && !exact.contains(&c.zone) {
                // A country names a place only when all its rows share one zone (checked below).
                if names_one || country_has_one_zone(c.city, c.zone) {
                    exact.push(c.zone);
                }
            }
            ranked.push((r, order, c));
        }
    }
    ranked.sort_by_key(|(r, order, _)| (*r, *order));
    let mut seen: Vec<(Tz, Option<&str>)> = Vec::new();
    let mut choices = Vec::new();
    for (_, _, c) in ranked {
        let key = (c.zone, c.city.map(|city| city.city_en));
        // An IANA-only row is dropped when a city of the same zone is already offered.
        if seen.contains(&key) || (c.city.is_none() && seen.iter().any(|(z, _)| *z == c.zone)) {
            continue;
        }
        seen.push(key);
        let at = in_zone(now, c.zone);
        choices.push(ZoneChoice {
            zone: c.zone.name().to_owned(),
            city_en: c.city.map(|x| x.city_en.to_owned()),
            city_ru: c.city.map(|x| x.city_ru.to_owned()),
            country_en: c.city.map(|x| x.country_en.to_owned()),
            country_ru: c.city.map(|x| x.country_ru.to_owned()),
            offset: at.offset,
            abbreviation: at.abbreviation,
        });
        if choices.len() >= limit {
            break;
        }
    }
    ZoneSearch {
        exact: match exact.as_slice() {
            [one] => Some(one.name().to_owned()),
            _ => None,
        },
        choices,
    }
}

fn country_has_one_zone(city: Option<&super::cities::City>, zone: Tz) -> bool {
    city.is_some_and(|c| {
        cities()
            .iter()
            .filter(|o| o.country_en == c.country_en)
            .all(|o| o.zone == zone)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::t0;

    fn exact(q: &str) -> Option<String> {
        search(q, 10, t0()).exact
    }

    #[test]
    fn a_city_in_either_language_names_its_zone() {
        for (q, zone) in [
            ("Москва", "Europe/Moscow"),
            ("moscow", "Europe/Moscow"),
            ("  MOSCOW ", "Europe/Moscow"),
            ("Los Angeles", "America/Los_Angeles"),
            ("los angeles", "America/Los_Angeles"),
            ("Лос-Анджелес", "America/Los_Angeles"),
            ("лос анджелес", "America/Los_Angeles"),
            ("New York", "America/New_York"),
            ("Алматы", "Asia/Almaty"),
            ("Кишинев", "Europe/Chisinau"),
            ("Кишинёв", "Europe/Chisinau"),
            ("ciudad juarez", "America/Ciudad_Juarez"),
            ("Zurich", "Europe/Zurich"),
            ("Sao Paulo", "America/Sao_Paulo"),
            ("Asia/Almaty", "Asia/Almaty"),
            ("asia/almaty", "Asia/Almaty"),
            ("Europe/Kyiv", "Europe/Kyiv"),
            ("America/Argentina/Salta", "America/Argentina/Salta"),
            ("Япония", "Asia/Tokyo"),
        ] {
            assert_eq!(exact(q).as_deref(), Some(zone), "{q}");
        }
    }

    #[test]
    fn a_prefix_or_a_country_lists_without_choosing() {
        let mos = search("моск", 10, t0());
        assert_eq!(mos.exact, None);
        assert_eq!(mos.choices[0].zone, "Europe/Moscow");
        assert_eq!(mos.choices[0].city_ru.as_deref(), Some("Москва"));
        let russia = search("Россия", 50, t0());
        assert_eq!(russia.exact, None, "Russia spans eleven zones");
        assert!(russia.choices.len() > 20);
        assert!(search("США", 50, t0())
            .choices
            .iter()
            .any(|c| c.zone == "Pacific/Honolulu"));
    }

    #[test]
    fn a_city_lists_itself_not_every_city_of_its_zone() {
        let la = search("los angeles", 10, t0());
        let cities: Vec<_> = la
            .choices
            .iter()
            .filter_map(|c| c.city_en.as_deref())
            .collect();
        assert_eq!(cities, ["Los Angeles"], "{la:?}");
        let typed_zone = search("America/Los", 10, t0());
        assert!(
            typed_zone
                .choices
                .iter()
                .filter(|c| c.zone == "America/Los_Angeles")
                .count()
                > 3
        );
    }

    #[test]
    fn a_near_miss_is_suggested_never_taken() {
        let typo = search("Moskow", 5, t0());
        assert_eq!(typo.exact, None);
        assert!(
            typo.choices.iter().any(|c| c.zone == "Europe/Moscow"),
            "{typo:?}"
        );
        let ru = search("Масква", 5, t0());
        assert!(ru.choices.iter().any(|c| c.zone == "Europe/Moscow"));
        assert!(search("Zzzzqq", 5, t0()).choices.is_empty());
    }

    #[test]
    fn each_choice_carries_the_offset_in_force() {
        // Fixed: offsets of zones without DST since 2024 (Almaty +05:00, Moscow +03:00).
        let almaty = search("Almaty", 1, t0());
        assert_eq!(almaty.choices[0].offset, "+05:00");
        let moscow = search("Moscow", 1, t0());
        assert_eq!(moscow.choices[0].offset, "+03:00");
        assert_eq!(search("", 500, t0()).choices.len(), cities().len());
    }

    #[test]
    fn normalising_folds_case_yo_and_diacritics() {
        assert_eq!(normalize("Ёлки  Zürich_São-Paulo"), "елки zurich sao paulo");
    }
}
