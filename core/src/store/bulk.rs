//! One large write (an import): its page cache and its commit without the automatic checkpoint
//! ([`Store::bulk_write`]), and the checkpoint after it ([`checkpoint_file`]).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::Store;
use crate::{Error, Result};

/// The page cache of one large write (an import), in KiB: at SQLite's default (2 MiB) a
/// 100,000-row import fetched and spilled the same index pages again and again. Only for its
/// transaction: the default (`-2000`) is put back after, so memory stays as it was.
const BULK_CACHE_KIB: i64 = 65_536;

/// SQLite's default `wal_autocheckpoint` (pages), put back after a bulk write.
const AUTOCHECKPOINT_PAGES: i64 = 1000;

impl Store {
    /// Runs one large write (`write`) with the bulk page cache and without the checkpoint at its
    /// commit, then the defaults again — also when it fails. Besides [`set_pragmas`](super::set_pragmas)
    /// and the test-only [`Store::bulk_load`], the one place that changes the writer's pragmas.
    ///
    /// The commit of a 100,000-row import leaves ~21,000 pages in the WAL; the automatic
    /// checkpoint would copy them into the file and fsync it before the commit returns (measured:
    /// a 0.86 s fsync, ~1 s in all). Committed is durable once the WAL is synced (`synchronous =
    /// FULL`), so the copy is left owed ([`Store::take_checkpoint_owed`]) for [`checkpoint_file`],
    /// which the app runs on a thread of its own after any call that owes one; until then reads
    /// find the pages in the WAL, and a later commit's own automatic checkpoint, if it comes
    /// first, does it.
    pub(crate) fn bulk_write<T>(
        &mut self,
        write: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        self.conn
            .pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let done = write(self);
        self.conn
            .pragma_update(None, "wal_autocheckpoint", AUTOCHECKPOINT_PAGES)?;
        self.conn.pragma_update(None, "cache_size", -2000)?;
        self.checkpoint_owed |= done.is_ok();
        done
    }

    /// Whether a bulk write committed since the last call without its checkpoint: the caller
    /// then runs [`checkpoint_file`] (off the store's lock). Reset by the call.
    pub fn take_checkpoint_owed(&mut self) -> bool {
        std::mem::take(&mut self.checkpoint_owed)
    }
}

/// Copies what the WAL holds into the file at `path` (a passive checkpoint: it waits for no
/// reader and no writer, and copies what it can), on a connection of its own: the app runs it on
/// a thread after a bulk write ([`Store::take_checkpoint_owed`]), off the store's lock. Returns the WAL's pages and how many of
/// them are in the file now.
pub fn checkpoint_file(path: &Path) -> Result<(i64, i64)> {
    let in_file = |e: rusqlite::Error| Error::from(e).in_file(path);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(in_file)?;
    conn.pragma_update(None, "busy_timeout", 5000)
        .map_err(in_file)?;
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
    })
    .map_err(in_file)
}
