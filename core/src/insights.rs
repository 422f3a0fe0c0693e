//! Insights: what the team's own history says (design/INSIGHTS.md) — which pre-pilot signals went
//! with pilots that passed, the funnel and the days each gate takes (hold time left out, open
//! partners counted and left out), rework and failure causes, and each reviewer's cards against
//! the team's gate. Read from the facts every other screen reads (`crate::facts`), so a pilot
//! "passed" here exactly when its gate says so; computed in `insights/compute.rs`.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::facts::{self, PartnerFacts};
use crate::ids::parse_instant;
use crate::market::normalize_code;
use crate::outcome::FailureCause;
use crate::partner::{self, PartnerKind};
use crate::phase::Phase;
use crate::recommendation::Choice;
use crate::scorecard;
use crate::signal::SignalKind;
use crate::store::{read_tx, Store};
use crate::Result;

mod compute;
pub use compute::{compute, History, ENOUGH};

/// The phases of the funnel, in order (walked is where any of them can end).
pub const FUNNEL_PHASES: [Phase; 6] = [
    Phase::Sourced,
    Phase::GutCheck,
    Phase::PilotScoping,
    Phase::Pilot,
    Phase::Debrief,
    Phase::Scaled,
];

/// The most partners a figure lists by name (its count is always the whole).
pub const LISTED_MAX: usize = 50;

/// Which partners the figures cover.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InsightsQuery {
    /// Partners serving this market (a code); absent: every market.
    #[serde(default)]
    pub market: Option<String>,
    #[serde(default)]
    pub kind: Option<PartnerKind>,
    /// Partners added in the last this many days; absent: all time.
    #[serde(default)]
    pub since_days: Option<u32>,
}

/// A partner behind a figure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PartnerRef {
    pub id: String,
    pub name: String,
}

/// One signal against the first pilot's gate: "with it, 7 of 9 passed; without it, 2 of 6".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignalOutcomes {
    pub signal: SignalKind,
    pub with_success: u32,
    pub with_total: u32,
    pub without_success: u32,
    pub without_total: u32,
    /// The partners with the signal strong (at most [`LISTED_MAX`]).
    pub partners: Vec<PartnerRef>,
}

/// One phase of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FunnelStep {
    pub phase: Phase,
    /// Partners that ever entered it.
    pub reached: u32,
    /// Median days to the next phase, hold time left out, over `measured` partners.
    pub median_days: Option<f64>,
    pub measured: u32,
    /// Partners still in it: counted, left out of the median.
    pub open: u32,
    /// The partners in it now (at most [`LISTED_MAX`]).
    pub partners: Vec<PartnerRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CauseCount {
    pub cause: FailureCause,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Rework {
    /// Debriefed campaigns (the pilot is campaign 1).
    pub campaigns: u32,
    /// Of them, over their revision limit.
    pub over_limit: u32,
    /// Partners with at least one repeat decision, of `piloted` partners with a debriefed campaign.
    pub repeated: u32,
    pub piloted: u32,
    /// Failure causes of the debriefed campaigns.
    pub causes: Vec<CauseCount>,
    /// Superseded entries (scorecards, debriefs, decisions) of `entries`.
    pub corrections: u32,
    pub entries: u32,
    /// Partners with a campaign over its revision limit (at most [`LISTED_MAX`]).
    pub over_limit_partners: Vec<PartnerRef>,
}

/// One reviewer's gut-check cards, and how many pass the gate on their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReviewerStat {
    pub reviewer: String,
    pub cards: u32,
    pub passed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Insights {
    /// Partners the figures cover.
    pub partners: u32,
    /// Partners whose first pilot is debriefed: what signals are compared over.
    pub pilots: u32,
    /// `pilots` reaches [`ENOUGH`]: below it, no comparison is drawn.
    pub enough: bool,
    pub signals: Vec<SignalOutcomes>,
    pub funnel: Vec<FunnelStep>,
    pub rework: Rework,
    pub reviewers: Vec<ReviewerStat>,
    /// Partners whose gut-check gate is judged, and how many passed it.
    pub team_gates: u32,
    pub team_passed: u32,
}

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
                (c.reviewer, passed)
            })
            .collect(),
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
        cards,
        gate_passed: f
            .gate_result(Phase::GutCheck)
            .filter(|g| !g.waiting && g.reviewers > 0)
            .map(|g| g.passed),
    }
}

/// The ids of the live partners `query` covers, by name.
fn partner_ids(
    conn: &Connection,
    query: &InsightsQuery,
    now: DateTime<Utc>,
) -> Result<Vec<String>> {
    let market = query.market.as_deref().map(normalize_code).transpose()?;
    let since = query
        .since_days
        .map(|d| crate::ids::format_instant(now - chrono::Duration::days(i64::from(d))));
    let mut stmt = conn.prepare_cached(
        "SELECT p.id FROM partners p
         WHERE p.deleted_at IS NULL
           AND (?1 IS NULL OR p.kind = ?1)
           AND (?2 IS NULL OR p.created_at >= ?2)
           AND (?3 IS NULL OR EXISTS (SELECT 1 FROM partner_markets m
                                      WHERE m.partner_id = p.id AND m.market_code = ?3
                                        AND m.removed_at IS NULL))
         ORDER BY p.name_key, p.id",
    )?;
    let rows = stmt.query_map((query.kind.map(|k| k.as_str()), since, market), |r| {
        r.get(0)
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Superseded entries and all entries of the append-only logs people correct.
fn corrections(conn: &Connection) -> Result<(u32, u32)> {
    let mut stmt = conn.prepare_cached(
        "SELECT (SELECT count(*) FROM scorecards WHERE supersedes IS NOT NULL)
              + (SELECT count(*) FROM debriefs WHERE supersedes IS NOT NULL)
              + (SELECT count(*) FROM decisions WHERE supersedes IS NOT NULL),
                (SELECT count(*) FROM scorecards) + (SELECT count(*) FROM debriefs)
              + (SELECT count(*) FROM decisions)",
    )?;
    Ok(stmt.query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

impl Store {
    /// The Insights figures for the partners `query` covers, at `now`.
    pub fn insights(&self, query: &InsightsQuery, now: DateTime<Utc>) -> Result<Insights> {
        let tx = read_tx(&self.conn)?;
        let conn: &Connection = &tx;
        let ids = partner_ids(conn, query, now)?;
        let mut histories = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let partners = partner::get_many(conn, chunk)?;
            for f in facts::of_partners_whole(conn, &self.definitions, partners)? {
                histories.push(history_of(&f, now));
            }
        }
        let corrected = corrections(conn)?;
        tx.commit()?;
        Ok(compute(&histories, corrected))
    }
}

#[cfg(test)]
mod tests;
