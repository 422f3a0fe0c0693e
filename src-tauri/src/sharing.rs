//! The sharing commands (design/SYNC.md): the status, starting to share through a folder the
//! person picks, and one sync (this device's changes out, the other devices' in).

use tauri::State;
use vetta_core::store::{now, ShareSetup, SharingOverview, SharingStatus};
use vetta_core::sync::apply::ApplyReport;

use crate::error::IpcError;
use crate::files;
use crate::state::AppState;

/// Sharing (design/SYNC.md): its settings, or `null` while this installation shares nothing.
#[tauri::command(async)]
#[specta::specta]
pub fn sharing_status(state: State<'_, AppState>) -> Result<Option<SharingStatus>, IpcError> {
    state.read(|store| store.sharing_status())
}

/// The Sharing page: every other device, its files applied, held (and why) and waiting, the
/// clock warning; `null` while this installation shares nothing.
#[tauri::command(async)]
#[specta::specta]
pub fn sharing_overview(state: State<'_, AppState>) -> Result<Option<SharingOverview>, IpcError> {
    state.read(|store| store.sharing_overview(now()))
}

/// Starts sharing through a folder picked in the native dialog: joins `workspace`, or creates
/// one; `None` when the person cancels.
#[tauri::command(async)]
#[specta::specta]
pub fn start_sharing(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    device_name: String,
    workspace: Option<String>,
) -> Result<Option<SharingStatus>, IpcError> {
    let Some(folder) = files::choose_folder(&app)? else {
        return Ok(None);
    };
    let setup = ShareSetup {
        folder,
        workspace,
        device_name,
    };
    state.write(|store| store.start_sharing(&setup)).map(Some)
}

/// Writes this device's changes to the share folder, then applies the other devices'.
#[tauri::command(async)]
#[specta::specta]
pub fn sync_now(state: State<'_, AppState>) -> Result<ApplyReport, IpcError> {
    state.write(|store| {
        store.export_changes()?;
        store.apply_changes()
    })
}
