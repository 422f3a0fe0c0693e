//! The pilot tracker's steps, in Russian on a Moscow wall clock, shared by the pilot and campaign
//! stories: settings, scope and start, a deliverable, a debrief.

use super::days::{self, WallClock};
use super::flows::{add_partner, decide, score};
use super::{fail, Harness, TestResult};

/// Settings: the user signs as Светлана and works in Moscow time.
pub async fn set_me_up(h: &Harness) -> TestResult {
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

/// Fills the scope form (defaults kept where not given: without `end` it runs 14 days), saves,
/// agrees metrics and starts. `start` and `end` are on the user's (Moscow) wall clock; a pilot
/// is started within its scoped dates, so today must fall between them.
/// `phase_after` is the dossier's phase once started: «Пилот» for the pilot, «Масштабирован» for a
/// campaign after scaling.
pub async fn scope_and_start(
    h: &Harness,
    start: &WallClock,
    end: Option<&WallClock>,
    phase_after: &str,
) -> TestResult {
    h.el("[data-testid=scope-form]").await?;
    h.set_value("[data-testid=scope-start-date]", 0, &start.date_input())
        .await?;
    h.set_value("[data-testid=scope-start-time]", 0, &start.time_input())
        .await?;
    if let Some(end) = end {
        h.set_value("[data-testid=scope-end-date]", 0, &end.date_input())
            .await?;
        h.set_value("[data-testid=scope-end-time]", 0, &end.time_input())
            .await?;
    }
    h.type_into("[data-testid=scope-amount]", "1500").await?;
    // One metric per market: awareness in RU, conversion in US.
    h.type_nth("[data-testid=metric-name]", 0, "Охват").await?;
    h.type_nth("[data-testid=metric-target]", 0, "100000")
        .await?;
    h.type_nth("[data-testid=metric-name]", 1, "Conversions")
        .await?;
    h.type_nth("[data-testid=metric-target]", 1, "200").await?;
    for (css, who) in [
        ("[data-testid=scope-role-feedback]", "Светлана"),
        ("[data-testid=scope-role-relations]", "Mike"),
        ("[data-testid=scope-role-approval]", "Светлана"),
        (
            "[data-testid=scope-role-escalation]",
            "Основатели обеих компаний",
        ),
    ] {
        h.type_into(css, who).await?;
    }
    for (i, text) in [
        "RU-аудитория откликается на тексты от основателя",
        "US-аудитория откликается на отзывы",
        "Одного ролика достаточно, чтобы проверить процесс",
    ]
    .iter()
    .enumerate()
    {
        h.type_nth("[data-testid=hypothesis-input]", i, text)
            .await?;
    }
    // Each press follows the previous write at WebDriver speed: the form that saved is the one
    // the page keeps, so "agree" acts on the saved scope and the agreement stays on screen.
    h.click("[data-testid=scope-save]").await?;
    h.click("[data-testid=agree-metrics]").await?;
    h.wait_text("[data-testid=metrics-agreed]", "Светлана")
        .await?;
    gone(
        h,
        "[data-testid=agree-metrics]",
        "agree is still offered after the agreement",
    )
    .await?;
    gone(
        h,
        "[data-testid=start-warning]",
        "the red start warning is shown after the agreement",
    )
    .await?;
    h.click("[data-testid=start-pilot]").await?;
    h.wait_text("[data-testid=dossier-phase]", phase_after)
        .await?;
    h.el("[data-testid=tracker]").await?;
    Ok(())
}

/// Fails when `css` is on screen: what a press made unavailable must not be offered again.
pub async fn gone(h: &Harness, css: &str, why: &str) -> TestResult {
    if h.client()?
        .find(fantoccini::Locator::Css(css))
        .await
        .is_ok()
    {
        return Err(fail(format!("{why} ({css})")));
    }
    Ok(())
}

/// Logs the pilot's deliverable: due and delivered in the user's (Moscow) zone.
pub async fn log_deliverable(
    h: &Harness,
    due: &WallClock,
    delivered: &WallClock,
    notice: bool,
) -> TestResult {
    // A delivery cannot be in the future: a derived date that is not yet past is a test bug.
    if !delivered.is_past() {
        return Err(fail(format!(
            "the delivery {delivered:?} is not in the past"
        )));
    }
    h.type_into("[data-testid=deliverable-title]", "Ролик для TikTok")
        .await?;
    h.set_value("[data-testid=deliverable-due-date]", 0, &due.date_input())
        .await?;
    h.set_value("[data-testid=deliverable-due-time]", 0, &due.time_input())
        .await?;
    h.set_value(
        "[data-testid=deliverable-delivered-date]",
        0,
        &delivered.date_input(),
    )
    .await?;
    h.set_value(
        "[data-testid=deliverable-delivered-time]",
        0,
        &delivered.time_input(),
    )
    .await?;
    if notice {
        h.click("[data-testid=deliverable-notice]").await?;
    }
    h.set_value("[data-testid=deliverable-verdict]", 0, "on_scope")
        .await?;
    h.click("[data-testid=deliverable-log]").await?;
    h.el("[data-testid=deliverable-row]").await?;
    Ok(())
}

/// Waits until `css` shows `at` as the Russian UI writes it ("14 нояб. 2026 г., 08:00 MSK"):
/// it must start with the short day (so "4 нояб." does not pass for "14 нояб.") and hold the time.
pub async fn expect_zoned(h: &Harness, css: &str, at: &WallClock) -> TestResult {
    let day = days::ru_short_day(at.date);
    let shown = h.wait_text(css, &day).await?;
    if !shown.trim_start().starts_with(&day) {
        return Err(fail(format!(
            "{css}: expected {day:?} first, saw {shown:?}"
        )));
    }
    h.wait_text(css, &at.time_input()).await?;
    Ok(())
}

/// Writes the debrief; `revisions` is what the form must show of the revision rounds used.
/// With `shots`, the open form is photographed in both languages first.
pub async fn debrief(
    h: &Harness,
    cause: &str,
    revisions: &str,
    shots: bool,
    phase_after: &str,
) -> TestResult {
    h.click("[data-testid=debrief-open]").await?;
    h.wait_text("[data-testid=debrief-revisions]", revisions)
        .await?;
    if shots {
        h.scroll_to("[data-testid=debrief-form]").await?;
        h.screenshot("debrief-ru").await?;
        h.click("[data-testid=lang-en]").await?;
        h.wait_text("[data-testid=dossier-phase]", "Pilot").await?;
        h.scroll_to("[data-testid=debrief-form]").await?;
        h.screenshot("debrief-en").await?;
        h.click("[data-testid=lang-ru]").await?;
        h.wait_text("[data-testid=dossier-phase]", "Пилот").await?;
    }
    h.type_into(
        "[data-testid=debrief-worked]",
        "Быстрые правки, хороший первый черновик",
    )
    .await?;
    h.type_into("[data-testid=debrief-didnt]", "Сроки").await?;
    for i in 0..3 {
        h.set_value(
            &format!("[data-testid=debrief-verdict-{i}]"),
            0,
            "validated",
        )
        .await?;
    }
    for aspect in ["communication", "speed", "ownership"] {
        h.set_value(&format!("[data-testid=debrief-health-{aspect}]"), 0, "4")
            .await?;
    }
    h.set_value("[data-testid=debrief-cause]", 0, cause).await?;
    h.click("[data-testid=debrief-submit]").await?;
    h.wait_text("[data-testid=dossier-phase]", phase_after)
        .await?;
    Ok(())
}

/// In Russian, signed as Светлана on Moscow time: a new partner in Los Angeles taken through the
/// gut check (3/3) into pilot scoping.
pub async fn partner_in_scoping(h: &mut Harness, name: &str) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    set_me_up(h).await?;
    add_partner(h, name, "America/Los_Angeles").await?;
    decide(h, "advance", "Светлана", "Кейсы в обоих рынках").await?;
    score(h, "Светлана", [true, true, true]).await?;
    decide(h, "advance", "Светлана", "Первичная проверка 3/3").await?;
    h.wait_text("[data-testid=dossier-phase]", "Рамки пилота")
        .await?;
    Ok(())
}

/// In Russian, as Светлана (after [`set_me_up`]): an RU+US partner in New York through the gut
/// check (3/3), its pilot started 8 days ago (Moscow wall clock, ending tomorrow), and one
/// deliverable due tomorrow for no single market — so its checklist holds both markets' items.
pub async fn deliverable_in_both_markets(h: &Harness, partner: &str, title: &str) -> TestResult {
    add_partner(h, partner, "America/New_York").await?;
    decide(h, "advance", "Светлана", "Кейсы в обоих рынках").await?;
    score(h, "Светлана", [true, true, true]).await?;
    decide(h, "advance", "Светлана", "Первичная проверка 3/3").await?;
    let moscow = days::zone("Europe/Moscow");
    let at = |d: i64, hh: &str| WallClock::days_from_today(d, hh, moscow);
    // A pilot runs 7 to 21 days; started in the past, within its dates.
    scope_and_start(h, &at(-8, "10:00"), Some(&at(1, "10:00")), "Пилот").await?;
    let due = at(1, "09:00");
    h.type_into("[data-testid=deliverable-title]", title)
        .await?;
    h.set_value("[data-testid=deliverable-due-date]", 0, &due.date_input())
        .await?;
    h.set_value("[data-testid=deliverable-due-time]", 0, &due.time_input())
        .await?;
    h.click("[data-testid=deliverable-log]").await?;
    h.el("[data-testid=deliverable-row]").await?;
    Ok(())
}
