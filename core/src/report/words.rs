//! The words of the dossier's rules in the report's language: choices, phases, the
//! recommendation's reasons, criteria and flags by their framework labels.

use super::html::{esc, Page};
use crate::dossier::Dossier;
use crate::framework::Localized;
use crate::recommendation::{Choice, Reason, Recommendation};
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
        Reason::MissingBasics { count } => {
            page.fill(&key("missing_basics"), &[("count", &count.to_string())])
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

pub(super) fn recommendation_html(page: &Page, d: &Dossier, rec: &Recommendation) -> String {
    let reasons: String = rec
        .reasons
        .iter()
        .map(|r| format!("<li>{}</li>", esc(&reason(page, d, r))))
        .collect();
    format!(
        "<p><strong>{}</strong></p><ul>{reasons}</ul>\n",
        esc(&choice(page, rec.choice))
    )
}
