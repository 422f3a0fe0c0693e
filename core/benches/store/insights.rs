//! The Insights page's read (`get_insights`) on the 100k file, with each filter the page offers,
//! against its own budget (a page computed over the whole history, not a card): the narrow reads
//! the app runs, and in the same run the whole-facts read they replaced, for a ratio that holds on
//! a shared machine.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use vetta_core::insights::InsightsQuery;
use vetta_core::partner::PartnerKind;
use vetta_core::Store;

use crate::timing::Table;
use crate::Res;

/// The page's budget at 100,000 partners (design/INSIGHTS.md).
const BUDGET_MS: f64 = 200.0;
/// Timed calls of the narrow read, and of the whole-facts one (slow: a few suffice).
const RUNS: usize = 40;
const BEFORE_RUNS: usize = 3;
const COLD_RUNS: usize = 5;

/// The filters the page offers, each in turn.
fn queries(framework_id: &str) -> Vec<InsightsQuery> {
    vec![
        InsightsQuery::default(),
        InsightsQuery {
            market: Some("RU".into()),
            ..InsightsQuery::default()
        },
        InsightsQuery {
            kind: Some(PartnerKind::Creator),
            ..InsightsQuery::default()
        },
        InsightsQuery {
            since_days: Some(365),
            ..InsightsQuery::default()
        },
        InsightsQuery {
            framework_id: Some(framework_id.to_owned()),
            ..InsightsQuery::default()
        },
    ]
}

pub fn run(store: &mut Store, ro: &Connection, table: &mut Table, now: DateTime<Utc>) -> Res<()> {
    // The generated partners' own version (the file's default is another).
    let framework: String = ro.query_row("SELECT framework_id FROM partners LIMIT 1", [], |r| {
        r.get(0)
    })?;
    let all = queries(&framework);
    // Cold: the first read after a write (every history read again), a few times.
    let mut samples = Vec::new();
    for i in 0..COLD_RUNS {
        store.set_user_name(&format!("Bench {i}"), now)?;
        let t = std::time::Instant::now();
        drop(store.insights(&all[0], now)?);
        samples.push(t.elapsed());
    }
    let cold = crate::timing::stats(samples);
    table.row(
        "read `get_insights` after a write (cold)",
        "every partner's history read again (narrow reads), no filter",
        cold,
    );
    let inputs: Vec<&InsightsQuery> = (0..RUNS).map(|i| &all[i % all.len()]).collect();
    let after = table.read_within(
        "get_insights",
        "the whole page over 100k partners, each filter in turn (histories kept until a write)",
        (&inputs, 3, BUDGET_MS),
        |q| store.insights(q, now),
    )?;
    let before_inputs: Vec<&InsightsQuery> = (0..BEFORE_RUNS).map(|_| &all[0]).collect();
    let before = crate::timing::time(&before_inputs, 0, |q| store.insights_from_facts(q, now))?;
    table.row(
        "read `get_insights` before (whole facts)",
        "every partner's whole facts, 500 a query set (the read replaced); no filter",
        before,
    );
    // Beside it, the narrow read cold (a write before each), for a same-run ratio.
    let mut samples = Vec::new();
    for i in 0..BEFORE_RUNS {
        store.set_user_name(&format!("Beside {i}"), now)?;
        let t = std::time::Instant::now();
        drop(store.insights(&all[0], now)?);
        samples.push(t.elapsed());
    }
    let same = crate::timing::stats(samples);
    println!(
        "get_insights cold (after a write): p50 {:.1} ms, max {:.1} ms",
        cold.p50, cold.max
    );
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
        "the narrow reads after a write, no filter, timed right after the whole-facts one",
        same,
    );
    Ok(())
}
