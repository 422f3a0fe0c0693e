//! `make bench`, part 1: generate the 100k-partner file through core's own write path, then time
//! every read the UI makes and every kind of save on it (p50/p95/p99 over ≥ 200 runs each).
//!
//! Writes its results to `<target>/bench/store.md` (a Markdown section) and `store-budgets.md`
//! (budget rows); `tests/benches/launch.rs` folds both into `docs/BENCHMARKS.md`.
//!
//! Environment: `VETTA_BENCH_SCALE=N` generates 1/N of the data (quick runs);
//! `VETTA_BENCH_REUSE=1` reuses an existing file of the same scale instead of generating;
//! `VETTA_BENCH_ONLY=import` skips the reads and saves (the generation and the import only);
//! `VETTA_BENCH_ONLY=generate` stops after the generation (a file to copy for A/B runs);
//! `VETTA_BENCH_ONLY=insights` times the Insights page alone.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use vetta_core::dossier::PipelineQuery;
use vetta_core::ids::parse_instant;
use vetta_core::phase::Phase;
use vetta_core::seed::{self, Rng, Spec};
use vetta_core::Store;

/// The app's allocator (src-tauri/src/main.rs), so the figures are the app's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod import;
mod insights;
mod names;
mod reads;
mod reminders;
mod saves;
mod timing;

use timing::{time, Table, WARMUP};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const SEED: u64 = 20_261_106;
/// Timed calls per read and per save.
const RUNS: usize = 200;
const OPEN_BUDGET_MS: f64 = 20.0;
/// The quick check runs in the background; writes made in its first seconds wait for it.
const CHECK_BUDGET_MS: f64 = 3000.0;
const GEN_BUDGET_ROWS_PER_S: f64 = 50_000.0;

/// `<target>` from this binary's path: `<target>/release/deps/store-…`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the bench binary's path");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .expect("the target directory")
}

/// `n` ids drawn (with repetition when there are fewer) from a query's rows.
fn sample(conn: &Connection, sql: &str, n: usize, rng: &mut Rng) -> Res<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let all = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    if all.is_empty() {
        return Err(format!("no rows for {sql}").into());
    }
    Ok((0..n).map(|_| rng.pick(&all).clone()).collect())
}

/// `n` distinct ids from a query's rows (fewer when there are not enough).
fn distinct(conn: &Connection, sql: &str, n: usize, rng: &mut Rng) -> Res<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let mut all = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    for i in (1..all.len()).rev() {
        all.swap(i, rng.below(i as u64 + 1) as usize);
    }
    all.truncate(n);
    Ok(all)
}

fn main() -> Res<()> {
    let scale: u32 = std::env::var("VETTA_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1);
    let reuse = std::env::var_os("VETTA_BENCH_REUSE").is_some();
    let spec = if scale == 1 {
        Spec::full(SEED)
    } else {
        Spec::scaled(SEED, scale)
    };
    let out = target_dir().join("bench");
    let dir = out.join(if scale == 1 {
        "vetta-100k".to_owned()
    } else {
        format!("vetta-1-{scale}")
    });
    let path = dir.join("vetta.sqlite3");
    let start = parse_instant("2025-01-06T09:00:00Z").ok_or("start instant")?;
    let mut md = String::new();
    let mut table = Table::default();

    // 1. Generate.
    if reuse && path.exists() {
        println!("reusing {}", path.display());
        writeln!(
            md,
            "Data file reused from an earlier run (`VETTA_BENCH_REUSE`).\n"
        )?;
    } else {
        generate(&spec, &dir, &path, start, &mut md, &mut table)?;
    }

    // `VETTA_BENCH_ONLY=generate`: the file alone (a pristine copy to import into, again and again).
    if std::env::var("VETTA_BENCH_ONLY").as_deref() == Ok("generate") {
        print!("{}", table.budgets_md()?);
        return Ok(());
    }
    if std::env::var("VETTA_BENCH_ONLY").as_deref() == Ok("import") {
        let now = parse_instant("2026-11-06T09:00:00Z").ok_or("now")?;
        import_into_copy(&path, start, now, &mut table)?;
        print!("{}", table.budgets_md()?);
        return Ok(());
    }

    // 2. Open + the board's first query (what the window waits for), page cache warm. The store
    // is closed after the clock stops, before the next open.
    let open = time(&[(); 25], 0, |_| {
        let (store, _) = Store::open(&path, start)?;
        store.pipeline(
            &PipelineQuery {
                phase: Some(Phase::Sourced),
                search: None,
                cursor: None,
                limit: Some(20),
            },
            vetta_core::testing::t0(),
        )?;
        Ok(store)
    })?;
    println!(
        "open + first pipeline page: p50 {:.2} ms, max {:.2} ms",
        open.p50, open.max
    );
    table.budget(
        "open + first query (p50 of 25)".into(),
        format!("≤ {OPEN_BUDGET_MS} ms"),
        format!("{:.2} ms (max {:.2})", open.p50, open.max),
        open.p50 <= OPEN_BUDGET_MS,
    );
    table.row(
        "open + first `get_pipeline` page",
        "Store::open (pragmas, version check) + sourced column, 20 cards",
        open,
    );

    // 2b. The quick check of the whole file (every page read), which the app runs on its own
    // thread after the first paint, holding writes until it passes: too slow to run before it.
    let check = time(&[(); 5], 1, |_| vetta_core::store::check_file(&path))?;
    println!(
        "quick_check of the file: p50 {:.0} ms, max {:.0} ms",
        check.p50, check.max
    );
    table.budget(
        "quick_check of the file (background, writes wait; p50 of 5)".into(),
        format!("≤ {CHECK_BUDGET_MS} ms"),
        format!("{:.0} ms (max {:.0})", check.p50, check.max),
        check.p50 <= CHECK_BUDGET_MS,
    );
    table.row(
        "`PRAGMA quick_check` of the file",
        "store::check_file: its own read-only connection, every page read",
        check,
    );

    let (mut store, _) = Store::open(&path, start)?;
    let ro = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut rng = Rng::new(SEED ^ 0xBE7C4);
    let load = std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(", ");
    println!("load average: {load}");
    let now = parse_instant("2026-11-06T09:00:00Z").ok_or("now")?;
    // `VETTA_BENCH_ONLY=insights`: the Insights rows alone (a quick run on a reused file).
    let only_insights = std::env::var("VETTA_BENCH_ONLY").is_ok_and(|v| v == "insights");
    if !only_insights {
        // 3. Reads, as the UI makes them.
        reads::run(&store, &ro, &mut rng, &mut table)?;
        reminders::run(&path, &store, &ro, &mut table)?;
        names::run(&path, &store, &ro, &mut table)?;
    }
    // 3b. The Insights page over the whole file.
    insights::run(&mut store, &ro, &mut table, now)?;
    if !only_insights {
        // 4. Saves, with the store's own pragmas (synchronous = FULL: each commit waits for fsync).
        saves::run(&mut store, &ro, &mut rng, &mut table, now)?;
        // 5. The import of a spreadsheet (issue 14), into a copy of the file.
        drop(ro);
        drop(store);
        import_into_copy(&path, start, now, &mut table)?;
    }

    // 6. Markdown.
    writeln!(
        md,
        "### Commands on the 100k file\n\nLoad average (1, 5, 15 min) when the commands \
         were timed: {}.\n\nEach read and save {RUNS}× (reads after {WARMUP} \
         warm-up calls, page cache warm), through the same `Store` methods the Tauri commands \
         call (IPC serialisation not included). Saves run with the store's own pragmas: WAL, \
         `synchronous = FULL` (each commit waits for fsync).\n",
        load
    )?;
    table.rows_md(&mut md)?;
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("store.md"), md)?;
    std::fs::write(out.join("store-budgets.md"), table.budgets_md()?)?;
    let (budgets, failed) = table.budget_counts();
    println!(
        "store bench: {budgets} budgets, {failed} failed; results in {}",
        out.join("store.md").display()
    );
    Ok(())
}

/// The import bench on copies of the file at `path` (closed: its WAL is in it), removed after:
/// the file keeps its partners for the interaction bench, which copies it next, and for a
/// `VETTA_BENCH_REUSE` run.
fn import_into_copy(
    path: &Path,
    start: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
    table: &mut Table,
) -> Res<()> {
    // A fresh copy for each: the import as the app runs it after its preview, then planned again.
    for how in [import::Plan::Kept, import::Plan::Again] {
        let dir = path.with_file_name("import-copy");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        let copy = dir.join("vetta.sqlite3");
        std::fs::copy(path, &copy)?;
        {
            let (mut store, _) = Store::open(&copy, start)?;
            import::run(&mut store, table, now, how)?;
        }
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(())
}

/// Generates `spec` into a new file at `path` through the Store's write methods, and reports it.
fn generate(
    spec: &Spec,
    dir: &Path,
    path: &Path,
    start: chrono::DateTime<chrono::Utc>,
    md: &mut String,
    table: &mut Table,
) -> Res<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let (mut store, _) = Store::open(path, start)?;
    println!(
        "generating {} partners, {} criterion scores, {} pilots, {} decisions (seed {}) …",
        spec.partners, spec.scores, spec.pilots, spec.decisions, spec.seed
    );
    let report = seed::generate(&mut store, spec, start)?;
    drop(store);
    let rate = report.rows_per_second();
    let size = std::fs::metadata(path)?.len();
    println!(
        "generated {} rows in {:.1} s through {} Store calls: {:.0} rows/s; file {:.0} MiB",
        report.rows,
        report.elapsed.as_secs_f64(),
        report.calls,
        rate,
        size as f64 / 1048576.0
    );
    writeln!(md, "### Data generation\n")?;
    writeln!(
        md,
        "Seed {}, through the Store's write methods (`add_partner`, `submit_scorecard`, \
         `record_decision`, `create_pilot`, `log_deliverable`, … — the same validation and \
         inserts as the UI) inside `Store::write`: each batch of 500 partners' whole stories is \
         one transaction (seed/mod.rs); `synchronous = OFF` while generating (FULL again \
         afterwards).\n",
        spec.seed
    )?;
    writeln!(md, "| table | rows |\n|---|---:|")?;
    for (name, n) in &report.tables {
        writeln!(md, "| {name} | {n} |")?;
    }
    writeln!(
        md,
        "| **all** | **{}** |\n\n{} Store calls in {:.1} s: **{:.0} rows/s**; file {:.0} MiB.\n",
        report.rows,
        report.calls,
        report.elapsed.as_secs_f64(),
        rate,
        size as f64 / 1048576.0
    )?;
    let probe = timing::insert_probe()?;
    table.budget(
        "data generation".into(),
        format!("≥ {GEN_BUDGET_ROWS_PER_S:.0} rows/s"),
        format!(
            "{rate:.0} rows/s ({:.3} of the machine's plain-insert probe, {probe:.0} rows/s, \
             same run)",
            rate / probe
        ),
        rate >= GEN_BUDGET_ROWS_PER_S,
    );
    Ok(())
}
