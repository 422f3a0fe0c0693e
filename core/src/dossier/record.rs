//! What a partner's record says, read back for the dossier and compare: the failure cause of each
//! debriefed campaign, the latest partnership ratings, revision use, lateness, and dealbreakers
//! someone chose to proceed past. Pure, over the views the dossier already holds: the one place
//! these are derived, so the dossier and compare never count them differently.

use serde::Serialize;

use crate::debrief::{Debrief, FailureCause, Health};
use crate::flag::{Flag, FlagStatus};
use crate::framework::{Localized, Severity};
use crate::pilot::Pilot;

/// One debriefed campaign's cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CampaignCause {
    pub campaign_no: u32,
    /// 1 for the first run of this campaign, 2 for its repeat, …
    pub attempt: u32,
    pub cause: FailureCause,
}

/// A dealbreaker that was overridden: shown as such, with the written reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OverriddenDealbreaker {
    pub flag_id: String,
    pub label: Localized,
    pub reason: String,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PartnerRecord {
    /// Each debriefed campaign's failure cause (`none` included), by campaign.
    pub failure_causes: Vec<CampaignCause>,
    /// The partnership ratings (1–5) of the latest debriefed campaign.
    pub health: Option<Health>,
    /// Revision rounds used in the latest campaign.
    pub revisions_used: Option<u32>,
    /// Its limit.
    pub revision_limit: Option<u32>,
    /// Deliverables of every campaign delivered after their due instant, with notice given.
    pub late_with_notice: u32,
    /// And without.
    pub late_without_notice: u32,
    pub overridden_dealbreakers: Vec<OverriddenDealbreaker>,
}

/// The record of `pilots` (oldest first), their current `debriefs` and the partner's `flags`.
pub fn of(pilots: &[Pilot], debriefs: &[Debrief], flags: &[Flag]) -> PartnerRecord {
    let campaign_of = |d: &Debrief| {
        pilots
            .iter()
            .find(|p| p.id == d.pilot_id)
            .map_or(0, |p| p.campaign_no)
    };
    // Which run of its campaign each pilot is (a repeat keeps the number): oldest first.
    let attempt_of = |d: &Debrief| {
        let no = campaign_of(d);
        let position = pilots.iter().position(|p| p.id == d.pilot_id);
        pilots
            .iter()
            .take(position.map_or(0, |i| i + 1))
            .filter(|p| p.campaign_no == no)
            .count() as u32
    };
    let mut failure_causes: Vec<CampaignCause> = debriefs
        .iter()
        .map(|d| CampaignCause {
            campaign_no: campaign_of(d),
            attempt: attempt_of(d),
            cause: d.failure_cause,
        })
        .collect();
    failure_causes.sort_by_key(|c| (c.campaign_no, c.attempt));
    let latest_debrief = debriefs.iter().max_by_key(|d| campaign_of(d));
    let latest = pilots.iter().max_by_key(|p| p.campaign_no);
    let late = |notice: bool| {
        pilots
            .iter()
            .flat_map(|p| &p.deliverables)
            .filter(|d| d.late && d.notice_given == notice)
            .count() as u32
    };
    PartnerRecord {
        failure_causes,
        health: latest_debrief.map(|d| d.health),
        revisions_used: latest.map(|p| p.revisions.used),
        revision_limit: latest.map(|p| p.revisions.limit),
        late_with_notice: late(true),
        late_without_notice: late(false),
        overridden_dealbreakers: flags
            .iter()
            .filter(|f| f.severity == Severity::Dealbreaker && f.status == FlagStatus::Overridden)
            .map(|f| OverriddenDealbreaker {
                flag_id: f.id.clone(),
                label: f.label.clone(),
                reason: f
                    .override_reason
                    .as_ref()
                    .map(|e| e.note.clone())
                    .unwrap_or_default(),
                by: f
                    .override_reason
                    .as_ref()
                    .map(|e| e.by.clone())
                    .unwrap_or_default(),
            })
            .collect(),
    }
}
