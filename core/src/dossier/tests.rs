use super::*;
use crate::debrief::{FailureCause, Health, HypothesisOutcome, HypothesisVerdict, NewDebrief};
use crate::flag::{FlagAction, NewFlag};
use crate::ids::format_instant;
use crate::pilot::{MetricsAgreement, NewDeliverable, NewRevisionRound, PilotStart, Verdict};
use crate::testing::{at, partner, pilot_for, store, t0, to_scoping};

/// A pilot run late and over its limit, a dealbreaker overridden, a debrief recorded: the dossier
/// reads all of it back, and its record states it once for compare.
#[test]
fn what_was_recorded_is_read_back_in_the_dossier_and_its_record() {
    let mut store = store();
    let p = partner(&mut store, "Late Studio");
    to_scoping(&mut store, &p.id);
    // The default framework allows one deliverable per pilot: it comes in late, without notice.
    let pilot = pilot_for(&mut store, &p.id);
    let agree = MetricsAgreement {
        pilot_id: pilot.id.clone(),
        agreed_by: "Anna".into(),
        viewer_time_zone: None,
    };
    store.agree_pilot_metrics(&agree, t0()).expect("agrees");
    let start = PilotStart {
        pilot_id: pilot.id.clone(),
        viewer_time_zone: None,
    };
    store.start_pilot(&start, at(24)).expect("starts");
    {
        store
            .log_deliverable(
                &NewDeliverable {
                    pilot_id: pilot.id.clone(),
                    title: "US video".into(),
                    market: None,
                    due_at: format_instant(at(100)),
                    delivered_at: Some(format_instant(at(130))),
                    notice_given: false,
                    verdict: Some(Verdict::OnScope),
                    note: String::new(),
                    viewer_time_zone: None,
                },
                at(130),
            )
            .expect("logs a deliverable");
    }
    for round in 1..=3 {
        let r = NewRevisionRound {
            pilot_id: pilot.id.clone(),
            market: None,
            note: format!("round {round}"),
            viewer_time_zone: None,
        };
        store.log_revision_round(&r, at(140)).expect("logs a round");
    }
    let flag = store
        .raise_flag(
            &NewFlag {
                partner_id: p.id.clone(),
                pilot_id: None,
                kind: "resists_documentation".into(),
                occurred_at: format_instant(at(150)),
                note: "Would not sign the brief".into(),
                link: String::new(),
                raised_by: "Anna".into(),
            },
            at(150),
        )
        .expect("raises a dealbreaker");
    let why = "Signed after a call with the founder";
    let override_ = FlagAction {
        flag_id: flag.id.clone(),
        by: "Founder".into(),
        note: why.into(),
    };
    store.override_flag(&override_, at(151)).expect("overrides");
    let verdicts = [
        HypothesisVerdict::Validated,
        HypothesisVerdict::Refuted,
        HypothesisVerdict::Refined,
    ];
    store
        .record_debrief(
            &NewDebrief {
                pilot_id: pilot.id.clone(),
                author: "Anna".into(),
                worked: "Fast RU approvals".into(),
                did_not_work: "US brief misread twice".into(),
                hypotheses: pilot
                    .hypotheses
                    .iter()
                    .zip(verdicts)
                    .map(|(h, verdict)| HypothesisOutcome {
                        hypothesis_id: h.id.clone(),
                        verdict,
                        note: String::new(),
                    })
                    .collect(),
                health: Health {
                    communication: 2,
                    speed: 3,
                    ownership: 4,
                },
                failure_cause: FailureCause::Communication,
            },
            at(400),
        )
        .expect("debriefs");

    let dossier = store
        .dossier(
            &DossierQuery {
                partner_id: p.id.clone(),
                viewer_time_zone: "Europe/Moscow".into(),
            },
            at(401),
        )
        .expect("reads the dossier");
    let debrief = &dossier.debriefs[0];
    assert_eq!(
        (debrief.worked.as_str(), debrief.did_not_work.as_str()),
        ("Fast RU approvals", "US brief misread twice")
    );
    let read: Vec<(&str, HypothesisVerdict)> = debrief
        .hypotheses
        .iter()
        .map(|h| (h.text.as_str(), h.verdict))
        .collect();
    assert_eq!(
        read,
        vec![
            ("RU prefers founder-led copy", HypothesisVerdict::Validated),
            ("US converts on social proof", HypothesisVerdict::Refuted),
            (
                "One creator per market is enough",
                HypothesisVerdict::Refined
            ),
        ],
        "each verdict with its hypothesis's text"
    );
    let rounds: Vec<&str> = dossier.pilots[0]
        .revisions
        .rounds
        .iter()
        .map(|r| r.note.as_str())
        .collect();
    assert_eq!(rounds, vec!["round 1", "round 2", "round 3"]);
    assert_eq!(
        dossier.record,
        record::PartnerRecord {
            failure_causes: vec![record::CampaignCause {
                attempt: 1,
                campaign_no: 1,
                cause: FailureCause::Communication
            }],
            health: Some(Health {
                communication: 2,
                speed: 3,
                ownership: 4
            }),
            revisions_used: Some(3),
            revision_limit: Some(2),
            late_with_notice: 0,
            late_without_notice: 1,
            overridden_dealbreakers: vec![record::OverriddenDealbreaker {
                flag_id: flag.id.clone(),
                label: flag.label.clone(),
                reason: why.into(),
                by: "Founder".into(),
            }],
        }
    );
}

#[test]
fn a_partner_with_nothing_recorded_has_an_empty_record() {
    let mut store = store();
    let p = partner(&mut store, "New");
    let dossier = store
        .dossier(
            &DossierQuery {
                partner_id: p.id,
                viewer_time_zone: "UTC".into(),
            },
            at(1),
        )
        .expect("reads the dossier");
    let r = dossier.record;
    assert!(r.failure_causes.is_empty() && r.health.is_none());
    assert_eq!((r.revisions_used, r.revision_limit), (None, None));
    assert_eq!((r.late_with_notice, r.late_without_notice), (0, 0));
    assert!(r.overridden_dealbreakers.is_empty());
}

#[test]
fn the_board_is_every_column_as_its_own_read_gives_it() {
    let mut store = crate::testing::store();
    for name in ["Север", "South", "east", "Запад"] {
        crate::testing::partner(&mut store, name);
    }
    let moved = crate::testing::partner(&mut store, "Moved");
    crate::testing::force_phase(&mut store, &moved.id, Phase::GutCheck);
    for search in [None, Some("s".to_owned())] {
        let board = store
            .board(
                &BoardQuery {
                    search: search.clone(),
                    limit: Some(3),
                },
                crate::testing::t0(),
            )
            .expect("the board");
        let phases: Vec<Phase> = board.iter().map(|c| c.phase).collect();
        assert_eq!(phases, Phase::ALL, "every column, in the phases' order");
        for column in board {
            let alone = store
                .pipeline(
                    &PipelineQuery {
                        phase: Some(column.phase),
                        search: search.clone(),
                        cursor: None,
                        limit: Some(3),
                    },
                    crate::testing::t0(),
                )
                .expect("one column");
            assert_eq!(column.page, alone, "{:?}, {search:?}", column.phase);
        }
    }
}
