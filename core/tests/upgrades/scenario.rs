//! The realistic data in the frozen fixtures of schema v2 and later, written through the Store's
//! own write methods, and the `.dump`-style text a fixture is made of.
//!
//! `tests/fixtures/v2.sql` was made by this script at the last build whose `LATEST` was 2, and
//! `v3.sql` at the last build with 3 (see `tests/fixtures/README.md`). It is the record of those
//! files: what it writes (the calls, their order, their values, the clock's ticks) stays as it
//! ran. This file holds the helpers, [`build`] and the short stories 2 to 5; story 1, the full
//! lifecycle, is in `full_lifecycle.rs`; `dump` and the ignored `write_fixture_of_latest`, which
//! writes the fixture of the schema a new migration replaces, are in `fixture.rs`.

mod fixture;
mod full_lifecycle;

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use vetta_core::decision::{NewDecision, NewDecisionReview};
use vetta_core::flag::{FlagAction, NewFlag};
use vetta_core::framework::{FrameworkDraft, Limit};
use vetta_core::gate::Answer;
use vetta_core::partner::{NewPartner, PartnerKind};
use vetta_core::phase::Phase;
use vetta_core::pilot::{
    MetricUnit, NewDeliverable, NewMetric, NewPilot, PilotScope, PilotStart, Roles,
};
use vetta_core::recommendation::Choice;
use vetta_core::scorecard::NewScorecard;
use vetta_core::settings::Language;
use vetta_core::signal::Signals;
use vetta_core::Store;

use full_lifecycle::full_lifecycle;

/// Instants one hour apart from a fixed start: every write gets its own `now`.
struct Clock(DateTime<Utc>);

impl Clock {
    fn tick(&mut self) -> DateTime<Utc> {
        self.0 += Duration::hours(1);
        self.0
    }

    /// Lets `days` pass, as between scoping a pilot and its start: events are recorded once
    /// they have happened (core/src/dates.rs).
    fn wait(&mut self, days: i64) {
        self.0 += Duration::days(days);
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
                // Fixed: part of the frozen fixture's record (see `start`), never compared with
                // the real clock.
                review_on: Some("2026-07-01".into()),
                // Schema v7: every scenario decision carries a confidence and an expectation.
                confidence: Some(70),
                expected: Some("Партнёр сдаст ролики в срок".into()),
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

    // The five stories, numbered in their docs, in the order they ran.
    full_lifecycle(&mut store, &mut clock, &copy);
    default_framework(&mut store, &mut clock);
    walked(&mut store, &mut clock);
    sourced(&mut store, &mut clock);
    soft_deleted(store, &mut clock, path)
}

/// Story 2, on the default framework: a failed gut check held, re-scored, a dealbreaker
/// overridden, a pilot started without agreed metrics (derived flag), a video not delivered yet.
fn default_framework(store: &mut Store, clock: &mut Clock) {
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
    decide(store, clock, &studio.id, Choice::Advance, "попробуем");
    gut_check(store, clock, &studio.id, "Анна", [1, 1, 1]);
    gut_check(store, clock, &studio.id, "Mike", [1, 0, 1]);
    decide(store, clock, &studio.id, Choice::Hold, "2 из 3");
    gut_check(store, clock, &studio.id, "Mike", [1, 1, 1]);
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
    decide(store, clock, &studio.id, Choice::Advance, "3 из 3");
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
}

/// Story 3: walked with an open dealbreaker, in the added KZ market.
fn walked(store: &mut Store, clock: &mut Clock) {
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
        store,
        clock,
        &creator.id,
        Choice::Walk,
        "без договора нельзя",
    );
    // Schema v7: at its review date the walk is reviewed — not as expected, then corrected.
    let walk = store
        .decisions(&creator.id)
        .expect("reads the log")
        .pop()
        .expect("the walk");
    clock.wait(60);
    for as_expected in [false, true] {
        store
            .review_decision(
                &NewDecisionReview {
                    decision_id: walk.id.clone(),
                    as_expected,
                    note: "Вернулись с договором через месяц".into(),
                },
                clock.tick(),
            )
            .expect("the review date has come");
    }
}

/// Story 4: sourced, nothing else.
fn sourced(store: &mut Store, clock: &mut Clock) {
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
}

/// Story 5: soft-deleted. No screen deletes a partner yet, but the column exists and v3 counts
/// only live partners, so an upgrade must meet one.
fn soft_deleted(mut store: Store, clock: &mut Clock, path: &Path) -> Store {
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
