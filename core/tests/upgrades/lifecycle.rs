//! Field by field, the vetting record: scorecards, flags and their events, decisions, debriefs.

use std::collections::BTreeMap;

use rusqlite::Connection;
use vetta_core::phase::Phase;
use vetta_core::recommendation::Recommendation;
use vetta_core::scorecard::ScorecardQuery;
use vetta_core::Store;

use crate::reads::{json, query};

pub fn scorecards(raw: &Connection, store: &Store, partner: &str, name: &str) {
    type Raw = (
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        String,
    );
    let rows: Vec<Raw> = query(
        raw,
        "SELECT id, phase, framework_id, reviewer, note, supersedes, submitted_at FROM scorecards s
         WHERE partner_id = ?1 AND NOT EXISTS (SELECT 1 FROM scorecards n WHERE n.supersedes = s.id)",
        [partner],
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
    for phase in Phase::ALL {
        let current: Vec<&Raw> = rows.iter().filter(|r| r.1 == phase.as_str()).collect();
        let view = store
            .scorecards(&ScorecardQuery {
                partner_id: partner.into(),
                phase: *phase,
            })
            .expect("scorecards read");
        assert_eq!(
            view.scored as usize,
            current.len(),
            "{name}: the {phase:?} view counts the current cards"
        );
        if view.hidden {
            // No user name in the fixture: blind to the partner's open phase, nothing to compare.
            assert!(view.cards.is_empty(), "{name}: a blind view holds no card");
            continue;
        }
        assert_eq!(
            view.cards.len(),
            current.len(),
            "{name}: the {phase:?} view holds the current cards, superseded ones left out"
        );
        for (id, _, framework, reviewer, note, supersedes, submitted) in current {
            let card = view
                .cards
                .iter()
                .find(|c| c.id == *id)
                .unwrap_or_else(|| panic!("{name}: current card {id} is shown"));
            assert_eq!(
                (&card.framework_id, &card.reviewer, &card.note),
                (framework, reviewer, note),
                "{name}: card {id} keeps its framework, reviewer and note"
            );
            assert_eq!(
                (&card.supersedes, &card.submitted_at),
                (supersedes, submitted),
                "{name}: card {id} keeps what it supersedes and when it was submitted"
            );
            let mut answers: Vec<(String, i32)> = query(
                raw,
                "SELECT criterion_key, value FROM scorecard_answers WHERE scorecard_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            );
            let mut read: Vec<(String, i32)> = card
                .answers
                .iter()
                .map(|a| (a.criterion.clone(), a.value))
                .collect();
            answers.sort();
            read.sort();
            assert_eq!(read, answers, "{name}: card {id} keeps every answer");
        }
    }
}

pub fn flags(raw: &Connection, store: &Store, partner: &str, name: &str) {
    let read = store.flags(partner).expect("flags read");
    type Raw = (
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
    );
    let rows: Vec<Raw> = query(
        raw,
        "SELECT id, pilot_id, deliverable_id, framework_id, kind, severity FROM flags
         WHERE partner_id = ?1",
        [partner],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    );
    assert_eq!(read.len(), rows.len(), "{name}: every flag is listed");
    for (id, pilot, deliverable, framework, kind, severity) in rows {
        let f = read
            .iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("{name}: flag {id} is listed"));
        assert_eq!(
            (&f.pilot_id, &f.deliverable_id, &f.framework_id, &f.kind),
            (&pilot, &deliverable, &framework, &kind),
            "{name}: flag {id} keeps what it is about"
        );
        assert_eq!(f.severity.as_str(), severity, "{name}: flag {id} severity");
        let (source, occurred, note, link, by, created): (String, String, String, String, String, String) = raw
            .query_row(
                "SELECT source, occurred_at, note, link, raised_by, created_at FROM flags WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .expect("the old flag reads");
        assert_eq!(
            (f.source.as_str(), &f.occurred_at, &f.note, &f.link),
            (source.as_str(), &occurred, &note, &link),
            "{name}: flag {id} keeps its source, time, note and link"
        );
        assert_eq!(
            (&f.raised_by, &f.created_at),
            (&by, &created),
            "{name}: flag {id} keeps who raised it and when"
        );
        let label = store
            .framework(&framework)
            .expect("the flag's framework reads")
            .definition
            .flag_kind(&kind)
            .map(|k| k.label.clone());
        assert_eq!(Some(&f.label), label.as_ref(), "{name}: flag {id} label");
        let events: BTreeMap<String, (String, String, String)> = query(
            raw,
            "SELECT action, by_name, note, at FROM flag_events WHERE flag_id = ?1",
            [&id],
            |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))),
        )
        .into_iter()
        .collect();
        let event = |e: &Option<vetta_core::flag::FlagEvent>| {
            e.as_ref()
                .map(|e| (e.by.clone(), e.note.clone(), e.at.clone()))
        };
        assert_eq!(
            event(&f.resolution),
            events.get("resolve").cloned(),
            "{name}: flag {id} keeps its resolution"
        );
        assert_eq!(
            event(&f.override_reason),
            events.get("override").cloned(),
            "{name}: flag {id} keeps its override and reason"
        );
        let status = if events.contains_key("override") {
            "overridden"
        } else if events.contains_key("resolve") {
            "resolved"
        } else {
            "open"
        };
        assert_eq!(f.status.as_str(), status, "{name}: flag {id} status");
    }
}

pub fn decisions(raw: &Connection, store: &Store, partner: &str, name: &str) {
    let read = store.decisions(partner).expect("the decision log reads");
    type Raw = (
        String,
        String,
        Option<u32>,
        String,
        String,
        String,
        Option<String>,
    );
    let rows: Vec<Raw> = query(
        raw,
        "SELECT id, choice, scale_to, decided_by, rationale, assumptions, review_on
         FROM decisions WHERE partner_id = ?1 ORDER BY decided_at, id",
        [partner],
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
    assert_eq!(
        read.len(),
        rows.len(),
        "{name}: every decision is in the log, superseded ones included"
    );
    for (d, (id, choice, scale_to, by, rationale, assumptions, review_on)) in read.iter().zip(rows)
    {
        assert_eq!(d.id, id, "{name}: the log keeps its order");
        let campaigns = match d.choice {
            vetta_core::recommendation::Choice::ScaleTo { campaigns } => Some(campaigns),
            _ => None,
        };
        assert_eq!(
            (d.choice.as_str(), campaigns),
            (choice.as_str(), scale_to),
            "{name}: decision {id} keeps its choice"
        );
        assert_eq!(
            (&d.decided_by, &d.rationale, &d.review_on),
            (&by, &rationale, &review_on),
            "{name}: decision {id} keeps who, why and when to review"
        );
        let assumptions: Vec<String> = json("assumptions", &assumptions);
        assert_eq!(
            d.assumptions, assumptions,
            "{name}: decision {id} assumptions"
        );
        type Rest = (
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
        );
        let (recommended, before, after, supersedes, at, superseded_by): Rest = raw
            .query_row(
                "SELECT recommended, phase_before, phase_after, supersedes, decided_at,
                     (SELECT n.id FROM decisions n WHERE n.supersedes = d.id)
                 FROM decisions d WHERE id = ?1",
                [&id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )
            .expect("the old decision reads");
        let recommended: Recommendation = json("recommendation", &recommended);
        assert_eq!(
            d.recommended, recommended,
            "{name}: decision {id} keeps the recommendation shown then"
        );
        assert_eq!(
            (d.phase_before.as_str(), d.phase_after.as_str()),
            (before.as_str(), after.as_str()),
            "{name}: decision {id} keeps the phases it moved between"
        );
        assert_eq!(
            (&d.supersedes, &d.superseded_by, &d.decided_at),
            (&supersedes, &superseded_by, &at),
            "{name}: decision {id} keeps its place in the corrections and its date"
        );
    }
}

pub fn debriefs(
    raw: &Connection,
    read: &[vetta_core::debrief::Debrief],
    partner: &str,
    name: &str,
) {
    type Raw = (String, String, String, String, String, (i32, i32, i32));
    let rows: Vec<Raw> = query(
        raw,
        "SELECT id, pilot_id, author, worked, did_not_work, communication, speed, ownership
         FROM debriefs d WHERE partner_id = ?1
           AND NOT EXISTS (SELECT 1 FROM debriefs n WHERE n.supersedes = d.id)",
        [partner],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                (r.get(5)?, r.get(6)?, r.get(7)?),
            ))
        },
    );
    assert_eq!(
        read.len(),
        rows.len(),
        "{name}: the dossier shows each pilot's current debrief"
    );
    for (id, pilot, author, worked, did_not_work, health) in rows {
        let d = read
            .iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("{name}: debrief {id} is shown"));
        assert_eq!(
            (
                &d.pilot_id,
                &d.partner_id,
                &d.author,
                &d.worked,
                &d.did_not_work
            ),
            (&pilot, &partner.to_owned(), &author, &worked, &did_not_work),
            "{name}: debrief {id} keeps its texts"
        );
        assert_eq!(
            (d.health.communication, d.health.speed, d.health.ownership),
            health,
            "{name}: debrief {id} keeps its health scores"
        );
        let (cause, created, supersedes): (String, String, Option<String>) = raw
            .query_row(
                "SELECT failure_cause, created_at, supersedes FROM debriefs WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("the old debrief reads");
        assert_eq!(
            (d.failure_cause.as_str(), &d.created_at, &d.supersedes),
            (cause.as_str(), &created, &supersedes),
            "{name}: debrief {id} keeps its cause, date and what it corrects"
        );
        let verdicts: Vec<(String, String, String, String)> = query(
            raw,
            "SELECT dh.hypothesis_id, h.text, dh.verdict, dh.note FROM debrief_hypotheses dh
             JOIN pilot_hypotheses h ON h.id = dh.hypothesis_id
             WHERE dh.debrief_id = ?1 ORDER BY h.position",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        );
        let shown: Vec<(String, String, String, String)> = d
            .hypotheses
            .iter()
            .map(|h| {
                (
                    h.hypothesis_id.clone(),
                    h.text.clone(),
                    h.verdict.as_str().to_owned(),
                    h.note.clone(),
                )
            })
            .collect();
        assert_eq!(
            shown, verdicts,
            "{name}: debrief {id} keeps every hypothesis verdict"
        );
    }
}
