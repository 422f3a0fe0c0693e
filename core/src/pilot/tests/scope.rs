//! Scoping: create, edit, agree, start.

use super::*;

#[test]
fn starting_without_agreed_metrics_derives_a_flag() {
    let (mut store, partner_id, pilot) = scoped();
    let started = store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
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
                viewer_time_zone: None,
            },
            at(30),
        )
        .expect("agrees late");
    assert!(!late.gate.metrics_agreed_before_start);
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
                        field: Field::Creators,
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
                        field: Field::Creators,
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
                        field: Field::Deliverables,
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
                        field: Field::RevisionLimit,
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
                        field: Field::DurationDays,
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
                        field: Field::EndsAt,
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
                        field: Field::StartsAt,
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
                        field: Field::PaymentAmount,
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
                        field: Field::Currency,
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
                        field: Field::Hypotheses,
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
                        field: Field::Hypotheses,
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
                        field: Field::Rhythm,
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
                    viewer_time_zone: None,
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
                scope: scope(),
                viewer_time_zone: None,
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
                scope: scope(),
                viewer_time_zone: None,
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
                agreed_by: "A".into(),
                viewer_time_zone: None,
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
                actual: 1.0,
                viewer_time_zone: None,
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
                approved_at: crate::ids::format_instant(at(4)),
                note: String::new(),
                viewer_time_zone: None,
            },
            t0()
        ),
        Err(Error::InvalidValue {
            field: Field::ApprovedAt,
            ..
        })
    ));
    assert!(matches!(
        store.record_delivery(
            &DeliveryUpdate {
                deliverable_id: "nope".into(),
                delivered_at: crate::ids::format_instant(at(-5)),
                notice_given: false,
                verdict: None,
                note: String::new(),
                viewer_time_zone: None,
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
                viewer_time_zone: None,
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
                viewer_time_zone: None,
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
                viewer_time_zone: None,
            },
            at(2),
        )
        .expect("starts");
    assert!(matches!(
        store.update_pilot_scope(
            &PilotScopeEdit {
                pilot_id: pilot.id.clone(),
                scope: s,
                viewer_time_zone: None,
            },
            at(3)
        ),
        Err(Error::InvalidTransition {
            action: TransitionAction::UpdatePilotScope,
            state: TransitionState::Started
        })
    ));
    assert!(matches!(
        store.start_pilot(
            &PilotStart {
                pilot_id: pilot.id,
                viewer_time_zone: None,
            },
            at(3)
        ),
        Err(Error::InvalidTransition {
            action: TransitionAction::StartPilot,
            state: TransitionState::Started
        })
    ));
}
