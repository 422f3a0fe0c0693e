//! Applying other devices' change files: per device in seq order, the next file only, when its
//! checksum holds, its schema is not newer than ours and its dependencies are applied; each file
//! in one transaction, on the store's connection with no session attached (nothing echoes back).
//!
//! Conflicts (design/SYNC.md): an INSERT of a primary key already present is the same row (OMIT);
//! if its values differ (the same derived flag or market written in two offices) both devices
//! keep the smaller row by SQLite's value order, so they agree. A missing parent row
//! (FOREIGN_KEY) or row (NOTFOUND) aborts the file, retried after other files; anything else
//! aborts and holds the file as refused. UPDATEs merge field by field: each field keeps the
//! value of the write with the greatest clock (`sync_field_clocks`), whatever order files arrive
//! in. First step: a concurrent overwrite is resolved, not yet kept and shown (`field_edits`).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rusqlite::session::{ChangesetItem, ConflictAction, ConflictType};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

use super::change::{self, Change, Op};
use super::clock::Hlc;
use super::file::{self, Header};
use super::Sharing;
use crate::ids::format_instant;
use crate::Result;

/// Why the next file of a device waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    /// Written by a newer Vetta: update to read it.
    NewerSchema,
    /// Needs changes from another device (or a row) that have not arrived yet.
    Waiting,
    /// Incomplete or damaged (a copy still arriving, or cut short): read again later.
    Damaged,
    /// Refused by the database (a constraint): shown, never applied in part.
    Refused,
}

impl HoldReason {
    /// Reads [`HoldReason::as_str`] back.
    pub fn parse(text: &str) -> Option<HoldReason> {
        [
            HoldReason::NewerSchema,
            HoldReason::Waiting,
            HoldReason::Damaged,
            HoldReason::Refused,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HoldReason::NewerSchema => "newer_schema",
            HoldReason::Waiting => "waiting",
            HoldReason::Damaged => "damaged",
            HoldReason::Refused => "refused",
        }
    }
}

/// The next file of a device that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Held {
    pub device_id: String,
    /// The file's number (10 digits in its name).
    pub seq: u32,
    pub reason: HoldReason,
    pub detail: String,
}

/// What one pass over the share folder did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplyReport {
    pub applied: u32,
    pub held: Vec<Held>,
    /// Devices whose clock was more than 5 minutes ahead of this computer's.
    pub clock_ahead: Vec<String>,
}

/// Applies every file that can be applied, device after device, until a pass applies nothing.
pub(crate) fn apply_all(conn: &mut Connection, sharing: &mut Sharing) -> Result<ApplyReport> {
    let mut report = ApplyReport::default();
    let devices = other_devices(sharing);
    let mut holds: HashMap<String, Held> = HashMap::new();
    loop {
        let mut progressed = false;
        for device in &devices {
            loop {
                let seq = sharing.applied.get(device).copied().unwrap_or(0) + 1;
                let path = sharing.workspace_dir().join(device).join(file::name(seq));
                if !path.exists() {
                    holds.remove(device);
                    break;
                }
                match next_file(conn, sharing, device, seq, &path, &mut report)? {
                    None => {
                        holds.remove(device);
                        progressed = true;
                        report.applied += 1;
                    }
                    Some(held) => {
                        holds.insert(device.clone(), held);
                        break;
                    }
                }
            }
        }
        if !progressed {
            break;
        }
    }
    report.held = holds.into_values().collect();
    report.held.sort_by(|a, b| a.device_id.cmp(&b.device_id));
    record_holds(conn, sharing, &report.held)?;
    Ok(report)
}

/// The device folders of the workspace, this device's left out.
fn other_devices(sharing: &Sharing) -> Vec<String> {
    let mut out = file::device_dirs(&sharing.workspace_dir(), &sharing.device_id);
    out.sort();
    out
}

fn held(device: &str, seq: i64, reason: HoldReason, detail: impl Into<String>) -> Option<Held> {
    Some(Held {
        device_id: device.to_owned(),
        seq: u32::try_from(seq).unwrap_or(u32::MAX),
        reason,
        detail: detail.into(),
    })
}

/// Checks and applies one file; `Some` when it is held.
fn next_file(
    conn: &mut Connection,
    sharing: &mut Sharing,
    device: &str,
    seq: i64,
    path: &std::path::Path,
    report: &mut ApplyReport,
) -> Result<Option<Held>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return Ok(held(device, seq, HoldReason::Damaged, e.to_string())),
    };
    let (header, payload) = match file::decode(&bytes) {
        Ok(read) => read,
        Err(damage) => return Ok(held(device, seq, HoldReason::Damaged, damage.to_string())),
    };
    if header.workspace != sharing.workspace || header.device != device || header.seq != seq {
        return Ok(held(
            device,
            seq,
            HoldReason::Refused,
            "the file names another workspace, device or number than its place",
        ));
    }
    if header.schema_version > sharing.schema {
        return Ok(held(
            device,
            seq,
            HoldReason::NewerSchema,
            format!("schema {}", header.schema_version),
        ));
    }
    for (dep, needed) in &header.deps {
        let have = sharing.applied.get(dep).copied().unwrap_or(0);
        if *dep != sharing.device_id && have < *needed {
            return Ok(held(
                device,
                seq,
                HoldReason::Waiting,
                format!("needs change {needed} of device {dep}"),
            ));
        }
    }
    let Some(clock) = Hlc::parse(&header.clock_last) else {
        return Ok(held(device, seq, HoldReason::Refused, "unreadable clock"));
    };
    let changes = match change::decode(payload) {
        Ok(changes) => changes,
        Err(e) => return Ok(held(device, seq, HoldReason::Damaged, e.to_string())),
    };
    let now = sharing.now();
    if let Some(hold) = apply_file(conn, &header, payload, &changes, now)? {
        return Ok(Some(hold));
    }
    if sharing.hlc.observe(clock, now) && !report.clock_ahead.iter().any(|d| d == device) {
        report.clock_ahead.push(device.to_owned());
    }
    super::save_clock(conn, sharing)?;
    sharing.applied.insert(device.to_owned(), seq);
    Ok(None)
}

/// A field to set after the session's apply: its value and, when the file's write wins it, the
/// file's clock (else the value is the one this device had, put back).
struct Fix {
    table: String,
    pk: Vec<(usize, Value)>,
    key: String,
    col: usize,
    value: Value,
    clock: Option<String>,
}

/// One file in one transaction; `Some` (and nothing kept) when it cannot be applied.
fn apply_file(
    conn: &mut Connection,
    header: &Header,
    payload: &[u8],
    changes: &[Change],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Held>> {
    let (device, seq) = (header.device.as_str(), header.seq);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut columns = Columns::default();
    let fixes = plan_fields(&tx, &mut columns, changes, &header.clock_last)?;
    let edited = Arc::new(edited_rows(&tx, changes)?);
    tx.execute("INSERT INTO sync_replacing (one) VALUES (1)", [])?;
    let verdict: Arc<Mutex<Option<(HoldReason, String)>>> = Arc::default();
    let answer = Arc::clone(&verdict);
    let mut reader: &[u8] = payload;
    let applied = tx.apply_strm(
        &mut reader,
        None::<fn(&str) -> bool>,
        move |kind: ConflictType, item: ChangesetItem| conflict(kind, &item, &edited, &answer),
    );
    if let Err(e) = applied {
        let why = verdict.lock().ok().and_then(|mut v| v.take());
        let (reason, detail) = why.unwrap_or((HoldReason::Refused, e.to_string()));
        return Ok(held(device, seq, reason, detail));
    }
    for fix in &fixes {
        if let Err(e) = set_field(&tx, &mut columns, fix) {
            return Ok(held(device, seq, HoldReason::Refused, e.to_string()));
        }
    }
    // A merge of duplicates arrived: which merges hold is decided again from every row.
    if changes.iter().any(|c| c.table == "partner_merges") {
        crate::merged::refresh(&tx)?;
    }
    // The phases of the partners whose entries arrived, replayed (never taken from the file).
    super::derive::record_row_clocks(&tx, changes, &header.clock_last)?;
    let moved = super::derive::partners_moved(&tx, changes)?;
    super::derive::settle_phases(&tx, &moved)?;
    tx.execute("DELETE FROM sync_replacing", [])?;
    let at = format_instant(now);
    tx.prepare_cached(
        "INSERT INTO sync_applied (device_id, seq, applied_at) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
    )?
    .execute((device, seq, &at))?;
    tx.prepare_cached(
        "INSERT INTO sync_devices (device_id, name, last_clock, last_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (device_id) DO UPDATE SET name = excluded.name,
             last_clock = excluded.last_clock, last_at = excluded.last_at",
    )?
    .execute((device, &header.device_name, &header.clock_last, &at))?;
    tx.prepare_cached("DELETE FROM sync_held WHERE device_id = ?1 AND seq <= ?2")?
        .execute((device, seq))?;
    tx.commit()?;
    Ok(None)
}

/// The session's conflict answers. The type is decided before the item is touched: reading a
/// FOREIGN_KEY conflict's item crashes (design/SYNC.md).
fn conflict(
    kind: ConflictType,
    item: &ChangesetItem,
    edited: &HashSet<String>,
    verdict: &Mutex<Option<(HoldReason, String)>>,
) -> ConflictAction {
    let hold = |reason: HoldReason, detail: &str| {
        if let Ok(mut v) = verdict.lock() {
            v.get_or_insert((reason, detail.to_owned()));
        }
        ConflictAction::SQLITE_CHANGESET_ABORT
    };
    match kind {
        // An UPDATE whose row changed here too: merged field by field after the apply.
        ConflictType::SQLITE_CHANGESET_DATA => ConflictAction::SQLITE_CHANGESET_OMIT,
        ConflictType::SQLITE_CHANGESET_CONFLICT => same_key(item, edited)
            .unwrap_or_else(|| hold(HoldReason::Refused, "a row could not be compared")),
        ConflictType::SQLITE_CHANGESET_FOREIGN_KEY => hold(
            HoldReason::Waiting,
            "a row it refers to has not arrived yet",
        ),
        ConflictType::SQLITE_CHANGESET_NOTFOUND => {
            hold(HoldReason::Waiting, "a row it changes has not arrived yet")
        }
        _ => hold(
            HoldReason::Refused,
            "the database refused a row (a constraint)",
        ),
    }
}

/// An INSERT of a primary key present here: the same row is left (OMIT); so is a row whose
/// fields were edited since (the edits are later than any insert of it); two different rows with
/// one key, never edited, become the smaller of the two on every device.
fn same_key(item: &ChangesetItem, edited: &HashSet<String>) -> Option<ConflictAction> {
    let op = item.op().ok()?;
    let columns = usize::try_from(op.number_of_columns()).ok()?;
    let flags = item.pk().ok()?.to_vec();
    let mut pk = Vec::new();
    for (col, flag) in flags.iter().enumerate() {
        if *flag != 0 {
            pk.push((col, Value::try_from(item.new_value(col).ok()?).ok()?));
        }
    }
    if edited.contains(&row_key(op.table_name(), &pk)) {
        return Some(ConflictAction::SQLITE_CHANGESET_OMIT);
    }
    for col in 0..columns {
        let (incoming, here) = (item.new_value(col).ok()?, item.conflict(col).ok()?);
        match change::compare(incoming, here) {
            std::cmp::Ordering::Equal => continue,
            std::cmp::Ordering::Less => return Some(ConflictAction::SQLITE_CHANGESET_REPLACE),
            std::cmp::Ordering::Greater => return Some(ConflictAction::SQLITE_CHANGESET_OMIT),
        }
    }
    Some(ConflictAction::SQLITE_CHANGESET_OMIT)
}

fn row_key(table: &str, pk: &[(usize, Value)]) -> String {
    format!("{table}\u{1e}{}", change::pk_key(pk))
}

/// The rows the file inserts that have edited fields here.
fn edited_rows(tx: &Transaction<'_>, changes: &[Change]) -> Result<HashSet<String>> {
    let mut out = HashSet::new();
    let mut stmt = tx.prepare_cached(
        "SELECT 1 FROM sync_field_clocks WHERE tbl = ?1 AND pk = ?2 AND col >= 0 LIMIT 1",
    )?;
    for c in changes.iter().filter(|c| c.op == Op::Insert) {
        if stmt.exists((&c.table, change::pk_key(&c.pk)))? {
            out.insert(row_key(&c.table, &c.pk));
        }
    }
    Ok(out)
}

/// For every field an UPDATE of the file sets: the file's value if its clock is greater than the
/// field's here, else this device's current value (read before the apply may overwrite it).
fn plan_fields(
    tx: &Transaction<'_>,
    columns: &mut Columns,
    changes: &[Change],
    clock: &str,
) -> Result<Vec<Fix>> {
    let mut fixes = Vec::new();
    let mut clock_of = tx.prepare_cached(
        "SELECT clock FROM sync_field_clocks WHERE tbl = ?1 AND pk = ?2 AND col = ?3",
    )?;
    for c in changes.iter().filter(|c| c.op == Op::Update) {
        let key = change::pk_key(&c.pk);
        for (col, value) in c.new.iter().enumerate() {
            let Some(value) = value else { continue };
            if c.table == "partners"
                && columns.of(tx, "partners")?.get(col).map(String::as_str) == Some("phase")
            {
                continue; // derived: replayed after the apply (derive.rs); older files carry it
            }
            let here: Option<String> = clock_of
                .query_row((&c.table, &key, col as i64), |r| r.get(0))
                .optional()?;
            let wins = here.as_deref().is_none_or(|h| clock > h);
            let value = if wins {
                value.clone()
            } else {
                match current(tx, columns, &c.table, &c.pk, col)? {
                    Some(v) => v,
                    None => continue,
                }
            };
            fixes.push(Fix {
                table: c.table.clone(),
                pk: c.pk.clone(),
                key: key.clone(),
                col,
                value,
                clock: wins.then(|| clock.to_owned()),
            });
        }
    }
    Ok(fixes)
}

/// Column names per table, read once per file.
#[derive(Default)]
struct Columns(HashMap<String, Vec<String>>);

impl Columns {
    fn of(&mut self, tx: &Transaction<'_>, table: &str) -> Result<&[String]> {
        if !self.0.contains_key(table) {
            let mut stmt = tx.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
            let names = stmt.query_map([table], |r| r.get(0))?;
            let names = names.collect::<std::result::Result<Vec<String>, _>>()?;
            self.0.insert(table.to_owned(), names);
        }
        Ok(self.0.get(table).map(Vec::as_slice).unwrap_or(&[]))
    }

    /// `"col" = ?n AND …` over the primary key, numbered from `first`.
    fn key_filter(
        &mut self,
        tx: &Transaction<'_>,
        table: &str,
        pk: &[(usize, Value)],
        first: usize,
    ) -> Result<String> {
        let names = self.of(tx, table)?;
        Ok(pk
            .iter()
            .enumerate()
            .map(|(i, (col, _))| {
                let name = names.get(*col).map(String::as_str).unwrap_or("?");
                format!("\"{name}\" = ?{}", first + i)
            })
            .collect::<Vec<_>>()
            .join(" AND "))
    }
}

fn current(
    tx: &Transaction<'_>,
    columns: &mut Columns,
    table: &str,
    pk: &[(usize, Value)],
    col: usize,
) -> Result<Option<Value>> {
    let filter = columns.key_filter(tx, table, pk, 1)?;
    let Some(name) = columns.of(tx, table)?.get(col).cloned() else {
        return Ok(None);
    };
    let sql = format!("SELECT \"{name}\" FROM \"{table}\" WHERE {filter}");
    let params: Vec<&Value> = pk.iter().map(|(_, v)| v).collect();
    Ok(tx
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(params), |r| r.get::<_, Value>(0))
        .optional()?)
}

fn set_field(tx: &Transaction<'_>, columns: &mut Columns, fix: &Fix) -> Result<()> {
    let filter = columns.key_filter(tx, &fix.table, &fix.pk, 2)?;
    let Some(name) = columns.of(tx, &fix.table)?.get(fix.col).cloned() else {
        return Ok(());
    };
    let sql = format!(
        "UPDATE \"{}\" SET \"{name}\" = ?1 WHERE {filter} AND \"{name}\" IS NOT ?1",
        fix.table
    );
    let mut params: Vec<&Value> = vec![&fix.value];
    params.extend(fix.pk.iter().map(|(_, v)| v));
    tx.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(params))?;
    if let Some(clock) = &fix.clock {
        tx.prepare_cached(
            "INSERT INTO sync_field_clocks (tbl, pk, col, clock) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (tbl, pk, col) DO UPDATE SET clock = excluded.clock",
        )?
        .execute((&fix.table, &fix.key, fix.col as i64, clock))?;
    }
    Ok(())
}

/// The holds of this pass replace the last pass's.
fn record_holds(conn: &mut Connection, sharing: &Sharing, held: &[Held]) -> Result<()> {
    // A pass that finds nothing held, with nothing held before, writes nothing (sync on focus).
    let before: i64 = conn.query_row("SELECT count(*) FROM sync_held", [], |r| r.get(0))?;
    if held.is_empty() && before == 0 {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute("DELETE FROM sync_held", [])?;
    let at = format_instant(sharing.now());
    for h in held {
        tx.prepare_cached(
            "INSERT INTO sync_held (device_id, seq, reason, detail, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute((&h.device_id, h.seq, h.reason.as_str(), &h.detail, &at))?;
    }
    tx.commit()?;
    Ok(())
}
