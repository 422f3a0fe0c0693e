//! The packaging smoke test: the installed app (`VETTA_APP=/usr/bin/vetta`, set by
//! `tests/package/smoke.sh`, which installs the .deb first and removes it after), started as a
//! person starts it: no data folder named, so it keeps its data in the OS data folder (a temp
//! `XDG_DATA_HOME` here). Not part of `make e2e` (its name does not start with `e2e`): `make
//! package` runs it. Any build of the app passes it too (`VETTA_APP` defaults to the debug one).

mod e2e_support;

use std::path::{Path, PathBuf};

use e2e_support::{fail, flows, Harness, TestResult};
use rusqlite::{Connection, OpenFlags};

const PARTNER: &str = "Студия «Установка»";

fn user_version(path: &Path) -> Result<u32, Box<dyn std::error::Error>> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

async fn keeps_data_body(h: &mut Harness, second: &mut Harness) -> TestResult {
    h.launch().await?;
    h.el("[data-testid=nav-board]").await?;
    h.click("[data-testid=lang-en]").await?;
    flows::add_partner(h, PARTNER, "Europe/Moscow").await?;
    h.screenshot("added").await?;
    h.quit().await;
    if !h.db_path().is_file() {
        return Err(fail(format!(
            "no data file in the OS data folder: {}",
            h.db_path().display()
        )));
    }

    h.launch().await?;
    flows::open_from_board(h, PARTNER).await?;
    let shown = h.text("[data-testid=data-file]").await?;
    if !shown.contains(&h.db_path().display().to_string()) {
        return Err(fail(format!(
            "the status bar shows {shown:?}, not {}",
            h.db_path().display()
        )));
    }
    h.screenshot("relaunched").await?;

    // A second start on the same folder, while the first runs, is refused.
    second.launch().await?;
    second.click("[data-testid=lang-en]").await?;
    second
        .wait_text("[data-testid=start-error]", "Vetta is already open")
        .await?;
    second.screenshot("second").await?;
    Ok(())
}

#[tokio::test]
async fn the_installed_app_keeps_its_data_in_the_os_data_folder_and_runs_once() {
    let mut h = Harness::start_in_os_data_folder("package-data", |_| {}).await;
    let mut second = h.second_app("package-second");
    let result = keeps_data_body(&mut h, &mut second).await;
    second.finish(Ok(())).await;
    h.finish(result).await;
}

/// The frozen file of the newest schema before the one this build writes: the file a user of the
/// previous release has. Found among `core/tests/fixtures/vN.sql`, so a new migration moves it on.
fn previous_schema_fixture() -> (u32, PathBuf) {
    let latest = vetta_core::Store::open_in_memory(vetta_core::store::now())
        .and_then(|s| s.schema_version())
        .expect("a new store reads its version");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures");
    std::fs::read_dir(&dir)
        .expect("the fixtures folder reads")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?;
            let version: u32 = name.strip_prefix('v')?.strip_suffix(".sql")?.parse().ok()?;
            (version < latest).then_some((version, path))
        })
        .max_by_key(|(version, _)| *version)
        .expect("a frozen file of an older schema")
}

async fn upgrade_body(h: &mut Harness, previous: u32, names: &[String]) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    for name in names {
        flows::open_from_board(h, name).await?;
    }
    h.screenshot("upgraded").await?;
    let backups: Vec<PathBuf> = std::fs::read_dir(h.app_folder().join("backups"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let [backup] = backups.as_slice() else {
        return Err(fail(format!("expected one backup, found {backups:?}")));
    };
    if user_version(backup)? != previous {
        return Err(fail(format!(
            "the backup {} is not the v{previous} file",
            backup.display()
        )));
    }
    // Settings lists it, to restore.
    let file_name = backup
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| fail("the backup's name is not text"))?;
    h.wait_text(".statusbar", "A backup was saved before the upgrade")
        .await?;
    h.wait_text(".statusbar", file_name).await?;
    h.click("[data-testid=nav-settings]").await?;
    h.el(&format!(
        "[data-testid=backup-row][data-file=\"{file_name}\"]"
    ))
    .await?;
    h.screenshot("backup-listed").await?;
    h.quit().await;
    let now = user_version(&h.db_path())?;
    if now <= previous {
        return Err(fail(format!("the file is still at v{now}")));
    }
    Ok(())
}

#[tokio::test]
async fn the_installed_app_upgrades_a_file_of_the_previous_schema_after_a_backup() {
    let (previous, fixture) = previous_schema_fixture();
    let mut names = Vec::new();
    let mut h = Harness::start_in_os_data_folder("package-upgrade", |folder| {
        let sql = std::fs::read_to_string(&fixture).expect("the fixture reads");
        let conn = Connection::open(folder.join("vetta.sqlite3")).expect("creates the file");
        conn.execute_batch(&sql).expect("the fixture loads");
        let mut stmt = conn
            .prepare("SELECT name FROM partners WHERE deleted_at IS NULL ORDER BY name LIMIT 2")
            .expect("prepares");
        names = stmt
            .query_map([], |r| r.get(0))
            .expect("reads names")
            .collect::<Result<_, _>>()
            .expect("reads names");
    })
    .await;
    assert!(!names.is_empty(), "the fixture holds partners");
    let result = upgrade_body(&mut h, previous, &names).await;
    h.finish(result).await;
}
