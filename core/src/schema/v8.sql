-- Schema v8: sharing a workspace between devices through a synced folder (issue 15,
-- design/SYNC.md). Written on top of v6 and independent of v7's content (v7 adds nullable columns
-- to decisions, which nothing here names).
--
-- Shipped: never edit this file; a change ships as a new migration. A test pins its SHA-256
-- (core/src/schema/tests.rs). core/src/schema.rs runs it statement by statement inside the
-- transaction that opens the store.

-- Two offices may each correct the same entry offline: both corrections are kept (a fork, shown
-- and resolved by a new entry), so `supersedes` is a plain index, no longer UNIQUE.
DROP INDEX scorecards_supersedes;
CREATE INDEX scorecards_supersedes ON scorecards (supersedes) WHERE supersedes IS NOT NULL;
DROP INDEX debriefs_supersedes;
CREATE INDEX debriefs_supersedes ON debriefs (supersedes) WHERE supersedes IS NOT NULL;
DROP INDEX decisions_supersedes;
CREATE INDEX decisions_supersedes ON decisions (supersedes) WHERE supersedes IS NOT NULL;

-- A framework's version number is unique per device (two offices may each save "version 3" of
-- a lineage offline; the number is display order). SQLite drops a table constraint only by
-- rebuilding the table: every row copied as it is. store.rs runs an upgrade with foreign keys off
-- (SQLite's documented procedure for a rebuild) and checks every reference before COMMIT.
CREATE TABLE frameworks_v8 (
    id         TEXT PRIMARY KEY,
    lineage_id TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    based_on   TEXT REFERENCES frameworks (id),
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (lineage_id, version, device_id)
) STRICT;
INSERT INTO frameworks_v8 (id, lineage_id, version, based_on, definition, created_at, device_id,
        deleted_at)
    SELECT id, lineage_id, version, based_on, definition, created_at, device_id, deleted_at
    FROM frameworks;
DROP TABLE frameworks;
ALTER TABLE frameworks_v8 RENAME TO frameworks;
CREATE TRIGGER frameworks_immutable BEFORE UPDATE OF id, lineage_id, version, based_on, definition
    ON frameworks BEGIN SELECT RAISE(ABORT, 'framework versions are immutable'); END;

-- A partner's markets are no longer deleted and inserted again on every save: a market no longer
-- served is marked removed (an edit another office can merge), and served again clears it.
ALTER TABLE partner_markets ADD COLUMN removed_at TEXT;

-- Local to this installation, never shared: ------------------------------------------------------

-- Sharing's settings: the share folder, the workspace, this device's name, the clock.
CREATE TABLE sync_config (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Each write transaction's changes (a session changeset), stored in that same transaction; the
-- exporter writes each row to the share folder once (exported_at) and never again.
CREATE TABLE sync_outbox (
    seq            INTEGER PRIMARY KEY,
    clock          TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    deps           TEXT NOT NULL,
    blob           BLOB NOT NULL,
    exported_at    TEXT
) STRICT;

-- Every other device's file applied here, in seq order per device.
CREATE TABLE sync_applied (
    device_id  TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT, WITHOUT ROWID;

-- The devices seen in the share folder: name, the last clock received.
CREATE TABLE sync_devices (
    device_id  TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    last_clock TEXT,
    last_at    TEXT
) STRICT;

-- The next file of a device that cannot be applied yet, and why (newer schema, waiting for
-- earlier changes, damaged, refused).
CREATE TABLE sync_held (
    device_id TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    reason    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT, WITHOUT ROWID;

-- The clock of the write each field's current value came from (table, primary key, column
-- number): the greatest clock wins a field, whichever order the files arrive in.
CREATE TABLE sync_field_clocks (
    tbl   TEXT NOT NULL,
    pk    TEXT NOT NULL,
    col   INTEGER NOT NULL,
    clock TEXT NOT NULL,
    PRIMARY KEY (tbl, pk, col)
) STRICT, WITHOUT ROWID;

-- Present (one row) only while another device's file is applied: the same derived flag written
-- in two offices (one deterministic id) is then replaced by the copy both keep.
CREATE TABLE sync_replacing (
    one INTEGER PRIMARY KEY CHECK (one = 1)
) STRICT;
DROP TRIGGER flags_no_update;
CREATE TRIGGER flags_no_update BEFORE UPDATE ON flags
    WHEN NOT EXISTS (SELECT 1 FROM sync_replacing)
    BEGIN SELECT RAISE(ABORT, 'flags is append-only'); END;
DROP TRIGGER flags_no_delete;
CREATE TRIGGER flags_no_delete BEFORE DELETE ON flags
    WHEN NOT EXISTS (SELECT 1 FROM sync_replacing)
    BEGIN SELECT RAISE(ABORT, 'flags is append-only'); END;
