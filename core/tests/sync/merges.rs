//! Duplicates merged in two offices (design/SYNC.md "Duplicates"): merges made offline on both
//! sides converge on the same answer whatever order the files arrive in — the earliest merge
//! holds, a later one the other way is kept and shown, never applied.

use vetta_core::merge::PartnerMerge;
use vetta_core::partner::PartnerQuery;
use vetta_core::{testing, Store};

use crate::two::{exchange, pair};

fn merge(store: &mut Store, loser: &str, winner: &str, hours: i64) {
    store
        .merge_partners(
            &PartnerMerge {
                loser_id: loser.into(),
                winner_id: winner.into(),
            },
            testing::at(hours),
        )
        .expect("merges");
}

fn names(store: &Store) -> Vec<String> {
    store
        .list_partners(&PartnerQuery::default())
        .expect("lists")
        .items
        .into_iter()
        .map(|p| p.name)
        .collect()
}

fn dossier(store: &Store, id: &str) -> vetta_core::dossier::Dossier {
    store
        .dossier(
            &vetta_core::dossier::DossierQuery {
                partner_id: id.into(),
                viewer_time_zone: "Europe/Moscow".into(),
            },
            testing::t0(),
        )
        .expect("opens")
}

#[test]
fn crossed_merges_made_offline_converge_on_the_earlier_one_in_both_offices() {
    let root = tempfile::tempdir().expect("a temp dir");
    let (mut a, mut b) = pair(root.path());
    let moscow = testing::partner(&mut a, "Луна Медиа");
    let new_york = testing::partner(&mut b, "Luna Media");
    let same_a = testing::partner(&mut a, "Север");
    let same_b = testing::partner(&mut b, "Sever");
    exchange(&mut a, &mut b);
    // Offline: Moscow merges its Luna into New York's, New York the other way round, an hour
    // later; both merge the same pair Sever → Север, New York first.
    merge(&mut a, &moscow.id, &new_york.id, 1);
    merge(&mut b, &new_york.id, &moscow.id, 2);
    merge(&mut b, &same_b.id, &same_a.id, 3);
    merge(&mut a, &same_b.id, &same_a.id, 4);
    assert_eq!(
        names(&a),
        ["Luna Media", "Север"],
        "Moscow, before the files move"
    );
    assert_eq!(
        names(&b),
        ["Луна Медиа", "Север"],
        "New York, before the files move"
    );
    exchange(&mut a, &mut b);

    let expected = {
        let mut m = vec![
            (moscow.id.clone(), new_york.id.clone()),
            (same_b.id.clone(), same_a.id.clone()),
        ];
        m.sort();
        m
    };
    for store in [&a, &b] {
        assert_eq!(testing::merged(store), expected, "the earlier merge holds");
        assert_eq!(names(store), ["Luna Media", "Север"]);
        // Nothing deleted: all four merge rows travel and stay.
        assert_eq!(testing::ids(store, "partner_merges", "true").len(), 4);
        let kept = dossier(store, &new_york.id).merges;
        assert_eq!(kept.from.len(), 1);
        assert_eq!(kept.from[0].partner_name, "Луна Медиа");
        assert_eq!(
            kept.ignored.len(),
            1,
            "the later merge the other way is shown"
        );
        assert_eq!(kept.ignored[0].author.as_deref(), Some("Mike"));
        let gone = dossier(store, &moscow.id).merges;
        assert_eq!(
            gone.into.map(|m| m.author),
            Some(Some("Светлана".to_owned()))
        );
        let twice = dossier(store, &same_b.id).merges;
        assert_eq!(twice.into.map(|m| m.author), Some(Some("Mike".to_owned())));
        assert_eq!(
            twice.ignored.len(),
            1,
            "the same merge made again is kept, not applied"
        );
    }

    // Applying everything again changes nothing.
    let before = (testing::shared_dump(&a), testing::merged(&a));
    testing::forget_applied(&mut a);
    a.apply_changes().expect("applies again");
    assert_eq!((testing::shared_dump(&a), testing::merged(&a)), before);
}
