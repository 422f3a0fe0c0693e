//! The recommendation's reasons: one variant per kind, in three groups (decides, weighs, passed),
//! and how a recommendation stored before the groups reads back.

use serde::{Deserialize, Serialize};

use super::Choice;
use crate::outcome::FailureCause;
use crate::phase::Phase;

/// Why: one variant per kind of reason, each with only the parameters its sentence needs. Sent and
/// stored as `{ "code": "…", …parameters }`, so the UI narrows on `code`.
///
/// Decisions store the recommendation shown when deciding (`decisions.recommended`). Rows written
/// before reasons were tagged held every parameter of every code, unused ones `null`: serde skips
/// the unused ones, and the used ones kept their names (`count`, `needed`), so every stored
/// recommendation still reads (tests pin the older shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// An open dealbreaker flag: walk.
    #[serde(rename_all = "camelCase")]
    Dealbreaker {
        flag_id: String,
        flag_kind: String,
    },
    /// A dealbreaker someone chose to proceed past.
    #[serde(rename_all = "camelCase")]
    DealbreakerOverridden {
        flag_id: String,
        flag_kind: String,
    },
    #[serde(rename_all = "camelCase")]
    WarningFlag {
        flag_id: String,
        flag_kind: String,
    },
    Walked,
    /// `count` signals are strong; `needed` advance.
    SignalsStrong {
        count: u32,
        needed: u32,
    },
    SignalsWeak {
        count: u32,
        needed: u32,
    },
    NoScorecards {
        phase: Phase,
    },
    /// `count` reviewers have scored `phase`; the framework waits for `needed` before judging.
    WaitingForReviewers {
        phase: Phase,
        count: u32,
        needed: u32,
    },
    /// The viewer has not scored `phase` yet: blind scoring withholds the `count` others' answers.
    ScoresHidden {
        phase: Phase,
        count: u32,
    },
    /// The gate passed on these criteria (keys).
    #[serde(rename_all = "camelCase")]
    GatePassed {
        phase: Phase,
        criteria: Vec<String>,
        passed_weight: u32,
        threshold: u32,
    },
    /// The gate failed: these criteria (keys) did not pass.
    #[serde(rename_all = "camelCase")]
    ThresholdMissed {
        phase: Phase,
        criteria: Vec<String>,
        passed_weight: u32,
        threshold: u32,
    },
    NoPilot,
    MetricsAgreed,
    MetricsNotAgreed,
    PilotRunning,
    DeliverablesNotOnScope,
    PilotGatePassed,
    FailureCause {
        cause: FailureCause,
    },
    /// Basics still missing after `count` debriefed campaigns: in campaign `campaign`, these.
    /// (Stored before campaigns were named: `campaign` 0 and no gaps.)
    MissingBasics {
        count: u32,
        #[serde(default)]
        campaign: u32,
        #[serde(default)]
        gaps: Vec<BasicsGap>,
    },
    /// Every deliverable delivered and judged on scope.
    DeliverablesOnScope,
    /// `used` revision rounds against a limit of `limit`.
    RevisionsOverLimit {
        used: u32,
        limit: u32,
    },
    /// Deliverables delivered after their deadline, with and without notice.
    #[serde(rename_all = "camelCase")]
    DeliveredLate {
        with_notice: u32,
        without_notice: u32,
    },
    /// `count` of the metrics of `market` missed their target.
    MetricsMissed {
        market: String,
        count: u32,
    },
    /// Campaign `number` of the `of` committed to is next: scope and start it.
    NextCampaign {
        number: u32,
        of: u32,
    },
    /// Campaign `number` of `of` is running.
    CampaignRunning {
        number: u32,
        of: u32,
    },
    /// From rung `count` of the ladder (in campaigns) to rung `needed`.
    LadderNext {
        count: u32,
        needed: u32,
    },
    /// At rung `count`, the top of the ladder.
    LadderTop {
        count: u32,
    },
    /// Scaled to rung `count`.
    Scaled {
        count: u32,
    },
}

/// A basic a campaign missed, with the facts that show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "basic", rename_all = "snake_case")]
pub enum BasicsGap {
    /// `count` deliverables late without notice.
    DeadlinesWithNotice {
        count: u32,
    },
    /// `count` deliverables significantly below scope.
    DeliverablesOnScope {
        count: u32,
    },
    RevisionsWithinLimit {
        used: u32,
        limit: u32,
    },
    MetricsAgreed,
    Communication,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    pub choice: Choice,
    /// What decides the choice: dealbreakers, failed or incomplete gates, missing reviewers,
    /// missing basics, failure causes, and the next step.
    pub decides: Vec<Reason>,
    /// What weighs on it without deciding it alone.
    pub weighs: Vec<Reason>,
    /// Checks that passed.
    pub passed: Vec<Reason>,
}

/// A recommendation as `decisions.recommended` holds it: grouped, or — written before reasons
/// were grouped — one list, read back as what decides.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredRecommendation {
    choice: Choice,
    #[serde(default)]
    reasons: Vec<Reason>,
    #[serde(default)]
    decides: Vec<Reason>,
    #[serde(default)]
    weighs: Vec<Reason>,
    #[serde(default)]
    passed: Vec<Reason>,
}

impl<'de> Deserialize<'de> for Recommendation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        StoredRecommendation::deserialize(d).map(Recommendation::from)
    }
}

impl From<StoredRecommendation> for Recommendation {
    fn from(s: StoredRecommendation) -> Self {
        let mut r = Reasons {
            decides: s.decides,
            weighs: s.weighs,
            passed: s.passed,
        };
        // One list, as stored before the groups: flags that did not block weighed, passed gates
        // passed, the rest decided.
        for reason in s.reasons {
            match reason {
                Reason::WarningFlag { .. } | Reason::DealbreakerOverridden { .. } => {
                    r.weigh(reason)
                }
                Reason::GatePassed { .. } | Reason::PilotGatePassed => r.pass(reason),
                _ => r.decide(reason),
            }
        }
        r.into(s.choice)
    }
}

/// The three groups being filled; a reason already in any group is not added again.
#[derive(Default)]
pub(super) struct Reasons {
    pub(super) decides: Vec<Reason>,
    pub(super) weighs: Vec<Reason>,
    pub(super) passed: Vec<Reason>,
}

impl Reasons {
    fn has(&self, r: &Reason) -> bool {
        self.decides.contains(r) || self.weighs.contains(r) || self.passed.contains(r)
    }
    pub(super) fn decide(&mut self, r: Reason) {
        if !self.has(&r) {
            self.decides.push(r);
        }
    }
    pub(super) fn weigh(&mut self, r: Reason) {
        if !self.has(&r) {
            self.weighs.push(r);
        }
    }
    pub(super) fn pass(&mut self, r: Reason) {
        if !self.has(&r) {
            self.passed.push(r);
        }
    }
    pub(super) fn into(self, choice: Choice) -> Recommendation {
        Recommendation {
            choice,
            decides: self.decides,
            weighs: self.weighs,
            passed: self.passed,
        }
    }
}

impl Recommendation {
    /// Every reason: what decides, then what weighs, then what passed.
    pub fn reasons(&self) -> impl Iterator<Item = &Reason> {
        self.decides.iter().chain(&self.weighs).chain(&self.passed)
    }

    /// This recommendation as a viewer blind to `phase`'s scores may read it (a decision's stored
    /// recommendation, shown in the log): when a reason states that phase's gate, only how many
    /// have scored, and no choice drawn from it.
    pub fn blinded(self, phase: Phase, scored: u32) -> Recommendation {
        let states_the_gate = self.reasons().any(|r| {
            matches!(r, Reason::GatePassed { phase: p, .. } | Reason::ThresholdMissed { phase: p, .. } if *p == phase)
        });
        if !states_the_gate {
            return self;
        }
        Recommendation {
            choice: Choice::Hold,
            decides: vec![Reason::ScoresHidden {
                phase,
                count: scored,
            }],
            weighs: Vec::new(),
            passed: Vec::new(),
        }
    }
}
