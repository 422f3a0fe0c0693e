//! Keyset paging: forwards and backwards through the list and a board column meets every partner
//! once, in order, the same as one long page; the plan walks the name index, never an OFFSET.

use super::super::*;
use crate::dossier::PipelineQuery;
use crate::phase::Phase;
use crate::testing::{new_partner, t0};

fn filled() -> Store {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    // Names that tie once folded (case), Cyrillic and Latin: the id orders the ties.
    for i in 0..23 {
        let name = match i % 4 {
            0 => format!("Студия {}", i % 5),
            1 => format!("студия {}", i % 5),
            2 => format!("Harbor {i}"),
            _ => "harbor".to_owned(),
        };
        store.add_partner(&new_partner(&name), t0()).expect("adds");
    }
    store
}

fn list(
    store: &Store,
    search: Option<&str>,
    cursor: Option<PageCursor>,
    limit: u32,
) -> Vec<String> {
    store
        .list_partners(&PartnerQuery {
            search: search.map(str::to_owned),
            cursor,
            limit: Some(limit),
        })
        .expect("lists")
        .items
        .into_iter()
        .map(|p| p.id)
        .collect()
}

fn cursor(direction: PageDirection, partner_id: &str) -> Option<PageCursor> {
    Some(PageCursor {
        direction,
        partner_id: partner_id.to_owned(),
    })
}

#[test]
fn pages_forwards_and_backwards_meet_everyone_once_in_order() {
    let store = filled();
    for search in [None, Some("студ"), Some("HARBOR")] {
        let all = list(&store, search, None, 200);
        assert!(all.len() > 5, "{search:?} matches several");
        for size in [1, 4, 7] {
            let mut pages = vec![list(&store, search, None, size)];
            while let Some(last) = pages.last().and_then(|p| p.last()).cloned() {
                let next = list(&store, search, cursor(PageDirection::After, &last), size);
                if next.is_empty() {
                    break;
                }
                pages.push(next);
            }
            assert_eq!(pages.concat(), all, "{search:?}, pages of {size}: forwards");
            // Back from the last page: each previous page is the one before it.
            for i in (1..pages.len()).rev() {
                let previous = list(
                    &store,
                    search,
                    cursor(PageDirection::Before, &pages[i][0]),
                    size,
                );
                assert_eq!(
                    previous,
                    pages[i - 1],
                    "{search:?}, pages of {size}: page {i} back"
                );
            }
        }
    }
}

#[test]
fn a_board_column_pages_after_its_last_card() {
    let store = filled();
    let column = |cursor, limit| {
        store
            .pipeline(
                &PipelineQuery {
                    phase: Some(Phase::Sourced),
                    search: None,
                    cursor,
                    limit: Some(limit),
                },
                t0(),
            )
            .expect("a column")
            .items
            .into_iter()
            .map(|c| c.partner_id)
            .collect::<Vec<_>>()
    };
    let all = column(None, 200);
    let first = column(None, 10);
    let second = column(cursor(PageDirection::After, &first[9]), 10);
    let third = column(cursor(PageDirection::After, &second[9]), 10);
    assert_eq!([first, second, third].concat(), all);
}

#[test]
fn a_cursor_naming_no_partner_is_refused() {
    let store = filled();
    let err = store
        .list_partners(&PartnerQuery {
            search: None,
            cursor: cursor(PageDirection::After, "no-such-partner"),
            limit: None,
        })
        .expect_err("refused");
    assert!(
        matches!(
            err,
            Error::NotFound {
                entity: "partner",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_page_walks_the_name_index_from_the_cursor() {
    let store = filled();
    for (sql, params) in [
        (
            "SELECT id FROM partners WHERE deleted_at IS NULL AND ?1 IS NULL",
            4,
        ),
        (
            "SELECT id FROM partners WHERE deleted_at IS NULL AND phase = ?1",
            4,
        ),
    ] {
        for backward in [false, true] {
            let keyset = Keyset {
                key: Some(("k".into(), "i".into())),
                backward,
            };
            let explained = format!("EXPLAIN QUERY PLAN {sql} {} LIMIT 20", keyset.sql(params));
            let mut stmt = store.conn.prepare(&explained).expect("explains");
            let steps: Vec<String> = stmt
                .query_map(("sourced", "x", "y", "k", "i"), |r| r.get(3))
                .expect("runs")
                .collect::<rusqlite::Result<_>>()
                .expect("reads");
            assert!(
                steps
                    .iter()
                    .all(|s| !s.contains("TEMP B-TREE") && !s.starts_with("SCAN")),
                "{steps:?}"
            );
            assert!(
                steps.iter().any(|s| s.contains("(name_key,id)")),
                "the range starts at the cursor in the index: {steps:?}"
            );
        }
    }
}

#[test]
fn a_name_search_counts_from_the_name_index() {
    let store = filled();
    let mut stmt = store
        .conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM partners
             WHERE deleted_at IS NULL AND name_key LIKE ?1 ESCAPE '\\'",
        )
        .expect("explains");
    let steps: Vec<String> = stmt
        .query_map(["%a%"], |r| r.get(3))
        .expect("runs")
        .collect::<rusqlite::Result<_>>()
        .expect("reads");
    assert!(
        steps.iter().any(|s| s.contains("partners_by_name")),
        "the names are read from the name index, not the partners' rows: {steps:?}"
    );
}
