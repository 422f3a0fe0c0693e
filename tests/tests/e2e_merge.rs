//! End-to-end: the same agency entered twice is merged from its dossier ("Merge into…"): by
//! keyboard in English (Tab, Enter; Escape closes the panel), by mouse in Russian. The merged
//! partner's dossier says where it went, with a link; the partner kept says what was merged into
//! it; the board counts one partner fewer; the merge is one row in the file, nothing deleted.
//! Run with `make e2e`.

mod e2e_support;

use chrono::{Duration, Utc};
use e2e_support::{fail, flows, Harness, TestResult};
use vetta_core::Store;

const KEPT_EN: &str = "Луна Медиа";
const TWIN_EN: &str = "Luna Media";
const KEPT_RU: &str = "Север Продакшн";
const TWIN_RU: &str = "Sever Production";

fn seeded(dir: &std::path::Path) {
    let now = Utc::now();
    let (mut store, _) =
        Store::open(&dir.join("vetta.sqlite3"), now - Duration::days(3)).expect("opens a new file");
    store
        .set_user_name("Svetlana", now)
        .expect("names the user");
    store
        .set_time_zone("Europe/Moscow", now)
        .expect("sets the zone");
    for name in [KEPT_EN, TWIN_EN, KEPT_RU, TWIN_RU] {
        store
            .add_partner(
                &vetta_core::testing::new_partner(name),
                now - Duration::days(2),
            )
            .expect("adds");
    }
}

/// Sends `keys` to the focused element.
async fn keys(h: &Harness, keys: &str) -> TestResult {
    h.client()?.active_element().await?.send_keys(keys).await?;
    Ok(())
}

/// The merges in the file, as (loser, winner) names, and how many partner rows there are.
type Merged = (Vec<(String, String)>, i64);

/// [`Merged`], read from the file.
fn merges_in_db(h: &Harness) -> Result<Merged, Box<dyn std::error::Error>> {
    let db = flows::db(h)?;
    let merges = db
        .prepare(
            "SELECT l.name, w.name FROM partner_merges m JOIN partners l ON l.id = m.loser_id
             JOIN partners w ON w.id = m.winner_id ORDER BY m.created_at",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let partners = db.query_row("SELECT count(*) FROM partners", [], |r| r.get(0))?;
    Ok((merges, partners))
}

async fn flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=board-count]", "4 partners")
        .await?;

    // English, by keyboard.
    flows::open_from_board(h, TWIN_EN).await?;
    h.tab_to("[data-testid=merge-open]", 40).await?;
    h.press_enter().await?;
    h.wait_focus("[data-testid=merge-search]").await?;
    // Escape closes the panel and gives the focus back; Enter opens it again.
    h.send_escape().await?;
    h.wait_focus("[data-testid=merge-open]").await?;
    h.press_enter().await?;
    h.wait_focus("[data-testid=merge-search]").await?;
    keys(h, "Луна").await?;
    h.wait_text("[data-testid=merge-result]", KEPT_EN).await?;
    h.tab_to("[data-testid=merge-result]", 5).await?;
    h.press_enter().await?;
    h.wait_focus("[data-testid=merge-confirm]").await?;
    h.wait_text(
        "[data-testid=merge-confirm-text]",
        &format!("Merge “{TWIN_EN}” into “{KEPT_EN}”?"),
    )
    .await?;
    h.screenshot("merge-confirm-en").await?;
    h.press_enter().await?;
    h.wait_text("[data-testid=merged-into]", "Merged into")
        .await?;
    h.wait_text("[data-testid=merged-into-link]", KEPT_EN)
        .await?;
    h.wait_text("[data-testid=merged-into]", "Svetlana").await?;
    h.screenshot("merged-into-en").await?;
    let (merges, partners) = merges_in_db(h)?;
    if merges != [(TWIN_EN.to_owned(), KEPT_EN.to_owned())] || partners != 4 {
        return Err(fail(format!(
            "one merge row and every partner kept: {merges:?}, {partners} partners"
        )));
    }
    // The link opens the partner kept, which names the one merged into it.
    h.click("[data-testid=merged-into-link]").await?;
    h.wait_text("[data-testid=dossier-name]", KEPT_EN).await?;
    h.wait_text("[data-testid=merged-from]", TWIN_EN).await?;
    h.screenshot("merged-from-en").await?;
    h.click("[data-testid=nav-board]").await?;
    h.wait_text("[data-testid=board-count]", "3 partners")
        .await?;

    // Russian, by mouse (the picker leaves out the partner itself and any merged one).
    h.click("[data-testid=lang-ru]").await?;
    flows::open_from_board(h, TWIN_RU).await?;
    h.click("[data-testid=merge-open]").await?;
    h.type_into("[data-testid=merge-search]", "Север").await?;
    h.wait_text("[data-testid=merge-result]", KEPT_RU).await?;
    h.click("[data-testid=merge-result]").await?;
    h.wait_text(
        "[data-testid=merge-confirm-text]",
        &format!("Объединить «{TWIN_RU}» с «{KEPT_RU}»?"),
    )
    .await?;
    h.screenshot("merge-confirm-ru").await?;
    h.click("[data-testid=merge-confirm]").await?;
    h.wait_text("[data-testid=merged-into]", "Объединён с партнёром:")
        .await?;
    h.wait_text("[data-testid=merged-into-link]", KEPT_RU)
        .await?;
    h.screenshot("merged-into-ru").await?;
    h.click("[data-testid=merged-into-link]").await?;
    h.wait_text("[data-testid=dossier-name]", KEPT_RU).await?;
    h.wait_text("[data-testid=merged-from]", TWIN_RU).await?;
    h.screenshot("merged-from-ru").await?;
    h.click("[data-testid=nav-board]").await?;
    h.wait_text("[data-testid=board-count]", "2 партнёра")
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_duplicate_is_merged_and_both_dossiers_say_so() {
    let mut h = Harness::start_with("merge", seeded).await;
    let result = flow(&mut h).await;
    h.finish(result).await;
}
