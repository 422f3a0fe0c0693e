// Declares the app's own commands so that each needs an explicit permission in
// `capabilities/main.json`: a command not listed there cannot be called from the window.
fn main() {
    let commands = &[
        "app_status",
        "get_settings",
        "set_language",
        "set_time_zone",
        "backup_now",
        "list_backups",
        "restore_backup",
        "list_markets",
        "add_market",
        "list_partners",
        "add_partner",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri-build failed: see the message above");
}
