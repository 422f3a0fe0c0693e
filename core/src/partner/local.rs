//! "Keep contact details in Russia only" (152-FZ, design/SYNC.md "Limits"): a per-partner switch
//! that shares business facts (scores, flags, pilots, decisions) but not contact fields. While it
//! is on, the contacts live in `local_contacts` (schema v10), a table that never travels
//! (`sync::LOCAL_TABLES`); the shared row keeps an empty list, so no change file — an edit, a
//! device's first snapshot — carries them. The switch itself travels: another office is told the
//! contacts are kept in the office that switched it on. Switching it on never deletes anything;
//! switching it off puts this office's contacts back in the shared row (so only an office that
//! holds them may). Not legal advice: the window says so.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Deserialize;

use super::{get, Partner};
use crate::ids::format_instant;
use crate::store::Store;
use crate::{Error, Result};

/// The switch as the profile card sends it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactsLocal {
    pub partner_id: String,
    pub on: bool,
}

/// This office's contacts of `id`, while it holds them.
fn held(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT contacts FROM local_contacts WHERE partner_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// An edit's contacts (`contacts`, JSON) while the switch is on go to the local table — only in
/// the office that holds them (another office has none to edit, and its empty list must not
/// replace them). Nothing while the switch is off.
pub(super) fn keep_contacts(
    tx: &Transaction<'_>,
    id: &str,
    contacts: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    crate::sql::execute(
        tx,
        "UPDATE local_contacts SET contacts = ?2, updated_at = ?3
         WHERE partner_id = ?1 AND contacts IS NOT ?2
           AND (SELECT contacts_local FROM partners WHERE id = ?1) = 1",
        (id, contacts, format_instant(now)),
    )?;
    Ok(())
}

impl Store {
    /// Turns "keep contact details in Russia only" on or off for one partner, in one
    /// transaction. On: the contacts move to this office's local table and the shared row's
    /// list is emptied. Off: refused in an office that does not hold them (`ContactsKeptElsewhere`),
    /// else they go back to the shared row. Setting it as it is changes nothing.
    pub fn set_contacts_local(
        &mut self,
        input: &ContactsLocal,
        now: DateTime<Utc>,
    ) -> Result<Partner> {
        self.write(|w| {
            let tx = w.tx;
            let partner = get(tx, &input.partner_id)?;
            if partner.contacts_local == input.on {
                return Ok(partner);
            }
            let at = format_instant(now);
            if input.on {
                let contacts = crate::sql::to_json(&partner.contacts)?;
                crate::sql::execute(
                    tx,
                    "INSERT INTO local_contacts (partner_id, contacts, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (partner_id) DO UPDATE SET contacts = excluded.contacts,
                         updated_at = excluded.updated_at",
                    (&partner.id, &contacts, &at),
                )?;
                crate::sql::execute(
                    tx,
                    "UPDATE partners SET contacts = '[]', contacts_local = 1, updated_at = ?2,
                         device_id = ?3 WHERE id = ?1",
                    (&partner.id, &at, w.device_id),
                )?;
            } else {
                let Some(contacts) = held(tx, &partner.id)? else {
                    return Err(Error::ContactsKeptElsewhere {
                        name: partner.name.clone(),
                    });
                };
                crate::sql::execute(
                    tx,
                    "UPDATE partners SET contacts = ?2, contacts_local = 0, updated_at = ?3,
                         device_id = ?4 WHERE id = ?1",
                    (&partner.id, &contacts, &at, w.device_id),
                )?;
            }
            get(tx, &partner.id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::duplicates::{Keys, RowKeys};
    use crate::partner::{Contact, NewPartner};
    use crate::testing::{self, at, t0};

    fn contact(detail: &str) -> Contact {
        Contact {
            name: "Иван".into(),
            detail: detail.into(),
        }
    }

    #[test]
    fn kept_contacts_read_edit_and_match_an_import_here_and_stay_out_of_the_shared_row() {
        let mut store = testing::store();
        let p = store
            .add_partner(
                &NewPartner {
                    contacts: vec![contact("ivan@luna.ru")],
                    ..testing::new_partner("Луна")
                },
                t0(),
            )
            .expect("adds");
        let on = ContactsLocal {
            partner_id: p.id.clone(),
            on: true,
        };
        let kept = store.set_contacts_local(&on, at(1)).expect("switches on");
        assert_eq!(
            kept.contacts, p.contacts,
            "nothing deleted, still read here"
        );
        let shared: String = store
            .conn
            .query_row(
                "SELECT contacts FROM partners WHERE id = ?1",
                [&p.id],
                |r| r.get(0),
            )
            .expect("reads the row");
        assert_eq!(shared, "[]");
        // An edit here keeps the new contacts local too.
        let mut edit = testing::edit_of(&kept);
        edit.contacts.push(contact("@luna_media"));
        let edited = store.edit_partner(&edit, at(2)).expect("edits");
        assert_eq!(edited.contacts.len(), 2);
        let shared: String = store
            .conn
            .query_row(
                "SELECT contacts FROM partners WHERE id = ?1",
                [&p.id],
                |r| r.get(0),
            )
            .expect("reads the row");
        assert_eq!(shared, "[]");
        // An import row with the kept e-mail is still found as a duplicate.
        let keys = Keys::existing(&store.conn).expect("reads the keys");
        let row = NewPartner {
            contacts: vec![contact("IVAN@luna.ru")],
            ..testing::new_partner("Luna")
        };
        let found = keys.find(1, &row, &RowKeys::of(&row)).expect("a duplicate");
        assert_eq!(found.existing_id.as_deref(), Some(p.id.as_str()));
        // Setting it as it is changes nothing; off puts them back in the shared row.
        let before = testing::dump(&store);
        store.set_contacts_local(&on, at(3)).expect("already on");
        assert_eq!(testing::dump(&store), before);
        let off = store
            .set_contacts_local(
                &ContactsLocal {
                    partner_id: p.id.clone(),
                    on: false,
                },
                at(4),
            )
            .expect("switches off");
        assert_eq!(off.contacts, edited.contacts);
        assert!(!off.contacts_local);
    }
}
