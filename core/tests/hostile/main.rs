//! Hostile input to every Store write method: empty, blank and 100k-character texts, control
//! characters, the RTL override, NUL, bad zones and instants, extreme and negative numbers, NaN
//! and infinities where a float is taken, real ids of the wrong kind or phase, and ids of nothing
//! — each drawn from a seed and put into an otherwise valid input (the JSON a form sends).
//!
//! For every call: no panic; a refusal leaves the store exactly as it was (`testing::dump` of
//! every table, plus the backup folder's files, before and after); an acceptance stores what was
//! given (the write's answer reads back equal, user texts as given, trimmed).
//!
//! `VETTA_HOSTILE_PER_METHOD` (default 150) inputs per method, `VETTA_HOSTILE_BUDGET_SECS`
//! (default 300), `VETTA_HOSTILE_SEED` to replay, `VETTA_HOSTILE_METHOD` to run one method.
//! `make soak` runs 10,000 per method. The figures are printed (`--nocapture` shows them).

mod cases;
mod fixture;
mod gen;
mod pilot_cases;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use cases::Outcome;
use fixture::Fixture;

/// A fresh fixture every this many calls keeps the store small (each call dumps it).
const RESET: u64 = 50;

/// Everything a call could change: every table, and every file under the fixture's folder (the
/// database files byte for byte, the others by name and size).
fn snapshot(f: &Fixture) -> Vec<String> {
    let mut state = vetta_core::testing::dump(&f.store);
    let mut files = Vec::new();
    list(f.dir.path(), &mut files);
    files.sort();
    state.extend(files);
    state
}

fn list(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            list(&path, out);
        } else if path.to_string_lossy().contains("vetta.sqlite3") {
            out.push(format!("{path:?}: {:?}", std::fs::read(&path).ok()));
        } else {
            let len = std::fs::metadata(&path).map(|m| m.len()).ok();
            out.push(format!("{path:?}: {len:?} bytes"));
        }
    }
}

#[derive(Default)]
struct Stats {
    inputs: u64,
    untyped: u64,
    refused: u64,
    accepted: u64,
    panics: u64,
    changed_on_error: u64,
    misread: u64,
}

fn short(v: &serde_json::Value) -> String {
    v.to_string().chars().take(300).collect()
}

#[test]
fn hostile_input_to_every_write_method_panics_never_and_changes_nothing_when_refused() {
    let per_method = vetta_core::testing::env_number("VETTA_HOSTILE_PER_METHOD", 150);
    let budget = Duration::from_secs(vetta_core::testing::env_number(
        "VETTA_HOSTILE_BUDGET_SECS",
        300,
    ));
    let seed = vetta_core::testing::env_number(
        "VETTA_HOSTILE_SEED",
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(13) as u64,
    );
    let only = std::env::var("VETTA_HOSTILE_METHOD").ok();
    let mut rng = gen::Rng::new(seed);
    let mut failures: Vec<String> = Vec::new();
    let mut total = Stats::default();
    let started = Instant::now();
    let all = cases::cases();
    for case in all
        .iter()
        .filter(|c| only.as_deref().is_none_or(|o| o == c.name))
    {
        let mut stats = Stats::default();
        let fresh = || {
            let f = Fixture::new();
            let _ = (case.base)(&f); // a base that writes (restore's backup) writes before the snapshot
            let state = snapshot(&f);
            (f, state)
        };
        // The valid input itself is accepted: the success path is reachable.
        let (mut f, _) = fresh();
        let base = (case.base)(&f);
        match (case.run)(&mut f, base, 5) {
            Outcome::Accepted(Ok(())) => {}
            Outcome::Accepted(Err(e)) => panic!("{}: the valid input misreads: {e}", case.name),
            Outcome::Refused(e) => panic!("{}: the valid input is refused: {e}", case.name),
            Outcome::Untyped => panic!("{}: the valid input does not deserialize", case.name),
        }
        let (mut f, mut state) = fresh();
        for n in 0..per_method {
            if n > 0 && n % RESET == 0 {
                (f, state) = fresh();
            }
            let input = gen::mutate(&(case.base)(&f), &mut rng, &f.ids);
            let extra = rng.below(usize::MAX);
            stats.inputs += 1;
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                (case.run)(&mut f, input.clone(), extra)
            }));
            let at = |what: &str| {
                format!(
                    "{} (seed {seed}, input {n}): {what} on {}",
                    case.name,
                    short(&input)
                )
            };
            match outcome {
                Err(_) => {
                    stats.panics += 1;
                    failures.push(at("panicked"));
                    (f, state) = fresh();
                }
                Ok(Outcome::Untyped) => stats.untyped += 1,
                Ok(Outcome::Refused(e)) => {
                    stats.refused += 1;
                    if snapshot(&f) != state {
                        stats.changed_on_error += 1;
                        failures.push(at(&format!("refused ({e}) but changed the store")));
                        (f, state) = fresh();
                    }
                }
                Ok(Outcome::Accepted(check)) => {
                    stats.accepted += 1;
                    if let Err(e) = check {
                        stats.misread += 1;
                        failures.push(at(&format!("accepted, but {e}")));
                    }
                    state = snapshot(&f);
                }
            }
            assert!(
                started.elapsed() < budget,
                "{}: over the budget of {budget:?} (VETTA_HOSTILE_BUDGET_SECS)",
                case.name
            );
        }
        println!(
            "hostile {:<26} {:>6} inputs: {:>5} untyped, {:>5} refused, {:>5} accepted, {} panics, \
             {} changes on error, {} misread",
            case.name,
            stats.inputs,
            stats.untyped,
            stats.refused,
            stats.accepted,
            stats.panics,
            stats.changed_on_error,
            stats.misread
        );
        total.inputs += stats.inputs;
        total.untyped += stats.untyped;
        total.refused += stats.refused;
        total.accepted += stats.accepted;
        total.panics += stats.panics;
        total.changed_on_error += stats.changed_on_error;
        total.misread += stats.misread;
    }
    println!(
        "hostile inputs: {} methods, {} inputs ({} untyped, {} refused, {} accepted), {} panics, \
         {} changes on error, {} misread, {:.1} s (seed {seed})",
        all.len(),
        total.inputs,
        total.untyped,
        total.refused,
        total.accepted,
        total.panics,
        total.changed_on_error,
        total.misread,
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
