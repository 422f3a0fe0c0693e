//! The recommendation at every gate — advance, hold, walk, repeat, scale to N — with the reasons
//! that produced it. Pure: facts in, recommendation out; the store gathers the facts.
//!
//! Rules, in order:
//! 1. An open dealbreaker (not overridden) means walk.
//! 2. By phase: sourced advances on strong signals; the gut check holds while the viewer has not
//!    scored (blind) or fewer than the framework's minimum of reviewers have, and advances when its
//!    gate passes;
//!    scoping advances once metrics are agreed; a running pilot holds.
//! 3. After a debrief: missing basics after 2 or more campaigns → walk; a communication,
//!    expectations or market-fit failure → walk; an execution or scope failure → repeat; a clean
//!    pilot that passed its gate → scale to the next rung of the ladder 1 → 3 → 5; open warnings
//!    or a failed pilot gate → repeat.

use serde::{Deserialize, Serialize};

use crate::debrief::FailureCause;
use crate::error::TransitionAction;
use crate::flag::{is_live_dealbreaker, FlagStatus};
use crate::framework::Severity;
use crate::gate::{CriterionResult, GateResult};
use crate::phase::Phase;
use crate::pilot::PilotGate;
use crate::signal::SignalScore;

/// The rungs of the scaling ladder, in campaigns.
pub const LADDER: [u32; 3] = [1, 3, 5];

/// The rung after `rung`, or `None` at the top.
pub fn next_rung(rung: u32) -> Option<u32> {
    LADDER.iter().copied().find(|r| *r > rung)
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Choice {
    Advance,
    Hold,
    Walk,
    Repeat,
    ScaleTo { campaigns: u32 },
}

impl Choice {
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Advance => "advance",
            Choice::Hold => "hold",
            Choice::Walk => "walk",
            Choice::Repeat => "repeat",
            Choice::ScaleTo { .. } => "scale_to",
        }
    }
}

/// The refused action a choice names (kept here, so error.rs need not import this module).
impl From<Choice> for TransitionAction {
    fn from(choice: Choice) -> Self {
        match choice {
            Choice::Advance => TransitionAction::Advance,
            Choice::Hold => TransitionAction::Hold,
            Choice::Walk => TransitionAction::Walk,
            Choice::Repeat => TransitionAction::Repeat,
            Choice::ScaleTo { .. } => TransitionAction::ScaleTo,
        }
    }
}

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
    /// Basics still missing after `count` debriefed campaigns.
    MissingBasics {
        count: u32,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    pub choice: Choice,
    pub reasons: Vec<Reason>,
}

impl Recommendation {
    /// This recommendation as a viewer blind to `phase`'s scores may read it (a decision's stored
    /// recommendation, shown in the log): when a reason states that phase's gate, only how many
    /// have scored, and no choice drawn from it.
    pub fn blinded(self, phase: Phase, scored: u32) -> Recommendation {
        let states_the_gate = self.reasons.iter().any(|r| {
            matches!(r, Reason::GatePassed { phase: p, .. } | Reason::ThresholdMissed { phase: p, .. } if *p == phase)
        });
        if !states_the_gate {
            return self;
        }
        Recommendation {
            choice: Choice::Hold,
            reasons: vec![Reason::ScoresHidden {
                phase,
                count: scored,
            }],
        }
    }
}

/// A flag as the recommendation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagFact {
    pub id: String,
    pub kind: String,
    pub severity: Severity,
    pub status: FlagStatus,
}

impl FlagFact {
    /// See [`is_live_dealbreaker`].
    pub fn is_live_dealbreaker(&self) -> bool {
        is_live_dealbreaker(self.severity, self.status)
    }
}

/// The latest pilot as the recommendation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PilotFact {
    pub metrics_agreed: bool,
    pub started: bool,
    pub gate: PilotGate,
    /// The current debrief's failure cause, once debriefed.
    pub failure_cause: Option<FailureCause>,
}

/// Everything the recommendation depends on.
#[derive(Debug, Clone)]
pub struct Facts {
    pub phase: Phase,
    pub flags: Vec<FlagFact>,
    pub signals: SignalScore,
    pub advance_at_strong: u32,
    /// The gate of the current phase, when the framework scores it and the viewer may see it.
    pub gate: Option<GateResult>,
    /// `Some(reviewers who scored)` when the viewer is blind to the current phase's gate (they
    /// have not scored it yet): the recommendation then reads nothing of the answers.
    pub scored_hidden: Option<u32>,
    pub pilot: Option<PilotFact>,
    /// Debriefed campaigns so far.
    pub campaigns: u32,
    /// Current rung of the ladder (1 until scaled).
    pub rung: u32,
}

/// The recommendation for `facts`.
pub fn recommend(facts: &Facts) -> Recommendation {
    let mut reasons = Vec::new();
    let live = facts.flags.iter().any(FlagFact::is_live_dealbreaker);
    for f in &facts.flags {
        let (flag_id, flag_kind) = (f.id.clone(), f.kind.clone());
        if f.is_live_dealbreaker() {
            reasons.push(Reason::Dealbreaker { flag_id, flag_kind });
            continue;
        }
        match (f.severity, f.status) {
            (Severity::Dealbreaker, FlagStatus::Overridden) => {
                reasons.push(Reason::DealbreakerOverridden { flag_id, flag_kind })
            }
            (Severity::Warning, FlagStatus::Open) => {
                reasons.push(Reason::WarningFlag { flag_id, flag_kind })
            }
            _ => {}
        }
    }
    let open_warnings = facts
        .flags
        .iter()
        .any(|f| f.severity == Severity::Warning && f.status == FlagStatus::Open);
    if live {
        return Recommendation {
            choice: Choice::Walk,
            reasons,
        };
    }
    let choice = match facts.phase {
        Phase::Walked => {
            reasons.push(Reason::Walked);
            Choice::Walk
        }
        Phase::Sourced => {
            let (count, needed) = (facts.signals.strong, facts.advance_at_strong);
            reasons.push(if facts.signals.advance {
                Reason::SignalsStrong { count, needed }
            } else {
                Reason::SignalsWeak { count, needed }
            });
            if facts.signals.advance {
                Choice::Advance
            } else {
                Choice::Hold
            }
        }
        Phase::GutCheck => match (&facts.gate, facts.scored_hidden) {
            (_, Some(count)) => {
                reasons.push(Reason::ScoresHidden {
                    phase: Phase::GutCheck,
                    count,
                });
                Choice::Hold
            }
            (Some(g), None) if g.waiting => {
                reasons.push(Reason::WaitingForReviewers {
                    phase: g.phase,
                    count: g.reviewers,
                    needed: g.min_reviewers,
                });
                Choice::Hold
            }
            (Some(g), None) if g.reviewers > 0 => {
                let keys = |list: &[CriterionResult]| list.iter().map(|c| c.key.clone()).collect();
                let (phase, passed_weight, threshold) = (g.phase, g.passed_weight, g.threshold);
                reasons.push(if g.passed {
                    Reason::GatePassed {
                        phase,
                        criteria: keys(&g.passed_criteria),
                        passed_weight,
                        threshold,
                    }
                } else {
                    Reason::ThresholdMissed {
                        phase,
                        criteria: keys(&g.failed_criteria),
                        passed_weight,
                        threshold,
                    }
                });
                if g.passed {
                    Choice::Advance
                } else {
                    Choice::Hold
                }
            }
            _ => {
                reasons.push(Reason::NoScorecards {
                    phase: Phase::GutCheck,
                });
                Choice::Hold
            }
        },
        Phase::PilotScoping => match &facts.pilot {
            None => {
                reasons.push(Reason::NoPilot);
                Choice::Hold
            }
            Some(p) if p.metrics_agreed => {
                reasons.push(Reason::MetricsAgreed);
                Choice::Advance
            }
            Some(_) => {
                reasons.push(Reason::MetricsNotAgreed);
                Choice::Hold
            }
        },
        Phase::Pilot => {
            reasons.push(Reason::PilotRunning);
            if let Some(p) = &facts.pilot {
                if !p.gate.metrics_agreed_before_start {
                    reasons.push(Reason::MetricsNotAgreed);
                }
            }
            Choice::Hold
        }
        Phase::Scaled => {
            reasons.push(Reason::Scaled { count: facts.rung });
            Choice::Hold
        }
        Phase::Debrief => after_debrief(facts, open_warnings, &mut reasons),
    };
    Recommendation { choice, reasons }
}

fn after_debrief(facts: &Facts, open_warnings: bool, reasons: &mut Vec<Reason>) -> Choice {
    let Some(p) = &facts.pilot else {
        reasons.push(Reason::NoPilot);
        return Choice::Hold;
    };
    let cause = p.failure_cause.unwrap_or(FailureCause::None);
    if !p.gate.metrics_agreed_before_start {
        reasons.push(Reason::MetricsNotAgreed);
    }
    if !p.gate.deliverables_on_scope {
        reasons.push(Reason::DeliverablesNotOnScope);
    }
    if p.gate.passed {
        reasons.push(Reason::PilotGatePassed);
    }
    if cause != FailureCause::None {
        reasons.push(Reason::FailureCause { cause });
    }
    let basics_missing = !p.gate.passed || cause != FailureCause::None;
    if facts.campaigns >= 2 && basics_missing {
        reasons.push(Reason::MissingBasics {
            count: facts.campaigns,
        });
        return Choice::Walk;
    }
    match cause {
        FailureCause::Communication | FailureCause::Expectations | FailureCause::MarketFit => {
            Choice::Walk
        }
        FailureCause::Execution | FailureCause::Scope => Choice::Repeat,
        FailureCause::None if !p.gate.passed || open_warnings => Choice::Repeat,
        FailureCause::None => match next_rung(facts.rung) {
            Some(to) => {
                reasons.push(Reason::LadderNext {
                    count: facts.rung,
                    needed: to,
                });
                Choice::ScaleTo { campaigns: to }
            }
            None => {
                reasons.push(Reason::LadderTop { count: facts.rung });
                Choice::Hold
            }
        },
    }
}

#[cfg(test)]
mod tests;
