-- Schema v7: a decision's optional confidence and expected outcome, and its reviews (issue 16).
-- A decision may carry how confident the team was (a percentage from the bands the app offers)
-- and what it expected to happen, written before the outcome. At its review date the team
-- records whether it went as expected: an append-only review (who, when, an optional note), the
-- latest review of a decision counting. Rows written before it: no confidence, no expected
-- outcome, no review.
--
-- Shipped: never edit this file; a change ships as a new migration. A test pins its SHA-256
-- (core/src/schema/tests.rs). core/src/schema.rs runs it statement by statement inside the
-- transaction that opens the store.

ALTER TABLE decisions ADD COLUMN confidence INTEGER CHECK (confidence BETWEEN 0 AND 100);
ALTER TABLE decisions ADD COLUMN expected TEXT;

CREATE TABLE decision_reviews (
    id          TEXT PRIMARY KEY,
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    -- 1: it went as expected; 0: it did not.
    as_expected INTEGER NOT NULL CHECK (as_expected IN (0, 1)),
    note        TEXT NOT NULL,
    by_name     TEXT NOT NULL,
    at          TEXT NOT NULL,
    device_id   TEXT NOT NULL
) STRICT;
CREATE INDEX decision_reviews_by_decision ON decision_reviews (decision_id, at, id);

CREATE TRIGGER decision_reviews_no_update BEFORE UPDATE ON decision_reviews
                 BEGIN SELECT RAISE(ABORT, 'decision_reviews is append-only'); END;
CREATE TRIGGER decision_reviews_no_delete BEFORE DELETE ON decision_reviews
                 BEGIN SELECT RAISE(ABORT, 'decision_reviews is append-only'); END;
