// Declares the app's own commands so that each needs an explicit permission in
// `capabilities/main.json`: a command not listed there cannot be called from the window.
fn main() {
    let commands = &[
        "app_status",
        "get_settings",
        "set_language",
        "set_time_zone",
        "set_user_name",
        "backup_now",
        "list_backups",
        "restore_backup",
        "list_markets",
        "add_market",
        "list_partners",
        "add_partner",
        "edit_partner",
        "list_frameworks",
        "get_framework",
        "create_framework_version",
        "make_framework_default",
        "set_framework_archived",
        "submit_scorecard",
        "get_scorecards",
        "raise_flag",
        "resolve_flag",
        "override_flag",
        "create_pilot",
        "update_pilot_scope",
        "agree_pilot_metrics",
        "start_pilot",
        "log_deliverable",
        "record_delivery",
        "log_revision_round",
        "log_approval",
        "record_metric_actual",
        "get_pilot",
        "record_debrief",
        "record_decision",
        "correct_decision",
        "get_dossier",
        "get_pipeline",
        "get_reminders",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri-build failed: see the message above");
}
