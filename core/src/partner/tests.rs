use super::*;
use crate::signal::Signals;
use crate::store::Store;
use crate::testing::{new_partner, t0};

/// A creator with no languages, in `markets`, based in `tz`: the fields these tests are about.
fn input(name: &str, tz: &str, markets: &[&str]) -> NewPartner {
    NewPartner {
        kind: PartnerKind::Creator,
        markets: markets.iter().map(|m| (*m).to_owned()).collect(),
        home_time_zone: tz.into(),
        languages: vec![],
        ..new_partner(name)
    }
}

fn count(store: &Store) -> u32 {
    store
        .list_partners(&PartnerQuery::default())
        .expect("lists")
        .total
}

#[test]
fn adds_and_reads_back_a_partner() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    let added = store
        .add_partner(
            &input(
                "  Sunset Creators ",
                "America/Los_Angeles",
                &["us", "RU", "US"],
            ),
            t0(),
        )
        .expect("adds");
    assert_eq!(added.name, "Sunset Creators", "the name is trimmed");
    assert_eq!(
        added.markets,
        vec!["RU", "US"],
        "markets are normalised, deduplicated, in market order"
    );
    assert_eq!(added.home_time_zone, "America/Los_Angeles");
    assert_eq!(
        added.created_at, "2026-11-22T09:00:00.000Z",
        "the timestamp is the one passed in"
    );
    assert_eq!(store.partner(&added.id).expect("reads"), added);
}

#[test]
fn invalid_input_is_refused_and_changes_nothing() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    let long = "x".repeat(10_000);
    type Expect = fn(&Error) -> bool;
    let cases: Vec<(NewPartner, Expect)> = vec![
        (input("   ", "Europe/Moscow", &["RU"]), |e| {
            matches!(e, Error::EmptyField { field: Field::Name })
        }),
        (input(&long, "Europe/Moscow", &["RU"]), |e| {
            matches!(
                e,
                Error::TooLong {
                    field: Field::Name,
                    ..
                }
            )
        }),
        (
            input("A", "Mars/Olympus_Mons", &["RU"]),
            |e| matches!(e, Error::UnknownTimeZone(tz) if tz == "Mars/Olympus_Mons"),
        ),
        (input("A", "", &["RU"]), |e| {
            matches!(e, Error::UnknownTimeZone(_))
        }),
        (input("A", "Europe/Moscow", &[]), |e| {
            matches!(e, Error::NoMarkets)
        }),
        (
            input("A", "Europe/Moscow", &["KZ"]),
            |e| matches!(e, Error::UnknownMarket(m) if m == "KZ"),
        ),
        (input("A", "Europe/Moscow", &["R1"]), |e| {
            matches!(
                e,
                Error::InvalidValue {
                    field: Field::Market,
                    ..
                }
            )
        }),
    ];
    for (bad, expected) in cases {
        let err = store
            .add_partner(&bad, t0())
            .expect_err("bad input is refused");
        assert!(
            expected(&err),
            "unexpected error {err:?} for {:?}",
            bad.name.chars().take(20).collect::<String>()
        );
        assert_eq!(count(&store), 0, "a refused add leaves no partner behind");
    }
}

#[test]
fn a_third_market_works_once_added() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    store.add_market("kz", t0()).expect("adds a market");
    let added = store
        .add_partner(&input("Almaty Studio", "Asia/Almaty", &["KZ", "RU"]), t0())
        .expect("a partner in the third market is accepted");
    assert_eq!(added.markets, vec!["RU", "KZ"]);
    let codes: Vec<_> = store
        .list_markets()
        .expect("lists")
        .into_iter()
        .map(|m| m.code)
        .collect();
    assert_eq!(codes, vec!["RU", "US", "KZ"]);
}

#[test]
fn list_pages_and_searches_case_insensitively_in_cyrillic() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    for name in ["Бета", "альфа", "Gamma", "delta", "АЛЬФА-2"] {
        store
            .add_partner(&input(name, "Europe/Moscow", &["RU"]), t0())
            .expect("adds");
    }
    let first = store
        .list_partners(&PartnerQuery {
            search: None,
            cursor: None,
            limit: Some(2),
        })
        .expect("lists");
    assert_eq!(first.total, 5, "total counts every partner");
    let names: Vec<_> = first.items.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["delta", "Gamma"],
        "ordered by name, ignoring case"
    );
    let found = store
        .list_partners(&PartnerQuery {
            search: Some("альф".into()),
            cursor: None,
            limit: None,
        })
        .expect("searches");
    let names: Vec<_> = found.items.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["альфа", "АЛЬФА-2"],
        "Cyrillic search ignores case"
    );
    let literal = store
        .list_partners(&PartnerQuery {
            search: Some("%".into()),
            cursor: None,
            limit: None,
        })
        .expect("searches");
    assert_eq!(
        literal.total, 0,
        "LIKE wildcards in the search are taken literally"
    );
    assert!(
        store
            .list_partners(&PartnerQuery {
                search: None,
                cursor: None,
                limit: Some(0)
            })
            .is_err(),
        "a zero page size is refused"
    );
    assert!(
        store
            .list_partners(&PartnerQuery {
                search: None,
                cursor: None,
                limit: Some(PAGE_MAX + 1)
            })
            .is_err(),
        "an oversized page is refused"
    );
}

#[test]
fn unknown_fields_are_rejected_when_deserialising() {
    let json = r#"{"name":"A","kind":"agency","markets":["RU"],"homeTimeZone":"Europe/Moscow","admin":true}"#;
    assert!(
        serde_json::from_str::<NewPartner>(json).is_err(),
        "an unknown field is an error"
    );
    let ok = r#"{"name":"A","kind":"agency","markets":["RU"],"homeTimeZone":"Europe/Moscow"}"#;
    assert!(serde_json::from_str::<NewPartner>(ok).is_ok());
}

#[test]
fn edit_partner_replaces_the_profile_but_not_the_phase() {
    use crate::signal::MarketCount;
    let mut store = Store::open_in_memory(t0()).expect("opens");
    let added = store
        .add_partner(&input("Sunset", "America/Los_Angeles", &["US"]), t0())
        .expect("adds");
    let edit = PartnerEdit {
        id: added.id.clone(),
        name: "Sunset Studio".into(),
        kind: PartnerKind::Studio,
        markets: vec!["RU".into(), "US".into()],
        home_time_zone: "America/New_York".into(),
        languages: vec!["EN".into(), "ru".into(), "en".into()],
        contacts: vec![Contact {
            name: "Kate".into(),
            detail: "kate@sunset.example".into(),
        }],
        found_via: "bilingual hub".into(),
        notes: "talked about failures".into(),
        signals: Signals {
            case_studies: vec![
                MarketCount {
                    market: "ru".into(),
                    count: 4,
                },
                MarketCount {
                    market: "US".into(),
                    count: 5,
                },
            ],
            longest_relationship_months: Some(8),
            showed_failures: Some(true),
            cross_market_experience: Some(true),
            creator_references: Some(3),
        },
        framework_id: None,
    };
    let edited = store.edit_partner(&edit, t0()).expect("edits");
    assert_eq!(edited.name, "Sunset Studio");
    assert_eq!(
        edited.languages,
        vec!["en", "ru"],
        "normalised and deduplicated"
    );
    assert_eq!(edited.signals.case_studies[0].market, "RU");
    assert_eq!(
        edited.phase,
        Phase::Sourced,
        "editing never moves the phase"
    );
    assert_eq!(
        edited.framework_id, added.framework_id,
        "absent keeps the framework"
    );
    assert_eq!(store.partner(&added.id).expect("reads"), edited);
    assert_eq!(
        store.recommendation(&added.id).expect("recommends").choice,
        crate::recommendation::Choice::Advance,
        "five strong signals recommend the gut check"
    );
    let before = crate::testing::dump(&store);
    type Bad = fn(&mut PartnerEdit);
    let bad: Vec<(&str, Bad)> = vec![
        ("unknown id", |e| e.id = "nope".into()),
        ("bad language", |e| e.languages = vec!["русский".into()]),
        ("empty contact", |e| e.contacts[0].name = " ".into()),
        ("unknown market in signals", |e| {
            e.signals.case_studies[0].market = "KZ".into()
        }),
        ("absurd months", |e| {
            e.signals.longest_relationship_months = Some(u32::MAX)
        }),
        ("absurd references", |e| {
            e.signals.creator_references = Some(u32::MAX)
        }),
        ("unknown framework", |e| {
            e.framework_id = Some("nope".into())
        }),
        ("bad zone", |e| e.home_time_zone = "Europe/Atlantis".into()),
        ("long notes", |e| e.notes = "x".repeat(10_001)),
    ];
    for (what, f) in bad {
        let mut e = edit.clone();
        f(&mut e);
        let err = store.edit_partner(&e, t0()).expect_err(what);
        assert!(
            !matches!(err, Error::Sqlite(_)),
            "{what}: typed, got {err:?}"
        );
        assert_eq!(crate::testing::dump(&store), before, "{what}: unchanged");
    }
}

/// A JSON column is parsed inside rusqlite's row mapper; a value that does not parse still comes
/// out as a malformed row naming its table and column, not as a storage error.
#[test]
fn a_json_column_that_does_not_parse_is_a_malformed_row() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    let p = store
        .add_partner(&new_partner("Broken"), t0())
        .expect("adds");
    store
        .conn
        .execute(
            "UPDATE partners SET contacts = '[{\"name\":' WHERE id = ?1",
            [&p.id],
        )
        .expect("a raw write");
    let err = store.partner(&p.id).expect_err("the partner does not read");
    assert!(
        matches!(
            err,
            Error::MalformedRow {
                table: "partners",
                column: "contacts",
                ..
            }
        ),
        "got {err:?}"
    );
}

mod names;
mod paging;
