//! The reminders strip's read (`get_reminders`) at its worst: now, after every generated date, so
//! every reminder of the file is due. In the same run: the SQL counts it replaced (every due row
//! walked per call) and the first read after open, which builds the pending rows in memory.

use std::path::Path;

use rusqlite::Connection;
use vetta_core::reminder::ReminderQuery;
use vetta_core::Store;

use crate::timing::{time, Table};
use crate::{Res, RUNS};

/// The counts `get_reminders` made before the pending rows were kept in memory (issue 17): each
/// due row walked and probed four times, every call.
const BEFORE: &str = "SELECT
    (SELECT count(*) FROM pilots p
     WHERE p.started_at IS NOT NULL AND p.ends_at < ?1
       AND NOT EXISTS (SELECT 1 FROM debriefs d WHERE d.pilot_id = p.id)
       AND NOT EXISTS (SELECT 1 FROM partners gone INDEXED BY partners_deleted
                       WHERE gone.id = p.partner_id AND gone.deleted_at IS NOT NULL)),
    (SELECT count(*) FROM decisions d
     WHERE d.review_on IS NOT NULL AND d.review_on <= ?2
       AND NOT EXISTS (SELECT 1 FROM decisions later WHERE later.partner_id = d.partner_id
                       AND (later.decided_at, later.id) > (d.decided_at, d.id))
       AND NOT EXISTS (SELECT 1 FROM decision_reviews r WHERE r.decision_id = d.id)
       AND NOT EXISTS (SELECT 1 FROM decisions newer WHERE newer.supersedes = d.id)
       AND NOT EXISTS (SELECT 1 FROM partners gone INDEXED BY partners_deleted
                       WHERE gone.id = d.partner_id AND gone.deleted_at IS NOT NULL))";

pub fn run(path: &Path, store: &Store, ro: &Connection, table: &mut Table) -> Res<()> {
    let reminders = |offset, limit| ReminderQuery {
        viewer_time_zone: "Europe/Moscow".into(),
        kind: None,
        offset,
        limit: Some(limit),
    };
    // The first read on a new connection builds the pending rows (the app's first board).
    let first = time(&[(); 5], 0, |_| {
        let reader = Store::open_reader(path)?;
        reader.reminders(&reminders(0, 3), chrono::Utc::now())?;
        Ok(reader)
    })?;
    table.row(
        "`get_reminders`, first read after open",
        "open a reader + build the pending rows in memory + the strip (p50 of 5)",
        first,
    );
    let page = store.reminders(&reminders(0, 3), chrono::Utc::now())?;
    let note = format!(
        "true counts ({} debriefs, {} reviews, {} usage rights due) + the 3 most urgent",
        page.debriefs_due, page.reviews_due, page.usage_rights_ending
    );
    table.read("get_reminders (strip)", &note, &[(); RUNS], |_| {
        store.reminders(&reminders(0, 3), chrono::Utc::now())
    })?;
    table.read(
        "get_reminders (page)",
        "10 at offset 1000, with the counts",
        &[(); RUNS],
        |_| store.reminders(&reminders(1000, 10), chrono::Utc::now()),
    )?;
    let now = vetta_core::ids::format_instant(chrono::Utc::now());
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let mut before = ro.prepare(BEFORE)?;
    let s = time(&[(); RUNS], crate::timing::WARMUP, |_| {
        Ok(before.query_row((&now, &today), |r| {
            Ok((r.get::<_, u32>(0)?, r.get::<_, u32>(1)?))
        })?)
    })?;
    table.row(
        "before — the replaced SQL counts of `get_reminders`",
        "debriefs and reviews due, each due row walked (same run)",
        s,
    );
    Ok(())
}
