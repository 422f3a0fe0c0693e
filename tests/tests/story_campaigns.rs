//! Stories of the loop after the pilot, told through vetta-core's public Store API: scale to 3,
//! run campaigns 2 and 3, and walk when the basics are still missing — or climb to 5.

use chrono::{DateTime, Duration, Utc};
use vetta_core::debrief::{FailureCause, Health, HypothesisOutcome, HypothesisVerdict, NewDebrief};
use vetta_core::dossier::{DossierQuery, PipelineQuery};
use vetta_core::error::TransitionState;
use vetta_core::ids::format_instant;
use vetta_core::phase::Phase;
use vetta_core::pilot::{
    MetricActual, MetricsAgreement, NewDeliverable, NewPilot, NewRevisionRound, Pilot, PilotScope,
    PilotStart, Verdict,
};
use vetta_core::recommendation::{BasicsGap, Choice, Reason, Recommendation};
use vetta_core::{testing, Error, Store};

/// How one campaign goes.
struct Run {
    /// The deliverable comes in a day late, with no notice.
    late_without_notice: bool,
    /// Revision rounds asked for (the scope allows 2).
    revisions: u32,
    /// The US conversion actual (the target is 2.5 %).
    us_actual: f64,
}

const CLEAN: Run = Run {
    late_without_notice: false,
    revisions: 1,
    us_actual: 3.0,
};

/// Campaign `k` (1 is the pilot) starts `20 × k` days after `testing::t0`: the store is given every
/// instant, so the story holds on any day.
fn start_of(k: u32) -> DateTime<Utc> {
    testing::at(24 * 20 * i64::from(k))
}

/// Scopes, agrees, starts, logs and debriefs the next campaign in the time slot of campaign `k`, as
/// `run` says; the scope is the previous campaign's with new dates (as the scope form prefills it).
fn campaign(store: &mut Store, partner_id: &str, k: u32, run: &Run) -> Pilot {
    let start = start_of(k);
    let scope = PilotScope {
        starts_at: format_instant(start),
        ends_at: format_instant(start + Duration::days(14)),
        ..testing::scope()
    };
    let pilot = store
        .create_pilot(
            &NewPilot {
                partner_id: partner_id.into(),
                scope,
                viewer_time_zone: None,
            },
            start - Duration::hours(2),
        )
        .expect("scopes the campaign");
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: "Anna and Mike".into(),
                viewer_time_zone: None,
            },
            start - Duration::hours(1),
        )
        .expect("agrees the metrics");
    store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
            },
            start,
        )
        .expect("starts");
    let due = start + Duration::days(7);
    let delivered = if run.late_without_notice {
        due + Duration::hours(20)
    } else {
        due - Duration::hours(3)
    };
    store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: format!("Campaign {k} hero video"),
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
        .expect("logs the deliverable");
    for round in 0..run.revisions {
        store
            .log_revision_round(
                &NewRevisionRound {
                    pilot_id: pilot.id.clone(),
                    market: Some("US".into()),
                    note: format!("round {}", round + 1),
                    viewer_time_zone: None,
                },
                start + Duration::days(8),
            )
            .expect("logs a revision round");
    }
    for (metric, actual) in pilot.metrics.iter().zip([150_000.0, run.us_actual]) {
        store
            .record_metric_actual(
                &MetricActual {
                    metric_id: metric.id.clone(),
                    actual,
                    viewer_time_zone: None,
                },
                start + Duration::days(13),
            )
            .expect("records an actual");
    }
    store
        .record_debrief(
            &NewDebrief {
                pilot_id: pilot.id.clone(),
                author: "Anna (Moscow)".into(),
                worked: format!("Campaign {k}: creators fit both audiences"),
                did_not_work: String::new(),
                hypotheses: pilot
                    .hypotheses
                    .iter()
                    .map(|h| HypothesisOutcome {
                        hypothesis_id: h.id.clone(),
                        verdict: HypothesisVerdict::Validated,
                        note: String::new(),
                    })
                    .collect(),
                health: Health {
                    communication: 4,
                    speed: 4,
                    ownership: 4,
                },
                failure_cause: FailureCause::None,
            },
            start + Duration::days(15),
        )
        .expect("debriefs");
    pilot
}

fn decide(store: &mut Store, partner_id: &str, choice: Choice, k: u32) {
    store
        .record_decision(
            &vetta_core::decision::NewDecision {
                partner_id: partner_id.into(),
                choice,
                decided_by: "Olga (founder)".into(),
                rationale: format!("after campaign {k}"),
                assumptions: vec![],
                review_on: None,
                confidence: None,
                expected: None,
            },
            start_of(k) + Duration::days(16),
        )
        .expect("decides");
}

fn phase(store: &Store, id: &str) -> Phase {
    store.partner(id).expect("reads the partner").phase
}

/// Each reason once, across the three groups.
fn assert_each_reason_once(rec: &Recommendation) {
    let all: Vec<&Reason> = rec.reasons().collect();
    for (i, r) in all.iter().enumerate() {
        assert!(!all[..i].contains(r), "{r:?} appears twice in {rec:?}");
    }
}

fn step(store: &Store, id: &str, k: u32) -> Option<(u32, u32)> {
    let dossier = store
        .dossier(
            &DossierQuery {
                partner_id: id.into(),
                viewer_time_zone: "Europe/Moscow".into(),
            },
            start_of(k) + Duration::days(17),
        )
        .expect("reads the dossier");
    dossier.campaign.map(|c| (c.number, c.of))
}

/// Pilot → scale to 3 → campaigns 2 and 3; campaign 3 comes in late without notice, over its
/// revision limit and below the US target: walk, with those facts named.
#[test]
fn story_a_partner_still_missing_basics_after_three_campaigns_is_walked() {
    let mut store = testing::store();
    let id = testing::partner(&mut store, "Northwind UGC").id;
    testing::to_scoping(&mut store, &id);

    campaign(&mut store, &id, 1, &CLEAN);
    assert_eq!(phase(&store, &id), Phase::Debrief);
    let rec = store.recommendation(&id).expect("recommends");
    assert_eq!(rec.choice, Choice::ScaleTo { campaigns: 3 });
    decide(&mut store, &id, Choice::ScaleTo { campaigns: 3 }, 1);
    assert_eq!(phase(&store, &id), Phase::Scaled);
    assert_eq!(
        step(&store, &id, 1),
        Some((2, 3)),
        "campaign 2 of 3 is next"
    );
    let rec = store.recommendation(&id).expect("recommends");
    assert_eq!(
        rec.decides.first(),
        Some(&Reason::NextCampaign { number: 2, of: 3 }),
        "after scaling, the next step is named: {rec:?}"
    );

    let second = campaign(&mut store, &id, 2, &CLEAN);
    assert_eq!(second.campaign_no, 2);
    assert_eq!(
        phase(&store, &id),
        Phase::Scaled,
        "campaign 2 of 3 debriefed: still scaled, running the next"
    );
    assert_eq!(step(&store, &id, 2), Some((3, 3)));
    let rec = store.recommendation(&id).expect("recommends");
    assert_eq!(
        rec.decides.first(),
        Some(&Reason::NextCampaign { number: 3, of: 3 })
    );
    let page = store
        .pipeline(&PipelineQuery::default(), start_of(2) + Duration::days(17))
        .expect("reads the board");
    let card = page
        .items
        .iter()
        .find(|c| c.partner_id == id)
        .expect("card");
    assert_eq!(
        card.campaign.map(|c| (c.number, c.of)),
        Some((3, 3)),
        "the board card says campaign 3 of 3"
    );

    campaign(
        &mut store,
        &id,
        3,
        &Run {
            late_without_notice: true,
            revisions: 3,
            us_actual: 1.0,
        },
    );
    assert_eq!(
        phase(&store, &id),
        Phase::Debrief,
        "the committed campaigns are run: a decision is due"
    );
    let rec = store.recommendation(&id).expect("recommends");
    assert_eq!(rec.choice, Choice::Walk, "{rec:?}");
    assert_each_reason_once(&rec);
    assert_eq!(
        rec.decides,
        vec![Reason::MissingBasics {
            count: 3,
            campaign: 3,
            gaps: vec![
                BasicsGap::DeadlinesWithNotice { count: 1 },
                BasicsGap::RevisionsWithinLimit { used: 3, limit: 2 },
            ],
        }],
        "the walk names campaign 3's missing basics"
    );
    for weighed in [
        Reason::RevisionsOverLimit { used: 3, limit: 2 },
        Reason::DeliveredLate {
            with_notice: 0,
            without_notice: 1,
        },
        Reason::MetricsMissed {
            market: "US".into(),
            count: 1,
        },
    ] {
        assert!(rec.weighs.contains(&weighed), "{weighed:?} weighs: {rec:?}");
    }
    assert!(
        rec.weighs
            .iter()
            .any(|r| matches!(r, Reason::WarningFlag { .. })),
        "the derived late-delivery flag weighs too"
    );
    assert!(
        !rec.decides
            .iter()
            .any(|r| matches!(r, Reason::PilotGatePassed)),
        "a passed gate never decides a walk"
    );
    // No fourth campaign of a rung of 3: the decision comes first.
    let refused = store.create_pilot(
        &NewPilot {
            partner_id: id.clone(),
            scope: testing::scope(),
            viewer_time_zone: None,
        },
        start_of(3) + Duration::days(16),
    );
    assert!(matches!(
        refused,
        Err(Error::InvalidTransition {
            state: TransitionState::Debrief,
            ..
        })
    ));
    decide(&mut store, &id, Choice::Walk, 3);
    assert_eq!(phase(&store, &id), Phase::Walked);
    let logged = store.decisions(&id).expect("reads the log");
    let last = logged.last().expect("the walk is logged");
    assert!(
        last.recommended
            .decides
            .iter()
            .any(|r| matches!(r, Reason::MissingBasics { campaign: 3, .. })),
        "the log keeps what was recommended, grouped"
    );
}

/// Clean campaigns climb the ladder one rung at a time: 1 → 3 → 5, then the top holds.
#[test]
fn story_clean_campaigns_climb_from_three_to_five() {
    let mut store = testing::store();
    let id = testing::partner(&mut store, "Steady Studio").id;
    testing::to_scoping(&mut store, &id);
    campaign(&mut store, &id, 1, &CLEAN);
    decide(&mut store, &id, Choice::ScaleTo { campaigns: 3 }, 1);
    campaign(&mut store, &id, 2, &CLEAN);
    let err = store.record_decision(
        &vetta_core::decision::NewDecision {
            partner_id: id.clone(),
            choice: Choice::ScaleTo { campaigns: 5 },
            decided_by: "Olga".into(),
            rationale: "too early".into(),
            assumptions: vec![],
            review_on: None,
            confidence: None,
            expected: None,
        },
        start_of(2) + Duration::days(16),
    );
    assert!(
        err.is_err(),
        "no scale-up before the committed campaigns are run"
    );
    campaign(&mut store, &id, 3, &CLEAN);
    let rec = store.recommendation(&id).expect("recommends");
    assert_eq!(rec.choice, Choice::ScaleTo { campaigns: 5 }, "{rec:?}");
    assert_eq!(
        rec.decides,
        vec![Reason::LadderNext {
            count: 3,
            needed: 5
        }]
    );
    assert_each_reason_once(&rec);
    decide(&mut store, &id, Choice::ScaleTo { campaigns: 5 }, 3);
    assert_eq!(step(&store, &id, 3), Some((4, 5)));
    campaign(&mut store, &id, 4, &CLEAN);
    assert_eq!(phase(&store, &id), Phase::Scaled);
    campaign(&mut store, &id, 5, &CLEAN);
    assert_eq!(phase(&store, &id), Phase::Debrief);
    let rec = store.recommendation(&id).expect("recommends");
    assert_eq!(rec.choice, Choice::Hold);
    assert_eq!(rec.decides, vec![Reason::LadderTop { count: 5 }]);
    let dossier = store
        .dossier(
            &DossierQuery {
                partner_id: id.clone(),
                viewer_time_zone: "America/Los_Angeles".into(),
            },
            start_of(5) + Duration::days(17),
        )
        .expect("reads the dossier");
    assert_eq!(dossier.campaigns, 5, "five debriefed campaigns");
    assert_eq!(
        dossier
            .pilots
            .iter()
            .map(|p| p.campaign_no)
            .collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5]
    );
}

/// A repeat keeps the campaign's number and, above the first rung, returns to the scaled track.
#[test]
fn story_a_repeated_campaign_keeps_its_number() {
    let mut store = testing::store();
    let id = testing::partner(&mut store, "Second Chance").id;
    testing::to_scoping(&mut store, &id);
    campaign(&mut store, &id, 1, &CLEAN);
    decide(&mut store, &id, Choice::Repeat, 1);
    assert_eq!(phase(&store, &id), Phase::PilotScoping);
    let repeated = campaign(&mut store, &id, 2, &CLEAN);
    assert_eq!(
        repeated.campaign_no, 1,
        "a repeated pilot is the pilot again"
    );
}
