//! The Store's sharing methods (design/SYNC.md; the engine is in src/sync/).

use std::path::PathBuf;

use rusqlite::OptionalExtension;
use serde::Serialize;

use super::Store;
use crate::error::Field;
use crate::ids::new_id;
use crate::sync::apply::{self, ApplyReport};
use crate::sync::{self, capture, export, snapshot, Sharing};
use crate::Result;

/// A device's name, in characters ("Moscow — Svetlana's laptop").
const DEVICE_NAME_MAX: u32 = 80;

/// What starting to share needs: the folder a sync engine keeps in step, the workspace to join
/// (`None` creates one) and this device's name as the others will see it.
#[derive(Debug, Clone)]
pub struct ShareSetup {
    pub folder: PathBuf,
    pub workspace: Option<String>,
    pub device_name: String,
}

/// Sharing as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SharingStatus {
    pub folder: String,
    pub workspace: String,
    pub device_id: String,
    pub device_name: String,
    /// Whether the folder looks like a Syncthing folder (`.stfolder` in it).
    pub syncthing: bool,
    /// Changes of this device not yet written to the folder.
    pub unexported: u32,
    /// The other devices whose changes were applied here, by name.
    pub devices: Vec<Peer>,
    /// The latest change applied here from another device, by its clock.
    pub last_change: Option<LastChange>,
    /// Files of other devices waiting (one per device at most: the next in its order).
    pub held: u32,
}

/// Another device as its files name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Peer {
    pub device_id: String,
    pub name: String,
}

/// The latest change from another device: who and when (that device's clock, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LastChange {
    pub device_name: String,
    pub at: String,
}

impl Store {
    /// Starts sharing: remembers the folder, workspace and name, and puts everything this
    /// device holds in its first change file, so the others get rows written before sharing.
    /// Sharing already on is left as it is.
    pub fn start_sharing(&mut self, setup: &ShareSetup) -> Result<SharingStatus> {
        if self.sharing.is_none() {
            self.check_share_folder(&setup.folder)?;
            let device_name = crate::text::required(
                Field::SharingDeviceName,
                &setup.device_name,
                DEVICE_NAME_MAX,
            )?;
            // The workspace names a folder: only an id Vetta made (a UUID), as it was made.
            let workspace = match &setup.workspace {
                None => new_id(),
                Some(given) => match uuid::Uuid::parse_str(given) {
                    Ok(id) if id.hyphenated().to_string() == *given => given.clone(),
                    _ => {
                        return Err(crate::Error::InvalidValue {
                            field: Field::SharingWorkspace,
                            value: given.chars().take(64).collect(),
                        })
                    }
                },
            };
            {
                let tx = super::write_tx(&mut self.conn)?;
                sync::set_config(&tx, "folder", &setup.folder.to_string_lossy())?;
                sync::set_config(&tx, "workspace", &workspace)?;
                sync::set_config(&tx, "device_name", &device_name)?;
                tx.commit()?;
            }
            let mut loaded = sync::load(&self.conn, &self.device_id, &self.clock)?;
            if let Some(s) = &mut loaded {
                s.system_zone.clone_from(&self.system_zone);
            }
            let mut sharing = loaded.ok_or_else(|| crate::Error::MalformedRow {
                table: "sync_config",
                column: "value",
                detail: "sharing's settings did not read back".into(),
            })?;
            let blob = snapshot::snapshot(&self.conn, &sharing.tables)?;
            let tx = super::write_tx(&mut self.conn)?;
            if !blob.is_empty() {
                capture::record(&tx, &mut sharing, blob)?;
            }
            tx.commit()?;
            self.sharing = Some(sharing);
        }
        self.export_changes()?;
        self.sharing_status()?
            .ok_or_else(|| crate::Error::MalformedRow {
                table: "sync_config",
                column: "value",
                detail: "sharing is not on".into(),
            })
    }

    /// The share folder is never the data folder nor a folder holding it: a sync engine would
    /// then copy the database file itself between computers (a folder inside it is harmless).
    fn check_share_folder(&self, folder: &std::path::Path) -> Result<()> {
        let Some(data_dir) = self.path.as_deref().and_then(std::path::Path::parent) else {
            return Ok(());
        };
        let real = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
        if real(data_dir).starts_with(real(folder)) {
            return Err(crate::Error::InvalidValue {
                field: Field::SharingFolder,
                value: folder.to_string_lossy().into_owned(),
            });
        }
        Ok(())
    }

    /// Sharing's settings, or `None` while this installation shares nothing.
    pub fn sharing_status(&self) -> Result<Option<SharingStatus>> {
        // A reader (the window's reads go through one) keeps no sharing state of its own: it
        // reads the settings the writer committed.
        let loaded;
        let s = match &self.sharing {
            Some(s) => s,
            None => {
                loaded = crate::sync::load(&self.conn, &self.device_id, &self.clock)?;
                match &loaded {
                    Some(s) => s,
                    None => return Ok(None),
                }
            }
        };
        let unexported: u32 = self.conn.query_row(
            "SELECT count(*) FROM sync_outbox WHERE exported_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        let held: u32 = self
            .conn
            .query_row("SELECT count(*) FROM sync_held", [], |r| r.get(0))?;
        let devices = self
            .conn
            .prepare("SELECT device_id, name FROM sync_devices ORDER BY name, device_id")?
            .query_map([], |r| {
                Ok(Peer {
                    device_id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let last: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT name, last_clock FROM sync_devices WHERE last_clock IS NOT NULL
                 ORDER BY last_clock DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let last_change = last.and_then(|(device_name, clock)| {
            let millis = sync::clock::Hlc::parse(clock.as_deref()?)?.millis;
            let at = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(millis)?;
            Some(LastChange {
                device_name,
                at: crate::ids::format_instant(at),
            })
        });
        Ok(Some(SharingStatus {
            folder: s.folder.to_string_lossy().into_owned(),
            workspace: s.workspace.clone(),
            device_id: s.device_id.clone(),
            device_name: s.device_name.clone(),
            syncthing: s.folder.join(".stfolder").exists(),
            unexported,
            devices,
            last_change,
            held,
        }))
    }

    /// Writes this device's changes not yet in the folder as files; how many. Nothing while
    /// sharing is off.
    pub fn export_changes(&mut self) -> Result<u32> {
        match &self.sharing {
            Some(sharing) => export::export(&self.conn, sharing),
            None => Ok(0),
        }
    }

    /// Applies the other devices' files that can be applied; what it did and what waits.
    pub fn apply_changes(&mut self) -> Result<ApplyReport> {
        let merges = |conn: &rusqlite::Connection| -> Result<i64> {
            Ok(conn.query_row("SELECT count(*) FROM partner_merges", [], |r| r.get(0))?)
        };
        let before = merges(&self.conn)?;
        // Its changesets may change rows the update hook does not report (store/changes.rs).
        let report = self.unlogged(|store| match &mut store.sharing {
            Some(sharing) => apply::apply_all(&mut store.conn, sharing),
            None => Ok(ApplyReport::default()),
        });
        // A merge arrived: partners left (or came back to) the lists without a row of theirs
        // changing, so the indexes that follow partner rows are built again.
        if merges(&self.conn)? != before {
            self.forget_partner_indexes();
        }
        report
    }

    /// The OS's time zone (the app reads it at start): the zone a shared edit records when the
    /// settings name none, so other offices see this device's wall time. An unknown zone is
    /// refused.
    pub fn set_system_time_zone(&mut self, zone: &str) -> Result<()> {
        let zone = crate::zones::parse_zone(zone)?.name().to_owned();
        if let Some(s) = &mut self.sharing {
            s.system_zone = Some(zone.clone());
        }
        self.system_zone = Some(zone);
        Ok(())
    }

    /// This device's sharing state, for tests and the engine's callers in core.
    pub fn sharing(&self) -> Option<&Sharing> {
        self.sharing.as_ref()
    }
}

impl Store {
    /// Where sharing reads wall-clock time (hybrid clocks, when files were exported and
    /// applied): the app gives the system clock when it opens the store, a test a fake one (e.g.
    /// 3 h slow). Until then, the instant the store was opened.
    pub fn set_sharing_clock(&mut self, clock: crate::sync::WallClock) {
        if let Some(s) = &mut self.sharing {
            s.clock = std::sync::Arc::clone(&clock);
        }
        self.clock = clock;
    }
}

#[cfg(any(test, feature = "testing"))]
impl Store {
    /// Makes this device write its change files with schema `version` and hold files of a
    /// newer one, as a device still on an older Vetta does (until it is reopened: an upgrade).
    pub fn set_sharing_schema(&mut self, version: u32) {
        if let Some(s) = &mut self.sharing {
            s.schema = version;
        }
    }
}
