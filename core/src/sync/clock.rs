//! The hybrid logical clock (after Kulkarni et al., as Actual Budget uses it): wall-clock
//! milliseconds, a counter for writes within one millisecond (or while the wall clock lags behind
//! a clock received), and the device id. Its text form sorts as the clock orders: every write of
//! this device gets a clock greater than every clock it has written or received.

use chrono::{DateTime, Utc};

/// A received clock further ahead of local time than this warns "this computer's clock looks
/// wrong" (Actual Budget's bound).
pub const AHEAD_WARNING_MS: i64 = 5 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Hlc {
    pub millis: i64,
    pub counter: u32,
}

impl Hlc {
    /// The text form with `device`: `000001764600000000-000000-<device id>`.
    pub fn text(self, device: &str) -> String {
        format!("{:018}-{:06}-{device}", self.millis.max(0), self.counter)
    }

    /// Reads the time and counter back from [`Hlc::text`]; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Hlc> {
        let mut parts = text.splitn(3, '-');
        let millis = parts.next().filter(|p| p.len() == 18)?.parse().ok()?;
        let counter = parts.next().filter(|p| p.len() == 6)?.parse().ok()?;
        parts.next()?;
        Some(Hlc { millis, counter })
    }

    /// The clock of a new local write at wall time `now`.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Hlc {
        let wall = now.timestamp_millis();
        if wall > self.millis {
            *self = Hlc {
                millis: wall,
                counter: 0,
            };
        } else {
            self.counter += 1;
        }
        *self
    }

    /// Takes in a clock received from another device at wall time `now`, so that every later
    /// local write sorts after it. Returns whether it was more than [`AHEAD_WARNING_MS`] ahead of
    /// `now`.
    pub fn observe(&mut self, received: Hlc, now: DateTime<Utc>) -> bool {
        let wall = now.timestamp_millis();
        if received > *self {
            *self = received;
        }
        if wall > self.millis {
            *self = Hlc {
                millis: wall,
                counter: 0,
            };
        }
        received.millis - wall > AHEAD_WARNING_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::t0;

    #[test]
    fn clocks_sort_as_text_and_never_go_back() {
        let mut c = Hlc::default();
        let a = c.tick(t0());
        let b = c.tick(t0());
        let slow = c.tick(t0() - chrono::Duration::hours(3));
        assert!(a < b && b < slow);
        assert!(a.text("x") < b.text("x") && b.text("x") < slow.text("x"));
        assert_eq!(Hlc::parse(&slow.text("dev-1")), Some(slow));
        let ahead = Hlc {
            millis: (t0() + chrono::Duration::minutes(6)).timestamp_millis(),
            counter: 4,
        };
        assert!(c.observe(ahead, t0()), "six minutes ahead warns");
        assert!(c.tick(t0()) > ahead, "a write after it sorts after it");
        assert!(!c.observe(a, t0()), "an older clock does not warn");
    }
}
