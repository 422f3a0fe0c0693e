//! The histories Insights keeps between reads, and how they follow the file. After a commit only
//! the partners whose rows changed are read again (`store/changes.rs` tells the rows; one narrow
//! query per table tells their partners), and put back in name order among the others. When that
//! is not known — the first read, a reader opened on its own, a framework changed, a sharing pass,
//! more changes than the log keeps, a row gone — every partner is read again. A kept history never
//! depends on `now`: an open hold only ever meets spans that end before the next write.
//!
//! The app reads them ahead once its window has painted (`Store::warm_insights`, on a reader of
//! their own), and the window's reader takes them (`Store::take_warm_insights`) with their
//! position in the change log: its next read follows them from there like any kept histories.

use std::cell::Ref;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::read::{self, Attrs, Only, Versions};
use super::History;
use crate::store::changes::{SharedChanges, Table};
use crate::store::{read_tx, MemoKey, Store};
use crate::{sql, Result};

/// Every live partner's history, what the filters read of each, in name order, and the framework
/// versions they use.
pub(super) struct Histories {
    pub(super) histories: Vec<History>,
    pub(super) attrs: Vec<Attrs>,
    pub(super) versions: Versions,
    /// The change log's position when they were last brought up to date (`None`: nothing logs).
    at: Option<u64>,
}

/// At most this many partners read again are put in place one by one; more are sorted in.
const ONE_BY_ONE: usize = 64;

/// Every partner's history read ahead, on a connection of its own, for another store beside the
/// same writer to take ([`Store::warm_insights`], [`Store::take_warm_insights`]).
pub struct WarmInsights {
    histories: Histories,
    /// The change log their position is in: only a store that follows the same log can take them.
    changes: SharedChanges,
}

/// A key no connection has: histories kept under it are followed from their position at the
/// next read (every commit since they were read, as after any write).
const FOLLOW: MemoKey = (u64::MAX, i64::MIN);

impl Store {
    /// Reads every partner's history for Insights now, for another store beside the same writer
    /// to take ([`Store::take_warm_insights`]): the app reads them once its window has painted,
    /// through a reader of their own on a thread of their own, so the window's reader is never
    /// held meanwhile and Insights opens at once. As slow as Insights' first read (seconds at
    /// 100,000 partners).
    pub fn warm_insights(&self, now: DateTime<Utc>) -> Result<WarmInsights> {
        Ok(WarmInsights {
            histories: self.read_all(now)?,
            changes: Arc::clone(&self.changes),
        })
    }

    /// Keeps histories read ahead as this store's Insights histories, when it can follow them to
    /// the last commit: they were read beside the same writer (their position is in the change
    /// log this store follows) and it keeps none yet. Its next Insights read then reads again
    /// the partners whose rows changed since they were read, as after any commit, so they are
    /// never stale. Whether they were taken.
    pub fn take_warm_insights(&self, warm: WarmInsights) -> bool {
        if !Arc::ptr_eq(&self.changes, &warm.changes) || warm.histories.at.is_none() {
            return false;
        }
        let Ok(mut memo) = self.memo.try_borrow_mut() else {
            return false;
        };
        if memo.is_some() {
            return false;
        }
        *memo = Some((FOLLOW, Box::new(warm.histories)));
        true
    }
}

impl Store {
    /// The kept histories, brought up to the file's last commit.
    pub(super) fn histories(&self, now: DateTime<Utc>) -> Result<Ref<'_, Histories>> {
        let key = self.memo_key()?;
        {
            let mut memo = self.memo.borrow_mut();
            let kept = memo
                .as_mut()
                .and_then(|(k, v)| v.downcast_mut::<Histories>().map(|h| (k, h)));
            let followed = match kept {
                Some((k, _)) if *k == key => true,
                Some((k, h)) => {
                    let done = self.follow(h, now)?;
                    if done {
                        *k = key;
                    }
                    done
                }
                None => false,
            };
            if !followed {
                *memo = Some((key, Box::new(self.read_all(now)?)));
            }
        }
        Ref::filter_map(self.memo.borrow(), |m| {
            m.as_ref().and_then(|(_, v)| v.downcast_ref::<Histories>())
        })
        .map_err(|_| crate::Error::NotFound {
            entity: "insights",
            id: String::new(),
        })
    }

    /// Every partner's history, read now, with the change log's position: taken before the
    /// snapshot, so a commit in between is read again by the next follow, never missed.
    fn read_all(&self, now: DateTime<Utc>) -> Result<Histories> {
        let at = crate::names::lock(&self.changes).end();
        let tx = read_tx(&self.conn)?;
        let (histories, attrs, versions) =
            read::everything(&tx, &self.definitions, now, Only::All)?;
        tx.commit()?;
        Ok(Histories {
            histories,
            attrs,
            versions,
            at,
        })
    }

    /// Reads again the partners whose rows changed since `h` was read; false when which ones is
    /// not known (then everything is read again).
    fn follow(&self, h: &mut Histories, now: DateTime<Utc>) -> Result<bool> {
        // The position is taken before the snapshot: a commit in between is read twice, never
        // missed.
        let (end, rows) = {
            let log = crate::names::lock(&self.changes);
            (log.end(), h.at.and_then(|at| log.since(at)))
        };
        let (Some(end), Some(rows)) = (end, rows) else {
            return Ok(false);
        };
        let tx = read_tx(&self.conn)?;
        let Some(ids) = owners(&tx, &rows)? else {
            return Ok(false);
        };
        if !ids.is_empty() {
            let json = sql::ids_json(&ids)?;
            let (fresh, attrs, versions) =
                read::everything(&tx, &self.definitions, now, Only::Ids(&json))?;
            put_back(h, &ids, fresh, attrs);
            h.versions.extend(versions);
        }
        tx.commit()?;
        h.at = Some(end);
        Ok(true)
    }
}

/// The partners that own `rows`, sorted; `None` when a row is gone (rows are never deleted but by
/// a restore, which changes the frameworks too).
fn owners(conn: &Connection, rows: &[(Table, Vec<i64>)]) -> Result<Option<Vec<String>>> {
    let mut ids: Vec<String> = Vec::new();
    for (table, rowids) in rows {
        let mut stmt = conn.prepare_cached(table.owners_sql())?;
        let mut found = 0;
        let mut q = stmt.query([sql::to_json(rowids)?])?;
        while let Some(r) = q.next()? {
            found += 1;
            ids.push(r.get(1)?);
        }
        if found != rowids.len() {
            return Ok(None);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(Some(ids))
}

/// Replaces the histories of partners `ids` (sorted) by `fresh` (a deleted partner has none), in
/// the order every read gives: name key, then id.
fn put_back(h: &mut Histories, ids: &[String], fresh: Vec<History>, attrs: Vec<Attrs>) {
    let gone: Vec<bool> = h
        .histories
        .iter()
        .map(|x| ids.binary_search(&x.partner.id).is_ok())
        .collect();
    let mut next = gone.iter();
    h.histories
        .retain(|_| !next.next().copied().unwrap_or(false));
    let mut next = gone.iter();
    h.attrs.retain(|_| !next.next().copied().unwrap_or(false));
    if fresh.len() <= ONE_BY_ONE {
        for (history, attr) in fresh.into_iter().zip(attrs) {
            let key = (attr.name_key.as_str(), history.partner.id.as_str());
            let (mut lo, mut hi) = (0, h.histories.len());
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                let here = (
                    h.attrs[mid].name_key.as_str(),
                    h.histories[mid].partner.id.as_str(),
                );
                if here < key {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            h.histories.insert(lo, history);
            h.attrs.insert(lo, attr);
        }
    } else {
        let mut all: Vec<(History, Attrs)> = std::mem::take(&mut h.histories)
            .into_iter()
            .zip(std::mem::take(&mut h.attrs))
            .chain(fresh.into_iter().zip(attrs))
            .collect();
        all.sort_by(|(a, x), (b, y)| {
            (x.name_key.as_str(), a.partner.id.as_str())
                .cmp(&(y.name_key.as_str(), b.partner.id.as_str()))
        });
        (h.histories, h.attrs) = all.into_iter().unzip();
    }
}
