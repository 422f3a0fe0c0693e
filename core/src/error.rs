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
