//! A date and time on a zone's wall clock → the instant it stands for. The one statement of the
//! DST rule (the window never computes it): a time the clocks skip (spring forward) is no instant
//! and is refused; a time the clocks show twice (fall back) is the earlier instant, and the answer
//! carries the later one too so the window can say which was taken.

use chrono::{LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::parse_zone as validate_time_zone;
use super::{in_zones, ZonedInstant};
use crate::error::{Error, Field, Result};

/// A wall-clock date and time typed in a form, and the zones its answer is shown in.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WallTimeInput {
    /// The input this is, so a refusal names it.
    pub field: Field,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM` (24 h).
    pub time: String,
    /// The IANA zone whose wall clock `date` and `time` are read on.
    pub zone: String,
    /// More zones to show the instant in (after `zone`; duplicates once).
    pub shown_in: Vec<String>,
}

/// How a wall-clock time maps to instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Exactly one instant.
    Exact,
    /// The clocks showed this time twice: the earlier instant is taken.
    Ambiguous,
    /// The clocks skipped this time: no instant; refused.
    Gap,
}

/// What a wall-clock time stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WallTime {
    pub resolution: Resolution,
    /// The instant (the earlier one when ambiguous), in `zone` then `shown_in`; none in a gap.
    pub instant: Option<ZonedInstant>,
    /// When ambiguous, the later reading of the same wall time.
    pub later: Option<ZonedInstant>,
}

/// `date` and `time` on the wall clock of `input.zone`. A malformed date or time is refused
/// naming `input.field`; an unknown zone as an unknown zone.
pub fn resolve(input: &WallTimeInput) -> Result<WallTime> {
    let zone = validate_time_zone(&input.zone)?;
    let mut zones = vec![zone];
    for name in &input.shown_in {
        zones.push(validate_time_zone(name)?);
    }
    let local = parse_local(input.field, &input.date, &input.time)?;
    Ok(match zone.from_local_datetime(&local) {
        LocalResult::Single(at) => WallTime {
            resolution: Resolution::Exact,
            instant: Some(in_zones(at.with_timezone(&Utc), &zones)),
            later: None,
        },
        LocalResult::Ambiguous(first, second) => {
            let (a, b) = if first <= second {
                (first, second)
            } else {
                (second, first)
            };
            WallTime {
                resolution: Resolution::Ambiguous,
                instant: Some(in_zones(a.with_timezone(&Utc), &zones)),
                later: Some(in_zones(b.with_timezone(&Utc), &zones)),
            }
        }
        LocalResult::None => WallTime {
            resolution: Resolution::Gap,
            instant: None,
            later: None,
        },
    })
}

/// The instant `date` `time` stands for in `zone`, refusing a skipped time (as [`resolve`]).
pub fn to_instant(field: Field, date: &str, time: &str, zone: Tz) -> Result<chrono::DateTime<Utc>> {
    let local = parse_local(field, date, time)?;
    zone.from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| Error::InvalidValue {
            field,
            value: format!("{} {}", date.trim(), time.trim()),
        })
}

fn parse_local(field: Field, date: &str, time: &str) -> Result<NaiveDateTime> {
    let invalid = |value: &str| Error::InvalidValue {
        field,
        value: value.trim().to_owned(),
    };
    let d = date.trim();
    let t = time.trim();
    let day = NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .ok()
        .filter(|_| d.len() == 10)
        .filter(|day| (1900..=2999).contains(&chrono::Datelike::year(day)))
        .ok_or_else(|| invalid(date))?;
    let clock = NaiveTime::parse_from_str(t, "%H:%M")
        .ok()
        .filter(|_| t.len() == 5)
        .ok_or_else(|| invalid(time))?;
    Ok(day.and_time(clock))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(date: &str, time: &str, zone: &str) -> WallTimeInput {
        WallTimeInput {
            field: Field::DueAt,
            date: date.into(),
            time: time.into(),
            zone: zone.into(),
            shown_in: vec!["Europe/Moscow".into()],
        }
    }

    fn utc_of(w: &WallTime) -> &str {
        w.instant.as_ref().map(|i| i.utc.as_str()).unwrap_or("")
    }

    #[test]
    fn almaty_is_utc_plus_five_since_march_2024() {
        // Fixed: Kazakhstan moved to a single zone (UTC+5) on 1 March 2024; a date after it.
        let w = resolve(&input("2026-12-10", "10:00", "Asia/Almaty")).expect("resolves");
        assert_eq!(w.resolution, Resolution::Exact);
        assert_eq!(utc_of(&w), "2026-12-10T05:00:00.000Z");
        let zones = &w.instant.as_ref().expect("instant").zones;
        assert_eq!(
            (zones[0].time.as_str(), zones[0].offset.as_str()),
            ("10:00", "+05:00")
        );
        assert_eq!(
            (zones[1].zone.as_str(), zones[1].time.as_str()),
            ("Europe/Moscow", "08:00")
        );
    }

    #[test]
    fn a_skipped_time_is_a_gap_and_a_repeated_one_takes_the_earlier() {
        // Fixed: the US switches of 2026 (8 March, 1 November), DST table lookups only.
        let gap = resolve(&input("2026-03-08", "02:30", "America/Los_Angeles")).expect("ok");
        assert_eq!(
            (gap.resolution, gap.instant.is_none()),
            (Resolution::Gap, true)
        );
        assert!(to_instant(
            Field::DueAt,
            "2026-03-08",
            "02:30",
            "America/Los_Angeles".parse().expect("zone")
        )
        .is_err());
        let twice = resolve(&input("2026-11-01", "01:30", "America/Los_Angeles")).expect("ok");
        assert_eq!(twice.resolution, Resolution::Ambiguous);
        assert_eq!(utc_of(&twice), "2026-11-01T08:30:00.000Z");
        assert_eq!(
            twice.later.as_ref().map(|i| i.utc.as_str()),
            Some("2026-11-01T09:30:00.000Z")
        );
        let after = resolve(&input("2026-03-08", "03:00", "America/Los_Angeles")).expect("ok");
        assert_eq!(utc_of(&after), "2026-03-08T10:00:00.000Z");
    }

    #[test]
    fn malformed_parts_are_refused_naming_the_field() {
        for (date, time) in [
            ("2026-02-30", "10:00"),
            ("2026-02-10", "24:00"),
            ("", "10:00"),
            ("2026-02-10", ""),
            ("10.02.2026", "10:00"),
            ("0026-02-10", "10:00"),
        ] {
            let refused = resolve(&input(date, time, "Europe/Moscow"));
            assert!(
                matches!(
                    refused,
                    Err(Error::InvalidValue {
                        field: Field::DueAt,
                        ..
                    })
                ),
                "{date} {time}: {refused:?}"
            );
        }
        assert!(matches!(
            resolve(&input("2026-02-10", "10:00", "Mars/Olympus")),
            Err(Error::UnknownTimeZone(_))
        ));
    }

    #[test]
    fn zones_the_web_engine_lacks_resolve() {
        // Fixed: America/Ciudad_Juarez exists since tz 2022g; a winter date (MST, -07:00).
        let w = resolve(&input("2026-12-10", "09:00", "America/Ciudad_Juarez")).expect("ok");
        assert_eq!(utc_of(&w), "2026-12-10T16:00:00.000Z");
    }
}
