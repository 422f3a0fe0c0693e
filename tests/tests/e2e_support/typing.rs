//! Typing into a field as a person does, and waiting for what the field does with the text.

use std::time::{Duration, Instant};

use super::{fail, Harness, TestResult, WAIT};

impl Harness {
    /// Replaces the field's text. A combobox (the time-zone picker) shows its suggestions in the
    /// page's flow, moving what is below it: the typing is done once the list answers the text
    /// (`aria-busy` false), so the next click lands where the page will stay.
    pub async fn type_into(&self, css: &str, text: &str) -> TestResult {
        let el = self.el(css).await?;
        el.clear().await?;
        if text.is_empty() {
            // WebDriver's clear does not fire `input`, which the UI listens to.
            let arg = serde_json::to_value(&el)?;
            self.client()?
                .execute(
                    "arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
                    vec![arg],
                )
                .await?;
        } else {
            el.send_keys(text).await?;
        }
        self.settled(css).await
    }

    /// Waits until the element is not busy (`aria-busy` is not "true").
    async fn settled(&self, css: &str) -> TestResult {
        let deadline = Instant::now() + WAIT;
        let busy = "const el = document.querySelector(arguments[0]);
                    return !!el && el.getAttribute('aria-busy') === 'true';";
        while self
            .client()?
            .execute(busy, vec![serde_json::json!(css)])
            .await?
            .as_bool()
            .unwrap_or(false)
        {
            if Instant::now() > deadline {
                return Err(fail(format!("{css}: still busy after {WAIT:?}")));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }
}
