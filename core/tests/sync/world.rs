//! The two-device world: stores, fake clocks (B's three hours slow), random actions through the
//! Store's real write methods, and a courier that moves change files between the two share
//! folder views. B starts on an older Vetta (its files carry the previous schema version, and it
//! holds files of the current one) and upgrades mid-week: until then it holds every file of A's,
//! saying why, and applies none; after, it catches up.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use vetta_core::decision::NewDecision;
use vetta_core::flag::{FlagAction, NewFlag};
use vetta_core::partner::NewPartner;
use vetta_core::recommendation::Choice;
use vetta_core::seed::Rng;
use vetta_core::store::ShareSetup;
use vetta_core::{testing, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

pub struct Device {
    pub store: Store,
    dir: PathBuf,
    /// This device's own view of the share folder.
    pub share: PathBuf,
    clock: Arc<AtomicI64>,
    /// Ids of rows whose write was acknowledged (the write returned Ok).
    pub acked: Vec<(&'static str, String)>,
    /// Merges of duplicates this device made.
    pub merges: u32,
    offset: Duration,
}

pub struct World {
    _root: tempfile::TempDir,
    pub a: Device,
    pub b: Device,
    rng: Rng,
    workspace: String,
    /// Simulated time, from the start of the week.
    minutes: i64,
    /// Files exported and not yet delivered whole: (side 0 = A, 1 = B; seq).
    pending: Vec<(usize, i64)>,
    done: Vec<(usize, i64)>,
    /// The highest seq of each side picked up.
    next: [i64; 2],
    delivered: u32,
    truncated: u32,
    duplicated: u32,
    /// Whether B still runs the older Vetta; how many of B's passes held A's next file as newer.
    b_older: bool,
    held_as_newer: u32,
}

fn start() -> DateTime<Utc> {
    // Fixed: the fake clocks' origin; every instant is derived from it, none compared with today.
    Utc.with_ymd_and_hms(2026, 11, 23, 6, 0, 0)
        .single()
        .expect("an instant")
}

impl Device {
    fn open(root: &Path, name: &str, offset: Duration) -> Device {
        let (store, _) =
            Store::open_in_dir(&root.join(name), start() + offset).expect("opens a store");
        let clock = Arc::new(AtomicI64::new((start() + offset).timestamp_millis()));
        Device {
            store,
            dir: root.join(name),
            share: root.join(format!("share-{name}")),
            clock,
            acked: Vec::new(),
            merges: 0,
            offset,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.clock.load(Ordering::SeqCst))
            .single()
            .expect("an instant")
    }

    fn share(&mut self, workspace: Option<String>, name: &str) -> String {
        let status = self
            .store
            .start_sharing(&ShareSetup {
                folder: self.share.clone(),
                workspace,
                device_name: name.into(),
            })
            .expect("starts sharing");
        self.follow_clock();
        status.workspace
    }

    fn follow_clock(&mut self) {
        let clock = Arc::clone(&self.clock);
        self.store.set_sharing_clock(Arc::new(move || {
            Utc.timestamp_millis_opt(clock.load(Ordering::SeqCst))
                .single()
                .unwrap_or_default()
        }));
    }

    /// Plays a device still on the previous Vetta: its files say the previous schema version,
    /// and it holds files of the current one.
    fn run_older_vetta(&mut self) {
        let current = self.store.schema_version().expect("reads its schema");
        self.store.set_sharing_schema(current - 1);
    }

    /// Closes the store and opens it again with the current Vetta (an upgrade, as a restart).
    fn upgrade(&mut self) {
        let now = self.now();
        self.store = Store::open_in_memory(now).expect("a placeholder");
        self.store = Store::open_in_dir(&self.dir, now).expect("reopens").0;
        self.follow_clock();
    }
}

impl World {
    pub fn new(seed: u64) -> World {
        let root = tempfile::tempdir().expect("a temp dir");
        let mut a = Device::open(root.path(), "a", Duration::zero());
        // B's clock is three hours slow.
        let mut b = Device::open(root.path(), "b", Duration::hours(-3));
        let workspace = a.share(None, "Moscow");
        b.share(Some(workspace.clone()), "Los Angeles");
        b.run_older_vetta();
        World {
            _root: root,
            a,
            b,
            rng: Rng::new(seed),
            workspace,
            minutes: 0,
            pending: Vec::new(),
            done: Vec::new(),
            next: [0, 0],
            delivered: 0,
            truncated: 0,
            duplicated: 0,
            b_older: true,
            held_as_newer: 0,
        }
    }

    /// B upgrades to the current Vetta: what it held as newer can now be applied.
    fn upgrade_b(&mut self) {
        if self.b_older {
            self.b.upgrade();
            self.b_older = false;
        }
    }

    /// Mid-week, everything A wrote reaches B whole: B's older Vetta holds A's next file as
    /// newer, applies none of them; then B upgrades.
    fn upgrade_b_mid_week(&mut self) {
        self.a.store.export_changes().expect("exports");
        while self.courier(true) {}
        let older = self.b.store.schema_version().expect("reads") - 1;
        if self.next[1] > 1 {
            // B's files since it started sharing say the older schema; A applied them.
            let bytes = std::fs::read(self.own_file(1, self.next[1])).expect("reads B's file");
            let (header, _) = vetta_core::sync::file::decode(&bytes).expect("a whole file");
            assert_eq!(header.schema_version, older);
        }
        let before = self.held_as_newer;
        self.apply(Side::B);
        assert_eq!(
            self.held_as_newer,
            before + 1,
            "B, on the older Vetta, holds A's next file as newer"
        );
        self.upgrade_b();
    }

    /// One apply pass on `side`. On B's older Vetta nothing of A's applies: each of A's files is
    /// held as newer (or, cut short, as damaged), and the status counts the hold.
    fn apply(&mut self, side: Side) {
        let older = side == Side::B && self.b_older;
        let report = self.device(side).store.apply_changes().expect("applies");
        if older {
            assert_eq!(report.applied, 0, "B applies nothing newer: {report:?}");
            let newer = report
                .held
                .iter()
                .filter(|h| h.reason == vetta_core::sync::apply::HoldReason::NewerSchema)
                .count() as u32;
            let status = self
                .b
                .store
                .sharing_status()
                .expect("reads")
                .expect("B shares");
            assert_eq!(status.held as usize, report.held.len(), "{status:?}");
            self.held_as_newer += newer;
        }
    }

    fn device(&mut self, side: Side) -> &mut Device {
        match side {
            Side::A => &mut self.a,
            Side::B => &mut self.b,
        }
    }

    /// `actions` random actions per side over a week, with the courier and applies between.
    pub fn run(&mut self, actions: usize) {
        let step = (7 * 24 * 60 / actions.max(1) as i64).max(1);
        for i in 0..actions {
            if i == actions / 2 {
                self.upgrade_b_mid_week();
            }
            self.minutes += step;
            for side in [Side::A, Side::B] {
                let at = start() + Duration::minutes(self.minutes);
                let d = self.device(side);
                d.clock
                    .store((at + d.offset).timestamp_millis(), Ordering::SeqCst);
                self.act(side);
                if self.rng.chance(30) {
                    self.device(side).store.export_changes().expect("exports");
                }
                if self.rng.chance(25) {
                    self.apply(side);
                }
            }
            for _ in 0..self.rng.range(0, 3) {
                self.courier(false);
            }
        }
    }

    /// One random action on `side`, through the Store's write methods.
    fn act(&mut self, side: Side) {
        let roll = self.rng.below(100);
        let pick = self.rng.next_u64();
        let n = self.rng.range(0, 9999);
        let d = self.device(side);
        let now = d.now();
        let partners = testing::ids(&d.store, "partners", "deleted_at IS NULL");
        let partner =
            (!partners.is_empty()).then(|| partners[pick as usize % partners.len()].clone());
        match (roll, partner) {
            (0..=19, _) | (_, None) => {
                let p = NewPartner {
                    name: format!("Partner {n} {side:?}"),
                    markets: if n.is_multiple_of(2) {
                        vec!["RU".into()]
                    } else {
                        vec!["RU".into(), "US".into()]
                    },
                    ..testing::new_partner("x")
                };
                if let Ok(p) = d.store.add_partner(&p, now) {
                    d.acked.push(("partners", p.id));
                }
            }
            (20..=49, Some(id)) => {
                let Ok(p) = d.store.partner(&id) else { return };
                let mut edit = testing::edit_of(&p);
                match n % 4 {
                    0 => edit.notes = format!("notes {n} from {side:?}"),
                    1 => edit.found_via = format!("via {n}"),
                    2 => {
                        edit.markets = if edit.markets.len() == 2 {
                            vec!["US".into()]
                        } else {
                            vec!["RU".into(), "US".into()]
                        }
                    }
                    _ => edit.name = format!("{} ({n})", p.name.split(" (").next().unwrap_or("p")),
                }
                let _ = d.store.edit_partner(&edit, now);
            }
            (50..=64, Some(id)) => {
                let decision = NewDecision {
                    partner_id: id,
                    choice: if n.is_multiple_of(3) {
                        Choice::Hold
                    } else {
                        Choice::Advance
                    },
                    decided_by: format!("{side:?}"),
                    rationale: format!("rationale {n}"),
                    assumptions: vec![],
                    review_on: None,
                    confidence: n.is_multiple_of(2).then_some(80),
                    expected: Some(format!("expected {n}")),
                };
                if let Ok(x) = d.store.record_decision(&decision, now) {
                    d.acked.push(("decisions", x.id));
                }
            }
            (65..=79, Some(id)) => {
                let card = testing::gut_check_card(
                    &id,
                    &format!("Reviewer {side:?}"),
                    [1, (n % 2) as i32, 1],
                );
                if let Ok(x) = d.store.submit_scorecard(&card, now) {
                    d.acked.push(("scorecards", x.id));
                }
            }
            (80..=89, Some(id)) => {
                let flag = NewFlag {
                    partner_id: id,
                    pilot_id: None,
                    kind: "communication_gaps".into(),
                    occurred_at: vetta_core::ids::format_instant(now - Duration::hours(1)),
                    note: format!("gap {n}"),
                    link: String::new(),
                    raised_by: format!("{side:?}"),
                };
                if let Ok(x) = d.store.raise_flag(&flag, now) {
                    d.acked.push(("flags", x.id));
                }
            }
            (90..=96, Some(_)) => {
                let flags = testing::ids(&d.store, "flags", "1");
                if flags.is_empty() {
                    return;
                }
                let action = FlagAction {
                    flag_id: flags[pick as usize % flags.len()].clone(),
                    by: format!("{side:?}"),
                    note: format!("resolved {n}"),
                };
                let _ = d.store.resolve_flag(&action, now);
            }
            (97, Some(loser)) => {
                // A duplicate merged (rarely): crossed and repeated merges of two offices must
                // end in the same merges on both (merged.rs).
                let winner = partners[n as usize % partners.len()].clone();
                let merge = vetta_core::merge::PartnerMerge {
                    loser_id: loser,
                    winner_id: winner,
                };
                if let Ok(_winner) = d.store.merge_partners(&merge, now) {
                    d.merges += 1;
                }
            }
            _ => {
                // The same market added in both offices: both keep the earliest.
                let _ = d.store.add_market("KZ", now);
            }
        }
    }

    /// Picks up the files each side exported since the last look (by seq, no folder listing).
    fn collect(&mut self) {
        for side in 0..2 {
            loop {
                let seq = self.next[side] + 1;
                if !self.own_file(side, seq).exists() {
                    break;
                }
                self.next[side] = seq;
                self.pending.push((side, seq));
            }
        }
    }

    fn own_file(&self, side: usize, seq: i64) -> PathBuf {
        let d = if side == 0 { &self.a } else { &self.b };
        file_in(&d.share, &self.workspace, d.store.device_id(), seq)
    }

    fn target(&self, side: usize, seq: i64) -> PathBuf {
        let (from, to) = if side == 0 {
            (&self.a, &self.b)
        } else {
            (&self.b, &self.a)
        };
        file_in(&to.share, &self.workspace, from.store.device_id(), seq)
    }

    /// Moves one file between the sides: a random one not yet delivered (any order), sometimes
    /// cut short (it stays pending: the rest arrives later), sometimes one already delivered
    /// again (the same bytes). `complete` delivers whole files only.
    fn courier(&mut self, complete: bool) -> bool {
        self.collect();
        if !complete && !self.done.is_empty() && self.rng.chance(10) {
            let (side, seq) = *self.rng.pick(&self.done);
            let bytes = std::fs::read(self.own_file(side, seq)).expect("reads its own file");
            std::fs::write(self.target(side, seq), bytes).expect("copies again");
            self.duplicated += 1;
        }
        if self.pending.is_empty() {
            return false;
        }
        let at = self.rng.below(self.pending.len() as u64) as usize;
        let (side, seq) = self.pending[at];
        let bytes = std::fs::read(self.own_file(side, seq)).expect("reads its own file");
        let target = self.target(side, seq);
        std::fs::create_dir_all(target.parent().expect("a folder")).expect("creates the folder");
        if !complete && bytes.len() > 8 && self.rng.chance(15) {
            std::fs::write(&target, &bytes[..bytes.len() / 2]).expect("copies half");
            self.truncated += 1;
        } else {
            std::fs::write(&target, &bytes).expect("copies");
            self.pending.swap_remove(at);
            self.done.push((side, seq));
            self.delivered += 1;
        }
        true
    }

    /// Exports and delivers everything, applies until nothing changes, then checks convergence.
    pub fn settle_and_check(&mut self) {
        self.upgrade_b();
        for _ in 0..4 {
            self.a.store.export_changes().expect("exports");
            self.b.store.export_changes().expect("exports");
            while self.courier(true) {}
            let ra = self.a.store.apply_changes().expect("A applies");
            let rb = self.b.store.apply_changes().expect("B applies");
            if ra.applied == 0 && rb.applied == 0 {
                assert!(
                    ra.held.is_empty() && rb.held.is_empty(),
                    "nothing held at the end: {ra:?} {rb:?}"
                );
                break;
            }
        }
        same(
            &testing::shared_dump(&self.a.store),
            &testing::shared_dump(&self.b.store),
            "the two devices hold the same shared rows",
        );
        assert_eq!(
            testing::merged(&self.a.store),
            testing::merged(&self.b.store),
            "the same merges hold on both devices"
        );
        for d in [&self.a, &self.b] {
            for (table, id) in self.a.acked.iter().chain(&self.b.acked) {
                assert!(
                    !testing::ids(&d.store, table, &format!("id = '{id}'")).is_empty(),
                    "acknowledged {table} {id} is on both devices"
                );
            }
            assert_eq!(
                d.store.integrity_check().expect("checks"),
                vec!["ok".to_owned()]
            );
        }
        // Applying everything again changes nothing.
        for d in [&mut self.a, &mut self.b] {
            let before = testing::shared_dump(&d.store);
            testing::forget_applied(&mut d.store);
            let again = d.store.apply_changes().expect("applies again");
            assert!(
                again.held.is_empty(),
                "nothing held when applied again: {again:?}"
            );
            same(
                &before,
                &testing::shared_dump(&d.store),
                "applying again changes nothing",
            );
        }
    }

    pub fn summary(&self) -> String {
        let size: u64 = (0..2)
            .flat_map(|side| (1..=self.next[side]).map(move |seq| (side, seq)))
            .filter_map(|(side, seq)| std::fs::metadata(self.own_file(side, seq)).ok())
            .map(|m| m.len())
            .sum();
        format!(
            "{} + {} acknowledged writes, {} + {} files, {} delivered ({} cut short, {} duplicated), \
             {} passes of B's older Vetta held A's file as newer, {} + {} merges, share folder {} bytes",
            self.a.acked.len(),
            self.b.acked.len(),
            self.next[0],
            self.next[1],
            self.delivered,
            self.truncated,
            self.duplicated,
            self.held_as_newer,
            self.a.merges,
            self.b.merges,
            size
        )
    }

    pub fn size_and_files(&self) -> (u64, i64) {
        let size = (0..2)
            .flat_map(|side| (1..=self.next[side]).map(move |seq| (side, seq)))
            .filter_map(|(side, seq)| std::fs::metadata(self.own_file(side, seq)).ok())
            .map(|m| m.len())
            .sum();
        (size, self.next[0] + self.next[1])
    }
}

fn file_in(share: &Path, workspace: &str, device: &str, seq: i64) -> PathBuf {
    share
        .join("vetta-v1")
        .join(workspace)
        .join(device)
        .join(vetta_core::sync::file::name(seq))
}

/// Equal dumps, or a panic naming the first few rows on one side only.
fn same(a: &[String], b: &[String], what: &str) {
    if a != b {
        let only_a: Vec<_> = a.iter().filter(|l| !b.contains(l)).take(4).collect();
        let only_b: Vec<_> = b.iter().filter(|l| !a.contains(l)).take(4).collect();
        panic!("{what}: not so.\nonly in the first: {only_a:#?}\nonly in the second: {only_b:#?}");
    }
}
