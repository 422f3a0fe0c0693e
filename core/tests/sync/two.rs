//! Two offices sharing one folder, for the tests that need just that: Moscow (Светлана, Europe/
//! Moscow) and New York (Mike, America/New_York), and an exchange of every file both ways.

use vetta_core::dossier::{Dossier, DossierQuery};
use vetta_core::store::ShareSetup;
use vetta_core::{testing, Store};

pub fn pair(root: &std::path::Path) -> (Store, Store) {
    let open = |dir: &str, person: &str, zone: &str| {
        let (mut s, _) = Store::open_in_dir(&root.join(dir), testing::t0()).expect("opens");
        s.set_user_name(person, testing::t0()).expect("names");
        s.set_time_zone(zone, testing::t0()).expect("zones");
        s
    };
    let mut a = open("a", "Светлана", "Europe/Moscow");
    let mut b = open("b", "Mike", "America/New_York");
    share(&mut a, &mut b, root);
    (a, b)
}

/// Moscow (`a`) starts sharing in `root/share`, New York (`b`) joins its workspace.
pub fn share(a: &mut Store, b: &mut Store, root: &std::path::Path) {
    let share = root.join("share");
    let made = a
        .start_sharing(&ShareSetup {
            folder: share.clone(),
            workspace: None,
            device_name: "Moscow — Svetlana's laptop".into(),
        })
        .expect("creates");
    b.start_sharing(&ShareSetup {
        folder: share,
        workspace: Some(made.workspace),
        device_name: "New York — Mike's laptop".into(),
    })
    .expect("joins");
}

pub fn exchange(a: &mut Store, b: &mut Store) {
    for _ in 0..2 {
        a.export_changes().expect("exports");
        b.export_changes().expect("exports");
        let ra = a.apply_changes().expect("applies");
        let rb = b.apply_changes().expect("applies");
        assert!(ra.held.is_empty() && rb.held.is_empty(), "{ra:?} {rb:?}");
    }
    assert_eq!(testing::shared_dump(a), testing::shared_dump(b));
}

/// The dossier of partner `id` as a reader in `zone` sees it.
pub fn dossier(store: &Store, id: &str, zone: &str) -> Dossier {
    store
        .dossier(
            &DossierQuery {
                partner_id: id.into(),
                viewer_time_zone: zone.into(),
            },
            testing::at(10),
        )
        .expect("reads the dossier")
}
