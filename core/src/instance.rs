//! One Vetta per data folder: an exclusive lock on `vetta.lock` in the folder, held for as long as
//! the app runs. A second start on the same folder is refused before it opens the database, so two
//! windows can never write the same file (one restoring a backup under the other).
//!
//! The lock is the operating system's (`File::try_lock`: `flock` on Linux, `LockFileEx` on
//! Windows): it goes away with the process, also when the process is killed, so a stale lock file
//! never blocks a start.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The lock file's name inside the data directory.
pub const LOCK_FILE_NAME: &str = "vetta.lock";

/// Held while the app runs; dropping it (or the process ending) releases the folder.
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
    path: PathBuf,
}

impl InstanceLock {
    /// Takes the data folder for this process, creating the folder and the lock file if needed.
    /// Another process holding it is [`Error::AlreadyOpen`]; nothing is waited for.
    pub fn acquire(data_dir: &Path) -> Result<InstanceLock> {
        std::fs::create_dir_all(data_dir).map_err(|source| Error::Io {
            path: data_dir.to_owned(),
            source,
        })?;
        let path = data_dir.join(LOCK_FILE_NAME);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(InstanceLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => Err(Error::AlreadyOpen {
                data_dir: data_dir.to_owned(),
            }),
            Err(TryLockError::Error(source)) => Err(Error::Io { path, source }),
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_of_the_same_folder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = InstanceLock::acquire(dir.path()).expect("the first start takes the folder");
        let second = InstanceLock::acquire(dir.path());
        assert!(
            matches!(&second, Err(Error::AlreadyOpen { data_dir }) if data_dir == dir.path()),
            "a second start on the same folder is refused: {second:?}"
        );
        let other = tempfile::tempdir().expect("another temp dir");
        InstanceLock::acquire(other.path()).expect("another folder is free");
        drop(first);
        InstanceLock::acquire(dir.path()).expect("free again once the first has quit");
    }
}
