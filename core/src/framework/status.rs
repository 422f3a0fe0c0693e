//! A framework version's standing for new partners: which version is the default, and which are
//! archived (kept, and still used by every partner vetted with them, but offered to no one new).
//! Both are recorded without touching a version or a score: the default in `meta` (as the copy
//! that is made the default does), an archiving as a `settings` row with its instant and device.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};

use super::{default_id, get, set_default, Definitions, Framework};
use crate::error::{Error, TransitionAction, TransitionState};
use crate::ids::format_instant;
use crate::Result;

/// The `settings` key that records one version's archiving.
fn archived_key(id: &str) -> String {
    format!("framework_archived:{id}")
}

/// Whether version `id` is archived.
pub(crate) fn is_archived(conn: &Connection, id: &str) -> Result<bool> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([archived_key(id)], |r| r.get(0))
        .optional()?;
    match value.as_deref() {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(Error::MalformedRow {
            table: "settings",
            column: "value",
            detail: format!("framework archived {other:?}"),
        }),
    }
}

fn refuse(action: TransitionAction, state: TransitionState) -> Error {
    Error::InvalidTransition { action, state }
}

/// Refuses to vet a partner with `wanted` when it is archived and not the partner's `current`
/// version: a partner may stay on an archived version; no one new moves onto one.
pub(crate) fn offered(
    conn: &Connection,
    wanted: Option<&str>,
    current: Option<&str>,
) -> Result<()> {
    let Some(id) = wanted.filter(|id| Some(*id) != current) else {
        return Ok(());
    };
    if is_archived(conn, id)? {
        return Err(refuse(
            TransitionAction::ChooseFramework,
            TransitionState::Archived,
        ));
    }
    Ok(())
}

/// Makes an existing version the default for new partners; an archived one is refused.
pub(crate) fn make_default(
    tx: &Transaction<'_>,
    defs: &Definitions,
    id: &str,
) -> Result<Framework> {
    get(tx, defs, id)?;
    if is_archived(tx, id)? {
        return Err(refuse(
            TransitionAction::MakeFrameworkDefault,
            TransitionState::Archived,
        ));
    }
    set_default(tx, id)?;
    get(tx, defs, id)
}

/// Archives a version (`archived`) or brings it back; the default cannot be archived.
pub(crate) fn set_archived(
    tx: &Transaction<'_>,
    defs: &Definitions,
    id: &str,
    archived: bool,
    now: DateTime<Utc>,
    device_id: &str,
) -> Result<Framework> {
    get(tx, defs, id)?;
    let action = if archived {
        TransitionAction::ArchiveFramework
    } else {
        TransitionAction::RestoreFramework
    };
    if archived && default_id(tx)? == id {
        return Err(refuse(action, TransitionState::FrameworkDefault));
    }
    if is_archived(tx, id)? == archived {
        let state = if archived {
            TransitionState::Archived
        } else {
            TransitionState::NotArchived
        };
        return Err(refuse(action, state));
    }
    crate::sql::execute(
        tx,
        "INSERT INTO settings (key, value, updated_at, device_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value,
             updated_at = excluded.updated_at, device_id = excluded.device_id",
        (
            archived_key(id),
            if archived { "true" } else { "false" },
            format_instant(now),
            device_id,
        ),
    )?;
    get(tx, defs, id)
}

#[cfg(test)]
mod tests;
