//! The reminders are an index walk (schema v4), and the walk answers exactly what a plain scan of
//! every pilot and decision, sorted, answers.

use super::super::*;
use crate::seed::{generate, Spec};
use crate::testing::t0;
use chrono::Duration;

/// What is due, stated the plain way: every pilot and decision looked at, then sorted (the
/// query before schema v4).
const REFERENCE: &str = "
    SELECT kind, subject, since, partner, name FROM (
        SELECT 'debrief_due' AS kind, p.id AS subject, p.ends_at AS since, pa.id AS partner,
               pa.name AS name
        FROM pilots p NOT INDEXED
        JOIN partners pa NOT INDEXED ON pa.id = p.partner_id AND pa.deleted_at IS NULL
        WHERE p.started_at IS NOT NULL AND p.ends_at < ?1 AND p.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM debriefs d WHERE d.pilot_id = p.id)
        UNION ALL
        SELECT 'review_due', d.id, d.review_on, pa.id, pa.name
        FROM decisions d NOT INDEXED
        JOIN partners pa NOT INDEXED ON pa.id = d.partner_id AND pa.deleted_at IS NULL
        WHERE d.review_on IS NOT NULL AND d.review_on <= ?2
          AND NOT EXISTS (SELECT 1 FROM decisions later NOT INDEXED
                          WHERE later.partner_id = d.partner_id
                            AND (later.decided_at, later.id) > (d.decided_at, d.id))
          AND NOT EXISTS (SELECT 1 FROM decisions newer NOT INDEXED WHERE newer.supersedes = d.id))
    ORDER BY substr(since, 1, 10), since, subject";

/// A row of (kind, subject, since, partner, name).
fn row_to_reminder(r: &rusqlite::Row<'_>) -> rusqlite::Result<Reminder> {
    Ok(Reminder {
        kind: r.get(0)?,
        subject_id: r.get(1)?,
        since: r.get(2)?,
        partner_id: r.get(3)?,
        partner_name: r.get(4)?,
    })
}

fn reference(store: &Store, now: &str, today: &str) -> Vec<Reminder> {
    let mut stmt = store.conn.prepare(REFERENCE).expect("the reference query");
    let rows = stmt.query_map((now, today), row_to_reminder).expect("runs");
    rows.collect::<rusqlite::Result<_>>().expect("reads")
}

fn seeded() -> Store {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    generate(&mut store, &Spec::scaled(11, 400), t0()).expect("generates");
    // A few partners deleted: their reminders are gone from both.
    store
        .conn
        .execute(
            "UPDATE partners SET deleted_at = ?1
             WHERE id IN (SELECT partner_id FROM pilots ORDER BY id LIMIT 3)",
            [crate::ids::format_instant(t0())],
        )
        .expect("deletes a few");
    store
}

#[test]
fn every_page_and_count_equals_a_plain_scan_at_every_moment() {
    assert!(
        like_a_plain_scan(&seeded()),
        "the seeded file has reminders of both kinds"
    );
}

/// The pending rows in memory follow writes made after they were read: a whole file generated
/// through the Store's writes after the first read, partners deleted and one restored.
#[test]
fn pending_rows_follow_writes_after_the_first_read() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    assert!(
        !like_a_plain_scan(&store),
        "nothing is due in an empty file"
    );
    generate(&mut store, &Spec::scaled(12, 400), t0()).expect("generates");
    assert!(like_a_plain_scan(&store));
    store
        .conn
        .execute(
            "UPDATE partners SET deleted_at = ?1
             WHERE id IN (SELECT partner_id FROM decisions ORDER BY id DESC LIMIT 5)",
            [crate::ids::format_instant(t0())],
        )
        .expect("deletes a few");
    store
        .conn
        .execute(
            "UPDATE partners SET deleted_at = NULL
             WHERE id = (SELECT partner_id FROM pilots ORDER BY id LIMIT 1)",
            [],
        )
        .expect("restores one");
    assert!(like_a_plain_scan(&store));
}

/// Every page and count of `store`'s reminders, week after week, equal the plain scan's; whether
/// some week had reminders of both kinds.
fn like_a_plain_scan(store: &Store) -> bool {
    let mut seen_both = false;
    // From before the first pilot ends to after every generated date, a week at a time.
    for week in 0..40 {
        let now = t0() + Duration::weeks(week);
        let instant = format_instant(now);
        let today = now.format("%Y-%m-%d").to_string();
        let all = reference(store, &instant, &today);
        for kind in [
            None,
            Some(ReminderKind::DebriefDue),
            Some(ReminderKind::ReviewDue),
        ] {
            let expected: Vec<_> = all
                .iter()
                .filter(|r| kind.is_none_or(|k| r.kind == k))
                .cloned()
                .collect();
            let mut got = Vec::new();
            let mut offset = 0;
            loop {
                let page = store
                    .reminders(
                        &ReminderQuery {
                            viewer_time_zone: "UTC".into(),
                            kind,
                            offset,
                            limit: Some(7),
                        },
                        now,
                    )
                    .expect("reads");
                assert_eq!(
                    page.total as usize,
                    expected.len(),
                    "the true total, {kind:?}"
                );
                let debriefs = all.iter().filter(|r| r.kind == ReminderKind::DebriefDue);
                assert_eq!(page.debriefs_due as usize, debriefs.count());
                assert_eq!(page.debriefs_due + page.reviews_due, all.len() as u32);
                if page.items.is_empty() {
                    break;
                }
                offset += page.items.len() as u32;
                got.extend(page.items);
            }
            assert_eq!(
                got, expected,
                "week {week}, {kind:?}: the same reminders in order"
            );
        }
        seen_both |= all.iter().any(|r| r.kind == ReminderKind::DebriefDue)
            && all.iter().any(|r| r.kind == ReminderKind::ReviewDue);
    }
    seen_both
}

/// `EXPLAIN QUERY PLAN` of `sql`, one line per step.
fn plan(store: &Store, sql: &str, params: impl rusqlite::Params) -> Vec<String> {
    let mut stmt = store
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("explains");
    let rows = stmt.query_map(params, |r| r.get(3)).expect("runs");
    rows.collect::<rusqlite::Result<_>>().expect("reads")
}

#[test]
fn reminders_walk_indexes_never_scan_or_sort() {
    let store = seeded();
    use crate::due::{debrief_pending, review_pending};
    // The pending rows kept in memory are read once, in date order, by walking the partial
    // indexes (only started pilots, only decisions with a review date): no table scan, no sort;
    // a partner's again after a write by its own indexes, never a walk of every pending row.
    let built = format!(
        "SELECT p.id AS subject, p.ends_at AS since {}
         UNION ALL SELECT d.id, d.review_on {}",
        debrief_pending("pilots_started_by_end"),
        review_pending("decisions_by_review")
    );
    let one_partner = format!(
        "SELECT p.id {} AND p.partner_id = ?1
         UNION ALL SELECT d.id {} AND d.partner_id = ?1",
        debrief_pending("pilots_by_partner"),
        review_pending("decisions_by_partner_order")
    );
    let walked: &[&str] = &[
        "pilots_started_by_end",
        "decisions_by_review",
        "partners_deleted",
    ];
    let by_partner: &[&str] = &["pilots_by_partner", "decisions_by_partner_order"];
    for (sql, params, indexes, whole) in [
        (built, vec![], walked, true),
        (one_partner, vec!["x"], by_partner, false),
    ] {
        let steps = plan(&store, &sql, rusqlite::params_from_iter(params));
        let bad: Vec<_> = steps
            .iter()
            .filter(|s| {
                // The whole file walks its indexes; one partner searches them, never walks one.
                (s.starts_with("SCAN")
                    && !(whole && s.contains("USING"))
                    && *s != "SCAN CONSTANT ROW")
                    || s.contains("TEMP B-TREE")
            })
            .collect();
        assert!(bad.is_empty(), "a scan or a sort in {steps:#?}");
        for index in indexes {
            assert!(
                steps.iter().any(|s| s.contains(index)),
                "{index} is walked: {steps:#?}"
            );
        }
    }
}
