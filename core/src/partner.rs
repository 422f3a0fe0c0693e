//! Partners: the candidates being vetted (agencies, creators, studios, consultants).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::Field;
use crate::framework::{self, Definitions};
use crate::ids::format_instant;
use crate::market::{self, normalize_code};
use crate::phase::Phase;
use crate::signal::Signals;
use crate::sql::{self, json_column, to_json};
use crate::store::{Store, Writer};
use crate::text::{self, NAME_MAX, NOTE_MAX};
use crate::{Error, Result};

mod create;
mod insert;
mod local;
pub(crate) use create::{add_contacts, check_imported, create, Batch, Checked};
pub(crate) use insert::name_key;
use insert::{insert_many, insert_markets};
pub use local::ContactsLocal;

crate::text_enum! {
    /// What kind of partner: how the board and the dossier label them.
    pub enum PartnerKind {
        Agency = "agency",
        Creator = "creator",
        Studio = "studio",
        Consultant = "consultant",
        Other = "other",
    }
}

/// What the "add partner" form sends.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewPartner {
    pub name: String,
    pub kind: PartnerKind,
    /// Market codes, e.g. `["RU", "US"]`.
    pub markets: Vec<String>,
    /// IANA time zone name, e.g. `America/Los_Angeles`.
    pub home_time_zone: String,
    /// ISO 639 codes, e.g. `["ru", "en"]`.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// Where they were found (a hub, a referral, a conference).
    #[serde(default)]
    pub found_via: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub signals: Signals,
    /// The framework version to vet with; absent means the default.
    #[serde(default)]
    pub framework_id: Option<String>,
}

/// "Edit partner": the whole profile, replacing the previous one. The phase is not editable here;
/// it moves only through gates and decisions.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartnerEdit {
    pub id: String,
    pub name: String,
    pub kind: PartnerKind,
    pub markets: Vec<String>,
    pub home_time_zone: String,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub found_via: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub signals: Signals,
    /// Absent keeps the current framework version.
    #[serde(default)]
    pub framework_id: Option<String>,
}

/// A person at the partner, and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    /// E-mail, phone, Telegram handle — free text.
    #[serde(default)]
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub kind: PartnerKind,
    pub markets: Vec<String>,
    pub home_time_zone: String,
    pub languages: Vec<String>,
    pub contacts: Vec<Contact>,
    pub found_via: String,
    pub notes: String,
    pub signals: Signals,
    pub phase: Phase,
    pub framework_id: String,
    pub created_at: String,
    pub updated_at: String,
    /// "Keep contact details in Russia only" (152-FZ) is on: the contacts never travel to
    /// another office (partner/local.rs).
    pub contacts_local: bool,
    /// The switch is on and this office does not hold the contacts: they are kept in the
    /// office that switched it on.
    pub contacts_elsewhere: bool,
}

pub const PAGE_DEFAULT: u32 = 50;
pub const PAGE_MAX: u32 = 200;

/// Checks an IANA time zone name; returns it as given when valid.
pub fn validate_time_zone(name: &str) -> Result<Tz> {
    crate::zones::parse_zone(name)
}

/// A validated [`NewPartner`] or [`PartnerEdit`], ready to write.
struct ValidPartner {
    name: String,
    /// [`name_key`] of `name`, made once (an import sorts its rows by it, then writes it).
    name_key: String,
    kind: PartnerKind,
    markets: Vec<String>,
    home_tz: Tz,
    languages: String,
    contacts: String,
    found_via: String,
    notes: String,
    signals: String,
    framework_id: Option<String>,
}

const MAX_LANGUAGES: usize = 20;
const MAX_CONTACTS: usize = 50;
const CONTACT_DETAIL_MAX: u32 = 500;
/// Upper bound for counts typed by hand (case studies, references).
pub const COUNT_MAX: u32 = 10_000;
/// Upper bound for the longest relationship, in months (a century).
pub const MONTHS_MAX: u32 = 1200;

/// The profile fields shared by "add" and "edit".
struct Profile<'a> {
    name: &'a str,
    kind: PartnerKind,
    markets: &'a [String],
    home_time_zone: &'a str,
    languages: &'a [String],
    contacts: &'a [Contact],
    found_via: &'a str,
    notes: &'a str,
    signals: &'a Signals,
    framework_id: Option<&'a str>,
}

/// Both forms name their profile fields alike: one conversion, written once.
macro_rules! profile_from {
    ($($input:ty),+) => {$(
        impl<'a> From<&'a $input> for Profile<'a> {
            fn from(p: &'a $input) -> Self {
                Profile {
                    name: &p.name,
                    kind: p.kind,
                    markets: &p.markets,
                    home_time_zone: &p.home_time_zone,
                    languages: &p.languages,
                    contacts: &p.contacts,
                    found_via: &p.found_via,
                    notes: &p.notes,
                    signals: &p.signals,
                    framework_id: p.framework_id.as_deref(),
                }
            }
        }
    )+};
}

profile_from!(NewPartner, PartnerEdit);

fn validate_language(code: &str) -> Result<String> {
    let code = code.trim().to_lowercase();
    if (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(code)
    } else {
        Err(Error::InvalidValue {
            field: Field::Languages,
            value: code.chars().take(20).collect(),
        })
    }
}

fn validate_signals(known: &market::Known<'_>, signals: &Signals) -> Result<Signals> {
    let mut out = signals.clone();
    let mut seen: Vec<String> = Vec::new();
    for entry in &mut out.case_studies {
        entry.market = normalize_code(&entry.market)?;
        if !known.contains(&entry.market)? {
            return Err(Error::UnknownMarket(entry.market.clone()));
        }
        if seen.contains(&entry.market) {
            return Err(Error::InvalidValue {
                field: Field::SignalsCaseStudies,
                value: entry.market.clone(),
            });
        }
        seen.push(entry.market.clone());
        if entry.count > COUNT_MAX {
            return Err(Error::LimitOutOfRange {
                field: Field::SignalsCaseStudies,
                min: 0,
                max: COUNT_MAX,
            });
        }
    }
    if signals
        .longest_relationship_months
        .is_some_and(|m| m > MONTHS_MAX)
    {
        return Err(Error::LimitOutOfRange {
            field: Field::SignalsLongestRelationshipMonths,
            min: 0,
            max: MONTHS_MAX,
        });
    }
    if signals.creator_references.is_some_and(|n| n > COUNT_MAX) {
        return Err(Error::LimitOutOfRange {
            field: Field::SignalsCreatorReferences,
            min: 0,
            max: COUNT_MAX,
        });
    }
    Ok(out)
}

/// Every rule of a partner's profile, once: "add", "edit" and each imported row. `known` answers
/// which markets exist (the file, or a set read once for a batch).
fn validate(
    conn: &Connection,
    defs: &Definitions,
    known: &market::Known<'_>,
    input: &Profile<'_>,
) -> Result<ValidPartner> {
    let mut valid = validate_fields(known, input)?;
    valid.framework_id = match input.framework_id {
        Some(id) => Some(framework::get(conn, defs, id)?.id),
        None => None,
    };
    Ok(valid)
}

/// [`validate`] but for the framework (none chosen: `framework_id` is `None`), which needs the
/// file: what an imported row is checked by, on any thread (a row of a spreadsheet names no
/// framework; the default one is written).
fn validate_fields(known: &market::Known<'_>, input: &Profile<'_>) -> Result<ValidPartner> {
    let name = text::required(Field::Name, input.name, NAME_MAX)?;
    let home_tz = validate_time_zone(input.home_time_zone)?;
    if input.languages.len() > MAX_LANGUAGES {
        return Err(Error::LimitOutOfRange {
            field: Field::Languages,
            min: 0,
            max: MAX_LANGUAGES as u32,
        });
    }
    let mut languages: Vec<String> = Vec::new();
    for code in input.languages {
        let code = validate_language(code)?;
        if !languages.contains(&code) {
            languages.push(code);
        }
    }
    if input.contacts.len() > MAX_CONTACTS {
        return Err(Error::LimitOutOfRange {
            field: Field::Contacts,
            min: 0,
            max: MAX_CONTACTS as u32,
        });
    }
    let contacts = input
        .contacts
        .iter()
        .map(|c| {
            Ok(Contact {
                name: text::required(Field::ContactsName, &c.name, NAME_MAX)?,
                detail: text::optional(Field::ContactsDetail, &c.detail, CONTACT_DETAIL_MAX)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let found_via = text::optional(Field::FoundVia, input.found_via, NOTE_MAX)?;
    let notes = text::optional(Field::Notes, input.notes, NOTE_MAX)?;
    let signals = validate_signals(known, input.signals)?;
    let mut markets = Vec::with_capacity(input.markets.len());
    for code in input.markets {
        let code = normalize_code(code)?;
        if !known.contains(&code)? {
            return Err(Error::UnknownMarket(code));
        }
        if !markets.contains(&code) {
            markets.push(code);
        }
    }
    if markets.is_empty() {
        return Err(Error::NoMarkets);
    }
    Ok(ValidPartner {
        name_key: name_key(&name),
        name,
        kind: input.kind,
        markets,
        home_tz,
        languages: to_json(&languages)?,
        contacts: to_json(&contacts)?,
        found_via,
        notes,
        signals: to_json(&signals)?,
        framework_id: None,
    })
}

fn update(
    tx: &Transaction<'_>,
    id: &str,
    p: &ValidPartner,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<()> {
    crate::sql::execute(
        tx,
        "UPDATE partners SET name = ?2, name_key = ?3, kind = ?4, home_tz = ?5, updated_at = ?6,
             device_id = ?7, languages = ?8,
             contacts = CASE WHEN contacts_local = 1 THEN contacts ELSE ?9 END,
             found_via = ?10, notes = ?11,
             signals = ?12, framework_id = coalesce(?13, framework_id)
         WHERE id = ?1",
        rusqlite::params![
            id,
            &p.name,
            &p.name_key,
            p.kind.as_str(),
            p.home_tz.name(),
            format_instant(now),
            device_id,
            &p.languages,
            &p.contacts,
            &p.found_via,
            &p.notes,
            &p.signals,
            &p.framework_id
        ],
    )?;
    // Contacts kept in this office only (152-FZ) stay in the local table, never in the row.
    local::keep_contacts(tx, id, &p.contacts, now)?;
    // The market list is a set owned by the partner: a market no longer served is marked
    // removed (an edit another device can merge), never deleted and inserted again.
    crate::sql::execute(
        tx,
        "UPDATE partner_markets SET removed_at = ?2
         WHERE partner_id = ?1 AND removed_at IS NULL
           AND market_code NOT IN (SELECT value FROM json_each(?3))",
        (id, format_instant(now), crate::sql::to_json(&p.markets)?),
    )?;
    let pairs: Vec<(&str, &str)> = p.markets.iter().map(|m| (id, m.as_str())).collect();
    insert_markets(tx, &pairs)
}

/// Moves a partner to `phase`; only gates, decisions, pilots and debriefs call this.
pub(crate) fn set_phase(
    tx: &Transaction<'_>,
    id: &str,
    phase: Phase,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<()> {
    crate::sql::execute(
        tx,
        "UPDATE partners SET phase = ?2, updated_at = ?3, device_id = ?4 WHERE id = ?1",
        (id, phase.as_str(), format_instant(now), device_id),
    )?;
    Ok(())
}

/// A partner's name, a merged or deleted one's too (a merge names both partners).
pub(crate) fn name_of(conn: &Connection, id: &str) -> Result<String> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached("SELECT name FROM partners WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "partner",
            id: id.to_owned(),
        })
}

/// Reads one partner by id.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Partner> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM partners WHERE id = ?1 AND deleted_at IS NULL"
    ))?;
    let mut partner = stmt.query_row([id], row_to_partner).map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => Error::NotFound {
            entity: "partner",
            id: id.to_owned(),
        },
        other => Error::from(other),
    })?;
    partner.markets = markets_of(conn, id)?;
    Ok(partner)
}

/// The contacts are read through the 152-FZ switch (partner/local.rs): while it is on, from this
/// office's `local_contacts` (none in another office, which is told so).
const COLUMNS: &str = "id, name, kind, home_tz, created_at, updated_at, languages,
    CASE WHEN contacts_local = 1 THEN coalesce((SELECT lc.contacts FROM local_contacts lc
        WHERE lc.partner_id = partners.id), '[]') ELSE contacts END,
    found_via, notes, signals, phase, framework_id, contacts_local,
    contacts_local = 1 AND NOT EXISTS (SELECT 1 FROM local_contacts lc
        WHERE lc.partner_id = partners.id)";

fn row_to_partner(row: &rusqlite::Row<'_>) -> rusqlite::Result<Partner> {
    Ok(Partner {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: row.get(2)?,
        home_time_zone: row.get(3)?,
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
        languages: json_column(row, 6, "partners", "languages")?,
        contacts: json_column(row, 7, "partners", "contacts")?,
        found_via: row.get(8)?,
        notes: row.get(9)?,
        signals: json_column(row, 10, "partners", "signals")?,
        phase: row.get(11)?,
        framework_id: row.get(12)?,
        contacts_local: row.get(13)?,
        contacts_elsewhere: row.get(14)?,
        markets: Vec::new(),
    })
}

pub(crate) fn markets_of(conn: &Connection, partner_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pm.market_code FROM partner_markets pm JOIN markets m ON m.code = pm.market_code
         WHERE pm.partner_id = ?1 AND pm.removed_at IS NULL ORDER BY m.rowid",
    )?;
    let rows = stmt.query_map([partner_id], |row| row.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The market codes of several partners in one query, by partner id (each in market order).
fn markets_of_many(
    conn: &Connection,
    ids_json: &str,
) -> Result<std::collections::HashMap<String, Vec<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pm.partner_id, pm.market_code FROM partner_markets pm
         JOIN markets m ON m.code = pm.market_code
         WHERE pm.partner_id IN (SELECT value FROM json_each(?1)) AND pm.removed_at IS NULL
         ORDER BY pm.partner_id, m.rowid",
    )?;
    let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
    let mut rows = stmt.query([ids_json])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    Ok(out)
}

/// Fills in the markets of `partners` with one query.
fn fill_markets(conn: &Connection, partners: &mut [Partner]) -> Result<()> {
    let ids: Vec<&str> = partners.iter().map(|p| p.id.as_str()).collect();
    let mut markets = markets_of_many(conn, &sql::ids_json(&ids)?)?;
    for p in partners {
        p.markets = markets.remove(&p.id).unwrap_or_default();
    }
    Ok(())
}

/// Several partners by id, in the order given; an id that is missing or deleted is NotFound.
pub(crate) fn get_many(conn: &Connection, ids: &[String]) -> Result<Vec<Partner>> {
    read_many(conn, ids, true)
}

/// The partners a name search found, in its order: one the search found but this read's snapshot
/// does not have (added or deleted a moment before or after it, on the writer's connection) is
/// left out rather than failing the page.
pub(crate) fn get_found(conn: &Connection, ids: &[String]) -> Result<Vec<Partner>> {
    read_many(conn, ids, false)
}

fn read_many(conn: &Connection, ids: &[String], strict: bool) -> Result<Vec<Partner>> {
    let json = sql::ids_json(ids)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM partners
         WHERE id IN (SELECT value FROM json_each(?1)) AND deleted_at IS NULL"
    ))?;
    let mut found: std::collections::HashMap<String, Partner> = stmt
        .query_map([&json], row_to_partner)?
        .map(|r| r.map(|p| (p.id.clone(), p)))
        .collect::<std::result::Result<_, _>>()?;
    let mut partners = Vec::with_capacity(ids.len());
    for id in ids {
        match found.remove(id) {
            Some(p) => partners.push(p),
            None if strict => {
                return Err(Error::NotFound {
                    entity: "partner",
                    id: id.clone(),
                })
            }
            None => {}
        }
    }
    fill_markets(conn, &mut partners)?;
    Ok(partners)
}

/// Live partners per phase, from the counts the triggers keep (schema v3): no scan. Those count
/// every partner not deleted; the merged ones (a few rows of `merged_partners`) are taken off,
/// walked from `merged_partners` (CROSS JOIN keeps that order: the planner otherwise walks every
/// partner of the phase and probes the merges — 10–16 ms at 100k, measured).
pub(crate) fn count_by_phase(conn: &Connection) -> Result<Vec<(Phase, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.phase, c.partners - (SELECT count(*) FROM merged_partners m
             CROSS JOIN partners p ON p.id = m.loser_id
             WHERE p.phase = c.phase AND p.deleted_at IS NULL)
         FROM phase_counts c",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

impl Store {
    /// Adds a partner: one transaction; invalid input changes nothing.
    pub fn add_partner(&mut self, input: &NewPartner, now: DateTime<Utc>) -> Result<Partner> {
        self.write(|w| w.add_partner(input, now))
    }

    /// Edits a partner's profile and signals (not its phase): one transaction.
    pub fn edit_partner(&mut self, input: &PartnerEdit, now: DateTime<Utc>) -> Result<Partner> {
        self.write(|w| w.edit_partner(input, now))
    }

    /// One partner's profile.
    pub fn partner(&self, id: &str) -> Result<Partner> {
        get(&self.conn, id)
    }
}

impl Writer<'_> {
    /// [`Store::add_partner`] inside the writer's transaction.
    pub fn add_partner(&self, input: &NewPartner, now: DateTime<Utc>) -> Result<Partner> {
        let id = create(self.tx, self.definitions, input, now, self.device_id)?;
        get(self.tx, &id)
    }

    /// [`Store::edit_partner`] inside the writer's transaction.
    pub fn edit_partner(&self, input: &PartnerEdit, now: DateTime<Utc>) -> Result<Partner> {
        let tx = self.tx;
        let current = get(tx, &input.id)?.framework_id;
        let known = market::Known::Stored(tx);
        let valid = validate(tx, self.definitions, &known, &Profile::from(input))?;
        framework::offered(tx, valid.framework_id.as_deref(), Some(&current))?;
        update(tx, &input.id, &valid, now, self.device_id)?;
        let partner = get(tx, &input.id)?;
        Ok(partner)
    }
}

mod page;
mod search;
pub(crate) use page::Keyset;
pub use page::{PageCursor, PageDirection, PartnerPage, PartnerQuery};

#[cfg(test)]
mod tests;
