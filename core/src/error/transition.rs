//! What [`super::Error::InvalidTransition`] names: the action refused and the state it was refused
//! in, closed lists the window translates.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::phase::Phase;

crate::text_enum! {
    /// What was refused in [`Error::InvalidTransition`]: every action that can be.
    pub enum TransitionAction {
        // Decisions, one per kind of `recommendation::Choice` (the `From` is beside `Choice`).
        Advance = "advance",
        Hold = "hold",
        Walk = "walk",
        Repeat = "repeat",
        ScaleTo = "scale_to",
        CorrectDecision = "correct_decision",
        SubmitScorecard = "submit_scorecard",
        ResolveFlag = "resolve_flag",
        OverrideFlag = "override_flag",
        CreatePilot = "create_pilot",
        UpdatePilotScope = "update_pilot_scope",
        AgreePilotMetrics = "agree_pilot_metrics",
        StartPilot = "start_pilot",
        LogDeliverable = "log_deliverable",
        /// Marking a deliverable delivered (when logged, or later).
        RecordDelivery = "record_delivery",
        LogRevisionRound = "log_revision_round",
        LogApproval = "log_approval",
        RecordMetricActual = "record_metric_actual",
        RecordDebrief = "record_debrief",
        MakeFrameworkDefault = "make_framework_default",
        ArchiveFramework = "archive_framework",
        RestoreFramework = "restore_framework",
        /// Vetting a partner with a framework version (a new partner, or a partner moved to it).
        ChooseFramework = "choose_framework",
        /// Recording whether a decision went as expected.
        ReviewDecision = "review_decision",
    }
}

crate::text_enum! {
    /// Why it was refused in [`Error::InvalidTransition`]: a partner's phase, or the state of the
    /// pilot, decision or flag the action concerns.
    pub enum TransitionState {
        // The partner's phase, one per [`Phase`].
        Sourced = "sourced",
        GutCheck = "gut_check",
        PilotScoping = "pilot_scoping",
        Pilot = "pilot",
        Debrief = "debrief",
        Scaled = "scaled",
        Walked = "walked",
        /// The pilot has not started yet.
        NotStarted = "not_started",
        /// The pilot has already started.
        Started = "started",
        /// The pilot's metrics are already agreed.
        MetricsAgreed = "metrics_agreed",
        /// The pilot is already debriefed.
        Debriefed = "debriefed",
        /// The partner has a pilot that is not debriefed yet.
        PilotOpen = "pilot_open",
        /// Every campaign committed to by the latest scale-up has been run.
        CampaignsDone = "campaigns_done",
        /// A later decision superseded this one.
        NotLatest = "not_latest",
        /// The flag is a warning, not a dealbreaker.
        Warning = "warning",
        /// The flag is already resolved.
        Resolved = "resolved",
        /// The flag is already overridden.
        Overridden = "overridden",
        /// The framework version is archived.
        Archived = "archived",
        /// The framework version is not archived.
        NotArchived = "not_archived",
        /// The framework version is the default for new partners.
        FrameworkDefault = "framework_default",
        /// The decision has no review date.
        NoReviewDate = "no_review_date",
        /// The decision's review date has not come yet.
        ReviewNotDue = "review_not_due",
    }
}

impl From<Phase> for TransitionState {
    fn from(phase: Phase) -> Self {
        match phase {
            Phase::Sourced => TransitionState::Sourced,
            Phase::GutCheck => TransitionState::GutCheck,
            Phase::PilotScoping => TransitionState::PilotScoping,
            Phase::Pilot => TransitionState::Pilot,
            Phase::Debrief => TransitionState::Debrief,
            Phase::Scaled => TransitionState::Scaled,
            Phase::Walked => TransitionState::Walked,
        }
    }
}

impl fmt::Display for TransitionAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for TransitionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
