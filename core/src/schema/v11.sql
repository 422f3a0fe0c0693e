-- Schema v11: which decisions a decision was made after (issue 15, design/SYNC.md: "two
-- decisions for one partner at the same phase → conflicting decisions").
--
-- Shipped: never edit this file; a change ships as a new migration. A test pins its SHA-256
-- (core/src/schema/tests.rs). core/src/schema.rs runs it statement by statement inside the
-- transaction that opens the store.

-- A JSON array of the ids of the partner's decisions this one was made after: those in force
-- that no other decision had followed yet, as the deciding device knew them (Rust writes it,
-- decision.rs). Two decisions in force that nothing follows were made in two offices without
-- seeing each other: the dossier shows them as conflicting until a new decision (or a
-- correction) follows both. NULL on decisions written before v11: each follows every earlier one.
ALTER TABLE decisions ADD COLUMN follows TEXT;
