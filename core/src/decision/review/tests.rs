use chrono::Duration;

use super::*;
use crate::decision::NewDecision;
use crate::error::Field;
use crate::insights::InsightsQuery;
use crate::recommendation::Choice;
use crate::reminder::ReminderQuery;
use crate::testing::{self, t0};

/// A hold for a new partner at `t0`, reviewed 30 days on, with `confidence`.
fn decided(store: &mut Store, name: &str, confidence: Option<u32>) -> Result<Decision> {
    let partner = testing::partner(store, name).id;
    store.record_decision(
        &NewDecision {
            partner_id: partner,
            choice: Choice::Hold,
            decided_by: "Founder".into(),
            rationale: "wait for their Q1 numbers".into(),
            assumptions: vec![],
            review_on: Some(review_day()),
            confidence,
            expected: Some("  They come back with numbers by the review  ".into()),
        },
        t0(),
    )
}

fn review_day() -> String {
    (t0() + Duration::days(30)).format("%Y-%m-%d").to_string()
}

fn review(id: &str, as_expected: bool) -> NewDecisionReview {
    NewDecisionReview {
        decision_id: id.into(),
        as_expected,
        note: " they did ".into(),
    }
}

fn reviews_due(store: &Store, now: chrono::DateTime<chrono::Utc>) -> u32 {
    store
        .reminders(
            &ReminderQuery {
                viewer_time_zone: "Europe/Moscow".into(),
                kind: None,
                offset: 0,
                limit: Some(10),
            },
            now,
        )
        .expect("reminders")
        .reviews_due
}

#[test]
fn a_confidence_outside_the_bands_is_refused_and_changes_nothing() {
    let mut store = testing::store();
    let partner = testing::partner(&mut store, "Acme").id;
    let before = testing::dump(&store);
    let input = NewDecision {
        partner_id: partner,
        choice: Choice::Hold,
        decided_by: "Founder".into(),
        rationale: "why".into(),
        assumptions: vec![],
        review_on: None,
        confidence: Some(55),
        expected: None,
    };
    match store.record_decision(&input, t0()) {
        Err(Error::InvalidValue { field, value }) => {
            assert_eq!((field, value.as_str()), (Field::Confidence, "55"));
        }
        other => panic!("55 % is not a band: {other:?}"),
    }
    assert_eq!(testing::dump(&store), before, "refused and changes nothing");
}

#[test]
fn a_decision_keeps_its_confidence_and_expected_outcome() {
    let mut store = testing::store();
    let d = decided(&mut store, "Acme", Some(70)).expect("recorded");
    assert_eq!(d.confidence, Some(70));
    assert_eq!(
        d.expected.as_deref(),
        Some("They come back with numbers by the review"),
        "trimmed, otherwise as typed"
    );
    assert_eq!((d.review.clone(), d.reviews), (None, 0));
    let plain = decided(&mut store, "Beta", None).expect("no confidence is fine");
    assert_eq!(plain.confidence, None);
}

#[test]
fn a_review_waits_for_its_date_and_a_name_then_answers_the_reminder() {
    let mut store = testing::store();
    let d = decided(&mut store, "Acme", Some(70)).expect("recorded");
    let early = t0() + Duration::days(10);
    let before = testing::dump(&store);
    match store.review_decision(&review(&d.id, true), early) {
        Err(Error::InvalidTransition { action, state }) => assert_eq!(
            (action, state),
            (
                TransitionAction::ReviewDecision,
                TransitionState::ReviewNotDue
            )
        ),
        other => panic!("not due yet: {other:?}"),
    }
    let due = t0() + Duration::days(31);
    assert_eq!(reviews_due(&store, due), 1, "the review is due");
    match store.review_decision(&review(&d.id, true), due) {
        Err(Error::EmptyField { field }) => assert_eq!(field, Field::UserName),
        other => panic!("who reviews is the user named in the settings: {other:?}"),
    }
    assert_eq!(testing::dump(&store), before, "refused and changes nothing");
    store.set_user_name("Светлана", due).expect("name");
    let reviewed = store
        .review_decision(&review(&d.id, false), due)
        .expect("reviewed");
    let r = reviewed.review.clone().expect("the review");
    assert_eq!(
        (
            r.as_expected,
            r.note.as_str(),
            r.by.as_str(),
            reviewed.reviews
        ),
        (false, "they did", "Светлана", 1)
    );
    assert_eq!(
        reviews_due(&store, due),
        0,
        "a reviewed decision is not due"
    );
    let corrected = store
        .review_decision(&review(&d.id, true), due + Duration::hours(1))
        .expect("a later review corrects");
    assert_eq!(
        (corrected.review.map(|r| r.as_expected), corrected.reviews),
        (Some(true), 2),
        "the latest counts; both are kept"
    );
    let insights = store
        .insights(&InsightsQuery::default(), due)
        .expect("insights");
    let band = insights
        .calibration
        .bands
        .iter()
        .find(|b| b.confidence == 70)
        .expect("the 70 % band");
    assert_eq!((band.reviewed, band.as_expected), (1, 1));
    assert_eq!(band.partners.shown[0].name, "Acme", "the partner behind it");
    assert_eq!(band.partners.total, 1);
    assert!(!insights.calibration.enough, "too few reviewed yet — n = 1");
}

#[test]
fn a_decision_without_a_review_date_or_superseded_is_not_reviewed() {
    let mut store = testing::store();
    store.set_user_name("Anna", t0()).expect("name");
    let partner = testing::partner(&mut store, "Acme").id;
    let d = store
        .record_decision(
            &NewDecision {
                partner_id: partner,
                choice: Choice::Hold,
                decided_by: "Founder".into(),
                rationale: "why".into(),
                assumptions: vec![],
                review_on: None,
                confidence: Some(90),
                expected: None,
            },
            t0(),
        )
        .expect("recorded");
    let later = t0() + Duration::days(400);
    let refused = |r: Result<Decision>| match r {
        Err(Error::InvalidTransition { state, .. }) => state,
        other => panic!("refused: {other:?}"),
    };
    assert_eq!(
        refused(store.review_decision(&review(&d.id, true), later)),
        TransitionState::NoReviewDate
    );
    let old = decided(&mut store, "Beta", Some(60)).expect("recorded");
    store
        .correct_decision(
            &crate::decision::DecisionCorrection {
                decision_id: old.id.clone(),
                choice: Choice::Hold,
                decided_by: "Founder".into(),
                rationale: "corrected".into(),
                assumptions: vec![],
                review_on: Some(review_day()),
                confidence: Some(80),
                expected: None,
            },
            t0() + Duration::hours(1),
        )
        .expect("corrected");
    assert_eq!(
        refused(store.review_decision(&review(&old.id, true), later)),
        TransitionState::NotLatest
    );
}
