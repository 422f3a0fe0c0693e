//! The name index (issue 17): every live partner's folded name (`name_key`), id and phase held in
//! memory, answering the searches of the partner list and the board — how many match (per phase)
//! and the first page after a keyset — without walking the name index of the file for every row
//! (24.7 ms p95 at 100k partners with `LIKE`, where this answers in well under a millisecond).
//!
//! The answer is exactly the SQL one, `name_key LIKE '%' || folded search || '%'` over live
//! partners in `(name_key, id)` order (partner/tests/names.rs holds it to that over random inserts,
//! renames, deletions and phase changes). How: the names are split into whitespace-free tokens,
//! each distinct token kept once with the partners whose name has it. A search is split the same
//! way; every piece of it lies inside one token of a matching name, so the tokens containing the
//! piece (one scan of the distinct tokens, a few thousand in real names) give every candidate; a
//! one-piece search needs nothing more, a longer one is checked against the whole name.
//!
//! Kept up to date by SQLite's update hook on the writer's connection (store.rs; the searches
//! are in partner/search.rs): every change to
//! a `partners` row, whoever makes it, leaves its rowid; after the transaction ends the row is read
//! again and the index follows it (`refresh`). Built on the first search after open (`build`).

use std::cmp::Ordering;
use std::collections::HashMap;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, OptionalExtension};

use crate::phase::Phase;
use crate::Result;

/// The name index, once built: one per open file, shared by the store and its readers.
pub(crate) type SharedNames = Arc<Mutex<Option<NameIndex>>>;

/// A lock that a panic elsewhere does not make unusable: every change to what it guards completes
/// under the lock, and the name index is rebuilt from the file when a refresh fails.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `phase`'s place in `Phase::ALL`.
fn phase_no(phase: Phase) -> u8 {
    Phase::ALL.iter().position(|p| *p == phase).unwrap_or(0) as u8
}

/// Unsorted new slots kept beside the sorted order before they are merged into it.
const MERGE_AT: usize = 512;
/// Up to this many matches in a column, its page is selected among them; above it, the sorted
/// order is walked from the cursor (which then finds a page in few steps).
const SELECT_MAX: usize = 4096;

/// One live partner per slot; a renamed or deleted partner's slot dies (its key stays, so the
/// sorted order stays sorted) and a renamed one gets a new slot.
#[derive(Default)]
pub(crate) struct NameIndex {
    keys: Vec<Box<str>>,
    ids: Vec<Box<str>>,
    phases: Vec<Phase>,
    /// Each slot's phase as its place in `Phase::ALL` (counted per match without a lookup).
    phase_nos: Vec<u8>,
    alive: Vec<bool>,
    slot_of: HashMap<i64, u32>,
    /// Slots by `(key, id)`, dead ones included until the next merge.
    order: Vec<u32>,
    /// Slots not yet in `order`.
    recent: Vec<u32>,
    dead: usize,
    token_of: HashMap<Box<str>, u32>,
    /// Every distinct token, each followed by '\n' (never inside a token or a search piece).
    vocab: String,
    starts: Vec<u32>,
    postings: Vec<Vec<u32>>,
    /// The last search's matches (searches repeat: seven columns, then "more").
    last: Option<(String, Vec<u32>)>,
    tuning: Tuning,
}

/// When to merge and when to walk; tests make both small to reach every path with few names.
#[derive(Clone, Copy)]
pub(crate) struct Tuning {
    pub merge_at: usize,
    pub select_max: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            merge_at: MERGE_AT,
            select_max: SELECT_MAX,
        }
    }
}

/// Where a page starts: after (or before) `(key, id)`; `None`, the first page.
pub(crate) struct After<'a> {
    pub key: Option<(&'a str, &'a str)>,
    pub backward: bool,
}

/// The partners a search matches in one column: how many, and the ids of the page asked for.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub total: u32,
    pub ids: Vec<String>,
}

impl NameIndex {
    /// Every live partner of the file.
    pub(crate) fn build(conn: &Connection) -> Result<NameIndex> {
        NameIndex::build_tuned(conn, Tuning::default())
    }

    /// An index of `(rowid, id, name_key, phase)` rows without a file: for the bench at sizes
    /// no generated file reaches (a million partners).
    #[cfg(any(test, feature = "testing"))]
    pub(crate) fn from_rows(
        rows: impl IntoIterator<Item = (i64, String, String, Phase)>,
    ) -> NameIndex {
        let mut index = NameIndex::default();
        for (rowid, id, key, phase) in rows {
            let slot = index.add(rowid, &id, &key, phase);
            index.order.push(slot);
        }
        index.recent.clear();
        index.sort_order();
        index
    }

    /// Sets when to merge and walk (tests).
    #[cfg(test)]
    pub(crate) fn tune(&mut self, tuning: Tuning) {
        self.tuning = tuning;
    }

    fn build_tuned(conn: &Connection, tuning: Tuning) -> Result<NameIndex> {
        let mut index = NameIndex {
            tuning,
            ..NameIndex::default()
        };
        let mut stmt = conn.prepare_cached(concat!(
            "SELECT rowid, id, name_key, phase FROM partners WHERE ",
            crate::live_partner!("partners")
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, key): (String, String) = (r.get(1)?, r.get(2)?);
            let slot = index.add(r.get(0)?, &id, &key, r.get(3)?);
            index.order.push(slot);
        }
        index.recent.clear();
        index.sort_order();
        Ok(index)
    }

    /// Follows the rows `rowids` of `partners` as they are now in `conn`.
    pub(crate) fn refresh(&mut self, conn: &Connection, rowids: &[i64]) -> Result<()> {
        if rowids.is_empty() {
            return Ok(());
        }
        self.last = None;
        if rowids.len() > self.keys.len() / 4 + self.tuning.merge_at {
            *self = NameIndex::build_tuned(conn, self.tuning)?;
            return Ok(());
        }
        let mut stmt = conn.prepare_cached(concat!(
            "SELECT id, name_key, phase FROM partners WHERE rowid = ?1 AND ",
            crate::live_partner!("partners")
        ))?;
        for &rowid in rowids {
            let now: Option<(String, String, Phase)> = stmt
                .query_row([rowid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            let old = self.slot_of.get(&rowid).map(|s| *s as usize);
            match (old, now) {
                (Some(s), Some((id, key, phase)))
                    if *self.keys[s] == *key && *self.ids[s] == *id =>
                {
                    self.phases[s] = phase;
                    self.phase_nos[s] = phase_no(phase);
                }
                (old, now) => {
                    if let Some(s) = old {
                        self.alive[s] = false;
                        self.dead += 1;
                        self.slot_of.remove(&rowid);
                    }
                    if let Some((id, key, phase)) = now {
                        self.add(rowid, &id, &key, phase);
                    }
                }
            }
        }
        if self.dead > self.keys.len() / 2 + self.tuning.merge_at {
            *self = NameIndex::build_tuned(conn, self.tuning)?;
        } else if self.recent.len() > self.tuning.merge_at {
            self.merge();
        }
        Ok(())
    }

    fn add(&mut self, rowid: i64, id: &str, key: &str, phase: Phase) -> u32 {
        let slot = self.keys.len() as u32;
        self.keys.push(key.into());
        self.ids.push(id.into());
        self.phases.push(phase);
        self.phase_nos.push(phase_no(phase));
        self.alive.push(true);
        self.slot_of.insert(rowid, slot);
        self.recent.push(slot);
        let mut tokens: Vec<&str> = key.split_whitespace().collect();
        tokens.sort_unstable();
        tokens.dedup();
        for token in tokens {
            let t = match self.token_of.get(token) {
                Some(t) => *t,
                None => {
                    let t = self.postings.len() as u32;
                    self.token_of.insert(token.into(), t);
                    self.starts.push(self.vocab.len() as u32);
                    self.vocab.push_str(token);
                    self.vocab.push('\n');
                    self.postings.push(Vec::new());
                    t
                }
            };
            self.postings[t as usize].push(slot);
        }
        slot
    }

    fn cmp(&self, a: u32, b: u32) -> Ordering {
        let (a, b) = (a as usize, b as usize);
        (&self.keys[a], &self.ids[a]).cmp(&(&self.keys[b], &self.ids[b]))
    }

    fn sort_order(&mut self) {
        let mut order = std::mem::take(&mut self.order);
        order.sort_unstable_by(|a, b| self.cmp(*a, *b));
        self.order = order;
    }

    /// Puts the recent slots into the sorted order, dropping the dead.
    fn merge(&mut self) {
        let mut recent = std::mem::take(&mut self.recent);
        recent.retain(|s| self.alive[*s as usize]);
        recent.sort_unstable_by(|a, b| self.cmp(*a, *b));
        let old = std::mem::take(&mut self.order);
        let mut order = Vec::with_capacity(old.len() + recent.len());
        let mut recent = recent.into_iter().peekable();
        for s in old.into_iter().filter(|s| self.alive[*s as usize]) {
            while let Some(r) = recent.next_if(|r| self.cmp(*r, s) == Ordering::Less) {
                order.push(r);
            }
            order.push(s);
        }
        order.extend(recent);
        self.order = order;
    }

    /// The live slots whose key contains `folded` (lower-cased, trimmed, not empty).
    fn matches(&mut self, folded: &str) -> &[u32] {
        if self.last.as_ref().is_none_or(|(q, _)| q != folded) {
            let found = self.find(folded);
            self.last = Some((folded.to_owned(), found));
        }
        self.last.as_ref().map_or(&[], |(_, m)| m)
    }

    fn find(&self, folded: &str) -> Vec<u32> {
        let pieces: Vec<&str> = folded.split_whitespace().collect();
        // The piece with the fewest candidates leads.
        let Some(tokens) = pieces
            .iter()
            .map(|p| self.tokens_containing(p))
            .min_by_key(|ts| {
                ts.iter()
                    .map(|t| self.postings[*t as usize].len())
                    .sum::<usize>()
            })
        else {
            return Vec::new();
        };
        let mut seen = vec![false; if tokens.len() > 1 { self.keys.len() } else { 0 }];
        let mut found = Vec::new();
        for t in tokens {
            for &s in &self.postings[t as usize] {
                let i = s as usize;
                if !self.alive[i] || seen.get(i).copied().unwrap_or(false) {
                    continue;
                }
                if let Some(seen) = seen.get_mut(i) {
                    *seen = true;
                }
                if pieces.len() == 1 || self.keys[i].contains(folded) {
                    found.push(s);
                }
            }
        }
        found
    }

    /// The tokens that contain `piece` (which has no whitespace, so never spans two).
    fn tokens_containing(&self, piece: &str) -> Vec<u32> {
        let mut tokens = Vec::new();
        let mut from = 0;
        while let Some(at) = self.vocab.get(from..).and_then(|v| v.find(piece)) {
            let at = from + at;
            let t = self.starts.partition_point(|s| *s as usize <= at) - 1;
            tokens.push(t as u32);
            match self.starts.get(t + 1) {
                Some(next) => from = *next as usize,
                None => break,
            }
        }
        tokens
    }

    /// Per column (`None`: every phase), how many live partners match `folded` and the ids of
    /// the `limit` of them next to `after`, in the lists' order.
    pub(crate) fn search(
        &mut self,
        folded: &str,
        columns: &[Option<Phase>],
        after: &After<'_>,
        limit: usize,
    ) -> Vec<Found> {
        self.matches(folded);
        let this = &*self;
        let matches = this.last.as_ref().map_or(&[][..], |(_, m)| m);
        let mut counts = [0u32; Phase::ALL.len()];
        for &s in matches {
            counts[usize::from(this.phase_nos[s as usize])] += 1;
        }
        let total = |column: &Option<Phase>| match column {
            Some(p) => counts[usize::from(phase_no(*p))],
            None => counts.iter().sum(),
        };
        // For walking the order: each slot's phase number + 1 when it matches, else 0.
        let marks = columns
            .iter()
            .any(|c| total(c) as usize > this.tuning.select_max)
            .then(|| {
                let mut marks = vec![0u8; this.keys.len()];
                for &s in matches {
                    marks[s as usize] = this.phase_nos[s as usize] + 1;
                }
                marks
            });
        columns
            .iter()
            .map(|column| {
                let total = total(column);
                let wanted = column.map(|p| phase_no(p) + 1);
                let in_column = |s: u32| column.is_none_or(|p| this.phases[s as usize] == p);
                let ids = match &marks {
                    Some(marks) if total as usize > this.tuning.select_max => {
                        let marked = |s: u32| {
                            let m = marks[s as usize];
                            m != 0 && wanted.is_none_or(|w| w == m)
                        };
                        this.walk(&marked, after, limit, total as usize)
                    }
                    _ => None,
                }
                .unwrap_or_else(|| {
                    this.select(
                        matches.iter().copied().filter(|s| in_column(*s)),
                        after,
                        limit,
                    )
                });
                Found {
                    total,
                    ids: ids
                        .into_iter()
                        .map(|s| this.ids[s as usize].to_string())
                        .collect(),
                }
            })
            .collect()
    }

    /// The page among `candidates`: the `limit` nearest past the cursor, in the lists' order.
    fn select(
        &self,
        candidates: impl Iterator<Item = u32>,
        after: &After<'_>,
        limit: usize,
    ) -> Vec<u32> {
        let toward = |a: &u32, b: &u32| {
            let o = self.cmp(*a, *b);
            if after.backward {
                o.reverse()
            } else {
                o
            }
        };
        let mut page: Vec<u32> = candidates.filter(|s| self.beyond(*s, after)).collect();
        if page.len() > limit {
            page.select_nth_unstable_by(limit, toward);
            page.truncate(limit);
        }
        page.sort_unstable_by(toward);
        if after.backward {
            page.reverse();
        }
        page
    }

    /// Is slot `s` past the cursor, on the page's side?
    fn beyond(&self, s: u32, after: &After<'_>) -> bool {
        let Some((key, id)) = after.key else {
            return true;
        };
        let i = s as usize;
        let o = (&*self.keys[i], &*self.ids[i]).cmp(&(key, id));
        if after.backward {
            o == Ordering::Less
        } else {
            o == Ordering::Greater
        }
    }

    /// Many matches: the page by walking the sorted order from the cursor (about
    /// `order.len() × limit ÷ count` steps). `None` when that takes far longer than expected
    /// (the matches lie elsewhere): the caller selects instead.
    fn walk(
        &self,
        marked: &dyn Fn(u32) -> bool,
        after: &After<'_>,
        limit: usize,
        count: usize,
    ) -> Option<Vec<u32>> {
        let start = match after.key {
            None => 0,
            Some((key, id)) => self.order.partition_point(|s| {
                let i = *s as usize;
                let o = (&*self.keys[i], &*self.ids[i]).cmp(&(key, id));
                o == Ordering::Less || (!after.backward && o == Ordering::Equal)
            }),
        };
        let budget = 64 + 4 * self.order.len() * limit / count.max(1);
        let walk: Box<dyn Iterator<Item = &u32>> = if after.backward {
            Box::new(self.order[..start].iter().rev())
        } else {
            Box::new(self.order[start..].iter())
        };
        let mut walked = Vec::with_capacity(limit);
        for (step, &s) in walk.enumerate() {
            if step > budget {
                return None;
            }
            if marked(s) && self.alive[s as usize] {
                walked.push(s);
                if walked.len() == limit {
                    break;
                }
            }
        }
        // The recent slots are not in the order: add theirs and keep the nearest `limit`.
        walked.extend(
            self.recent
                .iter()
                .copied()
                .filter(|s| marked(*s) && self.alive[*s as usize]),
        );
        Some(self.select(walked.into_iter(), after, limit))
    }
}
