//! The Insights figures from partners' histories. Pure: histories in, figures out; `insights.rs`
//! reads the histories. Honesty rules (design/INSIGHTS.md): counts in words, never a coefficient;
//! no comparison below [`ENOUGH`] pilots; medians say how many are still open and left out.

use chrono::{DateTime, Utc};

use super::{
    BandHits, Calibration, CauseCount, CriterionDisagreement, FunnelStep, Insights, Listed,
    PartnerRef, ReviewerStat, Rework, SideStat, SignalOutcomes, FUNNEL_PHASES,
};
use crate::decision::CONFIDENCE_BANDS;
use crate::framework::Localized;
use crate::outcome::FailureCause;
use crate::phase::Phase;
use crate::signal::{SignalKind, Strength};

/// Below this many debriefed pilots, signals are not compared.
pub const ENOUGH: u32 = 20;

/// One partner's history, as the figures read it.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub partner: PartnerRef,
    /// The current phase (`None` reads as sourced).
    pub phase: Option<Phase>,
    pub created_at: Option<DateTime<Utc>>,
    /// How each pre-pilot signal scored by the partner's framework.
    pub signals: Vec<(SignalKind, Strength)>,
    /// The first debriefed pilot passed the pilot gate (none before a debrief).
    pub first_pilot_passed: Option<bool>,
    /// Every debriefed campaign: (revision rounds used, limit, failure cause).
    pub campaigns: Vec<(u32, u32, FailureCause)>,
    /// When the partner first entered each phase it reached (sourced at creation).
    pub entered: Vec<(Phase, DateTime<Utc>)>,
    /// Spans spent on hold: from a hold decision to the next decision (or now).
    pub holds: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Current repeat decisions.
    pub repeats: u32,
    /// The gut check's current cards.
    pub cards: Vec<Card>,
    /// The gut check's criteria that two or more reviewers answered: (key, label, whether they
    /// disagree — `gate::disagreements`).
    pub compared: Vec<(String, Localized, bool)>,
    /// The gut check's gate over every card, once judged.
    pub gate_passed: Option<bool>,
    /// The partner's scorecards, debriefs and decisions, and how many of them correct another.
    pub entries: u32,
    pub corrections: u32,
    /// Current decisions with a confidence and a review: (confidence %, went as expected).
    pub reviewed: Vec<(u32, bool)>,
}

/// One current gut-check card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Card {
    pub reviewer: String,
    /// The card alone passes the gate.
    pub passed: bool,
    /// Scored without another reviewer's card to see (`scorecard::SCORED_BLIND`).
    pub blind: bool,
    /// The computer it was scored on: each office works on its own (PRODUCT.md).
    pub side: String,
}

/// Days between two instants, less the hold time inside them.
fn active_days(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    holds: &[(DateTime<Utc>, DateTime<Utc>)],
) -> f64 {
    let held: i64 = holds
        .iter()
        .map(|(a, b)| {
            let (a, b) = ((*a).max(from), (*b).min(to));
            (b - a).num_seconds().max(0)
        })
        .sum();
    ((to - from).num_seconds() - held).max(0) as f64 / 86_400.0
}

/// The row of `list` that `found` picks, added by `make` when there is none.
fn slot<T>(list: &mut Vec<T>, found: impl Fn(&T) -> bool, make: impl FnOnce() -> T) -> &mut T {
    let i = match list.iter().position(found) {
        Some(i) => i,
        None => {
            list.push(make());
            list.len() - 1
        }
    };
    &mut list[i]
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

/// The figures of `histories`; `corrections` is (superseded entries, all entries) of their
/// scorecards, debriefs and decisions.
pub fn compute<H: std::borrow::Borrow<History>>(
    histories: &[H],
    corrections: (u32, u32),
) -> Insights {
    let histories: Vec<&History> = histories.iter().map(|h| h.borrow()).collect();
    let histories = &histories[..];
    // Partners with anything past sourcing recorded: the only ones most figures read (a page
    // over 100,000 partners walks the rest once).
    let quiet = |h: &History| {
        h.campaigns.is_empty()
            && h.repeats == 0
            && h.corrections == 0
            && h.reviewed.is_empty()
            && h.cards.is_empty()
            && h.compared.is_empty()
            && h.gate_passed.is_none()
            && h.first_pilot_passed.is_none()
            && h.entered.iter().all(|(p, _)| *p == Phase::Sourced)
    };
    let active: Vec<&History> = histories.iter().copied().filter(|h| !quiet(h)).collect();
    let refs = |pred: &dyn Fn(&History) -> bool| -> Listed {
        Listed::of(active.iter().filter(|h| pred(h)).map(|h| &h.partner))
    };
    // 1. Signals → outcomes, over partners whose first pilot is debriefed.
    let piloted: Vec<&History> = histories
        .iter()
        .copied()
        .filter(|h| h.first_pilot_passed.is_some())
        .collect();
    let pilots = piloted.len() as u32;
    let signals = SignalKind::ALL
        .iter()
        .map(|kind| {
            let strong = |h: &History| {
                h.signals
                    .iter()
                    .any(|(k, s)| k == kind && *s == Strength::Strong)
            };
            let with: Vec<&&History> = piloted.iter().filter(|h| strong(h)).collect();
            let without: Vec<&&History> = piloted.iter().filter(|h| !strong(h)).collect();
            let passed = |list: &[&&History]| {
                list.iter()
                    .filter(|h| h.first_pilot_passed == Some(true))
                    .count() as u32
            };
            SignalOutcomes {
                signal: *kind,
                with_success: passed(&with),
                with_total: with.len() as u32,
                without_success: passed(&without),
                without_total: without.len() as u32,
                partners: Listed::of(with.iter().map(|h| &h.partner)),
                without_partners: Listed::of(without.iter().map(|h| &h.partner)),
            }
        })
        .collect();
    // 2. The funnel: reached, still there, and the median active days to the next phase.
    let reached = |h: &History, p: Phase| h.entered.iter().any(|(q, _)| *q == p);
    let entered_at = |h: &History, p: Phase| {
        h.entered
            .iter()
            .filter(|(q, _)| *q == p)
            .map(|(_, t)| *t)
            .min()
    };
    let funnel = FUNNEL_PHASES
        .iter()
        .enumerate()
        .map(|(i, phase)| {
            let next = FUNNEL_PHASES.get(i + 1).copied();
            let mut days: Vec<f64> = Vec::new();
            // Still here: in the phase now and not yet on to the next (in the last phase, there
            // now), counted and listed by the same rule.
            let mut here = Listed::default();
            // Quiet partners reached sourcing only: counted, and still there while in it.
            let mut quiet_reached = 0;
            if *phase == Phase::Sourced {
                for h in histories.iter().filter(|h| quiet(h) && reached(h, *phase)) {
                    quiet_reached += 1;
                    if h.phase == Some(*phase) {
                        here.push(&h.partner);
                    }
                }
            }
            for h in active.iter().filter(|h| reached(h, *phase)) {
                let Some(next) = next else {
                    if h.phase == Some(*phase) {
                        here.push(&h.partner);
                    }
                    continue;
                };
                let Some(from) = entered_at(h, *phase) else {
                    continue;
                };
                match entered_at(h, next) {
                    Some(to) if to >= from => days.push(active_days(from, to, &h.holds)),
                    Some(_) => {}
                    None if h.phase == Some(*phase) => here.push(&h.partner),
                    None => {}
                }
            }
            FunnelStep {
                phase: *phase,
                reached: quiet_reached
                    + active.iter().filter(|h| reached(h, *phase)).count() as u32,
                median_days: median(&mut days),
                measured: days.len() as u32,
                open: here.total,
                partners: here,
            }
        })
        .collect();
    // 3. Rework.
    let campaigns: Vec<&(u32, u32, FailureCause)> =
        active.iter().flat_map(|h| &h.campaigns).collect();
    let causes = FailureCause::ALL
        .iter()
        .map(|cause| CauseCount {
            cause: *cause,
            count: campaigns.iter().filter(|c| c.2 == *cause).count() as u32,
            partners: refs(&|h| h.campaigns.iter().any(|c| c.2 == *cause)),
        })
        .collect();
    let rework = Rework {
        campaigns: campaigns.len() as u32,
        over_limit: campaigns.iter().filter(|c| c.0 > c.1).count() as u32,
        repeated: active.iter().filter(|h| h.repeats > 0).count() as u32,
        piloted: active.iter().filter(|h| !h.campaigns.is_empty()).count() as u32,
        causes,
        corrections: corrections.0,
        entries: corrections.1,
        over_limit_partners: refs(&|h| h.campaigns.iter().any(|c| c.0 > c.1)),
        repeated_partners: refs(&|h| h.repeats > 0),
        corrected_partners: refs(&|h| h.corrections > 0),
    };
    // 4. Reviewers and sides: cards, how many pass the gate alone (against the team's gate), how
    // many were scored blind; the criteria reviewers disagree on most.
    let mut reviewers: Vec<ReviewerStat> = Vec::new();
    let mut sides: Vec<SideStat> = Vec::new();
    for h in &active {
        for (i, card) in h.cards.iter().enumerate() {
            let r = slot(
                &mut reviewers,
                |r| r.reviewer == card.reviewer,
                || ReviewerStat {
                    reviewer: card.reviewer.clone(),
                    cards: 0,
                    passed: 0,
                    blind: 0,
                    partners: Listed::default(),
                },
            );
            r.cards += 1;
            r.passed += u32::from(card.passed);
            r.blind += u32::from(card.blind);
            // Each partner once per reviewer (a reviewer's cards of one partner, one per phase).
            if !h.cards[..i].iter().any(|c| c.reviewer == card.reviewer) {
                r.partners.push(&h.partner);
            }
            let s = slot(
                &mut sides,
                |s| s.side == card.side,
                || SideStat {
                    side: card.side.clone(),
                    this_computer: false,
                    cards: 0,
                    passed: 0,
                    blind: 0,
                    reviewers: Vec::new(),
                },
            );
            s.cards += 1;
            s.passed += u32::from(card.passed);
            s.blind += u32::from(card.blind);
            if !s.reviewers.contains(&card.reviewer) {
                s.reviewers.push(card.reviewer.clone());
            }
        }
    }
    reviewers.sort_by(|a, b| b.cards.cmp(&a.cards).then(a.reviewer.cmp(&b.reviewer)));
    sides.sort_by(|a, b| b.cards.cmp(&a.cards).then(a.side.cmp(&b.side)));
    let mut criteria: Vec<CriterionDisagreement> = Vec::new();
    for h in &active {
        for (key, label, disagreed) in &h.compared {
            let c = slot(
                &mut criteria,
                |c| &c.key == key,
                || CriterionDisagreement {
                    key: key.clone(),
                    label: label.clone(),
                    compared: 0,
                    disagreed: 0,
                    partners: Listed::default(),
                },
            );
            c.compared += 1;
            if *disagreed {
                c.disagreed += 1;
                c.partners.push(&h.partner);
            }
        }
    }
    // Most disagreed first (by share, compared as integers), then by key.
    criteria.sort_by(|a, b| {
        (u64::from(b.disagreed) * u64::from(a.compared))
            .cmp(&(u64::from(a.disagreed) * u64::from(b.compared)))
            .then(a.key.cmp(&b.key))
    });
    let judged: Vec<bool> = active.iter().filter_map(|h| h.gate_passed).collect();
    // 5. Decisions: hit rate per confidence band, compared from ENOUGH reviewed decisions on.
    let reviewed = active.iter().map(|h| h.reviewed.len() as u32).sum::<u32>();
    let calibration = Calibration {
        reviewed,
        enough: reviewed >= ENOUGH,
        bands: CONFIDENCE_BANDS
            .iter()
            .map(|band| {
                let of = |h: &History| h.reviewed.iter().filter(|r| r.0 == *band).count();
                BandHits {
                    confidence: *band,
                    reviewed: active.iter().copied().map(of).sum::<usize>() as u32,
                    as_expected: histories
                        .iter()
                        .flat_map(|h| &h.reviewed)
                        .filter(|r| r.0 == *band && r.1)
                        .count() as u32,
                    partners: refs(&|h| of(h) > 0),
                }
            })
            .collect(),
    };
    Insights {
        pilots,
        enough: pilots >= ENOUGH,
        signals,
        funnel,
        rework,
        reviewers,
        sides,
        criteria,
        team_gates: judged.len() as u32,
        team_passed: judged.iter().filter(|p| **p).count() as u32,
        team_passed_partners: refs(&|h| h.gate_passed == Some(true)),
        partners: histories.len() as u32,
        calibration,
        versions: Vec::new(),
    }
}
