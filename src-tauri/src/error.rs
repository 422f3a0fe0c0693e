//! The error that crosses IPC: a code the UI branches on, plus the parameters it needs to render a
//! translated message. Mapped from core's errors by one explicit `match`; SQL and I/O details are
//! logged to stderr, never shown.

use serde::Serialize;
use vetta_core::error::{TransitionAction, TransitionState};
use vetta_core::Error;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum IpcError {
    EmptyField {
        field: String,
    },
    TooLong {
        field: String,
        max: u32,
    },
    InvalidValue {
        field: String,
        value: String,
    },
    UnknownTimeZone {
        value: String,
    },
    UnknownMarket {
        value: String,
    },
    NoMarkets,
    NotFound {
        entity: String,
        id: String,
    },
    /// Both are closed lists, so the UI has a translation for every value.
    InvalidTransition {
        action: TransitionAction,
        state: TransitionState,
    },
    ThresholdNotMet {
        phase: String,
        #[serde(rename = "passedWeight")]
        passed_weight: u32,
        threshold: u32,
    },
    LadderJump {
        from: u32,
        to: u32,
    },
    OverrideNeedsReason,
    DealbreakerOpen {
        #[serde(rename = "flagId")]
        flag_id: String,
    },
    ScoreOutOfRange {
        criterion: String,
        value: i32,
        min: i32,
        max: i32,
    },
    UnansweredCriterion {
        criterion: String,
    },
    MetricNeedsCurrency {
        metric: String,
    },
    LimitOutOfRange {
        field: String,
        min: u32,
        max: u32,
    },
    IncompatibleDatabase {
        #[serde(rename = "fileVersion")]
        file_version: u32,
        #[serde(rename = "appVersion")]
        app_version: u32,
    },
    DamagedDatabase {
        path: String,
    },
    /// The data folder or file could not be read or written (permissions, disk full).
    FileSystem {
        path: String,
    },
    /// Anything else: details are in the log.
    Storage,
}

impl From<Error> for IpcError {
    fn from(error: Error) -> Self {
        match error {
            Error::EmptyField { field } => IpcError::EmptyField {
                field: field.into(),
            },
            Error::TooLong { field, max } => IpcError::TooLong {
                field: field.into(),
                max,
            },
            Error::InvalidValue { field, value } => IpcError::InvalidValue {
                field: field.into(),
                value,
            },
            Error::UnknownTimeZone(value) => IpcError::UnknownTimeZone { value },
            Error::UnknownMarket(value) => IpcError::UnknownMarket { value },
            Error::NoMarkets => IpcError::NoMarkets,
            Error::NotFound { entity, id } => IpcError::NotFound {
                entity: entity.into(),
                id,
            },
            Error::InvalidTransition { action, state } => {
                IpcError::InvalidTransition { action, state }
            }
            Error::ThresholdNotMet {
                phase,
                passed_weight,
                threshold,
            } => IpcError::ThresholdNotMet {
                phase: phase.into(),
                passed_weight,
                threshold,
            },
            Error::LadderJump { from, to } => IpcError::LadderJump { from, to },
            Error::OverrideNeedsReason => IpcError::OverrideNeedsReason,
            Error::DealbreakerOpen { flag_id } => IpcError::DealbreakerOpen { flag_id },
            Error::ScoreOutOfRange {
                criterion,
                value,
                min,
                max,
            } => IpcError::ScoreOutOfRange {
                criterion,
                value,
                min,
                max,
            },
            Error::UnansweredCriterion { criterion } => IpcError::UnansweredCriterion { criterion },
            Error::MetricNeedsCurrency { metric } => IpcError::MetricNeedsCurrency { metric },
            Error::LimitOutOfRange { field, min, max } => IpcError::LimitOutOfRange {
                field: field.into(),
                min,
                max,
            },
            Error::IncompatibleDatabase {
                file_version,
                app_version,
            } => IpcError::IncompatibleDatabase {
                file_version,
                app_version,
            },
            Error::DamagedDatabase { path, detail } => {
                eprintln!("vetta: damaged database {}: {detail}", path.display());
                IpcError::DamagedDatabase {
                    path: path.display().to_string(),
                }
            }
            Error::Io { path, source } => {
                eprintln!("vetta: file system error at {}: {source}", path.display());
                IpcError::FileSystem {
                    path: path.display().to_string(),
                }
            }
            Error::Sqlite(e) => {
                eprintln!("vetta: storage error: {e}");
                IpcError::Storage
            }
        }
    }
}
