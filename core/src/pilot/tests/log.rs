//! Logging: deliverables, delivery, revision rounds, approvals, actuals.

use super::*;

#[test]
fn a_late_delivery_without_notice_derives_a_flag_in_the_same_write() {
    let (mut store, partner_id, pilot) = scoped();
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: "Anna and Mike".into(),
                viewer_time_zone: None,
            },
            at(1),
        )
        .expect("agrees");
    let started = store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
            },
            at(24),
        )
        .expect("starts");
    assert!(started.gate.metrics_agreed_before_start);
    assert!(
        kinds(&store, &partner_id).is_empty(),
        "agreed before start: no flag"
    );
    let due = crate::ids::format_instant(at(24 * 7));
    let on_time = store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: "Teaser".into(),
                market: Some("us".into()),
                due_at: due.clone(),
                delivered_at: None,
                notice_given: false,
                verdict: None,
                note: String::new(),
                viewer_time_zone: None,
            },
            at(25),
        )
        .expect("logs a planned deliverable");
    let id = on_time.deliverables[0].id.clone();
    assert_eq!(
        on_time.deliverables[0].due.zones.len(),
        1,
        "partner zone on writes"
    );
    // Delivered one minute late, no notice.
    let late = store
        .record_delivery(
            &DeliveryUpdate {
                deliverable_id: id.clone(),
                delivered_at: crate::ids::format_instant(at(24 * 7) + chrono::Duration::minutes(1)),
                notice_given: false,
                verdict: Some(Verdict::OnScope),
                note: String::new(),
                viewer_time_zone: None,
            },
            at(24 * 8),
        )
        .expect("records the delivery");
    assert!(late.deliverables[0].late);
    let flags = missed_flags(&store, &partner_id);
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].kind, MISSED_DEADLINE_NO_NOTICE);
    assert_eq!(flags[0].deliverable_id.as_deref(), Some(id.as_str()));
    assert_eq!(flags[0].status, FlagStatus::Open);
    assert_eq!(
        flags[0].occurred_at,
        crate::ids::format_instant(at(24 * 7)),
        "the flag is dated at the deadline it missed"
    );
    assert_eq!(
        flags[0].note, on_time.deliverables[0].title,
        "the note is the deliverable's title, so the UI can explain it in either language"
    );
    // Recording the same delivery again does not duplicate the flag.
    store
        .record_delivery(
            &DeliveryUpdate {
                deliverable_id: id,
                delivered_at: crate::ids::format_instant(at(24 * 8)),
                notice_given: false,
                verdict: Some(Verdict::OnScope),
                note: String::new(),
                viewer_time_zone: None,
            },
            at(24 * 8),
        )
        .expect("re-records");
    assert_eq!(missed_flags(&store, &partner_id).len(), 1);
}

/// The partner's flags but the compliance one (every item is open in these deliveries).
fn missed_flags(store: &Store, partner_id: &str) -> Vec<crate::flag::Flag> {
    let flags = store.flags(partner_id).expect("flags");
    assert!(
        flags.iter().any(|f| f.kind == COMPLIANCE_OPEN_AT_DELIVERY),
        "delivered with the checklist open"
    );
    flags
        .into_iter()
        .filter(|f| f.kind != COMPLIANCE_OPEN_AT_DELIVERY)
        .collect()
}

#[test]
fn late_with_notice_or_on_time_raises_nothing_and_counters_count() {
    let (mut store, partner_id, pilot) = scoped();
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: "A".into(),
                viewer_time_zone: None,
            },
            t0(),
        )
        .expect("agrees");
    store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
            },
            at(24),
        )
        .expect("starts");
    let logged = store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: "Video".into(),
                market: None,
                due_at: crate::ids::format_instant(at(48)),
                delivered_at: Some(crate::ids::format_instant(at(72))),
                notice_given: true,
                verdict: Some(Verdict::OnScope),
                note: String::new(),
                viewer_time_zone: None,
            },
            at(72),
        )
        .expect("logs");
    assert!(logged.deliverables[0].late);
    assert_eq!(
        kinds(&store, &partner_id),
        [COMPLIANCE_OPEN_AT_DELIVERY],
        "notice was given: only the open checklist is flagged"
    );
    assert!(logged.gate.passed);
    let mut last = logged;
    for round in 1..=3 {
        last = store
            .log_revision_round(
                &NewRevisionRound {
                    pilot_id: pilot.id.clone(),
                    market: Some("RU".into()),
                    note: format!("Раунд {round}: свет  в кадре\n«тёплее»"),
                    viewer_time_zone: None,
                },
                at(80),
            )
            .expect("counts a round");
    }
    assert_eq!(
        (
            last.revisions.used,
            last.revisions.limit,
            last.revisions.over_limit
        ),
        (3, 2, true)
    );
    let notes: Vec<&str> = last
        .revisions
        .rounds
        .iter()
        .map(|r| r.note.as_str())
        .collect();
    assert_eq!(
        notes,
        (1..=3)
            .map(|n| format!("Раунд {n}: свет  в кадре\n«тёплее»"))
            .collect::<Vec<_>>(),
        "every round's note reads back exactly, oldest first"
    );
    assert!(last
        .revisions
        .rounds
        .iter()
        .all(|r| r.market.as_deref() == Some("RU")));
    for (market, hours) in [("RU", 2), ("RU", 6), ("US", 30)] {
        last = store
            .log_approval(
                &NewApproval {
                    pilot_id: pilot.id.clone(),
                    market: market.into(),
                    requested_at: crate::ids::format_instant(at(50)),
                    approved_at: crate::ids::format_instant(at(50 + hours)),
                    note: String::new(),
                    viewer_time_zone: None,
                },
                at(90),
            )
            .expect("logs an approval");
    }
    let ru = &last.approvals[0];
    assert_eq!((ru.market.as_str(), ru.approvals), ("RU", 2));
    assert!((ru.average_hours - 4.0).abs() < 1e-9);
    assert!((last.approvals[1].average_hours - 30.0).abs() < 1e-9);
    let metric = last.metrics[1].id.clone();
    let after = store
        .record_metric_actual(
            &MetricActual {
                metric_id: metric,
                actual: 3.1,
                viewer_time_zone: None,
            },
            at(100),
        )
        .expect("records an actual");
    assert_eq!(after.metrics[1].met, Some(true));
    assert_eq!(after.metrics[0].met, None);
}
