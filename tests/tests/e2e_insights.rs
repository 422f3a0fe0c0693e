//! End-to-end: the Insights page on a seeded 1,000-partner file, in both languages — the figures
//! the core computes are on screen, with the numbers printed; a filter reads again; a partner
//! behind a figure opens its dossier. Run with `make e2e`.

mod e2e_support;

use chrono::{Duration, Utc};
use e2e_support::{fail, Harness, TestResult};
use vetta_core::insights::InsightsQuery;
use vetta_core::seed::{self, Spec};
use vetta_core::Store;

/// A seeded file whose story started 200 days ago; returns what the core computes for it now.
fn seeded(dir: &std::path::Path) -> vetta_core::insights::Insights {
    let start = Utc::now() - Duration::days(200);
    let (mut store, _) = Store::open(&dir.join("vetta.sqlite3"), start).expect("opens a new file");
    seed::generate(&mut store, &Spec::scaled(12, 100), start).expect("generates");
    store
        .insights(&InsightsQuery::default(), Utc::now())
        .expect("computes insights")
}

async fn insights_flow(h: &mut Harness, expected: &vetta_core::insights::Insights) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    h.click("[data-testid=nav-insights]").await?;
    h.wait_text(
        "[data-testid=insights-covers]",
        &format!("партнёров: {}", fmt_ru(expected.partners)),
    )
    .await?;
    let sourced = &expected.funnel[0];
    h.el(&format!(
        "[data-testid=insights-step][data-phase=sourced][data-reached='{}']",
        sourced.reached
    ))
    .await?;
    if !expected.enough {
        h.wait_text("[data-testid=insights-too-few]", "n =").await?;
    }
    let team = format!(
        "пройден у {} из {}",
        fmt_ru(expected.team_passed),
        fmt_ru(expected.team_gates)
    );
    h.wait_text("[data-testid=insights-team]", &team).await?;
    h.screenshot("insights-ru").await?;
    h.scroll_to("[data-testid=insights-rework]").await?;
    h.screenshot("insights-rework-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=insights-team]", "The team's gate")
        .await?;
    h.client()?
        .execute("window.scrollTo(0, 0);", vec![])
        .await?;
    h.screenshot("insights-en").await?;

    // A filter reads again: every seeded partner was added 200 days ago, none in the last 30.
    h.set_value("[data-testid=insights-period]", 0, "30")
        .await?;
    h.wait_text("[data-testid=insights-empty]", "No partners match")
        .await?;
    h.set_value("[data-testid=insights-period]", 0, "").await?;
    h.wait_text("[data-testid=insights-covers]", "partners")
        .await?;

    // A partner behind a figure opens its dossier.
    let step = "[data-testid=insights-step][data-phase=gut_check] summary";
    if expected.funnel[1].partners.is_empty() {
        return Err(fail("the seed left no partner in the gut check"));
    }
    h.click(step).await?;
    let name = &expected.funnel[1].partners[0].name;
    h.click_containing(
        "[data-testid=insights-step][data-phase=gut_check] button",
        name,
    )
    .await?;
    h.wait_text("[data-testid=dossier-name]", name).await?;
    Ok(())
}

/// A count as the Russian interface prints it (a no-break space groups thousands).
fn fmt_ru(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

#[tokio::test]
async fn insights_show_what_the_core_computes_in_both_languages() {
    let mut expected = None;
    let mut h = Harness::start_with("insights", |dir| expected = Some(seeded(dir))).await;
    let result = match &expected {
        Some(e) => insights_flow(&mut h, e).await,
        None => Err(fail("the file was not seeded")),
    };
    h.finish(result).await;
}
