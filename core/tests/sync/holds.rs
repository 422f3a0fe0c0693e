//! What is held and why, what is never applied in part, and what survives a kill.

use std::path::{Path, PathBuf};

use vetta_core::store::ShareSetup;
use vetta_core::sync::apply::HoldReason;
use vetta_core::sync::file;
use vetta_core::{testing, Store};

pub(crate) struct Pair {
    _root: tempfile::TempDir,
    root: PathBuf,
    pub(crate) a: Store,
    pub(crate) b: Store,
}

pub(crate) fn pair() -> Pair {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path().to_owned();
    let share = root.join("share");
    let (mut a, _) = Store::open_in_dir(&root.join("a"), testing::t0()).expect("opens a");
    let (mut b, _) = Store::open_in_dir(&root.join("b"), testing::t0()).expect("opens b");
    let made = a
        .start_sharing(&ShareSetup {
            folder: share.clone(),
            workspace: None,
            device_name: "A".into(),
        })
        .expect("creates");
    b.start_sharing(&ShareSetup {
        folder: share,
        workspace: Some(made.workspace),
        device_name: "B".into(),
    })
    .expect("joins");
    Pair {
        _root: dir,
        root,
        a,
        b,
    }
}

pub(crate) fn a_file(p: &Pair, seq: i64) -> PathBuf {
    let s = p.a.sharing().expect("sharing");
    s.device_dir().join(file::name(seq))
}

pub(crate) fn rewrite(path: &Path, edit: impl FnOnce(&mut file::Header, &mut Vec<u8>)) {
    let bytes = std::fs::read(path).expect("reads");
    let (mut header, payload) = file::decode(&bytes).expect("a good file");
    let mut payload = payload.to_vec();
    edit(&mut header, &mut payload);
    std::fs::write(path, file::encode(&header, &payload).expect("encodes")).expect("writes");
}

#[test]
fn a_file_from_a_newer_schema_is_held_never_applied() {
    let mut p = pair();
    let partner = testing::partner(&mut p.a, "Newer");
    p.a.export_changes().expect("exports");
    rewrite(&a_file(&p, 2), |h, _| h.schema_version += 1);
    let report = p.b.apply_changes().expect("applies");
    assert_eq!(report.applied, 1, "the snapshot before it is applied");
    assert_eq!(report.held.len(), 1);
    assert_eq!(report.held[0].reason, HoldReason::NewerSchema);
    assert_eq!(report.held[0].seq, 2);
    assert!(
        p.b.partner(&partner.id).is_err(),
        "nothing of it is applied"
    );
}

#[test]
fn a_damaged_or_partly_copied_file_waits_and_is_applied_once_whole() {
    let mut p = pair();
    let partner = testing::partner(&mut p.a, "Half");
    p.a.export_changes().expect("exports");
    let path = a_file(&p, 2);
    let whole = std::fs::read(&path).expect("reads");
    std::fs::write(&path, &whole[..whole.len() - 10]).expect("cuts it short");
    let report = p.b.apply_changes().expect("applies");
    assert_eq!(report.held[0].reason, HoldReason::Damaged);
    assert!(p.b.partner(&partner.id).is_err());
    let mut flipped = whole.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0xff;
    std::fs::write(&path, &flipped).expect("damages a byte");
    assert_eq!(
        p.b.apply_changes().expect("applies").held[0].reason,
        HoldReason::Damaged,
        "a wrong checksum waits too"
    );
    std::fs::write(&path, &whole).expect("the copy completes");
    let report = p.b.apply_changes().expect("applies");
    assert!(report.held.is_empty(), "{report:?}");
    assert_eq!(p.b.partner(&partner.id).expect("now there").name, "Half");
}

#[test]
fn a_file_waits_for_the_changes_it_depends_on() {
    let mut p = pair();
    // B applies A's snapshot, then writes: B's file depends on A's seq 1.
    p.b.apply_changes().expect("applies");
    testing::partner(&mut p.b, "After");
    p.b.export_changes().expect("exports");
    let b_dir = p.b.sharing().expect("sharing").device_dir();
    let deps = file::decode(&std::fs::read(b_dir.join(file::name(2))).expect("reads"))
        .expect("a good file")
        .0
        .deps;
    assert_eq!(deps.get(p.a.device_id()), Some(&1), "{deps:?}");
    // A third device that has nothing of A's would wait; here a forged dependency shows it.
    rewrite(&b_dir.join(file::name(2)), |h, _| {
        h.deps.insert("someone-else".into(), 5);
    });
    let report = p.a.apply_changes().expect("applies");
    assert_eq!(report.held[0].reason, HoldReason::Waiting, "{report:?}");
}

#[test]
fn the_sync_engines_own_files_and_folders_are_ignored() {
    let mut p = pair();
    let ws = p.a.sharing().expect("sharing").workspace_dir();
    for name in [
        ".stfolder",
        ".syncthing.x.tmp",
        "~syncthing~x",
        "a.sync-conflict-20261201",
    ] {
        std::fs::create_dir_all(ws.join(name)).expect("makes a folder");
        std::fs::write(ws.join(name).join(file::name(1)), b"junk").expect("writes junk");
    }
    let report = p.a.apply_changes().expect("applies");
    assert_eq!(report.applied, 1, "only B's snapshot: {report:?}");
    assert!(report.held.is_empty(), "{report:?}");
}

#[test]
fn a_change_committed_but_not_exported_before_a_kill_is_exported_at_the_next_start() {
    let mut p = pair();
    let partner = testing::partner(&mut p.a, "Kept");
    // The process ends between COMMIT and export (the store is dropped without exporting).
    drop(p.a);
    assert!(!a_file_path(&p.root, &p.b, 2).exists());
    let (mut a, _) = Store::open_in_dir(&p.root.join("a"), testing::t0()).expect("reopens");
    assert_eq!(a.export_changes().expect("exports at start"), 1);
    p.b.apply_changes().expect("applies");
    assert_eq!(p.b.partner(&partner.id).expect("arrived").name, "Kept");
    // Exporting again writes nothing and rewrites nothing.
    assert_eq!(a.export_changes().expect("exports"), 0);
}

/// A's file `seq`, found through B (A's store is gone).
fn a_file_path(root: &Path, b: &Store, seq: i64) -> PathBuf {
    let ws = b.sharing().expect("sharing").workspace_dir();
    let _ = root;
    std::fs::read_dir(&ws)
        .expect("lists")
        .flatten()
        .map(|e| e.path())
        .find(|d| !d.ends_with(b.device_id()))
        .expect("A's folder")
        .join(file::name(seq))
}

#[test]
fn a_store_that_shares_nothing_captures_nothing() {
    let mut store = testing::store();
    testing::partner(&mut store, "Alone");
    assert!(store.sharing().is_none());
    assert_eq!(store.export_changes().expect("nothing"), 0);
    assert_eq!(store.apply_changes().expect("nothing").applied, 0);
}

#[test]
fn a_workspace_that_is_not_an_id_vetta_made_or_a_nameless_device_is_refused() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut store = testing::store();
    for (workspace, name, field) in [
        (
            Some("../elsewhere"),
            "Moscow",
            vetta_core::error::Field::SharingWorkspace,
        ),
        (
            Some("01A2"),
            "Moscow",
            vetta_core::error::Field::SharingWorkspace,
        ),
        (None, "  ", vetta_core::error::Field::SharingDeviceName),
    ] {
        let err = store
            .start_sharing(&ShareSetup {
                folder: dir.path().to_owned(),
                workspace: workspace.map(str::to_owned),
                device_name: name.into(),
            })
            .expect_err("refused");
        let named = match err {
            vetta_core::Error::InvalidValue { field, .. }
            | vetta_core::Error::EmptyField { field } => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(named, field);
        assert!(
            store.sharing().is_none(),
            "nothing is shared after a refusal"
        );
    }
}
