//! Debriefs: what worked, what did not, each hypothesis judged, how the partnership itself
//! worked, and the failure cause. Append-only: a correction supersedes the previous debrief.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Field, TransitionAction, TransitionState};
use crate::ids::{format_instant, new_id};
use crate::partner;
use crate::pilot::{self, Metric};
use crate::store::{Store, Writer};
use crate::supersede::CURRENT_DEBRIEF;
use crate::text::{self, NAME_MAX, NOTE_MAX};
use crate::{campaign, decision};
use crate::{Error, Result};

pub use crate::outcome::FailureCause;

crate::text_enum! {
    pub enum HypothesisVerdict {
        Validated = "validated",
        Refuted = "refuted",
        Refined = "refined",
    }
}

/// How the partnership itself worked, 1–5 each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Health {
    pub communication: i32,
    pub speed: i32,
    /// Ownership of problems.
    pub ownership: i32,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HypothesisOutcome {
    pub hypothesis_id: String,
    pub verdict: HypothesisVerdict,
    #[serde(default)]
    pub note: String,
}

/// A debrief of a started pilot; recording another for the same pilot supersedes the last.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewDebrief {
    pub pilot_id: String,
    pub author: String,
    #[serde(default)]
    pub worked: String,
    #[serde(default)]
    pub did_not_work: String,
    /// A verdict for every hypothesis of the pilot.
    pub hypotheses: Vec<HypothesisOutcome>,
    pub health: Health,
    pub failure_cause: FailureCause,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HypothesisResult {
    pub hypothesis_id: String,
    pub text: String,
    pub verdict: HypothesisVerdict,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Debrief {
    pub id: String,
    pub pilot_id: String,
    pub partner_id: String,
    pub author: String,
    pub worked: String,
    pub did_not_work: String,
    pub hypotheses: Vec<HypothesisResult>,
    pub health: Health,
    pub failure_cause: FailureCause,
    /// The pilot's metrics, target against actual.
    pub metrics: Vec<Metric>,
    pub created_at: String,
    pub supersedes: Option<String>,
}

fn check_health(field: &str, value: i32) -> Result<i32> {
    if (1..=5).contains(&value) {
        Ok(value)
    } else {
        Err(Error::ScoreOutOfRange {
            criterion: field.to_owned(),
            value,
            min: 1,
            max: 5,
        })
    }
}

/// The current debrief id of a pilot, if any.
pub(crate) fn current_id(conn: &Connection, pilot_id: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.id FROM debriefs d WHERE d.pilot_id = ?1 AND {CURRENT_DEBRIEF}"
    ))?;
    Ok(stmt.query_row([pilot_id], |r| r.get(0)).optional()?)
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Debrief> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, pilot_id, partner_id, author, worked, did_not_work, communication, speed,
             ownership, failure_cause, created_at, supersedes
         FROM debriefs WHERE id = ?1",
    )?;
    let mut d = stmt
        .query_row([id], |r| {
            Ok(Debrief {
                id: r.get(0)?,
                pilot_id: r.get(1)?,
                partner_id: r.get(2)?,
                author: r.get(3)?,
                worked: r.get(4)?,
                did_not_work: r.get(5)?,
                health: Health {
                    communication: r.get(6)?,
                    speed: r.get(7)?,
                    ownership: r.get(8)?,
                },
                failure_cause: r.get(9)?,
                created_at: r.get(10)?,
                supersedes: r.get(11)?,
                hypotheses: Vec::new(),
                metrics: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "debrief",
            id: id.to_owned(),
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT dh.hypothesis_id, h.text, dh.verdict, dh.note FROM debrief_hypotheses dh
         JOIN pilot_hypotheses h ON h.id = dh.hypothesis_id
         WHERE dh.debrief_id = ?1 ORDER BY h.position",
    )?;
    d.hypotheses = stmt
        .query_map([id], |r| {
            Ok(HypothesisResult {
                hypothesis_id: r.get(0)?,
                text: r.get(1)?,
                verdict: r.get(2)?,
                note: r.get(3)?,
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    d.metrics = pilot::metrics_of(conn, &d.pilot_id)?;
    Ok(d)
}

fn insert(
    tx: &Transaction<'_>,
    input: &NewDebrief,
    partner_id: &str,
    texts: (&str, &str, &str),
    supersedes: Option<&str>,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<String> {
    let id = new_id();
    let (author, worked, did_not_work) = texts;
    crate::sql::execute(
        tx,
        "INSERT INTO debriefs (id, pilot_id, partner_id, author, worked, did_not_work,
             communication, speed, ownership, failure_cause, supersedes, created_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        rusqlite::params![
            &id,
            &input.pilot_id,
            partner_id,
            author,
            worked,
            did_not_work,
            input.health.communication,
            input.health.speed,
            input.health.ownership,
            input.failure_cause,
            supersedes,
            format_instant(now),
            device_id
        ],
    )?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO debrief_hypotheses (debrief_id, hypothesis_id, verdict, note, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for h in &input.hypotheses {
        let note = text::optional(Field::HypothesesNote, &h.note, NOTE_MAX)?;
        stmt.execute(rusqlite::params![
            &id,
            &h.hypothesis_id,
            h.verdict,
            note,
            device_id
        ])?;
    }
    Ok(id)
}

impl Store {
    /// Debriefs a started pilot; the partner moves from pilot to debrief. Recording again for
    /// the same pilot (while the partner is still in debrief) supersedes the previous debrief.
    pub fn record_debrief(&mut self, input: &NewDebrief, now: DateTime<Utc>) -> Result<Debrief> {
        self.write(|w| w.record_debrief(input, now))
    }
}

impl Writer<'_> {
    /// [`Store::record_debrief`] inside the writer's transaction.
    pub fn record_debrief(&self, input: &NewDebrief, now: DateTime<Utc>) -> Result<Debrief> {
        let author = text::required(Field::Author, &input.author, NAME_MAX)?;
        let worked = text::optional(Field::Worked, &input.worked, NOTE_MAX)?;
        let did_not_work = text::optional(Field::DidNotWork, &input.did_not_work, NOTE_MAX)?;
        check_health("communication", input.health.communication)?;
        check_health("speed", input.health.speed)?;
        check_health("ownership", input.health.ownership)?;
        let tx = self.tx;
        let p = pilot::load(tx, self.definitions, &input.pilot_id, &[], now)?;
        let partner = partner::get(tx, &p.partner_id)?;
        if p.started_at.is_none() {
            return Err(Error::InvalidTransition {
                action: TransitionAction::RecordDebrief,
                state: TransitionState::NotStarted,
            });
        }
        let previous = current_id(tx, &p.id)?;
        let log = decision::of_partner(tx, &partner.id)?;
        let rung = decision::rung(&log, None);
        let after = campaign::phase_after_debrief(p.campaign_no, rung);
        // A first debrief closes a running campaign; a correction comes before the decision it
        // leads to, on the partner's latest campaign.
        let allowed = match &previous {
            None => campaign::debriefs_in(partner.phase),
            Some(current) => {
                let current = get(tx, current)?;
                let decided_since = decision::latest(&log)
                    .is_some_and(|d| d.decided_at.as_str() > current.created_at.as_str());
                let latest = pilot::ids_of_partner(tx, &partner.id)?.last() == Some(&p.id);
                partner.phase == after && latest && !decided_since
            }
        };
        if !allowed {
            return Err(Error::InvalidTransition {
                action: TransitionAction::RecordDebrief,
                state: partner.phase.into(),
            });
        }
        let mut seen: Vec<&str> = Vec::new();
        for h in &input.hypotheses {
            if !p.hypotheses.iter().any(|x| x.id == h.hypothesis_id) {
                return Err(Error::NotFound {
                    entity: "hypothesis",
                    id: h.hypothesis_id.chars().take(64).collect(),
                });
            }
            if seen.contains(&h.hypothesis_id.as_str()) {
                return Err(Error::InvalidValue {
                    field: Field::Hypotheses,
                    value: h.hypothesis_id.clone(),
                });
            }
            seen.push(&h.hypothesis_id);
        }
        if let Some(missing) = p.hypotheses.iter().find(|h| !seen.contains(&h.id.as_str())) {
            return Err(Error::InvalidValue {
                field: Field::Hypotheses,
                value: missing.id.clone(),
            });
        }
        let id = insert(
            tx,
            input,
            &partner.id,
            (&author, &worked, &did_not_work),
            previous.as_deref(),
            now,
            self.device_id,
        )?;
        if previous.is_none() && after != partner.phase {
            partner::set_phase(tx, &partner.id, after, now, self.device_id)?;
        }
        let debrief = get(tx, &id)?;
        Ok(debrief)
    }
}
