//! The app's one piece of state: the store (or why it could not open), behind a mutex.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use vetta_core::store::now;
use vetta_core::{OpenReport, Store};

use crate::error::IpcError;

/// Where the data lives and which schema it has; or why the store could not open.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub data_file: String,
    pub schema_version: u32,
    /// The copy taken before a schema upgrade at this start, if any.
    pub backup: Option<String>,
}

pub struct AppState {
    data_dir: PathBuf,
    data_file: PathBuf,
    opened: Mutex<Result<Opened, IpcError>>,
}

struct Opened {
    store: Store,
    report: OpenReport,
}

impl AppState {
    /// Opens the store in `data_dir`. A failure is kept, not raised: the window shows it.
    pub fn open(data_dir: &Path) -> AppState {
        let data_file = data_dir.join(vetta_core::store::DB_FILE_NAME);
        let opened = Store::open_in_dir(data_dir, now())
            .map(|(store, report)| Opened { store, report })
            .map_err(IpcError::from);
        AppState {
            data_dir: data_dir.to_owned(),
            data_file,
            opened: Mutex::new(opened),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Result<Opened, IpcError>> {
        // A panic while holding the lock cannot leave a half-written transaction behind (SQLite
        // rolls it back), so the store is still usable.
        self.opened
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn status(&self) -> Result<AppStatus, IpcError> {
        let guard = self.lock();
        let opened = guard.as_ref().map_err(Clone::clone)?;
        Ok(AppStatus {
            data_file: self.data_file.display().to_string(),
            schema_version: opened.report.version,
            backup: opened
                .report
                .backup
                .as_ref()
                .map(|p| p.display().to_string()),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Closes the store, replaces the file with the named backup and opens it again. If the backup
    /// is refused, the store that was open stays open.
    pub fn restore(&self, file_name: &str) -> Result<AppStatus, IpcError> {
        {
            let mut guard = self.lock();
            let previous = std::mem::replace(&mut *guard, Err(IpcError::Storage));
            // Dropping the store closes its connection, which folds the WAL into the file.
            drop(previous);
            let reopened = vetta_core::backup::restore(&self.data_dir, file_name, now())
                .map(|(store, report)| Opened { store, report })
                .map_err(IpcError::from);
            match reopened {
                Ok(opened) => *guard = Ok(opened),
                Err(error) => {
                    // The backup was refused before anything changed: reopen the current file.
                    *guard = Store::open_in_dir(&self.data_dir, now())
                        .map(|(store, report)| Opened { store, report })
                        .map_err(IpcError::from);
                    return Err(error);
                }
            }
        }
        self.status()
    }

    pub fn read<T>(&self, f: impl FnOnce(&Store) -> vetta_core::Result<T>) -> Result<T, IpcError> {
        let guard = self.lock();
        let opened = guard.as_ref().map_err(Clone::clone)?;
        f(&opened.store).map_err(IpcError::from)
    }

    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut Store) -> vetta_core::Result<T>,
    ) -> Result<T, IpcError> {
        let mut guard = self.lock();
        let opened = guard.as_mut().map_err(|e| e.clone())?;
        f(&mut opened.store).map_err(IpcError::from)
    }
}
