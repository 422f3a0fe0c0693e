//! Backups and restore: refusals change nothing, a restore can be undone.

use super::*;
use crate::partner::PartnerQuery;
use crate::testing::{at, new_partner as partner};

fn names(store: &Store) -> Vec<String> {
    store
        .list_partners(&PartnerQuery::default())
        .expect("lists")
        .items
        .into_iter()
        .map(|p| p.name)
        .collect()
}

#[test]
fn restore_brings_back_the_backed_up_state_and_keeps_the_replaced_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), at(9)).expect("opens");
    store.add_partner(&partner("Before"), at(9)).expect("adds");
    let backup = store.backup_now(dir.path(), at(10)).expect("backs up");
    store.add_partner(&partner("After"), at(11)).expect("adds");
    assert_eq!(names(&store), vec!["After", "Before"]);
    drop(store);

    let (store, _) = restore(dir.path(), &backup.file_name, at(12)).expect("restores");
    assert_eq!(
        names(&store),
        vec!["Before"],
        "the restored file has only what the backup had"
    );
    let listed = list_backups(dir.path()).expect("lists backups");
    assert_eq!(
        listed.len(),
        2,
        "the backup and the safety copy of the replaced file"
    );
    let safety = listed
        .iter()
        .find(|b| b.file_name.starts_with("vetta-before-restore-"))
        .expect("a safety copy was written");
    drop(store);
    let (store, _) = restore(dir.path(), &safety.file_name, at(13)).expect("undoes the restore");
    assert_eq!(
        names(&store),
        vec!["After", "Before"],
        "restoring the safety copy undoes it"
    );
}

#[test]
fn bad_backups_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), at(9)).expect("opens");
    store.add_partner(&partner("Kept"), at(9)).expect("adds");
    drop(store);
    let backups = backup_dir(dir.path());
    std::fs::create_dir_all(&backups).expect("backups dir");
    std::fs::write(backups.join("garbage.sqlite3"), vec![7u8; 4096]).expect("writes garbage");
    {
        let conn = Connection::open(backups.join("future.sqlite3")).expect("creates");
        conn.execute_batch("PRAGMA user_version = 999; CREATE TABLE t (x);")
            .expect("future");
    }
    let db = dir.path().join(DB_FILE_NAME);
    let before = std::fs::read(&db).expect("reads db");
    let err = restore(dir.path(), "garbage.sqlite3", at(10))
        .err()
        .expect("refused");
    assert!(matches!(err, Error::DamagedDatabase { .. }), "got {err:?}");
    let err = restore(dir.path(), "future.sqlite3", at(10))
        .err()
        .expect("refused");
    assert!(
        matches!(
            err,
            Error::IncompatibleDatabase {
                file_version: 999,
                ..
            }
        ),
        "got {err:?}"
    );
    for sneaky in ["../vetta.sqlite3", "", "missing.sqlite3", "/etc/passwd"] {
        let err = restore(dir.path(), sneaky, at(10)).err().expect("refused");
        assert!(
            matches!(
                err,
                Error::NotFound {
                    entity: "backup",
                    ..
                }
            ),
            "{sneaky:?}: {err:?}"
        );
    }
    assert_eq!(
        std::fs::read(&db).expect("reads db"),
        before,
        "the live file is unchanged"
    );
    let (store, _) = Store::open_in_dir(dir.path(), at(11)).expect("reopens");
    assert_eq!(names(&store), vec!["Kept"]);
}

#[test]
fn a_backup_whose_structure_is_not_vettas_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), at(9)).expect("opens");
    store.add_partner(&partner("Kept"), at(9)).expect("adds");
    let good = store.backup_now(dir.path(), at(10)).expect("backs up");
    drop(store);
    let backups = backup_dir(dir.path());
    // Three doctored copies of a real backup, as an attacker or a stray tool would make them.
    let doctored = [
        (
            "trigger.sqlite3",
            "CREATE TRIGGER rename AFTER INSERT ON partners BEGIN
                 UPDATE partners SET name = 'Mallory' WHERE id = new.id; END;",
        ),
        ("unguarded.sqlite3", "DROP TRIGGER decisions_no_update;"),
        (
            "junk.sqlite3",
            "CREATE TABLE junk (x); CREATE VIEW everyone AS SELECT * FROM partners;",
        ),
    ];
    for (name, sql) in doctored {
        std::fs::copy(backups.join(&good.file_name), backups.join(name)).expect("copies");
        let conn = Connection::open(backups.join(name)).expect("opens the copy");
        conn.execute_batch(sql).expect("doctors the copy");
    }
    let db = dir.path().join(DB_FILE_NAME);
    let before = std::fs::read(&db).expect("reads db");
    for (name, _) in doctored {
        let err = restore(dir.path(), name, at(11)).err().expect("refused");
        assert!(
            matches!(err, Error::ForeignSchema { .. }),
            "{name}: a doctored backup is refused as not Vetta's, got {err:?}"
        );
    }
    assert_eq!(
        std::fs::read(&db).expect("reads db"),
        before,
        "the live file is unchanged"
    );
    let (store, _) = restore(dir.path(), &good.file_name, at(12)).expect("the real one restores");
    assert_eq!(names(&store), vec!["Kept"]);
}

#[test]
fn only_whole_sqlite_files_are_listed_as_backups() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, _) = Store::open_in_dir(dir.path(), at(9)).expect("opens");
    let made = store.backup_now(dir.path(), at(10)).expect("backs up");
    let backups = backup_dir(dir.path());
    // What a failed copy on a full disk used to leave, and a stray file with the right name.
    std::fs::write(backups.join("vetta-empty.sqlite3"), b"").expect("writes");
    std::fs::write(backups.join("notes.sqlite3"), b"not a database at all").expect("writes");
    let listed: Vec<String> = list_backups(dir.path())
        .expect("lists")
        .into_iter()
        .map(|b| b.file_name)
        .collect();
    assert_eq!(
        listed,
        vec![made.file_name],
        "only the real backup is listed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&backups)
        .expect("reads the folder")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no partial copy is left behind: {leftovers:?}"
    );
}

#[test]
fn a_restored_file_that_fails_to_open_is_replaced_by_the_data_that_was_live() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), at(9)).expect("opens");
    store.add_partner(&partner("Before"), at(9)).expect("adds");
    let backup = store.backup_now(dir.path(), at(10)).expect("backs up");
    store.add_partner(&partner("After"), at(11)).expect("adds");
    drop(store);

    // The swapped-in file goes bad between its checks and its opening (a failing disk, a file
    // changed under us): here it is overwritten just before it is opened.
    let err = restore_with(dir.path(), &backup.file_name, at(12), |db, now| {
        std::fs::write(db, vec![7u8; 4096]).expect("damages the swapped-in file");
        Store::open(db, now)
    })
    .err()
    .expect("the restore reports that the file did not open");
    assert!(
        matches!(err, Error::DamagedDatabase { .. }),
        "the opening's own error is reported: {err:?}"
    );
    let (store, _) = Store::open_in_dir(dir.path(), at(13)).expect("the live file opens");
    assert_eq!(
        names(&store),
        vec!["After", "Before"],
        "the data that was live before the restore is live again"
    );
}

#[test]
fn a_restore_is_refused_while_another_program_has_the_file_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), at(9)).expect("opens");
    store.add_partner(&partner("Kept"), at(9)).expect("adds");
    let backup = store.backup_now(dir.path(), at(10)).expect("backs up");
    store.add_partner(&partner("Later"), at(11)).expect("adds");
    drop(store);
    let db = dir.path().join(DB_FILE_NAME);

    // Another program (a second window, the sqlite3 shell) that has read the file.
    let other = Connection::open(&db).expect("another connection");
    let _: i64 = other
        .query_row("SELECT count(*) FROM partners", [], |r| r.get(0))
        .expect("it reads");
    let before = std::fs::read(&db).expect("reads db");
    let err = restore(dir.path(), &backup.file_name, at(12))
        .err()
        .expect("refused while the file is in use");
    assert!(matches!(err, Error::FileInUse { .. }), "got {err:?}");
    assert_eq!(
        std::fs::read(&db).expect("reads db"),
        before,
        "nothing was replaced"
    );
    assert!(
        !list_backups(dir.path())
            .expect("lists")
            .iter()
            .any(|b| b.file_name.starts_with("vetta-before-restore-")),
        "refused before anything was written"
    );

    drop(other);
    let (store, _) = restore(dir.path(), &backup.file_name, at(13)).expect("then it restores");
    assert_eq!(names(&store), vec!["Kept"]);
}

#[test]
fn a_damaged_live_file_is_kept_byte_for_byte_when_a_backup_replaces_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), at(9)).expect("opens");
    store.add_partner(&partner("Kept"), at(9)).expect("adds");
    let backup = store.backup_now(dir.path(), at(10)).expect("backs up");
    drop(store);
    let db = dir.path().join(DB_FILE_NAME);
    let damaged = vec![7u8; 8192];
    std::fs::write(&db, &damaged).expect("damages the live file");

    let (store, _) = restore(dir.path(), &backup.file_name, at(11)).expect("restores over it");
    assert_eq!(names(&store), vec!["Kept"]);
    let kept = std::fs::read_dir(backup_dir(dir.path()))
        .expect("reads the backups folder")
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("vetta-damaged-")
        })
        .expect("the damaged file was kept");
    assert_eq!(std::fs::read(kept.path()).expect("reads"), damaged);
}
