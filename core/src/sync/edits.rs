//! Field edits (design/SYNC.md "Mutable fields"): while sharing is on, every field a write
//! transaction changes is appended to `field_edits` in that transaction, with who (the device's
//! person), where (the device's name), when (the instant and the device's zone), the write's clock
//! and the clock of the value the device held before (`base_clock`). The table travels like any
//! shared one (a union of append-only rows). The value shown stays the one with the greatest
//! clock (apply.rs); an edit of another device that the shown edit had not seen (its clock is
//! greater than the shown edit's base) is a **concurrent overwrite**, shown with both values
//! until a new edit, made having seen both, resolves it. `device_profiles` keeps each device's
//! name, person and zone, so another office's entries can be shown in its zone.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;

use super::change::{self, Change, Op};
use super::Sharing;
use crate::ids::{format_instant, new_id, parse_instant};
use crate::zones::{parse_zone, ZonedInstant};
use crate::Result;

/// Columns every save rewrites or that follow from others: not edits a person makes.
const BOOKKEEPING: &[&str] = &["updated_at", "created_at", "device_id", "name_key", "phase"];

/// This device's person and zone now (the settings), as an edit and a file's header record them.
pub(crate) struct Who {
    pub(crate) author: Option<String>,
    pub(crate) time_zone: Option<String>,
}

/// The settings' person and zone (else the OS's zone, as the app read it).
pub(crate) fn who(conn: &Connection, sharing: &Sharing) -> Result<Who> {
    Ok(Who {
        author: crate::sql::setting(conn, "user_name")?.filter(|n| !n.trim().is_empty()),
        time_zone: crate::sql::setting(conn, "time_zone")?.or_else(|| sharing.system_zone.clone()),
    })
}

/// Appends one `field_edits` row per field the transaction's `changes` updated (bookkeeping
/// columns left out), and a `device_profiles` row when this device's name, person or zone
/// changed since its last one. Called with the transaction's clock, before the field clocks are
/// moved to it (so each edit's base is the clock of the value it replaced). Returns whether it
/// wrote anything (the changeset must then be taken again).
pub(crate) fn record(
    tx: &Transaction<'_>,
    sharing: &mut Sharing,
    clock: &str,
    changes: &[Change],
) -> Result<bool> {
    let who = who(tx, sharing)?;
    let at = format_instant(sharing.now());
    let mut wrote = profile(tx, sharing, &who, &at)?;
    let mut base_of = tx.prepare_cached(
        "SELECT clock FROM sync_field_clocks WHERE tbl = ?1 AND pk = ?2 AND col = ?3",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO field_edits (id, tbl, row_key, field, value, clock, base_clock, device_id,
             device_name, author, time_zone, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for c in changes.iter().filter(|c| c.op == Op::Update) {
        if !sharing.columns.contains_key(&c.table) {
            let names = column_names(tx, &c.table)?;
            sharing.columns.insert(c.table.clone(), names);
        }
        let columns = sharing
            .columns
            .get(&c.table)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let key = change::pk_key(&c.pk);
        for (col, value) in c.new.iter().enumerate() {
            let (Some(value), Some(field)) = (value, columns.get(col)) else {
                continue;
            };
            if BOOKKEEPING.contains(&field.as_str()) {
                continue;
            }
            let base: Option<String> = base_of
                .query_row((&c.table, &key, col as i64), |r| r.get(0))
                .optional()?;
            insert.execute(rusqlite::params![
                new_id(),
                &c.table,
                &key,
                field,
                value,
                clock,
                base,
                &sharing.device_id,
                &sharing.device_name,
                &who.author,
                &who.time_zone,
                &at,
            ])?;
            wrote = true;
        }
    }
    Ok(wrote)
}

fn column_names(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = stmt.query_map([table], |r| r.get(0))?;
    Ok(names.collect::<std::result::Result<_, _>>()?)
}

/// A `device_profiles` row when the device's latest one differs (or there is none).
fn profile(tx: &Transaction<'_>, sharing: &Sharing, who: &Who, at: &str) -> Result<bool> {
    let latest: Option<(String, Option<String>, Option<String>)> = tx
        .prepare_cached(
            "SELECT device_name, author, time_zone FROM device_profiles WHERE device_id = ?1
             ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row([&sharing.device_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let now = (
        sharing.device_name.clone(),
        who.author.clone(),
        who.time_zone.clone(),
    );
    if latest.as_ref() == Some(&now) {
        return Ok(false);
    }
    tx.prepare_cached(
        "INSERT INTO device_profiles (id, device_id, device_name, author, time_zone, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((new_id(), &sharing.device_id, &now.0, &now.1, &now.2, at))?;
    Ok(true)
}

/// One field edit as the window shows it: the value, who, where and when (in the device's
/// zone, when it recorded one, and the reader's).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldEdit {
    /// The value as stored (JSON text for list fields), `None` for NULL.
    pub value: Option<String>,
    pub author: Option<String>,
    pub device_id: String,
    pub device_name: String,
    /// The device's zone when it wrote, when it had one set.
    pub device_time_zone: Option<String>,
    /// The instant in the device's zone (first, when known) and the reader's.
    pub at: ZonedInstant,
}

/// A field's last change and, when it overwrote edits of other devices it had not seen, those
/// edits (the latest of each device): a concurrent overwrite, until a new edit resolves it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldHistory {
    /// The column's name (`notes`, `found_via`, …).
    pub field: String,
    pub last: FieldEdit,
    pub overwritten: Vec<FieldEdit>,
}

struct Row {
    field: String,
    value: Value,
    clock: String,
    base: Option<String>,
    device_id: String,
    device_name: String,
    author: Option<String>,
    time_zone: Option<String>,
    at: String,
}

/// Each edited field of one row (`table`, its primary key's text), by field name, with times
/// shown in `viewer`'s zone too.
pub fn history(
    conn: &Connection,
    table: &str,
    row_key: &str,
    viewer: &str,
) -> Result<Vec<FieldHistory>> {
    let mut stmt = conn.prepare_cached(
        "SELECT field, value, clock, base_clock, device_id, device_name, author, time_zone, at
         FROM field_edits WHERE tbl = ?1 AND row_key = ?2 ORDER BY field, clock DESC",
    )?;
    let rows = stmt.query_map((table, row_key), |r| {
        Ok(Row {
            field: r.get(0)?,
            value: r.get(1)?,
            clock: r.get(2)?,
            base: r.get(3)?,
            device_id: r.get(4)?,
            device_name: r.get(5)?,
            author: r.get(6)?,
            time_zone: r.get(7)?,
            at: r.get(8)?,
        })
    })?;
    let mut by_field: Vec<Vec<Row>> = Vec::new();
    for row in rows {
        let row = row?;
        match by_field.last_mut() {
            Some(group) if group[0].field == row.field => group.push(row),
            _ => by_field.push(vec![row]),
        }
    }
    by_field
        .into_iter()
        .map(|group| resolve(&group, viewer))
        .collect()
}

/// `edits` of one field, greatest clock first: the shown one and the concurrent ones it hid.
fn resolve(edits: &[Row], viewer: &str) -> Result<FieldHistory> {
    let last = &edits[0];
    let base = last.base.as_deref().unwrap_or("");
    let mut overwritten: Vec<FieldEdit> = Vec::new();
    let mut devices: Vec<&str> = Vec::new();
    for e in &edits[1..] {
        let unseen = e.clock.as_str() > base && e.device_id != last.device_id;
        if unseen && e.value != last.value && !devices.contains(&e.device_id.as_str()) {
            devices.push(&e.device_id);
            overwritten.push(view(e, viewer)?);
        }
    }
    Ok(FieldHistory {
        field: last.field.clone(),
        last: view(last, viewer)?,
        overwritten,
    })
}

fn view(e: &Row, viewer: &str) -> Result<FieldEdit> {
    let value = match &e.value {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(r) => Some(r.to_string()),
        Value::Text(t) => Some(t.clone()),
        Value::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
    };
    Ok(FieldEdit {
        value,
        author: e.author.clone(),
        device_id: e.device_id.clone(),
        device_name: e.device_name.clone(),
        device_time_zone: e.time_zone.clone(),
        at: zoned(&e.at, e.time_zone.as_deref(), viewer)?,
    })
}

/// `at` in the device's zone (when it is one) and the viewer's.
pub(crate) fn zoned(at: &str, device_zone: Option<&str>, viewer: &str) -> Result<ZonedInstant> {
    let instant: DateTime<Utc> = parse_instant(at).ok_or_else(|| crate::Error::MalformedRow {
        table: "field_edits",
        column: "at",
        detail: at.chars().take(40).collect(),
    })?;
    let mut zones = Vec::new();
    if let Some(zone) = device_zone.and_then(|z| parse_zone(z).ok()) {
        zones.push(zone);
    }
    zones.push(parse_zone(viewer)?);
    Ok(crate::zones::in_zones(instant, &zones))
}

/// A device as its latest profile names it: for entries of another office (a decision), shown
/// in that device's zone beside the reader's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeviceProfile {
    pub device_id: String,
    pub device_name: String,
    pub author: Option<String>,
    pub time_zone: Option<String>,
}

/// The latest profile of every device that wrote one.
pub fn profiles(conn: &Connection) -> Result<Vec<DeviceProfile>> {
    let mut stmt = conn.prepare_cached(
        "SELECT device_id, device_name, author, time_zone FROM device_profiles AS p
         WHERE NOT EXISTS (SELECT 1 FROM device_profiles AS q WHERE q.device_id = p.device_id
             AND (q.at, q.id) > (p.at, p.id))
         ORDER BY device_name, device_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DeviceProfile {
            device_id: r.get(0)?,
            device_name: r.get(1)?,
            author: r.get(2)?,
            time_zone: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
