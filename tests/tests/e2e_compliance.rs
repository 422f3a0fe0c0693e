//! End-to-end, in Russian: the compliance checklist of a deliverable. A partner serving RU and US
//! logs a deliverable for no single market, so it gets both markets' items (and those of every
//! market); an item is marked done with who and when; usage rights ending in 10 days show on the
//! board's reminders; the deliverable is delivered with the erid still open, and the derived
//! warning flag names it. Every date is counted from today on a Moscow wall clock. Run with
//! `make e2e`.

mod e2e_support;

use e2e_support::days::{self, WallClock};
use e2e_support::flows::open_from_board;
use e2e_support::pilots::{deliverable_in_both_markets, set_me_up};
use e2e_support::{fail, Harness, TestResult};

const PARTNER: &str = "Белые ночи UGC";
const ITEM: &str = "[data-testid=compliance-item]";

fn item(market: &str, key: &str) -> String {
    format!("{ITEM}[data-market='{market}'][data-key='{key}']")
}

async fn compliance_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    set_me_up(h).await?;
    // A deliverable for no single market: the partner's two.
    deliverable_in_both_markets(h, PARTNER, "Ролик для TikTok").await?;
    let moscow = days::zone("Europe/Moscow");
    let at = |d: i64, hh: &str| WallClock::days_from_today(d, hh, moscow);
    h.wait_text(
        "[data-testid=compliance-open]",
        "11 пунктов соответствия открыты",
    )
    .await?;

    // Both markets' items, then those of every market; the disclaimer.
    h.click("[data-testid=compliance] > summary").await?;
    h.wait_text(
        "[data-testid=compliance-disclaimer]",
        "не юридическая консультация",
    )
    .await?;
    h.wait_text(&item("RU", "erid_recorded"), "erid получен и записан")
        .await?;
    h.wait_text(&item("RU", "blogger_register"), "реестре блогеров")
        .await?;
    h.wait_text(&item("US", "ftc_disclosure"), "16 CFR 255")
        .await?;
    h.wait_text(&item("*", "usage_rights"), "Права на использование")
        .await?;

    // One item done, with a note; who and when come from the app.
    let ord = item("RU", "ord_chosen");
    h.set_value(&format!("{ord} [data-testid=compliance-select]"), 0, "done")
        .await?;
    h.type_into(&format!("{ord} [data-testid=compliance-note]"), "ОРД: VK")
        .await?;
    h.click(&format!("{ord} [data-testid=compliance-save]"))
        .await?;
    h.el(&format!("{ord}[data-state='done']")).await?;
    h.wait_text(&format!("{ord} [data-testid=compliance-who]"), "Светлана")
        .await?;
    // Not applicable needs a reason: refused, naming the field.
    let auth = item("US", "audience_authenticity");
    h.set_value(
        &format!("{auth} [data-testid=compliance-select]"),
        0,
        "not_applicable",
    )
    .await?;
    h.click(&format!("{auth} [data-testid=compliance-save]"))
        .await?;
    h.wait_text("[data-testid=tracker-error]", "Почему не применимо")
        .await?;
    h.el(&format!("{auth}[data-state='open']")).await?;

    // Usage rights ending in 10 days.
    let start = at(-5, "10:00");
    let end = at(10, "10:00");
    h.set_value("[data-testid=usage-kind]", 0, "paid").await?;
    h.type_into("[data-testid=usage-territory]", "RU, US")
        .await?;
    h.set_value("[data-testid=usage-starts]", 0, &start.date_input())
        .await?;
    h.set_value("[data-testid=usage-ends]", 0, &end.date_input())
        .await?;
    h.click("[data-testid=usage-save]").await?;
    h.wait_text("[data-testid=usage-rights-shown]", "RU, US")
        .await?;

    h.scroll_to("[data-testid=compliance]").await?;
    h.screenshot("checklist-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text(&item("RU", "erid_recorded"), "erid token recorded")
        .await?;
    h.scroll_to("[data-testid=compliance]").await?;
    h.screenshot("checklist-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text(&item("RU", "erid_recorded"), "erid получен")
        .await?;

    // Delivered yesterday with the erid still open: the warning flag names it.
    let delivered = at(-1, "12:00");
    if !delivered.is_past() {
        return Err(fail("the delivery is not in the past"));
    }
    h.set_value("[data-testid=delivery-date]", 0, &delivered.date_input())
        .await?;
    h.set_value("[data-testid=delivery-time]", 0, &delivered.time_input())
        .await?;
    h.click("[data-testid=delivery-record]").await?;
    let flag = "[data-testid=flag-item][data-kind=compliance_open_at_delivery]";
    h.wait_text(
        flag,
        "Материал «Ролик для TikTok» сдан с открытыми пунктами",
    )
    .await?;
    h.wait_text(flag, "RU: erid получен и записан").await?;
    let text = h.text(flag).await?;
    if text.contains("ОРД выбран") {
        return Err(fail(format!(
            "the flag names an item that was done: {text}"
        )));
    }
    h.scroll_to(flag).await?;
    h.screenshot("flag-ru").await?;

    // The board reminds of the usage rights' end.
    h.click("[data-testid=nav-board]").await?;
    let reminder = "[data-testid=reminder][data-kind=usage_rights_ending]";
    h.wait_text(reminder, PARTNER).await?;
    h.wait_text(reminder, "заканчиваются права на использование материала")
        .await?;
    h.wait_text(
        "[data-testid=reminders-count][data-kind=usage_rights_ending]",
        "у 1 материала заканчиваются права",
    )
    .await?;
    h.screenshot("reminder-ru").await?;
    open_from_board(h, PARTNER).await?;
    Ok(())
}

#[tokio::test]
async fn an_ru_us_deliverable_gets_both_checklists_and_an_open_erid_at_delivery_is_flagged() {
    let mut h = Harness::start("compliance").await;
    let result = compliance_flow(&mut h).await;
    h.finish(result).await;
}
