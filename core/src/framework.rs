//! Frameworks: the rubric a partner is vetted with — gate criteria and thresholds per phase,
//! signal scoring, pilot-scope defaults and limits, flag kinds and severities.
//!
//! A framework version is immutable (a trigger refuses updates): "copy and edit" writes a new
//! version in the same lineage, and every score, flag and pilot records the exact version id it
//! was made with, so editing a framework never rewrites past results.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::Field;
use crate::ids::{format_instant, new_id};
use crate::phase::Phase;
use crate::sql;
use crate::text::{self, NAME_MAX};
use crate::{Error, Result};

// The default framework as Rust, for tests: migration v2 seeds the frozen copy in
// `schema/v2_default_framework.json`, and `schema/tests.rs` keeps the two equal.
mod compliance;
#[cfg(test)]
mod default;
mod status;
pub use compliance::{default_compliance, ComplianceItem, COMPLIANCE_OPEN_AT_DELIVERY};
#[cfg(test)]
pub(crate) use default::default_definition;
pub(crate) use status::{make_default, offered, set_archived};
mod validate;
pub use validate::validate_definition;

/// A text in both interface languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Localized {
    pub ru: String,
    pub en: String,
}

impl Localized {
    pub fn new(ru: &str, en: &str) -> Localized {
        Localized {
            ru: ru.to_owned(),
            en: en.to_owned(),
        }
    }
}

crate::text_enum! {
    /// How a criterion is answered.
    pub enum CriterionKind {
        /// 1 = yes, 0 = no.
        YesNo = "yes_no",
        /// 1 to 5.
        Scale = "scale",
    }
}

impl CriterionKind {
    /// The accepted answer values, inclusive.
    pub fn range(self) -> (i32, i32) {
        match self {
            CriterionKind::YesNo => (0, 1),
            CriterionKind::Scale => (1, 5),
        }
    }
}

crate::text_enum! {
    /// How much a flag weighs.
    pub enum Severity {
        Warning = "warning",
        /// Makes the recommendation "walk" until a person overrides it with a reason.
        Dealbreaker = "dealbreaker",
    }
}

/// One question of a phase's scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Criterion {
    /// Stable within a lineage: `a-z`, `0-9`, `_`, e.g. `understands_ugc`.
    pub key: String,
    pub label: Localized,
    pub kind: CriterionKind,
    /// 1–100; the gate sums the weights of passed criteria.
    pub weight: u32,
    /// The mean answer at or above which the criterion passes: 1 for yes/no, 1–5 for a scale.
    pub pass_at: u32,
}

/// A phase's scorecard and its gate: passed when the weights of passed criteria reach `threshold`
/// and at least `min_reviewers` reviewers have scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PhaseGate {
    pub phase: Phase,
    pub criteria: Vec<Criterion>,
    pub threshold: u32,
    /// How many reviewers must score before the gate is judged, 1–20 (a cross-border team sets 2,
    /// one per side). Absent in frameworks saved before it existed: 1.
    #[serde(default = "one_reviewer")]
    pub min_reviewers: u32,
}

/// The most reviewers a gate may wait for.
pub const MIN_REVIEWERS_MAX: u32 = 20;

fn one_reviewer() -> u32 {
    1
}

/// How pre-pilot signals are scored. Each signal is strong, weak or unknown (not recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignalRules {
    /// Case studies are strong when every served market has more than this many (default 3).
    pub case_studies_strong_above: u32,
    /// The longest past relationship is strong above this many months (default 6).
    pub relationship_strong_above_months: u32,
    /// Creator references are strong at this many or more (default 2).
    pub creator_references_strong_at_least: u32,
    /// How many strong signals recommend moving on to the gut check (default 3 of 5).
    pub advance_at_strong: u32,
}

/// A default and the inclusive range a user may choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Limit {
    pub default: u32,
    pub min: u32,
    pub max: u32,
}

impl Limit {
    /// `value` when it is within the limit, else [`Error::LimitOutOfRange`] naming `field`.
    pub fn check(self, field: Field, value: u32) -> Result<u32> {
        if (self.min..=self.max).contains(&value) {
            Ok(value)
        } else {
            Err(Error::LimitOutOfRange {
                field,
                min: self.min,
                max: self.max,
            })
        }
    }
}

/// Pilot-scope defaults and limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScopeRules {
    pub creators: Limit,
    pub deliverables: Limit,
    pub duration_days: Limit,
    pub revision_limit: Limit,
}

/// A kind of walk-away flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlagKind {
    pub key: String,
    pub label: Localized,
    pub severity: Severity,
    /// Raised by the app from logged facts, not by a person. Only the kinds the app knows how to
    /// derive ([`DERIVED_FLAG_KINDS`]) may be derived.
    pub derived: bool,
}

/// Raised when a deliverable is logged after its due instant with no notice given.
pub const MISSED_DEADLINE_NO_NOTICE: &str = "missed_deadline_no_notice";
/// Raised when a pilot starts without its metrics agreed.
pub const METRICS_NOT_AGREED: &str = "metrics_not_agreed";
/// The flag kinds the app derives; every framework has each (one added later,
/// [`COMPLIANCE_OPEN_AT_DELIVERY`], is given to versions saved before it when they are read).
pub const DERIVED_FLAG_KINDS: [&str; 3] = [
    MISSED_DEADLINE_NO_NOTICE,
    METRICS_NOT_AGREED,
    COMPLIANCE_OPEN_AT_DELIVERY,
];

/// Everything a framework version says. Stored as JSON, never updated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FrameworkDefinition {
    pub name: Localized,
    pub gates: Vec<PhaseGate>,
    pub signals: SignalRules,
    pub scope: ScopeRules,
    /// Versions saved before a derived kind existed read with it added (`compliance.rs`).
    #[serde(deserialize_with = "compliance::flag_kinds_with_optional")]
    #[specta(type = Vec<FlagKind>)]
    pub flag_kinds: Vec<FlagKind>,
    /// Scope limits for campaigns 2 and later, after scaling up. Absent: the pilot's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_scope: Option<ScopeRules>,
    /// What "the basics" are, and after how many campaigns missing them means walk. Absent in
    /// frameworks saved before it existed: [`BasicsRules::default`].
    #[serde(default)]
    pub basics: BasicsRules,
    /// The compliance checklist per market code (and for every market). Absent in frameworks
    /// saved before it existed: [`default_compliance`].
    #[serde(default = "default_compliance")]
    pub compliance: Vec<ComplianceItem>,
}

crate::text_enum! {
    /// One basic a partner is expected to get right in every campaign.
    pub enum Basic {
        /// Every deliverable on time, or with notice before the deadline.
        DeadlinesWithNotice = "deadlines_with_notice",
        /// No deliverable significantly below scope.
        DeliverablesOnScope = "deliverables_on_scope",
        /// Revision rounds within the agreed limit.
        RevisionsWithinLimit = "revisions_within_limit",
        /// Metrics agreed before the start.
        MetricsAgreed = "metrics_agreed",
        /// The debrief does not name communication as the cause.
        Communication = "communication",
    }
}

/// The most campaigns a framework may wait before judging the basics.
pub const BASICS_AFTER_MAX: u32 = 10;

/// "Walk if they're still missing basics after 2–3 campaigns": which basics, and after how many
/// debriefed campaigns (counting the pilot) a campaign that still misses one recommends walk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BasicsRules {
    /// 1–[`BASICS_AFTER_MAX`]; default 2.
    pub after_campaigns: u32,
    /// Default: all five.
    pub checks: Vec<Basic>,
}

impl Default for BasicsRules {
    fn default() -> Self {
        BasicsRules {
            after_campaigns: 2,
            checks: vec![
                Basic::DeadlinesWithNotice,
                Basic::DeliverablesOnScope,
                Basic::RevisionsWithinLimit,
                Basic::MetricsAgreed,
                Basic::Communication,
            ],
        }
    }
}

impl FrameworkDefinition {
    /// The gate of `phase`, if the framework scores that phase.
    pub fn gate(&self, phase: Phase) -> Option<&PhaseGate> {
        self.gates.iter().find(|g| g.phase == phase)
    }

    /// The scope limits of campaign `campaign_no` (1 is the pilot).
    pub fn scope_for(&self, campaign_no: u32) -> &ScopeRules {
        match &self.campaign_scope {
            Some(rules) if campaign_no > 1 => rules,
            _ => &self.scope,
        }
    }

    /// The flag kind with `key`, if any.
    pub fn flag_kind(&self, key: &str) -> Option<&FlagKind> {
        self.flag_kinds.iter().find(|k| k.key == key)
    }
}

/// One immutable framework version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Framework {
    pub id: String,
    /// Shared by every version copied from the same original.
    pub lineage_id: String,
    /// 1 for the original, then +1 for each copy in the lineage.
    pub version: u32,
    pub based_on: Option<String>,
    pub definition: FrameworkDefinition,
    pub created_at: String,
    /// The version new partners get unless another is chosen.
    pub is_default: bool,
    /// Kept for the partners vetted with it, offered to no one new; never the default.
    pub archived: bool,
}

/// "Copy and edit": a new version based on an existing one.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FrameworkDraft {
    /// The version this one is copied from.
    pub based_on: String,
    pub definition: FrameworkDefinition,
    /// Make the new version the default for new partners.
    #[serde(default)]
    pub make_default: bool,
}

pub(crate) const DEFAULT_KEY: &str = "default_framework_id";

/// Inserts a framework version; the caller has validated `def`.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    lineage: Option<(&str, u32, &str)>,
    def: &FrameworkDefinition,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<String> {
    let id = new_id();
    let (lineage_id, version, based_on) = match lineage {
        Some((lineage_id, version, based_on)) => {
            (lineage_id.to_owned(), version, Some(based_on.to_owned()))
        }
        None => (id.clone(), 1, None),
    };
    let json = sql::to_json(def)?;
    crate::sql::execute(tx,
        "INSERT INTO frameworks (id, lineage_id, version, based_on, definition, created_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        (&id, &lineage_id, version, &based_on, &json, format_instant(now), device_id),
    )?;
    Ok(id)
}

pub(crate) fn set_default(tx: &Transaction<'_>, id: &str) -> Result<()> {
    crate::sql::execute(
        tx,
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (DEFAULT_KEY, id),
    )?;
    Ok(())
}

pub(crate) fn default_id(conn: &Connection) -> Result<String> {
    conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([DEFAULT_KEY], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::MalformedRow {
            table: "meta",
            column: "value",
            detail: "the default framework is missing".into(),
        })
}

fn parse_definition(id: &str, json: &str) -> Result<FrameworkDefinition> {
    serde_json::from_str(json).map_err(|e| Error::MalformedRow {
        table: "frameworks",
        column: "definition",
        detail: format!("framework {id}: {e}"),
    })
}

/// Parsed definitions by framework id, with the JSON text each was parsed from: the
/// [`Store`](crate::Store)'s cache (a field, one per open file, dropped with it). A version is
/// immutable (a trigger refuses edits), so reads reuse the parse instead of parsing the same JSON
/// for every card, flag and gate; the stored text is still read and compared, so a file replaced
/// under the store (a restore) can never be served a parse of different text.
#[derive(Default)]
pub(crate) struct Definitions {
    parsed: RefCell<HashMap<String, (String, Arc<FrameworkDefinition>)>>,
}

/// A framework version's number and definition, as [`Definitions::get_many`] returns them.
pub(crate) struct VersionDefinition {
    pub version: u32,
    pub definition: Arc<FrameworkDefinition>,
}

impl Definitions {
    /// The cached parse for `id` if it was parsed from exactly `json` (the stored text's bytes,
    /// compared where SQLite holds them: no copy, no UTF-8 check of 2–3 KB per read).
    fn cached(&self, id: &str, json: &[u8]) -> Option<Arc<FrameworkDefinition>> {
        let parsed = self.parsed.borrow();
        let (text, def) = parsed.get(id)?;
        (text.as_bytes() == json).then(|| Arc::clone(def))
    }

    /// The definition in the text column `index` of `row`, for `id`: the cached parse while the
    /// text is the same, else a new one.
    fn of_row(
        &self,
        id: &str,
        row: &rusqlite::Row<'_>,
        index: usize,
    ) -> Result<Arc<FrameworkDefinition>> {
        let same = row.get_ref(index)?.as_bytes().ok();
        match same.and_then(|json| self.cached(id, json)) {
            Some(def) => Ok(def),
            None => self.parsed(id, row.get(index)?),
        }
    }

    /// The parse of `json` for `id`: the cached one while the text is the same, else a new one.
    fn parsed(&self, id: &str, json: String) -> Result<Arc<FrameworkDefinition>> {
        if let Some(def) = self.cached(id, json.as_bytes()) {
            return Ok(def);
        }
        let def = Arc::new(parse_definition(id, &json)?);
        self.parsed
            .borrow_mut()
            .insert(id.to_owned(), (json, Arc::clone(&def)));
        Ok(def)
    }

    /// A framework version's definition (shared, parsed once): what the hot reads need, without
    /// the rest of [`get`].
    pub(crate) fn get(&self, conn: &Connection, id: &str) -> Result<Arc<FrameworkDefinition>> {
        let mut stmt = conn.prepare_cached(
            "SELECT definition FROM frameworks WHERE id = ?1 AND deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(r) => self.of_row(id, r, 0),
            None => Err(Error::NotFound {
                entity: "framework",
                id: id.to_owned(),
            }),
        }
    }

    /// Several versions with one query, by id; an id that is missing or deleted is NotFound.
    pub(crate) fn get_many(
        &self,
        conn: &Connection,
        ids: &[&str],
    ) -> Result<HashMap<String, VersionDefinition>> {
        let json = sql::ids_json(ids)?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, version, definition FROM frameworks
             WHERE id IN (SELECT value FROM json_each(?1)) AND deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([json])?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let definition = self.of_row(&id, r, 2)?;
            out.insert(
                id,
                VersionDefinition {
                    version: r.get(1)?,
                    definition,
                },
            );
        }
        if let Some(missing) = ids.iter().find(|id| !out.contains_key(**id)) {
            return Err(Error::NotFound {
                entity: "framework",
                id: (*missing).to_owned(),
            });
        }
        Ok(out)
    }
}

pub(crate) fn get(conn: &Connection, defs: &Definitions, id: &str) -> Result<Framework> {
    let default = default_id(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, lineage_id, version, based_on, definition, created_at FROM frameworks
         WHERE id = ?1 AND deleted_at IS NULL",
    )?;
    let row = stmt
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "framework",
            id: id.to_owned(),
        })?;
    let definition = FrameworkDefinition::clone(&*defs.parsed(&row.0, row.4)?);
    Ok(Framework {
        archived: status::is_archived(conn, &row.0)?,
        is_default: row.0 == default,
        id: row.0,
        lineage_id: row.1,
        version: row.2,
        based_on: row.3,
        definition,
        created_at: row.5,
    })
}

/// Every framework version, grouped by lineage, the oldest lineage first (the seeded default's
/// id is not time-ordered: `schema::seeded_id`), oldest version first.
pub(crate) fn list(conn: &Connection, defs: &Definitions) -> Result<Vec<Framework>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM frameworks f WHERE deleted_at IS NULL
         ORDER BY (SELECT min(created_at) FROM frameworks g WHERE g.lineage_id = f.lineage_id),
                  lineage_id, version, created_at, id",
    )?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    ids.iter().map(|id| get(conn, defs, id)).collect()
}

/// Copy and edit: writes `draft.definition` as a new version in the lineage of
/// `draft.based_on`. Existing versions, and every score made with them, stay as they were.
pub(crate) fn create_version(
    tx: &Transaction<'_>,
    defs: &Definitions,
    draft: &FrameworkDraft,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<Framework> {
    let definition = validate_definition(&draft.definition)?;
    let parent = get(tx, defs, &draft.based_on)?;
    let next: u32 = crate::sql::query_row(
        tx,
        "SELECT max(version) + 1 FROM frameworks WHERE lineage_id = ?1",
        [&parent.lineage_id],
        |r| r.get(0),
    )?;
    let id = insert(
        tx,
        Some((&parent.lineage_id, next, &parent.id)),
        &definition,
        now,
        device_id,
    )?;
    if draft.make_default {
        set_default(tx, &id)?;
    }
    get(tx, defs, &id)
}

#[cfg(test)]
mod tests;
