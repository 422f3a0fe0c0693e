//! Text or a workbook → a table of cells: the separator of a text file (`;` `,` tab) detected
//! or chosen, the `csv` crate parsing it; .xlsx/.xls/.ods read by `calamine` with their cell
//! types, so a number or a date there needs no locale guess.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, DataType, Reader};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::decode::refused;
use crate::error::FileProblem;
use crate::Result;

/// The separators a text file may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Separator {
    Semicolon,
    Comma,
    Tab,
}

impl Separator {
    pub const ALL: [Separator; 3] = [Separator::Semicolon, Separator::Comma, Separator::Tab];

    pub fn byte(self) -> u8 {
        match self {
            Separator::Semicolon => b';',
            Separator::Comma => b',',
            Separator::Tab => b'\t',
        }
    }
}

/// One cell: text from a text file, or a typed value from a workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    /// The cell as the person sees it, for the preview and the error list.
    pub fn shown(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }

    pub fn is_blank(&self) -> bool {
        matches!(self, Cell::Text(t) if t.trim().is_empty())
    }
}

/// A workbook number as plain decimal text (`3`, `150000.5`), no exponent.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A file as rows of cells; `rows[0]` is the header row. `numbers[i]` is row i's number as the
/// person finds it: a text file's line, a sheet's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
    pub numbers: Vec<u32>,
}

/// The kinds of file read, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Text,
    Workbook,
}

pub fn kind_of(file_name: &str) -> FileKind {
    let lower = file_name.to_lowercase();
    if [".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        FileKind::Workbook
    } else {
        FileKind::Text
    }
}

fn reader(text: &str, sep: Separator) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(sep.byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// The separator whose first 50 records agree most on a column count above one.
pub fn detect_separator(text: &str) -> Separator {
    let mut best = (Separator::Comma, 0usize, 0usize);
    for sep in Separator::ALL {
        let counts: Vec<usize> = reader(text, sep)
            .records()
            .take(50)
            .map_while(|r| r.ok().map(|r| r.len()))
            .collect();
        // The column count most records have (a title row above the header may have one).
        let Some((agreeing, width)) = counts
            .iter()
            .filter(|&&c| c >= 2)
            .map(|&w| (counts.iter().filter(|&&c| c == w).count(), w))
            .max()
        else {
            continue;
        };
        if (agreeing, width) > (best.1, best.2) {
            best = (sep, agreeing, width);
        }
    }
    best.0
}

/// Parses text with a separator. Quotes are the CSV rules'; an unclosed quote reads to the end.
pub fn parse_text(text: &str, sep: Separator) -> Result<Table> {
    let mut rows = Vec::new();
    let mut numbers = Vec::new();
    // A record's line: 1 + the line breaks before its first byte (counted on, never again).
    let (mut counted_to, mut line) = (0usize, 1u32);
    for record in reader(text, sep).records() {
        let record = record.map_err(|_| refused(FileProblem::NotATable))?;
        let start = record.position().map_or(counted_to, |p| p.byte() as usize);
        let mut start = start.clamp(counted_to, text.len());
        // After `\r\n` the reader may place a record at its `\n`: the record starts after it.
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += text.as_bytes()[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32;
        counted_to = start;
        numbers.push(line);
        rows.push(record.iter().map(|f| Cell::Text(f.to_string())).collect());
    }
    finish(rows, numbers)
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(_) | Data::DateTimeIso(_) => match data.as_date() {
            Some(d) => Cell::Date(d),
            None => Cell::Text(data.to_string()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
        Data::Empty => Cell::Text(String::new()),
    }
}

/// Reads the first sheet of a workbook.
pub fn parse_workbook(bytes: &[u8]) -> Result<Table> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|_| refused(FileProblem::NotATable))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| refused(FileProblem::NoRows))?
        .map_err(|_| refused(FileProblem::NotATable))?;
    let first = range.start().map_or(0, |(row, _)| row);
    let rows: Vec<Vec<Cell>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
    let numbers = (0..rows.len() as u32).map(|i| first + i + 1).collect();
    finish(rows, numbers)
}

/// Drops fully blank rows at the end; refuses a file with no header or no data row, or one
/// column of long text (prose, not a table).
/// The rows without the blank ones before the first and after the last: a file of blank rows
/// has none.
fn finish(mut rows: Vec<Vec<Cell>>, mut numbers: Vec<u32>) -> Result<Table> {
    let blank = |r: &Vec<Cell>| r.iter().all(Cell::is_blank);
    while rows.last().is_some_and(blank) {
        rows.pop();
        numbers.pop();
    }
    let leading = rows.iter().take_while(|r| blank(r)).count();
    rows.drain(..leading);
    numbers.drain(..leading);
    if rows.is_empty() {
        return Err(refused(FileProblem::NoRows));
    }
    Ok(Table { rows, numbers })
}

impl Table {
    /// The table from row index `at` on, that row its header (the rows above it, a title or a
    /// note, are not read). Refused when that row names no columns — blank, or a sentence rather
    /// than column names — or no row follows it.
    pub fn from_header(mut self, at: usize) -> Result<Table> {
        let at = at.min(self.rows.len().saturating_sub(1));
        self.rows.drain(..at);
        self.numbers.drain(..at);
        let Some(header) = self.rows.first() else {
            return Err(refused(FileProblem::NoRows));
        };
        let width = header.iter().filter(|c| !c.is_blank()).count();
        // A header names columns in a few words: a long one is a sentence, not a table.
        let prose = header.iter().any(|c| c.shown().chars().count() > 80)
            || (width == 1 && header.iter().any(|c| c.shown().chars().count() > 40));
        if width == 0 || prose {
            return Err(refused(FileProblem::NotATable));
        }
        if self.rows.len() < 2 {
            return Err(refused(FileProblem::NoRows));
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_one_the_rows_agree_on() {
        assert_eq!(detect_separator("a;b;c\n1;2,5;3\n"), Separator::Semicolon);
        assert_eq!(detect_separator("a,b\n\"x;y\",2\n"), Separator::Comma);
        assert_eq!(detect_separator("a\tb\n1\t2\n"), Separator::Tab);
    }

    #[test]
    fn quoted_fields_keep_their_separators_and_newlines() {
        let t = parse_text(
            "name;notes\n\"A; B\";\"line 1\nline 2\"\n",
            Separator::Semicolon,
        )
        .expect("a table");
        assert_eq!(t.rows[1][0], Cell::Text("A; B".into()));
        assert_eq!(t.rows[1][1], Cell::Text("line 1\nline 2".into()));
    }

    #[test]
    fn prose_and_headers_alone_are_refused() {
        let headed = |text: &str, sep| parse_text(text, sep).and_then(|t| t.from_header(0));
        let letter = "Dear colleagues this is a letter and not a table at all.\nBye\n";
        assert!(headed(letter, Separator::Comma).is_err());
        let long = format!("{},b\n1,2\n", "word ".repeat(20));
        assert!(headed(&long, Separator::Comma).is_err());
        assert!(headed("name;kind\n", Separator::Semicolon).is_err());
        assert!(
            parse_text(";;\n;\n", Separator::Semicolon).is_err(),
            "blank rows only"
        );
    }

    #[test]
    fn rows_above_the_header_are_left_out_and_rows_keep_their_numbers() {
        let t = parse_text(
            "\nPartners, December;;\n;;\nName;Kind\nNorth;agency\n",
            Separator::Semicolon,
        )
        .expect("a table");
        assert_eq!(
            t.numbers,
            [2, 3, 4, 5],
            "the blank first line is not a row of the table"
        );
        let t = t.from_header(2).expect("headed");
        assert_eq!(t.rows[0][0], Cell::Text("Name".into()));
        assert_eq!(t.numbers, [4, 5]);
    }
}
