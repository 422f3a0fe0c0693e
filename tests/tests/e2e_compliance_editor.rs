//! End-to-end: the framework editor's compliance checklist. A copy of the framework gets a team's
//! own item for the US market — reached by keyboard, the focus in the new row's market; a market
//! code typed in lower case is refused, naming the field, in both languages, and nothing is saved;
//! typed as "US" it is saved as the default version, and a deliverable of an RU+US partner on it
//! shows the item in its checklist, in both languages. Run with `make e2e`.

mod e2e_support;

use e2e_support::flows::db;
use e2e_support::pilots::{deliverable_in_both_markets, set_me_up};
use e2e_support::{fail, Harness, TestResult};

const PARTNER: &str = "Северный свет UGC";
const MARKET: &str = "[data-testid=fw-compliance-market]";
/// The item's key, made from its English text.
const ITEM: &str =
    "[data-testid=compliance-item][data-market='US'][data-key='brand_safety_list_checked']";

/// Framework versions in the file.
fn versions(h: &Harness) -> Result<u32, Box<dyn std::error::Error>> {
    Ok(db(h)?.query_row("SELECT count(*) FROM frameworks", [], |r| r.get(0))?)
}

async fn flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    set_me_up(h).await?;

    // A copy of the framework; a new checklist item, the focus in its market field.
    h.click("[data-testid=nav-frameworks]").await?;
    h.el("[data-testid=framework-row][data-version='1']")
        .await?;
    h.click("[data-testid=framework-copy]").await?;
    h.el("[data-testid=framework-editor]").await?;
    let before = h
        .client()?
        .find_all(fantoccini::Locator::Css(MARKET))
        .await?
        .len();
    h.scroll_to("[data-testid=fw-compliance-add]").await?;
    h.click("[data-testid=fw-compliance-add]").await?;
    h.nth(MARKET, before).await?;
    h.wait_focus(MARKET).await?;
    // Typed where the focus went, in lower case.
    h.client()?.active_element().await?.send_keys("us").await?;
    h.type_nth(
        "[data-testid=fw-compliance-ru]",
        before,
        "Площадка проверена по списку безопасности бренда",
    )
    .await?;
    h.type_nth(
        "[data-testid=fw-compliance-en]",
        before,
        "Brand safety list checked",
    )
    .await?;
    let saved_before = versions(h)?;
    h.click("[data-testid=fw-make-default]").await?;
    h.click("[data-testid=fw-save]").await?;
    h.wait_text("[data-testid=framework-error]", "Чек-лист соответствия")
        .await?;
    // Only the refused item's market is marked, and the message says which item it is.
    h.wait_text(
        "[data-testid=framework-error]",
        &format!("пункт чек-листа {}", before + 1),
    )
    .await?;
    let marked = h
        .client()?
        .find_all(fantoccini::Locator::Css(&format!(
            "{MARKET}[aria-invalid='true']"
        )))
        .await?;
    if marked.len() != 1 || marked[0].prop("value").await?.as_deref() != Some("us") {
        return Err(fail(format!(
            "{} market fields marked, not the refused one alone",
            marked.len()
        )));
    }
    if versions(h)? != saved_before {
        return Err(fail("a refused framework was saved"));
    }
    h.scroll_to("[data-testid=framework-error]").await?;
    h.screenshot("fw-compliance-refused-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=framework-error]", "Compliance checklist")
        .await?;
    h.scroll_to("[data-testid=framework-error]").await?;
    h.screenshot("fw-compliance-refused-en").await?;
    h.click("[data-testid=lang-ru]").await?;

    // As "US": saved as the default version.
    h.type_nth(MARKET, before, "US").await?;
    h.click("[data-testid=fw-save]").await?;
    h.el("[data-testid=framework-saved]").await?;
    h.el("[data-testid=framework-row][data-version='2'][data-default='true']")
        .await?;

    // An RU+US partner on version 2, its pilot started, a deliverable for no single market.
    deliverable_in_both_markets(h, PARTNER, "Ролик для Reels").await?;
    // The default's 11 items and the team's own.
    h.wait_text(
        "[data-testid=compliance-open]",
        "12 пунктов соответствия открыты",
    )
    .await?;
    h.click("[data-testid=compliance] > summary").await?;
    h.wait_text(ITEM, "списку безопасности бренда").await?;
    h.scroll_to(ITEM).await?;
    h.screenshot("fw-compliance-checklist-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text(ITEM, "Brand safety list checked").await?;
    h.scroll_to(ITEM).await?;
    h.screenshot("fw-compliance-checklist-en").await?;
    Ok(())
}

#[tokio::test]
async fn a_teams_own_checklist_item_is_refused_when_malformed_and_shows_on_a_deliverable() {
    let mut h = Harness::start("compliance-editor").await;
    let result = flow(&mut h).await;
    h.finish(result).await;
}
