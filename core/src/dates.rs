//! The date rules every write shares, each stated once: an event that happened is not later than
//! now; a pilot is started within its scoped dates; a review comes after the decision's day.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::error::Field;
use crate::{Error, Result};

/// How early a pilot may be started before its scoped start (a kick-off the day before).
pub const START_EARLY: Duration = Duration::days(1);

/// Something that happened (a delivery, an incident) cannot be later than now.
pub fn happened(field: Field, at: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    if at > now {
        Err(Error::InFuture { field })
    } else {
        Ok(at)
    }
}

/// Whether a pilot scoped from `starts_at` to `ends_at` may be started at `now`: from
/// [`START_EARLY`] before its start until its end. Otherwise its scope is edited first.
pub fn can_start(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= starts_at - START_EARLY && now < ends_at
}

/// A deliverable not delivered by its due instant is overdue at `now` (shown on the board and in
/// the tracker). Once delivered it is late or on time, never overdue.
pub fn is_overdue(due: DateTime<Utc>, delivered: bool, now: DateTime<Utc>) -> bool {
    !delivered && due < now
}

/// A decision's review date is a day after the decision's (UTC) day.
pub fn review_after_decision(review_on: NaiveDate, now: DateTime<Utc>) -> Result<NaiveDate> {
    if review_on > now.date_naive() {
        Ok(review_on)
    } else {
        Err(Error::ReviewNotAfterDecision {
            review_on: review_on.format("%Y-%m-%d").to_string(),
        })
    }
}

/// A decision can be reviewed once its review date has begun somewhere (UTC+14, the earliest
/// zone): whatever the viewer's zone, a review the reminders show as due is never refused.
pub fn review_is_due(review_on: NaiveDate, now: DateTime<Utc>) -> bool {
    review_on <= (now + chrono::Duration::hours(14)).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::at;

    #[test]
    fn an_event_is_not_later_than_now() {
        assert!(happened(Field::DeliveredAt, at(0), at(0)).is_ok());
        assert!(happened(Field::DeliveredAt, at(-5), at(0)).is_ok());
        assert!(matches!(
            happened(Field::OccurredAt, at(1), at(0)),
            Err(Error::InFuture {
                field: Field::OccurredAt
            })
        ));
    }

    #[test]
    fn a_pilot_starts_from_the_day_before_its_start_until_its_end() {
        let (start, end) = (at(48), at(48 + 14 * 24));
        assert!(!can_start(start, end, at(23)), "more than a day early");
        assert!(can_start(start, end, at(24)), "a day early");
        assert!(can_start(start, end, start));
        assert!(can_start(start, end, end - Duration::minutes(1)));
        assert!(!can_start(start, end, end), "its scope has ended");
    }

    #[test]
    fn an_open_deliverable_past_its_due_instant_is_overdue() {
        assert!(is_overdue(at(0), false, at(1)));
        assert!(
            !is_overdue(at(1), false, at(1)),
            "due now is not overdue yet"
        );
        assert!(
            !is_overdue(at(0), true, at(1)),
            "delivered: late, not overdue"
        );
    }

    #[test]
    fn a_review_comes_after_the_decision_day() {
        let today = at(0).date_naive();
        assert!(review_after_decision(today + Duration::days(1), at(0)).is_ok());
        assert!(matches!(
            review_after_decision(today, at(0)),
            Err(Error::ReviewNotAfterDecision { .. })
        ));
        assert!(review_after_decision(today - Duration::days(400), at(0)).is_err());
    }
}
