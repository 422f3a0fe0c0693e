//! The recommendation at every gate — advance, hold, walk, repeat, scale to N — with the reasons
//! that produced it. Pure: facts in, recommendation out; the store gathers the facts.
//!
//! Rules, in order:
//! 1. An open dealbreaker (not overridden) means walk.
//! 2. By phase: sourced advances on strong signals; the gut check advances when its gate passes;
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
use crate::gate::GateResult;
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

crate::text_enum! {
    /// Why: one key per kind of reason, for the UI to translate.
    pub enum ReasonCode {
        Dealbreaker = "dealbreaker",
        DealbreakerOverridden = "dealbreaker_overridden",
        WarningFlag = "warning_flag",
        Walked = "walked",
        SignalsStrong = "signals_strong",
        SignalsWeak = "signals_weak",
        NoScorecards = "no_scorecards",
        GatePassed = "gate_passed",
        ThresholdMissed = "threshold_missed",
        NoPilot = "no_pilot",
        MetricsAgreed = "metrics_agreed",
        MetricsNotAgreed = "metrics_not_agreed",
        PilotRunning = "pilot_running",
        DeliverablesNotOnScope = "deliverables_not_on_scope",
        PilotGatePassed = "pilot_gate_passed",
        FailureCause = "failure_cause",
        MissingBasics = "missing_basics",
        LadderNext = "ladder_next",
        LadderTop = "ladder_top",
        Scaled = "scaled",
    }
}

/// One reason, with whichever parameters its code uses.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub code: Option<ReasonCode>,
    pub phase: Option<Phase>,
    pub flag_id: Option<String>,
    pub flag_kind: Option<String>,
    /// Criteria keys (passed ones for `gate_passed`, failed ones for `threshold_missed`).
    pub criteria: Vec<String>,
    pub passed_weight: Option<u32>,
    pub threshold: Option<u32>,
    /// Strong signals, campaigns, or ladder rung, depending on the code.
    pub count: Option<u32>,
    pub needed: Option<u32>,
    pub cause: Option<FailureCause>,
}

impl Reason {
    fn new(code: ReasonCode) -> Reason {
        Reason {
            code: Some(code),
            ..Reason::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    pub choice: Choice,
    pub reasons: Vec<Reason>,
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
    /// The gate of the current phase, when the framework scores it.
    pub gate: Option<GateResult>,
    pub pilot: Option<PilotFact>,
    /// Debriefed campaigns so far.
    pub campaigns: u32,
    /// Current rung of the ladder (1 until scaled).
    pub rung: u32,
}

fn flag_reason(code: ReasonCode, f: &FlagFact) -> Reason {
    Reason {
        flag_id: Some(f.id.clone()),
        flag_kind: Some(f.kind.clone()),
        ..Reason::new(code)
    }
}

/// The recommendation for `facts`.
pub fn recommend(facts: &Facts) -> Recommendation {
    let mut reasons = Vec::new();
    let live = facts.flags.iter().any(FlagFact::is_live_dealbreaker);
    for f in &facts.flags {
        if f.is_live_dealbreaker() {
            reasons.push(flag_reason(ReasonCode::Dealbreaker, f));
            continue;
        }
        match (f.severity, f.status) {
            (Severity::Dealbreaker, FlagStatus::Overridden) => {
                reasons.push(flag_reason(ReasonCode::DealbreakerOverridden, f))
            }
            (Severity::Warning, FlagStatus::Open) => {
                reasons.push(flag_reason(ReasonCode::WarningFlag, f))
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
            reasons.push(Reason::new(ReasonCode::Walked));
            Choice::Walk
        }
        Phase::Sourced => {
            let strong = facts.signals.strong;
            let code = if facts.signals.advance {
                ReasonCode::SignalsStrong
            } else {
                ReasonCode::SignalsWeak
            };
            reasons.push(Reason {
                count: Some(strong),
                needed: Some(facts.advance_at_strong),
                ..Reason::new(code)
            });
            if facts.signals.advance {
                Choice::Advance
            } else {
                Choice::Hold
            }
        }
        Phase::GutCheck => match &facts.gate {
            Some(g) if g.reviewers > 0 => {
                let (code, list) = if g.passed {
                    (ReasonCode::GatePassed, &g.passed_criteria)
                } else {
                    (ReasonCode::ThresholdMissed, &g.failed_criteria)
                };
                reasons.push(Reason {
                    phase: Some(g.phase),
                    criteria: list.iter().map(|c| c.key.clone()).collect(),
                    passed_weight: Some(g.passed_weight),
                    threshold: Some(g.threshold),
                    ..Reason::new(code)
                });
                if g.passed {
                    Choice::Advance
                } else {
                    Choice::Hold
                }
            }
            _ => {
                reasons.push(Reason {
                    phase: Some(Phase::GutCheck),
                    ..Reason::new(ReasonCode::NoScorecards)
                });
                Choice::Hold
            }
        },
        Phase::PilotScoping => match &facts.pilot {
            None => {
                reasons.push(Reason::new(ReasonCode::NoPilot));
                Choice::Hold
            }
            Some(p) if p.metrics_agreed => {
                reasons.push(Reason::new(ReasonCode::MetricsAgreed));
                Choice::Advance
            }
            Some(_) => {
                reasons.push(Reason::new(ReasonCode::MetricsNotAgreed));
                Choice::Hold
            }
        },
        Phase::Pilot => {
            reasons.push(Reason::new(ReasonCode::PilotRunning));
            if let Some(p) = &facts.pilot {
                if !p.gate.metrics_agreed_before_start {
                    reasons.push(Reason::new(ReasonCode::MetricsNotAgreed));
                }
            }
            Choice::Hold
        }
        Phase::Scaled => {
            reasons.push(Reason {
                count: Some(facts.rung),
                ..Reason::new(ReasonCode::Scaled)
            });
            Choice::Hold
        }
        Phase::Debrief => after_debrief(facts, open_warnings, &mut reasons),
    };
    Recommendation { choice, reasons }
}

fn after_debrief(facts: &Facts, open_warnings: bool, reasons: &mut Vec<Reason>) -> Choice {
    let Some(p) = &facts.pilot else {
        reasons.push(Reason::new(ReasonCode::NoPilot));
        return Choice::Hold;
    };
    let cause = p.failure_cause.unwrap_or(FailureCause::None);
    if !p.gate.metrics_agreed_before_start {
        reasons.push(Reason::new(ReasonCode::MetricsNotAgreed));
    }
    if !p.gate.deliverables_on_scope {
        reasons.push(Reason::new(ReasonCode::DeliverablesNotOnScope));
    }
    if p.gate.passed {
        reasons.push(Reason::new(ReasonCode::PilotGatePassed));
    }
    if cause != FailureCause::None {
        reasons.push(Reason {
            cause: Some(cause),
            ..Reason::new(ReasonCode::FailureCause)
        });
    }
    let basics_missing = !p.gate.passed || cause != FailureCause::None;
    if facts.campaigns >= 2 && basics_missing {
        reasons.push(Reason {
            count: Some(facts.campaigns),
            ..Reason::new(ReasonCode::MissingBasics)
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
                reasons.push(Reason {
                    count: Some(facts.rung),
                    needed: Some(to),
                    ..Reason::new(ReasonCode::LadderNext)
                });
                Choice::ScaleTo { campaigns: to }
            }
            None => {
                reasons.push(Reason {
                    count: Some(facts.rung),
                    ..Reason::new(ReasonCode::LadderTop)
                });
                Choice::Hold
            }
        },
    }
}

#[cfg(test)]
mod tests;
