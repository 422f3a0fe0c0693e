use super::*;
use crate::partner::Contact;
use crate::testing::{self, t0};

fn store_with_hostile_texts() -> Store {
    let mut store = testing::store();
    for (name, notes) in [
        ("=HYPERLINK(\"http://x\",\"click\")", "+cmd|' /C calc'!A0"),
        ("Агентство «Тёплый свет»", "-1; \"quoted\", comma\nnew line"),
        ("@SUM(A1)", "-2+3"),
    ] {
        store
            .add_partner(
                &crate::partner::NewPartner {
                    notes: notes.into(),
                    contacts: vec![Contact {
                        name: "Анна".into(),
                        detail: "@anna".into(),
                    }],
                    ..testing::new_partner(name)
                },
                t0(),
            )
            .expect("adds");
    }
    let p = testing::partner(&mut store, "Pilot Co");
    testing::to_scoping(&mut store, &p.id);
    testing::pilot_for(&mut store, &p.id);
    store
}

fn csv(store: &Store, kind: ListKind, lang: Language) -> String {
    let sheet = store.list_sheet(kind, lang).expect("reads");
    let mut out = Vec::new();
    write_csv(&sheet, lang, &mut out).expect("writes");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn csv_has_a_bom_the_language_separator_and_decimal_mark() {
    let store = store_with_hostile_texts();
    let ru = csv(&store, ListKind::Pilots, Language::Ru);
    let en = csv(&store, ListKind::Pilots, Language::En);
    assert!(ru.starts_with("\u{feff}Партнёр;Кампания;"), "{ru}");
    assert!(en.starts_with("\u{feff}Partner,Campaign,"), "{en}");
    assert!(ru.contains(";1500,00;USD;"), "{ru}");
    assert!(en.contains(",1500.00,USD,"), "{en}");
}

#[test]
fn formula_like_texts_are_neutralised_in_csv_and_kept_as_strings_in_xlsx() {
    let store = store_with_hostile_texts();
    let ru = csv(&store, ListKind::Partners, Language::Ru);
    assert!(
        ru.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\";"),
        "{ru}"
    );
    assert!(ru.contains(";'+cmd|' /C calc'!A0;"), "{ru}");
    assert!(ru.contains("'@SUM(A1);"), "{ru}");
    assert!(
        ru.contains("\"'-1; \"\"quoted\"\", comma\nnew line\""),
        "{ru}"
    );
    assert!(ru.contains(";'-2+3;"), "{ru}");
    // Stored texts are trimmed, so a leading tab or CR comes only from elsewhere: the rule holds.
    assert_eq!(neutralise("\tx"), "'\tx");
    assert_eq!(neutralise("\rx"), "'\rx");
    assert_eq!(neutralise("x=1"), "x=1");
    // Not a formula cell: a number and a plain name stay as they are.
    assert!(ru.contains("Агентство «Тёплый свет»;Агентство;"), "{ru}");
    for line in ru.lines().skip(1) {
        let first = line.chars().next().expect("a cell");
        assert!(!matches!(first, '=' | '+' | '-' | '@'), "{line}");
    }

    let sheet = store
        .list_sheet(ListKind::Partners, Language::En)
        .expect("reads");
    let mut out = Vec::new();
    write_xlsx(&sheet, &mut out, Path::new("x.xlsx")).expect("writes");
    assert!(out.starts_with(b"PK"), "a zip");
    // The texts are shared strings, exactly as typed; no cell is a formula.
    let xml = unzip_text(&out);
    assert!(
        xml.contains("<t>=HYPERLINK(\"http://x\",\"click\")</t>")
            || xml.contains("<t>=HYPERLINK(&quot;http://x&quot;,&quot;click&quot;)</t>"),
        "the text as typed, no quote added"
    );
    assert!(!xml.contains("<f>"), "no formula cells");
}

/// The stored (uncompressed or deflated) parts of the .xlsx, as text, for what they contain.
fn unzip_text(bytes: &[u8]) -> String {
    // rust_xlsxwriter deflates; read it back through its own dependency.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut all = String::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("an entry");
        std::io::Read::read_to_string(&mut file, &mut all).expect("text");
    }
    all
}

#[test]
fn every_list_reads_in_both_languages_and_writes_atomically() {
    let store = store_with_hostile_texts();
    let dir = tempfile::tempdir().expect("dir");
    for kind in ListKind::ALL {
        for lang in Language::ALL {
            let sheet = store.list_sheet(*kind, *lang).expect("reads");
            assert!(
                !sheet.rows.is_empty() || *kind == ListKind::Flags,
                "{kind:?}"
            );
            for row in &sheet.rows {
                assert_eq!(row.len(), sheet.headings.len(), "{kind:?}");
            }
            for format in ListFormat::ALL {
                let path = dir
                    .path()
                    .join(format!("{kind:?}-{lang:?}.{}", format.as_str()));
                let summary = store
                    .export_list(*kind, *format, *lang, &path)
                    .expect("exports");
                assert_eq!(summary.rows as usize, sheet.rows.len());
                assert!(path.exists());
            }
        }
    }
    let leftovers = std::fs::read_dir(dir.path())
        .expect("lists")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .count();
    assert_eq!(leftovers, 0);
}
