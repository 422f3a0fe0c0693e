//! What happens to each partner, decided up front from the spec alone.

use super::{Rng, Spec, CRITERIA};

/// What happens to one partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    /// Stays sourced.
    Sourced,
    /// Advanced to the gut check; `walk` ends there.
    GutCheck { walk: bool },
    /// Through the gut check into `pilots` pilots; `end` records one more decision at the end.
    Piloted { pilots: u32, end: bool },
}

/// The per-partner plan, derived from the spec alone.
pub(super) struct Plan {
    pub(super) fates: Vec<Fate>,
    /// Scorecards per partner (0 for those never in the gut check).
    pub(super) cards: Vec<u32>,
}

pub(super) fn plan(spec: &Spec, rng: &mut Rng) -> Plan {
    let n = spec.partners as usize;
    // 3 of 5 pilots are first pilots; the rest are second and third campaigns.
    let pilot_partners = spec.pilots * 3 / 5;
    let extras = spec.pilots - pilot_partners;
    let three = extras / 4;
    let two = extras - 2 * three;
    // Decisions: two advances per pilot partner, one between consecutive pilots; the rest go to
    // gut-check-only partners (an advance each, some walk) and to final decisions.
    let used = 2 * pilot_partners + extras;
    let rest = spec.decisions.saturating_sub(used);
    let end = rest / 18;
    let walk = rest / 9;
    let gut_only = rest - end - walk;
    assert!(
        (pilot_partners + gut_only) as usize <= n,
        "the spec needs more partners"
    );
    // Spread each group over the whole list (so names and phases are mixed) by a fixed stride.
    let mut fates = vec![Fate::Sourced; n];
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut next = order.into_iter();
    for k in 0..pilot_partners {
        let pilots = if k < three {
            3
        } else if k < three + two {
            2
        } else {
            1
        };
        if let Some(i) = next.next() {
            fates[i] = Fate::Piloted {
                pilots,
                end: k >= pilot_partners - end,
            };
        }
    }
    for k in 0..gut_only {
        if let Some(i) = next.next() {
            fates[i] = Fate::GutCheck { walk: k < walk };
        }
    }
    // Scorecards: spread exactly `scores / CRITERIA` cards over the gut-check partners.
    let total_cards = spec.scores / CRITERIA;
    let scored: Vec<usize> = (0..n).filter(|i| fates[*i] != Fate::Sourced).collect();
    let mut cards = vec![0; n];
    let m = scored.len() as u64;
    if let Some(base) = u64::from(total_cards).checked_div(m) {
        let rem = u64::from(total_cards) - base * m;
        for (k, i) in scored.iter().enumerate() {
            let k = k as u64;
            // Bresenham: `rem` extra cards spread evenly (m > 0 here).
            let extra = ((k + 1) * rem).div_euclid(m) - (k * rem).div_euclid(m);
            cards[*i] = (base + extra) as u32;
        }
    }
    Plan { fates, cards }
}
