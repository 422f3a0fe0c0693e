//! Steps that several end-to-end stories share: adding a partner, deciding, scoring a gut check.

use super::{Harness, TestResult};

pub const CRITERIA: [&str; 3] = ["understands_ugc", "knows_both_markets", "asks_about_goals"];

pub fn db(h: &Harness) -> Result<rusqlite::Connection, Box<dyn std::error::Error>> {
    Ok(rusqlite::Connection::open_with_flags(
        h.db_path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?)
}

pub fn phase_in_db(h: &Harness, name: &str) -> Result<String, Box<dyn std::error::Error>> {
    Ok(
        db(h)?.query_row("SELECT phase FROM partners WHERE name = ?1", [name], |r| {
            r.get(0)
        })?,
    )
}

/// Adds a partner from the board's "New partner" form; the dossier opens on it.
pub async fn add_partner(h: &Harness, name: &str, tz: &str) -> TestResult {
    h.click("[data-testid=nav-board]").await?;
    h.click("[data-testid=board-new]").await?;
    h.type_into("[data-testid=partner-name]", name).await?;
    h.click("[data-testid=market-RU]").await?;
    h.click("[data-testid=market-US]").await?;
    h.type_into("[data-testid=partner-tz]", tz).await?;
    h.click("[data-testid=partner-submit]").await?;
    h.wait_text("[data-testid=dossier-name]", name).await?;
    Ok(())
}

pub async fn open_from_board(h: &Harness, name: &str) -> TestResult {
    h.click("[data-testid=nav-board]").await?;
    h.type_into("[data-testid=board-search]", name).await?;
    h.wait_text("[data-testid=board-card-name]", name).await?;
    h.click("[data-testid=board-card]").await?;
    h.wait_text("[data-testid=dossier-name]", name).await?;
    Ok(())
}

pub async fn decide(h: &Harness, choice: &str, by: &str, rationale: &str) -> TestResult {
    h.click("[data-testid=decide-open]").await?;
    h.el("[data-testid=decision-dialog]").await?;
    h.click(&format!("[data-testid=decide-choice-{choice}]"))
        .await?;
    h.type_into("[data-testid=decide-by]", by).await?;
    h.type_into("[data-testid=decide-rationale]", rationale)
        .await?;
    h.type_into(
        "[data-testid=decide-assumptions]",
        "Мы предполагаем, что RU-аудитория предпочитает тексты от основателя",
    )
    .await?;
    h.click("[data-testid=decide-submit]").await?;
    Ok(())
}

/// The gut check's reviewer becomes `reviewer` (the user name in Settings), unless already so:
/// the dossier is read again for them, blind until they have scored.
pub async fn switch_reviewer(h: &Harness, reviewer: &str) -> TestResult {
    h.type_into("[data-testid=gut-reviewer]", reviewer).await?;
    if h.client()?
        .find(fantoccini::Locator::Css("[data-testid=gut-switch]"))
        .await
        .is_ok()
    {
        h.click("[data-testid=gut-switch]").await?;
    }
    h.enabled("[data-testid=gut-submit]").await?;
    Ok(())
}

/// One reviewer scores the gut check; `answers` are yes/no per criterion.
pub async fn score(h: &Harness, reviewer: &str, answers: [bool; 3]) -> TestResult {
    switch_reviewer(h, reviewer).await?;
    for (criterion, yes) in CRITERIA.iter().zip(answers) {
        let id = if yes { "yes" } else { "no" };
        h.click(&format!("[data-testid=gut-answer-{criterion}-{id}]"))
            .await?;
    }
    h.click("[data-testid=gut-submit]").await?;
    h.wait_text("[data-testid=gut-reviewers]", reviewer).await?;
    Ok(())
}

/// While the window's computer shares a workspace, it scores as its person: the gut check shows
/// `person` (no name to type, nothing to switch), and the answers are saved as theirs.
pub async fn score_as_device_person(h: &Harness, person: &str, answers: [bool; 3]) -> TestResult {
    h.wait_text("[data-testid=gut-device-reviewer-name]", person)
        .await?;
    for css in ["[data-testid=gut-reviewer]", "[data-testid=gut-switch]"] {
        let found = h.client()?.find_all(fantoccini::Locator::Css(css)).await?;
        if !found.is_empty() {
            return Err(super::fail(format!("{css} is offered while sharing")));
        }
    }
    for (criterion, yes) in CRITERIA.iter().zip(answers) {
        let id = if yes { "yes" } else { "no" };
        h.click(&format!("[data-testid=gut-answer-{criterion}-{id}]"))
            .await?;
    }
    h.click("[data-testid=gut-submit]").await?;
    h.wait_text("[data-testid=gut-saved]", person).await?;
    h.wait_text("[data-testid=gut-reviewers]", person).await?;
    Ok(())
}

/// Fills the scope form's four roles with `who` and its three required hypotheses ("Гипотеза 1"…).
pub async fn fill_roles_and_hypotheses(h: &Harness, who: &str) -> TestResult {
    for css in [
        "[data-testid=scope-role-feedback]",
        "[data-testid=scope-role-relations]",
        "[data-testid=scope-role-approval]",
        "[data-testid=scope-role-escalation]",
    ] {
        h.type_into(css, who).await?;
    }
    for i in 0..3 {
        h.type_nth(
            "[data-testid=hypothesis-input]",
            i,
            &format!("Гипотеза {}", i + 1),
        )
        .await?;
    }
    Ok(())
}
