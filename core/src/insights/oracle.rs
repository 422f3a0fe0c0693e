//! The Insights histories read from each partner's whole facts (`facts::of_partners_whole`), as
//! every screen reads them: the oracle the narrow reads (`read.rs`) are proved equal to, and the
//! "before" row of the store bench. Test and bench support only.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{compute, read, Card, History, Insights, InsightsQuery, PartnerRef};
use crate::facts::{self, PartnerFacts};
use crate::ids::parse_instant;
use crate::partner;
use crate::phase::Phase;
use crate::recommendation::Choice;
use crate::scorecard;
use crate::store::{read_tx, Store};
use crate::Result;

/// Partners read per set-based facts query.
const CHUNK: usize = 500;

fn instant(text: &str) -> Option<DateTime<Utc>> {
    parse_instant(text)
}

/// One partner's history from its facts, at `now` (an open hold runs until now).
fn history_of(f: &PartnerFacts, now: DateTime<Utc>) -> History {
    let log: Vec<_> = f
        .log()
        .iter()
        .filter(|d| d.superseded_by.is_none())
        .collect();
    let mut entered: Vec<(Phase, DateTime<Utc>)> = Vec::new();
    if let Some(at) = instant(&f.partner.created_at) {
        entered.push((Phase::Sourced, at));
    }
    for d in &log {
        if d.phase_after != d.phase_before {
            if let Some(at) = instant(&d.decided_at) {
                entered.push((d.phase_after, at));
            }
        }
    }
    for p in &f.pilots {
        if let Some(at) = p.started_at {
            entered.push((Phase::Pilot, at));
        }
        if let Some(at) = p.debriefed_at {
            entered.push((Phase::Debrief, at));
        }
    }
    let mut times: Vec<DateTime<Utc>> = log.iter().filter_map(|d| instant(&d.decided_at)).collect();
    times.sort();
    let holds = log
        .iter()
        .filter(|d| d.choice == Choice::Hold)
        .filter_map(|d| {
            let from = instant(&d.decided_at)?;
            let to = times.iter().copied().find(|t| *t > from).unwrap_or(now);
            Some((from, to))
        })
        .collect();
    let gate = f.framework.gate(Phase::GutCheck);
    let cards = match gate {
        Some(g) => f
            .cards(Phase::GutCheck)
            .into_iter()
            .map(|c| {
                let passed =
                    scorecard::evaluate(g, &f.partner.framework_id, std::slice::from_ref(&c))
                        .passed;
                // The whole facts hold no device; blind is counted by the narrow read alone.
                Card {
                    reviewer: c.reviewer,
                    passed,
                    ..Card::default()
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let compared = match gate {
        Some(g) => {
            let (all, disagreements) =
                scorecard::judge(g, &f.partner.framework_id, &f.cards(Phase::GutCheck));
            read::compared(&all, &disagreements)
        }
        None => Vec::new(),
    };
    History {
        partner: PartnerRef {
            id: f.partner.id.clone(),
            name: f.partner.name.clone(),
        },
        phase: Some(f.partner.phase),
        created_at: instant(&f.partner.created_at),
        signals: f
            .signals()
            .items
            .iter()
            .map(|s| (s.signal, s.strength))
            .collect(),
        first_pilot_passed: f
            .pilots
            .iter()
            .find(|p| p.debrief.is_some())
            .map(|p| f.pilot_gate(p).passed),
        campaigns: f
            .pilots
            .iter()
            .filter_map(|p| {
                let (_, cause) = p.debrief.as_ref()?;
                Some((p.revisions_used, p.revision_limit, *cause))
            })
            .collect(),
        entered,
        holds,
        repeats: log.iter().filter(|d| d.choice == Choice::Repeat).count() as u32,
        reviewed: log
            .iter()
            .filter_map(|d| Some((d.confidence?, d.review.as_ref()?.as_expected)))
            .collect(),
        cards,
        compared,
        // Set by `read::corrections`.
        entries: 0,
        corrections: 0,
        gate_passed: f
            .gate_result(Phase::GutCheck)
            .filter(|g| !g.waiting && g.reviewers > 0)
            .map(|g| g.passed),
    }
}

/// The ids of the live partners `filters` cover, by name (picked by the one filter rule).
fn partner_ids(
    conn: &Connection,
    defs: &crate::framework::Definitions,
    filters: &read::Filters,
    now: DateTime<Utc>,
) -> Result<Vec<String>> {
    let (histories, attrs, _) = read::everything(conn, defs, now, read::Only::All)?;
    Ok(histories
        .into_iter()
        .zip(&attrs)
        .filter(|(_, a)| read::covers(filters, a))
        .map(|(h, _)| h.partner.id)
        .collect())
}

impl Store {
    /// The Insights figures read from every partner's whole facts, 500 at a time (the way they
    /// were read before `read.rs`): a test oracle and the bench's "before".
    pub fn insights_from_facts(
        &self,
        query: &InsightsQuery,
        now: DateTime<Utc>,
    ) -> Result<Insights> {
        let tx = read_tx(&self.conn)?;
        let conn: &Connection = &tx;
        let ids = partner_ids(conn, &self.definitions, &read::filters(query, now)?, now)?;
        let mut histories = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let partners = partner::get_many(conn, chunk)?;
            for f in facts::of_partners_whole(conn, &self.definitions, partners)? {
                histories.push(history_of(&f, now));
            }
        }
        read::corrections(conn, &mut histories, read::Only::All)?;
        tx.commit()?;
        Ok(compute(&histories, read::totals(&histories)))
    }
}
