//! Field by field, pilots: scope, roles, agreement and start, metrics, hypotheses, deliverables,
//! revision rounds and approvals.

use rusqlite::Connection;
use vetta_core::money::Money;
use vetta_core::pilot::PilotQuery;
use vetta_core::Store;

use crate::reads::query;

/// `2050` minor units are `"20.50"`.
fn amount(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

pub fn all(raw: &Connection, store: &Store) {
    let ids: Vec<String> = query(
        raw,
        "SELECT id FROM pilots WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    );
    for id in ids {
        let p = store
            .pilot(
                &PilotQuery {
                    pilot_id: id.clone(),
                    viewer_time_zone: "UTC".into(),
                },
                vetta_core::testing::t0(),
            )
            .unwrap_or_else(|e| panic!("pilot {id} reads after the upgrade: {e}"));
        type Scope = (
            String,
            String,
            u32,
            u32,
            u32,
            String,
            String,
            u32,
            i64,
            String,
        );
        let s: Scope = raw
            .query_row(
                "SELECT partner_id, framework_id, campaign_no, creators, deliverables, starts_at,
                     ends_at, revision_limit, payment_minor, currency FROM pilots WHERE id = ?1",
                [&id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                    ))
                },
            )
            .expect("the old pilot reads");
        assert_eq!(
            (&p.partner_id, &p.framework_id, p.campaign_no),
            (&s.0, &s.1, s.2),
            "pilot {id}: partner, framework and campaign number are kept"
        );
        assert_eq!(
            (p.creators, p.deliverables_planned, p.revision_limit),
            (s.3, s.4, s.7),
            "pilot {id}: the scope's numbers are kept"
        );
        assert_eq!(
            (&p.starts_at.utc, &p.ends_at.utc),
            (&s.5, &s.6),
            "pilot {id}: start and end instants are kept"
        );
        assert_eq!(
            p.payment,
            Money {
                amount: amount(s.8),
                currency: s.9.clone()
            },
            "pilot {id}: the payment is kept to the minor unit"
        );
        type People = (String, String, String, String, String);
        let r: People = raw
            .query_row(
                "SELECT feedback_owner, creator_relations, final_approval, escalation_path, rhythm
                 FROM pilots WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .expect("the old pilot reads");
        let roles = &p.roles;
        assert_eq!(
            (
                &roles.creative_feedback_owner,
                &roles.creator_relations,
                &roles.final_approval,
                &roles.escalation_path,
                &p.rhythm
            ),
            (&r.0, &r.1, &r.2, &r.3, &r.4),
            "pilot {id}: roles and rhythm are kept"
        );
        type States = (Option<String>, Option<String>, Option<String>, bool);
        let st: States = raw
            .query_row(
                "SELECT metrics_agreed_at, metrics_agreed_by, started_at,
                     EXISTS (SELECT 1 FROM debriefs d WHERE d.pilot_id = p.id)
                 FROM pilots p WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .expect("the old pilot reads");
        assert_eq!(
            (
                &p.metrics_agreed_at,
                &p.metrics_agreed_by,
                &p.started_at,
                p.debriefed
            ),
            (&st.0, &st.1, &st.2, st.3),
            "pilot {id}: agreement, start and debrief are kept"
        );
        pilot_children(raw, &p, &id);
    }
}

fn pilot_children(raw: &Connection, p: &vetta_core::pilot::Pilot, id: &str) {
    type Metric = (
        String,
        String,
        String,
        String,
        Option<String>,
        f64,
        Option<f64>,
    );
    let metrics: Vec<Metric> = query(
        raw,
        "SELECT id, market_code, name, unit, currency, target, actual FROM pilot_metrics
         WHERE pilot_id = ?1 AND deleted_at IS NULL ORDER BY position",
        [id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        },
    );
    let shown: Vec<Metric> = p
        .metrics
        .iter()
        .map(|m| {
            (
                m.id.clone(),
                m.market.clone(),
                m.name.clone(),
                m.unit.as_str().to_owned(),
                m.currency.clone(),
                m.target,
                m.actual,
            )
        })
        .collect();
    assert_eq!(
        shown, metrics,
        "pilot {id}: the live metrics, targets and actuals are kept (re-scoped ones stay out)"
    );
    let hypotheses: Vec<(String, String)> = query(
        raw,
        "SELECT id, text FROM pilot_hypotheses WHERE pilot_id = ?1 AND deleted_at IS NULL
         ORDER BY position",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    );
    let shown: Vec<(String, String)> = p
        .hypotheses
        .iter()
        .map(|h| (h.id.clone(), h.text.clone()))
        .collect();
    assert_eq!(
        shown, hypotheses,
        "pilot {id}: the live hypotheses are kept"
    );
    type Deliverable = (
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        bool,
        Option<String>,
        String,
    );
    let mut deliverables: Vec<Deliverable> = query(
        raw,
        "SELECT id, title, market_code, due_at, delivered_at, notice_given, verdict, note
         FROM deliverables WHERE pilot_id = ?1 AND deleted_at IS NULL",
        [id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        },
    );
    let mut shown: Vec<Deliverable> = p
        .deliverables
        .iter()
        .map(|d| {
            (
                d.id.clone(),
                d.title.clone(),
                d.market.clone(),
                d.due.utc.clone(),
                d.delivered.as_ref().map(|z| z.utc.clone()),
                d.notice_given,
                d.verdict.map(|v| v.as_str().to_owned()),
                d.note.clone(),
            )
        })
        .collect();
    deliverables.sort();
    shown.sort();
    assert_eq!(shown, deliverables, "pilot {id}: every deliverable is kept");
    let rounds: u32 = raw
        .query_row(
            "SELECT count(*) FROM revision_rounds WHERE pilot_id = ?1",
            [id],
            |r| r.get(0),
        )
        .expect("counts");
    assert_eq!(
        p.revisions.used, rounds,
        "pilot {id}: every revision round counts"
    );
    let approvals: Vec<(String, u32)> = query(
        raw,
        "SELECT market_code, count(*) FROM approvals WHERE pilot_id = ?1
         GROUP BY market_code ORDER BY market_code",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    );
    let mut shown: Vec<(String, u32)> = p
        .approvals
        .iter()
        .map(|a| (a.market.clone(), a.approvals))
        .collect();
    shown.sort();
    assert_eq!(
        shown, approvals,
        "pilot {id}: every approval counts in its market"
    );
}
