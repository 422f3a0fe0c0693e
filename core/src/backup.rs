//! Backups on demand and restore. A backup is a consistent snapshot made by `VACUUM INTO`, written
//! to `backups/` beside the database; restoring checks the copy first and backs up the current file
//! before replacing it, so a restore can itself be undone.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use crate::ids::format_instant;
use crate::schema::{self, LATEST};
use crate::store::{OpenReport, Store, BACKUP_DIR_NAME, DB_FILE_NAME};
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// The file's name inside the backups folder; restore takes this name, never a path.
    pub file_name: String,
    pub path: String,
    /// Size in KiB, rounded up.
    pub size_kib: u32,
    /// When the copy was last written, as an instant.
    pub written_at: String,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// The backups folder for a data directory.
pub fn backup_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUP_DIR_NAME)
}

fn stamp(now: DateTime<Utc>) -> String {
    format_instant(now).replace([':', '.'], "-")
}

fn info(path: &Path) -> Result<BackupInfo> {
    let meta = std::fs::metadata(path).map_err(io(path))?;
    let written: DateTime<Utc> = meta.modified().map_err(io(path))?.into();
    Ok(BackupInfo {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.display().to_string(),
        size_kib: u32::try_from(meta.len().div_ceil(1024)).unwrap_or(u32::MAX),
        written_at: format_instant(written),
    })
}

/// Writes a consistent copy of `conn`'s database to `target`: first under a temporary name,
/// synced, then renamed, so a copy cut short (a full disk, a crash) never shows as a backup; the
/// partial file is removed when the copy fails.
fn vacuum_into(conn: &Connection, target: &Path) -> Result<()> {
    let partial = target.with_extension("sqlite3.partial");
    let written = conn
        .execute("VACUUM INTO ?1", [partial.to_string_lossy().as_ref()])
        .map_err(Error::from)
        .and_then(|_| {
            std::fs::File::open(&partial)
                .and_then(|f| f.sync_all())
                .map_err(io(&partial))
        })
        .and_then(|()| std::fs::rename(&partial, target).map_err(io(target)));
    if written.is_err() {
        // Best effort: the error being reported is the copy's, not this clean-up's.
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// Whether `path` starts with SQLite's header: only such files are listed as backups.
fn is_sqlite_file(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|()| &header == b"SQLite format 3\0")
}

/// Every backup in `data_dir`, newest first.
pub fn list_backups(data_dir: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backup_dir(data_dir);
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
        let path = entry.map_err(io(&dir))?.path();
        if path.extension().is_some_and(|e| e == "sqlite3") && is_sqlite_file(&path) {
            found.push(info(&path)?);
        }
    }
    found.sort_by(|a, b| {
        b.written_at
            .cmp(&a.written_at)
            .then(b.file_name.cmp(&a.file_name))
    });
    Ok(found)
}

/// Checks that `path` is a Vetta database this version can open, without writing to it.
fn check_restorable(path: &Path) -> Result<()> {
    let damaged = |detail: String| Error::DamagedDatabase {
        path: path.to_owned(),
        detail,
    };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| damaged(e.to_string()))?;
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    if version > LATEST {
        return Err(Error::IncompatibleDatabase {
            file_version: version,
            app_version: LATEST,
        });
    }
    if version == 0 {
        return Err(damaged("not a Vetta database".into()));
    }
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    if verdict != "ok" {
        return Err(damaged(verdict));
    }
    // Its structure must be exactly what our own migrations make at that version: a "backup"
    // carrying a foreign trigger (renaming every new partner) or without the append-only guards
    // would otherwise become the live file.
    let found = schema::objects(&conn).map_err(|e| damaged(e.to_string()))?;
    let expected = schema::reference(version)?;
    let mut differences: Vec<String> = found
        .iter()
        .filter(|o| !expected.contains(o))
        .map(|(kind, name, ..)| format!("{kind} {name} is not Vetta's"))
        .chain(
            expected
                .iter()
                .filter(|o| !found.contains(o))
                .map(|(kind, name, ..)| format!("{kind} {name} is missing or altered")),
        )
        .collect();
    if !differences.is_empty() {
        let more = differences.len().saturating_sub(3);
        differences.truncate(3);
        let mut detail = differences.join("; ");
        if more > 0 {
            detail.push_str(&format!("; and {more} more"));
        }
        return Err(Error::ForeignSchema {
            path: path.to_owned(),
            detail,
        });
    }
    let broken: Option<String> = conn
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .optional()
        .map_err(|e| damaged(e.to_string()))?;
    if let Some(table) = broken {
        return Err(damaged(format!("{table} refers to rows that do not exist")));
    }
    Ok(())
}

/// Resolves a backup's file name inside the backups folder; anything path-like is refused.
fn backup_path(data_dir: &Path, file_name: &str) -> Result<PathBuf> {
    let plain = !file_name.is_empty()
        && !file_name.contains(['/', '\\'])
        && file_name != "."
        && file_name != ".."
        && file_name.ends_with(".sqlite3");
    let path = backup_dir(data_dir).join(file_name);
    if !plain || !path.is_file() {
        return Err(Error::NotFound {
            entity: "backup",
            id: file_name.to_owned(),
        });
    }
    Ok(path)
}

impl Store {
    /// Writes a backup now; returns where it went.
    pub fn backup_now(&self, data_dir: &Path, now: DateTime<Utc>) -> Result<BackupInfo> {
        let dir = backup_dir(data_dir);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let target = dir.join(format!("vetta-{}.sqlite3", stamp(now)));
        if target.exists() {
            return info(&target);
        }
        vacuum_into(&self.conn, &target)?;
        info(&target)
    }
}

/// Replaces the database in `data_dir` with the backup named `file_name`, then opens it.
///
/// The caller must have closed its `Store` first. The current file is backed up (as
/// `vetta-before-restore-….sqlite3`) before it is replaced; a backup that fails its checks is
/// refused and nothing changes.
pub fn restore(
    data_dir: &Path,
    file_name: &str,
    now: DateTime<Utc>,
) -> Result<(Store, OpenReport)> {
    let source = backup_path(data_dir, file_name)?;
    check_restorable(&source)?;
    let db = data_dir.join(DB_FILE_NAME);
    if db.exists() {
        let safety =
            backup_dir(data_dir).join(format!("vetta-before-restore-{}.sqlite3", stamp(now)));
        let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        vacuum_into(&conn, &safety)?;
    }
    let staging = data_dir.join(format!("{DB_FILE_NAME}.restoring"));
    std::fs::copy(&source, &staging).map_err(io(&staging))?;
    std::fs::File::open(&staging)
        .and_then(|f| f.sync_all())
        .map_err(io(&staging))?;
    for suffix in ["-wal", "-shm"] {
        let side = data_dir.join(format!("{DB_FILE_NAME}{suffix}"));
        if side.exists() {
            std::fs::remove_file(&side).map_err(io(&side))?;
        }
    }
    std::fs::rename(&staging, &db).map_err(io(&db))?;
    Store::open(&db, now)
}

#[cfg(test)]
mod tests {
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
        let (store, _) =
            restore(dir.path(), &safety.file_name, at(13)).expect("undoes the restore");
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
        let (store, _) =
            restore(dir.path(), &good.file_name, at(12)).expect("the real one restores");
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
}
