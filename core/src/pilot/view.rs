//! Loading a pilot and rendering it: rows → [`Pilot`], instants in the zones asked for.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};

use super::{
    pilot_gate, Approval, ApprovalTurnaround, Deliverable, Hypothesis, Metric, Pilot, PilotQuery,
    RevisionCounter, RevisionRound, Roles, Verdict,
};
use crate::flag;
use crate::framework::Definitions;
use crate::money::{self, Money};
use crate::partner::{self, validate_time_zone, Partner};
use crate::sql::stored_instant;
use crate::store::Store;
use crate::zones::{in_zones, is_late};
use crate::{Error, Result};

/// The raw pilot row.
pub(super) struct Row {
    pub(super) id: String,
    pub(super) partner_id: String,
    pub(super) framework_id: String,
    pub(super) campaign_no: u32,
    pub(super) creators: u32,
    pub(super) deliverables: u32,
    pub(super) starts_at: String,
    pub(super) ends_at: String,
    pub(super) revision_limit: u32,
    pub(super) payment_minor: i64,
    pub(super) currency: String,
    pub(super) roles: Roles,
    pub(super) rhythm: String,
    pub(super) metrics_agreed_at: Option<String>,
    pub(super) metrics_agreed_by: Option<String>,
    pub(super) started_at: Option<String>,
}

pub(super) fn row(conn: &Connection, id: &str) -> Result<Row> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, partner_id, framework_id, campaign_no, creators, deliverables, starts_at,
             ends_at, revision_limit, payment_minor, currency, feedback_owner, creator_relations,
             final_approval, escalation_path, rhythm, metrics_agreed_at, metrics_agreed_by,
             started_at
         FROM pilots WHERE id = ?1 AND deleted_at IS NULL",
    )?;
    stmt.query_row([id], |r| {
        Ok(Row {
            id: r.get(0)?,
            partner_id: r.get(1)?,
            framework_id: r.get(2)?,
            campaign_no: r.get(3)?,
            creators: r.get(4)?,
            deliverables: r.get(5)?,
            starts_at: r.get(6)?,
            ends_at: r.get(7)?,
            revision_limit: r.get(8)?,
            payment_minor: r.get(9)?,
            currency: r.get(10)?,
            roles: Roles {
                creative_feedback_owner: r.get(11)?,
                creator_relations: r.get(12)?,
                final_approval: r.get(13)?,
                escalation_path: r.get(14)?,
            },
            rhythm: r.get(15)?,
            metrics_agreed_at: r.get(16)?,
            metrics_agreed_by: r.get(17)?,
            started_at: r.get(18)?,
        })
    })
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "pilot",
        id: id.to_owned(),
    })
}

pub(crate) fn is_debriefed(conn: &Connection, pilot_id: &str) -> Result<bool> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM debriefs WHERE pilot_id = ?1")?;
    Ok(stmt.exists([pilot_id])?)
}

/// Pilot ids of a partner, oldest first.
pub(crate) fn ids_of_partner(conn: &Connection, partner_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM pilots WHERE partner_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([partner_id], |r| r.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn metrics_of(conn: &Connection, pilot_id: &str) -> Result<Vec<Metric>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, market_code, name, unit, currency, target, actual FROM pilot_metrics
         WHERE pilot_id = ?1 AND deleted_at IS NULL ORDER BY position",
    )?;
    let rows = stmt.query_map([pilot_id], |r| {
        let target: f64 = r.get(5)?;
        let actual: Option<f64> = r.get(6)?;
        Ok(Metric {
            id: r.get(0)?,
            market: r.get(1)?,
            name: r.get(2)?,
            unit: r.get(3)?,
            currency: r.get(4)?,
            target,
            actual,
            met: actual.map(|a| a >= target),
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

fn hypotheses_of(conn: &Connection, pilot_id: &str) -> Result<Vec<Hypothesis>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, text FROM pilot_hypotheses WHERE pilot_id = ?1 AND deleted_at IS NULL
         ORDER BY position",
    )?;
    let rows = stmt.query_map([pilot_id], |r| {
        Ok(Hypothesis {
            id: r.get(0)?,
            text: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Raw deliverable rows: (id, title, market, due, delivered, notice, verdict, note).
pub(super) type DeliverableRow = (
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    bool,
    Option<Verdict>,
    String,
);

pub(super) fn deliverable_rows(conn: &Connection, pilot_id: &str) -> Result<Vec<DeliverableRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, market_code, due_at, delivered_at, notice_given, verdict, note
         FROM deliverables WHERE pilot_id = ?1 AND deleted_at IS NULL ORDER BY due_at, id",
    )?;
    let rows = stmt.query_map([pilot_id], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

fn approvals_of(
    conn: &Connection,
    pilot_id: &str,
    zones: &[Tz],
) -> Result<Vec<ApprovalTurnaround>> {
    let mut stmt = conn.prepare_cached(
        "SELECT market_code, requested_at, approved_at, note FROM approvals WHERE pilot_id = ?1
         ORDER BY market_code, requested_at, id",
    )?;
    let rows = stmt
        .query_map([pilot_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let mut out: Vec<ApprovalTurnaround> = Vec::new();
    let mut sums: Vec<f64> = Vec::new();
    for (market, requested, approved, note) in rows {
        let requested = stored_instant("approvals", "requested_at", &requested)?;
        let approved = stored_instant("approvals", "approved_at", &approved)?;
        let hours = (approved - requested).num_minutes() as f64 / 60.0;
        let entry = Approval {
            requested: in_zones(requested, zones),
            approved: in_zones(approved, zones),
            hours,
            note,
        };
        match out.iter().position(|a| a.market == market) {
            Some(i) => {
                out[i].approvals += 1;
                sums[i] += hours;
                out[i].longest_hours = out[i].longest_hours.max(hours);
                out[i].entries.push(entry);
            }
            None => {
                out.push(ApprovalTurnaround {
                    market,
                    approvals: 1,
                    average_hours: 0.0,
                    longest_hours: hours,
                    entries: vec![entry],
                });
                sums.push(hours);
            }
        }
    }
    for (a, sum) in out.iter_mut().zip(sums) {
        a.average_hours = sum / f64::from(a.approvals);
    }
    Ok(out)
}

/// A pilot's revision rounds, oldest first, with their notes.
fn revision_rounds_of(
    conn: &Connection,
    pilot_id: &str,
    zones: &[Tz],
) -> Result<Vec<RevisionRound>> {
    let mut stmt = conn.prepare_cached(
        "SELECT market_code, note, at FROM revision_rounds WHERE pilot_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt
        .query_map([pilot_id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(market, note, at)| {
            Ok(RevisionRound {
                market,
                note,
                at: in_zones(stored_instant("revision_rounds", "at", &at)?, zones),
            })
        })
        .collect()
}

/// The whole pilot, with instants rendered in `zones`.
pub(crate) fn load(
    conn: &Connection,
    defs: &Definitions,
    id: &str,
    zones: &[Tz],
    now: DateTime<Utc>,
) -> Result<Pilot> {
    let live = flag::live_dealbreaker(conn, &row(conn, id)?.partner_id)?.is_some();
    load_given(conn, defs, id, zones, live, now)
}

/// [`load`], its gate judged on `live_dealbreaker` as the caller read it (the dossier's facts).
pub(crate) fn load_given(
    conn: &Connection,
    defs: &Definitions,
    id: &str,
    zones: &[Tz],
    live_dealbreaker: bool,
    now: DateTime<Utc>,
) -> Result<Pilot> {
    let r = row(conn, id)?;
    let rounds = revision_rounds_of(conn, id, zones)?;
    let revisions_used = rounds.len() as u32;
    let mut deliverables = Vec::new();
    let mut verdicts = Vec::new();
    let def = defs.get(conn, &r.framework_id)?;
    let partner_markets = partner::markets_of(conn, &r.partner_id)?;
    for (did, title, market, due, delivered, notice_given, verdict, note) in
        deliverable_rows(conn, id)?
    {
        let due_at = stored_instant("deliverables", "due_at", &due)?;
        let delivered_at = delivered
            .as_deref()
            .map(|d| stored_instant("deliverables", "delivered_at", d))
            .transpose()?;
        verdicts.push(verdict);
        let compliance = super::compliance::of_deliverable(
            conn,
            &def,
            &partner_markets,
            &did,
            market.as_deref(),
            zones,
        )?;
        deliverables.push(Deliverable {
            compliance,
            id: did,
            title,
            market,
            due: in_zones(due_at, zones),
            delivered: delivered_at.map(|d| in_zones(d, zones)),
            notice_given,
            verdict,
            late: delivered_at.is_some_and(|d| is_late(due_at, d)),
            overdue: crate::dates::is_overdue(due_at, delivered_at.is_some(), now),
            note,
        });
    }
    let agreed = r
        .metrics_agreed_at
        .as_deref()
        .map(|t| stored_instant("pilots", "metrics_agreed_at", t))
        .transpose()?;
    let started = r
        .started_at
        .as_deref()
        .map(|t| stored_instant("pilots", "started_at", t))
        .transpose()?;
    let gate = pilot_gate(agreed, started, live_dealbreaker, &verdicts);
    Ok(Pilot {
        metrics: metrics_of(conn, id)?,
        hypotheses: hypotheses_of(conn, id)?,
        approvals: approvals_of(conn, id, zones)?,
        debriefed: is_debriefed(conn, id)?,
        starts_at: in_zones(stored_instant("pilots", "starts_at", &r.starts_at)?, zones),
        ends_at: in_zones(stored_instant("pilots", "ends_at", &r.ends_at)?, zones),
        revisions: RevisionCounter {
            used: revisions_used,
            limit: r.revision_limit,
            over_limit: revisions_used > r.revision_limit,
            rounds,
        },
        payment: Money {
            amount: money::format_minor(r.payment_minor),
            currency: r.currency,
        },
        deliverables,
        gate,
        id: r.id,
        partner_id: r.partner_id,
        framework_id: r.framework_id,
        campaign_no: r.campaign_no,
        creators: r.creators,
        deliverables_planned: r.deliverables,
        revision_limit: r.revision_limit,
        roles: r.roles,
        rhythm: r.rhythm,
        metrics_agreed_at: r.metrics_agreed_at,
        metrics_agreed_by: r.metrics_agreed_by,
        started_at: r.started_at,
    })
}

fn partner_zone(partner: &Partner) -> Result<Tz> {
    validate_time_zone(&partner.home_time_zone)
}

/// A write's `viewerTimeZone`, checked as [`PilotQuery`]'s is.
pub(super) fn viewer_zone(name: Option<&str>) -> Result<Option<Tz>> {
    name.map(validate_time_zone).transpose()
}

/// The pilot as the tracker shows it: instants in the viewer's zone first (when there is one),
/// then the partner's. The one answer of [`Store::pilot`] and of every pilot write, which calls it
/// last, inside its own transaction.
pub(super) fn view(
    conn: &Connection,
    defs: &Definitions,
    pilot_id: &str,
    viewer: Option<Tz>,
    now: DateTime<Utc>,
) -> Result<Pilot> {
    let r = row(conn, pilot_id)?;
    let partner = partner::get(conn, &r.partner_id)?;
    load(conn, defs, &r.id, &zones_for(viewer, &partner)?, now)
}

/// The zones a pilot's instants are shown in: the viewer's first (when there is one), then the
/// partner's.
pub(super) fn zones_for(viewer: Option<Tz>, partner: &Partner) -> Result<Vec<Tz>> {
    Ok(viewer.into_iter().chain([partner_zone(partner)?]).collect())
}

impl Store {
    /// The pilot tracker: instants in the viewer's zone first, then the partner's.
    /// The pilot as the tracker shows it at `now` (what is overdue).
    pub fn pilot(&self, query: &PilotQuery, now: DateTime<Utc>) -> Result<Pilot> {
        let viewer = validate_time_zone(&query.viewer_time_zone)?;
        view(
            &self.conn,
            &self.definitions,
            &query.pilot_id,
            Some(viewer),
            now,
        )
    }
}
