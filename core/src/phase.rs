//! The phases a partner moves through. The phase changes only through gates and decisions
//! (see [`crate::decision`]), starting a pilot and recording a debrief.

use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// Where a partner is in the lifecycle.
    pub enum Phase {
        /// The candidate exists; pre-pilot signals are recorded.
        Sourced = "sourced",
        /// One conversation, a few yes/no questions.
        GutCheck = "gut_check",
        /// A pilot is being scoped (metrics, roles, hypotheses).
        PilotScoping = "pilot_scoping",
        /// The pilot is running.
        Pilot = "pilot",
        /// The pilot is debriefed and waits for a decision.
        Debrief = "debrief",
        /// The partnership was scaled up a rung of the ladder (see [`crate::decision`]).
        Scaled = "scaled",
        /// Walked away.
        Walked = "walked",
    }
}
