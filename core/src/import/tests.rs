//! The import through the Store: the two files the issue names (Russian Excel, Google Sheets),
//! choices, duplicates, cancel, the remembered mapping, the failed rows' CSV, and the invariant
//! imported + skipped + failed = rows in the file.

use chrono::Duration;

use super::*;
use crate::error::{Field, FileProblem};
use crate::testing;
use crate::{Error, Store};

fn now() -> chrono::DateTime<chrono::Utc> {
    testing::t0()
}

fn source<'a>(bytes: &'a [u8], file_name: &'a str) -> ImportSource<'a> {
    ImportSource { bytes, file_name }
}

fn run(choices: ImportChoices) -> ImportRun {
    ImportRun {
        choices,
        duplicate_default: DuplicateAction::Skip,
        duplicates: vec![],
    }
}

fn import(store: &mut Store, bytes: &[u8], name: &str, r: &ImportRun) -> ImportOutcome {
    let out = store
        .import_partners(source(bytes, name), r, now(), |_, _| true)
        .expect("the import runs");
    assert_eq!(
        out.imported + out.skipped + out.failed,
        out.rows_in_file,
        "every row accounted for"
    );
    out
}

/// Russian Excel's plain CSV: Windows-1251, `;`, amounts like `150 000,50`, dates like
/// `01.12.2026` (here counted back from today, with a day above 12 so the order is certain).
pub(crate) fn russian_excel(now: chrono::DateTime<chrono::Utc>) -> Vec<u8> {
    let since = (now - Duration::days(800)).date_naive();
    let since = since.with_day0(14).unwrap_or(since).format("%d.%m.%Y");
    let text = format!(
        "Название;Тип;Рынки;Город;Контактное лицо;Телефон;Бюджет;Работают с;Кейсы;Рассказали о неудачах\r\n\
         Агентство Север;агентство;Россия;Москва;Анна;+7 900 000-00-00;150 000,50;{since};3;да\r\n\
         Студия Юг;студия;RU, US;Санкт-Петербург;Олег;oleg@yug.ru;1 200,00;;RU 2, US 1;нет\r\n\
         Креатор Ось;блогер;RU;Новосибирск;;;;;1,5;\r\n"
    );
    encoding_rs::WINDOWS_1251.encode(&text).0.into_owned()
}

use chrono::Datelike;

#[test]
fn a_russian_excel_file_is_read_as_written() {
    let mut store = testing::store();
    let bytes = russian_excel(now());
    let preview = store
        .import_preview(
            source(&bytes, "партнёры.csv"),
            &ImportChoices::default(),
            now(),
        )
        .expect("a preview");
    assert_eq!(preview.reading.encoding.as_deref(), Some("windows-1251"));
    assert_eq!(preview.reading.separator, Some(Separator::Semicolon));
    assert_eq!(
        preview.reading.decimal_mark,
        crate::number::DecimalMark::Comma
    );
    assert_eq!(preview.reading.date_order, Some(DateOrder::DayMonthYear));
    assert_eq!(preview.headers[0], "Название");
    assert_eq!(
        preview.mapping[6], None,
        "a budget is no partner field: ignored, shown as such"
    );
    assert_eq!(preview.rows_in_file, 3);
    let north = preview.sample[0].partner.as_ref().expect("row 2 reads");
    assert_eq!(north.name, "Агентство Север");
    assert_eq!(north.home_time_zone, "Europe/Moscow");
    assert_eq!(north.markets, vec!["RU"]);
    assert_eq!(north.signals.showed_failures, Some(true));
    assert!(north
        .signals
        .longest_relationship_months
        .is_some_and(|m| (25..=27).contains(&m)));
    // `1,5` case studies: not a whole number, refused with the row, column and value.
    assert_eq!(preview.failed, 1, "{:?}", preview.issues);
    let issue = &preview.issues[0];
    assert_eq!(
        (issue.row, issue.column.as_str(), issue.value.as_str()),
        (4, "Кейсы", "1,5")
    );
    assert!(matches!(
        issue.reason,
        Error::UnreadableNumber {
            field: Field::SignalsCaseStudies,
            ..
        }
    ));

    let out = import(
        &mut store,
        &bytes,
        "партнёры.csv",
        &run(ImportChoices::default()),
    );
    assert_eq!((out.imported, out.skipped, out.failed), (2, 0, 1));
    let page = store.list_partners(&Default::default()).expect("list");
    assert_eq!(page.total, 2);
    let yug = page
        .items
        .iter()
        .find(|p| p.name == "Студия Юг")
        .expect("imported");
    assert_eq!(yug.home_time_zone, "Europe/Moscow");
    assert_eq!(yug.contacts[0].detail, "oleg@yug.ru");
}

/// A Google Sheets download: UTF-8, `,`, a few bad rows.
const SHEETS: &str = "Name,Kind,Markets,City,Contact,Email,Creator references,Notes\n\
North Star,agency,US,Los Angeles,Ann,ann@northstar.io,\"1,200\",good\n\
,studio,US,New York,Bob,bob@x.io,2,no name\n\
Fish Co,fishmonger,US,Chicago,Cid,cid@fish.io,1,\n\
Lost,creator,US,Atlantis,Dee,dee@lost.io,1,\n\
Tiny,creator,US,Denver,Eve,eve@tiny.io,1.500,\n\
,,,,,,,\n\
Fine,consultant,\"RU, US\",Москва,Fay,@fine,0,\n";

#[test]
fn a_google_sheets_file_lists_every_bad_row_with_its_column_and_value() {
    let mut store = testing::store();
    let preview = store
        .import_preview(
            source(SHEETS.as_bytes(), "Sheet1.csv"),
            &ImportChoices::default(),
            now(),
        )
        .expect("a preview");
    assert_eq!(preview.reading.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(preview.reading.separator, Some(Separator::Comma));
    let found: Vec<(u32, &str, &str)> = preview
        .issues
        .iter()
        .map(|i| (i.row, i.column.as_str(), i.value.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "Name", ""),
            (4, "Kind", "fishmonger"),
            (5, "City", "Atlantis"),
            (6, "Creator references", "1.500")
        ]
    );
    assert!(matches!(
        preview.issues[0].reason,
        Error::EmptyField { field: Field::Name }
    ));
    assert!(matches!(
        preview.issues[2].reason,
        Error::UnknownTimeZone(_)
    ));
    assert!(
        matches!(preview.issues[3].reason, Error::UnreadableNumber { .. }),
        "1.500: ambiguous"
    );
    assert_eq!((preview.ready, preview.failed, preview.blank), (2, 4, 1));
    let out = import(
        &mut store,
        SHEETS.as_bytes(),
        "Sheet1.csv",
        &run(ImportChoices::default()),
    );
    assert_eq!(
        (out.rows_in_file, out.imported, out.skipped, out.failed),
        (7, 2, 1, 4)
    );
    let items = store
        .list_partners(&Default::default())
        .expect("list")
        .items;
    let north = items
        .iter()
        .find(|p| p.name == "North Star")
        .expect("imported");
    assert_eq!(north.signals.creator_references, Some(1200));
}

#[test]
fn a_changed_choice_recomputes_the_preview() {
    let store = testing::store();
    let point = ImportChoices {
        decimal_mark: Some(crate::number::DecimalMark::Comma),
        ..Default::default()
    };
    let preview = store
        .import_preview(source(SHEETS.as_bytes(), "s.csv"), &point, now())
        .expect("a preview");
    // With a decimal comma, `1,200` is ambiguous and `1.500` too.
    assert_eq!(
        preview
            .issues
            .iter()
            .filter(|i| matches!(i.reason, Error::UnreadableNumber { .. }))
            .count(),
        2
    );
}

#[test]
fn dates_that_read_either_way_ask_for_the_order() {
    let mut store = testing::store();
    let d = (now() - Duration::days(400)).date_naive();
    let d = d.with_day(3).unwrap_or(d);
    let text = format!(
        "Name;Markets;City;Working since\nA;RU;Москва;{}\n",
        d.format("%d.%m.%Y")
    );
    let preview = store
        .import_preview(
            source(text.as_bytes(), "a.csv"),
            &ImportChoices::default(),
            now(),
        )
        .expect("a preview");
    assert!(preview.reading.date_order_needed);
    let refused = store.import_partners(
        source(text.as_bytes(), "a.csv"),
        &run(ImportChoices::default()),
        now(),
        |_, _| true,
    );
    assert!(matches!(
        refused,
        Err(Error::FileRefused {
            problem: FileProblem::NeedsDateOrder,
            ..
        })
    ));
    let chosen = ImportChoices {
        date_order: Some(DateOrder::DayMonthYear),
        ..Default::default()
    };
    let out = import(&mut store, text.as_bytes(), "a.csv", &run(chosen));
    assert_eq!(out.imported, 1);
}

#[test]
fn duplicates_are_skipped_imported_or_linked_as_chosen() {
    let mut store = testing::store();
    let mut existing = testing::new_partner("North Star");
    existing.contacts = vec![crate::partner::Contact {
        name: "Ann".into(),
        detail: "ann@northstar.io".into(),
    }];
    let north = store.add_partner(&existing, now()).expect("added");
    testing::partner(&mut store, "Fine");
    let preview = store
        .import_preview(
            source(SHEETS.as_bytes(), "s.csv"),
            &ImportChoices::default(),
            now(),
        )
        .expect("a preview");
    let dups: Vec<(u32, DuplicateBy)> = preview.duplicates.iter().map(|d| (d.row, d.by)).collect();
    assert_eq!(dups, vec![(2, DuplicateBy::Name), (8, DuplicateBy::Name)]);
    assert_eq!(preview.duplicates[0].existing_id, Some(north.id.clone()));

    let before = testing::dump(&store);
    let mut r = run(ImportChoices::default());
    r.duplicates = vec![
        DuplicateChoice {
            row: 2,
            action: DuplicateAction::Link,
        },
        DuplicateChoice {
            row: 8,
            action: DuplicateAction::ImportAnyway,
        },
    ];
    let out = import(&mut store, SHEETS.as_bytes(), "s.csv", &r);
    assert_eq!(
        (out.imported, out.linked, out.skipped, out.failed),
        (2, 1, 1, 4)
    );
    assert_ne!(before, testing::dump(&store));
    let page = store.list_partners(&Default::default()).expect("list");
    assert_eq!(page.total, 3, "North Star linked, a second Fine imported");
    // Linking added nothing: Ann was already a contact.
    assert_eq!(store.partner(&north.id).expect("read").contacts.len(), 1);
}

#[test]
fn a_cancel_changes_nothing() {
    let mut store = testing::store();
    let mut text = String::from("Name;Markets;City\n");
    for i in 0..2500 {
        text.push_str(&format!("P{i};RU;Москва\n"));
    }
    let before = testing::dump(&store);
    let mut calls = 0;
    let out = store.import_partners(
        source(text.as_bytes(), "big.csv"),
        &run(ImportChoices::default()),
        now(),
        |_, _| {
            calls += 1;
            calls < 3
        },
    );
    assert!(matches!(out, Err(Error::ImportCancelled)));
    assert_eq!(
        before,
        testing::dump(&store),
        "nothing written, not even the mapping"
    );
}

#[test]
fn the_mapping_is_remembered_for_the_same_header_row() {
    let mut store = testing::store();
    let text = "Who;Where;Market\nA;Москва;RU\n";
    let mapping = vec![
        Some(ImportField::Name),
        Some(ImportField::HomeTimeZone),
        Some(ImportField::Markets),
    ];
    let chosen = ImportChoices {
        mapping: Some(mapping.clone()),
        ..Default::default()
    };
    let first = store
        .import_preview(
            source(text.as_bytes(), "a.csv"),
            &ImportChoices::default(),
            now(),
        )
        .expect("p");
    assert_eq!(first.mapping[0], None, "`Who` names no field");
    import(&mut store, text.as_bytes(), "a.csv", &run(chosen));
    let again = store
        .import_preview(
            source(b"Who;Where;Market\nB;Kazan;RU\n", "b.csv"),
            &ImportChoices::default(),
            now(),
        )
        .expect("p");
    assert_eq!((again.mapping, again.mapping_remembered), (mapping, true));
}

#[test]
fn a_field_mapped_twice_is_refused() {
    let store = testing::store();
    let chosen = ImportChoices {
        mapping: Some(vec![Some(ImportField::Name), Some(ImportField::Name)]),
        ..Default::default()
    };
    let out = store.import_preview(source(b"a;b\nx;y\n", "a.csv"), &chosen, now());
    assert!(matches!(
        out,
        Err(Error::InvalidValue {
            field: Field::Name,
            ..
        })
    ));
}

#[test]
fn failed_rows_are_saved_to_fix_and_reimport() {
    let reasons = vec![
        (3, "Название не может быть пустым".to_string()),
        (5, "Неизвестный город".to_string()),
    ];
    let csv = failed_rows_csv(
        source(SHEETS.as_bytes(), "s.csv"),
        &ImportChoices::default(),
        "Ошибка",
        &reasons,
        Separator::Semicolon,
    )
    .expect("written");
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark, for Excel"
    );
    let text = String::from_utf8(csv[3..].to_vec()).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].ends_with(";Ошибка"));
    assert!(lines[1].starts_with(";studio;US;New York"));
    assert!(lines[2].starts_with("Lost;creator;US;Atlantis"));
}

#[test]
fn files_that_are_not_tables_are_refused_with_a_reason() {
    let store = testing::store();
    let problem = |bytes: &[u8], name: &str| match store.import_preview(
        source(bytes, name),
        &ImportChoices::default(),
        now(),
    ) {
        Err(Error::FileRefused { problem, .. }) => problem,
        other => panic!("expected a refusal for {name}, got {other:?}"),
    };
    assert_eq!(problem(b"", "empty.csv"), FileProblem::Empty);
    assert_eq!(
        problem(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", "image.csv"),
        FileProblem::Binary
    );
    assert_eq!(
        problem(b"PK\x03\x04garbage", "broken.xlsx"),
        FileProblem::NotATable
    );
    assert_eq!(
        problem(b"Name;Markets\n", "header.csv"),
        FileProblem::NoRows
    );
}

mod choices;
mod fuzz;
mod many;
mod snapshot;
