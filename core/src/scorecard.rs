//! Scorecards: one reviewer's answers for one phase of one partner, made with the partner's
//! framework version. Append-only: re-scoring writes a new card that `supersedes` the old one.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Field, TransitionAction};
use crate::framework::{Definitions, PhaseGate};
use crate::gate::{self, Answer, Disagreement, GateResult, ReviewerCard};
use crate::ids::{format_instant, new_id};
use crate::partner::{self, Partner};
use crate::phase::Phase;
use crate::sql;
use crate::store::{read_tx, Store, Writer};
use crate::supersede::CURRENT_SCORECARD;
use crate::text::{self, NAME_MAX, NOTE_MAX};
use crate::{Error, Result};

/// A reviewer's answers for the partner's current phase.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewScorecard {
    pub partner_id: String,
    pub phase: Phase,
    /// Who scores, typed (two people on one computer); the same name (ignoring case) re-scores
    /// and supersedes. Not asked while this device shares a workspace and has a person: the
    /// card is then that person's ([`device_reviewer`]); leave it empty (another name is
    /// refused).
    #[serde(default)]
    pub reviewer: String,
    /// Every criterion of the phase, answered once.
    pub answers: Vec<Answer>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Scorecard {
    pub id: String,
    pub partner_id: String,
    pub phase: Phase,
    /// The exact framework version the answers were given against.
    pub framework_id: String,
    pub reviewer: String,
    pub answers: Vec<Answer>,
    pub note: String,
    pub submitted_at: String,
    /// The earlier card by the same reviewer that this one replaces.
    pub supersedes: Option<String>,
}

/// Which scorecards to show. To whom is not the caller's to say: the viewer is the user name in
/// the settings (see [`hidden_from`]).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScorecardQuery {
    pub partner_id: String,
    pub phase: Phase,
}

/// A phase's scorecards as one viewer may see them.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScorecardView {
    pub phase: Phase,
    /// How many reviewers have scored (always visible, so a reviewer knows others are done).
    pub scored: u32,
    /// How many the framework waits for before judging the gate (0 when it does not score
    /// this phase).
    pub min_reviewers: u32,
    /// True when everything below is withheld because the viewer has not scored this open phase.
    pub hidden: bool,
    /// Who has scored; empty when hidden.
    pub reviewers: Vec<String>,
    /// Current cards (superseded ones left out), each with its note; empty when hidden.
    pub cards: Vec<Scorecard>,
    /// `None` when hidden or when the framework does not score this phase.
    pub gate: Option<GateResult>,
    pub disagreements: Vec<Disagreement>,
}

/// Blind scoring, the one statement of it: while `phase` is open (the partner's current phase),
/// a viewer with no current card of it sees no one's answers, notes, gate or disagreements, only
/// how many have scored. No viewer (no user name in the settings) has scored nothing. Once the
/// partner has left the phase, its cards are the record and are shown.
pub(crate) fn hidden_from(
    viewer: Option<&str>,
    partner_phase: Phase,
    phase: Phase,
    cards: &[Scorecard],
) -> bool {
    if partner_phase != phase {
        return false;
    }
    let Some(key) = viewer.map(|v| reviewer_key(v.trim())) else {
        return true;
    };
    !cards
        .iter()
        .any(|c| c.phase == phase && reviewer_key(&c.reviewer) == key)
}

/// `phase`'s current `cards` (of that phase) as a viewer sees them: judged by `gate` (the
/// partner's framework's, `None` when it does not score the phase) unless `hidden`.
pub(crate) fn view(
    phase: Phase,
    gate: Option<&PhaseGate>,
    framework_id: &str,
    cards: Vec<Scorecard>,
    hidden: bool,
) -> ScorecardView {
    let scored = cards.len() as u32;
    let min_reviewers = gate.map_or(0, |g| g.min_reviewers.max(1));
    if hidden {
        return ScorecardView {
            phase,
            scored,
            min_reviewers,
            hidden: true,
            reviewers: Vec::new(),
            cards: Vec::new(),
            gate: None,
            disagreements: Vec::new(),
        };
    }
    let (gate, disagreements) = match gate {
        Some(gate) => {
            let (result, disagreements) = judge(gate, framework_id, &cards);
            (Some(result), disagreements)
        }
        None => (None, Vec::new()),
    };
    ScorecardView {
        phase,
        scored,
        min_reviewers,
        hidden: false,
        reviewers: cards.iter().map(|c| c.reviewer.clone()).collect(),
        cards,
        gate,
        disagreements,
    }
}

/// Who a card submitted on this device is by when no one types it: while the device shares a
/// workspace and has a person (the user name in the settings), that person — each other person
/// scores on their own computer, so blind scoring holds across offices. `None` otherwise: the
/// reviewer's name is typed (two people on one computer). The one statement of it (the dossier
/// shows it, [`Writer::submit_scorecard`] applies it).
pub(crate) fn device_reviewer(conn: &Connection) -> Result<Option<String>> {
    if !crate::sync::is_on(conn)? {
        return Ok(None);
    }
    Ok(crate::settings::user_name(conn)?.filter(|n| !n.trim().is_empty()))
}

/// The reviewer of a card given `typed`: the device's person when it has one (`typed` empty or
/// that very name, else refused naming the field), else the typed name (required).
fn reviewer_of(conn: &Connection, typed: &str) -> Result<String> {
    match device_reviewer(conn)? {
        Some(person) => {
            let typed = typed.trim();
            if typed.is_empty() || typed == person {
                Ok(person)
            } else {
                Err(Error::NotTheDevicePerson {
                    field: Field::Reviewer,
                    person,
                    value: typed.chars().take(NAME_MAX as usize).collect(),
                })
            }
        }
        None => text::required(Field::Reviewer, typed, NAME_MAX),
    }
}

fn reviewer_key(name: &str) -> String {
    name.to_lowercase()
}

fn check_answers(gate: &PhaseGate, answers: &[Answer]) -> Result<()> {
    let mut seen: Vec<&str> = Vec::new();
    for a in answers {
        let Some(criterion) = gate.criteria.iter().find(|c| c.key == a.criterion) else {
            return Err(Error::NotFound {
                entity: "criterion",
                id: a.criterion.chars().take(64).collect(),
            });
        };
        if seen.contains(&a.criterion.as_str()) {
            return Err(Error::InvalidValue {
                field: Field::Answers,
                value: a.criterion.clone(),
            });
        }
        seen.push(&a.criterion);
        let (min, max) = criterion.kind.range();
        if !(min..=max).contains(&a.value) {
            return Err(Error::ScoreOutOfRange {
                criterion: a.criterion.clone(),
                value: a.value,
                min,
                max,
            });
        }
    }
    if let Some(missing) = gate
        .criteria
        .iter()
        .find(|c| !seen.contains(&c.key.as_str()))
    {
        return Err(Error::UnansweredCriterion {
            criterion: missing.key.clone(),
        });
    }
    Ok(())
}

/// The gate of `phase` in `framework_id`, or a typed error when that framework does not score it.
pub(crate) fn gate_of(
    conn: &Connection,
    defs: &Definitions,
    framework_id: &str,
    phase: Phase,
) -> Result<PhaseGate> {
    defs.get(conn, framework_id)?
        .gate(phase)
        .cloned()
        .ok_or_else(|| Error::NotFound {
            entity: "gate",
            id: phase.as_str().to_owned(),
        })
}

fn current_id(
    conn: &Connection,
    partner_id: &str,
    phase: Phase,
    key: &str,
) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.id FROM scorecards s
         WHERE s.partner_id = ?1 AND s.phase = ?2 AND s.reviewer_key = ?3
           AND {CURRENT_SCORECARD}"
    ))?;
    Ok(stmt
        .query_row((partner_id, phase.as_str(), key), |r| r.get(0))
        .optional()?)
}

fn insert(
    tx: &Transaction<'_>,
    partner: &Partner,
    input: &NewScorecard,
    reviewer: &str,
    note: &str,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<String> {
    let id = new_id();
    let key = reviewer_key(reviewer);
    let supersedes = current_id(tx, &partner.id, input.phase, &key)?;
    crate::sql::execute(
        tx,
        "INSERT INTO scorecards (id, partner_id, phase, framework_id, reviewer, reviewer_key, note,
             supersedes, submitted_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        rusqlite::params![
            &id,
            &partner.id,
            input.phase.as_str(),
            &partner.framework_id,
            reviewer,
            &key,
            note,
            &supersedes,
            format_instant(now),
            device_id
        ],
    )?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO scorecard_answers (scorecard_id, criterion_key, value, device_id)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for a in &input.answers {
        stmt.execute((&id, &a.criterion, a.value, device_id))?;
    }
    Ok(id)
}

const COLUMNS: &str =
    "s.id, s.partner_id, s.phase, s.framework_id, s.reviewer, s.note, s.submitted_at, s.supersedes";

/// The cards of `from` (`FROM scorecards s …`, a source and condition naming the card `s`),
/// ordered by `order`, each with its answers by criterion key: two queries whatever their number
/// (one when there is no card). The answers are read by the ids of the cards just read, so SQLite
/// neither sorts every answer row beside its card's columns nor looks the cards up again.
fn read(
    conn: &Connection,
    from: &str,
    order: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Scorecard>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} {from} ORDER BY {order}, s.id"))?;
    let mut cards = stmt
        .query_map(params, |r| {
            Ok(Scorecard {
                id: r.get(0)?,
                partner_id: r.get(1)?,
                phase: r.get(2)?,
                framework_id: r.get(3)?,
                reviewer: r.get(4)?,
                note: r.get(5)?,
                submitted_at: r.get(6)?,
                supersedes: r.get(7)?,
                answers: Vec::new(),
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    if cards.is_empty() {
        return Ok(cards);
    }
    // The answers come by card id, then criterion key (the primary key's order); the cards are
    // walked in id order beside them.
    let mut by_id: Vec<usize> = (0..cards.len()).collect();
    by_id.sort_unstable_by(|a, b| cards[*a].id.cmp(&cards[*b].id));
    let ids = sql::ids_json(
        &by_id
            .iter()
            .map(|i| cards[*i].id.as_str())
            .collect::<Vec<_>>(),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.scorecard_id, a.criterion_key, a.value FROM scorecard_answers a
         WHERE a.scorecard_id IN (SELECT value FROM json_each(?1))
         ORDER BY a.scorecard_id, a.criterion_key",
    )?;
    let mut rows = stmt.query([&ids])?;
    let mut next = by_id.iter().peekable();
    while let Some(r) = rows.next()? {
        let card_id = r.get_ref(0)?.as_str().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })?;
        while next.next_if(|i| cards[**i].id.as_str() < card_id).is_some() {}
        if let Some(card) = next.peek().map(|i| &mut cards[**i]) {
            if card.id == card_id {
                card.answers.push(Answer {
                    criterion: r.get(1)?,
                    value: r.get(2)?,
                });
            }
        }
    }
    Ok(cards)
}

/// The current (not superseded) cards of a phase, by reviewer name.
pub(crate) fn current(conn: &Connection, partner_id: &str, phase: Phase) -> Result<Vec<Scorecard>> {
    read(
        conn,
        &format!(
            "FROM scorecards s WHERE s.partner_id = ?1 AND s.phase = ?2 AND {CURRENT_SCORECARD}"
        ),
        "s.reviewer_key",
        (partner_id, phase.as_str()),
    )
}

/// The current cards of several partners (a JSON array of ids), of every phase: by partner,
/// phase and reviewer name.
pub(crate) fn current_of_partners(
    conn: &Connection,
    partner_ids_json: &str,
) -> Result<Vec<Scorecard>> {
    read(
        conn,
        &format!(
            "FROM scorecards s
             WHERE s.partner_id IN (SELECT value FROM json_each(?1)) AND {CURRENT_SCORECARD}"
        ),
        "s.partner_id, s.phase, s.reviewer_key",
        [partner_ids_json],
    )
}

/// The current cards of one phase per partner (a JSON array of `[partner id, phase]` pairs): by
/// partner, phase and reviewer name. SQLite searches scorecards_by_partner on both columns.
pub(crate) fn current_of_partner_phases(
    conn: &Connection,
    pairs_json: &str,
) -> Result<Vec<Scorecard>> {
    read(
        conn,
        &format!(
            "FROM json_each(?1) j
             JOIN scorecards s ON s.partner_id = j.value ->> 0 AND s.phase = j.value ->> 1
             WHERE {CURRENT_SCORECARD}"
        ),
        "s.partner_id, s.phase, s.reviewer_key",
        [pairs_json],
    )
}

fn get(conn: &Connection, id: &str) -> Result<Scorecard> {
    read(conn, "FROM scorecards s WHERE s.id = ?1", "s.id", [id])?
        .pop()
        .ok_or_else(|| Error::NotFound {
            entity: "scorecard",
            id: id.to_owned(),
        })
}

/// The cards a phase's gate counts among its current `cards`: those of the gate's phase made
/// with the partner's framework version (`framework_id`); cards made with another version are
/// shown but not counted. Pure: the one place that decides which cards a gate reads.
fn counted(gate: &PhaseGate, framework_id: &str, cards: &[Scorecard]) -> Vec<ReviewerCard> {
    cards
        .iter()
        .filter(|c| c.phase == gate.phase && c.framework_id == framework_id)
        .map(|c| ReviewerCard {
            reviewer: c.reviewer.clone(),
            answers: c.answers.clone(),
        })
        .collect()
}

/// A condition: the scorecard aliased `s` was scored blind — its reviewer's first card of the
/// phase (others' answers stay hidden until one's own is in: [`hidden_from`]), or a re-score made
/// before any other reviewer had scored the phase. The one statement of it (Insights counts it).
pub(crate) const SCORED_BLIND: &str = "(s.supersedes IS NULL OR NOT EXISTS (
    SELECT 1 FROM scorecards o WHERE o.partner_id = s.partner_id AND o.phase = s.phase
        AND o.reviewer_key <> s.reviewer_key AND o.submitted_at < s.submitted_at))";

/// A phase's gate judged on its current `cards` (of any phase; see [`counted`]), with the
/// reviewers' disagreements.
pub(crate) fn judge(
    gate: &PhaseGate,
    framework_id: &str,
    cards: &[Scorecard],
) -> (GateResult, Vec<Disagreement>) {
    let counted = counted(gate, framework_id, cards);
    (
        gate::evaluate_gate(gate, &counted),
        gate::disagreements(gate, &counted),
    )
}

/// A phase's gate judged on its current `cards`, without the disagreements.
pub(crate) fn evaluate(gate: &PhaseGate, framework_id: &str, cards: &[Scorecard]) -> GateResult {
    gate::evaluate_gate(gate, &counted(gate, framework_id, cards))
}

impl Store {
    /// Submits (or re-submits, superseding) a reviewer's scorecard for the partner's current
    /// phase, against the partner's framework version.
    pub fn submit_scorecard(
        &mut self,
        input: &NewScorecard,
        now: DateTime<Utc>,
    ) -> Result<Scorecard> {
        self.write(|w| w.submit_scorecard(input, now))
    }

    /// A phase's current scorecards with the gate result and disagreements, as the user named
    /// in the settings may see them (blind: see [`hidden_from`]).
    pub fn scorecards(&self, query: &ScorecardQuery) -> Result<ScorecardView> {
        let tx = read_tx(&self.conn)?;
        let partner = partner::get(&tx, &query.partner_id)?;
        let viewer = crate::settings::user_name(&tx)?;
        let cards = current(&tx, &partner.id, query.phase)?;
        let hidden = hidden_from(viewer.as_deref(), partner.phase, query.phase, &cards);
        // Judged on the cards just read, not read again.
        let def = self.definitions.get(&tx, &partner.framework_id)?;
        let view = view(
            query.phase,
            def.gate(query.phase),
            &partner.framework_id,
            cards,
            hidden,
        );
        tx.commit()?;
        Ok(view)
    }
}

impl Writer<'_> {
    /// [`Store::submit_scorecard`] inside the writer's transaction.
    pub fn submit_scorecard(&self, input: &NewScorecard, now: DateTime<Utc>) -> Result<Scorecard> {
        let tx = self.tx;
        let reviewer = reviewer_of(tx, &input.reviewer)?;
        let note = text::optional(Field::Note, &input.note, NOTE_MAX)?;
        let partner = partner::get(tx, &input.partner_id)?;
        if partner.phase != input.phase {
            return Err(Error::InvalidTransition {
                action: TransitionAction::SubmitScorecard,
                state: partner.phase.into(),
            });
        }
        let gate = gate_of(tx, self.definitions, &partner.framework_id, input.phase)?;
        check_answers(&gate, &input.answers)?;
        let id = insert(tx, &partner, input, &reviewer, &note, now, self.device_id)?;
        let card = get(tx, &id)?;
        Ok(card)
    }
}

#[cfg(test)]
mod tests;
