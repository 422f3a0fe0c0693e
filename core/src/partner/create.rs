//! The one path that creates a partner, inside a caller's transaction: "add partner" and each
//! imported row go through it, so an import applies exactly the rules of the form.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};

use super::{get, insert, update, validate, Contact, NewPartner, Profile};
use crate::framework::{self, Definitions};
use crate::Result;

/// Checks a new partner by every rule "add partner" applies, writing nothing: the import's
/// preview asks this of each row.
pub(crate) fn check_new(conn: &Connection, defs: &Definitions, input: &NewPartner) -> Result<()> {
    let valid = validate(conn, defs, &Profile::from(input))?;
    framework::offered(conn, valid.framework_id.as_deref(), None)
}

/// Creates a partner inside the caller's transaction: the one path of "add partner" and of each
/// imported row. Invalid input writes nothing.
pub(crate) fn create(
    tx: &Transaction<'_>,
    defs: &Definitions,
    input: &NewPartner,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<String> {
    let valid = validate(tx, defs, &Profile::from(input))?;
    framework::offered(tx, valid.framework_id.as_deref(), None)?;
    insert(tx, &valid, now, device_id)
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
    let valid = validate(tx, defs, &profile)?;
    update(tx, id, &valid, now, device_id)?;
    Ok(true)
}
