//! Capture: a write transaction carries a session attached to the shared tables only; just
//! before COMMIT its changeset goes into `sync_outbox`, in the same transaction, with the
//! transaction's clock, the fields it changed go into `field_edits` (edits.rs) and the clock of
//! every field it set into `sync_field_clocks`. A kill
//! between COMMIT and the export loses nothing: the outbox is exported later.

use rusqlite::session::Session;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::change::{self, Change, Op};
use super::Sharing;
use crate::Result;

/// Runs `actions` in one write transaction; with sharing on, their changes are captured.
pub(crate) fn write<T>(
    conn: &mut Connection,
    sharing: &mut Option<Sharing>,
    actions: impl FnOnce(&Transaction<'_>) -> Result<T>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let done = match sharing {
        None => actions(&tx)?,
        Some(sharing) => {
            let mut session = start(&tx, &sharing.tables)?;
            let done = actions(&tx)?;
            let mut blob = Vec::new();
            if !session.is_empty() {
                session.changeset_strm(&mut blob)?;
            }
            if !blob.is_empty() {
                let clock = tick(sharing);
                let changes = change::decode(&blob)?;
                // The fields it changed, as edits (which travel too: the changeset is taken
                // again with them in it; its updates stay the same).
                if super::edits::record(&tx, sharing, &clock, &changes)? {
                    blob.clear();
                    session.changeset_strm(&mut blob)?;
                }
                drop(session);
                // The phase is replayed on each device, never shipped (derive.rs).
                let blob = super::derive::strip_phase(&tx, blob)?;
                if !blob.is_empty() {
                    record_at(&tx, sharing, clock, &changes, blob)?;
                }
                // The write moved a phase by the rules from what this device had; the replay
                // also counts what arrived meanwhile (a correction of a decision another
                // office's decision followed), as every other device will.
                let moved = super::derive::partners_moved(&tx, &changes)?;
                super::derive::settle_phases(&tx, &moved)?;
            }
            done
        }
    };
    tx.commit()?;
    Ok(done)
}

/// A session attached to `tables` (never to derived or local tables: their triggers' rows would
/// travel and conflict).
pub(crate) fn start<'c>(conn: &'c Connection, tables: &[String]) -> Result<Session<'c>> {
    let mut session = Session::new(conn)?;
    if tables.is_empty() {
        return Ok(session);
    }
    // Every table, filtered as it is first written: cheaper than attaching each shared table by
    // name (measured: capture_overhead in tests/sync).
    session.table_filter(Some(|table: &str| super::is_shared(table)));
    session.attach(None::<&str>)?;
    Ok(session)
}

/// Stores one transaction's changeset in the outbox with a new clock, and that clock as the
/// clock of every field it updated.
pub(crate) fn record(tx: &Transaction<'_>, sharing: &mut Sharing, blob: Vec<u8>) -> Result<()> {
    let clock = tick(sharing);
    let changes = change::decode(&blob)?;
    record_at(tx, sharing, clock, &changes, blob)
}

/// A new clock of this device, for one write transaction.
fn tick(sharing: &mut Sharing) -> String {
    sharing.hlc.tick((sharing.clock)()).text(&sharing.device_id)
}

/// [`record`] with the transaction's clock already taken and its `changes` read (the updates of
/// `blob`).
fn record_at(
    tx: &Transaction<'_>,
    sharing: &mut Sharing,
    clock: String,
    changes: &[Change],
    blob: Vec<u8>,
) -> Result<()> {
    {
        // One statement per updated row: its changed columns as a JSON list.
        let mut set_clock = tx.prepare_cached(
            "INSERT INTO sync_field_clocks (tbl, pk, col, clock)
                 SELECT ?1, ?2, value, ?4 FROM json_each(?3) WHERE true
             ON CONFLICT (tbl, pk, col) DO UPDATE SET clock = excluded.clock",
        )?;
        for c in changes {
            if c.op != Op::Update {
                continue;
            }
            let cols: Vec<usize> = (0..c.new.len()).filter(|i| c.new[*i].is_some()).collect();
            let cols = crate::sql::to_json(&cols)?;
            set_clock.execute((&c.table, change::pk_key(&c.pk), &cols, &clock))?;
        }
    }
    super::derive::record_row_clocks(tx, changes, &clock)?;
    let deps = crate::sql::to_json(&sharing.applied)?;
    tx.prepare_cached(
        "INSERT INTO sync_outbox (seq, clock, schema_version, deps, blob)
         VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM sync_outbox), ?1, ?2, ?3, ?4)",
    )?
    .execute((&clock, sharing.schema, &deps, &blob))?;
    super::save_clock(tx, sharing)?;
    Ok(())
}
