//! The board and the dossier read the same facts: for random partners, built through the Store's
//! own write methods, every board card (and the recommendation read alone, from a card's facts)
//! says what that partner's dossier says.

use std::collections::HashMap;

use proptest::prelude::*;

use crate::debrief::{FailureCause, Health, HypothesisOutcome, HypothesisVerdict, NewDebrief};
use crate::decision::{DecisionCorrection, NewDecision};
use crate::dossier::{DossierQuery, PipelineQuery};
use crate::flag::{FlagAction, FlagStatus, NewFlag};
use crate::gate::Answer;
use crate::ids::format_instant;
use crate::phase::Phase;
use crate::pilot::{MetricsAgreement, NewDeliverable, NewPilot, Pilot, PilotStart, Verdict};
use crate::recommendation::Choice;
use crate::scorecard::NewScorecard;
use crate::signal::Signals;
use crate::store::Store;
use crate::testing::{at, new_partner, scope, store};

const CRITERIA: [&str; 3] = ["understands_ugc", "knows_both_markets", "asks_about_goals"];
const REVIEWERS: [&str; 3] = ["Anna", "Mike", "Olga"];

/// One thing a person might do to a partner; many are refused in the state they meet, and a
/// refusal must change nothing.
#[derive(Debug, Clone)]
enum Op {
    Decide(Choice),
    /// Corrects the latest decision.
    Correct(Choice),
    GutCheck {
        reviewer: usize,
        answers: [i32; 3],
    },
    Raise {
        kind: usize,
    },
    Resolve {
        flag: usize,
    },
    Override {
        flag: usize,
    },
    CreatePilot,
    AgreeMetrics,
    StartPilot,
    /// Logs a deliverable, delivered now or still due.
    Deliver {
        delivered: bool,
        on_scope: bool,
        late: bool,
        notice: bool,
    },
    Debrief(FailureCause),
}

fn arb_choice() -> impl Strategy<Value = Choice> {
    prop_oneof![
        4 => Just(Choice::Advance),
        1 => Just(Choice::Hold),
        1 => Just(Choice::Walk),
        2 => Just(Choice::Repeat),
        2 => proptest::sample::select(vec![1u32, 3, 5]).prop_map(|campaigns| Choice::ScaleTo { campaigns }),
    ]
}

fn arb_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => arb_choice().prop_map(Op::Decide),
        1 => arb_choice().prop_map(Op::Correct),
        4 => (0..REVIEWERS.len(), proptest::array::uniform3(0..=1i32))
            .prop_map(|(reviewer, answers)| Op::GutCheck { reviewer, answers }),
        3 => (0..8usize).prop_map(|kind| Op::Raise { kind }),
        2 => (0..8usize).prop_map(|flag| Op::Resolve { flag }),
        2 => (0..8usize).prop_map(|flag| Op::Override { flag }),
        3 => Just(Op::CreatePilot),
        2 => Just(Op::AgreeMetrics),
        3 => Just(Op::StartPilot),
        3 => (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(delivered, on_scope, late, notice)| Op::Deliver { delivered, on_scope, late, notice }),
        3 => proptest::sample::select(FailureCause::ALL.to_vec()).prop_map(Op::Debrief),
    ]
}

/// The way through a first pilot to a scale-up, each step with its own random details.
fn arb_happy_path() -> impl Strategy<Value = Vec<Op>> {
    (
        any::<[bool; 4]>(),
        proptest::sample::select(FailureCause::ALL.to_vec()),
        proptest::sample::select(vec![
            Choice::ScaleTo { campaigns: 3 },
            Choice::ScaleTo { campaigns: 3 },
            Choice::ScaleTo { campaigns: 5 },
            Choice::Repeat,
        ]),
    )
        .prop_map(|([delivered, on_scope, late, notice], cause, last)| {
            vec![
                Op::Decide(Choice::Advance),
                Op::GutCheck {
                    reviewer: 0,
                    answers: [1, 1, 1],
                },
                Op::GutCheck {
                    reviewer: 1,
                    answers: [1, 1, 1],
                },
                Op::Decide(Choice::Advance),
                Op::CreatePilot,
                Op::AgreeMetrics,
                Op::StartPilot,
                Op::Deliver {
                    delivered,
                    on_scope,
                    late,
                    notice,
                },
                Op::Debrief(cause),
                Op::Decide(last),
            ]
        })
}

/// A partner: strong or weak signals, how far along the way through a pilot it first goes, and
/// then anything at all.
fn arb_partner() -> impl Strategy<Value = (bool, Vec<Op>)> {
    (
        any::<bool>(),
        arb_happy_path(),
        0..=10usize,
        proptest::collection::vec(arb_op(), 0..30),
    )
        .prop_map(|(strong, happy, depth, rest)| {
            let mut ops: Vec<Op> = happy.into_iter().take(depth).collect();
            ops.extend(rest);
            (strong, ops)
        })
}

struct Built {
    id: String,
    pilot: Option<Pilot>,
}

/// Applies `op` to `partner` at `now`; refusals are expected and ignored.
fn apply(store: &mut Store, partner: &mut Built, op: &Op, now: chrono::DateTime<chrono::Utc>) {
    let pid = partner.id.clone();
    match op {
        Op::Decide(choice) => {
            let _ = store.record_decision(
                &NewDecision {
                    partner_id: pid,
                    choice: *choice,
                    decided_by: "Founder".into(),
                    rationale: "the evidence".into(),
                    assumptions: vec![],
                    review_on: None,
                    confidence: None,
                    expected: None,
                },
                now,
            );
        }
        Op::Correct(choice) => {
            let latest = store
                .decisions(&pid)
                .ok()
                .and_then(|log| log.into_iter().rfind(|d| d.superseded_by.is_none()));
            if let Some(latest) = latest {
                let _ = store.correct_decision(
                    &DecisionCorrection {
                        decision_id: latest.id,
                        choice: *choice,
                        decided_by: "Founder".into(),
                        rationale: "corrected".into(),
                        assumptions: vec![],
                        review_on: None,
                        confidence: None,
                        expected: None,
                    },
                    now,
                );
            }
        }
        Op::GutCheck { reviewer, answers } => {
            let _ = store.submit_scorecard(
                &NewScorecard {
                    partner_id: pid,
                    phase: Phase::GutCheck,
                    reviewer: REVIEWERS[*reviewer].into(),
                    answers: CRITERIA
                        .iter()
                        .zip(answers)
                        .map(|(k, v)| Answer {
                            criterion: (*k).into(),
                            value: *v,
                        })
                        .collect(),
                    note: String::new(),
                },
                now,
            );
        }
        Op::Raise { kind } => {
            let kinds: Vec<String> = store
                .default_framework()
                .expect("reads the framework")
                .definition
                .flag_kinds
                .into_iter()
                .filter(|k| !k.derived)
                .map(|k| k.key)
                .collect();
            let _ = store.raise_flag(
                &NewFlag {
                    partner_id: pid,
                    pilot_id: None,
                    kind: kinds[kind % kinds.len()].clone(),
                    occurred_at: format_instant(now),
                    note: "seen in a call".into(),
                    link: String::new(),
                    raised_by: "Anna".into(),
                },
                now,
            );
        }
        Op::Resolve { flag } | Op::Override { flag } => {
            let flags = store.flags(&pid).expect("reads flags");
            if flags.is_empty() {
                return;
            }
            let input = FlagAction {
                flag_id: flags[flag % flags.len()].id.clone(),
                by: "Founder".into(),
                note: "talked it through".into(),
            };
            let _ = match op {
                Op::Resolve { .. } => store.resolve_flag(&input, now),
                _ => store.override_flag(&input, now),
            };
        }
        Op::CreatePilot => {
            if let Ok(p) = store.create_pilot(
                &NewPilot {
                    partner_id: pid,
                    scope: scope(),
                    viewer_time_zone: None,
                },
                now,
            ) {
                partner.pilot = Some(p);
            }
        }
        Op::AgreeMetrics => {
            if let Some(p) = &partner.pilot {
                let _ = store.agree_pilot_metrics(
                    &MetricsAgreement {
                        pilot_id: p.id.clone(),
                        agreed_by: "Anna".into(),
                        viewer_time_zone: None,
                    },
                    now,
                );
            }
        }
        Op::StartPilot => {
            if let Some(p) = &partner.pilot {
                let _ = store.start_pilot(
                    &PilotStart {
                        pilot_id: p.id.clone(),
                        viewer_time_zone: None,
                    },
                    now,
                );
            }
        }
        Op::Deliver {
            delivered,
            on_scope,
            late,
            notice,
        } => {
            if let Some(p) = &partner.pilot {
                let due = now + chrono::Duration::hours(if *late { -5 } else { 5 });
                let _ = store.log_deliverable(
                    &NewDeliverable {
                        pilot_id: p.id.clone(),
                        title: "Video".into(),
                        market: None,
                        due_at: format_instant(due),
                        delivered_at: delivered.then(|| format_instant(now)),
                        notice_given: *notice,
                        verdict: Some(if *on_scope {
                            Verdict::OnScope
                        } else {
                            Verdict::BelowScope
                        }),
                        note: String::new(),
                        viewer_time_zone: None,
                    },
                    now,
                );
            }
        }
        Op::Debrief(cause) => {
            if let Some(p) = &partner.pilot {
                let _ = store.record_debrief(
                    &NewDebrief {
                        pilot_id: p.id.clone(),
                        author: "Anna".into(),
                        worked: String::new(),
                        did_not_work: String::new(),
                        hypotheses: p
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
                        failure_cause: *cause,
                    },
                    now,
                );
            }
        }
    }
}

fn strong_signals() -> Signals {
    Signals {
        case_studies: vec![],
        longest_relationship_months: Some(12),
        showed_failures: Some(true),
        cross_market_experience: Some(true),
        creator_references: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_board_card_says_what_its_dossier_says(
        partners in proptest::collection::vec(arb_partner(), 1..5)
    ) {
        let mut store = store();
        // Anna reads: blind to a gut check she has not scored, on the board as in the dossier.
        store.set_user_name("Anna", at(0)).expect("names the user");
        let mut built = Vec::new();
        for (i, (strong, _)) in partners.iter().enumerate() {
            let mut input = new_partner(&format!("Partner {i}"));
            if *strong {
                input.signals = strong_signals();
            }
            let p = store.add_partner(&input, at(0)).expect("adds a partner");
            built.push(Built { id: p.id, pilot: None });
        }
        // Interleaved, one step of each partner in turn, an hour apart.
        let longest = partners.iter().map(|(_, ops)| ops.len()).max().unwrap_or(0);
        let mut hour = 1;
        for step in 0..longest {
            for (partner, (_, ops)) in built.iter_mut().zip(&partners) {
                if let Some(op) = ops.get(step) {
                    apply(&mut store, partner, op, at(hour));
                    hour += 1;
                }
            }
        }
        let page = store
            .pipeline(&PipelineQuery { limit: Some(200), ..PipelineQuery::default() }, crate::testing::t0())
            .expect("reads the board");
        prop_assert_eq!(page.items.len(), built.len());
        let cards: HashMap<&str, _> = page.items.iter().map(|c| (c.partner_id.as_str(), c)).collect();
        for partner in &built {
            let card = cards[partner.id.as_str()];
            let dossier = store
                .dossier(&DossierQuery {
                    partner_id: partner.id.clone(),
                    viewer_time_zone: "Europe/Moscow".into(),
                }, crate::testing::t0())
                .expect("reads the dossier");
            let open = dossier.flags.iter().filter(|f| f.status == FlagStatus::Open).count() as u32;
            let live = dossier.flags.iter().any(|f| f.live_dealbreaker);
            prop_assert_eq!(card.phase, dossier.partner.phase, "phase of {}", card.name);
            prop_assert_eq!(card.recommendation, dossier.recommendation.choice, "recommendation of {}", card.name);
            // The recommendation read alone (from the card's facts, as the record has it) is the
            // dossier's, reasons and all, unless blind scoring withholds the gate from Anna.
            let alone = store.recommendation(&partner.id).expect("reads the recommendation");
            let blind = dossier.scorecards.iter().any(|v| v.hidden);
            if !blind {
                prop_assert_eq!(&alone, &dossier.recommendation, "recommendation alone of {}", card.name);
            }
            prop_assert_eq!(card.open_flags, open, "open flags of {}", card.name);
            prop_assert_eq!(card.dealbreaker, live, "dealbreaker of {}", card.name);
            // The trackers in the dossier judge their gates on the same dealbreaker.
            for pilot in &dossier.pilots {
                prop_assert_eq!(pilot.gate.no_dealbreaker, !live, "pilot gate of {}", card.name);
            }
            // The board's next deadline is the dossier's earliest undelivered, undebriefed one.
            let next = dossier
                .pilots
                .iter()
                .filter(|p| !p.debriefed)
                .flat_map(|p| &p.deliverables)
                .filter(|d| d.delivered.is_none())
                .map(|d| d.due.utc.clone())
                .min();
            prop_assert_eq!(&card.next_deadline, &next, "next deadline of {}", card.name);
        }
    }
}
