use super::*;
use crate::gate::CriterionResult;
use crate::signal::{score_signals, Signals};
use proptest::prelude::*;

fn signals(strong: bool) -> SignalScore {
    let rules = crate::framework::default_definition().signals;
    let s = if strong {
        Signals {
            case_studies: vec![],
            longest_relationship_months: Some(12),
            showed_failures: Some(true),
            cross_market_experience: Some(true),
            creator_references: None,
        }
    } else {
        Signals::default()
    };
    score_signals(&s, &["RU".into(), "US".into()], &rules)
}

fn clean_gate() -> PilotGate {
    PilotGate {
        metrics_agreed_before_start: true,
        no_dealbreaker: true,
        deliverables_on_scope: true,
        passed: true,
    }
}

fn facts(phase: Phase) -> Facts {
    Facts {
        phase,
        flags: vec![],
        signals: signals(true),
        advance_at_strong: 3,
        gate: None,
        scored_hidden: None,
        pilot: Some(pilot(clean_gate(), Some(FailureCause::None))),
        campaigns: 1,
        rung: 1,
        basics: BasicsRules::default(),
    }
}

fn pilot(gate: PilotGate, failure_cause: Option<FailureCause>) -> PilotFact {
    PilotFact {
        campaign_no: 1,
        metrics_agreed: gate.metrics_agreed_before_start,
        started: true,
        gate,
        failure_cause,
        late_with_notice: 0,
        late_without_notice: 0,
        below_scope: 0,
        revisions_used: 0,
        revision_limit: 2,
        missed_metrics: vec![],
    }
}

fn flag(severity: Severity, status: FlagStatus) -> FlagFact {
    FlagFact {
        id: "f1".into(),
        kind: "resists_documentation".into(),
        severity,
        status,
    }
}

/// Whether one of `r`'s reasons matches the pattern.
macro_rules! has {
    ($r:expr, $($p:tt)+) => {
        $r.reasons().any(|x| matches!(x, $($p)+))
    };
}

#[test]
fn a_successful_first_pilot_scales_to_three_not_five() {
    let r = recommend(&facts(Phase::Debrief));
    assert_eq!(r.choice, Choice::ScaleTo { campaigns: 3 });
    assert!(has!(r, Reason::LadderNext { .. }) && has!(r, Reason::PilotGatePassed));
    let mut at3 = facts(Phase::Debrief);
    at3.rung = 3;
    assert_eq!(recommend(&at3).choice, Choice::ScaleTo { campaigns: 5 });
    at3.rung = 5;
    assert_eq!(
        recommend(&at3).choice,
        Choice::Hold,
        "the top of the ladder holds"
    );
    assert_eq!(next_rung(1), Some(3));
    assert_eq!(next_rung(3), Some(5));
    assert_eq!(next_rung(5), None);
}

#[test]
fn failure_causes_lead_to_repeat_or_walk() {
    for (cause, expected) in [
        (FailureCause::Execution, Choice::Repeat),
        (FailureCause::Scope, Choice::Repeat),
        (FailureCause::Communication, Choice::Walk),
        (FailureCause::Expectations, Choice::Walk),
        (FailureCause::MarketFit, Choice::Walk),
    ] {
        let mut f = facts(Phase::Debrief);
        if let Some(p) = f.pilot.as_mut() {
            p.failure_cause = Some(cause);
        }
        let r = recommend(&f);
        assert_eq!(r.choice, expected, "{cause:?}");
        assert!(
            has!(r, Reason::FailureCause { cause: c } if c == &cause),
            "the cause is a reason"
        );
    }
}

#[test]
fn missing_basics_after_two_campaigns_walks() {
    let mut f = facts(Phase::Debrief);
    f.campaigns = 2;
    if let Some(p) = f.pilot.as_mut() {
        p.gate.metrics_agreed_before_start = false;
        p.failure_cause = Some(FailureCause::Execution);
    }
    let r = recommend(&f);
    assert_eq!(
        r.choice,
        Choice::Walk,
        "a basic still missing after 2 campaigns"
    );
    assert!(has!(r, Reason::MissingBasics { count: 2, .. }));
}

#[test]
fn open_warnings_or_a_failed_pilot_gate_repeat_instead_of_scaling() {
    let mut f = facts(Phase::Debrief);
    f.flags.push(flag(Severity::Warning, FlagStatus::Open));
    let r = recommend(&f);
    assert_eq!(r.choice, Choice::Repeat);
    assert!(has!(r, Reason::WarningFlag { .. }));
    f.flags[0].status = FlagStatus::Resolved;
    assert_eq!(
        recommend(&f).choice,
        Choice::ScaleTo { campaigns: 3 },
        "resolved flags do not weigh"
    );
    if let Some(p) = f.pilot.as_mut() {
        p.gate.metrics_agreed_before_start = false;
        p.gate.passed = false;
    }
    let r = recommend(&f);
    assert_eq!(r.choice, Choice::Repeat);
    assert!(has!(r, Reason::MetricsNotAgreed));
}

#[test]
fn earlier_phases_follow_signals_gates_and_agreement() {
    assert_eq!(recommend(&facts(Phase::Sourced)).choice, Choice::Advance);
    let mut weak = facts(Phase::Sourced);
    weak.signals = signals(false);
    let r = recommend(&weak);
    assert_eq!(r.choice, Choice::Hold);
    assert!(has!(r, Reason::SignalsWeak { needed: 3, .. }));
    let r = recommend(&facts(Phase::GutCheck));
    assert_eq!(r.choice, Choice::Hold);
    assert!(has!(r, Reason::NoScorecards { .. }));
    let mut gut = facts(Phase::GutCheck);
    let c = |k: &str| CriterionResult {
        key: k.into(),
        label: crate::framework::Localized::new(k, k),
        weight: 1,
        pass_at: 1,
        answered: 1,
        mean: Some(1.0),
    };
    gut.gate = Some(GateResult {
        phase: Phase::GutCheck,
        passed: false,
        passed_criteria: vec![c("a"), c("b")],
        failed_criteria: vec![c("asks_about_goals")],
        passed_weight: 2,
        total_weight: 3,
        threshold: 3,
        reviewers: 1,
        min_reviewers: 1,
        waiting: false,
        score: 0.66,
    });
    let r = recommend(&gut);
    assert_eq!(r.choice, Choice::Hold, "2 of 3 does not advance");
    let missed = r
        .reasons()
        .find_map(|x| match x {
            Reason::ThresholdMissed {
                criteria,
                passed_weight,
                threshold,
                ..
            } => Some((criteria.as_slice(), *passed_weight, *threshold)),
            _ => None,
        })
        .expect("the missed threshold is a reason");
    assert_eq!(missed, (&["asks_about_goals".to_owned()][..], 2, 3));
    // The same one card, when the framework waits for two reviewers: no verdict yet.
    if let Some(g) = gut.gate.as_mut() {
        (g.min_reviewers, g.waiting) = (2, true);
    }
    let r = recommend(&gut);
    assert_eq!(r.choice, Choice::Hold);
    assert_eq!(
        r.decides,
        vec![Reason::WaitingForReviewers {
            phase: Phase::GutCheck,
            count: 1,
            needed: 2
        }],
        "a waiting gate names neither passed nor missed criteria"
    );
    // A viewer who has not scored: only the count.
    gut.scored_hidden = Some(1);
    let r = recommend(&gut);
    assert_eq!(r.choice, Choice::Hold);
    assert_eq!(
        r.decides,
        vec![Reason::ScoresHidden {
            phase: Phase::GutCheck,
            count: 1
        }]
    );
    let mut scoping = facts(Phase::PilotScoping);
    assert!(
        has!(recommend(&scoping), Reason::NoPilot),
        "a debriefed pilot is not the next one"
    );
    if let Some(p) = scoping.pilot.as_mut() {
        (p.started, p.failure_cause) = (false, None);
    }
    assert_eq!(recommend(&scoping).choice, Choice::Advance);
    if let Some(p) = scoping.pilot.as_mut() {
        p.metrics_agreed = false;
    }
    assert_eq!(recommend(&scoping).choice, Choice::Hold);
    scoping.pilot = None;
    assert!(has!(recommend(&scoping), Reason::NoPilot));
    assert_eq!(recommend(&facts(Phase::Pilot)).choice, Choice::Hold);
    assert_eq!(recommend(&facts(Phase::Walked)).choice, Choice::Walk);
}

#[test]
fn an_overridden_dealbreaker_stops_forcing_walk_but_is_still_shown() {
    let mut f = facts(Phase::Debrief);
    f.flags.push(flag(Severity::Dealbreaker, FlagStatus::Open));
    let r = recommend(&f);
    assert_eq!(r.choice, Choice::Walk);
    assert!(has!(r, Reason::Dealbreaker { .. }));
    f.flags[0].status = FlagStatus::Overridden;
    let r = recommend(&f);
    assert_ne!(r.choice, Choice::Walk);
    assert!(has!(r, Reason::DealbreakerOverridden { .. }));
}

fn arb_phase() -> impl Strategy<Value = Phase> {
    proptest::sample::select(Phase::ALL.to_vec())
}

fn arb_cause() -> impl Strategy<Value = Option<FailureCause>> {
    proptest::option::of(proptest::sample::select(FailureCause::ALL.to_vec()))
}

fn arb_flag() -> impl Strategy<Value = FlagFact> {
    (
        proptest::sample::select(Severity::ALL.to_vec()),
        proptest::sample::select(FlagStatus::ALL.to_vec()),
    )
        .prop_map(|(s, st)| flag(s, st))
}

prop_compose! {
    fn arb_facts()(phase in arb_phase(), cause in arb_cause(), flags in proptest::collection::vec(arb_flag(), 0..4),
                   campaigns in 0u32..6, rung in proptest::sample::select(LADDER.to_vec()),
                   agreed in any::<bool>(), on_scope in any::<bool>(), strong in any::<bool>(),
                   has_pilot in any::<bool>(), campaign_no in 1u32..6, started in any::<bool>(),
                   late_with_notice in 0u32..2, late_without_notice in 0u32..2,
                   below_scope in 0u32..2, revisions_used in 0u32..4, missed in any::<bool>())
                   -> Facts {
        let mut f = facts(phase);
        f.flags = flags;
        f.campaigns = campaigns;
        f.rung = rung;
        f.signals = signals(strong);
        f.pilot = has_pilot.then_some(PilotFact {
            campaign_no,
            started,
            late_with_notice,
            late_without_notice,
            below_scope,
            revisions_used,
            missed_metrics: if missed { vec![("US".into(), 1)] } else { vec![] },
            ..pilot(
                PilotGate {
                    metrics_agreed_before_start: agreed,
                    no_dealbreaker: true,
                    deliverables_on_scope: on_scope,
                    passed: agreed && on_scope,
                },
                cause,
            )
        });
        f
    }
}

proptest! {
    #[test]
    fn a_live_dealbreaker_always_yields_walk(mut f in arb_facts()) {
        f.flags.push(flag(Severity::Dealbreaker, FlagStatus::Open));
        let r = recommend(&f);
        prop_assert_eq!(r.choice, Choice::Walk);
        let named = has!(r, Reason::Dealbreaker { .. });
        prop_assert!(named, "the dealbreaker is a reason");
    }

    #[test]
    fn an_overridden_dealbreaker_never_forces_walk(mut f in arb_facts()) {
        f.flags.retain(|x| !(x.severity == Severity::Dealbreaker && x.status == FlagStatus::Open));
        let without = recommend(&f).choice;
        f.flags.push(flag(Severity::Dealbreaker, FlagStatus::Overridden));
        prop_assert_eq!(recommend(&f).choice, without);
    }

    #[test]
    fn recommendations_ignore_flag_order_and_never_jump_the_ladder(f in arb_facts()) {
        let mut reversed = f.clone();
        reversed.flags.reverse();
        let r = recommend(&f);
        prop_assert_eq!(r.choice, recommend(&reversed).choice);
        if let Choice::ScaleTo { campaigns } = r.choice {
            prop_assert_eq!(Some(campaigns), next_rung(f.rung));
        }
        prop_assert!(r.reasons().next().is_some(), "there is always a reason");
    }

    /// The groups hold to the choice: a walk is decided by what walks (never by a passed gate);
    /// no reason appears twice; every open warning appears; a scale-up is decided by the ladder.
    #[test]
    fn reasons_are_grouped_once_and_consistent_with_the_choice(f in arb_facts()) {
        let r = recommend(&f);
        let all: Vec<&Reason> = r.reasons().collect();
        for (i, reason) in all.iter().enumerate() {
            prop_assert!(!all[..i].contains(reason), "{:?} appears twice", reason);
        }
        if r.choice == Choice::Walk {
            prop_assert!(!r.decides.is_empty(), "a walk is decided by something");
            for reason in &r.decides {
                let walks = matches!(
                    reason,
                    Reason::Dealbreaker { .. } | Reason::MissingBasics { .. } | Reason::Walked
                        | Reason::FailureCause {
                            cause: FailureCause::Communication
                                | FailureCause::Expectations
                                | FailureCause::MarketFit
                        }
                );
                prop_assert!(walks, "{:?} does not decide a walk", reason);
            }
        }
        for reason in &r.decides {
            let passed = matches!(
                reason,
                Reason::GatePassed { .. } | Reason::PilotGatePassed | Reason::DeliverablesOnScope
            );
            prop_assert!(!passed, "a passed check decides {:?}", r.choice);
        }
        for flag in f.flags.iter().filter(|x| x.severity == Severity::Warning && x.status == FlagStatus::Open) {
            let shown = r.weighs.iter().any(
                |x| matches!(x, Reason::WarningFlag { flag_id, .. } if *flag_id == flag.id),
            );
            prop_assert!(shown, "an open warning weighs");
        }
        if let Choice::ScaleTo { .. } = r.choice {
            let ladder = r.decides.iter().any(|x| matches!(x, Reason::LadderNext { .. }));
            let light = r.weighs.iter().all(|x| {
                matches!(x, Reason::DealbreakerOverridden { .. } | Reason::DeliveredLate { without_notice: 0, .. })
            });
            prop_assert!(ladder && light, "a scale-up is decided by the ladder, with nothing heavy weighing");
        }
    }
}

#[test]
fn a_reason_is_its_code_and_its_own_parameters() {
    let cases = [
        (
            Reason::LadderNext {
                count: 1,
                needed: 3,
            },
            serde_json::json!({ "code": "ladder_next", "count": 1, "needed": 3 }),
        ),
        (
            Reason::WarningFlag {
                flag_id: "f1".into(),
                flag_kind: "late".into(),
            },
            serde_json::json!({ "code": "warning_flag", "flagId": "f1", "flagKind": "late" }),
        ),
        (
            Reason::GatePassed {
                phase: Phase::GutCheck,
                criteria: vec!["fit".into()],
                passed_weight: 3,
                threshold: 3,
            },
            serde_json::json!({
                "code": "gate_passed", "phase": "gut_check", "criteria": ["fit"],
                "passedWeight": 3, "threshold": 3
            }),
        ),
        (Reason::NoPilot, serde_json::json!({ "code": "no_pilot" })),
    ];
    for (reason, json) in cases {
        assert_eq!(
            serde_json::to_value(&reason).ok(),
            Some(json.clone()),
            "{reason:?}"
        );
        assert_eq!(
            serde_json::from_value::<Reason>(json).ok(),
            Some(reason),
            "reads back"
        );
    }
}

/// A reason as stored before reasons were tagged: every parameter of every code, unused ones null.
fn old_shape(code: &str, params: serde_json::Value) -> serde_json::Value {
    let mut row = serde_json::json!({
        "code": code, "phase": null, "flagId": null, "flagKind": null, "criteria": [],
        "passedWeight": null, "threshold": null, "count": null, "needed": null, "cause": null
    });
    if let (Some(row), Some(params)) = (row.as_object_mut(), params.as_object()) {
        row.extend(params.clone());
    }
    row
}

/// Decisions logged before reasons were tagged still read, each reason as its own variant.
#[test]
fn recommendations_stored_in_the_older_shape_still_read() {
    use serde_json::json;
    let cases = [
        (
            old_shape("signals_weak", json!({ "count": 0, "needed": 3 })),
            Reason::SignalsWeak {
                count: 0,
                needed: 3,
            },
        ),
        (
            old_shape("scaled", json!({ "count": 3 })),
            Reason::Scaled { count: 3 },
        ),
        (
            old_shape("ladder_next", json!({ "count": 1, "needed": 3 })),
            Reason::LadderNext {
                count: 1,
                needed: 3,
            },
        ),
        (
            old_shape("missing_basics", json!({ "count": 2 })),
            Reason::MissingBasics {
                count: 2,
                campaign: 0,
                gaps: vec![],
            },
        ),
        (
            old_shape("failure_cause", json!({ "cause": "execution" })),
            Reason::FailureCause {
                cause: FailureCause::Execution,
            },
        ),
        (
            old_shape("deliverables_not_on_scope", json!({})),
            Reason::DeliverablesNotOnScope,
        ),
    ];
    for (json, reason) in cases {
        assert_eq!(
            serde_json::from_value::<Reason>(json.clone()).map_err(|e| e.to_string()),
            Ok(reason),
            "{json}"
        );
    }
    // Rows exactly as the v3 fixture holds them (a dealbreaker and a passed gate).
    let stored = r#"{"choice":{"kind":"advance"},"reasons":[{"code":"dealbreaker_overridden","phase":null,"flagId":"f9","flagKind":"resists_documentation","criteria":[],"passedWeight":null,"threshold":null,"count":null,"needed":null,"cause":null},{"code":"gate_passed","phase":"gut_check","flagId":null,"flagKind":null,"criteria":["understands_ugc","knows_both_markets"],"passedWeight":2,"threshold":2,"count":null,"needed":null,"cause":null}]}"#;
    assert_eq!(
        serde_json::from_str::<Recommendation>(stored).map_err(|e| e.to_string()),
        Ok(Recommendation {
            choice: Choice::Advance,
            decides: vec![],
            weighs: vec![Reason::DealbreakerOverridden {
                flag_id: "f9".into(),
                flag_kind: "resists_documentation".into(),
            }],
            passed: vec![Reason::GatePassed {
                phase: Phase::GutCheck,
                criteria: vec!["understands_ugc".into(), "knows_both_markets".into()],
                passed_weight: 2,
                threshold: 2,
            }],
        })
    );
}
