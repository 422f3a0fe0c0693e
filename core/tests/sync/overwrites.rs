//! Concurrent overwrites kept and shown (design/SYNC.md "Mutable fields"): the same field
//! changed offline in both offices shows the later value on both, with the other value, who
//! and when, until a new edit made having seen both resolves it.

use vetta_core::recommendation::Choice;
use vetta_core::{testing, Store};

use crate::two::{dossier, exchange, pair};

fn set_notes(store: &mut Store, id: &str, notes: &str, hours: i64) {
    let mut edit = testing::edit_of(&store.partner(id).expect("reads"));
    edit.notes = notes.into();
    store
        .edit_partner(&edit, testing::at(hours))
        .expect("edits");
}

#[test]
fn the_same_field_changed_offline_in_both_offices_shows_the_overwrite_on_both() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    let partner = testing::partner(&mut a, "Север");
    exchange(&mut a, &mut b);
    set_notes(&mut a, &partner.id, "Moscow: rates agreed", 1);
    set_notes(&mut b, &partner.id, "New York: rates pending", 2);
    // A field only one side changed is no overwrite.
    let mut edit = testing::edit_of(&b.partner(&partner.id).expect("reads"));
    edit.found_via = "a referral".into();
    b.edit_partner(&edit, testing::at(3)).expect("edits");
    exchange(&mut a, &mut b);
    let shown = a.partner(&partner.id).expect("reads").notes;
    assert_eq!(shown, b.partner(&partner.id).expect("reads").notes);
    for (store, zone) in [(&a, "Europe/Moscow"), (&b, "America/New_York")] {
        let d = dossier(store, &partner.id, zone);
        let notes = d
            .field_history
            .iter()
            .find(|f| f.field == "notes")
            .expect("notes were edited");
        assert_eq!(notes.last.value.as_deref(), Some(shown.as_str()));
        assert_eq!(notes.overwritten.len(), 1, "{notes:?}");
        let mut both = vec![
            notes.last.value.clone().unwrap_or_default(),
            notes.overwritten[0].value.clone().unwrap_or_default(),
        ];
        both.sort();
        assert_eq!(both, ["Moscow: rates agreed", "New York: rates pending"]);
        let who: Vec<_> = [&notes.last, &notes.overwritten[0]]
            .iter()
            .map(|e| {
                (
                    e.author.clone().unwrap_or_default(),
                    e.device_time_zone.clone(),
                )
            })
            .collect();
        assert!(
            who.contains(&("Светлана".into(), Some("Europe/Moscow".into()))),
            "{who:?}"
        );
        assert!(
            who.contains(&("Mike".into(), Some("America/New_York".into()))),
            "{who:?}"
        );
        let moscow = [&notes.last, &notes.overwritten[0]]
            .into_iter()
            .find(|e| e.author.as_deref() == Some("Светлана"))
            .expect("Moscow's edit");
        let zones: Vec<&str> = moscow.at.zones.iter().map(|z| z.zone.as_str()).collect();
        assert_eq!(zones[0], "Europe/Moscow", "the device's zone first");
        assert_eq!(zones.last().copied(), Some(zone), "then the reader's");
        let found = d.field_history.iter().find(|f| f.field == "found_via");
        assert!(found.is_some_and(|f| f.overwritten.is_empty()), "{found:?}");
        assert!(
            d.field_history.iter().all(|f| f.field != "updated_at"),
            "bookkeeping is no edit"
        );
    }
    // Applying again changes nothing.
    let before = testing::shared_dump(&a);
    assert_eq!(a.apply_changes().expect("applies"), Default::default());
    assert_eq!(testing::shared_dump(&a), before);

    // A later edit, made having seen both, resolves it on both devices.
    set_notes(&mut b, &partner.id, "Rates agreed (checked with Moscow)", 4);
    exchange(&mut a, &mut b);
    for store in [&a, &b] {
        let d = dossier(store, &partner.id, "UTC");
        let notes = d.field_history.iter().find(|f| f.field == "notes");
        assert!(
            notes.is_some_and(|n| n.overwritten.is_empty()
                && n.last.value.as_deref() == Some("Rates agreed (checked with Moscow)")),
            "{notes:?}"
        );
    }
}

#[test]
fn another_office_s_entries_are_shown_in_its_zone_beside_the_reader_s() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    let partner = testing::partner(&mut a, "Юг");
    testing::decide(&mut a, &partner.id, Choice::Advance).expect("to the gut check");
    testing::gut_check(&mut a, &partner.id, "Светлана", [1, 1, 1]);
    let decision = testing::decide(&mut a, &partner.id, Choice::Hold).expect("decides");
    exchange(&mut a, &mut b);
    let d = dossier(&b, &partner.id, "America/New_York");
    let origin = d
        .entry_origins
        .iter()
        .find(|o| o.entry_id == decision.id)
        .expect("the Moscow decision's origin");
    let card = testing::ids(&a, "scorecards", &format!("partner_id = '{}'", partner.id));
    assert_eq!(card.len(), 1, "one gut-check card");
    assert!(
        d.entry_origins.iter().any(|o| o.entry_id == card[0]),
        "the Moscow card's origin too: {:?}",
        d.entry_origins
    );
    assert_eq!(origin.device_name, "Moscow — Svetlana's laptop");
    let zones: Vec<&str> = origin.at.zones.iter().map(|z| z.zone.as_str()).collect();
    assert_eq!(zones, ["Europe/Moscow", "America/New_York"]);
    assert!(
        dossier(&a, &partner.id, "Europe/Moscow")
            .entry_origins
            .is_empty(),
        "one's own entries need no origin"
    );
}

#[test]
fn an_edit_records_the_os_zone_when_the_settings_name_none() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    let partner = testing::partner(&mut a, "Восток");
    exchange(&mut a, &mut b);
    // A third office whose settings name no zone (the app then follows the OS's).
    let (mut c, _) = Store::open_in_dir(&root.path().join("c"), testing::t0()).expect("opens");
    assert!(c.set_system_time_zone("Nowhere/City").is_err());
    c.set_system_time_zone("Asia/Almaty").expect("a known zone");
    c.start_sharing(&vetta_core::store::ShareSetup {
        folder: root.path().join("share"),
        workspace: Some(a.sharing().expect("shares").workspace.clone()),
        device_name: "Almaty".into(),
    })
    .expect("joins");
    a.export_changes().expect("exports");
    b.export_changes().expect("exports");
    c.apply_changes().expect("applies");
    set_notes(&mut c, &partner.id, "from Almaty", 1);
    c.export_changes().expect("exports");
    a.apply_changes().expect("applies");
    let d = dossier(&a, &partner.id, "Europe/Moscow");
    let notes = d.field_history.iter().find(|f| f.field == "notes");
    assert_eq!(
        notes
            .and_then(|n| n.last.device_time_zone.clone())
            .as_deref(),
        Some("Asia/Almaty"),
        "{notes:?}"
    );
}
