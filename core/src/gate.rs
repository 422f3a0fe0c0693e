//! Gates: a phase's scorecards, from every reviewer, judged against a framework version's
//! criteria and threshold. Pure: no database, no clock.
//!
//! A criterion passes when the mean of the reviewers' answers reaches its `passAt` (for yes/no,
//! every reviewer said yes). The gate passes when the weights of passed criteria reach the
//! threshold. Adding a passing answer never turns a passed criterion into a failed one, and the
//! order of reviewers or answers never matters: all sums are integers. Until the gate's
//! `minReviewers` have scored it is *waiting*: never passed, whatever the answers so far.

use serde::{Deserialize, Serialize};

use crate::framework::{CriterionKind, Localized, PhaseGate};
use crate::phase::Phase;

/// One answer: for yes/no 1 = yes and 0 = no; for a scale 1–5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Answer {
    pub criterion: String,
    pub value: i32,
}

/// One reviewer's current answers for a phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewerCard {
    pub reviewer: String,
    pub answers: Vec<Answer>,
}

/// How one criterion fared across reviewers.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CriterionResult {
    pub key: String,
    pub label: Localized,
    pub weight: u32,
    pub pass_at: u32,
    /// How many reviewers answered it.
    pub answered: u32,
    /// The mean answer, `None` when nobody answered.
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GateResult {
    pub phase: Phase,
    pub passed: bool,
    pub passed_criteria: Vec<CriterionResult>,
    pub failed_criteria: Vec<CriterionResult>,
    pub passed_weight: u32,
    pub total_weight: u32,
    pub threshold: u32,
    pub reviewers: u32,
    /// How many reviewers the framework waits for before judging this gate.
    pub min_reviewers: u32,
    /// Fewer than `min_reviewers` have scored: the gate is neither passed nor failed yet.
    pub waiting: bool,
    /// Weighted mean of the normalised answers, 0–1 (unanswered criteria count 0).
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReviewerAnswer {
    pub reviewer: String,
    pub value: i32,
}

/// A criterion the reviewers answered far apart: yes against no, or 2 points or more on a scale
/// (the seeds' "calibration" moment).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Disagreement {
    pub criterion: String,
    pub label: Localized,
    /// Highest minus lowest answer, normalised to 0–1.
    pub spread: f64,
    pub answers: Vec<ReviewerAnswer>,
}

fn answers_for<'a>(cards: &'a [ReviewerCard], key: &'a str) -> impl Iterator<Item = i32> + 'a {
    cards.iter().filter_map(move |card| {
        card.answers
            .iter()
            .find(|a| a.criterion == key)
            .map(|a| a.value)
    })
}

/// Whether `gate` still waits for reviewers when `scored` have scored: the one statement of the
/// rule (a gate always waits for at least one).
pub fn is_waiting(gate: &PhaseGate, scored: usize) -> bool {
    scored < gate.min_reviewers.max(1) as usize
}

/// Judges the current cards of every reviewer against `gate`.
pub fn evaluate_gate(gate: &PhaseGate, cards: &[ReviewerCard]) -> GateResult {
    let mut passed_criteria = Vec::new();
    let mut failed_criteria = Vec::new();
    let mut passed_weight = 0;
    let mut total_weight = 0;
    let mut weighted = 0.0;
    for c in &gate.criteria {
        let (lo, hi) = c.kind.range();
        let (lo, hi) = (i64::from(lo), i64::from(hi));
        let values: Vec<i64> = answers_for(cards, &c.key)
            .map(|v| i64::from(v).clamp(lo, hi))
            .collect();
        let n = values.len() as i64;
        let sum: i64 = values.iter().sum();
        let pass_at = match c.kind {
            CriterionKind::YesNo => 1,
            CriterionKind::Scale => i64::from(c.pass_at),
        };
        let passes = n > 0 && sum >= pass_at * n;
        total_weight += c.weight;
        if n > 0 {
            weighted += f64::from(c.weight) * ((sum - lo * n) as f64 / ((hi - lo) * n) as f64);
        }
        let result = CriterionResult {
            key: c.key.clone(),
            label: c.label.clone(),
            weight: c.weight,
            pass_at: c.pass_at,
            answered: n as u32,
            mean: (n > 0).then(|| sum as f64 / n as f64),
        };
        if passes {
            passed_weight += c.weight;
            passed_criteria.push(result);
        } else {
            failed_criteria.push(result);
        }
    }
    let score = if total_weight == 0 {
        0.0
    } else {
        (weighted / f64::from(total_weight)).clamp(0.0, 1.0)
    };
    let waiting = is_waiting(gate, cards.len());
    GateResult {
        phase: gate.phase,
        passed: !waiting && total_weight > 0 && passed_weight >= gate.threshold,
        min_reviewers: gate.min_reviewers.max(1),
        waiting,
        passed_criteria,
        failed_criteria,
        passed_weight,
        total_weight,
        threshold: gate.threshold,
        reviewers: cards.len() as u32,
        score,
    }
}

/// Criteria where reviewers are at least half the scale apart.
pub fn disagreements(gate: &PhaseGate, cards: &[ReviewerCard]) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for c in &gate.criteria {
        let mut answers: Vec<ReviewerAnswer> = cards
            .iter()
            .filter_map(|card| {
                card.answers
                    .iter()
                    .find(|a| a.criterion == c.key)
                    .map(|a| ReviewerAnswer {
                        reviewer: card.reviewer.clone(),
                        value: a.value,
                    })
            })
            .collect();
        let (Some(min), Some(max)) = (
            answers.iter().map(|a| a.value).min(),
            answers.iter().map(|a| a.value).max(),
        ) else {
            continue;
        };
        let (lo, hi) = c.kind.range();
        let spread = f64::from(max - min) / f64::from(hi - lo);
        if spread >= 0.5 {
            answers.sort_by(|a, b| a.reviewer.cmp(&b.reviewer));
            out.push(Disagreement {
                criterion: c.key.clone(),
                label: c.label.clone(),
                spread,
                answers,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
