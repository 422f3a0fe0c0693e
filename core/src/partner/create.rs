//! The one path that creates a partner, inside a transaction: "add partner" and each imported row
//! go through it, so an import applies exactly the rules of the form.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};

use super::{
    get, insert_many, update, validate, validate_fields, Contact, NewPartner, Profile, ValidPartner,
};
use crate::framework::{self, Definitions};
use crate::ids::{format_instant, new_id};
use crate::market::Known;
use crate::Result;

/// A new partner that passed every rule of "add partner", ready to write: what an import's plan
/// keeps for each accepted row, so the rows are checked once and written without a second check.
pub(crate) struct Checked(ValidPartner);

impl Checked {
    /// The name as partners are keyed and ordered by it.
    pub(crate) fn name_key(&self) -> &str {
        &self.0.name_key
    }
}

/// Checks a new partner by every rule "add partner" applies, writing nothing.
fn check_new(
    conn: &Connection,
    defs: &Definitions,
    known: &Known<'_>,
    input: &NewPartner,
) -> Result<Checked> {
    let valid = validate(conn, defs, known, &Profile::from(input))?;
    framework::offered(conn, valid.framework_id.as_deref(), None)?;
    Ok(Checked(valid))
}

/// [`check_new`] for a row of a spreadsheet, which names no framework (the default one is
/// written): no query, so the import's plan checks its rows on two threads (markets from a set
/// read once, `known`).
pub(crate) fn check_imported(known: &Known<'_>, input: &NewPartner) -> Result<Checked> {
    debug_assert!(
        input.framework_id.is_none(),
        "an imported row names no framework"
    );
    Ok(Checked(validate_fields(known, &Profile::from(input))?))
}

/// Creates a partner inside the caller's transaction: the one path of "add partner". Invalid
/// input writes nothing.
pub(crate) fn create(
    tx: &Transaction<'_>,
    defs: &Definitions,
    input: &NewPartner,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<String> {
    let checked = check_new(tx, defs, &Known::Stored(tx), input)?;
    let batch = Batch::new(tx, now)?;
    batch.create(tx, &checked, device_id)
}

/// What every partner created in one transaction shares, read once: the instant's text and the
/// default framework version.
pub(crate) struct Batch {
    at: String,
    default_framework: String,
}

impl Batch {
    pub(crate) fn new(conn: &Connection, now: DateTime<Utc>) -> Result<Batch> {
        Ok(Batch {
            at: format_instant(now),
            default_framework: framework::default_id(conn)?,
        })
    }

    /// Writes a checked partner (from [`check_new`] or [`check_imported`]); its id.
    pub(crate) fn create(
        &self,
        tx: &Transaction<'_>,
        checked: &Checked,
        device_id: &str,
    ) -> Result<String> {
        let id = new_id();
        self.write(tx, &[(&id, &checked.0)], device_id)?;
        Ok(id)
    }

    /// Writes checked partners (from [`check_imported`]) many rows to a statement; their ids, in the
    /// order given.
    pub(crate) fn create_many(
        &self,
        tx: &Transaction<'_>,
        checked: &[&Checked],
        device_id: &str,
    ) -> Result<Vec<String>> {
        let ids: Vec<String> = checked.iter().map(|_| new_id()).collect();
        let rows: Vec<(&str, &ValidPartner)> = ids
            .iter()
            .zip(checked)
            .map(|(id, c)| (id.as_str(), &c.0))
            .collect();
        self.write(tx, &rows, device_id)?;
        Ok(ids)
    }

    fn write(
        &self,
        tx: &Transaction<'_>,
        rows: &[(&str, &ValidPartner)],
        device_id: &str,
    ) -> Result<()> {
        insert_many(tx, rows, &self.at, &self.default_framework, device_id)
    }
}

/// Adds contacts a partner does not have yet, inside the caller's transaction, by the rules of
/// "edit partner" (the import's "link to existing"). Returns whether anything was added.
pub(crate) fn add_contacts(
    tx: &Transaction<'_>,
    defs: &Definitions,
    id: &str,
    contacts: &[Contact],
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<bool> {
    let current = get(tx, id)?;
    let mut merged = current.contacts.clone();
    for c in contacts {
        if !merged.contains(c) {
            merged.push(c.clone());
        }
    }
    if merged.len() == current.contacts.len() {
        return Ok(false);
    }
    let profile = Profile {
        name: &current.name,
        kind: current.kind,
        markets: &current.markets,
        home_time_zone: &current.home_time_zone,
        languages: &current.languages,
        contacts: &merged,
        found_via: &current.found_via,
        notes: &current.notes,
        signals: &current.signals,
        framework_id: None,
    };
    let valid = validate(tx, defs, &Known::Stored(tx), &profile)?;
    update(tx, id, &valid, now, device_id)?;
    Ok(true)
}
