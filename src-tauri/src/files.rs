//! Files the person chooses: the native save and open dialogs (the official dialog plugin, opened
//! from Rust, so the page never hands a path to a command and the window is granted no dialog
//! permission), what is written into them (always atomically: core's `write_atomically`, or the
//! PDF's own rename), and the progress of a long export, which the window polls.
//!
//! End-to-end tests cannot drive a native dialog: a debug build reads `VETTA_TEST_DIALOG_DIR`
//! instead (save: that folder and the proposed name; open: the newest file there with the
//! extension). A release build never reads it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;

use crate::error::IpcError;

/// How far a long export has come: rows written of the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    pub done: u32,
    pub total: u32,
}

/// The running export's progress, if one runs.
#[derive(Default)]
pub struct Progress(Mutex<Option<ExportProgress>>);

impl Progress {
    pub fn set(&self, value: Option<ExportProgress>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = value;
    }

    pub fn get(&self) -> Option<ExportProgress> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A file written: its name (as the person chose it) and how many rows went in.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Saved {
    pub file_name: String,
    pub rows: u32,
    /// The PDF could not be written to the file; the print dialog was shown instead.
    pub print_dialog: bool,
}

impl Saved {
    pub fn new(path: &Path, rows: u32) -> Saved {
        Saved {
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            rows,
            print_dialog: false,
        }
    }
}

#[cfg(debug_assertions)]
fn test_dir() -> Option<PathBuf> {
    std::env::var_os("VETTA_TEST_DIALOG_DIR").map(PathBuf::from)
}

#[cfg(not(debug_assertions))]
fn test_dir() -> Option<PathBuf> {
    None
}

fn main_window(app: &AppHandle) -> Option<tauri::WebviewWindow> {
    app.get_webview_window("main")
}

/// The save dialog, proposing `name` (whose extension is the filter); `None` when cancelled. A
/// name typed without the extension gets it.
pub fn choose_save(app: &AppHandle, name: &str) -> Result<Option<PathBuf>, IpcError> {
    let ext = name.rsplit('.').next().unwrap_or_default();
    if let Some(dir) = test_dir() {
        return Ok(Some(dir.join(name)));
    }
    let mut dialog = app
        .dialog()
        .file()
        .set_file_name(name)
        .add_filter(ext.to_uppercase(), &[ext]);
    if let Some(window) = main_window(app) {
        dialog = dialog.set_parent(&window);
    }
    let Some(chosen) = dialog.blocking_save_file() else {
        return Ok(None);
    };
    let mut path = chosen.into_path().map_err(|e| {
        eprintln!("vetta: the save dialog gave no file path: {e}");
        IpcError::Storage
    })?;
    let has_ext = path
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext));
    if !has_ext {
        let mut with = path.into_os_string();
        with.push(format!(".{ext}"));
        path = PathBuf::from(with);
    }
    Ok(Some(path))
}

/// The open dialog for a file with extension `ext`; `None` when cancelled.
pub fn choose_open(app: &AppHandle, ext: &str) -> Result<Option<PathBuf>, IpcError> {
    if let Some(dir) = test_dir() {
        let newest = std::fs::read_dir(&dir)
            .map_err(|e| file_system(&dir, e))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == ext))
            .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok());
        return Ok(newest.map(|e| e.path()));
    }
    let mut dialog = app.dialog().file().add_filter(ext.to_uppercase(), &[ext]);
    if let Some(window) = main_window(app) {
        dialog = dialog.set_parent(&window);
    }
    match dialog.blocking_pick_file() {
        None => Ok(None),
        Some(chosen) => chosen.into_path().map(Some).map_err(|e| {
            eprintln!("vetta: the open dialog gave no file path: {e}");
            IpcError::Storage
        }),
    }
}

/// The folder dialog (the share folder); `None` when cancelled.
pub fn choose_folder(app: &AppHandle) -> Result<Option<PathBuf>, IpcError> {
    if let Some(dir) = test_dir() {
        return Ok(Some(dir));
    }
    let mut dialog = app.dialog().file();
    if let Some(window) = main_window(app) {
        dialog = dialog.set_parent(&window);
    }
    match dialog.blocking_pick_folder() {
        None => Ok(None),
        Some(chosen) => chosen.into_path().map(Some).map_err(|e| {
            eprintln!("vetta: the folder dialog gave no path: {e}");
            IpcError::Storage
        }),
    }
}

pub fn file_system(path: &Path, error: std::io::Error) -> IpcError {
    IpcError::from(vetta_core::Error::Io {
        path: path.to_owned(),
        source: error,
    })
}

/// A file name from a person's text (a partner's name): kept as typed but for what no file name
/// may hold (`/`, NUL, control characters), at most 80 characters.
pub fn file_stem(text: &str) -> String {
    let stem: String = text
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(80)
        .collect();
    let stem = stem.trim().trim_start_matches('.').to_owned();
    if stem.is_empty() {
        "vetta".to_owned()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_stem_keeps_the_name_but_not_a_path() {
        assert_eq!(
            file_stem("Агентство «Тёплый свет»"),
            "Агентство «Тёплый свет»"
        );
        assert_eq!(file_stem("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(file_stem("a\u{0}b\nc"), "a_b_c");
        assert_eq!(file_stem("  "), "vetta");
    }
}
