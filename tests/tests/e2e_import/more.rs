//! The import offered where partners are (the empty board, the partner list), rows that repeat
//! earlier rows of the file, every row error reachable and saved, and a 100,000-row file.

use std::time::Duration;

use chrono::Utc;
use vetta_core::seed::{self, Spec};
use vetta_core::Store;

use super::e2e_support::flows::db;
use super::e2e_support::{fail, Harness, TestResult, EXPORTS_DIR};
use super::{partners, with_dropped, with_dropped_on};

/// The import page, shown (it stays mounted, hidden, once opened).
const IMPORT_SHOWN: &str = "main:not([hidden]) [data-testid=import-page]";

async fn offered_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.wait_text("[data-testid=board-empty]", "Import from a spreadsheet")
        .await?;
    h.wait_text(
        "[data-testid=board-empty]",
        "Or bring your list in from Excel",
    )
    .await?;
    h.screenshot("board-empty-en").await?;
    // By keyboard: from the board's search field, Tab reaches "Import", Enter opens the page.
    h.click("[data-testid=board-search]").await?;
    h.tab_to("[data-testid=board-import]", 6).await?;
    h.press_enter().await?;
    h.wait_text(IMPORT_SHOWN, "Choose a file").await?;
    h.wait_focus("#import-title").await?;

    h.click("[data-testid=lang-ru]").await?;
    h.click("[data-testid=nav-board]").await?;
    h.wait_text("[data-testid=board-empty]", "Или перенесите свой список")
        .await?;
    h.screenshot("board-empty-ru").await?;
    h.click("[data-testid=board-empty-import]").await?;
    h.wait_text(IMPORT_SHOWN, "Выбрать файл").await?;

    h.click("[data-testid=nav-partners]").await?;
    h.wait_text("[data-testid=partners-import]", "Импорт из таблицы")
        .await?;
    h.click("[data-testid=partner-search]").await?;
    h.tab_to("[data-testid=partners-import]", 6).await?;
    h.press_enter().await?;
    h.wait_text(IMPORT_SHOWN, "Выбрать файл").await?;
    Ok(())
}

#[tokio::test]
async fn the_import_is_offered_on_the_empty_board_and_the_partner_list_by_keyboard() {
    std::env::remove_var("VETTA_TEST_DROP");
    let mut h = Harness::start("import-offered").await;
    let result = offered_flow(&mut h).await;
    h.finish(result).await;
}

/// Rows 2–5: North, South, then NORTH (row 2's name) and Other (row 2's e-mail, another case);
/// rows 6–255: 250 rows whose city is no time zone.
fn repeats_and_errors() -> String {
    let mut text = String::from(
        "Name,Markets,City,Contact,Email\n\
         North,US,New York,Ann,ann@north.io\n\
         South,US,New York,,\n\
         NORTH,US,Chicago,,\n\
         Other,US,New York,Ann,ANN@north.io\n",
    );
    for i in 0..250 {
        text.push_str(&format!("Bad {i},US,Atlantis,,\n"));
    }
    text
}

async fn repeats_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.wait_text(
        "[data-testid=import-summary]",
        "Rows in the file: 254. Ready to import: 2. Duplicates: 2. With errors: 250.",
    )
    .await?;
    h.wait_text(
        "[data-testid=import-duplicates]",
        "Row 2 of this file: North",
    )
    .await?;
    let rows = h
        .nth("[data-testid=import-duplicate]", 1)
        .await?
        .text()
        .await?;
    if !rows.contains('5') || !rows.contains("e-mail") {
        return Err(fail(format!("row 5 repeats row 2's e-mail: {rows:?}")));
    }
    // Every error reachable: 100 a page, then the next pages up to row 255.
    h.wait_text("[data-testid=import-errors-pager-shown]", "1–100 of 250")
        .await?;
    h.scroll_to("#import-errors").await?;
    h.screenshot("preview-errors-en").await?;
    h.scroll_to("#import-duplicates").await?;
    h.screenshot("preview-in-file-duplicates-en").await?;
    h.click("[data-testid=import-errors-pager] button:last-child")
        .await?;
    h.wait_text("[data-testid=import-errors-pager-shown]", "101–200 of 250")
        .await?;
    h.click("[data-testid=import-errors-pager] button:last-child")
        .await?;
    h.wait_text("[data-testid=import-errors-pager-shown]", "201–250 of 250")
        .await?;
    h.wait_text("[data-testid=import-errors]", "255").await?;

    h.click("[data-testid=lang-ru]").await?;
    h.wait_text(
        "[data-testid=import-duplicates]",
        "Строка 2 этого файла: North",
    )
    .await?;
    h.wait_text("[data-testid=import-errors-pager-shown]", "201–250 из 250")
        .await?;
    h.scroll_to("#import-errors").await?;
    h.screenshot("preview-errors-ru").await?;
    h.scroll_to("#import-duplicates").await?;
    h.screenshot("preview-in-file-duplicates-ru").await?;
    // Row 4 (NORTH) imported anyway; row 5 skipped, as offered.
    h.set_value("[data-testid=import-duplicate] select", 0, "import_anyway")
        .await?;
    h.click("[data-testid=import-run]").await?;
    h.wait_text(
        "[data-testid=import-equation]",
        "Импортировано 3 + пропущено 1 + с ошибками 250 = всего строк в файле: 254.",
    )
    .await?;
    let names: Vec<String> = partners(h)?.into_iter().map(|(n, _)| n).collect();
    if names != ["NORTH", "North", "South"] {
        return Err(fail(format!("imported {names:?}")));
    }
    h.click("[data-testid=import-save-failed]").await?;
    let saved = h
        .app_folder()
        .join(EXPORTS_DIR)
        .join("строки-с-ошибками.csv");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !saved.exists() {
        if std::time::Instant::now() > deadline {
            return Err(fail(format!("{} was not saved", saved.display())));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let text = std::fs::read_to_string(&saved)?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    if lines.len() != 251 || !lines.iter().any(|l| l.starts_with("Bad 249;")) {
        return Err(fail(format!(
            "the saved CSV should hold the header and all 250 rows: {} lines",
            lines.len()
        )));
    }
    Ok(())
}

#[tokio::test]
async fn rows_repeating_earlier_rows_and_every_row_error_are_shown_and_saved() {
    let (mut h, _dir) = with_dropped(
        "import-repeats",
        "repeats.csv",
        repeats_and_errors().as_bytes(),
    )
    .await;
    let result = repeats_flow(&mut h).await;
    h.finish(result).await;
}

/// A partner list as a US office keeps it: its own headers, two contact columns, no city, and
/// one row without its country.
const NO_CITIES: &str = "Agency Name,Country,Contact Person,Email,Instagram,Followers\n\
                         Glow Creators,USA,Jessica Park,jess@glow.example,@glowcreators,125000\n\
                         Bright Studio,,Mark Li,mark@bright.example,@brightstudio,45000\n";

async fn no_cities_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.wait_text(
        "[data-testid=import-summary]",
        "Rows in the file: 2. Ready to import: 0.",
    )
    .await?;
    h.wait_text(
        "[data-testid=import-zone-needed]",
        "2 rows give no home time zone or city",
    )
    .await?;
    // The sheet's own headers are mapped; e-mail and Instagram both fill the contact's details.
    for (i, field) in [
        (0, "name"),
        (1, "markets"),
        (2, "contact_name"),
        (3, "contact_detail"),
        (4, "contact_detail"),
        (5, ""),
    ] {
        let shown = h.value_of(&format!("[data-testid=import-map-{i}]")).await?;
        if shown != field {
            return Err(fail(format!("column {i} fills {shown:?}, not {field:?}")));
        }
    }
    // Each refused row says why in its own line of the first rows; a file without dates has no
    // date order to choose.
    h.wait_text(
        "[data-testid=import-sample-problems]",
        "Home time zone: please fill this in.",
    )
    .await?;
    let date_choices = h
        .client()?
        .find_all(fantoccini::Locator::Css("[data-testid=import-date-order]"))
        .await?;
    if !date_choices.is_empty() {
        return Err(fail("a file without dates offers a date order"));
    }
    h.scroll_to("[data-testid=import-file]").await?;
    h.screenshot("import-zone-needed-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text(
        "[data-testid=import-zone-needed]",
        "В 2 строках нет часового пояса или города",
    )
    .await?;
    h.scroll_to("[data-testid=import-file]").await?;
    h.screenshot("import-zone-needed-ru").await?;

    // The person chooses New York for them: every row is ready, with that zone.
    h.type_into("[data-testid=import-zone]", "Нью-Йорк").await?;
    h.click("[data-testid=import-summary]").await?;
    h.wait_text(
        "[data-testid=import-summary]",
        "Строк в файле: 2. Готово к импорту: 1.",
    )
    .await?;
    h.wait_text(
        "[data-testid=import-markets-needed]",
        "В 1 строке нет рынка или страны",
    )
    .await?;
    h.scroll_to("[data-testid=import-file]").await?;
    h.screenshot("import-markets-needed-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text(
        "[data-testid=import-markets-needed]",
        "1 row names no market or country",
    )
    .await?;
    h.screenshot("import-markets-needed-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    // And ticks the US for the row that names no market.
    h.click("[data-testid=import-market-US]").await?;
    h.wait_text(
        "[data-testid=import-summary]",
        "Строк в файле: 2. Готово к импорту: 2.",
    )
    .await?;
    h.wait_text("[data-testid=import-sample]", "America/New_York")
        .await?;
    h.wait_text(
        "[data-testid=import-sample]",
        "jess@glow.example, @glowcreators",
    )
    .await?;
    h.click("[data-testid=import-run]").await?;
    h.wait_text(
        "[data-testid=import-equation]",
        "Импортировано 2 + пропущено 0 + с ошибками 0 = всего строк в файле: 2.",
    )
    .await?;
    let stored = partners(h)?;
    let expected = [
        ("Bright Studio".to_string(), "America/New_York".to_string()),
        ("Glow Creators".to_string(), "America/New_York".to_string()),
    ];
    if stored != expected {
        return Err(fail(format!("imported {stored:?}")));
    }
    Ok(())
}

#[tokio::test]
async fn a_sheet_without_cities_or_countries_maps_its_own_headers_and_takes_what_is_chosen_for_them(
) {
    let (mut h, _dir) =
        with_dropped("import-no-cities", "agencies.csv", NO_CITIES.as_bytes()).await;
    let result = no_cities_flow(&mut h).await;
    h.finish(result).await;
}

async fn unnamed_contact_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.wait_text(
        "[data-testid=import-contacts-unnamed]",
        "1 row says how to reach its contact but not who it is",
    )
    .await?;
    h.scroll_to("[data-testid=import-file]").await?;
    h.screenshot("contacts-unnamed-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text(
        "[data-testid=import-contacts-unnamed]",
        "В 1 строке указано, как связаться, но не указано с кем",
    )
    .await?;
    h.screenshot("contacts-unnamed-ru").await?;
    // The person ticks it: the creator is their own contact, named as the partner.
    h.click("[data-testid=import-contact-named]").await?;
    h.wait_text(
        "[data-testid=import-summary]",
        "Строк в файле: 1. Готово к импорту: 1.",
    )
    .await?;
    h.wait_text(
        "[data-testid=import-sample]",
        "Anya Beauty · anya@example.com",
    )
    .await?;
    // The file gives no kind: "Other" until the person says these are creators.
    h.wait_text("[data-testid=import-sample]", "Другое").await?;
    h.set_value("[data-testid=import-kind]", 0, "creator")
        .await?;
    h.wait_text("[data-testid=import-sample]", "Автор").await?;
    h.click("[data-testid=import-run]").await?;
    h.wait_text(
        "[data-testid=import-equation]",
        "Импортировано 1 + пропущено 0 + с ошибками 0 = всего строк в файле: 1.",
    )
    .await?;
    let contacts: String = db(h)?.query_row(
        "SELECT contacts FROM partners WHERE name = 'Anya Beauty'",
        [],
        |r| r.get(0),
    )?;
    if !contacts.contains("\"Anya Beauty\"") || !contacts.contains("anya@example.com") {
        return Err(fail(format!("stored contacts {contacts}")));
    }
    let kind: String = db(h)?.query_row(
        "SELECT kind FROM partners WHERE name = 'Anya Beauty'",
        [],
        |r| r.get(0),
    )?;
    if kind != "creator" {
        return Err(fail(format!("stored kind {kind}")));
    }
    Ok(())
}

#[tokio::test]
async fn a_creator_list_without_contact_names_imports_when_the_contact_is_named_after_the_partner()
{
    let (mut h, _dir) = with_dropped(
        "import-unnamed-contacts",
        "creators.csv",
        b"Creator Name,Email,Country,City\nAnya Beauty,anya@example.com,USA,Los Angeles\n",
    )
    .await;
    let result = unnamed_contact_flow(&mut h).await;
    h.finish(result).await;
}

const BULK_ROWS: usize = 100_000;

fn bulk() -> String {
    let mut text = String::from("Name,Markets,City,Contact,Email\n");
    for i in 0..BULK_ROWS {
        text.push_str(&format!("Bulk {i},US,New York,Ann,bulk{i}@example.com\n"));
    }
    text
}

/// The board's one read (`get_board`), asked from the page as the board asks it: how long it
/// took in ms, and the partners it counted.
async fn board_read(h: &Harness) -> Result<(f64, u64), Box<dyn std::error::Error>> {
    let v = h
        .client()?
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const t0 = performance.now();
             window.__TAURI_INTERNALS__
               .invoke('get_board', { query: { search: null, limit: 20 } })
               .then((columns) => done([performance.now() - t0,
                 columns.reduce((n, c) => n + c.page.total, 0)]))
               .catch((e) => done([-1, 0]));",
            vec![],
        )
        .await?;
    let ms = v.get(0).and_then(|x| x.as_f64()).unwrap_or(-1.0);
    let total = v.get(1).and_then(|x| x.as_u64()).unwrap_or(0);
    Ok((ms, total))
}

/// The progress line's text while the import runs; empty once it has ended.
async fn progress_text(h: &Harness) -> Result<String, Box<dyn std::error::Error>> {
    let v = h
        .client()?
        .execute(
            "return document.querySelector('[data-testid=import-progress]')?.innerText ?? '';",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

async fn bulk_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.wait_text_long(
        "[data-testid=import-summary]",
        &format!("Rows in the file: {BULK_ROWS}. Ready to import: {BULK_ROWS}."),
        300,
    )
    .await?;
    // The same page with nothing running, as long as a short import: the machine's own floor.
    h.record_frames().await?;
    tokio::time::sleep(Duration::from_secs(6)).await;
    let idle_gaps = h.frame_gaps().await?;
    let (idle, idle_frames) = h.longest_frame().await?;

    h.record_frames().await?;
    h.click("[data-testid=import-run]").await?;
    h.wait_text("[data-testid=import-progress]", "Importing")
        .await?;
    // First nothing but the import, through its planning and half its write (progress past
    // three quarters): the frames the import alone leaves.
    loop {
        let shown = progress_text(h).await?;
        let done = shown
            .split_whitespace()
            .find_map(|w| w.parse::<usize>().ok())
            .unwrap_or(0);
        if shown.is_empty() || done * 4 >= BULK_ROWS * 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let alone_gaps = h.frame_gaps().await?;
    let (alone, alone_frames) = h.longest_frame().await?;
    h.record_frames().await?;
    // Then, while it runs, the board's read answers with the file as last committed.
    let (mut reads, mut slowest) = (0, 0.0f64);
    loop {
        if progress_text(h).await?.is_empty() {
            break;
        }
        let (ms, total) = board_read(h).await?;
        if ms < 0.0 || total < 1_000 {
            return Err(fail(format!(
                "the board's read during the import: {ms} ms, {total}"
            )));
        }
        reads += 1;
        slowest = slowest.max(ms);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    h.wait_text_long(
        "[data-testid=import-equation]",
        &format!("Imported {BULK_ROWS} + skipped 0 + with errors 0 = {BULK_ROWS} rows"),
        300,
    )
    .await?;
    let beside_gaps = h.frame_gaps().await?;
    let (longest, frames) = h.longest_frame().await?;
    println!(
        "frames: idle {}; the import alone {}; the import with the board read {}",
        idle_gaps.summary(),
        alone_gaps.summary(),
        beside_gaps.summary()
    );
    println!(
        "100,000-row import: longest frame {alone:.0} ms over {alone_frames} frames with nothing \
         else asked, {longest:.0} ms over {frames} frames while the board was read every 250 ms \
         (the same page idle, same run: {idle:.0} ms over {idle_frames}); the board's read \
         answered {reads} times while it ran, the slowest in {slowest:.0} ms"
    );
    if reads == 0 {
        return Err(fail("the import ended before the board was read beside it"));
    }
    // And the board itself, shown after it: every partner there.
    h.click("[data-testid=nav-board]").await?;
    h.wait_text("[data-testid=board-count]", "partners").await?;
    let count: i64 = db(h)?.query_row("SELECT count(*) FROM partners", [], |r| r.get(0))?;
    if count != 1_000 + BULK_ROWS as i64 {
        return Err(fail(format!("{count} partners after the import")));
    }
    Ok(())
}

#[tokio::test]
async fn a_100000_row_file_imports_while_the_board_keeps_answering() {
    let (mut h, _dir) = with_dropped_on("import-bulk", "bulk.csv", bulk().as_bytes(), |dir| {
        let start = Utc::now() - chrono::Duration::days(200);
        let (mut store, _) =
            Store::open(&dir.join("vetta.sqlite3"), start).expect("opens a new file");
        seed::generate(&mut store, &Spec::scaled(12, 100), start).expect("generates");
    })
    .await;
    let result = bulk_flow(&mut h).await;
    h.finish(result).await;
}
