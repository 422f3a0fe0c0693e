//! What schema v8 changed so two offices can work offline on the same things: both corrections
//! of one decision are kept (a fork), and both copies of one framework version.

use vetta_core::decision::DecisionCorrection;
use vetta_core::framework::FrameworkDraft;
use vetta_core::recommendation::Choice;
use vetta_core::{testing, Store};

use crate::two::{exchange, pair};

#[test]
fn one_decision_corrected_offline_in_both_offices_keeps_both_corrections() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    let partner = testing::partner(&mut a, "Fork");
    let decision = testing::decide(&mut a, &partner.id, Choice::Hold).expect("decides");
    exchange(&mut a, &mut b);
    let correction = |by: &str| DecisionCorrection {
        decision_id: decision.id.clone(),
        choice: Choice::Advance,
        decided_by: by.into(),
        rationale: format!("corrected by {by}"),
        assumptions: vec![],
        review_on: None,
        confidence: Some(70),
        expected: Some(format!("{by} expects a second campaign")),
    };
    let ca = a
        .correct_decision(&correction("Anna"), testing::at(1))
        .expect("A corrects");
    let cb = b
        .correct_decision(&correction("Mike"), testing::at(2))
        .expect("B corrects");
    exchange(&mut a, &mut b);
    for store in [&a, &b] {
        let both = testing::ids(
            store,
            "decisions",
            &format!("supersedes = '{}'", decision.id),
        );
        let mut expected = vec![ca.id.clone(), cb.id.clone()];
        expected.sort();
        assert_eq!(both, expected, "both corrections are kept on both devices");
        let mut shown =
            crate::two::dossier(store, &partner.id, "Europe/Moscow").conflicting_decisions;
        shown.sort();
        assert_eq!(shown, expected, "and shown as conflicting decisions");
    }
}

#[test]
fn the_same_framework_version_saved_in_both_offices_keeps_both() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    let base = a.default_framework().expect("reads");
    exchange(&mut a, &mut b);
    let draft = FrameworkDraft {
        based_on: base.id.clone(),
        definition: base.definition.clone(),
        make_default: false,
    };
    let va = a
        .create_framework_version(&draft, testing::at(1))
        .expect("A saves");
    let vb = b
        .create_framework_version(&draft, testing::at(2))
        .expect("B saves");
    assert_eq!(va.version, vb.version, "the same number, offline");
    exchange(&mut a, &mut b);
    for store in [&a, &b] {
        assert!(store.framework(&va.id).is_ok() && store.framework(&vb.id).is_ok());
    }
}

#[test]
fn the_default_framework_each_office_seeded_is_one_framework_once_they_share() {
    let root = tempfile::tempdir().expect("a temp dir");
    // Two installations created days apart, each with a partner vetted on its own seed.
    let (mut a, _) = Store::open_in_dir(&root.path().join("a"), testing::t0()).expect("opens a");
    let (mut b, _) = Store::open_in_dir(&root.path().join("b"), testing::at(72)).expect("opens b");
    let pa = testing::partner(&mut a, "Seeded in Moscow");
    let pb = testing::partner(&mut b, "Seeded in New York");
    crate::two::share(&mut a, &mut b, root.path());
    exchange(&mut a, &mut b);
    for store in [&a, &b] {
        let listed: Vec<(String, u32)> = store
            .frameworks()
            .expect("lists")
            .into_iter()
            .map(|f| (f.id, f.version))
            .collect();
        let seed = store.default_framework().expect("a default").id;
        assert_eq!(
            listed,
            vec![(seed.clone(), 1)],
            "one 'Standard partner vetting' v1 on the frameworks page, not one per office"
        );
        for partner in [&pa.id, &pb.id] {
            assert_eq!(
                store.partner(partner).expect("reads").framework_id,
                seed,
                "both offices' partners are vetted on that one framework"
            );
        }
    }
}
