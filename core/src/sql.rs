//! Helpers every aggregate's SQL shares: JSON columns, a set of ids as one parameter, LIKE
//! patterns, and instants read back from disk. A value Vetta wrote that does not read back is
//! [`Error::MalformedRow`], naming its table and column; it never becomes a default.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::MalformedColumn;
use crate::ids::parse_instant;
use crate::{Error, Result};

/// One value of the `settings` table by key (settings.rs owns what the keys mean; sharing,
/// below it, reads the device's person and zone through this).
pub(crate) fn setting(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    let mut stmt = conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?;
    Ok(stmt.query_row([key], |row| row.get(0)).optional()?)
}

/// `value` as JSON text for a column. The types stored this way always serialise; a failure would
/// be a bug, reported as a storage error (nothing is written), not as the user's mistake.
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::Sqlite(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))
}

/// The JSON column `column` of `table`, at `index` in `row`, read back into `T`. Inside a row
/// mapper, so a rusqlite error; a value that does not parse becomes [`Error::MalformedRow`] at
/// the `?` that converts it.
pub(crate) fn json_column<T: serde::de::DeserializeOwned>(
    row: &rusqlite::Row<'_>,
    index: usize,
    table: &'static str,
    column: &'static str,
) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            Box::new(MalformedColumn {
                table,
                column,
                detail: e.to_string(),
            }),
        )
    })
}

/// An instant Vetta stored in `table`.`column` (RFC 3339, see [`crate::ids`]).
pub(crate) fn stored_instant(
    table: &'static str,
    column: &'static str,
    text: &str,
) -> Result<DateTime<Utc>> {
    parse_instant(text).ok_or_else(|| Error::MalformedRow {
        table,
        column,
        detail: format!(
            "not an instant: {:?}",
            text.chars().take(40).collect::<String>()
        ),
    })
}

/// Ids as a JSON array, for `IN (SELECT value FROM json_each(?))`: one statement for a set.
pub(crate) fn ids_json<S: AsRef<str>>(ids: &[S]) -> Result<String> {
    let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
    to_json(&ids)
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
/// Only the tests use it now: the SQL search the name index (partner/names.rs) is held to.
#[cfg(test)]
pub(crate) fn like_pattern(search: &str) -> String {
    let mut pattern = String::from("%");
    for c in search.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// `conn.execute`, through the connection's statement cache: every statement is compiled once
/// per connection and kept (store.rs, `set_statement_reuse`). Writes call this, never
/// `Connection::execute`, which compiles the SQL on every call (core/tests/architecture.rs).
pub(crate) fn execute<P: rusqlite::Params>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: P,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// `conn.query_row`, through the statement cache (see [`execute`]).
pub(crate) fn query_row<T, P: rusqlite::Params>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: P,
    f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}
