//! Pilots: one small, explicit scope with a partner, and what happened during it.
//!
//! A pilot is scoped (limits from the partner's framework version), its metrics agreed, started,
//! logged (deliverables, revision rounds, approvals, metric actuals) and finally debriefed. The
//! app derives two flags here, in the same transaction as the fact they come from: a pilot started
//! without agreed metrics, and a deliverable logged after its due instant with no notice.
//!
//! - this file: the types that cross IPC, the pilot gate, and the checks every write shares;
//! - [`scope`]: create, edit the scope, agree the metrics, start;
//! - [`log`]: deliverables, delivery, revision rounds, approvals, metric actuals;
//! - [`compliance`]: each deliverable's checklist, usage rights and payment route;
//! - [`view`]: loading a pilot and rendering it (`Store::pilot`).

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Field, TransitionAction, TransitionState};
use crate::ids::parse_instant;
use crate::market::{self, normalize_code};
use crate::money::Money;
use crate::partner::{self, Partner};
use crate::zones::ZonedInstant;
use crate::{Error, Result};

mod compliance;
mod log;
mod scope;
mod view;

pub use crate::outcome::{pilot_gate, PilotGate, Verdict};
pub use compliance::{
    Compliance, ComplianceCheck, ComplianceMark, ComplianceState, PaymentRoute, PaymentRouteInput,
    UsageRights, UsageRightsInput, UsageRightsKind, USAGE_RIGHTS_REMINDER_DAYS,
};

pub(crate) use view::{ids_of_partner, is_debriefed, load, load_given, metrics_of};
use view::{row, Row};

crate::text_enum! {
    pub enum MetricUnit {
        Count = "count",
        Percent = "percent",
        /// Needs a currency.
        Money = "money",
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
    /// Canonical decimal text, at most two places: `"1500"`, `"1500.50"` (`money::parse_minor`).
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
    /// The viewer's IANA zone: the write then returns the pilot exactly as the pilot read does
    /// for this zone (viewer first, then the partner's). Absent: in the partner's zone only.
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
}

/// Replaces the scope of a pilot that has not started; the metrics must be agreed again.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PilotScopeEdit {
    pub pilot_id: String,
    pub scope: PilotScope,
    /// The viewer's IANA zone: the write then returns the pilot exactly as the pilot read does
    /// for this zone (viewer first, then the partner's). Absent: in the partner's zone only.
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MetricsAgreement {
    pub pilot_id: String,
    pub agreed_by: String,
    /// The viewer's IANA zone: the write then returns the pilot exactly as the pilot read does
    /// for this zone (viewer first, then the partner's). Absent: in the partner's zone only.
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PilotStart {
    pub pilot_id: String,
    /// The viewer's IANA zone: the write then returns the pilot exactly as the pilot read does
    /// for this zone (viewer first, then the partner's). Absent: in the partner's zone only.
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
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
    /// The viewer's IANA zone: the write then returns the pilot exactly as the pilot read does
    /// for this zone (viewer first, then the partner's). Absent: in the partner's zone only.
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
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
    /// The viewer's IANA zone: the write then returns the pilot exactly as the pilot read does
    /// for this zone (viewer first, then the partner's). Absent: in the partner's zone only.
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewRevisionRound {
    pub pilot_id: String,
    #[serde(default)]
    pub market: Option<String>,
    #[serde(default)]
    pub note: String,
    /// The viewer's IANA zone: the write then returns the pilot exactly as the pilot read does
    /// for this zone (viewer first, then the partner's). Absent: in the partner's zone only.
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
}

/// One approval: asked for at `requestedAt`, given at `approvedAt`, in one market.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewApproval {
    pub pilot_id: String,
    pub market: String,
    pub requested_at: String,
    pub approved_at: String,
    /// What was approved, and anything worth remembering about it.
    #[serde(default)]
    pub note: String,
    /// The viewer's IANA zone: the write then returns the pilot exactly as the pilot read does
    /// for this zone (viewer first, then the partner's). Absent: in the partner's zone only.
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MetricActual {
    pub metric_id: String,
    pub actual: f64,
    /// The viewer's IANA zone: the write then returns the pilot exactly as the pilot read does
    /// for this zone (viewer first, then the partner's). Absent: in the partner's zone only.
    #[serde(default)]
    pub viewer_time_zone: Option<String>,
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
    /// Not delivered and past its due instant (`dates::is_overdue`), at the time of the read.
    pub overdue: bool,
    pub note: String,
    /// The compliance checklist, usage rights and payment route.
    pub compliance: Compliance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RevisionCounter {
    pub used: u32,
    pub limit: u32,
    pub over_limit: bool,
    /// Every round asked for, oldest first, with its note.
    pub rounds: Vec<RevisionRound>,
}

/// One revision round as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RevisionRound {
    pub market: Option<String>,
    pub note: String,
    pub at: ZonedInstant,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalTurnaround {
    pub market: String,
    pub approvals: u32,
    pub average_hours: f64,
    pub longest_hours: f64,
    /// Each approval, oldest request first, with its note.
    pub entries: Vec<Approval>,
}

/// One approval as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    pub requested: ZonedInstant,
    pub approved: ZonedInstant,
    pub hours: f64,
    pub note: String,
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

/// A user-written instant (RFC 3339), refused by field name when it does not parse.
fn instant(field: Field, text: &str) -> Result<DateTime<Utc>> {
    parse_instant(text.trim()).ok_or_else(|| Error::InvalidValue {
        field,
        value: text.chars().take(40).collect(),
    })
}

/// A metric target or actual: finite, 0 to [`METRIC_VALUE_MAX`].
fn check_value(field: Field, value: f64) -> Result<f64> {
    if value.is_finite() && (0.0..=METRIC_VALUE_MAX).contains(&value) {
        Ok(value)
    } else {
        Err(Error::InvalidValue {
            field,
            value: value.to_string(),
        })
    }
}

/// A market code the app knows.
fn check_market(conn: &Connection, code: &str) -> Result<String> {
    let code = normalize_code(code)?;
    if market::exists(conn, &code)? {
        Ok(code)
    } else {
        Err(Error::UnknownMarket(code))
    }
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

#[cfg(test)]
mod tests;
