//! Where a decision takes a partner. [`next_phase`] is the rule, pure: the phase it starts from,
//! the choice, and the few facts it depends on, in; the phase after, or the reason it may not
//! move, out. No database, no clock.
//!
//! Rules, in order:
//! 1. A walked partner stays walked: nothing more is decided.
//! 2. While a dealbreaker is live, only walk or hold.
//! 3. Walk → walked; hold stays; advance moves sourced → gut check, and gut check → pilot scoping
//!    once the gut-check gate passes; repeat goes back to pilot scoping after a debrief or a
//!    scale-up; scale to N after a debrief climbs exactly one rung of the ladder 1 → 3 → 5.
//!    Anything else is refused, naming the choice and the phase.
//!
//! The two writes that apply it, `Store::record_decision` and `Store::correct_decision`, live here
//! too: each reads the partner's facts once ([`crate::facts`]), asks [`next_phase`], appends to
//! the decision log and moves the phase, in one transaction.

use chrono::{DateTime, Utc};

use crate::decision::{self, Decision, DecisionCorrection, NewDecision};
use crate::error::{TransitionAction, TransitionState};
use crate::facts::{self, PartnerFacts, Viewer};
use crate::gate::GateResult;
use crate::partner;
use crate::phase::Phase;
use crate::recommendation::{next_rung, Choice};
use crate::store::{Store, Writer};
use crate::{Error, Result};

/// What a move depends on besides the phase and the choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The oldest live dealbreaker's id, if any.
    pub live_dealbreaker: Option<String>,
    /// The gut-check gate, when the framework scores it.
    pub gut_check: Option<GateResult>,
    /// The rung of the ladder the partner is on before this decision.
    pub rung: u32,
}

/// Where `choice` takes a partner in phase `from`, or why it may not.
pub fn next_phase(from: Phase, choice: Choice, facts: &Facts) -> Result<Phase> {
    let refuse = || Error::InvalidTransition {
        action: choice.into(),
        state: from.into(),
    };
    if from == Phase::Walked {
        return Err(refuse());
    }
    if !matches!(choice, Choice::Walk | Choice::Hold) {
        if let Some(flag_id) = &facts.live_dealbreaker {
            return Err(Error::DealbreakerOpen {
                flag_id: flag_id.clone(),
            });
        }
    }
    match (choice, from) {
        (Choice::Walk, _) => Ok(Phase::Walked),
        (Choice::Hold, p) => Ok(p),
        (Choice::Advance, Phase::Sourced) => Ok(Phase::GutCheck),
        (Choice::Advance, Phase::GutCheck) => match &facts.gut_check {
            Some(g) if !g.passed => Err(Error::ThresholdNotMet {
                phase: Phase::GutCheck.as_str(),
                passed_weight: g.passed_weight,
                threshold: g.threshold,
            }),
            _ => Ok(Phase::PilotScoping),
        },
        (Choice::Repeat, Phase::Debrief | Phase::Scaled) => Ok(Phase::PilotScoping),
        (Choice::ScaleTo { campaigns }, Phase::Debrief) => {
            if next_rung(facts.rung) == Some(campaigns) {
                Ok(Phase::Scaled)
            } else {
                Err(Error::LadderJump {
                    from: facts.rung,
                    to: campaigns,
                })
            }
        }
        _ => Err(refuse()),
    }
}

/// The transition's facts from the partner's, leaving out the decision being corrected.
fn facts_for(facts: &PartnerFacts, correcting: Option<&str>) -> Facts {
    Facts {
        live_dealbreaker: facts.live_dealbreaker().map(|f| f.id.clone()),
        gut_check: facts.gate_result(Phase::GutCheck),
        rung: facts.rung(correcting),
    }
}

impl Store {
    /// Records a decision and moves the partner's phase accordingly. Refused when the move is
    /// not allowed (e.g. advancing past a failed gate, or a ladder jump from 1 to 5), and when a
    /// dealbreaker is open for anything but walk or hold.
    pub fn record_decision(&mut self, input: &NewDecision, now: DateTime<Utc>) -> Result<Decision> {
        self.write(|w| w.record_decision(input, now))
    }

    /// Corrects the partner's latest decision: a new entry supersedes it, and the phase is
    /// recomputed from where the corrected decision started.
    pub fn correct_decision(
        &mut self,
        input: &DecisionCorrection,
        now: DateTime<Utc>,
    ) -> Result<Decision> {
        self.write(|w| w.correct_decision(input, now))
    }
}

impl Writer<'_> {
    /// [`Store::record_decision`] inside the writer's transaction.
    pub fn record_decision(&self, input: &NewDecision, now: DateTime<Utc>) -> Result<Decision> {
        let valid = decision::validate(input.into(), now)?;
        let tx = self.tx;
        let facts = facts::of_partner(tx, self.definitions, &input.partner_id)?;
        let before = facts.partner.phase;
        let after = next_phase(before, valid.choice, &facts_for(&facts, None))?;
        let id = decision::insert(
            tx,
            &facts.partner.id,
            &valid,
            &facts.recommend(Viewer::Record),
            before,
            after,
            None,
            now,
            self.device_id,
        )?;
        if after != before {
            partner::set_phase(tx, &facts.partner.id, after, now, self.device_id)?;
        }
        let decision = decision::get(tx, &id)?;
        Ok(decision)
    }

    /// [`Store::correct_decision`] inside the writer's transaction.
    pub fn correct_decision(
        &self,
        input: &DecisionCorrection,
        now: DateTime<Utc>,
    ) -> Result<Decision> {
        let valid = decision::validate(input.into(), now)?;
        let tx = self.tx;
        let old = decision::get(tx, &input.decision_id)?;
        let facts = facts::of_partner(tx, self.definitions, &old.partner_id)?;
        let latest = decision::latest(facts.log()).map(|d| d.id.as_str());
        if old.superseded_by.is_some() || latest != Some(old.id.as_str()) {
            return Err(Error::InvalidTransition {
                action: TransitionAction::CorrectDecision,
                state: TransitionState::NotLatest,
            });
        }
        let phase = facts.partner.phase;
        if phase != old.phase_after {
            return Err(Error::InvalidTransition {
                action: TransitionAction::CorrectDecision,
                state: phase.into(),
            });
        }
        let after = next_phase(
            old.phase_before,
            valid.choice,
            &facts_for(&facts, Some(&old.id)),
        )?;
        let id = decision::insert(
            tx,
            &facts.partner.id,
            &valid,
            &facts.recommend(Viewer::Record),
            old.phase_before,
            after,
            Some(&old.id),
            now,
            self.device_id,
        )?;
        if after != phase {
            partner::set_phase(tx, &facts.partner.id, after, now, self.device_id)?;
        }
        let decision = decision::get(tx, &id)?;
        Ok(decision)
    }
}

#[cfg(test)]
mod tests;
