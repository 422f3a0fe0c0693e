//! The decision log: append-only. Each decision records who, when, the choice, the rationale,
//! the assumptions it rests on and an optional review date, plus the recommendation shown at the
//! time. Decisions move the partner's phase. A correction is a new entry that `supersedes` the
//! old one; the old row is never changed.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::dossier::facts;
use crate::error::{TransitionAction, TransitionState};
use crate::flag;
use crate::framework::Definitions;
use crate::ids::{format_instant, new_id};
use crate::partner::{self, json_column, Partner};
use crate::phase::Phase;
use crate::recommendation::{next_rung, recommend, Choice, Recommendation};
use crate::store::{write_tx, Store};
use crate::supersede::{CURRENT_DECISION, DECISION_SUPERSEDED_BY};
use crate::text::{self, NAME_MAX, NOTE_MAX};
use crate::{Error, Result};

/// Most assumptions one decision may list.
pub const ASSUMPTIONS_MAX: u32 = 20;

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewDecision {
    pub partner_id: String,
    pub choice: Choice,
    pub decided_by: String,
    pub rationale: String,
    /// "We assume RU audiences prefer founder-led copy because…"
    #[serde(default)]
    pub assumptions: Vec<String>,
    /// `YYYY-MM-DD`: when to look at this decision again.
    #[serde(default)]
    pub review_on: Option<String>,
}

/// Replaces the partner's latest decision with a corrected one (a new entry).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecisionCorrection {
    /// The decision being corrected.
    pub decision_id: String,
    pub choice: Choice,
    pub decided_by: String,
    pub rationale: String,
    #[serde(default)]
    pub assumptions: Vec<String>,
    #[serde(default)]
    pub review_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub id: String,
    pub partner_id: String,
    pub choice: Choice,
    pub decided_by: String,
    pub rationale: String,
    pub assumptions: Vec<String>,
    pub review_on: Option<String>,
    /// What the app recommended when the decision was made.
    pub recommended: Recommendation,
    pub phase_before: Phase,
    pub phase_after: Phase,
    pub supersedes: Option<String>,
    /// The entry that corrected this one, if any.
    pub superseded_by: Option<String>,
    pub decided_at: String,
}

struct ValidDecision {
    choice: Choice,
    decided_by: String,
    rationale: String,
    assumptions: String,
    review_on: Option<String>,
}

fn validate(
    choice: Choice,
    decided_by: &str,
    rationale: &str,
    assumptions: &[String],
    review_on: Option<&str>,
) -> Result<ValidDecision> {
    let decided_by = text::required("decidedBy", decided_by, NAME_MAX)?;
    let rationale = text::required("rationale", rationale, NOTE_MAX)?;
    if assumptions.len() > ASSUMPTIONS_MAX as usize {
        return Err(Error::LimitOutOfRange {
            field: "assumptions",
            min: 0,
            max: ASSUMPTIONS_MAX,
        });
    }
    let assumptions = assumptions
        .iter()
        .map(|a| text::required("assumptions", a, NOTE_MAX))
        .collect::<Result<Vec<_>>>()?;
    let review_on = match review_on.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| Error::InvalidValue {
                    field: "reviewOn",
                    value: text.chars().take(20).collect(),
                })?
                .format("%Y-%m-%d")
                .to_string(),
        ),
    };
    if let Choice::ScaleTo { campaigns } = choice {
        if !crate::recommendation::LADDER.contains(&campaigns) {
            return Err(Error::InvalidValue {
                field: "campaigns",
                value: campaigns.to_string(),
            });
        }
    }
    Ok(ValidDecision {
        choice,
        decided_by,
        rationale,
        assumptions: serde_json::to_string(&assumptions).map_err(|e| Error::InvalidValue {
            field: "assumptions",
            value: e.to_string(),
        })?,
        review_on,
    })
}

/// The partner's current rung: the last effective scale-up, or 1.
pub(crate) fn rung(conn: &Connection, partner_id: &str, excluding: Option<&str>) -> Result<u32> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.scale_to FROM decisions d
         WHERE d.partner_id = ?1 AND d.choice = 'scale_to' AND d.id IS NOT ?2
           AND {CURRENT_DECISION}
         ORDER BY d.decided_at DESC, d.id DESC LIMIT 1"
    ))?;
    Ok(stmt
        .query_row((partner_id, excluding), |r| r.get::<_, u32>(0))
        .optional()?
        .unwrap_or(1))
}

/// Where `choice` takes a partner in `phase`, or why it may not.
fn apply(
    conn: &Connection,
    defs: &Definitions,
    partner: &Partner,
    phase: Phase,
    choice: Choice,
    rung_now: u32,
) -> Result<Phase> {
    let refuse = || Error::InvalidTransition {
        action: choice.into(),
        state: phase.into(),
    };
    if phase == Phase::Walked {
        return Err(refuse());
    }
    if !matches!(choice, Choice::Walk | Choice::Hold) {
        if let Some(flag_id) = flag::live_dealbreaker(conn, &partner.id)? {
            return Err(Error::DealbreakerOpen { flag_id });
        }
    }
    match (choice, phase) {
        (Choice::Walk, _) => Ok(Phase::Walked),
        (Choice::Hold, p) => Ok(p),
        (Choice::Advance, Phase::Sourced) => Ok(Phase::GutCheck),
        (Choice::Advance, Phase::GutCheck) => {
            let gate = crate::scorecard::gate_result(conn, defs, partner, Phase::GutCheck)?;
            match gate {
                Some((g, _)) if !g.passed => Err(Error::ThresholdNotMet {
                    phase: Phase::GutCheck.as_str(),
                    passed_weight: g.passed_weight,
                    threshold: g.threshold,
                }),
                _ => Ok(Phase::PilotScoping),
            }
        }
        (Choice::Repeat, Phase::Debrief | Phase::Scaled) => Ok(Phase::PilotScoping),
        (Choice::ScaleTo { campaigns }, Phase::Debrief) => {
            if next_rung(rung_now) == Some(campaigns) {
                Ok(Phase::Scaled)
            } else {
                Err(Error::LadderJump {
                    from: rung_now,
                    to: campaigns,
                })
            }
        }
        _ => Err(refuse()),
    }
}

#[allow(clippy::too_many_arguments)]
fn insert(
    tx: &Transaction<'_>,
    partner_id: &str,
    d: &ValidDecision,
    recommended: &Recommendation,
    before: Phase,
    after: Phase,
    supersedes: Option<&str>,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<String> {
    let id = new_id();
    let scale_to = match d.choice {
        Choice::ScaleTo { campaigns } => Some(campaigns),
        _ => None,
    };
    let recommended = serde_json::to_string(recommended).map_err(|e| Error::InvalidValue {
        field: "recommendation",
        value: e.to_string(),
    })?;
    tx.execute(
        "INSERT INTO decisions (id, partner_id, choice, scale_to, decided_by, rationale,
             assumptions, review_on, recommended, phase_before, phase_after, supersedes,
             decided_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        rusqlite::params![
            &id,
            partner_id,
            d.choice.as_str(),
            scale_to,
            &d.decided_by,
            &d.rationale,
            &d.assumptions,
            &d.review_on,
            &recommended,
            before,
            after,
            supersedes,
            format_instant(now),
            device_id
        ],
    )?;
    Ok(id)
}

const COLUMNS: &str = "d.id, d.partner_id, d.choice, d.scale_to, d.decided_by, d.rationale,
    d.assumptions, d.review_on, d.recommended, d.phase_before, d.phase_after, d.supersedes,
    d.decided_at";

fn row_to_decision(r: &rusqlite::Row<'_>) -> rusqlite::Result<Decision> {
    let kind: String = r.get(2)?;
    let scale_to: Option<u32> = r.get(3)?;
    let choice = match (kind.as_str(), scale_to) {
        ("advance", _) => Choice::Advance,
        ("hold", _) => Choice::Hold,
        ("walk", _) => Choice::Walk,
        ("repeat", _) => Choice::Repeat,
        ("scale_to", Some(campaigns)) => Choice::ScaleTo { campaigns },
        _ => {
            return Err(rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("bad decision choice {kind:?}").into(),
            ))
        }
    };
    // The recommendation as shown when deciding, even if the rules change later.
    let recommended: Recommendation = json_column(r, 8)?;
    Ok(Decision {
        id: r.get(0)?,
        partner_id: r.get(1)?,
        choice,
        decided_by: r.get(4)?,
        rationale: r.get(5)?,
        assumptions: json_column(r, 6)?,
        review_on: r.get(7)?,
        recommended,
        phase_before: r.get(9)?,
        phase_after: r.get(10)?,
        supersedes: r.get(11)?,
        decided_at: r.get(12)?,
        superseded_by: r.get(13)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Decision> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, {DECISION_SUPERSEDED_BY} FROM decisions d WHERE d.id = ?1"
    ))?;
    stmt.query_row([id], row_to_decision)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "decision",
            id: id.to_owned(),
        })
}

/// Every decision of a partner, superseded ones included, oldest first.
pub(crate) fn of_partner(conn: &Connection, partner_id: &str) -> Result<Vec<Decision>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, {DECISION_SUPERSEDED_BY} FROM decisions d WHERE d.partner_id = ?1
         ORDER BY d.decided_at, d.id"
    ))?;
    let rows = stmt.query_map([partner_id], row_to_decision)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

impl Store {
    /// Records a decision and moves the partner's phase accordingly. Refused when the move is
    /// not allowed (e.g. advancing past a failed gate, or a ladder jump from 1 to 5), and when a
    /// dealbreaker is open for anything but walk or hold.
    pub fn record_decision(&mut self, input: &NewDecision, now: DateTime<Utc>) -> Result<Decision> {
        let valid = validate(
            input.choice,
            &input.decided_by,
            &input.rationale,
            &input.assumptions,
            input.review_on.as_deref(),
        )?;
        let tx = write_tx(&mut self.conn)?;
        let partner = partner::get(&tx, &input.partner_id)?;
        let recommended = recommend(&facts(&tx, &self.definitions, &partner)?);
        let rung_now = rung(&tx, &partner.id, None)?;
        let after = apply(
            &tx,
            &self.definitions,
            &partner,
            partner.phase,
            valid.choice,
            rung_now,
        )?;
        let id = insert(
            &tx,
            &partner.id,
            &valid,
            &recommended,
            partner.phase,
            after,
            None,
            now,
            &self.device_id,
        )?;
        if after != partner.phase {
            partner::set_phase(&tx, &partner.id, after, now, &self.device_id)?;
        }
        let decision = get(&tx, &id)?;
        tx.commit()?;
        Ok(decision)
    }

    /// Corrects the partner's latest decision: a new entry supersedes it, and the phase is
    /// recomputed from where the corrected decision started.
    pub fn correct_decision(
        &mut self,
        input: &DecisionCorrection,
        now: DateTime<Utc>,
    ) -> Result<Decision> {
        let valid = validate(
            input.choice,
            &input.decided_by,
            &input.rationale,
            &input.assumptions,
            input.review_on.as_deref(),
        )?;
        let tx = write_tx(&mut self.conn)?;
        let old = get(&tx, &input.decision_id)?;
        let partner = partner::get(&tx, &old.partner_id)?;
        let latest = of_partner(&tx, &partner.id)?
            .into_iter()
            .rfind(|d| d.superseded_by.is_none())
            .map(|d| d.id);
        if old.superseded_by.is_some() || latest.as_deref() != Some(old.id.as_str()) {
            return Err(Error::InvalidTransition {
                action: TransitionAction::CorrectDecision,
                state: TransitionState::NotLatest,
            });
        }
        if partner.phase != old.phase_after {
            return Err(Error::InvalidTransition {
                action: TransitionAction::CorrectDecision,
                state: partner.phase.into(),
            });
        }
        let recommended = recommend(&facts(&tx, &self.definitions, &partner)?);
        let rung_before = rung(&tx, &partner.id, Some(&old.id))?;
        let after = apply(
            &tx,
            &self.definitions,
            &partner,
            old.phase_before,
            valid.choice,
            rung_before,
        )?;
        let id = insert(
            &tx,
            &partner.id,
            &valid,
            &recommended,
            old.phase_before,
            after,
            Some(&old.id),
            now,
            &self.device_id,
        )?;
        if after != partner.phase {
            partner::set_phase(&tx, &partner.id, after, now, &self.device_id)?;
        }
        let decision = get(&tx, &id)?;
        tx.commit()?;
        Ok(decision)
    }

    /// The decision log of a partner, corrections and superseded entries included, oldest first.
    pub fn decisions(&self, partner_id: &str) -> Result<Vec<Decision>> {
        partner::get(&self.conn, partner_id)?;
        of_partner(&self.conn, partner_id)
    }
}

#[cfg(test)]
mod tests;
