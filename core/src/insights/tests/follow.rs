//! The kept histories follow the file: after random writes (seeded), the figures read through
//! the writer and through its reader — each reading again only the partners whose rows changed —
//! equal a read from scratch by a reader opened anew.

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::decision::NewDecision;
use crate::decision::NewDecisionReview;
use crate::flag::{FlagAction, NewFlag};
use crate::ids::format_instant;
use crate::pilot::{DeliveryUpdate, NewRevisionRound};
use crate::recommendation::Choice;

/// A small seeded generator (the test needs no crate for it).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    fn pick(&mut self, from: &[String]) -> String {
        from.get(self.below(from.len()))
            .cloned()
            .unwrap_or_default()
    }
}

/// Where the kept histories live now: the same place after a write means they were followed in
/// place, not read again whole.
fn kept(store: &crate::Store) -> Option<usize> {
    store
        .memo
        .borrow()
        .as_ref()
        .map(|(_, v)| std::ptr::from_ref::<dyn std::any::Any + Send>(&**v).cast::<()>() as usize)
}

/// One random write at `at` (refused ones are welcome: their rows must not count); which kind
/// of write it was, when it was written.
fn write(store: &mut crate::Store, rng: &mut Rng, step: usize, at: DateTime<Utc>) -> Option<usize> {
    let partners = testing::ids(store, "partners", "deleted_at IS NULL");
    let id = rng.pick(&partners);
    let kind = rng.below(11);
    let outcome = match kind {
        0 => store
            .add_partner(
                &crate::partner::NewPartner {
                    markets: vec![["RU", "US"][rng.below(2)].into()],
                    ..testing::new_partner(&format!(
                        "{} Added {step}",
                        ["A", "M", "Z"][rng.below(3)]
                    ))
                },
                at,
            )
            .map(drop),
        1 => store.partner(&id).and_then(|p| {
            let mut edit = testing::edit_of(&p);
            // Renamed (its place in the order moves) and markets changed (the filters).
            edit.name = format!("{} {step}", ["Aa", "Nn", "Zz"][rng.below(3)]);
            edit.markets = [
                vec!["RU".into()],
                vec!["US".into()],
                vec!["RU".into(), "US".into()],
            ][rng.below(3)]
            .clone();
            store.edit_partner(&edit, at).map(drop)
        }),
        2 => store
            .record_decision(
                &NewDecision {
                    partner_id: id,
                    choice: [Choice::Advance, Choice::Hold, Choice::Repeat, Choice::Walk]
                        [rng.below(4)],
                    decided_by: "Founder".into(),
                    rationale: "the evidence".into(),
                    assumptions: vec![],
                    review_on: Some((at + Duration::days(1)).date_naive().to_string()),
                    confidence: Some([30, 60, 90][rng.below(3)]),
                    expected: Some("a good pilot".into()),
                },
                at,
            )
            .map(drop),
        3 => {
            let gut = testing::ids(
                store,
                "partners",
                "deleted_at IS NULL AND phase = 'gut_check'",
            );
            let mut card =
                testing::gut_check_card(&rng.pick(&gut), ["Anna", "Mike"][rng.below(2)], [1, 1, 1]);
            // The generated partners' framework's criteria, answered at random.
            card.answers = crate::seed::CRITERION_KEYS
                .iter()
                .map(|(k, yes_no)| crate::gate::Answer {
                    criterion: (*k).into(),
                    value: if *yes_no {
                        rng.below(2) as i32
                    } else {
                        1 + rng.below(5) as i32
                    },
                })
                .collect();
            store.submit_scorecard(&card, at).map(drop)
        }
        4 => store
            .raise_flag(
                &NewFlag {
                    partner_id: id,
                    pilot_id: None,
                    kind: ["resists_documentation", "communication_gaps"][rng.below(2)].into(),
                    occurred_at: format_instant(at - Duration::hours(1)),
                    note: "seen".into(),
                    link: String::new(),
                    raised_by: "Test".into(),
                },
                at,
            )
            .map(drop),
        5 => {
            let flags = testing::ids(store, "flags", "1");
            store
                .resolve_flag(
                    &FlagAction {
                        flag_id: rng.pick(&flags),
                        by: "Test".into(),
                        note: "sorted".into(),
                    },
                    at,
                )
                .map(drop)
        }
        6 => {
            let decisions = testing::ids(store, "decisions", "confidence IS NOT NULL");
            store
                .review_decision(
                    &NewDecisionReview {
                        decision_id: rng.pick(&decisions),
                        as_expected: rng.below(2) == 0,
                        note: String::new(),
                    },
                    at + Duration::days(400),
                )
                .map(drop)
        }
        7 => {
            let open = testing::ids(store, "deliverables", "delivered_at IS NULL");
            store
                .record_delivery(
                    &DeliveryUpdate {
                        deliverable_id: rng.pick(&open),
                        delivered_at: format_instant(at),
                        notice_given: true,
                        verdict: Some(crate::outcome::Verdict::OnScope),
                        note: String::new(),
                        viewer_time_zone: None,
                    },
                    at,
                )
                .map(drop)
        }
        8 => {
            let pilots = testing::ids(
                store,
                "pilots",
                "started_at IS NOT NULL AND deleted_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM debriefs d WHERE d.pilot_id = pilots.id)",
            );
            store
                .log_revision_round(
                    &NewRevisionRound {
                        pilot_id: rng.pick(&pilots),
                        market: None,
                        note: "again".into(),
                        viewer_time_zone: None,
                    },
                    at,
                )
                .map(drop)
        }
        9 => store.write(|w| {
            w.tx.execute(
                "UPDATE partners SET deleted_at = ?2 WHERE id = ?1",
                (&id, format_instant(at)),
            )?;
            Ok(())
        }),
        _ => {
            // Refused after it wrote: rolled back, nothing of it counts.
            let _ = store.write(|w| {
                w.tx.execute(
                    "UPDATE partners SET name = 'Rolled back' WHERE id = ?1",
                    [&id],
                )?;
                Err::<(), _>(crate::Error::NotFound {
                    entity: "partner",
                    id: id.clone(),
                })
            });
            Err(crate::Error::NotFound {
                entity: "partner",
                id: String::new(),
            })
        }
    };
    outcome.ok().map(|()| kind)
}

#[test]
fn the_kept_histories_follow_random_writes_exactly() {
    // Fixed: the generator's own clock starts here; it never reads the real one.
    let start = crate::ids::parse_instant("2025-01-06T09:00:00Z").expect("instant");
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, _) = crate::Store::open_in_dir(dir.path(), start).expect("store");
    crate::seed::generate(&mut store, &crate::seed::Spec::scaled(5, 120), start)
        .expect("generated");
    store.set_user_name("Tester", start).expect("a name");
    let reader = store.reader().expect("reader");
    let path = store.path().expect("a file").to_owned();
    let queries = testing::insights_filters(None);
    let mut rng = Rng(0x0001_A516);
    let mut at = start + Duration::days(400);
    let mut followed = 0;
    let mut written = [0; 10];
    for step in 0..90 {
        let before = (kept(&store), kept(&reader));
        if step > 0 {
            if let Some(kind) = write(&mut store, &mut rng, step, at) {
                written[kind] += 1;
            }
        }
        // Read at a later `now` each time: a kept history does not depend on it.
        at += Duration::hours(7);
        for (i, query) in queries.iter().enumerate() {
            let scratch = crate::Store::open_reader(&path)
                .expect("a new reader")
                .insights(query, at)
                .expect("read from scratch");
            let mine = store.insights(query, at).expect("writer's read");
            let theirs = reader.insights(query, at).expect("reader's read");
            assert_eq!(theirs, scratch, "the reader at step {step}, {query:?}");
            assert_eq!(mine, scratch, "the writer at step {step}, {query:?}");
            if i == 0 && step > 0 && before == (kept(&store), kept(&reader)) {
                followed += 1;
            }
        }
    }
    assert!(
        followed == 89,
        "the histories were followed in place, not read again whole ({followed} of 89)"
    );
    assert!(
        written.iter().all(|n| *n > 0),
        "every kind of write was written at least once: {written:?}"
    );
}

/// Each filter's figures through `store` equal a read from scratch by a reader opened anew.
fn reads_as_from_scratch(
    store: &crate::Store,
    path: &std::path::Path,
    at: DateTime<Utc>,
    what: &str,
) {
    for query in testing::insights_filters(None) {
        let scratch = crate::Store::open_reader(path)
            .expect("a new reader")
            .insights(&query, at)
            .expect("read from scratch");
        let read = store.insights(&query, at).expect("read");
        assert_eq!(read, scratch, "{what}, {query:?}");
    }
}

/// A generated file, its writer and its path.
fn generated(dir: &tempfile::TempDir, start: DateTime<Utc>) -> (crate::Store, std::path::PathBuf) {
    let (mut store, _) = crate::Store::open_in_dir(dir.path(), start).expect("store");
    crate::seed::generate(&mut store, &crate::seed::Spec::scaled(7, 120), start)
        .expect("generated");
    store.set_user_name("Tester", start).expect("a name");
    let path = store.path().expect("a file").to_owned();
    (store, path)
}

#[test]
fn histories_read_ahead_then_taken_after_commits_read_as_from_scratch() {
    let start = crate::ids::parse_instant("2025-01-06T09:00:00Z").expect("instant");
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, path) = generated(&dir, start);
    let mut at = start + Duration::days(400);
    // Read ahead on a reader of their own, before 40 commits (and refused writes) on the writer.
    let warm = store
        .reader()
        .expect("reader")
        .warm_insights(at)
        .expect("read ahead");
    let mut rng = Rng(0x0016_0A7E);
    let mut written = 0;
    for step in 0..60 {
        at += Duration::hours(3);
        written += usize::from(write(&mut store, &mut rng, step, at).is_some());
    }
    assert!(written >= 40, "{written} writes committed");
    let reader = store.reader().expect("reader");
    assert!(
        reader.take_warm_insights(warm),
        "taken by the window's reader"
    );
    let taken = kept(&reader);
    at += Duration::hours(1);
    reads_as_from_scratch(&reader, &path, at, "the first read after taking them");
    assert_eq!(
        kept(&reader),
        taken,
        "followed from their position, not read again whole"
    );
    for step in 60..70 {
        at += Duration::hours(3);
        write(&mut store, &mut rng, step, at);
        reads_as_from_scratch(&reader, &path, at, &format!("after write {step}"));
    }
    assert_eq!(kept(&reader), taken, "and followed since");
}

#[test]
fn histories_read_ahead_while_the_writer_commits_read_as_from_scratch() {
    let start = crate::ids::parse_instant("2025-01-06T09:00:00Z").expect("instant");
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, path) = generated(&dir, start);
    let at = start + Duration::days(400);
    let warmer = store.reader().expect("reader");
    let mut rng = Rng(0x0016_C0DE);
    let (warm, written) = std::thread::scope(|scope| {
        let reading = scope.spawn(move || warmer.warm_insights(at));
        // Commits before, during and after the read on the other thread.
        let mut written = 0;
        let mut step = 0;
        while !reading.is_finished() || step < 20 {
            let when = at + Duration::minutes(step as i64 + 1);
            written += usize::from(write(&mut store, &mut rng, step, when).is_some());
            step += 1;
        }
        (reading.join().expect("the read ends"), written)
    });
    assert!(written >= 10, "{written} writes committed");
    let reader = store.reader().expect("reader");
    assert!(reader.take_warm_insights(warm.expect("read ahead")));
    reads_as_from_scratch(&reader, &path, at + Duration::days(1), "after taking them");
}

#[test]
fn histories_read_ahead_are_taken_only_where_they_can_be_followed() {
    let start = crate::ids::parse_instant("2025-01-06T09:00:00Z").expect("instant");
    let dir = tempfile::tempdir().expect("dir");
    let (store, path) = generated(&dir, start);
    let at = start + Duration::days(400);
    let warm = || {
        store
            .reader()
            .expect("reader")
            .warm_insights(at)
            .expect("read")
    };
    // Read beside no writer: no position to follow them from.
    let alone = crate::Store::open_reader(&path).expect("reader");
    let unfollowable = alone.warm_insights(at).expect("read");
    let reader = store.reader().expect("reader");
    assert!(!reader.take_warm_insights(unfollowable), "no position");
    // Another writer's log (the same file opened again) is not this reader's.
    let (other, _) = crate::Store::open(&path, start).expect("a second writer");
    let elsewhere = other
        .reader()
        .expect("reader")
        .warm_insights(at)
        .expect("read");
    assert!(!reader.take_warm_insights(elsewhere), "another log");
    drop(other);
    // A reader that keeps histories already keeps its own.
    reader
        .insights(&InsightsQuery::default(), at)
        .expect("read");
    let own = kept(&reader);
    assert!(!reader.take_warm_insights(warm()), "it keeps its own");
    assert_eq!(kept(&reader), own);
}
