-- Schema v3: partners per phase, kept by triggers, so the board's column counts and unfiltered
-- totals are a lookup instead of a scan of every partner. Counts only live (not deleted) partners.
--
-- Shipped: never edit this file; a change ships as a new migration. A test pins its SHA-256
-- (core/src/schema/tests.rs). core/src/schema.rs runs it statement by statement inside the
-- transaction that opens the store.

CREATE TABLE phase_counts (
    phase    TEXT PRIMARY KEY,
    partners INTEGER NOT NULL CHECK (partners >= 0)
) STRICT, WITHOUT ROWID;
INSERT INTO phase_counts (phase, partners)
    SELECT column1, 0 FROM (VALUES ('sourced'), ('gut_check'), ('pilot_scoping'), ('pilot'),
        ('debrief'), ('scaled'), ('walked'));
UPDATE phase_counts SET partners =
    (SELECT count(*) FROM partners p WHERE p.phase = phase_counts.phase AND p.deleted_at IS NULL);

CREATE TRIGGER phase_counts_insert AFTER INSERT ON partners WHEN NEW.deleted_at IS NULL
BEGIN
    UPDATE phase_counts SET partners = partners + 1 WHERE phase = NEW.phase;
END;
CREATE TRIGGER phase_counts_delete AFTER DELETE ON partners WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE phase_counts SET partners = partners - 1 WHERE phase = OLD.phase;
END;
CREATE TRIGGER phase_counts_update AFTER UPDATE OF phase, deleted_at ON partners
    WHEN OLD.phase IS NOT NEW.phase OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN
    UPDATE phase_counts SET partners = partners - 1
        WHERE phase = OLD.phase AND OLD.deleted_at IS NULL;
    UPDATE phase_counts SET partners = partners + 1
        WHERE phase = NEW.phase AND NEW.deleted_at IS NULL;
END;
