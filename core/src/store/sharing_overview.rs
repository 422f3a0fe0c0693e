//! The Sharing page's facts (design/SYNC.md, "What the window shows"): every other device seen in
//! the workspace — its name, person and time zone as its latest file says, its files applied
//! here, held (and why) and waiting, its last change and whether its clock runs ahead of this
//! computer's — and the totals. Read from the local `sync_*` tables and this computer's view of
//! the share folder (one directory listing and at most one file header per device).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{SharingStatus, Store};
use crate::ids::format_instant;
use crate::sync::apply::HoldReason;
use crate::sync::clock::{Hlc, AHEAD_WARNING_MS};
use crate::sync::file;
use crate::Result;

/// The Sharing page: this device's status, every other device, and the files in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SharingOverview {
    pub status: SharingStatus,
    pub devices: Vec<DeviceOverview>,
    /// Files of other devices applied here.
    pub applied: u32,
    /// Devices whose next file is held.
    pub held: u32,
    /// Files in the folder not yet applied (a held one included).
    pub waiting: u32,
}

/// Another device as the Sharing page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeviceOverview {
    pub device_id: String,
    /// Its name; empty while none of its files could be read.
    pub name: String,
    pub person: Option<String>,
    /// Its IANA time zone, as its settings said in its latest file read.
    pub zone: Option<String>,
    /// The number of its last file applied here (0: none yet).
    pub last_seq: u32,
    /// Its files in this computer's view of the folder.
    pub files: u32,
    /// Its files in the folder not yet applied (a held one included).
    pub waiting: u32,
    pub held: Option<HeldFile>,
    /// The instant (UTC) of its latest change applied here, by its clock.
    pub last_change: Option<String>,
    /// When its latest file was applied here.
    pub last_applied_at: Option<String>,
    /// Its latest clock is more than 5 minutes ahead of this computer's.
    pub clock_ahead: bool,
}

/// A device's next file, not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HeldFile {
    pub seq: u32,
    pub reason: HoldReason,
    pub detail: String,
    /// When it was last tried.
    pub at: String,
}

/// What `sync_devices` and `sync_held` say of one device.
#[derive(Default)]
struct Known {
    name: Option<String>,
    last_clock: Option<String>,
    last_at: Option<String>,
    held: Option<HeldFile>,
}

impl Store {
    /// The Sharing page's facts at `now`; `None` while this installation shares nothing.
    pub fn sharing_overview(&self, now: DateTime<Utc>) -> Result<Option<SharingOverview>> {
        let Some(status) = self.sharing_status()? else {
            return Ok(None);
        };
        let workspace_dir = Path::new(&status.folder)
            .join(file::ROOT)
            .join(&status.workspace);
        let mut known: BTreeMap<String, Known> = BTreeMap::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT device_id, name, last_clock, last_at FROM sync_devices")?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            for row in rows {
                let (id, name, last_clock, last_at) = row?;
                let k = known.entry(id).or_default();
                (k.name, k.last_clock, k.last_at) = (Some(name), last_clock, last_at);
            }
            let mut stmt = self
                .conn
                .prepare("SELECT device_id, seq, reason, detail, at FROM sync_held")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, String>(2)?,
                    r.get(3)?,
                    r.get(4)?,
                ))
            })?;
            for row in rows {
                let (id, seq, reason, detail, at) = row?;
                let reason = HoldReason::parse(&reason).unwrap_or(HoldReason::Refused);
                known.entry(id).or_default().held = Some(HeldFile {
                    seq,
                    reason,
                    detail,
                    at,
                });
            }
        }
        let applied = crate::sync::applied(&self.conn)?;
        let mut ids: BTreeSet<String> = known.keys().cloned().collect();
        ids.extend(file::device_dirs(&workspace_dir, &status.device_id));
        let mut devices = Vec::new();
        for id in ids {
            let k = known.remove(&id).unwrap_or_default();
            let last_seq = applied.get(&id).copied().unwrap_or(0);
            let dir = workspace_dir.join(&id);
            let seqs = file_seqs(&dir);
            // Who and where: the latest file applied, else the next one (held, or not yet tried).
            let header = [last_seq, last_seq + 1]
                .into_iter()
                .filter(|s| *s > 0)
                .find_map(|s| read_header(&dir.join(file::name(s))));
            let last_change = k.last_clock.as_deref().and_then(Hlc::parse);
            let (name, person, zone) = match header {
                Some(h) => (h.device_name, h.person, h.zone),
                None => (k.name.unwrap_or_default(), None, None),
            };
            devices.push(DeviceOverview {
                device_id: id,
                name,
                person,
                zone,
                last_seq: u32::try_from(last_seq).unwrap_or(u32::MAX),
                files: u32::try_from(seqs.len()).unwrap_or(u32::MAX),
                waiting: u32::try_from(seqs.iter().filter(|s| **s > last_seq).count())
                    .unwrap_or(u32::MAX),
                held: k.held,
                last_change: last_change
                    .and_then(|c| DateTime::<Utc>::from_timestamp_millis(c.millis))
                    .map(format_instant),
                last_applied_at: k.last_at,
                clock_ahead: last_change
                    .is_some_and(|c| c.millis - now.timestamp_millis() > AHEAD_WARNING_MS),
            });
        }
        devices.sort_by(|a, b| (&a.name, &a.device_id).cmp(&(&b.name, &b.device_id)));
        Ok(Some(SharingOverview {
            applied: devices.iter().map(|d| d.last_seq).sum(),
            held: u32::try_from(devices.iter().filter(|d| d.held.is_some()).count())
                .unwrap_or(u32::MAX),
            waiting: devices.iter().map(|d| d.waiting).sum(),
            status,
            devices,
        }))
    }
}

/// The numbers of the change files in a device's folder (`0000000012.cs`; nothing else).
fn file_seqs(dir: &Path) -> Vec<i64> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let digits = name.strip_suffix(".cs")?;
            (digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())
                .flatten()
        })
        .collect()
}

fn read_header(path: &Path) -> Option<file::Header> {
    let bytes = std::fs::read(path).ok()?;
    file::decode(&bytes).ok().map(|(h, _)| h)
}
