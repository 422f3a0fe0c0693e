//! Partners: the candidates being vetted (agencies, creators, studios, consultants).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::ids::{format_instant, new_id};
use crate::market::{self, normalize_code};
use crate::store::{write_tx, Store};
use crate::text::{self, NAME_MAX};
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    Agency,
    Creator,
    Studio,
    Consultant,
    Other,
}

impl PartnerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerKind::Agency => "agency",
            PartnerKind::Creator => "creator",
            PartnerKind::Studio => "studio",
            PartnerKind::Consultant => "consultant",
            PartnerKind::Other => "other",
        }
    }
}

impl FromSql for PartnerKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value.as_str()? {
            "agency" => Ok(PartnerKind::Agency),
            "creator" => Ok(PartnerKind::Creator),
            "studio" => Ok(PartnerKind::Studio),
            "consultant" => Ok(PartnerKind::Consultant),
            "other" => Ok(PartnerKind::Other),
            other => Err(FromSqlError::Other(
                format!("unknown partner kind {other:?}").into(),
            )),
        }
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub kind: PartnerKind,
    pub markets: Vec<String>,
    pub home_time_zone: String,
    pub created_at: String,
}

/// A page request for the partner list.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartnerQuery {
    /// Case-insensitive substring of the name; empty or absent lists everyone.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub offset: u32,
    /// 1–200; absent means 50.
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PartnerPage {
    pub items: Vec<Partner>,
    /// How many partners match, across all pages.
    pub total: u32,
    pub offset: u32,
}

pub const PAGE_DEFAULT: u32 = 50;
pub const PAGE_MAX: u32 = 200;

/// Checks an IANA time zone name; returns it as given when valid.
pub fn validate_time_zone(name: &str) -> Result<Tz> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| Error::UnknownTimeZone(name.trim().to_owned()))
}

/// A validated [`NewPartner`], ready to insert.
struct ValidPartner {
    name: String,
    kind: PartnerKind,
    markets: Vec<String>,
    home_tz: Tz,
}

fn validate(conn: &Connection, input: &NewPartner) -> Result<ValidPartner> {
    let name = text::required("name", &input.name, NAME_MAX)?;
    let home_tz = validate_time_zone(&input.home_time_zone)?;
    let mut markets = Vec::with_capacity(input.markets.len());
    for code in &input.markets {
        let code = normalize_code(code)?;
        if !market::exists(conn, &code)? {
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
        name,
        kind: input.kind,
        markets,
        home_tz,
    })
}

fn insert(
    tx: &Transaction<'_>,
    p: &ValidPartner,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<String> {
    let id = new_id();
    let at = format_instant(now);
    tx.execute(
        "INSERT INTO partners (id, name, name_key, kind, home_tz, created_at, updated_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
        (&id, &p.name, p.name.to_lowercase(), p.kind.as_str(), p.home_tz.name(), &at, device_id),
    )?;
    let mut stmt =
        tx.prepare_cached("INSERT INTO partner_markets (partner_id, market_code) VALUES (?1, ?2)")?;
    for code in &p.markets {
        stmt.execute((&id, code))?;
    }
    Ok(id)
}

/// Reads one partner by id.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Partner> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, kind, home_tz, created_at FROM partners WHERE id = ?1 AND deleted_at IS NULL",
    )?;
    let mut partner = stmt.query_row([id], row_to_partner).map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => Error::NotFound {
            entity: "partner",
            id: id.to_owned(),
        },
        other => Error::Sqlite(other),
    })?;
    partner.markets = markets_of(conn, id)?;
    Ok(partner)
}

fn row_to_partner(row: &rusqlite::Row<'_>) -> rusqlite::Result<Partner> {
    Ok(Partner {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: row.get(2)?,
        home_time_zone: row.get(3)?,
        created_at: row.get(4)?,
        markets: Vec::new(),
    })
}

fn markets_of(conn: &Connection, partner_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pm.market_code FROM partner_markets pm JOIN markets m ON m.code = pm.market_code
         WHERE pm.partner_id = ?1 ORDER BY m.rowid",
    )?;
    let rows = stmt.query_map([partner_id], |row| row.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_pattern(search: &str) -> String {
    let mut pattern = String::from("%");
    for c in search.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl Store {
    /// Adds a partner: one transaction; invalid input changes nothing.
    pub fn add_partner(&mut self, input: &NewPartner, now: DateTime<Utc>) -> Result<Partner> {
        let tx = write_tx(&mut self.conn)?;
        let valid = validate(&tx, input)?;
        let id = insert(&tx, &valid, now, &self.device_id)?;
        let partner = get(&tx, &id)?;
        tx.commit()?;
        Ok(partner)
    }

    pub fn partner(&self, id: &str) -> Result<Partner> {
        get(&self.conn, id)
    }

    /// One page of partners, by name (case-insensitive, Unicode-aware), then id.
    pub fn list_partners(&self, query: &PartnerQuery) -> Result<PartnerPage> {
        let limit = query.limit.unwrap_or(PAGE_DEFAULT);
        if !(1..=PAGE_MAX).contains(&limit) {
            return Err(Error::InvalidValue {
                field: "limit",
                value: limit.to_string(),
            });
        }
        let search = query.search.as_deref().map(str::trim).unwrap_or("");
        let search = text::optional("search", search, NAME_MAX)?;
        let pattern = like_pattern(&search.to_lowercase());
        let total: u32 = self.conn.query_row(
            "SELECT count(*) FROM partners WHERE deleted_at IS NULL AND name_key LIKE ?1 ESCAPE '\\'",
            [&pattern],
            |row| row.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, kind, home_tz, created_at FROM partners
             WHERE deleted_at IS NULL AND name_key LIKE ?1 ESCAPE '\\'
             ORDER BY name_key, id LIMIT ?2 OFFSET ?3",
        )?;
        let rows = stmt.query_map((&pattern, limit, query.offset), row_to_partner)?;
        let mut items = rows.collect::<std::result::Result<Vec<_>, _>>()?;
        for partner in &mut items {
            partner.markets = markets_of(&self.conn, &partner.id)?;
        }
        Ok(PartnerPage {
            items,
            total,
            offset: query.offset,
        })
    }
}

#[cfg(test)]
mod tests;
