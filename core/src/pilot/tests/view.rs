//! Reading a pilot: both zones, viewer first; and every write returns exactly what the read does.

use super::*;

#[test]
fn a_scoped_pilot_records_everything_and_renders_both_zones() {
    let (store, _, pilot) = scoped();
    assert_eq!(pilot.campaign_no, 1);
    assert_eq!(pilot.payment.amount, "1500.00");
    assert_eq!(pilot.payment.currency, "USD");
    assert_eq!(pilot.metrics.len(), 2);
    assert_eq!(pilot.metrics[0].market, "RU");
    assert_eq!(pilot.hypotheses.len(), 3);
    assert_eq!(
        pilot.revisions,
        RevisionCounter {
            used: 0,
            limit: 2,
            over_limit: false,
            rounds: vec![]
        }
    );
    let tracker = store
        .pilot(
            &PilotQuery {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: "Europe/Moscow".into(),
            },
            crate::testing::t0(),
        )
        .expect("reads the tracker");
    let zones: Vec<_> = tracker
        .starts_at
        .zones
        .iter()
        .map(|z| z.zone.as_str())
        .collect();
    assert_eq!(
        zones,
        vec!["Europe/Moscow", "America/Los_Angeles"],
        "viewer first, then partner"
    );
    assert_eq!(
        tracker.starts_at.zones[0].time, "12:00",
        "09:00 UTC is 12:00 in Moscow"
    );
    assert_eq!(
        tracker.starts_at.zones[1].time, "01:00",
        "and 01:00 PST in LA"
    );
    assert!(matches!(
        store.pilot(
            &PilotQuery {
                pilot_id: pilot.id,
                viewer_time_zone: "Moon/Base".into()
            },
            crate::testing::t0()
        ),
        Err(Error::UnknownTimeZone(_))
    ));
}

/// The viewer's zone in these tests; the partner's is Los Angeles.
pub(super) const VIEWER: &str = "Europe/Moscow";

pub(super) fn viewer() -> Option<String> {
    Some(VIEWER.into())
}

/// Agreed and started, as the log writes need.
fn started() -> (Store, Pilot) {
    let (mut store, _, pilot) = scoped();
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: "Anna".into(),
                viewer_time_zone: None,
            },
            at(1),
        )
        .expect("agrees");
    let started = store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id,
                viewer_time_zone: None,
            },
            at(24),
        )
        .expect("starts");
    (store, started)
}

/// The write's answer is the read's, whole, for the same viewer zone.
pub(super) fn assert_is_the_read(store: &Store, written: &Pilot, what: &str) {
    let zones: Vec<_> = written
        .starts_at
        .zones
        .iter()
        .map(|z| z.zone.as_str())
        .collect();
    assert_eq!(
        zones,
        vec![VIEWER, "America/Los_Angeles"],
        "{what}: the write renders the viewer's zone first, then the partner's"
    );
    let read = store
        .pilot(
            &PilotQuery {
                pilot_id: written.id.clone(),
                viewer_time_zone: VIEWER.into(),
            },
            crate::testing::t0(),
        )
        .expect("reads the tracker");
    assert_eq!(
        *written, read,
        "{what}: the write returns exactly what a read for the same zone returns"
    );
}

#[test]
fn creating_a_pilot_returns_the_reads_view() {
    let mut store = store();
    let p = partner(&mut store, "Sunset Creators");
    to_scoping(&mut store, &p.id);
    let created = store
        .create_pilot(
            &NewPilot {
                partner_id: p.id,
                scope: scope(),
                viewer_time_zone: viewer(),
            },
            t0(),
        )
        .expect("creates");
    assert_is_the_read(&store, &created, "create");
}

#[test]
fn editing_the_scope_returns_the_reads_view() {
    let (mut store, _, pilot) = scoped();
    let mut s = scope();
    s.creators = 1;
    let edited = store
        .update_pilot_scope(
            &PilotScopeEdit {
                pilot_id: pilot.id,
                scope: s,
                viewer_time_zone: viewer(),
            },
            at(1),
        )
        .expect("edits");
    assert_is_the_read(&store, &edited, "scope edit");
}

#[test]
fn agreeing_the_metrics_returns_the_reads_view() {
    let (mut store, _, pilot) = scoped();
    let agreed = store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id,
                agreed_by: "Anna".into(),
                viewer_time_zone: viewer(),
            },
            at(1),
        )
        .expect("agrees");
    assert_is_the_read(&store, &agreed, "agreement");
}

#[test]
fn starting_returns_the_reads_view() {
    let (mut store, _, pilot) = scoped();
    let started = store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id,
                viewer_time_zone: viewer(),
            },
            at(24),
        )
        .expect("starts");
    assert_is_the_read(&store, &started, "start (with the derived flag)");
}

#[test]
fn logging_a_deliverable_returns_the_reads_view() {
    let (mut store, pilot) = started();
    let logged = store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id,
                title: "Teaser".into(),
                market: Some("US".into()),
                due_at: crate::ids::format_instant(at(48)),
                delivered_at: Some(crate::ids::format_instant(at(72))),
                notice_given: false,
                verdict: Some(Verdict::OnScope),
                note: String::new(),
                viewer_time_zone: viewer(),
            },
            at(72),
        )
        .expect("logs a late deliverable");
    assert_eq!(
        logged.deliverables[0].due.zones.len(),
        2,
        "the deadline in both zones"
    );
    assert_is_the_read(&store, &logged, "deliverable (with the derived flag)");
}

#[test]
fn recording_a_delivery_returns_the_reads_view() {
    let (mut store, pilot) = started();
    let planned = store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id,
                title: "Teaser".into(),
                market: None,
                due_at: crate::ids::format_instant(at(48)),
                delivered_at: None,
                notice_given: false,
                verdict: None,
                note: String::new(),
                viewer_time_zone: None,
            },
            at(25),
        )
        .expect("logs a planned deliverable");
    let delivered = store
        .record_delivery(
            &DeliveryUpdate {
                deliverable_id: planned.deliverables[0].id.clone(),
                delivered_at: crate::ids::format_instant(at(47)),
                notice_given: false,
                verdict: Some(Verdict::OnScope),
                note: "on time".into(),
                viewer_time_zone: viewer(),
            },
            at(47),
        )
        .expect("records the delivery");
    assert_is_the_read(&store, &delivered, "delivery");
}

#[test]
fn logging_a_revision_round_returns_the_reads_view() {
    let (mut store, pilot) = started();
    let counted = store
        .log_revision_round(
            &NewRevisionRound {
                pilot_id: pilot.id,
                market: Some("RU".into()),
                note: String::new(),
                viewer_time_zone: viewer(),
            },
            at(30),
        )
        .expect("counts a round");
    assert_is_the_read(&store, &counted, "revision round");
}

#[test]
fn logging_an_approval_returns_the_reads_view() {
    let (mut store, pilot) = started();
    let approved = store
        .log_approval(
            &NewApproval {
                pilot_id: pilot.id,
                market: "US".into(),
                requested_at: crate::ids::format_instant(at(30)),
                approved_at: crate::ids::format_instant(at(36)),
                note: String::new(),
                viewer_time_zone: viewer(),
            },
            at(40),
        )
        .expect("logs an approval");
    assert_is_the_read(&store, &approved, "approval");
}

#[test]
fn recording_a_metric_actual_returns_the_reads_view() {
    let (mut store, pilot) = started();
    let recorded = store
        .record_metric_actual(
            &MetricActual {
                metric_id: pilot.metrics[0].id.clone(),
                actual: 120_000.0,
                viewer_time_zone: viewer(),
            },
            at(100),
        )
        .expect("records an actual");
    assert_is_the_read(&store, &recorded, "metric actual");
}

#[test]
fn a_write_with_an_unknown_viewer_zone_is_refused_and_changes_nothing() {
    let (mut store, pilot) = started();
    let before = dump(&store);
    fn moon() -> Option<String> {
        Some("Moon/Base".into())
    }
    type Write = Box<dyn Fn(&mut Store) -> Result<Pilot>>;
    let (id, metric) = (pilot.id.clone(), pilot.metrics[0].id.clone());
    let writes: Vec<(&str, Write)> = vec![
        ("create", {
            let partner_id = pilot.partner_id.clone();
            Box::new(move |s: &mut Store| {
                s.create_pilot(
                    &NewPilot {
                        partner_id: partner_id.clone(),
                        scope: scope(),
                        viewer_time_zone: moon(),
                    },
                    at(30),
                )
            })
        }),
        ("scope edit", {
            let id = id.clone();
            Box::new(move |s: &mut Store| {
                s.update_pilot_scope(
                    &PilotScopeEdit {
                        pilot_id: id.clone(),
                        scope: scope(),
                        viewer_time_zone: moon(),
                    },
                    at(30),
                )
            })
        }),
        ("agreement", {
            let id = id.clone();
            Box::new(move |s: &mut Store| {
                s.agree_pilot_metrics(
                    &MetricsAgreement {
                        pilot_id: id.clone(),
                        agreed_by: "Anna".into(),
                        viewer_time_zone: moon(),
                    },
                    at(30),
                )
            })
        }),
        ("start", {
            let id = id.clone();
            Box::new(move |s: &mut Store| {
                s.start_pilot(
                    &PilotStart {
                        pilot_id: id.clone(),
                        viewer_time_zone: moon(),
                    },
                    at(30),
                )
            })
        }),
        ("deliverable", {
            let id = id.clone();
            Box::new(move |s: &mut Store| {
                s.log_deliverable(
                    &NewDeliverable {
                        pilot_id: id.clone(),
                        title: "Teaser".into(),
                        market: None,
                        due_at: crate::ids::format_instant(at(48)),
                        delivered_at: None,
                        notice_given: false,
                        verdict: None,
                        note: String::new(),
                        viewer_time_zone: moon(),
                    },
                    at(30),
                )
            })
        }),
        (
            "delivery",
            Box::new(|s: &mut Store| {
                s.record_delivery(
                    &DeliveryUpdate {
                        deliverable_id: "any".into(),
                        delivered_at: crate::ids::format_instant(at(30)),
                        notice_given: false,
                        verdict: None,
                        note: String::new(),
                        viewer_time_zone: moon(),
                    },
                    at(30),
                )
            }),
        ),
        ("revision round", {
            let id = id.clone();
            Box::new(move |s: &mut Store| {
                s.log_revision_round(
                    &NewRevisionRound {
                        pilot_id: id.clone(),
                        market: None,
                        note: String::new(),
                        viewer_time_zone: moon(),
                    },
                    at(30),
                )
            })
        }),
        ("approval", {
            let id = id.clone();
            Box::new(move |s: &mut Store| {
                s.log_approval(
                    &NewApproval {
                        pilot_id: id.clone(),
                        market: "RU".into(),
                        requested_at: crate::ids::format_instant(at(25)),
                        approved_at: crate::ids::format_instant(at(26)),
                        note: String::new(),
                        viewer_time_zone: moon(),
                    },
                    at(30),
                )
            })
        }),
        (
            "metric actual",
            Box::new(move |s: &mut Store| {
                s.record_metric_actual(
                    &MetricActual {
                        metric_id: metric.clone(),
                        actual: 1.0,
                        viewer_time_zone: moon(),
                    },
                    at(30),
                )
            }),
        ),
    ];
    for (what, write) in writes {
        let refused = write(&mut store);
        assert!(
            matches!(&refused, Err(Error::UnknownTimeZone(z)) if z == "Moon/Base"),
            "{what}: a zone the read would refuse is refused by the write too, got {refused:?}"
        );
        assert_eq!(dump(&store), before, "{what}: nothing changed");
    }
}

#[test]
fn a_write_without_a_viewer_zone_returns_the_partners_zone_only() {
    let (mut store, pilot) = started();
    let counted = store
        .log_revision_round(
            &NewRevisionRound {
                pilot_id: pilot.id,
                market: None,
                note: String::new(),
                viewer_time_zone: None,
            },
            at(30),
        )
        .expect("counts a round");
    let zones: Vec<_> = counted
        .starts_at
        .zones
        .iter()
        .map(|z| z.zone.as_str())
        .collect();
    assert_eq!(
        zones,
        vec!["America/Los_Angeles"],
        "absent, the write answers as before: the partner's zone only"
    );
}

/// A value Vetta stored that no longer parses is a malformed row, named by table and column (not
/// "the file is damaged" with no path); the rest of the file still reads.
#[test]
fn an_instant_that_does_not_parse_is_a_malformed_row() {
    let (store, partner_id, pilot) = scoped();
    store
        .conn
        .execute(
            "UPDATE pilots SET starts_at = 'next Tuesday' WHERE id = ?1",
            [&pilot.id],
        )
        .expect("a raw write, as a broken sync or a hand edit might make");
    let err = store
        .pilot(
            &PilotQuery {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: "Europe/Moscow".into(),
            },
            crate::testing::t0(),
        )
        .expect_err("the pilot does not read");
    assert!(
        matches!(
            &err,
            Error::MalformedRow {
                table: "pilots",
                column: "starts_at",
                detail,
            } if detail.contains("next Tuesday")
        ),
        "got {err:?}"
    );
    assert!(
        store.partner(&partner_id).is_ok(),
        "the partner itself still reads"
    );
}
