//! A partner's facts, read in one place: its framework version, current scorecards, flags with
//! their state, pilots with their deliverables and current debriefs, and its decision log.
//!
//! The decision write path, the dossier and the board read facts only through here, so they can
//! never disagree: the board's card and the dossier's recommendation come from the same rows by
//! the same rules. Reads are set-based: a page of partners costs a fixed number of queries,
//! whatever its size, and one partner is a page of one. The one difference: a board page reads
//! only what its cards need — the scorecards of each partner's own phase when its framework
//! scores that phase, and its current scale-ups (the rung) — where one partner's facts hold every
//! phase's cards (the dossier shows them all; correcting a decision may judge the gut check
//! again) and the whole decision log.
//!
//! The rules over the facts are methods here, each written once: a live dealbreaker, open flags,
//! a phase's gate, the rung, campaigns, a pilot's gate, the next deadline, and the recommendation.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::decision::{self, Decision};
use crate::flag::{self, Flag};
use crate::framework::{Definitions, FrameworkDefinition, PhaseGate};
use crate::gate::GateResult;
use crate::outcome::FailureCause;
use crate::outcome::{pilot_gate, PilotGate, Verdict};
use crate::partner::{self, Partner};
use crate::phase::Phase;
use crate::recommendation::{self, FlagFact, PilotFact, Recommendation};
use crate::scorecard::{self, Scorecard, ScorecardView};
use crate::signal::{score_signals, SignalScore};
use crate::sql::{self, stored_instant};
use crate::supersede::CURRENT_DEBRIEF;
use crate::{Error, Result};

/// Whom a read is for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Viewer<'a> {
    /// The record: what a decision stores and the rules decide on.
    Record,
    /// A person, by the user name in the settings (`None` until set): blind scoring applies.
    User(Option<&'a str>),
}

/// What is known about one partner.
#[derive(Debug, Clone)]
pub(crate) struct PartnerFacts {
    pub partner: Partner,
    /// The partner's framework version.
    pub framework: Arc<FrameworkDefinition>,
    pub framework_version: u32,
    /// Current (not superseded) cards by phase and reviewer name; cards made with another
    /// framework version included (shown, not counted). Read through [`PartnerFacts::cards`]
    /// (whole facts only) and the gates.
    scorecards: Vec<Scorecard>,
    /// Whether these are one partner's whole facts, or a board page's (see the module doc).
    whole: bool,
    /// Oldest first, each with its state.
    pub flags: Vec<Flag>,
    /// Oldest first.
    pub pilots: Vec<PilotFacts>,
    /// The decision log, superseded entries included, oldest first (on a board page: current
    /// scale-ups only). Read through [`PartnerFacts::log`].
    decisions: Vec<Decision>,
}

/// A pilot as the rules see it.
#[derive(Debug, Clone)]
pub(crate) struct PilotFacts {
    pub id: String,
    pub campaign_no: u32,
    pub revision_limit: u32,
    pub revisions_used: u32,
    /// Per market, in the order of its first metric: metrics whose logged actual missed target.
    pub missed_metrics: Vec<(String, u32)>,
    pub metrics_agreed_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub deliverables: Vec<DeliverableFacts>,
    /// The current debrief (id, failure cause), once debriefed.
    pub debrief: Option<(String, FailureCause)>,
    /// When the pilot was first debriefed (a correction keeps the first instant).
    pub debriefed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub(crate) struct DeliverableFacts {
    /// As stored (RFC 3339, UTC): its text order is its time order.
    pub due_at: String,
    pub delivered: bool,
    /// Delivered after its due instant.
    pub late: bool,
    pub notice_given: bool,
    pub verdict: Option<Verdict>,
}

impl PartnerFacts {
    /// The oldest live dealbreaker ([`flag::is_live_dealbreaker`]), if any.
    pub fn live_dealbreaker(&self) -> Option<&Flag> {
        self.flags.iter().find(|f| f.live_dealbreaker)
    }

    /// Flags still open, of any severity.
    pub fn open_flags(&self) -> u32 {
        self.flags
            .iter()
            .filter(|f| f.status == flag::FlagStatus::Open)
            .count() as u32
    }

    /// The current cards of `phase`.
    pub fn cards(&self, phase: Phase) -> Vec<Scorecard> {
        debug_assert!(
            self.whole,
            "a board page reads only the cards its gate counts (see the module doc)"
        );
        self.scorecards
            .iter()
            .filter(|c| c.phase == phase)
            .cloned()
            .collect()
    }

    /// The cards of `phase` as `viewer` may see them (blind: [`scorecard::hidden_from`]).
    pub fn scorecard_view(&self, phase: Phase, viewer: Option<&str>) -> ScorecardView {
        let cards = self.cards(phase);
        let hidden = self.hidden_from(viewer, phase);
        scorecard::view(
            phase,
            self.framework.gate(phase),
            &self.partner.framework_id,
            cards,
            hidden,
        )
    }

    /// Whether `viewer` is blind to the cards of `phase` (read with the gate's own cards, so a
    /// board page may ask it of the partner's own phase).
    fn hidden_from(&self, viewer: Option<&str>, phase: Phase) -> bool {
        scorecard::hidden_from(viewer, self.partner.phase, phase, &self.scorecards)
    }

    /// The gate result of `phase` alone, without the disagreements: what the recommendation reads.
    pub fn gate_result(&self, phase: Phase) -> Option<GateResult> {
        let gate = self.scored_gate(phase)?;
        Some(scorecard::evaluate(
            gate,
            &self.partner.framework_id,
            &self.scorecards,
        ))
    }

    /// The framework's gate of `phase`, if it scores it.
    fn scored_gate(&self, phase: Phase) -> Option<&PhaseGate> {
        debug_assert!(
            self.whole || phase == self.partner.phase,
            "a board page reads the scorecards of the partner's own phase only"
        );
        self.framework.gate(phase)
    }

    /// The whole decision log, superseded entries included, oldest first.
    pub fn log(&self) -> &[Decision] {
        debug_assert!(self.whole, "a board page reads current scale-ups only");
        &self.decisions
    }

    /// The rung of the ladder, leaving out the decision `excluding` (one being corrected).
    pub fn rung(&self, excluding: Option<&str>) -> u32 {
        decision::rung(&self.decisions, excluding)
    }

    /// Debriefed campaigns.
    pub fn campaigns(&self) -> u32 {
        self.pilots.iter().filter(|p| p.debrief.is_some()).count() as u32
    }

    /// A pilot's gate: metrics agreed before the start, no live dealbreaker, every deliverable
    /// delivered on scope.
    pub fn pilot_gate(&self, pilot: &PilotFacts) -> PilotGate {
        let verdicts: Vec<Option<Verdict>> = pilot.deliverables.iter().map(|d| d.verdict).collect();
        pilot_gate(
            pilot.metrics_agreed_at,
            pilot.started_at,
            self.live_dealbreaker().is_some(),
            &verdicts,
        )
    }

    /// "Campaign k of N", once the partnership is past its pilot.
    pub fn campaign_step(&self) -> Option<crate::campaign::CampaignStep> {
        let latest = self
            .pilots
            .last()
            .map(|p| (p.campaign_no, p.debrief.is_some()));
        crate::campaign::step(self.partner.phase, latest, self.rung(None))
    }

    /// The earliest due instant of an undelivered deliverable of a pilot not yet debriefed.
    pub fn next_deadline(&self) -> Option<&str> {
        self.pilots
            .iter()
            .filter(|p| p.debrief.is_none())
            .flat_map(|p| &p.deliverables)
            .filter(|d| !d.delivered)
            .map(|d| d.due_at.as_str())
            .min()
    }

    /// The partner's signals scored by its framework's rules.
    pub fn signals(&self) -> SignalScore {
        score_signals(
            &self.partner.signals,
            &self.partner.markets,
            &self.framework.signals,
        )
    }

    /// What the recommendation reads: the gate of the partner's own phase and its latest pilot.
    /// For a `viewer` blind to that phase's cards the gate is withheld (only the count of
    /// reviewers who scored is read); `Reviewer::Record` reads it as the record does.
    pub fn for_recommendation(&self, viewer: Viewer<'_>) -> recommendation::Facts {
        let phase = self.partner.phase;
        let hidden = match viewer {
            Viewer::Record => false,
            Viewer::User(name) => {
                self.framework.gate(phase).is_some() && self.hidden_from(name, phase)
            }
        };
        recommendation::Facts {
            phase: self.partner.phase,
            flags: self
                .flags
                .iter()
                .map(|f| FlagFact {
                    id: f.id.clone(),
                    kind: f.kind.clone(),
                    severity: f.severity,
                    status: f.status,
                })
                .collect(),
            signals: self.signals(),
            advance_at_strong: self.framework.signals.advance_at_strong,
            gate: if hidden {
                None
            } else {
                self.gate_result(phase)
            },
            scored_hidden: hidden
                .then(|| self.scorecards.iter().filter(|c| c.phase == phase).count() as u32),
            pilot: self.pilots.last().map(|p| {
                let late = |notice: bool| {
                    p.deliverables
                        .iter()
                        .filter(|d| d.late && d.notice_given == notice)
                        .count() as u32
                };
                PilotFact {
                    campaign_no: p.campaign_no,
                    metrics_agreed: p.metrics_agreed_at.is_some(),
                    started: p.started_at.is_some(),
                    gate: self.pilot_gate(p),
                    failure_cause: p.debrief.as_ref().map(|(_, cause)| *cause),
                    late_with_notice: late(true),
                    late_without_notice: late(false),
                    below_scope: p
                        .deliverables
                        .iter()
                        .filter(|d| d.verdict == Some(Verdict::BelowScope))
                        .count() as u32,
                    revisions_used: p.revisions_used,
                    revision_limit: p.revision_limit,
                    missed_metrics: p.missed_metrics.clone(),
                }
            }),
            campaigns: self.campaigns(),
            rung: self.rung(None),
            basics: self.framework.basics.clone(),
        }
    }

    /// The recommendation now, with its reasons, as `viewer` may see it.
    pub fn recommend(&self, viewer: Viewer<'_>) -> Recommendation {
        recommendation::recommend(&self.for_recommendation(viewer))
    }
}

/// The facts of one partner; NotFound for a missing or deleted partner.
pub(crate) fn of_partner(
    conn: &Connection,
    defs: &Definitions,
    partner_id: &str,
) -> Result<PartnerFacts> {
    one(conn, defs, partner_id, true)
}

/// The facts of one partner as its board card reads them (a board page of one): enough for its
/// recommendation, not for its dossier. NotFound for a missing or deleted partner.
pub(crate) fn of_partner_card(
    conn: &Connection,
    defs: &Definitions,
    partner_id: &str,
) -> Result<PartnerFacts> {
    one(conn, defs, partner_id, false)
}

fn one(
    conn: &Connection,
    defs: &Definitions,
    partner_id: &str,
    whole: bool,
) -> Result<PartnerFacts> {
    let partner = partner::get(conn, partner_id)?;
    gather(conn, defs, vec![partner], whole)?
        .pop()
        .ok_or_else(|| Error::NotFound {
            entity: "partner",
            id: partner_id.to_owned(),
        })
}

/// The whole facts of several partners (every phase's cards, the whole log), in the order given,
/// with a fixed number of set-based queries: what Insights read, a chunk at a time, before its
/// narrow reads (kept as their oracle, `insights/oracle.rs`).
#[cfg(any(test, feature = "testing"))]
pub(crate) fn of_partners_whole(
    conn: &Connection,
    defs: &Definitions,
    partners: Vec<Partner>,
) -> Result<Vec<PartnerFacts>> {
    gather(conn, defs, partners, true)
}

/// The facts of a board page of partners, in the order given, with a fixed number of set-based
/// queries whatever their number; scorecards of each partner's own phase only.
pub(crate) fn of_partners(
    conn: &Connection,
    defs: &Definitions,
    partners: Vec<Partner>,
) -> Result<Vec<PartnerFacts>> {
    gather(conn, defs, partners, false)
}

fn gather(
    conn: &Connection,
    defs: &Definitions,
    partners: Vec<Partner>,
    whole: bool,
) -> Result<Vec<PartnerFacts>> {
    let ids = sql::ids_json(&partners.iter().map(|p| p.id.as_str()).collect::<Vec<_>>())?;
    let mut versions: Vec<&str> = partners.iter().map(|p| p.framework_id.as_str()).collect();
    versions.sort_unstable();
    versions.dedup();
    let versions = defs.get_many(conn, &versions)?;
    let mut flags = group(flag::of_partners(conn, defs, &ids)?, |f| &f.partner_id);
    let cards = if whole {
        scorecard::current_of_partners(conn, &ids)?
    } else {
        // A board card reads its own phase's gate: the cards of partners whose framework scores
        // the phase they are in, and no query when none does.
        let mut scored: Vec<(&str, &str)> = Vec::new();
        for p in &partners {
            let version = versions.get(&p.framework_id);
            if version.is_some_and(|v| v.definition.gate(p.phase).is_some()) {
                scored.push((&p.id, p.phase.as_str()));
            }
        }
        if scored.is_empty() {
            Vec::new()
        } else {
            let pairs = sql::to_json(&scored)?;
            scorecard::current_of_partner_phases(conn, &pairs)?
        }
    };
    let mut cards = group(cards, |c| &c.partner_id);
    let mut decisions = group(decision::of_partners(conn, &ids, !whole)?, |d| {
        &d.partner_id
    });
    let mut pilots = pilots_of(conn, &ids)?;
    let mut out = Vec::with_capacity(partners.len());
    for partner in partners {
        let version = versions
            .get(&partner.framework_id)
            .ok_or_else(|| Error::NotFound {
                entity: "framework",
                id: partner.framework_id.clone(),
            })?;
        out.push(PartnerFacts {
            framework: Arc::clone(&version.definition),
            framework_version: version.version,
            scorecards: cards.remove(&partner.id).unwrap_or_default(),
            whole,
            flags: flags.remove(&partner.id).unwrap_or_default(),
            pilots: pilots.remove(&partner.id).unwrap_or_default(),
            decisions: decisions.remove(&partner.id).unwrap_or_default(),
            partner,
        });
    }
    Ok(out)
}

/// Rows grouped by partner id, each group in row order.
fn group<T>(rows: Vec<T>, partner_id: impl Fn(&T) -> &String) -> HashMap<String, Vec<T>> {
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    for row in rows {
        out.entry(partner_id(&row).clone()).or_default().push(row);
    }
    out
}

/// The pilots of several partners, oldest first, with their deliverables and current debriefs:
/// one query, then two more by the ids of the pilots it found (none when it found none).
fn pilots_of(conn: &Connection, ids_json: &str) -> Result<HashMap<String, Vec<PilotFacts>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.partner_id, p.id, p.metrics_agreed_at, p.started_at, p.campaign_no,
             p.revision_limit,
             (SELECT count(*) FROM revision_rounds r WHERE r.pilot_id = p.id)
         FROM pilots p
         WHERE p.partner_id IN (SELECT value FROM json_each(?1)) AND p.deleted_at IS NULL
         ORDER BY p.partner_id, p.created_at, p.id",
    )?;
    let mut rows = stmt.query([ids_json])?;
    let mut pilots: Vec<(String, PilotFacts)> = Vec::new();
    while let Some(r) = rows.next()? {
        let agreed: Option<String> = r.get(2)?;
        let started: Option<String> = r.get(3)?;
        pilots.push((
            r.get(0)?,
            PilotFacts {
                id: r.get(1)?,
                campaign_no: r.get(4)?,
                revision_limit: r.get(5)?,
                revisions_used: r.get(6)?,
                missed_metrics: Vec::new(),
                metrics_agreed_at: agreed
                    .as_deref()
                    .map(|t| stored_instant("pilots", "metrics_agreed_at", t))
                    .transpose()?,
                started_at: started
                    .as_deref()
                    .map(|t| stored_instant("pilots", "started_at", t))
                    .transpose()?,
                deliverables: Vec::new(),
                debrief: None,
                debriefed_at: None,
            },
        ));
    }
    let mut out: HashMap<String, Vec<PilotFacts>> = HashMap::new();
    if pilots.is_empty() {
        // Deliverables and debriefs belong to a pilot: with no pilot there are none to read.
        return Ok(out);
    }
    let pilot_ids = sql::ids_json(
        &pilots
            .iter()
            .map(|(_, p)| p.id.as_str())
            .collect::<Vec<_>>(),
    )?;
    // By the ids just read: SQLite searches deliverables_by_pilot and debriefs_by_pilot per
    // pilot, and does not look the pilots up again.
    let mut stmt = conn.prepare_cached(
        "SELECT d.pilot_id, d.due_at, d.delivered_at IS NOT NULL, d.verdict,
             d.delivered_at > d.due_at, d.notice_given FROM deliverables d
         WHERE d.pilot_id IN (SELECT value FROM json_each(?1)) AND d.deleted_at IS NULL
         ORDER BY d.pilot_id, d.due_at, d.id",
    )?;
    let mut deliverables: HashMap<String, Vec<DeliverableFacts>> = HashMap::new();
    let mut rows = stmt.query([&pilot_ids])?;
    while let Some(r) = rows.next()? {
        deliverables
            .entry(r.get(0)?)
            .or_default()
            .push(DeliverableFacts {
                due_at: r.get(1)?,
                delivered: r.get(2)?,
                verdict: r.get(3)?,
                late: r.get::<_, Option<bool>>(4)?.unwrap_or(false),
                notice_given: r.get(5)?,
            });
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.pilot_id, d.id, d.failure_cause,
             (SELECT min(e.created_at) FROM debriefs e WHERE e.pilot_id = d.pilot_id)
         FROM debriefs d
         WHERE d.pilot_id IN (SELECT value FROM json_each(?1)) AND {CURRENT_DEBRIEF}"
    ))?;
    let mut debriefs: HashMap<String, (String, FailureCause, String)> = HashMap::new();
    let mut rows = stmt.query([&pilot_ids])?;
    while let Some(r) = rows.next()? {
        debriefs.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT m.pilot_id, m.market_code, count(*) FROM pilot_metrics m
         WHERE m.pilot_id IN (SELECT value FROM json_each(?1)) AND m.deleted_at IS NULL
             AND m.actual IS NOT NULL AND m.actual < m.target
         GROUP BY m.pilot_id, m.market_code ORDER BY m.pilot_id, min(m.position)",
    )?;
    let mut missed: HashMap<String, Vec<(String, u32)>> = HashMap::new();
    let mut rows = stmt.query([&pilot_ids])?;
    while let Some(r) = rows.next()? {
        missed
            .entry(r.get(0)?)
            .or_default()
            .push((r.get(1)?, r.get(2)?));
    }
    for (partner_id, mut pilot) in pilots {
        pilot.missed_metrics = missed.remove(&pilot.id).unwrap_or_default();
        pilot.deliverables = deliverables.remove(&pilot.id).unwrap_or_default();
        if let Some((id, cause, at)) = debriefs.remove(&pilot.id) {
            pilot.debrief = Some((id, cause));
            pilot.debriefed_at = Some(stored_instant("debriefs", "created_at", &at)?);
        }
        out.entry(partner_id).or_default().push(pilot);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
