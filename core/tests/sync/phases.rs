//! The phase never travels: each office replays it from the decisions, pilot starts and debriefs
//! it holds, in the order of the shared clock (design/SYNC.md: "derived, never synced").

use std::sync::Arc;

use chrono::Duration;
use vetta_core::decision::NewDecision;
use vetta_core::phase::Phase;
use vetta_core::recommendation::Choice;
use vetta_core::{testing, Store};

use crate::two::{dossier, exchange, pair};

fn decision(partner_id: &str, choice: Choice, by: &str) -> NewDecision {
    NewDecision {
        partner_id: partner_id.into(),
        choice,
        decided_by: by.into(),
        rationale: format!("{by} read the dossier"),
        assumptions: vec![],
        review_on: None,
        confidence: Some(70),
        expected: Some("the next campaign shows it".into()),
    }
}

fn phase(store: &Store, id: &str) -> Phase {
    store.partner(id).expect("reads").phase
}

#[test]
fn a_decision_made_after_reading_another_wins_even_from_a_slow_clock() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    // New York's computer runs three hours slow.
    b.set_sharing_clock(Arc::new(|| testing::t0() - Duration::hours(3)));
    let p = testing::partner(&mut a, "Аврора");
    a.record_decision(
        &decision(&p.id, Choice::Advance, "Светлана"),
        testing::at(1),
    )
    .expect("Moscow advances");
    exchange(&mut a, &mut b);
    assert_eq!(
        phase(&b, &p.id),
        Phase::GutCheck,
        "New York replays the advance"
    );
    // Mike walks away after reading Moscow's decision: his decision's own time is earlier than
    // Moscow's, its shared clock later.
    let walk = decision(&p.id, Choice::Walk, "Mike");
    b.record_decision(&walk, testing::at(1) - Duration::hours(3))
        .expect("New York walks");
    exchange(&mut a, &mut b);
    assert_eq!(phase(&a, &p.id), Phase::Walked);
    assert_eq!(phase(&b, &p.id), Phase::Walked);
}

#[test]
fn decisions_made_offline_in_both_offices_end_in_one_phase_on_both() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    let p = testing::partner(&mut a, "Борей");
    exchange(&mut a, &mut b);
    a.record_decision(
        &decision(&p.id, Choice::Advance, "Светлана"),
        testing::at(1),
    )
    .expect("Moscow advances");
    b.record_decision(&decision(&p.id, Choice::Walk, "Mike"), testing::at(2))
        .expect("New York walks, offline");
    exchange(&mut a, &mut b);
    assert_eq!(phase(&a, &p.id), phase(&b, &p.id));
}

#[test]
fn a_phase_moved_with_no_entry_behind_it_ships_nothing() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    let p = testing::partner(&mut a, "Вега");
    exchange(&mut a, &mut b);
    // The row's bookkeeping (when, which device) travels; the phase it moved to does not.
    testing::force_phase(&mut a, &p.id, Phase::GutCheck);
    a.export_changes().expect("exports");
    let applied = b.apply_changes().expect("applies");
    assert_eq!((applied.applied, applied.held.len()), (1, 0));
    assert_eq!(phase(&b, &p.id), Phase::Sourced);
    assert_eq!(
        b.partner(&p.id).expect("reads").updated_at,
        a.partner(&p.id).expect("reads").updated_at
    );
}

fn conflicting(store: &Store, id: &str) -> Vec<String> {
    dossier(store, id, "Europe/Moscow").conflicting_decisions
}

#[test]
fn decisions_made_without_seeing_each_other_conflict_until_a_later_one_follows_both() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    let p = testing::partner(&mut a, "Гамма");
    let first = a
        .record_decision(&decision(&p.id, Choice::Hold, "Светлана"), testing::at(1))
        .expect("Moscow holds");
    exchange(&mut a, &mut b);
    assert!(
        conflicting(&a, &p.id).is_empty(),
        "one office deciding in turn"
    );
    let ours = a
        .record_decision(
            &decision(&p.id, Choice::Advance, "Светлана"),
            testing::at(2),
        )
        .expect("Moscow advances");
    let theirs = b
        .record_decision(&decision(&p.id, Choice::Advance, "Mike"), testing::at(3))
        .expect("New York advances too, offline");
    exchange(&mut a, &mut b);
    let mut both = vec![ours.id.clone(), theirs.id.clone()];
    both.sort();
    for store in [&a, &b] {
        let mut shown = conflicting(store, &p.id);
        shown.sort();
        assert_eq!(shown, both, "both offices see the conflict");
        assert!(!shown.contains(&first.id));
    }
    // Mike reads both and decides again: settled in both offices.
    b.record_decision(&decision(&p.id, Choice::Hold, "Mike"), testing::at(4))
        .expect("New York decides again");
    exchange(&mut a, &mut b);
    assert!(conflicting(&a, &p.id).is_empty() && conflicting(&b, &p.id).is_empty());
}

#[test]
fn a_walk_against_an_advance_is_settled_by_correcting_the_walk() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    let p = testing::partner(&mut a, "Дельта");
    exchange(&mut a, &mut b);
    a.record_decision(
        &decision(&p.id, Choice::Advance, "Светлана"),
        testing::at(1),
    )
    .expect("Moscow advances");
    let walk = b
        .record_decision(&decision(&p.id, Choice::Walk, "Mike"), testing::at(2))
        .expect("New York walks, offline");
    exchange(&mut a, &mut b);
    assert_eq!(conflicting(&b, &p.id).len(), 2);
    // Walked stays walked: no new decision, but the walk can be corrected.
    assert!(b
        .record_decision(&decision(&p.id, Choice::Hold, "Mike"), testing::at(3))
        .is_err());
    let correction = vetta_core::decision::DecisionCorrection {
        decision_id: walk.id.clone(),
        choice: Choice::Hold,
        decided_by: "Mike".into(),
        rationale: "Moscow's call to go on stands; we hold for the references".into(),
        assumptions: vec![],
        review_on: None,
        confidence: Some(60),
        expected: Some("references by Friday".into()),
    };
    b.correct_decision(&correction, testing::at(3))
        .expect("New York corrects its walk");
    exchange(&mut a, &mut b);
    for store in [&a, &b] {
        assert!(conflicting(store, &p.id).is_empty());
        assert_eq!(phase(store, &p.id), Phase::GutCheck);
    }
}
