//! How smoothly the window paints while something runs (a requestAnimationFrame loop in the page
//! records the longest gap between two frames: a frozen main thread shows as one long gap); long
//! waits for work that grows with a file; the keyboard: Tab to an element, Enter.

use super::{Harness, TestResult};

impl Harness {
    /// Starts recording frame gaps in the page (again from zero if it was recording).
    pub async fn record_frames(&self) -> TestResult {
        self.client()?
            .execute(
                "const f = { last: performance.now(), longest: 0, frames: 0, on: true };
                 window.__vettaFrames = f;
                 const tick = (now) => {
                   if (!f.on) return;
                   f.longest = Math.max(f.longest, now - f.last);
                   f.last = now;
                   f.frames += 1;
                   requestAnimationFrame(tick);
                 };
                 requestAnimationFrame(tick);",
                vec![],
            )
            .await?;
        Ok(())
    }

    /// Stops recording: the longest gap between two frames in ms, and the frames painted.
    pub async fn longest_frame(&self) -> Result<(f64, u64), Box<dyn std::error::Error>> {
        let v = self
            .client()?
            .execute(
                "const f = window.__vettaFrames; f.on = false;
                 return [Math.max(f.longest, performance.now() - f.last), f.frames];",
                vec![],
            )
            .await?;
        let longest = v.get(0).and_then(|x| x.as_f64()).unwrap_or(f64::NAN);
        let frames = v.get(1).and_then(|x| x.as_u64()).unwrap_or(0);
        Ok((longest, frames))
    }
}

impl Harness {
    /// [`Harness::wait_text`] with a longer deadline, for work that grows with a large file.
    pub async fn wait_text_long(
        &self,
        css: &str,
        expected: &str,
        secs: u64,
    ) -> Result<String, Box<dyn std::error::Error>> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            match self.wait_text(css, expected).await {
                Ok(shown) => return Ok(shown),
                Err(e) if std::time::Instant::now() > deadline => return Err(e),
                Err(_) => {}
            }
        }
    }

    /// Presses Tab until `css` has the focus (at most `tabs` times), as a person reaches it.
    pub async fn tab_to(&self, css: &str, tabs: usize) -> TestResult {
        for _ in 0..tabs {
            if self.has_focus(css).await? {
                return Ok(());
            }
            self.client()?
                .active_element()
                .await?
                .send_keys("\u{E004}")
                .await?;
        }
        Err(super::fail(format!("{css}: not reached in {tabs} tabs")))
    }

    /// Whether `css` is the focused element now.
    pub async fn has_focus(&self, css: &str) -> Result<bool, Box<dyn std::error::Error>> {
        let focused = self
            .client()?
            .execute(
                "return document.activeElement?.matches(arguments[0]) ?? false;",
                vec![serde_json::json!(css)],
            )
            .await?;
        Ok(focused.as_bool() == Some(true))
    }

    /// Presses Enter in the focused element.
    pub async fn press_enter(&self) -> TestResult {
        self.client()?
            .active_element()
            .await?
            .send_keys("\u{E007}")
            .await?;
        Ok(())
    }
}
