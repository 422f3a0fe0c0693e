//! End-to-end: importing partners from spreadsheets in the real window. A Russian Excel file
//! (Windows-1251, `;`, `150 000,50`, a `dd.mm.yyyy` date counted from today, «Москва») and a
//! Google Sheets UTF-8 file with bad rows are dropped on the window (the drop handler's own path,
//! through VETTA_TEST_DROP in debug builds); the preview, the row errors and the final counts are
//! checked, in both languages, and the partners in the file. The import offered on the empty
//! board and the partner list, by keyboard; rows repeating an earlier row of the file and 250 row
//! errors, every one reachable a page at a time and all in the saved CSV; and a 100,000-row file
//! imported into a 1,000-partner file while the board keeps answering, the longest frame
//! recorded. Run with `make e2e`.

mod e2e_support;

use chrono::Datelike;
use e2e_support::days;
use e2e_support::flows::db;
use e2e_support::{fail, Harness, TestResult, EXPORTS_DIR};

fn partners(h: &Harness) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    let conn = db(h)?;
    let mut stmt = conn.prepare("SELECT name, home_tz FROM partners ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Starts the app with `bytes` saved as `name` and dropped on the window once it is up.
async fn with_dropped(
    name: &'static str,
    file: &str,
    bytes: &[u8],
) -> (Harness, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a folder for the file");
    let path = dir.path().join(file);
    std::fs::write(&path, bytes).expect("the file is written");
    // Read by the app (debug builds only) when the page starts watching for drops.
    std::env::set_var("VETTA_TEST_DROP", &path);
    let h = Harness::start(name).await;
    (h, dir)
}

/// Like [`with_dropped`], on a data folder `prepare` fills first.
async fn with_dropped_on(
    name: &'static str,
    file: &str,
    bytes: &[u8],
    prepare: impl FnOnce(&std::path::Path),
) -> (Harness, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a folder for the file");
    let path = dir.path().join(file);
    std::fs::write(&path, bytes).expect("the file is written");
    std::env::set_var("VETTA_TEST_DROP", &path);
    let h = Harness::start_with(name, prepare).await;
    (h, dir)
}

async fn russian_excel_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.wait_text("[data-testid=import-file]", "партнёры.csv")
        .await?;
    h.wait_text(
        "[data-testid=import-summary]",
        "Rows in the file: 3. Ready to import: 2.",
    )
    .await?;
    if h.value_of("[data-testid=import-encoding]").await? != "windows-1251" {
        return Err(fail("the encoding was not detected as windows-1251"));
    }
    if h.value_of("[data-testid=import-separator]").await? != "semicolon" {
        return Err(fail("the separator was not detected as `;`"));
    }
    if h.value_of("[data-testid=import-decimal-mark]").await? != "comma" {
        return Err(fail("the decimal mark was not detected as `,`"));
    }
    if h.value_of("[data-testid=import-date-order]").await? != "day_month_year" {
        return Err(fail("the date order was not detected"));
    }
    // The title and the blank line above the header are not read; the title is offered.
    if h.value_of("[data-testid=import-header-row]").await? != "3" {
        return Err(fail("the header row was not found below the title"));
    }
    let offered = h
        .client()?
        .execute(
            "return [...document.querySelectorAll('[data-testid=import-header-row] option')]
                .map((o) => o.textContent.trim());",
            vec![],
        )
        .await?;
    if offered.get(0).and_then(|o| o.as_str()) != Some("Row 1: Партнёры на декабрь")
    {
        return Err(fail(format!("the title is offered as row 1: {offered:?}")));
    }
    h.scroll_to("[data-testid=import-file]").await?;
    h.screenshot("header-row-en").await?;
    let first_error_row = h.text("[data-testid=import-errors] tbody td").await?;
    if first_error_row.trim() != "6" {
        return Err(fail(format!(
            "the row with `1,5` is line 6 of the file, shown as {first_error_row:?}"
        )));
    }
    h.wait_text("[data-testid=import-sample]", "Europe/Moscow")
        .await?;
    h.wait_text("[data-testid=import-sample]", "Агентство Север")
        .await?;
    h.wait_text("[data-testid=import-errors]", "Кейсы").await?;
    h.wait_text("[data-testid=import-errors]", "1,5").await?;
    h.scroll_to("[data-testid=import-errors]").await?;
    h.screenshot("preview-ru-file-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text(
        "[data-testid=import-summary]",
        "Строк в файле: 3. Готово к импорту: 2.",
    )
    .await?;
    h.wait_text("[data-testid=import-errors]", "Кейсы по рынкам")
        .await?;
    h.scroll_to("[data-testid=import-file]").await?;
    h.screenshot("header-row-ru").await?;
    h.scroll_to("[data-testid=import-errors]").await?;
    h.screenshot("preview-ru-file-ru").await?;
    h.click("[data-testid=import-run]").await?;
    h.wait_text(
        "[data-testid=import-equation]",
        "Импортировано 2 + пропущено 0 + с ошибками 1 = всего строк в файле: 3.",
    )
    .await?;
    let found = partners(h)?;
    let want = vec![
        ("Агентство Север".to_string(), "Europe/Moscow".to_string()),
        ("Студия Юг".to_string(), "Europe/Moscow".to_string()),
    ];
    if found != want {
        return Err(fail(format!("imported {found:?}, expected {want:?}")));
    }
    Ok(())
}

#[tokio::test]
async fn a_russian_excel_file_is_previewed_and_imported() {
    let since = days::days_from_today(-800, days::zone("Europe/Moscow"));
    // A day above 12, so the file's dates say their order themselves.
    let since = since.with_day(14).unwrap_or(since);
    // Excel pads a title row with the separators of the table below it.
    let text = format!(
        "Партнёры на декабрь;;;;;;;;;\r\n;;;;;;;;;\r\n\
         Название;Тип;Рынки;Город;Контактное лицо;Телефон;Бюджет;Работают с;Кейсы;Рассказали о неудачах\r\n\
         Агентство Север;агентство;Россия;Москва;Анна;+7 900 000-00-00;150 000,50;{};RU 3;да\r\n\
         Студия Юг;студия;RU, US;Москва;Олег;oleg@yug.ru;1 200,00;;RU 2, US 1;нет\r\n\
         Креатор Ось;агентство;RU;Новосибирск;;;;;1,5;\r\n",
        since.format("%d.%m.%Y")
    );
    let bytes = encoding_rs::WINDOWS_1251.encode(&text).0.into_owned();
    let (mut h, _dir) = with_dropped("import-ru", "партнёры.csv", &bytes).await;
    let result = russian_excel_flow(&mut h).await;
    h.finish(result).await;
}

const SHEETS: &str = "Name,Kind,Markets,City,Contact,Email,Creator references,Notes\n\
North Star,agency,US,Los Angeles,Ann,ann@northstar.io,\"1,200\",good\n\
,studio,US,New York,Bob,bob@x.io,2,no name\n\
Fish Co,fishmonger,US,Chicago,Cid,cid@fish.io,1,\n\
Lost,creator,US,Atlantis,Dee,dee@lost.io,1,\n\
Fine,consultant,\"RU, US\",Москва,Fay,@fine,0,\n";

async fn sheets_flow(h: &mut Harness, path: &std::path::Path) -> TestResult {
    h.launch().await?;
    h.wait_text(
        "[data-testid=import-summary]",
        "Rows in the file: 5. Ready to import: 2.",
    )
    .await?;
    h.wait_text("[data-testid=import-summary]", "With errors: 3.")
        .await?;
    for text in [
        "fishmonger",
        "Atlantis",
        "Name: please fill this in.",
        "is not a time zone",
    ] {
        h.wait_text("[data-testid=import-errors]", text).await?;
    }
    h.scroll_to("[data-testid=import-errors]").await?;
    h.screenshot("preview-sheets-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text("[data-testid=import-errors]", "Название: заполните")
        .await?;
    h.scroll_to("[data-testid=import-errors]").await?;
    h.screenshot("preview-sheets-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    // Fixed in the spreadsheet and saved again while the preview is shown (one row more): the
    // import refuses what was not checked, and the file is read again below the reason.
    std::fs::write(
        path,
        format!("{SHEETS}Grey Owl,studio,US,Chicago,Gus,gus@owl.io,1,\n"),
    )?;
    h.click("[data-testid=import-run]").await?;
    h.wait_text(
        "[data-testid=import-problem]",
        "the file was saved again after it was checked; check it again",
    )
    .await?;
    h.wait_text(
        "[data-testid=import-summary]",
        "Rows in the file: 6. Ready to import: 3.",
    )
    .await?;
    if !partners(h)?.is_empty() {
        return Err(fail("a file saved again after its preview was imported"));
    }
    h.screenshot("changed-sheets-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text(
        "[data-testid=import-problem]",
        "файл сохранили заново после проверки",
    )
    .await?;
    h.screenshot("changed-sheets-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.click("[data-testid=import-run]").await?;
    h.wait_text(
        "[data-testid=import-equation]",
        "Imported 3 + skipped 0 + with errors 3 = 6 rows in the file.",
    )
    .await?;
    h.screenshot("done-sheets-en").await?;
    let names: Vec<String> = partners(h)?.into_iter().map(|(n, _)| n).collect();
    if names != ["Fine", "Grey Owl", "North Star"] {
        return Err(fail(format!("imported {names:?}")));
    }
    // Saved again after the import: its rows with errors are no longer the file's, so they are
    // not saved, and the page says why (in the language shown).
    std::fs::write(path, SHEETS)?;
    h.click("[data-testid=import-save-failed]").await?;
    h.wait_text(
        "[data-testid=import-save-refused]",
        "the file was saved again after the import",
    )
    .await?;
    h.screenshot("save-refused-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text(
        "[data-testid=import-save-refused]",
        "файл сохранили заново после импорта",
    )
    .await?;
    h.screenshot("save-refused-ru").await?;
    let exports = h.app_folder().join(EXPORTS_DIR);
    if std::fs::read_dir(&exports).is_ok_and(|mut d| d.next().is_some()) {
        return Err(fail(
            "rows of a file saved again after the import were saved",
        ));
    }
    Ok(())
}

#[tokio::test]
async fn a_google_sheets_file_shows_its_bad_rows_and_imports_the_rest() {
    let (mut h, dir) = with_dropped("import-sheets", "Sheet1.csv", SHEETS.as_bytes()).await;
    let result = sheets_flow(&mut h, &dir.path().join("Sheet1.csv")).await;
    h.finish(result).await;
}

#[path = "e2e_import/more.rs"]
mod more;
