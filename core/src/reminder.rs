//! Reminders inside the app: pilots past their end without a debrief, and decisions whose review
//! date has come. Read-only; `now` and the viewer's zone are passed in.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::ids::format_instant;
use crate::partner::validate_time_zone;
use crate::store::Store;
use crate::supersede::CURRENT_DECISION;
use crate::Result;

crate::text_enum! {
    pub enum ReminderKind {
        /// A started pilot whose end has passed and that has no debrief.
        DebriefDue = "debrief_due",
        /// A partner's latest decision has a review date that is today or earlier.
        ReviewDue = "review_due",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub kind: ReminderKind,
    pub partner_id: String,
    pub partner_name: String,
    /// The pilot's end instant (debrief due) or the decision's review date `YYYY-MM-DD`.
    pub since: String,
    /// The pilot or the decision concerned.
    pub subject_id: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReminderQuery {
    /// The viewer's IANA zone: "today" for review dates is the viewer's calendar date.
    pub viewer_time_zone: String,
}

/// At most this many reminders of each kind are returned, oldest first.
pub const REMINDERS_MAX: u32 = 50;

fn debriefs_due(conn: &Connection, now: &str) -> Result<Vec<Reminder>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.ends_at, pa.id, pa.name FROM pilots p
         JOIN partners pa ON pa.id = p.partner_id AND pa.deleted_at IS NULL
         WHERE p.started_at IS NOT NULL AND p.ends_at < ?1
           AND NOT EXISTS (SELECT 1 FROM debriefs d WHERE d.pilot_id = p.id)
         ORDER BY p.ends_at LIMIT ?2",
    )?;
    let rows = stmt.query_map((now, REMINDERS_MAX), |r| {
        Ok(Reminder {
            kind: ReminderKind::DebriefDue,
            subject_id: r.get(0)?,
            since: r.get(1)?,
            partner_id: r.get(2)?,
            partner_name: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

fn reviews_due(conn: &Connection, today: &str) -> Result<Vec<Reminder>> {
    // Only a partner's latest decision counts: a later one (or a correction) answers the review.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.id, d.review_on, pa.id, pa.name FROM decisions d
         JOIN partners pa ON pa.id = d.partner_id AND pa.deleted_at IS NULL
         WHERE d.review_on IS NOT NULL AND d.review_on <= ?1
           AND NOT EXISTS (SELECT 1 FROM decisions later
                           WHERE later.partner_id = d.partner_id
                             AND (later.decided_at, later.id) > (d.decided_at, d.id))
           AND {CURRENT_DECISION}
         ORDER BY d.review_on LIMIT ?2"
    ))?;
    let rows = stmt.query_map((today, REMINDERS_MAX), |r| {
        Ok(Reminder {
            kind: ReminderKind::ReviewDue,
            subject_id: r.get(0)?,
            since: r.get(1)?,
            partner_id: r.get(2)?,
            partner_name: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

impl Store {
    /// What needs attention now: debriefs due, then reviews due.
    pub fn reminders(&self, query: &ReminderQuery, now: DateTime<Utc>) -> Result<Vec<Reminder>> {
        let zone = validate_time_zone(&query.viewer_time_zone)?;
        let today = now.with_timezone(&zone).format("%Y-%m-%d").to_string();
        let mut all = debriefs_due(&self.conn, &format_instant(now))?;
        all.extend(reviews_due(&self.conn, &today)?);
        Ok(all)
    }
}

#[cfg(test)]
mod tests;
