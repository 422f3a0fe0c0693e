//! Story 1 of the scenario (see `scenario.rs`): a partner taken through the whole lifecycle.

use vetta_core::debrief::{FailureCause, Health, HypothesisOutcome, HypothesisVerdict, NewDebrief};
use vetta_core::decision::DecisionCorrection;
use vetta_core::flag::{FlagAction, NewFlag};
use vetta_core::framework::Framework;
use vetta_core::partner::{Contact, NewPartner, PartnerKind};
use vetta_core::pilot::{
    DeliveryUpdate, MetricActual, MetricUnit, MetricsAgreement, NewApproval, NewDeliverable,
    NewPilot, NewRevisionRound, PilotScope, PilotScopeEdit, PilotStart, Verdict,
};
use vetta_core::recommendation::Choice;
use vetta_core::signal::{MarketCount, Signals};
use vetta_core::Store;

use super::{decide, gut_check, metric, partner, roles, Clock};

/// Story 1, the full lifecycle on the copied framework: pilot, debrief (corrected), decision
/// (corrected), then a second campaign scoped and not started.
pub(super) fn full_lifecycle(store: &mut Store, clock: &mut Clock, copy: &Framework) {
    let lab = store
        .add_partner(
            &NewPartner {
                languages: vec!["ru".into(), "en".into()],
                contacts: vec![
                    Contact {
                        name: "Анна Петрова".into(),
                        detail: "anna@ugc-lab.example".into(),
                    },
                    Contact {
                        name: "Mike Chen".into(),
                        detail: "@mike_ugc (Telegram)".into(),
                    },
                ],
                found_via: "UGC Hub, конференция".into(),
                notes: "Сильные кейсы в RU; в US — два бренда.".into(),
                signals: Signals {
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
                },
                framework_id: Some(copy.id.clone()),
                ..partner(
                    "Лаборатория UGC",
                    PartnerKind::Agency,
                    &["RU", "US"],
                    "Europe/Moscow",
                )
            },
            clock.tick(),
        )
        .expect("adds");
    decide(store, clock, &lab.id, Choice::Advance, "сильные сигналы");
    gut_check(store, clock, &lab.id, "Анна", [1, 1, 0]);
    gut_check(store, clock, &lab.id, "Анна", [1, 1, 1]);
    gut_check(store, clock, &lab.id, "Mike", [1, 1, 1]);
    decide(store, clock, &lab.id, Choice::Advance, "3 из 3");
    let scope = |days: (String, String), payment: &str, hypotheses: &[&str]| PilotScope {
        creators: 2,
        deliverables: 2,
        starts_at: days.0,
        ends_at: days.1,
        revision_limit: 2,
        payment_amount: payment.into(),
        currency: "usd".into(),
        metrics: vec![
            metric("RU", "Охват", MetricUnit::Count, 100_000.0),
            metric("US", "Conversion", MetricUnit::Percent, 2.5),
            metric("US", "Revenue", MetricUnit::Money, 5_000.0),
        ],
        roles: roles(),
        rhythm: "async-first, созвон по вторникам".into(),
        hypotheses: hypotheses.iter().map(|h| (*h).into()).collect(),
    };
    let days = (clock.at(2), clock.at(16));
    let first = scope(
        days.clone(),
        "1500.00",
        &[
            "RU любит founder-led",
            "US — соц. доказательство",
            "Одного креатора хватит",
        ],
    );
    let second = scope(
        days,
        "1800.50",
        &[
            "RU любит founder-led",
            "US converts on social proof",
            "Two creators beat one",
            "Weekly sync is enough",
        ],
    );
    let pilot = store
        .create_pilot(
            &NewPilot {
                partner_id: lab.id.clone(),
                scope: first,
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("creates the pilot");
    let pilot = store
        .update_pilot_scope(
            &PilotScopeEdit {
                pilot_id: pilot.id.clone(),
                scope: second,
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("re-scopes before the start");
    let by = "Анна и Mike";
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: by.into(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("agrees");
    // Started on the day before its scoped start; the deliveries are logged eleven days in.
    clock.wait(1);
    store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("starts");
    clock.wait(10);
    store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: "Видео #1".into(),
                market: Some("RU".into()),
                due_at: clock.at(-6),
                delivered_at: Some(clock.at(-7)),
                notice_given: false,
                verdict: Some(Verdict::OnScope),
                note: "Вовремя и по брифу".into(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("logs a delivered video");
    let pilot = store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: "Video #2".into(),
                market: Some("US".into()),
                due_at: clock.at(-3),
                delivered_at: None,
                notice_given: false,
                verdict: None,
                note: String::new(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("logs a video not delivered yet");
    let late = pilot
        .deliverables
        .iter()
        .find(|d| d.title == "Video #2")
        .expect("the second video is logged");
    store
        .record_delivery(
            &DeliveryUpdate {
                deliverable_id: late.id.clone(),
                delivered_at: clock.at(-2),
                notice_given: false,
                verdict: Some(Verdict::BelowScope),
                note: "A day late, no warning".into(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("records a late delivery (derives a flag)");
    for market in ["RU", "RU", "US"] {
        store
            .log_revision_round(
                &NewRevisionRound {
                    pilot_id: pilot.id.clone(),
                    market: Some(market.into()),
                    note: format!("правки {market}"),
                    viewer_time_zone: None,
                },
                clock.tick(),
            )
            .expect("logs a revision round");
    }
    for (market, asked, given) in [("RU", -8, -7), ("US", -8, -6), ("US", -5, -4)] {
        store
            .log_approval(
                &NewApproval {
                    pilot_id: pilot.id.clone(),
                    market: market.into(),
                    requested_at: clock.at(asked),
                    approved_at: clock.at(given),
                    note: String::new(),
                    viewer_time_zone: None,
                },
                clock.tick(),
            )
            .expect("logs an approval");
    }
    for (name, actual) in [("Охват", 120_000.0), ("Conversion", 1.75)] {
        let m = pilot
            .metrics
            .iter()
            .find(|m| m.name == name)
            .expect("the metric is in the scope");
        store
            .record_metric_actual(
                &MetricActual {
                    metric_id: m.id.clone(),
                    actual,
                    viewer_time_zone: None,
                },
                clock.tick(),
            )
            .expect("records an actual");
    }
    let warning = store
        .raise_flag(
            &NewFlag {
                partner_id: lab.id.clone(),
                pilot_id: Some(pilot.id.clone()),
                kind: "communication_gaps".into(),
                occurred_at: clock.at(-5),
                note: "Два дня без ответа".into(),
                link: "https://example.com/chat/42".into(),
                raised_by: "Mike".into(),
            },
            clock.tick(),
        )
        .expect("raises a warning");
    store
        .resolve_flag(
            &FlagAction {
                flag_id: warning.id,
                by: "Анна".into(),
                note: "Обсудили, договорились о ритме".into(),
            },
            clock.tick(),
        )
        .expect("resolves it");
    let debrief = |verdicts: [HypothesisVerdict; 4], cause: FailureCause| NewDebrief {
        pilot_id: pilot.id.clone(),
        author: "Светлана".into(),
        worked: "RU-ролик зашёл".into(),
        did_not_work: "US: опоздание и ниже брифа".into(),
        hypotheses: pilot
            .hypotheses
            .iter()
            .zip(verdicts)
            .map(|(h, verdict)| HypothesisOutcome {
                hypothesis_id: h.id.clone(),
                verdict,
                note: format!("{} — {}", h.text, verdict.as_str()),
            })
            .collect(),
        health: Health {
            communication: 3,
            speed: 2,
            ownership: 4,
        },
        failure_cause: cause,
    };
    use HypothesisVerdict::{Refined, Refuted, Validated};
    store
        .record_debrief(
            &debrief([Validated, Refuted, Refined, Validated], FailureCause::None),
            clock.tick(),
        )
        .expect("debriefs");
    store
        .record_debrief(
            &debrief(
                [Validated, Refuted, Refuted, Refined],
                FailureCause::Execution,
            ),
            clock.tick(),
        )
        .expect("corrects the debrief");
    decide(
        store,
        clock,
        &lab.id,
        Choice::ScaleTo { campaigns: 3 },
        "RU сработал",
    );
    let scaled = store
        .decisions(&lab.id)
        .expect("the log reads")
        .pop()
        .expect("the scale-up is logged");
    store
        .correct_decision(
            &DecisionCorrection {
                decision_id: scaled.id,
                choice: Choice::Repeat,
                decided_by: "Светлана".into(),
                rationale: "Опечатка: сначала повторим один пилот".into(),
                assumptions: vec![],
                review_on: None,
                confidence: None,
                expected: None,
            },
            clock.tick(),
        )
        .expect("corrects the decision");
    let mut next = scope(
        (clock.at(7), clock.at(21)),
        "900.00",
        &["Повтор: тот же бриф", "Без опозданий", "US отдельно"],
    );
    next.metrics.truncate(1);
    store
        .create_pilot(
            &NewPilot {
                partner_id: lab.id.clone(),
                scope: next,
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("scopes the second campaign");
}
