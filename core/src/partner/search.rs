//! The searches of the partner list and of the board, answered by the name index (names.rs),
//! which the store shares with its readers and brings up to date after its own writes.

use super::{Keyset, PageCursor};
use crate::names::{lock, After, Found, NameIndex};
use crate::phase::Phase;
use crate::store::Store;
use crate::Result;

impl Store {
    /// After a transaction of this connection ends (committed or rolled back): the change log
    /// Insights follows knows its commits are in the file, the name index reads the partners it
    /// touched again, and so do the reminders' pending rows (due.rs).
    /// `Store::write` calls it; so does the app after every write command (some, like the
    /// import, open their own transaction), so that the store's readers, which share both,
    /// search the names and count the reminders as they are now. If a read fails, that index is
    /// dropped and built again by the next read that needs it.
    pub fn follow_writes(&self) {
        // The writer's transaction has ended: its commits are in the file for any new snapshot
        // (store/changes.rs). A reader's connection commits nothing of the log it shares.
        if !self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
            lock(&self.changes).settle();
        }
        let due_touched = std::mem::take(&mut *lock(&self.due_touched));
        if !due_touched.is_empty() {
            let mut due = lock(&self.due);
            if let Some(index) = due.as_mut() {
                if !index.refresh(&self.conn, &due_touched).unwrap_or(false) {
                    *due = None;
                }
            }
        }
        let touched = std::mem::take(&mut *lock(&self.touched));
        if touched.is_empty() {
            return;
        }
        let mut names = lock(&self.names);
        if let Some(index) = names.as_mut() {
            if index.refresh(&self.conn, &touched).is_err() {
                *names = None;
            }
        }
    }

    /// A name search (`search` trimmed, not empty): per column (`None`, every phase), how many
    /// live partners' names contain it and the ids of the `limit` next to `cursor`. Called outside
    /// any transaction: a first search builds the index from a fresh read of the file, while it
    /// holds the lock a writer needs to bring it up to date after a commit — so no commit falls
    /// between the read and the index.
    pub(crate) fn search_names(
        &self,
        search: &str,
        columns: &[Option<Phase>],
        cursor: Option<&PageCursor>,
        limit: u32,
    ) -> Result<Vec<Found>> {
        let folded = search.to_lowercase();
        let keyset = Keyset::of(&self.conn, cursor)?;
        let mut names = lock(&self.names);
        let touched = std::mem::take(&mut *lock(&self.touched));
        let index = match names.as_mut() {
            Some(index) => {
                index.refresh(&self.conn, &touched)?;
                index
            }
            None => names.insert(NameIndex::build(&self.conn)?),
        };
        let after = After {
            key: keyset.key.as_ref().map(|(k, i)| (k.as_str(), i.as_str())),
            backward: keyset.backward,
        };
        Ok(index.search(&folded, columns, &after, limit as usize))
    }
}
