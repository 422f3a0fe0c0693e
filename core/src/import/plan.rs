//! The file read with the choices, every row checked (the plan), and the failed rows' CSV. The
//! Store's actions over a plan are in write.rs.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::dates;
use super::decode::{self, ENCODINGS};
use super::duplicates::{Duplicate, Keys, RowKeys};
use super::fields::{self, ImportField};
use super::rows::{read_row, Columns, Reading, RowIssue};
use super::table::{self, Cell, FileKind, Separator, Table};
use super::{HeaderRow, ImportChoices, ImportReading, ImportSource};
use crate::error::Field;
use crate::market::{self, Known};
use crate::number::DecimalMark;
use crate::partner::{Checked, NewPartner, PartnerKind};
use crate::settings;
use crate::{Error, Result};

/// The file read into a table, with how it was read.
struct Parsed {
    table: Table,
    reading: ImportReading,
}

fn parse(source: ImportSource<'_>, choices: &ImportChoices) -> Result<Parsed> {
    decode::check_size(source.bytes.len() as u64)?;
    let (table, encoding, separator) = match table::kind_of(source.file_name) {
        FileKind::Workbook => (table::parse_workbook(source.bytes)?, None, None),
        FileKind::Text => {
            let encoding = match &choices.encoding {
                Some(name) => decode::encoding_named(name)?,
                None => decode::detect(source.bytes)?,
            };
            let text = decode::decode(source.bytes, encoding)?;
            let sep = choices
                .separator
                .unwrap_or_else(|| table::detect_separator(&text));
            (
                table::parse_text(&text, sep)?,
                Some(decode::name(encoding)),
                Some(sep),
            )
        }
    };
    let header_rows = header_rows(&table);
    let at = match choices.header_row {
        Some(row) => header_rows
            .iter()
            .find(|h| h.row == row)
            .and_then(|h| table.numbers.iter().position(|&n| n == h.row))
            .ok_or_else(|| Error::InvalidValue {
                field: Field::ImportHeaderRow,
                value: row.to_string(),
            })?,
        None => detect_header(&table),
    };
    let table = table.from_header(at)?;
    let decimal_mark = choices
        .decimal_mark
        .unwrap_or_else(|| detect_decimal_mark(&table, separator));
    let header_row = table.numbers.first().copied().unwrap_or(1);
    Ok(Parsed {
        table,
        reading: ImportReading {
            encoding,
            encodings: ENCODINGS.iter().map(|e| e.to_string()).collect(),
            separator,
            date_order: choices.date_order,
            date_order_needed: false,
            decimal_mark,
            time_zone: None,
            markets: Vec::new(),
            kind: choices.kind.unwrap_or(PartnerKind::Other),
            contact_named_after_partner: choices.contact_named_after_partner,
            header_row,
            header_rows,
        },
    })
}

/// How many of the first rows can be the header.
const HEADER_ROWS: usize = 10;

/// The first non-blank rows, each as its cells' text joined (the start of it).
fn header_rows(table: &Table) -> Vec<HeaderRow> {
    table
        .rows
        .iter()
        .zip(&table.numbers)
        .take(HEADER_ROWS)
        .filter(|(cells, _)| cells.iter().any(|c| !c.is_blank()))
        .map(|(cells, &row)| {
            let text = cells
                .iter()
                .map(|c| c.shown().trim().to_string())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            let mut short: String = text.chars().take(80).collect();
            if short.len() < text.len() {
                short.push('…');
            }
            HeaderRow { row, text: short }
        })
        .collect()
}

/// The row that names the columns: the first of the first rows with two cells that name a field
/// (a title above it names at most one), else the first with one, else the first row.
fn detect_header(table: &Table) -> usize {
    let named = |cells: &Vec<Cell>| {
        cells
            .iter()
            .filter(|c| ImportField::for_header(&c.shown()).is_some())
            .count()
    };
    let first = || table.rows.iter().take(HEADER_ROWS);
    first()
        .position(|r| named(r) >= 2)
        .or_else(|| first().position(|r| named(r) >= 1))
        .unwrap_or(0)
}

/// A decimal comma when the file writes numbers like `150 000,50` or `2,5`; a point for `2.5`;
/// else by the separator (Excel writes `;` where the decimal mark is a comma).
fn detect_decimal_mark(table: &Table, separator: Option<Separator>) -> DecimalMark {
    let (mut comma, mut point) = (0usize, 0usize);
    for cell in table.rows.iter().skip(1).flatten() {
        let Cell::Text(t) = cell else { continue };
        let t = t.trim();
        if !t.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        for (mark, counter) in [(',', &mut comma), ('.', &mut point)] {
            if let Some((int, frac)) = t.rsplit_once(mark) {
                let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
                let grouped = int
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ' ' || c == '\u{a0}');
                if grouped && digits(frac) && frac.len() != 3 && !int.contains(['.', ',']) {
                    *counter += 1;
                }
            }
        }
    }
    match comma.cmp(&point) {
        std::cmp::Ordering::Greater => DecimalMark::Comma,
        std::cmp::Ordering::Less => DecimalMark::Point,
        std::cmp::Ordering::Equal if separator == Some(Separator::Semicolon) => DecimalMark::Comma,
        std::cmp::Ordering::Equal => DecimalMark::Point,
    }
}

pub(super) fn mapping_key(headers: &[String]) -> String {
    format!("import_mapping:{}", headers.join("\u{1f}"))
}

/// The chosen mapping, else the one remembered for this header row, else the headers' words.
fn mapping(
    conn: &Connection,
    headers: &[String],
    chosen: Option<&Vec<Option<ImportField>>>,
) -> Result<(Vec<Option<ImportField>>, bool)> {
    let (mut map, remembered) = match chosen {
        Some(m) => (m.clone(), false),
        None => match settings::get_value(conn, &mapping_key(headers))? {
            Some(json) => match serde_json::from_str::<Vec<Option<ImportField>>>(&json) {
                Ok(m) if m.len() == headers.len() => (m, true),
                _ => (auto_mapping(headers), false),
            },
            None => (auto_mapping(headers), false),
        },
    };
    map.resize(headers.len(), None);
    let mut seen = Vec::new();
    for (i, f) in map.iter().enumerate() {
        let Some(f) = f else { continue };
        if seen.contains(f) && !f.joinable() {
            return Err(Error::InvalidValue {
                field: f.field(),
                value: headers.get(i).cloned().unwrap_or_default(),
            });
        }
        seen.push(*f);
    }
    Ok((map, remembered))
}

/// Each header's field by its words; a field only one column can fill goes to the first column
/// that names it, the others are left for the person to map.
fn auto_mapping(headers: &[String]) -> Vec<Option<ImportField>> {
    let mut used = Vec::new();
    headers
        .iter()
        .map(|h| {
            let f = ImportField::for_header(h).filter(|f| f.joinable() || !used.contains(f))?;
            used.push(f);
            Some(f)
        })
        .collect()
}

/// A row accepted for import: the partner as the file gives it, as it will be written, and the
/// partner or earlier row it duplicates.
pub(super) struct Ready {
    pub partner: NewPartner,
    pub checked: Checked,
    pub duplicate: Option<Duplicate>,
}

/// One data row's fate, before duplicates are decided.
pub(super) enum RowState {
    Ready(Box<Ready>),
    Failed(Vec<RowIssue<Error>>),
    Blank,
}

/// The file read, mapped and checked: every row's fate. Made on a snapshot of the file (a read
/// transaction, on any connection to it), before the one write transaction.
pub(super) struct Plan {
    pub reading: ImportReading,
    pub headers: Vec<String>,
    pub mapping: Vec<Option<ImportField>>,
    pub remembered: bool,
    pub rows: Vec<(u32, RowState)>,
}

/// The markets chosen for rows that name none: each one Vetta has, as the rows name them
/// (`fields::market`), once each, in the order chosen.
pub(super) fn chosen_markets(
    choices: &ImportChoices,
    codes: &HashSet<String>,
) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for text in choices.markets.iter().flatten() {
        let code = crate::market::normalize_code(&fields::market(text))?;
        if !codes.contains(&code) {
            return Err(Error::UnknownMarket(code));
        }
        if !out.contains(&code) {
            out.push(code);
        }
    }
    Ok(out)
}

/// Reads every row of the file with the choices. What it needs from the store — the markets, the
/// live partners' names and contact keys, the remembered mapping — is read once, up front (while a
/// second thread reads the file): no query per row. The rows are read and checked on two threads,
/// half each, then matched against the partners and the rows before them in the file's order.
/// `progress(done, total)` is asked every 1,000 rows; false cancels.
pub(super) fn plan(
    conn: &Connection,
    source: ImportSource<'_>,
    choices: &ImportChoices,
    now: DateTime<Utc>,
    mut progress: impl FnMut(u32, u32) -> bool,
) -> Result<Plan> {
    let (parsed, store_side) = std::thread::scope(|scope| {
        let parsing = scope.spawn(|| parse(source, choices));
        let store_side = market::codes(conn).and_then(|codes| Ok((codes, Keys::existing(conn)?)));
        let parsed = parsing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (parsed, store_side)
    });
    let Parsed { table, mut reading } = parsed?;
    let (codes, existing) = store_side?;
    // The zone for rows without one: the picker's own resolver, so only a zone it names.
    reading.time_zone = match choices.time_zone.as_deref().map(str::trim) {
        Some(zone) if !zone.is_empty() => Some(fields::time_zone(zone, now)?),
        _ => None,
    };
    reading.markets = chosen_markets(choices, &codes)?;
    let headers: Vec<String> = table.rows[0]
        .iter()
        .map(|c| c.shown().trim().to_string())
        .collect();
    let (mapping, remembered) = mapping(conn, &headers, choices.mapping.as_ref())?;
    if reading.date_order.is_none() {
        let date_cols: Vec<usize> = (0..mapping.len())
            .filter(|&i| mapping[i] == Some(ImportField::RelationshipSince))
            .collect();
        let texts = table.rows[1..]
            .iter()
            .flat_map(|r| date_cols.iter().filter_map(|&i| r.get(i)))
            .filter_map(|c| match c {
                Cell::Text(t) => Some(t.as_str()),
                _ => None,
            });
        let (order, needed) = dates::detect(texts);
        reading.date_order = order;
        reading.date_order_needed = needed;
    }
    let columns = Columns {
        headers: &headers,
        mapping: &mapping,
    };
    let read = Reading {
        date_order: reading.date_order,
        decimal_mark: reading.decimal_mark,
        now,
        zone_for_missing: reading.time_zone.as_deref(),
        markets_for_missing: &reading.markets,
        contact_named_after_partner: reading.contact_named_after_partner,
        kind_for_missing: reading.kind,
    };
    let total = (table.rows.len() - 1) as u32;
    // The first half of the data rows here, the rest on a second thread, which stops when this
    // one is cancelled.
    let half = 1 + (table.rows.len() - 1) / 2;
    let stop = AtomicBool::new(false);
    let (mine, theirs) = std::thread::scope(|scope| {
        let other = scope.spawn(|| {
            read_rows(
                &table,
                half..table.rows.len(),
                &codes,
                &columns,
                read,
                |_| !stop.load(Ordering::Relaxed),
            )
        });
        let mine = read_rows(&table, 1..half, &codes, &columns, read, |done| {
            // The other thread has read about as many.
            let go = progress((2 * done).min(total as usize) as u32, total);
            stop.store(!go, Ordering::Relaxed);
            go
        });
        if mine.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        let theirs = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (mine, theirs)
    });
    let mut earlier = Keys::default();
    let mut rows = Vec::with_capacity(table.rows.len());
    for (row, read) in mine?.into_iter().chain(theirs?) {
        let state = match read {
            RowRead::Blank => RowState::Blank,
            RowRead::Failed(issues) => RowState::Failed(issues),
            RowRead::Accepted(mut ready, keys) => {
                ready.duplicate = existing
                    .find(row, &ready.partner, &keys)
                    .or_else(|| earlier.find(row, &ready.partner, &keys));
                if ready.duplicate.is_none() {
                    earlier.add_row(row, &ready.partner, keys);
                }
                RowState::Ready(ready)
            }
        };
        rows.push((row, state));
    }
    Ok(Plan {
        reading,
        headers,
        mapping,
        remembered,
        rows,
    })
}

/// One row read and checked, before it is matched against the partners and earlier rows (its
/// `duplicate` is set then).
enum RowRead {
    Accepted(Box<Ready>, RowKeys),
    Failed(Vec<RowIssue<Error>>),
    Blank,
}

/// The rows of `table` at `range`, each with its number in the file. `keep_going(done)` is asked
/// every 1,000 rows; false cancels.
fn read_rows(
    table: &Table,
    range: std::ops::Range<usize>,
    codes: &HashSet<String>,
    columns: &Columns<'_>,
    read: Reading<'_>,
    mut keep_going: impl FnMut(usize) -> bool,
) -> Result<Vec<(u32, RowRead)>> {
    let known = Known::Read(codes);
    // The zone search is the picker's: asked once per distinct text.
    let mut zones = HashMap::new();
    let mut out = Vec::with_capacity(range.len());
    for (i, cells) in table
        .rows
        .iter()
        .enumerate()
        .take(range.end)
        .skip(range.start)
    {
        let row = table.numbers.get(i).copied().unwrap_or(i as u32 + 1);
        let state = if cells.iter().all(Cell::is_blank) {
            RowRead::Blank
        } else {
            match read_row(&known, row, cells, columns, read, &mut zones)? {
                Ok((partner, checked)) => {
                    let keys = RowKeys::of(&partner);
                    let ready = Ready {
                        partner,
                        checked,
                        duplicate: None,
                    };
                    RowRead::Accepted(Box::new(ready), keys)
                }
                Err(issues) => RowRead::Failed(issues),
            }
        };
        out.push((row, state));
        if out.len().is_multiple_of(1000) && !keep_going(out.len()) {
            return Err(Error::ImportCancelled);
        }
    }
    Ok(out)
}

/// The rows that failed, as the file had them, with one more column: why (`reasons`, by row,
/// in the person's language). UTF-8 with a byte-order mark, so Excel reads it; the separator the
/// person's Excel expects (`;` where the decimal mark is a comma).
pub fn failed_rows_csv(
    source: ImportSource<'_>,
    choices: &ImportChoices,
    reason_header: &str,
    reasons: &[(u32, String)],
    separator: Separator,
) -> Result<Vec<u8>> {
    let Parsed { table, .. } = parse(source, choices)?;
    let by_row: HashMap<u32, &str> = reasons.iter().map(|(r, t)| (*r, t.as_str())).collect();
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(separator.byte())
            .flexible(true)
            .from_writer(&mut out);
        let write = |w: &mut csv::Writer<&mut Vec<u8>>, cells: &[Cell], last: &str| {
            let mut fields: Vec<String> = cells.iter().map(Cell::shown).collect();
            fields.push(last.to_string());
            w.write_record(&fields)
        };
        let io = |e: csv::Error| Error::Io {
            path: source.file_name.into(),
            source: std::io::Error::other(e.to_string()),
        };
        write(&mut w, &table.rows[0], reason_header).map_err(io)?;
        for (i, cells) in table.rows.iter().enumerate().skip(1) {
            let row = table.numbers.get(i).copied().unwrap_or(i as u32 + 1);
            if let Some(reason) = by_row.get(&row) {
                write(&mut w, cells, reason).map_err(io)?;
            }
        }
        w.flush().map_err(|e| Error::Io {
            path: source.file_name.into(),
            source: e,
        })?;
    }
    Ok(out)
}
