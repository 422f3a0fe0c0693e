-- Schema v2: the vetting lifecycle. Partner profile and phase, frameworks, scorecards, flags,
-- pilots, debriefs, decisions. Scores, flags, flag events, debriefs and decisions are
-- append-only: triggers refuse UPDATE and DELETE, and a correction is a new row that
-- `supersedes` the old.
--
-- Shipped: never edit this file; a change ships as a new migration. A test pins its SHA-256
-- (core/src/schema/tests.rs). core/src/schema.rs runs it statement by statement inside the
-- transaction that opens the store, binding the named values:
--   :device_id          this installation's id
--   :now                the opening instant, RFC 3339 UTC with milliseconds
--   :new_id             a new UUIDv7, the seeded framework's id
--   :default_framework  the frozen text of v2_default_framework.json (pinned too)

CREATE TABLE frameworks (
    id         TEXT PRIMARY KEY,
    lineage_id TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    based_on   TEXT REFERENCES frameworks (id),
    -- JSON FrameworkDefinition, written once
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (lineage_id, version)
) STRICT;
CREATE TRIGGER frameworks_immutable BEFORE UPDATE OF id, lineage_id, version, based_on, definition
    ON frameworks BEGIN SELECT RAISE(ABORT, 'framework versions are immutable'); END;

ALTER TABLE partners ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE partners ADD COLUMN contacts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE partners ADD COLUMN found_via TEXT NOT NULL DEFAULT '';
ALTER TABLE partners ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE partners ADD COLUMN signals TEXT NOT NULL DEFAULT '{}';
ALTER TABLE partners ADD COLUMN phase TEXT NOT NULL DEFAULT 'sourced' CHECK (phase IN
    ('sourced', 'gut_check', 'pilot_scoping', 'pilot', 'debrief', 'scaled', 'walked'));
ALTER TABLE partners ADD COLUMN framework_id TEXT REFERENCES frameworks (id);
CREATE INDEX partners_by_phase ON partners (phase, name_key, id) WHERE deleted_at IS NULL;

CREATE TABLE scorecards (
    id           TEXT PRIMARY KEY,
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    phase        TEXT NOT NULL,
    framework_id TEXT NOT NULL REFERENCES frameworks (id),
    reviewer     TEXT NOT NULL,
    reviewer_key TEXT NOT NULL,
    note         TEXT NOT NULL,
    supersedes   TEXT REFERENCES scorecards (id),
    submitted_at TEXT NOT NULL,
    device_id    TEXT NOT NULL
) STRICT;
CREATE INDEX scorecards_by_partner ON scorecards (partner_id, phase, reviewer_key);
CREATE UNIQUE INDEX scorecards_supersedes ON scorecards (supersedes) WHERE supersedes IS NOT NULL;

CREATE TABLE scorecard_answers (
    scorecard_id  TEXT NOT NULL REFERENCES scorecards (id),
    criterion_key TEXT NOT NULL,
    value         INTEGER NOT NULL,
    device_id     TEXT NOT NULL,
    PRIMARY KEY (scorecard_id, criterion_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE pilots (
    id                TEXT PRIMARY KEY,
    partner_id        TEXT NOT NULL REFERENCES partners (id),
    framework_id      TEXT NOT NULL REFERENCES frameworks (id),
    campaign_no       INTEGER NOT NULL,
    creators          INTEGER NOT NULL,
    deliverables      INTEGER NOT NULL,
    starts_at         TEXT NOT NULL,
    ends_at           TEXT NOT NULL,
    revision_limit    INTEGER NOT NULL,
    -- money as integer minor units (cents, kopecks) beside its ISO 4217 currency
    payment_minor     INTEGER NOT NULL CHECK (payment_minor >= 0),
    currency          TEXT NOT NULL,
    feedback_owner    TEXT NOT NULL,
    creator_relations TEXT NOT NULL,
    final_approval    TEXT NOT NULL,
    escalation_path   TEXT NOT NULL,
    rhythm            TEXT NOT NULL,
    metrics_agreed_at TEXT,
    metrics_agreed_by TEXT,
    started_at        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    device_id         TEXT NOT NULL,
    deleted_at        TEXT
) STRICT;
CREATE INDEX pilots_by_partner ON pilots (partner_id, created_at) WHERE deleted_at IS NULL;

CREATE TABLE pilot_metrics (
    id          TEXT PRIMARY KEY,
    pilot_id    TEXT NOT NULL REFERENCES pilots (id),
    position    INTEGER NOT NULL,
    market_code TEXT NOT NULL REFERENCES markets (code),
    name        TEXT NOT NULL,
    unit        TEXT NOT NULL CHECK (unit IN ('count', 'percent', 'money')),
    currency    TEXT,
    target      REAL NOT NULL,
    actual      REAL,
    actual_at   TEXT,
    created_at  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    deleted_at  TEXT,
    CHECK (unit <> 'money' OR currency IS NOT NULL)
) STRICT;
CREATE INDEX pilot_metrics_by_pilot ON pilot_metrics (pilot_id, position) WHERE deleted_at IS NULL;

CREATE TABLE pilot_hypotheses (
    id         TEXT PRIMARY KEY,
    pilot_id   TEXT NOT NULL REFERENCES pilots (id),
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX pilot_hypotheses_by_pilot ON pilot_hypotheses (pilot_id, position)
    WHERE deleted_at IS NULL;

CREATE TABLE deliverables (
    id           TEXT PRIMARY KEY,
    pilot_id     TEXT NOT NULL REFERENCES pilots (id),
    title        TEXT NOT NULL,
    market_code  TEXT REFERENCES markets (code),
    due_at       TEXT NOT NULL,
    delivered_at TEXT,
    notice_given INTEGER NOT NULL CHECK (notice_given IN (0, 1)),
    verdict      TEXT CHECK (verdict IN ('on_scope', 'below_scope')),
    note         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;
CREATE INDEX deliverables_by_pilot ON deliverables (pilot_id, due_at) WHERE deleted_at IS NULL;
CREATE INDEX deliverables_open_by_due ON deliverables (pilot_id, due_at)
    WHERE delivered_at IS NULL AND deleted_at IS NULL;

CREATE TABLE revision_rounds (
    id          TEXT PRIMARY KEY,
    pilot_id    TEXT NOT NULL REFERENCES pilots (id),
    market_code TEXT REFERENCES markets (code),
    note        TEXT NOT NULL,
    at          TEXT NOT NULL,
    device_id   TEXT NOT NULL
) STRICT;
CREATE INDEX revision_rounds_by_pilot ON revision_rounds (pilot_id);

CREATE TABLE approvals (
    id           TEXT PRIMARY KEY,
    pilot_id     TEXT NOT NULL REFERENCES pilots (id),
    market_code  TEXT NOT NULL REFERENCES markets (code),
    requested_at TEXT NOT NULL,
    approved_at  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    device_id    TEXT NOT NULL
) STRICT;
CREATE INDEX approvals_by_pilot ON approvals (pilot_id, market_code);

CREATE TABLE flags (
    id             TEXT PRIMARY KEY,
    partner_id     TEXT NOT NULL REFERENCES partners (id),
    pilot_id       TEXT REFERENCES pilots (id),
    deliverable_id TEXT REFERENCES deliverables (id),
    framework_id   TEXT NOT NULL REFERENCES frameworks (id),
    kind           TEXT NOT NULL,
    -- copied from the framework version when raised, so later edits never change it
    severity       TEXT NOT NULL CHECK (severity IN ('warning', 'dealbreaker')),
    source         TEXT NOT NULL CHECK (source IN ('manual', 'derived')),
    occurred_at    TEXT NOT NULL,
    note           TEXT NOT NULL,
    link           TEXT NOT NULL,
    raised_by      TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    device_id      TEXT NOT NULL
) STRICT;
CREATE INDEX flags_by_partner ON flags (partner_id, created_at);

CREATE TABLE flag_events (
    id        TEXT PRIMARY KEY,
    flag_id   TEXT NOT NULL REFERENCES flags (id),
    action    TEXT NOT NULL CHECK (action IN ('resolve', 'override')),
    by_name   TEXT NOT NULL,
    note      TEXT NOT NULL,
    at        TEXT NOT NULL,
    device_id TEXT NOT NULL
) STRICT;
CREATE INDEX flag_events_by_flag ON flag_events (flag_id, action);

CREATE TABLE debriefs (
    id            TEXT PRIMARY KEY,
    pilot_id      TEXT NOT NULL REFERENCES pilots (id),
    partner_id    TEXT NOT NULL REFERENCES partners (id),
    author        TEXT NOT NULL,
    worked        TEXT NOT NULL,
    did_not_work  TEXT NOT NULL,
    communication INTEGER NOT NULL CHECK (communication BETWEEN 1 AND 5),
    speed         INTEGER NOT NULL CHECK (speed BETWEEN 1 AND 5),
    ownership     INTEGER NOT NULL CHECK (ownership BETWEEN 1 AND 5),
    failure_cause TEXT NOT NULL CHECK (failure_cause IN
        ('none', 'execution', 'communication', 'expectations', 'scope', 'market_fit')),
    supersedes    TEXT REFERENCES debriefs (id),
    created_at    TEXT NOT NULL,
    device_id     TEXT NOT NULL
) STRICT;
CREATE INDEX debriefs_by_pilot ON debriefs (pilot_id, created_at);
CREATE INDEX debriefs_by_partner ON debriefs (partner_id, created_at);
CREATE UNIQUE INDEX debriefs_supersedes ON debriefs (supersedes) WHERE supersedes IS NOT NULL;

CREATE TABLE debrief_hypotheses (
    debrief_id    TEXT NOT NULL REFERENCES debriefs (id),
    hypothesis_id TEXT NOT NULL REFERENCES pilot_hypotheses (id),
    verdict       TEXT NOT NULL CHECK (verdict IN ('validated', 'refuted', 'refined')),
    note          TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    PRIMARY KEY (debrief_id, hypothesis_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE decisions (
    id           TEXT PRIMARY KEY,
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    choice       TEXT NOT NULL CHECK (choice IN ('advance', 'hold', 'walk', 'repeat', 'scale_to')),
    scale_to     INTEGER,
    decided_by   TEXT NOT NULL,
    rationale    TEXT NOT NULL,
    -- JSON array of strings
    assumptions  TEXT NOT NULL,
    review_on    TEXT,
    -- JSON Recommendation as shown when deciding
    recommended  TEXT NOT NULL,
    phase_before TEXT NOT NULL,
    phase_after  TEXT NOT NULL,
    supersedes   TEXT REFERENCES decisions (id),
    decided_at   TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    CHECK ((choice = 'scale_to') = (scale_to IS NOT NULL))
) STRICT;
CREATE INDEX decisions_by_partner ON decisions (partner_id, decided_at);
CREATE UNIQUE INDEX decisions_supersedes ON decisions (supersedes) WHERE supersedes IS NOT NULL;

-- Append-only tables: no UPDATE, no DELETE, ever. (Indented as the shipped v2 wrote them, so every
-- file's sqlite_master holds the same text.)
CREATE TRIGGER scorecards_no_update BEFORE UPDATE ON scorecards
                 BEGIN SELECT RAISE(ABORT, 'scorecards is append-only'); END;
CREATE TRIGGER scorecards_no_delete BEFORE DELETE ON scorecards
                 BEGIN SELECT RAISE(ABORT, 'scorecards is append-only'); END;
CREATE TRIGGER scorecard_answers_no_update BEFORE UPDATE ON scorecard_answers
                 BEGIN SELECT RAISE(ABORT, 'scorecard_answers is append-only'); END;
CREATE TRIGGER scorecard_answers_no_delete BEFORE DELETE ON scorecard_answers
                 BEGIN SELECT RAISE(ABORT, 'scorecard_answers is append-only'); END;
CREATE TRIGGER flags_no_update BEFORE UPDATE ON flags
                 BEGIN SELECT RAISE(ABORT, 'flags is append-only'); END;
CREATE TRIGGER flags_no_delete BEFORE DELETE ON flags
                 BEGIN SELECT RAISE(ABORT, 'flags is append-only'); END;
CREATE TRIGGER flag_events_no_update BEFORE UPDATE ON flag_events
                 BEGIN SELECT RAISE(ABORT, 'flag_events is append-only'); END;
CREATE TRIGGER flag_events_no_delete BEFORE DELETE ON flag_events
                 BEGIN SELECT RAISE(ABORT, 'flag_events is append-only'); END;
CREATE TRIGGER debriefs_no_update BEFORE UPDATE ON debriefs
                 BEGIN SELECT RAISE(ABORT, 'debriefs is append-only'); END;
CREATE TRIGGER debriefs_no_delete BEFORE DELETE ON debriefs
                 BEGIN SELECT RAISE(ABORT, 'debriefs is append-only'); END;
CREATE TRIGGER debrief_hypotheses_no_update BEFORE UPDATE ON debrief_hypotheses
                 BEGIN SELECT RAISE(ABORT, 'debrief_hypotheses is append-only'); END;
CREATE TRIGGER debrief_hypotheses_no_delete BEFORE DELETE ON debrief_hypotheses
                 BEGIN SELECT RAISE(ABORT, 'debrief_hypotheses is append-only'); END;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
                 BEGIN SELECT RAISE(ABORT, 'decisions is append-only'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
                 BEGIN SELECT RAISE(ABORT, 'decisions is append-only'); END;

-- The bilingual default framework, version 1 of its own lineage; every partner so far uses it.
INSERT INTO frameworks (id, lineage_id, version, based_on, definition, created_at, device_id)
    VALUES (:new_id, :new_id, 1, NULL, :default_framework, :now, :device_id);
INSERT INTO meta (key, value) VALUES ('default_framework_id', :new_id);
UPDATE partners SET framework_id = :new_id;
