//! Helpers shared by the unit tests of every module.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::types::Value;

use crate::partner::{NewPartner, Partner, PartnerKind};
use crate::phase::Phase;
use crate::signal::Signals;
use crate::store::{write_tx, Store};

/// 22 November 2026, 09:00 UTC. Fixed: every test passes time in (`now`), and no rule reads
/// the real clock, so this holds on any day.
pub(crate) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
        .single()
        .expect("valid date")
}

/// `t0` plus `hours`.
pub(crate) fn at(hours: i64) -> DateTime<Utc> {
    t0() + Duration::hours(hours)
}

pub(crate) fn store() -> Store {
    Store::open_in_memory(t0()).expect("opens in memory")
}

pub(crate) fn new_partner(name: &str) -> NewPartner {
    NewPartner {
        name: name.into(),
        kind: PartnerKind::Agency,
        markets: vec!["RU".into(), "US".into()],
        home_time_zone: "America/Los_Angeles".into(),
        languages: vec!["en".into(), "ru".into()],
        contacts: vec![],
        found_via: String::new(),
        notes: String::new(),
        signals: Signals::default(),
        framework_id: None,
    }
}

pub(crate) fn partner(store: &mut Store, name: &str) -> Partner {
    store
        .add_partner(&new_partner(name), t0())
        .expect("adds a partner")
}

/// Puts a partner straight into `phase`, bypassing gates: for tests of later phases only.
pub(crate) fn force_phase(store: &mut Store, id: &str, phase: Phase) {
    let tx = write_tx(&mut store.conn).expect("tx");
    crate::partner::set_phase(&tx, id, phase, t0(), "test").expect("sets phase");
    tx.commit().expect("commits");
}

/// Every row of every table, as sorted text: compare before and after to prove nothing changed.
pub(crate) fn dump(store: &Store) -> Vec<String> {
    let conn = &store.conn;
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("lists tables");
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("reads");
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("selects");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("queries")
            .collect::<Result<Vec<_>, _>>()
            .expect("reads");
        let mut lines: Vec<String> = rows.iter().map(|r| format!("{table}: {r:?}")).collect();
        lines.sort();
        out.extend(lines);
    }
    out
}

use crate::decision::{Decision, NewDecision};
use crate::gate::Answer;
use crate::pilot::{MetricUnit, NewMetric, NewPilot, Pilot, PilotScope, Roles};
use crate::recommendation::Choice;
use crate::scorecard::NewScorecard;

pub(crate) fn decide(
    store: &mut Store,
    partner_id: &str,
    choice: Choice,
) -> crate::Result<Decision> {
    store.record_decision(
        &NewDecision {
            partner_id: partner_id.into(),
            choice,
            decided_by: "Founder".into(),
            rationale: "because the evidence says so".into(),
            assumptions: vec!["RU audiences prefer founder-led copy".into()],
            // Fixed: a date after `t0`; reminders take `now` as a parameter, never the clock.
            review_on: Some("2027-01-15".into()),
        },
        t0(),
    )
}

pub(crate) fn gut_check(store: &mut Store, partner_id: &str, reviewer: &str, values: [i32; 3]) {
    let answers = ["understands_ugc", "knows_both_markets", "asks_about_goals"]
        .iter()
        .zip(values)
        .map(|(k, v)| Answer {
            criterion: (*k).into(),
            value: v,
        })
        .collect();
    store
        .submit_scorecard(
            &NewScorecard {
                partner_id: partner_id.into(),
                phase: Phase::GutCheck,
                reviewer: reviewer.into(),
                answers,
                note: String::new(),
            },
            t0(),
        )
        .expect("submits a gut check");
}

/// Sourced → gut check (3/3 from two reviewers) → pilot scoping, through real decisions.
pub(crate) fn to_scoping(store: &mut Store, partner_id: &str) {
    decide(store, partner_id, Choice::Advance).expect("advances to the gut check");
    gut_check(store, partner_id, "Anna", [1, 1, 1]);
    gut_check(store, partner_id, "Mike", [1, 1, 1]);
    decide(store, partner_id, Choice::Advance).expect("advances to scoping");
}

pub(crate) fn scope() -> PilotScope {
    PilotScope {
        creators: 2,
        deliverables: 1,
        starts_at: crate::ids::format_instant(at(24)),
        ends_at: crate::ids::format_instant(at(24 + 14 * 24)),
        revision_limit: 2,
        payment_amount: "1500.00".into(),
        currency: "usd".into(),
        metrics: vec![
            NewMetric {
                market: "RU".into(),
                name: "Охват".into(),
                unit: MetricUnit::Count,
                target: 100_000.0,
                currency: None,
            },
            NewMetric {
                market: "US".into(),
                name: "Conversion".into(),
                unit: MetricUnit::Percent,
                target: 2.5,
                currency: None,
            },
        ],
        roles: Roles {
            creative_feedback_owner: "Anna (Moscow)".into(),
            creator_relations: "Mike (LA)".into(),
            final_approval: "Founder".into(),
            escalation_path: "Anna → Founder, within 24 h".into(),
        },
        rhythm: "async-first, weekly sync on Tuesdays".into(),
        hypotheses: vec![
            "RU prefers founder-led copy".into(),
            "US converts on social proof".into(),
            "One creator per market is enough".into(),
        ],
    }
}

pub(crate) fn pilot_for(store: &mut Store, partner_id: &str) -> Pilot {
    store
        .create_pilot(
            &NewPilot {
                partner_id: partner_id.into(),
                scope: scope(),
                viewer_time_zone: None,
            },
            t0(),
        )
        .expect("creates a pilot")
}
