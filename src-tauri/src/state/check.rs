//! The data file's background jobs that writes wait for and reads do not: the quick check after
//! an open, the checkpoint after an import.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use crate::error::IpcError;

/// `PRAGMA quick_check` of the data file, on its own thread and connection. It reads every page
/// (3.5 s at 100k partners), so the window paints and reads meanwhile; every write (and restore)
/// waits for it, and a failure closes the store like damage found by any other call. After an
/// import, the checkpoint takes its slot (`AppState::checkpoint_in_background`).
#[derive(Clone, Default)]
pub struct FileCheck(Arc<(Mutex<Verdict>, Condvar)>);

/// A quick check's result: `None` while it runs.
type Verdict = Option<Result<(), IpcError>>;

impl FileCheck {
    /// Starts checking `path` now.
    pub(super) fn start(path: &Path) -> FileCheck {
        let path = path.to_owned();
        FileCheck::spawn(move || vetta_core::store::check_file(&path).map_err(IpcError::from))
    }

    /// Runs `job` on a thread of its own; its result is the verdict.
    pub(super) fn spawn(job: impl FnOnce() -> Result<(), IpcError> + Send + 'static) -> FileCheck {
        let check = FileCheck::default();
        let done = check.clone();
        std::thread::spawn(move || done.finish(job()));
        check
    }

    /// A check that has nothing to do (no file is open).
    pub(super) fn passed() -> FileCheck {
        let check = FileCheck::default();
        check.finish(Ok(()));
        check
    }

    fn slot(&self) -> MutexGuard<'_, Verdict> {
        self.0 .0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn finish(&self, verdict: Result<(), IpcError>) {
        *self.slot() = Some(verdict);
        self.0 .1.notify_all();
    }

    /// The result, or `None` while the check runs.
    pub(super) fn peek(&self) -> Verdict {
        self.slot().clone()
    }

    /// Waits for the check to end and returns its result.
    pub fn wait(&self) -> Result<(), IpcError> {
        let mut verdict = self.slot();
        loop {
            if let Some(verdict) = verdict.as_ref() {
                return verdict.clone();
            }
            verdict = self.0 .1.wait(verdict).unwrap_or_else(|p| p.into_inner());
        }
    }
}
