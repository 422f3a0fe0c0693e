use super::*;
use crate::testing::t0;
use crate::Store;

#[test]
fn the_default_framework_is_valid_bilingual_and_seeded() {
    let def = default_definition();
    assert_eq!(
        validate_definition(&def).expect("the shipped default is valid"),
        def,
        "the default needs no trimming"
    );
    let store = Store::open_in_memory(t0()).expect("opens");
    let seeded = store.default_framework().expect("a default is seeded");
    assert_eq!(seeded.version, 1);
    assert!(seeded.is_default);
    assert_eq!(
        seeded.definition, def,
        "the seeded framework is the default"
    );
    let gut = seeded
        .definition
        .gate(Phase::GutCheck)
        .expect("the gut check is scored");
    assert_eq!(gut.criteria.len(), 3);
    assert_eq!(gut.threshold, 3, "3 of 3 to move on");
    for c in &gut.criteria {
        assert!(
            !c.label.ru.is_empty() && !c.label.en.is_empty(),
            "bilingual"
        );
    }
    let dealbreaker = seeded
        .definition
        .flag_kind("resists_documentation")
        .expect("kind exists");
    assert_eq!(dealbreaker.severity, Severity::Dealbreaker);
    assert_eq!(seeded.definition.scope.deliverables.max, 1);
    assert_eq!(seeded.definition.scope.duration_days.default, 14);
}

#[test]
fn copy_and_edit_makes_a_new_immutable_version() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    let original = store.default_framework().expect("default");
    let mut def = original.definition.clone();
    def.gates[0].threshold = 2;
    def.name.en = "  Lenient  ".into();
    let copy = store
        .create_framework_version(
            &FrameworkDraft {
                based_on: original.id.clone(),
                definition: def,
                make_default: false,
            },
            t0(),
        )
        .expect("copies");
    assert_eq!(copy.version, 2, "the copy is the next version");
    assert_eq!(copy.lineage_id, original.lineage_id);
    assert_eq!(copy.based_on.as_deref(), Some(original.id.as_str()));
    assert_eq!(copy.definition.name.en, "Lenient", "texts are trimmed");
    assert_eq!(
        store.framework(&original.id).expect("reads"),
        original,
        "the original is unchanged"
    );
    assert_eq!(store.frameworks().expect("lists").len(), 2);
    let err = store
        .conn
        .execute("UPDATE frameworks SET definition = '{}'", [])
        .expect_err("versions are immutable in SQL too");
    assert!(err.to_string().contains("immutable"), "{err}");
}

#[test]
fn a_gate_saved_before_min_reviewers_existed_waits_for_one() {
    let frozen: FrameworkDefinition =
        serde_json::from_str(include_str!("../schema/v2_default_framework.json"))
            .expect("the frozen default still parses");
    assert!(
        !include_str!("../schema/v2_default_framework.json").contains("minReviewers"),
        "the frozen file predates the field"
    );
    assert_eq!(frozen.gates[0].min_reviewers, 1);
    let mut two = frozen.clone();
    two.gates[0].min_reviewers = 2;
    let json = serde_json::to_string(&two).expect("serializes");
    assert!(json.contains(r#""minReviewers":2"#));
}

#[test]
fn invalid_definitions_are_refused() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    let base = store.default_framework().expect("default");
    type Edit = Box<dyn Fn(&mut FrameworkDefinition)>;
    let cases: Vec<(&str, Edit)> = vec![
        (
            "threshold above total",
            Box::new(|d| d.gates[0].threshold = 4),
        ),
        ("zero threshold", Box::new(|d| d.gates[0].threshold = 0)),
        (
            "no reviewer to wait for",
            Box::new(|d| d.gates[0].min_reviewers = 0),
        ),
        (
            "too many reviewers to wait for",
            Box::new(|d| d.gates[0].min_reviewers = MIN_REVIEWERS_MAX + 1),
        ),
        (
            "zero weight",
            Box::new(|d| d.gates[0].criteria[0].weight = 0),
        ),
        (
            "bad key",
            Box::new(|d| d.gates[0].criteria[0].key = "Нет ключа".into()),
        ),
        (
            "duplicate key",
            Box::new(|d| d.gates[0].criteria[1].key = d.gates[0].criteria[0].key.clone()),
        ),
        (
            "empty label",
            Box::new(|d| d.gates[0].criteria[0].label.ru = " ".into()),
        ),
        ("long label", Box::new(|d| d.name.en = "x".repeat(10_000))),
        (
            "min above max",
            Box::new(|d| {
                d.scope.creators = Limit {
                    default: 1,
                    min: 3,
                    max: 2,
                }
            }),
        ),
        (
            "absurd creators",
            Box::new(|d| d.scope.creators.max = 1_000_000),
        ),
        (
            "default outside",
            Box::new(|d| d.scope.duration_days.default = 60),
        ),
        (
            "derived kind removed",
            Box::new(|d| d.flag_kinds.retain(|k| k.key != METRICS_NOT_AGREED)),
        ),
        (
            "fake derived kind",
            Box::new(|d| d.flag_kinds[1].derived = true),
        ),
        (
            "no gut check",
            Box::new(|d| d.gates[0].phase = Phase::Debrief),
        ),
        (
            "scale pass_at 6",
            Box::new(|d| {
                d.gates[0].criteria[0].kind = CriterionKind::Scale;
                d.gates[0].criteria[0].pass_at = 6;
            }),
        ),
    ];
    for (what, edit) in cases {
        let mut def = base.definition.clone();
        edit(&mut def);
        let draft = FrameworkDraft {
            based_on: base.id.clone(),
            definition: def,
            make_default: true,
        };
        let err = store
            .create_framework_version(&draft, t0())
            .expect_err(what);
        assert!(
            !matches!(err, Error::Sqlite(_)),
            "{what}: a typed error, got {err:?}"
        );
        assert_eq!(
            store.frameworks().expect("lists").len(),
            1,
            "{what}: nothing written"
        );
    }
    let unknown = FrameworkDraft {
        based_on: "nope".into(),
        definition: base.definition.clone(),
        make_default: false,
    };
    assert!(matches!(
        store.create_framework_version(&unknown, t0()),
        Err(Error::NotFound {
            entity: "framework",
            ..
        })
    ));
}

#[test]
fn a_definition_is_parsed_once_per_store_and_checked_against_the_stored_text() {
    let store = Store::open_in_memory(t0()).expect("opens");
    let id = default_id(&store.conn).expect("has a default");
    let first = store.definitions.get(&store.conn, &id).expect("reads");
    let again = store
        .definitions
        .get(&store.conn, &id)
        .expect("reads again");
    assert!(
        Arc::ptr_eq(&first, &again),
        "the second read reuses the first parse"
    );
    let mut edited = FrameworkDefinition::clone(&first);
    edited.name = Localized::new("Другая", "Other");
    let text = serde_json::to_string(&edited).expect("serialises");
    let reparsed = store.definitions.parsed(&id, text).expect("parses");
    assert_eq!(
        reparsed.name.en, "Other",
        "another text under the same id is parsed again, never served the old parse"
    );
    let other = Store::open_in_memory(t0()).expect("opens a second store");
    assert!(
        other.definitions.parsed.borrow().is_empty(),
        "each store has its own cache: nothing is shared across files"
    );
}
