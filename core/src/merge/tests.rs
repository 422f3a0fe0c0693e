use super::*;
use crate::dossier::{BoardQuery, DossierQuery};
use crate::partner::PartnerQuery;
use crate::testing::{self, at, t0};

fn merge(store: &mut Store, loser: &str, winner: &str) -> Result<Partner> {
    store.merge_partners(
        &PartnerMerge {
            loser_id: loser.into(),
            winner_id: winner.into(),
        },
        at(1),
    )
}

fn listed(store: &Store, search: Option<&str>) -> Vec<String> {
    store
        .list_partners(&PartnerQuery {
            search: search.map(str::to_owned),
            ..PartnerQuery::default()
        })
        .expect("lists")
        .items
        .into_iter()
        .map(|p| p.name)
        .collect()
}

fn board_names(store: &Store, search: Option<&str>) -> (Vec<String>, u32) {
    let columns = store
        .board(
            &BoardQuery {
                search: search.map(str::to_owned),
                limit: None,
            },
            t0(),
        )
        .expect("board");
    let names = columns
        .iter()
        .flat_map(|c| c.page.items.iter().map(|i| i.name.clone()))
        .collect();
    let counted = columns[0].page.phase_counts.iter().map(|c| c.count).sum();
    (names, counted)
}

fn dossier(store: &Store, id: &str) -> crate::dossier::Dossier {
    store
        .dossier(
            &DossierQuery {
                partner_id: id.into(),
                viewer_time_zone: "America/New_York".into(),
            },
            t0(),
        )
        .expect("the dossier opens")
}

#[test]
fn a_merged_partner_leaves_lists_search_and_counts_and_both_dossiers_say_so() {
    let mut store = testing::store();
    store.set_user_name("Светлана", t0()).expect("a name");
    store.set_time_zone("Europe/Moscow", t0()).expect("a zone");
    let kept = testing::partner(&mut store, "Луна Медиа");
    let twin = testing::partner(&mut store, "Luna Media");
    testing::partner(&mut store, "Other");
    // The name index and the counts are read once before, so they must follow the merge.
    assert_eq!(listed(&store, Some("luna")), ["Luna Media"]);
    assert_eq!(board_names(&store, None).1, 3);

    let winner = merge(&mut store, &twin.id, &kept.id).expect("merges");
    assert_eq!(winner.id, kept.id);

    assert_eq!(listed(&store, None), ["Other", "Луна Медиа"]);
    assert!(
        listed(&store, Some("luna")).is_empty(),
        "search leaves it out"
    );
    let (names, counted) = board_names(&store, None);
    assert!(!names.contains(&"Luna Media".to_owned()));
    assert_eq!(counted, 2, "the counts leave it out");
    assert!(board_names(&store, Some("luna")).0.is_empty());

    let lost = dossier(&store, &twin.id);
    let into = lost.merges.into.expect("merged into the winner");
    assert_eq!(
        (into.partner_id.as_str(), into.partner_name.as_str()),
        (kept.id.as_str(), "Луна Медиа")
    );
    assert_eq!(into.author.as_deref(), Some("Светлана"));
    // Whoever merged's zone first, then the viewer's.
    let zones: Vec<&str> = into.at.zones.iter().map(|z| z.zone.as_str()).collect();
    assert_eq!(zones, ["Europe/Moscow", "America/New_York"]);
    let won = dossier(&store, &kept.id).merges;
    assert_eq!(won.from.len(), 1);
    assert_eq!(won.from[0].partner_name, "Luna Media");
    assert!(won.into.is_none());

    // Nothing is deleted: the loser's row is there as it was.
    assert_eq!(
        store.partner(&twin.id).expect("still stored").name,
        "Luna Media"
    );
}

#[test]
fn a_merge_is_refused_with_the_reason_and_changes_nothing() {
    let mut store = testing::store();
    let a = testing::partner(&mut store, "A");
    let b = testing::partner(&mut store, "B");
    let c = testing::partner(&mut store, "C");
    let before = testing::dump(&store);
    assert!(matches!(
        merge(&mut store, &a.id, &a.id),
        Err(Error::MergeIntoItself)
    ));
    assert!(matches!(
        merge(&mut store, &a.id, "no-such-partner"),
        Err(Error::NotFound {
            entity: "partner",
            ..
        })
    ));
    assert_eq!(testing::dump(&store), before);

    merge(&mut store, &a.id, &b.id).expect("merges A into B");
    // A is merged: neither merged again nor a winner; the refusal says where it went.
    for (loser, winner) in [(&a.id, &c.id), (&c.id, &a.id), (&b.id, &a.id)] {
        match merge(&mut store, loser, winner) {
            Err(Error::AlreadyMerged { name, into }) => {
                assert_eq!((name, into), ("A".into(), "B".into()))
            }
            other => panic!("refused as already merged, got {other:?}"),
        }
    }
    // A chain: B into C; A's dossier names C as where its merges end.
    merge(&mut store, &b.id, &c.id).expect("merges B into C");
    let merges = dossier(&store, &a.id).merges;
    assert_eq!(merges.into.map(|m| m.partner_id), Some(b.id.clone()));
    assert_eq!(
        merges.final_winner.map(|f| f.partner_name),
        Some("C".into())
    );
    assert_eq!(listed(&store, None), ["C"]);
}
