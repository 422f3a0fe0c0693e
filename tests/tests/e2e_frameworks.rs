//! End-to-end: a copy of the framework is edited and becomes the default; a new partner is scored
//! with it while an earlier partner's results stay as they were; the two are compared side by side.
//! Run with `make e2e`.

mod e2e_support;

use e2e_support::flows::{add_partner, db, decide, open_from_board, score, switch_reviewer};
use e2e_support::{fail, Harness, TestResult};

const OLD: &str = "Old Rubric Agency";
const NEW: &str = "New Rubric Studio";

async fn framework_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    h.click("[data-testid=nav-settings]").await?;
    h.type_into("[data-testid=user-name]", "Anna").await?;
    h.click("[data-testid=user-name-save]").await?;

    // An earlier partner, scored 3/3 with version 1.
    add_partner(h, OLD, "America/New_York").await?;
    decide(h, "advance", "Anna", "Strong case studies").await?;
    score(h, "Anna", [true, true, true]).await?;
    h.wait_text("[data-testid=gut-gate]", "3").await?;
    h.wait_text("[data-testid=dossier-header-framework]", "version 1")
        .await?;

    // Copy the default framework, add a fourth gut-check question, require 4 points from two
    // reviewers.
    h.click("[data-testid=nav-frameworks]").await?;
    h.el("[data-testid=framework-row][data-version='1']")
        .await?;
    h.click("[data-testid=framework-copy]").await?;
    h.el("[data-testid=framework-editor]").await?;
    h.click("[data-testid=fw-criterion-add]").await?;
    let rows = h
        .client()?
        .find_all(fantoccini::Locator::Css("[data-testid=fw-criterion]"))
        .await?;
    let last = rows
        .len()
        .checked_sub(1)
        .ok_or_else(|| fail("no criterion rows"))?;
    h.type_nth(
        "[data-testid=fw-criterion-label-ru]",
        last,
        "Отвечают ли они в течение дня?",
    )
    .await?;
    h.type_nth(
        "[data-testid=fw-criterion-label-en]",
        last,
        "Do they reply within a day?",
    )
    .await?;
    h.type_into("[data-testid=fw-threshold-gut_check]", "4")
        .await?;
    h.type_into("[data-testid=fw-min-reviewers-gut_check]", "2")
        .await?;
    h.screenshot("editor-en").await?;
    // "Make default" is a choice, never pre-checked.
    if h.el("[data-testid=fw-make-default]")
        .await?
        .is_selected()
        .await?
    {
        return Err(fail("“make default” is pre-checked"));
    }
    if !h
        .client()?
        .find_all(fantoccini::Locator::Css("[data-testid=fw-criterion-key]"))
        .await?
        .is_empty()
    {
        return Err(fail("the technical key field is shown"));
    }
    h.click("[data-testid=fw-make-default]").await?;
    h.click("[data-testid=fw-save]").await?;
    h.el("[data-testid=framework-saved]").await?;
    h.el("[data-testid=framework-row][data-version='2'][data-default='true']")
        .await?;
    h.wait_text(
        "[data-testid=framework-min-reviewers]",
        "Judged once 2 reviewers have scored",
    )
    .await?;

    // A new partner is vetted with version 2: four questions, 4 of 4 needed.
    add_partner(h, NEW, "Europe/Moscow").await?;
    h.wait_text("[data-testid=dossier-header-framework]", "version 2")
        .await?;
    decide(h, "advance", "Anna", "Worth a call").await?;
    h.type_into("[data-testid=gut-reviewer]", "Anna").await?;
    let yes = h
        .client()?
        .find_all(fantoccini::Locator::Css(
            "[data-testid^='gut-answer-'][data-testid$='-yes']",
        ))
        .await?;
    if yes.len() != 4 {
        return Err(fail(format!(
            "the new partner's gut check has {} questions, not 4",
            yes.len()
        )));
    }
    let all_yes = async |h: &Harness| -> TestResult {
        for i in 0..4 {
            h.nth("[data-testid^='gut-answer-'][data-testid$='-yes']", i)
                .await?
                .click()
                .await?;
        }
        h.click("[data-testid=gut-submit]").await?;
        Ok(())
    };
    all_yes(h).await?;
    // One reviewer of the two the version needs: the gate waits, whatever Anna answered.
    h.wait_text(
        "[data-testid=gut-gate]",
        "Waiting for reviewers: 1 of the 2",
    )
    .await?;
    if h.el("[data-testid=gut-gate]")
        .await?
        .attr("data-passed")
        .await?
        .as_deref()
        != Some("false")
    {
        return Err(fail("the gate passed after one of two reviewers"));
    }
    h.wait_text("[data-testid=recommendation]", "Waiting for reviewers")
        .await?;
    switch_reviewer(h, "Mike").await?;
    all_yes(h).await?;
    h.wait_text("[data-testid=gut-gate]", "4").await?;
    if h.el("[data-testid=gut-gate]")
        .await?
        .attr("data-passed")
        .await?
        .as_deref()
        != Some("true")
    {
        return Err(fail(
            "4 of 4 from both reviewers does not pass the edited gate",
        ));
    }
    switch_reviewer(h, "Anna").await?;

    // The earlier partner's scores and gate result are unchanged.
    open_from_board(h, OLD).await?;
    h.wait_text("[data-testid=dossier-header-framework]", "version 1")
        .await?;
    let gate = h.el("[data-testid=gut-gate]").await?;
    if gate.attr("data-passed").await?.as_deref() != Some("true") {
        return Err(fail(
            "editing the framework changed an earlier partner's gate",
        ));
    }
    h.wait_text("[data-testid=recommendation]", "3 of 3")
        .await?;

    // Compare the two side by side.
    h.click("[data-testid=nav-compare]").await?;
    h.type_into("[data-testid=compare-search]", "Rubric")
        .await?;
    for name in [OLD, NEW] {
        h.click_containing("[data-testid=compare-result]", name)
            .await?;
        h.wait_text("[data-testid=compare]", name).await?;
    }
    h.el("[data-testid=compare-table]").await?;
    let columns = h
        .client()?
        .find_all(fantoccini::Locator::Css("[data-testid=compare-column]"))
        .await?;
    if columns.len() != 2 {
        return Err(fail(format!("{} columns compared, not 2", columns.len())));
    }
    h.wait_text("[data-testid=compare-table]", OLD).await?;
    h.wait_text("[data-testid=compare-table]", NEW).await?;
    h.el("[data-testid=compare-row][data-row=gate]").await?;
    h.el("[data-testid=compare-rubrics-differ]").await?;
    h.el("[data-testid=compare-chart]").await?;
    h.screenshot("compare-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text("[data-testid=compare]", "Сравн").await?;
    h.screenshot("compare-ru").await?;
    Ok(())
}

#[tokio::test]
async fn an_edited_framework_copy_leaves_earlier_results_alone() {
    let mut h = Harness::start("frameworks").await;
    let result = framework_flow(&mut h).await;
    h.finish(result).await;
}

fn versions_in_db(h: &Harness) -> Result<i64, Box<dyn std::error::Error>> {
    Ok(db(h)?.query_row("SELECT count(*) FROM frameworks", [], |r| r.get(0))?)
}

async fn row_state(
    h: &Harness,
    version: u32,
    attr: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    Ok(h.el(&format!(
        "[data-testid=framework-row][data-version='{version}']"
    ))
    .await?
    .attr(attr)
    .await?
    .unwrap_or_default())
}

async fn select_version(h: &Harness, version: u32) -> TestResult {
    h.click(&format!(
        "[data-testid=framework-row][data-version='{version}'] button"
    ))
    .await?;
    h.el(&format!(
        "[data-testid=framework-detail][data-version='{version}']"
    ))
    .await?;
    Ok(())
}

async fn status_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    add_partner(h, OLD, "America/New_York").await?;

    // A copy saved without "make default" is not the default.
    h.click("[data-testid=nav-frameworks]").await?;
    h.click("[data-testid=framework-copy]").await?;
    h.el("[data-testid=framework-editor]").await?;
    h.click("[data-testid=fw-save]").await?;
    h.el("[data-testid=framework-row][data-version='2'][data-default='false']")
        .await?;
    h.el("[data-testid=framework-row][data-version='1'][data-default='true']")
        .await?;

    // Version 2 made the default as it is: no third version is saved.
    select_version(h, 2).await?;
    h.click("[data-testid=framework-make-default]").await?;
    h.el("[data-testid=framework-row][data-version='2'][data-default='true']")
        .await?;
    h.wait_text(
        "[data-testid=framework-saved]",
        "Version 2 is now the default",
    )
    .await?;
    if row_state(h, 1, "data-default").await? != "false" {
        return Err(fail("two versions are the default"));
    }
    add_partner(h, NEW, "Europe/Moscow").await?;
    h.wait_text("[data-testid=dossier-header-framework]", "version 2")
        .await?;

    // Version 1 archived: its partner keeps it; it cannot be made the default while archived.
    h.click("[data-testid=nav-frameworks]").await?;
    select_version(h, 1).await?;
    h.click("[data-testid=framework-archive]").await?;
    h.el("[data-testid=framework-row][data-version='1'][data-archived='true']")
        .await?;
    if h.el("[data-testid=framework-make-default]")
        .await?
        .is_enabled()
        .await?
    {
        return Err(fail("an archived version can be made the default"));
    }
    h.screenshot("frameworks-archived-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text("[data-testid=framework-status]", "В архиве")
        .await?;
    h.screenshot("frameworks-archived-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    open_from_board(h, OLD).await?;
    h.wait_text("[data-testid=dossier-header-framework]", "version 1")
        .await?;

    // The default has no archive button; version 1 comes back and becomes the default again.
    h.click("[data-testid=nav-frameworks]").await?;
    select_version(h, 2).await?;
    if !h
        .client()?
        .find_all(fantoccini::Locator::Css("[data-testid=framework-archive]"))
        .await?
        .is_empty()
    {
        return Err(fail("the default version offers to archive itself"));
    }
    select_version(h, 1).await?;
    h.click("[data-testid=framework-archive]").await?;
    h.el("[data-testid=framework-row][data-version='1'][data-archived='false']")
        .await?;
    h.click("[data-testid=framework-make-default]").await?;
    h.el("[data-testid=framework-row][data-version='1'][data-default='true']")
        .await?;
    if versions_in_db(h)? != 2 {
        return Err(fail("making a default or archiving saved a new version"));
    }
    Ok(())
}

#[tokio::test]
async fn an_existing_version_is_made_the_default_and_archived_without_a_new_copy() {
    let mut h = Harness::start("framework-status").await;
    let result = status_flow(&mut h).await;
    h.finish(result).await;
}
