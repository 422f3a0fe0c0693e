//! A real SIGKILL of a device that shares (design/SYNC.md, "Capture"): a child process — this test
//! binary re-invoked to run only the ignored `kill::sharing_writer_child` — writes with sharing on
//! (each write committed, acknowledged in a file of its own, then exported) and is killed with
//! SIGKILL. Each cycle picks where the kill lands, in turn: at a seeded random moment; just after
//! a commit was acknowledged (between the transaction's COMMIT and its file's export); while a
//! change file is being written (its `name.tmp` is there, not yet renamed). The other device
//! reads the folder right after the kill (a partial file is never applied: nothing is held),
//! then the killed device restarts, exports its outbox, and the other device holds every
//! acknowledged write, each partner's notes at the last acknowledged edit or a later one.
//!
//! `VETTA_SYNC_KILL_CYCLES` (default 12) and `VETTA_SYNC_KILL_SEED` (default from the clock,
//! printed) size and seed the run; `make soak` runs 300 cycles.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use vetta_core::seed::Rng;
use vetta_core::store::ShareSetup;
use vetta_core::sync::file;
use vetta_core::{testing, Store};

const DIR_ENV: &str = "VETTA_SYNC_KILL_DIR";
const FIRST_ENV: &str = "VETTA_SYNC_KILL_FIRST";
const CHILD: &str = "kill::sharing_writer_child";

/// The child: adds and edits partners with sharing on until it is killed. Each write is
/// acknowledged as a line after its COMMIT and before its export.
#[test]
#[ignore = "the SIGKILL test's writer; a_device_killed_while_it_shares_loses_nothing runs it"]
fn sharing_writer_child() {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{CHILD} is not a test on its own: the SIGKILL test runs it with {name} set")
        })
    };
    let dir = PathBuf::from(var(DIR_ENV));
    let mut n: u64 = var(FIRST_ENV).parse().expect("a number");
    let (mut store, _) = Store::open_in_dir(&dir.join("a"), Utc::now()).expect("child opens");
    // As the app does: sharing reads the system clock.
    store.set_sharing_clock(std::sync::Arc::new(Utc::now));
    assert!(store.sharing().is_some(), "the child's store shares");
    // As the app does at start: what a kill left in the outbox goes out first.
    store.export_changes().expect("exports at start");
    let mut acks = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("acks"))
        .expect("opens the acknowledgement file");
    let mut partners: Vec<vetta_core::partner::Partner> = Vec::new();
    loop {
        n += 1;
        let line = match partners.len() {
            len if len > 0 && n.is_multiple_of(3) => {
                let p = &partners[(n as usize / 3) % len];
                let edit = vetta_core::partner::PartnerEdit {
                    notes: format!("edit {n}"),
                    ..testing::edit_of(p)
                };
                let p = store.edit_partner(&edit, Utc::now()).expect("edits");
                format!("E {} {n}\n", p.id)
            }
            _ => {
                let p = store
                    .add_partner(&testing::new_partner(&format!("Killed {n}")), Utc::now())
                    .expect("adds a partner");
                let line = format!("P {}\n", p.id);
                partners.push(p);
                line
            }
        };
        acks.write_all(line.as_bytes()).expect("acknowledges");
        store.export_changes().expect("exports");
    }
}

/// Where a cycle's kill lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Aim {
    /// A seeded random moment.
    Random,
    /// Just after a write was acknowledged: committed, its file not yet written.
    AfterCommit,
    /// While a change file is written (`name.tmp` present).
    MidFile,
}

/// The acknowledged writes: partners added, and each partner's last acknowledged edit.
#[derive(Default)]
struct Acks {
    partners: Vec<String>,
    last_edit: HashMap<String, u64>,
}

/// Reads the acknowledgement file: whole lines only (a line the kill cut short was never
/// acknowledged); any other line that does not parse fails the test.
fn read_acks(path: &Path) -> (Acks, usize) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines.pop();
    let mut acks = Acks::default();
    for line in &lines {
        match line.split(' ').collect::<Vec<_>>().as_slice() {
            ["P", id] if id.len() == 36 => acks.partners.push((*id).to_owned()),
            ["E", id, n] if id.len() == 36 => {
                let n: u64 = n.parse().unwrap_or_else(|_| panic!("bad line {line:?}"));
                acks.last_edit.insert((*id).to_owned(), n);
            }
            _ => panic!("malformed acknowledgement line {line:?}"),
        }
    }
    (acks, lines.len())
}

fn tmp_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                .count()
        })
        .unwrap_or(0)
}

/// Waits until `done` holds (polling), or gives up after `limit`.
fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if done() {
            return true;
        }
        std::hint::spin_loop();
    }
    false
}

#[test]
fn a_device_killed_while_it_shares_loses_nothing() {
    let cycles = testing::env_number("VETTA_SYNC_KILL_CYCLES", 12);
    let seed = testing::env_number(
        "VETTA_SYNC_KILL_SEED",
        Utc::now().timestamp_subsec_nanos().into(),
    );
    let mut rng = Rng::new(seed);
    let root = tempfile::tempdir().expect("a temp dir");
    let share = root.path().join("share");
    let (device_dir, workspace) = {
        let (mut a, _) = Store::open_in_dir(&root.path().join("a"), Utc::now()).expect("opens a");
        let status = a
            .start_sharing(&ShareSetup {
                folder: share.clone(),
                workspace: None,
                device_name: "Moscow".into(),
            })
            .expect("A shares");
        let dir = a.sharing().expect("sharing").device_dir();
        (dir, status.workspace)
    };
    let (mut b, _) = Store::open_in_dir(&root.path().join("b"), Utc::now()).expect("opens b");
    b.start_sharing(&ShareSetup {
        folder: share.clone(),
        workspace: Some(workspace),
        device_name: "Los Angeles".into(),
    })
    .expect("B joins");
    let exe = std::env::current_exe().expect("the test binary");
    let acks_path = root.path().join("acks");
    let aims = [Aim::Random, Aim::AfterCommit, Aim::MidFile];
    let mut landed: HashMap<&str, u64> = HashMap::new();
    let started = Instant::now();
    for cycle in 0..cycles {
        let aim = aims[cycle as usize % aims.len()];
        let (_, before) = read_acks(&acks_path);
        let mut child = Command::new(&exe)
            .args(["--ignored", "--exact", CHILD, "--test-threads=1"])
            .env(DIR_ENV, root.path())
            .env(FIRST_ENV, (cycle * 1_000_000).to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns the writer");
        let count = || read_acks(&acks_path).1;
        // A few writes first (seeded), so kills land at different places in the outbox.
        let first = before + rng.range(1, 6) as usize;
        let writing = wait_for(Duration::from_secs(20), || count() >= first);
        assert!(writing, "cycle {cycle}: the writer acknowledged nothing");
        let hit = match aim {
            Aim::Random => {
                std::thread::sleep(Duration::from_millis(rng.range(0, 40) as u64));
                true
            }
            Aim::AfterCommit => {
                let now = count();
                wait_for(Duration::from_secs(5), || count() > now)
            }
            Aim::MidFile => wait_for(Duration::from_secs(5), || tmp_files(&device_dir) > 0),
        };
        let exited = child.try_wait().expect("polls the writer");
        assert!(
            exited.is_none(),
            "cycle {cycle}: the writer stopped on its own"
        );
        child.kill().expect("SIGKILL");
        child.wait().expect("reaps");
        *landed
            .entry(if hit { "aimed" } else { "missed" })
            .or_default() += 1;
        if tmp_files(&device_dir) > 0 {
            *landed.entry("a file half-written").or_default() += 1;
        }
        // The other device reads the folder as the kill left it: complete files only.
        let report = b.apply_changes().expect("B applies");
        assert!(
            report.held.is_empty(),
            "cycle {cycle} ({aim:?}): nothing partial is read: {report:?}"
        );
        // The killed device restarts and exports its outbox.
        let (mut a, _) = Store::open_in_dir(&root.path().join("a"), Utc::now())
            .unwrap_or_else(|e| panic!("cycle {cycle}: A reopens: {e}"));
        assert_eq!(a.integrity_check().expect("checks"), ["ok"]);
        let unexported = a
            .sharing_status()
            .expect("reads")
            .expect("shares")
            .unexported;
        if unexported > 0 {
            *landed.entry("between commit and export").or_default() += 1;
        }
        assert_eq!(a.export_changes().expect("exports"), unexported);
        for entry in std::fs::read_dir(&device_dir).expect("lists").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".cs") {
                let bytes = std::fs::read(entry.path()).expect("reads");
                assert!(file::decode(&bytes).is_ok(), "{name} is whole");
            }
        }
        drop(a);
        let report = b.apply_changes().expect("B applies");
        assert!(report.held.is_empty(), "cycle {cycle}: {report:?}");
        check(&b, &read_acks(&acks_path).0, cycle);
    }
    let (acks, lines) = read_acks(&acks_path);
    eprintln!(
        "sharing kill -9: {cycles} cycles, {lines} acknowledged writes ({} partners), none lost; \
         landed: {landed:?}; {:.1} s (seed {seed})",
        acks.partners.len(),
        started.elapsed().as_secs_f64()
    );
    if cycles >= aims.len() as u64 {
        for state in ["between commit and export", "a file half-written"] {
            assert!(
                landed.get(state).copied().unwrap_or(0) > 0,
                "no kill landed {state} (seed {seed}): {landed:?}"
            );
        }
    }
}

/// Every acknowledged partner is on B, its notes at the last acknowledged edit or a later one
/// (one committed just before the kill, not yet acknowledged).
fn check(b: &Store, acks: &Acks, cycle: u64) {
    for id in &acks.partners {
        let partner = b
            .partner(id)
            .unwrap_or_else(|e| panic!("cycle {cycle}: acknowledged partner {id} is on B: {e}"));
        if let Some(last) = acks.last_edit.get(id) {
            let seen: u64 = partner
                .notes
                .strip_prefix("edit ")
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            assert!(
                seen >= *last,
                "cycle {cycle}: partner {id} shows edit {seen}, acknowledged {last}"
            );
        }
    }
}
