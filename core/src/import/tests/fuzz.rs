//! The reader given random bytes and random tables (quotes, separators, Cyrillic, every offered
//! encoding): it never panics, and a file it reads always ends with imported + skipped + failed
//! = rows in the file, the preview's count the import's.

use proptest::prelude::*;

use super::super::decode::ENCODINGS;
use super::*;

fn check(bytes: &[u8], name: &str) {
    let mut store = testing::store();
    let preview = store.import_preview(source(bytes, name), &ImportChoices::default(), now());
    let out = store.import_partners(
        source(bytes, name),
        &run(ImportChoices::default()),
        now(),
        |_, _| true,
    );
    match (preview, out) {
        (Ok(p), Ok(o)) => {
            assert_eq!(p.rows_in_file, o.rows_in_file);
            assert_eq!(o.imported + o.skipped + o.failed, o.rows_in_file);
            assert_eq!(p.failed, o.failed);
            assert_eq!(
                p.ready + p.duplicates_total,
                o.imported + o.skipped - p.blank
            );
        }
        (Err(_), Err(_)) => {}
        // A file whose dates need an order previews, then the import asks for the order.
        (
            Ok(p),
            Err(Error::FileRefused {
                problem: FileProblem::NeedsDateOrder,
                ..
            }),
        ) => {
            assert!(p.reading.date_order_needed)
        }
        (p, o) => panic!("the preview and the import disagree: {p:?} / {o:?}"),
    }
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\"".to_string()),
        Just("Москва".to_string()),
        Just("RU, US".to_string()),
        Just("150 000,50".to_string()),
        Just("1,500".to_string()),
        Just("агентство".to_string()),
        Just("01.12.2020".to_string()),
        Just("=HYPERLINK(\"x\")".to_string()),
        "[a-zA-Zа-яё0-9 ;,\t\"\n.@-]{0,12}",
    ]
}

fn table() -> impl Strategy<Value = (Vec<Vec<String>>, usize, usize, bool)> {
    (
        prop::collection::vec(prop::collection::vec(cell(), 1..8), 1..30),
        0..3usize,
        0..ENCODINGS.len(),
        any::<bool>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        check(&bytes, "random.csv");
        check(&bytes, "random.xlsx");
    }

    #[test]
    fn random_tables_in_any_encoding_add_up((rows, sep, enc, quote_all) in table()) {
        let sep = [';', ',', '\t'][sep];
        let mut text = String::from("Название;Рынки;Город;Кейсы;Работают с\n").replace(';', &sep.to_string());
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| if quote_all || c.contains(['"', sep, '\n']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.clone() })
                .collect();
            text.push_str(&cells.join(&sep.to_string()));
            text.push('\n');
        }
        let encoding = encoding_rs::Encoding::for_label(ENCODINGS[enc].as_bytes()).expect("a label");
        let bytes: Vec<u8> = if encoding == encoding_rs::UTF_16LE {
            text.encode_utf16().flat_map(u16::to_le_bytes).collect()
        } else if encoding == encoding_rs::UTF_16BE {
            text.encode_utf16().flat_map(u16::to_be_bytes).collect()
        } else {
            encoding.encode(&text).0.into_owned()
        };
        check(&bytes, "table.csv");
    }
}

/// A large file: every row accounted for. 20,000 rows here; `make soak` sets
/// VETTA_IMPORT_ROWS=100000.
#[test]
fn a_large_file_adds_up() {
    let rows = testing::env_number("VETTA_IMPORT_ROWS", 20_000) as usize;
    let mut text = String::from("Name;Markets;City;Creator references\n");
    for i in 0..rows {
        let refs = if i % 97 == 0 { "1,500" } else { "3" };
        text.push_str(&format!("Partner {i};RU;Москва;{refs}\n"));
    }
    let mut store = testing::store();
    let out = import(
        &mut store,
        text.as_bytes(),
        "large.csv",
        &run(ImportChoices::default()),
    );
    assert_eq!(out.rows_in_file as usize, rows);
    assert_eq!(out.failed as usize, rows.div_ceil(97));
}
