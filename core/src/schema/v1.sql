-- Schema v1: device identity, markets, partners, settings.
--
-- Shipped: never edit this file; a change ships as a new migration. A test pins its SHA-256
-- (core/src/schema/tests.rs). core/src/schema.rs runs it statement by statement inside the
-- transaction that opens the store, binding the named values:
--   :device_id  this installation's id
--   :now        the opening instant, RFC 3339 UTC with milliseconds

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

INSERT INTO meta (key, value) VALUES ('device_id', :device_id);
INSERT INTO markets (code, created_at, device_id) VALUES ('RU', :now, :device_id);
INSERT INTO markets (code, created_at, device_id) VALUES ('US', :now, :device_id);
