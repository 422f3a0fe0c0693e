use crate::error::{Error, TransitionAction, TransitionState};
use crate::framework::FrameworkDraft;
use crate::testing::{at, dump, partner, store, t0};
use crate::Store;

/// A second version of the seeded framework, not the default.
fn second_version(store: &mut Store) -> String {
    let original = store.default_framework().expect("default");
    store
        .create_framework_version(
            &FrameworkDraft {
                based_on: original.id.clone(),
                definition: original.definition.clone(),
                make_default: false,
            },
            t0(),
        )
        .expect("copies")
        .id
}

fn refused(
    result: crate::Result<crate::framework::Framework>,
) -> (TransitionAction, TransitionState) {
    match result {
        Err(Error::InvalidTransition { action, state }) => (action, state),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn an_existing_version_becomes_the_default_for_new_partners_only() {
    let mut store = store();
    let first = store.default_framework().expect("default").id;
    let before = partner(&mut store, "Before");
    let second = second_version(&mut store);
    assert!(!store.framework(&second).expect("reads").is_default);

    let made = store
        .make_framework_default(&second)
        .expect("makes default");
    assert!(made.is_default, "the answer says it is the default now");
    assert_eq!(store.default_framework().expect("default").id, second);
    assert!(!store.framework(&first).expect("reads").is_default);

    let after = partner(&mut store, "After");
    assert_eq!(
        after.framework_id, second,
        "a new partner gets the new default"
    );
    let kept = store.partner(&before.id).expect("reads");
    assert_eq!(
        kept.framework_id, first,
        "a partner already vetted keeps its version"
    );
    assert!(matches!(
        store.make_framework_default("no-such-id"),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn archiving_is_recorded_without_touching_a_version_or_a_partner_and_the_default_stays() {
    let mut store = store();
    let first = store.default_framework().expect("default").id;
    let vetted = partner(&mut store, "Vetted");
    let second = second_version(&mut store);

    // The default cannot be archived; a refusal changes nothing.
    let before = dump(&store);
    assert_eq!(
        refused(store.set_framework_archived(&first, true, at(1))),
        (
            TransitionAction::ArchiveFramework,
            TransitionState::FrameworkDefault
        )
    );
    assert_eq!(dump(&store), before, "a refusal writes nothing");

    // Make the copy the default, then archive the original the partner was vetted with.
    store
        .make_framework_default(&second)
        .expect("makes default");
    let frameworks_before: Vec<String> = dump(&store)
        .into_iter()
        .filter(|l| l.starts_with("frameworks:"))
        .collect();
    let archived = store
        .set_framework_archived(&first, true, at(2))
        .expect("archives");
    assert!(archived.archived);
    let frameworks_after: Vec<String> = dump(&store)
        .into_iter()
        .filter(|l| l.starts_with("frameworks:"))
        .collect();
    assert_eq!(
        frameworks_after, frameworks_before,
        "no version is rewritten"
    );
    assert!(
        dump(&store)
            .iter()
            .any(|l| l.starts_with("settings:") && l.contains(&first)),
        "the archiving is recorded"
    );
    let listed = store.frameworks().expect("lists");
    assert!(
        listed.iter().any(|f| f.id == first && f.archived),
        "listed as archived"
    );
    assert_eq!(
        store.partner(&vetted.id).expect("reads").framework_id,
        first
    );
    store
        .dossier(
            &crate::dossier::DossierQuery {
                partner_id: vetted.id.clone(),
                viewer_time_zone: "Europe/Moscow".into(),
            },
            at(3),
        )
        .expect("a partner on an archived version still reads");

    // Archived twice, made the default while archived: refused. Restored: offered again.
    assert_eq!(
        refused(store.set_framework_archived(&first, true, at(3))),
        (
            TransitionAction::ArchiveFramework,
            TransitionState::Archived
        )
    );
    assert_eq!(
        refused(store.make_framework_default(&first)),
        (
            TransitionAction::MakeFrameworkDefault,
            TransitionState::Archived
        )
    );
    // No one new is vetted with an archived version; its own partners stay on it.
    let refused_partner = store.add_partner(
        &crate::partner::NewPartner {
            framework_id: Some(first.clone()),
            ..crate::testing::new_partner("Newcomer")
        },
        at(3),
    );
    assert!(
        matches!(
            refused_partner,
            Err(Error::InvalidTransition {
                action: TransitionAction::ChooseFramework,
                state: TransitionState::Archived
            })
        ),
        "a new partner on an archived version is refused: {refused_partner:?}"
    );

    let restored = store
        .set_framework_archived(&first, false, at(4))
        .expect("restores");
    assert!(!restored.archived);
    assert_eq!(
        refused(store.set_framework_archived(&first, false, at(5))),
        (
            TransitionAction::RestoreFramework,
            TransitionState::NotArchived
        )
    );
    store
        .make_framework_default(&first)
        .expect("a restored version can be the default");
}
