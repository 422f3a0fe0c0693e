//! End-to-end: the Insights page on a seeded 1,000-partner file, in both languages — the figures
//! the core computes are on screen, with the numbers printed; a filter reads again; a partner
//! behind a figure opens its dossier; a decision due for review is reviewed there (Russian) and
//! the hit rate by confidence counts it, still "too few reviewed yet — n = 3". Run with `make e2e`.

mod e2e_support;

use chrono::{Duration, Utc};
use e2e_support::{fail, Harness, TestResult};
use vetta_core::decision::{NewDecision, NewDecisionReview};
use vetta_core::insights::InsightsQuery;
use vetta_core::partner::PartnerKind;
use vetta_core::recommendation::Choice;
use vetta_core::seed::{self, Spec};
use vetta_core::Store;

/// A seeded file whose story started 200 days ago; returns what the core computes for it now.
fn seeded(dir: &std::path::Path) -> vetta_core::insights::Insights {
    let start = Utc::now() - Duration::days(200);
    let (mut store, _) = Store::open(&dir.join("vetta.sqlite3"), start).expect("opens a new file");
    seed::generate(&mut store, &Spec::scaled(12, 100), start).expect("generates");
    let now = Utc::now();
    store
        .set_user_name("Светлана", now)
        .expect("names the user");
    // Three holds made 40 days ago with a confidence, reviewed 10 days ago: two reviewed here,
    // the first (named to sort first) left for the window to review.
    for (i, name) in [REVIEWED, "Обзор Б", "Обзор В"].iter().enumerate() {
        let partner = store
            .add_partner(
                &vetta_core::partner::NewPartner {
                    kind: PartnerKind::Creator,
                    ..vetta_core::testing::new_partner(name)
                },
                now - Duration::days(41),
            )
            .expect("adds");
        let decision = store
            .record_decision(
                &NewDecision {
                    partner_id: partner.id,
                    choice: Choice::Hold,
                    decided_by: "Светлана".into(),
                    rationale: "ждём цифры за квартал".into(),
                    assumptions: vec![],
                    review_on: Some((now - Duration::days(10)).format("%Y-%m-%d").to_string()),
                    confidence: Some(if i == 0 { 70 } else { 90 }),
                    expected: Some("Пришлют цифры к дате пересмотра".into()),
                },
                now - Duration::days(40),
            )
            .expect("decides");
        if i > 0 {
            store
                .review_decision(
                    &NewDecisionReview {
                        decision_id: decision.id,
                        as_expected: true,
                        note: String::new(),
                    },
                    now - Duration::days(9),
                )
                .expect("reviews");
        }
    }
    store
        .insights(&InsightsQuery::default(), Utc::now())
        .expect("computes insights")
}

/// The partner whose decision the window reviews (a digit first: first in the sourced list).
const REVIEWED: &str = "0 Пересмотр";

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
    // Reviewers and sides, and where reviewers disagree: the core's figures, in words.
    if let Some(c) = expected.criteria.first() {
        h.wait_text(
            &format!("[data-testid=insights-criterion][data-key={}]", c.key),
            &format!(
                "разошлись у {} из {}",
                fmt_ru(c.disagreed),
                fmt_ru(c.compared)
            ),
        )
        .await?;
    }
    h.wait_text("[data-testid=insights-side]", "Этот компьютер")
        .await?;
    // Two decisions reviewed so far: the counts, and "too few" with n.
    h.scroll_to("[data-testid=insights-decisions]").await?;
    h.wait_text(
        "[data-testid=insights-too-few-reviewed]",
        "слишком мало — n = 2",
    )
    .await?;
    h.wait_text(
        "[data-testid=insights-band][data-band='90']",
        "как ожидали — 2 из 2",
    )
    .await?;
    h.screenshot("insights-reviewers-ru").await?;
    h.client()?
        .execute("window.scrollTo(0, 0);", vec![])
        .await?;
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
    if expected.funnel[1].partners.shown.is_empty() {
        return Err(fail("the seed left no partner in the gut check"));
    }
    h.click(step).await?;
    let name = &expected.funnel[1].partners.shown[0].name;
    h.click_containing(
        "[data-testid=insights-step][data-phase=gut_check] button",
        name,
    )
    .await?;
    h.wait_text("[data-testid=dossier-name]", name).await?;

    // The decision due for review is reviewed in the dossier, in Russian.
    h.click("[data-testid=lang-ru]").await?;
    h.click("[data-testid=nav-insights]").await?;
    h.click("[data-testid=insights-step][data-phase=sourced] summary")
        .await?;
    // Every partner still sourced is counted; the first 50 are listed, and the page says so.
    let sourced = &expected.funnel[0].partners;
    if sourced.shown.len() as u32 >= sourced.total {
        return Err(fail(
            "the seed should leave more sourced partners than a list shows",
        ));
    }
    h.wait_text(
        "[data-testid=insights-step][data-phase=sourced] [data-testid=insights-people-more]",
        &format!(
            "Показаны первые {} из {}",
            sourced.shown.len(),
            fmt_ru(sourced.total)
        ),
    )
    .await?;
    h.click_containing(
        "[data-testid=insights-step][data-phase=sourced] button",
        REVIEWED,
    )
    .await?;
    h.wait_text("[data-testid=dossier-name]", REVIEWED).await?;
    h.scroll_to("[data-testid=review-form]").await?;
    h.wait_text("[data-testid=review-form]", "Дата пересмотра наступила")
        .await?;
    h.wait_text("[data-testid=decision-confidence]", "Уверенность: 70 %")
        .await?;
    h.click("[data-testid=review-no]").await?;
    h.type_into("[data-testid=review-note]", "Цифры не прислали")
        .await?;
    h.click("[data-testid=review-submit]").await?;
    h.wait_text("[data-testid=decision-review]", "Пересмотрел(а) Светлана")
        .await?;
    h.wait_text("[data-testid=decision-review]", "не так, как ожидали")
        .await?;
    h.screenshot("decision-review-ru").await?;
    // The decision form offers a confidence band and the expected outcome.
    h.click("[data-testid=decide-open]").await?;
    h.set_value("[data-testid=decide-confidence]", 0, "60")
        .await?;
    h.type_into("[data-testid=decide-expected]", "Пришлют цифры за квартал")
        .await?;
    h.scroll_to("[data-testid=decide-confidence]").await?;
    h.screenshot("decision-form-ru").await?;
    h.click("[data-testid=decide-cancel]").await?;
    h.click("[data-testid=nav-insights]").await?;
    h.scroll_to("[data-testid=insights-decisions]").await?;
    h.wait_text(
        "[data-testid=insights-too-few-reviewed]",
        "слишком мало — n = 3",
    )
    .await?;
    h.wait_text(
        "[data-testid=insights-band][data-band='70']",
        "как ожидали — 0 из 1",
    )
    .await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text(
        "[data-testid=insights-too-few-reviewed]",
        "Too few reviewed yet — n = 3",
    )
    .await?;
    h.scroll_to("[data-testid=insights-decisions]").await?;
    h.screenshot("insights-decisions-en").await?;
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
