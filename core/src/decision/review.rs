//! A decision's review at its review date: did it go as expected? Append-only
//! (`decision_reviews`, schema v7): who (the user named in the settings), when (now), an optional
//! note; a later review corrects an earlier one, the latest counting. Only a current decision
//! with a review date that has come can be reviewed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::{get, Decision};
use crate::error::{Field, TransitionAction, TransitionState};
use crate::ids::{format_instant, new_id};
use crate::store::{Store, Writer};
use crate::text::{self, NOTE_MAX};
use crate::{Error, Result};

/// What the team records at a decision's review date.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewDecisionReview {
    pub decision_id: String,
    /// It went as the decision expected.
    pub as_expected: bool,
    /// What happened, in a few words (optional).
    #[serde(default)]
    pub note: String,
}

fn refused(state: TransitionState) -> Error {
    Error::InvalidTransition {
        action: TransitionAction::ReviewDecision,
        state,
    }
}

impl Store {
    /// Records whether a decision went as expected, at or after its review date; answers the
    /// decision with its latest review.
    pub fn review_decision(
        &mut self,
        input: &NewDecisionReview,
        now: DateTime<Utc>,
    ) -> Result<Decision> {
        self.write(|w| w.review_decision(input, now))
    }
}

impl Writer<'_> {
    /// [`Store::review_decision`] inside the writer's transaction.
    pub fn review_decision(
        &self,
        input: &NewDecisionReview,
        now: DateTime<Utc>,
    ) -> Result<Decision> {
        let note = text::optional(Field::ReviewNote, &input.note, NOTE_MAX)?;
        let tx = self.tx;
        let decision = get(tx, &input.decision_id)?;
        crate::partner::get(tx, &decision.partner_id)?;
        if decision.superseded_by.is_some() {
            return Err(refused(TransitionState::NotLatest));
        }
        let Some(review_on) = decision.review_on.as_deref() else {
            return Err(refused(TransitionState::NoReviewDate));
        };
        let day =
            NaiveDate::parse_from_str(review_on, "%Y-%m-%d").map_err(|_| Error::MalformedRow {
                table: "decisions",
                column: "review_on",
                detail: review_on.to_owned(),
            })?;
        if !crate::dates::review_is_due(day, now) {
            return Err(refused(TransitionState::ReviewNotDue));
        }
        let by = crate::settings::author(tx)?;
        crate::sql::execute(
            tx,
            "INSERT INTO decision_reviews (id, decision_id, as_expected, note, by_name, at,
                 device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![
                new_id(),
                &decision.id,
                input.as_expected,
                note,
                by,
                format_instant(now),
                self.device_id
            ],
        )?;
        get(tx, &decision.id)
    }
}

#[cfg(test)]
mod tests;
