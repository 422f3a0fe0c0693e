//! Field by field: every row of an old file, read raw from the fixture as it was, against what the
//! upgraded Store's public reads return for it.

use std::collections::BTreeMap;

use rusqlite::{Connection, Params, Row};
use vetta_core::dossier::{DossierQuery, PipelineQuery};
use vetta_core::framework::FrameworkDefinition;
use vetta_core::money::Money;
use vetta_core::partner::{Contact, PartnerQuery};
use vetta_core::phase::Phase;
use vetta_core::pilot::PilotQuery;
use vetta_core::recommendation::Recommendation;
use vetta_core::reminder::ReminderQuery;
use vetta_core::scorecard::ScorecardQuery;
use vetta_core::signal::Signals;
use vetta_core::{Error, Store};

/// Rows of a query on the old file.
fn query<T>(
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

fn json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("the old file's {what} is JSON: {e}"))
}

/// `2050` minor units are `"20.50"`.
fn amount(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
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
        scorecards(raw, store, id, name);
        flags(raw, store, id, name);
        decisions(raw, store, id, name);
        let dossier = store
            .dossier(&DossierQuery {
                partner_id: id.clone(),
                viewer_time_zone: "UTC".into(),
            })
            .unwrap_or_else(|e| panic!("{name}: the dossier reads after the upgrade: {e}"));
        debriefs(raw, &dossier.debriefs, id, name);
        assert_eq!(
            store.recommendation(id).expect("the recommendation reads"),
            dossier.recommendation,
            "{name}: the recommendation reads and agrees with the dossier"
        );
    }
    pilots(raw, store);
    store
        .reminders(
            &ReminderQuery {
                viewer_time_zone: "Europe/Moscow".into(),
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
        .pipeline(&PipelineQuery::default())
        .expect("the board reads");
    for count in &board.phase_counts {
        let phase = count.phase.as_str();
        assert_eq!(
            count.count,
            counted.get(phase).copied().unwrap_or(0),
            "v3: the kept count of {phase} equals the old file's live partners in it"
        );
        let column = store
            .pipeline(&PipelineQuery {
                phase: Some(count.phase),
                ..Default::default()
            })
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

fn scorecards(raw: &Connection, store: &Store, partner: &str, name: &str) {
    type Raw = (
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        String,
    );
    let rows: Vec<Raw> = query(
        raw,
        "SELECT id, phase, framework_id, reviewer, note, supersedes, submitted_at FROM scorecards s
         WHERE partner_id = ?1 AND NOT EXISTS (SELECT 1 FROM scorecards n WHERE n.supersedes = s.id)",
        [partner],
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
    for phase in Phase::ALL {
        let current: Vec<&Raw> = rows.iter().filter(|r| r.1 == phase.as_str()).collect();
        let view = store
            .scorecards(&ScorecardQuery {
                partner_id: partner.into(),
                phase: *phase,
                viewer: None,
                blind: false,
            })
            .expect("scorecards read");
        assert_eq!(
            view.cards.len(),
            current.len(),
            "{name}: the {phase:?} view holds the current cards, superseded ones left out"
        );
        for (id, _, framework, reviewer, note, supersedes, submitted) in current {
            let card = view
                .cards
                .iter()
                .find(|c| c.id == *id)
                .unwrap_or_else(|| panic!("{name}: current card {id} is shown"));
            assert_eq!(
                (&card.framework_id, &card.reviewer, &card.note),
                (framework, reviewer, note),
                "{name}: card {id} keeps its framework, reviewer and note"
            );
            assert_eq!(
                (&card.supersedes, &card.submitted_at),
                (supersedes, submitted),
                "{name}: card {id} keeps what it supersedes and when it was submitted"
            );
            let mut answers: Vec<(String, i32)> = query(
                raw,
                "SELECT criterion_key, value FROM scorecard_answers WHERE scorecard_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            );
            let mut read: Vec<(String, i32)> = card
                .answers
                .iter()
                .map(|a| (a.criterion.clone(), a.value))
                .collect();
            answers.sort();
            read.sort();
            assert_eq!(read, answers, "{name}: card {id} keeps every answer");
        }
    }
}

fn flags(raw: &Connection, store: &Store, partner: &str, name: &str) {
    let read = store.flags(partner).expect("flags read");
    type Raw = (
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
    );
    let rows: Vec<Raw> = query(
        raw,
        "SELECT id, pilot_id, deliverable_id, framework_id, kind, severity FROM flags
         WHERE partner_id = ?1",
        [partner],
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
    assert_eq!(read.len(), rows.len(), "{name}: every flag is listed");
    for (id, pilot, deliverable, framework, kind, severity) in rows {
        let f = read
            .iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("{name}: flag {id} is listed"));
        assert_eq!(
            (&f.pilot_id, &f.deliverable_id, &f.framework_id, &f.kind),
            (&pilot, &deliverable, &framework, &kind),
            "{name}: flag {id} keeps what it is about"
        );
        assert_eq!(f.severity.as_str(), severity, "{name}: flag {id} severity");
        let (source, occurred, note, link, by, created): (String, String, String, String, String, String) = raw
            .query_row(
                "SELECT source, occurred_at, note, link, raised_by, created_at FROM flags WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .expect("the old flag reads");
        assert_eq!(
            (f.source.as_str(), &f.occurred_at, &f.note, &f.link),
            (source.as_str(), &occurred, &note, &link),
            "{name}: flag {id} keeps its source, time, note and link"
        );
        assert_eq!(
            (&f.raised_by, &f.created_at),
            (&by, &created),
            "{name}: flag {id} keeps who raised it and when"
        );
        let label = store
            .framework(&framework)
            .expect("the flag's framework reads")
            .definition
            .flag_kind(&kind)
            .map(|k| k.label.clone());
        assert_eq!(Some(&f.label), label.as_ref(), "{name}: flag {id} label");
        let events: BTreeMap<String, (String, String, String)> = query(
            raw,
            "SELECT action, by_name, note, at FROM flag_events WHERE flag_id = ?1",
            [&id],
            |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))),
        )
        .into_iter()
        .collect();
        let event = |e: &Option<vetta_core::flag::FlagEvent>| {
            e.as_ref()
                .map(|e| (e.by.clone(), e.note.clone(), e.at.clone()))
        };
        assert_eq!(
            event(&f.resolution),
            events.get("resolve").cloned(),
            "{name}: flag {id} keeps its resolution"
        );
        assert_eq!(
            event(&f.override_reason),
            events.get("override").cloned(),
            "{name}: flag {id} keeps its override and reason"
        );
        let status = if events.contains_key("override") {
            "overridden"
        } else if events.contains_key("resolve") {
            "resolved"
        } else {
            "open"
        };
        assert_eq!(f.status.as_str(), status, "{name}: flag {id} status");
    }
}

fn decisions(raw: &Connection, store: &Store, partner: &str, name: &str) {
    let read = store.decisions(partner).expect("the decision log reads");
    type Raw = (
        String,
        String,
        Option<u32>,
        String,
        String,
        String,
        Option<String>,
    );
    let rows: Vec<Raw> = query(
        raw,
        "SELECT id, choice, scale_to, decided_by, rationale, assumptions, review_on
         FROM decisions WHERE partner_id = ?1 ORDER BY decided_at, id",
        [partner],
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
    assert_eq!(
        read.len(),
        rows.len(),
        "{name}: every decision is in the log, superseded ones included"
    );
    for (d, (id, choice, scale_to, by, rationale, assumptions, review_on)) in read.iter().zip(rows)
    {
        assert_eq!(d.id, id, "{name}: the log keeps its order");
        let campaigns = match d.choice {
            vetta_core::recommendation::Choice::ScaleTo { campaigns } => Some(campaigns),
            _ => None,
        };
        assert_eq!(
            (d.choice.as_str(), campaigns),
            (choice.as_str(), scale_to),
            "{name}: decision {id} keeps its choice"
        );
        assert_eq!(
            (&d.decided_by, &d.rationale, &d.review_on),
            (&by, &rationale, &review_on),
            "{name}: decision {id} keeps who, why and when to review"
        );
        let assumptions: Vec<String> = json("assumptions", &assumptions);
        assert_eq!(
            d.assumptions, assumptions,
            "{name}: decision {id} assumptions"
        );
        type Rest = (
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
        );
        let (recommended, before, after, supersedes, at, superseded_by): Rest = raw
            .query_row(
                "SELECT recommended, phase_before, phase_after, supersedes, decided_at,
                     (SELECT n.id FROM decisions n WHERE n.supersedes = d.id)
                 FROM decisions d WHERE id = ?1",
                [&id],
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
            )
            .expect("the old decision reads");
        let recommended: Recommendation = json("recommendation", &recommended);
        assert_eq!(
            d.recommended, recommended,
            "{name}: decision {id} keeps the recommendation shown then"
        );
        assert_eq!(
            (d.phase_before.as_str(), d.phase_after.as_str()),
            (before.as_str(), after.as_str()),
            "{name}: decision {id} keeps the phases it moved between"
        );
        assert_eq!(
            (&d.supersedes, &d.superseded_by, &d.decided_at),
            (&supersedes, &superseded_by, &at),
            "{name}: decision {id} keeps its place in the corrections and its date"
        );
    }
}

fn debriefs(raw: &Connection, read: &[vetta_core::debrief::Debrief], partner: &str, name: &str) {
    type Raw = (String, String, String, String, String, (i32, i32, i32));
    let rows: Vec<Raw> = query(
        raw,
        "SELECT id, pilot_id, author, worked, did_not_work, communication, speed, ownership
         FROM debriefs d WHERE partner_id = ?1
           AND NOT EXISTS (SELECT 1 FROM debriefs n WHERE n.supersedes = d.id)",
        [partner],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                (r.get(5)?, r.get(6)?, r.get(7)?),
            ))
        },
    );
    assert_eq!(
        read.len(),
        rows.len(),
        "{name}: the dossier shows each pilot's current debrief"
    );
    for (id, pilot, author, worked, did_not_work, health) in rows {
        let d = read
            .iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("{name}: debrief {id} is shown"));
        assert_eq!(
            (
                &d.pilot_id,
                &d.partner_id,
                &d.author,
                &d.worked,
                &d.did_not_work
            ),
            (&pilot, &partner.to_owned(), &author, &worked, &did_not_work),
            "{name}: debrief {id} keeps its texts"
        );
        assert_eq!(
            (d.health.communication, d.health.speed, d.health.ownership),
            health,
            "{name}: debrief {id} keeps its health scores"
        );
        let (cause, created, supersedes): (String, String, Option<String>) = raw
            .query_row(
                "SELECT failure_cause, created_at, supersedes FROM debriefs WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("the old debrief reads");
        assert_eq!(
            (d.failure_cause.as_str(), &d.created_at, &d.supersedes),
            (cause.as_str(), &created, &supersedes),
            "{name}: debrief {id} keeps its cause, date and what it corrects"
        );
        let verdicts: Vec<(String, String, String, String)> = query(
            raw,
            "SELECT dh.hypothesis_id, h.text, dh.verdict, dh.note FROM debrief_hypotheses dh
             JOIN pilot_hypotheses h ON h.id = dh.hypothesis_id
             WHERE dh.debrief_id = ?1 ORDER BY h.position",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        );
        let shown: Vec<(String, String, String, String)> = d
            .hypotheses
            .iter()
            .map(|h| {
                (
                    h.hypothesis_id.clone(),
                    h.text.clone(),
                    h.verdict.as_str().to_owned(),
                    h.note.clone(),
                )
            })
            .collect();
        assert_eq!(
            shown, verdicts,
            "{name}: debrief {id} keeps every hypothesis verdict"
        );
    }
}

fn pilots(raw: &Connection, store: &Store) {
    let ids: Vec<String> = query(
        raw,
        "SELECT id FROM pilots WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    );
    for id in ids {
        let p = store
            .pilot(&PilotQuery {
                pilot_id: id.clone(),
                viewer_time_zone: "UTC".into(),
            })
            .unwrap_or_else(|e| panic!("pilot {id} reads after the upgrade: {e}"));
        type Scope = (
            String,
            String,
            u32,
            u32,
            u32,
            String,
            String,
            u32,
            i64,
            String,
        );
        let s: Scope = raw
            .query_row(
                "SELECT partner_id, framework_id, campaign_no, creators, deliverables, starts_at,
                     ends_at, revision_limit, payment_minor, currency FROM pilots WHERE id = ?1",
                [&id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                    ))
                },
            )
            .expect("the old pilot reads");
        assert_eq!(
            (&p.partner_id, &p.framework_id, p.campaign_no),
            (&s.0, &s.1, s.2),
            "pilot {id}: partner, framework and campaign number are kept"
        );
        assert_eq!(
            (p.creators, p.deliverables_planned, p.revision_limit),
            (s.3, s.4, s.7),
            "pilot {id}: the scope's numbers are kept"
        );
        assert_eq!(
            (&p.starts_at.utc, &p.ends_at.utc),
            (&s.5, &s.6),
            "pilot {id}: start and end instants are kept"
        );
        assert_eq!(
            p.payment,
            Money {
                amount: amount(s.8),
                currency: s.9.clone()
            },
            "pilot {id}: the payment is kept to the minor unit"
        );
        type People = (String, String, String, String, String);
        let r: People = raw
            .query_row(
                "SELECT feedback_owner, creator_relations, final_approval, escalation_path, rhythm
                 FROM pilots WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .expect("the old pilot reads");
        let roles = &p.roles;
        assert_eq!(
            (
                &roles.creative_feedback_owner,
                &roles.creator_relations,
                &roles.final_approval,
                &roles.escalation_path,
                &p.rhythm
            ),
            (&r.0, &r.1, &r.2, &r.3, &r.4),
            "pilot {id}: roles and rhythm are kept"
        );
        type States = (Option<String>, Option<String>, Option<String>, bool);
        let st: States = raw
            .query_row(
                "SELECT metrics_agreed_at, metrics_agreed_by, started_at,
                     EXISTS (SELECT 1 FROM debriefs d WHERE d.pilot_id = p.id)
                 FROM pilots p WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .expect("the old pilot reads");
        assert_eq!(
            (
                &p.metrics_agreed_at,
                &p.metrics_agreed_by,
                &p.started_at,
                p.debriefed
            ),
            (&st.0, &st.1, &st.2, st.3),
            "pilot {id}: agreement, start and debrief are kept"
        );
        pilot_children(raw, &p, &id);
    }
}

fn pilot_children(raw: &Connection, p: &vetta_core::pilot::Pilot, id: &str) {
    type Metric = (
        String,
        String,
        String,
        String,
        Option<String>,
        f64,
        Option<f64>,
    );
    let metrics: Vec<Metric> = query(
        raw,
        "SELECT id, market_code, name, unit, currency, target, actual FROM pilot_metrics
         WHERE pilot_id = ?1 AND deleted_at IS NULL ORDER BY position",
        [id],
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
    let shown: Vec<Metric> = p
        .metrics
        .iter()
        .map(|m| {
            (
                m.id.clone(),
                m.market.clone(),
                m.name.clone(),
                m.unit.as_str().to_owned(),
                m.currency.clone(),
                m.target,
                m.actual,
            )
        })
        .collect();
    assert_eq!(
        shown, metrics,
        "pilot {id}: the live metrics, targets and actuals are kept (re-scoped ones stay out)"
    );
    let hypotheses: Vec<(String, String)> = query(
        raw,
        "SELECT id, text FROM pilot_hypotheses WHERE pilot_id = ?1 AND deleted_at IS NULL
         ORDER BY position",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    );
    let shown: Vec<(String, String)> = p
        .hypotheses
        .iter()
        .map(|h| (h.id.clone(), h.text.clone()))
        .collect();
    assert_eq!(
        shown, hypotheses,
        "pilot {id}: the live hypotheses are kept"
    );
    type Deliverable = (
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        bool,
        Option<String>,
        String,
    );
    let mut deliverables: Vec<Deliverable> = query(
        raw,
        "SELECT id, title, market_code, due_at, delivered_at, notice_given, verdict, note
         FROM deliverables WHERE pilot_id = ?1 AND deleted_at IS NULL",
        [id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        },
    );
    let mut shown: Vec<Deliverable> = p
        .deliverables
        .iter()
        .map(|d| {
            (
                d.id.clone(),
                d.title.clone(),
                d.market.clone(),
                d.due.utc.clone(),
                d.delivered.as_ref().map(|z| z.utc.clone()),
                d.notice_given,
                d.verdict.map(|v| v.as_str().to_owned()),
                d.note.clone(),
            )
        })
        .collect();
    deliverables.sort();
    shown.sort();
    assert_eq!(shown, deliverables, "pilot {id}: every deliverable is kept");
    let rounds: u32 = raw
        .query_row(
            "SELECT count(*) FROM revision_rounds WHERE pilot_id = ?1",
            [id],
            |r| r.get(0),
        )
        .expect("counts");
    assert_eq!(
        p.revisions.used, rounds,
        "pilot {id}: every revision round counts"
    );
    let approvals: Vec<(String, u32)> = query(
        raw,
        "SELECT market_code, count(*) FROM approvals WHERE pilot_id = ?1
         GROUP BY market_code ORDER BY market_code",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    );
    let mut shown: Vec<(String, u32)> = p
        .approvals
        .iter()
        .map(|a| (a.market.clone(), a.approvals))
        .collect();
    shown.sort();
    assert_eq!(
        shown, approvals,
        "pilot {id}: every approval counts in its market"
    );
}
