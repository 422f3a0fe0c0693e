//! The compliance checklist: items follow the markets, states are append-only with who and when,
//! a delivery with open items derives a flag naming them, usage rights end in a reminder.

use super::*;
use crate::framework::FrameworkDefinition;
use crate::reminder::{ReminderKind, ReminderQuery};

/// A started pilot of an RU+US partner with one deliverable without a market (so: both
/// markets'), due in a week, and the user named "Anna".
fn started() -> (Store, String, Pilot, String) {
    let (mut store, partner_id, pilot) = scoped();
    store.set_user_name("Anna", t0()).expect("names the user");
    store
        .agree_pilot_metrics(
            &MetricsAgreement {
                pilot_id: pilot.id.clone(),
                agreed_by: "Anna and Mike".into(),
                viewer_time_zone: None,
            },
            at(1),
        )
        .expect("agrees");
    store
        .start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
            },
            at(24),
        )
        .expect("starts");
    let logged = store
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: "Launch video".into(),
                market: None,
                due_at: crate::ids::format_instant(at(24 * 7)),
                delivered_at: None,
                notice_given: false,
                verdict: None,
                note: String::new(),
                viewer_time_zone: None,
            },
            at(25),
        )
        .expect("logs");
    let id = logged.deliverables[0].id.clone();
    (store, partner_id, logged, id)
}

fn mark(id: &str, market: Option<&str>, item: &str, state: ComplianceState) -> ComplianceMark {
    ComplianceMark {
        deliverable_id: id.into(),
        market: market.map(str::to_owned),
        item: item.into(),
        state,
        reason: String::new(),
        note: String::new(),
        viewer_time_zone: None,
    }
}

fn keys(c: &Compliance, market: Option<&str>) -> Vec<String> {
    c.items
        .iter()
        .filter(|i| i.market.as_deref() == market)
        .map(|i| i.key.clone())
        .collect()
}

#[test]
fn an_ru_and_us_deliverable_gets_both_markets_items_and_a_us_one_only_its_own() {
    let (_store, _, pilot, _) = started();
    let c = &pilot.deliverables[0].compliance;
    assert_eq!(c.markets, ["RU", "US"], "the partner's markets");
    assert!(keys(c, Some("RU")).contains(&"erid_recorded".to_owned()));
    assert!(keys(c, Some("RU")).contains(&"blogger_register".to_owned()));
    assert!(keys(c, Some("US")).contains(&"ftc_disclosure".to_owned()));
    assert!(keys(c, None).contains(&"usage_rights".to_owned()));
    assert_eq!(c.open, c.items.len() as u32, "nothing checked yet");
    assert!(c.items.iter().all(|i| i.by.is_none() && i.at.is_none()));

    let def: FrameworkDefinition = crate::framework::default_definition();
    let us_only = def.compliance_for(&["US".to_owned()]);
    assert!(us_only.iter().all(|i| i.market.as_deref() != Some("RU")));
    assert!(us_only.iter().any(|i| i.key == "audience_authenticity"));
}

#[test]
fn a_state_records_who_and_when_and_the_latest_wins() {
    let (mut store, _, _, id) = started();
    let mut done = mark(&id, Some("RU"), "erid_recorded", ComplianceState::Done);
    done.note = "  erid=2VtzqxXyZ1  ".into();
    let p = store.mark_compliance(&done, at(30)).expect("marks done");
    let erid = p.deliverables[0]
        .compliance
        .items
        .iter()
        .find(|i| i.key == "erid_recorded")
        .expect("the erid item")
        .clone();
    assert_eq!(erid.state, ComplianceState::Done);
    assert_eq!(erid.note, "erid=2VtzqxXyZ1");
    assert_eq!(erid.by.as_deref(), Some("Anna"));
    assert_eq!(
        erid.at.expect("dated").utc,
        crate::ids::format_instant(at(30))
    );
    let again = store
        .mark_compliance(
            &mark(&id, Some("RU"), "erid_recorded", ComplianceState::Open),
            at(31),
        )
        .expect("opens again");
    let c = &again.deliverables[0].compliance;
    assert_eq!(c.open, c.items.len() as u32, "the latest event wins");
    // The pilot read answers the same as the write.
    let read = store
        .pilot(
            &PilotQuery {
                pilot_id: again.id.clone(),
                viewer_time_zone: "America/Los_Angeles".into(),
            },
            at(31),
        )
        .expect("reads");
    assert_eq!(read.deliverables[0].compliance.items, c.items);
}

#[test]
fn not_applicable_needs_a_reason_an_unknown_item_and_a_missing_name_are_refused() {
    let (mut store, _, _, id) = started();
    let before = dump(&store);
    let na = mark(
        &id,
        Some("US"),
        "ftc_disclosure",
        ComplianceState::NotApplicable,
    );
    let err = store.mark_compliance(&na, at(30)).expect_err("no reason");
    assert!(matches!(
        err,
        crate::Error::EmptyField {
            field: crate::error::Field::ComplianceReason
        }
    ));
    let err = store
        .mark_compliance(
            &mark(&id, Some("US"), "erid_recorded", ComplianceState::Done),
            at(30),
        )
        .expect_err("erid is a Russian item");
    assert!(matches!(
        err,
        crate::Error::InvalidValue {
            field: crate::error::Field::ComplianceItem,
            ..
        }
    ));
    assert_eq!(dump(&store), before, "refused and nothing written");
    let with_reason = ComplianceMark {
        reason: "Not shown in the US".into(),
        ..na
    };
    let p = store
        .mark_compliance(&with_reason, at(30))
        .expect("with a reason");
    let item = p.deliverables[0]
        .compliance
        .items
        .iter()
        .find(|i| i.key == "ftc_disclosure")
        .expect("the FTC item")
        .clone();
    assert_eq!(item.state, ComplianceState::NotApplicable);
    assert_eq!(item.reason, "Not shown in the US");

    let mut nameless = crate::testing::store();
    let p = partner(&mut nameless, "Nameless");
    to_scoping(&mut nameless, &p.id);
    let pilot = pilot_for(&mut nameless, &p.id);
    let logged = nameless
        .log_deliverable(
            &NewDeliverable {
                pilot_id: pilot.id.clone(),
                title: "Post".into(),
                market: Some("RU".into()),
                due_at: crate::ids::format_instant(at(24 * 7)),
                delivered_at: None,
                notice_given: false,
                verdict: None,
                note: String::new(),
                viewer_time_zone: None,
            },
            at(2),
        )
        .expect("logs");
    let err = nameless
        .mark_compliance(
            &mark(
                &logged.deliverables[0].id,
                Some("RU"),
                "ord_chosen",
                ComplianceState::Done,
            ),
            at(3),
        )
        .expect_err("no user name in the settings");
    assert!(matches!(
        err,
        crate::Error::EmptyField {
            field: crate::error::Field::UserName
        }
    ));
}

#[test]
fn delivering_with_the_erid_open_derives_a_flag_naming_it() {
    let (mut store, partner_id, pilot, id) = started();
    for item in pilot.deliverables[0].compliance.items.clone() {
        if item.key != "erid_recorded" {
            store
                .mark_compliance(
                    &mark(
                        &id,
                        item.market.as_deref(),
                        &item.key,
                        ComplianceState::Done,
                    ),
                    at(30),
                )
                .expect("marks done");
        }
    }
    let delivered = store
        .record_delivery(
            &DeliveryUpdate {
                deliverable_id: id.clone(),
                delivered_at: crate::ids::format_instant(at(24 * 6)),
                notice_given: false,
                verdict: Some(Verdict::OnScope),
                note: String::new(),
                viewer_time_zone: None,
            },
            at(24 * 6),
        )
        .expect("delivers");
    assert_eq!(delivered.deliverables[0].compliance.open, 1);
    let flags = store.flags(&partner_id).expect("flags");
    assert_eq!(flags.len(), 1, "on time: only the compliance flag");
    assert_eq!(flags[0].kind, COMPLIANCE_OPEN_AT_DELIVERY);
    assert_eq!(flags[0].deliverable_id.as_deref(), Some(id.as_str()));
    assert_eq!(flags[0].note, "Launch video\nRU erid_recorded");
    assert_eq!(flags[0].severity, crate::framework::Severity::Warning);
}

#[test]
fn usage_rights_ending_within_fourteen_days_is_a_reminder() {
    let (mut store, partner_id, _, id) = started();
    let rights = |ends_on: &str| UsageRightsInput {
        deliverable_id: id.clone(),
        kind: UsageRightsKind::Paid,
        territory: "RU, US".into(),
        starts_on: "2026-11-20".into(), // Fixed: t0 is fixed (22 Nov 2026), dates count from it.
        ends_on: ends_on.into(),
        viewer_time_zone: None,
    };
    let query = ReminderQuery {
        viewer_time_zone: "Europe/Moscow".into(),
        kind: Some(ReminderKind::UsageRightsEnding),
        offset: 0,
        limit: None,
    };
    let before = dump(&store);
    // Fixed: days counted from testing::t0 (22 November 2026), which every call is given as `now`;
    // nothing here reads the real clock, so the dates mean the same on any day.
    let err = store
        .set_usage_rights(&rights("2026-11-19"), at(2))
        .expect_err("ends before it starts");
    assert!(matches!(
        err,
        crate::Error::InvalidValue {
            field: crate::error::Field::UsageEndsOn,
            ..
        }
    ));
    assert_eq!(dump(&store), before);
    // t0 + 15 days: not yet.
    let p = store
        .set_usage_rights(&rights("2026-12-07"), at(2))
        .expect("records");
    let recorded = p.deliverables[0]
        .compliance
        .usage_rights
        .clone()
        .expect("recorded");
    assert_eq!(recorded.ends_on, "2026-12-07");
    assert_eq!(recorded.by, "Anna");
    assert_eq!(store.reminders(&query, t0()).expect("reads").total, 0);
    // t0 + 14 days: reminded; the latest record counts.
    store
        .set_usage_rights(&rights("2026-12-06"), at(3))
        .expect("records again");
    let page = store.reminders(&query, t0()).expect("reads");
    assert_eq!(page.total, 1);
    assert_eq!(page.usage_rights_ending, 1);
    assert_eq!(page.items[0].subject_id, id);
    assert_eq!(page.items[0].partner_id, partner_id);
    assert_eq!(page.items[0].since, "2026-12-06");
    // Once it has passed, no longer "ending".
    let later = t0() + chrono::Duration::days(15);
    assert_eq!(store.reminders(&query, later).expect("reads").total, 0);
}

#[test]
fn a_payment_route_names_both_sides_and_the_screening_date() {
    let (mut store, _, _, id) = started();
    let route = PaymentRouteInput {
        deliverable_id: id.clone(),
        payer_entity: "Vetta Brands LLC".into(),
        payer_country: "US".into(),
        recipient_entity: "ООО «Закат»".into(),
        recipient_country: "RU".into(),
        screened_on: Some("2026-11-21".into()), // Fixed: the day before t0.
        viewer_time_zone: None,
    };
    let err = store
        .set_payment_route(
            &PaymentRouteInput {
                screened_on: Some("21.11.2026".into()),
                ..route.clone()
            },
            at(2),
        )
        .expect_err("not a date");
    assert!(matches!(
        err,
        crate::Error::InvalidValue {
            field: crate::error::Field::ScreenedOn,
            ..
        }
    ));
    let p = store.set_payment_route(&route, at(2)).expect("records");
    let saved = p.deliverables[0]
        .compliance
        .payment_route
        .clone()
        .expect("recorded");
    assert_eq!(saved.recipient_entity, "ООО «Закат»");
    assert_eq!(saved.screened_on.as_deref(), Some("2026-11-21"));
}

#[test]
fn a_framework_saved_before_the_checklist_reads_with_the_built_in_list_and_flag_kind() {
    let mut json = serde_json::to_value(crate::framework::default_definition()).expect("json");
    let obj = json.as_object_mut().expect("an object");
    obj.remove("compliance");
    let kinds = obj
        .get_mut("flagKinds")
        .and_then(|k| k.as_array_mut())
        .expect("flag kinds");
    kinds.retain(|k| k["key"] != COMPLIANCE_OPEN_AT_DELIVERY);
    let old: FrameworkDefinition = serde_json::from_value(json).expect("an old version reads");
    assert_eq!(old, crate::framework::default_definition());
    assert!(crate::framework::validate_definition(&old).is_ok());
}

#[test]
fn each_checklist_write_returns_the_reads_view() {
    use super::view::{assert_is_the_read, viewer};
    let (mut store, _, _, id) = started();
    let marked = store
        .mark_compliance(
            &ComplianceMark {
                note: "erid=2Vtzqx".into(),
                viewer_time_zone: viewer(),
                ..mark(&id, Some("RU"), "erid_recorded", ComplianceState::Done)
            },
            at(30),
        )
        .expect("marks");
    assert_is_the_read(&store, &marked, "a checklist item");
    let rights = store
        .set_usage_rights(
            &UsageRightsInput {
                deliverable_id: id.clone(),
                kind: UsageRightsKind::Whitelisting,
                territory: "RU".into(),
                starts_on: "2026-11-22".into(), // Fixed: t0's day.
                ends_on: "2027-02-22".into(),   // Fixed: three months after t0.
                viewer_time_zone: viewer(),
            },
            at(31),
        )
        .expect("records usage rights");
    assert_is_the_read(&store, &rights, "usage rights");
    let route = store
        .set_payment_route(
            &PaymentRouteInput {
                deliverable_id: id,
                payer_entity: "Brand Inc.".into(),
                payer_country: "US".into(),
                recipient_entity: "Agency LLC".into(),
                recipient_country: "US".into(),
                screened_on: None,
                viewer_time_zone: viewer(),
            },
            at(32),
        )
        .expect("records a route");
    assert_is_the_read(&store, &route, "payment route");
}

#[test]
fn a_team_adds_its_own_items_and_a_third_market_brings_its_list() {
    let mut store = crate::testing::store();
    store.add_market("KZ", t0()).expect("adds KZ");
    let base = store.default_framework().expect("the default");
    let draft = |market: &str| {
        let mut definition = base.definition.clone();
        definition
            .compliance
            .push(crate::framework::ComplianceItem {
                key: "kz_language".into(),
                market: Some(market.into()),
                label: crate::framework::Localized::new(
                    "Реклама на казахском и русском",
                    "Ad in Kazakh and Russian",
                ),
            });
        definition
            .compliance
            .push(crate::framework::ComplianceItem {
                key: "brand_safety".into(),
                market: None,
                label: crate::framework::Localized::new("Проверка бренда", "Brand safety check"),
            });
        crate::framework::FrameworkDraft {
            based_on: base.id.clone(),
            definition,
            make_default: false,
        }
    };
    let before = crate::testing::dump(&store);
    match store.create_framework_version(&draft("kz"), at(1)) {
        Err(Error::InvalidValue { field, value }) => {
            assert_eq!((field, value.as_str()), (Field::ComplianceItems, "kz"));
        }
        other => panic!("a code is stored as typed or refused, never upper-cased: {other:?}"),
    }
    assert_eq!(
        crate::testing::dump(&store),
        before,
        "refused and changes nothing"
    );
    let saved = store
        .create_framework_version(&draft("KZ"), at(2))
        .expect("a KZ list is saved");
    let kz = saved.definition.compliance_for(&["KZ".to_owned()]);
    let keys: Vec<&str> = kz.iter().map(|i| i.key.as_str()).collect();
    assert!(keys.contains(&"kz_language"), "the third market's own item");
    assert!(
        keys.contains(&"brand_safety"),
        "the team's item for every market"
    );
    assert!(
        !keys.contains(&"erid_recorded"),
        "a KZ deliverable does not get Russia's items"
    );
}
