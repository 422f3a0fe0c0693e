//! End-to-end: decisions made in two offices without either seeing the other. Two stores share
//! a folder before the app starts: Moscow advances "Аврора Медиа", New York (offline) advances it
//! too; the app opens Moscow's file and its dossier shows both as conflicting — who, when, where —
//! in Russian and in English; a new decision settles it. Both offices also saved a framework
//! version from the same one: the frameworks page marks the two versions of one number.
//! Run with `make e2e`.

mod e2e_support;

use chrono::{Duration, Utc};
use e2e_support::{fail, flows, Harness, TestResult};
use vetta_core::decision::NewDecision;
use vetta_core::recommendation::Choice;
use vetta_core::store::ShareSetup;
use vetta_core::Store;

const NAME: &str = "Аврора Медиа";

fn decision(partner_id: &str, by: &str, rationale: &str) -> NewDecision {
    NewDecision {
        partner_id: partner_id.into(),
        choice: Choice::Advance,
        decided_by: by.into(),
        rationale: rationale.into(),
        assumptions: vec![],
        review_on: None,
        confidence: None,
        expected: None,
    }
}

fn seeded(dir: &std::path::Path) {
    let now = Utc::now();
    // Inside the data folder (a folder there is never synced as the database itself).
    let share = dir.join("share");
    let other = dir.join("new-york");
    let open = |path: std::path::PathBuf, person: &str, zone: &str| {
        let (mut s, _) = Store::open(&path, now - Duration::days(3)).expect("opens a new file");
        s.set_user_name(person, now - Duration::days(3))
            .expect("names");
        s.set_time_zone(zone, now - Duration::days(3))
            .expect("zones");
        s
    };
    let mut moscow = open(dir.join("vetta.sqlite3"), "Светлана", "Europe/Moscow");
    std::fs::create_dir_all(&other).expect("a folder");
    let mut new_york = open(other.join("vetta.sqlite3"), "Mike", "America/New_York");
    let made = moscow
        .start_sharing(&ShareSetup {
            folder: share.clone(),
            workspace: None,
            device_name: "Moscow".into(),
        })
        .expect("shares");
    new_york
        .start_sharing(&ShareSetup {
            folder: share,
            workspace: Some(made.workspace),
            device_name: "New York".into(),
        })
        .expect("joins");
    let partner = moscow
        .add_partner(
            &vetta_core::testing::new_partner(NAME),
            now - Duration::days(2),
        )
        .expect("adds");
    let exchange = |a: &mut Store, b: &mut Store| {
        for _ in 0..2 {
            a.export_changes().expect("exports");
            b.export_changes().expect("exports");
            a.apply_changes().expect("applies");
            b.apply_changes().expect("applies");
        }
    };
    exchange(&mut moscow, &mut new_york);
    moscow
        .record_decision(
            &decision(&partner.id, "Светлана", "Кейсы сильные, берём в работу"),
            now - Duration::hours(5),
        )
        .expect("Moscow advances");
    new_york
        .record_decision(
            &decision(&partner.id, "Mike", "Strong references from two US brands"),
            now - Duration::hours(4),
        )
        .expect("New York advances, offline");
    // Both copy Moscow's default (New York has it from the first exchange).
    let base = moscow.default_framework().expect("reads");
    for (store, at) in [(&mut moscow, 3), (&mut new_york, 2)] {
        store
            .create_framework_version(
                &vetta_core::framework::FrameworkDraft {
                    based_on: base.id.clone(),
                    definition: base.definition.clone(),
                    make_default: false,
                },
                now - Duration::hours(at),
            )
            .expect("saves a version, offline");
    }
    exchange(&mut moscow, &mut new_york);
}

async fn flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    flows::open_from_board(h, NAME).await?;
    h.wait_text("[data-testid=decision-conflict]", "Противоречащие решения")
        .await?;
    let banner = h.text("[data-testid=decision-conflict]").await?;
    for part in ["Светлана", "Mike", "New York"] {
        if !banner.contains(part) {
            return Err(fail(format!("the conflict names {part}: {banner}")));
        }
    }
    h.scroll_to("[data-testid=decision-conflict]").await?;
    h.screenshot("conflict-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=decision-conflict]", "Conflicting decisions")
        .await?;
    h.screenshot("conflict-en").await?;
    h.click("[data-testid=nav-frameworks]").await?;
    h.wait_text(
        "[data-testid=framework-fork-hint]",
        "Two offices saved a version",
    )
    .await?;
    let marked = h
        .client()?
        .find_all(fantoccini::Locator::Css("[data-testid=framework-fork]"))
        .await?
        .len();
    if marked != 2 {
        return Err(fail(format!(
            "both versions of one number are marked: {marked}"
        )));
    }
    h.screenshot("framework-fork-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text("[data-testid=framework-fork-hint]", "Два офиса сохранили")
        .await?;
    h.screenshot("framework-fork-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    flows::open_from_board(h, NAME).await?;
    flows::decide(
        h,
        "hold",
        "Светлана",
        "Read both: we wait for the US references",
    )
    .await?;
    for _ in 0..100 {
        if h.text("[data-testid=decision-panel]")
            .await?
            .contains("Read both")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let client = h.client()?;
    for _ in 0..50 {
        if client
            .find_all(fantoccini::Locator::Css("[data-testid=decision-conflict]"))
            .await?
            .is_empty()
        {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err(fail("the new decision settles the conflict"))
}

#[tokio::test]
async fn decisions_made_in_two_offices_unseen_are_shown_as_conflicting_until_settled() {
    let mut h = Harness::start_with("conflict", seeded).await;
    let result = flow(&mut h).await;
    h.finish(result).await;
}
