//! The app's one piece of state: the store (or why it could not open), behind a mutex, its
//! read-only twin for the read commands behind another (so a write never holds a read), and the
//! data folder's instance lock, held for the app's life.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use vetta_core::import::WriteStamp;
use vetta_core::instance::InstanceLock;
use vetta_core::store::now;
use vetta_core::{OpenReport, Store};

use crate::error::IpcError;

mod check;
mod warm;

pub use check::FileCheck;

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
    /// `None` when another Vetta holds the folder: then nothing here touches its files.
    instance: Option<InstanceLock>,
    /// The open store, or why there is none: it could not open, or it was found damaged while
    /// open (then it was closed at once, and every later call is refused with that error).
    opened: Mutex<Result<Opened, IpcError>>,
    /// The store's reader (`Store::reader`: a read-only connection to the same file, sharing its
    /// name index), which every read command uses; or, like `opened`, why there is none. Locked
    /// after `opened` when both are (a restore, closing a damaged file), never the other way.
    reader: Mutex<Result<Store, IpcError>>,
    /// The quick check of the file that is open (a new one after a restore).
    check: Mutex<FileCheck>,
    /// Insights' histories read ahead once the window has painted (state/warm.rs). Its lock is
    /// taken after `opened` and `reader`, and never held while either is taken.
    warm: warm::WarmUp,
}

struct Opened {
    store: Store,
    report: OpenReport,
}

fn open_store(data_dir: &Path) -> Result<Opened, IpcError> {
    let data_file = data_dir.join(vetta_core::store::DB_FILE_NAME);
    Store::open_in_dir(data_dir, now())
        .and_then(|(mut store, report)| {
            // Sharing's clocks read the system clock, here at the edge.
            store.set_sharing_clock(Arc::new(now));
            // A shared edit records this zone when the settings name none.
            store.set_system_time_zone(&crate::commands::system_time_zone())?;
            Ok(Opened { store, report })
        })
        .map_err(|e| IpcError::from(e.in_file(&data_file)))
}

/// The reader for what is now in the state.
fn reader_for(opened: &Result<Opened, IpcError>) -> Result<Store, IpcError> {
    match opened {
        Ok(opened) => opened.store.reader().map_err(IpcError::from),
        Err(error) => Err(error.clone()),
    }
}

/// The check for what is now in the state: a running one for an open store.
fn check_for(opened: &Result<Opened, IpcError>, data_file: &Path) -> FileCheck {
    match opened {
        Ok(_) => FileCheck::start(data_file),
        Err(_) => FileCheck::passed(),
    }
}

/// Whether a call waits for the quick check: writes do, reads run beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Write,
}

impl AppState {
    /// Takes the data folder's lock, then opens the store in it and starts its quick check. A
    /// failure is kept, not raised: the window shows it (a second Vetta on the same folder shows
    /// `already_open`).
    pub fn open(data_dir: &Path) -> AppState {
        let data_file = data_dir.join(vetta_core::store::DB_FILE_NAME);
        let (instance, opened) = match InstanceLock::acquire(data_dir) {
            Ok(lock) => (Some(lock), open_store(data_dir)),
            Err(error) => (None, Err(IpcError::from(error))),
        };
        let check = check_for(&opened, &data_file);
        AppState {
            data_dir: data_dir.to_owned(),
            data_file,
            instance,
            reader: Mutex::new(reader_for(&opened)),
            opened: Mutex::new(opened),
            check: Mutex::new(check),
            warm: warm::WarmUp::default(),
        }
    }

    fn reader(&self) -> MutexGuard<'_, Result<Store, IpcError>> {
        self.reader
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn lock(&self) -> MutexGuard<'_, Result<Opened, IpcError>> {
        // A panic while holding the lock cannot leave a half-written transaction behind (SQLite
        // rolls it back), so the store is still usable.
        self.opened
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The quick check of the open file, for a caller to wait on off the main thread.
    /// After a bulk write (an import, which commits without the automatic checkpoint: `run` asks
    /// the store whether one is owed): what the WAL holds is copied into the file on a thread of
    /// its own, and writes and a restore wait for it as for the quick check (reads do not). It
    /// cannot fail the file: when it does not finish, the next commit's automatic checkpoint
    /// does the copy.
    fn checkpoint_in_background(&self) {
        let path = self.data_file.clone();
        let job = FileCheck::spawn(move || {
            if let Err(e) = vetta_core::store::checkpoint_file(&path) {
                eprintln!("vetta: the checkpoint after a bulk write: {e}");
            }
            Ok(())
        });
        *self
            .check
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = job;
    }

    pub fn check(&self) -> FileCheck {
        self.check
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The state, with the quick check's result applied: waited for first by a write, taken as
    /// it stands by a read. A failed check closes the store (see [`AppState::run`]).
    fn settled(&self, access: Access) -> MutexGuard<'_, Result<Opened, IpcError>> {
        let check = self.check();
        let verdict = match access {
            Access::Write => Some(check.wait()),
            Access::Read => check.peek(),
        };
        let mut guard = self.lock();
        if let Some(Err(error)) = verdict {
            if guard.is_ok() {
                self.close_damaged(&mut guard, error);
            }
        }
        guard
    }

    pub fn status(&self) -> Result<AppStatus, IpcError> {
        let guard = self.settled(Access::Read);
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
    /// is refused, or the restored file does not open (core then puts the previous file back), the
    /// file that was live is opened again. Refused while another Vetta holds the folder.
    pub fn restore(&self, file_name: &str) -> Result<AppStatus, IpcError> {
        self.folder_held_elsewhere()?;
        let result = {
            // Waits for the quick check, whose connection would otherwise hold the file.
            let mut guard = self.settled(Access::Write);
            // The readers' connections go first: the restore refuses a file someone holds open.
            // Histories being read ahead are waited for (their connection closes), then dropped.
            self.warm.reset();
            *self.reader() = Err(IpcError::Storage);
            let previous = std::mem::replace(&mut *guard, Err(IpcError::Storage));
            // Dropping a store closes its connection, which folds the WAL into the file (a
            // damaged one was closed already, without that).
            drop(previous);
            let reopened = vetta_core::backup::restore(&self.data_dir, file_name, now())
                .map(|(store, report)| Opened { store, report })
                .map_err(|e| IpcError::from(e.in_file(&self.data_file)));
            let result = match reopened {
                Ok(opened) => {
                    *guard = Ok(opened);
                    Ok(())
                }
                Err(error) => {
                    *guard = open_store(&self.data_dir);
                    Err(error)
                }
            };
            *self
                .check
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) =
                check_for(&guard, &self.data_file);
            *self.reader() = reader_for(&guard);
            // The window painted long ago: the file open now is read ahead at once.
            self.read_ahead(&guard);
            result
        };
        result.and_then(|()| self.status())
    }

    /// Every store call goes through here: an error is named after the data file, and one that
    /// says the file is damaged closes the store on the spot. From then on every call (reads and,
    /// above all, writes) is refused with that error without reaching the file, until a backup is
    /// restored.
    fn run<T>(
        &self,
        access: Access,
        f: impl FnOnce(&mut Store) -> vetta_core::Result<T>,
    ) -> Result<T, IpcError> {
        let mut guard = self.settled(access);
        let opened = guard.as_mut().map_err(|e| e.clone())?;
        let result = f(&mut opened.store);
        // Whichever transaction the call wrote in: the indexes the reader shares follow it.
        opened.store.follow_writes();
        if opened.store.take_checkpoint_owed() {
            self.checkpoint_in_background();
        }
        match result {
            Ok(value) => Ok(value),
            Err(error) => {
                let error = error.in_file(&self.data_file);
                let damaged = error.is_damage();
                let error = IpcError::from(error);
                if damaged {
                    self.close_damaged(&mut guard, error.clone());
                }
                Err(error)
            }
        }
    }

    /// A read, through the reader: it never waits for a write (nor for the quick check, whose
    /// result it takes as it stands). Damage found by it closes the store as any call's does.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> vetta_core::Result<T>) -> Result<T, IpcError> {
        if let Some(Err(error)) = self.check().peek() {
            let mut guard = self.lock();
            if guard.is_ok() {
                self.close_damaged(&mut guard, error);
            }
        }
        let result = {
            let reader = self.reader();
            let store = reader.as_ref().map_err(Clone::clone)?;
            f(store)
        };
        result.map_err(|error| {
            let error = error.in_file(&self.data_file);
            let damaged = error.is_damage();
            let error = IpcError::from(error);
            if damaged {
                // The reader's lock is released: `opened` is taken first, as everywhere.
                let mut guard = self.lock();
                if guard.is_ok() {
                    self.close_damaged(&mut guard, error.clone());
                }
            }
            error
        })
    }

    /// A backup (`VACUUM INTO`) through the writer's connection, as it always ran: it reads, but
    /// may not run on a read-only connection.
    pub fn backup<T>(
        &self,
        f: impl FnOnce(&Store) -> vetta_core::Result<T>,
    ) -> Result<T, IpcError> {
        self.run(Access::Read, |store| f(store))
    }

    /// Refused when another Vetta holds the folder (then nothing here touches its files).
    fn folder_held_elsewhere(&self) -> Result<(), IpcError> {
        match self.instance {
            Some(_) => Ok(()),
            None => Err(self
                .lock()
                .as_ref()
                .err()
                .cloned()
                .unwrap_or(IpcError::Storage)),
        }
    }

    /// A new read-only connection to the open file: an import plans on one of its own, beside the
    /// window's reads and off the store's lock.
    pub fn open_reader(&self) -> Result<Store, IpcError> {
        self.folder_held_elsewhere()?;
        Store::open_reader(&self.data_file).map_err(IpcError::from)
    }

    /// The writer's stamp, taken before an import plans on a reader (waits for a write that
    /// holds the store).
    pub fn write_stamp(&self) -> Result<WriteStamp, IpcError> {
        self.run(Access::Read, |store| Ok(store.write_stamp()))
    }

    /// Puts `error` in place of the open store and of its reader, and closes the store without
    /// writing to the file.
    fn close_damaged(&self, state: &mut Result<Opened, IpcError>, error: IpcError) {
        *self.reader() = Err(error.clone());
        close_damaged(state, error);
    }

    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut Store) -> vetta_core::Result<T>,
    ) -> Result<T, IpcError> {
        self.run(Access::Write, f)
    }
}

/// Puts `error` in place of the open store and closes it without writing to the file.
fn close_damaged(state: &mut Result<Opened, IpcError>, error: IpcError) {
    if let Ok(opened) = std::mem::replace(state, Err(error)) {
        opened.store.close_without_writing();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What core makes of SQLite's "corrupt" from any call (classified in vetta_core::error,
    /// tested there with real damaged pages); the path is named by the state.
    fn corrupt() -> vetta_core::Error {
        vetta_core::Error::DamagedDatabase {
            path: PathBuf::new(),
            detail: "database disk image is malformed".into(),
        }
    }

    #[test]
    fn once_the_file_is_found_damaged_no_write_reaches_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = AppState::open(dir.path());
        state
            .write(|s| s.add_market("KZ", now()))
            .expect("a write while the file is whole");
        // SQLite says "corrupt" on some call, a read here.
        let err = state.read(|_| Err::<(), _>(corrupt())).err();
        let expected_path = dir.path().join("vetta.sqlite3").display().to_string();
        assert!(
            matches!(&err, Some(IpcError::DamagedDatabase { path }) if *path == expected_path),
            "reported as damage, naming the data file: {err:?}"
        );
        let mut attempted = false;
        let refused = state.write(|s| {
            attempted = true;
            s.add_market("UZ", now())
        });
        assert!(!attempted, "the write was not attempted");
        assert!(matches!(refused, Err(IpcError::DamagedDatabase { .. })));
        assert!(matches!(
            state.status(),
            Err(IpcError::DamagedDatabase { .. })
        ));
    }

    /// A read goes to the reader's connection: it answers, with the last commit, while a write
    /// transaction is open on the store (held here until the read is done, or 20 s).
    #[test]
    fn a_read_proceeds_while_a_write_transaction_is_open() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = AppState::open(dir.path());
        state
            .write(|s| s.add_market("KZ", now()))
            .expect("a first write");
        let (in_tx, write_open) = std::sync::mpsc::channel();
        let (read_done, done) = std::sync::mpsc::channel::<()>();
        std::thread::scope(|scope| {
            let state = &state;
            let writer = scope.spawn(move || {
                state.write(|s| {
                    s.write(|w| {
                        w.add_market("UZ", now())?;
                        in_tx.send(()).expect("signals");
                        // Holds the transaction (and the store's lock) until the read is done.
                        let waited = done.recv_timeout(std::time::Duration::from_secs(20));
                        Ok(waited.is_ok())
                    })
                })
            });
            write_open.recv().expect("the write transaction is open");
            let markets = state.read(|s| s.list_markets()).expect("reads");
            read_done.send(()).expect("signals");
            let codes: Vec<&str> = markets.iter().map(|m| m.code.as_str()).collect();
            assert!(codes.contains(&"KZ"), "the last commit is read: {codes:?}");
            assert!(
                !codes.contains(&"UZ"),
                "not the open transaction: {codes:?}"
            );
            let read_while_open = writer.join().expect("the writer ends").expect("writes");
            assert!(
                read_while_open,
                "the read answered while the write was open"
            );
        });
        let markets = state.read(|s| s.list_markets()).expect("reads");
        assert!(
            markets.iter().any(|m| m.code == "UZ"),
            "then the commit is read"
        );
    }

    #[test]
    fn a_full_disk_names_the_data_file_and_leaves_the_store_open() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = AppState::open(dir.path());
        // What core makes of SQLITE_FULL (or READONLY, IOERR, CANTOPEN) from any call.
        let full = state.write(|_| {
            Err::<(), _>(vetta_core::Error::Io {
                path: PathBuf::new(),
                source: std::io::Error::other("database or disk is full"),
            })
        });
        let expected = dir.path().join("vetta.sqlite3").display().to_string();
        assert!(
            matches!(&full, Err(IpcError::FileSystem { path }) if *path == expected),
            "the translated \"check permissions and free disk space\" error, naming the file: {full:?}"
        );
        state
            .write(|s| s.add_market("KZ", now()))
            .expect("once there is room again, writes go on");
    }

    #[test]
    fn an_import_through_the_state_is_checkpointed_after_and_writes_wait_for_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = AppState::open(dir.path());
        state.check().wait().expect("the quick check passes");
        let file = dir.path().join("vetta.sqlite3");
        vetta_core::store::checkpoint_file(&file).expect("what the open wrote, in the file");
        let size = || std::fs::metadata(&file).expect("the file").len();
        let before = size();
        let mut text = String::from("Name;Markets;City\n");
        for i in 0..2000 {
            text.push_str(&format!("Partner {i};RU;Москва\n"));
        }
        let source = vetta_core::import::ImportSource {
            bytes: text.as_bytes(),
            file_name: "many.csv",
        };
        let run = vetta_core::import::ImportRun {
            choices: Default::default(),
            duplicate_default: vetta_core::import::DuplicateAction::Skip,
            duplicates: vec![],
        };
        let out = state
            .write(|s| s.import_partners(source, &run, now(), |_, _| true))
            .expect("imports");
        assert_eq!(out.imported, 2000);
        // Nothing else writes: only the checkpoint the import left owed can copy its pages.
        assert!(
            state.check().wait().is_ok(),
            "a checkpoint never fails the file"
        );
        assert!(
            size() > before,
            "the import's pages were copied into the file by the background checkpoint"
        );
        state
            .write(|s| s.add_market("UZ", now()))
            .expect("writes go on after it");
        let markets = state.read(|s| s.list_markets()).expect("reads");
        assert!(markets.iter().any(|m| m.code == "UZ"));
    }

    #[test]
    fn a_file_that_fails_the_quick_check_gets_no_write() {
        let dir = tempfile::tempdir().expect("temp dir");
        {
            let (mut store, _) = Store::open_in_dir(dir.path(), now()).expect("creates");
            for i in 0..300 {
                let partner = serde_json::from_value(serde_json::json!({
                    "name": format!("Partner {i}"),
                    "kind": "agency",
                    "markets": ["RU"],
                    "homeTimeZone": "Europe/Moscow",
                    "notes": "notes ".repeat(200),
                }))
                .expect("a partner");
                store.add_partner(&partner, now()).expect("adds");
            }
        }
        // Damage the back half of the file: the header, the schema and the settings the open
        // reads stay whole, so the store opens; only the quick check finds it.
        let db = dir.path().join("vetta.sqlite3");
        let mut bytes = std::fs::read(&db).expect("reads");
        let half = bytes.len() / 2 / 4096 * 4096;
        for b in &mut bytes[half..] {
            *b ^= 0xA5;
        }
        std::fs::write(&db, &bytes).expect("damages");

        let state = AppState::open(dir.path());
        assert!(
            matches!(state.check().wait(), Err(IpcError::DamagedDatabase { .. })),
            "the quick check finds the damage"
        );
        let mut attempted = false;
        let refused = state.write(|s| {
            attempted = true;
            s.add_market("KZ", now())
        });
        assert!(!attempted, "the write was not attempted");
        assert!(matches!(refused, Err(IpcError::DamagedDatabase { .. })));
        assert_eq!(
            std::fs::read(&db).expect("reads"),
            bytes,
            "nothing wrote to it"
        );
    }

    #[test]
    fn a_second_app_on_the_same_folder_is_refused_and_touches_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = AppState::open(dir.path());
        first
            .write(|s| s.add_market("KZ", now()))
            .expect("the first app writes");
        let backup = first
            .read(|s| s.backup_now(dir.path(), now()))
            .expect("backs up");
        let second = AppState::open(dir.path());
        let expected = dir.path().display().to_string();
        assert!(
            matches!(second.status(), Err(IpcError::AlreadyOpen { data_dir }) if data_dir == expected),
            "the second start says so"
        );
        assert!(
            matches!(
                second.restore(&backup.file_name),
                Err(IpcError::AlreadyOpen { .. })
            ),
            "and cannot restore under the first"
        );
        let markets = first
            .read(|s| s.list_markets())
            .expect("the first still reads");
        assert!(markets.iter().any(|m| m.code == "KZ"));
        drop(second);
        drop(first);
        let third = AppState::open(dir.path());
        assert!(third.status().is_ok(), "free once the first has quit");
    }
}
