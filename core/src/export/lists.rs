//! The lists — partners, pilots and campaigns, flags, decisions — as CSV (Excel-friendly) or
//! .xlsx, headed in the language the person reads.
//!
//! CSV: UTF-8 with a byte-order mark (Excel reads UTF-8 only with one), `;` between fields and a
//! decimal comma in Russian (Excel's list separator where the decimal mark is a comma), `,` and a
//! decimal point in English. A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return gets a leading `'` (OWASP, CSV injection) so a spreadsheet never runs it as a formula;
//! in .xlsx every text is written as a string cell, which no spreadsheet evaluates, so it stays
//! exactly as typed.

use std::io::Write;
use std::path::Path;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::write_error;
use crate::flag::FlagStatus;
use crate::money::format_minor;
use crate::partner;
use crate::report::texts::{fill, text};
use crate::settings::Language;
use crate::sql::json_column;
use crate::store::{read_tx, Store};
use crate::{Error, Result};

crate::text_enum! {
    /// Which list.
    pub enum ListKind {
        Partners = "partners",
        Pilots = "pilots",
        Flags = "flags",
        Decisions = "decisions",
    }
}

crate::text_enum! {
    /// Which file format.
    pub enum ListFormat {
        Csv = "csv",
        Xlsx = "xlsx",
    }
}

/// One cell: a text as typed, or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// An exact decimal in canonical text ("1500.50"): money.
    Decimal(String),
    Empty,
}

/// A list ready to write: its title, headings and rows, in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub title: &'static str,
    pub headings: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// What a list export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ListSummary {
    pub rows: u32,
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

fn opt(s: Option<String>) -> Cell {
    s.map_or(Cell::Empty, Cell::Text)
}

/// An instant as stored (RFC 3339 UTC) shown as `YYYY-MM-DD HH:MM`; the heading says UTC.
fn utc(s: Option<String>) -> Cell {
    opt(s.map(|s| s.get(..16).unwrap_or(&s).replacen('T', " ", 1)))
}

impl Store {
    /// One list, read in one snapshot, headed in `lang`.
    pub fn list_sheet(&self, kind: ListKind, lang: Language) -> Result<Sheet> {
        let tx = read_tx(&self.conn)?;
        let key = |k: &str| text(lang, k);
        let (keys, rows): (&[&str], _) = match kind {
            ListKind::Partners => (PARTNER_COLUMNS, partners(&tx, lang)?),
            ListKind::Pilots => (PILOT_COLUMNS, pilots(&tx)?),
            ListKind::Flags => (FLAG_COLUMNS, flags(&tx, lang)?),
            ListKind::Decisions => (DECISION_COLUMNS, decisions(&tx, lang)?),
        };
        Ok(Sheet {
            title: key(&format!("list.{}", kind.as_str())),
            headings: keys.iter().map(|k| key(k)).collect(),
            rows,
        })
    }

    /// Writes one list to `path` (atomically) as CSV or .xlsx.
    pub fn export_list(
        &self,
        kind: ListKind,
        format: ListFormat,
        lang: Language,
        path: &Path,
    ) -> Result<ListSummary> {
        let sheet = self.list_sheet(kind, lang)?;
        super::write_atomically(path, |out| match format {
            ListFormat::Csv => write_csv(&sheet, lang, out).map_err(write_error(Some(path))),
            ListFormat::Xlsx => write_xlsx(&sheet, out, path),
        })?;
        Ok(ListSummary {
            rows: sheet.rows.len() as u32,
        })
    }
}

const PARTNER_COLUMNS: &[&str] = &[
    "col.partner",
    "col.kind",
    "col.phase",
    "col.markets",
    "col.languages",
    "col.home_zone",
    "col.contacts",
    "col.found_via",
    "col.notes",
    "col.created_utc",
    "col.updated_utc",
];

fn partners(conn: &Connection, lang: Language) -> Result<Vec<Vec<Cell>>> {
    let ids: Vec<String> = conn
        .prepare(concat!(
            "SELECT id FROM partners p WHERE ",
            crate::live_partner!("p"),
            " ORDER BY name_key, id"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let mut rows = Vec::with_capacity(ids.len());
    for page in ids.chunks(500) {
        for p in partner::get_many(conn, page)? {
            let contacts = p
                .contacts
                .iter()
                .map(|c| format!("{} {}", c.name, c.detail).trim().to_owned())
                .collect::<Vec<_>>()
                .join("; ");
            rows.push(vec![
                t(&p.name),
                t(text(lang, &format!("kind.{}", p.kind.as_str()))),
                t(text(lang, &format!("phase.{}", p.phase.as_str()))),
                t(&p.markets.join(", ")),
                t(&p.languages.join(", ")),
                t(&p.home_time_zone),
                t(&contacts),
                t(&p.found_via),
                t(&p.notes),
                utc(Some(p.created_at)),
                utc(Some(p.updated_at)),
            ]);
        }
    }
    Ok(rows)
}

const PILOT_COLUMNS: &[&str] = &[
    "col.partner",
    "col.campaign",
    "col.creators",
    "col.deliverables",
    "col.starts_utc",
    "col.ends_utc",
    "col.revision_limit",
    "col.payment",
    "col.currency",
    "col.metrics_agreed_utc",
    "col.metrics_agreed_by",
    "col.started_utc",
];

fn pilots(conn: &Connection) -> Result<Vec<Vec<Cell>>> {
    let mut stmt = conn.prepare(concat!(
        "SELECT p.name, l.campaign_no, l.creators, l.deliverables, l.starts_at, l.ends_at,
                l.revision_limit, l.payment_minor, l.currency, l.metrics_agreed_at,
                l.metrics_agreed_by, l.started_at
         FROM pilots l JOIN partners p ON p.id = l.partner_id
         WHERE l.deleted_at IS NULL AND ",
        crate::live_partner!("p"),
        "
         ORDER BY p.name_key, p.id, l.campaign_no, l.created_at"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(vec![
            Cell::Text(r.get(0)?),
            Cell::Number(r.get::<_, i64>(1)? as f64),
            Cell::Number(r.get::<_, i64>(2)? as f64),
            Cell::Number(r.get::<_, i64>(3)? as f64),
            utc(r.get(4)?),
            utc(r.get(5)?),
            Cell::Number(r.get::<_, i64>(6)? as f64),
            Cell::Decimal(format_minor(r.get(7)?)),
            Cell::Text(r.get(8)?),
            utc(r.get(9)?),
            opt(r.get(10)?),
            utc(r.get(11)?),
        ])
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

const FLAG_COLUMNS: &[&str] = &[
    "col.partner",
    "col.flag_kind",
    "col.severity",
    "col.source",
    "col.status",
    "col.occurred_utc",
    "col.note",
    "col.link",
    "col.raised_by",
    "col.status_note",
];

fn flags(conn: &Connection, lang: Language) -> Result<Vec<Vec<Cell>>> {
    let mut stmt = conn.prepare(concat!(
        "SELECT p.name, f.kind, f.severity, f.source, f.occurred_at, f.note, f.link, f.raised_by,
                (SELECT note FROM flag_events e WHERE e.flag_id = f.id AND e.action = 'resolve'
                 ORDER BY e.at DESC LIMIT 1),
                (SELECT note FROM flag_events e WHERE e.flag_id = f.id AND e.action = 'override'
                 ORDER BY e.at DESC LIMIT 1)
         FROM flags f JOIN partners p ON p.id = f.partner_id
         WHERE ",
        crate::live_partner!("p"),
        "
         ORDER BY p.name_key, p.id, f.occurred_at, f.id"
    ))?;
    let rows = stmt.query_map([], |r| {
        let resolved: Option<String> = r.get(8)?;
        let overridden: Option<String> = r.get(9)?;
        let status = FlagStatus::from_events(resolved.is_some(), overridden.is_some());
        let source: String = r.get(3)?;
        Ok(vec![
            Cell::Text(r.get(0)?),
            Cell::Text(r.get(1)?),
            t(text(lang, &format!("severity.{}", r.get::<_, String>(2)?))),
            t(text(lang, if source == "derived" { "yes" } else { "no" })),
            t(text(lang, &format!("flagStatus.{}", status.as_str()))),
            utc(r.get(4)?),
            Cell::Text(r.get(5)?),
            Cell::Text(r.get(6)?),
            Cell::Text(r.get(7)?),
            opt(resolved.or(overridden)),
        ])
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

const DECISION_COLUMNS: &[&str] = &[
    "col.partner",
    "col.choice",
    "col.decided_by",
    "col.rationale",
    "col.assumptions",
    "col.review_on",
    "col.phase_before",
    "col.phase_after",
    "col.decided_utc",
    "col.corrected",
];

fn decisions(conn: &Connection, lang: Language) -> Result<Vec<Vec<Cell>>> {
    let mut stmt = conn.prepare(concat!(
        "SELECT p.name, d.choice, d.scale_to, d.decided_by, d.rationale, d.assumptions,
                d.review_on, d.phase_before, d.phase_after, d.decided_at,
                EXISTS (SELECT 1 FROM decisions n WHERE n.supersedes = d.id)
         FROM decisions d JOIN partners p ON p.id = d.partner_id
         WHERE ",
        crate::live_partner!("p"),
        "
         ORDER BY p.name_key, p.id, d.decided_at, d.id"
    ))?;
    let rows = stmt.query_map([], |r| {
        let choice: String = r.get(1)?;
        let n: Option<i64> = r.get(2)?;
        let assumptions: Vec<String> = json_column(r, 5, "decisions", "assumptions")?;
        let phase = |i: usize| -> rusqlite::Result<Cell> {
            Ok(t(text(lang, &format!("phase.{}", r.get::<_, String>(i)?))))
        };
        Ok(vec![
            Cell::Text(r.get(0)?),
            Cell::Text(fill(
                lang,
                &format!("choice.{choice}"),
                &[("n", &n.map(|n| n.to_string()).unwrap_or_default())],
            )),
            Cell::Text(r.get(3)?),
            Cell::Text(r.get(4)?),
            Cell::Text(assumptions.join("; ")),
            opt(r.get(6)?),
            phase(7)?,
            phase(8)?,
            utc(r.get(9)?),
            t(text(lang, if r.get(10)? { "yes" } else { "no" })),
        ])
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A text a spreadsheet would take for a formula, made inert with a leading `'` (OWASP).
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// The list as Excel-friendly CSV in `lang`'s conventions (see the module).
pub fn write_csv(sheet: &Sheet, lang: Language, out: &mut dyn Write) -> std::io::Result<()> {
    let (separator, decimal) = match lang {
        Language::Ru => (';', ','),
        Language::En => (',', '.'),
    };
    let field = |text: &str| {
        if text.contains([separator, '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    };
    let line = |cells: Vec<String>| cells.join(&separator.to_string()) + "\r\n";
    out.write_all("\u{feff}".as_bytes())?;
    let head = sheet.headings.iter().map(|h| field(h)).collect();
    out.write_all(line(head).as_bytes())?;
    for row in &sheet.rows {
        let cells = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(s) => field(&neutralise(s)),
                Cell::Number(n) => n.to_string().replace('.', &decimal.to_string()),
                Cell::Decimal(d) => d.replace('.', &decimal.to_string()),
                Cell::Empty => String::new(),
            })
            .collect();
        out.write_all(line(cells).as_bytes())?;
    }
    Ok(())
}

/// The list as an .xlsx workbook of one sheet: headings bold, texts as string cells.
pub fn write_xlsx(sheet: &Sheet, out: &mut dyn Write, path: &Path) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| Error::Io {
        path: path.to_owned(),
        source: std::io::Error::other(e.to_string()),
    };
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    // Excel's sheet names: at most 31 characters, none of []:*?/\.
    ws.set_name(sheet.title).map_err(failed)?;
    let bold = Format::new().set_bold();
    for (col, heading) in sheet.headings.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *heading, &bold)
            .map_err(failed)?;
    }
    for (index, row) in sheet.rows.iter().enumerate() {
        let r = index as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let c = col as u16;
            match cell {
                Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
                Cell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                // Excel's numbers are doubles; the exact text is what it shows, to the cent.
                Cell::Decimal(d) => match d.parse::<f64>() {
                    Ok(n) => ws.write_number(r, c, n).map(|_| ()),
                    Err(_) => ws.write_string(r, c, d).map(|_| ()),
                },
                Cell::Empty => Ok(()),
            }
            .map_err(failed)?;
        }
    }
    let bytes = book.save_to_buffer().map_err(failed)?;
    out.write_all(&bytes).map_err(write_error(Some(path)))
}

#[cfg(test)]
mod tests;
