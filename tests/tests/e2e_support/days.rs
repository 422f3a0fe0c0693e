//! Calendar dates derived from today, so an e2e test holds on any day. The app reads the real
//! clock (`now` is read in the commands), so a fixed date in an e2e test drifts from "future" to
//! "past" as the calendar moves on; build dates from [`days_from_today`] instead.
//!
//! ```ignore
//! let moscow = days::zone("Europe/Moscow");
//! let due = WallClock::days_from_today(-17, "08:00", moscow);
//! h.set_value("[data-testid=deliverable-due-date]", 0, &due.date_input()).await?;
//! let in_la = due.in_zone(days::zone("America/Los_Angeles"));
//! h.wait_text("[data-testid=deliverable-due-partner]", &days::ru_short_day(in_la.date)).await?;
//! ```

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc,
};
pub use chrono_tz::Tz;

/// An IANA zone by name; a name chrono-tz does not know is a bug in the test.
pub fn zone(name: &str) -> Tz {
    name.parse()
        .unwrap_or_else(|e| panic!("{name:?} is not an IANA zone: {e}"))
}

/// Today's calendar date on the wall clock of `zone`, by the real clock.
pub fn today_in(zone: Tz) -> NaiveDate {
    Utc::now().with_timezone(&zone).date_naive()
}

/// The calendar date `days` days from today in `zone` (negative: before today).
pub fn days_from_today(days: i64, zone: Tz) -> NaiveDate {
    today_in(zone) + Duration::days(days)
}

/// Short Russian months as WebKit's ICU writes them with `month: "short"` (and inside
/// `dateStyle: "medium"`): the genitive "мая" has no abbreviation and no dot.
const RU_SHORT_MONTHS: [&str; 12] = [
    "янв.",
    "февр.",
    "мар.",
    "апр.",
    "мая",
    "июн.",
    "июл.",
    "авг.",
    "сент.",
    "окт.",
    "нояб.",
    "дек.",
];

/// `date` as the Russian UI shows a short day: "1 дек.", "19 нояб.", "9 мая"
/// (`Intl.DateTimeFormat("ru", { day: "numeric", month: "short" })`, see ui/src/lib/pilot/zoned.ts
/// `formatShortDate`; `formatZonedTime` starts with the same text, followed by the year).
pub fn ru_short_day(date: NaiveDate) -> String {
    let month = RU_SHORT_MONTHS
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!("{} {month}", date.day())
}

/// A date and time on the wall clock of a zone: what a user types into a date and a time input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WallClock {
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub zone: Tz,
}

impl WallClock {
    /// `hh_mm` ("08:00") on the date `days` days from today in `zone`.
    pub fn days_from_today(days: i64, hh_mm: &str, zone: Tz) -> WallClock {
        let time = NaiveTime::parse_from_str(hh_mm, "%H:%M")
            .unwrap_or_else(|e| panic!("{hh_mm:?} is not HH:MM: {e}"));
        WallClock {
            date: days_from_today(days, zone),
            time,
            zone,
        }
    }

    /// "YYYY-MM-DD", the value of an `<input type="date">`.
    pub fn date_input(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }

    /// "HH:MM", the value of an `<input type="time">`, and how the UI writes a time.
    pub fn time_input(&self) -> String {
        self.time.format("%H:%M").to_string()
    }

    /// The instant this wall-clock time stands for, by the app's rule (core/src/zones/wall.rs): a
    /// time the clock showed twice is the earlier one. A time it skipped is refused by the app; here
    /// it is read with the offset in force before the jump, so a test never expects it to be saved.
    pub fn instant(&self) -> DateTime<Utc> {
        let local = self.date.and_time(self.time);
        match self.zone.from_local_datetime(&local) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
            LocalResult::None => {
                let before = self
                    .zone
                    .offset_from_utc_datetime(&(local - Duration::days(1)))
                    .fix()
                    .local_minus_utc();
                Utc.from_utc_datetime(&(local - Duration::seconds(i64::from(before))))
            }
        }
    }

    /// The same instant on the wall clock of `zone`.
    pub fn in_zone(&self, zone: Tz) -> WallClock {
        let there = self.instant().with_timezone(&zone).naive_local();
        WallClock {
            date: there.date(),
            time: there.time(),
            zone,
        }
    }

    /// Whether the instant has already passed by the real clock (in every zone alike).
    pub fn is_past(&self) -> bool {
        self.instant() < Utc::now()
    }
}

#[test]
fn russian_short_days_and_zones() {
    // fixed: checks the helpers themselves on known dates; nothing here reads the clock.
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a real date");
    assert_eq!(ru_short_day(day(2026, 12, 1)), "1 дек.");
    assert_eq!(ru_short_day(day(2026, 11, 30)), "30 нояб.");
    assert_eq!(ru_short_day(day(2027, 5, 9)), "9 мая");
    let moscow = zone("Europe/Moscow");
    let la = zone("America/Los_Angeles");
    let at = |date, hh_mm: &str, zone| WallClock {
        date,
        time: NaiveTime::parse_from_str(hh_mm, "%H:%M").expect("HH:MM"),
        zone,
    };
    // 08:00 in Moscow is the previous evening in LA: 21:00 PST in winter, 22:00 PDT in summer.
    let winter = at(day(2026, 12, 1), "08:00", moscow).in_zone(la);
    assert_eq!(
        (winter.date, winter.time_input()),
        (day(2026, 11, 30), "21:00".into())
    );
    let summer = at(day(2026, 7, 1), "08:00", moscow).in_zone(la);
    assert_eq!(
        (summer.date, summer.time_input()),
        (day(2026, 6, 30), "22:00".into())
    );
    // Fixed: a known year's DST table, a pure conversion never compared with the real clock.
    // LA's spring gap (8 March 2026, 02:00 → 03:00) and autumn repeat (1 November 2026, 01:xx).
    let gap = at(day(2026, 3, 8), "02:30", la).instant();
    assert_eq!(gap.to_rfc3339(), "2026-03-08T10:30:00+00:00");
    let repeated = at(day(2026, 11, 1), "01:30", la).instant();
    assert_eq!(repeated.to_rfc3339(), "2026-11-01T08:30:00+00:00");
    // Derived dates step by calendar days in the zone asked for.
    assert_eq!(
        days_from_today(-1, moscow) + Duration::days(1),
        today_in(moscow)
    );
}
