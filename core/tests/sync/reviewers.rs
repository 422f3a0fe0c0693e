//! The reviewer is the device's person, and blind scoring holds across offices (design/SYNC.md,
//! "What the window shows"): each office scores as its own person without typing a name, and
//! cannot score as anyone else; another office's card, arrived through the folder, stays hidden
//! from a person who has not scored — answers, notes, gate, disagreements, the recommendation's
//! reasons — until their own card is in.

use vetta_core::phase::Phase;
use vetta_core::recommendation::{Choice, Reason};
use vetta_core::scorecard::{ScorecardQuery, ScorecardView};
use vetta_core::{testing, Error, Store};

use crate::two::{dossier, exchange, pair};

const NOTE: &str = "Не спросили про запуск в RU";

fn gut_check(store: &Store, id: &str) -> ScorecardView {
    store
        .scorecards(&ScorecardQuery {
            partner_id: id.into(),
            phase: Phase::GutCheck,
        })
        .expect("reads the gut check")
}

/// Refused on `store` (whose person is `person`): a card typed as `typed`, nothing written.
fn refuses_another_name(store: &mut Store, id: &str, typed: &str, person: &str) {
    let before = testing::dump(store);
    match store.submit_scorecard(
        &testing::gut_check_card(id, typed, [1, 1, 1]),
        testing::at(2),
    ) {
        Err(Error::NotTheDevicePerson {
            field: vetta_core::error::Field::Reviewer,
            person: p,
            value,
        }) => assert_eq!((p.as_str(), value.as_str()), (person, typed)),
        other => panic!("{typed:?} scored on {person}'s computer: {other:?}"),
    }
    assert_eq!(testing::dump(store), before, "refused, nothing written");
}

#[test]
fn each_office_scores_as_its_person_and_blind_until_its_own_card_is_in() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    let partner = testing::partner(&mut a, "Северный ветер");
    testing::decide(&mut a, &partner.id, Choice::Advance).expect("to the gut check");
    exchange(&mut a, &mut b);
    assert_eq!(
        dossier(&a, &partner.id, "Europe/Moscow")
            .device_reviewer
            .as_deref(),
        Some("Светлана")
    );
    assert_eq!(
        dossier(&b, &partner.id, "America/New_York")
            .device_reviewer
            .as_deref(),
        Some("Mike")
    );

    // Moscow scores without typing a name: the card is Светлана's. Mike's name cannot be typed
    // on her computer.
    let mut card = testing::gut_check_card(&partner.id, "", [1, 1, 0]);
    card.note = NOTE.into();
    let moscow = a.submit_scorecard(&card, testing::at(1)).expect("scores");
    assert_eq!(moscow.reviewer, "Светлана");
    refuses_another_name(&mut a, &partner.id, "Mike", "Светлана");
    exchange(&mut a, &mut b);

    // New York has Moscow's card, and sees only that one person has scored.
    let hidden = gut_check(&b, &partner.id);
    assert!(hidden.hidden, "Mike has not scored");
    assert_eq!(hidden.scored, 1);
    assert!(hidden.cards.is_empty() && hidden.reviewers.is_empty());
    assert!(hidden.gate.is_none() && hidden.disagreements.is_empty());
    let there = dossier(&b, &partner.id, "America/New_York");
    assert_eq!(there.scorecards[0], hidden, "the dossier is as blind");
    assert!(matches!(
        there.recommendation.decides.as_slice(),
        [Reason::ScoresHidden { count: 1, .. }]
    ));
    let json = serde_json::to_string(&there).expect("serializes");
    for secret in ["Светлана", NOTE, "understands_ugc"] {
        assert!(
            !json.contains(secret),
            "New York reads {secret:?} before scoring: {json}"
        );
    }
    // Nor can New York score as Moscow's person.
    refuses_another_name(&mut b, &partner.id, "Светлана", "Mike");

    // Moscow, before New York's card arrives, sees its own card only.
    let own = gut_check(&a, &partner.id);
    assert!(!own.hidden);
    assert_eq!(own.reviewers, ["Светлана"]);

    // New York scores as Mike: now both cards show there, with Moscow's note and disagreement.
    let new_york = b
        .submit_scorecard(
            &testing::gut_check_card(&partner.id, "", [1, 0, 1]),
            testing::at(3),
        )
        .expect("scores");
    assert_eq!(new_york.reviewer, "Mike");
    let shown = gut_check(&b, &partner.id);
    assert!(!shown.hidden);
    assert_eq!(shown.reviewers, ["Mike", "Светлана"]);
    assert!(shown.cards.iter().any(|c| c.note == NOTE));
    let disagree: Vec<&str> = shown
        .disagreements
        .iter()
        .map(|d| d.criterion.as_str())
        .collect();
    assert_eq!(disagree, ["knows_both_markets", "asks_about_goals"]);
    exchange(&mut a, &mut b);
    assert_eq!(
        gut_check(&a, &partner.id),
        shown,
        "Moscow, having scored, sees what New York sees"
    );
}
