//! The shared table (`tests/fixtures/numbers.json`), the very file `ui/src/lib/number.test.ts`
//! reads: the importer reads every typed number as the window does.

use serde::Deserialize;

use super::*;

#[derive(Deserialize)]
struct Case {
    text: String,
    lang: String,
    #[serde(default)]
    rules: NumberRules,
    expect: String,
    #[serde(default)]
    readings: Option<[String; 2]>,
}

#[derive(Deserialize)]
struct Table {
    cases: Vec<Case>,
}

fn kind(p: &NumberProblem) -> &'static str {
    match p {
        NumberProblem::Empty => "empty",
        NumberProblem::Invalid => "invalid",
        NumberProblem::Ambiguous { .. } => "ambiguous",
        NumberProblem::Negative => "negative",
        NumberProblem::Whole => "whole",
        NumberProblem::Decimals { .. } => "decimals",
    }
}

#[test]
fn every_case_of_the_shared_table_reads_as_in_the_window() {
    let text = include_str!("../../../tests/fixtures/numbers.json");
    let table: Table = serde_json::from_str(text).expect("the shared table parses");
    assert!(table.cases.len() > 60, "the table has its cases");
    for case in &table.cases {
        let mark = match case.lang.as_str() {
            "en" => DecimalMark::Point,
            "ru" => DecimalMark::Comma,
            other => panic!("unknown language {other}"),
        };
        let got = parse_number(&case.text, mark, case.rules);
        let shown = match &got {
            Ok(t) => t.as_str(),
            Err(p) => kind(p),
        };
        assert_eq!(shown, case.expect, "{:?} in {}", case.text, case.lang);
        if let (Some(want), Err(NumberProblem::Ambiguous { readings })) = (&case.readings, &got) {
            assert_eq!(readings, want, "{:?}", case.text);
        }
    }
}
