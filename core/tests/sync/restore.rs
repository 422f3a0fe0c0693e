//! A workspace export of a device that shares, restored on another installation: the export
//! carries none of sharing's device-local state (settings, outbox, progress), the restore keeps
//! the installation's own device id and leaves sharing off in the Store as in the file; started
//! again, it joins the workspace as a new device, and both sides converge.

use vetta_core::store::ShareSetup;
use vetta_core::{testing, Store};

fn export(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    store
        .export_workspace(&mut out, testing::t0(), &mut |_, _| {})
        .expect("exports");
    out
}

#[test]
fn a_restored_export_of_a_sharing_device_shares_only_as_itself() {
    let root = tempfile::tempdir().expect("a temp dir");
    let share = root.path().join("share");
    let (mut a, _) = Store::open_in_dir(&root.path().join("a"), testing::t0()).expect("opens a");
    let workspace = a
        .start_sharing(&ShareSetup {
            folder: share.clone(),
            workspace: None,
            device_name: "Moscow".into(),
        })
        .expect("A shares")
        .workspace;
    let partner = testing::partner(&mut a, "Before the export");
    let edit = vetta_core::partner::PartnerEdit {
        notes: "edited".into(),
        ..testing::edit_of(&partner)
    };
    a.edit_partner(&edit, testing::t0()).expect("edits");
    a.export_changes().expect("exports its changes");
    let file = export(&a);
    let text = String::from_utf8(file.clone()).expect("UTF-8");
    for local in [
        "sync_config",
        "sync_outbox",
        "sync_applied",
        "sync_devices",
        "sync_held",
    ] {
        assert!(
            !text.contains(&format!("\"name\":\"{local}\"")),
            "the export carries no {local}"
        );
    }
    assert!(text.contains("\"name\":\"sync_field_clocks\""));

    // An export made before that (sharing's settings in it) is restored the same way.
    let older = text.replacen(
        "\"tables\":[",
        "\"tables\":[{\"name\":\"sync_config\",\"columns\":[\"key\",\"value\"],\"rows\":[\n\
         [\"workspace\",\"0190a000-0000-7000-8000-000000000001\"],\n[\"folder\",\"/elsewhere\"]]},",
        1,
    );
    for (what, file) in [("this export", text.clone()), ("an older export", older)] {
        let dir = root.path().join(what);
        let (mut r, _) = Store::open_in_dir(&dir, testing::t0()).expect("opens");
        let own = r.device_id().to_owned();
        r.restore_workspace(&mut file.as_bytes()).expect("restores");
        assert_eq!(r.device_id(), own, "{what}: the installation stays itself");
        assert!(r.sharing().is_none(), "{what}: sharing is off in the Store");
        assert!(r.sharing_status().expect("reads").is_none(), "{what}");
        assert_eq!(r.partner(&partner.id).expect("restored").notes, "edited");
        // As the file says after a restart.
        drop(r);
        let (r, _) = Store::open_in_dir(&dir, testing::t0()).expect("reopens");
        assert!(r.sharing().is_none(), "{what}: off after a restart too");
        assert_eq!(r.device_id(), own);
    }

    // Started again, the restored installation joins as a new device; the two converge.
    let (mut r, _) =
        Store::open_in_dir(&root.path().join("this export"), testing::t0()).expect("reopens");
    r.start_sharing(&ShareSetup {
        folder: share.clone(),
        workspace: Some(workspace),
        device_name: "Moscow, restored".into(),
    })
    .expect("joins");
    assert_ne!(r.device_id(), a.device_id());
    let later = testing::partner(&mut r, "After the restore");
    r.export_changes().expect("exports");
    let from_a = r.apply_changes().expect("R applies A's files");
    assert!(from_a.held.is_empty(), "{from_a:?}");
    let from_r = a.apply_changes().expect("A applies R's files");
    assert!(from_r.held.is_empty() && from_r.applied == 2, "{from_r:?}");
    assert_eq!(
        a.partner(&later.id).expect("arrived").name,
        "After the restore"
    );
    assert_eq!(testing::shared_dump(&a), testing::shared_dump(&r));
}
