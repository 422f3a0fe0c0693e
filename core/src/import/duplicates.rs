//! Rows that look like a partner already in the file: the same name (case-insensitive, as the
//! partner list keys names), or the same e-mail address or handle among the contacts.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::partner::{Contact, NewPartner};
use crate::sql::json_column;
use crate::Result;

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

/// A row that matches an existing partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Duplicate {
    pub row: u32,
    pub name: String,
    pub existing_id: String,
    pub existing_name: String,
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
fn keys(detail: &str) -> impl Iterator<Item = (DuplicateBy, String)> + '_ {
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

/// Live partners by name key and by contact key.
pub struct Existing {
    by_name: HashMap<String, (String, String)>,
    by_contact: HashMap<String, (String, String)>,
}

impl Existing {
    pub fn read(conn: &Connection) -> Result<Existing> {
        let mut by_name = HashMap::new();
        let mut by_contact = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT id, name, name_key, contacts FROM partners WHERE deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let name: String = r.get(1)?;
            let key: String = r.get(2)?;
            let contacts: Vec<Contact> = json_column(r, 3, "partners", "contacts")?;
            for c in &contacts {
                for (_, k) in keys(&c.detail) {
                    by_contact
                        .entry(k)
                        .or_insert_with(|| (id.clone(), name.clone()));
                }
            }
            by_name.entry(key).or_insert((id, name));
        }
        Ok(Existing {
            by_name,
            by_contact,
        })
    }

    /// The existing partner a new one duplicates, if any: the name first, then its contacts.
    pub fn find(&self, row: u32, p: &NewPartner) -> Option<Duplicate> {
        let hit = |by: DuplicateBy, (id, name): &(String, String)| Duplicate {
            row,
            name: p.name.trim().to_string(),
            existing_id: id.clone(),
            existing_name: name.clone(),
            by,
        };
        if let Some(found) = self.by_name.get(&p.name.trim().to_lowercase()) {
            return Some(hit(DuplicateBy::Name, found));
        }
        p.contacts
            .iter()
            .flat_map(|c| keys(&c.detail))
            .find_map(|(by, k)| self.by_contact.get(&k).map(|found| hit(by, found)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_handles_are_found_in_free_text() {
        let found: Vec<_> = keys("Anna <Anna@North.io>, tg: t.me/north_agency; @Other").collect();
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
