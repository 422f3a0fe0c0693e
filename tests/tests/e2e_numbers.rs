//! End-to-end: what a person types is stored exactly or refused, in both languages. Numbers in a
//! pilot's scope (`150 000`, `150,000`, `1 500,50`; `1,500` refused in Russian and `1.500` in
//! English, each showing both readings) are read back as a person sees them after saving; a pilot
//! started outside its scoped dates and a delivery later than now are refused with a message; a
//! deadline past and not delivered is marked overdue in the tracker and on the board.
//! Every date is counted from today. Run with `make e2e`.

mod e2e_support;

use e2e_support::days::{self, WallClock};
use e2e_support::flows::{
    add_partner, db, decide, fill_roles_and_hypotheses, open_from_board, score,
};
use e2e_support::{fail, Harness, TestResult};

const PARTNER: &str = "Numbers & Co";
/// A no-break space, as both the Russian formatter and WebKit's ICU group thousands.
const NBSP: char = '\u{a0}';

async fn set_me_up(h: &Harness) -> TestResult {
    h.click("[data-testid=nav-settings]").await?;
    h.type_into("[data-testid=user-name]", "Светлана").await?;
    h.click("[data-testid=user-name-save]").await?;
    h.type_into("[data-testid=user-tz]", "Europe/Moscow")
        .await?;
    h.click("[data-testid=user-tz-save]").await?;
    h.wait_text("[data-testid=settings-page]", "Europe/Moscow")
        .await?;
    Ok(())
}

/// The value of the `index`-th input matching `css`, as the window shows it.
async fn value_nth(
    h: &Harness,
    css: &str,
    index: usize,
) -> Result<String, Box<dyn std::error::Error>> {
    Ok(h.nth(css, index)
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

/// Targets as stored, in the order the rows were typed.
fn targets(h: &Harness) -> Result<Vec<f64>, Box<dyn std::error::Error>> {
    let conn = db(h)?;
    let mut stmt = conn
        .prepare("SELECT target FROM pilot_metrics WHERE deleted_at IS NULL ORDER BY position")?;
    let rows = stmt.query_map([], |r| r.get::<_, f64>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Waits until the stored targets are `expected`: the "agree" button is already shown after the
/// first save, so its presence does not say that a later save has finished.
async fn wait_targets(h: &Harness, expected: &[f64]) -> TestResult {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let stored = targets(h)?;
        if stored == expected {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(fail(format!(
                "stored targets {stored:?}, expected {expected:?}"
            )));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

fn pilots(h: &Harness) -> Result<i64, Box<dyn std::error::Error>> {
    Ok(db(h)?.query_row("SELECT count(*) FROM pilots", [], |r| r.get(0))?)
}

/// Reopens the dossier, so the scope form is built again from what was saved.
async fn reopen(h: &Harness) -> TestResult {
    open_from_board(h, PARTNER).await?;
    h.el("[data-testid=scope-form]").await?;
    Ok(())
}

async fn expect_value(h: &Harness, css: &str, index: usize, expected: &str) -> TestResult {
    let shown = value_nth(h, css, index).await?;
    if shown != expected {
        return Err(fail(format!(
            "{css}[{index}]: expected {expected:?}, shown {shown:?}"
        )));
    }
    Ok(())
}

async fn fill_scope(h: &Harness) -> TestResult {
    h.el("[data-testid=scope-form]").await?;
    h.type_into("[data-testid=scope-amount]", "1 500,50")
        .await?;
    h.type_nth("[data-testid=metric-name]", 0, "Охват").await?;
    h.type_nth("[data-testid=metric-name]", 1, "Views").await?;
    fill_roles_and_hypotheses(h, "Светлана").await?;
    Ok(())
}

async fn numbers_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    set_me_up(h).await?;
    add_partner(h, PARTNER, "America/Los_Angeles").await?;
    decide(h, "advance", "Светлана", "Кейсы в обоих рынках").await?;
    score(h, "Светлана", [true, true, true]).await?;
    decide(h, "advance", "Светлана", "Первичная проверка 3/3").await?;
    h.wait_text("[data-testid=dossier-phase]", "Рамки пилота")
        .await?;
    fill_scope(h).await?;

    // Russian: "1,500" could be 1500 or 1.5 — refused, both readings shown, nothing saved.
    // −1 creators and an empty hypothesis are refused in words, naming the field by its label.
    h.type_into("[data-testid=scope-creators]", "-1").await?;
    h.click("[data-testid=scope-save]").await?;
    h.wait_text(
        "[data-testid=scope-error]",
        "Авторы: значение не может быть отрицательным.",
    )
    .await?;
    h.type_into("[data-testid=scope-creators]", "1").await?;
    h.set_value("[data-testid=hypothesis-input]", 2, "").await?;
    h.type_nth("[data-testid=metric-target]", 0, "1500").await?;
    h.type_nth("[data-testid=metric-target]", 1, "1500").await?;
    h.click("[data-testid=scope-save]").await?;
    h.wait_text(
        "[data-testid=scope-error]",
        "Гипотезы: нужно от 3 до 5, одна из них не заполнена.",
    )
    .await?;
    h.type_nth("[data-testid=hypothesis-input]", 2, "Гипотеза 3")
        .await?;

    h.type_nth("[data-testid=metric-target]", 0, "1,500")
        .await?;
    h.type_nth("[data-testid=metric-target]", 1, "150 000")
        .await?;
    h.click("[data-testid=scope-save]").await?;
    let shown = h.wait_text("[data-testid=scope-error]", "«1,500»").await?;
    for reading in ["как 1500", "как 1,5", "Цель метрики 1"] {
        if !shown.contains(reading) {
            return Err(fail(format!(
                "the refusal does not say {reading:?}: {shown:?}"
            )));
        }
    }
    h.scroll_to("[data-testid=scope-error]").await?;
    h.screenshot("ambiguous-ru").await?;
    if pilots(h)? != 0 {
        return Err(fail("an ambiguous target was saved"));
    }
    // "150 000" (with a space) and "150000,5" are read exactly.
    h.type_nth("[data-testid=metric-target]", 0, "150000,5")
        .await?;
    h.click("[data-testid=scope-save]").await?;
    h.el("[data-testid=agree-metrics]").await?;
    wait_targets(h, &[150_000.5, 150_000.0]).await?;
    let minor: i64 = db(h)?.query_row("SELECT payment_minor FROM pilots", [], |r| r.get(0))?;
    if minor != 150_050 {
        return Err(fail(format!("1 500,50 stored as {minor} minor units")));
    }

    // Read back in English as a person sees it: the form built again from what was saved.
    h.click("[data-testid=lang-en]").await?;
    reopen(h).await?;
    expect_value(h, "[data-testid=metric-target]", 0, "150,000.5").await?;
    expect_value(h, "[data-testid=metric-target]", 1, "150,000").await?;
    expect_value(h, "[data-testid=scope-amount]", 0, "1,500.50").await?;
    // Dates in the interface language's format, whatever the OS locale: MM/DD/YYYY here.
    let moscow = days::zone("Europe/Moscow");
    let today = days::today_in(moscow);
    expect_value(
        h,
        "[data-testid=scope-start-date]",
        0,
        &today.format("%m/%d/%Y").to_string(),
    )
    .await?;
    h.scroll_to("[data-testid=scope-start-date]").await?;
    h.screenshot("dates-en").await?;

    // English: "1.500" is refused the same way; "1,500" is fifteen hundred.
    h.type_nth("[data-testid=metric-target]", 1, "1.500")
        .await?;
    h.click("[data-testid=scope-save]").await?;
    let shown = h.wait_text("[data-testid=scope-error]", "“1.500”").await?;
    for reading in ["as 1500", "as 1.5", "Target of metric 2"] {
        if !shown.contains(reading) {
            return Err(fail(format!(
                "the refusal does not say {reading:?}: {shown:?}"
            )));
        }
    }
    h.scroll_to("[data-testid=scope-error]").await?;
    h.screenshot("ambiguous-en").await?;
    h.type_nth("[data-testid=metric-target]", 1, "1,500")
        .await?;
    h.type_nth("[data-testid=metric-target]", 0, "150,000")
        .await?;
    h.click("[data-testid=scope-save]").await?;
    h.el("[data-testid=agree-metrics]").await?;
    wait_targets(h, &[150_000.0, 1_500.0]).await?;
    h.click("[data-testid=lang-ru]").await?;
    reopen(h).await?;
    expect_value(
        h,
        "[data-testid=metric-target]",
        0,
        &format!("150{NBSP}000"),
    )
    .await?;
    expect_value(h, "[data-testid=metric-target]", 1, &format!("1{NBSP}500")).await?;
    expect_value(
        h,
        "[data-testid=scope-start-date]",
        0,
        &today.format("%d.%m.%Y").to_string(),
    )
    .await?;
    // A day that does not exist is refused where it is typed, naming the field.
    // Fixed: 31 February does not exist in any year.
    h.type_nth("[data-testid=scope-end-date]", 0, "31.02.2027")
        .await?;
    h.click("[data-testid=scope-amount]").await?;
    h.wait_text(
        ".date-problem",
        "Окончание: «31.02.2027» — не дата. Введите её как ДД.ММ.ГГГГ",
    )
    .await?;
    h.scroll_to("[data-testid=scope-start-date]").await?;
    h.screenshot("dates-ru").await?;
    h.click("[data-testid=scope-save]").await?;
    h.wait_text(
        "[data-testid=scope-error]",
        "Укажите правильные дату и время",
    )
    .await?;
    let end = WallClock::days_from_today(14, "10:00", moscow);
    h.type_nth(
        "[data-testid=scope-end-date]",
        0,
        &end.date.format("%d.%m.%Y").to_string(),
    )
    .await?;

    // A pilot scoped to start in three days cannot be started today: edit the scope first.
    let later = WallClock::days_from_today(3, "10:00", moscow);
    h.set_value("[data-testid=scope-start-date]", 0, &later.date_input())
        .await?;
    h.click("[data-testid=scope-save]").await?;
    h.click("[data-testid=agree-metrics]").await?;
    h.wait_text("[data-testid=metrics-agreed]", "Светлана")
        .await?;
    h.click("[data-testid=start-pilot]").await?;
    let shown = h
        .wait_text(
            "[data-testid=scope-error]",
            "Сначала измените даты в рамках пилота",
        )
        .await?;
    let day = days::ru_short_day(later.date);
    if !shown.contains(&day) || !shown.contains("10:00") {
        return Err(fail(format!(
            "the refusal does not show the scoped start {day} 10:00: {shown:?}"
        )));
    }
    h.wait_text("[data-testid=dossier-phase]", "Рамки пилота")
        .await?;
    let started: i64 = db(h)?.query_row(
        "SELECT count(*) FROM pilots WHERE started_at IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    if started != 0 {
        return Err(fail("a pilot scoped for later was started"));
    }
    h.click("[data-testid=lang-en]").await?;
    h.click("[data-testid=start-pilot]").await?;
    h.wait_text("[data-testid=scope-error]", "Edit the scope’s dates first")
        .await?;
    h.click("[data-testid=lang-ru]").await?;

    // Scoped from two days ago: it starts, and runs since its scoped start.
    let start = WallClock::days_from_today(-2, "10:00", moscow);
    h.set_value("[data-testid=scope-start-date]", 0, &start.date_input())
        .await?;
    h.click("[data-testid=scope-save]").await?;
    h.click("[data-testid=agree-metrics]").await?;
    h.wait_text("[data-testid=metrics-agreed]", "Светлана")
        .await?;
    h.click("[data-testid=start-pilot]").await?;
    h.wait_text("[data-testid=dossier-phase]", "Пилот").await?;
    h.wait_text(
        "[data-testid=tracker-state]",
        &days::ru_short_day(start.date),
    )
    .await?;

    // Due yesterday and not delivered: overdue in the tracker and on the board card.
    let yesterday = WallClock::days_from_today(-1, "12:00", moscow);
    h.type_into("[data-testid=deliverable-title]", "Ролик")
        .await?;
    h.set_value(
        "[data-testid=deliverable-due-date]",
        0,
        &yesterday.date_input(),
    )
    .await?;
    h.set_value(
        "[data-testid=deliverable-due-time]",
        0,
        &yesterday.time_input(),
    )
    .await?;
    h.click("[data-testid=deliverable-log]").await?;
    h.wait_text("[data-testid=deliverable-status]", "Просрочено")
        .await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=deliverable-status]", "Overdue")
        .await?;
    h.scroll_to("[data-testid=deliverable-row]").await?;
    h.screenshot("overdue-tracker-en").await?;

    // A delivery tomorrow has not happened: refused, nothing recorded.
    let tomorrow = WallClock::days_from_today(1, "12:00", moscow);
    h.set_value("[data-testid=delivery-date]", 0, &tomorrow.date_input())
        .await?;
    h.set_value("[data-testid=delivery-time]", 0, &tomorrow.time_input())
        .await?;
    h.click("[data-testid=delivery-record]").await?;
    h.wait_text(
        "[data-testid=tracker-error]",
        "Delivered: this cannot be later than now",
    )
    .await?;
    h.click("[data-testid=lang-ru]").await?;
    h.click("[data-testid=delivery-record]").await?;
    h.wait_text(
        "[data-testid=tracker-error]",
        "Сдано: не может быть позже текущего момента",
    )
    .await?;
    let delivered: i64 = db(h)?.query_row(
        "SELECT count(*) FROM deliverables WHERE delivered_at IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    if delivered != 0 {
        return Err(fail("a delivery in the future was recorded"));
    }
    h.click("[data-testid=nav-board]").await?;
    h.wait_text("[data-testid=board-card-overdue]", "Просрочено")
        .await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=board-card-overdue]", "Overdue")
        .await?;
    h.screenshot("overdue-board-en").await?;
    Ok(())
}

#[tokio::test]
async fn numbers_are_read_exactly_or_refused_and_dates_make_sense() {
    let mut h = Harness::start("numbers").await;
    let result = numbers_flow(&mut h).await;
    h.finish(result).await;
}
