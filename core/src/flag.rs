//! Walk-away flags: dated incidents with evidence, raised by a person or derived by the app.
//! Never deleted or edited: resolving or overriding appends a `flag_events` row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Field, TransitionAction, TransitionState};
use crate::framework::{Definitions, FrameworkDefinition, Localized, Severity};
use crate::ids::{format_instant, new_id, parse_instant};
use crate::partner;
use crate::sql;
use crate::store::{Store, Writer};
use crate::text::{self, NAME_MAX, NOTE_MAX};
use crate::{Error, Result};

crate::text_enum! {
    /// Who raised a flag.
    pub enum FlagSource {
        Manual = "manual",
        /// Derived by the app from logged facts.
        Derived = "derived",
    }
}

crate::text_enum! {
    pub enum FlagStatus {
        Open = "open",
        /// Closed with a note; no longer weighs in.
        Resolved = "resolved",
        /// A dealbreaker a person chose to proceed past, with a written reason.
        Overridden = "overridden",
    }
}

impl FlagStatus {
    /// A flag's status from its events, the one statement of it: a resolve closes the flag (even
    /// an overridden one); otherwise an override sets it aside; with neither it is open.
    pub fn from_events(resolved: bool, overridden: bool) -> FlagStatus {
        if resolved {
            FlagStatus::Resolved
        } else if overridden {
            FlagStatus::Overridden
        } else {
            FlagStatus::Open
        }
    }
}

/// Whether a flag of `kind` weighs in the partner's recommendation: every kind but
/// `compliance_open_at_delivery`, which records the team's own checklist (ORD, erid, register
/// checks are the advertiser's duties), shown and resolved like any flag.
pub fn weighs(kind: &str) -> bool {
    kind != crate::framework::COMPLIANCE_OPEN_AT_DELIVERY
}

/// A live dealbreaker: a dealbreaker neither resolved nor overridden. It makes the
/// recommendation "walk", fails the pilot gate and allows no decision but walk or hold. Every
/// reader asks this function (the UI reads `Flag::live_dealbreaker`).
pub fn is_live_dealbreaker(severity: Severity, status: FlagStatus) -> bool {
    severity == Severity::Dealbreaker && status == FlagStatus::Open
}

crate::text_enum! {
    /// What a `flag_events` row records.
    pub enum FlagEventAction {
        /// Closed with a note.
        Resolve = "resolve",
        /// A dealbreaker set aside with a written reason.
        Override = "override",
    }
}

/// Who wrote the derived flags.
pub const APP_AUTHOR: &str = "Vetta";
/// Longest link, in characters.
pub const LINK_MAX: u32 = 2000;

/// A flag raised by a person.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewFlag {
    pub partner_id: String,
    #[serde(default)]
    pub pilot_id: Option<String>,
    /// A non-derived flag kind of the partner's framework, e.g. `resists_documentation`.
    pub kind: String,
    /// When it happened (RFC 3339).
    pub occurred_at: String,
    /// The evidence.
    pub note: String,
    #[serde(default)]
    pub link: String,
    pub raised_by: String,
}

/// Resolving (with a note) or overriding (with a reason) a flag.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlagAction {
    pub flag_id: String,
    pub by: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlagEvent {
    pub by: String,
    pub note: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Flag {
    pub id: String,
    pub partner_id: String,
    pub pilot_id: Option<String>,
    pub deliverable_id: Option<String>,
    pub framework_id: String,
    pub kind: String,
    pub label: Localized,
    /// As the framework version said when the flag was raised.
    pub severity: Severity,
    pub source: FlagSource,
    pub occurred_at: String,
    pub note: String,
    pub link: String,
    pub raised_by: String,
    pub created_at: String,
    pub status: FlagStatus,
    /// An open dealbreaker, neither resolved nor overridden, as core's `is_live_dealbreaker`
    /// decides it: the UI reads this and never re-states the rule.
    pub live_dealbreaker: bool,
    pub resolution: Option<FlagEvent>,
    pub override_reason: Option<FlagEvent>,
}

/// What a derived flag records.
pub(crate) struct Derived<'a> {
    pub partner_id: &'a str,
    pub framework_id: &'a str,
    pub pilot_id: &'a str,
    pub deliverable_id: Option<&'a str>,
    pub kind: &'a str,
    pub occurred_at: DateTime<Utc>,
    pub note: String,
}

#[allow(clippy::too_many_arguments)]
fn insert(
    tx: &Transaction<'_>,
    partner_id: &str,
    pilot_id: Option<&str>,
    deliverable_id: Option<&str>,
    framework_id: &str,
    kind: &str,
    severity: Severity,
    source: FlagSource,
    occurred_at: DateTime<Utc>,
    note: &str,
    link: &str,
    raised_by: &str,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<String> {
    // A derived flag's id follows from what it is about, so two devices deriving the same flag
    // write one row (design/SYNC.md); a manual one is new.
    let id = match source {
        FlagSource::Derived => {
            crate::ids::derived_id(&[kind, pilot_id.unwrap_or(""), deliverable_id.unwrap_or("")])
        }
        FlagSource::Manual => new_id(),
    };
    crate::sql::execute(
        tx,
        "INSERT INTO flags (id, partner_id, pilot_id, deliverable_id, framework_id, kind, severity,
             source, occurred_at, note, link, raised_by, created_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        rusqlite::params![
            &id,
            partner_id,
            pilot_id,
            deliverable_id,
            framework_id,
            kind,
            severity,
            source,
            format_instant(occurred_at),
            note,
            link,
            raised_by,
            format_instant(now),
            device_id
        ],
    )?;
    Ok(id)
}

/// Raises a derived flag inside the caller's transaction; its severity comes from the framework.
pub(crate) fn derive(
    tx: &Transaction<'_>,
    defs: &Definitions,
    d: &Derived<'_>,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<String> {
    let def = defs.get(tx, d.framework_id)?;
    let kind = def.flag_kind(d.kind).ok_or_else(|| Error::NotFound {
        entity: "flag_kind",
        id: d.kind.to_owned(),
    })?;
    insert(
        tx,
        d.partner_id,
        Some(d.pilot_id),
        d.deliverable_id,
        d.framework_id,
        d.kind,
        kind.severity,
        FlagSource::Derived,
        d.occurred_at,
        &d.note,
        "",
        APP_AUTHOR,
        now,
        device_id,
    )
}

const COLUMNS: &str = "f.id, f.partner_id, f.pilot_id, f.deliverable_id, f.framework_id, f.kind,
    f.severity, f.source, f.occurred_at, f.note, f.link, f.raised_by, f.created_at";

fn row_to_flag(r: &rusqlite::Row<'_>) -> rusqlite::Result<Flag> {
    Ok(Flag {
        id: r.get(0)?,
        partner_id: r.get(1)?,
        pilot_id: r.get(2)?,
        deliverable_id: r.get(3)?,
        framework_id: r.get(4)?,
        kind: r.get(5)?,
        severity: r.get(6)?,
        source: r.get(7)?,
        occurred_at: r.get(8)?,
        note: r.get(9)?,
        link: r.get(10)?,
        raised_by: r.get(11)?,
        created_at: r.get(12)?,
        label: Localized::new("", ""),
        status: FlagStatus::Open,
        live_dealbreaker: false,
        resolution: None,
        override_reason: None,
    })
}

/// A flag with its label (from the framework version it was raised with), its first resolve and
/// override events, and the state they give it. Pure: every read of a flag ends here.
fn complete(
    mut flag: Flag,
    def: &FrameworkDefinition,
    resolution: Option<FlagEvent>,
    override_reason: Option<FlagEvent>,
) -> Flag {
    flag.label = def
        .flag_kind(&flag.kind)
        .map(|k| k.label.clone())
        .unwrap_or_else(|| Localized::new(&flag.kind, &flag.kind));
    flag.status = FlagStatus::from_events(resolution.is_some(), override_reason.is_some());
    flag.live_dealbreaker = is_live_dealbreaker(flag.severity, flag.status);
    flag.resolution = resolution;
    flag.override_reason = override_reason;
    flag
}

/// The flags matching `filter` (a condition on `f` with the one parameter `?1`), by partner and
/// then oldest first, complete: three queries whatever their number (one when there is none).
fn read(conn: &Connection, defs: &Definitions, filter: &str, param: &str) -> Result<Vec<Flag>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM flags f WHERE {filter} ORDER BY f.partner_id, f.created_at, f.id"
    ))?;
    let flags = stmt
        .query_map([param], row_to_flag)?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    if flags.is_empty() {
        return Ok(flags);
    }
    // The first event of each action counts, by instant then id. Read by the ids of the flags
    // just read: flag_events_by_flag per flag, without looking the flags up again.
    let ids = sql::ids_json(&flags.iter().map(|f| f.id.as_str()).collect::<Vec<_>>())?;
    let mut stmt = conn.prepare_cached(
        "SELECT e.flag_id, e.action, e.by_name, e.note, e.at FROM flag_events e
         WHERE e.flag_id IN (SELECT value FROM json_each(?1))
         ORDER BY e.flag_id, e.action, e.at, e.id",
    )?;
    let mut events: HashMap<(String, FlagEventAction), FlagEvent> = HashMap::new();
    let mut rows = stmt.query([&ids])?;
    while let Some(r) = rows.next()? {
        events.entry((r.get(0)?, r.get(1)?)).or_insert(FlagEvent {
            by: r.get(2)?,
            note: r.get(3)?,
            at: r.get(4)?,
        });
    }
    let mut versions: Vec<&str> = flags.iter().map(|f| f.framework_id.as_str()).collect();
    versions.sort_unstable();
    versions.dedup();
    let versions = defs.get_many(conn, &versions)?;
    let mut out = Vec::with_capacity(flags.len());
    for flag in flags {
        let def = &versions
            .get(&flag.framework_id)
            .ok_or_else(|| Error::NotFound {
                entity: "framework",
                id: flag.framework_id.clone(),
            })?
            .definition;
        let resolution = events.remove(&(flag.id.clone(), FlagEventAction::Resolve));
        let override_reason = events.remove(&(flag.id.clone(), FlagEventAction::Override));
        out.push(complete(flag, def, resolution, override_reason));
    }
    Ok(out)
}

pub(crate) fn get(conn: &Connection, defs: &Definitions, id: &str) -> Result<Flag> {
    read(conn, defs, "f.id = ?1", id)?
        .pop()
        .ok_or_else(|| Error::NotFound {
            entity: "flag",
            id: id.to_owned(),
        })
}

/// Every flag of a partner, oldest first.
pub(crate) fn of_partner(
    conn: &Connection,
    defs: &Definitions,
    partner_id: &str,
) -> Result<Vec<Flag>> {
    read(conn, defs, "f.partner_id = ?1", partner_id)
}

/// Every flag of several partners (a JSON array of ids), by partner and then oldest first.
pub(crate) fn of_partners(
    conn: &Connection,
    defs: &Definitions,
    partner_ids_json: &str,
) -> Result<Vec<Flag>> {
    read(
        conn,
        defs,
        "f.partner_id IN (SELECT value FROM json_each(?1))",
        partner_ids_json,
    )
}

/// The partner's oldest live dealbreaker, if any: what a pilot's gate reads (no labels needed).
pub(crate) fn live_dealbreaker(conn: &Connection, partner_id: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.id, f.severity,
             EXISTS (SELECT 1 FROM flag_events e WHERE e.flag_id = f.id AND e.action = ?2),
             EXISTS (SELECT 1 FROM flag_events e WHERE e.flag_id = f.id AND e.action = ?3)
         FROM flags f WHERE f.partner_id = ?1 ORDER BY f.created_at, f.id",
    )?;
    let mut rows = stmt.query((
        partner_id,
        FlagEventAction::Resolve,
        FlagEventAction::Override,
    ))?;
    while let Some(r) = rows.next()? {
        let status = FlagStatus::from_events(r.get(2)?, r.get(3)?);
        if is_live_dealbreaker(r.get(1)?, status) {
            return Ok(Some(r.get(0)?));
        }
    }
    Ok(None)
}

/// A flag may name one of the partner's own (live) pilots only.
fn check_pilot(conn: &Connection, pilot_id: &str, partner_id: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM pilots WHERE id = ?1 AND partner_id = ?2 AND deleted_at IS NULL",
    )?;
    if stmt.exists((pilot_id, partner_id))? {
        Ok(())
    } else {
        Err(Error::NotFound {
            entity: "pilot",
            id: pilot_id.to_owned(),
        })
    }
}

/// Whether a derived flag of `kind` already exists for this pilot (and deliverable).
pub(crate) fn derived_exists(
    conn: &Connection,
    (partner_id, pilot_id): (&str, &str),
    deliverable_id: Option<&str>,
    kind: &str,
) -> Result<bool> {
    // Through the partner's flags (`flags_by_partner`): without it, a scan of every flag (13 ms
    // at 72,000 flags, measured).
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM flags WHERE partner_id = ?4 AND pilot_id = ?1 AND kind = ?2
           AND source = 'derived' AND deliverable_id IS ?3",
    )?;
    Ok(stmt.exists((pilot_id, kind, deliverable_id, partner_id))?)
}

fn append_event(
    tx: &Transaction<'_>,
    flag_id: &str,
    action: FlagEventAction,
    by: &str,
    note: &str,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<()> {
    crate::sql::execute(
        tx,
        "INSERT INTO flag_events (id, flag_id, action, by_name, note, at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        (
            new_id(),
            flag_id,
            action,
            by,
            note,
            format_instant(now),
            device_id,
        ),
    )?;
    Ok(())
}

impl Store {
    /// Raises a flag by hand. Derived kinds are raised only by the app.
    pub fn raise_flag(&mut self, input: &NewFlag, now: DateTime<Utc>) -> Result<Flag> {
        self.write(|w| w.raise_flag(input, now))
    }

    /// Resolves a flag with a note. The flag stays, marked resolved.
    pub fn resolve_flag(&mut self, input: &FlagAction, now: DateTime<Utc>) -> Result<Flag> {
        self.write(|w| w.resolve_flag(input, now))
    }

    /// Overrides an open dealbreaker with a written reason, so it no longer forces "walk".
    pub fn override_flag(&mut self, input: &FlagAction, now: DateTime<Utc>) -> Result<Flag> {
        self.write(|w| w.override_flag(input, now))
    }

    /// Every flag of a partner, oldest first, with its status.
    pub fn flags(&self, partner_id: &str) -> Result<Vec<Flag>> {
        partner::get(&self.conn, partner_id)?;
        of_partner(&self.conn, &self.definitions, partner_id)
    }
}

impl Writer<'_> {
    /// [`Store::raise_flag`] inside the writer's transaction.
    pub fn raise_flag(&self, input: &NewFlag, now: DateTime<Utc>) -> Result<Flag> {
        let note = text::required(Field::Note, &input.note, NOTE_MAX)?;
        let link = text::optional(Field::Link, &input.link, LINK_MAX)?;
        let raised_by = text::required(Field::RaisedBy, &input.raised_by, NAME_MAX)?;
        let occurred_at =
            parse_instant(input.occurred_at.trim()).ok_or_else(|| Error::InvalidValue {
                field: Field::OccurredAt,
                value: input.occurred_at.chars().take(40).collect(),
            })?;
        let occurred_at = crate::dates::happened(Field::OccurredAt, occurred_at, now)?;
        let tx = self.tx;
        let partner = partner::get(tx, &input.partner_id)?;
        if let Some(pilot_id) = &input.pilot_id {
            check_pilot(tx, pilot_id, &partner.id)?;
        }
        let def = self.definitions.get(tx, &partner.framework_id)?;
        let kind = def.flag_kind(&input.kind).ok_or_else(|| Error::NotFound {
            entity: "flag_kind",
            id: input.kind.chars().take(64).collect(),
        })?;
        if kind.derived {
            return Err(Error::InvalidValue {
                field: Field::Kind,
                value: kind.key.clone(),
            });
        }
        let id = insert(
            tx,
            &partner.id,
            input.pilot_id.as_deref(),
            None,
            &partner.framework_id,
            &kind.key,
            kind.severity,
            FlagSource::Manual,
            occurred_at,
            &note,
            &link,
            &raised_by,
            now,
            self.device_id,
        )?;
        let flag = get(tx, self.definitions, &id)?;
        Ok(flag)
    }

    /// [`Store::resolve_flag`] inside the writer's transaction.
    pub fn resolve_flag(&self, input: &FlagAction, now: DateTime<Utc>) -> Result<Flag> {
        let by = text::required(Field::By, &input.by, NAME_MAX)?;
        let note = text::required(Field::Note, &input.note, NOTE_MAX)?;
        let tx = self.tx;
        let flag = get(tx, self.definitions, &input.flag_id)?;
        if flag.status == FlagStatus::Resolved {
            return Err(Error::InvalidTransition {
                action: TransitionAction::ResolveFlag,
                state: TransitionState::Resolved,
            });
        }
        append_event(
            tx,
            &flag.id,
            FlagEventAction::Resolve,
            &by,
            &note,
            now,
            self.device_id,
        )?;
        let flag = get(tx, self.definitions, &flag.id)?;
        Ok(flag)
    }

    /// [`Store::override_flag`] inside the writer's transaction.
    pub fn override_flag(&self, input: &FlagAction, now: DateTime<Utc>) -> Result<Flag> {
        let by = text::required(Field::By, &input.by, NAME_MAX)?;
        if input.note.trim().is_empty() {
            return Err(Error::OverrideNeedsReason);
        }
        let reason = text::required(Field::Note, &input.note, NOTE_MAX)?;
        let tx = self.tx;
        let flag = get(tx, self.definitions, &input.flag_id)?;
        let refused = |state| Error::InvalidTransition {
            action: TransitionAction::OverrideFlag,
            state,
        };
        match flag.severity {
            Severity::Dealbreaker => {}
            Severity::Warning => return Err(refused(TransitionState::Warning)),
        }
        match flag.status {
            FlagStatus::Open => {}
            FlagStatus::Resolved => return Err(refused(TransitionState::Resolved)),
            FlagStatus::Overridden => return Err(refused(TransitionState::Overridden)),
        }
        append_event(
            tx,
            &flag.id,
            FlagEventAction::Override,
            &by,
            &reason,
            now,
            self.device_id,
        )?;
        let flag = get(tx, self.definitions, &flag.id)?;
        Ok(flag)
    }
}

#[cfg(test)]
mod tests;
