//! The name index answers exactly what the SQL search it replaced answers — counts per column,
//! first pages and pages on either side of any partner — over random inserts, renames, deletions
//! and phase changes, with merging and walking made small enough to happen at every few steps.

use proptest::prelude::*;

use super::super::*;
use crate::dossier::PipelineQuery;
use crate::names::Tuning;
use crate::phase::Phase;
use crate::testing::{edit_to, force_phase, new_partner, t0};

/// Pieces the names and searches are made of: ties once folded, Cyrillic, LIKE's own `%` and
/// `_`, spaces (a search of two words), a piece inside a longer one.
const PIECES: [&str; 10] = ["ab", "Ab", "ба", "БА", "a_b", "%", "x", " ", "abab", "ё"];

#[derive(Debug, Clone)]
enum Op {
    Add(Vec<usize>),
    Rename(usize, Vec<usize>),
    Phase(usize, usize),
    Delete(usize),
    Check(Vec<usize>, usize, bool),
}

fn text(pieces: &[usize]) -> String {
    pieces.iter().map(|i| PIECES[*i % PIECES.len()]).collect()
}

fn op() -> impl Strategy<Value = Op> {
    let word = proptest::collection::vec(0..PIECES.len(), 1..5);
    prop_oneof![
        3 => word.clone().prop_map(Op::Add),
        1 => (any::<usize>(), word.clone()).prop_map(|(i, w)| Op::Rename(i, w)),
        2 => (any::<usize>(), 0..Phase::ALL.len()).prop_map(|(i, p)| Op::Phase(i, p)),
        1 => any::<usize>().prop_map(Op::Delete),
        2 => (proptest::collection::vec(0..PIECES.len(), 1..3), any::<usize>(), any::<bool>())
            .prop_map(|(w, i, b)| Op::Check(w, i, b)),
    ]
}

/// The SQL reference: live partners whose folded name contains the folded search.
fn reference(
    store: &Store,
    search: &str,
    phase: Option<Phase>,
    cursor: Option<&PageCursor>,
    limit: u32,
) -> (u32, Vec<String>) {
    let conn = &store.conn;
    let pattern = crate::sql::like_pattern(&search.trim().to_lowercase());
    let phase = phase.map(|p| p.as_str());
    let filter = "FROM partners WHERE deleted_at IS NULL AND (?1 IS NULL OR phase = ?1)
                  AND name_key LIKE ?2 ESCAPE '\\'";
    let total: u32 = conn
        .query_row(
            &format!("SELECT count(*) {filter}"),
            (phase, &pattern),
            |r| r.get(0),
        )
        .expect("counts");
    let keyset = Keyset::of(conn, cursor).expect("keyset");
    let (key, id) = keyset.params();
    let ids: Vec<String> = conn
        .prepare(&format!("SELECT id {filter} {} LIMIT ?3", keyset.sql(4)))
        .expect("prepares")
        .query_map((phase, &pattern, limit, key, id), |r| r.get(0))
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("reads");
    (total, keyset.finish(ids))
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    let mut ids: Vec<String> = Vec::new();
    // The index exists from the start (so every change goes through `refresh`), tuned small.
    store
        .list_partners(&PartnerQuery {
            search: Some("a".into()),
            ..PartnerQuery::default()
        })
        .expect("searches");
    crate::names::lock(&store.names)
        .as_mut()
        .expect("built")
        .tune(Tuning {
            merge_at: 3,
            select_max: 2,
        });
    for op in ops {
        match op {
            Op::Add(w) => {
                let name = text(&w);
                if let Ok(p) = store.add_partner(&new_partner(&name), t0()) {
                    ids.push(p.id);
                }
            }
            Op::Rename(i, w) if !ids.is_empty() => {
                let id = &ids[i % ids.len()];
                let edit = edit_to(id, new_partner(&text(&w)));
                // A name refused (blank), or a deleted partner, changes nothing: nor may the index.
                let _ = store.edit_partner(&edit, t0());
            }
            Op::Phase(i, p) if !ids.is_empty() => {
                force_phase(&mut store, &ids[i % ids.len()], Phase::ALL[p]);
            }
            Op::Delete(i) if !ids.is_empty() => {
                store
                    .conn
                    .execute(
                        "UPDATE partners SET deleted_at = '2026-11-22T09:00:00Z' WHERE id = ?1",
                        [&ids[i % ids.len()]],
                    )
                    .expect("deletes");
            }
            Op::Check(w, i, backward) => {
                let search = text(&w);
                if search.trim().is_empty() {
                    continue;
                }
                let cursor = (!ids.is_empty()).then(|| PageCursor {
                    direction: if backward {
                        PageDirection::Before
                    } else {
                        PageDirection::After
                    },
                    partner_id: ids[i % ids.len()].clone(),
                });
                for cursor in [None, cursor.as_ref()] {
                    let listed = store
                        .list_partners(&PartnerQuery {
                            search: Some(search.clone()),
                            cursor: cursor.cloned(),
                            limit: Some(3),
                        })
                        .expect("lists");
                    let got = (
                        listed.total,
                        listed.items.into_iter().map(|p| p.id).collect(),
                    );
                    prop_assert_eq!(
                        got,
                        reference(&store, &search, None, cursor, 3),
                        "list {:?}",
                        search
                    );
                    for phase in Phase::ALL {
                        let page = store
                            .pipeline(
                                &PipelineQuery {
                                    phase: Some(*phase),
                                    search: Some(search.clone()),
                                    cursor: cursor.cloned(),
                                    limit: Some(2),
                                },
                                t0(),
                            )
                            .expect("pages");
                        let got = (
                            page.total,
                            page.items.into_iter().map(|c| c.partner_id).collect(),
                        );
                        prop_assert_eq!(
                            got,
                            reference(&store, &search, Some(*phase), cursor, 2),
                            "column {:?} {:?}",
                            phase,
                            search
                        );
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn the_index_answers_what_sql_answers(ops in proptest::collection::vec(op(), 1..80)) {
        run(ops)?;
    }
}

/// The board's one call agrees with its columns read one by one (one search, seven pages).
#[test]
fn the_board_search_is_each_column_search() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    for (i, name) in ["Harbor Fox", "harbor lens", "Свет Медиа", "fox harbor"]
        .iter()
        .enumerate()
    {
        let p = store.add_partner(&new_partner(name), t0()).expect("adds");
        force_phase(&mut store, &p.id, Phase::ALL[i % 3]);
    }
    let board = store
        .board(
            &crate::dossier::BoardQuery {
                search: Some("HARBOR".into()),
                limit: Some(20),
            },
            t0(),
        )
        .expect("board");
    let counts: Vec<u32> = board.iter().map(|c| c.page.total).collect();
    assert_eq!(counts, [2, 1, 0, 0, 0, 0, 0]);
    assert_eq!(board.iter().map(|c| c.page.items.len()).sum::<usize>(), 3);
}

/// A reader (read-only connection, shared index) finds what the writer adds and renames, and
/// refuses to write.
#[test]
fn a_reader_searches_the_writers_names_and_cannot_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), t0()).expect("opens");
    let reader = store.reader().expect("a reader");
    let search = |s: &Store, q: &str| {
        s.list_partners(&PartnerQuery {
            search: Some(q.into()),
            ..PartnerQuery::default()
        })
        .expect("searches")
        .items
        .into_iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
    };
    // The reader builds the index; the writer keeps it up to date.
    assert!(search(&reader, "fox").is_empty());
    let p = store
        .add_partner(&new_partner("Bright Fox Media"), t0())
        .expect("adds");
    assert_eq!(search(&reader, "fox"), ["Bright Fox Media"]);
    force_phase(&mut store, &p.id, Phase::GutCheck);
    let column = reader
        .pipeline(
            &PipelineQuery {
                phase: Some(Phase::GutCheck),
                search: Some("FOX".into()),
                cursor: None,
                limit: Some(5),
            },
            t0(),
        )
        .expect("pages");
    assert_eq!(column.total, 1);
    let mut reader = reader;
    assert!(reader.add_partner(&new_partner("Nope"), t0()).is_err());
    assert_eq!(search(&store, "nope"), Vec::<String>::new());
}
