//! Sharing a workspace between devices through a synced folder (design/SYNC.md): SQLite's session
//! extension captures each write transaction's changes (capture.rs) into an outbox; the exporter
//! writes each as an immutable, checksummed file in `<folder>/vetta-v1/<workspace>/<device>/`
//! (file.rs); other devices' files are applied in order, idempotently, fields merged by a hybrid
//! logical clock (apply.rs, clock.rs); a device that starts sharing first shares everything it
//! has (snapshot.rs). Below `store`: the Store's sharing methods are in store/sharing.rs.

pub mod apply;
pub(crate) mod capture;
pub(crate) mod change;
pub mod clock;
pub(crate) mod derive;
pub mod edits;
pub(crate) mod export;
pub mod file;
pub(crate) mod snapshot;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use rusqlite::{Connection, OptionalExtension};

use crate::Result;
use clock::Hlc;

/// Where sharing reads wall-clock time: given at the edge (the app gives the system clock, a test
/// a fake one); until then the instant the store was opened. Core never reads the clock itself.
pub type WallClock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Tables that never travel: this installation's own (identity, preferences, sharing's state,
/// contacts kept in this office only: `local_contacts`) and derived state (`phase_counts`, kept
/// by triggers; `merged_partners`, the merges that hold, merge.rs).
pub const LOCAL_TABLES: &[&str] = &[
    "meta",
    "settings",
    "phase_counts",
    "merged_partners",
    "local_contacts",
];

/// Whether `table` is shared (every table but the local ones and `sync_*`).
pub fn is_shared(table: &str) -> bool {
    !LOCAL_TABLES.contains(&table) && !table.starts_with("sync_") && !table.starts_with("sqlite_")
}

/// Sharing's state of this installation alone — its settings, outbox, progress, peers and holds:
/// never in a workspace export, so a restore never resumes sharing as the device that exported
/// (its files' numbers would collide with that device's). `sync_field_clocks` travels with the
/// rows: it says which write each field's value came from, which merging needs.
pub fn is_device_local(table: &str) -> bool {
    table.starts_with("sync_") && table != "sync_field_clocks"
}

/// Sharing's state while it is on: read from `sync_config` when the store opens.
pub struct Sharing {
    pub folder: PathBuf,
    pub workspace: String,
    pub device_id: String,
    pub device_name: String,
    pub(crate) hlc: Hlc,
    /// The shared tables of this schema, in name order.
    pub(crate) tables: Vec<String>,
    /// Each shared table's column names, read once (edits.rs names the fields it records).
    pub(crate) columns: std::collections::HashMap<String, Vec<String>>,
    /// The highest seq applied from each other device: a file's dependencies.
    pub(crate) applied: BTreeMap<String, i64>,
    pub(crate) clock: WallClock,
    /// The OS's zone (Store::set_system_time_zone): an edit's zone when the settings name none.
    pub(crate) system_zone: Option<String>,
    /// The schema this device writes its files with and reads files up to: the open file's
    /// (`schema::LATEST`); a test lowers it to play a device still on an older Vetta.
    pub(crate) schema: u32,
}

impl Sharing {
    /// This device's folder of change files.
    pub fn device_dir(&self) -> PathBuf {
        self.workspace_dir().join(&self.device_id)
    }

    /// The workspace's folder, one sub-folder per device.
    pub fn workspace_dir(&self) -> PathBuf {
        self.folder.join(file::ROOT).join(&self.workspace)
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }
}

/// One value of `sync_config`.
pub(crate) fn config(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM sync_config WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set_config(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_config (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute((key, value))?;
    Ok(())
}

/// Whether this installation shares a workspace (what [`load`] reads is there), read in the
/// caller's transaction: a reader of the file sees it as the writer committed it.
pub(crate) fn is_on(conn: &Connection) -> Result<bool> {
    Ok(config(conn, "folder")?.is_some() && config(conn, "workspace")?.is_some())
}

/// Sharing's state, or `None` while this installation shares nothing.
pub(crate) fn load(
    conn: &Connection,
    device_id: &str,
    clock: &WallClock,
) -> Result<Option<Sharing>> {
    let (Some(folder), Some(workspace)) = (config(conn, "folder")?, config(conn, "workspace")?)
    else {
        return Ok(None);
    };
    let hlc = config(conn, "clock")?
        .as_deref()
        .and_then(Hlc::parse)
        .unwrap_or_default();
    Ok(Some(Sharing {
        folder: PathBuf::from(folder),
        workspace,
        device_id: device_id.to_owned(),
        device_name: config(conn, "device_name")?.unwrap_or_default(),
        hlc,
        tables: shared_tables(conn)?,
        columns: Default::default(),
        applied: applied(conn)?,
        clock: Arc::clone(clock),
        schema: crate::schema::LATEST,
        system_zone: None,
    }))
}

/// Every shared table of the open schema.
pub(crate) fn shared_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for name in names {
        let name = name?;
        if is_shared(&name) {
            out.push(name);
        }
    }
    Ok(out)
}

/// The highest seq applied from each other device.
pub(crate) fn applied(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT device_id, max(seq) FROM sync_applied GROUP BY device_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Keeps the clock across restarts (it never goes back, even if the wall clock does).
pub(crate) fn save_clock(conn: &Connection, sharing: &Sharing) -> Result<()> {
    set_config(conn, "clock", &sharing.hlc.text(&sharing.device_id))
}
