//! Power loss: the store writes through a VFS that keeps every unsynced write in memory
//! (`vetta-powercut`, core/powercut) and, at a seeded random write, truncation or sync, loses
//! power — each pending write dropped, kept, or torn into 512-byte sectors. The file is then
//! reopened with the real VFS through `Store::open`, as after a reboot, and must pass
//! `integrity_check` and hold every write the store acknowledged (returned `Ok` for) before the
//! cut. A second connection checkpoints now and then, so cuts also land mid-checkpoint and on a
//! WAL being restarted; one cycle in 8 starts from no file, so cuts also land mid-migration.
//!
//! This is what `synchronous = FULL` buys: with `OFF` (or `NORMAL`, which syncs a WAL only at
//! checkpoints) acknowledged commits are still pending at the cut and this test fails.
//!
//! `VETTA_POWER_CYCLES` (default 200) and `VETTA_POWER_BUDGET_SECS` (default 120) size the run;
//! `VETTA_POWER_SEED` replays one. `make soak` runs 10,000 cycles.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use vetta_core::flag::NewFlag;
use vetta_core::partner::PartnerEdit;
use vetta_core::store::Store;
use vetta_core::testing;
use vetta_powercut::PowerCut;

const VFS: &str = "vetta-power-cut";
/// The cut comes at one of the first this-many writes, truncations and syncs of a cycle.
const MAX_OPS: u64 = 600;

/// What the store acknowledged, as the checker expects to find it.
#[derive(Default)]
struct Acked {
    /// Partner id → its acknowledged name.
    partners: BTreeMap<String, String>,
    /// (partner id, flag id).
    flags: Vec<(String, String)>,
    writes: u64,
}

/// The one write of a cycle that returned an error at the cut: it may or may not have landed.
enum Unacked {
    Rename { id: String, name: String },
    Other,
}

/// Copies the database and its WAL where they outlive the test, for a failure to be looked at.
fn keep_evidence(db: &Path, seed: u64, cycle: u64) -> String {
    let dir = std::env::temp_dir().join(format!("vetta-power-loss-{seed}-{cycle}"));
    std::fs::create_dir_all(&dir).ok();
    for suffix in ["", "-wal", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let to = dir.join(format!("vetta.sqlite3{suffix}"));
        std::fs::copy(&name, to).ok();
    }
    dir.display().to_string()
}

fn remove_files(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        match std::fs::remove_file(&name) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => panic!("removes {name:?}: {e}"),
        }
    }
}

/// Writes through the power-cut VFS until the power goes. Returns the write that failed at the
/// cut, or an error that came without one.
fn write_until_cut(
    db: &Path,
    cut: &PowerCut,
    acked: &mut Acked,
    cycle: u64,
) -> Result<Option<Unacked>, String> {
    let now = chrono::Utc::now();
    let mut store = match Store::open_with_vfs(db, VFS, now) {
        Ok(store) => store,
        Err(_) if cut.is_cut() => return Ok(None),
        Err(e) => return Err(format!("open without a cut: {e}")),
    };
    // A second connection that checkpoints now and then, as another window of the app would.
    let side = Connection::open_with_flags_and_vfs(db, OpenFlags::default(), VFS).ok();
    for n in 0..10_000u64 {
        if cut.is_cut() {
            return Ok(None);
        }
        let ids: Vec<&String> = acked.partners.keys().collect();
        let pick = (!ids.is_empty()).then(|| ids[cut.below(ids.len() as u64) as usize].clone());
        let (result, attempt) = match (cut.below(10), pick) {
            (0..=4, _) | (_, None) => {
                let name = format!("Partner {cycle}-{n}");
                match store.add_partner(&testing::new_partner(&name), now) {
                    Ok(p) => {
                        acked.partners.insert(p.id, name);
                        (Ok(()), Unacked::Other)
                    }
                    Err(e) => (Err(e), Unacked::Other),
                }
            }
            (5..=6, Some(id)) => {
                let name = format!("Renamed {cycle}-{n}");
                let Ok(p) = store.partner(&id) else {
                    return Err(format!(
                        "acknowledged partner {id} unreadable before the cut"
                    ));
                };
                let edit = PartnerEdit {
                    id: id.clone(),
                    name: name.clone(),
                    kind: p.kind,
                    markets: p.markets,
                    home_time_zone: p.home_time_zone,
                    languages: p.languages,
                    contacts: p.contacts,
                    found_via: p.found_via,
                    notes: p.notes,
                    signals: p.signals,
                    framework_id: None,
                };
                match store.edit_partner(&edit, now) {
                    Ok(_) => {
                        acked.partners.insert(id, name);
                        (Ok(()), Unacked::Other)
                    }
                    Err(e) => (Err(e), Unacked::Rename { id, name }),
                }
            }
            (7..=8, Some(id)) => {
                let flag = NewFlag {
                    partner_id: id.clone(),
                    pilot_id: None,
                    kind: "communication_gaps".into(),
                    occurred_at: vetta_core::ids::format_instant(now),
                    note: format!("incident {cycle}-{n}"),
                    link: String::new(),
                    raised_by: "power test".into(),
                };
                match store.raise_flag(&flag, now) {
                    Ok(f) => {
                        acked.flags.push((id, f.id));
                        (Ok(()), Unacked::Other)
                    }
                    Err(e) => (Err(e), Unacked::Other),
                }
            }
            _ => {
                if let Some(side) = &side {
                    // Its errors (busy, or the cut) are not the store's: ignored.
                    let mode = ["PASSIVE", "FULL", "RESTART", "TRUNCATE"][cut.below(4) as usize];
                    let _ =
                        side.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |_| Ok(()));
                }
                continue;
            }
        };
        match result {
            Ok(()) => acked.writes += 1,
            Err(_) if cut.is_cut() => return Ok(Some(attempt)),
            Err(e) => return Err(format!("a write failed without a cut: {e}")),
        }
    }
    Ok(None)
}

#[test]
fn power_loss_never_loses_an_acknowledged_write() {
    let cycles = testing::env_number("VETTA_POWER_CYCLES", 200);
    let budget = Duration::from_secs(testing::env_number("VETTA_POWER_BUDGET_SECS", 120));
    let seed = testing::env_number(
        "VETTA_POWER_SEED",
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(11) as u64,
    );
    let cut = PowerCut::register(VFS, seed).expect("registers the power-cut VFS");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("vetta.sqlite3");
    let mut acked = Acked::default();
    let (mut checked, mut lost, mut integrity_failures) = (0u64, Vec::new(), 0u64);
    let (mut torn_cycles, mut pending_total, mut unexpected) = (0u64, 0u64, Vec::new());
    let (mut total_acked, mut ran) = (0u64, 0u64);
    let started = Instant::now();
    for cycle in 0..cycles {
        if cut.below(8) == 0 {
            total_acked += acked.writes;
            remove_files(&db);
            acked = Acked::default();
        }
        cut.arm(Some(1 + cut.below(MAX_OPS)));
        ran += 1;
        let attempt = match write_until_cut(&db, &cut, &mut acked, cycle) {
            Ok(attempt) => attempt,
            Err(e) => {
                unexpected.push(format!("cycle {cycle}: {e}"));
                None
            }
        };
        // Every connection through the VFS is closed by now; the cut happens if it has not.
        let report = cut.cut();
        assert_eq!(
            report.error, None,
            "cycle {cycle}: the cut wrote the platter"
        );
        pending_total += report.pending as u64;
        torn_cycles += u64::from(report.mode == Some(vetta_powercut::CutMode::Torn));
        // After the reboot: no shared memory survives; the WAL index is rebuilt from the WAL.
        let mut shm = db.as_os_str().to_owned();
        shm.push("-shm");
        std::fs::remove_file(&shm).ok();

        let (store, _) = Store::open(&db, chrono::Utc::now()).unwrap_or_else(|e| {
            let kept = keep_evidence(&db, seed, cycle);
            panic!(
                "cycle {cycle} (seed {seed}): reopens after the cut: {e:?} (files kept in {kept})"
            )
        });
        if store.integrity_check().expect("runs") != ["ok"] {
            integrity_failures += 1;
        }
        for (id, name) in &mut acked.partners {
            checked += 1;
            match store.partner(id) {
                Ok(p) if p.name == *name => {}
                // The rename that failed at the cut may still have reached the disk.
                Ok(p)
                    if matches!(&attempt, Some(Unacked::Rename { id: i, name: n })
                        if i == id && *n == p.name) =>
                {
                    *name = p.name;
                }
                Ok(p) => lost.push(format!("cycle {cycle}: {id} is {:?}, not {name:?}", p.name)),
                Err(e) => lost.push(format!("cycle {cycle}: partner {id}: {e}")),
            }
        }
        for (partner, flag) in &acked.flags {
            checked += 1;
            if !store
                .flags(partner)
                .is_ok_and(|fs| fs.iter().any(|f| f.id == *flag))
            {
                lost.push(format!("cycle {cycle}: flag {flag}"));
            }
        }
        // Closing the checker checkpoints the WAL with the real VFS: the next cycle starts clean.
        drop(store);
        assert!(
            started.elapsed() < budget,
            "cycle {cycle}: over the budget of {budget:?} (VETTA_POWER_BUDGET_SECS)"
        );
        if !lost.is_empty() || integrity_failures > 0 {
            break; // the file is now unlike the model; the figures below say where
        }
    }
    total_acked += acked.writes;
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "power loss: {ran} cycles ({torn_cycles} torn, {pending_total} unsynced writes cut), \
         {} acknowledged writes, {checked} checks of them after cuts, {} lost, {integrity_failures} \
         integrity failures, {} unexpected errors, {elapsed:.1} s ({:.0} cycles/min, seed {seed})",
        total_acked,
        lost.len(),
        unexpected.len(),
        ran as f64 * 60.0 / elapsed.max(0.001),
    );
    assert!(unexpected.is_empty(), "seed {seed}: {unexpected:?}");
    assert_eq!(integrity_failures, 0, "integrity failures (seed {seed})");
    assert!(
        lost.is_empty(),
        "lost acknowledged writes (seed {seed}): {lost:?}"
    );
    assert!(
        cycles < 20 || pending_total > 0,
        "the cuts found unsynced writes to drop or tear"
    );
}

/// The first open writes a new file's header, switches it to WAL and runs every migration. A
/// cut at each of its writes and syncs in turn must leave a file that `Store::open` opens: a hot
/// rollback journal left by the switch to WAL once made the read-only inspection fail with
/// SQLITE_READONLY_ROLLBACK, on every start after.
#[test]
fn a_cut_anywhere_in_creating_the_file_leaves_one_that_opens() {
    const FIRST_OPEN: &str = "vetta-power-cut-first-open";
    let cut = PowerCut::register(FIRST_OPEN, 7).expect("registers the power-cut VFS");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("vetta.sqlite3");
    let now = chrono::Utc::now();
    cut.arm(None);
    drop(Store::open_with_vfs(&db, FIRST_OPEN, now).expect("creates the file"));
    let total = cut.ops();
    cut.cut();
    assert!(total > 10, "creating a file writes and syncs ({total})");
    // Every pending write kept, at each call in turn, gives every state the disk can be left in
    // without reordering; "all dropped" at a call is "all kept" at the sync before it.
    let mode = vetta_powercut::CutMode::KeepAll;
    for at in 1..=total {
        remove_files(&db);
        cut.arm_in_mode(at, mode);
        drop(Store::open_with_vfs(&db, FIRST_OPEN, now));
        cut.cut();
        let mut shm = db.as_os_str().to_owned();
        shm.push("-shm");
        std::fs::remove_file(&shm).ok();
        let (store, _) = Store::open(&db, now).unwrap_or_else(|e| {
            panic!("a cut at {at} of {total} ({mode:?}) leaves a file that opens: {e:?}")
        });
        assert_eq!(
            store.integrity_check().expect("runs"),
            ["ok"],
            "cut at {at}"
        );
    }
}
