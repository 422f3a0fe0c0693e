//! A store with something of every kind to aim at: a sourced partner, one in scoping with a draft
//! pilot, one in a running pilot (agreed metrics, a deliverable, a flag, decisions), and the ids
//! of all of it — the pool hostile ids are drawn from, so most are real ids of the wrong kind or
//! the wrong phase.

use vetta_core::flag::NewFlag;
use vetta_core::pilot::{MetricsAgreement, NewDeliverable, Pilot, PilotStart};
use vetta_core::recommendation::Choice;
use vetta_core::store::Store;
use vetta_core::testing::{self, at};

pub struct Fixture {
    pub store: Store,
    /// Where backups go (the store itself is in memory).
    pub dir: tempfile::TempDir,
    pub sourced: String,
    /// In the gut check (scorecards go here).
    pub gut: String,
    /// In pilot scoping without a pilot yet (create_pilot goes here).
    pub scoping_empty: String,
    pub piloting: String,
    pub draft: Pilot,
    /// Started, with its one planned deliverable logged.
    pub running: Pilot,
    /// Started, nothing logged yet.
    pub fresh: Pilot,
    pub flag: String,
    pub dealbreaker: String,
    pub decision: String,
    pub framework: String,
    /// A second version of it, not the default.
    pub other_framework: String,
    pub ids: Vec<String>,
}

impl Fixture {
    pub fn new() -> Fixture {
        let mut store = testing::store();
        let sourced = testing::partner(&mut store, "Sourced").id;
        let gut = testing::partner(&mut store, "Gut").id;
        testing::decide(&mut store, &gut, Choice::Advance).expect("to the gut check");
        let scoping_empty = testing::partner(&mut store, "Empty").id;
        testing::to_scoping(&mut store, &scoping_empty);
        let scoping = testing::partner(&mut store, "Scoping").id;
        testing::to_scoping(&mut store, &scoping);
        let draft = testing::pilot_for(&mut store, &scoping);
        let (piloting, pilot) = started(&mut store, "Piloting");
        let (_, fresh) = started(&mut store, "Fresh");
        let running = store
            .log_deliverable(
                &NewDeliverable {
                    pilot_id: pilot.id.clone(),
                    title: "Teaser".into(),
                    market: Some("US".into()),
                    due_at: vetta_core::ids::format_instant(at(24 * 7)),
                    delivered_at: None,
                    notice_given: false,
                    verdict: None,
                    note: String::new(),
                    viewer_time_zone: None,
                },
                at(25),
            )
            .expect("logs a deliverable");
        let flag = store
            .raise_flag(&flag_input(&piloting, &pilot.id), at(26))
            .expect("raises a flag")
            .id;
        let dealbreaker = store
            .raise_flag(
                &NewFlag {
                    kind: "resists_documentation".into(),
                    ..flag_input(&piloting, &pilot.id)
                },
                at(26),
            )
            .expect("raises a dealbreaker")
            .id;
        let decision = store
            .decisions(&gut)
            .expect("reads decisions")
            .last()
            .map(|d| d.id.clone())
            .expect("the lifecycle recorded decisions");
        let default = store.default_framework().expect("default framework");
        let framework = default.id.clone();
        // A second version, not the default: archiving and "make default" go here.
        let other_framework = store
            .create_framework_version(
                &vetta_core::framework::FrameworkDraft {
                    based_on: framework.clone(),
                    definition: default.definition,
                    make_default: false,
                },
                at(2),
            )
            .expect("a second framework version")
            .id;
        let mut ids = vec![
            sourced.clone(),
            gut.clone(),
            scoping_empty.clone(),
            scoping.clone(),
            piloting.clone(),
            draft.id.clone(),
            running.id.clone(),
            flag.clone(),
            dealbreaker.clone(),
            decision.clone(),
            framework.clone(),
            other_framework.clone(),
        ];
        // Who checks a compliance item: the user named in the settings.
        store.set_user_name("Anna", at(0)).expect("names the user");
        for p in [&draft, &running, &fresh] {
            ids.extend(p.metrics.iter().map(|m| m.id.clone()));
            ids.extend(p.hypotheses.iter().map(|h| h.id.clone()));
            ids.extend(p.deliverables.iter().map(|d| d.id.clone()));
        }
        Fixture {
            store,
            dir: tempfile::tempdir().expect("temp dir"),
            sourced,
            gut,
            scoping_empty,
            piloting,
            draft,
            running,
            fresh,
            flag,
            dealbreaker,
            decision,
            framework,
            other_framework,
            ids,
        }
    }
}

/// A partner taken to a started pilot (metrics agreed first), at `t0` plus a day.
fn started(store: &mut Store, name: &str) -> (String, Pilot) {
    let partner = testing::partner(store, name).id;
    testing::to_scoping(store, &partner);
    let pilot = testing::pilot_for(store, &partner);
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: "Anna".into(),
                viewer_time_zone: None,
            },
            at(1),
        )
        .expect("agrees the metrics");
    let pilot = store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
            },
            at(24),
        )
        .expect("starts the pilot");
    (partner, pilot)
}

fn flag_input(partner: &str, pilot: &str) -> NewFlag {
    NewFlag {
        partner_id: partner.into(),
        pilot_id: Some(pilot.into()),
        kind: "communication_gaps".into(),
        occurred_at: vetta_core::ids::format_instant(at(26)),
        note: "silent for a week".into(),
        link: String::new(),
        raised_by: "Anna".into(),
    }
}
