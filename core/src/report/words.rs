//! The words of the dossier's rules in the report's language: choices, phases, the
//! recommendation's reasons, criteria and flags by their framework labels.

use super::html::{esc, Page};
use crate::dossier::Dossier;
use crate::framework::Localized;
use crate::recommendation::{BasicsGap, Choice, Reason, Recommendation};
use crate::settings::Language;

pub(super) fn pick<'a>(page: &Page, l: &'a Localized) -> &'a str {
    match page.lang {
        Language::Ru => &l.ru,
        Language::En => &l.en,
    }
}

pub(super) fn number(page: &Page, n: f64) -> String {
    decimal(page, &n.to_string())
}

/// A canonical decimal text ("1500.50") with the language's decimal mark.
pub(super) fn decimal(page: &Page, text: &str) -> String {
    match page.lang {
        Language::Ru => text.replace('.', ","),
        Language::En => text.to_owned(),
    }
}

pub(super) fn choice(page: &Page, c: Choice) -> String {
    let n = match c {
        Choice::ScaleTo { campaigns } => campaigns.to_string(),
        _ => String::new(),
    };
    page.fill(&format!("choice.{}", c.as_str()), &[("n", &n)])
}

pub(super) fn phase_name(page: &Page, p: crate::phase::Phase) -> &'static str {
    page.t(&format!("phase.{}", p.as_str()))
}

/// A criterion key as the framework labels it (from the gate results the dossier carries).
pub(super) fn criterion<'a>(page: &Page, d: &'a Dossier, key: &'a str) -> &'a str {
    d.scorecards
        .iter()
        .filter_map(|v| v.gate.as_ref())
        .flat_map(|g| g.passed_criteria.iter().chain(&g.failed_criteria))
        .find(|c| c.key == key)
        .map_or(key, |c| pick(page, &c.label))
}

pub(super) fn flag_label<'a>(page: &Page, d: &'a Dossier, id: &'a str, kind: &'a str) -> &'a str {
    d.flags
        .iter()
        .find(|f| f.id == id)
        .map_or(kind, |f| pick(page, &f.label))
}

pub(super) fn reason(page: &Page, d: &Dossier, r: &Reason) -> String {
    let key = |k: &str| format!("reason.{k}");
    let phase = |p| phase_name(page, p);
    let criteria = |keys: &[String]| {
        keys.iter()
            .map(|k| criterion(page, d, k))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match r {
        Reason::Dealbreaker { flag_id, flag_kind } => page.fill(
            &key("dealbreaker"),
            &[("flag", flag_label(page, d, flag_id, flag_kind))],
        ),
        Reason::DealbreakerOverridden { flag_id, flag_kind } => page.fill(
            &key("dealbreaker_overridden"),
            &[("flag", flag_label(page, d, flag_id, flag_kind))],
        ),
        Reason::WarningFlag { flag_id, flag_kind } => page.fill(
            &key("warning_flag"),
            &[("flag", flag_label(page, d, flag_id, flag_kind))],
        ),
        Reason::Walked => page.t(&key("walked")).to_owned(),
        Reason::SignalsStrong { count, needed } | Reason::SignalsWeak { count, needed } => {
            let k = if matches!(r, Reason::SignalsStrong { .. }) {
                "signals_strong"
            } else {
                "signals_weak"
            };
            page.fill(
                &key(k),
                &[
                    ("count", &count.to_string()),
                    ("needed", &needed.to_string()),
                ],
            )
        }
        Reason::NoScorecards { phase: p } => {
            page.fill(&key("no_scorecards"), &[("phase", phase(*p))])
        }
        Reason::WaitingForReviewers {
            phase: p,
            count,
            needed,
        } => page.fill(
            &key("waiting_for_reviewers"),
            &[
                ("phase", phase(*p)),
                ("count", &count.to_string()),
                ("needed", &needed.to_string()),
            ],
        ),
        Reason::ScoresHidden { phase: p, count } => page.fill(
            &key("scores_hidden"),
            &[("phase", phase(*p)), ("count", &count.to_string())],
        ),
        Reason::GatePassed {
            phase: p,
            criteria: c,
            passed_weight,
            threshold,
        }
        | Reason::ThresholdMissed {
            phase: p,
            criteria: c,
            passed_weight,
            threshold,
        } => {
            let k = if matches!(r, Reason::GatePassed { .. }) {
                "gate_passed"
            } else {
                "threshold_missed"
            };
            page.fill(
                &key(k),
                &[
                    ("phase", phase(*p)),
                    ("criteria", &criteria(c)),
                    ("passedWeight", &passed_weight.to_string()),
                    ("threshold", &threshold.to_string()),
                ],
            )
        }
        Reason::NoPilot => page.t(&key("no_pilot")).to_owned(),
        Reason::MetricsAgreed => page.t(&key("metrics_agreed")).to_owned(),
        Reason::MetricsNotAgreed => page.t(&key("metrics_not_agreed")).to_owned(),
        Reason::PilotRunning => page.t(&key("pilot_running")).to_owned(),
        Reason::DeliverablesNotOnScope => page.t(&key("deliverables_not_on_scope")).to_owned(),
        Reason::PilotGatePassed => page.t(&key("pilot_gate_passed")).to_owned(),
        Reason::FailureCause { cause } => page.fill(
            &key("failure_cause"),
            &[("cause", page.t(&format!("cause.{}", cause.as_str())))],
        ),
        Reason::MissingBasics {
            count,
            campaign,
            gaps,
        } => {
            if *campaign == 0 {
                page.fill(&key("missing_basics"), &[("count", &count.to_string())])
            } else {
                let gaps: Vec<String> = gaps.iter().map(|g| gap(page, g)).collect();
                page.fill(
                    &key("missing_basics_in"),
                    &[
                        ("count", &count.to_string()),
                        ("campaign", &campaign.to_string()),
                        ("gaps", &gaps.join("; ")),
                    ],
                )
            }
        }
        Reason::DeliverablesOnScope => page.t(&key("deliverables_on_scope")).to_owned(),
        Reason::RevisionsOverLimit { used, limit } => page.fill(
            &key("revisions_over_limit"),
            &[("used", &used.to_string()), ("limit", &limit.to_string())],
        ),
        Reason::DeliveredLate {
            with_notice,
            without_notice,
        } => page.fill(
            &key(match (with_notice, without_notice) {
                (0, _) => "delivered_late_without",
                (_, 0) => "delivered_late_with",
                _ => "delivered_late",
            }),
            &[
                ("withNotice", &with_notice.to_string()),
                ("withoutNotice", &without_notice.to_string()),
            ],
        ),
        Reason::MetricsMissed { market, count } => page.fill(
            &key("metrics_missed"),
            &[("market", market.as_str()), ("count", &count.to_string())],
        ),
        Reason::NextCampaign { number, of } | Reason::CampaignRunning { number, of } => {
            let k = if matches!(r, Reason::NextCampaign { .. }) {
                "next_campaign"
            } else {
                "campaign_running"
            };
            page.fill(
                &key(k),
                &[("number", &number.to_string()), ("of", &of.to_string())],
            )
        }
        Reason::LadderNext { count, needed } => page.fill(
            &key("ladder_next"),
            &[
                ("count", &count.to_string()),
                ("needed", &needed.to_string()),
            ],
        ),
        Reason::LadderTop { count } => {
            page.fill(&key("ladder_top"), &[("count", &count.to_string())])
        }
        Reason::Scaled { count } => page.fill(&key("scaled"), &[("count", &count.to_string())]),
    }
}

/// A basic a campaign missed, with its facts.
fn gap(page: &Page, g: &BasicsGap) -> String {
    match g {
        BasicsGap::DeadlinesWithNotice { count } => page.fill(
            "gap.deadlines_with_notice",
            &[("count", &count.to_string())],
        ),
        BasicsGap::DeliverablesOnScope { count } => page.fill(
            "gap.deliverables_on_scope",
            &[("count", &count.to_string())],
        ),
        BasicsGap::RevisionsWithinLimit { used, limit } => page.fill(
            "gap.revisions_within_limit",
            &[("used", &used.to_string()), ("limit", &limit.to_string())],
        ),
        BasicsGap::MetricsAgreed => page.t("gap.metrics_agreed").to_owned(),
        BasicsGap::Communication => page.t("gap.communication").to_owned(),
    }
}

/// The choice, then what decides, what weighs and what passed, each group only when it has a
/// reason.
pub(super) fn recommendation_html(page: &Page, d: &Dossier, rec: &Recommendation) -> String {
    let mut out = format!(
        "<p><strong>{}</strong></p>\n",
        esc(&choice(page, rec.choice))
    );
    for (group, list) in [
        ("rec.decides", &rec.decides),
        ("rec.weighs", &rec.weighs),
        ("rec.passed", &rec.passed),
    ] {
        if list.is_empty() {
            continue;
        }
        let items: String = list
            .iter()
            .map(|r| format!("<li>{}</li>", esc(&reason(page, d, r))))
            .collect();
        out.push_str(&format!("<p>{}</p><ul>{items}</ul>\n", esc(page.t(group))));
    }
    out
}
