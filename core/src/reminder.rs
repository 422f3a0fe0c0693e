//! Reminders inside the app: pilots past their end without a debrief, decisions whose review
//! date has come, and usage rights ending within 14 days. Read-only; `now` and the viewer's zone are passed in. Paged, with the true
//! count of each kind: never a silent cap.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Field};
use crate::ids::format_instant;
use crate::partner::{validate_time_zone, PAGE_DEFAULT, PAGE_MAX};
use crate::pilot::USAGE_RIGHTS_REMINDER_DAYS;
use crate::store::{read_tx, Store};
use crate::supersede::CURRENT_DECISION;
use crate::Result;

crate::text_enum! {
    pub enum ReminderKind {
        /// A started pilot whose end has passed and that has no debrief.
        DebriefDue = "debrief_due",
        /// A partner's latest decision has a review date that is today or earlier.
        ReviewDue = "review_due",
        /// A deliverable's usage rights end within 14 days (today included).
        UsageRightsEnding = "usage_rights_ending",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub kind: ReminderKind,
    pub partner_id: String,
    pub partner_name: String,
    /// The pilot's end instant (debrief due), the decision's review date or the usage rights'
    /// end date (`YYYY-MM-DD`).
    pub since: String,
    /// The pilot, the decision or the deliverable concerned.
    pub subject_id: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReminderQuery {
    /// The viewer's IANA zone: "today" for review dates is the viewer's calendar date.
    pub viewer_time_zone: String,
    /// Only this kind; absent means every kind.
    #[serde(default)]
    pub kind: Option<ReminderKind>,
    #[serde(default)]
    pub offset: u32,
    /// 1–200; absent means 50.
    #[serde(default)]
    pub limit: Option<u32>,
}

/// One page of reminders, the most urgent (the oldest) first, with the true counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReminderPage {
    pub items: Vec<Reminder>,
    /// Reminders matching the query (its kind, or both), across all pages.
    pub total: u32,
    pub offset: u32,
    /// Every reminder of each kind, whatever the query's kind.
    pub debriefs_due: u32,
    pub reviews_due: u32,
    pub usage_rights_ending: u32,
}

/// The partner of the row aliased `x` is not deleted (it exists: a foreign key), answered from
/// `partners_deleted` (schema v4), which holds only deleted partners: a probe that finds nothing
/// reads no row. Named, because the planner otherwise takes the primary key and reads every
/// (large) partner row to check `deleted_at` (6.3 against 0.9 ms for 10k decisions).
macro_rules! live_partner {
    ($x:literal) => {
        concat!(
            "NOT EXISTS (SELECT 1 FROM partners gone INDEXED BY partners_deleted
                         WHERE gone.id = ",
            $x,
            ".partner_id AND gone.deleted_at IS NOT NULL)"
        )
    };
}

/// Pilots started, past their end, without a debrief. ?1 = now. Walks `pilots_started_by_end`
/// (schema v4) in end order.
const DEBRIEF_DUE: &str = concat!(
    "FROM pilots p
     WHERE p.started_at IS NOT NULL AND p.ends_at < ?1
       AND NOT EXISTS (SELECT 1 FROM debriefs d WHERE d.pilot_id = p.id)
       AND ",
    live_partner!("p")
);

/// A partner's latest decision, its review date today or earlier, not reviewed yet (schema v7).
/// ?2 = today. Only the latest counts: a later one (or a correction) answers the review, as a
/// recorded review does. Walks `decisions_by_review` in
/// date order; "latest" is a probe of `decisions_by_partner_order` (schema v4).
fn review_due() -> String {
    format!(
        "FROM decisions d
         WHERE d.review_on IS NOT NULL AND d.review_on <= ?2
           AND NOT EXISTS (SELECT 1 FROM decisions later
                           WHERE later.partner_id = d.partner_id
                             AND (later.decided_at, later.id) > (d.decided_at, d.id))
           AND NOT EXISTS (SELECT 1 FROM decision_reviews r WHERE r.decision_id = d.id)
           AND {CURRENT_DECISION}
           AND {}",
        live_partner!("d")
    )
}

/// A deliverable's latest usage rights ending from today to [`USAGE_RIGHTS_REMINDER_DAYS`] days
/// on, in a pilot of a live partner. ?2 = today.
fn usage_rights_ending() -> String {
    format!(
        "FROM usage_rights u
     JOIN deliverables dl ON dl.id = u.deliverable_id AND dl.deleted_at IS NULL
     JOIN pilots p ON p.id = dl.pilot_id AND p.deleted_at IS NULL
     JOIN partners pa ON pa.id = p.partner_id AND pa.deleted_at IS NULL
     WHERE u.ends_on >= ?2 AND u.ends_on <= date(?2, '+{USAGE_RIGHTS_REMINDER_DAYS} days')
       AND NOT EXISTS (SELECT 1 FROM usage_rights later
                       WHERE later.deliverable_id = u.deliverable_id
                         AND (later.at, later.id) > (u.at, u.id))"
    )
}

/// The true count of each kind: (debriefs due, reviews due, usage rights ending).
type Counts = (u32, u32, u32);

/// Both counts, each an index walk over what is due (never a scan of every row).
fn counts(conn: &Connection, now: &str, today: &str) -> Result<Counts> {
    let sql = format!(
        "SELECT (SELECT count(*) {DEBRIEF_DUE}), (SELECT count(*) {}),
                (SELECT count(*) {})",
        review_due(),
        usage_rights_ending()
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row((now, today), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

/// One page of `kind` (or both), the oldest first. Each kind is read in `since` order from its
/// index and the two are merged (no sort of everything due): an end instant and a review date
/// compare by their day first, which plain text order of "YYYY-MM-DD…" already does.
fn page(
    conn: &Connection,
    kind: Option<ReminderKind>,
    (now, today): (&str, &str),
    (limit, offset): (u32, u32),
) -> Result<Vec<Reminder>> {
    // The names are read for the page's rows only, not for every row the walk passes.
    let sql = format!(
        "WITH page AS MATERIALIZED (
             SELECT 'debrief_due' AS kind, p.id AS subject, p.ends_at AS since, p.partner_id AS partner
             {DEBRIEF_DUE} AND (?5 IS NULL OR ?5 = 'debrief_due')
             UNION ALL
             SELECT 'review_due', d.id, d.review_on, d.partner_id
             {} AND (?5 IS NULL OR ?5 = 'review_due')
             UNION ALL
             SELECT 'usage_rights_ending', u.deliverable_id, u.ends_on, p.partner_id
             {} AND (?5 IS NULL OR ?5 = 'usage_rights_ending')
             ORDER BY since, subject LIMIT ?3 OFFSET ?4)
         SELECT kind, subject, since, partner, (SELECT name FROM partners WHERE id = partner)
         FROM page ORDER BY since, subject",
        review_due(),
        usage_rights_ending()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        (now, today, limit, offset, kind.map(ReminderKind::as_str)),
        row_to_reminder,
    )?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A row of (kind, subject, since, partner, name).
fn row_to_reminder(r: &rusqlite::Row<'_>) -> rusqlite::Result<Reminder> {
    Ok(Reminder {
        kind: r.get(0)?,
        subject_id: r.get(1)?,
        since: r.get(2)?,
        partner_id: r.get(3)?,
        partner_name: r.get(4)?,
    })
}

impl Store {
    /// What needs attention now, one page at a time, the oldest first, with the true totals.
    pub fn reminders(&self, query: &ReminderQuery, now: DateTime<Utc>) -> Result<ReminderPage> {
        let zone = validate_time_zone(&query.viewer_time_zone)?;
        let limit = query.limit.unwrap_or(PAGE_DEFAULT);
        if !(1..=PAGE_MAX).contains(&limit) {
            return Err(Error::LimitOutOfRange {
                field: Field::Limit,
                min: 1,
                max: PAGE_MAX,
            });
        }
        let today = now.with_timezone(&zone).format("%Y-%m-%d").to_string();
        let now = format_instant(now);
        let tx = read_tx(&self.conn)?;
        let conn: &Connection = &tx;
        let items = page(conn, query.kind, (&now, &today), (limit, query.offset))?;
        let (debriefs_due, reviews_due, usage_rights_ending) = counts(conn, &now, &today)?;
        tx.commit()?;
        let total = match query.kind {
            None => debriefs_due + reviews_due + usage_rights_ending,
            Some(ReminderKind::DebriefDue) => debriefs_due,
            Some(ReminderKind::ReviewDue) => reviews_due,
            Some(ReminderKind::UsageRightsEnding) => usage_rights_ending,
        };
        Ok(ReminderPage {
            items,
            total,
            offset: query.offset,
            debriefs_due,
            reviews_due,
            usage_rights_ending,
        })
    }
}

#[cfg(test)]
mod tests;
