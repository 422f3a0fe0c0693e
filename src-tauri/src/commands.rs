//! The commands the window may call. Each one locks the store, calls one core method (one
//! transaction), and maps the error. `now` is read here, at the edge, and passed in.

use serde::Serialize;
use tauri::State;
use vetta_core::backup::{self, BackupInfo};
use vetta_core::market::Market;
use vetta_core::partner::{NewPartner, Partner, PartnerPage, PartnerQuery};
use vetta_core::settings::{Language, Settings};
use vetta_core::store::now;

use crate::error::IpcError;
use crate::state::AppState;

/// Where the data lives and which schema it has; or why the store could not open.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub data_file: String,
    pub schema_version: u32,
    /// The copy taken before a schema upgrade at this start, if any.
    pub backup: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn app_status(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    state.status()
}

#[tauri::command]
#[specta::specta]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, IpcError> {
    state.read(|store| store.settings())
}

#[tauri::command]
#[specta::specta]
pub fn set_language(state: State<'_, AppState>, language: Language) -> Result<Settings, IpcError> {
    state.write(|store| store.set_language(language, now()))
}

#[tauri::command]
#[specta::specta]
pub fn set_time_zone(state: State<'_, AppState>, time_zone: String) -> Result<Settings, IpcError> {
    state.write(|store| store.set_time_zone(&time_zone, now()))
}

#[tauri::command]
#[specta::specta]
pub fn backup_now(state: State<'_, AppState>) -> Result<BackupInfo, IpcError> {
    state.read(|store| store.backup_now(state.data_dir(), now()))
}

#[tauri::command]
#[specta::specta]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, IpcError> {
    backup::list_backups(state.data_dir()).map_err(IpcError::from)
}

/// Restores the backup with this file name (from `list_backups`); the current file is backed up first.
#[tauri::command]
#[specta::specta]
pub fn restore_backup(state: State<'_, AppState>, file_name: String) -> Result<AppStatus, IpcError> {
    state.restore(&file_name)
}

#[tauri::command]
#[specta::specta]
pub fn list_markets(state: State<'_, AppState>) -> Result<Vec<Market>, IpcError> {
    state.read(|store| store.list_markets())
}

#[tauri::command]
#[specta::specta]
pub fn add_market(state: State<'_, AppState>, code: String) -> Result<Market, IpcError> {
    state.write(|store| store.add_market(&code, now()))
}

#[tauri::command]
#[specta::specta]
pub fn list_partners(
    state: State<'_, AppState>,
    query: PartnerQuery,
) -> Result<PartnerPage, IpcError> {
    state.read(|store| store.list_partners(&query))
}

#[tauri::command]
#[specta::specta]
pub fn add_partner(state: State<'_, AppState>, input: NewPartner) -> Result<Partner, IpcError> {
    state.write(|store| store.add_partner(&input, now()))
}
