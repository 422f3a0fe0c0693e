//! "Keep contact details in Russia only" (152-FZ, design/SYNC.md "Limits"): with the switch on,
//! a partner's contacts never reach the other office — not in a change file, not in its file —
//! while its scores do; the other office is told where they are kept; nothing is deleted.

use vetta_core::partner::{Contact, ContactsLocal};
use vetta_core::{testing, Error, Store};

use crate::two::exchange;

const EMAIL: &str = "ivan.petrov@luna-media.ru";
const PHONE: &str = "+7 999 123-45-67";

/// Every byte of every file under `dir` (the share folder, a data folder), as lossy text.
fn all_bytes(dir: &std::path::Path) -> String {
    let mut out = String::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).expect("reads a folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("reads a file");
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }
    out
}

fn switch(
    store: &mut Store,
    id: &str,
    on: bool,
) -> vetta_core::Result<vetta_core::partner::Partner> {
    store.set_contacts_local(
        &ContactsLocal {
            partner_id: id.into(),
            on,
        },
        testing::at(1),
    )
}

#[test]
fn contacts_kept_in_russia_never_reach_the_other_office_while_scores_do() {
    let root = tempfile::tempdir().expect("a temp dir");
    let open = |dir: &str, person: &str, zone: &str| {
        let (mut s, _) = Store::open_in_dir(&root.path().join(dir), testing::t0()).expect("opens");
        s.set_user_name(person, testing::t0()).expect("names");
        s.set_time_zone(zone, testing::t0()).expect("zones");
        s
    };
    let mut a = open("a", "Светлана", "Europe/Moscow");
    let mut b = open("b", "Mike", "America/New_York");
    // Moscow's partner, with a contact, the switch on before anything is shared.
    let partner = a
        .add_partner(
            &vetta_core::partner::NewPartner {
                contacts: vec![Contact {
                    name: "Иван Петров".into(),
                    detail: EMAIL.into(),
                }],
                ..testing::new_partner("Луна Медиа")
            },
            testing::t0(),
        )
        .expect("adds");
    let on = switch(&mut a, &partner.id, true).expect("switches it on");
    assert!(on.contacts_local && !on.contacts_elsewhere);
    assert_eq!(on.contacts.len(), 1, "switching it on deletes nothing");
    crate::two::share(&mut a, &mut b, root.path());
    let share = root.path().join("share");
    exchange(&mut a, &mut b);

    // Moscow adds a phone and both offices score: the scores travel, the contacts do not.
    let mut edit = testing::edit_of(&a.partner(&partner.id).expect("reads"));
    edit.contacts.push(Contact {
        name: "Офис".into(),
        detail: PHONE.into(),
    });
    a.edit_partner(&edit, testing::at(2)).expect("edits");
    testing::decide(
        &mut a,
        &partner.id,
        vetta_core::recommendation::Choice::Advance,
    )
    .expect("to the gut check");
    testing::gut_check(&mut a, &partner.id, "Светлана", [1, 1, 0]);
    exchange(&mut a, &mut b);
    testing::gut_check(&mut b, &partner.id, "Mike", [1, 0, 1]);
    exchange(&mut a, &mut b);

    let there = b.partner(&partner.id).expect("New York has the partner");
    assert!(there.contacts.is_empty());
    assert!(
        there.contacts_local && there.contacts_elsewhere,
        "told where they are"
    );
    let here = a.partner(&partner.id).expect("Moscow has it");
    assert_eq!(here.contacts.len(), 2);
    assert!(!here.contacts_elsewhere);
    for store in [&a, &b] {
        assert_eq!(
            testing::ids(
                store,
                "scorecards",
                &format!("partner_id = '{}'", partner.id)
            )
            .len(),
            2,
            "both offices' scores are on both sides"
        );
    }
    let b_dump = testing::dump(&b).join("\n");
    let files = all_bytes(&share);
    let b_file = all_bytes(&root.path().join("b"));
    for secret in [EMAIL, PHONE, "Иван Петров"] {
        assert!(
            !b_dump.contains(secret),
            "{secret} is not in New York's rows"
        );
        assert!(!files.contains(secret), "{secret} is in no change file");
        assert!(
            !b_file.contains(secret),
            "{secret} is not in New York's file"
        );
    }
    assert!(
        testing::dump(&a).join("\n").contains(PHONE),
        "Moscow keeps them"
    );

    // New York cannot switch it off (it holds nothing to share); Moscow can, and then they go.
    let before = testing::dump(&b);
    assert!(matches!(
        switch(&mut b, &partner.id, false),
        Err(Error::ContactsKeptElsewhere { .. })
    ));
    assert_eq!(testing::dump(&b), before, "a refusal changes nothing");
    let off = switch(&mut a, &partner.id, false).expect("Moscow switches it off");
    assert_eq!(off.contacts.len(), 2);
    exchange(&mut a, &mut b);
    let shared = b.partner(&partner.id).expect("reads");
    assert!(!shared.contacts_local);
    assert_eq!(
        shared.contacts, here.contacts,
        "switched off, the contacts are shared"
    );
}
