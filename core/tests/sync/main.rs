//! Sharing between two devices (design/SYNC.md): two Stores on two temp data folders, each with
//! its own view of the share folder, and a courier between them that delivers change files in
//! random order, duplicated, and sometimes cut short mid-copy (as a sync engine or a USB stick
//! can leave them). Both must end with the same shared rows.

mod contacts;
mod forks;
mod holds;
mod kill;
mod merges;
mod overview;
mod overwrites;
mod phases;
mod restore;
mod reviewers;
mod two;
mod world;

use vetta_core::store::ShareSetup;
use vetta_core::testing;
use world::World;

#[test]
fn a_partner_added_on_one_device_appears_on_the_other() {
    let root = tempfile::tempdir().expect("a temp dir");
    let share = root.path().join("share");
    let (mut a, _) =
        vetta_core::Store::open_in_dir(&root.path().join("a"), testing::t0()).expect("opens a");
    let (mut b, _) =
        vetta_core::Store::open_in_dir(&root.path().join("b"), testing::t0()).expect("opens b");
    let made = a
        .start_sharing(&ShareSetup {
            folder: share.clone(),
            workspace: None,
            device_name: "Moscow — Svetlana's laptop".into(),
        })
        .expect("creates a workspace");
    b.start_sharing(&ShareSetup {
        folder: share.clone(),
        workspace: Some(made.workspace.clone()),
        device_name: "LA — Mike's laptop".into(),
    })
    .expect("joins it");
    let partner = testing::partner(&mut a, "Агентство Север");
    assert_eq!(a.export_changes().expect("exports"), 1);
    let report = b.apply_changes().expect("applies");
    assert_eq!(
        report.applied, 2,
        "A's snapshot and its partner: {report:?}"
    );
    assert_eq!(
        b.partner(&partner.id).expect("B reads it").name,
        "Агентство Север"
    );
    let status = b.sharing_status().expect("reads").expect("B shares");
    // The window reads through a read-only store beside the writer: it sees the same sharing.
    let through_reader = b
        .reader()
        .expect("a reader")
        .sharing_status()
        .expect("reads")
        .expect("the reader sees that B shares");
    assert_eq!(format!("{through_reader:?}"), format!("{status:?}"));
    let names: Vec<&str> = status.devices.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        (names, status.held),
        (vec!["Moscow — Svetlana's laptop"], 0),
        "{status:?}"
    );
    let last = status.last_change.expect("a change from A");
    assert_eq!(last.device_name, "Moscow — Svetlana's laptop");
    assert!(
        chrono::DateTime::parse_from_rfc3339(&last.at).is_ok(),
        "{last:?}"
    );
    assert_eq!(
        b.apply_changes().expect("applies again"),
        Default::default(),
        "nothing new, nothing held"
    );
    a.apply_changes().expect("A applies B's snapshot");
    assert_eq!(testing::shared_dump(&a), testing::shared_dump(&b));
}

#[test]
fn the_data_folder_or_a_folder_holding_it_is_never_the_share_folder() {
    let root = tempfile::tempdir().expect("a temp dir");
    let data = root.path().join("data");
    let (mut store, _) = vetta_core::Store::open_in_dir(&data, testing::t0()).expect("opens");
    for folder in [data.clone(), root.path().to_owned()] {
        let refused = store.start_sharing(&ShareSetup {
            folder: folder.clone(),
            workspace: None,
            device_name: "Moscow".into(),
        });
        assert!(
            matches!(
                refused,
                Err(vetta_core::Error::InvalidValue {
                    field: vetta_core::error::Field::SharingFolder,
                    ..
                })
            ),
            "{folder:?}: {refused:?}"
        );
        assert!(store.sharing_status().expect("reads").is_none());
    }
}

/// A seeded random week on each side; see world.rs.
#[test]
fn a_random_week_on_two_devices_converges() {
    let actions = testing::env_number("VETTA_SYNC_ACTIONS", 300) as usize;
    for seed in 1..=testing::env_number("VETTA_SYNC_SEEDS", 1) {
        let started = std::time::Instant::now();
        let mut world = World::new(seed);
        world.run(actions);
        world.settle_and_check();
        let (bytes, files) = world.size_and_files();
        eprintln!(
            "seed {seed}, {actions} actions a side: {}; {:.1} s; {} KB of files per 1,000 actions",
            world.summary(),
            started.elapsed().as_secs_f64(),
            bytes * 1000 / (2 * actions as u64).max(1) / 1024,
        );
        let _ = files;
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 16, ..Default::default() })]
    /// Whatever order the courier picks, the two sides converge.
    #[test]
    fn any_delivery_order_converges(seed in 0_u64..u64::MAX) {
        let mut world = World::new(seed);
        world.run(40);
        world.settle_and_check();
    }
}

/// The write path's cost of capture (a session on every write, its changeset into the outbox):
/// the same writes on a store that shares and one that does not, in memory (no fsync, so the
/// difference is not hidden behind the disk) and on disk. Prints the figures; run by hand
/// (`cargo test -p vetta-core --release --test sync -- --ignored capture_overhead --nocapture`).
#[test]
#[ignore]
fn capture_overhead() {
    let writes = testing::env_number("VETTA_SYNC_BENCH_WRITES", 2000) as usize;
    let root = tempfile::tempdir().expect("a temp dir");
    for on_disk in [false, true] {
        let mut per_write = Vec::new();
        for sharing in [false, true, false, true] {
            let mut store = if on_disk {
                let dir = root.path().join(format!("d{}", per_write.len()));
                vetta_core::Store::open_in_dir(&dir, testing::t0())
                    .expect("opens")
                    .0
            } else {
                vetta_core::Store::open_in_memory(testing::t0()).expect("opens")
            };
            if sharing {
                store
                    .start_sharing(&ShareSetup {
                        folder: root.path().join("share"),
                        workspace: None,
                        device_name: "bench".into(),
                    })
                    .expect("shares");
            }
            let n = if on_disk { writes / 10 } else { writes };
            let started = std::time::Instant::now();
            for i in 0..n {
                let p = testing::partner(&mut store, &format!("Partner {i}"));
                store
                    .edit_partner(
                        &vetta_core::partner::PartnerEdit {
                            markets: vec!["US".into()],
                            found_via: "a fair".into(),
                            notes: format!("note {i}"),
                            ..testing::edit_of(&p)
                        },
                        testing::t0(),
                    )
                    .expect("edits");
            }
            per_write.push((
                sharing,
                started.elapsed().as_secs_f64() * 1e6 / (2 * n) as f64,
            ));
        }
        let avg = |on: bool| {
            let v: Vec<f64> = per_write
                .iter()
                .filter(|(s, _)| *s == on)
                .map(|(_, t)| *t)
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        eprintln!(
            "{}: {:.0} µs a write without sharing, {:.0} µs with capture (+{:.0} µs, {:+.0}%)",
            if on_disk {
                "on disk (synchronous FULL)"
            } else {
                "in memory"
            },
            avg(false),
            avg(true),
            avg(true) - avg(false),
            (avg(true) / avg(false) - 1.0) * 100.0
        );
    }
}
