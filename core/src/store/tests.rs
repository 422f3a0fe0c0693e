use super::*;
use crate::partner::{NewPartner, PartnerQuery};
use crate::testing::{new_partner, t0};

fn sample() -> NewPartner {
    NewPartner {
        home_time_zone: "Europe/Moscow".into(),
        languages: vec![],
        ..new_partner("Лаборатория UGC")
    }
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("the test file is readable")
}

#[test]
fn new_file_gets_latest_schema_and_pragmas() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, report) = Store::open_in_dir(dir.path(), t0()).expect("opens");
    assert_eq!(report.found_version, 0, "a new file starts at version 0");
    assert_eq!(
        report.version, LATEST,
        "and is brought to the latest schema"
    );
    assert_eq!(report.backup, None, "a new file needs no backup");
    let mode: String = store
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal", "the database runs in WAL mode");
    let fk: i64 = store
        .conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .expect("foreign keys");
    assert_eq!(fk, 1, "foreign keys are enforced");
    let sync: i64 = store
        .conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .expect("synchronous");
    assert_eq!(sync, 2, "synchronous is FULL");
}

#[test]
fn data_survives_reopen_and_device_id_is_stable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), t0()).expect("opens");
    let device = store.device_id().to_owned();
    let added = store.add_partner(&sample(), t0()).expect("adds");
    drop(store);
    let (store, report) = Store::open_in_dir(dir.path(), t0()).expect("reopens");
    assert_eq!(
        report.found_version, LATEST,
        "reopening finds the current schema"
    );
    assert_eq!(
        store.device_id(),
        device,
        "the device id is kept across opens"
    );
    let page = store
        .list_partners(&PartnerQuery::default())
        .expect("lists");
    assert_eq!(
        page.items,
        vec![added],
        "the partner written before reopening is there"
    );
}

#[test]
fn newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DB_FILE_NAME);
    {
        let conn = Connection::open(&path).expect("creates");
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .expect("writes a future schema");
    }
    let before = file_bytes(&path);
    let err = Store::open(&path, t0())
        .err()
        .expect("a newer file is refused");
    match err {
        Error::IncompatibleDatabase {
            file_version,
            app_version,
        } => {
            assert_eq!(file_version, 999, "the error names the file's version");
            assert_eq!(app_version, LATEST, "and the app's");
        }
        other => panic!("expected IncompatibleDatabase, got {other:?}"),
    }
    assert_eq!(
        file_bytes(&path),
        before,
        "the file is byte-for-byte unchanged"
    );
    assert!(
        !dir.path().join(format!("{DB_FILE_NAME}-wal")).exists(),
        "no WAL file was created beside it"
    );
}

#[test]
fn damaged_file_is_reported_and_not_overwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DB_FILE_NAME);
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&path, &garbage).expect("writes garbage");
    let err = Store::open(&path, t0())
        .err()
        .expect("a damaged file is refused");
    assert!(
        matches!(err, Error::DamagedDatabase { .. }),
        "expected DamagedDatabase, got {err:?}"
    );
    assert_eq!(
        file_bytes(&path),
        garbage,
        "the damaged file is left as it was"
    );
}

#[test]
fn lifecycle_data_survives_reopen_of_a_file() {
    use crate::recommendation::Choice;
    use crate::testing::{decide, gut_check};
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), t0()).expect("opens");
    let p = store.add_partner(&sample(), t0()).expect("adds");
    decide(&mut store, &p.id, Choice::Advance).expect("advances");
    gut_check(&mut store, &p.id, "Anna", [1, 1, 1]);
    drop(store);
    let (mut store, _) = Store::open_in_dir(dir.path(), t0()).expect("reopens");
    store.set_user_name("Anna", t0()).expect("names the user");
    let reread = store.partner(&p.id).expect("reads");
    assert_eq!(
        reread.phase,
        crate::phase::Phase::GutCheck,
        "the phase persisted"
    );
    assert_eq!(
        store.decisions(&p.id).expect("log").len(),
        1,
        "the decision persisted"
    );
    let view = store
        .scorecards(&crate::scorecard::ScorecardQuery {
            partner_id: p.id.clone(),
            phase: crate::phase::Phase::GutCheck,
        })
        .expect("reads scorecards");
    assert!(view.gate.expect("scored").passed, "the scorecard persisted");
}

#[test]
fn a_fresh_store_passes_the_integrity_check() {
    let store = Store::open_in_memory(t0()).expect("opens");
    assert_eq!(
        store.integrity_check().expect("runs"),
        vec!["ok".to_owned()]
    );
}

/// The counts the triggers keep, against a count of the rows themselves.
fn assert_counts_match(store: &Store, when: &str) {
    let kept: Vec<(String, u32)> = store
        .conn
        .prepare("SELECT phase, partners FROM phase_counts WHERE partners > 0 ORDER BY phase")
        .expect("prepares")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("reads")
        .collect::<std::result::Result<_, _>>()
        .expect("rows");
    let counted: Vec<(String, u32)> = store
        .conn
        .prepare(
            "SELECT phase, count(*) FROM partners WHERE deleted_at IS NULL
             GROUP BY phase ORDER BY phase",
        )
        .expect("prepares")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("reads")
        .collect::<std::result::Result<_, _>>()
        .expect("rows");
    assert_eq!(kept, counted, "kept phase counts equal the rows {when}");
}

#[test]
fn phase_counts_follow_adds_moves_and_deletes() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(store.add_partner(&sample(), t0()).expect("adds").id);
    }
    assert_counts_match(&store, "after adds");
    {
        let tx = write_tx(&mut store.conn).expect("tx");
        crate::partner::set_phase(&tx, &ids[0], crate::phase::Phase::GutCheck, t0(), "d")
            .expect("moves");
        crate::partner::set_phase(&tx, &ids[1], crate::phase::Phase::Walked, t0(), "d")
            .expect("moves");
        crate::partner::set_phase(&tx, &ids[1], crate::phase::Phase::Walked, t0(), "d")
            .expect("same phase again");
        tx.commit().expect("commits");
    }
    assert_counts_match(&store, "after phase moves");
    store
        .conn
        .execute(
            // Fixed: any instant marks the row deleted; only that it is set counts.
            "UPDATE partners SET deleted_at = '2026-11-22T09:00:00.000Z' WHERE id = ?1",
            [&ids[2]],
        )
        .expect("soft-deletes");
    assert_counts_match(&store, "after a soft delete");
    store
        .conn
        .execute(
            "UPDATE partners SET deleted_at = NULL WHERE id = ?1",
            [&ids[2]],
        )
        .expect("restores");
    store
        .conn
        .execute(
            "DELETE FROM partner_markets WHERE partner_id = ?1",
            [&ids[3]],
        )
        .expect("unlinks markets");
    store
        .conn
        .execute("DELETE FROM partners WHERE id = ?1", [&ids[3]])
        .expect("deletes");
    assert_counts_match(&store, "after a restore and a delete");
    let board = store
        .pipeline(
            &crate::dossier::PipelineQuery {
                phase: Some(crate::phase::Phase::Sourced),
                ..Default::default()
            },
            crate::testing::t0(),
        )
        .expect("reads");
    assert_eq!(board.total, 2, "the sourced column's total uses the counts");
    assert_eq!(board.items.len(), 2);
}

#[test]
fn a_bulk_load_runs_with_synchronous_off_and_restores_full_even_when_it_fails() {
    let synchronous = |store: &Store| -> i64 {
        store
            .conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .expect("reads synchronous")
    };
    let mut store = Store::open_in_memory(t0()).expect("opens");
    let inside = store
        .bulk_load(|store| {
            store.add_partner(&sample(), t0())?;
            Ok(synchronous(store))
        })
        .expect("loads");
    assert_eq!(inside, 0, "synchronous is OFF while loading");
    assert_eq!(synchronous(&store), 2, "and FULL again afterwards");
    let failed = store.bulk_load(|store| store.partner("no such partner"));
    assert!(failed.is_err(), "the load's error is returned");
    assert_eq!(synchronous(&store), 2, "FULL again after a failed load");
    assert_eq!(
        store
            .list_partners(&PartnerQuery::default())
            .expect("lists")
            .total,
        1,
        "the loaded partner was written"
    );
}

mod batch;
mod reuse;
mod safety;
