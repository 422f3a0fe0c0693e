//! End-to-end: one clock for every zone. A user in Almaty (UTC+5 since March 2024; the web engine's
//! own data still says +6) picks their zone by its city, adds partners in Almaty by typing the city,
//! and sees the same wall-clock time on every screen: the deliverable form's preview, the tracker
//! row, the board card, Compare and the dossier's "their time now". Dates count from today.
//! Run with `make e2e`.

mod e2e_support;

use chrono::{Duration, Utc};
use e2e_support::days::{self, WallClock};
use e2e_support::flows::{
    add_partner, db, decide, fill_roles_and_hypotheses, open_from_board, score,
};
use e2e_support::{fail, Harness, TestResult};

const ONE: &str = "Almaty Media One";
const TWO: &str = "Almaty Media Two";
const ENTER: &str = "\u{E007}";

/// Waits until the input's value is `expected` (what the picker chose).
async fn wait_value(h: &Harness, css: &str, expected: &str) -> TestResult {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let value = h.value_of(css).await?;
        if value == expected {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(fail(format!(
                "{css}: value {value:?}, expected {expected:?}"
            )));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The user's settings: name, and the zone chosen by city in both languages; an unknown city is
/// refused with a suggestion.
async fn settings(h: &Harness) -> TestResult {
    h.click("[data-testid=nav-settings]").await?;
    h.type_into("[data-testid=user-name]", "Айгерим").await?;
    h.click("[data-testid=user-name-save]").await?;

    // The first letters list the cities they start, each with its offset now.
    h.type_into("[data-testid=user-tz]", "Са").await?;
    h.wait_text("[data-testid=user-tz-list]", "Санкт-Петербург, Россия")
        .await?;
    h.wait_text("[data-testid=user-tz-list]", "Сан-Франциско, США")
        .await?;
    h.wait_text("[data-testid=user-tz-list]", "UTC+04:00")
        .await?;
    h.screenshot("picker-ru").await?;
    h.type_into("[data-testid=user-tz]", "Алматы").await?;
    h.wait_text("[data-testid=user-tz-list]", "Алматы, Казахстан")
        .await?;
    h.el("[data-testid=user-tz]")
        .await?
        .send_keys(ENTER)
        .await?;
    wait_value(h, "[data-testid=user-tz]", "Asia/Almaty").await?;
    h.click("[data-testid=user-tz-save]").await?;
    h.wait_text("[data-testid=settings-page]", "Asia/Almaty")
        .await?;

    // In English: a city in any case; Esc closes the list and keeps what was typed.
    h.click("[data-testid=lang-en]").await?;
    h.type_into("[data-testid=user-tz]", "los angeles").await?;
    h.wait_text("[data-testid=user-tz-list]", "Los Angeles, United States")
        .await?;
    h.screenshot("picker-en").await?;
    h.send_escape().await?;
    if h.client()?
        .find(fantoccini::Locator::Css("[data-testid=user-tz-list]"))
        .await
        .is_ok()
    {
        return Err(fail("Esc did not close the zone list"));
    }
    // A misspelt city is refused, suggesting the close match; nothing is saved.
    h.type_into("[data-testid=user-tz]", "").await?;
    h.type_into("[data-testid=user-tz]", "Moskow").await?;
    h.click("[data-testid=user-tz-save]").await?;
    h.wait_text(
        "[data-testid=user-tz-problem]",
        "Did you mean: Moscow, Russia",
    )
    .await?;
    let saved: String = db(h)?.query_row(
        "SELECT value FROM settings WHERE key = 'time_zone'",
        [],
        |r| r.get(0),
    )?;
    if !saved.contains("Asia/Almaty") {
        return Err(fail(format!(
            "a refused zone changed the setting: {saved:?}"
        )));
    }
    h.screenshot("picker-unknown-en").await?;
    h.type_into("[data-testid=user-tz]", "Almaty").await?;
    h.click("[data-testid=user-tz-save]").await?;
    h.wait_text("[data-testid=user-tz-resolved]", "Almaty, Kazakhstan")
        .await?;
    h.click("[data-testid=lang-ru]").await?;
    Ok(())
}

/// The zone a partner was stored with.
fn stored_zone(h: &Harness, name: &str) -> Result<String, Box<dyn std::error::Error>> {
    Ok(db(h)?.query_row(
        "SELECT home_tz FROM partners WHERE name = ?1",
        [name],
        |r| r.get(0),
    )?)
}

/// Scopes the open partner's pilot (start on the user's wall clock), agrees and starts it.
async fn scope_and_start(h: &Harness, start: &WallClock) -> TestResult {
    h.el("[data-testid=scope-form]").await?;
    h.set_value("[data-testid=scope-start-date]", 0, &start.date_input())
        .await?;
    h.set_value("[data-testid=scope-start-time]", 0, &start.time_input())
        .await?;
    // The preview of the partner's wall clock is Rust's: the same 10:00, at +05.
    let preview = h
        .wait_text("[data-testid=scope-start-partner]", &start.time_input())
        .await?;
    if !preview.contains("+05") {
        return Err(fail(format!("scope preview not at +05: {preview:?}")));
    }
    h.type_into("[data-testid=scope-amount]", "1500").await?;
    for i in 0..2 {
        h.type_nth("[data-testid=metric-name]", i, "Охват").await?;
        h.type_nth("[data-testid=metric-target]", i, "1000").await?;
    }
    fill_roles_and_hypotheses(h, "Айгерим").await?;
    h.click("[data-testid=scope-save]").await?;
    h.click("[data-testid=agree-metrics]").await?;
    h.wait_text("[data-testid=metrics-agreed]", "Айгерим")
        .await?;
    h.click("[data-testid=start-pilot]").await?;
    h.wait_text("[data-testid=dossier-phase]", "Пилот").await?;
    h.el("[data-testid=tracker]").await?;
    Ok(())
}

/// The time now in Almaty as the UI writes it ("09:41"): the minute before (the screen was drawn a
/// moment ago), this one or the next (it is read a moment later).
fn almaty_now() -> [String; 3] {
    let zone = days::zone("Asia/Almaty");
    let now = Utc::now();
    [now - Duration::minutes(1), now, now + Duration::minutes(1)]
        .map(|t| t.with_timezone(&zone).format("%H:%M").to_string())
}

async fn expect_now(h: &Harness, css: &str) -> TestResult {
    let expected = almaty_now();
    let shown = h.wait_text(css, ":").await?;
    if !expected.iter().any(|e| shown.contains(e.as_str())) {
        return Err(fail(format!(
            "{css}: {shown:?} is not the time in Almaty now ({expected:?})"
        )));
    }
    Ok(())
}

async fn almaty_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    settings(h).await?;

    // Partners in Almaty, typed by city (Russian, then English in lower case).
    add_partner(h, ONE, "Алматы").await?;
    if stored_zone(h, ONE)? != "Asia/Almaty" {
        return Err(fail("«Алматы» was not stored as Asia/Almaty"));
    }
    expect_now(h, "[data-testid=their-time]").await?;
    add_partner(h, TWO, "almaty").await?;
    if stored_zone(h, TWO)? != "Asia/Almaty" {
        return Err(fail("\"almaty\" was not stored as Asia/Almaty"));
    }

    open_from_board(h, ONE).await?;
    decide(h, "advance", "Айгерим", "Кейсы в обоих рынках").await?;
    score(h, "Айгерим", [true, true, true]).await?;
    decide(h, "advance", "Айгерим", "Первичная проверка 3/3").await?;
    h.wait_text("[data-testid=dossier-phase]", "Рамки пилота")
        .await?;
    let almaty = days::zone("Asia/Almaty");
    scope_and_start(h, &WallClock::days_from_today(-1, "10:00", almaty)).await?;

    // A deadline typed as 10:00 in Almaty: the form's preview, the row and the file agree.
    let due = WallClock::days_from_today(3, "10:00", almaty);
    h.type_into("[data-testid=deliverable-title]", "Ролик")
        .await?;
    h.set_value("[data-testid=deliverable-due-date]", 0, &due.date_input())
        .await?;
    h.set_value("[data-testid=deliverable-due-time]", 0, &due.time_input())
        .await?;
    let preview = h
        .wait_text("[data-testid=deliverable-due-partner-preview]", "10:00")
        .await?;
    if !preview.contains("+05") {
        return Err(fail(format!("deliverable preview not at +05: {preview:?}")));
    }
    h.scroll_to("[data-testid=tracker]").await?;
    h.screenshot("almaty-tracker-form-ru").await?;
    h.click("[data-testid=deliverable-log]").await?;
    h.el("[data-testid=deliverable-row]").await?;
    for css in [
        "[data-testid=deliverable-due-user]",
        "[data-testid=deliverable-due-partner]",
    ] {
        let shown = h.wait_text(css, &days::ru_short_day(due.date)).await?;
        if !shown.contains("10:00") {
            return Err(fail(format!("{css}: {shown:?} is not 10:00")));
        }
    }
    let stored: String = db(h)?.query_row(
        "SELECT due_at FROM deliverables WHERE title = 'Ролик'",
        [],
        |r| r.get(0),
    )?;
    let expected = vetta_core::ids::format_instant(due.instant());
    if stored != expected {
        return Err(fail(format!(
            "10:00 in Almaty stored as {stored}, not {expected}"
        )));
    }
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=dossier-phase]", "Pilot").await?;
    h.scroll_to("[data-testid=tracker]").await?;
    h.screenshot("almaty-tracker-en").await?;
    h.click("[data-testid=lang-ru]").await?;

    // The board card: the same 10:00 for both sides, never the engine's 11:00.
    h.click("[data-testid=nav-board]").await?;
    h.type_into("[data-testid=board-search]", ONE).await?;
    let card = h
        .wait_text("[data-testid=board-card-deadline]", "10:00")
        .await?;
    if card.contains("11:00") {
        return Err(fail(format!(
            "the board card shows the engine's +06: {card:?}"
        )));
    }
    h.screenshot("almaty-board-ru").await?;

    // Compare: each column's "their time now" is Almaty's now.
    h.click("[data-testid=nav-compare]").await?;
    h.type_into("[data-testid=compare-search]", "Almaty Media")
        .await?;
    for name in [ONE, TWO] {
        h.click_containing("[data-testid=compare-result]", name)
            .await?;
        h.wait_text("[data-testid=compare]", name).await?;
    }
    expect_now(h, "[data-testid=compare-their-time]").await?;
    h.screenshot("almaty-compare-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    expect_now(h, "[data-testid=compare-their-time]").await?;
    h.screenshot("almaty-compare-en").await?;
    Ok(())
}

#[tokio::test]
async fn almaty_shows_the_same_time_on_every_screen() {
    let mut h = Harness::start("zones").await;
    let result = almaty_flow(&mut h).await;
    h.finish(result).await;
}
