//! The import on the 100k-partner file: a Russian-Excel-shaped file (Windows-1251, `;`, a city
//! for the zone, yes/no and counts) of 100,000 new partners, previewed on a read-only connection
//! of its own (the app's store lock free meanwhile), then imported as the app's command runs it:
//! the plan the preview was read from written in one transaction (the lock held) — or, run on a
//! second copy of the file, planned again first, as when the file, the choices or the store
//! changed since the preview. Rows per second, with a
//! same-run baseline: the same rows added one by one through `Writer::add_partner` (the
//! per-action path the import used before: a query per market per row, the partner read back)
//! in one transaction that is rolled back.

use std::time::Instant;

use chrono::{DateTime, Utc};
use vetta_core::import::{DuplicateAction, ImportChoices, ImportRun, ImportSource};
use vetta_core::partner::{Contact, NewPartner, PartnerKind};
use vetta_core::signal::{MarketCount, Signals};
use vetta_core::testing::{russian_excel_file, RUSSIAN_EXCEL_CITIES};
use vetta_core::Store;

use crate::timing::Table;
use crate::Res;

const ROWS: usize = 100_000;
/// Rows of the same file added through the per-action path (rolled back), for the baseline.
const BASELINE_ROWS: usize = 10_000;
/// The issue's target.
const ROWS_PER_SECOND_BUDGET: f64 = 50_000.0;

/// Row `i` of [`russian_excel_file`] as the form would send it.
fn partner(i: usize, tag: u32) -> NewPartner {
    NewPartner {
        name: format!("Импорт {i} бенч {tag}"),
        kind: PartnerKind::Agency,
        markets: vec!["RU".into(), "US".into()],
        home_time_zone: RUSSIAN_EXCEL_CITIES[i % RUSSIAN_EXCEL_CITIES.len()]
            .1
            .into(),
        languages: vec![],
        contacts: vec![Contact {
            name: format!("Анна {i}"),
            detail: format!("+7 900 {i:07}"),
        }],
        found_via: String::new(),
        notes: String::new(),
        signals: Signals {
            case_studies: vec![
                MarketCount {
                    market: "RU".into(),
                    count: 3,
                },
                MarketCount {
                    market: "US".into(),
                    count: 1,
                },
            ],
            showed_failures: Some(true),
            ..Signals::default()
        },
        framework_id: None,
    }
}

/// The per-action path's rate: [`BASELINE_ROWS`] partners through `Writer::add_partner` in one
/// transaction, rolled back (nothing kept).
fn baseline(store: &mut Store, now: DateTime<Utc>, tag: u32) -> Res<f64> {
    let inputs: Vec<NewPartner> = (0..BASELINE_ROWS).map(|i| partner(i, tag)).collect();
    let started = Instant::now();
    let rolled_back = store.write(|w| {
        for p in &inputs {
            w.add_partner(p, now)?;
        }
        Err::<(), _>(vetta_core::Error::ImportCancelled)
    });
    let elapsed = started.elapsed().as_secs_f64();
    if !matches!(rolled_back, Err(vetta_core::Error::ImportCancelled)) {
        return Err(format!("the baseline should roll back: {rolled_back:?}").into());
    }
    Ok(BASELINE_ROWS as f64 / elapsed)
}

/// How the import's plan is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// The preview's plan, kept for the import (the app, when nothing changed since).
    Kept,
    /// Planned again by the import (the file, the choices or the store changed since).
    Again,
}

pub fn run(store: &mut Store, table: &mut Table, now: DateTime<Utc>, how: Plan) -> Res<()> {
    let path = store.path().ok_or("the bench store has a file")?.to_owned();
    let tag = store.list_partners(&Default::default())?.total;
    let bytes = russian_excel_file(ROWS, tag);
    let source = ImportSource {
        bytes: &bytes,
        file_name: "bench.csv",
    };
    let base = baseline(store, now, tag)?;
    let probe = crate::timing::insert_probe()?;
    let reader = Store::open_reader(&path)?;
    let run = ImportRun {
        choices: ImportChoices::default(),
        duplicate_default: DuplicateAction::Skip,
        duplicates: vec![],
    };
    let started = Instant::now();
    let (preview, kept) = reader.preview_import(store.write_stamp(), source, &run.choices, now)?;
    let preview_s = started.elapsed().as_secs_f64();
    let kept = match how {
        Plan::Kept => Some(kept),
        Plan::Again => None,
    };
    let load_before = crate::timing::load_average();
    let cpu_before = crate::timing::process_cpu_s();
    let started = Instant::now();
    let planned = match kept {
        Some(kept) => kept,
        None => reader.plan_import(store.write_stamp(), source, &run.choices, now, |_, _| true)?,
    };
    let planning_s = planned.planning.as_secs_f64();
    let planning = match how {
        Plan::Kept => format!("planning {planning_s:.2} s in the preview"),
        Plan::Again => format!("planning {planning_s:.2} s off the lock"),
    };
    let writing = Instant::now();
    let out = store.import_planned(planned, source, &run, now, |_, _| true)?;
    let lock_s = writing.elapsed().as_secs_f64();
    let import_s = started.elapsed().as_secs_f64();
    // CPU seconds of the process (planning runs on two threads, writing on this one): the rate
    // per CPU second is what the code costs, whatever else shares the machine.
    let cpu_s = crate::timing::process_cpu_s()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    // The WAL copied into the file after, as the app does on a thread of its own (the import
    // commits without the automatic checkpoint): not part of the import's time.
    let started = Instant::now();
    let (wal_pages, copied) = vetta_core::store::checkpoint_file(&path)?;
    let checkpoint_s = started.elapsed().as_secs_f64();
    if out.imported as usize != ROWS
        || preview.ready as usize != ROWS
        || out.issues_in_preview != (how == Plan::Kept)
    {
        return Err(format!(
            "the bench file should import whole ({how:?} plan): {} of {ROWS}, issues in the \
             preview {}",
            out.imported, out.issues_in_preview
        )
        .into());
    }
    let rate = ROWS as f64 / import_s;
    let per_cpu = cpu_s.map_or_else(
        || "CPU time unknown".to_string(),
        |cpu| {
            format!(
                "{:.0} rows per CPU second ({cpu:.2} CPU s)",
                ROWS as f64 / cpu
            )
        },
    );
    println!(
        "import of {ROWS} rows ({how:?} plan): {rate:.0} rows/s ({planning}, writing \
         {lock_s:.2} s holding the lock), {per_cpu}; per-action baseline {base:.0} rows/s; \
         plain-insert probe {probe:.0} rows/s; load average {load_before} before, {} after",
        crate::timing::load_average()
    );
    let figures = format!(
        "{rate:.0} rows/s ({import_s:.2} s: {planning}, writing {lock_s:.2} s; {per_cpu}; load \
         {load_before}); {:.1}× the per-action path in the same run ({base:.0} rows/s), {:.3} of \
         the machine's plain-insert probe ({probe:.0} rows/s); the preview {:.0} rows/s",
        rate / base,
        rate / probe,
        ROWS as f64 / preview_s
    );
    if how == Plan::Again {
        table.budget(
            format!("import {ROWS} rows into the 100k file, planned again by the import"),
            "no budget: only when the file, the choices or the store changed since the preview"
                .into(),
            figures,
            true,
        );
        return Ok(());
    }
    table.budget(
        format!(
            "import {ROWS} rows into the 100k file after its preview (the preview's plan written \
             in one transaction, synchronous = FULL)"
        ),
        format!("≥ {ROWS_PER_SECOND_BUDGET:.0} rows/s"),
        figures,
        rate >= ROWS_PER_SECOND_BUDGET,
    );
    println!(
        "checkpoint after the import: {checkpoint_s:.2} s ({copied} of {wal_pages} WAL pages copied)"
    );
    table.budget(
        "checkpoint after the import (its own thread and connection; writes wait for it)".into(),
        "no budget: the window's reads do not wait for it".into(),
        format!(
            "{:.0} ms ({copied} of {wal_pages} WAL pages into the file)",
            checkpoint_s * 1000.0
        ),
        true,
    );
    table.budget(
        format!("store lock held by the {ROWS}-row import (the window's reads go to a reader)"),
        "no budget: reads do not wait for it".into(),
        format!("{:.0} ms", lock_s * 1000.0),
        true,
    );
    Ok(())
}
