//! Numbered schema upgrades, tracked in `PRAGMA user_version`.
//!
//! A shipped migration is frozen data, not code: `schema/vN.sql` (and any file it reads, such as
//! the default framework v2 seeds from `schema/v2_default_framework.json`), run statement by
//! statement with a few named values bound (`:now`, `:device_id`, `:new_id`, and the migration's
//! own data). `:new_id`, the id of the row a migration seeds, is the same on every device (derived
//! from the migration's number; v2.sql's comment still says "a new UUIDv7", as it did when it
//! shipped): two offices that each seeded the default framework share one row, not two. This module imports nothing from the domain, so editing domain code can never edit
//! history. Never edit a shipped file: add a new migration. `schema/tests.rs` pins every shipped
//! file's SHA-256 and fails on any change; `tests/upgrades/` upgrades frozen files of every old
//! schema, with data, and checks them field by field.
//!
//! Each migration runs inside the one transaction that opens the store, so a crash mid-upgrade
//! leaves the old schema intact. The runner is small and hand-written on purpose: the open path
//! around it inspects a file read-only and refuses it before any write, and backs it up before an
//! upgrade (see `store.rs`), which a migrations crate would not do for us.

use chrono::{DateTime, Utc};
use rusqlite::fallible_iterator::FallibleIterator;
use rusqlite::{Batch, Connection, Transaction};

use crate::ids::{derived_id, format_instant};
use crate::Result;

/// What a migration gets besides the transaction: who and when, for seeded rows.
pub(crate) struct MigrationContext<'a> {
    pub now: DateTime<Utc>,
    pub device_id: &'a str,
}

/// One shipped migration: frozen SQL and the frozen data it names.
struct Migration {
    /// `schema/vN.sql`.
    sql: &'static str,
    /// Extra named values the SQL reads, as `(":name", text)`.
    data: &'static [(&'static str, &'static str)],
}

/// Index `i` upgrades schema `i` to `i + 1`.
const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("schema/v1.sql"),
        data: &[],
    },
    Migration {
        sql: include_str!("schema/v2.sql"),
        data: &[(
            ":default_framework",
            include_str!("schema/v2_default_framework.json"),
        )],
    },
    Migration {
        sql: include_str!("schema/v3.sql"),
        data: &[],
    },
    Migration {
        sql: include_str!("schema/v4.sql"),
        data: &[],
    },
    Migration {
        sql: include_str!("schema/v5.sql"),
        data: &[],
    },
    Migration {
        sql: include_str!("schema/v6.sql"),
        data: &[],
    },
    Migration {
        sql: include_str!("schema/v7.sql"),
        data: &[],
    },
    Migration {
        sql: include_str!("schema/v8.sql"),
        data: &[],
    },
    Migration {
        sql: include_str!("schema/v9.sql"),
        data: &[],
    },
    Migration {
        sql: include_str!("schema/v10.sql"),
        data: &[],
    },
    Migration {
        sql: include_str!("schema/v11.sql"),
        data: &[],
    },
];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

/// Runs every migration after `from`, and records the new version.
pub(crate) fn upgrade(tx: &Transaction<'_>, from: u32, cx: &MigrationContext<'_>) -> Result<()> {
    upgrade_to(tx, from, LATEST, cx)
}

/// Runs the migrations after `from` up to and including `to`, recording each new version.
fn upgrade_to(tx: &Transaction<'_>, from: u32, to: u32, cx: &MigrationContext<'_>) -> Result<()> {
    for (index, migration) in MIGRATIONS
        .iter()
        .enumerate()
        .take(to as usize)
        .skip(from as usize)
    {
        run(tx, migration, index as u32 + 1, cx)?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
    }
    Ok(())
}

/// One schema object as SQLite records it: (type, name, table, SQL text).
pub(crate) type SchemaObject = (String, String, String, Option<String>);

/// Every schema object of a file (SQLite's own internal objects left out), in a stable order.
pub(crate) fn objects(conn: &Connection) -> Result<Vec<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The schema objects a file of `version` has when this app's own migrations made it: built in
/// memory, to hold a file from elsewhere (a backup to restore) against. Anything extra or altered
/// in that file — a trigger, a view, a dropped guard — is not Vetta's.
pub(crate) fn reference(version: u32) -> Result<Vec<SchemaObject>> {
    let mut conn = Connection::open_in_memory()?;
    let tx = conn.transaction()?;
    let cx = MigrationContext {
        // Seeded rows are not compared, only the structure: any instant and device will do.
        now: DateTime::<Utc>::UNIX_EPOCH,
        device_id: "reference",
    };
    upgrade_to(&tx, 0, version, &cx)?;
    objects(&tx)
}

/// The id of the row migration `version` seeds (`:new_id`): the same on every device, so that a
/// seeded row two offices both have is one row once they share, not two of the same name.
pub(crate) fn seeded_id(version: u32) -> String {
    derived_id(&["migration", &version.to_string(), "new_id"])
}

/// Runs migration `version`'s statements in order, binding each named value a statement uses. A
/// name the runner does not know is refused (never bound as NULL).
fn run(
    tx: &Transaction<'_>,
    migration: &Migration,
    version: u32,
    cx: &MigrationContext<'_>,
) -> Result<()> {
    let now = format_instant(cx.now);
    let id = seeded_id(version);
    let mut batch = Batch::new(tx, migration.sql);
    while let Some(mut stmt) = batch.next()? {
        for index in 1..=stmt.parameter_count() {
            let name = stmt.parameter_name(index).unwrap_or("?");
            let value = match name {
                ":now" => now.as_str(),
                ":device_id" => cx.device_id,
                ":new_id" => id.as_str(),
                _ => migration
                    .data
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, text)| *text)
                    .ok_or_else(|| rusqlite::Error::InvalidParameterName(name.to_owned()))?,
            };
            stmt.raw_bind_parameter(index, value)?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
