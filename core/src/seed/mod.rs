//! Realistic bench data, generated deterministically from a seed through the Store's own write
//! methods: every row is validated and written exactly as a click in the UI would write it
//! (`add_partner`, `submit_scorecard`, `record_decision`, `create_pilot`, …), through the bulk
//! path: the [`Writer`] under those methods, 500 partners' stories per transaction (the path an
//! import takes). And [`Store::bulk_load`]: `synchronous = OFF` while generating (a crash
//! mid-generation just means generating again), FULL again before returning.
//!
//! Determinism: names, choices, scores, dates and counts depend only on the seed and the spec.
//! Ids are UUIDv7 made by core, so they differ between runs; nothing depends on their values.
//!
//! Layout: `rng` (the generator of randomness), `names` (names, zones and reviewers), `plan`
//! (what happens to each partner, from the spec alone), `framework` (the bench framework and its
//! answers), `partners` (a partner's story up to the pilots) and `pilots` (one pilot, scoping to
//! debrief).

mod framework;
mod names;
mod partners;
mod pilots;
mod plan;
mod rng;

use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, Utc};

use crate::store::{Store, Writer};
use crate::Result;
use framework::framework_draft;
use plan::plan;

pub use framework::CRITERION_KEYS;
pub use rng::Rng;

/// The `i`th generated partner's name (the bench builds a million of them for the name index).
pub fn partner_name(rng: &mut Rng, i: usize) -> String {
    names::name(rng, i)
}

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub seed: u64,
    pub partners: u32,
    /// Criterion answers (rows of `scorecard_answers`); a multiple of [`CRITERIA`].
    pub scores: u32,
    pub pilots: u32,
    pub decisions: u32,
}

impl Spec {
    /// The target: 100k partners, 1M criterion scores, 20k pilots, 50k decisions.
    pub fn full(seed: u64) -> Spec {
        Spec {
            seed,
            partners: 100_000,
            scores: 1_000_000,
            pilots: 20_000,
            decisions: 50_000,
        }
    }

    /// The same shape, `1/divisor` the size (tests, quick runs).
    pub fn scaled(seed: u64, divisor: u32) -> Spec {
        let full = Spec::full(seed);
        Spec {
            seed,
            partners: full.partners / divisor,
            scores: full.scores / divisor / CRITERIA * CRITERIA,
            pilots: full.pilots / divisor,
            decisions: full.decisions / divisor,
        }
    }
}

/// Criteria in the bench framework's gut check (3 yes/no + 7 scales).
pub const CRITERIA: u32 = 10;

/// What the generator did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Rows written, counted table by table after generating (sum of `count(*)`).
    pub rows: u64,
    pub tables: Vec<(String, u64)>,
    /// Store calls made (each one transaction).
    pub calls: u64,
    pub elapsed: Duration,
}

impl Report {
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Generates `spec` into `store`. The store should be new (a fresh file).
pub fn generate(store: &mut Store, spec: &Spec, start: DateTime<Utc>) -> Result<Report> {
    let started = Instant::now();
    let calls = store.bulk_load(|store| {
        let mut rng = Rng::new(spec.seed);
        let plan = plan(spec, &mut rng);
        store.add_market("KZ", start)?;
        let draft = framework_draft(store)?;
        store.create_framework_version(&draft, start)?;
        let mut calls = 2;
        // The bulk path: each batch of partners' whole stories is one transaction.
        for (batch, fates) in plan.fates.chunks(BATCH).enumerate() {
            (rng, calls) = store.write(|w| {
                let mut generator = Generator { w, rng, calls };
                for (j, fate) in fates.iter().enumerate() {
                    let i = batch * BATCH + j;
                    // Partners arrive five minutes apart; each one's story unfolds from there.
                    let at = start + Span::minutes(5 * i as i64);
                    generator.partner(i, *fate, plan.cards[i], at)?;
                }
                Ok((generator.rng, generator.calls))
            })?;
        }
        Ok(calls)
    })?;
    let elapsed = started.elapsed();
    let mut tables = Vec::new();
    let names: Vec<String> = {
        let mut stmt = store.conn.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for name in names {
        let count: i64 =
            store
                .conn
                .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                    r.get(0)
                })?;
        tables.push((name, count.max(0) as u64));
    }
    Ok(Report {
        rows: tables.iter().map(|(_, n)| n).sum(),
        tables,
        calls,
        elapsed,
    })
}

/// Partners whose stories are written in one transaction.
const BATCH: usize = 500;

/// Writes partners' stories through one transaction's [`Writer`], as the UI's commands would.
struct Generator<'a> {
    w: &'a Writer<'a>,
    rng: Rng,
    calls: u64,
}

#[cfg(test)]
mod tests;
