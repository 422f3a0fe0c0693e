//! What the person chooses for a sheet as people keep them: its own headers mapped (several
//! columns to the contact's details), and the home time zone and markets of the rows that give
//! none.

use super::{import, now, run, source};
use crate::error::Field;
use crate::import::{fingerprint, ImportChoices, ImportField, ImportPreview};
use crate::partner::PartnerKind;
use crate::testing;
use crate::Error;

#[test]
fn a_sheets_own_headers_map_and_every_contact_column_is_kept() {
    let store = testing::store();
    let text = "Agency Name,Country,City,Contact Person,Email,Instagram,Followers\n\
                Glow Creators,USA,Los Angeles,Jessica Park,jess@glow.example,@glowcreators,125000\n";
    let preview = store
        .import_preview(
            source(text.as_bytes(), "a.csv"),
            &ImportChoices::default(),
            now(),
        )
        .expect("previews");
    use ImportField::*;
    assert_eq!(
        preview.mapping,
        vec![
            Some(Name),
            Some(Markets),
            Some(HomeTimeZone),
            Some(ContactName),
            Some(ContactDetail),
            Some(ContactDetail),
            None
        ],
        "e-mail and Instagram both fill the contact's details; followers name no field"
    );
    let partner = preview.sample[0].partner.clone().expect("the row is ready");
    assert_eq!(
        (partner.name.as_str(), partner.markets, partner.contacts),
        (
            "Glow Creators",
            vec!["US".to_string()],
            vec![crate::partner::Contact {
                name: "Jessica Park".into(),
                detail: "jess@glow.example, @glowcreators".into(),
            }]
        )
    );
}

#[test]
fn rows_without_a_home_time_zone_take_the_one_chosen_and_only_that() {
    let mut store = testing::store();
    // No column for the zone in the first file; a column with an empty cell in the second.
    let no_column = b"Name,Markets\nNorth,RU\nSouth,US\n";
    let empty_cell = "Name,Markets,City\nNorth,RU,\nSouth,RU,Kazan\n".as_bytes();
    let nothing = store
        .import_preview(source(no_column, "a.csv"), &ImportChoices::default(), now())
        .expect("previews");
    assert_eq!((nothing.ready, nothing.failed), (0, 2));
    assert!(nothing.issues.iter().all(|i| matches!(
        i.reason,
        Error::EmptyField {
            field: Field::HomeTimeZone
        }
    )));
    let chosen = ImportChoices {
        time_zone: Some("America/New_York".into()),
        ..Default::default()
    };
    let preview = store
        .import_preview(source(no_column, "a.csv"), &chosen, now())
        .expect("previews");
    assert_eq!((preview.ready, preview.failed), (2, 0));
    assert_eq!(
        preview.reading.time_zone.as_deref(),
        Some("America/New_York")
    );
    let zones = |p: &ImportPreview| -> Vec<String> {
        p.sample
            .iter()
            .filter_map(|s| s.partner.as_ref().map(|p| p.home_time_zone.clone()))
            .collect()
    };
    assert_eq!(zones(&preview), ["America/New_York", "America/New_York"]);
    let mixed = store
        .import_preview(source(empty_cell, "b.csv"), &chosen, now())
        .expect("previews");
    assert_eq!(
        zones(&mixed),
        ["America/New_York", "Europe/Moscow"],
        "a row's own city wins; the choice fills only the empty cell"
    );
    let bad_city = store
        .import_preview(
            source(b"Name,Markets,City\nNorth,RU,Atlantis\n", "c.csv"),
            &chosen,
            now(),
        )
        .expect("previews");
    assert!(
        matches!(&bad_city.issues[0].reason, Error::UnknownTimeZone(t) if t == "Atlantis"),
        "a city the file gives and no zone names is still refused, not replaced"
    );
    let unknown = ImportChoices {
        time_zone: Some("Atlantis".into()),
        ..Default::default()
    };
    assert!(matches!(
        store.import_preview(source(no_column, "a.csv"), &unknown, now()),
        Err(Error::UnknownTimeZone(_))
    ));
    // A plan made with the zone is not written for choices without it.
    let stamp = store.write_stamp();
    let (_, planned) = store
        .preview_import(stamp, source(no_column, "a.csv"), &chosen, now())
        .expect("plans");
    let print = fingerprint(no_column);
    assert!(planned.stands(stamp, print, &chosen));
    assert!(!planned.stands(stamp, print, &ImportChoices::default()));
    let out = import(&mut store, no_column, "a.csv", &run(chosen));
    assert_eq!((out.imported, out.failed), (2, 0));
    let stored: Vec<String> = store
        .list_partners(&Default::default())
        .expect("lists")
        .items
        .into_iter()
        .map(|p| p.home_time_zone)
        .collect();
    assert_eq!(stored, ["America/New_York", "America/New_York"]);
}

#[test]
fn rows_naming_no_market_take_the_ones_chosen_and_only_those() {
    let mut store = testing::store();
    let text = "Name,City,Country\nNorth,New York,\nSouth,Moscow,Russia\nWest,Denver,Mars\n";
    let nothing = store
        .import_preview(
            source(text.as_bytes(), "a.csv"),
            &ImportChoices::default(),
            now(),
        )
        .expect("previews");
    assert_eq!((nothing.ready, nothing.failed), (1, 2));
    assert!(matches!(nothing.issues[0].reason, Error::NoMarkets));
    let chosen = ImportChoices {
        markets: Some(vec!["US".into(), "RU".into(), "US".into()]),
        ..Default::default()
    };
    let preview = store
        .import_preview(source(text.as_bytes(), "a.csv"), &chosen, now())
        .expect("previews");
    assert_eq!(preview.reading.markets, ["US", "RU"], "each chosen once");
    let markets: Vec<Vec<String>> = preview
        .sample
        .iter()
        .map(|s| {
            s.partner
                .as_ref()
                .map(|p| p.markets.clone())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        markets,
        [
            vec!["US".to_string(), "RU".to_string()],
            vec!["RU".to_string()],
            vec![]
        ],
        "the choice fills only the empty cell; a market the row names and Vetta lacks is refused"
    );
    assert!(matches!(&preview.issues[0].reason, Error::UnknownMarket(m) if m == "MARS"));
    let unknown = ImportChoices {
        markets: Some(vec!["KZ".into()]),
        ..Default::default()
    };
    assert!(matches!(
        store.import_preview(source(text.as_bytes(), "a.csv"), &unknown, now()),
        Err(Error::UnknownMarket(m)) if m == "KZ"
    ));
    let stamp = store.write_stamp();
    let (_, planned) = store
        .preview_import(stamp, source(text.as_bytes(), "a.csv"), &chosen, now())
        .expect("plans");
    let print = fingerprint(text.as_bytes());
    let exact = ImportChoices {
        markets: Some(vec!["US".into(), "RU".into()]),
        ..Default::default()
    };
    assert!(planned.stands(stamp, print, &exact));
    assert!(!planned.stands(stamp, print, &ImportChoices::default()));
    let out = import(&mut store, text.as_bytes(), "a.csv", &run(chosen));
    assert_eq!((out.imported, out.failed), (2, 1));
}

#[test]
fn a_title_above_the_header_row_is_left_out_and_another_row_can_be_chosen() {
    let mut store = testing::store();
    // Russian Excel: a title, a blank line, then the header; the title padded to the width.
    let text = "Список партнёров на декабрь;;\r\n;;\r\nНазвание;Рынки;Город\r\n\
                Север;RU;Москва\r\nЮг;RU;Казань\r\n";
    let bytes = encoding_rs::WINDOWS_1251.encode(text).0.into_owned();
    let preview = store
        .import_preview(source(&bytes, "a.csv"), &ImportChoices::default(), now())
        .expect("previews");
    assert_eq!(preview.reading.header_row, 3, "the title is not the header");
    assert_eq!(preview.headers, ["Название", "Рынки", "Город"]);
    let offered: Vec<u32> = preview.reading.header_rows.iter().map(|h| h.row).collect();
    assert_eq!(
        offered,
        [1, 3, 4, 5],
        "the blank line is offered as no header"
    );
    assert_eq!(
        preview.reading.header_rows[0].text,
        "Список партнёров на декабрь"
    );
    assert_eq!(
        (preview.rows_in_file, preview.ready, preview.sample[0].row),
        (2, 2, 4),
        "the rows below the header, numbered as in the file"
    );
    // The person picks the title instead: it names nothing, so no row is ready.
    let title = ImportChoices {
        header_row: Some(1),
        ..Default::default()
    };
    let wrong = store
        .import_preview(source(&bytes, "a.csv"), &title, now())
        .expect("previews");
    assert_eq!(
        (wrong.headers[0].as_str(), wrong.ready),
        ("Список партнёров на декабрь", 0)
    );
    let blank = ImportChoices {
        header_row: Some(2),
        ..Default::default()
    };
    assert!(matches!(
        store.import_preview(source(&bytes, "a.csv"), &blank, now()),
        Err(Error::InvalidValue {
            field: Field::ImportHeaderRow,
            ..
        })
    ));
    let out = import(&mut store, &bytes, "a.csv", &run(ImportChoices::default()));
    assert_eq!((out.imported, out.rows_in_file), (2, 2));
}

#[test]
fn a_contact_without_a_name_is_named_after_the_partner_only_when_chosen() {
    let mut store = testing::store();
    let text = "Creator Name,Email,Contact,Country,City\n\
                Anya Beauty,anya@example.com,,USA,Los Angeles\n\
                Glow Studio,hello@glow.example,Jess,USA,New York\n";
    let refused = store
        .import_preview(
            source(text.as_bytes(), "a.csv"),
            &ImportChoices::default(),
            now(),
        )
        .expect("previews");
    assert_eq!((refused.ready, refused.failed), (1, 1));
    assert!(matches!(
        refused.issues[0].reason,
        Error::EmptyField {
            field: Field::ContactsName
        }
    ));
    let chosen = ImportChoices {
        contact_named_after_partner: true,
        ..Default::default()
    };
    let preview = store
        .import_preview(source(text.as_bytes(), "a.csv"), &chosen, now())
        .expect("previews");
    let contacts: Vec<(String, String)> = preview
        .sample
        .iter()
        .filter_map(|s| s.partner.as_ref())
        .flat_map(|p| {
            p.contacts
                .iter()
                .map(|c| (c.name.clone(), c.detail.clone()))
        })
        .collect();
    assert_eq!(
        contacts,
        [
            ("Anya Beauty".to_string(), "anya@example.com".to_string()),
            ("Jess".to_string(), "hello@glow.example".to_string()),
        ],
        "a contact the row names keeps its name"
    );
    let stamp = store.write_stamp();
    let (_, planned) = store
        .preview_import(stamp, source(text.as_bytes(), "a.csv"), &chosen, now())
        .expect("plans");
    assert!(!planned.stands(
        stamp,
        fingerprint(text.as_bytes()),
        &ImportChoices::default()
    ));
    let out = import(&mut store, text.as_bytes(), "a.csv", &run(chosen));
    assert_eq!((out.imported, out.failed), (2, 0));
}

#[test]
fn rows_without_a_kind_take_the_one_chosen_and_other_by_default() {
    let mut store = testing::store();
    let text = "Name,Type,Markets,City\nAnya,,US,Denver\nGlow,agency,US,Denver\n";
    let kinds = |choices: &ImportChoices| -> Vec<PartnerKind> {
        store_preview(&store, text, choices)
            .sample
            .iter()
            .filter_map(|s| s.partner.as_ref().map(|p| p.kind))
            .collect()
    };
    assert_eq!(
        kinds(&ImportChoices::default()),
        [PartnerKind::Other, PartnerKind::Agency]
    );
    let creators = ImportChoices {
        kind: Some(PartnerKind::Creator),
        ..Default::default()
    };
    assert_eq!(
        kinds(&creators),
        [PartnerKind::Creator, PartnerKind::Agency],
        "a row's own kind is kept"
    );
    assert_eq!(
        store_preview(&store, text, &creators).reading.kind,
        PartnerKind::Creator
    );
    let stamp = store.write_stamp();
    let (_, planned) = store
        .preview_import(stamp, source(text.as_bytes(), "a.csv"), &creators, now())
        .expect("plans");
    assert!(!planned.stands(
        stamp,
        fingerprint(text.as_bytes()),
        &ImportChoices::default()
    ));
    let out = import(&mut store, text.as_bytes(), "a.csv", &run(creators));
    assert_eq!(out.imported, 2);
}

fn store_preview(store: &crate::Store, text: &str, choices: &ImportChoices) -> ImportPreview {
    store
        .import_preview(source(text.as_bytes(), "a.csv"), choices, now())
        .expect("previews")
}
