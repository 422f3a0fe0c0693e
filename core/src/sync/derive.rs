//! Derived state never travels (design/SYNC.md): a partner's phase is taken out of every change
//! a device ships ([`strip_phase`]), and each device replays it from the partner's own entries —
//! its decisions, pilot starts and first debriefs — in the order of the shared clock
//! ([`replay`]), after every file it applies. The clock of each such entry is kept beside the
//! field clocks (`sync_field_clocks`, column [`ROW`]), written in the transaction that made the
//! entry and, on the other devices, with the file that brought it.

use rusqlite::{Connection, Transaction};

use super::change::{self, Change, Op};
use crate::campaign;
use crate::phase::Phase;
use crate::{Error, Result};

/// The column number under which `sync_field_clocks` keeps the clock of a row's INSERT.
pub(crate) const ROW: i64 = -1;

/// The tables whose rows move a partner's phase (their INSERTs get a row clock).
const ENTRIES: &[&str] = &["decisions", "pilots", "debriefs"];

const UPDATE: u8 = 0x17;
const INSERT: u8 = 0x12;
const DELETE: u8 = 0x09;
const TABLE: u8 = b'T';

/// `blob` (a changeset) with the partners' `phase` left out of every UPDATE (and an UPDATE that
/// changed nothing else left out whole). INSERTs keep it: a partner is always inserted in
/// `sourced`, where every replay starts.
pub(crate) fn strip_phase(conn: &Connection, blob: Vec<u8>) -> Result<Vec<u8>> {
    let column: Option<i64> = conn
        .prepare_cached("SELECT cid FROM pragma_table_info('partners') WHERE name = 'phase'")?
        .query_row([], |r| r.get(0))
        .ok();
    let Some(column) = column.and_then(|c| usize::try_from(c).ok()) else {
        return Ok(blob);
    };
    rewrite(&blob, "partners", column).ok_or_else(|| Error::MalformedRow {
        table: "sync_outbox",
        column: "blob",
        detail: "a changeset this device wrote did not read back".into(),
    })
}

/// The changeset without `table`'s column `column` in its UPDATEs; `None` if it is malformed.
fn rewrite(blob: &[u8], table: &str, column: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(blob.len());
    let mut r = Reader { b: blob, at: 0 };
    // The current table's column count, primary-key flags and whether it is `table`.
    let mut flags: Vec<u8> = Vec::new();
    let mut ours = false;
    // The table's header, written before its first change kept (a table left with none is left
    // out whole).
    let mut header: Option<(usize, usize)> = None;
    let flush = |out: &mut Vec<u8>, header: &mut Option<(usize, usize)>| {
        if let Some((from, to)) = header.take() {
            out.extend_from_slice(&blob[from..to]);
        }
    };
    while r.at < blob.len() {
        let start = r.at;
        match r.byte()? {
            TABLE => {
                let columns = usize::try_from(r.varint()?).ok()?;
                flags = r.take(columns)?.to_vec();
                let name_end = r.b.get(r.at..)?.iter().position(|b| *b == 0)?;
                let name = std::str::from_utf8(r.take(name_end)?).ok()?;
                ours = name == table;
                r.byte()?;
                header = Some((start, r.at));
            }
            op @ (INSERT | DELETE | UPDATE) => {
                r.byte()?; // indirect flag
                let records = if op == UPDATE { 2 } else { 1 };
                let mut fields = Vec::with_capacity(flags.len() * records);
                for _ in 0..flags.len() * records {
                    fields.push(r.field()?);
                }
                if !(ours && op == UPDATE && column < flags.len()) {
                    flush(&mut out, &mut header);
                    out.extend_from_slice(&blob[start..r.at]);
                    continue;
                }
                let n = flags.len();
                let (old, new) = fields.split_at(n);
                let changed = |i: usize| blob[new[i].0] != 0;
                if !(0..n).any(|i| i != column && flags[i] == 0 && changed(i)) {
                    continue; // only the phase changed
                }
                flush(&mut out, &mut header);
                out.extend_from_slice(&blob[start..start + 2]);
                for (i, (from, to)) in old.iter().chain(new).enumerate() {
                    if i % n == column {
                        out.push(0);
                    } else {
                        out.extend_from_slice(&blob[*from..*to]);
                    }
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A cursor over a changeset's bytes.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.b.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let bytes = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(bytes)
    }

    /// SQLite's record-format varint: 7 bits a byte, high bit set on all but the last; a ninth
    /// byte gives all its 8 bits.
    fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for i in 0..9 {
            let b = self.byte()?;
            if i == 8 {
                return Some((v << 8) | u64::from(b));
            }
            v = (v << 7) | u64::from(b & 0x7f);
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    /// One field (type byte and value); its byte range.
    fn field(&mut self) -> Option<(usize, usize)> {
        let start = self.at;
        match self.byte()? {
            0 | 5 => {}
            1 | 2 => {
                self.take(8)?;
            }
            3 | 4 => {
                let n = usize::try_from(self.varint()?).ok()?;
                self.take(n)?;
            }
            _ => return None,
        }
        Some((start, self.at))
    }
}

/// The clock of each entry row `changes` insert, kept as [`ROW`] (the same clock on every
/// device: the transaction's here, the file's there).
pub(crate) fn record_row_clocks(
    tx: &Transaction<'_>,
    changes: &[Change],
    clock: &str,
) -> Result<()> {
    let mut put = tx.prepare_cached(
        "INSERT INTO sync_field_clocks (tbl, pk, col, clock) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tbl, pk, col) DO NOTHING",
    )?;
    for c in changes.iter().filter(|c| c.op == Op::Insert) {
        if ENTRIES.contains(&c.table.as_str()) {
            put.execute((&c.table, change::pk_key(&c.pk), ROW, clock))?;
        }
    }
    Ok(())
}

/// The partners whose entries `changes` insert or change.
pub(crate) fn partners_moved(tx: &Transaction<'_>, changes: &[Change]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for c in changes {
        if !ENTRIES.contains(&c.table.as_str()) || c.op == Op::Delete {
            continue;
        }
        let Some((_, rusqlite::types::Value::Text(id))) = c.pk.first() else {
            continue;
        };
        let sql = format!("SELECT partner_id FROM \"{}\" WHERE id = ?1", c.table);
        let partner: Option<String> = tx.prepare_cached(&sql)?.query_row([id], |r| r.get(0)).ok();
        if let Some(p) = partner {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// Sets each partner's phase to its replay (only where it differs).
pub(crate) fn settle_phases(tx: &Transaction<'_>, partners: &[String]) -> Result<()> {
    for id in partners {
        let phase = replay(tx, id)?;
        tx.prepare_cached("UPDATE partners SET phase = ?2 WHERE id = ?1 AND phase IS NOT ?2")?
            .execute((id, phase.as_str()))?;
    }
    Ok(())
}

/// One entry of a partner's phase: what it is, and its place in the shared order.
#[derive(Debug)]
enum Step {
    /// A decision in force: where it took the partner from and to, and the rung a scale-up
    /// climbed to. A hold (to where it was) moves nothing, whatever came between.
    Decided {
        before: Phase,
        after: Phase,
        scale_to: Option<u32>,
    },
    /// A pilot or campaign started.
    Started,
    /// A campaign's first debrief (its number).
    Debriefed { campaign: u32 },
}

/// The phase a partner's entries lead to, replayed in the order of their clocks (entries written
/// before sharing first, by their own time; ties by id), with the rules the writes apply.
pub(crate) fn replay(conn: &Connection, partner_id: &str) -> Result<Phase> {
    let mut stmt = conn.prepare_cached(
        "SELECT 'd', d.id, d.phase_after, d.scale_to, d.decided_at,
                (SELECT clock FROM sync_field_clocks WHERE tbl = 'decisions' AND pk = d.id AND col = -1),
                d.phase_before
           FROM decisions d
          WHERE d.partner_id = ?1
            AND NOT EXISTS (SELECT 1 FROM decisions s WHERE s.supersedes = d.id)
         UNION ALL
         SELECT 'p', p.id, NULL, NULL, p.started_at,
                coalesce((SELECT clock FROM sync_field_clocks
                           WHERE tbl = 'pilots' AND pk = p.id
                             AND col = (SELECT cid FROM pragma_table_info('pilots')
                                         WHERE name = 'started_at')),
                         (SELECT clock FROM sync_field_clocks
                           WHERE tbl = 'pilots' AND pk = p.id AND col = -1)),
                NULL
           FROM pilots p
          WHERE p.partner_id = ?1 AND p.started_at IS NOT NULL
         UNION ALL
         SELECT 'b', b.id, NULL, p.campaign_no, b.created_at,
                (SELECT clock FROM sync_field_clocks WHERE tbl = 'debriefs' AND pk = b.id AND col = -1),
                NULL
           FROM debriefs b JOIN pilots p ON p.id = b.pilot_id
          WHERE b.partner_id = ?1 AND b.supersedes IS NULL",
    )?;
    let rows = stmt.query_map([partner_id], |r| {
        let kind: String = r.get(0)?;
        let number: Option<u32> = r.get(3)?;
        let step = match kind.as_str() {
            "d" => Step::Decided {
                before: r.get(6)?,
                after: r.get(2)?,
                scale_to: number,
            },
            "p" => Step::Started,
            _ => Step::Debriefed {
                campaign: number.unwrap_or(1),
            },
        };
        let key: (String, String, String) = (
            r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            r.get(4)?,
            r.get(1)?,
        );
        Ok((key, step))
    })?;
    let mut steps = rows.collect::<std::result::Result<Vec<_>, _>>()?;
    steps.sort_by(|a, b| a.0.cmp(&b.0));
    let (mut phase, mut rung) = (Phase::Sourced, 1);
    for (_, step) in steps {
        match step {
            Step::Decided {
                before,
                after,
                scale_to,
            } => {
                if after != before {
                    phase = after;
                }
                rung = scale_to.unwrap_or(rung);
            }
            Step::Started => phase = campaign::phase_on_start(phase, rung).unwrap_or(phase),
            Step::Debriefed { campaign: n } if campaign::debriefs_in(phase) => {
                phase = campaign::phase_after_debrief(n, rung);
            }
            Step::Debriefed { .. } => {}
        }
    }
    Ok(phase)
}

#[cfg(test)]
mod tests;
