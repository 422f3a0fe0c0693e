//! Stories of the vetting lifecycle, told through vetta-core's public Store API only.

use chrono::{DateTime, Duration, TimeZone, Utc};
use vetta_core::debrief::{FailureCause, Health, HypothesisOutcome, HypothesisVerdict, NewDebrief};
use vetta_core::decision::NewDecision;
use vetta_core::dossier::DossierQuery;
use vetta_core::flag::{FlagAction, FlagSource, FlagStatus, NewFlag};
use vetta_core::framework::{
    Severity, COMPLIANCE_OPEN_AT_DELIVERY, METRICS_NOT_AGREED, MISSED_DEADLINE_NO_NOTICE,
};
use vetta_core::ids::format_instant;
use vetta_core::partner::NewPartner;
use vetta_core::phase::Phase;
use vetta_core::pilot::{
    MetricUnit, MetricsAgreement, NewDeliverable, NewMetric, NewPilot, PilotQuery, PilotScope,
    PilotStart, Roles, Verdict,
};
use vetta_core::recommendation::{Choice, Reason};
use vetta_core::scorecard::ScorecardQuery;
use vetta_core::signal::{MarketCount, Signals};
use vetta_core::{testing, Error, Store};

/// Monday 2 March 2026, 07:00 UTC, plus `hours`. Fixed: every call passes time into the store and
/// no rule reads the real clock, so the stories hold on any day; a known week also keeps the LA
/// switch to PDT (Sunday 8 March 2026) inside the first pilot.
fn t(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 7, 0, 0)
        .single()
        .expect("valid date")
        + Duration::hours(hours)
}

fn partner(store: &mut Store, name: &str, signals: Signals) -> String {
    store
        .add_partner(
            &NewPartner {
                found_via: "bilingual hub".into(),
                signals,
                ..testing::new_partner(name)
            },
            t(0),
        )
        .expect("adds the partner")
        .id
}

fn decision(
    partner_id: &str,
    choice: Choice,
    rationale: &str,
    assumptions: &[&str],
) -> NewDecision {
    NewDecision {
        partner_id: partner_id.into(),
        choice,
        decided_by: "Olga (founder)".into(),
        rationale: rationale.into(),
        assumptions: assumptions.iter().map(|a| (*a).to_owned()).collect(),
        review_on: None,
        confidence: None,
        expected: None,
    }
}

fn gut_check(store: &mut Store, partner_id: &str, reviewer: &str, values: [i32; 3]) {
    store
        .submit_scorecard(&testing::gut_check_card(partner_id, reviewer, values), t(2))
        .expect("submits a gut-check scorecard");
}

fn strong_signals() -> Signals {
    Signals {
        case_studies: vec![
            MarketCount {
                market: "RU".into(),
                count: 5,
            },
            MarketCount {
                market: "US".into(),
                count: 4,
            },
        ],
        longest_relationship_months: Some(14),
        showed_failures: Some(true),
        cross_market_experience: Some(true),
        creator_references: Some(3),
    }
}

fn scope() -> PilotScope {
    PilotScope {
        creators: 2,
        deliverables: 1,
        starts_at: format_instant(t(48)),
        ends_at: format_instant(t(48 + 14 * 24)),
        revision_limit: 2,
        payment_amount: "150000".into(),
        currency: "RUB".into(),
        metrics: vec![
            NewMetric {
                market: "RU".into(),
                name: "Охват (awareness)".into(),
                unit: MetricUnit::Count,
                target: 200_000.0,
                currency: None,
            },
            NewMetric {
                market: "US".into(),
                name: "Conversion rate".into(),
                unit: MetricUnit::Percent,
                target: 2.0,
                currency: None,
            },
        ],
        roles: Roles {
            creative_feedback_owner: "Anna (Moscow)".into(),
            creator_relations: "Jake (LA)".into(),
            final_approval: "Olga".into(),
            escalation_path: "Jake → Anna → Olga".into(),
        },
        rhythm: "async-first; weekly sync Tuesdays 08:00 LA / 18:00 Moscow".into(),
        hypotheses: vec![
            "RU audiences prefer founder-led copy".into(),
            "US converts on creator testimonials".into(),
            "Two creators are enough to read the signal".into(),
        ],
    }
}

#[test]
fn story_a_strong_partner_runs_a_late_pilot_and_is_repeated() {
    let mut store = Store::open_in_memory(t(0)).expect("opens");
    let id = partner(&mut store, "Golden Gate UGC", strong_signals());
    let rec = store.recommendation(&id).expect("recommends");
    assert_eq!(
        rec.choice,
        Choice::Advance,
        "five strong signals: on to the gut check"
    );

    store
        .record_decision(&decision(&id, Choice::Advance, "strong signals", &[]), t(1))
        .expect("advances to the gut check");
    gut_check(&mut store, &id, "Anna (Moscow)", [1, 1, 1]);
    gut_check(&mut store, &id, "Jake (LA)", [1, 1, 1]);
    store
        .set_user_name("Anna (Moscow)", t(2))
        .expect("names the user");
    let view = store
        .scorecards(&ScorecardQuery {
            partner_id: id.clone(),
            phase: Phase::GutCheck,
        })
        .expect("reads the scorecards");
    let gate = view.gate.expect("the gut check is scored");
    assert!(gate.passed, "3 of 3 from both reviewers");
    assert_eq!(
        (gate.passed_weight, gate.threshold, gate.reviewers),
        (3, 3, 2)
    );
    store
        .record_decision(&decision(&id, Choice::Advance, "gut check 3/3", &[]), t(3))
        .expect("advances to scoping");

    let pilot = store
        .create_pilot(
            &NewPilot {
                partner_id: id.clone(),
                scope: scope(),
                viewer_time_zone: None,
            },
            t(4),
        )
        .expect("scopes the pilot");
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: "Anna and Jake".into(),
                viewer_time_zone: None,
            },
            t(5),
        )
        .expect("agrees the metrics before the start");
    store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
            },
            t(48),
        )
        .expect("starts");
    // Due Friday 18:00 in LA; delivered Saturday 10:00 LA with no notice.
    // Fixed: the week after LA's 2026 switch to PDT (a DST table lookup of a known year); the
    // instants are passed in, nothing here compares them with the real clock.
    let due = Utc
        .with_ymd_and_hms(2026, 3, 14, 1, 0, 0)
        .single()
        .expect("valid");
    let delivered = due + Duration::hours(16);
    let logged = store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: "Hero video".into(),
                market: Some("US".into()),
                due_at: format_instant(due),
                delivered_at: Some(format_instant(delivered)),
                notice_given: false,
                verdict: Some(Verdict::OnScope),
                note: String::new(),
                viewer_time_zone: None,
            },
            delivered,
        )
        .expect("logs the late deliverable");
    assert!(logged.deliverables[0].late);
    let (checklist, flags): (Vec<_>, Vec<_>) = store
        .flags(&id)
        .expect("flags")
        .into_iter()
        .partition(|f| f.kind == COMPLIANCE_OPEN_AT_DELIVERY);
    assert_eq!(
        checklist.len(),
        1,
        "logged as delivered, the checklist open"
    );
    assert_eq!(
        flags.len(),
        1,
        "exactly one other flag, derived from the late delivery"
    );
    assert_eq!(flags[0].kind, MISSED_DEADLINE_NO_NOTICE);
    assert_eq!(flags[0].source, FlagSource::Derived);
    assert!(
        !flags.iter().any(|f| f.kind == METRICS_NOT_AGREED),
        "metrics were agreed before the start"
    );
    let tracker = store
        .pilot(
            &PilotQuery {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: "Europe/Moscow".into(),
            },
            vetta_core::testing::t0(),
        )
        .expect("reads the tracker");
    let due_zones = &tracker.deliverables[0].due.zones;
    assert_eq!(
        (due_zones[0].date.as_str(), due_zones[0].time.as_str()),
        ("2026-03-14", "04:00")
    );
    // LA switched to PDT (-07:00) on 8 March: the deadline is Friday 18:00 there.
    assert_eq!(
        (due_zones[1].date.as_str(), due_zones[1].time.as_str()),
        ("2026-03-13", "18:00")
    );
    assert_eq!(due_zones[1].offset, "-07:00");

    let debrief = store
        .record_debrief(
            &NewDebrief {
                pilot_id: pilot.id.clone(),
                author: "Anna (Moscow)".into(),
                worked: "Creators fit both audiences".into(),
                did_not_work: "The hero video slipped a day".into(),
                hypotheses: pilot
                    .hypotheses
                    .iter()
                    .zip([
                        HypothesisVerdict::Validated,
                        HypothesisVerdict::Refined,
                        HypothesisVerdict::Refuted,
                    ])
                    .map(|(h, v)| HypothesisOutcome {
                        hypothesis_id: h.id.clone(),
                        verdict: v,
                        note: String::new(),
                    })
                    .collect(),
                health: Health {
                    communication: 4,
                    speed: 3,
                    ownership: 4,
                },
                failure_cause: FailureCause::Execution,
            },
            t(400),
        )
        .expect("debriefs");
    assert_eq!(debrief.metrics.len(), 2, "target vs actual per market");
    let rec = store.recommendation(&id).expect("recommends");
    assert_eq!(
        rec.choice,
        Choice::Repeat,
        "an execution failure is fixable: repeat"
    );
    assert!(rec.reasons().any(|r| matches!(
        r,
        Reason::FailureCause {
            cause: FailureCause::Execution
        }
    )));
    assert!(rec
        .reasons()
        .any(|r| matches!(r, Reason::WarningFlag { .. })));

    let logged = store
        .record_decision(
            &decision(
                &id,
                Choice::Repeat,
                "Good fit, one slip; run the pilot again with a buffer day",
                &["The slip was a one-off caused by the creator's illness"],
            ),
            t(401),
        )
        .expect("records the decision");
    assert_eq!(
        logged.recommended.choice,
        Choice::Repeat,
        "the recommendation shown is kept"
    );
    assert_eq!(logged.phase_after, Phase::PilotScoping);
    let dossier = store
        .dossier(
            &DossierQuery {
                partner_id: id.clone(),
                viewer_time_zone: "Europe/Moscow".into(),
            },
            vetta_core::testing::t0(),
        )
        .expect("reads the dossier");
    let last = dossier.decisions.last().expect("the decision is logged");
    assert_eq!(
        last.rationale,
        "Good fit, one slip; run the pilot again with a buffer day"
    );
    assert_eq!(
        last.assumptions,
        vec!["The slip was a one-off caused by the creator's illness"]
    );
    assert_eq!(dossier.campaigns, 1);
}

#[test]
fn story_a_partner_who_resists_documentation_is_walked_unless_a_founder_overrides() {
    let mut store = Store::open_in_memory(t(0)).expect("opens");
    let id = partner(&mut store, "Freestyle Agency", strong_signals());
    store
        .record_decision(&decision(&id, Choice::Advance, "strong signals", &[]), t(1))
        .expect("to the gut check");
    let flag = store
        .raise_flag(
            &NewFlag {
                partner_id: id.clone(),
                pilot_id: None,
                kind: "resists_documentation".into(),
                occurred_at: format_instant(t(2)),
                note: "Refused to write down who approves what: 'we just feel it'".into(),
                link: String::new(),
                raised_by: "Anna (Moscow)".into(),
            },
            t(2),
        )
        .expect("raises the flag");
    assert_eq!(flag.severity, Severity::Dealbreaker);
    let rec = store.recommendation(&id).expect("recommends");
    assert_eq!(rec.choice, Choice::Walk);
    assert!(rec
        .reasons()
        .any(|r| matches!(r, Reason::Dealbreaker { flag_id, .. } if *flag_id == flag.id)));
    let err = store
        .override_flag(
            &FlagAction {
                flag_id: flag.id.clone(),
                by: "Olga".into(),
                note: String::new(),
            },
            t(3),
        )
        .expect_err("an override without a reason is refused");
    assert!(matches!(err, Error::OverrideNeedsReason));
    assert_eq!(
        store.recommendation(&id).expect("r").choice,
        Choice::Walk,
        "still walk"
    );
    let overridden = store
        .override_flag(
            &FlagAction {
                flag_id: flag.id.clone(),
                by: "Olga (founder)".into(),
                note: "Their US network is unique; we will own the documentation ourselves".into(),
            },
            t(4),
        )
        .expect("overrides with a reason");
    assert_eq!(overridden.status, FlagStatus::Overridden);
    let rec = store.recommendation(&id).expect("recommends");
    assert_ne!(
        rec.choice,
        Choice::Walk,
        "the override lifts the forced walk"
    );
    assert!(rec
        .reasons()
        .any(|r| matches!(r, Reason::DealbreakerOverridden { .. })));
    assert_eq!(
        store.flags(&id).expect("flags").len(),
        1,
        "the flag is kept, never deleted"
    );
}

#[test]
fn story_a_gut_check_of_two_out_of_three_does_not_advance() {
    let mut store = Store::open_in_memory(t(0)).expect("opens");
    let id = partner(&mut store, "Almost There", Signals::default());
    store
        .record_decision(&decision(&id, Choice::Advance, "worth a call", &[]), t(1))
        .expect("to the gut check");
    gut_check(&mut store, &id, "Anna (Moscow)", [1, 1, 0]);
    let rec = store.recommendation(&id).expect("recommends");
    assert_eq!(rec.choice, Choice::Hold);
    let missed = rec
        .reasons()
        .find_map(|r| match r {
            Reason::ThresholdMissed { criteria, .. } => Some(criteria),
            _ => None,
        })
        .expect("the missed threshold is the reason");
    assert_eq!(missed, &vec!["asks_about_goals"]);
    let err = store
        .record_decision(
            &decision(&id, Choice::Advance, "let's try anyway", &[]),
            t(3),
        )
        .expect_err("advancing past a failed gate is refused");
    assert!(matches!(
        err,
        Error::ThresholdNotMet {
            passed_weight: 2,
            threshold: 3,
            ..
        }
    ));
    assert_eq!(
        store.partner(&id).expect("reads").phase,
        Phase::GutCheck,
        "still in the gut check"
    );
    assert_eq!(
        store.decisions(&id).expect("log").len(),
        1,
        "the refused decision is not logged"
    );
}
