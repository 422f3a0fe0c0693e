//! Reads that gather a partner's whole story: the dossier (one partner, everything) and the
//! pipeline board (partners by phase, paginated).

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::debrief::{self, Debrief, FailureCause};
use crate::decision::{self, Decision};
use crate::flag::{self, Flag, FlagStatus};
use crate::framework::{self, Definitions, FrameworkDefinition, Localized};
use crate::gate::{self, Answer, Disagreement, GateResult, ReviewerCard};
use crate::partner::{self, validate_time_zone, Partner, PartnerKind, PAGE_DEFAULT, PAGE_MAX};
use crate::phase::Phase;
use crate::pilot::{self, Pilot, Verdict};
use crate::recommendation::{recommend, Choice, Facts, FlagFact, PilotFact, Recommendation};
use crate::scorecard::{self, Scorecard};
use crate::signal::{score_signals, SignalScore};
use crate::store::Store;
use crate::supersede::{CURRENT_DEBRIEF, CURRENT_DECISION, CURRENT_SCORECARD};
use crate::{Error, Result};

/// Everything the recommendation needs, read in one place.
pub(crate) fn facts(conn: &Connection, defs: &Definitions, partner: &Partner) -> Result<Facts> {
    let mut all = facts_of(conn, defs, std::slice::from_ref(partner))?;
    Ok(all.pop().expect("one partner in, one set of facts out"))
}

/// Rows of a set query, grouped by their first column (a partner or pilot id), in row order.
fn grouped<T>(
    conn: &Connection,
    sql: &str,
    ids_json: &str,
    mut row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<HashMap<String, Vec<T>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([ids_json])?;
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(row(r)?);
    }
    Ok(out)
}

/// The facts of several partners (a board page) with a fixed number of set-based queries,
/// whatever the number of partners; in the order given. Same facts as one partner at a time.
pub(crate) fn facts_of(
    conn: &Connection,
    defs_cache: &Definitions,
    partners: &[Partner],
) -> Result<Vec<Facts>> {
    let ids = partner::ids_json(&partners.iter().map(|p| p.id.as_str()).collect::<Vec<_>>())?;
    let mut defs: HashMap<&str, Arc<FrameworkDefinition>> = HashMap::new();
    for p in partners {
        if !defs.contains_key(p.framework_id.as_str()) {
            defs.insert(&p.framework_id, defs_cache.get(conn, &p.framework_id)?);
        }
    }
    // Flags, oldest first; the status from the first resolve / override event, as flag.rs does.
    let mut flags = grouped(
        conn,
        "SELECT f.partner_id, f.id, f.kind, f.severity,
             EXISTS (SELECT 1 FROM flag_events e WHERE e.flag_id = f.id AND e.action = 'resolve'),
             EXISTS (SELECT 1 FROM flag_events e WHERE e.flag_id = f.id AND e.action = 'override')
         FROM flags f WHERE f.partner_id IN (SELECT value FROM json_each(?1))
         ORDER BY f.partner_id, f.created_at, f.id",
        &ids,
        |r| {
            Ok(FlagFact {
                id: r.get(1)?,
                kind: r.get(2)?,
                severity: r.get(3)?,
                status: FlagStatus::from_events(r.get(4)?, r.get(5)?),
            })
        },
    )?;
    // Current cards of each partner's own phase, by reviewer, answers by criterion.
    let mut cards = grouped(
        conn,
        &format!(
            "SELECT s.partner_id, s.id, s.reviewer, s.framework_id, a.criterion_key, a.value
         FROM scorecards s
         JOIN partners p ON p.id = s.partner_id AND p.phase = s.phase
         LEFT JOIN scorecard_answers a ON a.scorecard_id = s.id
         WHERE s.partner_id IN (SELECT value FROM json_each(?1))
           AND {CURRENT_SCORECARD}
         ORDER BY s.partner_id, s.reviewer_key, s.id, a.criterion_key"
        ),
        &ids,
        |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<i64>>(5)?,
            ))
        },
    )?;
    // Pilots, oldest first, each with whether it was debriefed.
    let mut pilots = grouped(
        conn,
        "SELECT p.partner_id, p.id, p.metrics_agreed_at, p.started_at,
             EXISTS (SELECT 1 FROM debriefs b WHERE b.pilot_id = p.id)
         FROM pilots p
         WHERE p.partner_id IN (SELECT value FROM json_each(?1)) AND p.deleted_at IS NULL
         ORDER BY p.partner_id, p.created_at, p.id",
        &ids,
        |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, bool>(4)?,
            ))
        },
    )?;
    let last_pilots: Vec<&str> = partners
        .iter()
        .filter_map(|p| {
            pilots
                .get(&p.id)
                .and_then(|v| v.last())
                .map(|l| l.0.as_str())
        })
        .collect();
    let last_json = partner::ids_json(&last_pilots)?;
    let verdicts = grouped(
        conn,
        "SELECT d.pilot_id, d.verdict FROM deliverables d
         WHERE d.pilot_id IN (SELECT value FROM json_each(?1)) AND d.deleted_at IS NULL",
        &last_json,
        |r| r.get::<_, Option<Verdict>>(1),
    )?;
    let causes = grouped(
        conn,
        &format!(
            "SELECT d.pilot_id, d.failure_cause FROM debriefs d
         WHERE d.pilot_id IN (SELECT value FROM json_each(?1)) AND {CURRENT_DEBRIEF}"
        ),
        &last_json,
        |r| r.get::<_, FailureCause>(1),
    )?;
    let rungs = grouped(
        conn,
        &format!(
            "SELECT d.partner_id, d.scale_to FROM decisions d
         WHERE d.partner_id IN (SELECT value FROM json_each(?1)) AND d.choice = 'scale_to'
           AND {CURRENT_DECISION}
         ORDER BY d.partner_id, d.decided_at DESC, d.id DESC"
        ),
        &ids,
        |r| r.get::<_, u32>(1),
    )?;
    let mut out = Vec::with_capacity(partners.len());
    for partner in partners {
        let def = &defs[partner.framework_id.as_str()];
        let flags = flags.remove(&partner.id).unwrap_or_default();
        let gate = match def.gate(partner.phase) {
            None => None,
            Some(g) => {
                // Cards made with another framework version are shown but not counted.
                let mut reviewers: Vec<ReviewerCard> = Vec::new();
                let mut last_card: Option<String> = None;
                for (card, reviewer, fw, key, value) in
                    cards.remove(&partner.id).unwrap_or_default()
                {
                    if fw != partner.framework_id {
                        continue;
                    }
                    if last_card.as_deref() != Some(card.as_str()) {
                        reviewers.push(ReviewerCard {
                            reviewer,
                            answers: Vec::new(),
                        });
                        last_card = Some(card);
                    }
                    if let (Some(criterion), Some(value), Some(rc)) =
                        (key, value, reviewers.last_mut())
                    {
                        rc.answers.push(Answer {
                            criterion,
                            value: value as i32,
                        });
                    }
                }
                Some(gate::evaluate_gate(g, &reviewers))
            }
        };
        let own = pilots.remove(&partner.id).unwrap_or_default();
        let campaigns = own.iter().filter(|p| p.3).count() as u32;
        let pilot = match own.last() {
            None => None,
            Some((id, agreed_at, started_at, _)) => {
                let agreed = agreed_at
                    .as_deref()
                    .map(pilot::stored_instant)
                    .transpose()?;
                let started = started_at
                    .as_deref()
                    .map(pilot::stored_instant)
                    .transpose()?;
                let live = flags.iter().any(FlagFact::is_live_dealbreaker);
                let none = Vec::new();
                Some(PilotFact {
                    metrics_agreed: agreed_at.is_some(),
                    started: started_at.is_some(),
                    gate: pilot::pilot_gate(
                        agreed,
                        started,
                        live,
                        verdicts.get(id).unwrap_or(&none),
                    ),
                    failure_cause: causes.get(id).and_then(|c| c.first()).copied(),
                })
            }
        };
        out.push(Facts {
            phase: partner.phase,
            flags,
            signals: score_signals(&partner.signals, &partner.markets, &def.signals),
            advance_at_strong: def.signals.advance_at_strong,
            gate,
            pilot,
            campaigns,
            rung: rungs
                .get(&partner.id)
                .and_then(|r| r.first())
                .copied()
                .unwrap_or(1),
        });
    }
    Ok(out)
}

/// One phase's scorecards with its gate.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PhaseScorecards {
    pub phase: Phase,
    pub cards: Vec<Scorecard>,
    pub gate: GateResult,
    pub disagreements: Vec<Disagreement>,
}

/// Everything about one partner, for the dossier screen.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dossier {
    pub partner: Partner,
    pub framework_name: Localized,
    pub framework_version: u32,
    pub signals: SignalScore,
    /// Every phase the framework scores (no blind mode here: the dossier shows all).
    pub scorecards: Vec<PhaseScorecards>,
    pub flags: Vec<Flag>,
    /// Oldest first; instants in the viewer's zone and the partner's.
    pub pilots: Vec<Pilot>,
    pub debriefs: Vec<Debrief>,
    pub decisions: Vec<Decision>,
    pub recommendation: Recommendation,
    /// Debriefed campaigns.
    pub campaigns: u32,
    /// Current rung of the ladder 1 → 3 → 5.
    pub rung: u32,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DossierQuery {
    pub partner_id: String,
    pub viewer_time_zone: String,
}

/// A page of the pipeline board.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PipelineQuery {
    /// Only this phase; absent means every phase.
    #[serde(default)]
    pub phase: Option<Phase>,
    /// Case-insensitive part of the name; absent or empty matches everyone.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub offset: u32,
    /// 1–200; absent means 50.
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PipelineCard {
    pub partner_id: String,
    pub name: String,
    pub kind: PartnerKind,
    pub phase: Phase,
    pub markets: Vec<String>,
    pub open_flags: u32,
    /// An open dealbreaker (not overridden).
    pub dealbreaker: bool,
    /// The earliest undelivered deliverable's due instant, RFC 3339.
    pub next_deadline: Option<String>,
    pub recommendation: Choice,
    /// The partner's IANA zone, to show the deadline on their side too.
    pub home_time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PhaseCount {
    pub phase: Phase,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PipelinePage {
    pub items: Vec<PipelineCard>,
    /// Partners matching the query, across all pages.
    pub total: u32,
    pub offset: u32,
    /// Partners per phase (all phases, regardless of the filter).
    pub phase_counts: Vec<PhaseCount>,
}

/// The earliest open deadline of each partner (undebriefed pilots only), one query for a set.
fn next_deadlines(conn: &Connection, ids_json: &str) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.partner_id, min(d.due_at) FROM pilots p
         JOIN deliverables d ON d.pilot_id = p.id AND d.delivered_at IS NULL AND d.deleted_at IS NULL
         WHERE p.partner_id IN (SELECT value FROM json_each(?1)) AND p.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM debriefs b WHERE b.pilot_id = p.id)
         GROUP BY p.partner_id",
    )?;
    let rows = stmt.query_map([ids_json], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

impl Store {
    /// Everything about one partner, with the recommendation and its reasons.
    pub fn dossier(&self, query: &DossierQuery) -> Result<Dossier> {
        let viewer = validate_time_zone(&query.viewer_time_zone)?;
        let conn = &self.conn;
        let partner = partner::get(conn, &query.partner_id)?;
        let home = validate_time_zone(&partner.home_time_zone)?;
        let defs = &self.definitions;
        let fw = framework::get(conn, defs, &partner.framework_id)?;
        let mut scorecards = Vec::new();
        for g in &fw.definition.gates {
            if let Some((gate, disagreements)) =
                scorecard::gate_result(conn, defs, &partner, g.phase)?
            {
                scorecards.push(PhaseScorecards {
                    phase: g.phase,
                    cards: scorecard::current(conn, &partner.id, g.phase)?,
                    gate,
                    disagreements,
                });
            }
        }
        let pilots = pilot::ids_of_partner(conn, &partner.id)?
            .iter()
            .map(|id| pilot::load(conn, id, &[viewer, home]))
            .collect::<Result<Vec<_>>>()?;
        let facts = facts(conn, defs, &partner)?;
        Ok(Dossier {
            signals: facts.signals.clone(),
            recommendation: recommend(&facts),
            campaigns: facts.campaigns,
            rung: facts.rung,
            framework_name: fw.definition.name.clone(),
            framework_version: fw.version,
            scorecards,
            flags: flag::of_partner(conn, defs, &partner.id)?,
            pilots,
            debriefs: debrief::of_partner(conn, &partner.id)?,
            decisions: decision::of_partner(conn, &partner.id)?,
            partner,
        })
    }

    /// The recommendation for one partner now, with its reasons.
    pub fn recommendation(&self, partner_id: &str) -> Result<Recommendation> {
        let partner = partner::get(&self.conn, partner_id)?;
        Ok(recommend(&facts(&self.conn, &self.definitions, &partner)?))
    }

    /// The pipeline board: partners (optionally of one phase) by name, one page at a time.
    pub fn pipeline(&self, query: &PipelineQuery) -> Result<PipelinePage> {
        let limit = query.limit.unwrap_or(PAGE_DEFAULT);
        if !(1..=PAGE_MAX).contains(&limit) {
            return Err(Error::LimitOutOfRange {
                field: "limit",
                min: 1,
                max: PAGE_MAX,
            });
        }
        let conn = &self.conn;
        // Two shapes so each uses its index: partners_by_phase (phase, name_key, id) or
        // partners_by_name (name_key, id).
        let search = query.search.as_deref().map(str::trim).unwrap_or("");
        let search = crate::text::optional("search", search, crate::text::NAME_MAX)?;
        // The phase filter is spelled out (not `?1 IS NULL OR …`) so SQLite can use the
        // (phase, name_key) index; the name filter is a prefix-free LIKE on the folded name.
        let phase_clause = if query.phase.is_some() {
            "AND phase = ?1"
        } else {
            "AND ?1 IS NULL"
        };
        let name_clause = if search.is_empty() {
            "AND ?2 IS NULL"
        } else {
            "AND name_key LIKE ?2 ESCAPE '\\'"
        };
        let phase = query.phase.map(|p| p.as_str());
        let pattern = (!search.is_empty()).then(|| partner::like_pattern(&search.to_lowercase()));
        let filter = format!("FROM partners WHERE deleted_at IS NULL {phase_clause} {name_clause}");
        let counted = partner::count_by_phase(conn)?;
        let total: u32 = match (search.is_empty(), query.phase) {
            // Unfiltered by name: the counts the triggers keep, not a scan.
            (true, Some(p)) => counted
                .iter()
                .filter(|(q, _)| *q == p)
                .map(|(_, n)| n)
                .sum(),
            (true, None) => counted.iter().map(|(_, n)| n).sum(),
            (false, _) => conn.query_row(
                &format!("SELECT count(*) {filter}"),
                (phase, pattern.as_deref()),
                |r| r.get(0),
            )?,
        };
        let ids: Vec<String> = conn
            .prepare_cached(&format!(
                "SELECT id {filter} ORDER BY name_key, id LIMIT ?3 OFFSET ?4"
            ))?
            .query_map((phase, pattern.as_deref(), limit, query.offset), |r| {
                r.get(0)
            })?
            .collect::<std::result::Result<_, _>>()?;
        // A fixed number of set-based queries for the whole page, not several per card.
        let partners = partner::get_many(conn, &ids)?;
        let facts = facts_of(conn, &self.definitions, &partners)?;
        let mut deadlines = next_deadlines(conn, &partner::ids_json(&ids)?)?;
        let mut items = Vec::with_capacity(partners.len());
        for (partner, facts) in partners.into_iter().zip(facts) {
            let open: Vec<&FlagFact> = facts
                .flags
                .iter()
                .filter(|f| f.status == FlagStatus::Open)
                .collect();
            items.push(PipelineCard {
                open_flags: open.len() as u32,
                dealbreaker: facts.flags.iter().any(FlagFact::is_live_dealbreaker),
                next_deadline: deadlines.remove(&partner.id),
                recommendation: recommend(&facts).choice,
                partner_id: partner.id,
                name: partner.name,
                kind: partner.kind,
                phase: partner.phase,
                markets: partner.markets,
                home_time_zone: partner.home_time_zone,
            });
        }
        let phase_counts = Phase::ALL
            .iter()
            .map(|p| PhaseCount {
                phase: *p,
                count: counted
                    .iter()
                    .find(|(q, _)| q == p)
                    .map(|(_, n)| *n)
                    .unwrap_or(0),
            })
            .collect();
        Ok(PipelinePage {
            items,
            total,
            offset: query.offset,
            phase_counts,
        })
    }
}
