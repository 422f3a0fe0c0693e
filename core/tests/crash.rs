//! Crash safety: a child process writes a stream of user actions, printing each id only after its
//! transaction committed, and is killed with SIGKILL at random moments. Afterwards the file passes
//! SQLite's integrity check and every acknowledged action is there.
//!
//! The child is this same test binary, re-invoked by the parent to run only the ignored
//! `crash_writer_child` (`--ignored --exact`) with `VETTA_CRASH_DB` naming the file. A normal run
//! lists the child as ignored rather than as a test that passed without testing anything.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use vetta_core::flag::NewFlag;
use vetta_core::store::Store;
use vetta_core::testing;

const ENV: &str = "VETTA_CRASH_DB";
const CHILD: &str = "crash_writer_child";
const CYCLES: u32 = 60;

/// The child: writes until killed. Only `killed_writers_never_lose_an_acknowledged_action` runs it.
#[test]
#[ignore = "the crash test's writer; killed_writers_never_lose_an_acknowledged_action runs it"]
fn crash_writer_child() {
    let path = std::env::var(ENV).unwrap_or_else(|_| {
        panic!("{CHILD} is not a test on its own: the crash test runs it with {ENV} set")
    });
    let (mut store, _) = Store::open(std::path::Path::new(&path), Utc::now()).expect("child opens");
    let mut out = std::io::stdout().lock();
    for n in 0.. {
        let partner = store
            .add_partner(&testing::new_partner(&format!("Partner {n}")), Utc::now())
            .expect("child adds a partner");
        writeln!(out, "P {}", partner.id).expect("prints");
        out.flush().expect("flushes");
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
        writeln!(out, "F {} {}", partner.id, flag.id).expect("prints");
        out.flush().expect("flushes");
    }
}

/// A small deterministic generator, seeded from the clock.
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

#[test]
fn killed_writers_never_lose_an_acknowledged_action() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("vetta.sqlite3");
    let exe = std::env::current_exe().expect("the test binary");
    let seed = Utc::now().timestamp_nanos_opt().unwrap_or(7) as u64;
    let mut rng = Lcg(seed);
    let mut acked: Vec<String> = Vec::new();
    let started = Instant::now();
    for cycle in 0..CYCLES {
        let mut child = Command::new(&exe)
            .args([
                "--ignored",
                "--exact",
                CHILD,
                "--nocapture",
                "--test-threads=1",
            ])
            .env(ENV, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns the writer");
        let stdout = child.stdout.take().expect("piped stdout");
        let reader = std::thread::spawn(move || {
            let mut lines = Vec::new();
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                // A line cut by the kill has no newline: it was never acknowledged in full.
                if line.ends_with('\n') && (line.starts_with("P ") || line.starts_with("F ")) {
                    lines.push(line.trim_end().to_owned());
                }
                line.clear();
            }
            lines
        });
        std::thread::sleep(Duration::from_millis(20 + rng.next(130)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaps");
        acked.extend(reader.join().expect("reader thread"));
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "cycle {cycle}: the crash test is taking too long"
        );
    }
    let (store, _) = Store::open(&db, Utc::now()).expect("the file reopens after the crashes");
    assert_eq!(
        store.integrity_check().expect("runs"),
        vec!["ok".to_owned()],
        "integrity check after {CYCLES} kills (seed {seed})"
    );
    assert!(
        acked.len() >= 10,
        "the writers got some work acknowledged ({} lines)",
        acked.len()
    );
    for line in &acked {
        let parts: Vec<&str> = line.split(' ').collect();
        match parts.as_slice() {
            ["P", id] => {
                store
                    .partner(id)
                    .unwrap_or_else(|e| panic!("acknowledged partner {id} is missing: {e}"));
            }
            ["F", partner, flag] => {
                let flags = store.flags(partner).expect("the partner exists");
                assert!(
                    flags.iter().any(|f| f.id == *flag),
                    "acknowledged flag {flag} is missing"
                );
            }
            _ => panic!("unexpected line {line:?}"),
        }
    }
}
