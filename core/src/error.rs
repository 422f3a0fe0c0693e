//! Domain errors. The IPC layer maps each variant to a code the UI branches on; SQL details stay
//! here and in the log, never in the window.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A required text field was empty (after trimming).
    #[error("{field} must not be empty")]
    EmptyField { field: &'static str },

    /// A text field was longer than the limit, in characters.
    #[error("{field} is longer than {max} characters")]
    TooLong { field: &'static str, max: u32 },

    /// A field's value is not one of the accepted values or shapes.
    #[error("{field} has an invalid value: {value}")]
    InvalidValue { field: &'static str, value: String },

    /// Not an IANA time zone name such as `Europe/Moscow`.
    #[error("unknown time zone: {0}")]
    UnknownTimeZone(String),

    /// A market code that is not in the markets table.
    #[error("unknown market: {0}")]
    UnknownMarket(String),

    /// A partner must serve at least one market.
    #[error("at least one market is required")]
    NoMarkets,

    #[error("{entity} not found: {id}")]
    NotFound { entity: &'static str, id: String },

    /// The action is not allowed in the current state (a partner's phase, a pilot that already
    /// started, a flag that is already resolved). `state` is a stable key such as `gut_check`.
    #[error("{action} is not allowed in state {state}")]
    InvalidTransition {
        action: &'static str,
        state: &'static str,
    },

    /// A gate was not passed: the weight of passed criteria is below the phase's threshold.
    #[error("the {phase} gate is not passed: {passed_weight} of {threshold} needed")]
    ThresholdNotMet {
        phase: &'static str,
        passed_weight: u32,
        threshold: u32,
    },

    /// Scaling skips a rung of the ladder (1 → 3 → 5), e.g. straight from 1 to 5.
    #[error("scaling from {from} to {to} campaigns skips a step of the ladder")]
    LadderJump { from: u32, to: u32 },

    /// Overriding a dealbreaker needs a non-empty written reason.
    #[error("an override needs a written reason")]
    OverrideNeedsReason,

    /// A decision other than walk or hold while a dealbreaker flag is open and not overridden.
    #[error("dealbreaker flag {flag_id} is open; override it with a reason first")]
    DealbreakerOpen { flag_id: String },

    /// An answer outside the criterion's scale (yes/no is 0–1, a scale is 1–5).
    #[error("score {value} for {criterion} is outside {min}–{max}")]
    ScoreOutOfRange {
        criterion: String,
        value: i32,
        min: i32,
        max: i32,
    },

    /// A criterion of the phase's scorecard was left unanswered.
    #[error("criterion {criterion} is not answered")]
    UnansweredCriterion { criterion: String },

    /// A money metric must say which currency it is in.
    #[error("metric {metric} is measured in money and needs a currency")]
    MetricNeedsCurrency { metric: String },

    /// A number outside its allowed range (scope limits, counts, weights).
    #[error("{field} must be between {min} and {max}")]
    LimitOutOfRange {
        field: &'static str,
        min: u32,
        max: u32,
    },

    /// The file was written by a newer Vetta; it is left untouched.
    #[error("the database was written by a newer version of Vetta (schema {file_version}); this version understands up to {app_version}")]
    IncompatibleDatabase { file_version: u32, app_version: u32 },

    /// The file is not a readable SQLite database (or fails its integrity check).
    #[error("the database file is damaged: {path}: {detail}")]
    DamagedDatabase { path: PathBuf, detail: String },

    #[error("file system error at {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}
