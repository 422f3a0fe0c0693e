use super::*;
use crate::error::{TransitionAction, TransitionState};
use proptest::prelude::*;

fn gut_check(passed: bool) -> GateResult {
    GateResult {
        phase: Phase::GutCheck,
        passed,
        passed_criteria: vec![],
        failed_criteria: vec![],
        passed_weight: if passed { 3 } else { 1 },
        total_weight: 3,
        threshold: 3,
        reviewers: 2,
        min_reviewers: 1,
        waiting: false,
        score: 0.5,
    }
}

/// No dealbreaker, a passed gut check, rung 1.
fn clear() -> Facts {
    Facts {
        live_dealbreaker: None,
        gut_check: Some(gut_check(true)),
        rung: 1,
    }
}

/// Errors are not comparable (some wrap SQLite's); their Debug text is.
fn show(result: Result<Phase>) -> String {
    format!("{result:?}")
}

fn refused(from: Phase, choice: Choice) -> Error {
    Error::InvalidTransition {
        action: TransitionAction::from(choice),
        state: TransitionState::from(from),
    }
}

const CHOICES: [Choice; 7] = [
    Choice::Advance,
    Choice::Hold,
    Choice::Walk,
    Choice::Repeat,
    Choice::ScaleTo { campaigns: 1 },
    Choice::ScaleTo { campaigns: 3 },
    Choice::ScaleTo { campaigns: 5 },
];

#[test]
fn the_lifecycle_moves_one_step_per_decision() {
    let f = clear();
    let moves = [
        (Phase::Sourced, Choice::Advance, Phase::GutCheck),
        (Phase::GutCheck, Choice::Advance, Phase::PilotScoping),
        (Phase::Debrief, Choice::Repeat, Phase::PilotScoping),
        (Phase::Scaled, Choice::Repeat, Phase::PilotScoping),
        (
            Phase::Debrief,
            Choice::ScaleTo { campaigns: 3 },
            Phase::Scaled,
        ),
        (Phase::Pilot, Choice::Walk, Phase::Walked),
        (Phase::Pilot, Choice::Hold, Phase::Pilot),
    ];
    for (from, choice, to) in moves {
        assert_eq!(
            show(next_phase(from, choice, &f)),
            show(Ok(to)),
            "{choice:?} from {from:?}"
        );
    }
}

#[test]
fn a_walked_partner_stays_walked_whatever_is_chosen() {
    for choice in CHOICES {
        assert_eq!(
            show(next_phase(Phase::Walked, choice, &clear())),
            show(Err(refused(Phase::Walked, choice))),
            "{choice:?}"
        );
    }
}

#[test]
fn a_live_dealbreaker_allows_only_walk_or_hold() {
    let f = Facts {
        live_dealbreaker: Some("f1".into()),
        ..clear()
    };
    for from in Phase::ALL.iter().copied().filter(|p| *p != Phase::Walked) {
        for choice in CHOICES {
            let result = show(next_phase(from, choice, &f));
            match choice {
                Choice::Walk => assert_eq!(result, show(Ok(Phase::Walked))),
                Choice::Hold => assert_eq!(result, show(Ok(from))),
                _ => assert_eq!(
                    result,
                    show(Err(Error::DealbreakerOpen {
                        flag_id: "f1".into()
                    })),
                    "{choice:?} from {from:?} is refused naming the flag"
                ),
            }
        }
    }
}

#[test]
fn the_gut_check_advances_only_through_a_passed_gate() {
    let failed = Facts {
        gut_check: Some(gut_check(false)),
        ..clear()
    };
    assert_eq!(
        show(next_phase(Phase::GutCheck, Choice::Advance, &failed)),
        show(Err(Error::ThresholdNotMet {
            phase: "gut_check",
            passed_weight: 1,
            threshold: 3
        }))
    );
    let unscored = Facts {
        gut_check: None,
        ..clear()
    };
    assert_eq!(
        show(next_phase(Phase::GutCheck, Choice::Advance, &unscored)),
        show(Ok(Phase::PilotScoping)),
        "a framework that does not score the gut check does not hold it"
    );
}

#[test]
fn scaling_climbs_exactly_one_rung_and_stops_at_the_top() {
    let on = |rung| Facts { rung, ..clear() };
    assert_eq!(
        show(next_phase(
            Phase::Debrief,
            Choice::ScaleTo { campaigns: 5 },
            &on(1)
        )),
        show(Err(Error::LadderJump { from: 1, to: 5 }))
    );
    assert_eq!(
        show(next_phase(
            Phase::Debrief,
            Choice::ScaleTo { campaigns: 5 },
            &on(3)
        )),
        show(Ok(Phase::Scaled))
    );
    assert_eq!(
        show(next_phase(
            Phase::Debrief,
            Choice::ScaleTo { campaigns: 3 },
            &on(3)
        )),
        show(Err(Error::LadderJump { from: 3, to: 3 }))
    );
    assert_eq!(
        show(next_phase(
            Phase::Debrief,
            Choice::ScaleTo { campaigns: 5 },
            &on(5)
        )),
        show(Err(Error::LadderJump { from: 5, to: 5 })),
        "nothing above the top rung"
    );
}

#[test]
fn moves_outside_the_lifecycle_are_refused_naming_the_choice_and_phase() {
    let refusals = [
        (Phase::Sourced, Choice::Repeat),
        (Phase::PilotScoping, Choice::Advance),
        (Phase::Pilot, Choice::Advance),
        (Phase::Debrief, Choice::Advance),
        (Phase::Scaled, Choice::ScaleTo { campaigns: 3 }),
        (Phase::GutCheck, Choice::ScaleTo { campaigns: 3 }),
    ];
    for (from, choice) in refusals {
        assert_eq!(
            show(next_phase(from, choice, &clear())),
            show(Err(refused(from, choice))),
            "{choice:?} from {from:?}"
        );
    }
}

fn arb_phase() -> impl Strategy<Value = Phase> {
    proptest::sample::select(Phase::ALL.to_vec())
}

fn arb_choice() -> impl Strategy<Value = Choice> {
    proptest::sample::select(CHOICES.to_vec())
}

fn arb_facts() -> impl Strategy<Value = Facts> {
    (
        proptest::option::of(Just("f1".to_owned())),
        proptest::option::of(any::<bool>().prop_map(gut_check)),
        proptest::sample::select(vec![1u32, 3, 5]),
    )
        .prop_map(|(live_dealbreaker, gut_check, rung)| Facts {
            live_dealbreaker,
            gut_check,
            rung,
        })
}

proptest! {
    #[test]
    fn walk_and_hold_are_always_open_and_nothing_leaves_walked(
        from in arb_phase(), choice in arb_choice(), f in arb_facts()
    ) {
        let result = next_phase(from, choice, &f);
        if from == Phase::Walked {
            prop_assert!(result.is_err());
        } else if choice == Choice::Walk {
            prop_assert_eq!(show(result), show(Ok(Phase::Walked)));
        } else if choice == Choice::Hold {
            prop_assert_eq!(show(result), show(Ok(from)));
        } else if let Ok(to) = result {
            prop_assert!(f.live_dealbreaker.is_none(), "a live dealbreaker let {:?} through", choice);
            prop_assert!(to != from && to != Phase::Walked, "{:?}: {:?} → {:?}", choice, from, to);
        }
    }
}
