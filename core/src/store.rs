//! The store: one SQLite file, one writer connection, one transaction per user action.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::framework::{self, Definitions, Framework, FrameworkDraft};
use crate::ids::{format_instant, new_id};
use crate::schema::{self, MigrationContext, LATEST};
use crate::{Error, Result};

/// The database file's name inside the data directory.
pub const DB_FILE_NAME: &str = "vetta.sqlite3";
/// Where automatic and on-demand backups go, inside the data directory.
pub const BACKUP_DIR_NAME: &str = "backups";

/// What happened when the store was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    /// The schema version the file had before opening (0 for a new file).
    pub found_version: u32,
    /// The schema version it has now.
    pub version: u32,
    /// The copy written before an upgrade, if there was one.
    pub backup: Option<PathBuf>,
}

pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) device_id: String,
    /// Framework definitions parsed once per version (checked against the stored JSON).
    pub(crate) definitions: Definitions,
    /// Sharing's state while this installation shares a workspace (store/sharing.rs).
    pub(crate) sharing: Option<crate::sync::Sharing>,
    /// The OS's zone as the app read it: a shared edit's zone when the settings name none.
    pub(crate) system_zone: Option<String>,
    /// What a read computed over the whole file, kept until the file changes ([`Store::memo_key`]):
    /// Insights' histories (`insights.rs`), its one user. Typed there (this module sits below it).
    pub(crate) memo: std::cell::RefCell<Option<(MemoKey, Box<dyn std::any::Any + Send>)>>,
    /// The partners' names in memory for search (partner/names.rs): built on the first search,
    /// shared with the store's readers.
    pub(crate) names: crate::names::SharedNames,
    /// Rowids of `partners` this connection changed, left by SQLite's update hook, for the name
    /// index to read again once their transaction has ended.
    pub(crate) touched: std::sync::Arc<std::sync::Mutex<Vec<i64>>>,
    /// The rows this store's writes changed, for Insights to read again only their partners
    /// (store/changes.rs); shared with the store's readers.
    pub(crate) changes: changes::SharedChanges,
    /// The reminders' pending rows in memory (due.rs), shared with the store's readers like the
    /// name index, and the changes its update hook left for it to read again.
    pub(crate) due: crate::due::SharedDue,
    pub(crate) due_touched: std::sync::Arc<std::sync::Mutex<Vec<crate::due::Touch>>>,
    path: Option<PathBuf>,
    /// A bulk write committed without its checkpoint (store/bulk.rs).
    checkpoint_owed: bool,
    /// Where sharing reads the time ([`Store::set_sharing_clock`]).
    pub(crate) clock: crate::sync::WallClock,
}

/// The file's change counters: rows this connection changed, and SQLite's `data_version`
/// (another connection's commit). Equal keys: nothing was written in between.
pub(crate) type MemoKey = (u64, i64);

impl Store {
    /// Opens (creating if needed) `vetta.sqlite3` in `data_dir`.
    pub fn open_in_dir(data_dir: &Path, now: DateTime<Utc>) -> Result<(Store, OpenReport)> {
        std::fs::create_dir_all(data_dir).map_err(|source| Error::Io {
            path: data_dir.to_owned(),
            source,
        })?;
        Store::open(&data_dir.join(DB_FILE_NAME), now)
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// A file written by a newer version, or one that is not a database, is refused and left
    /// byte-for-byte as it was: it is inspected through a read-only connection before anything
    /// writes to it.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Result<(Store, OpenReport)> {
        let found_version = if path.exists() {
            inspect_version(path)?
        } else {
            0
        };
        if found_version > LATEST {
            return Err(Error::IncompatibleDatabase {
                file_version: found_version,
                app_version: LATEST,
            });
        }
        let backup = if found_version > 0 && found_version < LATEST {
            Some(backup_before_upgrade(path, found_version, now)?)
        } else {
            None
        };
        let conn = Connection::open(path).map_err(|e| Error::from(e).in_file(path))?;
        let store = Store::from_connection(conn, Some(path.to_owned()), now)
            .map_err(|e| e.in_file(path))?;
        let version = store.schema_version()?;
        Ok((
            store,
            OpenReport {
                found_version,
                version,
                backup,
            },
        ))
    }

    /// A store in memory, for tests.
    pub fn open_in_memory(now: DateTime<Utc>) -> Result<Store> {
        Store::from_connection(Connection::open_in_memory()?, None, now)
    }

    fn from_connection(
        mut conn: Connection,
        path: Option<PathBuf>,
        now: DateTime<Utc>,
    ) -> Result<Store> {
        set_pragmas(&conn)?;
        set_statement_reuse(&conn)?;
        // An upgrade runs with foreign keys off, so a migration may rebuild a table others refer
        // to (SQLite's documented procedure; v8 rebuilds `frameworks`); every reference is
        // checked before its COMMIT (`check_foreign_keys` below) and they are on again after it.
        let before: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if before < LATEST {
            conn.pragma_update(None, "foreign_keys", "OFF")?;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: u32 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > LATEST {
            // Another process upgraded the file between inspection and now.
            return Err(Error::IncompatibleDatabase {
                file_version: version,
                app_version: LATEST,
            });
        }
        let device_id = if version == 0 {
            new_id()
        } else {
            read_device_id(&tx)?
        };
        let cx = MigrationContext {
            now,
            device_id: &device_id,
        };
        schema::upgrade(&tx, version, &cx)?;
        if version < LATEST {
            // Migrations add columns and tables that refer to others: prove every reference still
            // holds before the upgrade is committed; otherwise it rolls back (the backup stays).
            check_foreign_keys(&tx, path.as_deref())?;
        }
        tx.commit()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Until the edge gives a clock, the instant it opened the store (core reads no clock).
        let clock: crate::sync::WallClock = std::sync::Arc::new(move || now);
        let sharing = crate::sync::load(&conn, &device_id, &clock)?;
        // After the migrations: the index is built from the file as they leave it.
        let touched: std::sync::Arc<std::sync::Mutex<Vec<i64>>> = std::sync::Arc::default();
        let changes = changes::SharedChanges::default();
        let due_touched: std::sync::Arc<std::sync::Mutex<Vec<crate::due::Touch>>> =
            std::sync::Arc::default();
        changes::log_changes(&mut conn, &changes, &touched, &due_touched)?;
        Ok(Store {
            conn,
            device_id,
            sharing,
            system_zone: None,
            definitions: Definitions::default(),
            memo: std::cell::RefCell::new(None),
            names: Default::default(),
            touched,
            changes,
            due: Default::default(),
            due_touched,
            path,
            checkpoint_owed: false,
            clock,
        })
    }

    /// The file's change counters now (see [`MemoKey`]).
    pub(crate) fn memo_key(&self) -> Result<MemoKey> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok((self.conn.total_changes(), version))
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// This installation's device id, recorded on every row it writes.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// The database file, or `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Closes the connection without folding the write-ahead log into the file: for a file found
    /// damaged, which nothing may write to any more (the log stays beside it as it was, for a
    /// restore to keep with it).
    pub fn close_without_writing(self) {
        // If the setting cannot be made, the connection is closed all the same.
        let _ = self.conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        );
        drop(self);
    }

    /// Runs SQLite's full integrity check; `Ok(())` when it reports "ok".
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }
}

/// The writes of one transaction: every write action, on `tx`, with the store's framework
/// definitions and device id. `Store`'s write methods are thin wrappers, each one action in one
/// transaction (`Store::write`); a batch (data generation, an import) runs many actions through
/// one `Writer` in one transaction — the bulk path, same validation and same rows, without a
/// commit (and its fsync) per action. An action that fails leaves its transaction half-written:
/// `Store::write` then rolls the whole transaction back, so nothing of a failed batch is kept.
pub struct Writer<'a> {
    pub(crate) tx: &'a rusqlite::Transaction<'a>,
    pub(crate) definitions: &'a Definitions,
    pub(crate) device_id: &'a str,
}

impl Store {
    /// Runs `actions` in one `BEGIN IMMEDIATE` transaction, committed when they all succeed and
    /// rolled back entirely when one fails.
    pub fn write<T>(&mut self, actions: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        let done = crate::sync::capture::write(&mut self.conn, &mut self.sharing, |tx| {
            actions(&Writer {
                tx,
                definitions: &self.definitions,
                device_id: &self.device_id,
            })
        });
        // Committed or rolled back, the name index and the reminders' pending rows follow the
        // rows as they now are.
        self.follow_writes();
        done
    }
}

/// Frameworks are read through the store's cache of parsed definitions, so their Store methods
/// live here: framework.rs stays below the store (the store owns its cache) and never imports it.
impl Store {
    /// Every framework version, grouped by lineage, oldest version first.
    pub fn frameworks(&self) -> Result<Vec<Framework>> {
        framework::list(&self.conn, &self.definitions)
    }

    /// One framework version.
    pub fn framework(&self, id: &str) -> Result<Framework> {
        framework::get(&self.conn, &self.definitions, id)
    }

    /// The version new partners get unless another is chosen.
    pub fn default_framework(&self) -> Result<Framework> {
        framework::get(
            &self.conn,
            &self.definitions,
            &framework::default_id(&self.conn)?,
        )
    }

    /// Copy and edit: writes `draft.definition` as a new version in the lineage of
    /// `draft.based_on`. Existing versions, and every score made with them, stay as they were.
    pub fn create_framework_version(
        &mut self,
        draft: &FrameworkDraft,
        now: DateTime<Utc>,
    ) -> Result<Framework> {
        self.write(|w| w.create_framework_version(draft, now))
    }

    /// Makes an existing version the default for new partners (an archived one is refused).
    /// Partners already vetted keep their version.
    pub fn make_framework_default(&mut self, id: &str) -> Result<Framework> {
        self.write(|w| w.make_framework_default(id))
    }

    /// Archives a version (or brings it back): recorded with `now`; no version, partner or score
    /// changes. The default cannot be archived.
    pub fn set_framework_archived(
        &mut self,
        id: &str,
        archived: bool,
        now: DateTime<Utc>,
    ) -> Result<Framework> {
        self.write(|w| w.set_framework_archived(id, archived, now))
    }
}

impl Writer<'_> {
    /// [`Store::create_framework_version`] inside the writer's transaction.
    pub fn create_framework_version(
        &self,
        draft: &FrameworkDraft,
        now: DateTime<Utc>,
    ) -> Result<Framework> {
        let tx = self.tx;
        let framework =
            framework::create_version(tx, self.definitions, draft, now, self.device_id)?;
        Ok(framework)
    }

    /// [`Store::make_framework_default`] inside the writer's transaction.
    pub fn make_framework_default(&self, id: &str) -> Result<Framework> {
        let tx = self.tx;
        let framework = framework::make_default(tx, self.definitions, id)?;
        Ok(framework)
    }

    /// [`Store::set_framework_archived`] inside the writer's transaction.
    pub fn set_framework_archived(
        &self,
        id: &str,
        archived: bool,
        now: DateTime<Utc>,
    ) -> Result<Framework> {
        let tx = self.tx;
        let framework =
            framework::set_archived(tx, self.definitions, id, archived, now, self.device_id)?;
        Ok(framework)
    }
}

/// `synchronous` for every ordinary write (see [`set_pragmas`]); [`Store::bulk_load`] restores it.
const SYNCHRONOUS: &str = "FULL";

/// Pragmas, set once per connection, here and nowhere else (except that a bulk load lowers
/// `synchronous` for its duration: [`Store::bulk_load`], just below).
fn set_pragmas(conn: &Connection) -> Result<()> {
    // WAL: readers never block the writer, and a crash mid-write leaves the last commit intact.
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
    // Foreign keys are off by default in SQLite; every reference in the schema is meant.
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Wait up to 5 s for a lock (a backup or a second window) instead of failing at once.
    conn.pragma_update(None, "busy_timeout", 5000)?;
    // FULL: a transaction the user saw acknowledged survives power loss, not only a crash.
    // Interactive saves are few and small, so the extra fsync is not felt.
    conn.pragma_update(None, "synchronous", SYNCHRONOUS)?;
    // Statement journals (what undoes one statement inside a longer transaction: every INSERT
    // into partners has one, for its trigger and foreign keys) and sorts in memory, not in temp
    // files: an import of 100,000 rows wrote every page it touched to a temp file first (perf:
    // 6% of the import). Each journal lives for one statement.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // The schema is trusted only as far as SQLite's own functions: a trigger or view slipped into
    // the file cannot call application-defined functions with side effects.
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    // Defensive mode: no writable_schema, no direct page writes — the file cannot be corrupted on
    // purpose through this connection.
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    Ok(())
}

/// Prepared statements are kept and reused as they are (`prepare_cached`). The query planner
/// stability guarantee (QPSG) makes a statement's plan independent of the values bound to it:
/// without it, SQLite marks statements with `LIMIT ?` or some `col = ?` terms as "re-plan when a
/// value changes", and since rusqlite clears the bindings of a statement it returns to its cache,
/// every such statement was compiled again on every use (found with perf on the store bench:
/// ~12% of a recommendation, ~6% of a board page). Our plans never depend on values (no
/// `sqlite_stat4`, and name searches are LIKE '%…%', which no index can serve), so nothing is lost.
///
/// The cache holds the statements of every read and save (~128 in all, store/tests/reuse.rs
/// counts them, with room for the writes other features add). At rusqlite's default of 16 one
/// dossier with a pilot (~19 statements, used in turn) missed on every statement, each compiled
/// again: an LRU cache smaller than a cycle through it keeps nothing. Every statement goes through
/// the cache (`prepare_cached`, or `sql::execute` / `sql::query_row` for one-shot calls);
/// store/tests/reuse.rs proves none is compiled twice or re-prepared across a realistic workload.
fn set_statement_reuse(conn: &Connection) -> Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(())
}

/// Prepared statements kept per connection (see [`set_statement_reuse`]).
pub(crate) const STATEMENT_CACHE: usize = 384;

/// `PRAGMA foreign_key_check`: a row whose reference points at nothing refuses the file as damaged,
/// naming the first few (table, row, missing parent).
fn check_foreign_keys(conn: &Connection, path: Option<&Path>) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let violations = stmt
        .query_map([], |row| {
            Ok(format!(
                "{} row {} refers to a missing {}",
                row.get::<_, String>(0)?,
                row.get::<_, Option<i64>>(1)?
                    .map_or_else(|| "(no rowid)".to_owned(), |id| id.to_string()),
                row.get::<_, String>(2)?,
            ))
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    if violations.is_empty() {
        return Ok(());
    }
    Err(Error::DamagedDatabase {
        path: path.map(Path::to_owned).unwrap_or_default(),
        detail: format!(
            "{} broken reference(s) after the schema upgrade: {}",
            violations.len(),
            violations
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        ),
    })
}

#[cfg(any(test, feature = "testing"))]
impl Store {
    /// Opens (creating if needed) the database at `path` through the SQLite VFS registered as
    /// `vfs` (the power-loss test's), with the same pragmas and migrations as [`Store::open`]; it
    /// skips only `open`'s read-only inspection and pre-upgrade backup, which use the default VFS.
    pub fn open_with_vfs(path: &Path, vfs: &str, now: DateTime<Utc>) -> Result<Store> {
        let conn = Connection::open_with_flags_and_vfs(path, OpenFlags::default(), vfs)?;
        Store::from_connection(conn, Some(path.to_owned()), now)
    }

    /// Runs `load` (many writes through the Store's own methods or batches of them)
    /// with `synchronous = OFF`, then sets it back to [`set_pragmas`]'s value, also when `load`
    /// fails. For generating bench data only: a crash mid-load may lose the last commits, which
    /// just means loading again. The only place besides `set_pragmas` that sets a pragma.
    pub fn bulk_load<T>(&mut self, load: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        let loaded = load(self);
        self.conn.pragma_update(None, "synchronous", SYNCHRONOUS)?;
        loaded
    }
}

/// Reads `user_version` without writing anything to the file — unless it has a hot rollback
/// journal (the machine stopped while switching a new or restored file to WAL): a read-only
/// connection cannot roll that back (SQLITE_READONLY_ROLLBACK, on every start), so the version is
/// read through a connection that may write, whose first read rolls the journal back to the last
/// commit, as any SQLite connection does. Found by `tests/power_loss.rs`.
fn inspect_version(path: &Path) -> Result<u32> {
    let read = |flags: OpenFlags| -> rusqlite::Result<u32> {
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.pragma_query_value(None, "user_version", |row| row.get(0))
    };
    match read(OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK =>
        {
            read(OpenFlags::SQLITE_OPEN_READ_WRITE)
        }
        other => other,
    }
    .map_err(|e| Error::from(e).in_file(path))
}

/// `PRAGMA quick_check` on the file at `path`, through its own read-only connection: damaged pages
/// behind an intact header (which `Store::open` does not read) are [`Error::DamagedDatabase`].
/// It reads every page: 3.5 s for the 100k-partner file (ARCHITECTURE.md), so the app runs it
/// beside the open store, after the first paint, and holds writes until it passes.
pub fn check_file(path: &Path) -> Result<()> {
    let in_file = |e: rusqlite::Error| Error::from(e).in_file(path);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(in_file)?;
    let findings = {
        let mut stmt = conn.prepare("PRAGMA quick_check(5)").map_err(in_file)?;
        let rows = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(in_file)?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(in_file)?
    };
    match findings.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        _ => Err(Error::DamagedDatabase {
            path: path.to_owned(),
            detail: findings.join("; "),
        }),
    }
}

fn read_device_id(conn: &Connection) -> Result<String> {
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'device_id'",
        [],
        |row| row.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::MalformedRow {
        table: "meta",
        column: "value",
        detail: "the device id is missing".into(),
    })
}

/// A copy of the file, taken before its schema is upgraded.
fn backup_before_upgrade(path: &Path, version: u32, now: DateTime<Utc>) -> Result<PathBuf> {
    let dir = path
        .parent()
        .map(|p| p.join(BACKUP_DIR_NAME))
        .unwrap_or_else(|| PathBuf::from(BACKUP_DIR_NAME));
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    let stamp = format_instant(now).replace([':', '.'], "-");
    let target = dir.join(format!("vetta-schema{version}-{stamp}.sqlite3"));
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| Error::from(e).in_file(path))?;
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy().as_ref()])
        .map_err(|e| Error::from(e).in_copy(path, &target))?;
    Ok(target)
}

/// The current time, for callers at the edge (the app shell). Rules never call this.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Shorthand used by write methods: a transaction that takes the write lock at once.
pub(crate) fn write_tx(conn: &mut Connection) -> Result<rusqlite::Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// A read of many queries (a board page, a dossier, the facts of one partner) as one read
/// transaction, `BEGIN DEFERRED` … `COMMIT`: its queries see one snapshot of the file, and SQLite
/// takes and drops its read lock (and checks the WAL) once, not once per statement (~0.7 µs each,
/// measured). Dropped without a commit, on an error, it rolls back, which for a read changes
/// nothing.
pub(crate) fn read_tx(conn: &Connection) -> Result<rusqlite::Transaction<'_>> {
    Ok(conn.unchecked_transaction()?)
}

mod bulk;
pub use bulk::checkpoint_file;
pub(crate) mod changes;
mod reader;
mod sharing;
mod sharing_overview;
pub use sharing::{LastChange, Peer, ShareSetup, SharingStatus};
pub use sharing_overview::{DeviceOverview, HeldFile, SharingOverview};

#[cfg(test)]
mod tests;
