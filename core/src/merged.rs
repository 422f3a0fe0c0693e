//! Which merges of duplicates hold (design/SYNC.md "Duplicates"; the writes and reads are in
//! merge.rs): every `partner_merges` row, the earliest first (`created_at`, then `id`), holds
//! unless its loser is already merged or its winner leads back to its loser (two offices merged
//! A into B and B into A offline, or a longer ring). Decided from the whole table each time, never
//! from the order rows arrived in, so every device that holds the same rows holds the same
//! merges. The answer is kept in the local `merged_partners` (each loser with its final winner),
//! written again in the transaction that brings a new row (a merge here, a file applied): the
//! rule of a live partner (`live_partner!`) reads it. Below `store` and `sync`: it reads SQL only.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;

use crate::Result;

/// One row of `partner_merges`, as the rule reads it.
struct Row {
    id: String,
    loser: String,
    winner: String,
}

/// The merges that hold: each loser → (its direct winner, the merge's id).
fn holding(rows: &[Row]) -> HashMap<&str, (&str, &str)> {
    let mut direct: HashMap<&str, (&str, &str)> = HashMap::new();
    for row in rows {
        if direct.contains_key(row.loser.as_str()) {
            continue;
        }
        // Where the winner leads now; a ring back to the loser does not hold.
        let mut at = row.winner.as_str();
        let mut ring = at == row.loser;
        while let Some((next, _)) = direct.get(at) {
            at = next;
            if at == row.loser {
                ring = true;
                break;
            }
        }
        if !ring {
            direct.insert(&row.loser, (&row.winner, &row.id));
        }
    }
    direct
}

/// Each loser's final winner (the end of its chain) and the merge that made it a loser.
fn finals<'a>(direct: &HashMap<&'a str, (&'a str, &'a str)>) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for (loser, (winner, merge)) in direct {
        let mut at = *winner;
        // No ring holds (see `holding`): every chain ends; the bound only guards the loop.
        for _ in 0..=direct.len() {
            match direct.get(at) {
                Some((next, _)) => at = next,
                None => break,
            }
        }
        out.insert((*loser).to_owned(), (at.to_owned(), (*merge).to_owned()));
    }
    out
}

/// Writes `merged_partners` again from `partner_merges` (inside the caller's transaction);
/// whether it changed.
pub(crate) fn refresh(conn: &Connection) -> Result<bool> {
    let rows: Vec<Row> = conn
        .prepare_cached(
            "SELECT id, loser_id, winner_id FROM partner_merges ORDER BY created_at, id",
        )?
        .query_map([], |r| {
            Ok(Row {
                id: r.get(0)?,
                loser: r.get(1)?,
                winner: r.get(2)?,
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    let wanted = finals(&holding(&rows));
    let held: BTreeMap<String, (String, String)> = conn
        .prepare_cached("SELECT loser_id, winner_id, merge_id FROM merged_partners")?
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<std::result::Result<_, _>>()?;
    if held == wanted {
        return Ok(false);
    }
    conn.prepare_cached("DELETE FROM merged_partners")?
        .execute([])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO merged_partners (loser_id, winner_id, merge_id) VALUES (?1, ?2, ?3)",
    )?;
    for (loser, (winner, merge)) in &wanted {
        insert.execute((loser, winner, merge))?;
    }
    Ok(true)
}

/// A loser's final winner, when `partner` is merged into another.
pub(crate) fn winner_of(conn: &Connection, partner: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT winner_id FROM merged_partners WHERE loser_id = ?1")?
        .query_row([partner], |r| r.get(0))
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(list: &[(&str, &str, &str)]) -> Vec<Row> {
        list.iter()
            .map(|(id, loser, winner)| Row {
                id: (*id).into(),
                loser: (*loser).into(),
                winner: (*winner).into(),
            })
            .collect()
    }

    fn finals_of(list: &[(&str, &str, &str)]) -> Vec<(String, String)> {
        let rows = rows(list);
        finals(&holding(&rows))
            .into_iter()
            .map(|(l, (w, _))| (l, w))
            .collect()
    }

    #[test]
    fn the_earlier_of_two_crossed_merges_holds_and_chains_end_at_the_final_winner() {
        // A→B first, then B→A (another office, offline): only A→B holds.
        assert_eq!(
            finals_of(&[("1", "A", "B"), ("2", "B", "A")]),
            [("A".into(), "B".into())]
        );
        // The same pair merged twice: the first holds.
        let rows = rows(&[("1", "A", "B"), ("2", "A", "B")]);
        let held = holding(&rows);
        assert_eq!(held.get("A"), Some(&("B", "1")));
        // A chain A→B→C ends at C for both; a ring C→A back is left out.
        assert_eq!(
            finals_of(&[("1", "A", "B"), ("2", "B", "C"), ("3", "C", "A")]),
            [("A".into(), "C".into()), ("B".into(), "C".into())]
        );
    }
}
