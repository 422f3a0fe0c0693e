use super::*;
use crate::framework::{default_definition, Criterion};
use proptest::prelude::*;

fn gut() -> PhaseGate {
    default_definition()
        .gate(Phase::GutCheck)
        .cloned()
        .expect("the default scores the gut check")
}

fn card(reviewer: &str, values: &[i32]) -> ReviewerCard {
    let keys = ["understands_ugc", "knows_both_markets", "asks_about_goals"];
    ReviewerCard {
        reviewer: reviewer.into(),
        answers: keys
            .iter()
            .zip(values)
            .map(|(k, v)| Answer {
                criterion: (*k).into(),
                value: *v,
            })
            .collect(),
    }
}

#[test]
fn three_of_three_from_two_reviewers_passes() {
    let result = evaluate_gate(
        &gut(),
        &[card("Anna", &[1, 1, 1]), card("Mike", &[1, 1, 1])],
    );
    assert!(result.passed);
    assert_eq!((result.passed_weight, result.threshold), (3, 3));
    assert_eq!(result.reviewers, 2);
    assert!(result.failed_criteria.is_empty());
    assert!((result.score - 1.0).abs() < 1e-9);
}

#[test]
fn two_of_three_fails_and_names_the_failed_criterion() {
    let result = evaluate_gate(&gut(), &[card("Anna", &[1, 1, 0])]);
    assert!(!result.passed, "2 of 3 does not reach a threshold of 3");
    assert_eq!(result.passed_weight, 2);
    let failed: Vec<_> = result
        .failed_criteria
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(failed, vec!["asks_about_goals"]);
}

/// The gate waits until the framework's minimum number of reviewers have scored: (minimum,
/// reviewers who scored, all of them said yes to everything) → (waiting, passed).
#[test]
fn a_gate_waits_for_its_minimum_of_reviewers() {
    let table: [(u32, usize, (bool, bool)); 8] = [
        (1, 0, (true, false)),
        (1, 1, (false, true)),
        (2, 0, (true, false)),
        (2, 1, (true, false)),
        (2, 2, (false, true)),
        (2, 3, (false, true)),
        (3, 2, (true, false)),
        // A gate of an old or hand-written framework with 0 still waits for one reviewer.
        (0, 0, (true, false)),
    ];
    for (min, scored, expected) in table {
        let gate = PhaseGate {
            min_reviewers: min,
            ..gut()
        };
        let cards: Vec<_> = (0..scored)
            .map(|i| card(&format!("r{i}"), &[1, 1, 1]))
            .collect();
        let result = evaluate_gate(&gate, &cards);
        assert_eq!(
            (result.waiting, result.passed),
            expected,
            "minimum {min}, {scored} scored"
        );
        assert_eq!(result.min_reviewers, min.max(1));
    }
}

#[test]
fn no_scorecards_fail_with_nothing_answered() {
    let result = evaluate_gate(&gut(), &[]);
    assert!(!result.passed);
    assert_eq!(result.passed_weight, 0);
    assert!(result.failed_criteria.iter().all(|c| c.mean.is_none()));
}

#[test]
fn a_yes_no_split_is_a_failed_criterion_and_a_disagreement() {
    let cards = [card("Anna", &[1, 1, 1]), card("Mike", &[1, 0, 1])];
    let result = evaluate_gate(&gut(), &cards);
    assert!(
        !result.passed,
        "a yes/no criterion needs every reviewer's yes"
    );
    let d = disagreements(&gut(), &cards);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].criterion, "knows_both_markets");
    assert_eq!(d[0].answers.len(), 2);
}

#[test]
fn scale_criteria_pass_on_the_mean_and_weights_count() {
    let gate = PhaseGate {
        phase: Phase::Debrief,
        criteria: vec![
            Criterion {
                key: "quality".into(),
                label: Localized::new("Качество", "Quality"),
                kind: CriterionKind::Scale,
                weight: 3,
                pass_at: 4,
            },
            Criterion {
                key: "speed".into(),
                label: Localized::new("Скорость", "Speed"),
                kind: CriterionKind::Scale,
                weight: 1,
                pass_at: 3,
            },
        ],
        threshold: 3,
        min_reviewers: 1,
    };
    let a = |q, s| ReviewerCard {
        reviewer: format!("r{q}{s}"),
        answers: vec![
            Answer {
                criterion: "quality".into(),
                value: q,
            },
            Answer {
                criterion: "speed".into(),
                value: s,
            },
        ],
    };
    let result = evaluate_gate(&gate, &[a(5, 1), a(3, 2)]);
    assert!(result.passed, "quality mean 4 ≥ 4 carries weight 3");
    assert_eq!(result.passed_weight, 3);
    let result = evaluate_gate(&gate, &[a(3, 5), a(4, 5)]);
    assert!(!result.passed, "quality mean 3.5 < 4; speed alone weighs 1");
    assert!(
        disagreements(&gate, &[a(1, 3), a(3, 3)]).len() == 1,
        "2 points apart on 1–5"
    );
}

fn cards_strategy() -> impl Strategy<Value = Vec<Vec<i32>>> {
    proptest::collection::vec(proptest::collection::vec(0..=1i32, 3), 0..6)
}

fn to_cards(raw: &[Vec<i32>]) -> Vec<ReviewerCard> {
    raw.iter()
        .enumerate()
        .map(|(i, v)| card(&format!("r{i}"), v))
        .collect()
}

proptest! {
    #[test]
    fn results_stay_in_range(raw in cards_strategy()) {
        let r = evaluate_gate(&gut(), &to_cards(&raw));
        prop_assert!(r.passed_weight <= r.total_weight);
        prop_assert!((0.0..=1.0).contains(&r.score));
        prop_assert_eq!(r.passed_criteria.len() + r.failed_criteria.len(), 3);
        prop_assert_eq!(r.passed, r.passed_weight >= r.threshold);
    }

    #[test]
    fn reviewer_and_answer_order_does_not_matter(raw in cards_strategy()) {
        let cards = to_cards(&raw);
        let mut shuffled: Vec<ReviewerCard> = cards.iter().rev().cloned().collect();
        for c in &mut shuffled {
            c.answers.reverse();
        }
        let a = evaluate_gate(&gut(), &cards);
        let b = evaluate_gate(&gut(), &shuffled);
        prop_assert_eq!(a.passed, b.passed);
        prop_assert_eq!(a.passed_weight, b.passed_weight);
        prop_assert!((a.score - b.score).abs() < 1e-12);
        prop_assert_eq!(disagreements(&gut(), &cards).len(), disagreements(&gut(), &shuffled).len());
    }

    #[test]
    fn adding_a_passing_answer_never_lowers_the_result(raw in cards_strategy(), which in 0usize..3) {
        let before = evaluate_gate(&gut(), &to_cards(&raw));
        // A new reviewer who answers only criterion `which`, with a pass.
        let mut cards = to_cards(&raw);
        let keys = ["understands_ugc", "knows_both_markets", "asks_about_goals"];
        cards.push(ReviewerCard {
            reviewer: "newcomer".into(),
            answers: vec![Answer { criterion: keys[which].into(), value: 1 }],
        });
        let after = evaluate_gate(&gut(), &cards);
        prop_assert!(after.passed_weight >= before.passed_weight);
        prop_assert!(after.passed || !before.passed);
    }

    #[test]
    fn a_waiting_gate_never_passes_and_a_full_one_is_judged_by_its_answers(
        raw in cards_strategy(), min in 1u32..5,
    ) {
        let gate = PhaseGate { min_reviewers: min, ..gut() };
        let cards = to_cards(&raw);
        let result = evaluate_gate(&gate, &cards);
        let judged = evaluate_gate(&PhaseGate { min_reviewers: 1, ..gut() }, &cards);
        prop_assert_eq!(result.waiting, cards.len() < min as usize);
        if result.waiting {
            prop_assert!(!result.passed, "a waiting gate never passes");
        } else {
            prop_assert_eq!(result.passed, judged.passed, "enough reviewers: the answers decide");
        }
    }

    #[test]
    fn scale_gates_are_monotone_too(raw in proptest::collection::vec(1..=5i32, 0..8), extra in 1..=5i32) {
        let gate = PhaseGate {
            phase: Phase::Debrief,
            criteria: vec![Criterion {
                key: "q".into(), label: Localized::new("К", "Q"),
                kind: CriterionKind::Scale, weight: 1, pass_at: 3,
            }],
            threshold: 1,
            min_reviewers: 1,
        };
        let mk = |vals: &[i32]| vals.iter().enumerate().map(|(i, v)| ReviewerCard {
            reviewer: format!("r{i}"), answers: vec![Answer { criterion: "q".into(), value: *v }],
        }).collect::<Vec<_>>();
        let before = evaluate_gate(&gate, &mk(&raw));
        let mut more = raw.clone();
        more.push(extra);
        let after = evaluate_gate(&gate, &mk(&more));
        if extra >= 3 {
            prop_assert!(after.passed || !before.passed, "a passing answer keeps a pass");
        }
        prop_assert!((0.0..=1.0).contains(&after.score));
    }
}
