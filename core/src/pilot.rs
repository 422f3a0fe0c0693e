//! Pilots: one small, explicit scope with a partner, and what happened during it.
//!
//! A pilot is scoped (limits from the partner's framework version), its metrics agreed, started,
//! logged (deliverables, revision rounds, approvals, metric actuals) and finally debriefed. The
//! app derives two flags here, in the same transaction as the fact they come from: a pilot started
//! without agreed metrics, and a deliverable logged after its due instant with no notice.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{TransitionAction, TransitionState};
use crate::flag::{self, Derived};
use crate::framework::{Definitions, METRICS_NOT_AGREED, MISSED_DEADLINE_NO_NOTICE};
use crate::ids::{format_instant, new_id, parse_instant};
use crate::market::{self, normalize_code};
use crate::money::{self, Money};
use crate::partner::{self, validate_time_zone, Partner};
use crate::phase::Phase;
use crate::store::{write_tx, Store};
use crate::text::{self, NAME_MAX, NOTE_MAX};
use crate::zones::{in_zones, is_late, ZonedInstant};
use crate::{Error, Result};

crate::text_enum! {
    pub enum MetricUnit {
        Count = "count",
        Percent = "percent",
        /// Needs a currency.
        Money = "money",
    }
}

crate::text_enum! {
    /// A delivered piece judged against the scope.
    pub enum Verdict {
        OnScope = "on_scope",
        /// Significantly below scope.
        BelowScope = "below_scope",
    }
}

/// Hypotheses a pilot tests: 3 to 5.
pub const HYPOTHESES_MIN: u32 = 3;
pub const HYPOTHESES_MAX: u32 = 5;
pub const METRICS_MAX: u32 = 20;
/// Largest metric target or actual.
pub const METRIC_VALUE_MAX: f64 = 1e15;

/// A success metric for one market.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewMetric {
    pub market: String,
    /// e.g. "Reach" (awareness, RU) or "Conversion rate" (US).
    pub name: String,
    pub unit: MetricUnit,
    pub target: f64,
    /// Required for money metrics (ISO 4217).
    #[serde(default)]
    pub currency: Option<String>,
}

/// Who decides what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Roles {
    pub creative_feedback_owner: String,
    pub creator_relations: String,
    pub final_approval: String,
    pub escalation_path: String,
}

/// The explicit scope of a pilot.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PilotScope {
    pub creators: u32,
    pub deliverables: u32,
    /// RFC 3339 instants.
    pub starts_at: String,
    pub ends_at: String,
    pub revision_limit: u32,
    /// Decimal text, e.g. `"1500.00"`.
    pub payment_amount: String,
    pub currency: String,
    #[serde(default)]
    pub metrics: Vec<NewMetric>,
    pub roles: Roles,
    /// e.g. "async-first, weekly sync on Tuesdays".
    pub rhythm: String,
    pub hypotheses: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewPilot {
    pub partner_id: String,
    pub scope: PilotScope,
}

/// Replaces the scope of a pilot that has not started; the metrics must be agreed again.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PilotScopeEdit {
    pub pilot_id: String,
    pub scope: PilotScope,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MetricsAgreement {
    pub pilot_id: String,
    pub agreed_by: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PilotStart {
    pub pilot_id: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewDeliverable {
    pub pilot_id: String,
    pub title: String,
    #[serde(default)]
    pub market: Option<String>,
    /// The deadline instant (RFC 3339).
    pub due_at: String,
    #[serde(default)]
    pub delivered_at: Option<String>,
    /// The partner warned before the deadline passed.
    #[serde(default)]
    pub notice_given: bool,
    #[serde(default)]
    pub verdict: Option<Verdict>,
    #[serde(default)]
    pub note: String,
}

/// Records the delivery of a deliverable logged earlier.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeliveryUpdate {
    pub deliverable_id: String,
    pub delivered_at: String,
    #[serde(default)]
    pub notice_given: bool,
    #[serde(default)]
    pub verdict: Option<Verdict>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewRevisionRound {
    pub pilot_id: String,
    #[serde(default)]
    pub market: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// One approval: asked for at `requestedAt`, given at `approvedAt`, in one market.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewApproval {
    pub pilot_id: String,
    pub market: String,
    pub requested_at: String,
    pub approved_at: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MetricActual {
    pub metric_id: String,
    pub actual: f64,
}

/// The pilot tracker, with deadlines in the viewer's zone and the partner's.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PilotQuery {
    pub pilot_id: String,
    /// The viewer's IANA zone, shown first.
    pub viewer_time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Metric {
    pub id: String,
    pub market: String,
    pub name: String,
    pub unit: MetricUnit,
    pub currency: Option<String>,
    pub target: f64,
    pub actual: Option<f64>,
    /// `actual >= target`, once an actual is logged.
    pub met: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Hypothesis {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Deliverable {
    pub id: String,
    pub title: String,
    pub market: Option<String>,
    pub due: ZonedInstant,
    pub delivered: Option<ZonedInstant>,
    pub notice_given: bool,
    pub verdict: Option<Verdict>,
    /// Delivered after the due instant.
    pub late: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RevisionCounter {
    pub used: u32,
    pub limit: u32,
    pub over_limit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalTurnaround {
    pub market: String,
    pub approvals: u32,
    pub average_hours: f64,
    pub longest_hours: f64,
}

/// The pilot gate: "clear alignment and delivered on scope".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PilotGate {
    pub metrics_agreed_before_start: bool,
    pub no_dealbreaker: bool,
    /// Every deliverable delivered and judged on scope.
    pub deliverables_on_scope: bool,
    pub passed: bool,
}

/// The pilot gate from facts. Pure.
pub fn pilot_gate(
    agreed_at: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    live_dealbreaker: bool,
    verdicts: &[Option<Verdict>],
) -> PilotGate {
    let metrics_agreed_before_start = match (agreed_at, started_at) {
        (Some(a), Some(s)) => a <= s,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let deliverables_on_scope =
        !verdicts.is_empty() && verdicts.iter().all(|v| *v == Some(Verdict::OnScope));
    PilotGate {
        metrics_agreed_before_start,
        no_dealbreaker: !live_dealbreaker,
        deliverables_on_scope,
        passed: metrics_agreed_before_start && !live_dealbreaker && deliverables_on_scope,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Pilot {
    pub id: String,
    pub partner_id: String,
    pub framework_id: String,
    /// 1 for the first campaign with this partner.
    pub campaign_no: u32,
    pub creators: u32,
    pub deliverables_planned: u32,
    pub starts_at: ZonedInstant,
    pub ends_at: ZonedInstant,
    pub revision_limit: u32,
    pub payment: Money,
    pub roles: Roles,
    pub rhythm: String,
    pub metrics_agreed_at: Option<String>,
    pub metrics_agreed_by: Option<String>,
    pub started_at: Option<String>,
    pub debriefed: bool,
    pub metrics: Vec<Metric>,
    pub hypotheses: Vec<Hypothesis>,
    pub deliverables: Vec<Deliverable>,
    pub revisions: RevisionCounter,
    pub approvals: Vec<ApprovalTurnaround>,
    pub gate: PilotGate,
}

fn instant(field: &'static str, text: &str) -> Result<DateTime<Utc>> {
    parse_instant(text.trim()).ok_or_else(|| Error::InvalidValue {
        field,
        value: text.chars().take(40).collect(),
    })
}

pub(crate) fn stored_instant(text: &str) -> Result<DateTime<Utc>> {
    parse_instant(text).ok_or_else(|| Error::DamagedDatabase {
        path: Default::default(),
        detail: format!("bad instant {text:?}"),
    })
}

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

fn check_value(field: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && (0.0..=METRIC_VALUE_MAX).contains(&value) {
        Ok(value)
    } else {
        Err(Error::InvalidValue {
            field,
            value: value.to_string(),
        })
    }
}

fn check_market(conn: &Connection, code: &str) -> Result<String> {
    let code = normalize_code(code)?;
    if market::exists(conn, &code)? {
        Ok(code)
    } else {
        Err(Error::UnknownMarket(code))
    }
}

fn validate_scope(
    conn: &Connection,
    defs: &Definitions,
    partner: &Partner,
    scope: &PilotScope,
) -> Result<ValidScope> {
    let rules = defs.get(conn, &partner.framework_id)?.scope.clone();
    let creators = rules.creators.check("creators", scope.creators)?;
    let deliverables = rules
        .deliverables
        .check("deliverables", scope.deliverables)?;
    let revision_limit = rules
        .revision_limit
        .check("revisionLimit", scope.revision_limit)?;
    let starts_at = instant("startsAt", &scope.starts_at)?;
    let ends_at = instant("endsAt", &scope.ends_at)?;
    if ends_at <= starts_at {
        return Err(Error::InvalidValue {
            field: "endsAt",
            value: scope.ends_at.clone(),
        });
    }
    let minutes = (ends_at - starts_at).num_minutes();
    let days = u32::try_from((minutes + 1439) / 1440).unwrap_or(u32::MAX);
    rules.duration_days.check("durationDays", days)?;
    let payment_minor = money::parse_minor("paymentAmount", &scope.payment_amount)?;
    let currency = money::normalize_currency(&scope.currency)?;
    if scope.metrics.len() > METRICS_MAX as usize {
        return Err(Error::LimitOutOfRange {
            field: "metrics",
            min: 0,
            max: METRICS_MAX,
        });
    }
    let mut metrics = Vec::new();
    for m in &scope.metrics {
        let name = text::required("metrics.name", &m.name, NAME_MAX)?;
        let market = check_market(conn, &m.market)?;
        let target = check_value("metrics.target", m.target)?;
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
            "roles.creativeFeedbackOwner",
            &scope.roles.creative_feedback_owner,
            NAME_MAX,
        )?,
        creator_relations: text::required(
            "roles.creatorRelations",
            &scope.roles.creator_relations,
            NAME_MAX,
        )?,
        final_approval: text::required(
            "roles.finalApproval",
            &scope.roles.final_approval,
            NAME_MAX,
        )?,
        escalation_path: text::required(
            "roles.escalationPath",
            &scope.roles.escalation_path,
            NOTE_MAX,
        )?,
    };
    let rhythm = text::required("rhythm", &scope.rhythm, NOTE_MAX)?;
    let count = scope.hypotheses.len();
    if !(HYPOTHESES_MIN as usize..=HYPOTHESES_MAX as usize).contains(&count) {
        return Err(Error::LimitOutOfRange {
            field: "hypotheses",
            min: HYPOTHESES_MIN,
            max: HYPOTHESES_MAX,
        });
    }
    let hypotheses = scope
        .hypotheses
        .iter()
        .map(|h| text::required("hypotheses", h, NOTE_MAX))
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
        tx.execute(
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
        tx.execute(
            "INSERT INTO pilot_hypotheses (id, pilot_id, position, text, created_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (new_id(), pilot_id, i as u32, h, now, device_id),
        )?;
    }
    Ok(())
}

/// The raw pilot row.
struct Row {
    id: String,
    partner_id: String,
    framework_id: String,
    campaign_no: u32,
    creators: u32,
    deliverables: u32,
    starts_at: String,
    ends_at: String,
    revision_limit: u32,
    payment_minor: i64,
    currency: String,
    roles: Roles,
    rhythm: String,
    metrics_agreed_at: Option<String>,
    metrics_agreed_by: Option<String>,
    started_at: Option<String>,
}

fn row(conn: &Connection, id: &str) -> Result<Row> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, partner_id, framework_id, campaign_no, creators, deliverables, starts_at,
             ends_at, revision_limit, payment_minor, currency, feedback_owner, creator_relations,
             final_approval, escalation_path, rhythm, metrics_agreed_at, metrics_agreed_by,
             started_at
         FROM pilots WHERE id = ?1 AND deleted_at IS NULL",
    )?;
    stmt.query_row([id], |r| {
        Ok(Row {
            id: r.get(0)?,
            partner_id: r.get(1)?,
            framework_id: r.get(2)?,
            campaign_no: r.get(3)?,
            creators: r.get(4)?,
            deliverables: r.get(5)?,
            starts_at: r.get(6)?,
            ends_at: r.get(7)?,
            revision_limit: r.get(8)?,
            payment_minor: r.get(9)?,
            currency: r.get(10)?,
            roles: Roles {
                creative_feedback_owner: r.get(11)?,
                creator_relations: r.get(12)?,
                final_approval: r.get(13)?,
                escalation_path: r.get(14)?,
            },
            rhythm: r.get(15)?,
            metrics_agreed_at: r.get(16)?,
            metrics_agreed_by: r.get(17)?,
            started_at: r.get(18)?,
        })
    })
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "pilot",
        id: id.to_owned(),
    })
}

pub(crate) fn is_debriefed(conn: &Connection, pilot_id: &str) -> Result<bool> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM debriefs WHERE pilot_id = ?1")?;
    Ok(stmt.exists([pilot_id])?)
}

/// Pilot ids of a partner, oldest first.
pub(crate) fn ids_of_partner(conn: &Connection, partner_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM pilots WHERE partner_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([partner_id], |r| r.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn metrics_of(conn: &Connection, pilot_id: &str) -> Result<Vec<Metric>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, market_code, name, unit, currency, target, actual FROM pilot_metrics
         WHERE pilot_id = ?1 AND deleted_at IS NULL ORDER BY position",
    )?;
    let rows = stmt.query_map([pilot_id], |r| {
        let target: f64 = r.get(5)?;
        let actual: Option<f64> = r.get(6)?;
        Ok(Metric {
            id: r.get(0)?,
            market: r.get(1)?,
            name: r.get(2)?,
            unit: r.get(3)?,
            currency: r.get(4)?,
            target,
            actual,
            met: actual.map(|a| a >= target),
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

fn hypotheses_of(conn: &Connection, pilot_id: &str) -> Result<Vec<Hypothesis>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, text FROM pilot_hypotheses WHERE pilot_id = ?1 AND deleted_at IS NULL
         ORDER BY position",
    )?;
    let rows = stmt.query_map([pilot_id], |r| {
        Ok(Hypothesis {
            id: r.get(0)?,
            text: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Raw deliverable rows: (id, title, market, due, delivered, notice, verdict, note).
type DeliverableRow = (
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    bool,
    Option<Verdict>,
    String,
);

fn deliverable_rows(conn: &Connection, pilot_id: &str) -> Result<Vec<DeliverableRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, market_code, due_at, delivered_at, notice_given, verdict, note
         FROM deliverables WHERE pilot_id = ?1 AND deleted_at IS NULL ORDER BY due_at, id",
    )?;
    let rows = stmt.query_map([pilot_id], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

fn approvals_of(conn: &Connection, pilot_id: &str) -> Result<Vec<ApprovalTurnaround>> {
    let mut stmt = conn.prepare_cached(
        "SELECT market_code, requested_at, approved_at FROM approvals WHERE pilot_id = ?1
         ORDER BY market_code",
    )?;
    let rows = stmt
        .query_map([pilot_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let mut out: Vec<ApprovalTurnaround> = Vec::new();
    let mut sums: Vec<f64> = Vec::new();
    for (market, requested, approved) in rows {
        let hours =
            (stored_instant(&approved)? - stored_instant(&requested)?).num_minutes() as f64 / 60.0;
        match out.iter().position(|a| a.market == market) {
            Some(i) => {
                out[i].approvals += 1;
                sums[i] += hours;
                out[i].longest_hours = out[i].longest_hours.max(hours);
            }
            None => {
                out.push(ApprovalTurnaround {
                    market,
                    approvals: 1,
                    average_hours: 0.0,
                    longest_hours: hours,
                });
                sums.push(hours);
            }
        }
    }
    for (a, sum) in out.iter_mut().zip(sums) {
        a.average_hours = sum / f64::from(a.approvals);
    }
    Ok(out)
}

/// The whole pilot, with instants rendered in `zones`.
pub(crate) fn load(conn: &Connection, id: &str, zones: &[Tz]) -> Result<Pilot> {
    let live = flag::live_dealbreaker(conn, &row(conn, id)?.partner_id)?.is_some();
    load_given(conn, id, zones, live)
}

/// [`load`], its gate judged on `live_dealbreaker` as the caller read it (the dossier's facts).
pub(crate) fn load_given(
    conn: &Connection,
    id: &str,
    zones: &[Tz],
    live_dealbreaker: bool,
) -> Result<Pilot> {
    let r = row(conn, id)?;
    let revisions_used: u32 = conn.query_row(
        "SELECT count(*) FROM revision_rounds WHERE pilot_id = ?1",
        [id],
        |row| row.get(0),
    )?;
    let mut deliverables = Vec::new();
    let mut verdicts = Vec::new();
    for (did, title, market, due, delivered, notice_given, verdict, note) in
        deliverable_rows(conn, id)?
    {
        let due_at = stored_instant(&due)?;
        let delivered_at = delivered.as_deref().map(stored_instant).transpose()?;
        verdicts.push(verdict);
        deliverables.push(Deliverable {
            id: did,
            title,
            market,
            due: in_zones(due_at, zones),
            delivered: delivered_at.map(|d| in_zones(d, zones)),
            notice_given,
            verdict,
            late: delivered_at.is_some_and(|d| is_late(due_at, d)),
            note,
        });
    }
    let agreed = r
        .metrics_agreed_at
        .as_deref()
        .map(stored_instant)
        .transpose()?;
    let started = r.started_at.as_deref().map(stored_instant).transpose()?;
    let gate = pilot_gate(agreed, started, live_dealbreaker, &verdicts);
    Ok(Pilot {
        metrics: metrics_of(conn, id)?,
        hypotheses: hypotheses_of(conn, id)?,
        approvals: approvals_of(conn, id)?,
        debriefed: is_debriefed(conn, id)?,
        starts_at: in_zones(stored_instant(&r.starts_at)?, zones),
        ends_at: in_zones(stored_instant(&r.ends_at)?, zones),
        revisions: RevisionCounter {
            used: revisions_used,
            limit: r.revision_limit,
            over_limit: revisions_used > r.revision_limit,
        },
        payment: Money {
            amount: money::format_minor(r.payment_minor),
            currency: r.currency,
        },
        deliverables,
        gate,
        id: r.id,
        partner_id: r.partner_id,
        framework_id: r.framework_id,
        campaign_no: r.campaign_no,
        creators: r.creators,
        deliverables_planned: r.deliverables,
        revision_limit: r.revision_limit,
        roles: r.roles,
        rhythm: r.rhythm,
        metrics_agreed_at: r.metrics_agreed_at,
        metrics_agreed_by: r.metrics_agreed_by,
        started_at: r.started_at,
    })
}

fn partner_zone(partner: &Partner) -> Result<Tz> {
    validate_time_zone(&partner.home_time_zone)
}

/// The pilot row and its partner, refused once the pilot is debriefed.
fn open_pilot(
    conn: &Connection,
    pilot_id: &str,
    action: TransitionAction,
) -> Result<(Row, Partner)> {
    let r = row(conn, pilot_id)?;
    if is_debriefed(conn, pilot_id)? {
        return Err(Error::InvalidTransition {
            action,
            state: TransitionState::Debriefed,
        });
    }
    let partner = partner::get(conn, &r.partner_id)?;
    Ok((r, partner))
}

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
        || flag::derived_exists(tx, &r.id, Some(deliverable_id), MISSED_DEADLINE_NO_NOTICE)?
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

impl Store {
    /// Scopes a new pilot for a partner in pilot scoping (or scaled, for the next campaign).
    /// Limits come from the partner's framework version.
    pub fn create_pilot(&mut self, input: &NewPilot, now: DateTime<Utc>) -> Result<Pilot> {
        let tx = write_tx(&mut self.conn)?;
        let partner = partner::get(&tx, &input.partner_id)?;
        if !matches!(partner.phase, Phase::PilotScoping | Phase::Scaled) {
            return Err(Error::InvalidTransition {
                action: TransitionAction::CreatePilot,
                state: partner.phase.into(),
            });
        }
        let existing = ids_of_partner(&tx, &partner.id)?;
        for id in &existing {
            if !is_debriefed(&tx, id)? {
                return Err(Error::InvalidTransition {
                    action: TransitionAction::CreatePilot,
                    state: TransitionState::PilotOpen,
                });
            }
        }
        let s = validate_scope(&tx, &self.definitions, &partner, &input.scope)?;
        let id = new_id();
        let at = format_instant(now);
        tx.execute(
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
                existing.len() as u32 + 1,
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
        write_children(&tx, &id, &s, &at, &self.device_id)?;
        if partner.phase == Phase::Scaled {
            partner::set_phase(&tx, &partner.id, Phase::PilotScoping, now, &self.device_id)?;
        }
        let pilot = load(&tx, &id, &[partner_zone(&partner)?])?;
        tx.commit()?;
        Ok(pilot)
    }

    /// Replaces the scope of a pilot that has not started. The metrics must be agreed again.
    pub fn update_pilot_scope(
        &mut self,
        input: &PilotScopeEdit,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        let tx = write_tx(&mut self.conn)?;
        let (r, partner) = open_pilot(&tx, &input.pilot_id, TransitionAction::UpdatePilotScope)?;
        if r.started_at.is_some() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::UpdatePilotScope,
                state: TransitionState::Started,
            });
        }
        let s = validate_scope(&tx, &self.definitions, &partner, &input.scope)?;
        let at = format_instant(now);
        tx.execute(
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
        tx.execute(
            "UPDATE pilot_metrics SET deleted_at = ?2 WHERE pilot_id = ?1 AND deleted_at IS NULL",
            (&r.id, &at),
        )?;
        tx.execute(
            "UPDATE pilot_hypotheses SET deleted_at = ?2 WHERE pilot_id = ?1 AND deleted_at IS NULL",
            (&r.id, &at),
        )?;
        write_children(&tx, &r.id, &s, &at, &self.device_id)?;
        let pilot = load(&tx, &r.id, &[partner_zone(&partner)?])?;
        tx.commit()?;
        Ok(pilot)
    }

    /// Records that both sides agreed the metrics (explicitly, once, with at least one metric).
    pub fn agree_pilot_metrics(
        &mut self,
        input: &MetricsAgreement,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        let by = text::required("agreedBy", &input.agreed_by, NAME_MAX)?;
        let tx = write_tx(&mut self.conn)?;
        let (r, partner) = open_pilot(&tx, &input.pilot_id, TransitionAction::AgreePilotMetrics)?;
        if r.metrics_agreed_at.is_some() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::AgreePilotMetrics,
                state: TransitionState::MetricsAgreed,
            });
        }
        if metrics_of(&tx, &r.id)?.is_empty() {
            return Err(Error::LimitOutOfRange {
                field: "metrics",
                min: 1,
                max: METRICS_MAX,
            });
        }
        tx.execute(
            "UPDATE pilots SET metrics_agreed_at = ?2, metrics_agreed_by = ?3, updated_at = ?2,
                 device_id = ?4 WHERE id = ?1",
            (&r.id, format_instant(now), &by, &self.device_id),
        )?;
        let pilot = load(&tx, &r.id, &[partner_zone(&partner)?])?;
        tx.commit()?;
        Ok(pilot)
    }

    /// Starts the pilot: the partner moves to the pilot phase. Starting without agreed metrics
    /// raises the derived `metrics_not_agreed` flag in the same transaction.
    pub fn start_pilot(&mut self, input: &PilotStart, now: DateTime<Utc>) -> Result<Pilot> {
        let tx = write_tx(&mut self.conn)?;
        let (r, partner) = open_pilot(&tx, &input.pilot_id, TransitionAction::StartPilot)?;
        if r.started_at.is_some() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::StartPilot,
                state: TransitionState::Started,
            });
        }
        if partner.phase != Phase::PilotScoping {
            return Err(Error::InvalidTransition {
                action: TransitionAction::StartPilot,
                state: partner.phase.into(),
            });
        }
        tx.execute(
            "UPDATE pilots SET started_at = ?2, updated_at = ?2, device_id = ?3 WHERE id = ?1",
            (&r.id, format_instant(now), &self.device_id),
        )?;
        if r.metrics_agreed_at.is_none() {
            flag::derive(
                &tx,
                &self.definitions,
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
                &self.device_id,
            )?;
        }
        partner::set_phase(&tx, &partner.id, Phase::Pilot, now, &self.device_id)?;
        let pilot = load(&tx, &r.id, &[partner_zone(&partner)?])?;
        tx.commit()?;
        Ok(pilot)
    }

    /// Logs a deliverable (optionally already delivered). A late delivery without notice raises
    /// `missed_deadline_no_notice` in the same transaction.
    pub fn log_deliverable(&mut self, input: &NewDeliverable, now: DateTime<Utc>) -> Result<Pilot> {
        let title = text::required("title", &input.title, NAME_MAX)?;
        let note = text::optional("note", &input.note, NOTE_MAX)?;
        let due = instant("dueAt", &input.due_at)?;
        let delivered = input
            .delivered_at
            .as_deref()
            .map(|d| instant("deliveredAt", d))
            .transpose()?;
        let tx = write_tx(&mut self.conn)?;
        let (r, partner) = open_pilot(&tx, &input.pilot_id, TransitionAction::LogDeliverable)?;
        let market = input
            .market
            .as_deref()
            .map(|m| check_market(&tx, m))
            .transpose()?;
        let logged = deliverable_rows(&tx, &r.id)?.len() as u32;
        if logged >= r.deliverables {
            return Err(Error::LimitOutOfRange {
                field: "deliverables",
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
        tx.execute(
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
        derive_missed_deadline(
            &tx,
            &self.definitions,
            &r,
            &id,
            &title,
            due,
            delivered,
            input.notice_given,
            now,
            &self.device_id,
        )?;
        let pilot = load(&tx, &r.id, &[partner_zone(&partner)?])?;
        tx.commit()?;
        Ok(pilot)
    }

    /// Records the delivery of a logged deliverable (same derived flag rule as logging).
    pub fn record_delivery(&mut self, input: &DeliveryUpdate, now: DateTime<Utc>) -> Result<Pilot> {
        let delivered = instant("deliveredAt", &input.delivered_at)?;
        let note = text::optional("note", &input.note, NOTE_MAX)?;
        let tx = write_tx(&mut self.conn)?;
        let (pilot_id, title, due): (String, String, String) = tx
            .query_row(
                "SELECT pilot_id, title, due_at FROM deliverables WHERE id = ?1 AND deleted_at IS NULL",
                [&input.deliverable_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "deliverable",
                id: input.deliverable_id.clone(),
            })?;
        let (r, partner) = open_pilot(&tx, &pilot_id, TransitionAction::RecordDelivery)?;
        if r.started_at.is_none() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::RecordDelivery,
                state: TransitionState::NotStarted,
            });
        }
        tx.execute(
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
        derive_missed_deadline(
            &tx,
            &self.definitions,
            &r,
            &input.deliverable_id,
            &title,
            stored_instant(&due)?,
            Some(delivered),
            input.notice_given,
            now,
            &self.device_id,
        )?;
        let pilot = load(&tx, &r.id, &[partner_zone(&partner)?])?;
        tx.commit()?;
        Ok(pilot)
    }

    /// Counts one revision round against the limit (going over is recorded and shown).
    pub fn log_revision_round(
        &mut self,
        input: &NewRevisionRound,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        let note = text::optional("note", &input.note, NOTE_MAX)?;
        let tx = write_tx(&mut self.conn)?;
        let (r, partner) = open_pilot(&tx, &input.pilot_id, TransitionAction::LogRevisionRound)?;
        let market = input
            .market
            .as_deref()
            .map(|m| check_market(&tx, m))
            .transpose()?;
        tx.execute(
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
        let pilot = load(&tx, &r.id, &[partner_zone(&partner)?])?;
        tx.commit()?;
        Ok(pilot)
    }

    /// Logs one approval's turnaround in a market.
    pub fn log_approval(&mut self, input: &NewApproval, now: DateTime<Utc>) -> Result<Pilot> {
        let requested = instant("requestedAt", &input.requested_at)?;
        let approved = instant("approvedAt", &input.approved_at)?;
        if approved < requested {
            return Err(Error::InvalidValue {
                field: "approvedAt",
                value: input.approved_at.clone(),
            });
        }
        let tx = write_tx(&mut self.conn)?;
        let (r, partner) = open_pilot(&tx, &input.pilot_id, TransitionAction::LogApproval)?;
        let market = check_market(&tx, &input.market)?;
        tx.execute(
            "INSERT INTO approvals (id, pilot_id, market_code, requested_at, approved_at,
                 created_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![
                new_id(),
                &r.id,
                &market,
                format_instant(requested),
                format_instant(approved),
                format_instant(now),
                &self.device_id
            ],
        )?;
        let pilot = load(&tx, &r.id, &[partner_zone(&partner)?])?;
        tx.commit()?;
        Ok(pilot)
    }

    /// Records a metric's actual value (the latest value counts).
    pub fn record_metric_actual(
        &mut self,
        input: &MetricActual,
        now: DateTime<Utc>,
    ) -> Result<Pilot> {
        let actual = check_value("actual", input.actual)?;
        let tx = write_tx(&mut self.conn)?;
        let pilot_id: String = tx
            .query_row(
                "SELECT pilot_id FROM pilot_metrics WHERE id = ?1 AND deleted_at IS NULL",
                [&input.metric_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "metric",
                id: input.metric_id.clone(),
            })?;
        let (r, partner) = open_pilot(&tx, &pilot_id, TransitionAction::RecordMetricActual)?;
        if r.started_at.is_none() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::RecordMetricActual,
                state: TransitionState::NotStarted,
            });
        }
        tx.execute(
            "UPDATE pilot_metrics SET actual = ?2, actual_at = ?3, device_id = ?4 WHERE id = ?1",
            (
                &input.metric_id,
                actual,
                format_instant(now),
                &self.device_id,
            ),
        )?;
        let pilot = load(&tx, &r.id, &[partner_zone(&partner)?])?;
        tx.commit()?;
        Ok(pilot)
    }

    /// The pilot tracker: instants in the viewer's zone first, then the partner's.
    pub fn pilot(&self, query: &PilotQuery) -> Result<Pilot> {
        let viewer = validate_time_zone(&query.viewer_time_zone)?;
        let r = row(&self.conn, &query.pilot_id)?;
        let partner = partner::get(&self.conn, &r.partner_id)?;
        load(&self.conn, &r.id, &[viewer, partner_zone(&partner)?])
    }
}

#[cfg(test)]
mod tests;
