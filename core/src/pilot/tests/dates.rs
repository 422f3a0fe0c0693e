//! The date rules of a pilot's writes (core/src/dates.rs): started within its scoped dates, a
//! delivery not later than now. Each refusal changes nothing.

use super::*;

fn start(store: &mut Store, pilot_id: &str, now: chrono::DateTime<chrono::Utc>) -> Result<Pilot> {
    store.start_pilot(
        &PilotStart {
            pilot_id: pilot_id.into(),
            viewer_time_zone: Some("Europe/Moscow".into()),
        },
        now,
    )
}

#[test]
fn a_pilot_is_started_only_within_its_scoped_dates() {
    // The scope runs from at(24) for 14 days.
    let (mut store, _, pilot) = scoped();
    let before = dump(&store);
    match start(&mut store, &pilot.id, at(-1)) {
        Err(Error::OutsideScopeDates { starts_at, ends_at }) => {
            assert_eq!(starts_at.utc, crate::ids::format_instant(at(24)));
            assert_eq!(ends_at.utc, crate::ids::format_instant(at(24 + 14 * 24)));
            let zones: Vec<_> = starts_at.zones.iter().map(|z| z.zone.as_str()).collect();
            assert_eq!(zones[0], "Europe/Moscow", "the viewer's zone first");
        }
        other => panic!("started more than a day early: {other:?}"),
    }
    assert!(matches!(
        start(&mut store, &pilot.id, at(24 + 14 * 24)),
        Err(Error::OutsideScopeDates { .. })
    ));
    assert_eq!(dump(&store), before, "refused starts change nothing");
    let started = start(&mut store, &pilot.id, at(0)).expect("a day early is a kick-off");
    assert_eq!(started.starts_at.utc, crate::ids::format_instant(at(24)));
}

#[test]
fn a_delivery_later_than_now_is_refused() {
    let (mut store, _, pilot) = scoped();
    start(&mut store, &pilot.id, at(24)).expect("starts");
    let deliverable = |delivered: Option<chrono::DateTime<chrono::Utc>>| NewDeliverable {
        pilot_id: pilot.id.clone(),
        title: "Teaser".into(),
        market: None,
        due_at: crate::ids::format_instant(at(48)),
        delivered_at: delivered.map(crate::ids::format_instant),
        notice_given: false,
        verdict: None,
        note: String::new(),
        viewer_time_zone: None,
    };
    let before = dump(&store);
    assert!(matches!(
        store.log_deliverable(&deliverable(Some(at(31))), at(30)),
        Err(Error::InFuture {
            field: Field::DeliveredAt
        })
    ));
    assert_eq!(dump(&store), before, "nothing logged");
    let logged = store
        .log_deliverable(&deliverable(None), at(30))
        .expect("logs an open deliverable");
    let id = logged.deliverables[0].id.clone();
    let update = |at_: chrono::DateTime<chrono::Utc>| DeliveryUpdate {
        deliverable_id: id.clone(),
        delivered_at: crate::ids::format_instant(at_),
        notice_given: false,
        verdict: None,
        note: String::new(),
        viewer_time_zone: None,
    };
    assert!(matches!(
        store.record_delivery(&update(at(40)), at(35)),
        Err(Error::InFuture {
            field: Field::DeliveredAt
        })
    ));
    store
        .record_delivery(&update(at(35)), at(35))
        .expect("delivered now");
}

#[test]
fn an_open_deliverable_past_its_due_instant_is_overdue_in_the_tracker_and_on_the_board() {
    let (mut store, _, pilot) = scoped();
    start(&mut store, &pilot.id, at(24)).expect("starts");
    store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: "Teaser".into(),
                market: None,
                due_at: crate::ids::format_instant(at(48)),
                delivered_at: None,
                notice_given: false,
                verdict: None,
                note: String::new(),
                viewer_time_zone: None,
            },
            at(30),
        )
        .expect("logs");
    let query = PilotQuery {
        pilot_id: pilot.id.clone(),
        viewer_time_zone: "Europe/Moscow".into(),
    };
    let board = |store: &Store, now| {
        store
            .pipeline(&crate::dossier::PipelineQuery::default(), now)
            .expect("reads the board")
            .items
            .into_iter()
            .find(|c| c.next_deadline.is_some())
            .expect("the partner's card has a deadline")
    };
    let before = store.pilot(&query, at(47)).expect("reads");
    assert!(!before.deliverables[0].overdue);
    assert!(!board(&store, at(47)).next_deadline_overdue);
    let after = store.pilot(&query, at(49)).expect("reads");
    assert!(after.deliverables[0].overdue, "past due and not delivered");
    assert!(board(&store, at(49)).next_deadline_overdue);
}
