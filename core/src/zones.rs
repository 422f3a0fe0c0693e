//! Instants shown in several IANA time zones. Deadlines are stored as UTC instants; "late" is
//! judged by comparing instants, never local calendar dates.

pub mod cities;
pub mod search;
pub mod wall;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};

/// An IANA zone name (surrounding spaces ignored), or [`Error::UnknownTimeZone`].
pub fn parse_zone(name: &str) -> Result<Tz> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| Error::UnknownTimeZone(name.trim().to_owned()))
}

pub use crate::zoned::{ZonedInstant, ZonedTime};

/// `at` in `zone`.
pub fn in_zone(at: DateTime<Utc>, zone: Tz) -> ZonedTime {
    let local = at.with_timezone(&zone);
    ZonedTime {
        zone: zone.name().to_owned(),
        date: local.format("%Y-%m-%d").to_string(),
        time: local.format("%H:%M").to_string(),
        offset: local.format("%:z").to_string(),
        abbreviation: local.format("%Z").to_string(),
    }
}

/// `at` in every zone of `zones` (duplicates shown once), in the given order.
pub fn in_zones(at: DateTime<Utc>, zones: &[Tz]) -> ZonedInstant {
    let mut seen: Vec<Tz> = Vec::new();
    for z in zones {
        if !seen.contains(z) {
            seen.push(*z);
        }
    }
    ZonedInstant {
        utc: crate::ids::format_instant(at),
        zones: seen.into_iter().map(|z| in_zone(at, z)).collect(),
    }
}

/// Each of `instants` (RFC 3339 text, as Rust sends them) in every zone of `zones`: the one way
/// the window learns the wall clock of an instant it holds (a card's deadline, a flag's date, the
/// time now). An instant that does not read is `None`; an unknown zone is refused.
pub fn render(instants: &[String], zones: &[String]) -> Result<Vec<Option<ZonedInstant>>> {
    let zones = zones
        .iter()
        .map(|z| parse_zone(z))
        .collect::<Result<Vec<Tz>>>()?;
    Ok(instants
        .iter()
        .map(|text| crate::ids::parse_instant(text).map(|at| in_zones(at, &zones)))
        .collect())
}

/// Delivered after the due instant. Equal instants are on time.
pub fn is_late(due: DateTime<Utc>, delivered: DateTime<Utc>) -> bool {
    delivered > due
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn a_deadline_shows_in_both_zones_across_dst() {
        // Fixed: DST table lookups of a known year (the US switches of 2026); no clock is read.
        let moscow: Tz = "Europe/Moscow".parse().expect("zone");
        let la: Tz = "America/Los_Angeles".parse().expect("zone");
        // Summer: LA is on PDT (-07:00).
        let summer = in_zones(utc(2026, 7, 1, 6, 0), &[moscow, la]);
        assert_eq!(summer.zones[0].time, "09:00");
        assert_eq!(summer.zones[0].offset, "+03:00");
        assert_eq!(
            summer.zones[1].date, "2026-06-30",
            "still the previous day in LA"
        );
        assert_eq!(summer.zones[1].time, "23:00");
        assert_eq!(summer.zones[1].offset, "-07:00");
        // Winter: PST (-08:00); Moscow has no DST.
        let winter = in_zone(utc(2026, 12, 1, 6, 0), la);
        assert_eq!(
            (winter.time.as_str(), winter.offset.as_str()),
            ("22:00", "-08:00")
        );
        // The US switch on 8 March 2026 at 02:00 local: 09:59 UTC is 01:59 PST, 10:00 is 03:00 PDT.
        assert_eq!(in_zone(utc(2026, 3, 8, 9, 59), la).time, "01:59");
        let after = in_zone(utc(2026, 3, 8, 10, 0), la);
        assert_eq!(
            (after.time.as_str(), after.offset.as_str()),
            ("03:00", "-07:00")
        );
    }

    #[test]
    fn render_reads_each_instant_in_each_zone() {
        // Fixed: Almaty has been UTC+5 since March 2024 (the web engine's older data says +6).
        let zones = ["Asia/Almaty".to_owned(), "Europe/Moscow".to_owned()];
        let out = render(
            &["2026-12-10T07:00:00.000Z".into(), "nonsense".into()],
            &zones,
        )
        .expect("known zones");
        let first = out[0].as_ref().expect("reads");
        assert_eq!(
            (first.zones[0].time.as_str(), first.zones[0].offset.as_str()),
            ("12:00", "+05:00")
        );
        assert_eq!(first.zones[1].time, "10:00");
        assert_eq!(out[1], None);
        assert!(matches!(
            render(&[], &["Mars/Olympus".into()]),
            Err(Error::UnknownTimeZone(_))
        ));
    }

    #[test]
    fn lateness_is_judged_by_instant_not_local_date() {
        // Fixed: instants compared with each other, never with the real clock.
        // Due 23:00 in LA on 30 June = 06:00 UTC 1 July. Delivered 05:30 UTC 1 July: on time,
        // although Moscow's calendar already says 1 July for both.
        let due = utc(2026, 7, 1, 6, 0);
        assert!(!is_late(due, utc(2026, 7, 1, 5, 30)));
        assert!(!is_late(due, due), "exactly at the deadline is on time");
        assert!(is_late(due, utc(2026, 7, 1, 6, 1)));
    }
}
