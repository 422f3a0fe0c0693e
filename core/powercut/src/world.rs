//! The model behind the VFS, in safe Rust: what each file holds as SQLite sees it (its image),
//! which of its writes are not yet synced (pending), and the power cut that drops or tears them.
//!
//! The real file on disk is the "platter": it holds exactly what was synced. A write changes only
//! the image and joins the file's pending list; `xSync` writes the pending list to the real file,
//! in order. At the cut each pending write is kept, dropped, or torn (some of its 512-byte
//! sectors reach the platter, the others keep their old bytes), and nothing reaches it afterwards.
//! Creating and deleting a file take effect at once (directory syncs are not modelled). The page
//! cache of the real disk is not part of the model: the simulated machine is the one
//! that loses power, so the real fsync is never needed (which is what makes a cycle cheap).

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileExt;

/// The unit a torn write is cut into: a write reaches the platter sector by sector.
pub const SECTOR: u64 = 512;

/// A write or truncation not yet synced.
#[derive(Debug, Clone)]
enum Op {
    Write { offset: u64, data: Vec<u8> },
    Truncate(u64),
}

struct FileState {
    /// Open for the file's life in the model, so that closing it never drops a POSIX lock the
    /// real VFS holds on the same file (closing any descriptor of a file drops them all).
    platter: File,
    image: Vec<u8>,
    pending: Vec<Op>,
}

/// How the pending writes fare when the power goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutMode {
    /// None reaches the platter.
    DropAll,
    /// All do (the cut came just after the disk caught up).
    KeepAll,
    /// Each is kept or dropped whole, independently (the disk reorders writes between syncs).
    EachWhole,
    /// Each sector of each write is kept or dropped independently.
    Torn,
}

/// What one cut did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CutReport {
    pub mode: Option<CutMode>,
    /// Writes and truncations that were pending.
    pub pending: usize,
    /// Sectors (of pending writes) that reached the platter / that did not.
    pub sectors_kept: u64,
    pub sectors_lost: u64,
    /// A failure to write the kept part to the real file (the test fails on it).
    pub error: Option<String>,
}

/// Why a mutating call did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The power is off (this call caused the cut, or came after it).
    PowerOff,
    /// No such file in the model, or the platter could not be written.
    Io,
}

/// Every file the VFS has open or has seen since the last `arm`, and the cut's schedule.
pub struct World {
    files: HashMap<String, FileState>,
    /// Writes, truncations and syncs so far in this cycle.
    ops: u64,
    cut_at: Option<u64>,
    /// The cut's mode when the test chose it; drawn at the cut otherwise.
    mode: Option<CutMode>,
    dead: bool,
    rng: u64,
    last_cut: Option<CutReport>,
}

impl World {
    pub fn new(seed: u64) -> World {
        World {
            files: HashMap::new(),
            ops: 0,
            cut_at: None,
            mode: None,
            dead: false,
            rng: seed | 1,
            last_cut: None,
        }
    }

    /// xorshift64*: small, seeded, reproducible.
    pub fn below(&mut self, n: u64) -> u64 {
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }

    /// Starts a cycle: forgets every file (none may be open), powers on, and schedules the cut
    /// at the `cut_at`-th write, truncation or sync from now (`None`: only an explicit `cut`),
    /// in `mode` (`None`: drawn at the cut).
    pub fn arm(&mut self, cut_at: Option<u64>, mode: Option<CutMode>) {
        self.files.clear();
        self.ops = 0;
        self.cut_at = cut_at;
        self.mode = mode;
        self.dead = false;
        self.last_cut = None;
    }

    pub fn is_dead(&self) -> bool {
        self.dead
    }

    pub fn ops(&self) -> u64 {
        self.ops
    }

    pub fn last_cut(&self) -> Option<&CutReport> {
        self.last_cut.as_ref()
    }

    /// A file opened by the VFS (after the real VFS opened or created it): its image is read
    /// from the platter the first time it is seen.
    pub fn open(&mut self, key: &str) -> std::io::Result<()> {
        if self.files.contains_key(key) {
            return Ok(());
        }
        let mut platter = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(key)?;
        let mut image = Vec::new();
        platter.read_to_end(&mut image)?;
        self.files.insert(
            key.to_owned(),
            FileState {
                platter,
                image,
                pending: Vec::new(),
            },
        );
        Ok(())
    }

    pub fn size(&self, key: &str) -> Option<u64> {
        self.files.get(key).map(|f| f.image.len() as u64)
    }

    /// Copies what the image holds at `offset` into `buf`; `false` on a short read (the rest of
    /// `buf` is zeroed, as SQLite requires).
    pub fn read(&self, key: &str, offset: u64, buf: &mut [u8]) -> Option<bool> {
        let image = &self.files.get(key)?.image;
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(image.len());
        let n = buf.len().min(image.len() - start);
        buf[..n].copy_from_slice(&image[start..start + n]);
        buf[n..].fill(0);
        Some(n == buf.len())
    }

    /// Counts a mutating call; at the scheduled one the power goes.
    fn tick(&mut self) -> Result<(), Refused> {
        if self.dead {
            return Err(Refused::PowerOff);
        }
        self.ops += 1;
        if self.cut_at == Some(self.ops) {
            self.cut();
            return Err(Refused::PowerOff);
        }
        Ok(())
    }

    pub fn write(&mut self, key: &str, offset: u64, data: &[u8]) -> Result<(), Refused> {
        if self.dead {
            return Err(Refused::PowerOff);
        }
        let file = self.files.get_mut(key).ok_or(Refused::Io)?;
        let start = usize::try_from(offset).map_err(|_| Refused::Io)?;
        let end = start + data.len();
        if file.image.len() < end {
            file.image.resize(end, 0);
        }
        file.image[start..end].copy_from_slice(data);
        // Pending before the tick: the write the power cut interrupts may be torn too.
        file.pending.push(Op::Write {
            offset,
            data: data.to_vec(),
        });
        self.tick()
    }

    pub fn truncate(&mut self, key: &str, size: u64) -> Result<(), Refused> {
        if self.dead {
            return Err(Refused::PowerOff);
        }
        let file = self.files.get_mut(key).ok_or(Refused::Io)?;
        file.image
            .truncate(usize::try_from(size).map_err(|_| Refused::Io)?);
        file.pending.push(Op::Truncate(size));
        self.tick()
    }

    /// Everything pending for `key` reaches the platter, in order.
    pub fn sync(&mut self, key: &str) -> Result<(), Refused> {
        self.tick()?;
        let file = self.files.get_mut(key).ok_or(Refused::Io)?;
        let pending = std::mem::take(&mut file.pending);
        for op in &pending {
            apply(&file.platter, op).map_err(|_| Refused::Io)?;
        }
        Ok(())
    }

    /// A file deleted (SQLite deletes a WAL after its last connection checkpointed it): it leaves
    /// the model with whatever it had pending.
    pub fn delete(&mut self, key: &str) -> Result<(), Refused> {
        if self.dead {
            return Err(Refused::PowerOff);
        }
        self.files.remove(key);
        Ok(())
    }

    /// The power goes now: every pending write is kept, dropped or torn (one mode per cut, drawn
    /// at random), the result is written to the platter, and every later mutating call fails.
    pub fn cut(&mut self) -> CutReport {
        if self.dead {
            return self.last_cut.clone().unwrap_or_default();
        }
        self.dead = true;
        let mode = self.mode.unwrap_or_else(|| match self.below(4) {
            0 => CutMode::DropAll,
            1 => CutMode::KeepAll,
            2 => CutMode::EachWhole,
            _ => CutMode::Torn,
        });
        let mut report = CutReport {
            mode: Some(mode),
            ..CutReport::default()
        };
        let mut keys: Vec<String> = self.files.keys().cloned().collect();
        keys.sort(); // a reproducible order of draws for a given seed
        for key in keys {
            let pending = match self.files.get_mut(&key) {
                Some(file) => std::mem::take(&mut file.pending),
                None => continue,
            };
            report.pending += pending.len();
            // Each pending call, as pieces that each reach the platter or not.
            let mut pieces: Vec<(Op, bool)> = Vec::new();
            for op in pending {
                match (mode, &op) {
                    (CutMode::DropAll, _) => pieces.push((op, false)),
                    (CutMode::KeepAll, _) => pieces.push((op, true)),
                    (CutMode::EachWhole, _) | (CutMode::Torn, Op::Truncate(_)) => {
                        let keep = self.below(2) == 0;
                        pieces.push((op, keep));
                    }
                    (CutMode::Torn, Op::Write { offset, data }) => {
                        for piece in sectors(*offset, data) {
                            let keep = self.below(2) == 0;
                            pieces.push((piece, keep));
                        }
                    }
                }
            }
            let Some(file) = self.files.get(&key) else {
                continue;
            };
            for (piece, keep) in &pieces {
                if let Op::Write { offset, data } = piece {
                    let n = sectors(*offset, data).len() as u64;
                    if *keep {
                        report.sectors_kept += n;
                    } else {
                        report.sectors_lost += n;
                    }
                }
                if *keep {
                    if let Err(e) = apply(&file.platter, piece) {
                        report.error = Some(format!("{key}: {e}"));
                    }
                }
            }
        }
        self.last_cut = Some(report.clone());
        report
    }
}

/// A write split at the 512-byte boundaries of the file (the first and last piece may be short).
fn sectors(offset: u64, data: &[u8]) -> Vec<Op> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < data.len() {
        let pos = offset + at as u64;
        let room = (SECTOR - pos % SECTOR) as usize;
        let n = room.min(data.len() - at);
        out.push(Op::Write {
            offset: pos,
            data: data[at..at + n].to_vec(),
        });
        at += n;
    }
    out
}

fn apply(platter: &File, op: &Op) -> std::io::Result<()> {
    match op {
        Op::Write { offset, data } => platter.write_all_at(data, *offset),
        Op::Truncate(size) => platter.set_len(*size),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world_with_file(dir: &std::path::Path, seed: u64) -> (World, String) {
        let path = dir.join("f");
        std::fs::write(&path, vec![b'o'; 2048]).expect("writes the platter");
        let key = path.to_string_lossy().into_owned();
        let mut world = World::new(seed);
        world.arm(None, None);
        world.open(&key).expect("opens");
        (world, key)
    }

    #[test]
    fn a_synced_write_survives_the_cut_and_an_unsynced_one_only_as_drawn() {
        let dir = std::env::temp_dir().join(format!("powercut-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        for seed in 1..200 {
            let (mut world, key) = world_with_file(&dir, seed);
            world.write(&key, 0, &[b'a'; 1024]).expect("writes");
            world.sync(&key).expect("syncs");
            world.write(&key, 100, &[b'b'; 1500]).expect("writes");
            let report = world.cut();
            let platter = std::fs::read(&key).expect("reads the platter");
            assert_eq!(platter.len(), 2048);
            // Bytes outside the unsynced write are exactly the synced state.
            assert!(platter[..100].iter().all(|b| *b == b'a'));
            assert!(platter[1600..].iter().all(|b| *b == b'o'));
            // Inside it, each 512-byte sector is wholly old or wholly new.
            for (s, range) in [
                (0, 100..512),
                (1, 512..1024),
                (2, 1024..1536),
                (3, 1536..1600),
            ] {
                let new = platter[range.clone()].iter().all(|b| *b == b'b');
                let old = platter[range.clone()]
                    .iter()
                    .all(|b| *b == if range.start < 1024 { b'a' } else { b'o' });
                assert!(new || old, "seed {seed}: sector {s} is mixed ({report:?})");
            }
            assert_eq!(report.sectors_kept + report.sectors_lost, 4);
            assert_eq!(world.write(&key, 0, b"x"), Err(Refused::PowerOff));
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
