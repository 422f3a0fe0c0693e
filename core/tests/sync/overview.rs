//! The Sharing page's facts: each other device with its person and zone, its files applied,
//! held (and why) and waiting, its last change, a clock running ahead.

use std::sync::Arc;

use vetta_core::sync::apply::HoldReason;
use vetta_core::testing;

use super::holds::{a_file, pair, rewrite};

#[test]
fn the_sharing_page_shows_each_device_its_files_and_what_is_held() {
    let mut p = pair();
    p.a.set_sharing_clock(Arc::new(testing::t0));
    p.b.set_sharing_clock(Arc::new(testing::t0));
    assert!(testing::store()
        .sharing_overview(testing::t0())
        .expect("reads")
        .is_none());
    p.a.set_user_name("Светлана", testing::t0()).expect("names");
    p.a.set_time_zone("Europe/Moscow", testing::t0())
        .expect("zone");
    testing::partner(&mut p.a, "One");
    p.a.export_changes().expect("exports");
    p.b.apply_changes().expect("applies");
    let o =
        p.b.sharing_overview(testing::t0())
            .expect("reads")
            .expect("shares");
    assert_eq!((o.applied, o.held, o.waiting), (2, 0, 0), "{o:?}");
    let a = &o.devices[0];
    assert_eq!(o.devices.len(), 1, "{o:?}");
    assert_eq!(
        (a.name.as_str(), a.person.as_deref(), a.zone.as_deref()),
        ("A", Some("Светлана"), Some("Europe/Moscow"))
    );
    assert_eq!((a.last_seq, a.files, a.waiting), (2, 2, 0));
    assert!(a.held.is_none() && a.last_change.is_some() && !a.clock_ahead);

    // Two more files; the first of them from a newer Vetta: held, both waiting.
    testing::partner(&mut p.a, "Two");
    testing::partner(&mut p.a, "Three");
    p.a.export_changes().expect("exports");
    rewrite(&a_file(&p, 3), |h, _| h.schema_version += 1);
    p.b.apply_changes().expect("applies");
    let o =
        p.b.sharing_overview(testing::t0())
            .expect("reads")
            .expect("shares");
    assert_eq!((o.applied, o.held, o.waiting), (2, 1, 2), "{o:?}");
    let held = o.devices[0].held.as_ref().expect("held");
    assert_eq!((held.seq, held.reason), (3, HoldReason::NewerSchema));
    // The same through the window's reader.
    let through_reader =
        p.b.reader()
            .expect("a reader")
            .sharing_overview(testing::t0());
    assert_eq!(through_reader.expect("reads").expect("shares"), o);

    // A's clock ten minutes ahead of B's: warned.
    p.a.set_sharing_clock(Arc::new(|| testing::t0() + chrono::Duration::minutes(10)));
    testing::partner(&mut p.a, "Ahead");
    p.a.export_changes().expect("exports");
    rewrite(&a_file(&p, 3), |h, _| h.schema_version -= 1);
    p.b.apply_changes().expect("applies");
    let o =
        p.b.sharing_overview(testing::t0())
            .expect("reads")
            .expect("shares");
    assert_eq!((o.applied, o.held, o.waiting), (5, 0, 0), "{o:?}");
    assert!(o.devices[0].clock_ahead, "{o:?}");
    assert!(
        !p.b.sharing_overview(testing::at(1))
            .expect("reads")
            .expect("shares")
            .devices[0]
            .clock_ahead
    );
}

#[test]
fn sharing_reads_the_time_it_is_given_never_the_computers_clock() {
    // Opened at t0 (no clock given): the snapshot's clock and export are at t0, not today.
    let mut p = pair();
    let read = |p: &super::holds::Pair, seq| {
        let bytes = std::fs::read(a_file(p, seq)).expect("reads");
        let header = vetta_core::sync::file::decode(&bytes).expect("whole").0;
        vetta_core::sync::clock::Hlc::parse(&header.clock_first)
            .expect("a clock")
            .millis
    };
    assert_eq!(read(&p, 1), testing::t0().timestamp_millis());
    // Given a clock (the app gives the system's), its writes take that time.
    p.a.set_sharing_clock(Arc::new(|| testing::at(5)));
    testing::partner(&mut p.a, "Later");
    p.a.export_changes().expect("exports");
    assert_eq!(read(&p, 2), testing::at(5).timestamp_millis());
}
