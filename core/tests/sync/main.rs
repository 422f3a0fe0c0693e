//! Sharing between two devices (design/SYNC.md): two Stores on two temp data folders, each with
//! its own view of the share folder, and a courier between them that delivers change files in
//! random order, duplicated, and sometimes cut short mid-copy (as a sync engine or a USB stick
//! can leave them). Both must end with the same shared rows.

mod world;

use vetta_core::store::ShareSetup;
use vetta_core::testing;
use world::{Side, World};

#[test]
fn a_partner_added_on_one_device_appears_on_the_other() {
    let root = tempfile::tempdir().expect("a temp dir");
    let share = root.path().join("share");
    let (mut a, _) = vetta_core::Store::open_in_dir(&root.path().join("a"), testing::t0())
        .expect("opens a");
    let (mut b, _) = vetta_core::Store::open_in_dir(&root.path().join("b"), testing::t0())
        .expect("opens b");
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
    assert_eq!(report.applied, 2, "A's snapshot and its partner: {report:?}");
    assert_eq!(b.partner(&partner.id).expect("B reads it").name, "Агентство Север");
    a.apply_changes().expect("A applies B's snapshot");
    assert_eq!(testing::shared_dump(&a), testing::shared_dump(&b));
}

/// A seeded random week on each side; see world.rs.
#[test]
fn a_random_week_on_two_devices_converges() {
    let actions = testing::env_number("VETTA_SYNC_ACTIONS", 300) as usize;
    for seed in [1_u64, 2, 3] {
        let mut world = World::new(seed);
        world.run(actions);
        world.settle_and_check();
        eprintln!("seed {seed}: {}", world.summary());
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

#[allow(dead_code)]
fn _sides() -> [Side; 2] {
    [Side::A, Side::B]
}
