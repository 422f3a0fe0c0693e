//! Vetta's core: the domain rules and the SQLite store, with no Tauri in sight.
//!
//! The entry point is [`Store`]: it owns the one writer connection, and each public method that
//! changes data is exactly one transaction. Rules take `now` as a parameter; only this crate makes
//! ids ([`ids::new_id`]) and timestamps.

/// A fieldless enum stored and sent as a fixed snake_case text: `as_str`, `parse`, `FromSql`,
/// serde and specta, all from one list of variants.
#[macro_export]
#[doc(hidden)]
macro_rules! text_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text form, used in SQL and over IPC.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The variant for a text form, if any.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::parse(text).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(
                        format!(concat!("unknown ", stringify!($name), " {:?}"), text).into(),
                    )
                })
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }
    };
}

pub mod backup;
pub mod campaign;
pub mod dates;
pub mod debrief;
pub mod decision;
pub mod dossier;
mod due;
pub mod error;
pub mod export;
mod facts;
pub mod flag;
pub mod framework;
pub mod gate;
pub mod ids;
pub mod import;
pub mod insights;
pub mod instance;
pub mod market;
pub mod money;
mod names;
pub mod number;
pub mod outcome;
pub mod partner;
pub mod phase;
pub mod pilot;
pub mod recommendation;
pub mod reminder;
pub mod report;
mod schema;
pub mod scorecard;
/// The bench data generator (`make bench`); test support, not part of the app's library.
#[cfg(any(test, feature = "testing"))]
pub mod seed;
pub mod settings;
pub mod signal;
mod sql;
pub mod store;
mod supersede;
pub mod sync;
pub mod text;
pub mod transition;
pub mod zoned;
pub mod zones;

/// Builders, an in-memory store and a full-table dump for tests and benches; see the module.
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use error::{Error, Result};
pub use store::{OpenReport, Store};
