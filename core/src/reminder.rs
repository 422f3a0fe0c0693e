//! Reminders inside the app: pilots past their end without a debrief, decisions whose review
//! date has come, and usage rights ending within 14 days. Read-only; `now` and the viewer's zone
//! are passed in. Paged, with the true count of each kind: never a silent cap. The first two
//! kinds come from the pending rows kept in memory (due.rs), so counting them reads nothing.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::due::{DueIndex, Entry};
use crate::error::{Error, Field};
use crate::ids::format_instant;
use crate::names::lock;
use crate::partner::{validate_time_zone, PAGE_DEFAULT, PAGE_MAX};
use crate::pilot::USAGE_RIGHTS_REMINDER_DAYS;
use crate::store::{read_tx, Store};
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

/// A deliverable's latest usage rights ending from today to [`USAGE_RIGHTS_REMINDER_DAYS`] days
/// on, in a pilot of a live partner. ?1 = today.
fn usage_rights_ending() -> String {
    format!(
        "FROM usage_rights u
     JOIN deliverables dl ON dl.id = u.deliverable_id AND dl.deleted_at IS NULL
     JOIN pilots p ON p.id = dl.pilot_id AND p.deleted_at IS NULL
     JOIN partners pa ON pa.id = p.partner_id AND {}
     WHERE u.ends_on >= ?1 AND u.ends_on <= date(?1, '+{USAGE_RIGHTS_REMINDER_DAYS} days')
       AND NOT EXISTS (SELECT 1 FROM usage_rights later
                       WHERE later.deliverable_id = u.deliverable_id
                         AND (later.at, later.id) > (u.at, u.id))",
        crate::live_partner!("pa")
    )
}

/// Usage rights ending, oldest first: (since, deliverable, partner). Few (a 15-day window of
/// `usage_rights_ends`), so read whole for the count and the merge.
fn usage_rights(conn: &Connection, today: &str) -> Result<Vec<Entry>> {
    let sql = format!(
        "SELECT u.ends_on AS since, u.deliverable_id AS subject, p.partner_id {}
         ORDER BY since, subject",
        usage_rights_ending()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([today], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// What is due of each kind, each in (since, subject) order.
struct Due<'a> {
    debriefs: Vec<&'a Entry>,
    reviews: Vec<&'a Entry>,
    usage_rights: Vec<Entry>,
}

impl Due<'_> {
    /// One page of `kind` (or every kind), the oldest first: the three sorted lists merged (an
    /// end instant and a review date compare by their day first, which plain text order of
    /// "YYYY-MM-DD…" already does).
    fn page(
        &self,
        kind: Option<ReminderKind>,
        limit: u32,
        offset: u32,
    ) -> Vec<(ReminderKind, &Entry)> {
        let lists = [
            (ReminderKind::DebriefDue, self.debriefs.clone()),
            (ReminderKind::ReviewDue, self.reviews.clone()),
            (
                ReminderKind::UsageRightsEnding,
                self.usage_rights.iter().collect(),
            ),
        ];
        let mut heads: Vec<_> = lists
            .into_iter()
            .filter(|(k, _)| kind.is_none_or(|wanted| wanted == *k))
            .map(|(k, list)| (k, list.into_iter().peekable()))
            .collect();
        let mut out = Vec::new();
        let wanted = (offset + limit) as usize;
        while out.len() < wanted {
            let next = heads
                .iter_mut()
                .filter_map(|(k, list)| list.peek().map(|e| (*k, *e)))
                .min_by(|a, b| (&a.1 .0, &a.1 .1).cmp(&(&b.1 .0, &b.1 .1)));
            let Some((k, entry)) = next else { break };
            if let Some((_, list)) = heads.iter_mut().find(|(hk, _)| *hk == k) {
                list.next();
            }
            out.push((k, entry));
        }
        out.split_off((offset as usize).min(out.len()))
    }
}

/// The names of a page's partners, read for the page's rows only.
fn with_names(conn: &Connection, page: Vec<(ReminderKind, &Entry)>) -> Result<Vec<Reminder>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM partners WHERE id = ?1")?;
    page.into_iter()
        .map(|(kind, (since, subject, partner))| {
            Ok(Reminder {
                kind,
                partner_id: partner.clone(),
                partner_name: stmt.query_row([partner], |r| r.get(0))?,
                since: since.clone(),
                subject_id: subject.clone(),
            })
        })
        .collect()
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
        let mut shared = lock(&self.due);
        let touched = std::mem::take(&mut *lock(&self.due_touched));
        // A refresh that fails or meets a deleted row: the index is built again from the file.
        if let Some(index) = shared.as_mut() {
            if !index.refresh(&self.conn, &touched).unwrap_or(false) {
                *shared = None;
            }
        }
        let index = match shared.as_mut() {
            Some(index) => index,
            None => shared.insert(DueIndex::build(&self.conn)?),
        };
        let tx = read_tx(&self.conn)?;
        let conn: &Connection = &tx;
        let due = Due {
            debriefs: (index.debriefs.iter()).take_while(|e| e.0 < now).collect(),
            reviews: (index.reviews.iter())
                .take_while(|e| e.0 <= today)
                .collect(),
            usage_rights: usage_rights(conn, &today)?,
        };
        let items = with_names(conn, due.page(query.kind, limit, query.offset))?;
        tx.commit()?;
        let [debriefs_due, reviews_due, usage_rights_ending] = [
            due.debriefs.len(),
            due.reviews.len(),
            due.usage_rights.len(),
        ]
        .map(|n| n as u32);
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
