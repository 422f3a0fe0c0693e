-- Schema v10: duplicates merged by an append-only record, and the per-partner 152-FZ switch
-- (issue 15, design/SYNC.md "How each table merges" and "Limits").
--
-- Shipped: never edit this file; a change ships as a new migration. A test pins its SHA-256
-- (core/src/schema/tests.rs). core/src/schema.rs runs it statement by statement inside the
-- transaction that opens the store.

-- The same agency entered in both offices: the loser is merged into the winner by a row here.
-- Shared and append-only (two offices' rows are a union); nothing is deleted. Which merges hold
-- is decided from every row (the earliest first, by `created_at` then `id`): a merge whose loser
-- is already merged, or whose winner leads back to its loser, is kept and ignored (merge.rs).
CREATE TABLE partner_merges (
    id         TEXT PRIMARY KEY,
    loser_id   TEXT NOT NULL REFERENCES partners (id),
    winner_id  TEXT NOT NULL REFERENCES partners (id),
    -- the person of the settings, and their zone, when the merge was made
    author     TEXT,
    time_zone  TEXT,
    created_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    CHECK (loser_id <> winner_id)
) STRICT;
CREATE INDEX partner_merges_by_loser ON partner_merges (loser_id);
CREATE INDEX partner_merges_by_winner ON partner_merges (winner_id);
CREATE TRIGGER partner_merges_no_update BEFORE UPDATE ON partner_merges
    BEGIN SELECT RAISE(ABORT, 'partner_merges is append-only'); END;
CREATE TRIGGER partner_merges_no_delete BEFORE DELETE ON partner_merges
    BEGIN SELECT RAISE(ABORT, 'partner_merges is append-only'); END;

-- Derived, local (never shared): the merges that hold, each loser with its final winner. Written
-- again from `partner_merges` whenever a row arrives there (a merge here, a file applied). A
-- partner is live when it is not deleted and not a loser here: one rule for every list.
CREATE TABLE merged_partners (
    loser_id  TEXT PRIMARY KEY,
    winner_id TEXT NOT NULL,
    merge_id  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- "Keep contact details in Russia only" (152-FZ): shared, so every office knows a partner's
-- contacts stay in the Russian office. While it is on, the contacts live in `local_contacts`,
-- a local table that never travels; switching it on never deletes them.
ALTER TABLE partners ADD COLUMN contacts_local INTEGER NOT NULL DEFAULT 0
    CHECK (contacts_local IN (0, 1));
CREATE TABLE local_contacts (
    partner_id TEXT PRIMARY KEY REFERENCES partners (id),
    contacts   TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
