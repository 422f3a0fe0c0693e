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

/// The one rule of a live partner, as SQL: the partner row aliased `$x` is not deleted and not
/// merged into another (`merged_partners`, the merges that hold: merge.rs). Every list, search,
/// count and reminder splices it in; a merged partner's own dossier still opens.
#[macro_export]
#[doc(hidden)]
macro_rules! live_partner {
    ($x:literal) => {
        concat!(
            "(",
            $x,
            ".deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM merged_partners merged
                WHERE merged.loser_id = ",
            $x,
            ".id))"
        )
    };
}

/// [`live_partner!`] for a row aliased `$x` that names its partner (`$x.partner_id`, which
/// exists: a foreign key). The deleted side is answered from `partners_deleted` (schema v5),
/// which holds only deleted partners: a probe that finds nothing reads no row. Named, because
/// the planner otherwise takes the primary key and reads every (large) partner row to check
/// `deleted_at` (6.3 against 0.9 ms for 10k decisions).
#[macro_export]
#[doc(hidden)]
macro_rules! live_owner {
    ($x:literal) => {
        concat!(
            "NOT EXISTS (SELECT 1 FROM partners gone INDEXED BY partners_deleted
                         WHERE gone.id = ",
            $x,
            ".partner_id AND gone.deleted_at IS NOT NULL)
             AND NOT EXISTS (SELECT 1 FROM merged_partners merged WHERE merged.loser_id = ",
            $x,
            ".partner_id)"
        )
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
pub mod merge;
mod merged;
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
