//! Field by field: every row of an old file, read raw from the fixture as it was, against what the
//! upgraded Store's public reads return for it. Profiles, settings, counts and frameworks here;
//! the vetting record in `lifecycle.rs`, pilots in `pilots.rs`.

use std::collections::BTreeMap;

use rusqlite::{Connection, Params, Row};
use vetta_core::dossier::{DossierQuery, PipelineQuery};
use vetta_core::framework::FrameworkDefinition;
use vetta_core::partner::{Contact, PartnerQuery};
use vetta_core::phase::Phase;
use vetta_core::reminder::ReminderQuery;
use vetta_core::signal::Signals;
use vetta_core::{Error, Store};

use crate::{lifecycle, pilots};

/// Rows of a query on the old file.
pub fn query<T>(
    raw: &Connection,
    sql: &str,
    params: impl Params,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    raw.prepare(sql)
        .expect("the check's query on the old file prepares")
        .query_map(params, f)
        .expect("the old file answers")
        .collect::<Result<_, _>>()
        .expect("the old file's rows read")
}

pub fn json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("the old file's {what} is JSON: {e}"))
}

/// Every check, for a file that was at schema `version` before the upgrade.
pub fn all(raw: &Connection, store: &Store, version: u32) {
    meta_markets_settings(raw, store, version);
    let live = partners(raw, store, version);
    phase_counts(raw, store, version);
    if version < 2 {
        let frameworks = store.frameworks().expect("frameworks read");
        assert_eq!(
            frameworks.len(),
            1,
            "v1 → v2 seeds exactly one framework, the default"
        );
        return;
    }
    frameworks(raw, store);
    for (id, name) in &live {
        lifecycle::scorecards(raw, store, id, name);
        lifecycle::flags(raw, store, id, name);
        lifecycle::decisions(raw, store, id, name);
        let dossier = store
            .dossier(
                &DossierQuery {
                    partner_id: id.clone(),
                    viewer_time_zone: "UTC".into(),
                },
                vetta_core::testing::t0(),
            )
            .unwrap_or_else(|e| panic!("{name}: the dossier reads after the upgrade: {e}"));
        lifecycle::debriefs(raw, &dossier.debriefs, id, name);
        assert_eq!(
            store.recommendation(id).expect("the recommendation reads"),
            dossier.recommendation,
            "{name}: the recommendation reads and agrees with the dossier"
        );
    }
    pilots::all(raw, store);
    store
        .reminders(
            &ReminderQuery {
                viewer_time_zone: "Europe/Moscow".into(),
                kind: None,
                offset: 0,
                limit: None,
            },
            // Fixed: after every date in the fixtures, so every reminder query has rows to read.
            vetta_core::ids::parse_instant("2027-01-01T00:00:00Z").expect("an instant"),
        )
        .expect("reminders read after the upgrade");
}

fn meta_markets_settings(raw: &Connection, store: &Store, version: u32) {
    let meta: BTreeMap<String, String> = query(raw, "SELECT key, value FROM meta", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .into_iter()
    .collect();
    assert_eq!(
        Some(store.device_id()),
        meta.get("device_id").map(String::as_str),
        "the file's device id is kept"
    );
    let default = store
        .default_framework()
        .expect("the default framework reads");
    if version >= 2 {
        assert_eq!(
            Some(&default.id),
            meta.get("default_framework_id"),
            "the file's default framework stays the default"
        );
    } else {
        assert_eq!(
            (
                default.version,
                default.based_on.as_deref(),
                &default.lineage_id
            ),
            (1, None, &default.id),
            "v1 → v2 seeds the default framework as version 1 of its own lineage"
        );
    }
    let markets: Vec<String> = query(raw, "SELECT code FROM markets ORDER BY rowid", [], |r| {
        r.get(0)
    });
    let read: Vec<String> = store
        .list_markets()
        .expect("markets read")
        .into_iter()
        .map(|m| m.code)
        .collect();
    assert_eq!(read, markets, "every market is kept, in the order added");
    let settings: BTreeMap<String, String> =
        query(raw, "SELECT key, value FROM settings", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .into_iter()
        .collect();
    for key in settings.keys() {
        assert!(
            ["language", "time_zone", "user_name"].contains(&key.as_str()),
            "setting {key:?} is not checked here: add it to this check"
        );
    }
    let read = store.settings().expect("settings read");
    assert_eq!(
        read.language.map(|l| l.as_str()),
        settings.get("language").map(String::as_str),
        "the language setting is kept"
    );
    assert_eq!(
        read.time_zone.as_ref(),
        settings.get("time_zone"),
        "the time zone setting is kept"
    );
    assert_eq!(
        read.user_name.as_ref(),
        settings.get("user_name"),
        "the user's name is kept"
    );
}

/// The live partners, `(id, name)`, after checking every partner row.
fn partners(raw: &Connection, store: &Store, version: u32) -> Vec<(String, String)> {
    type Raw = (
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
    );
    let rows: Vec<Raw> = query(
        raw,
        "SELECT id, name, kind, home_tz, created_at, updated_at, deleted_at FROM partners
         ORDER BY rowid",
        [],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        },
    );
    let default = store.default_framework().expect("reads").id;
    let mut live = Vec::new();
    for (id, name, kind, zone, created, updated, deleted) in rows {
        if deleted.is_some() {
            assert!(
                matches!(store.partner(&id), Err(Error::NotFound { .. })),
                "{name}: a soft-deleted partner stays hidden after the upgrade"
            );
            continue;
        }
        let p = store
            .partner(&id)
            .unwrap_or_else(|e| panic!("{name}: the partner reads after the upgrade: {e}"));
        assert_eq!(p.name, name, "{name}: the name is kept");
        assert_eq!(p.kind.as_str(), kind, "{name}: the kind is kept");
        assert_eq!(p.home_time_zone, zone, "{name}: the home zone is kept");
        assert_eq!(p.created_at, created, "{name}: created_at is kept");
        assert_eq!(p.updated_at, updated, "{name}: updated_at is kept");
        let markets: Vec<String> = query(
            raw,
            "SELECT pm.market_code FROM partner_markets pm JOIN markets m ON m.code = pm.market_code
             WHERE pm.partner_id = ?1 ORDER BY m.rowid",
            [&id],
            |r| r.get(0),
        );
        assert_eq!(p.markets, markets, "{name}: the markets are kept");
        if version >= 2 {
            type Profile = (String, String, String, String, String, String, String);
            let (languages, contacts, found_via, notes, signals, phase, framework) = raw
                .query_row(
                    "SELECT languages, contacts, found_via, notes, signals, phase, framework_id
                     FROM partners WHERE id = ?1",
                    [&id],
                    |r| -> rusqlite::Result<Profile> {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                        ))
                    },
                )
                .expect("the old profile reads");
            let langs: Vec<String> = json("languages", &languages);
            assert_eq!(p.languages, langs, "{name}: the languages are kept");
            let people: Vec<Contact> = json("contacts", &contacts);
            assert_eq!(p.contacts, people, "{name}: the contacts are kept");
            assert_eq!(p.found_via, found_via, "{name}: found-via is kept");
            assert_eq!(p.notes, notes, "{name}: the notes are kept");
            let signals: Signals = json("signals", &signals);
            assert_eq!(p.signals, signals, "{name}: the signals are kept");
            assert_eq!(p.phase.as_str(), phase, "{name}: the phase is kept");
            assert_eq!(p.framework_id, framework, "{name}: the framework is kept");
        } else {
            assert!(
                p.languages.is_empty()
                    && p.contacts.is_empty()
                    && p.found_via.is_empty()
                    && p.notes.is_empty()
                    && p.signals == Signals::default(),
                "{name}: v1 → v2 gives an old partner an empty profile"
            );
            assert_eq!(p.phase, Phase::Sourced, "{name}: v1 → v2 starts as sourced");
            assert_eq!(
                p.framework_id, default,
                "{name}: v1 → v2 gives the seeded default framework"
            );
        }
        live.push((id, name));
    }
    let page = store
        .list_partners(&PartnerQuery::default())
        .expect("the partner list reads");
    let mut listed: Vec<&str> = page.items.iter().map(|p| p.id.as_str()).collect();
    let mut expected: Vec<&str> = live.iter().map(|(id, _)| id.as_str()).collect();
    listed.sort_unstable();
    expected.sort_unstable();
    assert_eq!(listed, expected, "the list shows exactly the live partners");
    assert_eq!(
        page.total as usize,
        live.len(),
        "the list's total counts live partners only"
    );
    live
}

fn phase_counts(raw: &Connection, store: &Store, version: u32) {
    let phase_of = if version >= 2 { "phase" } else { "'sourced'" };
    let counted: BTreeMap<String, u32> = query(
        raw,
        &format!("SELECT {phase_of}, count(*) FROM partners WHERE deleted_at IS NULL GROUP BY 1"),
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .into_iter()
    .collect();
    let board = store
        .pipeline(&PipelineQuery::default(), vetta_core::testing::t0())
        .expect("the board reads");
    for count in &board.phase_counts {
        let phase = count.phase.as_str();
        assert_eq!(
            count.count,
            counted.get(phase).copied().unwrap_or(0),
            "v3: the kept count of {phase} equals the old file's live partners in it"
        );
        let column = store
            .pipeline(
                &PipelineQuery {
                    phase: Some(count.phase),
                    ..Default::default()
                },
                vetta_core::testing::t0(),
            )
            .expect("a column reads");
        assert_eq!(
            (column.total, column.items.len() as u32),
            (count.count, count.count),
            "the {phase} column shows every partner it counts"
        );
    }
    assert_eq!(
        board.phase_counts.len(),
        Phase::ALL.len(),
        "every phase has a count"
    );
    assert_eq!(
        board.total,
        counted.values().sum::<u32>(),
        "the board's total counts live partners only"
    );
}

fn frameworks(raw: &Connection, store: &Store) {
    type Raw = (String, String, u32, Option<String>, String, String);
    let rows: Vec<Raw> = query(
        raw,
        "SELECT id, lineage_id, version, based_on, definition, created_at FROM frameworks
         WHERE deleted_at IS NULL",
        [],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    );
    assert_eq!(
        store.frameworks().expect("frameworks read").len(),
        rows.len(),
        "every framework version is listed"
    );
    let default = store.default_framework().expect("reads").id;
    for (id, lineage, version, based_on, definition, created) in rows {
        let f = store.framework(&id).expect("each framework version reads");
        let def: FrameworkDefinition = json("framework definition", &definition);
        assert_eq!(
            (f.lineage_id, f.version, f.based_on, f.created_at),
            (lineage, version, based_on, created),
            "framework {id}: lineage, version, origin and date are kept"
        );
        assert_eq!(f.definition, def, "framework {id}: the definition is kept");
        assert_eq!(
            f.is_default,
            id == default,
            "framework {id}: default or not"
        );
    }
}
