//! The Insights page's read (`get_insights`) on the 100k file, with each filter the page offers:
//! the first read after opening, the first after one save, and reads with nothing written between,
//! against its own budget (a page computed over the whole history, not a card): the narrow reads
//! the app runs, and in the same run the whole-facts read they replaced, for a ratio that holds on
//! a shared machine.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use vetta_core::flag::NewFlag;
use vetta_core::insights::InsightsQuery;
use vetta_core::Store;

use crate::timing::Table;
use crate::Res;

/// The page's budget at 100,000 partners (design/INSIGHTS.md).
const BUDGET_MS: f64 = 200.0;
/// Timed calls of the narrow read, and of the whole-facts one (slow: a few suffice).
const RUNS: usize = 40;
const BEFORE_RUNS: usize = 3;
const COLD_RUNS: usize = 5;
/// Seconds from opening to the first read with the histories read ahead (`warm_insights`, as the
/// app does once its window has painted): a person opening the page a few seconds after the
/// app, and one opening it while they are still being read (the read waits for them).
const WARM_AFTER_S: [u64; 2] = [5, 1];

pub fn run(store: &mut Store, ro: &Connection, table: &mut Table, now: DateTime<Utc>) -> Res<()> {
    // The generated partners' own version (the file's default is another).
    let framework: String = ro.query_row("SELECT framework_id FROM partners LIMIT 1", [], |r| {
        r.get(0)
    })?;
    // The filters the page offers, each in turn (a period of a year).
    let mut all = vetta_core::testing::insights_filters(Some(&framework));
    all[3].since_days = Some(365);
    // The app reads through the writer's reader (src-tauri/src/state.rs): so does the bench.
    // Cold: the first read after opening (every partner's history read), a few times.
    let mut samples = Vec::new();
    for _ in 0..COLD_RUNS {
        let reader = store.reader()?;
        let t = std::time::Instant::now();
        drop(reader.insights(&all[0], now)?);
        samples.push(t.elapsed());
    }
    let cold = crate::timing::stats(samples);
    table.row(
        "read `get_insights` first after opening (cold)",
        "every partner's history read (narrow reads), no filter, through a new reader",
        cold,
    );
    let warm = warm_first_reads(store, ro, &all[0], table, now)?;
    // After one save: a flag raised on a partner, then the page read again (only that partner's
    // history read again), each filter in turn.
    let reader = store.reader()?;
    drop(reader.insights(&all[0], now)?);
    let partners: Vec<String> = {
        let mut stmt = ro.prepare(
            "SELECT id FROM partners WHERE deleted_at IS NULL ORDER BY rowid DESC LIMIT ?1",
        )?;
        let ids = stmt.query_map([RUNS as i64], |r| r.get(0))?;
        ids.collect::<Result<_, _>>()?
    };
    let mut samples = Vec::new();
    // Beside each, the same filter read again at once (nothing written): the save's own cost is
    // the difference, whatever the machine's load.
    let mut again = Vec::new();
    for (i, id) in partners.iter().enumerate() {
        let at = now + chrono::Duration::seconds(i as i64);
        store.raise_flag(
            &NewFlag {
                partner_id: id.clone(),
                pilot_id: None,
                kind: "communication_gaps".into(),
                occurred_at: vetta_core::ids::format_instant(at - chrono::Duration::hours(1)),
                note: "Bench: no answer for a week".into(),
                link: String::new(),
                raised_by: "Bench".into(),
            },
            at,
        )?;
        let t = std::time::Instant::now();
        drop(reader.insights(&all[i % all.len()], now)?);
        samples.push(t.elapsed());
        let t = std::time::Instant::now();
        drop(reader.insights(&all[i % all.len()], now)?);
        again.push(t.elapsed());
    }
    let saved = crate::timing::stats(samples);
    let again = crate::timing::stats(again);
    table.budget(
        "read `get_insights` first after one save p95".into(),
        format!("≤ {BUDGET_MS} ms"),
        format!("{:.2} ms", saved.p95),
        saved.p95 <= BUDGET_MS,
    );
    table.row(
        "read `get_insights` first after one save",
        "a flag raised on a partner, then the page (that partner read again), each filter in turn",
        saved,
    );
    table.row(
        "read `get_insights` again right after it",
        "the same filter at once, nothing written between: the row above less the save's own cost",
        again,
    );
    let inputs: Vec<&InsightsQuery> = (0..RUNS).map(|i| &all[i % all.len()]).collect();
    let after = table.read_within(
        "get_insights",
        "the whole page over 100k partners, each filter in turn (histories kept, no write between)",
        (&inputs, 3, BUDGET_MS),
        |q| reader.insights(q, now),
    )?;
    let before_inputs: Vec<&InsightsQuery> = (0..BEFORE_RUNS).map(|_| &all[0]).collect();
    let before = crate::timing::time(&before_inputs, 0, |q| store.insights_from_facts(q, now))?;
    table.row(
        "read `get_insights` before (whole facts)",
        "every partner's whole facts, 500 a query set (the read replaced); no filter",
        before,
    );
    // Beside it, the narrow read cold (a new reader each), for a same-run ratio.
    let mut samples = Vec::new();
    for _ in 0..BEFORE_RUNS {
        let fresh = store.reader()?;
        let t = std::time::Instant::now();
        drop(fresh.insights(&all[0], now)?);
        samples.push(t.elapsed());
    }
    let same = crate::timing::stats(samples);
    println!(
        "get_insights first after opening: p50 {:.1} ms, max {:.1} ms; first after one save: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; again right after: p50 {:.1} ms, p95 {:.1} ms",
        cold.p50, cold.max, saved.p50, saved.p95, saved.max, again.p50, again.p95
    );
    for (secs, w) in WARM_AFTER_S.iter().zip(&warm) {
        println!(
            "get_insights first {secs} s after opening, read ahead: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (cold above: p50 {:.1} ms)",
            w.p50, w.p95, w.max, cold.p50
        );
    }
    println!(
        "get_insights: p50 {:.1} ms / p95 {:.1} ms (all filters); cold narrow p50 {:.1} ms vs whole facts p50 {:.1} ms: {:.1}× faster",
        after.p50,
        after.p95,
        same.p50,
        before.p50,
        before.p50 / same.p50
    );
    table.row(
        "read `get_insights` cold (beside the row above)",
        "the narrow reads through a new reader, no filter, timed right after the whole-facts one",
        same,
    );
    Ok(())
}

/// The first read `WARM_AFTER_S` seconds after opening, with every partner's history read ahead
/// on a reader and thread of their own from the moment of opening, as the app does: a flag is
/// raised half a second in (the histories taken follow that commit), then the clock runs from
/// the page's request to its figures — waiting for the read ahead when it is still under way,
/// the window's reader taking the histories, and the read.
fn warm_first_reads(
    store: &mut Store,
    ro: &Connection,
    query: &InsightsQuery,
    table: &mut Table,
    now: DateTime<Utc>,
) -> Res<Vec<crate::timing::Stats>> {
    let partners: Vec<String> = {
        let mut stmt =
            ro.prepare("SELECT id FROM partners WHERE deleted_at IS NULL ORDER BY rowid LIMIT ?1")?;
        let ids = stmt.query_map([(COLD_RUNS * WARM_AFTER_S.len()) as i64], |r| r.get(0))?;
        ids.collect::<Result<_, _>>()?
    };
    let mut partner = partners.iter();
    let mut out = Vec::new();
    for secs in WARM_AFTER_S {
        let mut samples = Vec::new();
        for _ in 0..COLD_RUNS {
            let opened = std::time::Instant::now();
            let reader = store.reader()?;
            let ahead = store.reader()?;
            let reading = std::thread::spawn(move || ahead.warm_insights(now));
            std::thread::sleep(std::time::Duration::from_millis(500));
            let at = now + chrono::Duration::seconds(1);
            store.raise_flag(
                &NewFlag {
                    partner_id: partner.next().ok_or("a partner")?.clone(),
                    pilot_id: None,
                    kind: "communication_gaps".into(),
                    occurred_at: vetta_core::ids::format_instant(at - chrono::Duration::hours(1)),
                    note: "Bench: raised while the histories are read ahead".into(),
                    link: String::new(),
                    raised_by: "Bench".into(),
                },
                at,
            )?;
            let wait = std::time::Duration::from_secs(secs).saturating_sub(opened.elapsed());
            std::thread::sleep(wait);
            let t = std::time::Instant::now();
            let warm = reading.join().map_err(|_| "the read ahead panicked")??;
            if !reader.take_warm_insights(warm) {
                return Err("the reader did not take the histories read ahead".into());
            }
            drop(reader.insights(query, now)?);
            samples.push(t.elapsed());
        }
        let stats = crate::timing::stats(samples);
        if secs == WARM_AFTER_S[0] {
            table.budget(
                format!("read `get_insights` first, {secs} s after opening, read ahead p95"),
                format!("≤ {BUDGET_MS} ms"),
                format!("{:.2} ms", stats.p95),
                stats.p95 <= BUDGET_MS,
            );
        }
        table.row(
            &format!("read `get_insights` first, {secs} s after opening, read ahead"),
            "histories read ahead from the opening on a reader of their own (a flag raised \
             meanwhile), taken by the window's reader; timed from the request, waiting for the \
             read ahead if under way; no filter",
            stats,
        );
        out.push(stats);
    }
    Ok(out)
}
