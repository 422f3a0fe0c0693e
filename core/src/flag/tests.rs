use super::*;

#[test]
fn a_flags_state_follows_its_events_and_only_an_open_dealbreaker_is_live() {
    // (resolved, overridden) → status
    let cases = [
        (false, false, FlagStatus::Open),
        (false, true, FlagStatus::Overridden),
        (true, false, FlagStatus::Resolved),
        (true, true, FlagStatus::Resolved),
    ];
    for (resolved, overridden, status) in cases {
        assert_eq!(
            FlagStatus::from_events(resolved, overridden),
            status,
            "resolved {resolved}, overridden {overridden}"
        );
        for severity in Severity::ALL {
            assert_eq!(
                is_live_dealbreaker(*severity, status),
                *severity == Severity::Dealbreaker && status == FlagStatus::Open,
                "{severity:?} {status:?}"
            );
        }
    }
}
