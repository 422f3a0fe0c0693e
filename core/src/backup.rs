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
fn vacuum_into(conn: &Connection, source: &Path, target: &Path) -> Result<()> {
    let partial = target.with_extension("sqlite3.partial");
    let written = conn
        .execute("VACUUM INTO ?1", [partial.to_string_lossy().as_ref()])
        .map_err(|e| Error::from(e).in_copy(source, target))
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
        vacuum_into(
            &self.conn,
            self.path().unwrap_or_else(|| Path::new(":memory:")),
            &target,
        )?;
        info(&target)
    }
}

/// Replaces the database in `data_dir` with the backup named `file_name`, then opens it.
///
/// The caller must have closed its `Store` first. A backup that fails its checks is refused and
/// nothing changes; so is any restore while another program holds the data file open (it would go
/// on writing into the replaced file, and its writes would end up nowhere). The current file is
/// copied (as `vetta-before-restore-….sqlite3`) before it is replaced, so a restore can itself be
/// undone; if the restored file then fails to open, that copy is put back at once and the error is
/// returned: the data that was live before the restore is live again.
pub fn restore(
    data_dir: &Path,
    file_name: &str,
    now: DateTime<Utc>,
) -> Result<(Store, OpenReport)> {
    restore_with(data_dir, file_name, now, Store::open)
}

/// [`restore`], with the function that opens the swapped-in file (tests make it fail).
fn restore_with(
    data_dir: &Path,
    file_name: &str,
    now: DateTime<Utc>,
    open: impl FnOnce(&Path, DateTime<Utc>) -> Result<(Store, OpenReport)>,
) -> Result<(Store, OpenReport)> {
    let source = backup_path(data_dir, file_name)?;
    check_restorable(&source)?;
    let db = data_dir.join(DB_FILE_NAME);
    let previous = if db.exists() {
        refuse_if_in_use(&db)?;
        Some(keep_current(data_dir, &db, now)?)
    } else {
        None
    };
    put_in_place(data_dir, &source, &db)?;
    match open(&db, now) {
        Ok(opened) => Ok(opened),
        Err(error) => {
            match &previous {
                Some(previous) => put_in_place(data_dir, previous, &db)?,
                None => std::fs::remove_file(&db).map_err(io(&db))?,
            }
            Err(error)
        }
    }
}

/// Refuses with [`Error::FileInUse`] while any other connection (another program) has `db` open:
/// a connection that has read a file in WAL mode holds a shared lock on it for as long as it stays
/// open, so taking the exclusive lock, without waiting, fails exactly then. Writes nothing.
fn refuse_if_in_use(db: &Path) -> Result<()> {
    let probe = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| Error::from(e).in_file(db))?;
    probe.busy_timeout(std::time::Duration::ZERO)?;
    let taken = probe
        .pragma_update(None, "locking_mode", "EXCLUSIVE")
        .and_then(|()| probe.execute_batch("BEGIN EXCLUSIVE; COMMIT;"));
    match taken {
        Ok(()) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
            Err(Error::FileInUse {
                path: db.to_owned(),
                detail: e.to_string(),
            })
        }
        Err(e) => match Error::from(e).in_file(db) {
            // A file SQLite cannot read (the usual reason to restore) has no lock to ask about;
            // Vetta's own instance lock still keeps other windows away.
            damaged if damaged.is_damage() => Ok(()),
            other => Err(other),
        },
    }
}

/// Copies the live file into the backups folder before a restore replaces it; returns the copy.
/// A readable file is copied with `VACUUM INTO` (a consistent, listed backup); a damaged one, which
/// SQLite cannot read through, byte for byte with its write-ahead log, as `vetta-damaged-….sqlite3`.
fn keep_current(data_dir: &Path, db: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let dir = backup_dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let safety = dir.join(format!("vetta-before-restore-{}.sqlite3", stamp(now)));
    let copied = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| Error::from(e).in_file(db))
        .and_then(|conn| vacuum_into(&conn, db, &safety));
    match copied {
        Ok(()) => Ok(safety),
        Err(error) if error.is_damage() => {
            let raw = dir.join(format!("vetta-damaged-{}.sqlite3", stamp(now)));
            for suffix in ["", "-wal"] {
                let from = with_suffix(db, suffix);
                let to = with_suffix(&raw, suffix);
                if from.exists() {
                    std::fs::copy(&from, &to).map_err(io(&to))?;
                }
            }
            Ok(raw)
        }
        Err(error) => Err(error),
    }
}

/// `path` with `suffix` appended to its file name (`vetta.sqlite3` → `vetta.sqlite3-wal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Puts a copy of `from` (and its write-ahead log, if it has one) in place of the live file:
/// copied under a temporary name, synced, the old log and index removed, then renamed.
fn put_in_place(data_dir: &Path, from: &Path, db: &Path) -> Result<()> {
    let staging = data_dir.join(format!("{DB_FILE_NAME}.restoring"));
    std::fs::copy(from, &staging).map_err(io(&staging))?;
    std::fs::File::open(&staging)
        .and_then(|f| f.sync_all())
        .map_err(io(&staging))?;
    for suffix in ["-wal", "-shm"] {
        let side = with_suffix(db, suffix);
        if side.exists() {
            std::fs::remove_file(&side).map_err(io(&side))?;
        }
    }
    let kept_log = with_suffix(from, "-wal");
    if kept_log.exists() {
        let log = with_suffix(db, "-wal");
        std::fs::copy(&kept_log, &log).map_err(io(&log))?;
    }
    std::fs::rename(&staging, db).map_err(io(db))
}

#[cfg(test)]
mod tests;
