-- Schema v6: the compliance checklist per deliverable (issue 16). Each item's state is an
-- append-only event (done / not applicable with a reason / open, who, when, a note); the latest
-- event of an item wins. Usage rights (kind, territory, start and end) and the payment route
-- (payer and recipient entity and country, the sanctions-screening date) are append-only too,
-- the latest row of a deliverable counting. Rows written before it: none.
--
-- Shipped: never edit this file; a change ships as a new migration. A test pins its SHA-256
-- (core/src/schema/tests.rs). core/src/schema.rs runs it statement by statement inside the
-- transaction that opens the store.

CREATE TABLE compliance_events (
    id             TEXT PRIMARY KEY,
    deliverable_id TEXT NOT NULL REFERENCES deliverables(id),
    -- The item's market code; NULL for an item of every market.
    market_code    TEXT,
    item_key       TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('done', 'not_applicable', 'open')),
    reason         TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    by_name        TEXT NOT NULL,
    at             TEXT NOT NULL,
    device_id      TEXT NOT NULL
);
CREATE INDEX compliance_events_deliverable ON compliance_events (deliverable_id, item_key, at);

CREATE TABLE usage_rights (
    id             TEXT PRIMARY KEY,
    deliverable_id TEXT NOT NULL REFERENCES deliverables(id),
    kind           TEXT NOT NULL CHECK (kind IN ('organic', 'paid', 'whitelisting')),
    territory      TEXT NOT NULL,
    -- Calendar dates, YYYY-MM-DD.
    starts_on      TEXT NOT NULL,
    ends_on        TEXT NOT NULL,
    by_name        TEXT NOT NULL,
    at             TEXT NOT NULL,
    device_id      TEXT NOT NULL
);
CREATE INDEX usage_rights_deliverable ON usage_rights (deliverable_id, at);
CREATE INDEX usage_rights_ends ON usage_rights (ends_on);

CREATE TABLE payment_routes (
    id                TEXT PRIMARY KEY,
    deliverable_id    TEXT NOT NULL REFERENCES deliverables(id),
    payer_entity      TEXT NOT NULL,
    payer_country     TEXT NOT NULL,
    recipient_entity  TEXT NOT NULL,
    recipient_country TEXT NOT NULL,
    -- YYYY-MM-DD, or NULL while not screened.
    screened_on       TEXT,
    by_name           TEXT NOT NULL,
    at                TEXT NOT NULL,
    device_id         TEXT NOT NULL
);
CREATE INDEX payment_routes_deliverable ON payment_routes (deliverable_id, at);

CREATE TRIGGER compliance_events_no_update BEFORE UPDATE ON compliance_events
                 BEGIN SELECT RAISE(ABORT, 'compliance_events is append-only'); END;
CREATE TRIGGER compliance_events_no_delete BEFORE DELETE ON compliance_events
                 BEGIN SELECT RAISE(ABORT, 'compliance_events is append-only'); END;
CREATE TRIGGER usage_rights_no_update BEFORE UPDATE ON usage_rights
                 BEGIN SELECT RAISE(ABORT, 'usage_rights is append-only'); END;
CREATE TRIGGER usage_rights_no_delete BEFORE DELETE ON usage_rights
                 BEGIN SELECT RAISE(ABORT, 'usage_rights is append-only'); END;
CREATE TRIGGER payment_routes_no_update BEFORE UPDATE ON payment_routes
                 BEGIN SELECT RAISE(ABORT, 'payment_routes is append-only'); END;
CREATE TRIGGER payment_routes_no_delete BEFORE DELETE ON payment_routes
                 BEGIN SELECT RAISE(ABORT, 'payment_routes is append-only'); END;
