//! Crash safety: a child process writes a stream of user actions, recording each id only after its
//! transaction committed, and is killed with SIGKILL at random moments. After every kill the file
//! opens, passes SQLite's integrity check and holds every action the child acknowledged; at the
//! end every acknowledged action of every cycle is looked up once more.
//!
//! The child is this same test binary, re-invoked by the parent to run only the ignored
//! `crash_writer_child` (`--ignored --exact`) with `VETTA_CRASH_DB` naming the file. A normal run
//! lists the child as ignored rather than as a test that passed without testing anything.
//!
//! Acknowledgements go to a file of their own (`VETTA_CRASH_ACKS`), one line per committed
//! action, never to stdout: the test runner prints its own text there, which once hid each
//! cycle's first line. The parent reads that file exactly: every complete line must parse, and
//! only a last line cut short by the kill (no newline) is left out. A write into the page cache
//! survives SIGKILL, so the file needs no fsync for this test (power loss is
//! `power_loss.rs`'s).
//!
//! `VETTA_CRASH_CYCLES` (default 60) and `VETTA_CRASH_BUDGET_SECS` (default 90) size the run;
//! `make soak` runs 1,000 cycles. The figures are printed (`--nocapture` shows them).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use vetta_core::flag::NewFlag;
use vetta_core::store::Store;
use vetta_core::testing;

const DB_ENV: &str = "VETTA_CRASH_DB";
const ACKS_ENV: &str = "VETTA_CRASH_ACKS";
const CHILD: &str = "crash_writer_child";

/// The child: writes until killed. Only `killed_writers_never_lose_an_acknowledged_action` runs it.
#[test]
#[ignore = "the crash test's writer; killed_writers_never_lose_an_acknowledged_action runs it"]
fn crash_writer_child() {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{CHILD} is not a test on its own: the crash test runs it with {name} set")
        })
    };
    let (db, acks) = (var(DB_ENV), var(ACKS_ENV));
    let (mut store, _) = Store::open(Path::new(&db), Utc::now()).expect("child opens");
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&acks)
        .expect("child opens its acknowledgement file");
    // One `write` per line, after the commit: the line is the acknowledgement.
    let mut ack = |line: String| out.write_all(line.as_bytes()).expect("acknowledges");
    for n in 0.. {
        let partner = store
            .add_partner(&testing::new_partner(&format!("Partner {n}")), Utc::now())
            .expect("child adds a partner");
        ack(format!("P {}\n", partner.id));
        let flag = store
            .raise_flag(
                &NewFlag {
                    partner_id: partner.id.clone(),
                    pilot_id: None,
                    kind: "communication_gaps".into(),
                    occurred_at: vetta_core::ids::format_instant(Utc::now()),
                    note: format!("incident {n}"),
                    link: String::new(),
                    raised_by: "crash test".into(),
                },
                Utc::now(),
            )
            .expect("child raises a flag");
        ack(format!("F {} {}\n", partner.id, flag.id));
    }
}

/// A small deterministic generator, seeded from the clock (the seed is printed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// One acknowledged action, parsed exactly from its line.
#[derive(Debug)]
enum Ack {
    Partner(String),
    Flag { partner: String, flag: String },
}

/// The complete lines of an acknowledgement file. A line without its newline was cut by the kill
/// mid-write and so was never acknowledged; any other line that does not parse fails the test.
fn parse_acks(text: &str) -> Vec<Ack> {
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines.pop(); // after the last newline: empty, or a line cut short
    let id_ok = |id: &str| id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    lines
        .into_iter()
        .map(
            |line| match line.split(' ').collect::<Vec<_>>().as_slice() {
                ["P", id] if id_ok(id) => Ack::Partner((*id).to_owned()),
                ["F", partner, flag] if id_ok(partner) && id_ok(flag) => Ack::Flag {
                    partner: (*partner).to_owned(),
                    flag: (*flag).to_owned(),
                },
                _ => panic!("malformed acknowledgement line {line:?}"),
            },
        )
        .collect()
}

/// Whether the acknowledged action is in the store.
fn present(store: &Store, ack: &Ack) -> bool {
    match ack {
        Ack::Partner(id) => store.partner(id).is_ok(),
        Ack::Flag { partner, flag } => store
            .flags(partner)
            .is_ok_and(|flags| flags.iter().any(|f| f.id == *flag)),
    }
}

#[test]
fn acknowledgements_are_read_exactly() {
    let (p, f) = (
        "0190a000-0000-7000-8000-000000000001",
        "0190a000-0000-7000-8000-000000000002",
    );
    let acks = parse_acks(&format!("P {p}\nF {p} {f}\nP 0190a0"));
    assert_eq!(
        acks.len(),
        2,
        "two whole lines; the third was cut by the kill"
    );
    assert!(matches!(&acks[0], Ack::Partner(id) if id == p));
    assert!(matches!(&acks[1], Ack::Flag { partner, flag } if partner == p && flag == f));
    // What the old protocol read: the test runner's text before the child's first line.
    let prefixed = format!("test crash_writer_child ... P {p}\n");
    assert!(
        std::panic::catch_unwind(|| parse_acks(&prefixed)).is_err(),
        "a line with anything around the acknowledgement fails the test, never drops it"
    );
}

#[test]
fn killed_writers_never_lose_an_acknowledged_action() {
    let cycles = testing::env_number("VETTA_CRASH_CYCLES", 60);
    let budget = Duration::from_secs(testing::env_number("VETTA_CRASH_BUDGET_SECS", 90));
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("vetta.sqlite3");
    let exe = std::env::current_exe().expect("the test binary");
    let seed = Utc::now().timestamp_nanos_opt().unwrap_or(7) as u64;
    let mut rng = Lcg(seed);
    let mut acked: Vec<Ack> = Vec::new();
    let (mut lost, mut integrity_failures, mut panics) = (Vec::new(), 0u64, 0u64);
    let mut cycles_with_acks = 0u64;
    let started = Instant::now();
    for cycle in 0..cycles {
        let acks_file = dir.path().join(format!("cycle-{cycle}.acks"));
        let mut child = Command::new(&exe)
            .args(["--ignored", "--exact", CHILD, "--test-threads=1"])
            .env(DB_ENV, &db)
            .env(ACKS_ENV, &acks_file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns the writer");
        std::thread::sleep(Duration::from_millis(20 + rng.next(130)));
        // The writer never stops on its own: one that has exited before the kill panicked.
        if child.try_wait().expect("polls the writer").is_some() {
            panics += 1;
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaps");
        let text = std::fs::read_to_string(&acks_file).unwrap_or_default();
        let cycle_acks = parse_acks(&text);
        cycles_with_acks += u64::from(!cycle_acks.is_empty());
        // What this kill could have lost is checked at once, through the normal open.
        let (store, _) = Store::open(&db, Utc::now())
            .unwrap_or_else(|e| panic!("cycle {cycle}: the file reopens after the kill: {e}"));
        if store.integrity_check().expect("runs") != ["ok"] {
            integrity_failures += 1;
        }
        lost.extend(
            cycle_acks
                .iter()
                .filter(|a| !present(&store, a))
                .map(|a| format!("cycle {cycle}: {a:?}")),
        );
        drop(store);
        acked.extend(cycle_acks);
        assert!(
            started.elapsed() < budget,
            "cycle {cycle}: the crash test is over its budget of {budget:?} \
             (VETTA_CRASH_BUDGET_SECS)"
        );
    }
    let (store, _) = Store::open(&db, Utc::now()).expect("the file reopens after the crashes");
    let lost_at_end = acked.iter().filter(|a| !present(&store, a)).count();
    println!(
        "crash (kill -9): {cycles} cycles, {} acknowledged writes checked, {} lost ({} at the \
         end), {integrity_failures} integrity failures, {panics} panics, {:.1} s (seed {seed})",
        acked.len(),
        lost.len(),
        lost_at_end,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(integrity_failures, 0, "integrity failures (seed {seed})");
    assert_eq!(panics, 0, "writers that panicked (seed {seed})");
    assert!(
        lost.is_empty(),
        "lost acknowledged writes (seed {seed}): {lost:?}"
    );
    assert_eq!(lost_at_end, 0, "acknowledged writes missing at the end");
    assert!(
        cycles_with_acks * 2 >= cycles,
        "most writers got work acknowledged before the kill ({cycles_with_acks} of {cycles})"
    );
}
