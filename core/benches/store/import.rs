//! The import on the 100k-partner file: a Russian-Excel-shaped file (Windows-1251, `;`, a city
//! for the zone, yes/no and counts) of 20,000 new partners, previewed and then imported in one
//! transaction through `Store::import_partners`, as the app's command runs it. Rows per second.

use std::time::Instant;

use chrono::{DateTime, Utc};
use vetta_core::import::{DuplicateAction, ImportChoices, ImportRun, ImportSource};
use vetta_core::Store;

use crate::timing::Table;
use crate::Res;

const ROWS: usize = 20_000;
/// The target.
const ROWS_PER_SECOND_BUDGET: f64 = 50_000.0;

fn file() -> Vec<u8> {
    let cities = ["Москва", "Казань", "Los Angeles", "New York", "Алматы"];
    let mut text = String::from(
        "Название;Тип;Рынки;Город;Контактное лицо;Телефон;Кейсы;Рассказали о неудачах\r\n",
    );
    for i in 0..ROWS {
        let city = cities[i % cities.len()];
        text.push_str(&format!(
            "Импорт {i} бенч;агентство;RU, US;{city};Анна {i};+7 900 {i:07};RU 3, US 1;да\r\n"
        ));
    }
    encoding_rs::WINDOWS_1251.encode(&text).0.into_owned()
}

pub fn run(store: &mut Store, table: &mut Table, now: DateTime<Utc>) -> Res<()> {
    let bytes = file();
    let source = ImportSource {
        bytes: &bytes,
        file_name: "bench.csv",
    };
    let started = Instant::now();
    let preview = store.import_preview(source, &ImportChoices::default(), now)?;
    let preview_s = started.elapsed().as_secs_f64();
    let run = ImportRun {
        choices: ImportChoices::default(),
        duplicate_default: DuplicateAction::Skip,
        duplicates: vec![],
    };
    let started = Instant::now();
    let out = store.import_partners(source, &run, now, |_, _| true)?;
    let import_s = started.elapsed().as_secs_f64();
    if out.imported as usize != ROWS || preview.ready as usize != ROWS {
        return Err(format!(
            "the bench file should import whole: {} of {ROWS}",
            out.imported
        )
        .into());
    }
    let rate = ROWS as f64 / import_s;
    table.budget(
        format!("import {ROWS} rows into the 100k file (one transaction, synchronous = FULL)"),
        format!("≥ {ROWS_PER_SECOND_BUDGET:.0} rows/s"),
        format!(
            "{rate:.0} rows/s ({import_s:.2} s; the preview {:.0} rows/s)",
            ROWS as f64 / preview_s
        ),
        rate >= ROWS_PER_SECOND_BUDGET,
    );
    Ok(())
}
