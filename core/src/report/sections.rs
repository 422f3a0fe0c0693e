//! The report's sections, each written from the dossier read as it stands (see `html`).

use super::html::{esc, section, table, Page};
use super::words::{choice, criterion, decimal, number, phase_name, pick, recommendation_html};
use crate::dossier::Dossier;
use crate::pilot::{Metric, MetricUnit, Pilot};

fn dl(rows: &[(&str, String)]) -> String {
    let items: String = rows
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("<dt>{k}</dt><dd>{v}</dd>"))
        .collect();
    format!("<dl>{items}</dl>\n")
}

pub(super) fn profile(page: &Page, d: &Dossier) -> String {
    let p = &d.partner;
    let contacts = p
        .contacts
        .iter()
        .map(|c| esc(format!("{} {}", c.name, c.detail).trim()))
        .collect::<Vec<_>>()
        .join("<br>");
    let framework = format!(
        "{} ({})",
        esc(pick(page, &d.framework_name)),
        page.fill("report.version", &[("n", &d.framework_version.to_string())])
    );
    let rows = [
        (page.t("col.partner"), esc(&p.name)),
        (
            page.t("col.kind"),
            page.t(&format!("kind.{}", p.kind.as_str())).to_owned(),
        ),
        (page.t("col.phase"), phase_name(page, p.phase).to_owned()),
        (page.t("col.markets"), esc(&p.markets.join(", "))),
        (page.t("col.languages"), esc(&p.languages.join(", "))),
        (page.t("col.home_zone"), esc(&p.home_time_zone)),
        (page.t("col.contacts"), contacts),
        (page.t("col.found_via"), esc(&p.found_via)),
        (page.t("col.notes"), esc(&p.notes)),
        (page.t("report.framework"), framework),
    ];
    section(page, "report.profile", dl(&rows))
}

pub(super) fn recommendation(page: &Page, d: &Dossier) -> String {
    section(
        page,
        "report.recommendation",
        recommendation_html(page, d, &d.recommendation),
    )
}

pub(super) fn signals(page: &Page, d: &Dossier) -> String {
    let s = &d.signals;
    let rows: Vec<Vec<String>> = s
        .items
        .iter()
        .map(|i| {
            vec![
                page.t(&format!("signal.{}", i.signal.as_str())).to_owned(),
                page.t(&format!("strength.{}", i.strength.as_str()))
                    .to_owned(),
            ]
        })
        .collect();
    let score = page.fill(
        "report.signalsScore",
        &[
            ("n", &s.strong.to_string()),
            ("total", &s.total.to_string()),
        ],
    );
    let headings = [page.t("col.signal"), page.t("col.strength")];
    section(
        page,
        "report.signals",
        format!("<p>{score}</p>{}", table(&headings, &rows)),
    )
}

pub(super) fn gates(page: &Page, d: &Dossier) -> String {
    let mut out = String::new();
    for view in &d.scorecards {
        if view.scored == 0 {
            continue;
        }
        out.push_str(&format!("<h3>{}</h3>\n", phase_name(page, view.phase)));
        if view.hidden {
            let n = view.scored.to_string();
            out.push_str(&format!(
                "<p class=\"muted\">{}</p>",
                page.fill("report.blind", &[("n", &n)])
            ));
            continue;
        }
        if let Some(g) = &view.gate {
            let (key, class) = match (g.waiting, g.passed) {
                (true, _) => ("report.waiting", "muted"),
                (false, true) => ("report.gatePassed", "good"),
                (false, false) => ("report.gateFailed", "bad"),
            };
            let verdict = page.fill(
                key,
                &[
                    ("weight", &g.passed_weight.to_string()),
                    ("threshold", &g.threshold.to_string()),
                    ("n", &g.reviewers.to_string()),
                    ("needed", &g.min_reviewers.to_string()),
                ],
            );
            out.push_str(&format!("<p class=\"{class}\">{verdict}</p>"));
        }
        let mut rows = Vec::new();
        for card in &view.cards {
            for a in &card.answers {
                rows.push(vec![
                    esc(&card.reviewer),
                    esc(criterion(page, d, &a.criterion)),
                    a.value.to_string(),
                    page.instant(&card.submitted_at),
                ]);
            }
            if !card.note.is_empty() {
                let note = format!("<em>{}</em>", esc(&card.note));
                rows.push(vec![
                    esc(&card.reviewer),
                    page.t("report.noteOf").into(),
                    note,
                    String::new(),
                ]);
            }
        }
        let headings = [
            page.t("report.reviewer"),
            page.t("report.criterion"),
            page.t("report.answer"),
            page.t("report.submitted"),
        ];
        out.push_str(&table(&headings, &rows));
    }
    section(page, "report.gates", out)
}

pub(super) fn flags(page: &Page, d: &Dossier) -> String {
    let rows: Vec<Vec<String>> = d
        .flags
        .iter()
        .map(|f| {
            let mut status = page
                .t(&format!("flagStatus.{}", f.status.as_str()))
                .to_owned();
            if let Some(e) = &f.override_reason {
                status += &format!(
                    "<br>{}: {} ({}, {})",
                    page.t("report.overrideReason"),
                    esc(&e.note),
                    esc(&e.by),
                    page.instant(&e.at)
                );
            }
            if let Some(e) = &f.resolution {
                status += &format!(
                    "<br>{}: {} ({}, {})",
                    page.t("report.resolution"),
                    esc(&e.note),
                    esc(&e.by),
                    page.instant(&e.at)
                );
            }
            let evidence = [esc(&f.note), esc(&f.link)]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("<br>");
            let class = if f.live_dealbreaker {
                " class=\"bad\""
            } else {
                ""
            };
            vec![
                format!("<span{class}>{}</span>", esc(pick(page, &f.label))),
                page.t(&format!("severity.{}", f.severity.as_str()))
                    .to_owned(),
                page.instant(&f.occurred_at),
                evidence,
                esc(&f.raised_by),
                status,
            ]
        })
        .collect();
    let headings = [
        page.t("col.flag_kind"),
        page.t("col.severity"),
        page.t("col.occurred_utc").trim_end_matches(" (UTC)"),
        page.t("col.note"),
        page.t("col.raised_by"),
        page.t("col.status"),
    ];
    section(page, "report.flags", table(&headings, &rows))
}

fn campaign(page: &Page, p: &Pilot) -> String {
    page.fill("report.campaign", &[("n", &p.campaign_no.to_string())])
}

pub(super) fn pilots(page: &Page, d: &Dossier) -> String {
    let mut out = String::new();
    for p in &d.pilots {
        out.push_str(&format!("<h3>{}</h3>\n", campaign(page, p)));
        let roles = [
            &p.roles.creative_feedback_owner,
            &p.roles.creator_relations,
            &p.roles.final_approval,
            &p.roles.escalation_path,
        ]
        .iter()
        .map(|r| esc(r))
        .collect::<Vec<_>>()
        .join("<br>");
        let hypotheses: String = p
            .hypotheses
            .iter()
            .map(|h| format!("<li>{}</li>", esc(&h.text)))
            .collect();
        out.push_str(&dl(&[
            (
                page.t("report.dates"),
                format!("{} — {}", page.zoned(&p.starts_at), page.zoned(&p.ends_at)),
            ),
            (page.t("col.creators"), p.creators.to_string()),
            (
                page.t("col.deliverables"),
                p.deliverables_planned.to_string(),
            ),
            (
                page.t("col.payment"),
                format!(
                    "{} {}",
                    decimal(page, &p.payment.amount),
                    esc(&p.payment.currency)
                ),
            ),
            (
                page.t("col.metrics_agreed_by"),
                match (&p.metrics_agreed_by, &p.metrics_agreed_at) {
                    (Some(by), Some(at)) => format!("{} ({})", esc(by), page.instant(at)),
                    _ => String::new(),
                },
            ),
            (
                page.t("col.started_utc").trim_end_matches(" (UTC)"),
                p.started_at
                    .as_deref()
                    .map(|s| page.instant(s))
                    .unwrap_or_default(),
            ),
            (page.t("report.roles"), roles),
            (
                page.t("report.hypotheses"),
                format!("<ul>{hypotheses}</ul>"),
            ),
            (
                "",
                page.fill(
                    "report.revisions",
                    &[
                        ("used", &p.revisions.used.to_string()),
                        ("limit", &p.revisions.limit.to_string()),
                    ],
                ),
            ),
        ]));
        let rows: Vec<Vec<String>> = p
            .deliverables
            .iter()
            .map(|x| {
                let mut delivered = match &x.delivered {
                    Some(at) => page.zoned(at),
                    None => page.t("report.notDelivered").to_owned(),
                };
                if x.late || x.overdue {
                    delivered += &format!(" <span class=\"bad\">{}</span>", page.t("report.late"));
                }
                if x.notice_given {
                    delivered += &format!(" ({})", page.t("report.noticeGiven"));
                }
                vec![
                    esc(&x.title),
                    esc(x.market.as_deref().unwrap_or("")),
                    page.zoned(&x.due),
                    delivered,
                ]
            })
            .collect();
        let headings = [
            page.t("col.deliverables"),
            page.t("report.market"),
            page.t("report.deadline"),
            page.t("report.delivered"),
        ];
        out.push_str(&table(&headings, &rows));
    }
    section(page, "report.pilots", out)
}

fn value(page: &Page, m: &Metric, v: f64) -> String {
    match m.unit {
        MetricUnit::Count => number(page, v),
        MetricUnit::Percent => format!("{} %", number(page, v)),
        MetricUnit::Money => format!(
            "{} {}",
            number(page, v),
            esc(m.currency.as_deref().unwrap_or(""))
        ),
    }
}

pub(super) fn metrics(page: &Page, d: &Dossier) -> String {
    let mut rows = Vec::new();
    for p in &d.pilots {
        let mut metrics: Vec<&Metric> = p.metrics.iter().collect();
        metrics.sort_by(|a, b| a.market.cmp(&b.market));
        for m in metrics {
            let met = match m.met {
                Some(true) => format!("<span class=\"good\">{}</span>", page.t("yes")),
                Some(false) => format!("<span class=\"bad\">{}</span>", page.t("no")),
                None => String::new(),
            };
            rows.push(vec![
                campaign(page, p),
                esc(&m.market),
                esc(&m.name),
                value(page, m, m.target),
                m.actual.map(|a| value(page, m, a)).unwrap_or_default(),
                met,
            ]);
        }
    }
    let headings = [
        page.t("col.campaign"),
        page.t("report.market"),
        page.t("report.metric"),
        page.t("report.target"),
        page.t("report.actual"),
        page.t("report.met"),
    ];
    section(page, "report.metrics", table(&headings, &rows))
}

pub(super) fn debriefs(page: &Page, d: &Dossier) -> String {
    let mut out = String::new();
    for b in &d.debriefs {
        let title = d
            .pilots
            .iter()
            .find(|p| p.id == b.pilot_id)
            .map(|p| campaign(page, p))
            .unwrap_or_default();
        out.push_str(&format!("<h3>{title}</h3>\n"));
        let h = &b.health;
        let hypotheses: String = b
            .hypotheses
            .iter()
            .map(|x| {
                let note = if x.note.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", esc(&x.note))
                };
                format!(
                    "<li>{}: <strong>{}</strong>{note}</li>",
                    esc(&x.text),
                    page.t(&format!("verdict.{}", x.verdict.as_str()))
                )
            })
            .collect();
        out.push_str(&dl(&[
            (
                page.t("report.author"),
                format!("{} ({})", esc(&b.author), page.instant(&b.created_at)),
            ),
            (page.t("report.worked"), esc(&b.worked)),
            (page.t("report.didnt"), esc(&b.did_not_work)),
            (
                page.t("report.hypotheses"),
                format!("<ul>{hypotheses}</ul>"),
            ),
            (
                page.t("report.cause"),
                page.t(&format!("cause.{}", b.failure_cause.as_str()))
                    .to_owned(),
            ),
            (
                "",
                page.fill(
                    "report.health",
                    &[
                        ("c", &h.communication.to_string()),
                        ("s", &h.speed.to_string()),
                        ("o", &h.ownership.to_string()),
                    ],
                ),
            ),
        ]));
    }
    section(page, "report.debriefs", out)
}

pub(super) fn decisions(page: &Page, d: &Dossier) -> String {
    let mut out = String::new();
    for x in &d.decisions {
        let assumptions: String = x
            .assumptions
            .iter()
            .map(|a| format!("<li>{}</li>", esc(a)))
            .collect();
        out.push_str(&format!(
            "<h3>{} — {}</h3>\n",
            esc(&choice(page, x.choice)),
            page.instant(&x.decided_at)
        ));
        if x.superseded_by.is_some() {
            out.push_str(&format!(
                "<p class=\"muted\">{}</p>",
                page.t("report.corrected")
            ));
        }
        out.push_str(&dl(&[
            (page.t("col.decided_by"), esc(&x.decided_by)),
            (
                page.t("col.phase"),
                format!(
                    "{} → {}",
                    phase_name(page, x.phase_before),
                    phase_name(page, x.phase_after)
                ),
            ),
            (page.t("col.rationale"), esc(&x.rationale)),
            (
                page.t("report.assumptions"),
                if assumptions.is_empty() {
                    String::new()
                } else {
                    format!("<ul>{assumptions}</ul>")
                },
            ),
            (
                page.t("report.reviewOn"),
                x.review_on
                    .as_deref()
                    .map(|r| page.date(r))
                    .unwrap_or_default(),
            ),
            (
                page.t("report.recommended"),
                recommendation_html(page, d, &x.recommended),
            ),
        ]));
    }
    section(page, "report.decisions", out)
}
