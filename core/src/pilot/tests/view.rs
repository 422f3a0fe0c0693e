//! Reading a pilot: both zones, viewer first.

use super::*;

#[test]
fn a_scoped_pilot_records_everything_and_renders_both_zones() {
    let (store, _, pilot) = scoped();
    assert_eq!(pilot.campaign_no, 1);
    assert_eq!(pilot.payment.amount, "1500.00");
    assert_eq!(pilot.payment.currency, "USD");
    assert_eq!(pilot.metrics.len(), 2);
    assert_eq!(pilot.metrics[0].market, "RU");
    assert_eq!(pilot.hypotheses.len(), 3);
    assert_eq!(
        pilot.revisions,
        RevisionCounter {
            used: 0,
            limit: 2,
            over_limit: false
        }
    );
    let tracker = store
        .pilot(&PilotQuery {
            pilot_id: pilot.id.clone(),
            viewer_time_zone: "Europe/Moscow".into(),
        })
        .expect("reads the tracker");
    let zones: Vec<_> = tracker
        .starts_at
        .zones
        .iter()
        .map(|z| z.zone.as_str())
        .collect();
    assert_eq!(
        zones,
        vec!["Europe/Moscow", "America/Los_Angeles"],
        "viewer first, then partner"
    );
    assert_eq!(
        tracker.starts_at.zones[0].time, "12:00",
        "09:00 UTC is 12:00 in Moscow"
    );
    assert_eq!(
        tracker.starts_at.zones[1].time, "01:00",
        "and 01:00 PST in LA"
    );
    assert!(matches!(
        store.pilot(&PilotQuery {
            pilot_id: pilot.id,
            viewer_time_zone: "Moon/Base".into()
        }),
        Err(Error::UnknownTimeZone(_))
    ));
}
