//! Insights: what the team's own history says (design/INSIGHTS.md) — which pre-pilot signals went
//! with pilots that passed, the funnel and the days each gate takes (hold time left out, open
//! partners counted and left out), rework and failure causes, and each reviewer's cards against
//! the team's gate. Read narrow (`insights/read.rs`: the columns the figures use, by the same
//! rules every screen applies, so a pilot "passed" here exactly when its gate says so; proved
//! equal to the whole facts by `insights/oracle.rs`); computed in `insights/compute.rs`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::outcome::FailureCause;
use crate::partner::PartnerKind;
use crate::phase::Phase;
use crate::signal::SignalKind;
use crate::store::Store;
use crate::Result;

mod compute;
mod memo;
#[cfg(any(test, feature = "testing"))]
mod oracle;
mod read;
pub use compute::{compute, Card, History, ENOUGH};
pub use memo::WarmInsights;

/// The phases of the funnel, in order (walked is where any of them can end).
pub const FUNNEL_PHASES: [Phase; 6] = [
    Phase::Sourced,
    Phase::GutCheck,
    Phase::PilotScoping,
    Phase::Pilot,
    Phase::Debrief,
    Phase::Scaled,
];

/// The most partners a figure lists by name (its count is always the whole: [`Listed`]).
pub const LISTED_MAX: usize = 50;

/// Which partners the figures cover.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InsightsQuery {
    /// Partners serving this market (a code); absent: every market.
    #[serde(default)]
    pub market: Option<String>,
    #[serde(default)]
    pub kind: Option<PartnerKind>,
    /// Partners added in the last this many days; absent: all time.
    #[serde(default)]
    pub since_days: Option<u32>,
    /// Partners on this framework version (an id); absent: every version.
    #[serde(default)]
    pub framework_id: Option<String>,
}

/// A framework version the figures cover, and how many of their partners are on it: a page that
/// covers more than one says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VersionCount {
    pub framework_id: String,
    pub version: u32,
    pub partners: u32,
}

/// A partner behind a figure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PartnerRef {
    pub id: String,
    pub name: String,
}

/// The partners behind a figure: how many there are, and the first [`LISTED_MAX`] of them by
/// name (a page says when it shows fewer than all).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    pub shown: Vec<PartnerRef>,
    pub total: u32,
}

impl Listed {
    /// Counts `partner`, listing it while fewer than [`LISTED_MAX`] are.
    pub(crate) fn push(&mut self, partner: &PartnerRef) {
        self.total += 1;
        if self.shown.len() < LISTED_MAX {
            self.shown.push(partner.clone());
        }
    }

    /// The partners of `partners`, counted and listed.
    pub(crate) fn of<'a>(partners: impl IntoIterator<Item = &'a PartnerRef>) -> Listed {
        let mut out = Listed::default();
        for p in partners {
            out.push(p);
        }
        out
    }
}

/// One signal against the first pilot's gate: "with it, 7 of 9 passed; without it, 2 of 6".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignalOutcomes {
    pub signal: SignalKind,
    pub with_success: u32,
    pub with_total: u32,
    pub without_success: u32,
    pub without_total: u32,
    /// The partners with the signal strong.
    pub partners: Listed,
    /// The partners without it.
    pub without_partners: Listed,
}

/// One phase of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FunnelStep {
    pub phase: Phase,
    /// Partners that ever entered it.
    pub reached: u32,
    /// Median days to the next phase, hold time left out, over `measured` partners.
    pub median_days: Option<f64>,
    pub measured: u32,
    /// Partners still in it (in the last phase, those in it now): counted, left out of the
    /// median.
    pub open: u32,
    /// The partners still in it (`open` of them; in the last phase, those in it now).
    pub partners: Listed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CauseCount {
    pub cause: FailureCause,
    pub count: u32,
    /// The partners with a campaign of that cause.
    pub partners: Listed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Rework {
    /// Debriefed campaigns (the pilot is campaign 1).
    pub campaigns: u32,
    /// Of them, over their revision limit.
    pub over_limit: u32,
    /// Partners with at least one repeat decision, of `piloted` partners with a debriefed campaign.
    pub repeated: u32,
    pub piloted: u32,
    /// Failure causes of the debriefed campaigns.
    pub causes: Vec<CauseCount>,
    /// Superseded entries (scorecards, debriefs, decisions) of `entries`.
    pub corrections: u32,
    pub entries: u32,
    /// Partners with a campaign over its revision limit.
    pub over_limit_partners: Listed,
    /// Partners with a repeat.
    pub repeated_partners: Listed,
    /// Partners with a correction.
    pub corrected_partners: Listed,
}

/// One reviewer's gut-check cards, how many pass the gate on their own, how many were scored
/// blind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReviewerStat {
    pub reviewer: String,
    pub cards: u32,
    pub passed: u32,
    pub blind: u32,
    /// The partners they scored.
    pub partners: Listed,
}

/// One side's gut-check cards: a side is the computer cards were scored on (each office works on
/// its own, PRODUCT.md "Two offices").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SideStat {
    /// The computer's device id.
    pub side: String,
    /// It is this computer.
    pub this_computer: bool,
    pub cards: u32,
    pub passed: u32,
    pub blind: u32,
    /// Who scored there, by name.
    pub reviewers: Vec<String>,
}

/// How often reviewers disagree on one gut-check criterion (`gate::disagreements`: yes against
/// no, or half the scale apart), over the partners two or more reviewers scored on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CriterionDisagreement {
    pub key: String,
    pub label: crate::framework::Localized,
    pub compared: u32,
    pub disagreed: u32,
    /// The partners they disagreed on.
    pub partners: Listed,
}

/// Reviewed decisions of one confidence band, and how many went as expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BandHits {
    /// The band, in percent.
    pub confidence: u32,
    pub reviewed: u32,
    pub as_expected: u32,
    /// The partners of those decisions.
    pub partners: Listed,
}

/// How often decisions made with a confidence went as expected, per band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Calibration {
    /// Current decisions with a confidence and a review.
    pub reviewed: u32,
    /// `reviewed` reaches [`ENOUGH`]: below it, no hit rate is shown.
    pub enough: bool,
    pub bands: Vec<BandHits>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Insights {
    /// Partners the figures cover.
    pub partners: u32,
    /// Partners whose first pilot is debriefed: what signals are compared over.
    pub pilots: u32,
    /// `pilots` reaches [`ENOUGH`]: below it, no comparison is drawn.
    pub enough: bool,
    pub signals: Vec<SignalOutcomes>,
    pub funnel: Vec<FunnelStep>,
    pub rework: Rework,
    pub reviewers: Vec<ReviewerStat>,
    pub sides: Vec<SideStat>,
    /// Gut-check criteria, the most disagreed on first.
    pub criteria: Vec<CriterionDisagreement>,
    /// Partners whose gut-check gate is judged, and how many passed it.
    pub team_gates: u32,
    pub team_passed: u32,
    /// The partners whose gut-check gate passed.
    pub team_passed_partners: Listed,
    /// Decisions' hit rate by confidence band.
    pub calibration: Calibration,
    /// The framework versions of the partners covered.
    pub versions: Vec<VersionCount>,
}

impl Store {
    /// The Insights figures for the partners `query` covers, at `now`. Every partner's history
    /// is kept between reads and follows the file's commits (`insights/memo.rs`); a filter picks
    /// from them.
    pub fn insights(&self, query: &InsightsQuery, now: DateTime<Utc>) -> Result<Insights> {
        let filters = read::filters(query, now)?;
        let all = self.histories(now)?;
        let mut chosen: Vec<&History> = Vec::new();
        let mut frameworks: Vec<&str> = Vec::new();
        for (h, a) in all.histories.iter().zip(&all.attrs) {
            if read::covers(&filters, a) {
                chosen.push(h);
                frameworks.push(&a.framework_id);
            }
        }
        let mut insights = compute(&chosen, read::totals(&chosen));
        insights.versions = version_counts(&frameworks, &all.versions);
        for side in &mut insights.sides {
            side.this_computer = side.side == self.device_id;
        }
        Ok(insights)
    }
}

/// How many partners each framework version covers, oldest version first.
fn version_counts(
    frameworks: &[&str],
    versions: &std::collections::HashMap<String, crate::framework::VersionDefinition>,
) -> Vec<VersionCount> {
    let mut out: Vec<VersionCount> = Vec::new();
    for id in frameworks {
        match out.iter_mut().find(|v| v.framework_id == *id) {
            Some(v) => v.partners += 1,
            None => out.push(VersionCount {
                framework_id: (*id).to_owned(),
                version: versions.get(*id).map(|v| v.version).unwrap_or_default(),
                partners: 1,
            }),
        }
    }
    out.sort_by(|a, b| {
        a.version
            .cmp(&b.version)
            .then(a.framework_id.cmp(&b.framework_id))
    });
    out
}

#[cfg(test)]
mod tests;
