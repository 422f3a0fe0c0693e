//! Upgrades of frozen files of every old schema, with data (after mozilla/application-services'
//! autofill tests). Each fixture, `tests/fixtures/vN.sql`, was written by the build that shipped
//! schema N through its own Store (see `tests/fixtures/README.md`). It is loaded into a file,
//! opened with `Store::open` (which upgrades it to the latest schema) and checked: every old row
//! is still there with the same values, every row reads back field by field through the Store's
//! public reads (`reads.rs`, `lifecycle.rs`, `pilots.rs`), the file passes `integrity_check` and
//! `foreign_key_check`, its schema is a new file's schema, and the backup taken before the upgrade
//! is the old file.

mod lifecycle;
mod pilots;
mod reads;
mod scenario;

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use vetta_core::{Error, Store};

/// Every schema that shipped, with its frozen file.
const FIXTURES: &[(u32, &str)] = &[
    (1, include_str!("../fixtures/v1.sql")),
    (2, include_str!("../fixtures/v2.sql")),
    (3, include_str!("../fixtures/v3.sql")),
    (4, include_str!("../fixtures/v4.sql")),
    (5, include_str!("../fixtures/v5.sql")),
    (6, include_str!("../fixtures/v6.sql")),
    (7, include_str!("../fixtures/v7.sql")),
    (8, include_str!("../fixtures/v8.sql")),
    (9, include_str!("../fixtures/v9.sql")),
    (10, include_str!("../fixtures/v10.sql")),
    (11, include_str!("../fixtures/v11.sql")),
];

/// Fixed: the upgrade's own instant (seeded rows are stamped with it); nothing compares it with
/// the real clock.
fn upgraded_at() -> DateTime<Utc> {
    vetta_core::ids::parse_instant("2026-11-22T09:00:00Z").expect("a fixed instant")
}

fn latest() -> u32 {
    Store::open_in_memory(upgraded_at())
        .and_then(|s| s.schema_version())
        .expect("a new store reads its version")
}

fn fixture(version: u32) -> &'static str {
    FIXTURES
        .iter()
        .find(|(v, _)| *v == version)
        .map(|(_, sql)| *sql)
        .unwrap_or_else(|| panic!("schema v{version} has a frozen fixture"))
}

/// The fixture as a file at `path`, written with foreign keys off, as `.dump` output expects.
fn load(sql: &str, path: &Path) {
    let conn = Connection::open(path).expect("the fixture's file is created");
    conn.execute_batch(sql).expect("the fixture loads");
}

/// Every row of every table, as sorted text per table, for the columns the old file has.
fn rows(conn: &Connection, tables_of: &Connection) -> Vec<(String, Vec<String>)> {
    let tables: Vec<String> = tables_of
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("prepares")
        .query_map([], |r| r.get(0))
        .expect("lists tables")
        .collect::<Result<_, _>>()
        .expect("reads tables");
    tables
        .into_iter()
        .map(|table| {
            let columns: Vec<String> = tables_of
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .expect("prepares")
                .query_map([], |r| r.get(0))
                .expect("lists columns")
                .collect::<Result<_, _>>()
                .expect("reads columns");
            let quoted = columns
                .iter()
                .map(|c| format!("quote(\"{c}\")"))
                .collect::<Vec<_>>()
                .join(" || ',' || ");
            let mut lines: Vec<String> = conn
                .prepare(&format!("SELECT {quoted} FROM \"{table}\""))
                .unwrap_or_else(|e| panic!("table {table} and its columns are still there: {e}"))
                .query_map([], |r| r.get(0))
                .expect("selects")
                .collect::<Result<_, _>>()
                .expect("reads rows");
            lines.sort();
            (table, lines)
        })
        .collect()
}

/// `type name sql` of every schema object, sorted: a fixture's load order is not a new file's.
fn schema(conn: &Connection) -> Vec<String> {
    let mut objects: Vec<String> = conn
        .prepare("SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master")
        .expect("prepares")
        .query_map([], |r| r.get(0))
        .expect("lists")
        .collect::<Result<_, _>>()
        .expect("reads");
    objects.sort();
    objects
}

fn read_only(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("opens read-only")
}

fn pragma_rows(conn: &Connection, pragma: &str) -> Vec<String> {
    conn.prepare(&format!("SELECT * FROM pragma_{pragma}"))
        .expect("prepares")
        .query_map([], |r| {
            Ok(format!("{:?}", r.get::<_, rusqlite::types::Value>(0)?))
        })
        .expect("runs")
        .collect::<Result<_, _>>()
        .expect("reads")
}

/// What the brief for the fixtures asks each to hold, so a thin fixture cannot pass unnoticed.
fn assert_holds_every_kind_of_row(raw: &Connection, version: u32) {
    let count = |sql: &str| -> u32 {
        raw.query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("v{version} fixture answers {sql}: {e}"))
    };
    let mut wanted = vec![
        ("a partner in two markets", "SELECT count(*) FROM (SELECT partner_id FROM partner_markets GROUP BY 1 HAVING count(*) > 1)"),
        ("a soft-deleted partner", "SELECT count(*) FROM partners WHERE deleted_at IS NOT NULL"),
        ("a market added after RU and US", "SELECT count(*) FROM markets WHERE code NOT IN ('RU', 'US')"),
        ("a setting", "SELECT count(*) FROM settings"),
    ];
    if version >= 2 {
        wanted.extend([
            ("recorded signals", "SELECT count(*) FROM partners WHERE signals <> '{}'"),
            ("a copied framework version", "SELECT count(*) FROM frameworks WHERE based_on IS NOT NULL"),
            ("a superseded scorecard", "SELECT count(*) FROM scorecards WHERE supersedes IS NOT NULL"),
            ("a manual flag", "SELECT count(*) FROM flags WHERE source = 'manual'"),
            ("a derived flag", "SELECT count(*) FROM flags WHERE source = 'derived'"),
            ("a resolved flag", "SELECT count(*) FROM flag_events WHERE action = 'resolve'"),
            ("an overridden dealbreaker", "SELECT count(*) FROM flag_events WHERE action = 'override'"),
            ("an open dealbreaker", "SELECT count(*) FROM flags f WHERE severity = 'dealbreaker' AND NOT EXISTS (SELECT 1 FROM flag_events e WHERE e.flag_id = f.id)"),
            ("a started pilot", "SELECT count(*) FROM pilots WHERE started_at IS NOT NULL"),
            ("a pilot not started", "SELECT count(*) FROM pilots WHERE started_at IS NULL"),
            ("a metric actual", "SELECT count(*) FROM pilot_metrics WHERE actual IS NOT NULL"),
            ("a re-scoped (soft-deleted) metric", "SELECT count(*) FROM pilot_metrics WHERE deleted_at IS NOT NULL"),
            ("a re-scoped (soft-deleted) hypothesis", "SELECT count(*) FROM pilot_hypotheses WHERE deleted_at IS NOT NULL"),
            ("a delivered deliverable", "SELECT count(*) FROM deliverables WHERE delivered_at IS NOT NULL"),
            ("an undelivered deliverable", "SELECT count(*) FROM deliverables WHERE delivered_at IS NULL"),
            ("a revision round", "SELECT count(*) FROM revision_rounds"),
            ("an approval", "SELECT count(*) FROM approvals"),
            ("a superseded debrief", "SELECT count(*) FROM debriefs WHERE supersedes IS NOT NULL"),
            ("hypothesis verdicts", "SELECT count(*) FROM debrief_hypotheses"),
            ("a superseded decision", "SELECT count(*) FROM decisions WHERE supersedes IS NOT NULL"),
            ("a scale-up decision", "SELECT count(*) FROM decisions WHERE choice = 'scale_to'"),
        ]);
    }
    if version >= 7 {
        wanted.extend([
            ("a decision with a confidence", "SELECT count(*) FROM decisions WHERE confidence IS NOT NULL AND expected IS NOT NULL"),
            ("a corrected decision review", "SELECT count(*) FROM (SELECT decision_id FROM decision_reviews GROUP BY 1 HAVING count(*) > 1)"),
        ]);
    }
    for (what, sql) in wanted {
        assert!(count(sql) > 0, "the v{version} fixture holds {what}");
    }
}

/// Loads fixture `version`, upgrades it through `Store::open`, and checks everything.
fn upgrade_and_check(version: u32) {
    let latest = latest();
    let sql = fixture(version);
    let raw = Connection::open_in_memory().expect("opens in memory");
    raw.execute_batch(sql).expect("the fixture loads in memory");
    assert_eq!(
        raw.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))
            .expect("reads"),
        version,
        "fixture v{version} is a file at schema {version}"
    );
    assert_holds_every_kind_of_row(&raw, version);
    let before = rows(&raw, &raw);

    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join(vetta_core::store::DB_FILE_NAME);
    load(sql, &path);
    let (store, report) = Store::open(&path, upgraded_at())
        .unwrap_or_else(|e| panic!("a v{version} file opens and upgrades: {e}"));
    assert_eq!(
        (report.found_version, report.version),
        (version, latest),
        "a v{version} file is found at {version} and brought to the latest schema"
    );
    reads::all(&raw, &store, version);
    drop(store);

    let file = read_only(&path);
    assert_eq!(
        pragma_rows(&file, "integrity_check"),
        vec![r#"Text("ok")"#.to_owned()],
        "v{version}: the upgraded file passes SQLite's integrity check"
    );
    assert!(
        pragma_rows(&file, "foreign_key_check").is_empty(),
        "v{version}: every reference in the upgraded file points at a row"
    );
    let after = rows(&file, &raw);
    for ((table, old), (_, new)) in before.iter().zip(&after) {
        let added: Vec<&String> = new.iter().filter(|row| !old.contains(row)).collect();
        let lost: Vec<&String> = old.iter().filter(|row| !new.contains(row)).collect();
        assert!(
            lost.is_empty(),
            "v{version}: every old row of {table} is kept with its values; changed or lost: {lost:?}"
        );
        let seeded = version < 2 && table == "meta" && added.len() == 1;
        assert!(
            added.is_empty() || seeded,
            "v{version}: the upgrade adds no rows to old table {table} (only v2's default \
             framework key in meta); added: {added:?}"
        );
    }
    let new_dir = tempfile::tempdir().expect("a temp dir");
    let (fresh, _) = Store::open_in_dir(new_dir.path(), upgraded_at()).expect("a new file opens");
    drop(fresh);
    assert_eq!(
        schema(&file),
        schema(&read_only(
            &new_dir.path().join(vetta_core::store::DB_FILE_NAME)
        )),
        "v{version}: the upgraded file has exactly a new file's schema"
    );

    match report.backup {
        None => assert_eq!(version, latest, "only an upgrade takes a backup"),
        Some(backup) => {
            let copy = read_only(&backup);
            assert_eq!(
                copy.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))
                    .expect("reads"),
                version,
                "the backup keeps schema {version}"
            );
            assert_eq!(
                rows(&copy, &raw),
                before,
                "the backup holds the v{version} file's rows, unchanged"
            );
        }
    }
}

#[test]
fn every_schema_that_shipped_has_a_frozen_fixture_with_data() {
    let versions: Vec<u32> = FIXTURES.iter().map(|(v, _)| *v).collect();
    assert_eq!(
        versions,
        (1..=latest()).collect::<Vec<_>>(),
        "one fixture per schema: before adding a migration, write the current schema's fixture \
         (cargo test -p vetta-core --test upgrades -- --ignored write_fixture_of_latest)"
    );
}

#[test]
fn a_v1_file_upgrades_and_reads_back_field_by_field() {
    upgrade_and_check(1);
}

#[test]
fn a_v2_file_upgrades_and_reads_back_field_by_field() {
    upgrade_and_check(2);
}

#[test]
fn a_v3_file_upgrades_and_reads_back_field_by_field() {
    upgrade_and_check(3);
}

#[test]
fn a_v4_file_opens_and_reads_back_field_by_field() {
    upgrade_and_check(4);
}

/// v6 → v8 adds decision reviews (v7), then rebuilds `frameworks` (version numbers unique per
/// device) under every reference to it.
#[test]
fn a_v6_file_upgrades_through_the_frameworks_rebuild_and_reads_back_field_by_field() {
    upgrade_and_check(6);
}

#[test]
fn a_v8_file_opens_and_reads_back_field_by_field() {
    upgrade_and_check(8);
}

#[test]
fn a_v7_file_opens_and_reads_back_field_by_field() {
    upgrade_and_check(7);
}

#[test]
fn an_upgrade_that_leaves_a_broken_reference_is_refused_and_rolled_back() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join(vetta_core::store::DB_FILE_NAME);
    load(fixture(1), &path);
    {
        // A market row for a partner that does not exist, as a tool that edits the file with
        // foreign keys off (SQLite's own default) can leave behind.
        let conn = Connection::open(&path).expect("opens");
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO partner_markets (partner_id, market_code) VALUES ('ghost', 'US');",
        )
        .expect("writes a broken reference");
    }
    let before = rows(&read_only(&path), &read_only(&path));
    let err = Store::open(&path, upgraded_at())
        .err()
        .expect("a file with a broken reference is refused");
    match &err {
        Error::DamagedDatabase {
            path: named,
            detail,
        } => {
            assert_eq!(named, &path, "the refusal names the file");
            assert!(
                detail.contains("partner_markets") && detail.contains("partners"),
                "the refusal names the table and the missing parent, got {detail:?}"
            );
        }
        other => panic!("expected DamagedDatabase, got {other:?}"),
    }
    let file = read_only(&path);
    assert_eq!(
        file.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))
            .expect("reads"),
        1,
        "the refused upgrade is rolled back: the file is still at schema 1"
    );
    assert_eq!(
        rows(&file, &file),
        before,
        "the refused upgrade is rolled back: every table and row as before"
    );
}
