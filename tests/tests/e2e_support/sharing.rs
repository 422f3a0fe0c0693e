//! Sharing between offices: starting it in the window (the folder comes from the test's dialog
//! folder, `VETTA_TEST_DIALOG_DIR`), and a second device made with core's API in the same share
//! folder, as another office's Vetta would leave its files there.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use vetta_core::store::{now, ShareSetup};
use vetta_core::{testing, Store};

use super::{Harness, TestResult, EXPORTS_DIR};

/// The share folder the window's folder dialog answers with.
pub fn share_folder(h: &Harness) -> PathBuf {
    h.data_dir.path().join(EXPORTS_DIR)
}

/// Settings → Sharing: names this device, creates a workspace, picks the (test's) folder; waits
/// until the window shows the workspace id, and returns it.
pub async fn start_in_window(
    h: &Harness,
    device: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(share_folder(h))?;
    h.click("[data-testid=nav-settings]").await?;
    h.scroll_to("[data-testid=sharing-settings]").await?;
    h.type_into("[data-testid=share-device-name]", device)
        .await?;
    h.click("[data-testid=share-create]").await?;
    h.click("[data-testid=share-start]").await?;
    h.wait_text("[data-testid=share-device]", device).await?;
    h.wait_focus("[data-testid=share-workspace-id]").await?;
    h.value_of("[data-testid=share-workspace-id]").await
}

/// Another office: its own data folder (kept while the returned guard lives) joins `workspace`
/// through `share`, adds a partner named `partner` with its clock `ahead` of this computer's, and
/// writes its changes to the folder; also returns its folder of change files.
pub fn other_office(
    share: &Path,
    workspace: &str,
    device: &str,
    partner: &str,
    ahead: chrono::Duration,
) -> Result<(tempfile::TempDir, PathBuf), Box<dyn std::error::Error>> {
    let data = tempfile::tempdir()?;
    let (mut store, _) = Store::open_in_dir(data.path(), now())?;
    // Its person and office zone travel in its files' headers (the Sharing page shows them).
    store.set_user_name(&format!("{device} person"), now())?;
    store.set_time_zone("America/New_York", now())?;
    store.start_sharing(&ShareSetup {
        folder: share.to_owned(),
        workspace: Some(workspace.to_owned()),
        device_name: device.to_owned(),
    })?;
    store.set_sharing_clock(std::sync::Arc::new(move || now() + ahead));
    store.add_partner(&testing::new_partner(partner), now())?;
    store.export_changes()?;
    let files = store
        .sharing()
        .map(|s| s.device_dir())
        .ok_or_else(|| super::fail("the other office does not share"))?;
    Ok((data, files))
}

/// Cuts a device's first change file short, as a copy still arriving leaves it.
pub fn cut_first_file(device_dir: &Path) -> TestResult {
    let path = device_dir.join(vetta_core::sync::file::name(1));
    let bytes = std::fs::read(&path)?;
    std::fs::write(&path, &bytes[..bytes.len() / 2])?;
    Ok(())
}

/// Presses "Sync now" (waiting for it to be enabled) and waits for its report.
pub async fn sync_now(h: &Harness, expected: &str) -> TestResult {
    h.click("[data-testid=sync-now]").await?;
    h.wait_text("[data-testid=sync-report]", expected).await?;
    Ok(())
}

/// The status bar's sharing line (`line`, shared or not) reached from the keyboard — the focus on
/// nothing, Shift+Tab reaches the last control of the window, the line — and opened with Enter:
/// the Sharing page's heading has the focus.
pub async fn open_sharing_page_by_keyboard(h: &Harness, line: &str) -> TestResult {
    // Shift+Tab from nowhere reaches the last control: the status bar's line. A sync finishing in
    // between may put the focus back on a field (seen once under CI load): then again, up to 3 times.
    for attempt in 1..=3 {
        h.client()?
            .execute(
                "document.activeElement && document.activeElement.blur(); return null;",
                vec![],
            )
            .await?;
        h.client()?
            .active_element()
            .await?
            .send_keys("\u{E008}\u{E004}\u{E000}")
            .await?;
        let deadline = Instant::now() + Duration::from_secs(3);
        while !h.has_focus(line).await? && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if h.has_focus(line).await? || attempt == 3 {
            break;
        }
    }
    h.wait_focus(line).await?;
    h.client()?
        .active_element()
        .await?
        .send_keys("\u{E007}")
        .await?;
    h.wait_focus("#sharing-page-title").await?;
    Ok(())
}
