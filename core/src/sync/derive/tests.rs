use rusqlite::session::Session;
use rusqlite::Connection;

use super::*;
use crate::seed::{generate, Spec};
use crate::testing::t0;
use crate::Store;

/// A partners table shaped like the real one where it matters (the phase between other
/// columns), one row, and a session recording `update`.
fn changeset_of(update: &str) -> (Connection, Vec<u8>) {
    let conn = Connection::open_in_memory().expect("opens");
    conn.execute_batch(
        "CREATE TABLE partners (id TEXT PRIMARY KEY, name TEXT, phase TEXT, notes TEXT);
         INSERT INTO partners VALUES ('p1', 'Aurora', 'sourced', '');",
    )
    .expect("creates");
    let mut blob = Vec::new();
    {
        let mut session = Session::new(&conn).expect("a session");
        session.attach(None::<&str>).expect("attaches");
        conn.execute_batch(update).expect("updates");
        session.changeset_strm(&mut blob).expect("a changeset");
    }
    (conn, blob)
}

#[test]
fn a_phase_moved_alone_ships_nothing() {
    let (_conn, blob) = changeset_of("UPDATE partners SET phase = 'gut_check'");
    assert!(!blob.is_empty(), "the session saw the change");
    assert_eq!(rewrite(&blob, "partners", 2), Some(Vec::new()));
}

#[test]
fn other_fields_ship_without_the_phase_and_apply() {
    // A note longer than 127 bytes: its length takes a two-byte varint.
    let note = "записка ".repeat(40);
    let (_conn, blob) = changeset_of(&format!(
        "UPDATE partners SET phase = 'walked', notes = '{note}';
         INSERT INTO partners VALUES ('p2', 'Borealis', 'sourced', 'new');"
    ));
    let stripped = rewrite(&blob, "partners", 2).expect("reads");
    let changes = change::decode(&stripped).expect("decodes");
    assert_eq!(changes.len(), 2, "the update and the insert");
    let update = changes
        .iter()
        .find(|c| c.op == Op::Update)
        .expect("the update");
    assert!(update.new[2].is_none(), "no phase");
    assert_eq!(
        update.new[3],
        Some(rusqlite::types::Value::Text(note.clone()))
    );
    let insert = changes
        .iter()
        .find(|c| c.op == Op::Insert)
        .expect("the insert");
    assert_eq!(
        insert.new[2],
        Some(rusqlite::types::Value::Text("sourced".into()))
    );
    // Applied to a copy still in `sourced`: the note arrives, the phase stays.
    let (mut other, _) = changeset_of("SELECT 1");
    let tx = other.transaction().expect("a transaction");
    let mut reader: &[u8] = &stripped;
    tx.apply_strm(&mut reader, None::<fn(&str) -> bool>, |_, _| {
        rusqlite::session::ConflictAction::SQLITE_CHANGESET_ABORT
    })
    .expect("applies");
    let row: (String, String) = tx
        .query_row(
            "SELECT phase, notes FROM partners WHERE id = 'p1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("reads");
    assert_eq!(row, ("sourced".to_owned(), note));
}

#[test]
fn a_damaged_changeset_is_refused_not_guessed() {
    let (_conn, blob) = changeset_of("UPDATE partners SET phase = 'walked', notes = 'n'");
    assert_eq!(rewrite(&blob[..blob.len() - 3], "partners", 2), None);
    assert_eq!(rewrite(&[0x42], "partners", 2), None);
}

#[test]
fn every_generated_partner_s_phase_is_its_replay() {
    // The generator writes whole stories through the real writes: gut checks, decisions, pilots
    // and campaigns started and debriefed, scale-ups, repeats and walks.
    let mut store = Store::open_in_memory(t0()).expect("store");
    generate(&mut store, &Spec::scaled(11, 200), t0()).expect("generated");
    let phases: Vec<(String, Phase)> = store
        .conn
        .prepare("SELECT id, phase FROM partners")
        .expect("prepares")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("reads")
        .collect::<std::result::Result<_, _>>()
        .expect("rows");
    let mut moved = 0;
    for (id, phase) in &phases {
        assert_eq!(replay(&store.conn, id).expect("replays"), *phase, "{id}");
        moved += usize::from(*phase != Phase::Sourced);
    }
    let distinct: std::collections::HashSet<_> = phases.iter().map(|p| p.1).collect();
    assert!(
        moved * 5 > phases.len() && distinct.len() == 7,
        "{distinct:?}"
    );
}
