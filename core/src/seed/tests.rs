use super::*;

fn count(store: &Store, table: &str) -> u64 {
    store
        .conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
            r.get::<_, i64>(0)
        })
        .expect("count") as u64
}

#[test]
fn a_small_spec_is_generated_exactly_and_valid() {
    // Fixed: the generator's own clock starts here; it never reads the real one.
    let start = crate::ids::parse_instant("2025-01-06T09:00:00Z").expect("instant");
    let mut store = Store::open_in_memory(start).expect("store");
    let spec = Spec::scaled(7, 200);
    let report = generate(&mut store, &spec, start).expect("generated");
    assert_eq!(
        count(&store, "partners"),
        u64::from(spec.partners),
        "partners"
    );
    assert_eq!(
        count(&store, "scorecard_answers"),
        u64::from(spec.scores),
        "scores"
    );
    assert_eq!(count(&store, "pilots"), u64::from(spec.pilots), "pilots");
    assert_eq!(
        count(&store, "decisions"),
        u64::from(spec.decisions),
        "decisions"
    );
    assert!(count(&store, "deliverables") > 0, "deliverables exist");
    assert!(count(&store, "flags") > 0, "flags exist");
    assert!(report.rows > u64::from(spec.scores), "rows are counted");
    assert_eq!(
        store.integrity_check().expect("check"),
        vec!["ok".to_owned()]
    );
}

#[test]
fn the_same_seed_gives_the_same_data() {
    // Fixed: the generator's own clock, so two runs can be compared.
    let start = crate::ids::parse_instant("2025-01-06T09:00:00Z").expect("instant");
    let names = |seed| {
        let mut store = Store::open_in_memory(start).expect("store");
        generate(&mut store, &Spec::scaled(seed, 1000), start).expect("generated");
        let mut stmt = store
            .conn
            .prepare("SELECT name || phase FROM partners ORDER BY created_at, name")
            .expect("prepare");
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .collect::<std::result::Result<Vec<_>, _>>()
            .expect("rows");
        rows
    };
    assert_eq!(names(3), names(3), "same seed, same partners and phases");
    assert_ne!(names(3), names(4), "another seed, other data");
}
