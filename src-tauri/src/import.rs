//! The import's app side. The page never names a path: a file reaches Vetta only through the
//! native open dialog (opened here, from Rust) or a drop on the window (WindowEvent::DragDrop,
//! handled here), and the page gets a token for it. The file is read on Tauri's blocking pool;
//! its size is checked before it is read; the import reports progress through a channel and
//! stops, writing nothing, when the person cancels.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use vetta_core::error::FileProblem;
use vetta_core::import::{
    self, decode, fingerprint, ImportChoices, ImportOutcome, ImportPreview, ImportRun,
    ImportSource, PlannedImport, Separator,
};
use vetta_core::store::now;

use crate::error::IpcError;
use crate::state::AppState;

/// A file the person chose or dropped, as the page knows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportFile {
    pub token: u32,
    pub file_name: String,
}

/// Files offered for import this session, by token; what each one's last preview read; the plan
/// of the last preview; the drop watcher; the cancel switch.
#[derive(Default)]
pub struct ImportFiles {
    files: Mutex<HashMap<u32, PathBuf>>,
    /// The [`fingerprint`] of the bytes each file's last preview read.
    previewed: Mutex<HashMap<u32, u64>>,
    /// The plan the last preview was read from, for the import that follows it (a 100,000-row
    /// file: ~100 MB, measured; freed by the import, the next preview, or the page left).
    kept: Mutex<Option<KeptPlan>>,
    next: AtomicU32,
    drops: Mutex<Option<Channel<ImportFile>>>,
    cancel: AtomicBool,
}

impl ImportFiles {
    fn offer(&self, path: PathBuf) -> ImportFile {
        let token = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Ok(mut files) = self.files.lock() {
            files.insert(token, path);
        }
        ImportFile { token, file_name }
    }

    fn path(&self, token: u32) -> Result<PathBuf, IpcError> {
        self.files
            .lock()
            .ok()
            .and_then(|f| f.get(&token).cloned())
            .ok_or_else(|| gone(0))
    }

    /// Remembers the [`fingerprint`] of the bytes a preview of `token` read: the import and the
    /// failed rows saved after it must read the same bytes ([`ImportFiles::read_as_previewed`]).
    fn previewed(&self, token: u32, source: u64) {
        self.previewed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(token, source);
    }

    /// The file's bytes, if they are the ones its last preview read. A file saved again since
    /// (fixed in the spreadsheet while the preview was shown) is refused: the preview, the row
    /// numbers of the duplicates' choices and of the row errors are of the bytes checked, and
    /// nothing the person has not seen checked is imported.
    /// With the bytes, their fingerprint.
    fn read_as_previewed(&self, token: u32) -> Result<(Vec<u8>, String, u64), IpcError> {
        let (bytes, name) = read(&self.path(token)?)?;
        let source = fingerprint(&bytes);
        let previewed = self
            .previewed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&token)
            .copied();
        if previewed != Some(source) {
            return Err(IpcError::FileRefused {
                problem: FileProblem::Changed,
                max_megabytes: 0,
            });
        }
        Ok((bytes, name, source))
    }

    /// Keeps the plan a preview of `token` was read from, with its rows' problems as sent.
    fn keep(&self, token: u32, planned: PlannedImport, issues: Vec<ImportIssue>) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        *kept = Some(KeptPlan {
            token,
            planned,
            issues,
        });
    }

    /// The kept plan of `token`'s last preview, if it is the last one previewed; none is kept
    /// after.
    fn take_kept(&self, token: u32) -> Option<KeptPlan> {
        let kept = self
            .kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        kept.filter(|k| k.token == token)
    }

    /// A file dropped on the window: offered, and the page told through its watcher.
    pub fn dropped(&self, path: PathBuf) {
        let file = self.offer(path);
        let watcher = self.drops.lock().ok().and_then(|d| d.clone());
        if let Some(channel) = watcher {
            if let Err(e) = channel.send(file) {
                eprintln!("vetta: the page did not take a dropped file: {e}");
            }
        }
    }
}

fn gone(max: u32) -> IpcError {
    IpcError::FileRefused {
        problem: FileProblem::Gone,
        max_megabytes: max,
    }
}

/// The plan a preview was read from and the rows' problems it sent: the import writes it when
/// nothing was written since and the file and choices are the same (core decides,
/// `Store::import_planned`).
struct KeptPlan {
    token: u32,
    planned: PlannedImport,
    issues: Vec<ImportIssue>,
}

/// The file's bytes, refused by size before it is read.
fn read(path: &Path) -> Result<(Vec<u8>, String), IpcError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let meta = std::fs::metadata(path).map_err(|_| gone(0))?;
    decode::check_size(meta.len()).map_err(IpcError::from)?;
    let bytes = std::fs::read(path).map_err(|_| gone(0))?;
    Ok((bytes, name))
}

/// The extensions offered in the open dialog.
const EXTENSIONS: &[&str] = &["csv", "tsv", "txt", "xlsx", "xls", "ods"];

/// Opens the native open dialog; the chosen file's token, or nothing when the person cancels.
#[tauri::command(async)]
#[specta::specta]
pub fn choose_import_file(
    app: AppHandle,
    files: State<'_, ImportFiles>,
    filter_name: String,
) -> Result<Option<ImportFile>, IpcError> {
    let picked = app
        .dialog()
        .file()
        .add_filter(filter_name, EXTENSIONS)
        .blocking_pick_file();
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| files.offer(p)))
}

/// Watches for files dropped on the window: each arrives on `channel` as a token.
#[tauri::command(async)]
#[specta::specta]
pub fn watch_dropped_files(files: State<'_, ImportFiles>, channel: Channel<ImportFile>) {
    if let Ok(mut drops) = files.drops.lock() {
        *drops = Some(channel);
    }
}

/// A row problem as it crosses IPC: the reason is an [`IpcError`] the window translates.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportIssue {
    pub row: u32,
    /// The column as the file names it.
    pub column: String,
    /// The value as written.
    pub value: String,
    pub reason: IpcError,
}

fn issues(list: Vec<import::RowIssue<vetta_core::Error>>) -> Vec<ImportIssue> {
    list.into_iter()
        .map(|i| ImportIssue {
            row: i.row,
            column: i.column,
            value: i.value,
            reason: IpcError::from(i.reason),
        })
        .collect()
}

/// The preview with its row problems.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreviewView {
    pub preview: ImportPreview,
    pub issues: Vec<ImportIssue>,
}

/// What the import did, with its row problems.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcomeView {
    pub outcome: ImportOutcome,
    pub issues: Vec<ImportIssue>,
}

/// What importing the file would do with these choices.
#[tauri::command(async)]
#[specta::specta]
pub fn import_preview(
    state: State<'_, AppState>,
    files: State<'_, ImportFiles>,
    token: u32,
    choices: ImportChoices,
) -> Result<ImportPreviewView, IpcError> {
    let (bytes, name) = read(&files.path(token)?)?;
    let source = ImportSource {
        bytes: &bytes,
        file_name: &name,
    };
    // On a reader of its own: a 100,000-row file takes a second to check, and the store's lock
    // stays free for the window meanwhile. The plan is kept for the import.
    let stamp = state.write_stamp()?;
    let reader = state.open_reader()?;
    let (mut preview, planned) = reader
        .preview_import(stamp, source, &choices, now())
        .map_err(IpcError::from)?;
    let list = issues(std::mem::take(&mut preview.issues));
    files.previewed(token, planned.source());
    files.keep(token, planned, list.clone());
    Ok(ImportPreviewView {
        preview,
        issues: list,
    })
}

/// Progress of a running import.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

/// Imports the file: one transaction; progress on `progress`; `cancel_import` stops it with
/// nothing written.
#[tauri::command(async)]
#[specta::specta]
pub fn run_import(
    state: State<'_, AppState>,
    files: State<'_, ImportFiles>,
    token: u32,
    run: ImportRun,
    progress: Channel<ImportProgress>,
) -> Result<ImportOutcomeView, IpcError> {
    let (bytes, name, print) = files.read_as_previewed(token)?;
    let source = ImportSource {
        bytes: &bytes,
        file_name: &name,
    };
    files.cancel.store(false, Ordering::SeqCst);
    // At most one progress message per PROGRESS_EVERY (and the last one): each is a message to
    // the page and a repaint there. The cancel switch is read at every call all the same.
    let last_sent = Mutex::new(None::<Instant>);
    let report = |done, total| {
        let mut last = last_sent.lock().unwrap_or_else(PoisonError::into_inner);
        if last.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) || done == total {
            *last = Some(Instant::now());
            // A page that went away cannot watch: the import goes on.
            let _ = progress.send(ImportProgress { done, total });
        }
        !files.cancel.load(Ordering::SeqCst)
    };
    let now = now();
    let (kept, preview_issues) = match files.take_kept(token) {
        Some(k) => (Some(k.planned), k.issues),
        None => (None, Vec::new()),
    };
    // On a thread of its own at a lower priority, so the window's processes keep their cores
    // while it runs (a 100,000-row import keeps one core busy for seconds).
    let mut outcome = in_background(|| {
        // The preview's plan, or one planned (read, checked, matched) on a reader of its own,
        // off the store's lock; then one write transaction, during which the window's reads go
        // to the state's reader.
        // (A plan that no longer stands is made again here, on the reader, not under the lock.)
        let stamp = state.write_stamp()?;
        let planned = match kept.filter(|k| k.stands(stamp, print, &run.choices)) {
            Some(planned) => planned,
            None => state
                .open_reader()?
                .plan_import(stamp, source, &run.choices, now, report)
                .map_err(IpcError::from)?,
        };
        state.write(|store| store.import_planned(planned, source, &run, now, report))
    })?;
    let list = std::mem::take(&mut outcome.issues);
    let issues = match outcome.issues_in_preview {
        true => preview_issues,
        false => issues(list),
    };
    Ok(ImportOutcomeView { outcome, issues })
}

/// How often a running import tells the page how far it is.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// How much lower than the app's other threads a long import runs (a nice value: the window's
/// threads keep 0).
#[cfg(target_os = "linux")]
const BACKGROUND_NICENESS: i32 = 10;

/// Runs `work` on a new thread whose scheduling priority is lowered (Linux: a per-thread nice
/// value, which only that thread keeps and which ends with it — a pooled thread could not be put
/// back, as raising a priority again needs a privilege), and waits for it.
fn in_background<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            lower_priority();
            work()
        });
        worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    let thread = rustix::thread::gettid();
    if let Err(e) = rustix::process::setpriority_process(Some(thread), BACKGROUND_NICENESS) {
        // The import runs all the same, at the usual priority.
        eprintln!("vetta: the import's priority stays as it was: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// The import page is left: the plan its last preview kept is freed.
#[tauri::command(async)]
#[specta::specta]
pub fn leave_import(files: State<'_, ImportFiles>) {
    files
        .kept
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
}

/// Stops the running import; it writes nothing.
#[tauri::command(async)]
#[specta::specta]
pub fn cancel_import(files: State<'_, ImportFiles>) {
    files.cancel.store(true, Ordering::SeqCst);
}

/// One failed row's reason, as the window words it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RowReason {
    pub row: u32,
    pub reason: String,
}

/// What "save rows with errors" sends: the file and choices it was read with, and the words.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FailedRowsRequest {
    pub token: u32,
    pub choices: ImportChoices,
    /// The added column's header, in the interface language.
    pub reason_header: String,
    pub reasons: Vec<RowReason>,
    /// `;` when the interface is Russian (Excel's list separator there), else `,`.
    pub separator: Separator,
    pub suggested_name: String,
}

/// Saves the failed rows as a CSV to fix and import again, where the person chooses (the native
/// save dialog). False when the person cancels the dialog.
#[tauri::command(async)]
#[specta::specta]
pub fn save_failed_rows(
    app: AppHandle,
    files: State<'_, ImportFiles>,
    request: FailedRowsRequest,
) -> Result<bool, IpcError> {
    let (bytes, name, _) = files.read_as_previewed(request.token)?;
    let source = ImportSource {
        bytes: &bytes,
        file_name: &name,
    };
    let reasons: Vec<(u32, String)> = request
        .reasons
        .into_iter()
        .map(|r| (r.row, r.reason))
        .collect();
    let csv = import::failed_rows_csv(
        source,
        &request.choices,
        &request.reason_header,
        &reasons,
        request.separator,
    )?;
    // The save dialog every export uses (a debug build's e2e tests name a folder instead).
    let Some(path) = crate::files::choose_save(&app, &request.suggested_name)? else {
        return Ok(false);
    };
    vetta_core::export::write_atomically(&path, |w| {
        w.write_all(&csv).map_err(|source| vetta_core::Error::Io {
            path: path.clone(),
            source,
        })
    })
    .map_err(IpcError::from)?;
    Ok(true)
}

/// Test support, in debug builds only: `VETTA_TEST_DROP=<file>` drops that file on the window once
/// the page watches for drops — the path a real drop takes from there on.
pub fn test_drop(app: &AppHandle) {
    #[cfg(debug_assertions)]
    use tauri::Manager;
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os("VETTA_TEST_DROP") {
        let app = app.clone();
        std::thread::spawn(move || {
            for _ in 0..600 {
                let files = app.state::<ImportFiles>();
                let watching = files.drops.lock().map(|d| d.is_some()).unwrap_or(false);
                if watching {
                    files.dropped(PathBuf::from(&path));
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        });
    }
    #[cfg(not(debug_assertions))]
    let _ = app;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_as_changed(read: Result<(Vec<u8>, String, u64), IpcError>) -> bool {
        matches!(
            read,
            Err(IpcError::FileRefused {
                problem: FileProblem::Changed,
                ..
            })
        )
    }

    #[test]
    fn what_follows_a_preview_reads_the_bytes_it_read_or_is_refused() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("partners.csv");
        std::fs::write(&path, "Name,Kind\nNorth Star,agency\n").expect("written");
        let files = ImportFiles::default();
        let token = files.offer(path.clone()).token;
        // Nothing previewed yet: nothing to follow.
        assert!(refused_as_changed(files.read_as_previewed(token)));
        // As the preview command does: the bytes read, their fingerprint remembered.
        let preview = |token| {
            let (bytes, _) = read(&path).expect("read");
            files.previewed(token, fingerprint(&bytes));
            bytes
        };
        let previewed = preview(token);
        let (same, name, _) = files.read_as_previewed(token).expect("the same bytes");
        assert_eq!((same, name.as_str()), (previewed, "partners.csv"));
        // Saved again with one row more, and with the same length but another letter.
        std::fs::write(&path, "Name,Kind\nNorth Star,agency\nSouth,studio\n").expect("written");
        assert!(refused_as_changed(files.read_as_previewed(token)));
        preview(token);
        assert!(files.read_as_previewed(token).is_ok());
        std::fs::write(&path, "Name,Kind\nNorth Star,agency\nSouth,stUdio\n").expect("written");
        assert!(refused_as_changed(files.read_as_previewed(token)));
        // Each file by its own token.
        let other = files.offer(path).token;
        assert!(refused_as_changed(files.read_as_previewed(other)));
    }

    #[test]
    fn the_kept_plan_is_the_last_previews_and_is_taken_once() {
        let dir = tempfile::tempdir().expect("a folder");
        let (store, _) = vetta_core::Store::open_in_dir(dir.path(), now()).expect("opens");
        let planned = || {
            let source = ImportSource {
                bytes: b"Name;Markets;City\nNorth;RU;Moscow\n",
                file_name: "a.csv",
            };
            let choices = ImportChoices::default();
            store
                .preview_import(store.write_stamp(), source, &choices, now())
                .expect("previewed")
                .1
        };
        let files = ImportFiles::default();
        files.keep(1, planned(), Vec::new());
        files.keep(2, planned(), Vec::new());
        assert!(files.take_kept(1).is_none(), "file 2 was previewed last");
        files.keep(1, planned(), Vec::new());
        assert!(files.take_kept(1).is_some());
        assert!(files.take_kept(1).is_none(), "an import takes it");
    }
}
