//! Reads that gather a partner's whole story: the dossier (one partner, everything) and the
//! pipeline board (partners by phase, paginated).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::debrief::{self, Debrief};
use crate::decision::{self, Decision};
use crate::flag::{self, Flag, FlagStatus};
use crate::framework::{self, Localized, Severity};
use crate::gate::{Disagreement, GateResult};
use crate::partner::{self, validate_time_zone, Partner, PartnerKind, PAGE_DEFAULT, PAGE_MAX};
use crate::phase::Phase;
use crate::pilot::{self, Pilot};
use crate::recommendation::{recommend, Choice, Facts, FlagFact, PilotFact, Recommendation};
use crate::scorecard::{self, Scorecard};
use crate::signal::{score_signals, SignalScore};
use crate::store::Store;
use crate::{Error, Result};

/// Everything the recommendation needs, read in one place.
pub(crate) fn facts(conn: &Connection, partner: &Partner) -> Result<Facts> {
    let def = framework::get(conn, &partner.framework_id)?.definition;
    let flags = flag::of_partner(conn, &partner.id)?
        .into_iter()
        .map(|f| FlagFact {
            id: f.id,
            kind: f.kind,
            severity: f.severity,
            status: f.status,
        })
        .collect();
    let gate = scorecard::gate_result(conn, partner, partner.phase)?.map(|(g, _)| g);
    let pilot_ids = pilot::ids_of_partner(conn, &partner.id)?;
    let pilot = match pilot_ids.last() {
        None => None,
        Some(id) => {
            let p = pilot::load(conn, id, &[])?;
            let failure_cause = match debrief::current_id(conn, id)? {
                Some(d) => Some(debrief::get(conn, &d)?.failure_cause),
                None => None,
            };
            Some(PilotFact {
                metrics_agreed: p.metrics_agreed_at.is_some(),
                started: p.started_at.is_some(),
                gate: p.gate,
                failure_cause,
            })
        }
    };
    let mut campaigns = 0;
    for id in &pilot_ids {
        if pilot::is_debriefed(conn, id)? {
            campaigns += 1;
        }
    }
    Ok(Facts {
        phase: partner.phase,
        flags,
        signals: score_signals(&partner.signals, &partner.markets, &def.signals),
        advance_at_strong: def.signals.advance_at_strong,
        gate,
        pilot,
        campaigns,
        rung: decision::rung(conn, &partner.id, None)?,
    })
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

fn next_deadline(conn: &Connection, partner_id: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT min(d.due_at) FROM pilots p
         JOIN deliverables d ON d.pilot_id = p.id AND d.delivered_at IS NULL AND d.deleted_at IS NULL
         WHERE p.partner_id = ?1 AND p.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM debriefs b WHERE b.pilot_id = p.id)",
    )?;
    Ok(stmt.query_row([partner_id], |r| r.get(0))?)
}

impl Store {
    /// Everything about one partner, with the recommendation and its reasons.
    pub fn dossier(&self, query: &DossierQuery) -> Result<Dossier> {
        let viewer = validate_time_zone(&query.viewer_time_zone)?;
        let conn = &self.conn;
        let partner = partner::get(conn, &query.partner_id)?;
        let home = validate_time_zone(&partner.home_time_zone)?;
        let fw = framework::get(conn, &partner.framework_id)?;
        let mut scorecards = Vec::new();
        for g in &fw.definition.gates {
            if let Some((gate, disagreements)) = scorecard::gate_result(conn, &partner, g.phase)? {
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
        let facts = facts(conn, &partner)?;
        Ok(Dossier {
            signals: facts.signals.clone(),
            recommendation: recommend(&facts),
            campaigns: facts.campaigns,
            rung: facts.rung,
            framework_name: fw.definition.name.clone(),
            framework_version: fw.version,
            scorecards,
            flags: flag::of_partner(conn, &partner.id)?,
            pilots,
            debriefs: debrief::of_partner(conn, &partner.id)?,
            decisions: decision::of_partner(conn, &partner.id)?,
            partner,
        })
    }

    /// The recommendation for one partner now, with its reasons.
    pub fn recommendation(&self, partner_id: &str) -> Result<Recommendation> {
        let partner = partner::get(&self.conn, partner_id)?;
        Ok(recommend(&facts(&self.conn, &partner)?))
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
        let total: u32 = conn.query_row(
            &format!("SELECT count(*) {filter}"),
            (phase, pattern.as_deref()),
            |r| r.get(0),
        )?;
        let ids: Vec<String> = conn
            .prepare_cached(&format!(
                "SELECT id {filter} ORDER BY name_key, id LIMIT ?3 OFFSET ?4"
            ))?
            .query_map((phase, pattern.as_deref(), limit, query.offset), |r| {
                r.get(0)
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut items = Vec::with_capacity(ids.len());
        for id in ids {
            let partner = partner::get(conn, &id)?;
            let facts = facts(conn, &partner)?;
            let open: Vec<&FlagFact> = facts
                .flags
                .iter()
                .filter(|f| f.status == FlagStatus::Open)
                .collect();
            items.push(PipelineCard {
                open_flags: open.len() as u32,
                dealbreaker: open.iter().any(|f| f.severity == Severity::Dealbreaker),
                next_deadline: next_deadline(conn, &id)?,
                recommendation: recommend(&facts).choice,
                partner_id: partner.id,
                name: partner.name,
                kind: partner.kind,
                phase: partner.phase,
                markets: partner.markets,
                home_time_zone: partner.home_time_zone,
            });
        }
        let mut stmt = conn.prepare_cached(
            "SELECT phase, count(*) FROM partners WHERE deleted_at IS NULL GROUP BY phase",
        )?;
        let counted = stmt
            .query_map([], |r| Ok((r.get::<_, Phase>(0)?, r.get::<_, u32>(1)?)))?
            .collect::<std::result::Result<Vec<_>, _>>()?;
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
