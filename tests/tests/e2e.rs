//! End-to-end: the built app in a real window, as a person would use it.
//! Run with `make e2e` (it builds the app and installs tauri-driver first).

mod e2e_support;

use e2e_support::{fail, Harness, TestResult};

fn partners_in_db(h: &Harness) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    let conn = rusqlite::Connection::open_with_flags(
        h.db_path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let mut stmt = conn.prepare("SELECT name, home_tz FROM partners ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const STUDIO: &str = "Студия «Полярная звезда»";

async fn add_partner_ru_switch_en_relaunch(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    h.click("[data-testid=nav-partners]").await?;
    h.wait_text(".partner-form h2", "Новый партнёр").await?;
    h.wait_text("[data-testid=partners-empty]", "Партнёров пока нет")
        .await?;

    h.type_into("[data-testid=partner-name]", STUDIO).await?;
    h.el("[data-testid=partner-kind]")
        .await?
        .select_by_value("studio")
        .await?;
    h.click("[data-testid=market-RU]").await?;
    h.click("[data-testid=market-US]").await?;
    h.type_into("[data-testid=partner-tz]", "America/Los_Angeles")
        .await?;
    h.click("[data-testid=partner-submit]").await?;

    h.wait_text("[data-testid=partner-row-name]", STUDIO)
        .await?;
    h.wait_text("[data-testid=partner-count]", "1 партнёр")
        .await?;
    h.wait_text("[data-testid=partner-table]", "Студия").await?;
    h.wait_text("[data-testid=partner-table]", "RU · US")
        .await?;
    h.screenshot("ru").await?;

    h.click("[data-testid=lang-en]").await?;
    h.wait_text(".partner-form h2", "Add a partner").await?;
    h.wait_text("[data-testid=partner-count]", "1 partner")
        .await?;
    h.wait_text("[data-testid=partner-table]", "Studio").await?;
    let body = h.visible_text().await?;
    for russian in ["Новый партнёр", "Название", "Партнёры", "Рынки"]
    {
        if body.contains(russian) {
            return Err(fail(format!(
                "after switching to English, {russian:?} is still shown"
            )));
        }
    }
    h.screenshot("en").await?;

    // Quit and relaunch on the same data directory.
    h.quit().await;
    h.launch().await?;
    h.click("[data-testid=nav-partners]").await?;
    h.wait_text("[data-testid=partner-row-name]", STUDIO)
        .await?;
    h.wait_text(".partner-form h2", "Add a partner").await?;
    let data_file = h.text("[data-testid=data-file]").await?;
    let expected = h.db_path().display().to_string();
    if !data_file.contains(&expected) {
        return Err(fail(format!(
            "the status bar shows {data_file:?}, not {expected}"
        )));
    }
    let rows = partners_in_db(h)?;
    if rows != vec![(STUDIO.to_owned(), "America/Los_Angeles".to_owned())] {
        return Err(fail(format!("the database holds {rows:?}")));
    }
    Ok(())
}

#[tokio::test]
async fn add_partner_in_russian_switch_to_english_and_relaunch() {
    let mut h = Harness::start("relaunch").await;
    let result = add_partner_ru_switch_en_relaunch(&mut h).await;
    h.finish(result).await;
}

async fn invalid_time_zone_body(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    h.click("[data-testid=nav-partners]").await?;
    h.type_into("[data-testid=partner-name]", "Bad Zone Agency")
        .await?;
    h.click("[data-testid=market-US]").await?;
    h.type_into("[data-testid=partner-tz]", "Mars/Olympus_Mons")
        .await?;
    h.click("[data-testid=partner-submit]").await?;

    // The zone picker refuses it beside the field, naming what was typed; nothing is sent.
    let shown = h
        .wait_text(
            "[data-testid=partner-tz-problem]",
            "часового пояса Vetta не знает",
        )
        .await?;
    if !shown.contains("Mars/Olympus_Mons") {
        return Err(fail(format!(
            "the error does not name the bad value: {shown:?}"
        )));
    }
    let invalid = h
        .el("[data-testid=partner-tz]")
        .await?
        .attr("aria-invalid")
        .await?;
    if invalid.as_deref() != Some("true") {
        return Err(fail("the time zone field is not marked invalid"));
    }
    // Nothing typed is lost, and nothing was added.
    if h.value_of("[data-testid=partner-name]").await? != "Bad Zone Agency" {
        return Err(fail("the name field was cleared by a refused save"));
    }
    if h.value_of("[data-testid=partner-tz]").await? != "Mars/Olympus_Mons" {
        return Err(fail("the time zone field was cleared by a refused save"));
    }
    h.wait_text("[data-testid=partners-empty]", "Партнёров пока нет")
        .await?;
    h.screenshot("ru").await?;

    // The same error, switched to English, is re-rendered in English.
    h.click("[data-testid=lang-en]").await?;
    h.wait_text(
        "[data-testid=partner-tz-problem]",
        "is not a city or time zone Vetta knows",
    )
    .await?;
    let rows = partners_in_db(h)?;
    if !rows.is_empty() {
        return Err(fail(format!("a refused save wrote {rows:?}")));
    }
    Ok(())
}

#[tokio::test]
async fn invalid_time_zone_shows_translated_error_and_adds_nothing() {
    let mut h = Harness::start("invalid-tz").await;
    let result = invalid_time_zone_body(&mut h).await;
    h.finish(result).await;
}

async fn newer_database_body(h: &mut Harness, before: &[u8]) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    let shown = h
        .wait_text("[data-testid=start-error]", "newer version of Vetta")
        .await?;
    let app_version: String = shown
        .split("understands schema ")
        .nth(1)
        .unwrap_or_default()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if !shown.contains("schema 999") || app_version.is_empty() || app_version == "999" {
        return Err(fail(format!(
            "the message does not name both versions: {shown:?}"
        )));
    }
    h.screenshot("en").await?;
    h.quit().await;
    if std::fs::read(h.db_path())? != before {
        return Err(fail("the newer database file was modified"));
    }
    Ok(())
}

#[tokio::test]
async fn database_from_a_newer_version_is_refused_and_untouched() {
    let mut before = Vec::new();
    let h = Harness::start_with("newer-db", |dir| {
        let conn = rusqlite::Connection::open(dir.join("vetta.sqlite3")).expect("creates");
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .expect("writes a future schema");
        drop(conn);
        before = std::fs::read(dir.join("vetta.sqlite3")).expect("reads back");
    })
    .await;
    let mut h = h;
    let result = newer_database_body(&mut h, &before).await;
    h.finish(result).await;
}

async fn backup_and_restore_body(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    h.click("[data-testid=nav-partners]").await?;
    for name in ["Первый", "Второй"] {
        if name == "Второй" {
            // Back up between the two: the backup holds only the first.
            h.click("[data-testid=nav-settings]").await?;
            h.click("[data-testid=backup-now]").await?;
            h.wait_text("[data-testid=backup-notice]", "Копия сохранена")
                .await?;
            h.click("[data-testid=nav-partners]").await?;
        }
        h.type_into("[data-testid=partner-name]", name).await?;
        h.click("[data-testid=market-RU]").await?;
        h.type_into("[data-testid=partner-tz]", "Europe/Moscow")
            .await?;
        h.click("[data-testid=partner-submit]").await?;
        h.wait_text("[data-testid=partner-table]", name).await?;
    }
    h.wait_text("[data-testid=partner-count]", "2 партнёра")
        .await?;

    h.click("[data-testid=nav-settings]").await?;
    h.click("[data-testid=restore]").await?;
    h.click("[data-testid=restore-yes]").await?;
    h.wait_text("[data-testid=backup-notice]", "восстановлена")
        .await?;
    h.screenshot("settings-ru").await?;
    h.click("[data-testid=nav-partners]").await?;
    h.wait_text("[data-testid=partner-count]", "1 партнёр")
        .await?;
    let rows = partners_in_db(h)?;
    if rows.len() != 1 || rows[0].0 != "Первый" {
        return Err(fail(format!(
            "after the restore the database holds {rows:?}"
        )));
    }
    let backups = std::fs::read_dir(h.data_dir.path().join("backups"))?.count();
    if backups != 2 {
        return Err(fail(format!(
            "{backups} backups; expected the one made and the safety copy"
        )));
    }
    Ok(())
}

#[tokio::test]
async fn a_backup_restores_and_the_replaced_data_is_kept() {
    let mut h = Harness::start("backup").await;
    let result = backup_and_restore_body(&mut h).await;
    h.finish(result).await;
}

async fn third_market_body(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    h.click("[data-testid=nav-settings]").await?;
    h.type_into("[data-testid=market-code]", "R1").await?;
    h.click("[data-testid=market-add]").await?;
    h.wait_text("[data-testid=market-error]", "“R1”").await?;
    h.type_into("[data-testid=market-code]", "kz").await?;
    h.click("[data-testid=market-add]").await?;
    h.wait_text("[data-testid=market-list]", "RU · US · KZ")
        .await?;

    h.click("[data-testid=nav-partners]").await?;
    h.type_into("[data-testid=partner-name]", "Almaty Creators")
        .await?;
    h.click("[data-testid=market-KZ]").await?;
    h.click("[data-testid=market-RU]").await?;
    h.type_into("[data-testid=partner-tz]", "Asia/Almaty")
        .await?;
    h.click("[data-testid=partner-submit]").await?;
    h.wait_text("[data-testid=partner-table]", "RU · KZ")
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_third_market_can_be_added_and_used() {
    let mut h = Harness::start("third-market").await;
    let result = third_market_body(&mut h).await;
    h.finish(result).await;
}
