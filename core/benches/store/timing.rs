//! One way to time a command: [`time`] runs it over its inputs and returns its percentiles;
//! [`Table`] records each result as a row and checks it against its budget.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use crate::Res;

/// Untimed calls before a read is measured (saves are measured from their first call).
pub const WARMUP: usize = 10;
const READ_P95_BUDGET_MS: f64 = 5.0;
const SAVE_P99_BUDGET_MS: f64 = 10.0;

/// Percentiles of one command's samples, in milliseconds.
#[derive(Clone, Copy)]
pub struct Stats {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
    pub n: usize,
}

pub fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let n = samples.len();
    let at = |q: f64| {
        let i = ((n as f64 * q).ceil() as usize).clamp(1, n) - 1;
        samples[i].as_secs_f64() * 1e3
    };
    Stats {
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        max: at(1.0),
        n,
    }
}

/// Calls `f` once per input, timing each call, after `warmup` untimed calls on the first inputs.
/// The clock stops when `f` returns; what it returns is dropped after that.
pub fn time<I, R>(
    inputs: &[I],
    warmup: usize,
    mut f: impl FnMut(&I) -> vetta_core::Result<R>,
) -> Res<Stats> {
    for input in inputs.iter().take(warmup) {
        f(input)?;
    }
    let mut samples = Vec::with_capacity(inputs.len());
    for input in inputs {
        let t = Instant::now();
        let out = f(input)?;
        samples.push(t.elapsed());
        drop(out);
    }
    Ok(stats(samples))
}

/// The measured rows (`store.md`) and the budget rows (`store-budgets.md`).
#[derive(Default)]
pub struct Table {
    rows: Vec<(String, String, Stats)>,
    budgets: Vec<(String, String, String, bool)>,
}

impl Table {
    /// Times a read the UI makes, after [`WARMUP`] calls, against the p95 budget.
    pub fn read<I, R>(
        &mut self,
        name: &str,
        note: &str,
        inputs: &[I],
        mut f: impl FnMut(&I) -> vetta_core::Result<R>,
    ) -> Res<()> {
        // The answer is dropped inside the timed call, as the command's own result would be.
        let s = time(inputs, WARMUP, |input| f(input).map(drop))?;
        let pass = s.p95 <= READ_P95_BUDGET_MS;
        self.budget(
            format!("read `{name}` p95"),
            format!("≤ {READ_P95_BUDGET_MS} ms"),
            format!("{:.2} ms", s.p95),
            pass,
        );
        self.measured("read", name, note, s, pass);
        Ok(())
    }

    /// Times a read with its own p95 budget (a page computed over the whole file), after `warmup`
    /// untimed calls.
    pub fn read_within<I, R>(
        &mut self,
        name: &str,
        note: &str,
        (inputs, warmup, budget_ms): (&[I], usize, f64),
        mut f: impl FnMut(&I) -> vetta_core::Result<R>,
    ) -> Res<Stats> {
        let s = time(inputs, warmup, |input| f(input).map(drop))?;
        let pass = s.p95 <= budget_ms;
        self.budget(
            format!("read `{name}` p95"),
            format!("≤ {budget_ms} ms"),
            format!("{:.2} ms", s.p95),
            pass,
        );
        self.measured("read", name, note, s, pass);
        Ok(s)
    }

    /// Times a save (each one a committed transaction), from its first call, against the p99
    /// budget.
    pub fn save<I, R>(
        &mut self,
        name: &str,
        note: &str,
        inputs: &[I],
        mut f: impl FnMut(&I) -> vetta_core::Result<R>,
    ) -> Res<()> {
        let s = time(inputs, 0, |input| f(input).map(drop))?;
        let pass = s.p99 <= SAVE_P99_BUDGET_MS;
        self.budget(
            format!("save `{name}` p99"),
            format!("≤ {SAVE_P99_BUDGET_MS} ms"),
            format!("{:.2} ms", s.p99),
            pass,
        );
        self.measured("save", name, note, s, pass);
        Ok(())
    }

    fn measured(&mut self, kind: &str, name: &str, note: &str, s: Stats, pass: bool) {
        println!(
            "{kind}  {name:<40} p50 {:>7.3} p95 {:>7.3} p99 {:>7.3} max {:>7.3} ms  (n={})  {}",
            s.p50,
            s.p95,
            s.p99,
            s.max,
            s.n,
            if pass { "PASS" } else { "FAIL" }
        );
        self.rows.push((format!("{kind} `{name}`"), note.into(), s));
    }

    /// A measured row that is not a read or a save (opening the file).
    pub fn row(&mut self, what: &str, note: &str, s: Stats) {
        self.rows.push((what.into(), note.into(), s));
    }

    /// A budget row: what, the limit, what was measured, and whether it held.
    pub fn budget(&mut self, what: String, limit: String, measured: String, pass: bool) {
        self.budgets.push((what, limit, measured, pass));
    }

    /// The rows of the commands table in `store.md`.
    pub fn rows_md(&self, md: &mut String) -> Res<()> {
        writeln!(
            md,
            "| command | input | p50 ms | p95 ms | p99 ms | max ms | runs |\n|---|---|---:|---:|---:|---:|---:|"
        )?;
        for (name, note, s) in &self.rows {
            writeln!(
                md,
                "| {name} | {note} | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
                s.p50, s.p95, s.p99, s.max, s.n
            )?;
        }
        Ok(())
    }

    /// `store-budgets.md`: one table row per budget.
    pub fn budgets_md(&self) -> Res<String> {
        let mut budgets = String::new();
        for (what, budget, measured, pass) in &self.budgets {
            writeln!(
                budgets,
                "| {what} | {budget} | {measured} | {} |",
                if *pass { "PASS" } else { "**FAIL**" }
            )?;
        }
        Ok(budgets)
    }

    /// (budgets, failed budgets).
    pub fn budget_counts(&self) -> (usize, usize) {
        let failed = self.budgets.iter().filter(|b| !b.3).count();
        (self.budgets.len(), failed)
    }
}

/// The machine's own speed right now, for ratios that hold under load: rows per second SQLite
/// inserts into an indexed table of its own (in memory, one prepared statement, one
/// transaction). A rate divided by this is comparable between runs on a busy and a quiet machine.
pub fn insert_probe() -> Res<f64> {
    const N: usize = 100_000;
    let mut conn = rusqlite::Connection::open_in_memory()?;
    conn.execute_batch("CREATE TABLE t (id TEXT PRIMARY KEY, name TEXT NOT NULL, n INTEGER)")?;
    let started = std::time::Instant::now();
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare("INSERT INTO t (id, name, n) VALUES (?1, ?2, ?3)")?;
        for i in 0..N {
            stmt.execute((format!("{i:016x}"), format!("name {i}"), i as i64))?;
        }
    }
    tx.commit()?;
    Ok(N as f64 / started.elapsed().as_secs_f64())
}

/// CPU seconds this process has used, on all its threads, ended ones included (user + system,
/// from /proc; 10 ms ticks): a rate per CPU second holds when other work shares the cores, where
/// a rate per wall second does not. `None` where /proc is not there.
pub fn process_cpu_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces), which ends at the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// The 1-, 5- and 15-minute load averages, as /proc/loadavg has them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}
