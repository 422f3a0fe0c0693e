//! Test and benchmark support: fixed instants, an in-memory store, input builders, a dump of
//! every table (to prove "refused and changes nothing"), and steps that walk a partner through
//! the lifecycle.
//!
//! Compiled for core's own unit tests (`cfg(test)`) and with the `testing` feature, which the
//! benches, the crash test and the `vetta-tests` crate turn on. The app never enables it, so none
//! of this is in the production library's API.
//!
//! Builders return the plain input structs with sensible defaults; override what a test is about
//! with struct update syntax, e.g.
//! `NewPartner { kind: PartnerKind::Creator, ..testing::new_partner("Sunset") }`.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::types::Value;

use crate::decision::{Decision, NewDecision};
use crate::gate::Answer;
use crate::partner::{NewPartner, Partner, PartnerEdit, PartnerKind};
use crate::phase::Phase;
use crate::pilot::{MetricUnit, NewMetric, NewPilot, Pilot, PilotScope, Roles};
use crate::recommendation::Choice;
use crate::scorecard::NewScorecard;
use crate::signal::Signals;
use crate::store::Store;

/// `name` from the environment as a whole number, or `default` when unset (the soak tests'
/// cycle counts and budgets); a value that is not a number stops the test with its name.
pub fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={text:?} is not a whole number")),
        Err(_) => default,
    }
}

/// The cities of [`russian_excel_file`], each with the time zone the import reads from it.
pub const RUSSIAN_EXCEL_CITIES: [(&str, &str); 5] = [
    ("Москва", "Europe/Moscow"),
    ("Казань", "Europe/Moscow"),
    ("Los Angeles", "America/Los_Angeles"),
    ("New York", "America/New_York"),
    ("Алматы", "Asia/Almaty"),
];

/// A partner list as Russian Excel saves it (Windows-1251, `;`, CRLF), `rows` new agencies with
/// a city for the zone, a phone, counts per market and yes/no: the file the import benches time
/// (the store bench in core, the window's import in vetta-tests). Row `i` is named
/// `Импорт {i} бенч {tag}`; `tag` keeps the names new in a file an earlier run imported into.
pub fn russian_excel_file(rows: usize, tag: u32) -> Vec<u8> {
    let mut text = String::from(
        "Название;Тип;Рынки;Город;Контактное лицо;Телефон;Кейсы;Рассказали о неудачах\r\n",
    );
    for i in 0..rows {
        let city = RUSSIAN_EXCEL_CITIES[i % RUSSIAN_EXCEL_CITIES.len()].0;
        text.push_str(&format!(
            "Импорт {i} бенч {tag};агентство;RU, US;{city};Анна {i};+7 900 {i:07};RU 3, US 1;да\r\n"
        ));
    }
    encoding_rs::WINDOWS_1251.encode(&text).0.into_owned()
}

/// 22 November 2026, 09:00 UTC. Fixed: every test passes time in (`now`), and no rule reads
/// the real clock, so this holds on any day.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
        .single()
        .expect("valid date")
}

/// `t0` plus `hours`.
pub fn at(hours: i64) -> DateTime<Utc> {
    t0() + Duration::hours(hours)
}

/// A new in-memory store, opened at [`t0`].
pub fn store() -> Store {
    Store::open_in_memory(t0()).expect("opens in memory")
}

/// A partner's input: an agency in RU and US, based in Los Angeles, speaking English and Russian,
/// no contacts, no signals, the default framework.
pub fn new_partner(name: &str) -> NewPartner {
    NewPartner {
        name: name.into(),
        kind: PartnerKind::Agency,
        markets: vec!["RU".into(), "US".into()],
        home_time_zone: "America/Los_Angeles".into(),
        languages: vec!["en".into(), "ru".into()],
        contacts: vec![],
        found_via: String::new(),
        notes: String::new(),
        signals: Signals::default(),
        framework_id: None,
    }
}

/// An edit of partner `id` that replaces its whole profile with `input`'s (its framework kept).
pub fn edit_to(id: &str, input: NewPartner) -> crate::partner::PartnerEdit {
    crate::partner::PartnerEdit {
        id: id.to_owned(),
        name: input.name,
        kind: input.kind,
        markets: input.markets,
        home_time_zone: input.home_time_zone,
        languages: input.languages,
        contacts: input.contacts,
        found_via: input.found_via,
        notes: input.notes,
        signals: input.signals,
        framework_id: None,
    }
}

/// Adds [`new_partner`]`(name)` at [`t0`].
pub fn partner(store: &mut Store, name: &str) -> Partner {
    store
        .add_partner(&new_partner(name), t0())
        .expect("adds a partner")
}

/// Puts a partner straight into `phase`, bypassing gates: for tests of later phases only.
pub fn force_phase(store: &mut Store, id: &str, phase: Phase) {
    store
        .write(|w| crate::partner::set_phase(w.tx, id, phase, t0(), "test"))
        .expect("sets phase");
}

/// Every row of every table, as sorted text: compare before and after to prove nothing changed.
pub fn dump(store: &Store) -> Vec<String> {
    let conn = &store.conn;
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("lists tables");
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("reads");
    tables.iter().flat_map(|t| table_lines(store, t)).collect()
}

/// What a workspace export carries, as [`dump`] shows it: sharing's device-local tables and this
/// installation's device id left out (a restore keeps the restoring installation's own).
pub fn workspace_dump(store: &Store) -> Vec<String> {
    let id = format!("meta: [Text(\"device_id\"), Text({:?})]", store.device_id);
    dump(store)
        .into_iter()
        .filter(|l| *l != id)
        .filter(|l| {
            l.split_once(": ")
                .is_none_or(|(table, _)| !crate::sync::is_device_local(table))
        })
        .collect()
}

/// Every row of `table` as `table: [values]`, sorted.
fn table_lines(store: &Store, table: &str) -> Vec<String> {
    let mut stmt = store
        .conn
        .prepare(&format!("SELECT * FROM \"{table}\""))
        .expect("selects");
    let n = stmt.column_count();
    let rows = stmt
        .query_map([], |r| {
            (0..n)
                .map(|i| r.get::<_, Value>(i))
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("queries")
        .collect::<Result<Vec<_>, _>>()
        .expect("reads");
    let mut lines: Vec<String> = rows.iter().map(|r| format!("{table}: {r:?}")).collect();
    lines.sort();
    lines
}

/// Records `choice` for the partner at [`t0`], by "Founder", with a rationale, an assumption and a
/// review date.
pub fn decide(store: &mut Store, partner_id: &str, choice: Choice) -> crate::Result<Decision> {
    store.record_decision(
        &NewDecision {
            partner_id: partner_id.into(),
            choice,
            decided_by: "Founder".into(),
            rationale: "because the evidence says so".into(),
            assumptions: vec!["RU audiences prefer founder-led copy".into()],
            // Fixed: a date after `t0`; reminders take `now` as a parameter, never the clock.
            review_on: Some("2027-01-15".into()),
            confidence: None,
            expected: None,
        },
        t0(),
    )
}

/// A gut-check scorecard with the default framework's three yes/no answers (1 = yes, 0 = no).
pub fn gut_check_card(partner_id: &str, reviewer: &str, values: [i32; 3]) -> NewScorecard {
    let answers = ["understands_ugc", "knows_both_markets", "asks_about_goals"]
        .iter()
        .zip(values)
        .map(|(k, v)| Answer {
            criterion: (*k).into(),
            value: v,
        })
        .collect();
    NewScorecard {
        partner_id: partner_id.into(),
        phase: Phase::GutCheck,
        reviewer: reviewer.into(),
        answers,
        note: String::new(),
    }
}

/// Submits [`gut_check_card`] at [`t0`].
pub fn gut_check(store: &mut Store, partner_id: &str, reviewer: &str, values: [i32; 3]) {
    store
        .submit_scorecard(&gut_check_card(partner_id, reviewer, values), t0())
        .expect("submits a gut check");
}

/// Sourced → gut check (3/3 from two reviewers) → pilot scoping, through real decisions.
pub fn to_scoping(store: &mut Store, partner_id: &str) {
    decide(store, partner_id, Choice::Advance).expect("advances to the gut check");
    gut_check(store, partner_id, "Anna", [1, 1, 1]);
    gut_check(store, partner_id, "Mike", [1, 1, 1]);
    decide(store, partner_id, Choice::Advance).expect("advances to scoping");
}

/// A pilot scope within the default framework's limits: two creators, one deliverable, two weeks
/// from `t0` + 1 day, a metric per market (RU and US), roles, rhythm and three hypotheses.
pub fn scope() -> PilotScope {
    PilotScope {
        creators: 2,
        deliverables: 1,
        starts_at: crate::ids::format_instant(at(24)),
        ends_at: crate::ids::format_instant(at(24 + 14 * 24)),
        revision_limit: 2,
        payment_amount: "1500.00".into(),
        currency: "usd".into(),
        metrics: vec![
            NewMetric {
                market: "RU".into(),
                name: "Охват".into(),
                unit: MetricUnit::Count,
                target: 100_000.0,
                currency: None,
            },
            NewMetric {
                market: "US".into(),
                name: "Conversion".into(),
                unit: MetricUnit::Percent,
                target: 2.5,
                currency: None,
            },
        ],
        roles: Roles {
            creative_feedback_owner: "Anna (Moscow)".into(),
            creator_relations: "Mike (LA)".into(),
            final_approval: "Founder".into(),
            escalation_path: "Anna → Founder, within 24 h".into(),
        },
        rhythm: "async-first, weekly sync on Tuesdays".into(),
        hypotheses: vec![
            "RU prefers founder-led copy".into(),
            "US converts on social proof".into(),
            "One creator per market is enough".into(),
        ],
    }
}

/// Creates a pilot with [`scope`] at [`t0`] (the partner must be in pilot scoping).
pub fn pilot_for(store: &mut Store, partner_id: &str) -> Pilot {
    store
        .create_pilot(
            &NewPilot {
                partner_id: partner_id.into(),
                scope: scope(),
                viewer_time_zone: None,
            },
            t0(),
        )
        .expect("creates a pilot")
}

/// Every row of every shared table (design/SYNC.md), sorted: two devices that converged have
/// equal shared dumps.
pub fn shared_dump(store: &Store) -> Vec<String> {
    let tables = crate::sync::shared_tables(&store.conn).expect("lists shared tables");
    tables.iter().flat_map(|t| table_lines(store, t)).collect()
}

/// An edit of `p` that changes nothing yet: set the fields a test is about.
pub fn edit_of(p: &Partner) -> PartnerEdit {
    PartnerEdit {
        id: p.id.clone(),
        name: p.name.clone(),
        kind: p.kind,
        markets: p.markets.clone(),
        home_time_zone: p.home_time_zone.clone(),
        languages: p.languages.clone(),
        contacts: p.contacts.clone(),
        found_via: p.found_via.clone(),
        notes: p.notes.clone(),
        signals: p.signals.clone(),
        framework_id: None,
    }
}

/// The first column (the id) of every row of `table` matching `filter` (SQL).
pub fn ids(store: &Store, table: &str, filter: &str) -> Vec<String> {
    let mut stmt = store
        .conn
        .prepare(&format!(
            "SELECT id FROM \"{table}\" WHERE {filter} ORDER BY id"
        ))
        .expect("selects ids");
    stmt.query_map([], |r| r.get(0))
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("reads")
}

/// The merges that hold (`merged_partners`, merge.rs): each loser with its final winner, sorted.
pub fn merged(store: &Store) -> Vec<(String, String)> {
    let mut stmt = store
        .conn
        .prepare("SELECT loser_id, winner_id FROM merged_partners ORDER BY loser_id")
        .expect("selects merges");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("reads")
}

/// Forgets which other devices' files were applied, so the next apply reads them all again.
pub fn forget_applied(store: &mut Store) {
    store
        .conn
        .execute("DELETE FROM sync_applied", [])
        .expect("forgets");
    if let Some(s) = &mut store.sharing {
        s.applied.clear();
    }
}

/// The name index without a file (the store bench times it at a million partners).
pub struct NameBench(crate::names::NameIndex);

impl NameBench {
    /// An index of `(name, phase)`: each name folded as the store folds it, ids made up in order.
    pub fn new(names: impl IntoIterator<Item = (String, Phase)>) -> NameBench {
        NameBench(crate::names::NameIndex::from_rows(
            names.into_iter().enumerate().map(|(i, (name, phase))| {
                (i as i64, format!("{i:012}"), name.to_lowercase(), phase)
            }),
        ))
    }

    /// What the board's search asks: per phase, the count and the first `limit` ids; or with
    /// `phase`, that column alone (`None` in it: the partner list).
    pub fn search(
        &mut self,
        search: &str,
        columns: &[Option<Phase>],
        limit: usize,
    ) -> Vec<(u32, Vec<String>)> {
        let after = crate::names::After {
            key: None,
            backward: false,
        };
        self.0
            .search(&search.to_lowercase(), columns, &after, limit)
            .into_iter()
            .map(|f| (f.total, f.ids))
            .collect()
    }
}

/// The Insights page's filters, each in turn: none, a market, a kind, a period, and a framework
/// version when `framework_id` is given (the tests and the bench read each).
pub fn insights_filters(framework_id: Option<&str>) -> Vec<crate::insights::InsightsQuery> {
    use crate::insights::InsightsQuery;
    let mut out = vec![
        InsightsQuery::default(),
        InsightsQuery {
            market: Some("RU".into()),
            ..InsightsQuery::default()
        },
        InsightsQuery {
            kind: Some(PartnerKind::Creator),
            ..InsightsQuery::default()
        },
        InsightsQuery {
            since_days: Some(200),
            ..InsightsQuery::default()
        },
    ];
    out.extend(framework_id.map(|id| InsightsQuery {
        framework_id: Some(id.to_owned()),
        ..InsightsQuery::default()
    }));
    out
}
