//! The histories Insights computes over, read narrow: only the columns the figures use, each table
//! once, in a fixed number of queries whatever the number of partners (a partner's whole facts —
//! contacts, notes, every pilot's metrics, the recommendation stored with each decision — are
//! never read). The rules are the ones every screen applies, called here on the narrow rows: the
//! pilot gate (`outcome::pilot_gate`), a live dealbreaker (`flag::is_live_dealbreaker`), a phase's
//! gate (`scorecard::evaluate`), the signals' scoring (`signal::score_signals`) and "current"
//! (`supersede`). `insights/tests/narrow.rs` proves the answers equal those read from the facts.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{Card, History, InsightsQuery, PartnerRef};
use crate::flag::{self, FlagEventAction, FlagStatus};
use crate::framework::{Definitions, VersionDefinition};
use crate::gate::Answer;
use crate::ids::{format_instant, parse_instant};
use crate::market::normalize_code;
use crate::outcome::{pilot_gate, FailureCause, Verdict};
use crate::partner;
use crate::phase::Phase;
use crate::recommendation::Choice;
use crate::scorecard::{self, Scorecard, SCORED_BLIND};
use crate::signal::score_signals;
use crate::sql;
use crate::supersede::{CURRENT_DEBRIEF, CURRENT_DECISION, CURRENT_SCORECARD};
use crate::Result;

/// The filters: kind, added since (an instant's text), market code, framework version id.
pub(super) type Filters = (
    Option<&'static str>,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub(super) fn filters(query: &InsightsQuery, now: DateTime<Utc>) -> Result<Filters> {
    let market = query.market.as_deref().map(normalize_code).transpose()?;
    let since = query
        .since_days
        .map(|d| format_instant(now - chrono::Duration::days(i64::from(d))));
    Ok((
        query.kind.map(|k| k.as_str()),
        since,
        market,
        query.framework_id.clone(),
    ))
}

fn instant(text: &str) -> Option<DateTime<Utc>> {
    parse_instant(text)
}

/// The text of column `i`, borrowed from the row (no copy).
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}

/// The partners a read covers: every live one, or those of a JSON array of ids (the partners
/// whose rows changed since the kept histories were read: `insights/memo.rs`).
#[derive(Debug, Clone, Copy)]
pub(super) enum Only<'a> {
    All,
    Ids(&'a String),
}

impl<'a> Only<'a> {
    /// `AND {column} IN (the ids)`, the ids as parameter `?{n}`; nothing for every partner.
    fn clause(self, column: &str, n: usize) -> String {
        match self {
            Only::All => String::new(),
            Only::Ids(_) => format!(" AND {column} IN (SELECT value FROM json_each(?{n}))"),
        }
    }

    /// `params`, then the ids when there are some.
    fn params(
        self,
        params: &[&'a dyn rusqlite::ToSql],
    ) -> rusqlite::ParamsFromIter<Vec<&'a dyn rusqlite::ToSql>> {
        let mut all = params.to_vec();
        if let Only::Ids(ids) = self {
            all.push(ids);
        }
        rusqlite::params_from_iter(all)
    }
}

/// A pilot as the figures read it.
struct PilotRow {
    id: String,
    agreed: Option<DateTime<Utc>>,
    started: Option<DateTime<Utc>>,
    limit: u32,
    used: u32,
    debrief: Option<(FailureCause, Option<DateTime<Utc>>)>,
}

/// The framework versions the partners use, by id.
pub(super) type Versions = HashMap<String, VersionDefinition>;

/// Every live partner's history, by name, at `now`, each one's framework id, and those versions.
pub(super) fn histories(
    conn: &Connection,
    defs: &Definitions,
    now: DateTime<Utc>,
    only: Only<'_>,
) -> Result<(Vec<History>, Vec<String>, Versions)> {
    // 1. The partners: id, name, phase, creation, framework version.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.name, p.phase, p.created_at, p.framework_id FROM partners p
         WHERE {}{} ORDER BY p.name_key, p.id",
        crate::live_partner!("p"),
        only.clause("p.id", 1)
    ))?;
    let mut out: Vec<History> = Vec::new();
    let mut frameworks: Vec<String> = Vec::new();
    let mut rows = stmt.query(only.params(&[]))?;
    while let Some(r) = rows.next()? {
        let created: String = r.get(3)?;
        let created_at = instant(&created);
        out.push(History {
            partner: PartnerRef {
                id: r.get(0)?,
                name: r.get(1)?,
            },
            phase: Some(r.get(2)?),
            created_at,
            entered: created_at
                .map(|at| vec![(Phase::Sourced, at)])
                .unwrap_or_default(),
            ..History::default()
        });
        frameworks.push(r.get(4)?);
    }
    let index: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(i, h)| (h.partner.id.clone(), i))
        .collect();
    let mut distinct: Vec<&str> = frameworks.iter().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let versions = defs.get_many(conn, &distinct)?;
    decisions(conn, &index, &mut out, now, only)?;
    let firsts = pilots(conn, &index, &mut out, only)?;
    first_pilots(conn, &versions, &index, &mut out, &frameworks, firsts, only)?;
    cards(conn, &versions, &index, &mut out, &frameworks, only)?;
    Ok((out, frameworks, versions))
}

/// Phase changes, holds and repeats from the current decisions.
fn decisions(
    conn: &Connection,
    index: &HashMap<String, usize>,
    out: &mut [History],
    now: DateTime<Utc>,
    only: Only<'_>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.partner_id, d.choice, d.phase_before, d.phase_after, d.decided_at, d.confidence,
             (SELECT r.as_expected FROM decision_reviews r WHERE r.decision_id = d.id
              ORDER BY r.at DESC, r.id DESC LIMIT 1)
         FROM decisions d WHERE {CURRENT_DECISION}{}
         ORDER BY d.partner_id, d.decided_at, d.id",
        only.clause("d.partner_id", 1)
    ))?;
    let mut rows = stmt.query(only.params(&[]))?;
    // Per partner, in log order: (choice is hold, decided at).
    let mut log: Vec<(usize, bool, Option<DateTime<Utc>>)> = Vec::new();
    while let Some(r) = rows.next()? {
        let Some(&i) = index.get(text(r, 0)?) else {
            continue;
        };
        let choice = text(r, 1)?;
        let before: Phase = r.get(2)?;
        let after: Phase = r.get(3)?;
        let at = instant(text(r, 4)?);
        if after != before {
            if let Some(at) = at {
                out[i].entered.push((after, at));
            }
        }
        if choice == Choice::Repeat.as_str() {
            out[i].repeats += 1;
        }
        let review: (Option<u32>, Option<bool>) = (r.get(5)?, r.get(6)?);
        if let (Some(confidence), Some(as_expected)) = review {
            out[i].reviewed.push((confidence, as_expected));
        }
        log.push((i, choice == Choice::Hold.as_str(), at));
    }
    // A hold lasts until the partner's next decision, or until now.
    let mut start = 0;
    while start < log.len() {
        let i = log[start].0;
        let end = start + log[start..].iter().take_while(|e| e.0 == i).count();
        let mut times: Vec<DateTime<Utc>> = log[start..end].iter().filter_map(|e| e.2).collect();
        times.sort();
        for (_, hold, at) in &log[start..end] {
            if let (true, Some(from)) = (*hold, *at) {
                let to = times.iter().copied().find(|t| *t > from).unwrap_or(now);
                out[i].holds.push((from, to));
            }
        }
        start = end;
    }
    Ok(())
}

/// Pilot starts, debriefs and debriefed campaigns; returns each partner's first debriefed pilot.
fn pilots(
    conn: &Connection,
    index: &HashMap<String, usize>,
    out: &mut [History],
    only: Only<'_>,
) -> Result<Vec<(usize, PilotRow)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.partner_id, p.id, p.metrics_agreed_at, p.started_at, p.revision_limit,
             (SELECT count(*) FROM revision_rounds r WHERE r.pilot_id = p.id),
             (SELECT d.failure_cause FROM debriefs d WHERE d.pilot_id = p.id AND {CURRENT_DEBRIEF}),
             (SELECT min(e.created_at) FROM debriefs e WHERE e.pilot_id = p.id)
         FROM pilots p WHERE p.deleted_at IS NULL{}
         ORDER BY p.partner_id, p.created_at, p.id",
        only.clause("p.partner_id", 1)
    ))?;
    let mut rows = stmt.query(only.params(&[]))?;
    let mut firsts: Vec<(usize, PilotRow)> = Vec::new();
    let when = |t: Option<String>, column| -> Result<Option<DateTime<Utc>>> {
        t.as_deref()
            .map(|t| sql::stored_instant("pilots", column, t))
            .transpose()
    };
    while let Some(r) = rows.next()? {
        let Some(&i) = index.get(text(r, 0)?) else {
            continue;
        };
        let cause: Option<FailureCause> = r.get(6)?;
        let debriefed: Option<String> = r.get(7)?;
        let pilot = PilotRow {
            id: r.get(1)?,
            agreed: when(r.get(2)?, "metrics_agreed_at")?,
            started: when(r.get(3)?, "started_at")?,
            limit: r.get(4)?,
            used: r.get(5)?,
            debrief: match cause {
                Some(c) => Some((
                    c,
                    debriefed
                        .as_deref()
                        .map(|t| sql::stored_instant("debriefs", "created_at", t))
                        .transpose()?,
                )),
                None => None,
            },
        };
        if let Some(at) = pilot.started {
            out[i].entered.push((Phase::Pilot, at));
        }
        if let Some((cause, at)) = pilot.debrief {
            if let Some(at) = at {
                out[i].entered.push((Phase::Debrief, at));
            }
            out[i].campaigns.push((pilot.used, pilot.limit, cause));
            if firsts.last().map(|f| f.0) != Some(i) {
                firsts.push((i, pilot));
            }
        }
    }
    Ok(firsts)
}

/// Each first debriefed pilot's gate (its deliverables' verdicts, the partner's live
/// dealbreaker) and the partner's signals, scored by its framework.
fn first_pilots(
    conn: &Connection,
    versions: &Versions,
    index: &HashMap<String, usize>,
    out: &mut [History],
    frameworks: &[String],
    firsts: Vec<(usize, PilotRow)>,
    only: Only<'_>,
) -> Result<()> {
    if firsts.is_empty() {
        return Ok(());
    }
    let pilot_ids = sql::ids_json(&firsts.iter().map(|f| f.1.id.as_str()).collect::<Vec<_>>())?;
    let mut stmt = conn.prepare_cached(
        "SELECT d.pilot_id, d.verdict FROM deliverables d
         WHERE d.pilot_id IN (SELECT value FROM json_each(?1)) AND d.deleted_at IS NULL
         ORDER BY d.pilot_id, d.due_at, d.id",
    )?;
    let mut verdicts: HashMap<String, Vec<Option<Verdict>>> = HashMap::new();
    let mut rows = stmt.query([&pilot_ids])?;
    while let Some(r) = rows.next()? {
        verdicts.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT f.partner_id, f.severity,
             EXISTS (SELECT 1 FROM flag_events e WHERE e.flag_id = f.id AND e.action = ?1),
             EXISTS (SELECT 1 FROM flag_events e WHERE e.flag_id = f.id AND e.action = ?2)
         FROM flags f WHERE 1{}",
        only.clause("f.partner_id", 3)
    ))?;
    let mut dealbreaker = vec![false; out.len()];
    let mut rows =
        stmt.query(only.params(&[&FlagEventAction::Resolve, &FlagEventAction::Override]))?;
    while let Some(r) = rows.next()? {
        let Some(&i) = index.get(text(r, 0)?) else {
            continue;
        };
        let status = FlagStatus::from_events(r.get(2)?, r.get(3)?);
        dealbreaker[i] |= flag::is_live_dealbreaker(r.get(1)?, status);
    }
    let ids: Vec<String> = firsts
        .iter()
        .map(|(i, _)| out[*i].partner.id.clone())
        .collect();
    let mut partners: HashMap<String, partner::Partner> = partner::get_many(conn, &ids)?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    for (i, pilot) in firsts {
        let verdicts = verdicts.remove(&pilot.id).unwrap_or_default();
        let gate = pilot_gate(pilot.agreed, pilot.started, dealbreaker[i], &verdicts);
        out[i].first_pilot_passed = Some(gate.passed);
        if let Some(p) = partners.remove(&out[i].partner.id) {
            let def = version(versions, &frameworks[i])?;
            out[i].signals = score_signals(&p.signals, &p.markets, &def.definition.signals)
                .items
                .iter()
                .map(|s| (s.signal, s.strength))
                .collect();
        }
    }
    Ok(())
}

/// The gut check's current cards: each card alone against the gate, and the gate over them all.
fn cards(
    conn: &Connection,
    versions: &Versions,
    index: &HashMap<String, usize>,
    out: &mut [History],
    frameworks: &[String],
    only: Only<'_>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.partner_id, s.id, s.framework_id, s.reviewer, a.criterion_key, a.value,
             s.device_id, {SCORED_BLIND}
         FROM scorecards s LEFT JOIN scorecard_answers a ON a.scorecard_id = s.id
         WHERE s.phase = ?1 AND {CURRENT_SCORECARD}{}
         ORDER BY s.partner_id",
        only.clause("s.partner_id", 2)
    ))?;
    let mut rows = stmt.query(only.params(&[&Phase::GutCheck]))?;
    // The cards of one partner, gathered until the partner changes. Ordered by partner only:
    // SQLite walks scorecards_by_partner (partner, phase, reviewer), a card's answers together,
    // with no sort of a million rows; the gate does not depend on the cards' order.
    let mut partner: Option<usize> = None;
    let mut held: Vec<Scorecard> = Vec::new();
    // Per card held: (the computer it was scored on, scored blind).
    let mut how: Vec<(String, bool)> = Vec::new();
    let mut judge = |i: Option<usize>,
                     held: &mut Vec<Scorecard>,
                     how: &mut Vec<(String, bool)>|
     -> Result<()> {
        if let Some(i) = i {
            let def = version(versions, &frameworks[i])?;
            judged(def, &mut out[i], &frameworks[i], held, how);
        }
        held.clear();
        how.clear();
        Ok(())
    };
    while let Some(r) = rows.next()? {
        let i = index.get(text(r, 0)?).copied();
        if i != partner {
            judge(partner, &mut held, &mut how)?;
            partner = i;
        }
        if i.is_none() {
            continue;
        }
        let id = text(r, 1)?;
        if held.last().map(|c| c.id.as_str()) != Some(id) {
            held.push(Scorecard {
                id: id.to_owned(),
                partner_id: String::new(),
                phase: Phase::GutCheck,
                framework_id: r.get(2)?,
                reviewer: r.get(3)?,
                answers: Vec::new(),
                note: String::new(),
                submitted_at: String::new(),
                supersedes: None,
            });
            how.push((r.get(6)?, r.get(7)?));
        }
        let answer: (Option<String>, Option<i32>) = (r.get(4)?, r.get(5)?);
        if let (Some(card), (Some(criterion), Some(value))) = (held.last_mut(), answer) {
            card.answers.push(Answer { criterion, value });
        }
    }
    judge(partner, &mut held, &mut how)?;
    Ok(())
}

/// One partner's cards judged by its framework's gut-check gate.
fn judged(
    def: &VersionDefinition,
    h: &mut History,
    framework_id: &str,
    cards: &[Scorecard],
    how: &[(String, bool)],
) {
    let Some(gate) = def.definition.gate(Phase::GutCheck) else {
        return;
    };
    h.cards = cards
        .iter()
        .zip(how)
        .map(|(c, (side, blind))| {
            let alone = scorecard::evaluate(gate, framework_id, std::slice::from_ref(c));
            Card {
                reviewer: c.reviewer.clone(),
                passed: alone.passed,
                blind: *blind,
                side: side.clone(),
            }
        })
        .collect();
    let (all, disagreements) = scorecard::judge(gate, framework_id, cards);
    h.compared = compared(&all, &disagreements);
    h.gate_passed = (!all.waiting && all.reviewers > 0).then_some(all.passed);
}

/// The criteria two or more reviewers answered, and whether they disagree on each.
pub(super) fn compared(
    gate: &crate::gate::GateResult,
    disagreements: &[crate::gate::Disagreement],
) -> Vec<(String, crate::framework::Localized, bool)> {
    gate.passed_criteria
        .iter()
        .chain(&gate.failed_criteria)
        .filter(|c| c.answered >= 2)
        .map(|c| {
            let disagreed = disagreements.iter().any(|d| d.criterion == c.key);
            (c.key.clone(), c.label.clone(), disagreed)
        })
        .collect()
}

/// A version read by [`Definitions::get_many`] (every partner's is).
fn version<'v>(versions: &'v Versions, id: &str) -> Result<&'v VersionDefinition> {
    versions.get(id).ok_or_else(|| crate::Error::NotFound {
        entity: "framework",
        id: id.to_owned(),
    })
}

/// Each partner's entries (scorecards, debriefs, decisions) and corrections (a new row
/// superseding one), counted by partner from the indexes (every table has one by partner, and a
/// partial one of superseding rows).
pub(super) fn corrections(conn: &Connection, out: &mut [History], only: Only<'_>) -> Result<()> {
    let index: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(i, h)| (h.partner.id.clone(), i))
        .collect();
    let by = only.clause("partner_id", 1);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT partner_id, count(*) FROM scorecards WHERE 1{by} GROUP BY partner_id
         UNION ALL SELECT partner_id, count(*) FROM debriefs WHERE 1{by} GROUP BY partner_id
         UNION ALL SELECT partner_id, count(*) FROM decisions WHERE 1{by} GROUP BY partner_id"
    ))?;
    let mut rows = stmt.query(only.params(&[]))?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(text(r, 0)?) {
            out[i].entries += r.get::<_, u32>(1)?;
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT partner_id FROM scorecards WHERE supersedes IS NOT NULL{by}
         UNION ALL SELECT partner_id FROM debriefs WHERE supersedes IS NOT NULL{by}
         UNION ALL SELECT partner_id FROM decisions WHERE supersedes IS NOT NULL{by}"
    ))?;
    let mut rows = stmt.query(only.params(&[]))?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(text(r, 0)?) {
            out[i].corrections += 1;
        }
    }
    Ok(())
}

/// (corrections, entries) of `histories`.
pub(super) fn totals<H: std::borrow::Borrow<History>>(histories: &[H]) -> (u32, u32) {
    histories.iter().fold((0, 0), |(c, e), h| {
        (c + h.borrow().corrections, e + h.borrow().entries)
    })
}

/// What the filters read of a partner, beside its history.
pub(crate) struct Attrs {
    /// The name as partners are ordered by (`partners_by_name`), with the id after it.
    pub(super) name_key: String,
    kind: String,
    created_at: String,
    markets: Vec<String>,
    pub(super) framework_id: String,
}

/// Whether `filters` cover a partner: the one statement of them (the oracle picks by it too).
pub(super) fn covers(filters: &Filters, a: &Attrs) -> bool {
    let (kind, since, market, framework) = filters;
    kind.is_none_or(|k| a.kind == k)
        && since.as_deref().is_none_or(|s| a.created_at.as_str() >= s)
        && market
            .as_deref()
            .is_none_or(|m| a.markets.iter().any(|x| x == m))
        && framework.as_deref().is_none_or(|f| a.framework_id == f)
}

/// Every live partner's history, by name, at `now`, with what the filters read, and the
/// framework versions they use: what Insights keeps until the file changes.
pub(super) fn everything(
    conn: &Connection,
    defs: &Definitions,
    now: DateTime<Utc>,
    only: Only<'_>,
) -> Result<(Vec<History>, Vec<Attrs>, Versions)> {
    let (mut out, frameworks, versions) = histories(conn, defs, now, only)?;
    corrections(conn, &mut out, only)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.kind, p.created_at, p.name_key FROM partners p WHERE {}{}
         ORDER BY p.name_key, p.id",
        crate::live_partner!("p"),
        only.clause("p.id", 1)
    ))?;
    let mut attrs: Vec<Attrs> = Vec::with_capacity(out.len());
    let mut rows = stmt.query(only.params(&[]))?;
    let mut framework = frameworks.into_iter();
    while let Some(r) = rows.next()? {
        attrs.push(Attrs {
            name_key: r.get(2)?,
            kind: r.get(0)?,
            created_at: r.get(1)?,
            markets: Vec::new(),
            framework_id: framework.next().unwrap_or_default(),
        });
    }
    let index: HashMap<&str, usize> = out
        .iter()
        .enumerate()
        .map(|(i, h)| (h.partner.id.as_str(), i))
        .collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT partner_id, market_code FROM partner_markets WHERE removed_at IS NULL{}",
        only.clause("partner_id", 1)
    ))?;
    let mut rows = stmt.query(only.params(&[]))?;
    while let Some(r) = rows.next()? {
        if let Some(a) = index.get(text(r, 0)?).and_then(|&i| attrs.get_mut(i)) {
            a.markets.push(r.get(1)?);
        }
    }
    Ok((out, attrs, versions))
}
