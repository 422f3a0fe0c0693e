//! One pilot, from scoping to debrief.

use chrono::{DateTime, Duration as Span, Utc};

use super::names::REVIEWERS;
use super::Generator;
use crate::debrief::{FailureCause, Health, HypothesisOutcome, HypothesisVerdict, NewDebrief};
use crate::ids::format_instant;
use crate::pilot::{
    MetricActual, MetricUnit, MetricsAgreement, NewApproval, NewDeliverable, NewMetric, NewPilot,
    NewRevisionRound, PilotScope, PilotStart, Roles, Verdict,
};
use crate::Result;

impl Generator<'_> {
    /// One pilot from scoping to debrief; `stage` 0–1 stops after scoping, 2–4 while running.
    pub(super) fn pilot(
        &mut self,
        partner_id: &str,
        markets: &[String],
        stage: u64,
        mut now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>> {
        let rng = &mut self.rng;
        let starts = now + Span::days(7);
        let days = i64::from(rng.range(7, 45));
        let deliverables = rng.range(1, 6);
        let metrics = markets
            .iter()
            .enumerate()
            .map(|(k, m)| {
                let (name, unit, currency, target) = match (k + rng.below(3) as usize) % 3 {
                    0 => ("Reach", MetricUnit::Count, None, 50_000.0),
                    1 => ("Conversion rate", MetricUnit::Percent, None, 2.5),
                    _ => (
                        "Cost per lead",
                        MetricUnit::Money,
                        Some(match m.as_str() {
                            "RU" => "RUB",
                            "KZ" => "KZT",
                            _ => "USD",
                        }),
                        12.0,
                    ),
                };
                NewMetric {
                    market: m.clone(),
                    name: name.into(),
                    unit,
                    target,
                    currency: currency.map(String::from),
                }
            })
            .collect();
        let hypotheses = (0..rng.range(3, 5))
            .map(|h| format!("Hypothesis {}: founder-led hooks beat product demos", h + 1))
            .collect();
        let scope = PilotScope {
            creators: rng.range(1, 5),
            deliverables,
            starts_at: format_instant(starts),
            ends_at: format_instant(starts + Span::days(days)),
            revision_limit: rng.range(0, 5),
            payment_amount: format!("{}.00", rng.range(300, 5000)),
            currency: if markets[0] == "US" { "USD" } else { "RUB" }.into(),
            metrics,
            roles: Roles {
                creative_feedback_owner: rng.pick(&REVIEWERS).to_string(),
                creator_relations: "Partner".into(),
                final_approval: rng.pick(&REVIEWERS).to_string(),
                escalation_path: "Account lead, then founder".into(),
            },
            rhythm: "async-first, weekly sync on Tuesdays".into(),
            hypotheses,
        };
        let pilot = self.w.create_pilot(
            &NewPilot {
                partner_id: partner_id.into(),
                scope,
                viewer_time_zone: None,
            },
            now,
        )?;
        self.calls += 1;
        let agreed = self.rng.chance(90);
        if agreed {
            now += Span::days(1);
            self.w.agree_pilot_metrics(
                &MetricsAgreement {
                    pilot_id: pilot.id.clone(),
                    agreed_by: self.rng.pick(&REVIEWERS).to_string(),
                    viewer_time_zone: None,
                },
                now,
            )?;
            self.calls += 1;
        }
        if stage < 2 {
            return Ok(now);
        }
        now = starts;
        self.w.start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
            },
            now,
        )?;
        self.calls += 1;
        let running = stage < 5;
        for d in 0..deliverables {
            let due = starts + Span::days(days * i64::from(d + 1) / i64::from(deliverables + 1));
            // Running pilots leave their later deliverables open (the board's next deadline).
            let delivered = if running && d * 2 >= deliverables {
                None
            } else if self.rng.chance(12) {
                Some(due + Span::hours(self.rng.range(2, 72).into()))
            } else {
                Some(due - Span::hours(self.rng.range(1, 48).into()))
            };
            // A delivery is logged once it has happened: the clock moves on to it.
            now = now.max(delivered.unwrap_or(now));
            let market = self.rng.pick(markets).clone();
            self.w.log_deliverable(
                &NewDeliverable {
                    pilot_id: pilot.id.clone(),
                    title: format!("Video {} ({market})", d + 1),
                    market: Some(market),
                    due_at: format_instant(due),
                    delivered_at: delivered.map(format_instant),
                    notice_given: self.rng.chance(40),
                    verdict: delivered.map(|_| {
                        if self.rng.chance(88) {
                            Verdict::OnScope
                        } else {
                            Verdict::BelowScope
                        }
                    }),
                    note: String::new(),
                    viewer_time_zone: None,
                },
                now,
            )?;
            self.calls += 1;
        }
        for _ in 0..self.rng.range(0, 3) {
            now += Span::hours(20);
            let market = self.rng.pick(markets).clone();
            self.w.log_revision_round(
                &NewRevisionRound {
                    pilot_id: pilot.id.clone(),
                    market: Some(market),
                    note: "Hook rewritten".into(),
                    viewer_time_zone: None,
                },
                now,
            )?;
            self.calls += 1;
        }
        for m in markets {
            let requested = starts + Span::days(2);
            let hours = i64::from(self.rng.range(2, 96));
            self.w.log_approval(
                &NewApproval {
                    pilot_id: pilot.id.clone(),
                    market: m.clone(),
                    requested_at: format_instant(requested),
                    approved_at: format_instant(requested + Span::hours(hours)),
                    note: if hours > 72 {
                        "Legal asked for the disclosure wording twice.".into()
                    } else {
                        String::new()
                    },
                    viewer_time_zone: None,
                },
                now,
            )?;
            self.calls += 1;
        }
        if self.rng.chance(8) {
            now += Span::hours(1);
            self.flag(partner_id, Some(&pilot.id), "below_scope", now)?;
        }
        if running {
            return Ok(now);
        }
        now = now.max(starts + Span::days(days));
        for metric in &pilot.metrics {
            let actual = metric.target * (0.5 + self.rng.below(100) as f64 / 80.0);
            self.w.record_metric_actual(
                &MetricActual {
                    metric_id: metric.id.clone(),
                    actual: actual.round(),
                    viewer_time_zone: None,
                },
                now,
            )?;
            self.calls += 1;
        }
        now += Span::days(2);
        let verdicts = [
            HypothesisVerdict::Validated,
            HypothesisVerdict::Refuted,
            HypothesisVerdict::Refined,
        ];
        let causes = [
            FailureCause::None,
            FailureCause::None,
            FailureCause::Execution,
            FailureCause::Expectations,
            FailureCause::Scope,
        ];
        let debrief = NewDebrief {
            pilot_id: pilot.id.clone(),
            author: self.rng.pick(&REVIEWERS).to_string(),
            worked: "Fast turnaround on RU edits.".into(),
            did_not_work: "US approvals took too long.".into(),
            hypotheses: pilot
                .hypotheses
                .iter()
                .map(|h| HypothesisOutcome {
                    hypothesis_id: h.id.clone(),
                    verdict: *self.rng.pick(&verdicts),
                    note: String::new(),
                })
                .collect(),
            health: Health {
                communication: self.rng.range(2, 5) as i32,
                speed: self.rng.range(2, 5) as i32,
                ownership: self.rng.range(2, 5) as i32,
            },
            failure_cause: *self.rng.pick(&causes),
        };
        self.w.record_debrief(&debrief, now)?;
        self.calls += 1;
        Ok(now)
    }
}
