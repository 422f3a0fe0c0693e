//! How smoothly the window paints while something runs (a requestAnimationFrame loop in the page
//! records the longest gap between two frames: a frozen main thread shows as one long gap); long
//! waits for work that grows with a file; the keyboard: Tab to an element, Enter.

use super::{Harness, TestResult};

impl Harness {
    /// Starts recording frame gaps in the page (again from zero if it was recording).
    pub async fn record_frames(&self) -> TestResult {
        self.client()?
            .execute(
                "const f = { last: performance.now(), longest: 0, frames: 0, on: true, gaps: [],
                   start: performance.now(), slow: [] };
                 window.__vettaFrames = f;
                 const tick = (now) => {
                   if (!f.on) return;
                   f.longest = Math.max(f.longest, now - f.last);
                   f.gaps.push(now - f.last);
                   if (now - f.last > 50) f.slow.push([Math.round(f.last - f.start), Math.round(now - f.last)]);
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

/// The gaps between frames of one recording, in ms, sorted; and each gap over 50 ms as (when it
/// began, ms after the recording started; how long).
pub struct FrameGaps(pub Vec<f64>, pub Vec<(u64, u64)>);

impl FrameGaps {
    /// The gap below which a share `q` of the gaps lie.
    pub fn at(&self, q: f64) -> f64 {
        let n = self.0.len();
        if n == 0 {
            return f64::NAN;
        }
        self.0[((n as f64 * q).ceil() as usize).clamp(1, n) - 1]
    }

    /// `p50 / p95 / p99 / max ms, k of n frames over 50 ms, m over 100 ms`.
    pub fn summary(&self) -> String {
        let over = |ms: f64| self.0.iter().filter(|g| **g > ms).count();
        let slow: Vec<String> = self
            .1
            .iter()
            .map(|(at, ms)| format!("{ms} ms at +{at} ms"))
            .collect();
        format!(
            "p50 {:.0} / p95 {:.0} / p99 {:.0} / max {:.0} ms, {} of {} frames over 50 ms, {} over 100 ms [{}]",
            self.at(0.5),
            self.at(0.95),
            self.at(0.99),
            self.at(1.0),
            over(50.0),
            self.0.len(),
            over(100.0),
            slow.join(", ")
        )
    }
}

impl Harness {
    /// Every gap between two frames since [`Harness::record_frames`] (call before
    /// [`Harness::longest_frame`], which stops the recording).
    pub async fn frame_gaps(&self) -> Result<FrameGaps, Box<dyn std::error::Error>> {
        let v = self
            .client()?
            .execute(
                "return [window.__vettaFrames.gaps.slice(), window.__vettaFrames.slow.slice()];",
                vec![],
            )
            .await?;
        let mut gaps: Vec<f64> = v
            .get(0)
            .and_then(|g| g.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_f64()).collect())
            .unwrap_or_default();
        gaps.sort_by(f64::total_cmp);
        let slow = v
            .get(1)
            .and_then(|s| s.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|p| Some((p.get(0)?.as_u64()?, p.get(1)?.as_u64()?)))
                    .collect()
            })
            .unwrap_or_default();
        Ok(FrameGaps(gaps, slow))
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
