//! The compliance checklist of a deliverable: its items (from the pilot's framework version, for
//! the deliverable's market, else the partner's markets, then the items of every market), each
//! item's latest state (append-only events: done / not applicable with a reason / open, who and
//! when, a note), the usage rights and the payment route (latest row wins), and the warning flag
//! a delivery with open items derives. The app gives no legal advice; the tracker says so.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::view::Row;
use crate::flag::{self, Derived};
use crate::framework::{
    ComplianceItem, Definitions, FrameworkDefinition, Localized, COMPLIANCE_OPEN_AT_DELIVERY,
};
use crate::sql::stored_instant;
use crate::zoned::ZonedInstant;
use crate::zones::in_zones;
use crate::Result;

crate::text_enum! {
    /// Where a checklist item stands.
    pub enum ComplianceState {
        Done = "done",
        /// Needs a reason.
        NotApplicable = "not_applicable",
        Open = "open",
    }
}

crate::text_enum! {
    /// How a deliverable may be used.
    pub enum UsageRightsKind {
        Organic = "organic",
        Paid = "paid",
        /// The creator's handle in the brand's ads.
        Whitelisting = "whitelisting",
    }
}

mod write;

/// Days before the usage rights' end from which the board reminds.
pub const USAGE_RIGHTS_REMINDER_DAYS: i64 = 14;

/// Sets one checklist item's state.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ComplianceMark {
    pub deliverable_id: String,
    /// The item's market code; absent for an item of every market.
    #[serde(default)]
    pub market: Option<String>,
    pub item: String,
    pub state: ComplianceState,
    /// Required when not applicable.
    #[serde(default)]
    pub reason: String,
    /// The erid itself, where the disclosure appears, the date checked…
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
}

/// Records a deliverable's usage rights (the latest record counts).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UsageRightsInput {
    pub deliverable_id: String,
    pub kind: UsageRightsKind,
    pub territory: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// `YYYY-MM-DD`, not before the start; the board reminds 14 days before it.
    pub ends_on: String,
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
}

/// Records a deliverable's payment route (the latest record counts).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentRouteInput {
    pub deliverable_id: String,
    pub payer_entity: String,
    pub payer_country: String,
    pub recipient_entity: String,
    pub recipient_country: String,
    /// `YYYY-MM-DD` the recipient was screened against sanctions lists; absent: not yet.
    #[serde(default)]
    pub screened_on: Option<String>,
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
}

/// One checklist item as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComplianceCheck {
    pub market: Option<String>,
    pub key: String,
    pub label: Localized,
    pub state: ComplianceState,
    pub reason: String,
    pub note: String,
    /// Who set the state last (the user name in the settings); absent while never set.
    pub by: Option<String>,
    pub at: Option<ZonedInstant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UsageRights {
    pub kind: UsageRightsKind,
    pub territory: String,
    pub starts_on: String,
    pub ends_on: String,
    pub by: String,
    pub at: ZonedInstant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRoute {
    pub payer_entity: String,
    pub payer_country: String,
    pub recipient_entity: String,
    pub recipient_country: String,
    pub screened_on: Option<String>,
    pub by: String,
    pub at: ZonedInstant,
}

/// A deliverable's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Compliance {
    /// The markets the items follow: the deliverable's, else the partner's.
    pub markets: Vec<String>,
    pub items: Vec<ComplianceCheck>,
    /// Items still open.
    pub open: u32,
    pub usage_rights: Option<UsageRights>,
    pub payment_route: Option<PaymentRoute>,
}

/// The markets a deliverable's items follow.
fn markets(market: Option<&str>, partner_markets: &[String]) -> Vec<String> {
    match market {
        Some(m) => vec![m.to_owned()],
        None => partner_markets.to_vec(),
    }
}

/// The latest event of each item of a deliverable: (market, key) → (state, reason, note, by, at).
type Latest = Vec<(
    (Option<String>, String),
    (ComplianceState, String, String, String, String),
)>;

fn latest_events(conn: &Connection, deliverable_id: &str) -> Result<Latest> {
    let mut stmt = conn.prepare_cached(
        "SELECT market_code, item_key, state, reason, note, by_name, at FROM compliance_events e
         WHERE deliverable_id = ?1
           AND NOT EXISTS (SELECT 1 FROM compliance_events later
                           WHERE later.deliverable_id = e.deliverable_id
                             AND later.item_key = e.item_key
                             AND later.market_code IS e.market_code
                             AND (later.at, later.id) > (e.at, e.id))",
    )?;
    let rows = stmt.query_map([deliverable_id], |r| {
        Ok((
            (r.get(0)?, r.get(1)?),
            (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?),
        ))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The checklist items of a deliverable with their states (open where never set).
fn checks(
    conn: &Connection,
    def: &FrameworkDefinition,
    markets: &[String],
    deliverable_id: &str,
    zones: &[Tz],
) -> Result<Vec<ComplianceCheck>> {
    let latest = latest_events(conn, deliverable_id)?;
    def.compliance_for(markets)
        .into_iter()
        .map(|item: &ComplianceItem| {
            let found = latest
                .iter()
                .find(|((m, k), _)| *m == item.market && *k == item.key);
            let mut check = ComplianceCheck {
                market: item.market.clone(),
                key: item.key.clone(),
                label: item.label.clone(),
                state: ComplianceState::Open,
                reason: String::new(),
                note: String::new(),
                by: None,
                at: None,
            };
            if let Some((_, (state, reason, note, by, at))) = found {
                check.state = *state;
                check.reason = reason.clone();
                check.note = note.clone();
                check.by = Some(by.clone());
                check.at = Some(in_zones(
                    stored_instant("compliance_events", "at", at)?,
                    zones,
                ));
            }
            Ok(check)
        })
        .collect()
}

fn usage_rights_of(
    conn: &Connection,
    deliverable_id: &str,
    zones: &[Tz],
) -> Result<Option<UsageRights>> {
    let row = conn
        .prepare_cached(
            "SELECT kind, territory, starts_on, ends_on, by_name, at FROM usage_rights
             WHERE deliverable_id = ?1 ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row([deliverable_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .optional()?;
    row.map(|(kind, territory, starts_on, ends_on, by, at)| {
        Ok(UsageRights {
            kind,
            territory,
            starts_on,
            ends_on,
            by,
            at: in_zones(stored_instant("usage_rights", "at", &at)?, zones),
        })
    })
    .transpose()
}

fn payment_route_of(
    conn: &Connection,
    deliverable_id: &str,
    zones: &[Tz],
) -> Result<Option<PaymentRoute>> {
    let row = conn
        .prepare_cached(
            "SELECT payer_entity, payer_country, recipient_entity, recipient_country,
                 screened_on, by_name, at FROM payment_routes
             WHERE deliverable_id = ?1 ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row([deliverable_id], |r| {
            Ok((
                PaymentRoute {
                    payer_entity: r.get(0)?,
                    payer_country: r.get(1)?,
                    recipient_entity: r.get(2)?,
                    recipient_country: r.get(3)?,
                    screened_on: r.get(4)?,
                    by: r.get(5)?,
                    at: ZonedInstant {
                        utc: String::new(),
                        zones: Vec::new(),
                    },
                },
                r.get::<_, String>(6)?,
            ))
        })
        .optional()?;
    row.map(|(mut route, at)| {
        route.at = in_zones(stored_instant("payment_routes", "at", &at)?, zones);
        Ok(route)
    })
    .transpose()
}

/// The checklist of a deliverable in `market` (else `partner_markets`), instants in `zones`.
pub(super) fn of_deliverable(
    conn: &Connection,
    def: &FrameworkDefinition,
    partner_markets: &[String],
    deliverable_id: &str,
    market: Option<&str>,
    zones: &[Tz],
) -> Result<Compliance> {
    let markets = markets(market, partner_markets);
    let items = checks(conn, def, &markets, deliverable_id, zones)?;
    Ok(Compliance {
        open: items
            .iter()
            .filter(|i| i.state == ComplianceState::Open)
            .count() as u32,
        usage_rights: usage_rights_of(conn, deliverable_id, zones)?,
        payment_route: payment_route_of(conn, deliverable_id, zones)?,
        markets,
        items,
    })
}

/// The flag note of open items: the deliverable's title, then one line per open item, its
/// market code (`*` for every market) and key; the UI names the items from the framework.
fn open_items_note(title: &str, items: &[ComplianceCheck]) -> String {
    let mut note = title.to_owned();
    for i in items.iter().filter(|i| i.state == ComplianceState::Open) {
        note.push('\n');
        note.push_str(i.market.as_deref().unwrap_or("*"));
        note.push(' ');
        note.push_str(&i.key);
    }
    note
}

/// Raises `compliance_open_at_delivery` when a deliverable is delivered with items open, once
/// per deliverable, naming the open items.
#[allow(clippy::too_many_arguments)]
pub(super) fn derive_open_at_delivery(
    tx: &Transaction<'_>,
    defs: &Definitions,
    r: &Row,
    deliverable_id: &str,
    title: &str,
    market: Option<&str>,
    delivered: DateTime<Utc>,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<()> {
    if flag::derived_exists(
        tx,
        (&r.partner_id, &r.id),
        Some(deliverable_id),
        COMPLIANCE_OPEN_AT_DELIVERY,
    )? {
        return Ok(());
    }
    let def = defs.get(tx, &r.framework_id)?;
    let partner_markets = crate::partner::markets_of(tx, &r.partner_id)?;
    let items = checks(
        tx,
        &def,
        &markets(market, &partner_markets),
        deliverable_id,
        &[],
    )?;
    if items.iter().all(|i| i.state != ComplianceState::Open) {
        return Ok(());
    }
    flag::derive(
        tx,
        defs,
        &Derived {
            partner_id: &r.partner_id,
            framework_id: &r.framework_id,
            pilot_id: &r.id,
            deliverable_id: Some(deliverable_id),
            kind: COMPLIANCE_OPEN_AT_DELIVERY,
            occurred_at: delivered,
            note: open_items_note(title, &items),
        },
        now,
        device_id,
    )?;
    Ok(())
}
