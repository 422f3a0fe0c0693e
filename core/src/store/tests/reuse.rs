//! Every statement is compiled once per connection and kept: across a realistic workload (the
//! generator's writes, then every read the UI makes, twice with other values), no statement is
//! re-prepared (QPSG) and every statement run more than once is a kept one (the cache holds them
//! all and every call site goes through it).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::StatementStatus;

use super::super::*;
use crate::dossier::{DossierQuery, PipelineQuery};
use crate::partner::{PageDirection, PartnerQuery};
use crate::phase::Phase;
use crate::pilot::PilotQuery;
use crate::reminder::ReminderQuery;
use crate::scorecard::ScorecardQuery;
use crate::seed::{generate, Spec};
use crate::testing::t0;

/// Per SQL text: (times it ran, the most runs one statement object had, the most re-prepares).
type Seen = BTreeMap<String, (u32, i32, i32)>;

fn watch(store: &mut Store) -> Arc<Mutex<Seen>> {
    let seen = Arc::new(Mutex::new(Seen::new()));
    let sink = Arc::clone(&seen);
    store
        .conn
        .trace_v2(
            TraceEventCodes::SQLITE_TRACE_PROFILE,
            Some(move |event: TraceEvent<'_>| {
                if let TraceEvent::Profile(stmt, _) = event {
                    let mut seen = sink.lock().expect("the trace's map");
                    let entry = seen.entry(stmt.sql().into_owned()).or_default();
                    entry.0 += 1;
                    entry.1 = entry.1.max(stmt.get_status(StatementStatus::Run));
                    entry.2 = entry.2.max(stmt.get_status(StatementStatus::RePrepare));
                }
            }),
        )
        .expect("the trace hook is set");
    seen
}

fn ids(store: &Store, sql: &str) -> Vec<String> {
    let mut stmt = store.conn.prepare_cached(sql).expect("a sample query");
    let rows = stmt.query_map([], |r| r.get(0)).expect("runs");
    rows.collect::<rusqlite::Result<_>>().expect("reads")
}

/// Every read command, with values that differ from round to round.
fn read_everything(store: &Store, round: usize) {
    let pick = |sql: &str| {
        let all = ids(store, sql);
        all[round % all.len()].clone()
    };
    let partner = pick("SELECT partner_id FROM pilots ORDER BY id");
    let flagged = pick("SELECT partner_id FROM flags ORDER BY id");
    let pilot = pick("SELECT id FROM pilots ORDER BY id");
    let zone = ["Europe/Moscow", "America/New_York"][round % 2];
    let search = ["a", "ко"][round % 2];
    store
        .list_partners(&PartnerQuery {
            search: None,
            cursor: None,
            limit: Some(10 + round as u32),
        })
        .expect("lists");
    store
        .list_partners(&PartnerQuery {
            search: None,
            cursor: Some(crate::partner::PageCursor {
                direction: [PageDirection::After, PageDirection::Before][round % 2],
                partner_id: partner.clone(),
            }),
            limit: Some(10 + round as u32),
        })
        .expect("pages");
    store
        .list_partners(&PartnerQuery {
            search: Some(search.into()),
            cursor: None,
            limit: Some(20),
        })
        .expect("searches");
    for phase in Phase::ALL {
        for search in [None, Some(search.to_owned())] {
            store
                .pipeline(
                    &PipelineQuery {
                        phase: Some(*phase),
                        search,
                        cursor: Some(crate::partner::PageCursor {
                            direction: PageDirection::After,
                            partner_id: partner.clone(),
                        }),
                        limit: Some(5 + round as u32),
                    },
                    t0(),
                )
                .expect("a board column");
        }
    }
    let dossier = DossierQuery {
        partner_id: partner.clone(),
        viewer_time_zone: zone.into(),
    };
    store.dossier(&dossier, t0()).expect("a dossier");
    store.partner(&partner).expect("a partner");
    store.recommendation(&partner).expect("a recommendation");
    store
        .scorecards(&ScorecardQuery {
            partner_id: partner.clone(),
            phase: Phase::GutCheck,
        })
        .expect("scorecards");
    store
        .pilot(
            &PilotQuery {
                pilot_id: pilot,
                viewer_time_zone: zone.into(),
            },
            t0(),
        )
        .expect("a pilot");
    store.flags(&flagged).expect("flags");
    store.decisions(&partner).expect("decisions");
    store.frameworks().expect("frameworks");
    store.default_framework().expect("the default framework");
    store.settings().expect("settings");
    store.list_markets().expect("markets");
    for kind in [None, Some(crate::reminder::ReminderKind::ReviewDue)] {
        store
            .reminders(
                &ReminderQuery {
                    viewer_time_zone: zone.into(),
                    kind,
                    offset: round as u32,
                    limit: Some(3 + round as u32),
                },
                chrono::Utc::now(),
            )
            .expect("reminders");
    }
}

/// Transaction control and pragmas are rusqlite's own `execute_batch` (a few µs each, no plan).
fn is_control(sql: &str) -> bool {
    let head = sql.trim_start().to_ascii_uppercase();
    [
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "PRAGMA",
        "SAVEPOINT",
        "RELEASE",
    ]
    .iter()
    .any(|word| head.starts_with(word))
}

#[test]
fn no_statement_is_compiled_twice_across_a_realistic_workload() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    let seen = watch(&mut store);
    generate(&mut store, &Spec::scaled(7, 500), t0()).expect("generates");
    for round in 0..3 {
        read_everything(&store, round);
    }
    let seen = seen.lock().expect("the trace's map");
    assert!(
        seen.len() > 60,
        "the workload ran the statements of every read and write, got {}",
        seen.len()
    );
    assert!(
        seen.len() < STATEMENT_CACHE / 2,
        "{} statements: the cache ({STATEMENT_CACHE}) keeps them all with room to spare",
        seen.len()
    );
    let reprepared: Vec<_> = seen
        .iter()
        .filter(|(_, (_, _, reprepares))| *reprepares > 0)
        .map(|(sql, (_, _, n))| format!("{n}× {sql}"))
        .collect();
    assert!(
        reprepared.is_empty(),
        "statements re-prepared (a plan that depends on a bound value, without QPSG): {reprepared:#?}"
    );
    let compiled_each_time: Vec<_> = seen
        .iter()
        .filter(|(sql, (runs, most, _))| *runs > 1 && *most == 1 && !is_control(sql))
        .map(|(sql, (runs, _, _))| format!("{runs} runs, a new statement each: {sql}"))
        .collect();
    assert!(
        compiled_each_time.is_empty(),
        "statements compiled on every use (not through prepare_cached, or evicted from the \
         cache): {compiled_each_time:#?}"
    );
}
