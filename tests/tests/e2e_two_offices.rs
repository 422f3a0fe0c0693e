//! End-to-end: two offices, two app processes in two real windows (each its own Xvfb display,
//! tauri-driver and data folder, so no lock is shared), sharing one folder: the Moscow window
//! (Russian, Europe/Moscow) and the New York window (English, America/New_York) run at the same
//! time. A decision and a score entered in Moscow appear in New York after "Sync now", with the
//! Moscow time beside the local one; the same partner field changed in both shows the overwrite
//! badge in both, and keeping one value clears it in both. Each window scores the gut check as its
//! own person, shown, never typed (Светлана in Russian, Mike in English), and New York scores
//! blind: Moscow's card arrives, but only its count shows until Mike's own card is in.

mod e2e_support;

use std::path::Path;

use e2e_support::flows::{db, decide, open_from_board, score_as_device_person};
use e2e_support::sharing::start_in_window;
use e2e_support::{fail, Harness, TestResult, EXPORTS_DIR};
use vetta_core::settings::Language;
use vetta_core::store::now;
use vetta_core::{testing, Store};

const MOSCOW: &str = "Москва — ноутбук Светланы";
const NEW_YORK: &str = "New York — Mike's laptop";
const PARTNER: &str = "Северный ветер";
const RATIONALE: &str = "Сильные кейсы в RU и US: начинаем пилот";
const NOTES_MOSCOW: &str = "Москва: ставки согласованы";
const NOTES_NEW_YORK: &str = "New York: rates still pending";
/// The dossier's gut check card, its heading included (for the screenshots).
const GUT_CHECK_CARD: &str = "section.card:has([data-testid=gut-check])";

/// A data folder as an office leaves it before Vetta starts: its person, zone and language set
/// (the person and zone are what the other office sees on every change); Moscow also has the
/// partner.
fn office(dir: &Path, person: &str, zone: &str, language: Language, partner: bool) {
    let (mut store, _) = Store::open_in_dir(dir, now()).expect("opens the data folder");
    store.set_user_name(person, now()).expect("names");
    store.set_time_zone(zone, now()).expect("sets the zone");
    store
        .set_language(language, now())
        .expect("sets the language");
    if partner {
        let mut p = testing::new_partner(PARTNER);
        p.home_time_zone = "Europe/Moscow".into();
        store.add_partner(&p, now()).expect("adds the partner");
    }
}

/// Settings → Sharing: joins `workspace` as `device` (the folder from the test's dialog folder).
async fn join_in_window(h: &Harness, device: &str, workspace: &str) -> TestResult {
    h.click("[data-testid=nav-settings]").await?;
    h.scroll_to("[data-testid=sharing-settings]").await?;
    h.type_into("[data-testid=share-device-name]", device)
        .await?;
    h.click("[data-testid=share-join]").await?;
    h.type_into("[data-testid=share-workspace]", workspace)
        .await?;
    h.click("[data-testid=share-start]").await?;
    h.wait_text("[data-testid=share-device]", device).await?;
    Ok(())
}

/// Settings → "Sync now", waiting until this window's changes are in the share folder (its data
/// folder says so) and the button is back (what the report says depends on what the other window
/// has written so far).
async fn sync(h: &Harness) -> TestResult {
    h.click("[data-testid=nav-settings]").await?;
    h.scroll_to("[data-testid=sync-now]").await?;
    h.click("[data-testid=sync-now]").await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let unexported: i64 = db(h)?.query_row(
            "SELECT count(*) FROM sync_outbox WHERE exported_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        if unexported == 0 {
            break;
        }
        if std::time::Instant::now() > deadline {
            return Err(fail(format!("{unexported} changes stay unexported")));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    h.enabled("[data-testid=sync-now]").await?;
    Ok(())
}

async fn edit_notes(h: &Harness, notes: &str) -> TestResult {
    open_from_board(h, PARTNER).await?;
    h.click("[data-testid=profile-edit]").await?;
    h.type_into("[data-testid=profile-notes]", notes).await?;
    h.click("[data-testid=profile-save]").await?;
    h.wait_text("[data-testid=profile-notes-text]", notes)
        .await?;
    Ok(())
}

/// The dossier shows the overwrite badge on the notes with both values; the badge is opened with
/// the keyboard (Enter on it) when `keyboard`.
async fn sees_overwrite(h: &Harness, keyboard: bool) -> TestResult {
    open_from_board(h, PARTNER).await?;
    h.scroll_to("[data-testid=overwrite-notes]").await?;
    if keyboard {
        let badge = h.el("[data-testid=overwrite-notes]").await?;
        let arg = serde_json::to_value(&badge)?;
        h.client()?
            .execute("arguments[0].focus();", vec![arg])
            .await?;
        h.wait_focus("[data-testid=overwrite-notes]").await?;
        h.client()?
            .active_element()
            .await?
            .send_keys("\u{E007}")
            .await?;
    } else {
        h.click("[data-testid=overwrite-notes]").await?;
    }
    h.wait_text("[data-testid=overwrite-values-notes]", NOTES_MOSCOW)
        .await?;
    h.wait_text("[data-testid=overwrite-values-notes]", NOTES_NEW_YORK)
        .await?;
    h.wait_text("[data-testid=overwrite-values-notes]", "Светлана")
        .await?;
    h.wait_text("[data-testid=overwrite-values-notes]", "Mike")
        .await?;
    Ok(())
}

async fn no_overwrite(h: &Harness) -> TestResult {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let badges = h
            .client()?
            .find_all(fantoccini::Locator::Css("[data-testid=overwrite-notes]"))
            .await?;
        if badges.is_empty() {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(fail(format!("{}: the overwrite badge stays", "notes")));
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

async fn body(m: &mut Harness, u: &mut Harness) -> TestResult {
    m.launch().await?;
    u.launch().await?;
    m.wait_text("[data-testid=nav-settings]", "Настройки")
        .await?;
    u.wait_text("[data-testid=nav-settings]", "Settings")
        .await?;

    let workspace = start_in_window(m, MOSCOW).await?;
    join_in_window(u, NEW_YORK, &workspace).await?;

    // Moscow decides (its rationale in Russian) and scores the gut check.
    open_from_board(m, PARTNER).await?;
    decide(m, "advance", "Светлана", RATIONALE).await?;
    m.wait_text("[data-testid=decision-entry]", RATIONALE)
        .await?;
    m.wait_text(
        "[data-testid=gut-device-reviewer]",
        "подписываются именем из настроек: Светлана",
    )
    .await?;
    score_as_device_person(m, "Светлана", [true, true, false]).await?;
    sync(m).await?;

    // New York: the partner, the decision with the Moscow time beside its own, and the score.
    sync(u).await?;
    u.wait_text("[data-testid=sync-report]", "applied").await?;
    open_from_board(u, PARTNER).await?;
    u.wait_text("[data-testid=decision-entry]", RATIONALE)
        .await?;
    u.wait_text("[data-testid=decision-origin]", MOSCOW).await?;
    u.wait_text("[data-testid=decision-origin]", "MSK").await?;
    u.wait_text("[data-testid=decision-origin]", "your time")
        .await?;
    let origin = u.text("[data-testid=decision-origin]").await?;
    if !(origin.contains("EST") || origin.contains("EDT")) {
        return Err(fail(format!(
            "no New York time beside Moscow's: {origin:?}"
        )));
    }
    u.wait_text("[data-testid=gut-reviewers]", "1 reviewer has scored")
        .await?;
    u.scroll_to("[data-testid=decision-entry]").await?;
    u.screenshot("decision-from-moscow-en").await?;

    // Blind across offices: Moscow's card is here, but Mike sees only that one reviewer has
    // scored — not who, not the answers — until his own card is in.
    u.wait_text("[data-testid=gut-hidden-notice]", "until you save yours")
        .await?;
    let blind = u.text("[data-testid=gut-check]").await?;
    if blind.contains("Светлана") {
        return Err(fail(format!(
            "Moscow's card shows before Mike scored: {blind:?}"
        )));
    }
    u.wait_text(
        "[data-testid=gut-device-reviewer]",
        "signed with the name in Settings: Mike",
    )
    .await?;
    u.scroll_to(GUT_CHECK_CARD).await?;
    u.screenshot("gut-check-shared-blind-en").await?;
    score_as_device_person(u, "Mike", [true, false, true]).await?;
    u.wait_text("[data-testid=gut-reviewers]", "2 reviewers have answered")
        .await?;
    u.wait_text("[data-testid=gut-reviewers]", "Светлана")
        .await?;
    u.wait_text("[data-testid=gut-disagreement]", "Светлана: Yes")
        .await?;
    u.scroll_to(GUT_CHECK_CARD).await?;
    u.screenshot("gut-check-shared-en").await?;

    // Both change the partner's notes before either has seen the other's change.
    edit_notes(m, NOTES_MOSCOW).await?;
    edit_notes(u, NOTES_NEW_YORK).await?;
    sync(m).await?;
    sync(u).await?;
    sync(m).await?;
    sees_overwrite(u, false).await?;
    u.scroll_to("[data-testid=profile]").await?;
    u.screenshot("overwrite-en").await?;
    sees_overwrite(m, true).await?;
    m.wait_text(
        "[data-testid=overwrite-values-notes]",
        "Оставить это значение",
    )
    .await?;
    m.scroll_to("[data-testid=profile]").await?;
    m.screenshot("overwrite-ru").await?;

    // New York keeps Moscow's value: a new edit, made having seen both, clears the badge in both.
    let values = u
        .client()?
        .find_all(fantoccini::Locator::Css("[data-testid=overwrite-value]"))
        .await?;
    let mut kept = false;
    for (i, value) in values.iter().enumerate() {
        if value.text().await?.contains(NOTES_MOSCOW) {
            u.nth("[data-testid=overwrite-keep]", i)
                .await?
                .click()
                .await?;
            kept = true;
            break;
        }
    }
    if !kept {
        return Err(fail("Moscow's value is not among the values to keep"));
    }
    u.wait_text("[data-testid=profile-notes-text]", NOTES_MOSCOW)
        .await?;
    no_overwrite(u).await?;
    u.wait_text("[data-testid=field-origin-notes]", "Mike")
        .await?;
    sync(u).await?;
    sync(m).await?;
    open_from_board(m, PARTNER).await?;
    m.wait_text("[data-testid=profile-notes-text]", NOTES_MOSCOW)
        .await?;
    no_overwrite(m).await?;
    m.wait_text("[data-testid=field-origin-notes]", "Mike")
        .await?;
    m.wait_text("[data-testid=field-origin-notes]", "у вас")
        .await?;
    // New York's card reached Moscow with the notes: both offices' answers, side by side.
    m.wait_text("[data-testid=gut-reviewers]", "Mike").await?;
    m.wait_text("[data-testid=gut-disagreement]", "Mike: Нет")
        .await?;
    m.scroll_to(GUT_CHECK_CARD).await?;
    m.screenshot("gut-check-shared-ru").await?;

    // Each office's file seeded the default framework when it was made: once they share, the
    // frameworks page lists it once, the default in both offices.
    for (h, name) in [
        (&*m, "Стандартная проверка партнёра"),
        (&*u, "Standard partner vetting"),
    ] {
        h.click("[data-testid=nav-frameworks]").await?;
        h.wait_text("[data-testid=frameworks-page]", name).await?;
        let rows = h
            .client()?
            .find_all(fantoccini::Locator::Css("[data-testid=framework-row]"))
            .await?;
        let default = match rows.first() {
            Some(row) => row.attr("data-default").await?,
            None => None,
        };
        if rows.len() != 1 || default.as_deref() != Some("true") {
            return Err(fail(format!(
                "{} framework rows (the first default: {default:?}): the offices' seeds are one",
                rows.len()
            )));
        }
    }
    Ok(())
}

#[tokio::test]
async fn two_offices_in_two_windows() {
    let mut m = Harness::start_with("e2e_two_offices_moscow", |dir| {
        office(dir, "Светлана", "Europe/Moscow", Language::Ru, true)
    })
    .await;
    let share = m.data_dir.path().join(EXPORTS_DIR);
    // New York's folder dialog answers with the same share folder as Moscow's.
    let mut u = Harness::start_with("e2e_two_offices_newyork", |dir| {
        office(dir, "Mike", "America/New_York", Language::En, false);
        let own = dir.join(EXPORTS_DIR);
        std::fs::remove_dir_all(&own).expect("removes the empty exports folder");
        std::os::unix::fs::symlink(&share, &own).expect("links the share folder");
    })
    .await;
    let result = body(&mut m, &mut u).await;
    match result {
        Ok(()) => {
            u.finish(Ok(())).await;
            m.finish(Ok(())).await;
        }
        Err(e) => {
            let _ = u.screenshot("failure").await;
            u.finish(Ok(())).await;
            m.finish(Err(e)).await;
        }
    }
}
