-- Schema v4: approvals keep a note (what was approved, who approved on the partner's side, what
-- changed on the way), shown in the tracker beside each approval. Rows written before it: none.
--
-- Shipped: never edit this file; a change ships as a new migration. A test pins its SHA-256
-- (core/src/schema/tests.rs). core/src/schema.rs runs it statement by statement inside the
-- transaction that opens the store.

ALTER TABLE approvals ADD COLUMN note TEXT NOT NULL DEFAULT '';
