//! The bulk path: many actions through one `Writer` are one transaction — kept whole when all
//! succeed, nothing kept when one fails — and write what the single-action methods write.

use super::super::*;
use crate::partner::PartnerQuery;
use crate::testing::{dump, new_partner, t0};

fn names(store: &Store) -> Vec<String> {
    let page = store
        .list_partners(&PartnerQuery::default())
        .expect("lists");
    page.items.into_iter().map(|p| p.name).collect()
}

#[test]
fn a_batch_is_one_transaction_kept_whole() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    let added = store
        .write(|w| {
            let a = w.add_partner(&new_partner("Альфа"), t0())?;
            let b = w.add_partner(&new_partner("Beta"), t0())?;
            // A later action in the batch reads what an earlier one wrote.
            w.add_market("KZ", t0())?;
            Ok([a, b])
        })
        .expect("the batch commits");
    assert_eq!(names(&store), vec!["Beta", "Альфа"]);
    for partner in added {
        assert_eq!(
            store.partner(&partner.id).expect("reads"),
            partner,
            "each action answers what a read answers"
        );
    }
}

#[test]
fn a_batch_with_a_refused_action_keeps_nothing() {
    let mut store = Store::open_in_memory(t0()).expect("opens");
    store
        .add_partner(&new_partner("Before"), t0())
        .expect("adds");
    let before = dump(&store);
    let err = store
        .write(|w| {
            w.add_partner(&new_partner("Gamma"), t0())?;
            w.add_market("KZ", t0())?;
            // Refused: no name. The two actions before it are rolled back with it.
            w.add_partner(&new_partner("   "), t0())
        })
        .expect_err("the batch is refused");
    assert!(
        matches!(err, Error::EmptyField { .. }),
        "the refusal says why: {err:?}"
    );
    assert_eq!(dump(&store), before, "nothing of the batch was kept");
}

#[test]
fn a_batch_writes_what_single_actions_write() {
    let mut single = Store::open_in_memory(t0()).expect("opens");
    let mut batched = Store::open_in_memory(t0()).expect("opens");
    let inputs = ["Delta", "эпсилон", "Zeta"].map(new_partner);
    for input in &inputs {
        single.add_partner(input, t0()).expect("adds");
    }
    batched
        .write(|w| {
            for input in &inputs {
                w.add_partner(input, t0())?;
            }
            Ok(())
        })
        .expect("the batch commits");
    // Ids and device ids differ between the two stores; everything else is the same.
    let strip = |store: &Store| -> Vec<(String, String, String)> {
        store
            .list_partners(&PartnerQuery::default())
            .expect("lists")
            .items
            .into_iter()
            .map(|p| (p.name, p.home_time_zone, p.created_at))
            .collect()
    };
    assert_eq!(strip(&single), strip(&batched));
}
