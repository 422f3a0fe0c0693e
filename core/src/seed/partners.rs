//! One partner's story: profile and signals, then (by its fate) decisions, gut-check scorecards,
//! flags and the pilots.

use chrono::{DateTime, Duration as Span, Utc};

use super::framework::answers;
use super::names::{name, KINDS, MARKETS, REVIEWERS, ZONES};
use super::plan::Fate;
use super::{Generator, Rng};
use crate::decision::NewDecision;
use crate::flag::{FlagAction, NewFlag};
use crate::ids::format_instant;
use crate::partner::{Contact, NewPartner};
use crate::phase::Phase;
use crate::recommendation::{next_rung, Choice};
use crate::scorecard::NewScorecard;
use crate::signal::{MarketCount, Signals};
use crate::Result;

fn signals(rng: &mut Rng, markets: &[String]) -> Signals {
    if rng.chance(25) {
        return Signals::default();
    }
    Signals {
        case_studies: markets
            .iter()
            .map(|m| MarketCount {
                market: m.clone(),
                count: rng.range(0, 9),
            })
            .collect(),
        longest_relationship_months: rng.chance(80).then(|| rng.range(1, 48)),
        showed_failures: rng.chance(70).then(|| rng.chance(50)),
        cross_market_experience: rng.chance(70).then(|| rng.chance(40)),
        creator_references: rng.chance(60).then(|| rng.range(0, 6)),
    }
}

impl Generator<'_> {
    pub(super) fn partner(
        &mut self,
        i: usize,
        fate: Fate,
        cards: u32,
        mut now: DateTime<Utc>,
    ) -> Result<()> {
        let rng = &mut self.rng;
        let (home_market, zone) = *rng.pick(&ZONES);
        let mut markets = vec![home_market.to_owned()];
        for m in MARKETS {
            if m != home_market && rng.chance(35) {
                markets.push(m.to_owned());
            }
        }
        let languages = markets
            .iter()
            .map(|m| match m.as_str() {
                "RU" => "ru",
                "US" => "en",
                _ => "kk",
            })
            .map(String::from)
            .collect();
        let input = NewPartner {
            name: name(rng, i),
            kind: *rng.pick(&KINDS),
            home_time_zone: zone.into(),
            languages,
            contacts: vec![Contact {
                name: rng.pick(&REVIEWERS).to_string(),
                detail: format!("partner{i}@example.com"),
            }],
            found_via: rng
                .pick(&["referral", "conference", "Telegram channel", "hub listing"])
                .to_string(),
            notes: if rng.chance(30) {
                "Met at a meetup; strong on short-form video.".into()
            } else {
                String::new()
            },
            signals: signals(rng, &markets),
            framework_id: None,
            markets,
        };
        let partner = self.w.add_partner(&input, now)?;
        self.calls += 1;
        let id = partner.id;
        let walk_at_gut = matches!(fate, Fate::GutCheck { walk: true });
        match fate {
            Fate::Sourced => {
                if self.rng.chance(5) {
                    // A flag on an early candidate; a quarter are dealbreakers.
                    let kind = if self.rng.chance(25) {
                        "resists_documentation"
                    } else {
                        "communication_gaps"
                    };
                    self.flag(&id, None, kind, now + Span::hours(2))?;
                }
                return Ok(());
            }
            Fate::GutCheck { .. } | Fate::Piloted { .. } => {}
        }
        now += Span::days(1);
        self.decide(&id, Choice::Advance, now)?;
        let passing = matches!(fate, Fate::Piloted { .. });
        let first = self.rng.below(REVIEWERS.len() as u64) as usize;
        for c in 0..cards {
            now += Span::hours(3);
            // Usually a different reviewer per card; one partner in ten gets a re-score (the
            // first reviewer again, superseding their card).
            let reviewer = if c + 1 == cards && cards > 2 && self.rng.chance(10) {
                REVIEWERS[first]
            } else {
                REVIEWERS[(first + c as usize) % REVIEWERS.len()]
            };
            let answers = answers(&mut self.rng, passing);
            self.w.submit_scorecard(
                &NewScorecard {
                    partner_id: id.clone(),
                    phase: Phase::GutCheck,
                    reviewer: reviewer.into(),
                    answers,
                    note: if c == 0 {
                        "First call went well.".into()
                    } else {
                        String::new()
                    },
                },
                now,
            )?;
            self.calls += 1;
        }
        if self.rng.chance(10) || (walk_at_gut && self.rng.chance(50)) {
            let kind = if walk_at_gut {
                "resists_documentation"
            } else {
                "communication_gaps"
            };
            now += Span::hours(1);
            self.flag(&id, None, kind, now)?;
        }
        let Fate::Piloted { pilots, end } = fate else {
            if walk_at_gut {
                now += Span::days(1);
                self.decide(&id, Choice::Walk, now)?;
            }
            return Ok(());
        };
        now += Span::days(2);
        self.decide(&id, Choice::Advance, now)?;
        // The campaign track (`crate::campaign`): a decision is due after a campaign whose number
        // reaches the rung; earlier campaigns of a scale-up run one after another.
        let (mut rung, mut number) = (1, 1);
        for p in 0..pilots {
            let last = p + 1 == pilots;
            // The last pilot: 20% still being scoped, 30% running, 50% debriefed.
            let stage = if last { self.rng.below(10) } else { 9 };
            now = self.pilot(&id, &partner.markets, stage, now)?;
            let decision_due = number >= rung;
            if !last {
                // Between campaigns of one scale-up, a hold (a check-in the log keeps; the plan
                // counts one decision between consecutive campaigns).
                let choice = match next_rung(rung) {
                    _ if !decision_due => {
                        number += 1;
                        Choice::Hold
                    }
                    Some(n) if self.rng.chance(50) => {
                        (rung, number) = (n, number + 1);
                        Choice::ScaleTo { campaigns: n }
                    }
                    _ => Choice::Repeat,
                };
                now += Span::days(2);
                self.decide(&id, choice, now)?;
            } else if end {
                let choice = match (self.rng.below(5), next_rung(rung)) {
                    (0, Some(n)) if stage >= 5 && decision_due => Choice::ScaleTo { campaigns: n },
                    (0..=1, _) => Choice::Walk,
                    _ => Choice::Hold,
                };
                now += Span::days(2);
                self.decide(&id, choice, now)?;
            }
        }
        Ok(())
    }

    fn decide(&mut self, partner_id: &str, choice: Choice, now: DateTime<Utc>) -> Result<()> {
        let rationale = match choice {
            Choice::Advance => "Signals and gut check look good.",
            Choice::Hold => "Waiting for the Q3 budget.",
            Choice::Walk => "Not a fit for our process.",
            Choice::Repeat => "Execution slipped; worth one more campaign.",
            Choice::ScaleTo { .. } => "Delivered on scope in every market.",
        };
        let assumptions = if self.rng.chance(40) {
            vec!["RU audiences prefer founder-led copy".to_owned()]
        } else {
            Vec::new()
        };
        self.w.record_decision(
            &NewDecision {
                partner_id: partner_id.into(),
                choice,
                decided_by: self.rng.pick(&REVIEWERS).to_string(),
                rationale: rationale.into(),
                assumptions,
                review_on: self
                    .rng
                    .chance(30)
                    .then(|| (now + Span::days(90)).format("%Y-%m-%d").to_string()),
                confidence: None,
                expected: None,
            },
            now,
        )?;
        self.calls += 1;
        Ok(())
    }

    pub(super) fn flag(
        &mut self,
        partner_id: &str,
        pilot_id: Option<&str>,
        kind: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let flag = self.w.raise_flag(
            &NewFlag {
                partner_id: partner_id.into(),
                pilot_id: pilot_id.map(String::from),
                kind: kind.into(),
                occurred_at: format_instant(now - Span::hours(6)),
                note: "Two briefs in a row answered after a week, no explanation.".into(),
                link: "https://example.com/thread/123".into(),
                raised_by: self.rng.pick(&REVIEWERS).to_string(),
            },
            now,
        )?;
        self.calls += 1;
        if kind != "resists_documentation" && self.rng.chance(30) {
            self.w.resolve_flag(
                &FlagAction {
                    flag_id: flag.id,
                    by: self.rng.pick(&REVIEWERS).to_string(),
                    note: "Talked it through; response times are fine now.".into(),
                },
                now + Span::days(3),
            )?;
            self.calls += 1;
        }
        Ok(())
    }
}
