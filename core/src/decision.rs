//! The decision log: append-only. Each decision records who, when, the choice, the rationale,
//! the assumptions it rests on and an optional review date, plus the recommendation shown at the
//! time. A correction is a new entry that `supersedes` the old one; the old row is never changed.
//!
//! This module is the log: its entries, their validation, the insert and the reads. Recording a
//! decision (which reads the partner's facts, asks [`crate::transition`] where the choice leads
//! and moves the phase) is `Store::record_decision` in transition.rs: the facts read this log, so
//! the write path sits above both.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::Field;
use crate::ids::{format_instant, new_id};
use crate::partner;
use crate::phase::Phase;
use crate::recommendation::{Choice, Recommendation};
use crate::sql::{json_column, to_json};
use crate::store::Store;
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
    /// How confident the team is, in percent: one of [`CONFIDENCE_BANDS`].
    #[serde(default)]
    pub confidence: Option<u32>,
    /// What the team expects to happen, written before it does.
    #[serde(default)]
    pub expected: Option<String>,
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
    #[serde(default)]
    pub confidence: Option<u32>,
    #[serde(default)]
    pub expected: Option<String>,
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
    /// How confident the team was, in percent (schema v7; none before).
    pub confidence: Option<u32>,
    /// What the team expected to happen.
    pub expected: Option<String>,
    /// The latest review at the review date, and how many were recorded (a later one corrects).
    pub review: Option<DecisionReview>,
    pub reviews: u32,
}

/// Whether a decision went as expected, recorded at its review date (append-only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DecisionReview {
    pub as_expected: bool,
    pub note: String,
    /// The user named in the settings.
    pub by: String,
    pub at: String,
}

/// The confidences a decision may carry, in percent: from a coin toss to certain. Hit rates are
/// shown per band.
pub const CONFIDENCE_BANDS: [u32; 6] = [50, 60, 70, 80, 90, 100];

/// A decision's input, checked and ready to append.
pub(crate) struct ValidDecision {
    pub choice: Choice,
    decided_by: String,
    rationale: String,
    assumptions: String,
    review_on: Option<String>,
    confidence: Option<u32>,
    expected: Option<String>,
}

/// A decision's input as typed, new or a correction.
pub(crate) struct Entry<'a> {
    pub choice: Choice,
    pub decided_by: &'a str,
    pub rationale: &'a str,
    pub assumptions: &'a [String],
    pub review_on: Option<&'a str>,
    pub confidence: Option<u32>,
    pub expected: Option<&'a str>,
}

/// A new decision and a correction read the same fields.
macro_rules! entry_from {
    ($input:ty) => {
        impl<'a> From<&'a $input> for Entry<'a> {
            fn from(d: &'a $input) -> Self {
                Entry {
                    choice: d.choice,
                    decided_by: &d.decided_by,
                    rationale: &d.rationale,
                    assumptions: &d.assumptions,
                    review_on: d.review_on.as_deref(),
                    confidence: d.confidence,
                    expected: d.expected.as_deref(),
                }
            }
        }
    };
}
entry_from!(NewDecision);
entry_from!(DecisionCorrection);

/// Checks a decision's input (texts, assumptions, review date, a rung of the ladder, the
/// confidence band and the expected outcome).
pub(crate) fn validate(entry: Entry<'_>, now: DateTime<Utc>) -> Result<ValidDecision> {
    let Entry {
        choice,
        decided_by,
        rationale,
        assumptions,
        review_on,
        confidence,
        expected,
    } = entry;
    if let Some(c) = confidence.filter(|c| !CONFIDENCE_BANDS.contains(c)) {
        return Err(Error::InvalidValue {
            field: Field::Confidence,
            value: c.to_string(),
        });
    }
    let expected = match expected {
        Some(text) => Some(text::optional(Field::Expected, text, NOTE_MAX)?),
        None => None,
    }
    .filter(|t| !t.is_empty());
    let decided_by = text::required(Field::DecidedBy, decided_by, NAME_MAX)?;
    let rationale = text::required(Field::Rationale, rationale, NOTE_MAX)?;
    if assumptions.len() > ASSUMPTIONS_MAX as usize {
        return Err(Error::LimitOutOfRange {
            field: Field::Assumptions,
            min: 0,
            max: ASSUMPTIONS_MAX,
        });
    }
    let assumptions = assumptions
        .iter()
        .map(|a| text::required(Field::Assumptions, a, NOTE_MAX))
        .collect::<Result<Vec<_>>>()?;
    let review_on = match review_on.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => {
            let day =
                NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| Error::InvalidValue {
                    field: Field::ReviewOn,
                    value: text.chars().take(20).collect(),
                })?;
            Some(
                crate::dates::review_after_decision(day, now)?
                    .format("%Y-%m-%d")
                    .to_string(),
            )
        }
    };
    if let Choice::ScaleTo { campaigns } = choice {
        if !crate::recommendation::LADDER.contains(&campaigns) {
            return Err(Error::InvalidValue {
                field: Field::Campaigns,
                value: campaigns.to_string(),
            });
        }
    }
    Ok(ValidDecision {
        choice,
        decided_by,
        rationale,
        assumptions: to_json(&assumptions)?,
        review_on,
        confidence,
        expected,
    })
}

/// The latest current (not superseded) decision of a partner's log, oldest first.
pub(crate) fn latest(log: &[Decision]) -> Option<&Decision> {
    log.iter().rfind(|d| d.superseded_by.is_none())
}

/// The partner's rung from its log: the last current scale-up (by decision instant, then id),
/// leaving out `excluding` (the decision being corrected), or 1.
pub(crate) fn rung(log: &[Decision], excluding: Option<&str>) -> u32 {
    log.iter()
        .filter(|d| d.superseded_by.is_none() && Some(d.id.as_str()) != excluding)
        .filter_map(|d| match d.choice {
            Choice::ScaleTo { campaigns } => Some(((&d.decided_at, &d.id), campaigns)),
            _ => None,
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, campaigns)| campaigns)
        .unwrap_or(1)
}

/// Appends a decision; returns its id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(
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
    let recommended = to_json(recommended)?;
    // Made after every decision in force that nothing followed yet (a correction: but the one
    // it corrects), as this device knows them.
    let follows: Vec<String> = open_ends(tx, partner_id)?
        .into_iter()
        .filter(|d| Some(d.as_str()) != supersedes)
        .collect();
    crate::sql::execute(
        tx,
        "INSERT INTO decisions (id, partner_id, choice, scale_to, decided_by, rationale,
             assumptions, review_on, recommended, phase_before, phase_after, supersedes,
             decided_at, device_id, confidence, expected, follows)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
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
            device_id,
            d.confidence,
            &d.expected,
            to_json(&follows)?
        ],
    )?;
    Ok(id)
}

/// The partner's decisions in force that no decision was made after, oldest first: one while
/// the offices decide in turn; two or more when they decided without seeing each other
/// (conflicting decisions, settled by the next decision or a correction). A decision written
/// before `follows` existed follows every earlier one.
pub(crate) fn open_ends(conn: &Connection, partner_id: &str) -> Result<Vec<String>> {
    struct Row {
        id: String,
        follows: Option<String>,
        at: (String, String),
        current: bool,
    }
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.follows, d.decided_at,
                NOT EXISTS (SELECT 1 FROM decisions s WHERE s.supersedes = d.id)
           FROM decisions d WHERE d.partner_id = ?1
          ORDER BY d.decided_at, d.id",
    )?;
    let rows = stmt
        .query_map([partner_id], |r| {
            Ok(Row {
                id: r.get(0)?,
                follows: r.get(1)?,
                at: (r.get(2)?, r.get(0)?),
                current: r.get(3)?,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let mut followed: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        match &row.follows {
            Some(json) => {
                let ids: Vec<String> =
                    serde_json::from_str(json).map_err(|e| Error::MalformedRow {
                        table: "decisions",
                        column: "follows",
                        detail: e.to_string(),
                    })?;
                for id in ids {
                    if let Some(r) = rows.iter().find(|r| r.id == id) {
                        followed.insert(r.id.as_str());
                    }
                }
            }
            None => followed.extend(
                rows[..i]
                    .iter()
                    .filter(|r| r.at < row.at)
                    .map(|r| r.id.as_str()),
            ),
        }
    }
    Ok(rows
        .iter()
        .filter(|r| r.current && !followed.contains(r.id.as_str()))
        .map(|r| r.id.clone())
        .collect())
}

const COLUMNS: &str = "d.id, d.partner_id, d.choice, d.scale_to, d.decided_by, d.rationale,
    d.assumptions, d.review_on, d.recommended, d.phase_before, d.phase_after, d.supersedes,
    d.decided_at, d.confidence, d.expected,
    (SELECT json_object('asExpected', json(iif(r.as_expected, 'true', 'false')), 'note', r.note,
                        'by', r.by_name, 'at', r.at)
     FROM decision_reviews r WHERE r.decision_id = d.id ORDER BY r.at DESC, r.id DESC LIMIT 1),
    (SELECT count(*) FROM decision_reviews r WHERE r.decision_id = d.id)";

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
    let recommended: Recommendation = json_column(r, 8, "decisions", "recommended")?;
    Ok(Decision {
        id: r.get(0)?,
        partner_id: r.get(1)?,
        choice,
        decided_by: r.get(4)?,
        rationale: r.get(5)?,
        assumptions: json_column(r, 6, "decisions", "assumptions")?,
        review_on: r.get(7)?,
        recommended,
        phase_before: r.get(9)?,
        phase_after: r.get(10)?,
        supersedes: r.get(11)?,
        decided_at: r.get(12)?,
        confidence: r.get(13)?,
        expected: r.get(14)?,
        review: match r.get::<_, Option<String>>(15)? {
            Some(_) => Some(json_column(r, 15, "decision_reviews", "review")?),
            None => None,
        },
        reviews: r.get(16)?,
        superseded_by: r.get(17)?,
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

/// The decisions matching `filter` (a condition on `d` with the one parameter `?1`), superseded
/// ones included: by partner, then oldest first.
fn read(conn: &Connection, filter: &str, param: &str) -> Result<Vec<Decision>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, {DECISION_SUPERSEDED_BY} FROM decisions d WHERE {filter}
         ORDER BY d.partner_id, d.decided_at, d.id"
    ))?;
    let rows = stmt.query_map([param], row_to_decision)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Every decision of a partner, superseded ones included, oldest first.
pub(crate) fn of_partner(conn: &Connection, partner_id: &str) -> Result<Vec<Decision>> {
    read(conn, "d.partner_id = ?1", partner_id)
}

/// The decisions of several partners (a JSON array of ids): by partner, then oldest first.
/// Every one, or (`scale_ups_only`) the current scale-ups, all that [`rung`] reads.
pub(crate) fn of_partners(
    conn: &Connection,
    partner_ids_json: &str,
    scale_ups_only: bool,
) -> Result<Vec<Decision>> {
    let scale_ups = if scale_ups_only {
        format!("AND d.choice = 'scale_to' AND {CURRENT_DECISION}")
    } else {
        String::new()
    };
    read(
        conn,
        &format!("d.partner_id IN (SELECT value FROM json_each(?1)) {scale_ups}"),
        partner_ids_json,
    )
}

impl Store {
    /// The decision log of a partner, corrections and superseded entries included, oldest first.
    pub fn decisions(&self, partner_id: &str) -> Result<Vec<Decision>> {
        partner::get(&self.conn, partner_id)?;
        of_partner(&self.conn, partner_id)
    }
}

mod review;
pub use review::NewDecisionReview;

#[cfg(test)]
mod tests;
