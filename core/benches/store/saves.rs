//! Every kind of save, timed on the generated file with the store's own pragmas
//! (`synchronous = FULL`: each commit waits for fsync).

use chrono::{DateTime, Duration as Span, Utc};
use rusqlite::Connection;
use vetta_core::decision::NewDecision;
use vetta_core::flag::{FlagAction, NewFlag};
use vetta_core::gate::Answer;
use vetta_core::ids::format_instant;
use vetta_core::partner::{NewPartner, PartnerEdit};
use vetta_core::phase::Phase;
use vetta_core::pilot::{
    DeliveryUpdate, MetricActual, NewApproval, NewDeliverable, NewRevisionRound, PilotStart,
    Verdict,
};
use vetta_core::recommendation::Choice;
use vetta_core::scorecard::NewScorecard;
use vetta_core::seed::{self, Rng};
use vetta_core::{testing, Store};

use crate::timing::Table;
use crate::{distinct, sample, Res, RUNS};

/// Pilots that have started and have no debrief yet.
const RUNNING: &str = "SELECT p.id FROM pilots p WHERE p.started_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM debriefs b WHERE b.pilot_id = p.id)";

/// Runs each save on inputs drawn from `ro` just before it (so later draws see earlier saves),
/// at instants one second apart from `now`.
pub fn run(
    store: &mut Store,
    ro: &Connection,
    rng: &mut Rng,
    table: &mut Table,
    now: DateTime<Utc>,
) -> Res<()> {
    let clock = std::cell::Cell::new(now);
    let tick = || -> DateTime<Utc> {
        clock.set(clock.get() + Span::seconds(1));
        clock.get()
    };
    let adds: Vec<usize> = (0..RUNS).collect();
    table.save("add_partner", "profile, 2 markets, signals", &adds, |i| {
        store.add_partner(
            &NewPartner {
                markets: vec!["RU".into(), "KZ".into()],
                home_time_zone: "Asia/Almaty".into(),
                languages: vec!["ru".into(), "kk".into()],
                found_via: "referral".into(),
                ..testing::new_partner(&format!("Bench Partner {i}"))
            },
            tick(),
        )
    })?;
    let edits = distinct(ro, "SELECT id FROM partners", RUNS, rng)?;
    let edit_inputs = edits
        .iter()
        .map(|id| {
            let p = store.partner(id)?;
            Ok(PartnerEdit {
                id: p.id,
                name: format!("{} (edited)", p.name),
                kind: p.kind,
                markets: p.markets,
                home_time_zone: p.home_time_zone,
                languages: p.languages,
                contacts: p.contacts,
                found_via: p.found_via,
                notes: "edited by the bench".into(),
                signals: p.signals,
                framework_id: None,
            })
        })
        .collect::<Res<Vec<_>>>()?;
    table.save(
        "edit_partner",
        "whole profile replaced",
        &edit_inputs,
        |input| store.edit_partner(input, tick()),
    )?;
    let gut = distinct(
        ro,
        "SELECT id FROM partners WHERE phase = 'gut_check'",
        RUNS,
        rng,
    )?;
    table.save(
        "submit_scorecard",
        "10 answers, supersedes the reviewer's card",
        &gut,
        |id| {
            store.submit_scorecard(
                &NewScorecard {
                    partner_id: id.clone(),
                    phase: Phase::GutCheck,
                    reviewer: "Sarah Chen".into(),
                    answers: seed::CRITERION_KEYS
                        .iter()
                        .map(|(k, yes_no)| Answer {
                            criterion: (*k).into(),
                            value: if *yes_no { 1 } else { 4 },
                        })
                        .collect(),
                    note: String::new(),
                },
                tick(),
            )
        },
    )?;
    let mut raised = Vec::new();
    table.save(
        "raise_flag",
        "a warning on a random partner",
        &edits,
        |id| {
            let t = tick();
            let f = store.raise_flag(
                &NewFlag {
                    partner_id: id.clone(),
                    pilot_id: None,
                    kind: "communication_gaps".into(),
                    occurred_at: format_instant(t - Span::hours(3)),
                    note: "No answer for a week".into(),
                    link: String::new(),
                    raised_by: "Bench".into(),
                },
                t,
            )?;
            raised.push(f.id);
            Ok(())
        },
    )?;
    table.save("resolve_flag", "the flags just raised", &raised, |id| {
        store.resolve_flag(
            &FlagAction {
                flag_id: id.clone(),
                by: "Bench".into(),
                note: "Sorted out".into(),
            },
            tick(),
        )
    })?;
    let holdable = distinct(
        ro,
        "SELECT id FROM partners WHERE phase <> 'walked'",
        RUNS,
        rng,
    )?;
    table.save(
        "record_decision",
        "hold (computes the recommendation first)",
        &holdable,
        |id| {
            store.record_decision(
                &NewDecision {
                    partner_id: id.clone(),
                    choice: Choice::Hold,
                    decided_by: "Bench".into(),
                    rationale: "Waiting for budget".into(),
                    assumptions: vec!["Budget lands in Q1".into()],
                    review_on: Some("2027-01-15".into()),
                    confidence: None,
                    expected: None,
                },
                tick(),
            )
        },
    )?;
    // Pilots still being scoped (not started), with room for more deliverables.
    let scoping = distinct(
        ro,
        "SELECT p.id FROM pilots p JOIN partners o ON o.id = p.partner_id
         WHERE p.started_at IS NULL AND o.phase = 'pilot_scoping'
           AND (SELECT count(*) FROM deliverables d WHERE d.pilot_id = p.id) < p.deliverables",
        2 * RUNS,
        rng,
    )?;
    let (to_log, to_start) = scoping.split_at(scoping.len() / 2);
    let due = format_instant(now + Span::days(20));
    table.save(
        "log_deliverable",
        "planned deliverable on a scoped pilot",
        to_log,
        |id| {
            store.log_deliverable(
                &NewDeliverable {
                    pilot_id: id.clone(),
                    title: "Bench video".into(),
                    market: None,
                    due_at: due.clone(),
                    delivered_at: None,
                    notice_given: false,
                    verdict: None,
                    note: String::new(),
                    viewer_time_zone: None,
                },
                tick(),
            )
        },
    )?;
    // A pilot starts within its scoped dates (core/src/dates.rs): each at its own scoped start.
    let starts = to_start
        .iter()
        .map(|id| {
            let at: String =
                ro.query_row("SELECT starts_at FROM pilots WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            let at = vetta_core::ids::parse_instant(&at).ok_or("a stored start instant")?;
            Ok((id.clone(), at))
        })
        .collect::<Res<Vec<(String, DateTime<Utc>)>>>()?;
    table.save(
        "start_pilot",
        "phase → pilot (derives a flag when metrics were not agreed)",
        &starts,
        |(id, at)| {
            store.start_pilot(
                &PilotStart {
                    pilot_id: id.clone(),
                    viewer_time_zone: None,
                },
                *at,
            )
        },
    )?;
    let open_deliverables = distinct(
        ro,
        "SELECT d.id FROM deliverables d JOIN pilots p ON p.id = d.pilot_id
         WHERE d.delivered_at IS NULL AND p.started_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM debriefs b WHERE b.pilot_id = p.id)",
        RUNS,
        rng,
    )?;
    table.save(
        "record_delivery",
        "late without notice half the time (derived flag)",
        &open_deliverables,
        |id| {
            let t = tick();
            store.record_delivery(
                &DeliveryUpdate {
                    deliverable_id: id.clone(),
                    delivered_at: format_instant(t),
                    notice_given: rng.chance(50),
                    verdict: Some(Verdict::OnScope),
                    note: String::new(),
                    viewer_time_zone: None,
                },
                t,
            )
        },
    )?;
    let running = sample(ro, RUNNING, RUNS, rng)?;
    table.save("log_revision_round", "running pilot", &running, |id| {
        store.log_revision_round(
            &NewRevisionRound {
                pilot_id: id.clone(),
                market: None,
                note: "Another round".into(),
                viewer_time_zone: None,
            },
            tick(),
        )
    })?;
    let approvals: Vec<(String, String)> = {
        let mut stmt = ro.prepare(&format!(
            "SELECT id, (SELECT market_code FROM pilot_metrics m WHERE m.pilot_id = p.id LIMIT 1)
             FROM pilots p WHERE p.id IN ({RUNNING})"
        ))?;
        let all = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<(String, String)>, _>>()?;
        (0..RUNS).map(|_| rng.pick(&all).clone()).collect()
    };
    table.save(
        "log_approval",
        "running pilot, one market",
        &approvals,
        |(id, market)| {
            let t = tick();
            store.log_approval(
                &NewApproval {
                    pilot_id: id.clone(),
                    market: market.clone(),
                    requested_at: format_instant(t - Span::hours(30)),
                    approved_at: format_instant(t),
                    note: String::new(),
                    viewer_time_zone: None,
                },
                t,
            )
        },
    )?;
    let metrics = sample(
        ro,
        &format!("SELECT m.id FROM pilot_metrics m WHERE m.pilot_id IN ({RUNNING})"),
        RUNS,
        rng,
    )?;
    table.save("record_metric_actual", "running pilot", &metrics, |id| {
        store.record_metric_actual(
            &MetricActual {
                metric_id: id.clone(),
                actual: 1234.0,
                viewer_time_zone: None,
            },
            tick(),
        )
    })?;
    table.save("set_user_name", "settings", &[(); RUNS], |_| {
        store.set_user_name("Bench", tick())
    })?;
    Ok(())
}
