//! Vetta's desktop shell: opens the store, registers the typed commands, shows the window.

mod commands;
mod error;
mod files;
mod import;
mod pdf;
mod sharing;
mod state;

use std::path::PathBuf;

use tauri::Manager;
use tauri_specta::{collect_commands, Builder};
use vetta_core::error::{Field, TransitionAction, TransitionState};

pub use error::IpcError;

/// Every command the window can call; the one list both the app and the bindings come from.
/// Also exports, as constants, every field an error can name and every action and state an
/// `invalid_transition` error can name, so the UI's tests can check that each has a text; and the
/// confidence bands a decision accepts, so the decision form offers exactly those.
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .constant("FIELDS", Field::ALL)
        .constant("TRANSITION_ACTIONS", TransitionAction::ALL)
        .constant("TRANSITION_STATES", TransitionState::ALL)
        .constant("CONFIDENCE_BANDS", vetta_core::decision::CONFIDENCE_BANDS)
        .commands(collect_commands![
            commands::app_status,
            commands::check_data,
            commands::get_settings,
            commands::set_language,
            commands::set_time_zone,
            commands::set_user_name,
            commands::backup_now,
            commands::list_backups,
            commands::restore_backup,
            commands::list_markets,
            commands::add_market,
            commands::list_partners,
            commands::add_partner,
            commands::edit_partner,
            commands::merge_partners,
            commands::set_contacts_local,
            commands::list_frameworks,
            commands::get_framework,
            commands::create_framework_version,
            commands::make_framework_default,
            commands::set_framework_archived,
            commands::submit_scorecard,
            commands::get_scorecards,
            commands::raise_flag,
            commands::resolve_flag,
            commands::override_flag,
            commands::create_pilot,
            commands::update_pilot_scope,
            commands::agree_pilot_metrics,
            commands::start_pilot,
            commands::log_deliverable,
            commands::record_delivery,
            commands::mark_compliance,
            commands::set_usage_rights,
            commands::set_payment_route,
            commands::log_revision_round,
            commands::log_approval,
            commands::record_metric_actual,
            commands::get_pilot,
            commands::record_debrief,
            commands::record_decision,
            commands::correct_decision,
            commands::review_decision,
            commands::get_dossier,
            commands::get_board,
            commands::get_pipeline,
            commands::get_insights,
            commands::warm_insights,
            commands::get_reminders,
            commands::zoned_instants,
            commands::resolve_wall_time,
            commands::search_time_zones,
            commands::system_time_zone,
            commands::export_workspace,
            commands::export_progress,
            sharing::sharing_status,
            sharing::sharing_overview,
            sharing::start_sharing,
            sharing::sync_now,
            commands::restore_workspace,
            commands::export_list,
            commands::export_report,
            import::choose_import_file,
            import::watch_dropped_files,
            import::import_preview,
            import::run_import,
            import::cancel_import,
            import::leave_import,
            import::save_failed_rows,
        ])
}

/// The header every generated bindings file starts with.
pub const BINDINGS_HEADER: &str =
    "// Generated from the Rust commands by `make bindings`. Do not edit by hand.\n// @ts-nocheck";

/// Writes the TypeScript bindings for every command and type to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder()
        .export(
            specta_typescript::Typescript::default().header(BINDINGS_HEADER),
            path,
        )
        .map_err(|e| e.to_string())
}

/// The data directory: `--data-dir DIR` (or `--data-dir=DIR`), else `VETTA_DATA_DIR`, else `None`
/// (the caller then uses the OS data directory).
fn data_dir_override(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(dir) = arg.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(dir));
        }
    }
    std::env::var_os("VETTA_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Whether `url` is the app's own page: the frontend embedded in the binary, served under
/// `tauri://localhost` (Linux, macOS) or `http(s)://tauri.localhost` (Windows). There is no dev
/// server URL (see tauri.conf.json), so nothing else is ever Vetta.
fn is_app_origin(url: &tauri::Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        ("http" | "https", Some("tauri.localhost")) => url.port().is_none(),
        _ => false,
    }
}

/// The main window, from its entry in tauri.conf.json (`create: false` there), with the guards
/// that keep it on the app: a navigation anywhere else is refused (the page stays, its IPC still
/// answers), and a request for a new window (`window.open`, a link with a target) is denied.
fn main_window(app: &tauri::App) -> tauri::Result<()> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    let window = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
        .on_navigation(|url| {
            let allowed = is_app_origin(url);
            if !allowed {
                eprintln!("vetta: refused a navigation away from the app: {url}");
            }
            allowed
        })
        .on_new_window(|url, _| {
            eprintln!("vetta: refused to open a new window: {url}");
            tauri::webview::NewWindowResponse::Deny
        })
        .build()?;
    // A file dropped on the window is offered for import: the page gets a token, never the path.
    let handle = app.handle().clone();
    window.on_window_event(move |event| {
        if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
            if let Some(path) = paths.first() {
                handle.state::<import::ImportFiles>().dropped(path.clone());
            }
        }
    });
    Ok(())
}

pub fn run() {
    let builder = specta_builder();
    let result = tauri::Builder::default()
        // The native file dialogs, opened from Rust only: the window has no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .manage(import::ImportFiles::default())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let data_dir = match data_dir_override(std::env::args().skip(1)) {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            // The state (and the data folder's lock) exists before the window can ask for it.
            app.manage(state::AppState::open(&data_dir));
            app.manage(files::Progress::default());
            main_window(app)?;
            import::test_drop(app.handle());
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("vetta: the app could not start: {error}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn data_dir_comes_from_either_flag_form() {
        assert_eq!(
            data_dir_override(args(&["--data-dir", "/tmp/a"])),
            Some(PathBuf::from("/tmp/a"))
        );
        assert_eq!(
            data_dir_override(args(&["--data-dir=/tmp/b"])),
            Some(PathBuf::from("/tmp/b"))
        );
    }

    #[test]
    fn only_the_apps_own_origin_may_load() {
        let allowed = |u: &str| is_app_origin(&u.parse().expect("a URL"));
        for own in [
            "tauri://localhost",
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
            "https://tauri.localhost/assets/x.js",
        ] {
            assert!(allowed(own), "{own} is the app");
        }
        for foreign in [
            "https://example.com",
            "http://localhost:1420/",
            "tauri://evil.com",
            "http://tauri.localhost.evil.com/",
            "http://tauri.localhost:8080/",
            "file:///etc/passwd",
            "about:blank",
            "data:text/html,hi",
            "javascript:alert(1)",
        ] {
            assert!(!allowed(foreign), "{foreign} is not the app");
        }
    }

    /// The window is built in `main_window`, with its guards; the config must not also create it.
    #[test]
    fn the_main_window_is_made_by_the_code_that_guards_it() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("valid JSON");
        assert_eq!(config["app"]["windows"][0]["label"], "main");
        assert_eq!(config["app"]["windows"][0]["create"], false);
        assert_eq!(config["app"]["security"]["freezePrototype"], true);
    }

    /// Every command is declared in build.rs, allowed in the capability and registered with specta:
    /// a command missing from one list is either uncallable or unguarded.
    #[test]
    fn command_lists_agree() {
        fn sorted(mut v: Vec<String>) -> Vec<String> {
            v.sort();
            v
        }
        let commands_rs = concat!(
            include_str!("commands.rs"),
            include_str!("import.rs"),
            include_str!("sharing.rs")
        );
        let defined: Vec<String> = commands_rs
            .split("#[tauri::command")
            .skip(1)
            .filter_map(|chunk| chunk.split("fn ").nth(1))
            .filter_map(|rest| rest.split('(').next())
            .map(str::to_owned)
            .collect();
        let build_rs = include_str!("../build.rs");
        let declared: Vec<String> = build_rs
            .split("let commands = &[")
            .nth(1)
            .and_then(|rest| rest.split("];").next())
            .unwrap_or_default()
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main.json")).expect("valid JSON");
        let allowed: Vec<String> = capability["permissions"]
            .as_array()
            .expect("a permissions list")
            .iter()
            .filter_map(|p| p.as_str())
            .map(|p| p.trim_start_matches("allow-").replace('-', "_"))
            .collect();
        let registered = specta_builder_command_names();
        assert!(!defined.is_empty(), "commands.rs defines commands");
        assert_eq!(
            sorted(declared),
            sorted(defined.clone()),
            "build.rs lists every command"
        );
        assert_eq!(
            sorted(allowed),
            sorted(defined.clone()),
            "the capability allows exactly the commands"
        );
        assert_eq!(
            sorted(registered),
            sorted(defined),
            "specta_builder registers every command"
        );
    }

    /// A write waits for the quick check after start-up and holds the store's lock; a read may
    /// take tens of milliseconds at 100k partners: none may run on the main thread, where it
    /// would hold the window. So every command, read or write, is `command(async)` or an
    /// `async fn` (Tauri's blocking pool or its async runtime), and reads go to the reader.
    #[test]
    fn every_command_runs_off_the_main_thread() {
        let source = concat!(
            include_str!("commands.rs"),
            include_str!("import.rs"),
            include_str!("sharing.rs")
        );
        let mut reads = 0;
        for chunk in source.split("#[tauri::command").skip(1) {
            let name = chunk.split("fn ").nth(1).and_then(|r| r.split('(').next());
            let header = chunk.split('{').next().unwrap_or_default();
            assert!(
                chunk.starts_with("(async)]") || header.contains("pub async fn"),
                "{name:?} would run on the main thread: mark it #[tauri::command(async)]"
            );
            if chunk.contains("state.read(") {
                reads += 1;
            }
        }
        assert!(reads >= 15, "the read commands were found ({reads})");
    }

    fn specta_builder_command_names() -> Vec<String> {
        let source = include_str!("lib.rs");
        source
            .split("collect_commands![")
            .nth(1)
            .and_then(|rest| rest.split("])").next())
            .unwrap_or_default()
            .split(',')
            .filter_map(|path| path.trim().rsplit("::").next())
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The committed `ui/src/bindings.ts` must be what the commands generate now.
    #[test]
    fn committed_bindings_are_current() {
        let committed_path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let fresh_path =
            std::env::temp_dir().join(format!("vetta-bindings-check-{}.ts", std::process::id()));
        export_bindings(&fresh_path).expect("bindings export");
        let fresh = std::fs::read_to_string(&fresh_path).expect("fresh bindings readable");
        let _ = std::fs::remove_file(&fresh_path);
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/bindings.ts is stale: run `make bindings` and commit the result"
        );
    }
}
