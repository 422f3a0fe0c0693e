//! What happened during a pilot: deliverables, delivery, revision rounds, approvals, actuals.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};

use super::compliance::derive_open_at_delivery;
use super::view::{deliverable_rows, view, viewer_zone, Row};
use super::{
    check_market, check_value, instant, open_pilot, DeliveryUpdate, MetricActual, NewApproval,
    NewDeliverable, NewRevisionRound, Pilot,
};
use crate::dates;
use crate::error::{Field, TransitionAction, TransitionState};
use crate::flag::{self, Derived};
use crate::framework::{Definitions, MISSED_DEADLINE_NO_NOTICE};
use crate::ids::{format_instant, new_id};
use crate::sql::stored_instant;
use crate::store::{Store, Writer};
use crate::text::{self, NAME_MAX, NOTE_MAX};
use crate::zones::is_late;
use crate::{Error, Result};

/// Raises `missed_deadline_no_notice` for a late delivery without notice, once per deliverable.
#[allow(clippy::too_many_arguments)]
fn derive_missed_deadline(
    tx: &Transaction<'_>,
    defs: &Definitions,
    r: &Row,
    deliverable_id: &str,
    title: &str,
    due: DateTime<Utc>,
    delivered: Option<DateTime<Utc>>,
    notice_given: bool,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<()> {
    let Some(delivered) = delivered else {
        return Ok(());
    };
    if !is_late(due, delivered)
        || notice_given
        || flag::derived_exists(
            tx,
            (&r.partner_id, &r.id),
            Some(deliverable_id),
            MISSED_DEADLINE_NO_NOTICE,
        )?
    {
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
            kind: MISSED_DEADLINE_NO_NOTICE,
            occurred_at: due,
            // The deliverable's own title; the UI explains the flag in the reader's language
            // from the kind and the due instant (`occurred_at`).
            note: title.to_owned(),
        },
        now,
        device_id,
    )?;
    Ok(())
}

/// What a delivery derives, in the transaction that records it: `missed_deadline_no_notice`
/// (late without notice) and `compliance_open_at_delivery` (checklist items open).
#[allow(clippy::too_many_arguments)]
fn derive_at_delivery(
    tx: &Transaction<'_>,
    defs: &Definitions,
    r: &Row,
    deliverable: (&str, &str, Option<&str>),
    due: DateTime<Utc>,
    delivered: Option<DateTime<Utc>>,
    notice_given: bool,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<()> {
    let (id, title, market) = deliverable;
    derive_missed_deadline(
        tx,
        defs,
        r,
        id,
        title,
        due,
        delivered,
        notice_given,
        now,
        device_id,
    )?;
    match delivered {
        Some(at) => derive_open_at_delivery(tx, defs, r, id, title, market, at, now, device_id),
        None => Ok(()),
    }
}

impl Store {
    /// Logs a deliverable (optionally already delivered). A late delivery without notice raises
    /// `missed_deadline_no_notice` in the same transaction.
    pub fn log_deliverable(&mut self, input: &NewDeliverable, now: DateTime<Utc>) -> Result<Pilot> {
        self.write(|w| w.log_deliverable(input, now))
    }

    /// Records the delivery of a logged deliverable (same derived flag rule as logging).
    pub fn record_delivery(&mut self, input: &DeliveryUpdate, now: DateTime<Utc>) -> Result<Pilot> {
        self.write(|w| w.record_delivery(input, now))
    }

    /// Counts one revision round against the limit (going over is recorded and shown).
    pub fn log_revision_round(
        &mut self,
        input: &NewRevisionRound,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        self.write(|w| w.log_revision_round(input, now))
    }

    /// Logs one approval's turnaround in a market.
    pub fn log_approval(&mut self, input: &NewApproval, now: DateTime<Utc>) -> Result<Pilot> {
        self.write(|w| w.log_approval(input, now))
    }

    /// Records a metric's actual value (the latest value counts).
    pub fn record_metric_actual(
        &mut self,
        input: &MetricActual,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        self.write(|w| w.record_metric_actual(input, now))
    }
}

impl Writer<'_> {
    /// [`Store::log_deliverable`] inside the writer's transaction.
    pub fn log_deliverable(&self, input: &NewDeliverable, now: DateTime<Utc>) -> Result<Pilot> {
        let viewer = viewer_zone(input.viewer_time_zone.as_deref())?;
        let title = text::required(Field::Title, &input.title, NAME_MAX)?;
        let note = text::optional(Field::Note, &input.note, NOTE_MAX)?;
        let due = instant(Field::DueAt, &input.due_at)?;
        let delivered = input
            .delivered_at
            .as_deref()
            .map(|d| dates::happened(Field::DeliveredAt, instant(Field::DeliveredAt, d)?, now))
            .transpose()?;
        let tx = self.tx;
        let (r, _) = open_pilot(tx, &input.pilot_id, TransitionAction::LogDeliverable)?;
        let market = input
            .market
            .as_deref()
            .map(|m| check_market(tx, m))
            .transpose()?;
        let logged = deliverable_rows(tx, &r.id)?.len() as u32;
        if logged >= r.deliverables {
            return Err(Error::LimitOutOfRange {
                field: Field::Deliverables,
                min: 1,
                max: r.deliverables,
            });
        }
        if delivered.is_some() && r.started_at.is_none() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::RecordDelivery,
                state: TransitionState::NotStarted,
            });
        }
        let id = new_id();
        let at = format_instant(now);
        crate::sql::execute(
            tx,
            "INSERT INTO deliverables (id, pilot_id, title, market_code, due_at, delivered_at,
                 notice_given, verdict, note, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
            rusqlite::params![
                &id,
                &r.id,
                &title,
                &market,
                format_instant(due),
                delivered.map(format_instant),
                input.notice_given,
                input.verdict,
                &note,
                &at,
                &self.device_id
            ],
        )?;
        derive_at_delivery(
            tx,
            self.definitions,
            &r,
            (&id, &title, market.as_deref()),
            due,
            delivered,
            input.notice_given,
            now,
            self.device_id,
        )?;
        let pilot = view(tx, self.definitions, &r.id, viewer, now)?;
        Ok(pilot)
    }

    /// [`Store::record_delivery`] inside the writer's transaction.
    pub fn record_delivery(&self, input: &DeliveryUpdate, now: DateTime<Utc>) -> Result<Pilot> {
        let viewer = viewer_zone(input.viewer_time_zone.as_deref())?;
        let delivered = dates::happened(
            Field::DeliveredAt,
            instant(Field::DeliveredAt, &input.delivered_at)?,
            now,
        )?;
        let note = text::optional(Field::Note, &input.note, NOTE_MAX)?;
        let tx = self.tx;
        let (pilot_id, title, due, market): (String, String, String, Option<String>) = tx
            .query_row(
                "SELECT pilot_id, title, due_at, market_code FROM deliverables
                 WHERE id = ?1 AND deleted_at IS NULL",
                [&input.deliverable_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "deliverable",
                id: input.deliverable_id.clone(),
            })?;
        let (r, _) = open_pilot(tx, &pilot_id, TransitionAction::RecordDelivery)?;
        if r.started_at.is_none() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::RecordDelivery,
                state: TransitionState::NotStarted,
            });
        }
        crate::sql::execute(
            tx,
            "UPDATE deliverables SET delivered_at = ?2, notice_given = ?3, verdict = ?4, note = ?5,
                 updated_at = ?6, device_id = ?7 WHERE id = ?1",
            rusqlite::params![
                &input.deliverable_id,
                format_instant(delivered),
                input.notice_given,
                input.verdict,
                &note,
                format_instant(now),
                &self.device_id
            ],
        )?;
        derive_at_delivery(
            tx,
            self.definitions,
            &r,
            (&input.deliverable_id, &title, market.as_deref()),
            stored_instant("deliverables", "due_at", &due)?,
            Some(delivered),
            input.notice_given,
            now,
            self.device_id,
        )?;
        let pilot = view(tx, self.definitions, &r.id, viewer, now)?;
        Ok(pilot)
    }

    /// [`Store::log_revision_round`] inside the writer's transaction.
    pub fn log_revision_round(
        &self,
        input: &NewRevisionRound,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        let viewer = viewer_zone(input.viewer_time_zone.as_deref())?;
        let note = text::optional(Field::Note, &input.note, NOTE_MAX)?;
        let tx = self.tx;
        let (r, _) = open_pilot(tx, &input.pilot_id, TransitionAction::LogRevisionRound)?;
        let market = input
            .market
            .as_deref()
            .map(|m| check_market(tx, m))
            .transpose()?;
        crate::sql::execute(
            tx,
            "INSERT INTO revision_rounds (id, pilot_id, market_code, note, at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (
                new_id(),
                &r.id,
                &market,
                &note,
                format_instant(now),
                &self.device_id,
            ),
        )?;
        let pilot = view(tx, self.definitions, &r.id, viewer, now)?;
        Ok(pilot)
    }

    /// [`Store::log_approval`] inside the writer's transaction.
    pub fn log_approval(&self, input: &NewApproval, now: DateTime<Utc>) -> Result<Pilot> {
        let viewer = viewer_zone(input.viewer_time_zone.as_deref())?;
        let requested = instant(Field::RequestedAt, &input.requested_at)?;
        let approved = instant(Field::ApprovedAt, &input.approved_at)?;
        let note = text::optional(Field::Note, &input.note, NOTE_MAX)?;
        if approved < requested {
            return Err(Error::InvalidValue {
                field: Field::ApprovedAt,
                value: input.approved_at.clone(),
            });
        }
        let tx = self.tx;
        let (r, _) = open_pilot(tx, &input.pilot_id, TransitionAction::LogApproval)?;
        let market = check_market(tx, &input.market)?;
        crate::sql::execute(
            tx,
            "INSERT INTO approvals (id, pilot_id, market_code, requested_at, approved_at,
                 created_at, device_id, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![
                new_id(),
                &r.id,
                &market,
                format_instant(requested),
                format_instant(approved),
                format_instant(now),
                &self.device_id,
                &note
            ],
        )?;
        let pilot = view(tx, self.definitions, &r.id, viewer, now)?;
        Ok(pilot)
    }

    /// [`Store::record_metric_actual`] inside the writer's transaction.
    pub fn record_metric_actual(&self, input: &MetricActual, now: DateTime<Utc>) -> Result<Pilot> {
        let viewer = viewer_zone(input.viewer_time_zone.as_deref())?;
        let actual = check_value(Field::Actual, input.actual)?;
        let tx = self.tx;
        let pilot_id: String = crate::sql::query_row(
            tx,
            "SELECT pilot_id FROM pilot_metrics WHERE id = ?1 AND deleted_at IS NULL",
            [&input.metric_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "metric",
            id: input.metric_id.clone(),
        })?;
        let (r, _) = open_pilot(tx, &pilot_id, TransitionAction::RecordMetricActual)?;
        if r.started_at.is_none() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::RecordMetricActual,
                state: TransitionState::NotStarted,
            });
        }
        crate::sql::execute(
            tx,
            "UPDATE pilot_metrics SET actual = ?2, actual_at = ?3, device_id = ?4 WHERE id = ?1",
            (
                &input.metric_id,
                actual,
                format_instant(now),
                &self.device_id,
            ),
        )?;
        let pilot = view(tx, self.definitions, &r.id, viewer, now)?;
        Ok(pilot)
    }
}
