//! The partner rows written: every new partner goes in through [`insert_many`] (one partner for
//! "add partner", the accepted rows of an import many at a time), its markets through
//! [`insert_markets`].

use std::fmt::Write as _;
use std::sync::LazyLock;

use rusqlite::types::ToSql;
use rusqlite::Transaction;

use super::ValidPartner;
use crate::Result;

/// Partners written by one INSERT statement at most. A statement costs its own setup and, inside
/// a transaction, a statement journal that copies every page it changes: rows written in name
/// order change the same few pages, so many rows per statement copy each page once instead of
/// once per row (on the 100k file: about half the CPU time of one statement per row).
const ROWS_PER_STATEMENT: usize = 64;
/// Market rows (partner, market) written by one statement at most.
const MARKETS_PER_STATEMENT: usize = 128;

/// The columns of a new partner row and, for each, the number of its bound value within the
/// row (`created_at` and `updated_at` share the instant); `phase` is always `sourced`.
const PARTNER_COLUMNS: [(&str, Option<usize>); 15] = [
    ("id", Some(1)),
    ("name", Some(2)),
    ("name_key", Some(3)),
    ("kind", Some(4)),
    ("home_tz", Some(5)),
    ("created_at", Some(6)),
    ("updated_at", Some(6)),
    ("device_id", Some(7)),
    ("languages", Some(8)),
    ("contacts", Some(9)),
    ("found_via", Some(10)),
    ("notes", Some(11)),
    ("signals", Some(12)),
    ("phase", None),
    ("framework_id", Some(13)),
];
/// Bound values per partner row.
const VALUES_PER_ROW: usize = 13;

/// The texts of the full statements, made once.
static PARTNERS_FULL: LazyLock<String> = LazyLock::new(|| partners_sql(ROWS_PER_STATEMENT));
static MARKETS_FULL: LazyLock<String> = LazyLock::new(|| markets_sql(MARKETS_PER_STATEMENT));

/// A name as partners are keyed by it (`name_key`: the list's order, search, duplicates):
/// trimmed and lower-cased the Unicode way (SQLite's NOCASE folds ASCII only).
pub(crate) fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// `INSERT INTO partners` of `rows` rows, each with its own numbered parameters.
fn partners_sql(rows: usize) -> String {
    let columns: Vec<&str> = PARTNER_COLUMNS.iter().map(|(c, _)| *c).collect();
    let mut sql = format!("INSERT INTO partners ({}) VALUES ", columns.join(", "));
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for (i, (_, value)) in PARTNER_COLUMNS.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            match value {
                // Writing to a String cannot fail.
                Some(n) => {
                    let _ = write!(sql, "?{}", r * VALUES_PER_ROW + n);
                }
                None => sql.push_str("'sourced'"),
            }
        }
        sql.push(')');
    }
    sql
}

/// Writes validated partners, each with its new id (`ids::new_id`, made by the caller): `at` is
/// the instant's text, `default_framework` the version a partner without a chosen one gets (read
/// once per action or batch by the caller). Full statements of [`ROWS_PER_STATEMENT`] rows, the
/// rest one row to a statement: two statement texts in all, each prepared once.
pub(super) fn insert_many(
    tx: &Transaction<'_>,
    partners: &[(&str, &ValidPartner)],
    at: &str,
    default_framework: &str,
    device_id: &str,
) -> Result<()> {
    let whole = partners.len() - partners.len() % ROWS_PER_STATEMENT;
    let (full, rest) = partners.split_at(whole);
    let mut markets: Vec<(&str, &str)> = Vec::new();
    for (rows, chunk_len) in [(full, ROWS_PER_STATEMENT), (rest, 1)] {
        if rows.is_empty() {
            continue;
        }
        let mut stmt = match chunk_len {
            ROWS_PER_STATEMENT => tx.prepare_cached(&PARTNERS_FULL)?,
            _ => tx.prepare_cached(&partners_sql(chunk_len))?,
        };
        for chunk in rows.chunks(chunk_len) {
            for (r, (id, p)) in chunk.iter().enumerate() {
                let framework_id = p.framework_id.as_deref().unwrap_or(default_framework);
                let values: [&dyn ToSql; VALUES_PER_ROW] = [
                    id,
                    &p.name,
                    &p.name_key,
                    &p.kind.as_str(),
                    &p.home_tz.name(),
                    &at,
                    &device_id,
                    &p.languages,
                    &p.contacts,
                    &p.found_via,
                    &p.notes,
                    &p.signals,
                    &framework_id,
                ];
                for (i, v) in values.into_iter().enumerate() {
                    stmt.raw_bind_parameter(r * VALUES_PER_ROW + i + 1, v)?;
                }
                markets.extend(p.markets.iter().map(|m| (*id, m.as_str())));
            }
            stmt.raw_execute()?;
            // The markets of the partners written so far, in full statements (a short list, its
            // buffer reused); the rest after the last partner.
            let ready = markets.len() - markets.len() % MARKETS_PER_STATEMENT;
            insert_markets(tx, &markets[..ready])?;
            markets.drain(..ready);
        }
    }
    insert_markets(tx, &markets)
}

/// `INSERT INTO partner_markets` of `rows` (partner, market) pairs.
fn markets_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| format!("(?{}, ?{})", 2 * i + 1, 2 * i + 2))
        .collect();
    format!(
        "INSERT INTO partner_markets (partner_id, market_code) VALUES {}
         ON CONFLICT (partner_id, market_code) DO UPDATE SET removed_at = NULL
         WHERE removed_at IS NOT NULL",
        values.join(", ")
    )
}

/// Serves each (partner, market) pair (again, if it was removed); rows are never deleted
/// (design/SYNC.md). Full statements of [`MARKETS_PER_STATEMENT`] pairs, the rest one to a
/// statement.
pub(super) fn insert_markets(tx: &Transaction<'_>, pairs: &[(&str, &str)]) -> Result<()> {
    let whole = pairs.len() - pairs.len() % MARKETS_PER_STATEMENT;
    let (full, rest) = pairs.split_at(whole);
    for (rows, chunk_len) in [(full, MARKETS_PER_STATEMENT), (rest, 1)] {
        if rows.is_empty() {
            continue;
        }
        let mut stmt = match chunk_len {
            MARKETS_PER_STATEMENT => tx.prepare_cached(&MARKETS_FULL)?,
            _ => tx.prepare_cached(&markets_sql(chunk_len))?,
        };
        for chunk in rows.chunks(chunk_len) {
            for (i, (partner, market)) in chunk.iter().enumerate() {
                stmt.raw_bind_parameter(2 * i + 1, partner)?;
                stmt.raw_bind_parameter(2 * i + 2, market)?;
            }
            stmt.raw_execute()?;
        }
    }
    Ok(())
}
