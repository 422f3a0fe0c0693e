//! End-to-end: a decision whose review date has come is reviewed right in the board's reminders
//! strip, with the dossier's own review form — by keyboard in English (Tab, Enter, Space), by
//! mouse in Russian; Escape closes the form; each review is in the file and answers its reminder.
//! Run with `make e2e`.

mod e2e_support;

use chrono::{Duration, Utc};
use e2e_support::{fail, flows, Harness, TestResult};
use vetta_core::decision::NewDecision;
use vetta_core::recommendation::Choice;
use vetta_core::Store;

const EN: &str = "0 Review Studio";
const RU: &str = "1 Студия Пересмотр";

/// Two partners on hold, each decision's review date come (10 and 5 days ago: the English one
/// first in the strip, the oldest).
fn seeded(dir: &std::path::Path) {
    let now = Utc::now();
    let (mut store, _) = Store::open(&dir.join("vetta.sqlite3"), now - Duration::days(30))
        .expect("opens a new file");
    store.set_user_name("Sarah", now).expect("names the user");
    for (name, days) in [(EN, 10), (RU, 5)] {
        let partner = store
            .add_partner(
                &vetta_core::testing::new_partner(name),
                now - Duration::days(30),
            )
            .expect("adds");
        store
            .record_decision(
                &NewDecision {
                    partner_id: partner.id,
                    choice: Choice::Hold,
                    decided_by: "Sarah".into(),
                    rationale: "waiting for the quarter's numbers".into(),
                    assumptions: vec![],
                    review_on: Some((now - Duration::days(days)).format("%Y-%m-%d").to_string()),
                    confidence: Some(70),
                    expected: Some("They send the numbers by the review date".into()),
                },
                now - Duration::days(29),
            )
            .expect("decides");
    }
}

/// Sends `keys` to the focused element (WebDriver key codes for Tab, Enter, Space).
async fn keys(h: &Harness, keys: &str) -> TestResult {
    h.client()?.active_element().await?.send_keys(keys).await?;
    Ok(())
}

/// The latest review of `name`'s decision in the file: (as expected, note), once there is one.
async fn review_in_db(
    h: &Harness,
    name: &str,
) -> Result<(bool, String), Box<dyn std::error::Error>> {
    for _ in 0..100 {
        let found = flows::db(h)?
            .query_row(
                "SELECT r.as_expected, r.note FROM decision_reviews r
                 JOIN decisions d ON d.id = r.decision_id JOIN partners p ON p.id = d.partner_id
                 WHERE p.name = ?1 ORDER BY r.at DESC LIMIT 1",
                [name],
                |r| Ok((r.get::<_, bool>(0)?, r.get::<_, String>(1)?)),
            )
            .ok();
        if let Some(found) = found {
            return Ok(found);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err(fail(format!("no review of {name} in the file")))
}

/// Waits until `css` is off screen (under load a press is not done when it returns).
async fn wait_gone(h: &Harness, css: &str, why: &str) -> TestResult {
    for _ in 0..100 {
        if e2e_support::pilots::gone(h, css, why).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    e2e_support::pilots::gone(h, css, why).await
}

async fn flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=reminders-total]", "2 things need attention")
        .await?;
    h.wait_text("[data-testid=reminders-urgent]", EN).await?;

    // English, by keyboard: Tab to the first "Review here", Enter opens the dossier's form with
    // the focus on its first choice; Space picks it, Tab to the note, Tab to Save, Enter.
    h.tab_to("[data-testid=reminder-review-open]", 60).await?;
    h.press_enter().await?;
    h.wait_text(
        "[data-testid=reminder-review] [data-testid=review-form]",
        "review date",
    )
    .await?;
    h.wait_focus("[data-testid=reminder-review] [data-testid=review-yes]")
        .await?;
    // Escape closes the form, the focus back on the page; Enter opens it again.
    h.send_escape().await?;
    wait_gone(
        h,
        "[data-testid=reminder-review]",
        "Escape closes the review",
    )
    .await?;
    h.tab_to("[data-testid=reminder-review-open]", 60).await?;
    h.press_enter().await?;
    h.wait_focus("[data-testid=reminder-review] [data-testid=review-yes]")
        .await?;
    keys(h, " ").await?;
    h.tab_to("[data-testid=reminder-review] [data-testid=review-note]", 5)
        .await?;
    keys(h, "Numbers came on time").await?;
    h.screenshot("reminder-review-en").await?;
    h.tab_to(
        "[data-testid=reminder-review] [data-testid=review-submit]",
        5,
    )
    .await?;
    h.press_enter().await?;
    h.wait_text(
        "[data-testid=reminder-reviewed]",
        &format!("Review recorded for {EN}."),
    )
    .await?;
    let (as_expected, note) = review_in_db(h, EN).await?;
    if !as_expected || note != "Numbers came on time" {
        return Err(fail(format!(
            "the English review is stored as typed: {as_expected}, {note:?}"
        )));
    }
    // The review answers its reminder: one left, the Russian partner's.
    h.wait_text("[data-testid=reminders-total]", "1 thing needs attention")
        .await?;

    // Russian, by mouse: "not as expected", a note.
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text("[data-testid=reminders-urgent]", RU).await?;
    h.click("[data-testid=reminder-review-open]").await?;
    h.wait_text(
        "[data-testid=reminder-review] [data-testid=review-form]",
        "Дата пересмотра наступила",
    )
    .await?;
    h.click("[data-testid=reminder-review] [data-testid=review-no]")
        .await?;
    h.type_into(
        "[data-testid=reminder-review] [data-testid=review-note]",
        "Цифры не прислали",
    )
    .await?;
    h.screenshot("reminder-review-ru").await?;
    h.click("[data-testid=reminder-review] [data-testid=review-submit]")
        .await?;
    let (as_expected, note) = review_in_db(h, RU).await?;
    if as_expected || note != "Цифры не прислали" {
        return Err(fail(format!(
            "the Russian review is stored as typed: {as_expected}, {note:?}"
        )));
    }
    wait_gone(h, "[data-testid=reminders]", "no reminder is left").await?;
    h.screenshot("reminder-reviewed-ru").await?;
    Ok(())
}

#[tokio::test]
async fn a_decision_due_for_review_is_reviewed_in_the_reminders_strip() {
    let mut h = Harness::start_with("reminder-review", seeded).await;
    let result = flow(&mut h).await;
    h.finish(result).await;
}
