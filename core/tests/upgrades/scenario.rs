//! The realistic data in the frozen fixtures of schema v2 and later, written through the Store's
//! own write methods, and the `.dump`-style text a fixture is made of.
//!
//! `tests/fixtures/v2.sql` was made by this file at the last build whose `LATEST` was 2, and
//! `v3.sql` at the last build with 3 (see `tests/fixtures/README.md`). When a new migration is
//! added, write the fixture of the schema it replaces first: `write_fixture_of_latest` below.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use vetta_core::debrief::{FailureCause, Health, HypothesisOutcome, HypothesisVerdict, NewDebrief};
use vetta_core::decision::{DecisionCorrection, NewDecision};
use vetta_core::flag::{FlagAction, NewFlag};
use vetta_core::framework::{FrameworkDraft, Limit};
use vetta_core::gate::Answer;
use vetta_core::partner::{Contact, NewPartner, PartnerKind};
use vetta_core::phase::Phase;
use vetta_core::pilot::{
    DeliveryUpdate, MetricActual, MetricUnit, MetricsAgreement, NewApproval, NewDeliverable,
    NewMetric, NewPilot, NewRevisionRound, PilotScope, PilotScopeEdit, PilotStart, Roles, Verdict,
};
use vetta_core::recommendation::Choice;
use vetta_core::scorecard::NewScorecard;
use vetta_core::settings::Language;
use vetta_core::signal::{MarketCount, Signals};
use vetta_core::Store;

/// Instants one hour apart from a fixed start: every write gets its own `now`.
struct Clock(DateTime<Utc>);

impl Clock {
    fn tick(&mut self) -> DateTime<Utc> {
        self.0 += Duration::hours(1);
        self.0
    }

    fn at(&self, days: i64) -> String {
        vetta_core::ids::format_instant(self.0 + Duration::days(days))
    }
}

/// Fixed: fixture data is a record of an old file; nothing compares it with the real clock.
fn start() -> DateTime<Utc> {
    vetta_core::ids::parse_instant("2026-05-04T09:00:00Z").expect("a fixed instant")
}

fn partner(name: &str, kind: PartnerKind, markets: &[&str], zone: &str) -> NewPartner {
    NewPartner {
        name: name.into(),
        kind,
        markets: markets.iter().map(|m| (*m).into()).collect(),
        home_time_zone: zone.into(),
        languages: vec![],
        contacts: vec![],
        found_via: String::new(),
        notes: String::new(),
        signals: Signals::default(),
        framework_id: None,
    }
}

fn decide(store: &mut Store, clock: &mut Clock, partner_id: &str, choice: Choice, why: &str) {
    store
        .record_decision(
            &NewDecision {
                partner_id: partner_id.into(),
                choice,
                decided_by: "Светлана".into(),
                rationale: why.into(),
                assumptions: vec!["RU-аудитория любит тексты от лица основателя".into()],
                review_on: Some("2026-07-01".into()),
            },
            clock.tick(),
        )
        .expect("the scenario's decision is allowed");
}

fn gut_check(store: &mut Store, clock: &mut Clock, partner_id: &str, who: &str, v: [i32; 3]) {
    let keys = ["understands_ugc", "knows_both_markets", "asks_about_goals"];
    store
        .submit_scorecard(
            &NewScorecard {
                partner_id: partner_id.into(),
                phase: Phase::GutCheck,
                reviewer: who.into(),
                answers: keys
                    .iter()
                    .zip(v)
                    .map(|(k, value)| Answer {
                        criterion: (*k).into(),
                        value,
                    })
                    .collect(),
                note: format!("{who}: первый созвон"),
            },
            clock.tick(),
        )
        .expect("the scenario's scorecard is valid");
}

fn roles() -> Roles {
    Roles {
        creative_feedback_owner: "Анна (Москва)".into(),
        creator_relations: "Mike (LA)".into(),
        final_approval: "Светлана".into(),
        escalation_path: "Анна → Светлана, в течение 24 ч".into(),
    }
}

fn metric(market: &str, name: &str, unit: MetricUnit, target: f64) -> NewMetric {
    NewMetric {
        market: market.into(),
        name: name.into(),
        unit,
        target,
        currency: (unit == MetricUnit::Money).then(|| "usd".into()),
    }
}

/// Every kind of row the schema holds: five partners (one soft-deleted), two framework versions,
/// superseded scorecards, debriefs and decisions, manual and derived flags (resolved, overridden,
/// open), pilots with re-scoped (soft-deleted) metrics and hypotheses, deliverables, revisions,
/// approvals and actuals, a KZ market and every setting.
pub fn build(path: &Path) -> Store {
    let mut clock = Clock(start());
    let (mut store, _) = Store::open(path, clock.tick()).expect("a new file opens");
    store
        .set_language(Language::Ru, clock.tick())
        .expect("sets");
    store.set_user_name("Светлана", clock.tick()).expect("sets");
    store
        .set_time_zone("Europe/Moscow", clock.tick())
        .expect("sets");
    store.add_market("kz", clock.tick()).expect("adds KZ");

    // A copy of the default that allows up to three deliverables per pilot.
    let default = store.default_framework().expect("the seeded default");
    let mut definition = default.definition.clone();
    definition.name.ru = "Проверка партнёра: до трёх роликов".into();
    definition.name.en = "Partner vetting: up to three videos".into();
    definition.scope.deliverables = Limit {
        default: 2,
        min: 1,
        max: 3,
    };
    let copy = store
        .create_framework_version(
            &FrameworkDraft {
                based_on: default.id.clone(),
                definition,
                make_default: false,
            },
            clock.tick(),
        )
        .expect("a copy is saved");

    // 1. Full lifecycle on the copied framework: pilot, debrief (corrected), decision (corrected),
    //    then a second campaign scoped and not started.
    let lab = store
        .add_partner(
            &NewPartner {
                languages: vec!["ru".into(), "en".into()],
                contacts: vec![
                    Contact {
                        name: "Анна Петрова".into(),
                        detail: "anna@ugc-lab.example".into(),
                    },
                    Contact {
                        name: "Mike Chen".into(),
                        detail: "@mike_ugc (Telegram)".into(),
                    },
                ],
                found_via: "UGC Hub, конференция".into(),
                notes: "Сильные кейсы в RU; в US — два бренда.".into(),
                signals: Signals {
                    case_studies: vec![
                        MarketCount {
                            market: "RU".into(),
                            count: 5,
                        },
                        MarketCount {
                            market: "US".into(),
                            count: 4,
                        },
                    ],
                    longest_relationship_months: Some(14),
                    showed_failures: Some(true),
                    cross_market_experience: Some(true),
                    creator_references: Some(3),
                },
                framework_id: Some(copy.id.clone()),
                ..partner(
                    "Лаборатория UGC",
                    PartnerKind::Agency,
                    &["RU", "US"],
                    "Europe/Moscow",
                )
            },
            clock.tick(),
        )
        .expect("adds");
    decide(
        &mut store,
        &mut clock,
        &lab.id,
        Choice::Advance,
        "сильные сигналы",
    );
    gut_check(&mut store, &mut clock, &lab.id, "Анна", [1, 1, 0]);
    gut_check(&mut store, &mut clock, &lab.id, "Анна", [1, 1, 1]);
    gut_check(&mut store, &mut clock, &lab.id, "Mike", [1, 1, 1]);
    decide(&mut store, &mut clock, &lab.id, Choice::Advance, "3 из 3");
    let scope = |days: (String, String), payment: &str, hypotheses: &[&str]| PilotScope {
        creators: 2,
        deliverables: 2,
        starts_at: days.0,
        ends_at: days.1,
        revision_limit: 2,
        payment_amount: payment.into(),
        currency: "usd".into(),
        metrics: vec![
            metric("RU", "Охват", MetricUnit::Count, 100_000.0),
            metric("US", "Conversion", MetricUnit::Percent, 2.5),
            metric("US", "Revenue", MetricUnit::Money, 5_000.0),
        ],
        roles: roles(),
        rhythm: "async-first, созвон по вторникам".into(),
        hypotheses: hypotheses.iter().map(|h| (*h).into()).collect(),
    };
    let days = (clock.at(2), clock.at(16));
    let first = scope(
        days.clone(),
        "1500.00",
        &[
            "RU любит founder-led",
            "US — соц. доказательство",
            "Одного креатора хватит",
        ],
    );
    let second = scope(
        days,
        "1800.50",
        &[
            "RU любит founder-led",
            "US converts on social proof",
            "Two creators beat one",
            "Weekly sync is enough",
        ],
    );
    let pilot = store
        .create_pilot(
            &NewPilot {
                partner_id: lab.id.clone(),
                scope: first,
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("creates the pilot");
    let pilot = store
        .update_pilot_scope(
            &PilotScopeEdit {
                pilot_id: pilot.id.clone(),
                scope: second,
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("re-scopes before the start");
    let by = "Анна и Mike";
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: by.into(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("agrees");
    store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("starts");
    store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: "Видео #1".into(),
                market: Some("RU".into()),
                due_at: clock.at(5),
                delivered_at: Some(clock.at(4)),
                notice_given: false,
                verdict: Some(Verdict::OnScope),
                note: "Вовремя и по брифу".into(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("logs a delivered video");
    let pilot = store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: "Video #2".into(),
                market: Some("US".into()),
                due_at: clock.at(8),
                delivered_at: None,
                notice_given: false,
                verdict: None,
                note: String::new(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("logs a video not delivered yet");
    let late = pilot
        .deliverables
        .iter()
        .find(|d| d.title == "Video #2")
        .expect("the second video is logged");
    store
        .record_delivery(
            &DeliveryUpdate {
                deliverable_id: late.id.clone(),
                delivered_at: clock.at(9),
                notice_given: false,
                verdict: Some(Verdict::BelowScope),
                note: "A day late, no warning".into(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("records a late delivery (derives a flag)");
    for market in ["RU", "RU", "US"] {
        store
            .log_revision_round(
                &NewRevisionRound {
                    pilot_id: pilot.id.clone(),
                    market: Some(market.into()),
                    note: format!("правки {market}"),
                    viewer_time_zone: None,
                },
                clock.tick(),
            )
            .expect("logs a revision round");
    }
    for (market, asked, given) in [("RU", 3, 4), ("US", 3, 5), ("US", 6, 7)] {
        store
            .log_approval(
                &NewApproval {
                    pilot_id: pilot.id.clone(),
                    market: market.into(),
                    requested_at: clock.at(asked),
                    approved_at: clock.at(given),
                    viewer_time_zone: None,
                },
                clock.tick(),
            )
            .expect("logs an approval");
    }
    for (name, actual) in [("Охват", 120_000.0), ("Conversion", 1.75)] {
        let m = pilot
            .metrics
            .iter()
            .find(|m| m.name == name)
            .expect("the metric is in the scope");
        store
            .record_metric_actual(
                &MetricActual {
                    metric_id: m.id.clone(),
                    actual,
                    viewer_time_zone: None,
                },
                clock.tick(),
            )
            .expect("records an actual");
    }
    let warning = store
        .raise_flag(
            &NewFlag {
                partner_id: lab.id.clone(),
                pilot_id: Some(pilot.id.clone()),
                kind: "communication_gaps".into(),
                occurred_at: clock.at(6),
                note: "Два дня без ответа".into(),
                link: "https://example.com/chat/42".into(),
                raised_by: "Mike".into(),
            },
            clock.tick(),
        )
        .expect("raises a warning");
    store
        .resolve_flag(
            &FlagAction {
                flag_id: warning.id,
                by: "Анна".into(),
                note: "Обсудили, договорились о ритме".into(),
            },
            clock.tick(),
        )
        .expect("resolves it");
    let debrief = |verdicts: [HypothesisVerdict; 4], cause: FailureCause| NewDebrief {
        pilot_id: pilot.id.clone(),
        author: "Светлана".into(),
        worked: "RU-ролик зашёл".into(),
        did_not_work: "US: опоздание и ниже брифа".into(),
        hypotheses: pilot
            .hypotheses
            .iter()
            .zip(verdicts)
            .map(|(h, verdict)| HypothesisOutcome {
                hypothesis_id: h.id.clone(),
                verdict,
                note: format!("{} — {}", h.text, verdict.as_str()),
            })
            .collect(),
        health: Health {
            communication: 3,
            speed: 2,
            ownership: 4,
        },
        failure_cause: cause,
    };
    use HypothesisVerdict::{Refined, Refuted, Validated};
    store
        .record_debrief(
            &debrief([Validated, Refuted, Refined, Validated], FailureCause::None),
            clock.tick(),
        )
        .expect("debriefs");
    store
        .record_debrief(
            &debrief(
                [Validated, Refuted, Refuted, Refined],
                FailureCause::Execution,
            ),
            clock.tick(),
        )
        .expect("corrects the debrief");
    decide(
        &mut store,
        &mut clock,
        &lab.id,
        Choice::ScaleTo { campaigns: 3 },
        "RU сработал",
    );
    let scaled = store
        .decisions(&lab.id)
        .expect("the log reads")
        .pop()
        .expect("the scale-up is logged");
    store
        .correct_decision(
            &DecisionCorrection {
                decision_id: scaled.id,
                choice: Choice::Repeat,
                decided_by: "Светлана".into(),
                rationale: "Опечатка: сначала повторим один пилот".into(),
                assumptions: vec![],
                review_on: None,
            },
            clock.tick(),
        )
        .expect("corrects the decision");
    let mut next = scope(
        (clock.at(7), clock.at(21)),
        "900.00",
        &["Повтор: тот же бриф", "Без опозданий", "US отдельно"],
    );
    next.metrics.truncate(1);
    store
        .create_pilot(
            &NewPilot {
                partner_id: lab.id.clone(),
                scope: next,
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("scopes the second campaign");

    // 2. Default framework: a failed gut check held, re-scored, a dealbreaker overridden, a pilot
    //    started without agreed metrics (derived flag), a video not delivered yet.
    let studio = store
        .add_partner(
            &partner(
                "Bright Studio",
                PartnerKind::Studio,
                &["US"],
                "America/Los_Angeles",
            ),
            clock.tick(),
        )
        .expect("adds");
    decide(
        &mut store,
        &mut clock,
        &studio.id,
        Choice::Advance,
        "попробуем",
    );
    gut_check(&mut store, &mut clock, &studio.id, "Анна", [1, 1, 1]);
    gut_check(&mut store, &mut clock, &studio.id, "Mike", [1, 0, 1]);
    decide(&mut store, &mut clock, &studio.id, Choice::Hold, "2 из 3");
    gut_check(&mut store, &mut clock, &studio.id, "Mike", [1, 1, 1]);
    let dealbreaker = store
        .raise_flag(
            &NewFlag {
                partner_id: studio.id.clone(),
                pilot_id: None,
                kind: "resists_documentation".into(),
                occurred_at: clock.at(0),
                note: "Refused to write a brief".into(),
                link: String::new(),
                raised_by: "Mike".into(),
            },
            clock.tick(),
        )
        .expect("raises a dealbreaker");
    store
        .override_flag(
            &FlagAction {
                flag_id: dealbreaker.id,
                by: "Светлана".into(),
                note: "Бриф напишем сами; пилот маленький".into(),
            },
            clock.tick(),
        )
        .expect("overrides it with a reason");
    decide(
        &mut store,
        &mut clock,
        &studio.id,
        Choice::Advance,
        "3 из 3",
    );
    let pilot = store
        .create_pilot(
            &NewPilot {
                partner_id: studio.id.clone(),
                scope: PilotScope {
                    creators: 1,
                    deliverables: 1,
                    starts_at: clock.at(1),
                    ends_at: clock.at(15),
                    revision_limit: 2,
                    payment_amount: "75000".into(),
                    currency: "rub".into(),
                    metrics: vec![metric("US", "Views", MetricUnit::Count, 50_000.0)],
                    roles: roles(),
                    rhythm: "weekly".into(),
                    hypotheses: vec!["A".into(), "B".into(), "C".into()],
                },
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("scopes");
    store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("starts without agreed metrics (derives a flag)");
    store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: "Launch video".into(),
                market: None,
                due_at: clock.at(12),
                delivered_at: None,
                notice_given: false,
                verdict: None,
                note: String::new(),
                viewer_time_zone: None,
            },
            clock.tick(),
        )
        .expect("logs a video due later");

    // 3. Walked with an open dealbreaker, in the added KZ market.
    let creator = store
        .add_partner(
            &NewPartner {
                languages: vec!["kk".into(), "ru".into()],
                ..partner(
                    "Креатор Ко",
                    PartnerKind::Creator,
                    &["KZ", "RU"],
                    "Asia/Almaty",
                )
            },
            clock.tick(),
        )
        .expect("adds");
    store
        .raise_flag(
            &NewFlag {
                partner_id: creator.id.clone(),
                pilot_id: None,
                kind: "resists_documentation".into(),
                occurred_at: clock.at(0),
                note: "Не хочет договор".into(),
                link: String::new(),
                raised_by: "Анна".into(),
            },
            clock.tick(),
        )
        .expect("raises a dealbreaker");
    decide(
        &mut store,
        &mut clock,
        &creator.id,
        Choice::Walk,
        "без договора нельзя",
    );

    // 4. Sourced, nothing else.
    store
        .add_partner(
            &partner(
                "Quiet Consulting",
                PartnerKind::Consultant,
                &["US"],
                "America/New_York",
            ),
            clock.tick(),
        )
        .expect("adds");

    // 5. Soft-deleted. No screen deletes a partner yet, but the column exists and v3 counts only
    //    live partners, so an upgrade must meet one.
    let gone = store
        .add_partner(
            &partner(
                "Удалённый партнёр",
                PartnerKind::Other,
                &["RU"],
                "Europe/Moscow",
            ),
            clock.tick(),
        )
        .expect("adds");
    drop(store);
    let conn = Connection::open(path).expect("the file reopens");
    conn.execute(
        "UPDATE partners SET deleted_at = ?2 WHERE id = ?1",
        (&gone.id, vetta_core::ids::format_instant(clock.tick())),
    )
    .expect("soft-deletes");
    drop(conn);
    let (store, _) = Store::open(path, clock.tick()).expect("the file reopens");
    store
}

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
