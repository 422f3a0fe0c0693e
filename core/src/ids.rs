//! Ids and timestamps. Ids are UUIDv7 strings (time-ordered, safe to merge between devices later);
//! timestamps are UTC instants stored as fixed-width RFC 3339 text, so they sort as strings.

use chrono::{DateTime, Datelike, SecondsFormat, Utc};

/// A new UUIDv7, as a lowercase hyphenated string.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The namespace of [`derived_id`]s (a fixed random UUID; never change it: ids already written
/// follow from it).
const DERIVED_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x6f1c_2b7e_93a4_4d0b_8c55_1e2f_a9d3_7b40);

/// A UUIDv5 of `parts` (joined by a unit separator): the same parts give the same id on every
/// device, for rows that two devices may each derive (a derived flag: kind, pilot, deliverable).
pub fn derived_id(parts: &[&str]) -> String {
    uuid::Uuid::new_v5(&DERIVED_NAMESPACE, parts.join("\u{1f}").as_bytes()).to_string()
}

/// The one text form of an instant used in the database and over IPC.
pub fn format_instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses an instant written by [`format_instant`] (or any RFC 3339 text).
///
/// Only years 1900–2999 (in UTC) are instants Vetta keeps: outside them the fixed-width text form
/// stops sorting as text (`-0001-…`, `+10000-…`), and no partnership event lies there, so such a
/// value is a typo, refused where it is typed and reported as malformed where it is read back.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| (1900..=2999).contains(&t.year()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn instants_outside_the_years_vetta_keeps_are_refused() {
        // Fixed: boundary years, never compared with the clock.
        for text in [
            "0000-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-05:00",
            "1899-12-31T23:59:59Z",
            "3000-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_instant(text), None, "{text} is refused");
        }
        for text in [
            "1900-01-01T00:00:00Z",
            "2999-12-31T23:59:59Z",
            "2026-12-01T10:00:00+03:00",
        ] {
            let at = parse_instant(text).expect("a year Vetta keeps");
            assert_eq!(format_instant(at).len(), 24, "{text}: the fixed-width form");
        }
    }

    #[test]
    fn instants_round_trip_and_sort_as_text() {
        // Fixed: two known instants, compared with each other only, never with the clock.
        let a = Utc
            .with_ymd_and_hms(2026, 3, 9, 7, 5, 0)
            .single()
            .expect("valid date");
        let b = Utc
            .with_ymd_and_hms(2026, 11, 22, 23, 59, 59)
            .single()
            .expect("valid date");
        assert_eq!(
            parse_instant(&format_instant(a)),
            Some(a),
            "round trip keeps the instant"
        );
        assert!(
            format_instant(a) < format_instant(b),
            "text order is time order"
        );
    }

    #[test]
    fn ids_are_v7_and_increase() {
        let first = new_id();
        let second = new_id();
        let parsed = uuid::Uuid::parse_str(&first).expect("an id parses as a UUID");
        assert_eq!(parsed.get_version_num(), 7, "ids are UUIDv7");
        assert!(first < second, "later ids sort after earlier ones");
    }
}
