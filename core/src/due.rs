//! The reminders' pending rows in memory (issue 17): every started pilot without a debrief and
//! every partner's latest decision with a review date not yet reviewed, of live partners, sorted
//! by the date they fall due. Time only moves the line between due and not yet due, so the true
//! count of each kind is a walk of the due rows in memory (no query), and a page is a merge of
//! the two sorted sets. Exactly the SQL rules below (reminder/tests/plan.rs compares every page
//! and count with a plain scan, after writes too).
//!
//! Kept up to date like the name index (names.rs): SQLite's update hook on the writer's
//! connection leaves the rowid of every change to the five tables the rules read; after the
//! transaction each touched row's partner is read again. A deleted row (none of these tables
//! deletes, but a shared file applied could) drops the index: the next read builds it again.
//! Built on the first reminders read after open, shared by the store and its readers.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension};

use crate::supersede::CURRENT_DECISION;
use crate::Result;

/// The index, once built: one per open file, shared by the store and its readers.
pub(crate) type SharedDue = Arc<Mutex<Option<DueIndex>>>;

/// A change the update hook saw: the table (one of [`TABLES`]), whether it was a delete, the rowid.
pub(crate) type Touch = (Table, bool, i64);

/// The tables whose rows decide what is pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Partners,
    Pilots,
    Debriefs,
    Decisions,
    DecisionReviews,
}

impl Table {
    /// The table an update hook names, if the reminders read it.
    pub(crate) fn of(name: &str) -> Option<Table> {
        Some(match name {
            "partners" => Table::Partners,
            "pilots" => Table::Pilots,
            "debriefs" => Table::Debriefs,
            "decisions" => Table::Decisions,
            "decision_reviews" => Table::DecisionReviews,
            _ => return None,
        })
    }

    /// The partner of the row at ?1.
    fn partner_sql(self) -> &'static str {
        match self {
            Table::Partners => "SELECT id FROM partners WHERE rowid = ?1",
            Table::Pilots => "SELECT partner_id FROM pilots WHERE rowid = ?1",
            Table::Debriefs => "SELECT partner_id FROM debriefs WHERE rowid = ?1",
            Table::Decisions => "SELECT partner_id FROM decisions WHERE rowid = ?1",
            Table::DecisionReviews => {
                "SELECT d.partner_id FROM decision_reviews r JOIN decisions d ON d.id = r.decision_id
                 WHERE r.rowid = ?1"
            }
        }
    }
}

/// Pilots started without a debrief: a debrief is due once the end (`p.ends_at`) has passed.
/// Read through `index`: `pilots_started_by_end` (schema v5, in end order) for the whole file,
/// `pilots_by_partner` for one partner — named, because the planner otherwise walks the covering
/// `pilots_started_by_end` whole for one partner too (measured: 48 ms a save instead of 2).
pub(crate) fn debrief_pending(index: &str) -> String {
    format!(
        "FROM pilots p INDEXED BY {index}
         WHERE p.started_at IS NOT NULL AND p.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM debriefs d WHERE d.pilot_id = p.id)
           AND {}",
        crate::live_owner!("p")
    )
}

/// A partner's latest decision with a review date (`d.review_on`), not reviewed yet (schema v7):
/// due on that day. Only the latest counts: a later one (or a correction) answers the review, as
/// a recorded review does. Read through `index`: `decisions_by_review` (in date order) for the
/// whole file, `decisions_by_partner_order` (schema v5) for one partner; "latest" is a probe of
/// the latter.
pub(crate) fn review_pending(index: &str) -> String {
    format!(
        "FROM decisions d INDEXED BY {index}
         WHERE d.review_on IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM decisions later
                           WHERE later.partner_id = d.partner_id
                             AND (later.decided_at, later.id) > (d.decided_at, d.id))
           AND NOT EXISTS (SELECT 1 FROM decision_reviews r WHERE r.decision_id = d.id)
           AND {CURRENT_DECISION}
           AND {}",
        crate::live_owner!("d")
    )
}

/// Every pending row (of the partner ?1 only, if `one_partner`): the kind (0 a debrief, 1 a
/// review), the date it falls due, the pilot or decision, the partner.
fn pending_sql(one_partner: bool) -> String {
    let [pilots, decisions, pilot, decision] = if one_partner {
        [
            "pilots_by_partner",
            "decisions_by_partner_order",
            "AND p.partner_id = ?1",
            "AND d.partner_id = ?1",
        ]
    } else {
        ["pilots_started_by_end", "decisions_by_review", "", ""]
    };
    format!(
        "SELECT 0, p.ends_at, p.id, p.partner_id {} {pilot}
         UNION ALL
         SELECT 1, d.review_on, d.id, d.partner_id {} {decision}",
        debrief_pending(pilots),
        review_pending(decisions),
    )
}

/// A pending row: the date it falls due (an instant or a day: they compare as text, day first),
/// the pilot or decision, the partner.
pub(crate) type Entry = (String, String, String);

/// The pending rows of each kind, in (date, subject) order, and each partner's, to replace them.
#[derive(Debug, Default)]
pub(crate) struct DueIndex {
    pub(crate) debriefs: BTreeSet<Entry>,
    pub(crate) reviews: BTreeSet<Entry>,
    by_partner: HashMap<String, Vec<(u8, Entry)>>,
}

impl DueIndex {
    /// Every pending row of the file.
    pub(crate) fn build(conn: &Connection) -> Result<DueIndex> {
        let mut index = DueIndex::default();
        for (kind, entry) in read(conn, &pending_sql(false), [])? {
            index.insert(kind, entry);
        }
        Ok(index)
    }

    fn insert(&mut self, kind: u8, entry: Entry) {
        let set = if kind == 0 {
            &mut self.debriefs
        } else {
            &mut self.reviews
        };
        set.insert(entry.clone());
        self.by_partner
            .entry(entry.2.clone())
            .or_default()
            .push((kind, entry));
    }

    /// After a transaction: the partners of the touched rows read again. `Ok(false)`: a row was
    /// deleted, so its partner is unknown — the caller drops the index.
    pub(crate) fn refresh(&mut self, conn: &Connection, touched: &[Touch]) -> Result<bool> {
        let mut partners = BTreeSet::new();
        for &(table, deleted, rowid) in touched {
            if deleted {
                return Ok(false);
            }
            // A row inserted then rolled back is gone, and so is what it would have changed.
            let partner: Option<String> = conn
                .prepare_cached(table.partner_sql())?
                .query_row([rowid], |r| r.get(0))
                .optional()?;
            partners.extend(partner);
        }
        let sql = pending_sql(true);
        for partner in partners {
            for (kind, entry) in self.by_partner.remove(&partner).unwrap_or_default() {
                if kind == 0 {
                    self.debriefs.remove(&entry);
                } else {
                    self.reviews.remove(&entry);
                }
            }
            for (kind, entry) in read(conn, &sql, [&partner])? {
                self.insert(kind, entry);
            }
        }
        Ok(true)
    }
}

fn read(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<(u8, Entry)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| {
        Ok((r.get::<_, u8>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
