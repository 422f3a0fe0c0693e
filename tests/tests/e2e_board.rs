//! End-to-end: the board of a 1,000-partner file — the reminders strip shows the true totals and
//! the most urgent few, the rest a page at a time, with the columns above the fold — at the
//! default 1200 px window and the 820 px minimum, in both languages (the README's screenshots);
//! and the keyboard: focus on the page's heading, `/`, `n`, `Esc`, `?`.
//! Run with `make e2e`.

mod e2e_support;

use chrono::{Duration, Utc};
use e2e_support::flows::{add_partner, decide};
use e2e_support::{fail, Harness, TestResult};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use vetta_core::reminder::{ReminderKind, ReminderQuery};
use vetta_core::seed::{self, Spec};
use vetta_core::Store;

const ZONE: &str = "Europe/Moscow";

/// A seeded file of 1,000 partners whose story started 200 days ago, so pilots have ended and
/// review dates have come; returns the true totals of each kind of reminder as of now.
fn seeded(dir: &std::path::Path) -> (u32, u32) {
    let start = Utc::now() - Duration::days(200);
    let (mut store, _) = Store::open(&dir.join("vetta.sqlite3"), start).expect("opens a new file");
    seed::generate(&mut store, &Spec::scaled(12, 100), start).expect("generates");
    store.set_time_zone(ZONE, start).expect("sets the zone");
    let page = store
        .reminders(
            &ReminderQuery {
                viewer_time_zone: ZONE.into(),
                kind: None,
                offset: 0,
                limit: Some(1),
            },
            Utc::now(),
        )
        .expect("reads the reminders");
    (page.debriefs_due, page.reviews_due)
}

/// Presses one key with nothing focused but the page, as a person would.
async fn press(h: &Harness, key: char) -> TestResult {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    h.client()?.perform_actions(keys).await?;
    h.client()?.release_actions().await?;
    Ok(())
}

/// Takes the focus off any field (a click on the page's empty margin would do the same).
async fn blur(h: &Harness) -> TestResult {
    h.client()?
        .execute("document.activeElement?.blur();", vec![])
        .await?;
    Ok(())
}

/// The focused element as `tag#testid: text`, to say where the focus is.
async fn focused(h: &Harness) -> Result<String, Box<dyn std::error::Error>> {
    let value = h
        .client()?
        .execute(
            "const e = document.activeElement;
             return e ? `${e.tagName}#${e.dataset.testid ?? ''}: ${e.textContent.trim()}` : '';",
            vec![],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

async fn wait_focus(h: &Harness, wanted: &str) -> TestResult {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let now = focused(h).await?;
        if now.starts_with(wanted) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(fail(format!("focus is on {now:?}, not {wanted:?}")));
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn count(h: &Harness, css: &str) -> Result<usize, Box<dyn std::error::Error>> {
    Ok(h.client()?
        .find_all(fantoccini::Locator::Css(css))
        .await?
        .len())
}

/// The first column's top edge, as a share of the window's height.
async fn columns_top(h: &Harness) -> Result<f64, Box<dyn std::error::Error>> {
    let value = h
        .client()?
        .execute(
            "const c = document.querySelector('[data-testid=board-column]');
             return c.getBoundingClientRect().top / window.innerHeight;",
            vec![],
        )
        .await?;
    value.as_f64().ok_or_else(|| fail("no column on the board"))
}

/// No column header is wider than its column or broken inside a word: each word of a header sits
/// on one line (a word's rectangles, measured with a Range, are one).
async fn headers_whole(h: &Harness) -> TestResult {
    let broken = h
        .client()?
        .execute(
            "const out = [];
             for (const name of document.querySelectorAll('[data-testid=board-column] h3 .phase-name')) {
               const text = name.firstChild;
               let at = 0;
               for (const word of text.textContent.split(' ')) {
                 const range = document.createRange();
                 range.setStart(text, at);
                 range.setEnd(text, at + word.length);
                 const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                 if (lines.size > 1) out.push(word);
                 at += word.length + 1;
               }
             }
             return out.join(', ');",
            vec![],
        )
        .await?;
    match broken.as_str() {
        Some("") => Ok(()),
        other => Err(fail(format!(
            "column headers broken inside a word: {other:?}"
        ))),
    }
}

async fn reminders_flow(h: &mut Harness, (debriefs, reviews): (u32, u32)) -> TestResult {
    let total = debriefs + reviews;
    if total <= 10 {
        return Err(fail(format!("the seeded file has only {total} reminders")));
    }
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text(
        "[data-testid=reminders-total]",
        &format!("{total} things need attention"),
    )
    .await?;
    h.wait_text(
        "[data-testid=reminders-count][data-kind=debrief_due]",
        &format!("{debriefs} pilots without a debrief"),
    )
    .await?;
    h.wait_text(
        "[data-testid=reminders-count][data-kind=review_due]",
        &format!("{reviews} decisions due for review"),
    )
    .await?;
    if count(h, "[data-testid=reminders-urgent] [data-testid=reminder]").await? != 3 {
        return Err(fail("the strip does not show the 3 most urgent"));
    }
    h.el("[data-testid=board-column-count]").await?;
    let top = columns_top(h).await?;
    if top > 0.5 {
        return Err(fail(format!(
            "the columns start {:.0}% down the window",
            top * 100.0
        )));
    }
    headers_whole(h).await?;
    h.screenshot("1200-en").await?;

    // The rest, a page at a time, with the true total.
    h.click("[data-testid=reminders-all]").await?;
    h.wait_text("[data-testid=reminders-range]", &format!("1–10 of {total}"))
        .await?;
    if count(h, "[data-testid=reminders-list] [data-testid=reminder]").await? != 10 {
        return Err(fail("a page of the full list is not 10 long"));
    }
    h.click("[data-testid=reminders-next]").await?;
    h.wait_text(
        "[data-testid=reminders-range]",
        &format!("11–20 of {total}"),
    )
    .await?;
    h.click("[data-testid=reminders-prev]").await?;
    h.wait_text("[data-testid=reminders-range]", &format!("1–10 of {total}"))
        .await?;
    h.click("[data-testid=reminders-all]").await?;
    h.el("[data-testid=reminders-urgent]").await?;

    // The 820 px minimum: the columns scroll sideways, their headers whole.
    h.client()?.set_window_size(820, 800).await?;
    headers_whole(h).await?;
    h.screenshot("820-en").await?;
    h.click("[data-testid=lang-ru]").await?;
    h.wait_text("[data-testid=reminders-total]", "внимания")
        .await?;
    h.wait_text("[data-testid=reminders-total]", &total.to_string())
        .await?;
    headers_whole(h).await?;
    h.screenshot("820-ru").await?;
    h.client()?.set_window_size(1200, 800).await?;
    headers_whole(h).await?;
    h.screenshot("1200-ru").await?;
    Ok(())
}

#[tokio::test]
async fn the_reminders_strip_keeps_the_columns_above_the_fold_at_1200_and_820() {
    let mut totals = (0, 0);
    let mut h = Harness::start_with("board", |dir| totals = seeded(dir)).await;
    let result = reminders_flow(&mut h, totals).await;
    h.finish(result).await;
}

async fn keyboard_flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    add_partner(h, "Keyboard Studio", ZONE).await?;
    // Opening a dossier puts the focus on its heading, not on the page.
    wait_focus(h, "H2#dossier-name: Keyboard Studio").await?;

    // A 5,000-character note folds behind "Show more".
    h.click("[data-testid=profile-edit]").await?;
    let note = "A long note about the agency's history. ".repeat(125);
    h.set_value("[data-testid=profile-notes]", 0, &note).await?;
    h.click("[data-testid=profile-save]").await?;
    let toggle = "[data-testid=profile-notes-text] [data-testid=long-text-toggle]";
    h.wait_text(toggle, "Show more").await?;
    h.click(toggle).await?;
    h.wait_text(toggle, "Show less").await?;

    // In the gut check with no scores, "Advance" cannot be chosen and looks it: grey, not green.
    decide(h, "advance", "Anna", "Worth a call").await?;
    h.wait_text("[data-testid=dossier-phase]", "Gut check")
        .await?;
    h.click("[data-testid=decide-open]").await?;
    if h.el("[data-testid=decide-choice-advance]")
        .await?
        .is_enabled()
        .await?
    {
        return Err(fail("Advance can be chosen before the gut check is passed"));
    }
    let look = h
        .client()?
        .execute(
            "const label = document.querySelector('[data-testid=decide-choice-advance]').closest('label');
             const text = getComputedStyle(label.querySelector('span'));
             return `${text.color} ${getComputedStyle(label).opacity}`;",
            vec![],
        )
        .await?;
    // --muted is #5d6478.
    if look.as_str() != Some("rgb(93, 100, 120) 0.55") {
        return Err(fail(format!("a disabled Advance looks like {look}")));
    }
    h.screenshot("advance-disabled-en").await?;
    // Esc closes the dialog (and only the dialog).
    h.send_escape().await?;
    if count(h, "[data-testid=decision-dialog]").await? != 0 {
        return Err(fail("Esc did not close the decision dialog"));
    }
    h.el("[data-testid=dossier-name]").await?;

    // Esc goes back; the board's heading has the focus.
    press(h, '\u{E00C}').await?;
    wait_focus(h, "H2#: Pipeline").await?;

    // `/` focuses the search; typing there is typing, not shortcuts.
    press(h, '/').await?;
    wait_focus(h, "INPUT#board-search").await?;
    h.el("[data-testid=board-search]")
        .await?
        .send_keys("n?")
        .await?;
    if h.value_of("[data-testid=board-search]").await? != "n?" {
        return Err(fail("the search did not get what was typed"));
    }
    if count(h, "[data-testid=partner-form]").await? != 0
        || count(h, "[data-testid=shortcuts]").await? != 0
    {
        return Err(fail("a shortcut fired while typing in the search"));
    }
    h.type_into("[data-testid=board-search]", "").await?;

    // `n` opens the new-partner form with its first field focused; Esc closes it.
    blur(h).await?;
    press(h, 'n').await?;
    wait_focus(h, "INPUT#partner-name").await?;
    blur(h).await?;
    press(h, '\u{E00C}').await?;
    wait_focus(h, "BUTTON#board-new").await?;
    if count(h, "[data-testid=partner-form]").await? != 0 {
        return Err(fail("Esc did not close the new-partner form"));
    }

    // Navigation moves the focus to the new page's heading.
    h.click("[data-testid=nav-settings]").await?;
    wait_focus(h, "H2#: Settings").await?;

    // `?` lists the shortcuts in the interface language; Esc closes the list.
    blur(h).await?;
    press(h, '?').await?;
    h.wait_text("[data-testid=shortcuts]", "Keyboard shortcuts")
        .await?;
    if count(h, "[data-testid=shortcut]").await? != 4 {
        return Err(fail("the overlay does not list the 4 shortcuts"));
    }
    h.wait_text("[data-testid=shortcuts]", "Find a partner")
        .await?;
    h.screenshot("shortcuts-en").await?;
    h.send_escape().await?;
    if count(h, "[data-testid=shortcuts]").await? != 0 {
        return Err(fail("Esc did not close the shortcuts"));
    }
    h.click("[data-testid=lang-ru]").await?;
    blur(h).await?;
    press(h, '?').await?;
    h.wait_text("[data-testid=shortcuts]", "Сочетания клавиш")
        .await?;
    h.wait_text("[data-testid=shortcuts]", "Найти партнёра")
        .await?;
    h.screenshot("shortcuts-ru").await?;
    h.click("[data-testid=shortcuts-close]").await?;

    // `/` from a page without a search goes to the board's.
    blur(h).await?;
    press(h, '/').await?;
    wait_focus(h, "INPUT#board-search").await?;
    Ok(())
}

#[tokio::test]
async fn keyboard_shortcuts_move_the_focus_and_never_fire_while_typing() {
    let mut h = Harness::start("keyboard").await;
    let result = keyboard_flow(&mut h).await;
    h.finish(result).await;
}

#[test]
fn the_reminder_kinds_are_the_three_the_strip_shows() {
    // The strip counts each kind by name (data-kind): a new kind needs its own count there.
    assert_eq!(
        ReminderKind::ALL,
        &[
            ReminderKind::DebriefDue,
            ReminderKind::ReviewDue,
            ReminderKind::UsageRightsEnding
        ]
    );
}
