//! End-to-end: "Keep contact details in Russia only (152-FZ)" in a partner's profile: switched on
//! in English, the contacts stay on screen and leave the shared row (the file's local table holds
//! them); a partner whose contacts another office keeps says so, in Russian.
//! Run with `make e2e`.

mod e2e_support;

use chrono::{Duration, Utc};
use e2e_support::{fail, flows, Harness, TestResult};
use vetta_core::partner::{Contact, NewPartner};
use vetta_core::Store;

const HERE: &str = "Луна Медиа";
const THERE: &str = "Sever Production";
const EMAIL: &str = "ivan.petrov@luna-media.ru";

fn seeded(dir: &std::path::Path) {
    let now = Utc::now();
    let path = dir.join("vetta.sqlite3");
    let (mut store, _) = Store::open(&path, now - Duration::days(3)).expect("opens a new file");
    store
        .set_user_name("Svetlana", now)
        .expect("names the user");
    for name in [HERE, THERE] {
        store
            .add_partner(
                &NewPartner {
                    contacts: vec![Contact {
                        name: "Иван Петров".into(),
                        detail: EMAIL.into(),
                    }],
                    ..vetta_core::testing::new_partner(name)
                },
                now - Duration::days(2),
            )
            .expect("adds");
    }
    drop(store);
    // THERE as another office's change file leaves it: the switch on, no contacts here.
    let conn = rusqlite::Connection::open(&path).expect("opens the file");
    conn.execute(
        "UPDATE partners SET contacts = '[]', contacts_local = 1 WHERE name = ?1",
        [THERE],
    )
    .expect("plays another office's partner");
}

/// (the switch, the shared row's contacts, this office's kept contacts) of `name`.
type Stored = (bool, String, Option<String>);

fn stored(h: &Harness, name: &str) -> Result<Stored, Box<dyn std::error::Error>> {
    Ok(flows::db(h)?.query_row(
        "SELECT p.contacts_local, p.contacts, l.contacts FROM partners p
         LEFT JOIN local_contacts l ON l.partner_id = p.id WHERE p.name = ?1",
        [name],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

async fn flow(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    flows::open_from_board(h, HERE).await?;
    h.click("[data-testid=contacts-local]").await?;
    let mut last = None;
    for _ in 0..100 {
        let now = stored(h, HERE)?;
        if now.0 {
            last = Some(now);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    match last {
        Some((true, shared, Some(kept))) if shared == "[]" && kept.contains(EMAIL) => {}
        other => return Err(fail(format!("the contacts kept locally only: {other:?}"))),
    }
    h.wait_text("[data-testid=dossier]", EMAIL).await?;
    h.wait_text("[data-testid=dossier]", "This is not legal advice")
        .await?;
    h.screenshot("contacts-local-en").await?;

    h.click("[data-testid=lang-ru]").await?;
    flows::open_from_board(h, THERE).await?;
    h.wait_text(
        "[data-testid=contacts-elsewhere]",
        "Контакты хранятся в российском офисе.",
    )
    .await?;
    h.wait_text("[data-testid=dossier]", "Это не юридическая консультация")
        .await?;
    h.screenshot("contacts-elsewhere-ru").await?;
    Ok(())
}

#[tokio::test]
async fn contacts_kept_in_russia_only_are_switched_on_and_shown_where_they_are_kept() {
    let mut h = Harness::start_with("contacts-local", seeded).await;
    let result = flow(&mut h).await;
    h.finish(result).await;
}
