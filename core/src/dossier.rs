//! Reads that gather a partner's whole story: the dossier (one partner, everything) and the
//! pipeline board (partners by phase, paginated). Both read the partners' facts through
//! [`crate::facts`] and apply its rules, so a board card and its dossier always agree.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::campaign::CampaignStep;
use crate::debrief::{self, Debrief};
use crate::decision::{self, Decision};
use crate::error::Field;
use crate::facts::{self, Viewer};
use crate::flag::Flag;
use crate::framework::Localized;
use crate::partner::{
    self, validate_time_zone, Keyset, PageCursor, Partner, PartnerKind, PAGE_DEFAULT, PAGE_MAX,
};
use crate::phase::Phase;
use crate::pilot::{self, Pilot};
use crate::recommendation::{Choice, Recommendation};
use crate::scorecard::ScorecardView;
use crate::signal::SignalScore;
use crate::store::{read_tx, Store};
use crate::{Error, Result};

pub mod record;
use crate::sync::edits::{self, DeviceProfile, FieldHistory};
use record::PartnerRecord;

/// Everything about one partner, for the dossier screen.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dossier {
    pub partner: Partner,
    pub framework_name: Localized,
    pub framework_version: u32,
    pub signals: SignalScore,
    /// Every phase the framework scores, as the user named in the settings may see it: blind
    /// while they have not scored the open phase (see `scorecard::hidden_from`).
    pub scorecards: Vec<ScorecardView>,
    /// Who a score entered here is by, when it is not typed: this device's person while it
    /// shares a workspace (`scorecard::device_reviewer`); `None`: the reviewer types their name.
    pub device_reviewer: Option<String>,
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
    /// "Campaign k of N", once past the pilot.
    pub campaign: Option<CampaignStep>,
    /// What the record says, derived once for the dossier and compare.
    pub record: PartnerRecord,
    /// While sharing: who, where and when each profile field was last changed, and the
    /// concurrent overwrites not yet resolved (sync/edits.rs).
    pub field_history: Vec<FieldHistory>,
    /// Entries made on another device (decisions, gut-check cards, flags, pilots, debriefs):
    /// where, and when in that device's zone and the viewer's.
    pub entry_origins: Vec<EntryOrigin>,
    /// Merged into another partner (then the dossier is read-only), merged from others.
    pub merges: crate::merge::Merges,
    /// Decisions made in two offices without seeing each other (ids, oldest first; empty when
    /// none): shown as conflicting until a new decision or a correction follows them.
    pub conflicting_decisions: Vec<String>,
}

/// Where and when an entry was made on another device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EntryOrigin {
    pub entry_id: String,
    pub device_name: String,
    /// The device's zone, when it had one set.
    pub device_time_zone: Option<String>,
    /// The instant in the device's zone (first) and the viewer's.
    pub at: crate::zones::ZonedInstant,
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
    /// Absent: the column's first page; "after" the last card shown: the next.
    #[serde(default)]
    pub cursor: Option<PageCursor>,
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
    /// That deadline has passed (`dates::is_overdue`), at the time of the read.
    pub next_deadline_overdue: bool,
    pub recommendation: Choice,
    /// "Campaign k of N", once past the pilot.
    pub campaign: Option<CampaignStep>,
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
    /// Partners per phase (all phases, regardless of the filter).
    pub phase_counts: Vec<PhaseCount>,
}

/// The board's first pages: every column, each by [`PipelineQuery`]'s rules.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BoardQuery {
    /// Case-insensitive part of the name; absent or empty matches everyone.
    #[serde(default)]
    pub search: Option<String>,
    /// Cards per column, 1–200; absent means 50.
    #[serde(default)]
    pub limit: Option<u32>,
}

/// One column of the board: its phase and first page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BoardColumn {
    pub phase: Phase,
    pub page: PipelinePage,
}

/// The entries whose origin a dossier shows: (id, device, when made) of one partner's rows, made
/// on a device other than `?2`. Ids are UUIDs, unique across the tables.
const ENTRIES_FROM_ELSEWHERE: &str = "
    SELECT id, device_id, decided_at FROM decisions WHERE partner_id = ?1 AND device_id != ?2
    UNION ALL
    SELECT id, device_id, submitted_at FROM scorecards WHERE partner_id = ?1 AND device_id != ?2
    UNION ALL
    SELECT id, device_id, created_at FROM flags WHERE partner_id = ?1 AND device_id != ?2
    UNION ALL
    SELECT id, device_id, created_at FROM pilots WHERE partner_id = ?1 AND device_id != ?2
    UNION ALL
    SELECT id, device_id, created_at FROM debriefs WHERE partner_id = ?1 AND device_id != ?2
    ORDER BY 3, 1";

/// Where and when each entry of another device (one with a profile) was made.
fn origins(
    conn: &Connection,
    partner_id: &str,
    own_device: &str,
    viewer: &str,
) -> Result<Vec<EntryOrigin>> {
    let profiles: Vec<DeviceProfile> = edits::profiles(conn)?;
    if profiles.iter().all(|p| p.device_id == own_device) {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(ENTRIES_FROM_ELSEWHERE)?;
    let rows = stmt.query_map((partner_id, own_device), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let entries = rows.collect::<std::result::Result<Vec<_>, _>>()?;
    entries
        .iter()
        .filter_map(|(id, device, at)| {
            Some((id, at, profiles.iter().find(|p| p.device_id == *device)?))
        })
        .map(|(id, at, p)| {
            Ok(EntryOrigin {
                entry_id: id.clone(),
                device_name: p.device_name.clone(),
                device_time_zone: p.time_zone.clone(),
                at: edits::zoned(at, p.time_zone.as_deref(), viewer)?,
            })
        })
        .collect()
}

impl Store {
    /// Everything about one partner, with the recommendation and its reasons.
    pub fn dossier(&self, query: &DossierQuery, now: DateTime<Utc>) -> Result<Dossier> {
        let viewer = validate_time_zone(&query.viewer_time_zone)?;
        let tx = read_tx(&self.conn)?;
        let conn: &Connection = &tx;
        let facts = facts::of_partner(conn, &self.definitions, &query.partner_id)?;
        let home = validate_time_zone(&facts.partner.home_time_zone)?;
        let viewer_name = crate::settings::user_name(conn)?;
        let device_reviewer = crate::scorecard::device_reviewer(conn)?;
        let field_history =
            edits::history(conn, "partners", &query.partner_id, &query.viewer_time_zone)?;
        let entry_origins = origins(
            conn,
            &query.partner_id,
            &self.device_id,
            &query.viewer_time_zone,
        )?;
        let merges = crate::merge::of_partner(conn, &query.partner_id, &query.viewer_time_zone)?;
        let mut conflicting_decisions = decision::open_ends(conn, &query.partner_id)?;
        if conflicting_decisions.len() < 2 {
            conflicting_decisions.clear();
        }
        let scorecards: Vec<ScorecardView> = facts
            .framework
            .gates
            .iter()
            .map(|g| facts.scorecard_view(g.phase, viewer_name.as_deref()))
            .collect();
        // The trackers and debrief texts are views of rows the rules do not read; what the
        // rules decide (the live dealbreaker in each pilot's gate, which debrief is current)
        // comes from the facts.
        let live = facts.live_dealbreaker().is_some();
        let pilots = facts
            .pilots
            .iter()
            .map(|p| pilot::load_given(conn, &self.definitions, &p.id, &[viewer, home], live, now))
            .collect::<Result<Vec<_>>>()?;
        let debriefs = facts
            .pilots
            .iter()
            .filter_map(|p| p.debrief.as_ref())
            .map(|(id, _)| debrief::get(conn, id))
            .collect::<Result<Vec<_>>>()?;
        tx.commit()?;
        let record = record::of(&pilots, &debriefs, &facts.flags);
        // A decision made while this phase's scores were open stored the gate's reasons: a
        // viewer still blind to them reads only the count there too.
        let blind = scorecards
            .iter()
            .find(|v| v.hidden)
            .map(|v| (v.phase, v.scored));
        let decisions = facts
            .log()
            .iter()
            .cloned()
            .map(|mut d| {
                if let Some((phase, scored)) = blind {
                    d.recommended = d.recommended.blinded(phase, scored);
                }
                d
            })
            .collect();
        Ok(Dossier {
            merges,
            conflicting_decisions,
            field_history,
            entry_origins,
            record,
            decisions,
            signals: facts.signals(),
            recommendation: facts.recommend(Viewer::User(viewer_name.as_deref())),
            campaigns: facts.campaigns(),
            rung: facts.rung(None),
            campaign: facts.campaign_step(),
            framework_name: facts.framework.name.clone(),
            framework_version: facts.framework_version,
            scorecards,
            device_reviewer,
            pilots,
            debriefs,
            flags: facts.flags,
            partner: facts.partner,
        })
    }

    /// The recommendation for one partner now, as the record has it (no viewer: what a decision
    /// stores), with its reasons: from the facts its board card
    /// reads, which hold all the recommendation reads (the property test in facts/tests.rs
    /// checks that it is the dossier's).
    pub fn recommendation(&self, partner_id: &str) -> Result<Recommendation> {
        let tx = read_tx(&self.conn)?;
        let facts = facts::of_partner_card(&tx, &self.definitions, partner_id)?;
        tx.commit()?;
        Ok(facts.recommend(Viewer::Record))
    }

    /// The pipeline board: partners (optionally of one phase) by name, one page at a time.
    /// A page of the board at `now` (which deadlines are overdue).
    pub fn pipeline(&self, query: &PipelineQuery, now: DateTime<Utc>) -> Result<PipelinePage> {
        let search = self.pipeline_search(query.search.as_deref(), &[query.phase], query)?;
        let tx = read_tx(&self.conn)?;
        let page = self.pipeline_in(&tx, query, search.into_iter().next(), now)?;
        tx.commit()?;
        Ok(page)
    }

    /// The whole board as the window opens it: the first page of every phase's column, in one
    /// read (one call, one snapshot) instead of a call per column.
    pub fn board(&self, query: &BoardQuery, now: DateTime<Utc>) -> Result<Vec<BoardColumn>> {
        let columns: Vec<PipelineQuery> = Phase::ALL
            .iter()
            .map(|phase| PipelineQuery {
                phase: Some(*phase),
                search: query.search.clone(),
                cursor: None,
                limit: query.limit,
            })
            .collect();
        let phases: Vec<Option<Phase>> = columns.iter().map(|c| c.phase).collect();
        let mut found = self
            .pipeline_search(query.search.as_deref(), &phases, &columns[0])?
            .into_iter();
        let tx = read_tx(&self.conn)?;
        let counted = partner::count_by_phase(&tx)?;
        let pages = columns
            .iter()
            .map(|column| self.page_ids(&tx, column, found.next(), &counted))
            .collect::<Result<Vec<_>>>()?;
        // Every column's cards read together: one fixed set of queries for the whole board.
        let all: Vec<String> = pages
            .iter()
            .flat_map(|(_, ids)| ids.iter().cloned())
            .collect();
        let mut cards = self.cards(&tx, &all, now)?.into_iter().peekable();
        let columns = columns
            .iter()
            .zip(pages)
            .map(|(column, (total, ids))| {
                // The cards come back in the order of `all`, less any partner deleted since the
                // ids were read (a search's ids come from the name index).
                let items = ids
                    .iter()
                    .filter_map(|id| cards.next_if(|c| &c.partner_id == id))
                    .collect();
                BoardColumn {
                    phase: column.phase.unwrap_or(Phase::Sourced),
                    page: PipelinePage {
                        items,
                        total,
                        phase_counts: phase_counts(&counted),
                    },
                }
            })
            .collect();
        tx.commit()?;
        Ok(columns)
    }

    /// The limit asked for, checked.
    fn page_limit(query: &PipelineQuery) -> Result<u32> {
        let limit = query.limit.unwrap_or(PAGE_DEFAULT);
        if !(1..=PAGE_MAX).contains(&limit) {
            return Err(Error::LimitOutOfRange {
                field: Field::Limit,
                min: 1,
                max: PAGE_MAX,
            });
        }
        Ok(limit)
    }

    /// A board search, answered by the name index (outside the read transaction, see
    /// `Store::search_names`): per column, the count and the page's ids. Empty without a search.
    fn pipeline_search(
        &self,
        search: Option<&str>,
        phases: &[Option<Phase>],
        query: &PipelineQuery,
    ) -> Result<Vec<crate::names::Found>> {
        let limit = Self::page_limit(query)?;
        let search = search.map(str::trim).unwrap_or("");
        let search = crate::text::optional(Field::Search, search, crate::text::NAME_MAX)?;
        if search.is_empty() {
            return Ok(Vec::new());
        }
        self.search_names(&search, phases, query.cursor.as_ref(), limit)
    }

    /// A board page: by the name index's answer `found` when searching, else by the phase's
    /// index `partners_by_phase (phase, name_key, id)` or, for every phase, `partners_by_name`.
    fn pipeline_in(
        &self,
        conn: &Connection,
        query: &PipelineQuery,
        found: Option<crate::names::Found>,
        now: DateTime<Utc>,
    ) -> Result<PipelinePage> {
        let counted = partner::count_by_phase(conn)?;
        let (total, ids) = self.page_ids(conn, query, found, &counted)?;
        Ok(PipelinePage {
            items: self.cards(conn, &ids, now)?,
            total,
            phase_counts: phase_counts(&counted),
        })
    }

    /// A page's total and partner ids: the name index's answer `found` when searching, else by
    /// the phase's index `partners_by_phase (phase, name_key, id)` or, for every phase,
    /// `partners_by_name`; `counted`, the live partners per phase.
    fn page_ids(
        &self,
        conn: &Connection,
        query: &PipelineQuery,
        found: Option<crate::names::Found>,
        counted: &[(Phase, u32)],
    ) -> Result<(u32, Vec<String>)> {
        let limit = Self::page_limit(query)?;
        if let Some(found) = found {
            return Ok((found.total, found.ids));
        }
        // The phase filter is spelled out (not `?1 IS NULL OR …`) so SQLite can use the
        // (phase, name_key) index.
        let phase_clause = if query.phase.is_some() {
            "AND phase = ?1"
        } else {
            "AND ?1 IS NULL"
        };
        // Unfiltered by name: the counts the triggers keep, not a scan.
        let total = counted
            .iter()
            .filter(|(q, _)| query.phase.is_none_or(|p| *q == p))
            .map(|(_, n)| n)
            .sum();
        let keyset = Keyset::of(conn, query.cursor.as_ref())?;
        let (key, id) = keyset.params();
        let ids: Vec<String> = keyset.finish(
            conn.prepare_cached(&format!(
                "SELECT id FROM partners WHERE {} {phase_clause} {} LIMIT ?2",
                crate::live_partner!("partners"),
                keyset.sql(3)
            ))?
            .query_map((query.phase.map(|p| p.as_str()), limit, key, id), |r| {
                r.get(0)
            })?
            .collect::<std::result::Result<_, _>>()?,
        );
        Ok((total, ids))
    }

    /// The cards of the partners `ids`, in that order (a partner deleted since is left out): a
    /// fixed number of set-based queries however many, not several per card.
    fn cards(
        &self,
        conn: &Connection,
        ids: &[String],
        now: DateTime<Utc>,
    ) -> Result<Vec<PipelineCard>> {
        let partners = partner::get_found(conn, ids)?;
        let viewer_name = crate::settings::user_name(conn)?;
        Ok(facts::of_partners(conn, &self.definitions, partners)?
            .into_iter()
            .map(|facts| PipelineCard {
                open_flags: facts.open_flags(),
                dealbreaker: facts.live_dealbreaker().is_some(),
                next_deadline: facts.next_deadline().map(str::to_owned),
                next_deadline_overdue: facts
                    .next_deadline()
                    .and_then(crate::ids::parse_instant)
                    .is_some_and(|due| crate::dates::is_overdue(due, false, now)),
                recommendation: facts.recommend(Viewer::User(viewer_name.as_deref())).choice,
                campaign: facts.campaign_step(),
                partner_id: facts.partner.id,
                name: facts.partner.name,
                kind: facts.partner.kind,
                phase: facts.partner.phase,
                markets: facts.partner.markets,
                home_time_zone: facts.partner.home_time_zone,
            })
            .collect())
    }
}

/// Live partners of every phase, in the board's order.
fn phase_counts(counted: &[(Phase, u32)]) -> Vec<PhaseCount> {
    Phase::ALL
        .iter()
        .map(|p| PhaseCount {
            phase: *p,
            count: counted
                .iter()
                .find(|(q, _)| q == p)
                .map(|(_, n)| *n)
                .unwrap_or(0),
        })
        .collect()
}

#[cfg(test)]
mod tests;
