use super::*;
use crate::flag::FlagStatus;
use crate::testing::{at, dump, partner, pilot_for, scope, store, t0, to_scoping};

fn scoped() -> (Store, String, Pilot) {
    let mut store = store();
    let p = partner(&mut store, "Sunset Creators");
    to_scoping(&mut store, &p.id);
    let pilot = pilot_for(&mut store, &p.id);
    (store, p.id, pilot)
}

fn kinds(store: &Store, partner_id: &str) -> Vec<String> {
    store
        .flags(partner_id)
        .expect("lists flags")
        .into_iter()
        .map(|f| f.kind)
        .collect()
}

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
            over_limit: false
        }
    );
    let tracker = store
        .pilot(&PilotQuery {
            pilot_id: pilot.id.clone(),
            viewer_time_zone: "Europe/Moscow".into(),
        })
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
        store.pilot(&PilotQuery {
            pilot_id: pilot.id,
            viewer_time_zone: "Moon/Base".into()
        }),
        Err(Error::UnknownTimeZone(_))
    ));
}

#[test]
fn starting_without_agreed_metrics_derives_a_flag() {
    let (mut store, partner_id, pilot) = scoped();
    let started = store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
            },
            at(24),
        )
        .expect("starts");
    assert!(!started.gate.metrics_agreed_before_start);
    assert_eq!(kinds(&store, &partner_id), vec![METRICS_NOT_AGREED]);
    let flag = &store.flags(&partner_id).expect("flags")[0];
    assert_eq!(flag.source, crate::flag::FlagSource::Derived);
    assert_eq!(
        store.partner(&partner_id).expect("reads").phase,
        Phase::Pilot
    );
    // Agreeing afterwards is recorded but does not make it "before start".
    let late = store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id,
                agreed_by: "Anna".into(),
            },
            at(30),
        )
        .expect("agrees late");
    assert!(!late.gate.metrics_agreed_before_start);
}

#[test]
fn a_late_delivery_without_notice_derives_a_flag_in_the_same_write() {
    let (mut store, partner_id, pilot) = scoped();
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: "Anna and Mike".into(),
            },
            at(1),
        )
        .expect("agrees");
    let started = store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
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
            },
            at(24 * 8),
        )
        .expect("records the delivery");
    assert!(late.deliverables[0].late);
    let flags = store.flags(&partner_id).expect("flags");
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
            },
            at(24 * 8),
        )
        .expect("re-records");
    assert_eq!(store.flags(&partner_id).expect("flags").len(), 1);
}

#[test]
fn late_with_notice_or_on_time_raises_nothing_and_counters_count() {
    let (mut store, partner_id, pilot) = scoped();
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: "A".into(),
            },
            t0(),
        )
        .expect("agrees");
    store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
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
            },
            at(72),
        )
        .expect("logs");
    assert!(logged.deliverables[0].late);
    assert!(kinds(&store, &partner_id).is_empty(), "notice was given");
    assert!(logged.gate.passed);
    let mut last = logged;
    for _ in 0..3 {
        last = store
            .log_revision_round(
                &NewRevisionRound {
                    pilot_id: pilot.id.clone(),
                    market: Some("RU".into()),
                    note: String::new(),
                },
                at(80),
            )
            .expect("counts a round");
    }
    assert_eq!(
        last.revisions,
        RevisionCounter {
            used: 3,
            limit: 2,
            over_limit: true
        }
    );
    for (market, hours) in [("RU", 2), ("RU", 6), ("US", 30)] {
        last = store
            .log_approval(
                &NewApproval {
                    pilot_id: pilot.id.clone(),
                    market: market.into(),
                    requested_at: crate::ids::format_instant(at(50)),
                    approved_at: crate::ids::format_instant(at(50 + hours)),
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
            },
            at(100),
        )
        .expect("records an actual");
    assert_eq!(after.metrics[1].met, Some(true));
    assert_eq!(after.metrics[0].met, None);
}

#[test]
fn bad_pilot_input_is_refused_and_changes_nothing() {
    let (mut store, partner_id, pilot) = scoped();
    let before = dump(&store);
    type Edit = fn(&mut PilotScope);
    type Expect = fn(&Error) -> bool;
    let cases: Vec<(&str, Edit, Expect)> = vec![
        (
            "three creators",
            |s| s.creators = 3,
            |e| {
                matches!(
                    e,
                    Error::LimitOutOfRange {
                        field: "creators",
                        min: 1,
                        max: 2
                    }
                )
            },
        ),
        (
            "zero creators",
            |s| s.creators = 0,
            |e| {
                matches!(
                    e,
                    Error::LimitOutOfRange {
                        field: "creators",
                        ..
                    }
                )
            },
        ),
        (
            "two deliverables",
            |s| s.deliverables = 2,
            |e| {
                matches!(
                    e,
                    Error::LimitOutOfRange {
                        field: "deliverables",
                        ..
                    }
                )
            },
        ),
        (
            "absurd revisions",
            |s| s.revision_limit = u32::MAX,
            |e| {
                matches!(
                    e,
                    Error::LimitOutOfRange {
                        field: "revisionLimit",
                        ..
                    }
                )
            },
        ),
        (
            "60 days",
            |s| s.ends_at = crate::ids::format_instant(at(24 + 60 * 24)),
            |e| {
                matches!(
                    e,
                    Error::LimitOutOfRange {
                        field: "durationDays",
                        ..
                    }
                )
            },
        ),
        (
            "ends before start",
            |s| s.ends_at = s.starts_at.clone(),
            |e| {
                matches!(
                    e,
                    Error::InvalidValue {
                        field: "endsAt",
                        ..
                    }
                )
            },
        ),
        (
            "bad instant",
            |s| s.starts_at = "tomorrow".into(),
            |e| {
                matches!(
                    e,
                    Error::InvalidValue {
                        field: "startsAt",
                        ..
                    }
                )
            },
        ),
        (
            "negative payment",
            |s| s.payment_amount = "-5".into(),
            |e| {
                matches!(
                    e,
                    Error::InvalidValue {
                        field: "paymentAmount",
                        ..
                    }
                )
            },
        ),
        (
            "bad currency",
            |s| s.currency = "рубли".into(),
            |e| {
                matches!(
                    e,
                    Error::InvalidValue {
                        field: "currency",
                        ..
                    }
                )
            },
        ),
        (
            "money metric without currency",
            |s| {
                s.metrics[1].unit = MetricUnit::Money;
                s.metrics[1].currency = None;
            },
            |e| matches!(e, Error::MetricNeedsCurrency { metric } if metric == "Conversion"),
        ),
        (
            "money metric with blank currency",
            |s| {
                s.metrics[1].unit = MetricUnit::Money;
                s.metrics[1].currency = Some("  ".into());
            },
            |e| matches!(e, Error::MetricNeedsCurrency { .. }),
        ),
        (
            "unknown market",
            |s| s.metrics[0].market = "KZ".into(),
            |e| matches!(e, Error::UnknownMarket(_)),
        ),
        (
            "NaN target",
            |s| s.metrics[0].target = f64::NAN,
            |e| matches!(e, Error::InvalidValue { .. }),
        ),
        (
            "two hypotheses",
            |s| {
                s.hypotheses.pop();
            },
            |e| {
                matches!(
                    e,
                    Error::LimitOutOfRange {
                        field: "hypotheses",
                        min: 3,
                        max: 5
                    }
                )
            },
        ),
        (
            "six hypotheses",
            |s| s.hypotheses = vec!["h".into(); 6],
            |e| {
                matches!(
                    e,
                    Error::LimitOutOfRange {
                        field: "hypotheses",
                        ..
                    }
                )
            },
        ),
        (
            "empty role",
            |s| s.roles.final_approval = " ".into(),
            |e| matches!(e, Error::EmptyField { .. }),
        ),
        (
            "10,000-character rhythm+",
            |s| s.rhythm = "ж".repeat(10_001),
            |e| {
                matches!(
                    e,
                    Error::TooLong {
                        field: "rhythm",
                        ..
                    }
                )
            },
        ),
    ];
    for (what, edit, expected) in cases {
        let mut s = scope();
        edit(&mut s);
        let err = store
            .update_pilot_scope(
                &PilotScopeEdit {
                    pilot_id: pilot.id.clone(),
                    scope: s,
                },
                t0(),
            )
            .expect_err(what);
        assert!(expected(&err), "{what}: unexpected {err:?}");
        assert_eq!(dump(&store), before, "{what}: nothing changed");
    }
    // A second pilot while one is open, and a pilot for an unknown partner.
    assert!(matches!(
        store.create_pilot(
            &NewPilot {
                partner_id: partner_id.clone(),
                scope: scope()
            },
            t0()
        ),
        Err(Error::InvalidTransition {
            action: TransitionAction::CreatePilot,
            state: TransitionState::PilotOpen
        })
    ));
    assert!(matches!(
        store.create_pilot(
            &NewPilot {
                partner_id: "nope".into(),
                scope: scope()
            },
            t0()
        ),
        Err(Error::NotFound {
            entity: "partner",
            ..
        })
    ));
    assert!(matches!(
        store.agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: "nope".into(),
                agreed_by: "A".into()
            },
            t0()
        ),
        Err(Error::NotFound {
            entity: "pilot",
            ..
        })
    ));
    assert!(matches!(
        store.record_metric_actual(
            &MetricActual {
                metric_id: "nope".into(),
                actual: 1.0
            },
            t0()
        ),
        Err(Error::NotFound {
            entity: "metric",
            ..
        })
    ));
    assert!(matches!(
        store.log_approval(
            &NewApproval {
                pilot_id: pilot.id.clone(),
                market: "RU".into(),
                requested_at: crate::ids::format_instant(at(5)),
                approved_at: crate::ids::format_instant(at(4))
            },
            t0()
        ),
        Err(Error::InvalidValue {
            field: "approvedAt",
            ..
        })
    ));
    assert!(matches!(
        store.record_delivery(
            &DeliveryUpdate {
                deliverable_id: "nope".into(),
                delivered_at: crate::ids::format_instant(at(5)),
                notice_given: false,
                verdict: None,
                note: String::new()
            },
            t0()
        ),
        Err(Error::NotFound {
            entity: "deliverable",
            ..
        })
    ));
    assert_eq!(dump(&store), before, "refused writes leave no trace");
    let json = r#"{"partnerId":"x","scope":{},"budget":1}"#;
    assert!(
        serde_json::from_str::<NewPilot>(json).is_err(),
        "unknown fields are refused"
    );
}

#[test]
fn a_scope_edit_before_start_needs_agreement_again_and_is_refused_after() {
    let (mut store, _, pilot) = scoped();
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: "A".into(),
            },
            t0(),
        )
        .expect("agrees");
    let mut s = scope();
    s.creators = 1;
    let edited = store
        .update_pilot_scope(
            &PilotScopeEdit {
                pilot_id: pilot.id.clone(),
                scope: s.clone(),
            },
            at(1),
        )
        .expect("edits");
    assert_eq!(edited.creators, 1);
    assert_eq!(
        edited.metrics_agreed_at, None,
        "changing the scope voids the agreement"
    );
    assert_eq!(
        edited.metrics.len(),
        2,
        "old metrics are soft-deleted, new ones shown"
    );
    store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
            },
            at(2),
        )
        .expect("starts");
    assert!(matches!(
        store.update_pilot_scope(
            &PilotScopeEdit {
                pilot_id: pilot.id.clone(),
                scope: s
            },
            at(3)
        ),
        Err(Error::InvalidTransition {
            action: TransitionAction::UpdatePilotScope,
            state: TransitionState::Started
        })
    ));
    assert!(matches!(
        store.start_pilot(&PilotStart { pilot_id: pilot.id }, at(3)),
        Err(Error::InvalidTransition {
            action: TransitionAction::StartPilot,
            state: TransitionState::Started
        })
    ));
}

#[test]
fn the_pilot_gate_is_pure_and_needs_all_three() {
    let a = Some(t0());
    let s = Some(at(1));
    assert!(pilot_gate(a, s, false, &[Some(Verdict::OnScope)]).passed);
    assert!(
        !pilot_gate(Some(at(2)), s, false, &[Some(Verdict::OnScope)]).passed,
        "agreed after start"
    );
    assert!(
        !pilot_gate(a, s, true, &[Some(Verdict::OnScope)]).passed,
        "dealbreaker"
    );
    assert!(
        !pilot_gate(a, s, false, &[Some(Verdict::BelowScope)]).passed,
        "below scope"
    );
    assert!(!pilot_gate(a, s, false, &[None]).passed, "not yet judged");
    assert!(!pilot_gate(a, s, false, &[]).passed, "nothing delivered");
}
