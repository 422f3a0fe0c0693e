//! Markets are data, not an enum: RU and US ship seeded, and a user may add any other.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};
use serde::Serialize;

use crate::ids::format_instant;
use crate::store::{Store, Writer};
use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Market {
    /// Upper-case code, 2–8 letters: `RU`, `US`, `KZ`, `LATAM`.
    pub code: String,
}

pub use crate::text::normalize_market_code as normalize_code;

pub(crate) fn list(conn: &Connection) -> Result<Vec<Market>> {
    let mut stmt = conn.prepare_cached("SELECT code FROM markets ORDER BY rowid")?;
    let rows = stmt.query_map([], |row| Ok(Market { code: row.get(0)? }))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn exists(conn: &Connection, code: &str) -> Result<bool> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM markets WHERE code = ?1")?;
    Ok(stmt.exists([code])?)
}

/// Where "is this market known?" is answered: the file, one query each (a single action), or
/// the codes read from it once (a batch: an import checks thousands of rows against one set).
pub(crate) enum Known<'a> {
    Stored(&'a Connection),
    Read(&'a std::collections::HashSet<String>),
}

impl Known<'_> {
    pub(crate) fn contains(&self, code: &str) -> Result<bool> {
        match self {
            Known::Stored(conn) => exists(conn, code),
            Known::Read(codes) => Ok(codes.contains(code)),
        }
    }
}

/// Every market code, for [`Known::Read`].
pub(crate) fn codes(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    Ok(list(conn)?.into_iter().map(|m| m.code).collect())
}

fn insert(tx: &Transaction<'_>, code: &str, now: DateTime<Utc>, device_id: &str) -> Result<()> {
    crate::sql::execute(
        tx,
        "INSERT INTO markets (code, created_at, device_id) VALUES (?1, ?2, ?3)",
        (code, format_instant(now), device_id),
    )?;
    Ok(())
}

impl Store {
    pub fn list_markets(&self) -> Result<Vec<Market>> {
        list(&self.conn)
    }

    /// Adds a market; adding one that exists is a no-op that returns it.
    pub fn add_market(&mut self, code: &str, now: DateTime<Utc>) -> Result<Market> {
        self.write(|w| w.add_market(code, now))
    }
}

impl Writer<'_> {
    /// [`Store::add_market`] inside the writer's transaction.
    pub fn add_market(&self, code: &str, now: DateTime<Utc>) -> Result<Market> {
        let code = normalize_code(code)?;
        let tx = self.tx;
        if !exists(tx, &code)? {
            insert(tx, &code, now, self.device_id)?;
        }
        Ok(Market { code })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_and_shaped() {
        assert_eq!(normalize_code(" kz ").expect("valid"), "KZ");
        assert_eq!(normalize_code("latam").expect("valid"), "LATAM");
        for bad in ["", "R", "R1", "TOOLONGCODE", "Р Ф"] {
            assert!(normalize_code(bad).is_err(), "{bad:?} must be refused");
        }
    }
}
