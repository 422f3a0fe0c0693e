-- Schema v5: indexes for the reminders (what needs attention), so that reading them walks an
-- index in the order they are shown instead of scanning every pilot and decision and sorting:
-- the board reads them at every mount. Indexes only: no table, row or trigger changes.
--
-- Shipped: never edit this file; a change ships as a new migration. A test pins its SHA-256
-- (core/src/schema/tests.rs). core/src/schema.rs runs it statement by statement inside the
-- transaction that opens the store.

-- Started pilots by end instant: "past its end" is a range, read in the order shown (covering).
CREATE INDEX pilots_started_by_end ON pilots (ends_at, id, partner_id, started_at)
    WHERE started_at IS NOT NULL;
-- Decisions with a review date, by that date (covering what the reminder reads of them).
CREATE INDEX decisions_by_review ON decisions (review_on, id, partner_id, decided_at)
    WHERE review_on IS NOT NULL;
-- "No later decision for the partner", answered from the index alone.
CREATE INDEX decisions_by_partner_order ON decisions (partner_id, decided_at, id);
-- Deleted partners only: "the partner is not deleted" is a probe that finds nothing, without
-- reading the partner's (large) row. (An index of live partners would tempt the planner away
-- from the name index for name searches.)
CREATE INDEX partners_deleted ON partners (id) WHERE deleted_at IS NOT NULL;
