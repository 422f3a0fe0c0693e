//! Domain errors. The IPC layer maps each variant to a code the UI branches on; SQL details stay
//! here and in the log, never in the window.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

mod file;
mod transition;
pub use file::FileProblem;
pub use transition::{TransitionAction, TransitionState};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A required text field was empty (after trimming).
    #[error("{field} must not be empty")]
    EmptyField { field: Field },

    /// A text field was longer than the limit, in characters.
    #[error("{field} is longer than {max} characters")]
    TooLong { field: Field, max: u32 },

    /// A field's value is not one of the accepted values or shapes.
    #[error("{field} has an invalid value: {value}")]
    InvalidValue { field: Field, value: String },

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
    /// started, a flag that is already resolved). Both are closed lists the UI translates.
    #[error("{action} is not allowed in state {state}")]
    InvalidTransition {
        action: TransitionAction,
        state: TransitionState,
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

    /// "Merge into…" with the partner itself.
    #[error("a partner cannot be merged into itself")]
    MergeIntoItself,

    /// A merge of a partner already merged into another (`into`, where its merges end).
    #[error("{name} is already merged into {into}")]
    AlreadyMerged { name: String, into: String },

    /// "Keep contact details in Russia only" switched off in an office that does not hold them.
    #[error("the contacts of {name} are kept in another office: switch it off there")]
    ContactsKeptElsewhere { name: String },

    /// A name typed as who made an entry (a scorecard's reviewer) on a device that shares a
    /// workspace: its entries are by its person (`person`, the user name in the settings); each
    /// other person enters on their own computer. `value` is the name given, as typed.
    #[error("{field}: this device's entries are by {person}, not {value}")]
    NotTheDevicePerson {
        field: Field,
        person: String,
        value: String,
    },

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
    LimitOutOfRange { field: Field, min: u32, max: u32 },

    /// A limit whose minimum is above its maximum (a framework's scope limits).
    #[error("{field}: the minimum is above the maximum")]
    MinAboveMax { field: Field },

    /// Something that happened (a delivery, an incident) dated later than now.
    #[error("{field} is later than now")]
    InFuture { field: Field },

    /// A pilot started outside its scoped dates (`dates::can_start`): its scope is edited first.
    /// The dates are rendered in the viewer's zone (then the partner's) for the message.
    #[error("the pilot is scoped from {} to {}", starts_at.utc, ends_at.utc)]
    OutsideScopeDates {
        starts_at: crate::zoned::ZonedInstant,
        ends_at: crate::zoned::ZonedInstant,
    },

    /// A decision's review date on or before the decision's day.
    #[error("review date {review_on} is not after the decision")]
    ReviewNotAfterDecision { review_on: String },

    /// The file was written by a newer Vetta; it is left untouched.
    #[error("the database was written by a newer version of Vetta (schema {file_version}); this version understands up to {app_version}")]
    IncompatibleDatabase { file_version: u32, app_version: u32 },

    /// The file is not a readable SQLite database, or fails its quick check at open, or SQLite
    /// calls it corrupt on any later call, or it fails its foreign-key check after a schema
    /// upgrade (the upgrade is then rolled back). The app stops writing to it.
    #[error("the database file is damaged: {path}: {detail}")]
    DamagedDatabase { path: PathBuf, detail: String },

    /// SQLite reads the file, but a value in it does not parse as what Vetta wrote there (an
    /// instant, a JSON column, a stored setting) or a row Vetta always writes is missing. Nothing
    /// is changed; the rest of the file stays readable.
    #[error("a row of {table} cannot be read: {column}: {detail}")]
    MalformedRow {
        table: &'static str,
        column: &'static str,
        detail: String,
    },

    /// A backup whose structure is not what this app's own migrations make at its version (an
    /// extra trigger, view or table; a guard dropped): refused, nothing changes.
    #[error("{path} is not a file Vetta wrote: {detail}")]
    ForeignSchema { path: PathBuf, detail: String },

    /// Another Vetta is already running on this data folder (it holds the folder's lock file).
    #[error("Vetta is already open on {data_dir}")]
    AlreadyOpen { data_dir: PathBuf },

    /// Another program has the data file open: a restore would replace the file under it.
    #[error("{path} is open in another program: {detail}")]
    FileInUse { path: PathBuf, detail: String },

    /// A workspace export written at another schema version than this build's: refused, nothing
    /// changed (a newer one needs a newer Vetta; an older one, the Vetta that wrote it).
    #[error("the export has schema {file_version}; this version of Vetta restores {app_version}")]
    ExportVersion { file_version: u32, app_version: u32 },

    /// A file that is not a workspace export Vetta wrote, or one damaged since: refused, nothing
    /// changed. The detail goes to the log.
    #[error("not a Vetta workspace export: {detail}")]
    NotAnExport { detail: String },

    /// A restore from an export goes only into an empty workspace; this one holds data.
    #[error("the workspace is not empty: {table} has rows")]
    WorkspaceNotEmpty { table: String },

    /// A file offered for import that is refused as a whole (empty, too large, not a table…).
    #[error("the file is refused: {problem} (limit {max_megabytes} MB)")]
    FileRefused {
        problem: FileProblem,
        max_megabytes: u32,
    },

    /// A number in an imported cell that does not read (ambiguous, not a number, out of rules).
    #[error("{field}: the number does not read: {problem:?}")]
    UnreadableNumber {
        field: Field,
        problem: crate::number::NumberProblem,
    },

    /// The person cancelled a running import: nothing was written.
    #[error("the import was cancelled")]
    ImportCancelled,

    #[error("file system error at {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(transparent)]
    Sqlite(rusqlite::Error),
}

/// A stored value that does not parse, raised inside a rusqlite row mapper (which can only return
/// a `rusqlite::Error`): boxed in a conversion failure there, it becomes [`Error::MalformedRow`]
/// at the first `?` that turns the rusqlite error into ours.
#[derive(Debug)]
pub(crate) struct MalformedColumn {
    pub table: &'static str,
    pub column: &'static str,
    pub detail: String,
}

impl fmt::Display for MalformedColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: {}", self.table, self.column, self.detail)
    }
}

impl std::error::Error for MalformedColumn {}

impl From<MalformedColumn> for Error {
    fn from(m: MalformedColumn) -> Self {
        Error::MalformedRow {
            table: m.table,
            column: m.column,
            detail: m.detail,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::FromSqlConversionFailure(index, kind, source) => {
                match source.downcast::<MalformedColumn>() {
                    Ok(malformed) => Error::from(*malformed),
                    Err(source) => Error::Sqlite(rusqlite::Error::FromSqlConversionFailure(
                        index, kind, source,
                    )),
                }
            }
            other => classify(other),
        }
    }
}

/// What SQLite's result code says about the file, stated once for every call (every rusqlite
/// error becomes ours through `?` and this conversion): "corrupt" and "not a database" mean the
/// file is damaged, whatever the call; a full disk, a read-only file or folder, an I/O failure or a
/// file that cannot be opened is the file system's refusal, which the window words as "check the
/// folder's permissions and free disk space". The path is not known here: it is empty until
/// [`Error::in_file`] names the file.
fn classify(e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode::{
        CannotOpen, DatabaseCorrupt, DiskFull, NotADatabase, PermissionDenied, ReadOnly,
        SystemIoFailure,
    };
    match e.sqlite_error_code() {
        Some(DatabaseCorrupt | NotADatabase) => Error::DamagedDatabase {
            path: PathBuf::new(),
            detail: e.to_string(),
        },
        Some(DiskFull | ReadOnly | SystemIoFailure | CannotOpen | PermissionDenied) => Error::Io {
            path: PathBuf::new(),
            source: std::io::Error::other(e),
        },
        _ => Error::Sqlite(e),
    }
}

impl Error {
    /// Names `path` as the file a damaged-file or file-system error is about, when the error does
    /// not name one yet (SQLite's errors never do).
    pub fn in_file(self, path: &std::path::Path) -> Error {
        match self {
            Error::DamagedDatabase { path: p, detail } if p.as_os_str().is_empty() => {
                Error::DamagedDatabase {
                    path: path.to_owned(),
                    detail,
                }
            }
            Error::Io { path: p, source } if p.as_os_str().is_empty() => Error::Io {
                path: path.to_owned(),
                source,
            },
            other => other,
        }
    }

    /// For a copy from `from` to `to`: damage is the source's, a file-system refusal (a full
    /// disk, a read-only folder) the target's.
    pub(crate) fn in_copy(self, from: &std::path::Path, to: &std::path::Path) -> Error {
        if self.is_damage() {
            self.in_file(from)
        } else {
            self.in_file(to)
        }
    }

    /// Whether this error says the data file itself is damaged: the app then stops writing to it.
    pub fn is_damage(&self) -> bool {
        matches!(self, Error::DamagedDatabase { .. })
    }
}

crate::text_enum! {
    /// The input a refusal names ([`Error::EmptyField`], [`Error::TooLong`],
    /// [`Error::InvalidValue`], [`Error::LimitOutOfRange`]): a closed list, so the UI has a
    /// translation for every value and marks the input of that name. The text is the input's name
    /// in the forms (camelCase, dotted for a part: `metrics.target`). A name a user chose (a
    /// criterion's key) is never a field: its errors carry it as text.
    pub enum Field {
        // A partner's profile and signals; the partner list and the settings.
        Name = "name",
        Market = "market",
        Languages = "languages",
        Contacts = "contacts",
        ContactsName = "contacts.name",
        ContactsDetail = "contacts.detail",
        FoundVia = "foundVia",
        Notes = "notes",
        SignalsCaseStudies = "signals.caseStudies",
        SignalsLongestRelationshipMonths = "signals.longestRelationshipMonths",
        SignalsCreatorReferences = "signals.creatorReferences",
        SignalsShowedFailures = "signals.showedFailures",
        SignalsCrossMarketExperience = "signals.crossMarketExperience",
        HomeTimeZone = "homeTimeZone",
        /// The import's choice of the row that names the columns.
        ImportHeaderRow = "import.headerRow",
        Search = "search",
        /// A page size.
        Limit = "limit",
        UserName = "userName",
        /// Sharing: this device's name, the workspace to join, the share folder.
        SharingDeviceName = "sharing.deviceName",
        SharingWorkspace = "sharing.workspace",
        SharingFolder = "sharing.folder",
        // Scorecards and flags.
        Reviewer = "reviewer",
        Note = "note",
        Answers = "answers",
        /// A flag's kind.
        Kind = "kind",
        OccurredAt = "occurredAt",
        Link = "link",
        RaisedBy = "raisedBy",
        /// Who resolves or overrides a flag.
        By = "by",
        // A pilot's scope.
        Creators = "creators",
        Deliverables = "deliverables",
        RevisionLimit = "revisionLimit",
        StartsAt = "startsAt",
        EndsAt = "endsAt",
        DurationDays = "durationDays",
        PaymentAmount = "paymentAmount",
        Currency = "currency",
        Metrics = "metrics",
        MetricsName = "metrics.name",
        MetricsTarget = "metrics.target",
        RolesCreativeFeedbackOwner = "roles.creativeFeedbackOwner",
        RolesCreatorRelations = "roles.creatorRelations",
        RolesFinalApproval = "roles.finalApproval",
        RolesEscalationPath = "roles.escalationPath",
        Rhythm = "rhythm",
        Hypotheses = "hypotheses",
        AgreedBy = "agreedBy",
        // A pilot's log.
        Title = "title",
        DueAt = "dueAt",
        DeliveredAt = "deliveredAt",
        RequestedAt = "requestedAt",
        ApprovedAt = "approvedAt",
        Actual = "actual",
        // Debriefs and decisions.
        Author = "author",
        Worked = "worked",
        DidNotWork = "didNotWork",
        HypothesesNote = "hypotheses.note",
        DecidedBy = "decidedBy",
        Rationale = "rationale",
        Assumptions = "assumptions",
        ReviewOn = "reviewOn",
        Campaigns = "campaigns",
        Confidence = "confidence",
        Expected = "expected",
        ReviewNote = "review.note",
        // A framework definition.
        FrameworkName = "framework.name",
        Gates = "gates",
        GatesPhase = "gates.phase",
        GatesCriteria = "gates.criteria",
        GatesThreshold = "gates.threshold",
        GatesMinReviewers = "gates.minReviewers",
        CriteriaKey = "criteria.key",
        CriteriaLabel = "criteria.label",
        CriteriaWeight = "criteria.weight",
        CriteriaPassAt = "criteria.passAt",
        SignalsCaseStudiesStrongAbove = "signals.caseStudiesStrongAbove",
        SignalsRelationshipStrongAboveMonths = "signals.relationshipStrongAboveMonths",
        SignalsCreatorReferencesStrongAtLeast = "signals.creatorReferencesStrongAtLeast",
        SignalsAdvanceAtStrong = "signals.advanceAtStrong",
        ScopeCreators = "scope.creators",
        ScopeDeliverables = "scope.deliverables",
        ScopeDurationDays = "scope.durationDays",
        ScopeRevisionLimit = "scope.revisionLimit",
        BasicsAfterCampaigns = "basics.afterCampaigns",
        BasicsChecks = "basics.checks",
        FlagKinds = "flagKinds",
        FlagKindsKey = "flagKinds.key",
        FlagKindsLabel = "flagKinds.label",
        ComplianceItems = "compliance.items",
        ComplianceKey = "compliance.key",
        ComplianceLabel = "compliance.label",
        ComplianceItem = "compliance.item",
        ComplianceReason = "compliance.reason",
        ComplianceNote = "compliance.note",
        UsageKind = "usageRights.kind",
        UsageTerritory = "usageRights.territory",
        UsageStartsOn = "usageRights.startsOn",
        UsageEndsOn = "usageRights.endsOn",
        PayerEntity = "paymentRoute.payerEntity",
        PayerCountry = "paymentRoute.payerCountry",
        RecipientEntity = "paymentRoute.recipientEntity",
        RecipientCountry = "paymentRoute.recipientCountry",
        ScreenedOn = "paymentRoute.screenedOn",
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phase::Phase;
    use crate::recommendation::Choice;

    #[test]
    fn transition_names_are_unique_and_round_trip() {
        let actions: std::collections::BTreeSet<_> =
            TransitionAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(actions.len(), TransitionAction::ALL.len());
        for a in TransitionAction::ALL {
            assert_eq!(TransitionAction::parse(a.as_str()), Some(*a));
        }
        let states: std::collections::BTreeSet<_> =
            TransitionState::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(states.len(), TransitionState::ALL.len());
        for s in TransitionState::ALL {
            assert_eq!(TransitionState::parse(s.as_str()), Some(*s));
        }
    }

    #[test]
    fn choices_and_phases_keep_their_names() {
        for choice in [
            Choice::Advance,
            Choice::Hold,
            Choice::Walk,
            Choice::Repeat,
            Choice::ScaleTo { campaigns: 3 },
        ] {
            assert_eq!(TransitionAction::from(choice).as_str(), choice.as_str());
        }
        for phase in Phase::ALL {
            assert_eq!(TransitionState::from(*phase).as_str(), phase.as_str());
        }
    }

    fn sqlite(code: std::ffi::c_int) -> Error {
        Error::from(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            None,
        ))
    }

    #[test]
    fn sqlite_codes_are_classified_once_for_every_call() {
        use rusqlite::ffi;
        for code in [ffi::SQLITE_CORRUPT, ffi::SQLITE_NOTADB] {
            let e = sqlite(code).in_file(std::path::Path::new("/data/vetta.sqlite3"));
            assert!(
                matches!(&e, Error::DamagedDatabase { path, .. } if path.ends_with("vetta.sqlite3")),
                "code {code}: {e:?}"
            );
            assert!(e.is_damage());
        }
        for code in [
            ffi::SQLITE_FULL,
            ffi::SQLITE_READONLY,
            ffi::SQLITE_READONLY_DBMOVED,
            ffi::SQLITE_IOERR,
            ffi::SQLITE_IOERR_FSYNC,
            ffi::SQLITE_IOERR_SHORT_READ,
            ffi::SQLITE_CANTOPEN,
            ffi::SQLITE_PERM,
        ] {
            let e = sqlite(code).in_file(std::path::Path::new("/data/vetta.sqlite3"));
            assert!(
                matches!(&e, Error::Io { path, .. } if path.ends_with("vetta.sqlite3")),
                "code {code}: {e:?}"
            );
            assert!(!e.is_damage());
        }
        for code in [ffi::SQLITE_BUSY, ffi::SQLITE_CONSTRAINT, ffi::SQLITE_ERROR] {
            assert!(matches!(sqlite(code), Error::Sqlite(_)), "code {code}");
        }
        // A path already named is kept.
        let named = Error::Io {
            path: "/data/backups".into(),
            source: std::io::Error::other("full"),
        }
        .in_file(std::path::Path::new("/data/vetta.sqlite3"));
        assert!(matches!(named, Error::Io { path, .. } if path.ends_with("backups")));
    }

    #[test]
    fn display_is_the_stable_name() {
        let e = Error::InvalidTransition {
            action: TransitionAction::AgreePilotMetrics,
            state: TransitionState::MetricsAgreed,
        };
        assert_eq!(
            e.to_string(),
            "agree_pilot_metrics is not allowed in state metrics_agreed"
        );
        assert_eq!(
            serde_json::to_string(&TransitionState::GutCheck)
                .ok()
                .as_deref(),
            Some("\"gut_check\"")
        );
    }
}
