//! The change files: `<folder>/vetta-v1/<workspace>/<device>/<seq, 10 digits>.cs`, written once
//! (as `name.tmp`, synced, renamed), never rewritten, never deleted by Vetta. Each holds a magic
//! line with the format version, a JSON header line (schema version, workspace, device, seq, the
//! clock range, the dependencies, the payload's length and SHA-256, the device's person and time
//! zone), then the changeset.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// The share folder's sub-folder Vetta writes in (its format version in the name).
pub const ROOT: &str = "vetta-v1";
/// The first line of every change file: what it is and its format version.
pub const MAGIC: &[u8] = b"VETTA-CHANGES 1\n";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    pub schema_version: u32,
    pub workspace: String,
    pub device: String,
    pub device_name: String,
    /// The device's person and IANA time zone (its settings) when the file was written; absent
    /// from files of the first sharing build (read as `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    pub seq: i64,
    pub clock_first: String,
    pub clock_last: String,
    /// The highest seq applied from every other device when the file was written.
    pub deps: BTreeMap<String, i64>,
    pub payload_len: u64,
    pub sha256: String,
}

/// Why a file in the share folder cannot be read (yet): a copy still arriving, or damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    NotAChangeFile,
    Header(String),
    /// Shorter or longer than its header says (a copy cut short, or still arriving).
    Length {
        expected: u64,
        found: u64,
    },
    Checksum,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Damage::NotAChangeFile => write!(f, "not a Vetta change file"),
            Damage::Header(e) => write!(f, "unreadable header: {e}"),
            Damage::Length { expected, found } => {
                write!(
                    f,
                    "{found} bytes of changes where the header says {expected}"
                )
            }
            Damage::Checksum => write!(f, "the checksum does not match"),
        }
    }
}

/// A change file's bytes.
pub fn encode(header: &Header, payload: &[u8]) -> Result<Vec<u8>> {
    let mut out = MAGIC.to_vec();
    out.extend(crate::sql::to_json(header)?.as_bytes());
    out.push(b'\n');
    out.extend(payload);
    Ok(out)
}

/// The SHA-256 of a payload, as lowercase hex.
pub fn checksum(payload: &[u8]) -> String {
    format!("{:x}", Sha256::digest(payload))
}

/// Reads a change file's bytes: its header and its payload, whole and as written, or why not.
pub fn decode(bytes: &[u8]) -> std::result::Result<(Header, &[u8]), Damage> {
    let rest = bytes.strip_prefix(MAGIC).ok_or(Damage::NotAChangeFile)?;
    let end = rest
        .iter()
        .position(|b| *b == b'\n')
        .ok_or_else(|| Damage::Header("no end of header".into()))?;
    let header: Header =
        serde_json::from_slice(&rest[..end]).map_err(|e| Damage::Header(e.to_string()))?;
    let payload = &rest[end + 1..];
    if payload.len() as u64 != header.payload_len {
        return Err(Damage::Length {
            expected: header.payload_len,
            found: payload.len() as u64,
        });
    }
    if checksum(payload) != header.sha256 {
        return Err(Damage::Checksum);
    }
    Ok((header, payload))
}

/// The file name of change `seq`.
pub fn name(seq: i64) -> String {
    format!("{seq:010}.cs")
}

/// Whether a folder name in the workspace can be a device's (the sync engine's own names, such
/// as `.stfolder`, `.syncthing.x.tmp`, `x.sync-conflict-…`, `~syncthing~x`, are not).
pub fn is_device_dir(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.starts_with('~')
        && !name.contains("sync-conflict")
        && !name.ends_with(".tmp")
}

/// The folders of the devices other than `own` in a workspace's folder.
pub fn device_dirs(workspace_dir: &Path, own: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(workspace_dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|name| is_device_dir(name) && name != own)
        .collect()
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes `bytes` as `dir/name` once: to `name.tmp`, synced, renamed, the folder synced. A file
/// already there with the same bytes (a crash after the rename) is left as it is; one with other
/// bytes is never overwritten.
pub fn write_once(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let target = dir.join(name);
    if target.exists() {
        let there = std::fs::read(&target).map_err(io(&target))?;
        if there == bytes {
            return Ok(target);
        }
        return Err(Error::Io {
            path: target.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a different change file already has this name; it is never overwritten",
            ),
        });
    }
    let tmp = dir.join(format!("{name}.tmp"));
    {
        let mut file = std::fs::File::create(&tmp).map_err(io(&tmp))?;
        file.write_all(bytes).map_err(io(&tmp))?;
        file.sync_all().map_err(io(&tmp))?;
    }
    std::fs::rename(&tmp, &target).map_err(io(&target))?;
    // The rename itself is durable once the folder is synced (not possible on every OS: tried).
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(target)
}
