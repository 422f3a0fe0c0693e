//! Importing partners, with their profile and pre-pilot signals, from a spreadsheet: .csv, .tsv,
//! .txt (UTF-16 "Unicode text"), .xlsx, .xls, .ods.
//!
//! Stateless over the file's bytes: the preview and the import both read the bytes with the
//! person's choices (encoding, separator, date order, decimal mark, column mapping; each detected
//! when not chosen), so what is imported is what was previewed. Every row ends imported, skipped
//! or failed, and the counts add up to the rows in the file. Every row is checked by the rules of
//! "add partner" (`partner::check_new`) while planning, on a snapshot; the accepted rows then go
//! in one transaction (`partner::Batch`); a cancel rolls it all back.

pub mod dates;
pub mod decode;
pub mod duplicates;
pub mod fields;
mod plan;
mod rows;
pub mod table;
mod write;

use serde::{Deserialize, Serialize};

pub use dates::DateOrder;
pub use duplicates::{Duplicate, DuplicateAction, DuplicateBy, DuplicateChoice};
pub use fields::ImportField;
pub use plan::failed_rows_csv;
pub use rows::RowIssue;
pub use table::Separator;
pub use write::{fingerprint, PlannedImport, WriteStamp};

use crate::number::DecimalMark;
use crate::partner::{Contact, NewPartner, PartnerKind};
use crate::signal::Signals;

/// A file offered for import: its bytes and its name (the extension says how to read it).
#[derive(Debug, Clone, Copy)]
pub struct ImportSource<'a> {
    pub bytes: &'a [u8],
    pub file_name: &'a str,
}

/// What the person chose; each `None` is detected.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportChoices {
    #[serde(default)]
    pub encoding: Option<String>,
    #[serde(default)]
    pub separator: Option<Separator>,
    #[serde(default)]
    pub date_order: Option<DateOrder>,
    #[serde(default)]
    pub decimal_mark: Option<DecimalMark>,
    /// One entry per column of the header row: the field it fills, or none (ignored).
    #[serde(default)]
    pub mapping: Option<Vec<Option<ImportField>>>,
    /// The home time zone of the rows that give none (no column mapped to it, or an empty cell),
    /// chosen by the person; none: such a row is refused, "home time zone is empty".
    #[serde(default)]
    pub time_zone: Option<String>,
    /// The kind of the rows that give none (no column mapped to it, or an empty cell), as chosen;
    /// none: "other".
    #[serde(default)]
    pub kind: Option<PartnerKind>,
    /// A row that says how to reach its contact but not the contact's name names the contact
    /// after the partner (a creator is their own contact), as the person chose; else such a row
    /// is refused.
    #[serde(default)]
    pub contact_named_after_partner: bool,
    /// The header row: the file's number of the row that names the columns (one of
    /// [`ImportReading::header_rows`]); none: detected.
    #[serde(default)]
    pub header_row: Option<u32>,
    /// The markets of the rows that name none (no column mapped to them, or an empty cell), as
    /// chosen by the person (codes of markets Vetta has); none: such a row is refused.
    #[serde(default)]
    pub markets: Option<Vec<String>>,
}

/// How the file is being read: each choice as detected or chosen. A text file has an encoding
/// and a separator; a workbook has neither (its cells are typed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportReading {
    pub encoding: Option<String>,
    /// The encodings a person can choose from.
    pub encodings: Vec<String>,
    pub separator: Option<Separator>,
    pub date_order: Option<DateOrder>,
    /// Dates are written so that both orders read them: the person chooses before importing.
    pub date_order_needed: bool,
    pub decimal_mark: DecimalMark,
    /// The home time zone given to rows without one, as chosen (an IANA name).
    pub time_zone: Option<String>,
    /// The markets given to rows that name none, as chosen.
    pub markets: Vec<String>,
    /// The kind given to rows that give none.
    pub kind: PartnerKind,
    /// A contact without a name is named after the partner, as chosen.
    pub contact_named_after_partner: bool,
    /// The file's number of the row read as the header (rows above it are not read).
    pub header_row: u32,
    /// The rows that can be the header: the first non-blank rows, each with its text.
    pub header_rows: Vec<HeaderRow>,
}

/// A row offered as the header: its number in the file and the start of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HeaderRow {
    pub row: u32,
    pub text: String,
}

/// A row's partner as it would be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PreviewPartner {
    pub name: String,
    pub kind: PartnerKind,
    pub markets: Vec<String>,
    pub home_time_zone: String,
    pub languages: Vec<String>,
    pub contacts: Vec<Contact>,
    pub found_via: String,
    pub notes: String,
    pub signals: Signals,
}

impl From<&NewPartner> for PreviewPartner {
    fn from(p: &NewPartner) -> Self {
        PreviewPartner {
            name: p.name.trim().to_string(),
            kind: p.kind,
            markets: p.markets.clone(),
            home_time_zone: p.home_time_zone.clone(),
            languages: p.languages.clone(),
            contacts: p.contacts.clone(),
            found_via: p.found_via.clone(),
            notes: p.notes.clone(),
            signals: p.signals.clone(),
        }
    }
}

/// One of the first rows, as it would be imported (`partner`), or not (its problems are in the
/// preview's `issues`).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SampleRow {
    pub row: u32,
    pub partner: Option<PreviewPartner>,
    pub duplicate: bool,
}

/// How many rows of the preview are shown.
pub const SAMPLE_ROWS: usize = 20;

/// What the import would do, before it does it. The row problems (`issues`) carry core errors:
/// the app sends them beside the preview, each reason mapped to what crosses IPC.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub reading: ImportReading,
    pub headers: Vec<String>,
    pub mapping: Vec<Option<ImportField>>,
    /// The mapping was remembered from an earlier import of a file with this header row.
    pub mapping_remembered: bool,
    /// The fields more than one column can fill (their cells joined); any other field fills one.
    pub joinable_fields: Vec<ImportField>,
    /// Data rows (the header row not counted).
    pub rows_in_file: u32,
    pub sample: Vec<SampleRow>,
    #[serde(skip)]
    #[specta(skip)]
    pub issues: Vec<RowIssue<crate::Error>>,
    /// Rows with at least one problem (every problem of each is in `issues`: none left out).
    pub failed: u32,
    /// Every duplicate row: of an existing partner, or of an earlier row of the file.
    pub duplicates: Vec<Duplicate>,
    pub duplicates_total: u32,
    /// Rows that would be imported as they are (duplicates not counted).
    pub ready: u32,
    /// Rows with no value in any cell: skipped.
    pub blank: u32,
}

/// How to run the import: the choices the preview was made with, and what to do with
/// duplicates (each listed one as chosen, the rest by `duplicateDefault`).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportRun {
    pub choices: ImportChoices,
    pub duplicate_default: DuplicateAction,
    #[serde(default)]
    pub duplicates: Vec<DuplicateChoice>,
}

/// What the import did. `imported + skipped + failed = rows_in_file`, always. The row problems
/// are sent by the app beside it, as the preview's are.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    pub rows_in_file: u32,
    /// New partners plus rows linked to an existing partner.
    pub imported: u32,
    /// Of `imported`, the rows linked to an existing partner.
    pub linked: u32,
    /// Blank rows and duplicates skipped.
    pub skipped: u32,
    pub failed: u32,
    #[serde(skip)]
    #[specta(skip)]
    pub issues: Vec<RowIssue<crate::Error>>,
    /// The failed rows' problems are the preview's: the plan made for it was written
    /// ([`Store::preview_import`](crate::Store::preview_import)), and `issues` is empty.
    #[serde(skip)]
    #[specta(skip)]
    pub issues_in_preview: bool,
}

#[cfg(test)]
mod tests;
