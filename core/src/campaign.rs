//! Campaigns: the pilot is campaign 1; after "scale to N" the partnership runs numbered campaigns
//! up to N, each scoped, tracked and debriefed like the pilot, then the next rung, a repeat or a
//! walk is decided. These are the track's rules, pure: the number the next campaign gets, and where
//! starting and debriefing one leave the partner's phase. The pilot writes apply them.
//!
//! - A new campaign is scoped in pilot scoping (the first pilot, or a repeat: the repeat keeps the
//!   number of the campaign it repeats) or while scaled (the next number, up to the rung).
//! - Starting moves pilot scoping to the pilot phase on the first rung and back to scaled above
//!   it; a campaign started while scaled stays scaled.
//! - A debrief moves to the debrief phase (a decision is due) once the campaign's number reaches
//!   the rung; an earlier campaign's debrief leaves the partner scaled, running the next one.

use serde::Serialize;

use crate::error::{TransitionAction, TransitionState};
use crate::phase::Phase;
use crate::{Error, Result};

/// "Campaign `number` of `of`": the campaign running, being scoped or next, once a partnership is
/// past its pilot (shown on the board card and in the dossier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CampaignStep {
    pub number: u32,
    pub of: u32,
}

/// The step to show, from the phase, the latest campaign (its number and whether it is
/// debriefed) and the rung; none before anything is scaled or repeated past the pilot.
pub fn step(phase: Phase, latest: Option<(u32, bool)>, rung: u32) -> Option<CampaignStep> {
    let (latest, debriefed) = latest?;
    let number = if debriefed && phase == Phase::Scaled {
        latest + 1
    } else {
        latest
    };
    (rung > 1 || number > 1).then_some(CampaignStep {
        number,
        of: rung.max(number),
    })
}

/// The number of the campaign scoped next, given the partner's phase, the latest campaign's
/// number (none before the first pilot) and the rung of the ladder.
pub fn next_number(phase: Phase, latest: Option<u32>, rung: u32) -> Result<u32> {
    let refuse = |state: TransitionState| Error::InvalidTransition {
        action: TransitionAction::CreatePilot,
        state,
    };
    match (phase, latest) {
        (Phase::PilotScoping, None) => Ok(1),
        (Phase::PilotScoping, Some(n)) => Ok(n),
        (Phase::Scaled, Some(n)) if n < rung => Ok(n + 1),
        (Phase::Scaled, _) => Err(refuse(TransitionState::CampaignsDone)),
        (other, _) => Err(refuse(other.into())),
    }
}

/// The phase after starting a campaign scoped in `phase`.
pub fn phase_on_start(phase: Phase, rung: u32) -> Result<Phase> {
    match phase {
        Phase::PilotScoping if rung <= 1 => Ok(Phase::Pilot),
        Phase::PilotScoping | Phase::Scaled => Ok(Phase::Scaled),
        other => Err(Error::InvalidTransition {
            action: TransitionAction::StartPilot,
            state: other.into(),
        }),
    }
}

/// Whether a campaign may be debriefed in `phase` (the first debrief of a running campaign).
pub fn debriefs_in(phase: Phase) -> bool {
    matches!(phase, Phase::Pilot | Phase::Scaled)
}

/// The phase after debriefing campaign `number` on rung `rung`.
pub fn phase_after_debrief(number: u32, rung: u32) -> Phase {
    if number < rung {
        Phase::Scaled
    } else {
        Phase::Debrief
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_ladder_and_repeats_keep_theirs() {
        assert_eq!(next_number(Phase::PilotScoping, None, 1).ok(), Some(1));
        assert_eq!(next_number(Phase::PilotScoping, Some(1), 1).ok(), Some(1));
        assert_eq!(next_number(Phase::Scaled, Some(1), 3).ok(), Some(2));
        assert_eq!(next_number(Phase::Scaled, Some(2), 3).ok(), Some(3));
        assert_eq!(next_number(Phase::PilotScoping, Some(3), 3).ok(), Some(3));
        assert_eq!(next_number(Phase::Scaled, Some(3), 5).ok(), Some(4));
        assert!(matches!(
            next_number(Phase::Scaled, Some(3), 3),
            Err(Error::InvalidTransition {
                state: TransitionState::CampaignsDone,
                ..
            })
        ));
        assert!(next_number(Phase::Debrief, Some(1), 1).is_err());
    }

    #[test]
    fn the_step_names_the_campaign_running_or_next() {
        assert_eq!(step(Phase::Debrief, Some((1, true)), 1), None);
        let at = |number, of| Some(CampaignStep { number, of });
        assert_eq!(step(Phase::Scaled, Some((1, true)), 3), at(2, 3));
        assert_eq!(step(Phase::Scaled, Some((2, false)), 3), at(2, 3));
        assert_eq!(step(Phase::Debrief, Some((3, true)), 3), at(3, 3));
        assert_eq!(step(Phase::Scaled, None, 3), None);
    }

    #[test]
    fn the_phase_follows_the_track() {
        assert_eq!(
            phase_on_start(Phase::PilotScoping, 1).ok(),
            Some(Phase::Pilot)
        );
        assert_eq!(
            phase_on_start(Phase::PilotScoping, 3).ok(),
            Some(Phase::Scaled)
        );
        assert_eq!(phase_on_start(Phase::Scaled, 3).ok(), Some(Phase::Scaled));
        assert!(phase_on_start(Phase::Debrief, 3).is_err());
        assert_eq!(phase_after_debrief(1, 1), Phase::Debrief);
        assert_eq!(phase_after_debrief(2, 3), Phase::Scaled);
        assert_eq!(phase_after_debrief(3, 3), Phase::Debrief);
        assert!(debriefs_in(Phase::Scaled) && debriefs_in(Phase::Pilot));
        assert!(!debriefs_in(Phase::Debrief));
    }
}
