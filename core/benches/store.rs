//! `make bench`, part 1: generate the 100k-partner file through core's own write path, then time
//! every read the UI makes and every kind of save on it (p50/p95/p99 over ≥ 200 runs each).
//!
//! Writes its results to `<target>/bench/store.md` (a Markdown section) and `store-budgets.md`
//! (budget rows); `tests/benches/launch.rs` folds both into `docs/BENCHMARKS.md`.
//!
//! Environment: `VETTA_BENCH_SCALE=N` generates 1/N of the data (quick runs);
//! `VETTA_BENCH_REUSE=1` reuses an existing file of the same scale instead of generating.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, Utc};
use rusqlite::{Connection, OpenFlags};
use vetta_core::decision::NewDecision;
use vetta_core::dossier::{DossierQuery, PipelineQuery};
use vetta_core::flag::{FlagAction, NewFlag};
use vetta_core::gate::Answer;
use vetta_core::ids::{format_instant, parse_instant};
use vetta_core::partner::{NewPartner, PartnerEdit, PartnerKind, PartnerQuery};
use vetta_core::phase::Phase;
use vetta_core::pilot::{
    DeliveryUpdate, MetricActual, NewApproval, NewDeliverable, NewRevisionRound, PilotQuery,
    PilotStart, Verdict,
};
use vetta_core::recommendation::Choice;
use vetta_core::scorecard::{NewScorecard, ScorecardQuery};
use vetta_core::seed::{self, Rng, Spec};
use vetta_core::Store;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const SEED: u64 = 20_261_106;
const RUNS: usize = 200;
const WARMUP: usize = 10;
const READ_P95_BUDGET_MS: f64 = 5.0;
const SAVE_P99_BUDGET_MS: f64 = 10.0;
const OPEN_BUDGET_MS: f64 = 20.0;
const GEN_BUDGET_ROWS_PER_S: f64 = 50_000.0;

/// `<target>` from this binary's path: `<target>/release/deps/store-…`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the bench binary's path");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .expect("the target directory")
}

struct Stats {
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
    n: usize,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
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

struct Table {
    rows: Vec<(String, String, Stats)>,
    budgets: Vec<(String, String, String, bool)>,
}

impl Table {
    fn read(&mut self, name: &str, note: &str, s: Stats) {
        let pass = s.p95 <= READ_P95_BUDGET_MS;
        println!(
            "read  {name:<40} p50 {:>7.3} p95 {:>7.3} p99 {:>7.3} max {:>7.3} ms  (n={})  {}",
            s.p50,
            s.p95,
            s.p99,
            s.max,
            s.n,
            if pass { "PASS" } else { "FAIL" }
        );
        self.budgets.push((
            format!("read `{name}` p95"),
            format!("≤ {READ_P95_BUDGET_MS} ms"),
            format!("{:.2} ms", s.p95),
            pass,
        ));
        self.rows.push((format!("read `{name}`"), note.into(), s));
    }

    fn save(&mut self, name: &str, note: &str, s: Stats) {
        let pass = s.p99 <= SAVE_P99_BUDGET_MS;
        println!(
            "save  {name:<40} p50 {:>7.3} p95 {:>7.3} p99 {:>7.3} max {:>7.3} ms  (n={})  {}",
            s.p50,
            s.p95,
            s.p99,
            s.max,
            s.n,
            if pass { "PASS" } else { "FAIL" }
        );
        self.budgets.push((
            format!("save `{name}` p99"),
            format!("≤ {SAVE_P99_BUDGET_MS} ms"),
            format!("{:.2} ms", s.p99),
            pass,
        ));
        self.rows.push((format!("save `{name}`"), note.into(), s));
    }
}

/// Times `f` over each input (after a short warm-up on the first inputs).
fn time_each<T>(inputs: &[T], warm: bool, mut f: impl FnMut(&T) -> Res<()>) -> Res<Stats> {
    if warm {
        for input in inputs.iter().take(WARMUP) {
            f(input)?;
        }
    }
    let mut samples = Vec::with_capacity(inputs.len());
    for input in inputs {
        let t = Instant::now();
        f(input)?;
        samples.push(t.elapsed());
    }
    Ok(stats(samples))
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
    let mut table = Table {
        rows: Vec::new(),
        budgets: Vec::new(),
    };

    // 1. Generate.
    if reuse && path.exists() {
        println!("reusing {}", path.display());
        writeln!(
            md,
            "Data file reused from an earlier run (`VETTA_BENCH_REUSE`).\n"
        )?;
    } else {
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        let (mut store, _) = Store::open(&path, start)?;
        println!(
            "generating {} partners, {} criterion scores, {} pilots, {} decisions (seed {}) …",
            spec.partners, spec.scores, spec.pilots, spec.decisions, spec.seed
        );
        let report = seed::generate(&mut store, &spec, start)?;
        drop(store);
        let rate = report.rows_per_second();
        let size = std::fs::metadata(&path)?.len();
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
            "Seed {}, through the Store's public write methods (`add_partner`, `submit_scorecard`, \
             `record_decision`, `create_pilot`, `log_deliverable`, … — the same validation and \
             inserts as the UI), **one transaction per call, no batching**; the only concession \
             is `synchronous = OFF` while generating (FULL again afterwards).\n",
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
        table.budgets.push((
            "data generation".into(),
            format!("≥ {GEN_BUDGET_ROWS_PER_S:.0} rows/s"),
            format!("{rate:.0} rows/s"),
            rate >= GEN_BUDGET_ROWS_PER_S,
        ));
    }

    // 2. Open + the board's first query (what the window waits for), page cache warm.
    let mut opens = Vec::new();
    for _ in 0..25 {
        let t = Instant::now();
        let (store, _) = Store::open(&path, start)?;
        store.pipeline(&PipelineQuery {
            phase: Some(Phase::Sourced),
            search: None,
            offset: 0,
            limit: Some(20),
        })?;
        opens.push(t.elapsed());
    }
    let open = stats(opens);
    println!(
        "open + first pipeline page: p50 {:.2} ms, max {:.2} ms",
        open.p50, open.max
    );
    table.budgets.push((
        "open + first query (p50 of 25)".into(),
        format!("≤ {OPEN_BUDGET_MS} ms"),
        format!("{:.2} ms (max {:.2})", open.p50, open.max),
        open.p50 <= OPEN_BUDGET_MS,
    ));
    table.rows.push((
        "open + first `get_pipeline` page".into(),
        "Store::open (pragmas, version check) + sourced column, 20 cards".into(),
        open,
    ));

    let (mut store, _) = Store::open(&path, start)?;
    let ro = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut rng = Rng::new(SEED ^ 0xBE7C4);
    let any_partner = sample(&ro, "SELECT id FROM partners", RUNS, &mut rng)?;
    let piloted = sample(
        &ro,
        "SELECT DISTINCT partner_id FROM pilots",
        RUNS,
        &mut rng,
    )?;
    let scored = sample(
        &ro,
        "SELECT DISTINCT partner_id FROM scorecards",
        RUNS,
        &mut rng,
    )?;
    let flagged = sample(&ro, "SELECT DISTINCT partner_id FROM flags", RUNS, &mut rng)?;
    let decided = sample(
        &ro,
        "SELECT DISTINCT partner_id FROM decisions",
        RUNS,
        &mut rng,
    )?;
    let pilots = sample(&ro, "SELECT id FROM pilots", RUNS, &mut rng)?;
    let total: i64 = ro.query_row("SELECT count(*) FROM partners", [], |r| r.get(0))?;
    let offsets: Vec<u32> = (0..RUNS)
        .map(|_| rng.below(total.max(1) as u64) as u32 / 50 * 50)
        .collect();

    // 3. Reads, as the UI makes them.
    table.read(
        "list_partners (first page)",
        "50 by name",
        time_each(&[(); RUNS], true, |_| {
            store.list_partners(&PartnerQuery {
                search: None,
                offset: 0,
                limit: Some(50),
            })?;
            Ok(())
        })?,
    );
    table.read(
        "list_partners (random page)",
        "50 by name at a random offset",
        time_each(&offsets, true, |o| {
            store.list_partners(&PartnerQuery {
                search: None,
                offset: *o,
                limit: Some(50),
            })?;
            Ok(())
        })?,
    );
    let searches = [
        "media",
        "свет",
        "harbor fox",
        "orbit",
        "12345",
        "ы",
        "nomad lens",
    ];
    let search_inputs: Vec<&str> = (0..RUNS).map(|i| searches[i % searches.len()]).collect();
    table.read(
        "list_partners (search)",
        "substring of the name, 7 terms common to rare",
        time_each(&search_inputs, true, |s| {
            store.list_partners(&PartnerQuery {
                search: Some((*s).into()),
                offset: 0,
                limit: Some(50),
            })?;
            Ok(())
        })?,
    );
    for phase in Phase::ALL {
        table.read(
            &format!("get_pipeline ({})", phase.as_str()),
            "one board column, 20 cards",
            time_each(&[(); RUNS], true, |_| {
                store.pipeline(&PipelineQuery {
                    phase: Some(*phase),
                    search: None,
                    offset: 0,
                    limit: Some(20),
                })?;
                Ok(())
            })?,
        );
    }
    let phase_search: Vec<(Phase, &str)> = (0..RUNS)
        .map(|i| {
            (
                Phase::ALL[i % Phase::ALL.len()],
                searches[i % searches.len()],
            )
        })
        .collect();
    table.read(
        "get_pipeline (column + search)",
        "each phase × each term, 20 cards",
        time_each(&phase_search, true, |(p, s)| {
            store.pipeline(&PipelineQuery {
                phase: Some(*p),
                search: Some((*s).into()),
                offset: 0,
                limit: Some(20),
            })?;
            Ok(())
        })?,
    );
    let deep: Vec<u32> = (0..RUNS).map(|i| (i as u32 % 50) * 20).collect();
    table.read(
        "get_pipeline (sourced, later pages)",
        "\"more\" in the biggest column, offsets 0–980",
        time_each(&deep, true, |o| {
            store.pipeline(&PipelineQuery {
                phase: Some(Phase::Sourced),
                search: None,
                offset: *o,
                limit: Some(20),
            })?;
            Ok(())
        })?,
    );
    table.read(
        "get_partner",
        "random partner",
        time_each(&any_partner, true, |id| {
            store.partner(id)?;
            Ok(())
        })?,
    );
    table.read(
        "get_dossier",
        "partners with pilots (the heaviest)",
        time_each(&piloted, true, |id| {
            store.dossier(&DossierQuery {
                partner_id: id.clone(),
                viewer_time_zone: "Europe/Moscow".into(),
            })?;
            Ok(())
        })?,
    );
    table.read(
        "get_dossier (any partner)",
        "random partner",
        time_each(&any_partner, true, |id| {
            store.dossier(&DossierQuery {
                partner_id: id.clone(),
                viewer_time_zone: "America/New_York".into(),
            })?;
            Ok(())
        })?,
    );
    table.read(
        "get_recommendation",
        "partners with pilots",
        time_each(&piloted, true, |id| {
            store.recommendation(id)?;
            Ok(())
        })?,
    );
    table.read(
        "get_scorecards (gate evaluation)",
        "gut check, blind, as a reviewer who scored",
        time_each(&scored, true, |id| {
            store.scorecards(&ScorecardQuery {
                partner_id: id.clone(),
                phase: Phase::GutCheck,
                viewer: Some("Sarah Chen".into()),
                blind: false,
            })?;
            Ok(())
        })?,
    );
    table.read(
        "get_pilot",
        "random pilot, two zones",
        time_each(&pilots, true, |id| {
            store.pilot(&PilotQuery {
                pilot_id: id.clone(),
                viewer_time_zone: "Asia/Almaty".into(),
            })?;
            Ok(())
        })?,
    );
    table.read(
        "list_flags",
        "partners with flags",
        time_each(&flagged, true, |id| {
            store.flags(id)?;
            Ok(())
        })?,
    );
    table.read(
        "list_decisions",
        "partners with decisions",
        time_each(&decided, true, |id| {
            store.decisions(id)?;
            Ok(())
        })?,
    );
    let fw = store.default_framework()?.id;
    table.read(
        "get_framework",
        "the dossier's framework",
        time_each(&[(); RUNS], true, |_| {
            store.framework(&fw)?;
            Ok(())
        })?,
    );
    table.read(
        "get_settings + list_markets",
        "app start",
        time_each(&[(); RUNS], true, |_| {
            store.settings()?;
            store.list_markets()?;
            Ok(())
        })?,
    );

    // 4. Saves, with the store's own pragmas (synchronous = FULL: each commit waits for fsync).
    let now = parse_instant("2026-11-06T09:00:00Z").ok_or("now")?;
    let clock = std::cell::Cell::new(now);
    let tick = || -> DateTime<Utc> {
        clock.set(clock.get() + Span::seconds(1));
        clock.get()
    };
    let adds: Vec<usize> = (0..RUNS).collect();
    table.save(
        "add_partner",
        "profile, 2 markets, signals",
        time_each(&adds, false, |i| {
            store.add_partner(
                &NewPartner {
                    name: format!("Bench Partner {i}"),
                    kind: PartnerKind::Agency,
                    markets: vec!["RU".into(), "KZ".into()],
                    home_time_zone: "Asia/Almaty".into(),
                    languages: vec!["ru".into(), "kk".into()],
                    contacts: Vec::new(),
                    found_via: "referral".into(),
                    notes: String::new(),
                    signals: Default::default(),
                    framework_id: None,
                },
                tick(),
            )?;
            Ok(())
        })?,
    );
    let edits = distinct(&ro, "SELECT id FROM partners", RUNS, &mut rng)?;
    let edit_inputs = edits
        .iter()
        .map(|id| {
            let p = store.partner(id)?;
            Ok(PartnerEdit {
                id: p.id,
                name: format!("{} (edited)", p.name),
                kind: p.kind,
                markets: p.markets,
                home_time_zone: p.home_time_zone,
                languages: p.languages,
                contacts: p.contacts,
                found_via: p.found_via,
                notes: "edited by the bench".into(),
                signals: p.signals,
                framework_id: None,
            })
        })
        .collect::<Res<Vec<_>>>()?;
    table.save(
        "edit_partner",
        "whole profile replaced",
        time_each(&edit_inputs, false, |input| {
            store.edit_partner(input, tick())?;
            Ok(())
        })?,
    );
    let gut = distinct(
        &ro,
        "SELECT id FROM partners WHERE phase = 'gut_check'",
        RUNS,
        &mut rng,
    )?;
    let keys = seed::CRITERION_KEYS;
    table.save(
        "submit_scorecard",
        "10 answers, supersedes the reviewer's card",
        time_each(&gut, false, |id| {
            store.submit_scorecard(
                &NewScorecard {
                    partner_id: id.clone(),
                    phase: Phase::GutCheck,
                    reviewer: "Sarah Chen".into(),
                    answers: keys
                        .iter()
                        .map(|(k, yes_no)| Answer {
                            criterion: (*k).into(),
                            value: if *yes_no { 1 } else { 4 },
                        })
                        .collect(),
                    note: String::new(),
                },
                tick(),
            )?;
            Ok(())
        })?,
    );
    let mut raised = Vec::new();
    table.save(
        "raise_flag",
        "a warning on a random partner",
        time_each(&edits, false, |id| {
            let t = tick();
            let f = store.raise_flag(
                &NewFlag {
                    partner_id: id.clone(),
                    pilot_id: None,
                    kind: "communication_gaps".into(),
                    occurred_at: format_instant(t - Span::hours(3)),
                    note: "No answer for a week".into(),
                    link: String::new(),
                    raised_by: "Bench".into(),
                },
                t,
            )?;
            raised.push(f.id);
            Ok(())
        })?,
    );
    table.save(
        "resolve_flag",
        "the flags just raised",
        time_each(&raised, false, |id| {
            store.resolve_flag(
                &FlagAction {
                    flag_id: id.clone(),
                    by: "Bench".into(),
                    note: "Sorted out".into(),
                },
                tick(),
            )?;
            Ok(())
        })?,
    );
    let holdable = distinct(
        &ro,
        "SELECT id FROM partners WHERE phase <> 'walked'",
        RUNS,
        &mut rng,
    )?;
    table.save(
        "record_decision",
        "hold (computes the recommendation first)",
        time_each(&holdable, false, |id| {
            store.record_decision(
                &NewDecision {
                    partner_id: id.clone(),
                    choice: Choice::Hold,
                    decided_by: "Bench".into(),
                    rationale: "Waiting for budget".into(),
                    assumptions: vec!["Budget lands in Q1".into()],
                    review_on: Some("2027-01-15".into()),
                },
                tick(),
            )?;
            Ok(())
        })?,
    );
    // Pilots still being scoped (not started), with room for more deliverables.
    let scoping = distinct(
        &ro,
        "SELECT p.id FROM pilots p JOIN partners o ON o.id = p.partner_id
         WHERE p.started_at IS NULL AND o.phase = 'pilot_scoping'
           AND (SELECT count(*) FROM deliverables d WHERE d.pilot_id = p.id) < p.deliverables",
        2 * RUNS,
        &mut rng,
    )?;
    let (to_log, to_start) = scoping.split_at(scoping.len() / 2);
    let due = format_instant(now + Span::days(20));
    table.save(
        "log_deliverable",
        "planned deliverable on a scoped pilot",
        time_each(to_log, false, |id| {
            store.log_deliverable(
                &NewDeliverable {
                    pilot_id: id.clone(),
                    title: "Bench video".into(),
                    market: None,
                    due_at: due.clone(),
                    delivered_at: None,
                    notice_given: false,
                    verdict: None,
                    note: String::new(),
                    viewer_time_zone: None,
                },
                tick(),
            )?;
            Ok(())
        })?,
    );
    table.save(
        "start_pilot",
        "phase → pilot (derives a flag when metrics were not agreed)",
        time_each(to_start, false, |id| {
            store.start_pilot(
                &PilotStart {
                    pilot_id: id.clone(),
                    viewer_time_zone: None,
                },
                tick(),
            )?;
            Ok(())
        })?,
    );
    // Running pilots: started, not debriefed.
    let running_sql = "SELECT p.id FROM pilots p WHERE p.started_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM debriefs b WHERE b.pilot_id = p.id)";
    let open_deliverables = distinct(
        &ro,
        "SELECT d.id FROM deliverables d JOIN pilots p ON p.id = d.pilot_id
         WHERE d.delivered_at IS NULL AND p.started_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM debriefs b WHERE b.pilot_id = p.id)",
        RUNS,
        &mut rng,
    )?;
    table.save(
        "record_delivery",
        "late without notice half the time (derived flag)",
        time_each(&open_deliverables, false, |id| {
            let t = tick();
            store.record_delivery(
                &DeliveryUpdate {
                    deliverable_id: id.clone(),
                    delivered_at: format_instant(t),
                    notice_given: rng.chance(50),
                    verdict: Some(Verdict::OnScope),
                    note: String::new(),
                    viewer_time_zone: None,
                },
                t,
            )?;
            Ok(())
        })?,
    );
    let running = sample(&ro, running_sql, RUNS, &mut rng)?;
    table.save(
        "log_revision_round",
        "running pilot",
        time_each(&running, false, |id| {
            store.log_revision_round(
                &NewRevisionRound {
                    pilot_id: id.clone(),
                    market: None,
                    note: "Another round".into(),
                    viewer_time_zone: None,
                },
                tick(),
            )?;
            Ok(())
        })?,
    );
    let approvals: Vec<(String, String)> = {
        let mut stmt = ro.prepare(&format!(
            "SELECT id, (SELECT market_code FROM pilot_metrics m WHERE m.pilot_id = p.id LIMIT 1)
             FROM pilots p WHERE p.id IN ({running_sql})"
        ))?;
        let all = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<(String, String)>, _>>()?;
        (0..RUNS).map(|_| rng.pick(&all).clone()).collect()
    };
    table.save(
        "log_approval",
        "running pilot, one market",
        time_each(&approvals, false, |(id, market)| {
            let t = tick();
            store.log_approval(
                &NewApproval {
                    pilot_id: id.clone(),
                    market: market.clone(),
                    requested_at: format_instant(t - Span::hours(30)),
                    approved_at: format_instant(t),
                    viewer_time_zone: None,
                },
                t,
            )?;
            Ok(())
        })?,
    );
    let metrics = sample(
        &ro,
        &format!("SELECT m.id FROM pilot_metrics m WHERE m.pilot_id IN ({running_sql})"),
        RUNS,
        &mut rng,
    )?;
    table.save(
        "record_metric_actual",
        "running pilot",
        time_each(&metrics, false, |id| {
            store.record_metric_actual(
                &MetricActual {
                    metric_id: id.clone(),
                    actual: 1234.0,
                    viewer_time_zone: None,
                },
                tick(),
            )?;
            Ok(())
        })?,
    );
    table.save(
        "set_user_name",
        "settings",
        time_each(&[(); RUNS], false, |_| {
            store.set_user_name("Bench", tick())?;
            Ok(())
        })?,
    );

    // 5. Markdown.
    writeln!(
        md,
        "### Commands on the 100k file\n\nEach read and save {RUNS}× (reads after {WARMUP} \
         warm-up calls, page cache warm), through the same `Store` methods the Tauri commands \
         call (IPC serialisation not included). Saves run with the store's own pragmas: WAL, \
         `synchronous = FULL` (each commit waits for fsync).\n"
    )?;
    writeln!(
        md,
        "| command | input | p50 ms | p95 ms | p99 ms | max ms | runs |\n|---|---|---:|---:|---:|---:|---:|"
    )?;
    for (name, note, s) in &table.rows {
        writeln!(
            md,
            "| {name} | {note} | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
            s.p50, s.p95, s.p99, s.max, s.n
        )?;
    }
    let mut budgets = String::new();
    for (what, budget, measured, pass) in &table.budgets {
        writeln!(
            budgets,
            "| {what} | {budget} | {measured} | {} |",
            if *pass { "PASS" } else { "**FAIL**" }
        )?;
    }
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("store.md"), md)?;
    std::fs::write(out.join("store-budgets.md"), budgets)?;
    let failed = table.budgets.iter().filter(|b| !b.3).count();
    println!(
        "store bench: {} budgets, {failed} failed; results in {}",
        table.budgets.len(),
        out.join("store.md").display()
    );
    Ok(())
}
