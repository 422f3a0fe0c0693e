//! The name search at 100k (the generated file, through the Store, rows read included) and at a
//! million partners: the name index alone (no generated file that size: generating one through
//! the write path takes longer than the whole bench), on names from the same generator, in the
//! phases the file has them in the same proportions. The rows a page then reads from the file are
//! a fixed 20 or 50 whatever the size (timed at 100k).

use std::path::Path;

use rusqlite::Connection;
use std::time::Instant;

use vetta_core::dossier::PipelineQuery;
use vetta_core::partner::PartnerQuery;
use vetta_core::phase::Phase;
use vetta_core::seed::{self, Rng};
use vetta_core::testing::NameBench;
use vetta_core::Store;

use crate::reads::SEARCHES;
use crate::timing::{time, Table};
use crate::{Res, RUNS, SEED};

pub fn run(path: &Path, store: &Store, ro: &Connection, table: &mut Table) -> Res<()> {
    let searches: Vec<&str> = (0..RUNS).map(|i| SEARCHES[i % SEARCHES.len()]).collect();
    // Before: the SQL the index replaced (count + first page with LIKE), same file, same terms.
    let like = time(&searches, crate::timing::WARMUP, |s| {
        let pattern = format!("%{}%", s.to_lowercase());
        let count: u32 = ro.query_row(
            "SELECT count(*) FROM partners WHERE deleted_at IS NULL AND name_key LIKE ?1",
            [&pattern],
            |r| r.get(0),
        )?;
        let mut stmt = ro.prepare_cached(
            "SELECT id FROM partners WHERE deleted_at IS NULL AND name_key LIKE ?1
             ORDER BY name_key, id LIMIT 50",
        )?;
        let ids = stmt
            .query_map([&pattern], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok((count, ids))
    })?;
    println!(
        "before: SQL LIKE count + first 50: p50 {:.2} p95 {:.2} ms",
        like.p50, like.p95
    );
    table.row(
        "before: SQL `LIKE` search (replaced)",
        "count + first 50 ids by name, 7 terms; what list_partners ran before the name index",
        like,
    );
    // The first search after open builds the index from the file.
    let first = time(&[(); 5], 0, |_| {
        let (store, _) = Store::open(path, vetta_core::testing::t0())?;
        store.list_partners(&PartnerQuery {
            search: Some("media".into()),
            cursor: None,
            limit: Some(50),
        })?;
        Ok(store)
    })?;
    println!(
        "open + first search (builds the name index): p50 {:.1} ms",
        first.p50
    );
    table.row(
        "open + first search",
        "Store::open + the search that builds the name index from the file",
        first,
    );
    // Every column × every term, as a person types into the board's search, one per call.
    let phase_search: Vec<(Phase, &str)> = (0..RUNS)
        .map(|i| {
            (
                Phase::ALL[i % Phase::ALL.len()],
                SEARCHES[(i / Phase::ALL.len()) % SEARCHES.len()],
            )
        })
        .collect();
    table.read(
        "get_pipeline (column + search, all pairs)",
        "each phase × each term, 20 cards",
        &phase_search,
        |(p, s)| {
            store.pipeline(
                &PipelineQuery {
                    phase: Some(*p),
                    search: Some(s.to_string()),
                    cursor: None,
                    limit: Some(20),
                },
                vetta_core::testing::t0(),
            )
        },
    )?;

    // A million partners: the phases in the file's proportions.
    let mut shares: Vec<(Phase, u32)> = Vec::new();
    for p in Phase::ALL {
        let n = store
            .pipeline(
                &PipelineQuery {
                    phase: Some(*p),
                    search: None,
                    cursor: None,
                    limit: Some(1),
                },
                vetta_core::testing::t0(),
            )?
            .total;
        shares.push((*p, n));
    }
    let all: u32 = shares.iter().map(|(_, n)| n).sum::<u32>().max(1);
    let mut rng = Rng::new(SEED ^ 0x1_000_000);
    let n = 1_000_000;
    let names: Vec<(String, Phase)> = (0..n)
        .map(|i| {
            let name = seed::partner_name(&mut rng, i);
            let mut pick = rng.below(u64::from(all)) as u32;
            let phase = shares
                .iter()
                .find(|(_, k)| {
                    let hit = pick < *k;
                    pick = pick.saturating_sub(*k);
                    hit
                })
                .map_or(Phase::Sourced, |(p, _)| *p);
            (name, phase)
        })
        .collect();
    let t = Instant::now();
    let mut index = NameBench::new(names);
    println!(
        "name index of 1M names built in {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let columns: Vec<Option<Phase>> = Phase::ALL.iter().copied().map(Some).collect();
    table.read(
        "name search, 1M partners (list)",
        "the index alone: count + first 50, 7 terms common to rare",
        &searches,
        |s| Ok(index.search(s, &[None], 50)),
    )?;
    table.read(
        "name search, 1M partners (board)",
        "the index alone: 7 columns' counts + first 20 each, 7 terms",
        &searches,
        |s| Ok(index.search(s, &columns, 20)),
    )?;
    table.read(
        "name search, 1M partners (column)",
        "the index alone: each phase × each term, 20",
        &phase_search,
        |(p, s)| Ok(index.search(s, &[Some(*p)], 20)),
    )?;
    Ok(())
}
