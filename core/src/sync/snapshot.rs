//! What a device shares when it starts sharing: every row of every shared table as one
//! changeset of INSERTs (the session extension's diff against an empty copy of the schema), so
//! rows written before sharing (the seeded markets and default framework, a team's history)
//! reach the other devices like any later write.

use rusqlite::session::Session;
use rusqlite::Connection;

use crate::Result;

/// The snapshot changeset of `tables`. Runs outside a transaction (ATTACH needs that).
pub(crate) fn snapshot(conn: &Connection, tables: &[String]) -> Result<Vec<u8>> {
    conn.execute_batch("ATTACH DATABASE ':memory:' AS sync_empty")?;
    let taken = take(conn, tables);
    conn.execute_batch("DETACH DATABASE sync_empty")?;
    taken
}

fn take(conn: &Connection, tables: &[String]) -> Result<Vec<u8>> {
    for table in tables {
        let sql: String = conn.query_row(
            "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        // `CREATE TABLE name (columns …) options`: the same columns and keys, in the empty copy.
        let body = sql.find('(').map(|at| &sql[at..]).unwrap_or("");
        conn.execute_batch(&format!("CREATE TABLE sync_empty.\"{table}\" {body}"))?;
    }
    let mut session = Session::new(conn)?;
    for table in tables {
        session.attach(Some(table.as_str()))?;
        session.diff::<&str, &str>("sync_empty", table.as_str())?;
    }
    let mut blob = Vec::new();
    if !session.is_empty() {
        session.changeset_strm(&mut blob)?;
    }
    Ok(blob)
}
