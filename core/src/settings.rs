//! Per-installation preferences kept in the database, so they survive with the data.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::ids::format_instant;
use crate::store::{write_tx, Store};
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Ru,
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Ru => "ru",
            Language::En => "en",
        }
    }

    fn parse(text: &str) -> Option<Language> {
        match text {
            "ru" => Some(Language::Ru),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// `None` until the user picks one; the UI then follows the system language.
    pub language: Option<Language>,
}

fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?;
    Ok(stmt.query_row([key], |row| row.get(0)).optional()?)
}

impl Store {
    pub fn settings(&self) -> Result<Settings> {
        let language = match get(&self.conn, "language")? {
            None => None,
            Some(text) => Some(Language::parse(&text).ok_or(Error::InvalidValue {
                field: "language",
                value: text,
            })?),
        };
        Ok(Settings { language })
    }

    pub fn set_language(&mut self, language: Language, now: DateTime<Utc>) -> Result<Settings> {
        let tx = write_tx(&mut self.conn)?;
        tx.execute(
            "INSERT INTO settings (key, value, updated_at, device_id) VALUES ('language', ?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                 updated_at = excluded.updated_at, device_id = excluded.device_id",
            (language.as_str(), format_instant(now), &self.device_id),
        )?;
        tx.commit()?;
        self.settings()
    }
}
