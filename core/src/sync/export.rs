//! The exporter: every outbox row not yet exported becomes this device's change file of its seq,
//! in seq order. Run after writes and at start, so a kill between COMMIT and export loses nothing.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::file::{self, Header};
use super::Sharing;
use crate::ids::format_instant;
use crate::Result;

/// Whether `path` already holds this change whole: the same seq and the same payload.
fn written_before(path: &std::path::Path, header: &Header) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    file::decode(&bytes).is_ok_and(|(there, _)| {
        there.seq == header.seq && there.device == header.device && there.sha256 == header.sha256
    })
}

/// Writes the outbox's unexported rows as files; returns how many.
pub(crate) fn export(conn: &Connection, sharing: &Sharing) -> Result<u32> {
    let pending: Vec<(i64, String, u32, String, Vec<u8>)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT seq, clock, schema_version, deps, blob FROM sync_outbox
             WHERE exported_at IS NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let dir = sharing.device_dir();
    // Who and where, as the settings say now: shown on the other devices' Sharing page.
    let who = super::edits::who(conn, sharing)?;
    let mut done = 0;
    for (seq, clock, schema_version, deps, blob) in pending {
        let deps: BTreeMap<String, i64> =
            serde_json::from_str(&deps).map_err(|e| crate::Error::MalformedRow {
                table: "sync_outbox",
                column: "deps",
                detail: e.to_string(),
            })?;
        let header = Header {
            schema_version,
            workspace: sharing.workspace.clone(),
            device: sharing.device_id.clone(),
            device_name: sharing.device_name.clone(),
            person: who.author.clone(),
            zone: who.time_zone.clone(),
            seq,
            clock_first: clock.clone(),
            clock_last: clock,
            deps,
            payload_len: blob.len() as u64,
            sha256: file::checksum(&blob),
        };
        // Written before a kill cut the export short: the same change (its person or zone may
        // have changed since) is not written again.
        if !written_before(&dir.join(file::name(seq)), &header) {
            file::write_once(&dir, &file::name(seq), &file::encode(&header, &blob)?)?;
        }
        conn.prepare_cached("UPDATE sync_outbox SET exported_at = ?2 WHERE seq = ?1")?
            .execute((seq, format_instant(sharing.now())))?;
        done += 1;
    }
    Ok(done)
}
