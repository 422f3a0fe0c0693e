//! Vetta's desktop shell: opens the store, registers the typed commands, shows the window.

mod commands;
mod error;
mod state;

use std::path::PathBuf;

use tauri::Manager;
use tauri_specta::{collect_commands, Builder};

pub use error::IpcError;

/// Every command the window can call; the one list both the app and the bindings come from.
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new().commands(collect_commands![
        commands::app_status,
        commands::get_settings,
        commands::set_language,
        commands::set_time_zone,
        commands::backup_now,
        commands::list_backups,
        commands::restore_backup,
        commands::list_markets,
        commands::add_market,
        commands::list_partners,
        commands::add_partner,
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

pub fn run() {
    let builder = specta_builder();
    let result = tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let data_dir = match data_dir_override(std::env::args().skip(1)) {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            app.manage(state::AppState::open(&data_dir));
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
