//! The error that crosses IPC: a code the UI branches on, plus the parameters it needs to render a
//! translated message. Mapped from core's errors by one explicit `match`; SQL and I/O details are
//! logged to stderr, never shown.

use serde::Serialize;
use vetta_core::error::{Field, FileProblem, TransitionAction, TransitionState};
use vetta_core::number::NumberProblem;
use vetta_core::zones::ZonedInstant;
use vetta_core::Error;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum IpcError {
    /// A field is a closed list, so the UI has a name for every value.
    EmptyField {
        field: Field,
    },
    TooLong {
        field: Field,
        max: u32,
    },
    InvalidValue {
        field: Field,
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
    MergeIntoItself,
    ContactsKeptElsewhere {
        name: String,
    },
    /// A name typed as a reviewer on a computer that shares a workspace: its entries are by its
    /// person (the name in Settings).
    NotTheDevicePerson {
        field: Field,
        person: String,
        value: String,
    },
    AlreadyMerged {
        name: String,
        into: String,
    },
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
        field: Field,
        min: u32,
        max: u32,
    },
    /// A limit's minimum above its maximum.
    MinAboveMax {
        field: Field,
    },
    /// `field` is later than now (a delivery, an incident).
    InFuture {
        field: Field,
    },
    /// A pilot started outside its scoped dates, rendered in the viewer's zone first.
    OutsideScopeDates {
        #[serde(rename = "startsAt")]
        starts_at: ZonedInstant,
        #[serde(rename = "endsAt")]
        ends_at: ZonedInstant,
    },
    /// A review date (`YYYY-MM-DD`, shown as a date) not after the decision's day.
    ReviewNotAfterDecision {
        date: String,
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
    /// A backup whose structure is not what Vetta makes (a foreign trigger, a dropped guard):
    /// refused, nothing changed. What differs goes to the log.
    ForeignBackup {
        path: String,
    },
    /// A value in the file does not read back (the file itself is fine): which table and column,
    /// for the person to pass on in a report.
    MalformedRow {
        table: String,
        column: String,
    },
    /// Another Vetta is already running on this data folder: this one opened nothing.
    AlreadyOpen {
        #[serde(rename = "dataDir")]
        data_dir: String,
    },
    /// Another program has the data file open, so a backup cannot replace it now.
    FileInUse {
        path: String,
    },
    /// A file offered for import, refused as a whole (empty, too large, not a table…).
    FileRefused {
        problem: FileProblem,
        #[serde(rename = "maxMegabytes")]
        max_megabytes: u32,
    },
    /// A number in an imported cell that does not read: why, with both readings if ambiguous.
    UnreadableNumber {
        field: Field,
        problem: NumberProblem,
    },
    /// The person cancelled the import: nothing was written.
    ImportCancelled,
    /// The data folder or file could not be read or written (permissions, disk full, read-only).
    FileSystem {
        path: String,
    },
    /// A workspace export of another schema version than this Vetta restores.
    ExportVersion {
        #[serde(rename = "fileVersion")]
        file_version: u32,
        #[serde(rename = "appVersion")]
        app_version: u32,
    },
    /// Not a workspace export Vetta wrote, or damaged since: nothing changed.
    NotAnExport,
    /// A restore from an export goes only into an empty workspace.
    WorkspaceNotEmpty,
    /// Anything else: details are in the log.
    Storage,
}

impl From<Error> for IpcError {
    fn from(error: Error) -> Self {
        match error {
            Error::EmptyField { field } => IpcError::EmptyField { field },
            Error::TooLong { field, max } => IpcError::TooLong { field, max },
            Error::InvalidValue { field, value } => IpcError::InvalidValue { field, value },
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
            Error::MergeIntoItself => IpcError::MergeIntoItself,
            Error::ContactsKeptElsewhere { name } => IpcError::ContactsKeptElsewhere { name },
            Error::NotTheDevicePerson {
                field,
                person,
                value,
            } => IpcError::NotTheDevicePerson {
                field,
                person,
                value,
            },
            Error::AlreadyMerged { name, into } => IpcError::AlreadyMerged { name, into },
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
            Error::LimitOutOfRange { field, min, max } => {
                IpcError::LimitOutOfRange { field, min, max }
            }
            Error::MinAboveMax { field } => IpcError::MinAboveMax { field },
            Error::InFuture { field } => IpcError::InFuture { field },
            Error::FileRefused {
                problem,
                max_megabytes,
            } => IpcError::FileRefused {
                problem,
                max_megabytes,
            },
            Error::UnreadableNumber { field, problem } => {
                IpcError::UnreadableNumber { field, problem }
            }
            Error::ImportCancelled => IpcError::ImportCancelled,
            Error::OutsideScopeDates { starts_at, ends_at } => {
                IpcError::OutsideScopeDates { starts_at, ends_at }
            }
            Error::ReviewNotAfterDecision { review_on } => {
                IpcError::ReviewNotAfterDecision { date: review_on }
            }
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
            Error::ForeignSchema { path, detail } => {
                eprintln!("vetta: refused backup {}: {detail}", path.display());
                IpcError::ForeignBackup {
                    path: path.display().to_string(),
                }
            }
            Error::MalformedRow {
                table,
                column,
                detail,
            } => {
                eprintln!("vetta: a row of {table} does not read back: {column}: {detail}");
                IpcError::MalformedRow {
                    table: table.into(),
                    column: column.into(),
                }
            }
            Error::AlreadyOpen { data_dir } => IpcError::AlreadyOpen {
                data_dir: data_dir.display().to_string(),
            },
            Error::FileInUse { path, detail } => {
                eprintln!("vetta: {} is in use: {detail}", path.display());
                IpcError::FileInUse {
                    path: path.display().to_string(),
                }
            }
            Error::ExportVersion {
                file_version,
                app_version,
            } => IpcError::ExportVersion {
                file_version,
                app_version,
            },
            Error::NotAnExport { detail } => {
                eprintln!("vetta: refused workspace export: {detail}");
                IpcError::NotAnExport
            }
            Error::WorkspaceNotEmpty { table } => {
                eprintln!("vetta: restore refused, {table} has rows");
                IpcError::WorkspaceNotEmpty
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

#[cfg(test)]
mod tests {
    use super::*;

    fn json(error: Error) -> serde_json::Value {
        serde_json::to_value(IpcError::from(error)).expect("an IpcError serialises")
    }

    #[test]
    fn a_field_crosses_as_the_name_the_forms_use() {
        assert_eq!(
            json(Error::LimitOutOfRange {
                field: Field::MetricsTarget,
                min: 0,
                max: 5,
            }),
            serde_json::json!({ "code": "limit_out_of_range", "field": "metrics.target", "min": 0, "max": 5 })
        );
    }

    #[test]
    fn a_malformed_row_names_its_table_and_column_but_not_the_detail() {
        assert_eq!(
            json(Error::MalformedRow {
                table: "pilots",
                column: "starts_at",
                detail: "not an instant: \"next Tuesday\"".into(),
            }),
            serde_json::json!({ "code": "malformed_row", "table": "pilots", "column": "starts_at" })
        );
    }
}
