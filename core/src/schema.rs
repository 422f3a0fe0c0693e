//! Numbered schema upgrades, tracked in `PRAGMA user_version`.
//!
//! Each migration runs inside the one transaction that opens the store, so a crash mid-upgrade
//! leaves the old schema intact. Never edit a shipped migration: add a new one. The tests in
//! `store.rs` upgrade frozen copies of every old schema.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use crate::ids::format_instant;
use crate::Result;

/// What a migration gets besides the transaction: who and when, for seeded rows.
pub(crate) struct MigrationContext<'a> {
    pub now: DateTime<Utc>,
    pub device_id: &'a str,
}

type Migration = fn(&Transaction<'_>, &MigrationContext<'_>) -> Result<()>;

/// Index `i` upgrades schema `i` to `i + 1`.
const MIGRATIONS: &[Migration] = &[v1_partners];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

/// Runs every migration after `from`, and records the new version.
pub(crate) fn upgrade(tx: &Transaction<'_>, from: u32, cx: &MigrationContext<'_>) -> Result<()> {
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        migration(tx, cx)?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
    }
    Ok(())
}

/// The first schema: device identity, markets, partners, settings.
pub(crate) const V1_SQL: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE markets (
    code       TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    device_id  TEXT NOT NULL
) STRICT;

CREATE TABLE partners (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    -- lower-cased by Rust (Unicode-aware, unlike SQLite's ASCII-only NOCASE): search and order
    name_key   TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('agency', 'creator', 'studio', 'consultant', 'other')),
    home_tz    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX partners_by_name ON partners (name_key, id) WHERE deleted_at IS NULL;

CREATE TABLE partner_markets (
    partner_id  TEXT NOT NULL REFERENCES partners (id),
    market_code TEXT NOT NULL REFERENCES markets (code),
    PRIMARY KEY (partner_id, market_code)
) STRICT, WITHOUT ROWID;

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL
) STRICT;
";

fn v1_partners(tx: &Transaction<'_>, cx: &MigrationContext<'_>) -> Result<()> {
    tx.execute_batch(V1_SQL)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('device_id', ?1)",
        [cx.device_id],
    )?;
    let now = format_instant(cx.now);
    for code in ["RU", "US"] {
        tx.execute(
            "INSERT INTO markets (code, created_at, device_id) VALUES (?1, ?2, ?3)",
            (code, &now, cx.device_id),
        )?;
    }
    Ok(())
}
