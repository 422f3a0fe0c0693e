use super::*;
use crate::pilot::{MetricsAgreement, PilotStart};
use crate::recommendation::Choice;
use crate::testing::{at, decide, partner, pilot_for, store, t0, to_scoping};
use chrono::TimeZone;

fn query(zone: &str) -> ReminderQuery {
    ReminderQuery {
        viewer_time_zone: zone.into(),
        kind: None,
        offset: 0,
        limit: None,
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
        .expect("reads")
        .items;
    assert!(
        !kinds(&during).contains(&ReminderKind::DebriefDue),
        "a running pilot is not due: {during:?}"
    );
    let after = store
        .reminders(&query("Europe/Moscow"), at(24 + 14 * 24 + 1))
        .expect("reads")
        .items;
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
        .expect("reads")
        .items;
    assert_eq!(
        kinds(&moscow),
        vec![ReminderKind::ReviewDue],
        "due in Moscow"
    );
    assert_eq!(moscow[0].since, "2027-01-15");
    let la = store
        .reminders(&query("America/Los_Angeles"), evening)
        .expect("reads")
        .items;
    assert!(la.is_empty(), "not yet due in Los Angeles: {la:?}");

    // A later decision answers the review.
    decide(&mut store, &p.id, Choice::Hold).expect("decides again");
    let next_day = evening + chrono::Duration::days(1);
    let after = store
        .reminders(&query("Europe/Moscow"), next_day)
        .expect("reads")
        .items;
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

#[test]
fn reminders_come_a_page_at_a_time_with_the_true_totals_of_each_kind() {
    let mut store = store();
    // Seven partners with a review due (`decide` records a review date of 2027-01-15).
    let mut ids = Vec::new();
    for n in 0..7 {
        let p = partner(&mut store, &format!("Partner {n}"));
        decide(&mut store, &p.id, Choice::Hold).expect("decides");
        ids.push(p.id);
    }
    // Fixed: the review date `decide` records; `now` is passed in, the real clock never matters.
    let later = Utc
        .with_ymd_and_hms(2027, 2, 1, 12, 0, 0)
        .single()
        .expect("valid date");
    let first = store
        .reminders(
            &ReminderQuery {
                limit: Some(3),
                ..query("Europe/Moscow")
            },
            later,
        )
        .expect("reads");
    assert_eq!(first.items.len(), 3, "one page: {first:?}");
    assert_eq!(first.total, 7, "the true total, not the page's length");
    assert_eq!((first.debriefs_due, first.reviews_due), (0, 7));

    let mut seen: Vec<String> = Vec::new();
    let mut offset = 0;
    loop {
        let page = store
            .reminders(
                &ReminderQuery {
                    limit: Some(3),
                    offset,
                    kind: Some(ReminderKind::ReviewDue),
                    ..query("Europe/Moscow")
                },
                later,
            )
            .expect("reads");
        if page.items.is_empty() {
            break;
        }
        assert_eq!(page.offset, offset);
        seen.extend(page.items.iter().map(|r| r.partner_id.clone()));
        offset += 3;
    }
    seen.sort();
    ids.sort();
    assert_eq!(seen, ids, "every reminder once across the pages");

    let debriefs = store
        .reminders(
            &ReminderQuery {
                kind: Some(ReminderKind::DebriefDue),
                ..query("Europe/Moscow")
            },
            later,
        )
        .expect("reads");
    assert_eq!((debriefs.total, debriefs.items.len()), (0, 0));
    assert_eq!(
        debriefs.reviews_due, 7,
        "each kind's count, whatever the filter"
    );

    for limit in [0, PAGE_MAX + 1] {
        assert!(
            store
                .reminders(
                    &ReminderQuery {
                        limit: Some(limit),
                        ..query("Europe/Moscow")
                    },
                    later,
                )
                .is_err(),
            "a page of {limit} is refused"
        );
    }
}

mod plan;
