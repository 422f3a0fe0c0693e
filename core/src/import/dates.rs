//! Dates in a text file: the order of day, month and year is detected from the column's values
//! or chosen; a column where every day and month could be swapped is ambiguous and asks.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How a file writes its dates. ISO `2026-12-01` always reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `01.12.2026` (Russia, most of Europe).
    DayMonthYear,
    /// `12/01/2026` (US).
    MonthDayYear,
}

/// Three numbers of a date as written, if the text is one: (a, b, year), or an ISO date.
enum Written {
    Iso(NaiveDate),
    Parts(u32, u32, i32),
}

fn written(text: &str) -> Option<Written> {
    let parts: Vec<&str> = text.trim().split(['.', '/', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_digit()))
    {
        return None;
    }
    if a.len() == 4 {
        let date = NaiveDate::from_ymd_opt(a.parse().ok()?, b.parse().ok()?, c.parse().ok()?)?;
        return Some(Written::Iso(date));
    }
    if c.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    Some(Written::Parts(
        a.parse().ok()?,
        b.parse().ok()?,
        c.parse().ok()?,
    ))
}

/// What the values of date columns say about their order: `Some` when only one order reads
/// them all; `None` with `needed` when some values are written day-and-month either way round.
pub fn detect<'a>(values: impl Iterator<Item = &'a str>) -> (Option<DateOrder>, bool) {
    let (mut first_big, mut second_big, mut any) = (false, false, false);
    for v in values {
        if let Some(Written::Parts(a, b, _)) = written(v) {
            any = true;
            first_big |= a > 12;
            second_big |= b > 12;
        }
    }
    match (any, first_big, second_big) {
        (false, _, _) => (None, false),
        (true, true, false) => (Some(DateOrder::DayMonthYear), false),
        (true, false, true) => (Some(DateOrder::MonthDayYear), false),
        _ => (None, true),
    }
}

/// A written date under an order; `None` if it is not a date (or needs an order not given).
pub fn read(text: &str, order: Option<DateOrder>) -> Option<NaiveDate> {
    match written(text)? {
        Written::Iso(d) => Some(d),
        Written::Parts(a, b, y) => match order? {
            DateOrder::DayMonthYear => NaiveDate::from_ymd_opt(y, b, a),
            DateOrder::MonthDayYear => NaiveDate::from_ymd_opt(y, a, b),
        },
    }
}

/// Whole months from `since` to today (UTC); `None` when `since` is after today.
pub fn months_since(since: NaiveDate, now: DateTime<Utc>) -> Option<u32> {
    let today = now.date_naive();
    if since > today {
        return None;
    }
    let mut months =
        (today.year() - since.year()) * 12 + today.month() as i32 - since.month() as i32;
    if today.day() < since.day() {
        months -= 1;
    }
    u32::try_from(months.max(0)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn the_order_is_detected_only_when_the_values_say_it() {
        let (order, needed) = detect(["25.03.2020", "01.12.2021"].into_iter());
        assert_eq!((order, needed), (Some(DateOrder::DayMonthYear), false));
        let (order, _) = detect(["12/25/2020"].into_iter());
        assert_eq!(order, Some(DateOrder::MonthDayYear));
        assert_eq!(
            detect(["01.12.2020", "03.04.2021"].into_iter()),
            (None, true),
            "every day ≤ 12 asks"
        );
        // Fixed: the order of a written date, not a day compared with today.
        assert_eq!(
            detect(["2020-12-01"].into_iter()),
            (None, false),
            "ISO needs no order"
        );
    }

    #[test]
    fn a_date_reads_by_its_order_and_counts_months_from_today() {
        let now = crate::testing::at(0);
        let since = now.date_naive() - Duration::days(400);
        let text = since.format("%d.%m.%Y").to_string();
        assert_eq!(read(&text, Some(DateOrder::DayMonthYear)), Some(since));
        assert_eq!(read(&text, None), None, "no order, no guess");
        let months = months_since(since, now).expect("in the past");
        assert!((12..=13).contains(&months));
        assert_eq!(
            months_since(now.date_naive() + Duration::days(1), now),
            None
        );
    }
}
