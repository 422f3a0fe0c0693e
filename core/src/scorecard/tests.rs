use super::*;
use crate::error::TransitionState;
use crate::testing::{at, dump, force_phase, gut_check_card as card, partner, store, t0};

#[test]
fn rescoring_supersedes_and_the_gate_uses_current_cards() {
    let mut store = store();
    let p = partner(&mut store, "Sunset");
    force_phase(&mut store, &p.id, Phase::GutCheck);
    let first = store
        .submit_scorecard(&card(&p.id, "Anna", [1, 1, 0]), t0())
        .expect("submits");
    store
        .submit_scorecard(&card(&p.id, "Mike", [1, 1, 1]), at(1))
        .expect("submits");
    store.set_user_name("Mike", at(1)).expect("names the user");
    let query = ScorecardQuery {
        partner_id: p.id.clone(),
        phase: Phase::GutCheck,
    };
    let view = store.scorecards(&query).expect("reads");
    let gate = view.gate.expect("gut check is scored");
    assert!(!gate.passed, "Anna's no on goals fails the gate");
    assert_eq!(
        view.disagreements.len(),
        1,
        "Anna and Mike disagree on goals"
    );
    let second = store
        .submit_scorecard(&card(&p.id, " anna ", [1, 1, 1]), at(2))
        .expect("re-scores");
    assert_eq!(
        second.supersedes.as_deref(),
        Some(first.id.as_str()),
        "the same reviewer, ignoring case, supersedes"
    );
    let view = store.scorecards(&query).expect("reads");
    assert_eq!(view.cards.len(), 2, "one current card per reviewer");
    assert!(
        view.gate.expect("scored").passed,
        "3 of 3 from both reviewers"
    );
    assert!(view.disagreements.is_empty());
    let all: u32 = store
        .conn
        .query_row("SELECT count(*) FROM scorecards", [], |r| r.get(0))
        .expect("counts");
    assert_eq!(all, 3, "the superseded card is kept");
    assert!(
        store
            .conn
            .execute("UPDATE scorecard_answers SET value = 0", [])
            .is_err(),
        "answers are append-only in SQL too"
    );
}

/// Every string of `json`, keys and values, for "nothing of A's shows" checks.
fn mentions(json: &serde_json::Value, needle: &str) -> bool {
    match json {
        serde_json::Value::String(s) => s.contains(needle),
        serde_json::Value::Array(items) => items.iter().any(|v| mentions(v, needle)),
        serde_json::Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains(needle) || mentions(v, needle)),
        _ => false,
    }
}

#[test]
fn a_reviewer_who_has_not_scored_reads_nothing_of_the_others() {
    let mut store = store();
    let p = partner(&mut store, "Sunset");
    force_phase(&mut store, &p.id, Phase::GutCheck);
    let mut anna = card(&p.id, "Anna", [1, 1, 0]);
    anna.note = "They never asked about our RU launch".into();
    store.submit_scorecard(&anna, t0()).expect("submits");
    // A decision to hold, made while the gut check is open, stored the gate's reasons.
    crate::testing::decide(&mut store, &p.id, crate::recommendation::Choice::Hold).expect("holds");
    let query = ScorecardQuery {
        partner_id: p.id.clone(),
        phase: Phase::GutCheck,
    };
    let dossier_query = crate::dossier::DossierQuery {
        partner_id: p.id.clone(),
        viewer_time_zone: "Europe/Moscow".into(),
    };
    for viewer in [None, Some("Mike")] {
        if let Some(name) = viewer {
            store.set_user_name(name, at(1)).expect("names the user");
        }
        let hidden = store.scorecards(&query).expect("reads");
        assert!(hidden.hidden, "{viewer:?} has not scored");
        assert_eq!(
            (hidden.scored, hidden.min_reviewers),
            (1, 1),
            "only the count shows"
        );
        assert!(hidden.cards.is_empty() && hidden.reviewers.is_empty());
        assert!(hidden.gate.is_none() && hidden.disagreements.is_empty());
        let dossier = store
            .dossier(&dossier_query, at(3))
            .expect("reads the dossier");
        assert!(dossier.scorecards[0].hidden, "the dossier is as blind");
        assert!(matches!(
            dossier.recommendation.decides.as_slice(),
            [crate::recommendation::Reason::ScoresHidden { count: 1, .. }]
        ));
        // What crosses IPC: the commands' replies, serialized.
        for json in [
            serde_json::to_value(&hidden).expect("serializes"),
            serde_json::to_value(&dossier).expect("serializes"),
        ] {
            for secret in ["Anna", "RU launch", "understands_ugc", "asks_about_goals"] {
                assert!(
                    !mentions(&json, secret),
                    "{viewer:?} reads {secret:?} before scoring: {json}"
                );
            }
        }
    }
    // The board card is as blind: no advance or hold from Anna's answers.
    let page = store
        .pipeline(&crate::dossier::PipelineQuery::default(), at(3))
        .expect("reads the board");
    assert_eq!(
        page.items[0].recommendation,
        crate::recommendation::Choice::Hold
    );

    store
        .submit_scorecard(&card(&p.id, "mike", [1, 0, 1]), at(2))
        .expect("submits");
    let shown = store.scorecards(&query).expect("reads");
    assert!(!shown.hidden);
    assert_eq!(shown.reviewers, vec!["Anna", "mike"]);
    let notes: Vec<&str> = shown.cards.iter().map(|c| c.note.as_str()).collect();
    assert_eq!(notes, vec!["They never asked about our RU launch", ""]);
    assert!(shown.gate.is_some() && !shown.disagreements.is_empty());
    let dossier = store
        .dossier(&dossier_query, at(3))
        .expect("reads the dossier");
    assert_eq!(
        dossier.scorecards[0], shown,
        "the dossier shows what the read shows"
    );
    assert!(matches!(
        dossier.recommendation.decides.as_slice(),
        [crate::recommendation::Reason::ThresholdMissed { .. }]
    ));
    assert!(
        matches!(
            dossier.decisions[0].recommended.decides.as_slice(),
            [crate::recommendation::Reason::ThresholdMissed { .. }]
        ),
        "once scored, the log shows what was recommended then"
    );
}

#[test]
fn once_the_partner_has_left_the_phase_its_cards_are_the_record() {
    let mut store = store();
    let p = partner(&mut store, "Sunset");
    force_phase(&mut store, &p.id, Phase::GutCheck);
    store
        .submit_scorecard(&card(&p.id, "Anna", [1, 1, 1]), t0())
        .expect("submits");
    force_phase(&mut store, &p.id, Phase::PilotScoping);
    let view = store
        .scorecards(&ScorecardQuery {
            partner_id: p.id.clone(),
            phase: Phase::GutCheck,
        })
        .expect("reads");
    assert!(!view.hidden, "no user name, but the gut check is over");
    assert_eq!(view.cards.len(), 1);
}

#[test]
fn bad_scorecards_are_refused_and_change_nothing() {
    let mut store = store();
    let p = partner(&mut store, "Sunset");
    let wrong_phase = card(&p.id, "Anna", [1, 1, 1]);
    let before = dump(&store);
    assert!(matches!(
        store.submit_scorecard(&wrong_phase, t0()),
        Err(Error::InvalidTransition {
            action: TransitionAction::SubmitScorecard,
            state: TransitionState::Sourced
        })
    ));
    force_phase(&mut store, &p.id, Phase::GutCheck);
    let before_phase = dump(&store);
    assert_ne!(before, before_phase);
    let mut cases: Vec<(NewScorecard, &str)> = vec![
        (card("nope", "Anna", [1, 1, 1]), "unknown partner"),
        (card(&p.id, "Anna", [1, 2, 1]), "yes/no of 2"),
        (card(&p.id, "Anna", [1, -1, 1]), "negative"),
        (card(&p.id, "  ", [1, 1, 1]), "empty reviewer"),
        (
            card(&p.id, &"я".repeat(10_000), [1, 1, 1]),
            "10,000-character reviewer",
        ),
    ];
    let mut missing = card(&p.id, "Anna", [1, 1, 1]);
    missing.answers.pop();
    cases.push((missing, "unanswered criterion"));
    let mut unknown = card(&p.id, "Anna", [1, 1, 1]);
    unknown.answers[0].criterion = "likes_cats".into();
    cases.push((unknown, "unknown criterion"));
    let mut twice = card(&p.id, "Anna", [1, 1, 1]);
    twice.answers.push(twice.answers[0].clone());
    cases.push((twice, "duplicate answer"));
    let mut unscored = card(&p.id, "Anna", [1, 1, 1]);
    unscored.phase = Phase::Debrief;
    cases.push((unscored, "phase other than the partner's"));
    for (input, what) in cases {
        let err = store.submit_scorecard(&input, t0()).expect_err(what);
        assert!(
            !matches!(err, Error::Sqlite(_)),
            "{what}: typed error, got {err:?}"
        );
        assert_eq!(
            dump(&store),
            before_phase,
            "{what}: the database is unchanged"
        );
    }
    let err = store
        .submit_scorecard(&card(&p.id, "Anna", [1, 7, 1]), t0())
        .expect_err("out of range");
    assert!(matches!(
        err,
        Error::ScoreOutOfRange {
            value: 7,
            min: 0,
            max: 1,
            ..
        }
    ));
    let json = r#"{"partnerId":"x","phase":"gut_check","reviewer":"A","answers":[],"score":5}"#;
    assert!(
        serde_json::from_str::<NewScorecard>(json).is_err(),
        "unknown fields are refused"
    );
}

/// Starts sharing `store` through a fresh share folder (kept while the returned guard lives).
fn share(store: &mut Store, device: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("a share folder");
    store
        .start_sharing(&crate::store::ShareSetup {
            folder: folder.path().to_owned(),
            workspace: None,
            device_name: device.into(),
        })
        .expect("starts sharing");
    folder
}

/// The dossier's reviewer for scores entered here (`None`: typed).
fn device_reviewer(store: &Store, partner_id: &str) -> Option<String> {
    store
        .dossier(
            &crate::dossier::DossierQuery {
                partner_id: partner_id.into(),
                viewer_time_zone: "Europe/Moscow".into(),
            },
            at(3),
        )
        .expect("reads the dossier")
        .device_reviewer
}

#[test]
fn without_sharing_the_typed_name_scores_and_while_sharing_the_device_s_person_does() {
    let mut store = store();
    let p = partner(&mut store, "Sunset");
    force_phase(&mut store, &p.id, Phase::GutCheck);
    store.set_user_name("Светлана", t0()).expect("names");
    // One computer, two people: each types their name; the settings' name does not decide.
    assert_eq!(device_reviewer(&store, &p.id), None, "the name is typed");
    let anna = store
        .submit_scorecard(&card(&p.id, "Anna", [1, 1, 0]), t0())
        .expect("submits");
    assert_eq!(anna.reviewer, "Anna");
    let before = dump(&store);
    assert!(matches!(
        store.submit_scorecard(&card(&p.id, " ", [1, 1, 1]), t0()),
        Err(Error::EmptyField {
            field: Field::Reviewer
        })
    ));
    assert_eq!(dump(&store), before, "refused, nothing written");

    // Sharing: this computer's scores are its person's, without a name typed.
    let _folder = share(&mut store, "Moscow — Svetlana's laptop");
    assert_eq!(device_reviewer(&store, &p.id).as_deref(), Some("Светлана"));
    let mine = store
        .submit_scorecard(&card(&p.id, "", [1, 1, 1]), at(1))
        .expect("scores as the device's person");
    assert_eq!(mine.reviewer, "Светлана");
    let before = dump(&store);
    for typed in ["Anna", "Mike", "светлана"] {
        match store.submit_scorecard(&card(&p.id, typed, [1, 0, 1]), at(2)) {
            Err(Error::NotTheDevicePerson {
                field: Field::Reviewer,
                person,
                value,
            }) => assert_eq!((person.as_str(), value.as_str()), ("Светлана", typed)),
            other => panic!("{typed:?} is not this device's person: {other:?}"),
        }
        assert_eq!(dump(&store), before, "{typed:?}: refused, nothing written");
    }
    let again = store
        .submit_scorecard(&card(&p.id, " Светлана ", [1, 0, 1]), at(2))
        .expect("the person's own name, as the settings have it");
    assert_eq!(
        (again.reviewer.as_str(), again.supersedes.as_deref()),
        ("Светлана", Some(mine.id.as_str())),
        "a re-score of the same person supersedes"
    );
    let json = format!(
        r#"{{"partnerId":"{}","phase":"gut_check","answers":[{{"criterion":"understands_ugc","value":1}},
        {{"criterion":"knows_both_markets","value":1}},{{"criterion":"asks_about_goals","value":1}}]}}"#,
        p.id
    );
    let unnamed: NewScorecard = serde_json::from_str(&json).expect("no reviewer is asked for");
    assert_eq!(
        store
            .submit_scorecard(&unnamed, at(3))
            .expect("scores")
            .reviewer,
        "Светлана"
    );
    let query = ScorecardQuery {
        partner_id: p.id.clone(),
        phase: Phase::GutCheck,
    };
    assert_eq!(
        store.scorecards(&query).expect("reads").reviewers,
        ["Anna", "Светлана"],
        "one current card each"
    );
}

#[test]
fn a_sharing_device_without_a_person_still_takes_the_typed_name() {
    let mut store = store();
    let p = partner(&mut store, "Sunset");
    force_phase(&mut store, &p.id, Phase::GutCheck);
    let _folder = share(&mut store, "Reception desk");
    assert_eq!(
        device_reviewer(&store, &p.id),
        None,
        "no person: the name is typed"
    );
    let card = store
        .submit_scorecard(&card(&p.id, "Mike", [1, 1, 1]), t0())
        .expect("submits");
    assert_eq!(card.reviewer, "Mike");
}
