//! A SQLite VFS that loses power on purpose, for Vetta's power-loss test.
//!
//! Registered under a name of the test's choosing, it delegates to the real default VFS but keeps
//! every write that was not yet synced (`xSync`) in memory, per file. At a scheduled call — the
//! n-th write, truncation or sync of the cycle, n drawn by the test from its seed — the power
//! goes: each pending write is dropped, kept, or torn into 512-byte sectors of which only some
//! reach the disk, and every later write fails. The test then closes its connections, deletes the
//! `-shm` file and reopens the database with the real VFS, as a machine would after reboot.
//!
//! The one crate of the workspace with `unsafe` code (a VFS is a table of C callbacks); it is a
//! dev-dependency of core only, never part of the app.

mod vfs;
mod world;

pub use world::{CutMode, CutReport, SECTOR};

/// A registered power-cut VFS.
pub struct PowerCut {
    shared: &'static vfs::Shared,
    name: String,
}

impl PowerCut {
    /// Registers a VFS named `name` whose draws (the cut's mode, which sectors survive) come from
    /// `seed`. Register once per name per process.
    pub fn register(name: &str, seed: u64) -> Result<PowerCut, String> {
        let shared = vfs::register(name, world::World::new(seed))?;
        Ok(PowerCut {
            shared,
            name: name.to_owned(),
        })
    }

    /// The name to open connections with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Starts a cycle with the power on: forgets every file (no connection through this VFS may
    /// be open) and schedules the cut at the `cut_at`-th write, truncation or sync from now
    /// (`None`: only at [`PowerCut::cut`]). The cut's mode is drawn when it comes.
    pub fn arm(&self, cut_at: Option<u64>) {
        self.shared.world().arm(cut_at, None);
    }

    /// [`PowerCut::arm`], with the cut's mode chosen by the test.
    pub fn arm_in_mode(&self, cut_at: u64, mode: CutMode) {
        self.shared.world().arm(Some(cut_at), Some(mode));
    }

    /// Whether the power has gone in this cycle.
    pub fn is_cut(&self) -> bool {
        self.shared.world().is_dead()
    }

    /// Writes, truncations and syncs so far in this cycle.
    pub fn ops(&self) -> u64 {
        self.shared.world().ops()
    }

    /// Cuts the power now, unless it already went; returns what the cut did.
    pub fn cut(&self) -> CutReport {
        self.shared.world().cut()
    }

    /// What the cycle's cut did, once it happened.
    pub fn last_cut(&self) -> Option<CutReport> {
        self.shared.world().last_cut().cloned()
    }

    /// A number in `0..n` from the VFS's seeded generator (for the test's own draws).
    pub fn below(&self, n: u64) -> u64 {
        self.shared.world().below(n)
    }
}
