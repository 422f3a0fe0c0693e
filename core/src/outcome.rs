//! What a campaign's record is judged by: each deliverable's verdict, the pilot gate, and the
//! failure cause a debrief names. Below the pilot, the debrief, the recommendation and the facts,
//! which all read them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// Why a pilot did not work, if it did not.
    pub enum FailureCause {
        None = "none",
        /// Fixable: repeat.
        Execution = "execution",
        /// A red flag.
        Communication = "communication",
        /// The usual reason partnerships end after one campaign.
        Expectations = "expectations",
        Scope = "scope",
        MarketFit = "market_fit",
    }
}

crate::text_enum! {
    /// A delivered piece judged against the scope.
    pub enum Verdict {
        OnScope = "on_scope",
        /// Significantly below scope.
        BelowScope = "below_scope",
    }
}

/// The pilot gate: "clear alignment and delivered on scope".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PilotGate {
    pub metrics_agreed_before_start: bool,
    pub no_dealbreaker: bool,
    /// Every deliverable delivered and judged on scope.
    pub deliverables_on_scope: bool,
    pub passed: bool,
}

/// The pilot gate from facts. Pure.
pub fn pilot_gate(
    agreed_at: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    live_dealbreaker: bool,
    verdicts: &[Option<Verdict>],
) -> PilotGate {
    let metrics_agreed_before_start = match (agreed_at, started_at) {
        (Some(a), Some(s)) => a <= s,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let deliverables_on_scope =
        !verdicts.is_empty() && verdicts.iter().all(|v| *v == Some(Verdict::OnScope));
    PilotGate {
        metrics_agreed_before_start,
        no_dealbreaker: !live_dealbreaker,
        deliverables_on_scope,
        passed: metrics_agreed_before_start && !live_dealbreaker && deliverables_on_scope,
    }
}
