//! Per-installation preferences kept in the database, so they survive with the data.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::Field;
use crate::ids::format_instant;
use crate::store::{write_tx, Store};
use crate::{Error, Result};

crate::text_enum! {
    /// The interface language.
    pub enum Language {
        Ru = "ru",
        En = "en",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// `None` until the user picks one; the UI then follows the system language.
    pub language: Option<Language>,
    /// The user's own IANA time zone; `None` until set (the UI then uses the system's).
    pub time_zone: Option<String>,
    /// The name this installation's user signs scores, flags and decisions with; `None` until set.
    pub user_name: Option<String>,
}

fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    crate::sql::setting(conn, key)
}

/// A setting read by key (the import's remembered column mappings are kept this way).
pub(crate) fn get_value(conn: &Connection, key: &str) -> Result<Option<String>> {
    get(conn, key)
}

/// Writes a setting inside the caller's transaction.
pub(crate) fn put_in(
    tx: &Transaction<'_>,
    key: &str,
    value: &str,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<()> {
    crate::sql::execute(
        tx,
        "INSERT INTO settings (key, value, updated_at, device_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value,
             updated_at = excluded.updated_at, device_id = excluded.device_id",
        (key, value, format_instant(now), device_id),
    )?;
    Ok(())
}

/// The user name in the settings: who signs, and whom blind reads are for.
pub(crate) fn user_name(conn: &Connection) -> Result<Option<String>> {
    get(conn, "user_name")
}

/// The user named in the settings, as the author of a record (a checklist state, a review).
/// Refused while no name is set.
pub(crate) fn author(conn: &Connection) -> Result<String> {
    user_name(conn)?
        .filter(|n| !n.trim().is_empty())
        .ok_or(Error::EmptyField {
            field: crate::error::Field::UserName,
        })
}

impl Store {
    pub fn settings(&self) -> Result<Settings> {
        let language = match get(&self.conn, "language")? {
            None => None,
            Some(text) => Some(Language::parse(&text).ok_or_else(|| Error::MalformedRow {
                table: "settings",
                column: "value",
                detail: format!("language {text:?}"),
            })?),
        };
        let time_zone = get(&self.conn, "time_zone")?;
        let user_name = get(&self.conn, "user_name")?;
        Ok(Settings {
            language,
            time_zone,
            user_name,
        })
    }

    fn put(&mut self, key: &str, value: &str, now: DateTime<Utc>) -> Result<Settings> {
        let tx = write_tx(&mut self.conn)?;
        put_in(&tx, key, value, now, &self.device_id)?;
        tx.commit()?;
        self.settings()
    }

    pub fn set_language(&mut self, language: Language, now: DateTime<Utc>) -> Result<Settings> {
        self.put("language", language.as_str(), now)
    }

    /// Sets the name the user signs with (trimmed, 1–200 characters).
    pub fn set_user_name(&mut self, name: &str, now: DateTime<Utc>) -> Result<Settings> {
        let name = crate::text::required(Field::UserName, name, crate::text::NAME_MAX)?;
        self.put("user_name", &name, now)
    }

    /// Sets the user's own time zone (an IANA name, validated).
    pub fn set_time_zone(&mut self, time_zone: &str, now: DateTime<Utc>) -> Result<Settings> {
        let zone = crate::partner::validate_time_zone(time_zone)?;
        self.put("time_zone", zone.name(), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[test]
    fn settings_start_empty_and_keep_what_is_set() {
        // Fixed: time is passed in; settings never compare it with the real clock.
        let now = testing::t0();
        let mut store = Store::open_in_memory(now).expect("opens");
        assert_eq!(
            store.settings().expect("reads"),
            Settings {
                language: None,
                time_zone: None,
                user_name: None,
            }
        );
        assert!(matches!(
            store.set_user_name("  ", now),
            Err(Error::EmptyField { .. })
        ));
        store.set_user_name(" Светлана ", now).expect("sets name");
        store
            .set_language(Language::Ru, now)
            .expect("sets language");
        let set = store
            .set_time_zone(" Europe/Moscow ", now)
            .expect("sets zone");
        assert_eq!(
            set,
            Settings {
                language: Some(Language::Ru),
                time_zone: Some("Europe/Moscow".into()),
                user_name: Some("Светлана".into()),
            }
        );
        assert!(matches!(
            store.set_time_zone("Moscow", now),
            Err(Error::UnknownTimeZone(_))
        ));
        assert_eq!(
            store.settings().expect("reads"),
            set,
            "a refused zone changes nothing"
        );
    }

    #[test]
    fn a_stored_language_that_is_not_one_is_a_malformed_row() {
        let now = testing::t0();
        let store = Store::open_in_memory(now).expect("opens");
        store
            .conn
            .execute(
                "INSERT INTO settings (key, value, updated_at, device_id)
                 VALUES ('language', 'klingon', '2025-01-06T09:00:00.000Z', 'd')",
                [],
            )
            .expect("a raw write");
        assert!(
            matches!(
                store.settings(),
                Err(Error::MalformedRow {
                    table: "settings",
                    column: "value",
                    ..
                })
            ),
            "the stored value is named, not shown as the user's mistake"
        );
    }
}
