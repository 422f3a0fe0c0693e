//! Helpers shared by the unit tests of every module.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::types::Value;

use crate::partner::{NewPartner, Partner, PartnerKind};
use crate::phase::Phase;
use crate::signal::Signals;
use crate::store::{write_tx, Store};

/// 22 November 2026, 09:00 UTC.
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
