//! Scoping a pilot: create, edit the scope, agree the metrics, start.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};

use super::view::{ids_of_partner, is_debriefed, metrics_of, view, viewer_zone, zones_for};
use super::{
    check_market, check_value, instant, open_pilot, MetricUnit, MetricsAgreement, NewPilot, Pilot,
    PilotScope, PilotScopeEdit, PilotStart, Roles, HYPOTHESES_MAX, HYPOTHESES_MIN, METRICS_MAX,
};
use crate::dates;
use crate::error::{Field, TransitionAction, TransitionState};
use crate::flag::{self, Derived};
use crate::framework::{Definitions, METRICS_NOT_AGREED};
use crate::ids::{format_instant, new_id};
use crate::money;
use crate::partner::{self, Partner};
use crate::sql::stored_instant;
use crate::store::{Store, Writer};
use crate::text::{self, NAME_MAX, NOTE_MAX};
use crate::zones::in_zones;
use crate::{campaign, decision};
use crate::{Error, Result};

struct ValidMetric {
    market: String,
    name: String,
    unit: MetricUnit,
    target: f64,
    currency: Option<String>,
}

struct ValidScope {
    creators: u32,
    deliverables: u32,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    revision_limit: u32,
    payment_minor: i64,
    currency: String,
    metrics: Vec<ValidMetric>,
    roles: Roles,
    rhythm: String,
    hypotheses: Vec<String>,
}

fn validate_scope(
    conn: &Connection,
    defs: &Definitions,
    partner: &Partner,
    campaign_no: u32,
    scope: &PilotScope,
) -> Result<ValidScope> {
    let rules = defs
        .get(conn, &partner.framework_id)?
        .scope_for(campaign_no)
        .clone();
    let creators = rules.creators.check(Field::Creators, scope.creators)?;
    let deliverables = rules
        .deliverables
        .check(Field::Deliverables, scope.deliverables)?;
    let revision_limit = rules
        .revision_limit
        .check(Field::RevisionLimit, scope.revision_limit)?;
    let starts_at = instant(Field::StartsAt, &scope.starts_at)?;
    let ends_at = instant(Field::EndsAt, &scope.ends_at)?;
    if ends_at <= starts_at {
        return Err(Error::InvalidValue {
            field: Field::EndsAt,
            value: scope.ends_at.clone(),
        });
    }
    let minutes = (ends_at - starts_at).num_minutes();
    let days = u32::try_from((minutes + 1439) / 1440).unwrap_or(u32::MAX);
    rules.duration_days.check(Field::DurationDays, days)?;
    let payment_minor = money::parse_minor(Field::PaymentAmount, &scope.payment_amount)?;
    let currency = money::normalize_currency(&scope.currency)?;
    if scope.metrics.len() > METRICS_MAX as usize {
        return Err(Error::LimitOutOfRange {
            field: Field::Metrics,
            min: 0,
            max: METRICS_MAX,
        });
    }
    let mut metrics = Vec::new();
    for m in &scope.metrics {
        let name = text::required(Field::MetricsName, &m.name, NAME_MAX)?;
        let market = check_market(conn, &m.market)?;
        let target = check_value(Field::MetricsTarget, m.target)?;
        let currency = match (m.unit, m.currency.as_deref().map(str::trim)) {
            (MetricUnit::Money, None | Some("")) => {
                return Err(Error::MetricNeedsCurrency { metric: name })
            }
            (MetricUnit::Money, Some(code)) => Some(money::normalize_currency(code)?),
            (_, _) => None,
        };
        metrics.push(ValidMetric {
            market,
            name,
            unit: m.unit,
            target,
            currency,
        });
    }
    let roles = Roles {
        creative_feedback_owner: text::required(
            Field::RolesCreativeFeedbackOwner,
            &scope.roles.creative_feedback_owner,
            NAME_MAX,
        )?,
        creator_relations: text::required(
            Field::RolesCreatorRelations,
            &scope.roles.creator_relations,
            NAME_MAX,
        )?,
        final_approval: text::required(
            Field::RolesFinalApproval,
            &scope.roles.final_approval,
            NAME_MAX,
        )?,
        escalation_path: text::required(
            Field::RolesEscalationPath,
            &scope.roles.escalation_path,
            NOTE_MAX,
        )?,
    };
    let rhythm = text::required(Field::Rhythm, &scope.rhythm, NOTE_MAX)?;
    let count = scope.hypotheses.len();
    if !(HYPOTHESES_MIN as usize..=HYPOTHESES_MAX as usize).contains(&count) {
        return Err(Error::LimitOutOfRange {
            field: Field::Hypotheses,
            min: HYPOTHESES_MIN,
            max: HYPOTHESES_MAX,
        });
    }
    let hypotheses = scope
        .hypotheses
        .iter()
        .map(|h| text::required(Field::Hypotheses, h, NOTE_MAX))
        .collect::<Result<Vec<_>>>()?;
    Ok(ValidScope {
        creators,
        deliverables,
        starts_at,
        ends_at,
        revision_limit,
        payment_minor,
        currency,
        metrics,
        roles,
        rhythm,
        hypotheses,
    })
}

fn write_children(
    tx: &Transaction<'_>,
    pilot_id: &str,
    s: &ValidScope,
    now: &str,
    device_id: &str,
) -> Result<()> {
    for (i, m) in s.metrics.iter().enumerate() {
        crate::sql::execute(
            tx,
            "INSERT INTO pilot_metrics (id, pilot_id, position, market_code, name, unit, currency,
                 target, created_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                new_id(),
                pilot_id,
                i as u32,
                &m.market,
                &m.name,
                m.unit,
                &m.currency,
                m.target,
                now,
                device_id
            ],
        )?;
    }
    for (i, h) in s.hypotheses.iter().enumerate() {
        crate::sql::execute(
            tx,
            "INSERT INTO pilot_hypotheses (id, pilot_id, position, text, created_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (new_id(), pilot_id, i as u32, h, now, device_id),
        )?;
    }
    Ok(())
}

impl Store {
    /// Scopes a new pilot for a partner in pilot scoping (or scaled, for the next campaign).
    /// Limits come from the partner's framework version.
    pub fn create_pilot(&mut self, input: &NewPilot, now: DateTime<Utc>) -> Result<Pilot> {
        self.write(|w| w.create_pilot(input, now))
    }

    /// Replaces the scope of a pilot that has not started. The metrics must be agreed again.
    pub fn update_pilot_scope(
        &mut self,
        input: &PilotScopeEdit,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        self.write(|w| w.update_pilot_scope(input, now))
    }

    /// Records that both sides agreed the metrics (explicitly, once, with at least one metric).
    pub fn agree_pilot_metrics(
        &mut self,
        input: &MetricsAgreement,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        self.write(|w| w.agree_pilot_metrics(input, now))
    }

    /// Starts the pilot: the partner moves to the pilot phase. Starting without agreed metrics
    /// raises the derived `metrics_not_agreed` flag in the same transaction.
    pub fn start_pilot(&mut self, input: &PilotStart, now: DateTime<Utc>) -> Result<Pilot> {
        self.write(|w| w.start_pilot(input, now))
    }
}

impl Writer<'_> {
    /// [`Store::create_pilot`] inside the writer's transaction.
    pub fn create_pilot(&self, input: &NewPilot, now: DateTime<Utc>) -> Result<Pilot> {
        let viewer = viewer_zone(input.viewer_time_zone.as_deref())?;
        let tx = self.tx;
        let partner = partner::get(tx, &input.partner_id)?;
        let existing = ids_of_partner(tx, &partner.id)?;
        for id in &existing {
            if !is_debriefed(tx, id)? {
                return Err(Error::InvalidTransition {
                    action: TransitionAction::CreatePilot,
                    state: TransitionState::PilotOpen,
                });
            }
        }
        let latest = match existing.last() {
            Some(id) => Some(super::row(tx, id)?.campaign_no),
            None => None,
        };
        let rung = decision::rung(&decision::of_partner(tx, &partner.id)?, None);
        let number = campaign::next_number(partner.phase, latest, rung)?;
        let s = validate_scope(tx, self.definitions, &partner, number, &input.scope)?;
        let id = new_id();
        let at = format_instant(now);
        crate::sql::execute(
            tx,
            "INSERT INTO pilots (id, partner_id, framework_id, campaign_no, creators, deliverables,
                 starts_at, ends_at, revision_limit, payment_minor, currency, feedback_owner,
                 creator_relations, final_approval, escalation_path, rhythm, created_at,
                 updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?17, ?18)",
            rusqlite::params![
                &id,
                &partner.id,
                &partner.framework_id,
                number,
                s.creators,
                s.deliverables,
                format_instant(s.starts_at),
                format_instant(s.ends_at),
                s.revision_limit,
                s.payment_minor,
                &s.currency,
                &s.roles.creative_feedback_owner,
                &s.roles.creator_relations,
                &s.roles.final_approval,
                &s.roles.escalation_path,
                &s.rhythm,
                &at,
                &self.device_id
            ],
        )?;
        write_children(tx, &id, &s, &at, self.device_id)?;
        let pilot = view(tx, self.definitions, &id, viewer, now)?;
        Ok(pilot)
    }

    /// [`Store::update_pilot_scope`] inside the writer's transaction.
    pub fn update_pilot_scope(&self, input: &PilotScopeEdit, now: DateTime<Utc>) -> Result<Pilot> {
        let viewer = viewer_zone(input.viewer_time_zone.as_deref())?;
        let tx = self.tx;
        let (r, partner) = open_pilot(tx, &input.pilot_id, TransitionAction::UpdatePilotScope)?;
        if r.started_at.is_some() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::UpdatePilotScope,
                state: TransitionState::Started,
            });
        }
        let s = validate_scope(tx, self.definitions, &partner, r.campaign_no, &input.scope)?;
        let at = format_instant(now);
        crate::sql::execute(
            tx,
            "UPDATE pilots SET creators = ?2, deliverables = ?3, starts_at = ?4, ends_at = ?5,
                 revision_limit = ?6, payment_minor = ?7, currency = ?8, feedback_owner = ?9,
                 creator_relations = ?10, final_approval = ?11, escalation_path = ?12,
                 rhythm = ?13, metrics_agreed_at = NULL, metrics_agreed_by = NULL,
                 updated_at = ?14, device_id = ?15
             WHERE id = ?1",
            rusqlite::params![
                &r.id,
                s.creators,
                s.deliverables,
                format_instant(s.starts_at),
                format_instant(s.ends_at),
                s.revision_limit,
                s.payment_minor,
                &s.currency,
                &s.roles.creative_feedback_owner,
                &s.roles.creator_relations,
                &s.roles.final_approval,
                &s.roles.escalation_path,
                &s.rhythm,
                &at,
                &self.device_id
            ],
        )?;
        // Soft-delete the old metrics and hypotheses; nothing refers to them before the start.
        crate::sql::execute(
            tx,
            "UPDATE pilot_metrics SET deleted_at = ?2 WHERE pilot_id = ?1 AND deleted_at IS NULL",
            (&r.id, &at),
        )?;
        crate::sql::execute(tx,
            "UPDATE pilot_hypotheses SET deleted_at = ?2 WHERE pilot_id = ?1 AND deleted_at IS NULL",
            (&r.id, &at),
        )?;
        write_children(tx, &r.id, &s, &at, self.device_id)?;
        let pilot = view(tx, self.definitions, &r.id, viewer, now)?;
        Ok(pilot)
    }

    /// [`Store::agree_pilot_metrics`] inside the writer's transaction.
    pub fn agree_pilot_metrics(
        &self,
        input: &MetricsAgreement,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        let viewer = viewer_zone(input.viewer_time_zone.as_deref())?;
        let by = text::required(Field::AgreedBy, &input.agreed_by, NAME_MAX)?;
        let tx = self.tx;
        let (r, _) = open_pilot(tx, &input.pilot_id, TransitionAction::AgreePilotMetrics)?;
        if r.metrics_agreed_at.is_some() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::AgreePilotMetrics,
                state: TransitionState::MetricsAgreed,
            });
        }
        if metrics_of(tx, &r.id)?.is_empty() {
            return Err(Error::LimitOutOfRange {
                field: Field::Metrics,
                min: 1,
                max: METRICS_MAX,
            });
        }
        crate::sql::execute(
            tx,
            "UPDATE pilots SET metrics_agreed_at = ?2, metrics_agreed_by = ?3, updated_at = ?2,
                 device_id = ?4 WHERE id = ?1",
            (&r.id, format_instant(now), &by, &self.device_id),
        )?;
        let pilot = view(tx, self.definitions, &r.id, viewer, now)?;
        Ok(pilot)
    }

    /// [`Store::start_pilot`] inside the writer's transaction.
    pub fn start_pilot(&self, input: &PilotStart, now: DateTime<Utc>) -> Result<Pilot> {
        let viewer = viewer_zone(input.viewer_time_zone.as_deref())?;
        let tx = self.tx;
        let (r, partner) = open_pilot(tx, &input.pilot_id, TransitionAction::StartPilot)?;
        if r.started_at.is_some() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::StartPilot,
                state: TransitionState::Started,
            });
        }
        let rung = decision::rung(&decision::of_partner(tx, &partner.id)?, None);
        let after = campaign::phase_on_start(partner.phase, rung)?;
        let starts = stored_instant("pilots", "starts_at", &r.starts_at)?;
        let ends = stored_instant("pilots", "ends_at", &r.ends_at)?;
        if !dates::can_start(starts, ends, now) {
            let zones = zones_for(viewer, &partner)?;
            return Err(Error::OutsideScopeDates {
                starts_at: in_zones(starts, &zones),
                ends_at: in_zones(ends, &zones),
            });
        }
        crate::sql::execute(
            tx,
            "UPDATE pilots SET started_at = ?2, updated_at = ?2, device_id = ?3 WHERE id = ?1",
            (&r.id, format_instant(now), &self.device_id),
        )?;
        if r.metrics_agreed_at.is_none() {
            flag::derive(
                tx,
                self.definitions,
                &Derived {
                    partner_id: &r.partner_id,
                    framework_id: &r.framework_id,
                    pilot_id: &r.id,
                    deliverable_id: None,
                    kind: METRICS_NOT_AGREED,
                    occurred_at: now,
                    // Nothing user-written to add: the kind says it all, in either language.
                    note: String::new(),
                },
                now,
                self.device_id,
            )?;
        }
        if after != partner.phase {
            partner::set_phase(tx, &partner.id, after, now, self.device_id)?;
        }
        let pilot = view(tx, self.definitions, &r.id, viewer, now)?;
        Ok(pilot)
    }
}
