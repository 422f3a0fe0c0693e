use super::*;
use crate::pilot::{MetricsAgreement, PilotStart};
use crate::recommendation::Choice;
use crate::testing::{at, decide, partner, pilot_for, store, t0, to_scoping};
use chrono::TimeZone;

fn query(zone: &str) -> ReminderQuery {
    ReminderQuery {
        viewer_time_zone: zone.into(),
    }
}

fn kinds(reminders: &[Reminder]) -> Vec<ReminderKind> {
    reminders.iter().map(|r| r.kind).collect()
}

#[test]
fn a_pilot_past_its_end_without_a_debrief_is_a_reminder() {
    let mut store = store();
    let p = partner(&mut store, "Sunset");
    to_scoping(&mut store, &p.id);
    let pilot = pilot_for(&mut store, &p.id);
    let agree = MetricsAgreement {
        pilot_id: pilot.id.clone(),
        agreed_by: "Anna".into(),
        viewer_time_zone: None,
    };
    store.agree_pilot_metrics(&agree, t0()).expect("agrees");
    let start = PilotStart {
        pilot_id: pilot.id.clone(),
        viewer_time_zone: None,
    };
    store.start_pilot(&start, at(24)).expect("starts");

    let during = store
        .reminders(&query("Europe/Moscow"), at(300))
        .expect("reads");
    assert!(
        !kinds(&during).contains(&ReminderKind::DebriefDue),
        "a running pilot is not due: {during:?}"
    );
    let after = store
        .reminders(&query("Europe/Moscow"), at(24 + 14 * 24 + 1))
        .expect("reads");
    let due: Vec<_> = after
        .iter()
        .filter(|r| r.kind == ReminderKind::DebriefDue)
        .collect();
    assert_eq!(due.len(), 1, "one pilot is past its end: {after:?}");
    assert_eq!(due[0].subject_id, pilot.id);
    assert_eq!(due[0].partner_name, "Sunset");
}

#[test]
fn a_review_date_is_due_on_the_viewers_calendar_day_until_a_later_decision() {
    let mut store = store();
    let p = partner(&mut store, "Sunset");
    // `decide` records a review date of 2027-01-15.
    decide(&mut store, &p.id, Choice::Hold).expect("decides");
    // 22:00 UTC on the 14th is already the 15th in Moscow, still the 14th in Los Angeles.
    // Fixed: `now` is passed to `reminders`, so the real clock never matters.
    let evening = Utc
        .with_ymd_and_hms(2027, 1, 14, 22, 0, 0)
        .single()
        .expect("valid date");
    let moscow = store
        .reminders(&query("Europe/Moscow"), evening)
        .expect("reads");
    assert_eq!(
        kinds(&moscow),
        vec![ReminderKind::ReviewDue],
        "due in Moscow"
    );
    assert_eq!(moscow[0].since, "2027-01-15");
    let la = store
        .reminders(&query("America/Los_Angeles"), evening)
        .expect("reads");
    assert!(la.is_empty(), "not yet due in Los Angeles: {la:?}");

    // A later decision answers the review.
    decide(&mut store, &p.id, Choice::Hold).expect("decides again");
    let next_day = evening + chrono::Duration::days(1);
    let after = store
        .reminders(&query("Europe/Moscow"), next_day)
        .expect("reads");
    assert_eq!(
        after.len(),
        1,
        "only the latest decision's review counts: {after:?}"
    );
    assert!(
        store.reminders(&query("Mars/Base"), evening).is_err(),
        "an unknown zone is refused"
    );
}
