//! Insights' histories read ahead once the window has painted (`warm_insights`): every partner's
//! history, read on a reader of their own on a thread of their own. The window's reader is not
//! held meanwhile, so the board, the dossier and search answer as ever; Insights' first read
//! takes the histories (with their position in the change log, so it reads again only the
//! partners changed since) instead of reading them all itself: seconds at 100,000 partners. Opened
//! while they are being read, Insights waits for them rather than reading them a second time.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use vetta_core::insights::WarmInsights;
use vetta_core::store::now;
use vetta_core::Store;

use super::{Access, AppState, Opened};
use crate::error::IpcError;

impl AppState {
    /// Reads Insights' histories ahead on a reader of their own, on a thread of their own (the
    /// window asks once it has painted); only the first time for the file that is open.
    pub fn warm_insights(&self) {
        let guard = self.settled(Access::Read);
        self.read_ahead(&guard);
    }

    /// Starts reading ahead beside `opened`'s store, unless it was asked for before.
    pub(super) fn read_ahead(&self, opened: &Result<Opened, IpcError>) {
        if !self.warm.ask() {
            return;
        }
        match opened.as_ref().map(|o| o.store.reader()) {
            Ok(Ok(reader)) => self.warm.read(reader),
            // No store, or no reader for it: Insights reads for itself, and says why.
            _ => self.warm.finish(None),
        }
    }

    /// Insights' read, through the reader like every read: it first waits for the histories
    /// being read ahead (without holding the reader), and its reader takes them.
    pub fn read_insights<T>(
        &self,
        f: impl FnOnce(&Store) -> vetta_core::Result<T>,
    ) -> Result<T, IpcError> {
        self.warm.wait();
        self.read(|store| {
            if let Some(warm) = self.warm.take() {
                store.take_warm_insights(warm);
            }
            f(store)
        })
    }
}

/// The read ahead for the file that is open (a restore starts another).
#[derive(Clone, Default)]
pub(super) struct WarmUp(Arc<(Mutex<Ahead>, Condvar)>);

/// Tells a read ahead ended, with its histories, when dropped.
struct Ended(WarmUp, Option<WarmInsights>);

impl Drop for Ended {
    fn drop(&mut self) {
        self.0.finish(self.1.take());
    }
}

#[derive(Default)]
enum Ahead {
    /// The window has not asked for it.
    #[default]
    NotAsked,
    Reading,
    /// Ended: the histories, until Insights' first read takes them (`None`: taken, failed, or
    /// not wanted — Insights was read before the window asked).
    Done(Option<WarmInsights>),
}

impl WarmUp {
    fn slot(&self) -> MutexGuard<'_, Ahead> {
        self.0 .0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether a read ahead should start now: the first time it is asked. It is then reading.
    pub(super) fn ask(&self) -> bool {
        let mut slot = self.slot();
        let first = matches!(*slot, Ahead::NotAsked);
        if first {
            *slot = Ahead::Reading;
        }
        first
    }

    /// Reads ahead through `reader` (the open store's own, given after [`WarmUp::ask`]) on a
    /// thread of its own; its connection is closed before the read is told ended. At the usual
    /// priority, not an import's lower one: Insights opened meanwhile waits for it, and on a
    /// machine busy with other work a lowered one ended 18 s after the launch where one at the
    /// usual priority had ended at 7 s (100k partners, 2 cores, load 3-4; measured once each).
    /// A lowered priority cannot be raised again without a privilege.
    pub(super) fn read(&self, reader: Store) {
        let done = self.clone();
        std::thread::spawn(move || {
            // Told ended however the read ends, by a panic too (Insights never waits for a read
            // that stopped), and after the reader, declared after it, is closed.
            let mut ended = Ended(done, None);
            let reader = reader;
            ended.1 = reader
                .warm_insights(now())
                .map_err(|e| eprintln!("vetta: Insights could not be read ahead: {e}"))
                .ok();
        });
    }

    pub(super) fn finish(&self, warm: Option<WarmInsights>) {
        *self.slot() = Ahead::Done(warm);
        self.0 .1.notify_all();
    }

    /// Waits while it reads. Not asked yet, it is not wanted any more: Insights reads for itself.
    pub(super) fn wait(&self) {
        let mut slot = self.slot();
        loop {
            match *slot {
                Ahead::Reading => {
                    slot = self.0 .1.wait(slot).unwrap_or_else(|p| p.into_inner());
                }
                Ahead::NotAsked => {
                    *slot = Ahead::Done(None);
                    return;
                }
                Ahead::Done(_) => return,
            }
        }
    }

    /// The histories read ahead, if they are there (once).
    pub(super) fn take(&self) -> Option<WarmInsights> {
        match &mut *self.slot() {
            Ahead::Done(warm) => warm.take(),
            _ => None,
        }
    }

    /// Waits for a read under way to end (its connection closed), then forgets it: the file is
    /// about to be replaced, and the next one read ahead anew.
    pub(super) fn reset(&self) {
        self.wait();
        *self.slot() = Ahead::NotAsked;
    }
}

#[cfg(test)]
mod tests {
    use vetta_core::insights::InsightsQuery;

    use super::*;

    fn add_partner(state: &AppState, name: &str) {
        let partner = serde_json::from_value(serde_json::json!({
            "name": name,
            "kind": "agency",
            "markets": ["RU"],
            "homeTimeZone": "Europe/Moscow",
        }))
        .expect("a partner");
        state
            .write(|s| s.add_partner(&partner, now()))
            .expect("adds");
    }

    /// Insights' figures through the state, asserted equal to a read from scratch by a reader
    /// opened anew.
    fn read_as_from_scratch(state: &AppState) -> vetta_core::insights::Insights {
        let at = now();
        let read = state
            .read_insights(|s| s.insights(&InsightsQuery::default(), at))
            .expect("reads");
        let scratch = Store::open_reader(&state.data_file)
            .expect("a reader")
            .insights(&InsightsQuery::default(), at)
            .expect("reads");
        assert_eq!(read, scratch, "as read from scratch");
        read
    }

    #[test]
    fn insights_first_read_takes_the_histories_read_ahead_and_a_restore_waits_for_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = AppState::open(dir.path());
        add_partner(&state, "Before the backup");
        let backup = state
            .read(|s| s.backup_now(dir.path(), now()))
            .expect("backs up");
        state.warm_insights();
        // A commit while they are read (or after): the first read follows it.
        add_partner(&state, "While reading ahead");
        let read = read_as_from_scratch(&state);
        assert_eq!(read.funnel[0].reached, 2, "both partners counted");
        assert!(
            matches!(*state.warm.slot(), Ahead::Done(None)),
            "the read ahead ended and was taken"
        );
        assert!(!state.warm.ask(), "asked again, it does not read again");

        // A restore waits for the read ahead (its connection holds the file), then reads the
        // restored file ahead.
        state
            .restore(&backup.file_name)
            .expect("restores while nothing holds the file");
        let read = read_as_from_scratch(&state);
        assert_eq!(read.funnel[0].reached, 1, "the backup's one partner");
    }

    #[test]
    fn insights_read_before_the_window_asks_never_reads_ahead() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = AppState::open(dir.path());
        add_partner(&state, "One");
        state
            .read_insights(|s| s.insights(&InsightsQuery::default(), now()))
            .expect("reads");
        state.warm_insights();
        assert!(
            matches!(*state.warm.slot(), Ahead::Done(None)),
            "Insights read for itself; nothing was read ahead after"
        );
    }
}
