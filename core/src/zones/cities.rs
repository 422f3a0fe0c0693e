//! The time zone picker's bilingual city table (`cities.tsv`, compiled in): ~140 major cities
//! covering Russia's zones, the US zones, the CIS, Europe and Asia, each mapped to an IANA zone.

use std::sync::OnceLock;

use chrono_tz::Tz;

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct City {
    pub zone: Tz,
    pub city_en: &'static str,
    pub city_ru: &'static str,
    pub country_en: &'static str,
    pub country_ru: &'static str,
}

const TABLE: &str = include_str!("cities.tsv");

/// Every row, in the file's order. A row whose zone chrono-tz does not know is left out (the
/// test below keeps there being none).
pub fn cities() -> &'static [City] {
    static CITIES: OnceLock<Vec<City>> = OnceLock::new();
    CITIES.get_or_init(|| parse(TABLE).0)
}

/// The rows of `text`, and the lines that did not read as a row.
fn parse(text: &'static str) -> (Vec<City>, Vec<&'static str>) {
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&'static str> = line.split('\t').map(str::trim).collect();
        match (
            cells.as_slice(),
            cells.first().and_then(|z| z.parse::<Tz>().ok()),
        ) {
            ([_, city_en, city_ru, country_en, country_ru], Some(zone))
                if !city_en.is_empty() && !city_ru.is_empty() =>
            {
                rows.push(City {
                    zone,
                    city_en,
                    city_ru,
                    country_en,
                    country_ru,
                })
            }
            _ => bad.push(line),
        }
    }
    (rows, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_reads_and_names_a_known_zone() {
        let (rows, bad) = parse(TABLE);
        assert!(bad.is_empty(), "rows that do not read: {bad:?}");
        assert!(rows.len() >= 100, "{} cities", rows.len());
        let mut seen = std::collections::HashSet::new();
        for c in &rows {
            assert!(seen.insert((c.city_en, c.zone)), "{} twice", c.city_en);
        }
        for zone in [
            "Europe/Kaliningrad",
            "Europe/Moscow",
            "Europe/Samara",
            "Asia/Yekaterinburg",
            "Asia/Omsk",
            "Asia/Krasnoyarsk",
            "Asia/Irkutsk",
            "Asia/Yakutsk",
            "Asia/Vladivostok",
            "Asia/Magadan",
            "Asia/Kamchatka",
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Phoenix",
            "America/Los_Angeles",
            "America/Anchorage",
            "Pacific/Honolulu",
            "Asia/Almaty",
        ] {
            assert!(
                rows.iter().any(|c| c.zone.name() == zone),
                "no city for {zone}"
            );
        }
    }
}
