//! The checklist's writes: an item's state, usage rights, payment route. Each is one
//! transaction that appends one row (who: the user named in the settings; when: `now`) and
//! answers the pilot as [`Store::pilot`] does.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::super::view::{view, viewer_zone, Row};
use super::super::Pilot;
use super::{
    markets, ComplianceMark, ComplianceState, PaymentRouteInput, UsageRightsInput, UsageRightsKind,
};
use crate::error::Field;
use crate::ids::{format_instant, new_id};
use crate::store::Store;
use crate::text::{self, NAME_MAX, NOTE_MAX};
use crate::{Error, Result};

/// A calendar date typed as `YYYY-MM-DD`, refused by field name otherwise.
fn date(field: Field, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), DAY).map_err(|_| Error::InvalidValue {
        field,
        value: text.chars().take(20).collect(),
    })
}

/// The deliverable's pilot row and its market.
fn deliverable(conn: &Connection, id: &str) -> Result<(Row, Option<String>)> {
    let (pilot_id, market): (String, Option<String>) = conn
        .prepare_cached(
            "SELECT pilot_id, market_code FROM deliverables WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "deliverable",
            id: id.to_owned(),
        })?;
    Ok((super::super::view::row(conn, &pilot_id)?, market))
}

/// What one checklist write records, once its input is checked.
enum Record {
    Item {
        market: Option<String>,
        item: String,
        state: ComplianceState,
        reason: String,
        note: String,
    },
    Usage {
        kind: UsageRightsKind,
        territory: String,
        starts: NaiveDate,
        ends: NaiveDate,
    },
    Route {
        payer: String,
        payer_country: String,
        recipient: String,
        recipient_country: String,
        screened: Option<NaiveDate>,
    },
}

const DAY: &str = "%Y-%m-%d";

impl Store {
    /// One checklist write: one transaction that finds the deliverable, takes who from the
    /// settings, appends `record` and answers the pilot as [`Store::pilot`] does.
    fn record_compliance(
        &mut self,
        deliverable_id: &str,
        viewer_time_zone: Option<&str>,
        record: Record,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        let viewer = viewer_zone(viewer_time_zone)?;
        crate::sync::capture::write(&mut self.conn, &mut self.sharing, |tx| {
            let by = crate::settings::author(tx)?;
            let (r, market) = deliverable(tx, deliverable_id)?;
            let (id, at) = (new_id(), format_instant(now));
            match record {
                Record::Item {
                    market: item_market,
                    item,
                    state,
                    reason,
                    note,
                } => {
                    let def = self.definitions.get(tx, &r.framework_id)?;
                    let partner_markets = crate::partner::markets_of(tx, &r.partner_id)?;
                    let known = def
                        .compliance_for(&markets(market.as_deref(), &partner_markets))
                        .iter()
                        .any(|i| i.key == item && i.market == item_market);
                    if !known {
                        return Err(Error::InvalidValue {
                            field: Field::ComplianceItem,
                            value: item.chars().take(64).collect(),
                        });
                    }
                    tx.execute(
                        "INSERT INTO compliance_events (id, deliverable_id, market_code, item_key,
                         state, reason, note, by_name, at, device_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        rusqlite::params![
                            id,
                            deliverable_id,
                            item_market,
                            item,
                            state,
                            reason,
                            note,
                            by,
                            at,
                            &self.device_id
                        ],
                    )?;
                }
                Record::Usage {
                    kind,
                    territory,
                    starts,
                    ends,
                } => {
                    tx.execute(
                        "INSERT INTO usage_rights (id, deliverable_id, kind, territory, starts_on,
                         ends_on, by_name, at, device_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        rusqlite::params![
                            id,
                            deliverable_id,
                            kind,
                            territory,
                            starts.format(DAY).to_string(),
                            ends.format(DAY).to_string(),
                            by,
                            at,
                            &self.device_id
                        ],
                    )?;
                }
                Record::Route {
                    payer,
                    payer_country,
                    recipient,
                    recipient_country,
                    screened,
                } => {
                    tx.execute(
                    "INSERT INTO payment_routes (id, deliverable_id, payer_entity, payer_country,
                         recipient_entity, recipient_country, screened_on, by_name, at, device_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    rusqlite::params![
                        id,
                        deliverable_id,
                        payer,
                        payer_country,
                        recipient,
                        recipient_country,
                        screened.map(|d| d.format(DAY).to_string()),
                        by,
                        at,
                        &self.device_id
                    ],
                )?;
                }
            }
            let pilot = view(tx, &self.definitions, &r.id, viewer, now)?;
            Ok(pilot)
        })
    }

    /// Sets one checklist item of a deliverable: done, not applicable (a reason required) or
    /// open again; who is the user named in the settings, when is `now`.
    pub fn mark_compliance(&mut self, input: &ComplianceMark, now: DateTime<Utc>) -> Result<Pilot> {
        let reason = match input.state {
            ComplianceState::NotApplicable => {
                text::required(Field::ComplianceReason, &input.reason, NOTE_MAX)?
            }
            _ => text::optional(Field::ComplianceReason, &input.reason, NOTE_MAX)?,
        };
        let record = Record::Item {
            market: input.market.clone(),
            item: input.item.clone(),
            state: input.state,
            reason,
            note: text::optional(Field::ComplianceNote, &input.note, NOTE_MAX)?,
        };
        let viewer = input.viewer_time_zone.as_deref();
        self.record_compliance(&input.deliverable_id, viewer, record, now)
    }

    /// Records a deliverable's usage rights: kind, territory, start and end (not before it).
    pub fn set_usage_rights(
        &mut self,
        input: &UsageRightsInput,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        let territory = text::required(Field::UsageTerritory, &input.territory, NAME_MAX)?;
        let starts = date(Field::UsageStartsOn, &input.starts_on)?;
        let ends = date(Field::UsageEndsOn, &input.ends_on)?;
        if ends < starts {
            return Err(Error::InvalidValue {
                field: Field::UsageEndsOn,
                value: input.ends_on.trim().to_owned(),
            });
        }
        let record = Record::Usage {
            kind: input.kind,
            territory,
            starts,
            ends,
        };
        let viewer = input.viewer_time_zone.as_deref();
        self.record_compliance(&input.deliverable_id, viewer, record, now)
    }

    /// Records a deliverable's payment route and the date its recipient was screened.
    pub fn set_payment_route(
        &mut self,
        input: &PaymentRouteInput,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        let record = Record::Route {
            payer: text::required(Field::PayerEntity, &input.payer_entity, NAME_MAX)?,
            payer_country: text::required(Field::PayerCountry, &input.payer_country, NAME_MAX)?,
            recipient: text::required(Field::RecipientEntity, &input.recipient_entity, NAME_MAX)?,
            recipient_country: text::required(
                Field::RecipientCountry,
                &input.recipient_country,
                NAME_MAX,
            )?,
            screened: input
                .screened_on
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| date(Field::ScreenedOn, s))
                .transpose()?,
        };
        let viewer = input.viewer_time_zone.as_deref();
        self.record_compliance(&input.deliverable_id, viewer, record, now)
    }
}
