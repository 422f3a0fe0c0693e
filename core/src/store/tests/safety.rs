//! What SQLite says about the file reaches the caller classified, from any call: damage as
//! `DamagedDatabase`, a full disk or a read-only file as the file system's refusal.

use super::super::*;
use crate::partner::{NewPartner, PartnerQuery};
use crate::testing::{at, new_partner};

/// A store in a temp dir with enough partners (long notes) to fill many pages, then closed.
fn filled_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), at(0)).expect("opens");
    for i in 0..200 {
        store
            .add_partner(
                &NewPartner {
                    notes: format!("partner {i} ").repeat(40),
                    ..new_partner(&format!("Partner {i}"))
                },
                at(0),
            )
            .expect("adds");
    }
    let path = store.path().expect("a file store").to_owned();
    drop(store);
    (dir, path)
}

/// Flips every byte of the pages after the first two: the header and the schema page stay intact,
/// so the file still opens and looks like a database until its pages are read.
fn flip_pages_past_the_header(path: &Path) {
    let mut bytes = std::fs::read(path).expect("reads the file");
    assert!(bytes.len() > 8 * 4096, "the file has pages to damage");
    for b in &mut bytes[2 * 4096..] {
        *b ^= 0xA5;
    }
    std::fs::write(path, bytes).expect("writes the damage");
}

#[test]
fn pages_damaged_behind_an_intact_header_fail_the_check_and_are_left_untouched() {
    let (_dir, path) = filled_file();
    check_file(&path).expect("a whole file passes");
    flip_pages_past_the_header(&path);
    let before = std::fs::read(&path).expect("reads");
    let err = check_file(&path).expect_err("the damage is found");
    assert!(
        matches!(&err, Error::DamagedDatabase { path: p, .. } if *p == path),
        "quick_check reports the damage, naming the file: {err:?}"
    );
    assert_eq!(
        std::fs::read(&path).expect("reads"),
        before,
        "nothing wrote to it"
    );
}

#[test]
fn damage_found_by_any_later_call_is_reported_as_damage() {
    let (_dir, path) = filled_file();
    let (store, _) = Store::open(&path, at(1)).expect("opens while the file is whole");
    flip_pages_past_the_header(&path);
    // Drop the pages SQLite keeps in memory, so the next read goes to the (now damaged) disk.
    store
        .conn
        .release_memory()
        .expect("releases the page cache");
    let err = store
        .list_partners(&PartnerQuery::default())
        .expect_err("a read of damaged pages fails");
    assert!(
        err.is_damage(),
        "classified as damage, not a storage error: {err:?}"
    );
}

#[test]
fn a_full_disk_is_the_file_systems_refusal_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), at(0)).expect("opens");
    store
        .add_partner(&new_partner("Kept"), at(0))
        .expect("adds");
    // SQLite's own limit on the file's size: the next page it needs is refused with SQLITE_FULL,
    // exactly as when the disk is full.
    let pages: i64 = store
        .conn
        .pragma_query_value(None, "page_count", |r| r.get(0))
        .expect("page count");
    store
        .conn
        .pragma_update(None, "max_page_count", pages)
        .expect("caps the file");
    let mut refused = None;
    for i in 0..500 {
        let big = NewPartner {
            notes: "x".repeat(3000),
            ..new_partner(&format!("Big {i}"))
        };
        if let Err(e) = store.add_partner(&big, at(1)) {
            refused = Some(e);
            break;
        }
    }
    let err = refused.expect("the capped file fills up");
    assert!(
        matches!(&err, Error::Io { .. }),
        "a full disk is a file-system error (\"check permissions and free disk space\"): {err:?}"
    );
    assert!(
        matches!(err.in_file(&dir.path().join(DB_FILE_NAME)), Error::Io { path, .. } if path.ends_with(DB_FILE_NAME)),
        "and names the file once the caller says which"
    );
    let names: Vec<String> = store
        .list_partners(&PartnerQuery::default())
        .expect("still reads")
        .items
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert!(
        names.contains(&"Kept".to_owned()),
        "what was there is still there"
    );
}

#[test]
fn a_read_only_file_is_the_file_systems_refusal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _) = Store::open_in_dir(dir.path(), at(0)).expect("opens");
    store
        .add_partner(&new_partner("Kept"), at(0))
        .expect("adds");
    let path = store.path().expect("a file").to_owned();
    // The same file as the OS gives it to a process that may not write it (tests run as root, so
    // chmod would not stop them): opened read-only.
    store.conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("opens read-only");
    let err = store
        .add_partner(&new_partner("Refused"), at(1))
        .expect_err("a read-only file refuses the write");
    assert!(matches!(&err, Error::Io { .. }), "{err:?}");
}
