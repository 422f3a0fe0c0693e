//! One row of cells → the partner it describes, or every problem in it: each cell read into its
//! mapped field (fields.rs), then the whole partner checked by the very rules of "add partner".

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::dates::{self, DateOrder};
use super::fields::{self, ImportField};
use super::table::Cell;
use crate::error::Field;
use crate::market::Known;
use crate::number::DecimalMark;
use crate::partner::{self, Checked, Contact, NewPartner, PartnerKind};
use crate::signal::{MarketCount, Signals};
use crate::{Error, Result};

/// A problem in one row: the file's row number (the header is row 1), the column as the file
/// names it, the value as written, and why (translated by the window).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowIssue<E> {
    pub row: u32,
    pub column: String,
    pub value: String,
    pub reason: E,
}

impl<E> RowIssue<E> {
    pub fn map<F>(self, f: impl FnOnce(E) -> F) -> RowIssue<F> {
        RowIssue {
            row: self.row,
            column: self.column,
            value: self.value,
            reason: f(self.reason),
        }
    }
}

/// How a file's text is read: what the choices settled.
#[derive(Debug, Clone, Copy)]
pub struct Reading<'a> {
    pub date_order: Option<DateOrder>,
    pub decimal_mark: DecimalMark,
    /// Today, for "relationship since" and the zones' offsets.
    pub now: DateTime<Utc>,
    /// The zone the person chose for rows that give none.
    pub zone_for_missing: Option<&'a str>,
    /// The markets the person chose for rows that name none.
    pub markets_for_missing: &'a [String],
    /// A contact without a name is named after the partner.
    pub contact_named_after_partner: bool,
    /// The kind of rows that give none.
    pub kind_for_missing: PartnerKind,
}

/// The columns and their fields.
pub struct Columns<'a> {
    pub headers: &'a [String],
    pub mapping: &'a [Option<ImportField>],
}

impl Columns<'_> {
    fn of(&self, field: ImportField) -> impl Iterator<Item = usize> + '_ {
        self.mapping
            .iter()
            .enumerate()
            .filter(move |(_, f)| **f == Some(field))
            .map(|(i, _)| i)
    }

    /// The column a refusal about `field` points at.
    fn for_field(&self, field: Field) -> Option<usize> {
        self.mapping
            .iter()
            .position(|f| f.is_some_and(|f| f.field() == field))
    }
}

struct RowReader<'a> {
    row: u32,
    cells: &'a [Cell],
    columns: &'a Columns<'a>,
    issues: Vec<RowIssue<Error>>,
}

impl RowReader<'_> {
    fn cell(&self, i: usize) -> Option<&Cell> {
        self.cells.get(i).filter(|c| !c.is_blank())
    }

    fn issue(&mut self, i: usize, reason: Error) {
        self.issues.push(RowIssue {
            row: self.row,
            column: self.columns.headers.get(i).cloned().unwrap_or_default(),
            value: self.cells.get(i).map(Cell::shown).unwrap_or_default(),
            reason,
        });
    }

    /// Every non-blank cell of a field's columns, as text, with its column.
    fn texts(&self, field: ImportField) -> Vec<(usize, String)> {
        self.columns
            .of(field)
            .filter_map(|i| self.cell(i).map(|c| (i, c.shown().trim().to_string())))
            .collect()
    }

    fn text(&self, field: ImportField) -> String {
        self.texts(field)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The first cell of a field read by `read`; a problem is noted against its column.
    fn one<T>(&mut self, field: ImportField, read: impl FnOnce(&Cell) -> Result<T>) -> Option<T> {
        let i = self.columns.of(field).find(|&i| self.cell(i).is_some())?;
        let cells = self.cells;
        match read(cells.get(i)?) {
            Ok(v) => Some(v),
            Err(e) => {
                self.issue(i, e);
                None
            }
        }
    }
}

/// A row read and checked: the partner as given, and as it will be written.
pub(crate) type Accepted = (NewPartner, Checked);

/// A row as a new partner, or its problems. The partner rules are "add partner"'s
/// (`partner::check_imported`), with the markets read once for the whole file (`known`). No
/// query: rows are read on two threads.
pub(crate) fn read_row(
    known: &Known<'_>,
    row: u32,
    cells: &[Cell],
    columns: &Columns<'_>,
    reading: Reading<'_>,
    zones: &mut HashMap<String, Option<String>>,
) -> Result<std::result::Result<Accepted, Vec<RowIssue<Error>>>> {
    let mut r = RowReader {
        row,
        cells,
        columns,
        issues: Vec::new(),
    };
    let mark = reading.decimal_mark;
    let now = reading.now;
    let kind = r
        .one(ImportField::Kind, |c| fields::kind(&c.shown()))
        .unwrap_or(reading.kind_for_missing);
    let mut markets: Vec<String> = r
        .texts(ImportField::Markets)
        .iter()
        .flat_map(|(_, t)| fields::list(t))
        .map(|m| fields::market(&m))
        .collect();
    if markets.is_empty() {
        markets = reading.markets_for_missing.to_vec();
    }
    let languages = r
        .texts(ImportField::Languages)
        .iter()
        .flat_map(|(_, t)| fields::list(t))
        .map(|l| fields::language(&l))
        .collect();
    // The zone search is the picker's (every zone's offset now): asked once per distinct text.
    let zone = r.one(ImportField::HomeTimeZone, |c| {
        let text = c.shown();
        let found = match zones.get(&text) {
            Some(found) => found.clone(),
            None => {
                let found = fields::time_zone(&text, now).ok();
                zones.insert(text.clone(), found.clone());
                found
            }
        };
        found.ok_or_else(|| Error::UnknownTimeZone(text.trim().chars().take(100).collect()))
    });
    let given = !r.texts(ImportField::HomeTimeZone).is_empty();
    let zone = if given {
        zone
    } else {
        reading.zone_for_missing.map(str::to_owned)
    };
    let zone_missing = zone.is_none() && !given;
    let name = r.text(ImportField::Name);
    let mut contact_name = r.text(ImportField::ContactName);
    let contact_detail = r
        .texts(ImportField::ContactDetail)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(", ");
    if contact_name.is_empty() && !contact_detail.is_empty() && reading.contact_named_after_partner
    {
        contact_name = name.clone();
    }
    let contacts = if contact_name.is_empty() && contact_detail.is_empty() {
        vec![]
    } else {
        vec![Contact {
            name: contact_name,
            detail: contact_detail,
        }]
    };
    let case_studies = r
        .one(ImportField::CaseStudies, |c| {
            fields::case_studies(c, &markets, mark)
        })
        .unwrap_or_default()
        .into_iter()
        .map(|(market, count)| MarketCount { market, count })
        .collect();
    let months = r.one(ImportField::LongestRelationshipMonths, |c| {
        fields::count(ImportField::LongestRelationshipMonths, c, mark)
    });
    let since = r.one(ImportField::RelationshipSince, |c| {
        let field = ImportField::RelationshipSince.field();
        let date = match c {
            Cell::Date(d) => Some(*d),
            other => dates::read(&other.shown(), reading.date_order),
        }
        .ok_or_else(|| Error::InvalidValue {
            field,
            value: c.shown(),
        })?;
        dates::months_since(date, now).ok_or(Error::InFuture { field })
    });
    let signals = Signals {
        case_studies,
        longest_relationship_months: months.or(since),
        showed_failures: r.one(ImportField::ShowedFailures, |c| {
            fields::yes_no(ImportField::ShowedFailures, c)
        }),
        cross_market_experience: r.one(ImportField::CrossMarketExperience, |c| {
            fields::yes_no(ImportField::CrossMarketExperience, c)
        }),
        creator_references: r.one(ImportField::CreatorReferences, |c| {
            fields::count(ImportField::CreatorReferences, c, mark)
        }),
    };
    let input = NewPartner {
        name,
        kind,
        markets,
        home_time_zone: zone.unwrap_or_default(),
        languages,
        contacts,
        found_via: r.text(ImportField::FoundVia),
        notes: r.text(ImportField::Notes),
        signals,
        framework_id: None,
    };
    if !r.issues.is_empty() {
        return Ok(Err(r.issues));
    }
    if zone_missing {
        let at = columns.for_field(Field::HomeTimeZone).unwrap_or(usize::MAX);
        r.issue(
            at,
            Error::EmptyField {
                field: Field::HomeTimeZone,
            },
        );
        return Ok(Err(r.issues));
    }
    match partner::check_imported(known, &input) {
        Ok(checked) => Ok(Ok((input, checked))),
        Err(e) if is_about_the_row(&e) => {
            let at = refusal_column(&e, columns).unwrap_or(usize::MAX);
            r.issue(at, e);
            Ok(Err(r.issues))
        }
        Err(e) => Err(e),
    }
}

/// A refusal about what the row says (not the file or the database).
pub(crate) fn is_about_the_row(e: &Error) -> bool {
    matches!(
        e,
        Error::EmptyField { .. }
            | Error::TooLong { .. }
            | Error::InvalidValue { .. }
            | Error::UnknownTimeZone(_)
            | Error::UnknownMarket(_)
            | Error::NoMarkets
            | Error::LimitOutOfRange { .. }
            | Error::UnreadableNumber { .. }
            | Error::InFuture { .. }
    )
}

fn refusal_column(e: &Error, columns: &Columns<'_>) -> Option<usize> {
    let field = match e {
        Error::EmptyField { field }
        | Error::TooLong { field, .. }
        | Error::InvalidValue { field, .. }
        | Error::LimitOutOfRange { field, .. } => *field,
        Error::UnknownMarket(_) | Error::NoMarkets => Field::Market,
        Error::UnknownTimeZone(_) => Field::HomeTimeZone,
        _ => return None,
    };
    let field = if field == Field::Contacts {
        Field::ContactsName
    } else {
        field
    };
    columns.for_field(field)
}
