//! End-to-end, in Russian: the loop after the pilot. A partner's pilot goes well, the team scales to
//! 3 campaigns, campaign 2 runs from a scope prefilled by campaign 1, campaign 3 comes in late
//! without notice and over its revision limit — and Vetta recommends walking away, naming those
//! facts. Every date is counted from today on a Moscow wall clock, so the test holds on any day.
//! Run with `make e2e`.

mod e2e_support;

use e2e_support::days::{self, WallClock};
use e2e_support::flows::decide;
use e2e_support::pilots::{debrief, log_deliverable, partner_in_scoping, scope_and_start};
use e2e_support::{fail, Harness, TestResult};

const PARTNER: &str = "Северный ветер UGC";
const SCALED: &str = "Масштабирован";

async fn campaigns_flow(h: &mut Harness) -> TestResult {
    partner_in_scoping(h, PARTNER).await?;

    // Each campaign is scoped until tomorrow (a campaign starts within its scoped dates), started
    // in the past, and delivered before today.
    let moscow = days::zone("Europe/Moscow");
    let at = |d: i64, hh: &str| WallClock::days_from_today(d, hh, moscow);
    let tomorrow = at(1, "10:00");

    // Campaign 1, the pilot: on time, on scope.
    scope_and_start(h, &at(-20, "10:00"), Some(&tomorrow), "Пилот").await?;
    log_deliverable(h, &at(-17, "12:00"), &at(-17, "09:00"), false).await?;
    debrief(h, "none", "0 / 2", false, "Разбор").await?;
    h.wait_text("[data-testid=recommendation-choice]", "Масштабировать до 3")
        .await?;
    decide(h, "scale_to", "Светлана", "Пилот пройден чисто").await?;
    h.wait_text("[data-testid=dossier-phase]", SCALED).await?;

    // Scaled: the next step is named, and campaign 2's scope starts from campaign 1's.
    h.wait_text("[data-testid=dossier-campaign]", "Кампания 2 из 3")
        .await?;
    h.wait_text(
        "[data-testid=recommendation-choice]",
        "Следующий шаг: Рамки и запуск кампании 2 из 3",
    )
    .await?;
    h.wait_text("[data-testid=scope-form]", "Рамки кампании 2")
        .await?;
    h.wait_text("[data-testid=scope-prefilled]", "Заполнено по кампании 1")
        .await?;
    let metric = h.value_of("[data-testid=metric-name]").await?;
    if metric != "Охват" {
        return Err(fail(format!(
            "campaign 2's first metric is not carried from campaign 1: {metric:?}"
        )));
    }
    h.scroll_to("[data-testid=scope-form]").await?;
    h.screenshot("campaign-2-scope-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=scope-prefilled]", "Filled in from campaign 1")
        .await?;
    h.scroll_to("[data-testid=scope-form]").await?;
    h.screenshot("campaign-2-scope-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text("[data-testid=dossier-phase]", SCALED).await?;

    // Campaign 2: clean; the partner stays scaled, with campaign 3 next.
    scope_and_start(h, &at(-13, "10:00"), Some(&tomorrow), SCALED).await?;
    log_deliverable(h, &at(-10, "12:00"), &at(-10, "09:00"), false).await?;
    debrief(h, "none", "0 / 2", false, SCALED).await?;
    h.wait_text("[data-testid=dossier-campaign]", "Кампания 3 из 3")
        .await?;

    // The board card says where the partnership is.
    h.click("[data-testid=nav-board]").await?;
    h.type_into("[data-testid=board-search]", PARTNER).await?;
    h.wait_text("[data-testid=board-card-campaign]", "Кампания 3 из 3")
        .await?;
    h.wait_text("[data-testid=board-card-recommendation]", "Кампания 3")
        .await?;
    h.screenshot("board-campaign-ru").await?;
    h.click("[data-testid=board-card]").await?;
    h.wait_text("[data-testid=dossier-name]", PARTNER).await?;

    // Campaign 3: delivered four hours late without notice, three revision rounds of two allowed.
    scope_and_start(h, &at(-6, "10:00"), Some(&tomorrow), SCALED).await?;
    log_deliverable(h, &at(-4, "08:00"), &at(-4, "12:00"), false).await?;
    for used in 1..=3 {
        h.click("[data-testid=revision-log]").await?;
        h.el(&format!(
            "[data-testid=revision-counter][data-used='{used}']"
        ))
        .await?;
    }
    debrief(h, "none", "3 / 2", false, "Разбор").await?;

    // Walk away, and the reasons name campaign 3's facts.
    h.wait_text("[data-testid=recommendation-choice]", "Отказаться")
        .await?;
    let decides = "[data-testid=recommendation-reasons][data-group=decides]";
    h.wait_text(
        decides,
        "кампания 3: материалов сдано с опозданием без предупреждения: 1; раундов правок: 3, допустимо: 2",
    )
    .await?;
    let weighs = "[data-testid=recommendation-reasons][data-group=weighs]";
    h.wait_text(
        weighs,
        "Раунды правок сверх лимита: использовано 3, допустимо 2",
    )
    .await?;
    h.scroll_to("[data-testid=recommendation]").await?;
    h.screenshot("campaign-walk-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text(
        decides,
        "campaign 3: 1 deliverable late without notice; 3 revision rounds with 2 allowed",
    )
    .await?;
    h.scroll_to("[data-testid=recommendation]").await?;
    h.screenshot("campaign-walk-en").await?;
    Ok(())
}

#[tokio::test]
async fn campaigns_after_scaling_end_in_a_walk_that_names_the_facts() {
    let mut h = Harness::start("campaigns").await;
    let result = campaigns_flow(&mut h).await;
    h.finish(result).await;
}
