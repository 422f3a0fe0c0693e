//! Which rows this store's connection changed, for reads that keep results per partner (Insights):
//! SQLite's update hook leaves each changed row of a table that feeds them; the commit hook moves a
//! transaction's rows to the committed list (a rollback drops them), so a reader that sees a new
//! commit finds every row of it here. A read then asks which partners own those rows and reads
//! again only theirs. Shared with the store's readers, as the name index is.
//!
//! SQLite calls the commit hook before it writes the commit: until the transaction has ended (the
//! writer says so, `settle`), a reader may take a snapshot without it. So the position a reader
//! takes stops before the first commit not yet settled: such a commit is read again, never missed.
//!
//! What the hook cannot see is logged as "everything": a change to a framework, and a pass of
//! sharing's apply (its changeset may touch `partner_markets`, a WITHOUT ROWID table the hook does
//! not report). A reader opened on its own (no writer logging beside it) knows nothing and reads
//! everything again after any commit.

use std::sync::{Arc, Mutex};

/// A table whose rows feed per-partner results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Table {
    Partners,
    Pilots,
    Deliverables,
    RevisionRounds,
    Flags,
    FlagEvents,
    Scorecards,
    Debriefs,
    Decisions,
    DecisionReviews,
}

/// What a committed change was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Touched {
    Row(Table, i64),
    /// Something the rows do not say: every partner may have changed.
    Everything,
}

impl Table {
    /// The table of `name`, or what a change to it means.
    fn of(name: &str) -> Option<Touched> {
        let table = match name {
            "partners" => Table::Partners,
            "pilots" => Table::Pilots,
            "deliverables" => Table::Deliverables,
            "revision_rounds" => Table::RevisionRounds,
            "flags" => Table::Flags,
            "flag_events" => Table::FlagEvents,
            "scorecards" => Table::Scorecards,
            "debriefs" => Table::Debriefs,
            "decisions" => Table::Decisions,
            "decision_reviews" => Table::DecisionReviews,
            // Partners are scored by their framework's version.
            "frameworks" => return Some(Touched::Everything),
            _ => return None,
        };
        Some(Touched::Row(table, 0))
    }

    /// The SQL that reads (rowid, partner id) of this table's rows whose rowids are the JSON
    /// array `?1`.
    pub(crate) fn owners_sql(self) -> &'static str {
        match self {
            Table::Partners => {
                "SELECT rowid, id FROM partners WHERE rowid IN (SELECT value FROM json_each(?1))"
            }
            Table::Pilots => {
                "SELECT rowid, partner_id FROM pilots
                 WHERE rowid IN (SELECT value FROM json_each(?1))"
            }
            Table::Deliverables => {
                "SELECT d.rowid, p.partner_id FROM deliverables d JOIN pilots p ON p.id = d.pilot_id
                 WHERE d.rowid IN (SELECT value FROM json_each(?1))"
            }
            Table::RevisionRounds => {
                "SELECT r.rowid, p.partner_id FROM revision_rounds r JOIN pilots p ON p.id = r.pilot_id
                 WHERE r.rowid IN (SELECT value FROM json_each(?1))"
            }
            Table::Flags => {
                "SELECT rowid, partner_id FROM flags WHERE rowid IN (SELECT value FROM json_each(?1))"
            }
            Table::FlagEvents => {
                "SELECT e.rowid, f.partner_id FROM flag_events e JOIN flags f ON f.id = e.flag_id
                 WHERE e.rowid IN (SELECT value FROM json_each(?1))"
            }
            Table::Scorecards => {
                "SELECT rowid, partner_id FROM scorecards
                 WHERE rowid IN (SELECT value FROM json_each(?1))"
            }
            Table::Debriefs => {
                "SELECT rowid, partner_id FROM debriefs
                 WHERE rowid IN (SELECT value FROM json_each(?1))"
            }
            Table::Decisions => {
                "SELECT rowid, partner_id FROM decisions
                 WHERE rowid IN (SELECT value FROM json_each(?1))"
            }
            Table::DecisionReviews => {
                "SELECT r.rowid, d.partner_id FROM decision_reviews r
                 JOIN decisions d ON d.id = r.decision_id
                 WHERE r.rowid IN (SELECT value FROM json_each(?1))"
            }
        }
    }
}

/// The most committed changes kept: a reader further behind reads everything again (a bulk
/// import changes more rows than reading again costs).
const KEPT: usize = 20_000;

/// The rows changed through the writer's connection (see the module's text).
#[derive(Debug, Default)]
pub(crate) struct ChangeLog {
    /// A writer logs here: without one, nothing is known.
    live: bool,
    /// While above 0, each commit is logged as everything (`Store::unlogged`).
    unlogged: u32,
    /// The open transaction's rows.
    pending: Vec<Touched>,
    committed: Vec<Touched>,
    /// The position of `committed[0]`: positions only grow.
    start: u64,
    /// Where the commits not yet known to be in the file begin (see the module's text).
    unsettled: Option<u64>,
}

pub(crate) type SharedChanges = Arc<Mutex<ChangeLog>>;

impl ChangeLog {
    /// The position after the last change a new snapshot is sure to hold: after the last
    /// committed one, or before the first commit not yet settled; `None` when nothing is logged.
    pub(crate) fn end(&self) -> Option<u64> {
        self.live.then_some(
            self.unsettled
                .unwrap_or(self.start + self.committed.len() as u64),
        )
    }

    /// Every commit so far has ended: it is in the file for any new snapshot.
    pub(crate) fn settle(&mut self) {
        self.unsettled = None;
    }

    /// The rows committed since position `from`, by table; `None` when they are not known (no
    /// writer logs, some were forgotten, or everything may have changed).
    pub(crate) fn since(&self, from: u64) -> Option<Vec<(Table, Vec<i64>)>> {
        if !self.live || from < self.start {
            return None;
        }
        let skip = usize::try_from(from - self.start).ok()?;
        let mut out: Vec<(Table, Vec<i64>)> = Vec::new();
        for t in self.committed.get(skip..)? {
            let Touched::Row(table, rowid) = *t else {
                return None;
            };
            match out.iter_mut().find(|(x, _)| *x == table) {
                Some((_, rows)) => rows.push(rowid),
                None => out.push((table, vec![rowid])),
            }
        }
        for (_, rows) in &mut out {
            rows.sort_unstable();
            rows.dedup();
        }
        Some(out)
    }

    /// The update hook: a row of `table` in database `db` changed (only the file's own tables
    /// count: sharing's snapshot fills an attached one).
    pub(crate) fn touched(&mut self, db: &str, table: &str, rowid: i64) {
        // A change of a new transaction on the writer's connection: its commits before have ended.
        self.settle();
        if db != "main" {
            return;
        }
        match Table::of(table) {
            Some(Touched::Row(table, _)) => self.pending.push(Touched::Row(table, rowid)),
            Some(Touched::Everything) => self.pending.push(Touched::Everything),
            None => {}
        }
        // A bulk write: more rows than reading everything again costs.
        if self.pending.len() > KEPT {
            self.pending.clear();
            self.pending.push(Touched::Everything);
        }
    }

    /// The commit hook: the open transaction's rows are committed.
    pub(crate) fn commit(&mut self) {
        // SQLite writes the commit after this hook returns.
        self.unsettled
            .get_or_insert(self.start + self.committed.len() as u64);
        if self.unlogged > 0 || self.pending.contains(&Touched::Everything) {
            self.pending.clear();
            self.committed.push(Touched::Everything);
        } else {
            self.committed.append(&mut self.pending);
        }
        if self.committed.len() > KEPT {
            let drop = self.committed.len() - KEPT / 2;
            self.committed.drain(..drop);
            self.start += drop as u64;
        }
    }

    /// The rollback hook: the open transaction's rows were not written.
    pub(crate) fn rollback(&mut self) {
        self.pending.clear();
    }
}

/// Registers the hooks that log `conn`'s changes into `log` (SQLite keeps one update hook per
/// connection, so it also leaves the changed rowids of `partners` in `names` for the name index,
/// and the changes the reminders read in `due` for their pending rows, due.rs).
pub(crate) fn log_changes(
    conn: &mut rusqlite::Connection,
    log: &SharedChanges,
    names: &Arc<Mutex<Vec<i64>>>,
    due: &Arc<Mutex<Vec<crate::due::Touch>>>,
) -> rusqlite::Result<()> {
    crate::names::lock(log).live = true;
    let (update, commit, rollback) = (Arc::clone(log), Arc::clone(log), Arc::clone(log));
    let (names, due) = (Arc::clone(names), Arc::clone(due));
    conn.update_hook(Some(
        move |action: rusqlite::hooks::Action, db: &str, table: &str, rowid: i64| {
            if table == "partners" {
                crate::names::lock(&names).push(rowid);
            }
            if let Some(kind) = crate::due::Table::of(table).filter(|_| db == "main") {
                let deleted = action == rusqlite::hooks::Action::SQLITE_DELETE;
                crate::names::lock(&due).push((kind, deleted, rowid));
            }
            crate::names::lock(&update).touched(db, table, rowid);
        },
    ))?;
    conn.commit_hook(Some(move || {
        crate::names::lock(&commit).commit();
        false
    }))?;
    conn.rollback_hook(Some(move || crate::names::lock(&rollback).rollback()))
}

impl super::Store {
    /// Runs `f`, whose writes the update hook may not see in full (sharing's apply): each commit
    /// inside it is logged as "everything may have changed".
    pub(crate) fn unlogged<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        crate::names::lock(&self.changes).unlogged += 1;
        let out = f(self);
        crate::names::lock(&self.changes).unlogged -= 1;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_rows_are_told_once_and_rolled_back_ones_never() {
        let mut log = ChangeLog {
            live: true,
            ..ChangeLog::default()
        };
        let from = log.end().expect("live");
        log.touched("main", "decisions", 7);
        log.touched("main", "settings", 1);
        log.touched("sync_empty", "pilots", 1);
        log.touched("main", "decisions", 7);
        assert_eq!(log.since(from), Some(vec![]), "nothing committed yet");
        log.commit();
        log.touched("main", "pilots", 3);
        log.rollback();
        assert_eq!(log.since(from), Some(vec![(Table::Decisions, vec![7])]));
        let after = log.end().expect("live");
        assert_eq!(log.since(after), Some(vec![]));
        log.touched("main", "frameworks", 1);
        log.commit();
        assert_eq!(log.since(after), None, "a framework changed: everything");
        for i in 0..(KEPT as i64 + 1) {
            log.touched("main", "flags", i);
            log.commit();
        }
        assert_eq!(log.since(after), None, "forgotten");
        assert!(log.since(log.end().expect("live")).is_some());
        let from = log.end().expect("live");
        for i in 0..=(KEPT as i64) {
            log.touched("main", "decisions", i);
        }
        log.commit();
        assert_eq!(log.since(from), None, "a bulk write: everything");
        assert_eq!(ChangeLog::default().since(0), None, "no writer logs");
    }

    /// SQLite calls the commit hook before the commit is in the file: a reader that takes its
    /// position meanwhile, then a snapshot without that commit, must still read it later.
    #[test]
    fn a_commit_not_yet_settled_is_left_after_a_readers_position() {
        let mut log = ChangeLog {
            live: true,
            ..ChangeLog::default()
        };
        log.touched("main", "flags", 1);
        log.commit();
        log.settle();
        let settled = log.end().expect("live");
        log.touched("main", "decisions", 2);
        log.touched("main", "decisions", 3);
        log.commit();
        let racing = log.end().expect("live");
        assert_eq!(
            racing, settled,
            "the commit is not sure to be in a snapshot yet"
        );
        assert_eq!(
            log.since(racing),
            Some(vec![(Table::Decisions, vec![2, 3])]),
            "it is read again after that snapshot"
        );
        log.settle();
        let after = log.end().expect("live");
        assert!(after > racing, "settled: a snapshot holds it");
        assert_eq!(log.since(after), Some(vec![]));
        log.touched("main", "flags", 4);
        log.commit();
        // The writer's next change means its commit before has ended.
        log.touched("main", "flags", 5);
        assert_eq!(
            log.since(log.end().expect("live")),
            Some(vec![]),
            "the commit before the next change is settled"
        );
    }
}
