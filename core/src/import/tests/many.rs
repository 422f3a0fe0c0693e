//! An import large enough to write full statements (partner/insert.rs: 64 partners, 128 market
//! rows to an INSERT) and a remainder: every partner, market row and phase count as if each had
//! been added alone.

use super::{import, now, run};
use crate::import::ImportChoices;
use crate::testing;

#[test]
fn a_file_of_many_rows_writes_every_partner_and_market_row() {
    let mut store = testing::store();
    store.add_market("LATAM", now()).expect("a third market");
    // 64 × 3 + 7 partners: full statements and a rest; one, two or three markets each, so the
    // market rows do not fall on statement boundaries either.
    let rows = 64 * 3 + 7;
    let markets = ["RU", "RU, US", "RU, US, LATAM"];
    let mut text = String::from("Name;Markets;City\n");
    for i in 0..rows {
        text.push_str(&format!("Partner {i:03};{};Москва\n", markets[i % 3]));
    }
    let out = import(
        &mut store,
        text.as_bytes(),
        "many.csv",
        &run(ImportChoices::default()),
    );
    assert_eq!((out.imported, out.failed), (rows as u32, 0));
    let conn = &store.conn;
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("counted") };
    assert_eq!(count("SELECT count(*) FROM partners"), rows as i64);
    let expected_markets: usize = (0..rows).map(|i| i % 3 + 1).sum();
    assert_eq!(
        count("SELECT count(*) FROM partner_markets WHERE removed_at IS NULL"),
        expected_markets as i64
    );
    assert_eq!(
        count("SELECT partners FROM phase_counts WHERE phase = 'sourced'"),
        rows as i64
    );
    // Each partner kept its own markets and its name's key.
    let page = store.list_partners(&Default::default()).expect("listed");
    assert_eq!(page.total, rows as u32);
    for i in [0usize, 63, 64, 127, 198] {
        let name = format!("Partner {i:03}");
        let (id, key): (String, String) = conn
            .query_row(
                "SELECT id, name_key FROM partners WHERE name = ?1",
                [&name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("found");
        assert_eq!(key, name.to_lowercase());
        let mut got = store.partner(&id).expect("read").markets;
        got.sort();
        let mut want: Vec<String> = markets[i % 3].split(", ").map(String::from).collect();
        want.sort();
        assert_eq!(got, want, "{name}");
    }
}
