//! The recommendation at every gate — advance, hold, walk, repeat, scale to N — with the reasons
//! that produced it. Pure: facts in, recommendation out; the store gathers the facts.
//!
//! Rules, in order:
//! 1. An open dealbreaker (not overridden) means walk.
//! 2. By phase: sourced advances on strong signals; the gut check holds while the viewer has not
//!    scored (blind) or fewer than the framework's minimum of reviewers have, and advances when its
//!    gate passes;
//!    scoping advances once metrics are agreed; a running pilot holds.
//! 3. After a campaign's debrief (the pilot is campaign 1): basics still missing after the
//!    framework's number of campaigns → walk, naming the missing basics; a communication,
//!    expectations or market-fit failure → walk; an execution or scope failure, metrics not agreed
//!    before the start or deliverables not on scope → repeat; while campaigns committed to by the
//!    latest scale-up remain → run the next one; open warnings, revisions over the limit or missed
//!    metrics → repeat; else scale to the next rung of the ladder 1 → 3 → 5.
//! 4. While scaled: run (or finish) campaign k of N.
//!
//! Reasons come in three groups: what *decides* the choice, what *weighs* on it (open warnings,
//! revisions over the limit, lateness, missed metrics per market), and what *passed*. Each reason
//! appears once; a property test holds the groups to the choice.

use serde::{Deserialize, Serialize};

use crate::error::TransitionAction;
use crate::flag::{is_live_dealbreaker, FlagStatus};
use crate::framework::{Basic, BasicsRules, Severity};
use crate::gate::{CriterionResult, GateResult};
use crate::outcome::FailureCause;
use crate::outcome::PilotGate;
use crate::phase::Phase;
use crate::signal::SignalScore;

mod reason;
use reason::Reasons;
pub use reason::{BasicsGap, Reason, Recommendation};

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

/// The latest campaign (the pilot is campaign 1) as the recommendation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PilotFact {
    pub campaign_no: u32,
    pub metrics_agreed: bool,
    pub started: bool,
    pub gate: PilotGate,
    /// The current debrief's failure cause, once debriefed.
    pub failure_cause: Option<FailureCause>,
    /// Deliverables delivered after their deadline, with notice given before it.
    pub late_with_notice: u32,
    /// And without.
    pub late_without_notice: u32,
    /// Deliverables judged significantly below scope.
    pub below_scope: u32,
    pub revisions_used: u32,
    pub revision_limit: u32,
    /// Per market (in the order of its first metric), how many metrics missed their target.
    pub missed_metrics: Vec<(String, u32)>,
}

impl PilotFact {
    /// The basics of `checks` this campaign missed, with their facts.
    pub fn gaps(&self, checks: &[Basic]) -> Vec<BasicsGap> {
        checks
            .iter()
            .filter_map(|basic| match basic {
                Basic::DeadlinesWithNotice => {
                    (self.late_without_notice > 0).then_some(BasicsGap::DeadlinesWithNotice {
                        count: self.late_without_notice,
                    })
                }
                Basic::DeliverablesOnScope => {
                    (self.below_scope > 0).then_some(BasicsGap::DeliverablesOnScope {
                        count: self.below_scope,
                    })
                }
                Basic::RevisionsWithinLimit => (self.revisions_used > self.revision_limit)
                    .then_some(BasicsGap::RevisionsWithinLimit {
                        used: self.revisions_used,
                        limit: self.revision_limit,
                    }),
                Basic::MetricsAgreed => {
                    (!self.gate.metrics_agreed_before_start).then_some(BasicsGap::MetricsAgreed)
                }
                Basic::Communication => (self.failure_cause == Some(FailureCause::Communication))
                    .then_some(BasicsGap::Communication),
            })
            .collect()
    }

    /// What weighs on a choice from this campaign's record: revisions over the limit, lateness,
    /// missed metrics per market.
    fn weigh(&self, r: &mut Reasons) {
        if self.revisions_used > self.revision_limit {
            r.weigh(Reason::RevisionsOverLimit {
                used: self.revisions_used,
                limit: self.revision_limit,
            });
        }
        if self.late_with_notice + self.late_without_notice > 0 {
            r.weigh(Reason::DeliveredLate {
                with_notice: self.late_with_notice,
                without_notice: self.late_without_notice,
            });
        }
        for (market, count) in &self.missed_metrics {
            r.weigh(Reason::MetricsMissed {
                market: market.clone(),
                count: *count,
            });
        }
    }
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
    /// The framework's basics.
    pub basics: BasicsRules,
}

/// The recommendation for `facts`.
pub fn recommend(facts: &Facts) -> Recommendation {
    let mut r = Reasons::default();
    // A compliance flag records the team's own checklist, not the partner's record.
    let weighing = || facts.flags.iter().filter(|f| crate::flag::weighs(&f.kind));
    for f in weighing() {
        let (flag_id, flag_kind) = (f.id.clone(), f.kind.clone());
        if f.is_live_dealbreaker() {
            r.decide(Reason::Dealbreaker { flag_id, flag_kind });
            continue;
        }
        match (f.severity, f.status) {
            (Severity::Dealbreaker, FlagStatus::Overridden) => {
                r.weigh(Reason::DealbreakerOverridden { flag_id, flag_kind })
            }
            (Severity::Warning, FlagStatus::Open) => {
                r.weigh(Reason::WarningFlag { flag_id, flag_kind })
            }
            _ => {}
        }
    }
    if facts.flags.iter().any(FlagFact::is_live_dealbreaker) {
        return r.into(Choice::Walk);
    }
    let open_warnings =
        weighing().any(|f| f.severity == Severity::Warning && f.status == FlagStatus::Open);
    let choice = match facts.phase {
        Phase::Walked => {
            r.decide(Reason::Walked);
            Choice::Walk
        }
        Phase::Sourced => {
            let (count, needed) = (facts.signals.strong, facts.advance_at_strong);
            if facts.signals.advance {
                r.decide(Reason::SignalsStrong { count, needed });
                Choice::Advance
            } else {
                r.decide(Reason::SignalsWeak { count, needed });
                Choice::Hold
            }
        }
        Phase::GutCheck => gut_check(facts, &mut r),
        Phase::PilotScoping => match &facts.pilot {
            Some(p) if !p.started && p.metrics_agreed => {
                r.decide(Reason::MetricsAgreed);
                Choice::Advance
            }
            Some(p) if !p.started => {
                r.decide(Reason::MetricsNotAgreed);
                Choice::Hold
            }
            _ => {
                r.decide(Reason::NoPilot);
                Choice::Hold
            }
        },
        Phase::Pilot => {
            r.decide(Reason::PilotRunning);
            if let Some(p) = &facts.pilot {
                running(p, &mut r);
            }
            Choice::Hold
        }
        Phase::Scaled => match &facts.pilot {
            Some(p) if p.started && p.failure_cause.is_none() => {
                r.decide(Reason::CampaignRunning {
                    number: p.campaign_no,
                    of: facts.rung,
                });
                running(p, &mut r);
                Choice::Hold
            }
            Some(p) if !p.started => {
                r.decide(Reason::NextCampaign {
                    number: p.campaign_no,
                    of: facts.rung,
                });
                Choice::Hold
            }
            _ => after_campaign(facts, open_warnings, &mut r),
        },
        Phase::Debrief => after_campaign(facts, open_warnings, &mut r),
    };
    r.into(choice)
}

/// The gut check: blind to a viewer who has not scored, waiting for the framework's reviewers,
/// then its gate.
fn gut_check(facts: &Facts, r: &mut Reasons) -> Choice {
    let phase = Phase::GutCheck;
    match (&facts.gate, facts.scored_hidden) {
        (_, Some(count)) => {
            r.decide(Reason::ScoresHidden { phase, count });
            Choice::Hold
        }
        (Some(g), None) if g.waiting => {
            r.decide(Reason::WaitingForReviewers {
                phase: g.phase,
                count: g.reviewers,
                needed: g.min_reviewers,
            });
            Choice::Hold
        }
        (Some(g), None) if g.reviewers > 0 => {
            let keys = |list: &[CriterionResult]| list.iter().map(|c| c.key.clone()).collect();
            let (phase, passed_weight, threshold) = (g.phase, g.passed_weight, g.threshold);
            if g.passed {
                r.pass(Reason::GatePassed {
                    phase,
                    criteria: keys(&g.passed_criteria),
                    passed_weight,
                    threshold,
                });
                Choice::Advance
            } else {
                r.decide(Reason::ThresholdMissed {
                    phase,
                    criteria: keys(&g.failed_criteria),
                    passed_weight,
                    threshold,
                });
                Choice::Hold
            }
        }
        _ => {
            r.decide(Reason::NoScorecards { phase });
            Choice::Hold
        }
    }
}

/// What weighs while a campaign runs.
fn running(p: &PilotFact, r: &mut Reasons) {
    if !p.gate.metrics_agreed_before_start {
        r.weigh(Reason::MetricsNotAgreed);
    }
    p.weigh(r);
}

/// After a campaign's debrief: walk, repeat, the next committed campaign, or the next rung.
fn after_campaign(facts: &Facts, open_warnings: bool, r: &mut Reasons) -> Choice {
    let Some(p) = facts.pilot.as_ref().filter(|p| p.failure_cause.is_some()) else {
        r.decide(Reason::NoPilot);
        return Choice::Hold;
    };
    let cause = p.failure_cause.unwrap_or(FailureCause::None);
    p.weigh(r);
    if p.gate.metrics_agreed_before_start {
        r.pass(Reason::MetricsAgreed);
    }
    if p.gate.deliverables_on_scope {
        r.pass(Reason::DeliverablesOnScope);
    }
    if p.gate.passed {
        r.pass(Reason::PilotGatePassed);
    }
    let gaps = p.gaps(&facts.basics.checks);
    if facts.campaigns >= facts.basics.after_campaigns && !gaps.is_empty() {
        r.decide(Reason::MissingBasics {
            count: facts.campaigns,
            campaign: p.campaign_no,
            gaps,
        });
        return Choice::Walk;
    }
    match cause {
        FailureCause::Communication | FailureCause::Expectations | FailureCause::MarketFit => {
            r.decide(Reason::FailureCause { cause });
            return Choice::Walk;
        }
        FailureCause::Execution | FailureCause::Scope => {
            r.decide(Reason::FailureCause { cause });
            return Choice::Repeat;
        }
        FailureCause::None => {}
    }
    if !p.gate.metrics_agreed_before_start {
        r.decide(Reason::MetricsNotAgreed);
        return Choice::Repeat;
    }
    if !p.gate.deliverables_on_scope {
        r.decide(Reason::DeliverablesNotOnScope);
        return Choice::Repeat;
    }
    if facts.phase == Phase::Scaled && p.campaign_no < facts.rung {
        r.decide(Reason::NextCampaign {
            number: p.campaign_no + 1,
            of: facts.rung,
        });
        return Choice::Hold;
    }
    let record_weighs = p.revisions_used > p.revision_limit
        || p.late_without_notice > 0
        || !p.missed_metrics.is_empty();
    if open_warnings || record_weighs {
        // Nothing decides against the partner, but what weighs keeps them off the next rung.
        return Choice::Repeat;
    }
    match next_rung(facts.rung) {
        Some(to) => {
            r.decide(Reason::LadderNext {
                count: facts.rung,
                needed: to,
            });
            Choice::ScaleTo { campaigns: to }
        }
        None => {
            r.decide(Reason::LadderTop { count: facts.rung });
            Choice::Hold
        }
    }
}

#[cfg(test)]
mod tests;
