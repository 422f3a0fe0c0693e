-- Schema v9: concurrent overwrites kept and shown (issue 15, design/SYNC.md "Mutable fields").
-- Both tables are shared (they travel in the change files) and append-only: two devices' rows
-- merge as a union.
--
-- Shipped: never edit this file; a change ships as a new migration. A test pins its SHA-256
-- (core/src/schema/tests.rs). core/src/schema.rs runs it statement by statement inside the
-- transaction that opens the store.

-- Every field a write changed while sharing is on: who (the device's person), where (the
-- device's name), when (the instant and the device's zone), the write's hybrid clock and the
-- clock of the value the device held before (`base_clock`, NULL when the field had none). The
-- value shown is the edit with the greatest clock; an edit of another device whose clock is
-- greater than the shown edit's `base_clock` was not seen by it: a concurrent overwrite.
CREATE TABLE field_edits (
    id          TEXT PRIMARY KEY,
    tbl         TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       ANY,
    clock       TEXT NOT NULL,
    base_clock  TEXT,
    device_id   TEXT NOT NULL,
    device_name TEXT NOT NULL,
    author      TEXT,
    time_zone   TEXT,
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX field_edits_by_row ON field_edits (tbl, row_key, field, clock);
CREATE TRIGGER field_edits_no_update BEFORE UPDATE ON field_edits
    BEGIN SELECT RAISE(ABORT, 'field_edits is append-only'); END;
CREATE TRIGGER field_edits_no_delete BEFORE DELETE ON field_edits
    BEGIN SELECT RAISE(ABORT, 'field_edits is append-only'); END;

-- Each device's name, person and zone as they were when it wrote (a row whenever one of them
-- changes): another office's entries are shown in that device's zone beside the reader's.
CREATE TABLE device_profiles (
    id          TEXT PRIMARY KEY,
    device_id   TEXT NOT NULL,
    device_name TEXT NOT NULL,
    author      TEXT,
    time_zone   TEXT,
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX device_profiles_by_device ON device_profiles (device_id, at);
CREATE TRIGGER device_profiles_no_update BEFORE UPDATE ON device_profiles
    BEGIN SELECT RAISE(ABORT, 'device_profiles is append-only'); END;
CREATE TRIGGER device_profiles_no_delete BEFORE DELETE ON device_profiles
    BEGIN SELECT RAISE(ABORT, 'device_profiles is append-only'); END;
