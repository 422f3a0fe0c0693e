//! Duplicates merged (design/SYNC.md "Duplicates"): the same agency entered in both offices is
//! merged by an append-only `partner_merges` row (loser, winner, who, when; schema v10); nothing
//! is deleted. Which merges hold is decided in merged.rs; a merged partner leaves every list,
//! search, count and reminder (`live_partner!`), its dossier still opens, read-only, saying where
//! it went, and the winner's says what was merged into it.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::ids::{format_instant, new_id};
use crate::names::lock;
use crate::partner::Partner;
use crate::store::Store;
use crate::zones::ZonedInstant;
use crate::{Error, Result};

/// "Merge into…": `loser` leaves the lists, `winner` stays.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartnerMerge {
    pub loser_id: String,
    pub winner_id: String,
}

/// One merge as a dossier shows it: the other partner, who, where and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MergeNote {
    pub merge_id: String,
    /// The other partner of the merge (the winner under "merged into", the loser under "merged
    /// from").
    pub partner_id: String,
    pub partner_name: String,
    pub author: Option<String>,
    /// The device's name, when it shared (its latest profile).
    pub device_name: Option<String>,
    /// The instant in the zone of whoever merged (first, when known) and the viewer's.
    pub at: ZonedInstant,
}

/// A partner's merges, for its dossier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Merges {
    /// This partner was merged into another: that merge (its partner the direct winner).
    pub into: Option<MergeNote>,
    /// Where its chain of merges ends, when that is not the direct winner (A into B, B into C).
    pub final_winner: Option<FinalWinner>,
    /// Partners merged into this one.
    pub from: Vec<MergeNote>,
    /// Merges of this partner into another that do not hold: made offline in another office
    /// while an earlier merge went the other way (or the same way), kept and shown.
    pub ignored: Vec<MergeNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FinalWinner {
    pub partner_id: String,
    pub partner_name: String,
}

/// The merges of `partner` with times in `viewer`'s zone too.
pub(crate) fn of_partner(conn: &Connection, partner: &str, viewer: &str) -> Result<Merges> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.loser_id, m.winner_id, m.author, m.time_zone, m.created_at,
             (SELECT d.device_name FROM device_profiles d WHERE d.device_id = m.device_id
              ORDER BY d.at DESC, d.id DESC LIMIT 1),
             CASE WHEN m.loser_id = ?1 THEN w.name ELSE l.name END,
             EXISTS (SELECT 1 FROM merged_partners h WHERE h.merge_id = m.id)
         FROM partner_merges m
         JOIN partners l ON l.id = m.loser_id JOIN partners w ON w.id = m.winner_id
         WHERE m.loser_id = ?1 OR m.winner_id = ?1
         ORDER BY m.created_at, m.id",
    )?;
    let mut rows = stmt.query([partner])?;
    let mut out = Merges::default();
    while let Some(r) = rows.next()? {
        let (loser, winner): (String, String) = (r.get(1)?, r.get(2)?);
        let zone: Option<String> = r.get(4)?;
        let at: String = r.get(5)?;
        let holds: bool = r.get(8)?;
        let note = MergeNote {
            merge_id: r.get(0)?,
            partner_id: if loser == partner {
                winner
            } else {
                loser.clone()
            },
            partner_name: r.get(7)?,
            author: r.get(3)?,
            device_name: r.get(6)?,
            at: crate::sync::edits::zoned(&at, zone.as_deref(), viewer)?,
        };
        match (loser == partner, holds) {
            (true, true) => out.into = Some(note),
            (true, false) => out.ignored.push(note),
            (false, true) => out.from.push(note),
            // A merge into this partner that does not hold: the other's dossier shows it.
            (false, false) => {}
        }
    }
    if let Some(into) = &out.into {
        if let Some(last) = crate::merged::winner_of(conn, partner)? {
            if last != into.partner_id {
                out.final_winner = Some(FinalWinner {
                    partner_name: crate::partner::name_of(conn, &last)?,
                    partner_id: last,
                });
            }
        }
    }
    Ok(out)
}

impl Store {
    /// Merges the duplicate `input.loser_id` into `input.winner_id`: one append-only row, in one
    /// transaction; the loser leaves every list, nothing is deleted. Refused when the two are one
    /// partner, either is missing, or either is already merged into another (the refusal names
    /// where it went). Returns the winner.
    pub fn merge_partners(&mut self, input: &PartnerMerge, now: DateTime<Utc>) -> Result<Partner> {
        let zone = self.system_zone.clone();
        let winner = self.unlogged(|store| {
            store.write(|w| {
                let tx = w.tx;
                if input.loser_id == input.winner_id {
                    return Err(Error::MergeIntoItself);
                }
                let loser = crate::partner::get(tx, &input.loser_id)?;
                let winner = crate::partner::get(tx, &input.winner_id)?;
                for p in [&loser, &winner] {
                    if let Some(into) = crate::merged::winner_of(tx, &p.id)? {
                        return Err(Error::AlreadyMerged {
                            name: p.name.clone(),
                            into: crate::partner::name_of(tx, &into)?,
                        });
                    }
                }
                let author = crate::settings::user_name(tx)?.filter(|n| !n.trim().is_empty());
                let time_zone = crate::sql::setting(tx, "time_zone")?.or(zone);
                crate::sql::execute(
                    tx,
                    "INSERT INTO partner_merges (id, loser_id, winner_id, author, time_zone,
                         created_at, device_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    (
                        new_id(),
                        &loser.id,
                        &winner.id,
                        author,
                        time_zone,
                        format_instant(now),
                        w.device_id,
                    ),
                )?;
                crate::merged::refresh(tx)?;
                Ok(winner)
            })
        })?;
        self.forget_partner_indexes();
        Ok(winner)
    }

    /// The name index and the reminders' pending rows follow partner rows; a merge changes which
    /// partners are live without changing a row of theirs, so both are built again by the next
    /// read that needs them (merges are rare).
    pub(crate) fn forget_partner_indexes(&self) {
        *lock(&self.names) = None;
        *lock(&self.due) = None;
    }
}

#[cfg(test)]
mod tests;
