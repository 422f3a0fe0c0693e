//! The `.dump`-style text a fixture is made of, and the ignored test that writes the fixture of
//! the latest schema from [`build`].

use std::path::Path;

use rusqlite::Connection;

use super::build;

/// The file as SQL text, in the order and form of the sqlite3 shell's `.dump` (tables and their
/// rows, then indexes and triggers, so loading it fires no trigger), plus the `user_version` that
/// `.dump` leaves out.
pub fn dump(conn: &Connection) -> String {
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("reads the version");
    let mut out = String::from("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n");
    let objects = |kind: &str| -> Vec<(String, String)> {
        conn.prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = ?1 AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
        )
        .expect("prepares")
        .query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("lists")
        .collect::<Result<_, _>>()
        .expect("reads")
    };
    for (table, sql) in objects("table") {
        out.push_str(&format!("{sql};\n"));
        let columns: Vec<String> = conn
            .prepare(&format!(
                "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
            ))
            .expect("prepares")
            .query_map([], |r| r.get(0))
            .expect("lists columns")
            .collect::<Result<_, _>>()
            .expect("reads columns");
        let values = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let rows: Vec<String> = conn
            .prepare(&format!("SELECT {values} FROM \"{table}\""))
            .expect("prepares")
            .query_map([], |r| r.get(0))
            .expect("selects")
            .collect::<Result<_, _>>()
            .expect("reads rows");
        for row in rows {
            out.push_str(&format!("INSERT INTO {table} VALUES({row});\n"));
        }
    }
    for kind in ["index", "trigger", "view"] {
        for (_, sql) in objects(kind) {
            out.push_str(&format!("{sql};\n"));
        }
    }
    out.push_str(&format!("PRAGMA user_version = {version};\nCOMMIT;\n"));
    out
}

/// Writes `tests/fixtures/v{LATEST}.sql` from [`build`]: run it once, before adding a migration,
/// and commit the file; it is frozen from then on (an existing fixture is never overwritten).
/// `cargo test -p vetta-core --test upgrades -- --ignored write_fixture_of_latest`
#[test]
#[ignore = "writes a frozen fixture; run by hand before adding a migration"]
fn write_fixture_of_latest() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = build(&dir.path().join("scenario.sqlite3"));
    let version = store.schema_version().expect("reads the version");
    drop(store);
    let conn = Connection::open(dir.path().join("scenario.sqlite3")).expect("reopens");
    let target = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("v{version}.sql"));
    assert!(
        !target.exists(),
        "{} exists and is frozen: a fixture is written once, never regenerated",
        target.display()
    );
    std::fs::write(&target, dump(&conn)).expect("writes the fixture");
}
