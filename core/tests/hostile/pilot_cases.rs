//! The pilot's write methods as hostile-input cases (see `cases.rs`): scope, agreement, start,
//! deliverables, delivery, the compliance checklist, revisions, approvals, actuals, and the
//! debrief.

use serde_json::{json, Value};
use vetta_core::debrief::NewDebrief;
use vetta_core::pilot::{
    ComplianceMark, DeliveryUpdate, MetricActual, MetricsAgreement, NewApproval, NewDeliverable,
    NewPilot, NewRevisionRound, PaymentRouteInput, Pilot, PilotQuery, PilotScope, PilotScopeEdit,
    PilotStart, UsageRightsInput,
};

use crate::cases::{call, instant, now, same, text, Case};
use crate::fixture::Fixture;

fn scope_json() -> Value {
    json!({
        "creators": 2, "deliverables": 1, "startsAt": instant(72), "endsAt": instant(72 + 14 * 24),
        "revisionLimit": 2, "paymentAmount": "1500.00", "currency": "usd",
        "metrics": [{"market": "RU", "name": "Охват", "unit": "count", "target": 100000, "currency": null},
                    {"market": "US", "name": "Sales", "unit": "money", "target": 2500.5, "currency": "usd"}],
        "roles": {"creativeFeedbackOwner": "Anna", "creatorRelations": "Mike",
                  "finalApproval": "Founder", "escalationPath": "Anna → Founder"},
        "rhythm": "weekly", "hypotheses": ["RU prefers founder-led copy", "US converts on proof", "One creator is enough"],
    })
}

/// A float JSON cannot carry, one time in four: NaN, ±infinity, or the largest finite value.
fn float_from_beyond_json(extra: usize) -> Option<f64> {
    match extra % 16 {
        0 => Some(f64::NAN),
        1 => Some(f64::INFINITY),
        2 => Some(f64::NEG_INFINITY),
        3 => Some(f64::MAX),
        _ => None,
    }
}

fn unjsonable_target(scope: &mut PilotScope, extra: usize) {
    if let (Some(x), Some(m)) = (float_from_beyond_json(extra), scope.metrics.first_mut()) {
        m.target = x;
    }
}

/// The pilot a write answered with reads back the same, for the same viewer.
fn reads_back(f: &Fixture, pilot: &Pilot, viewer: Option<&str>) -> Result<(), String> {
    let query = PilotQuery {
        pilot_id: pilot.id.clone(),
        viewer_time_zone: viewer.unwrap_or("UTC").to_owned(),
    };
    match viewer {
        Some(_) => same("pilot", pilot, f.store.pilot(&query, now())),
        // Without a viewer the write shows the partner's zone only; the read always has one.
        None => f
            .store
            .pilot(&query, now())
            .map(|_| ())
            .map_err(|e| e.to_string()),
    }
}

pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "create_pilot",
            base: |f| json!({"partnerId": f.scoping_empty, "scope": scope_json(), "viewerTimeZone": "Europe/Moscow"}),
            run: |f, v, extra| {
                call(
                    f,
                    v,
                    |f, i: &mut NewPilot| {
                        unjsonable_target(&mut i.scope, extra);
                        f.store.create_pilot(i, now())
                    },
                    |f, i, p| {
                        text("rhythm", &i.scope.rhythm, &p.rhythm)?;
                        reads_back(f, p, i.viewer_time_zone.as_deref())
                    },
                )
            },
        },
        Case {
            name: "update_pilot_scope",
            base: |f| json!({"pilotId": f.draft.id, "scope": scope_json(), "viewerTimeZone": "America/New_York"}),
            run: |f, v, extra| {
                call(
                    f,
                    v,
                    |f, i: &mut PilotScopeEdit| {
                        unjsonable_target(&mut i.scope, extra);
                        f.store.update_pilot_scope(i, now())
                    },
                    |f, i, p| {
                        text("rhythm", &i.scope.rhythm, &p.rhythm)?;
                        reads_back(f, p, i.viewer_time_zone.as_deref())
                    },
                )
            },
        },
        Case {
            name: "agree_pilot_metrics",
            base: |f| json!({"pilotId": f.draft.id, "agreedBy": "Anna and Mike", "viewerTimeZone": null}),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut MetricsAgreement| f.store.agree_pilot_metrics(i, now()),
                    |f, i, p| {
                        text(
                            "agreed by",
                            &i.agreed_by,
                            p.metrics_agreed_by.as_deref().unwrap_or_default(),
                        )?;
                        reads_back(f, p, i.viewer_time_zone.as_deref())
                    },
                )
            },
        },
        Case {
            name: "start_pilot",
            base: |f| json!({"pilotId": f.draft.id, "viewerTimeZone": "Asia/Tokyo"}),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut PilotStart| f.store.start_pilot(i, now()),
                    |f, i, p| reads_back(f, p, i.viewer_time_zone.as_deref()),
                )
            },
        },
        Case {
            name: "log_deliverable",
            base: |f| {
                json!({"pilotId": f.fresh.id, "title": "Reel", "market": "RU", "dueAt": instant(24 * 9),
                       "deliveredAt": null, "noticeGiven": false, "verdict": null, "note": "",
                       "viewerTimeZone": "Europe/Moscow"})
            },
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut NewDeliverable| f.store.log_deliverable(i, now()),
                    |f, i, p| {
                        let found = p.deliverables.iter().any(|d| d.title == i.title.trim());
                        found
                            .then_some(())
                            .ok_or(format!("deliverable {:?} not listed", i.title))?;
                        reads_back(f, p, i.viewer_time_zone.as_deref())
                    },
                )
            },
        },
        Case {
            name: "record_delivery",
            base: |f| {
                json!({"deliverableId": f.running.deliverables[0].id, "deliveredAt": instant(40),
                       "noticeGiven": true, "verdict": "on_scope", "note": "on time",
                       "viewerTimeZone": "America/Los_Angeles"})
            },
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut DeliveryUpdate| f.store.record_delivery(i, now()),
                    |f, i, p| reads_back(f, p, i.viewer_time_zone.as_deref()),
                )
            },
        },
        Case {
            name: "mark_compliance",
            base: |f| {
                json!({"deliverableId": f.running.deliverables[0].id, "market": "US",
                       "item": "ftc_disclosure", "state": "not_applicable", "reason": "organic only",
                       "note": "#ad in the caption", "viewerTimeZone": "Europe/Moscow"})
            },
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut ComplianceMark| f.store.mark_compliance(i, now()),
                    |f, i, p| reads_back(f, p, i.viewer_time_zone.as_deref()),
                )
            },
        },
        Case {
            name: "set_usage_rights",
            base: |f| {
                // Fixed: dates around testing::t0, the instant the hostile calls are given.
                json!({"deliverableId": f.running.deliverables[0].id, "kind": "paid",
                       "territory": "RU, US", "startsOn": "2026-11-22", "endsOn": "2027-05-22",
                       "viewerTimeZone": null})
            },
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut UsageRightsInput| f.store.set_usage_rights(i, now()),
                    |f, i, p| reads_back(f, p, i.viewer_time_zone.as_deref()),
                )
            },
        },
        Case {
            name: "set_payment_route",
            base: |f| {
                // Fixed: the day before testing::t0, the instant the hostile calls are given.
                json!({"deliverableId": f.running.deliverables[0].id, "payerEntity": "Brand Inc.",
                       "payerCountry": "US", "recipientEntity": "ООО «Закат»", "recipientCountry": "RU",
                       "screenedOn": "2026-11-21", "viewerTimeZone": "America/Los_Angeles"})
            },
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut PaymentRouteInput| f.store.set_payment_route(i, now()),
                    |f, i, p| reads_back(f, p, i.viewer_time_zone.as_deref()),
                )
            },
        },
        Case {
            name: "log_revision_round",
            base: |f| json!({"pilotId": f.running.id, "market": "US", "note": "colour grade", "viewerTimeZone": null}),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut NewRevisionRound| f.store.log_revision_round(i, now()),
                    |f, i, p| reads_back(f, p, i.viewer_time_zone.as_deref()),
                )
            },
        },
        Case {
            name: "log_approval",
            base: |f| {
                json!({"pilotId": f.running.id, "market": "US", "requestedAt": instant(30),
                       "approvedAt": instant(33), "viewerTimeZone": "Europe/Moscow"})
            },
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut NewApproval| f.store.log_approval(i, now()),
                    |f, i, p| reads_back(f, p, i.viewer_time_zone.as_deref()),
                )
            },
        },
        Case {
            name: "record_metric_actual",
            base: |f| json!({"metricId": f.running.metrics[0].id, "actual": 87654.5, "viewerTimeZone": null}),
            run: |f, v, extra| {
                call(
                    f,
                    v,
                    |f, i: &mut MetricActual| {
                        if let Some(x) = float_from_beyond_json(extra) {
                            i.actual = x;
                        }
                        f.store.record_metric_actual(i, now())
                    },
                    |f, i, p| {
                        let stored = p.metrics.iter().find(|m| m.id == i.metric_id);
                        let ok = stored.is_some_and(|m| m.actual == Some(i.actual));
                        ok.then_some(())
                            .ok_or(format!("actual {} not stored", i.actual))?;
                        reads_back(f, p, i.viewer_time_zone.as_deref())
                    },
                )
            },
        },
        Case {
            name: "record_debrief",
            base: |f| {
                let hypotheses: Vec<Value> = f
                    .running
                    .hypotheses
                    .iter()
                    .map(|h| json!({"hypothesisId": h.id, "verdict": "validated", "note": "seen"}))
                    .collect();
                json!({"pilotId": f.running.id, "author": "Anna", "worked": "briefs", "didNotWork": "pace",
                       "hypotheses": hypotheses, "health": {"communication": 4, "speed": 3, "ownership": 5},
                       "failureCause": "none"})
            },
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut NewDebrief| f.store.record_debrief(i, now()),
                    |_, i, d| {
                        text("author", &i.author, &d.author)?;
                        text("worked", &i.worked, &d.worked)?;
                        text("did not work", &i.did_not_work, &d.did_not_work)
                    },
                )
            },
        },
    ]
}
