//! Rows that repeat an earlier row of the same file, every row error listed, and the import
//! planned on a reader (a snapshot) then written by the writer — planned again when something was
//! written in between.

use super::{import, now, run, source};
use crate::import::{DuplicateAction, DuplicateBy, DuplicateChoice, ImportChoices, ImportField};
use crate::testing;
use crate::Store;

const REPEATS: &str = "Name;Markets;City;Contact;Email\n\
North;RU;Москва;Ann;ann@north.io\n\
South;RU;Москва;;\n\
NORTH ;RU;Казань;;\n\
Other;US;New York;Ann;Ann@North.io\n\
West;US;New York;;\n";

#[test]
fn a_row_repeating_an_earlier_row_of_the_file_is_a_duplicate_naming_that_row() {
    let mut store = testing::store();
    let preview = store
        .import_preview(
            source(REPEATS.as_bytes(), "r.csv"),
            &ImportChoices::default(),
            now(),
        )
        .expect("a preview");
    let dups: Vec<_> = preview
        .duplicates
        .iter()
        .map(|d| (d.row, d.by, d.earlier_row, d.existing_id.clone()))
        .collect();
    assert_eq!(
        dups,
        vec![
            (4, DuplicateBy::Name, Some(2), None),
            (5, DuplicateBy::Email, Some(2), None),
        ],
        "the same name key and the same e-mail (any case) as row 2"
    );
    assert_eq!(preview.duplicates[0].existing_name, "North");
    assert_eq!((preview.ready, preview.duplicates_total), (3, 2));

    let out = import(
        &mut store,
        REPEATS.as_bytes(),
        "r.csv",
        &run(ImportChoices::default()),
    );
    assert_eq!((out.imported, out.skipped), (3, 2), "skipped by default");

    let mut store = testing::store();
    let mut anyway = run(ImportChoices::default());
    anyway.duplicates = vec![DuplicateChoice {
        row: 4,
        action: DuplicateAction::ImportAnyway,
    }];
    let out = import(&mut store, REPEATS.as_bytes(), "r.csv", &anyway);
    assert_eq!((out.imported, out.skipped), (4, 1), "row 4 imported anyway");
    let names: Vec<String> = store
        .list_partners(&Default::default())
        .expect("list")
        .items
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names.len(), 4);
    assert!(names.contains(&"NORTH".to_string()) && names.contains(&"North".to_string()));
}

#[test]
fn a_repeated_row_linked_adds_its_contact_to_the_partner_the_earlier_row_became() {
    let mut store = testing::store();
    let mut link = run(ImportChoices::default());
    link.duplicates = vec![DuplicateChoice {
        row: 5,
        action: DuplicateAction::Link,
    }];
    let text = "Name;Markets;City;Contact;Email\n\
North;RU;Москва;Ann;ann@north.io\n\
South;RU;Москва;;\n\
West;US;New York;;\n\
Other;US;New York;Bob;ann@north.io bob@north.io\n";
    let out = import(&mut store, text.as_bytes(), "l.csv", &link);
    assert_eq!((out.imported, out.linked), (4, 1));
    let page = store.list_partners(&Default::default()).expect("list");
    assert_eq!(page.total, 3, "row 5 became no partner of its own");
    let north = page
        .items
        .iter()
        .find(|p| p.name == "North")
        .expect("North");
    let contacts = store.partner(&north.id).expect("read").contacts;
    assert_eq!(
        contacts.len(),
        2,
        "Bob's contact added to North: {contacts:?}"
    );
}

#[test]
fn every_row_error_is_listed_in_the_preview_and_the_outcome() {
    let mut store = testing::store();
    let mut text = String::from("Name;Markets;City\n");
    for i in 0..2500 {
        text.push_str(&format!("P{i};RU;Atlantis\n"));
    }
    let preview = store
        .import_preview(
            source(text.as_bytes(), "bad.csv"),
            &ImportChoices::default(),
            now(),
        )
        .expect("a preview");
    assert_eq!((preview.failed, preview.issues.len()), (2500, 2500));
    let out = import(
        &mut store,
        text.as_bytes(),
        "bad.csv",
        &run(ImportChoices::default()),
    );
    assert_eq!((out.failed, out.issues.len()), (2500, 2500));
    let last = out.issues.last().expect("the last row's problem");
    assert_eq!(last.row, 2501, "the last row of the file is there too");
}

#[test]
fn a_plan_made_on_a_reader_is_written_as_planned_or_made_again_after_a_write() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), now()).expect("opens");
    let path = store.path().expect("a file").to_owned();
    let reader = Store::open_reader(&path).expect("a reader");
    let text = "Name;Markets;City\nNorth;RU;Москва\nSouth;RU;Москва\n";
    let r = run(ImportChoices::default());

    let stamp = store.write_stamp();
    let planned = reader
        .plan_import(
            stamp,
            source(text.as_bytes(), "a.csv"),
            &r.choices,
            now(),
            |_, _| true,
        )
        .expect("planned on the reader");
    let out = store
        .import_planned(
            planned,
            source(text.as_bytes(), "a.csv"),
            &r,
            now(),
            |_, _| true,
        )
        .expect("written");
    assert_eq!(out.imported, 2);

    // Planned, then "South 2" is added through the writer before the import is written: the
    // plan is made again inside the write, and the new partner is seen as a duplicate.
    let text = "Name;Markets;City\nEast;RU;Москва\nSouth 2;RU;Москва\n";
    let stamp = store.write_stamp();
    let planned = reader
        .plan_import(
            stamp,
            source(text.as_bytes(), "b.csv"),
            &r.choices,
            now(),
            |_, _| true,
        )
        .expect("planned on the reader");
    testing::partner(&mut store, "South 2");
    let out = store
        .import_planned(
            planned,
            source(text.as_bytes(), "b.csv"),
            &r,
            now(),
            |_, _| true,
        )
        .expect("written");
    assert_eq!(
        (out.imported, out.skipped),
        (1, 1),
        "South 2, added after the plan's snapshot, is skipped as a duplicate"
    );
    assert_eq!(
        reader
            .list_partners(&Default::default())
            .expect("read")
            .total,
        4,
        "the reader sees the last commit"
    );
}

#[test]
fn the_plan_a_preview_was_read_from_is_written_unless_the_file_the_choices_or_the_store_differ() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), now()).expect("opens");
    let reader = Store::open_reader(store.path().expect("a file")).expect("a reader");
    let text = "Name;Markets;City\nNorth;RU;Москва\n;RU;Москва\nSouth;RU;Атлантида\n";
    let file = source(text.as_bytes(), "a.csv");
    let previewed = |store: &Store, choices: &ImportChoices| {
        let (preview, planned) = reader
            .preview_import(store.write_stamp(), file, choices, now())
            .expect("previewed");
        assert_eq!((preview.failed, preview.issues.len()), (2, 2));
        planned
    };
    let r = run(ImportChoices::default());
    let planned = previewed(&store, &r.choices);
    let mut changed = text.as_bytes().to_vec();
    changed.extend_from_slice("West;RU;Москва\n".as_bytes());
    let mut remapped = r.choices.clone();
    remapped.mapping = Some(vec![
        Some(ImportField::Name),
        Some(ImportField::Markets),
        None,
    ]);

    // Saved again since the preview, or read with another mapping: planned again, the row
    // problems the import's own.
    for (bytes, choices, imported) in [
        (changed.as_slice(), &r.choices, 2),
        (text.as_bytes(), &remapped, 0),
    ] {
        let again = previewed(&store, &r.choices);
        let out = store
            .import_planned(
                again,
                source(bytes, "a.csv"),
                &run(choices.clone()),
                now(),
                |_, _| true,
            )
            .expect("written");
        assert!(!out.issues_in_preview);
        assert_eq!((out.imported, out.issues.is_empty()), (imported, false));
    }
    // Something written since the preview (the imports above): planned again as well.
    let out = store
        .import_planned(planned, file, &r, now(), |_, _| true)
        .expect("written");
    assert!(!out.issues_in_preview && !out.issues.is_empty());

    // Nothing in between, the same bytes and choices (the detected ones named, as the page sends
    // them): the preview's plan is written, its problems the preview's.
    // (Another header row: the mapping chosen above is remembered for that one.)
    let text = "Название;Рынки;Город\nВосток;RU;Москва\n;RU;Москва\n";
    let file = source(text.as_bytes(), "b.csv");
    let (preview, planned) = reader
        .preview_import(store.write_stamp(), file, &r.choices, now())
        .expect("previewed");
    let mut named = r.choices.clone();
    named.mapping = Some(preview.mapping.clone());
    named.separator = preview.reading.separator;
    let out = store
        .import_planned(planned, file, &run(named), now(), |_, _| true)
        .expect("written");
    assert!(out.issues_in_preview && out.issues.is_empty());
    assert_eq!(
        (out.imported, out.failed, out.rows_in_file),
        (1, 1, 2),
        "the preview's problems stay counted"
    );
    assert_eq!((preview.issues.len(), preview.issues[0].row), (1, 3));
}

#[test]
fn the_progress_of_an_import_after_its_preview_starts_empty_and_planned_again_at_half() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), now()).expect("opens");
    let reader = Store::open_reader(store.path().expect("a file")).expect("a reader");
    const ROWS: u32 = 3000;
    let r = run(ImportChoices::default());
    // Each import on a file of its own rows (the second would skip the first's as duplicates).
    for (tag, kept) in [(0, true), (1, false)] {
        let bytes = testing::russian_excel_file(ROWS as usize, tag);
        let file = source(&bytes, "p.csv");
        let (_, preview_plan) = reader
            .preview_import(store.write_stamp(), file, &r.choices, now())
            .expect("previewed");
        let mut shown = Vec::new();
        let planned = match kept {
            true => preview_plan,
            false => reader
                .plan_import(store.write_stamp(), file, &r.choices, now(), |d, t| {
                    shown.push((d, t));
                    true
                })
                .expect("planned"),
        };
        let planning = shown.len();
        let out = store
            .import_planned(planned, file, &r, now(), |d, t| {
                shown.push((d, t));
                true
            })
            .expect("written");
        assert_eq!(out.imported, ROWS);
        let writing = &shown[planning..];
        assert!(writing.len() >= 3, "{kept}: reported {writing:?}");
        assert!(writing.iter().all(|&(_, t)| t == ROWS));
        assert!(
            writing.windows(2).all(|w| w[0].0 <= w[1].0),
            "{kept}: {writing:?}"
        );
        assert_eq!(writing.last(), Some(&(ROWS, ROWS)));
        let first = writing[0].0;
        match kept {
            // The preview did the planning: the write is all the bar shows.
            true => assert!(first < ROWS / 2, "kept: starts at {first}"),
            // The first half was the planning, reported up to half.
            false => {
                assert!(planning > 0 && shown[planning - 1].0 <= ROWS / 2);
                assert!(first >= ROWS / 2, "again: starts at {first}");
            }
        }
    }
}

#[test]
fn a_reader_refuses_every_write_and_still_backs_up() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (store, _) = Store::open_in_dir(dir.path(), now()).expect("opens");
    let path = store.path().expect("a file").to_owned();
    let mut reader = Store::open_reader(&path).expect("a reader");
    let before = testing::dump(&store);
    assert!(reader.add_market("KZ", now()).is_err());
    assert_eq!(before, testing::dump(&store), "nothing written");
    // A backup asked while a write holds the store is read through the reader.
    reader
        .backup_now(dir.path(), now())
        .expect("a backup through the reader");
}

#[test]
fn an_import_commits_without_the_checkpoint_and_checkpoint_file_copies_it_after() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), now()).expect("opens");
    let path = store.path().expect("a file").to_owned();
    // Whatever the open wrote, in the file first: the sizes below are the import's alone.
    crate::store::checkpoint_file(&path).expect("a checkpoint");
    let file_size = || std::fs::metadata(&path).expect("the file").len();
    let before = file_size();
    // More pages than SQLite's automatic checkpoint waits for (1,000).
    const ROWS: usize = 6000;
    let bytes = testing::russian_excel_file(ROWS, 0);
    let out = import(
        &mut store,
        &bytes,
        "big.csv",
        &run(ImportChoices::default()),
    );
    assert_eq!(out.imported as usize, ROWS);
    assert_eq!(
        file_size(),
        before,
        "committed into the WAL only: nothing copied into the file at the commit"
    );
    let autocheckpoint: i64 = store
        .conn
        .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
        .expect("the pragma");
    assert_eq!(autocheckpoint, 1000, "the default is back after the import");

    let (wal_pages, copied) = crate::store::checkpoint_file(&path).expect("a checkpoint");
    assert!(
        wal_pages > 1000,
        "the import's pages were in the WAL: {wal_pages}"
    );
    assert_eq!(
        copied, wal_pages,
        "every one copied (no reader held an older snapshot)"
    );
    assert!(file_size() > before, "the file holds them now");
    drop(store);
    let reader = Store::open_reader(&path).expect("a reader");
    assert_eq!(
        reader
            .list_partners(&Default::default())
            .expect("read")
            .total as usize,
        ROWS
    );
}
