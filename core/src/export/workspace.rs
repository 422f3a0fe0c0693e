//! The whole workspace as one JSON file, and its restore into an empty workspace.
//!
//! Generic over the schema: the tables and their columns are read from `sqlite_master` and
//! `pragma table_info`, so a new table or column is exported and restored with no change here.
//! Each value keeps its SQLite type: NULL, an integer, a real (a JSON number with a fraction or
//! exponent; infinities as `{"real": "inf"}`), a text, a blob (`{"blob": "<hex>"}`).
//!
//! ```json
//! {"format": "vetta-workspace", "schemaVersion": 3, "exportedAt": "…",
//!  "tables": [{"name": "partners", "columns": ["id", …], "rows": [["…", …], …]}, …]}
//! ```
//!
//! A restore is one transaction into a workspace that holds nothing but what a new Vetta's own
//! migrations seed (its preferences aside): the rows are replaced as they are in the file (ids,
//! instants, devices, the counts the triggers keep), the append-only guards are set aside for the
//! copy and put back exactly, and every reference is checked before the commit. A file from
//! another schema version, not an export, or damaged, is refused and changes nothing.
//!
//! Sharing's state local to a device (`sync::is_device_local`: its settings, outbox, progress)
//! is never exported, and ignored in an older export that has it; the restored workspace keeps
//! this installation's device id (the rows keep the devices that wrote them). So a restore never
//! resumes sharing as the device that exported: it shares again once started, as itself.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode};
use serde::Deserialize;
use serde_json::Value as Json;

use super::write_error;
use crate::framework::Definitions;
use crate::ids::format_instant;
use crate::schema::{self, MigrationContext, LATEST};
use crate::store::{read_tx, write_tx, Store};
use crate::{Error, Result};

/// The `format` every workspace export carries.
pub const FORMAT: &str = "vetta-workspace";

/// Tables whose rows a person's preferences fill, not their work: a workspace is still "empty"
/// with them, and the restore replaces them with the file's.
const PREFERENCE_TABLES: &[&str] = &["settings"];

/// What an export or a restore went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceSummary {
    pub tables: u32,
    pub rows: u32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ExportFile {
    format: String,
    schema_version: u32,
    #[allow(dead_code)]
    exported_at: String,
    tables: Vec<TableData>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableData {
    name: String,
    columns: Vec<String>,
    rows: Vec<Vec<Json>>,
}

/// The tables of the open file (SQLite's own left out), by name.
fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?;
    Ok(names.collect::<std::result::Result<_, _>>()?)
}

/// The tables an export holds: all but sharing's device-local state.
fn exported_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut names = tables(conn)?;
    names.retain(|t| !crate::sync::is_device_local(t));
    Ok(names)
}

/// A table's columns, in their declared order.
fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = stmt.query_map([table], |r| r.get(0))?;
    Ok(names.collect::<std::result::Result<_, _>>()?)
}

fn count(conn: &Connection, table: &str) -> Result<u32> {
    Ok(
        conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })?,
    )
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn to_json(value: Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(i),
        Value::Real(f) => match serde_json::Number::from_f64(f) {
            Some(n) => Json::Number(n),
            None => serde_json::json!({ "real": if f > 0.0 { "inf" } else { "-inf" } }),
        },
        Value::Text(t) => Json::String(t),
        Value::Blob(b) => {
            let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
            serde_json::json!({ "blob": hex })
        }
    }
}

fn from_json(value: &Json) -> Option<Value> {
    Some(match value {
        Json::Null => Value::Null,
        Json::String(t) => Value::Text(t.clone()),
        Json::Number(n) if n.is_f64() => Value::Real(n.as_f64()?),
        Json::Number(n) => Value::Integer(n.as_i64()?),
        Json::Object(map) if map.len() == 1 => match (map.get("real"), map.get("blob")) {
            (Some(Json::String(s)), None) if s == "inf" => Value::Real(f64::INFINITY),
            (Some(Json::String(s)), None) if s == "-inf" => Value::Real(f64::NEG_INFINITY),
            (None, Some(Json::String(hex))) => Value::Blob(from_hex(hex)?),
            _ => return None,
        },
        _ => return None,
    })
}

fn from_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

fn not_an_export(detail: impl Into<String>) -> Error {
    Error::NotAnExport {
        detail: detail.into(),
    }
}

/// How many rows each table holds in a new workspace (this build's migrations, in memory).
fn seeded_counts() -> Result<BTreeMap<String, u32>> {
    let mut conn = Connection::open_in_memory()?;
    let tx = conn.transaction()?;
    let cx = MigrationContext {
        now: DateTime::<Utc>::UNIX_EPOCH,
        device_id: "reference",
    };
    schema::upgrade(&tx, 0, &cx)?;
    tables(&tx)?
        .into_iter()
        .map(|t| Ok((t.clone(), count(&tx, &t)?)))
        .collect()
}

impl Store {
    /// Writes the whole workspace to `out` as one JSON document, read in one snapshot.
    /// `progress(done, total)` is called as rows are written.
    pub fn export_workspace(
        &self,
        out: &mut dyn Write,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<WorkspaceSummary> {
        let tx = read_tx(&self.conn)?;
        let io = write_error(self.path());
        let names = exported_tables(&tx)?;
        let mut total = 0;
        for table in &names {
            total += count(&tx, table)?;
        }
        let mut done = 0;
        progress(done, total);
        write!(
            out,
            "{{\"format\":\"{FORMAT}\",\"schemaVersion\":{},\"exportedAt\":\"{}\",\"tables\":[",
            tx.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))?,
            format_instant(now)
        )
        .map_err(&io)?;
        for (index, table) in names.iter().enumerate() {
            let cols = columns(&tx, table)?;
            let head = serde_json::json!({ "name": table, "columns": cols });
            let head = head.to_string();
            // `{"columns":[…],"name":"…"}` without its closing brace, then the rows.
            write!(
                out,
                "{}{},\"rows\":[",
                if index == 0 { "" } else { "," },
                head.strip_suffix('}').unwrap_or(&head)
            )
            .map_err(&io)?;
            let mut stmt = tx.prepare(&format!("SELECT {} FROM \"{table}\"", quoted(&cols)))?;
            let mut rows = stmt.query([])?;
            let mut first = true;
            while let Some(row) = rows.next()? {
                let values = (0..cols.len())
                    .map(|i| row.get::<_, Value>(i).map(to_json))
                    .collect::<std::result::Result<Vec<_>, _>>()?;
                let line =
                    serde_json::to_string(&values).map_err(|e| io(std::io::Error::other(e)))?;
                write!(out, "{}\n{line}", if first { "" } else { "," }).map_err(&io)?;
                first = false;
                done += 1;
                if done % 1000 == 0 {
                    progress(done, total);
                }
            }
            write!(out, "]}}").map_err(&io)?;
        }
        writeln!(out, "]}}").map_err(&io)?;
        out.flush().map_err(&io)?;
        progress(done, total);
        Ok(WorkspaceSummary {
            tables: names.len() as u32,
            rows: done,
        })
    }

    /// Replaces this workspace, which must be empty (nothing but what a new Vetta seeds, and
    /// preferences), with the export read from `input`: one transaction; refused with nothing
    /// changed when the workspace holds data, or the file is from another schema version, not a
    /// workspace export, or damaged.
    pub fn restore_workspace(&mut self, input: &mut dyn Read) -> Result<WorkspaceSummary> {
        let mut text = String::new();
        input
            .read_to_string(&mut text)
            .map_err(|e| not_an_export(format!("not UTF-8 text: {e}")))?;
        let json: Json =
            serde_json::from_str(&text).map_err(|e| not_an_export(format!("not JSON: {e}")))?;
        drop(text);
        if json.get("format").and_then(Json::as_str) != Some(FORMAT) {
            return Err(not_an_export("no \"format\": \"vetta-workspace\""));
        }
        let version = json
            .get("schemaVersion")
            .and_then(Json::as_u64)
            .ok_or_else(|| not_an_export("no schemaVersion"))?;
        if version != u64::from(LATEST) {
            return Err(Error::ExportVersion {
                file_version: u32::try_from(version).unwrap_or(u32::MAX),
                app_version: LATEST,
            });
        }
        let file: ExportFile = serde_json::from_value(json)
            .map_err(|e| not_an_export(format!("unexpected shape: {e}")))?;
        debug_assert_eq!(file.format, FORMAT);
        debug_assert_eq!(u64::from(file.schema_version), version);

        let tx = write_tx(&mut self.conn)?;
        refuse_unless_empty(&tx)?;
        let ours = exported_tables(&tx)?;
        // An export made before sharing's local state was left out still has it: not restored.
        let given: Vec<&TableData> = file
            .tables
            .iter()
            .filter(|t| !crate::sync::is_device_local(&t.name))
            .collect();
        let theirs: BTreeSet<&str> = given.iter().map(|t| t.name.as_str()).collect();
        if theirs != ours.iter().map(String::as_str).collect() || theirs.len() != given.len() {
            return Err(not_an_export("its tables are not this schema's"));
        }
        let triggers: Vec<(String, String)> = {
            let mut stmt = tx.prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        for (name, _) in &triggers {
            tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
        }
        tx.pragma_update(None, "defer_foreign_keys", true)?;
        let mut rows = 0;
        for table in &ours {
            tx.execute(&format!("DELETE FROM \"{table}\""), [])?;
        }
        for name in parents_first(&tx, &ours)? {
            let Some(data) = given.iter().find(|t| t.name == name) else {
                continue;
            };
            let cols = columns(&tx, &data.name)?;
            let given: BTreeSet<&String> = data.columns.iter().collect();
            if given != cols.iter().collect() || given.len() != data.columns.len() {
                return Err(not_an_export(format!(
                    "the columns of {} are not this schema's",
                    data.name
                )));
            }
            let placeholders = (1..=data.columns.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut insert = tx.prepare(&format!(
                "INSERT INTO \"{}\" ({}) VALUES ({placeholders})",
                data.name,
                quoted(&data.columns)
            ))?;
            for (index, row) in data.rows.iter().enumerate() {
                let values = (row.len() == data.columns.len())
                    .then(|| row.iter().map(from_json).collect::<Option<Vec<_>>>())
                    .flatten()
                    .ok_or_else(|| {
                        not_an_export(format!("row {} of {} is malformed", index + 1, data.name))
                    })?;
                insert
                    .execute(rusqlite::params_from_iter(values))
                    .map_err(|e| refused_row(e, &data.name, index))?;
                rows += 1;
            }
        }
        for (_, sql) in &triggers {
            tx.execute_batch(sql)?;
        }
        refuse_broken_references(&tx)?;
        // This installation stays itself: the exporting device's id is not taken over.
        let kept = tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'device_id'",
            [&self.device_id],
        )?;
        if kept != 1 {
            return Err(not_an_export("no device id in meta"));
        }
        tx.commit()?;
        self.definitions = Definitions::default();
        // The Store's sharing follows the file as restored (off: its settings are local).
        self.sharing = crate::sync::load(&self.conn, &self.device_id, &self.clock)?;
        Ok(WorkspaceSummary {
            tables: ours.len() as u32,
            rows,
        })
    }
}

/// `tables` ordered so that every table comes after the tables its foreign keys refer to: rows
/// then go in with their parents already there (with deferred keys, a child before its parent
/// makes SQLite search the child table for every parent inserted later).
fn parents_first(conn: &Connection, tables: &[String]) -> Result<Vec<String>> {
    let mut parents = BTreeMap::new();
    for table in tables {
        let mut stmt =
            conn.prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)")?;
        let refs: BTreeSet<String> = stmt
            .query_map([table], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        parents.insert(table.clone(), refs);
    }
    let mut ordered: Vec<String> = Vec::new();
    while ordered.len() < tables.len() {
        let before = ordered.len();
        for table in tables {
            let ready = !ordered.contains(table)
                && parents[table]
                    .iter()
                    .all(|p| p == table || ordered.contains(p) || !parents.contains_key(p));
            if ready {
                ordered.push(table.clone());
            }
        }
        if ordered.len() == before {
            // A cycle between tables (none in this schema): the rest in name order; the deferred
            // keys still hold them to account at the check before the commit.
            ordered.extend(
                tables
                    .iter()
                    .filter(|t| !ordered.contains(t))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
        }
    }
    Ok(ordered)
}

/// A row SQLite refuses (a constraint, a type) makes the file not an export of ours; anything
/// else (a full disk) stays what it is.
fn refused_row(e: rusqlite::Error, table: &str, index: usize) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation | ErrorCode::TypeMismatch) => {
            not_an_export(format!("row {} of {table}: {e}", index + 1))
        }
        _ => Error::from(e),
    }
}

fn refuse_unless_empty(conn: &Connection) -> Result<()> {
    let seeded = seeded_counts()?;
    for table in tables(conn)? {
        if PREFERENCE_TABLES.contains(&table.as_str()) {
            continue;
        }
        if count(conn, &table)? > seeded.get(&table).copied().unwrap_or(0) {
            return Err(Error::WorkspaceNotEmpty { table });
        }
    }
    Ok(())
}

fn refuse_broken_references(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let mut rows = stmt.query([])?;
    if let Some(row) = rows.next()? {
        let table: String = row.get(0)?;
        let parent: String = row.get(2)?;
        return Err(not_an_export(format!(
            "a row of {table} refers to a missing {parent}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
