//! Rows that look like a partner already in the file: the same name (case-insensitive, as the
//! partner list keys names), or the same e-mail address or handle among the contacts.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::partner::NewPartner;
use crate::{Error, Result};

crate::text_enum! {
    /// What a row shares with an existing partner.
    pub enum DuplicateBy {
        Name = "name",
        Email = "email",
        Handle = "handle",
    }
}

crate::text_enum! {
    /// What to do with a row that duplicates an existing partner.
    pub enum DuplicateAction {
        Skip = "skip",
        ImportAnyway = "import_anyway",
        /// Import nothing new; add the row's contact to the existing partner.
        Link = "link",
    }
}

/// A row that matches an existing partner, or an earlier row of the same file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Duplicate {
    pub row: u32,
    pub name: String,
    /// The existing partner it matches; none when it repeats an earlier row of the file.
    pub existing_id: Option<String>,
    /// The existing partner's name, or the earlier row's.
    pub existing_name: String,
    /// The earlier row of the file it repeats (then `existing_id` is none).
    pub earlier_row: Option<u32>,
    pub by: DuplicateBy,
}

/// The person's choice for one duplicate row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DuplicateChoice {
    pub row: u32,
    pub action: DuplicateAction,
}

/// E-mail addresses and handles in a contact's detail, lower case: `a@b.c`, `@handle`,
/// `t.me/handle` (as `@handle`).
fn contact_keys(detail: &str) -> impl Iterator<Item = (DuplicateBy, String)> + '_ {
    detail
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter_map(|word| {
            let w = word
                .trim_matches(|c: char| "<>()\"'".contains(c))
                .to_lowercase();
            if let Some(handle) = w
                .strip_prefix("https://t.me/")
                .or_else(|| w.strip_prefix("t.me/"))
            {
                return (!handle.is_empty()).then(|| (DuplicateBy::Handle, format!("@{handle}")));
            }
            if w.starts_with('@') && w.len() > 1 {
                return Some((DuplicateBy::Handle, w));
            }
            match w.split_once('@') {
                Some((user, host)) if !user.is_empty() && host.contains('.') => {
                    Some((DuplicateBy::Email, w))
                }
                _ => None,
            }
        })
}

/// Who a key belongs to: a live partner, or an earlier row of the file being imported.
enum Owner {
    Partner { id: String, name: String },
    Row { row: u32, name: String },
}

/// Names and contact keys, each with its first owner: the live partners (read once per plan,
/// [`Keys::existing`]), or the rows of the file accepted so far ([`Keys::add_row`]).
#[derive(Default)]
pub struct Keys {
    owners: Vec<Owner>,
    by_name: HashMap<String, usize>,
    by_contact: HashMap<String, usize>,
}

/// Only the part of a stored contact the keys come from, borrowed from the row's text.
#[derive(Deserialize)]
struct StoredDetail<'a> {
    #[serde(borrow)]
    detail: std::borrow::Cow<'a, str>,
}

impl Keys {
    /// The live partners' keys: one pass over the partners, contacts parsed for their details only.
    pub fn existing(conn: &Connection) -> Result<Keys> {
        let mut keys = Keys::default();
        // In the table's order, not the name index's (which the planner picks, as it covers
        // `deleted_at IS NULL`): each page of the table read once, where the index's order read
        // a row from a page of its own for every partner.
        let mut stmt = conn.prepare_cached(concat!(
            // Contacts kept in this office only (152-FZ) are matched too (partner/local.rs).
            "SELECT id, name, name_key,
                 CASE WHEN contacts_local = 1 THEN coalesce((SELECT lc.contacts
                     FROM local_contacts lc WHERE lc.partner_id = p.id), '[]') ELSE contacts END
             FROM partners p NOT INDEXED WHERE ",
            crate::live_partner!("p")
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let text = |i: usize, column: &'static str| -> Result<&str> {
                r.get_ref(i)?.as_str().map_err(|e| Error::MalformedRow {
                    table: "partners",
                    column,
                    detail: e.to_string(),
                })
            };
            let contacts = text(3, "contacts")?;
            let details: Vec<StoredDetail<'_>> =
                serde_json::from_str(contacts).map_err(|e| Error::MalformedRow {
                    table: "partners",
                    column: "contacts",
                    detail: e.to_string(),
                })?;
            let owner = keys.owners.len();
            let mut any = keys.name(text(2, "name_key")?, owner);
            for d in &details {
                for (_, k) in contact_keys(&d.detail) {
                    any |= keys.contact(k, owner);
                }
            }
            if any {
                keys.owners.push(Owner::Partner {
                    id: r.get(0)?,
                    name: r.get(1)?,
                });
            }
        }
        Ok(keys)
    }

    fn name(&mut self, key: &str, owner: usize) -> bool {
        if self.by_name.contains_key(key) {
            return false;
        }
        self.by_name.insert(key.to_owned(), owner);
        true
    }

    fn contact(&mut self, key: String, owner: usize) -> bool {
        match self.by_contact.entry(key) {
            Entry::Occupied(_) => false,
            Entry::Vacant(v) => {
                v.insert(owner);
                true
            }
        }
    }

    /// A row accepted for import (its keys, [`RowKeys::of`]): later rows with its name or
    /// contacts repeat it.
    pub fn add_row(&mut self, row: u32, p: &NewPartner, keys: RowKeys) {
        let owner = self.owners.len();
        let mut any = match self.by_name.entry(keys.name) {
            Entry::Occupied(_) => false,
            Entry::Vacant(v) => {
                v.insert(owner);
                true
            }
        };
        for (_, k) in keys.contacts {
            any |= self.contact(k, owner);
        }
        if any {
            self.owners.push(Owner::Row {
                row,
                name: p.name.trim().to_string(),
            });
        }
    }

    /// The owner a new partner (with its keys, [`RowKeys::of`]) duplicates, if any: the name
    /// first, then its contacts.
    pub fn find(&self, row: u32, p: &NewPartner, keys: &RowKeys) -> Option<Duplicate> {
        let hit = |by: DuplicateBy, owner: usize| {
            let (existing_id, existing_name, earlier_row) = match self.owners.get(owner)? {
                Owner::Partner { id, name } => (Some(id.clone()), name.clone(), None),
                Owner::Row { row, name } => (None, name.clone(), Some(*row)),
            };
            Some(Duplicate {
                row,
                name: p.name.trim().to_string(),
                existing_id,
                existing_name,
                earlier_row,
                by,
            })
        };
        if let Some(&owner) = self.by_name.get(&keys.name) {
            return hit(DuplicateBy::Name, owner);
        }
        keys.contacts
            .iter()
            .find_map(|(by, k)| self.by_contact.get(k).and_then(|&owner| hit(*by, owner)))
    }
}

/// A row's keys, worked out once: looked up among the partners, then among the earlier rows,
/// then kept as the row's own.
pub struct RowKeys {
    name: String,
    contacts: Vec<(DuplicateBy, String)>,
}

impl RowKeys {
    pub fn of(p: &NewPartner) -> RowKeys {
        RowKeys {
            name: crate::partner::name_key(&p.name),
            contacts: p
                .contacts
                .iter()
                .flat_map(|c| contact_keys(&c.detail))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_handles_are_found_in_free_text() {
        let found: Vec<_> =
            contact_keys("Anna <Anna@North.io>, tg: t.me/north_agency; @Other").collect();
        assert_eq!(
            found,
            vec![
                (DuplicateBy::Email, "anna@north.io".to_string()),
                (DuplicateBy::Handle, "@north_agency".to_string()),
                (DuplicateBy::Handle, "@other".to_string()),
            ]
        );
    }
}
