//! End-to-end: the data stays safe against a doctored backup, a damaged file, a second start on
//! the same folder and a page that tries to take the window elsewhere.

mod e2e_support;

use std::path::Path;

use e2e_support::{fail, Harness, TestResult};
use vetta_core::testing::new_partner;
use vetta_core::Store;

fn names_in_db(h: &Harness) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let conn = rusqlite::Connection::open_with_flags(
        h.db_path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let mut stmt = conn.prepare("SELECT name FROM partners ORDER BY name")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A data folder holding `kept` in a backup, and `later` added after it. Returns the backup's name.
fn folder_with_a_backup(dir: &Path, kept: &str, later: &str) -> String {
    let now = vetta_core::store::now();
    let (mut store, _) = Store::open_in_dir(dir, now).expect("creates the store");
    store.add_partner(&new_partner(kept), now).expect("adds");
    let backup = store.backup_now(dir, now).expect("backs up");
    store.add_partner(&new_partner(later), now).expect("adds");
    backup.file_name
}

async fn doctored_backup_body(h: &mut Harness) -> TestResult {
    h.launch().await?;
    let before = names_in_db(h)?;
    h.click("[data-testid=lang-ru]").await?;
    h.click("[data-testid=nav-settings]").await?;
    let row = "[data-file=\"vetta-doctored.sqlite3\"]";
    h.click(&format!("{row} [data-testid=restore]")).await?;
    h.click(&format!("{row} [data-testid=restore-yes]")).await?;
    h.wait_text("[data-testid=backup-error]", "не восстановлена")
        .await?;
    h.wait_text("[data-testid=backup-error]", "Ваши данные не тронуты")
        .await?;
    h.screenshot("ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=backup-error]", "not what Vetta writes")
        .await?;
    if names_in_db(h)? != before {
        return Err(fail("the refused backup changed the data"));
    }
    // The app goes on working on the file it had.
    h.click("[data-testid=nav-partners]").await?;
    h.wait_text("[data-testid=partner-table]", "Later").await?;
    Ok(())
}

#[tokio::test]
async fn a_doctored_backup_is_refused_in_the_window_and_changes_nothing() {
    let mut h = Harness::start_with("doctored-backup", |dir| {
        let good = folder_with_a_backup(dir, "Kept", "Later");
        let backups = dir.join("backups");
        let doctored = backups.join("vetta-doctored.sqlite3");
        std::fs::copy(backups.join(good), &doctored).expect("copies the backup");
        rusqlite::Connection::open(&doctored)
            .expect("opens the copy")
            .execute_batch(
                "CREATE TRIGGER rename AFTER INSERT ON partners BEGIN
                     UPDATE partners SET name = 'Mallory' WHERE id = new.id; END;",
            )
            .expect("adds a foreign trigger");
    })
    .await;
    let result = doctored_backup_body(&mut h).await;
    h.finish(result).await;
}

async fn damaged_file_body(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text("[data-testid=start-error-message]", "повреждён")
        .await?;
    h.wait_text("[data-testid=start-error]", "указанный выше файл")
        .await?;
    h.el("[data-testid=backup-row]").await?;
    h.screenshot("ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=start-error-message]", "damaged")
        .await?;
    h.wait_text("[data-testid=start-error]", "the file named above")
        .await?;
    h.screenshot("en").await?;

    // Restored from the keyboard, as a person without a mouse would: Enter on "Restore…" moves
    // focus to the confirmation, Escape closes it and gives the focus back, Enter there restores.
    h.el("[data-testid=restore]")
        .await?
        .send_keys("\u{E007}")
        .await?;
    h.wait_focus("[data-testid=restore-yes]").await?;
    h.send_escape().await?;
    h.wait_focus("[data-testid=restore]").await?;
    h.client()?
        .active_element()
        .await?
        .send_keys("\u{E007}")
        .await?;
    h.wait_focus("[data-testid=restore-yes]").await?;
    h.client()?
        .active_element()
        .await?
        .send_keys("\u{E007}")
        .await?;
    h.click("[data-testid=nav-partners]").await?;
    h.wait_text("[data-testid=partner-table]", "Kept").await?;
    let names = names_in_db(h)?;
    if names != vec!["Kept".to_owned()] {
        return Err(fail(format!("after the restore the file holds {names:?}")));
    }
    let kept_damaged = std::fs::read_dir(h.data_dir.path().join("backups"))?
        .flatten()
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("vetta-damaged-")
        });
    if !kept_damaged {
        return Err(fail("the damaged file was not kept"));
    }
    Ok(())
}

#[tokio::test]
async fn a_damaged_file_is_reported_and_a_backup_restores_from_that_screen() {
    let mut h = Harness::start_with("damaged-file", |dir| {
        folder_with_a_backup(dir, "Kept", "Later");
        // Damage every page after the first two: the header and the schema stay readable, so
        // only the quick check at open finds it.
        let db = dir.join("vetta.sqlite3");
        let mut bytes = std::fs::read(&db).expect("reads the file");
        for b in &mut bytes[2 * 4096..] {
            *b ^= 0xA5;
        }
        std::fs::write(&db, bytes).expect("damages the file");
    })
    .await;
    let result = damaged_file_body(&mut h).await;
    h.finish(result).await;
}

async fn damaged_while_open_body(h: &mut Harness, damaged: &[u8]) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    // The first screen may paint before the quick check ends; then the window moves here.
    h.wait_text("[data-testid=start-error-message]", "damaged")
        .await?;
    h.el("[data-testid=backup-row]").await?;
    if std::fs::read(h.db_path())? != damaged {
        return Err(fail("the damaged file was written to"));
    }
    h.click("[data-testid=restore]").await?;
    h.click("[data-testid=restore-yes]").await?;
    h.click("[data-testid=nav-partners]").await?;
    h.wait_text("[data-testid=partner-count]", "300").await?;
    Ok(())
}

#[tokio::test]
async fn damage_found_after_the_first_screen_stops_the_app_and_a_backup_restores() {
    let mut damaged = Vec::new();
    let mut h = Harness::start_with("damaged-later", |dir| {
        let now = vetta_core::store::now();
        let (mut store, _) = Store::open_in_dir(dir, now).expect("creates the store");
        for i in 0..300 {
            let partner = vetta_core::partner::NewPartner {
                notes: "notes ".repeat(200),
                ..new_partner(&format!("Partner {i:03}"))
            };
            store.add_partner(&partner, now).expect("adds");
        }
        store.backup_now(dir, now).expect("backs up");
        drop(store);
        // The back half of the file: the header, the schema and the settings the start reads stay
        // whole, so the store opens; the quick check (or the first read of those pages) finds it.
        let db = dir.join("vetta.sqlite3");
        let mut bytes = std::fs::read(&db).expect("reads the file");
        let half = bytes.len() / 2 / 4096 * 4096;
        for b in &mut bytes[half..] {
            *b ^= 0xA5;
        }
        std::fs::write(&db, &bytes).expect("damages the file");
        damaged = bytes;
    })
    .await;
    let result = damaged_while_open_body(&mut h, &damaged).await;
    h.finish(result).await;
}

async fn second_start_body(h: &mut Harness, second: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=nav-partners]").await?;
    second.launch().await?;
    second.click("[data-testid=lang-en]").await?;
    second
        .wait_text("[data-testid=start-error]", "Vetta is already open")
        .await?;
    let shown = second
        .wait_text(
            "[data-testid=start-error-message]",
            "already open on this data folder",
        )
        .await?;
    if !shown.contains(&h.data_dir.path().display().to_string()) {
        return Err(fail(format!(
            "the message does not name the folder: {shown:?}"
        )));
    }
    if second.visible_text().await?.contains("Restore") {
        return Err(fail("a second app offers to restore under the first"));
    }
    second.screenshot("en").await?;
    second.click("[data-testid=lang-ru]").await?;
    second
        .wait_text(
            "[data-testid=start-error]",
            "Vetta уже открыта с этой папкой данных",
        )
        .await?;
    second.screenshot("ru").await?;
    // The first window goes on working.
    h.type_into("[data-testid=partner-name]", "Still mine")
        .await?;
    h.click("[data-testid=market-RU]").await?;
    h.type_into("[data-testid=partner-tz]", "Europe/Moscow")
        .await?;
    h.click("[data-testid=partner-submit]").await?;
    h.wait_text("[data-testid=partner-table]", "Still mine")
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_second_start_on_the_same_folder_says_vetta_is_already_open() {
    let mut h = Harness::start("first-app").await;
    let mut second = h.second_app("second-app");
    let result = second_start_body(&mut h, &mut second).await;
    second.finish(Ok(())).await;
    h.finish(result).await;
}

async fn navigation_body(h: &mut Harness) -> TestResult {
    h.launch().await?;
    let client = h.client()?;
    client
        .execute(
            "window.location = 'https://example.com'; window.open('https://example.com/popup');",
            vec![],
        )
        .await?;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let href = client.execute("return location.href;", vec![]).await?;
    if !href
        .as_str()
        .unwrap_or_default()
        .starts_with("tauri://localhost")
    {
        return Err(fail(format!("the window left the app: {href}")));
    }
    let windows = client.windows().await?;
    if windows.len() != 1 {
        return Err(fail(format!("{} windows are open", windows.len())));
    }
    // IPC still answers, and the app still works.
    let status = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('app_status')
               .then((s) => done(s.dataFile), (e) => done('refused: ' + JSON.stringify(e)));",
            vec![],
        )
        .await?;
    if status.as_str() != Some(h.db_path().display().to_string().as_str()) {
        return Err(fail(format!("IPC after the navigation: {status}")));
    }
    h.click("[data-testid=nav-partners]").await?;
    h.type_into("[data-testid=partner-name]", "After the attempt")
        .await?;
    h.click("[data-testid=market-US]").await?;
    h.type_into("[data-testid=partner-tz]", "America/New_York")
        .await?;
    h.click("[data-testid=partner-submit]").await?;
    h.wait_text("[data-testid=partner-table]", "After the attempt")
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_page_cannot_take_the_window_off_the_app() {
    let mut h = Harness::start("navigation").await;
    let result = navigation_body(&mut h).await;
    h.finish(result).await;
}
