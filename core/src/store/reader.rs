//! Read-only stores beside the writer: the window's reads and an import's plan go through one,
//! so they never wait for a write (WAL: a reader sees the last commit).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{read_device_id, set_statement_reuse, Store};
use crate::framework::Definitions;
use crate::schema::LATEST;
use crate::{Error, Result};

impl Store {
    /// A second, read-only connection to a file a writer [`Store::open`]ed: reads through it see
    /// the last commit and never wait for the writer's transaction (WAL), so the app reads the
    /// board and plans an import through one while a long write holds the writer. Every write
    /// to the file through it is refused by SQLite (a read-only open; not `query_only`, which
    /// would refuse a backup's `VACUUM INTO` as well).
    pub fn open_reader(path: &Path) -> Result<Store> {
        let in_file = |e: rusqlite::Error| Error::from(e).in_file(path);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(in_file)?;
        // The writer's pragmas that matter to a reader (see `set_pragmas`).
        conn.pragma_update(None, "busy_timeout", 5000)
            .map_err(in_file)?;
        conn.pragma_update(None, "trusted_schema", "OFF")
            .map_err(in_file)?;
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
            .map_err(in_file)?;
        set_statement_reuse(&conn).map_err(|e| e.in_file(path))?;
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(in_file)?;
        if version != LATEST {
            return Err(Error::IncompatibleDatabase {
                file_version: version,
                app_version: LATEST,
            });
        }
        let device_id = read_device_id(&conn).map_err(|e| e.in_file(path))?;
        Ok(Store {
            conn,
            device_id,
            definitions: Definitions::default(),
            path: Some(path.to_owned()),
            checkpoint_owed: false,
            // A reader writes nothing, so it captures nothing.
            sharing: None,
            system_zone: None,
            memo: std::cell::RefCell::new(None),
            names: Default::default(),
            touched: std::sync::Arc::default(),
            // A reader writes and applies nothing: its sharing never reads the time.
            clock: std::sync::Arc::new(|| chrono::DateTime::<chrono::Utc>::UNIX_EPOCH),
            // Nothing logs beside a reader opened on its own: every commit reads all again.
            changes: Default::default(),
            due: Default::default(),
            due_touched: std::sync::Arc::default(),
        })
    }

    /// A second store on the same file through a read-only connection, for reads that must not
    /// wait for this store's writes (WAL: a reader sees the last commit while a write is open).
    /// It shares the name index and the reminders' pending rows, which this store keeps up to date; its own definition cache.
    /// Every write method refuses on it (SQLite: "attempt to write a readonly database").
    pub fn reader(&self) -> Result<Store> {
        let path = self
            .path
            .as_deref()
            .ok_or(Error::Sqlite(rusqlite::Error::InvalidPath(
                ":memory: has no file for a reader".into(),
            )))?;
        let mut reader = Store::open_reader(path)?;
        reader.names = std::sync::Arc::clone(&self.names);
        reader.changes = std::sync::Arc::clone(&self.changes);
        reader.due = std::sync::Arc::clone(&self.due);
        Ok(reader)
    }
}
