use chrono::Duration;

use super::*;
use crate::signal::Strength;
use crate::testing;

mod follow;

fn history(name: &str) -> History {
    History {
        partner: PartnerRef {
            id: name.to_lowercase(),
            name: name.into(),
        },
        ..History::default()
    }
}

fn card(reviewer: &str, passed: bool, blind: bool, side: &str) -> Card {
    Card {
        reviewer: reviewer.into(),
        passed,
        blind,
        side: side.into(),
    }
}

fn label(key: &str) -> crate::framework::Localized {
    crate::framework::Localized::new(key, key)
}

fn refs(names: &[&str]) -> Listed {
    let partners: Vec<PartnerRef> = names.iter().map(|n| history(n).partner).collect();
    Listed::of(&partners)
}

/// The funnel's step of phase `p`.
fn step_of(insights: &Insights, p: Phase) -> FunnelStep {
    insights
        .funnel
        .iter()
        .find(|s| s.phase == p)
        .cloned()
        .expect("every funnel phase has a step")
}

fn day(n: i64) -> chrono::DateTime<chrono::Utc> {
    testing::at(24 * n)
}

/// A small hand-made history whose answers are known.
fn known() -> Vec<History> {
    let mut out = Vec::new();
    // 8 debriefed first pilots: case studies strong for 5 (4 passed), not for 3 (1 passed).
    for (i, (strong, passed)) in [
        (true, true),
        (true, true),
        (true, true),
        (true, true),
        (true, false),
        (false, true),
        (false, false),
        (false, false),
    ]
    .into_iter()
    .enumerate()
    {
        let mut h = history(&format!("Piloted {i}"));
        let strength = if strong {
            Strength::Strong
        } else {
            Strength::Weak
        };
        h.signals = vec![(SignalKind::CaseStudies, strength)];
        h.first_pilot_passed = Some(passed);
        out.push(h);
    }
    // A: sourced day 0 → gut check day 2 → scoping day 5, on hold from day 3 to day 4; walked.
    let mut a = history("A");
    a.phase = Some(Phase::Walked);
    a.entered = vec![
        (Phase::Sourced, day(0)),
        (Phase::GutCheck, day(2)),
        (Phase::PilotScoping, day(5)),
    ];
    a.holds = vec![(day(3), day(4))];
    a.campaigns = vec![(3, 2, FailureCause::Execution), (0, 2, FailureCause::None)];
    a.repeats = 1;
    a.cards = vec![
        card("Anna", true, true, "ru-pc"),
        card("Mike", true, false, "us-pc"),
    ];
    a.compared = vec![
        ("fit".into(), label("fit"), true),
        ("speed".into(), label("speed"), false),
    ];
    a.reviewed = vec![(70, true), (70, false), (90, true)];
    a.gate_passed = Some(true);
    out.push(a);
    // B: sourced day 0 → gut check day 4, still there (open).
    let mut b = history("B");
    b.phase = Some(Phase::GutCheck);
    b.entered = vec![(Phase::Sourced, day(0)), (Phase::GutCheck, day(4))];
    b.campaigns = vec![(1, 2, FailureCause::Communication)];
    b.cards = vec![card("Anna", false, true, "ru-pc")];
    b.compared = vec![("fit".into(), label("fit"), false)];
    b.reviewed = vec![(90, true)];
    b.gate_passed = Some(false);
    out.push(b);
    out
}

#[test]
fn signals_are_counted_in_words_and_not_compared_below_twenty_pilots() {
    let insights = compute(&known(), (0, 0));
    assert_eq!(insights.pilots, 8);
    assert!(!insights.enough, "n = 8 is too few to compare");
    let cases = insights
        .signals
        .iter()
        .find(|s| s.signal == SignalKind::CaseStudies)
        .expect("every signal has a row");
    assert_eq!(
        (
            cases.with_success,
            cases.with_total,
            cases.without_success,
            cases.without_total
        ),
        (4, 5, 1, 3)
    );
    assert_eq!(cases.partners.total, 5, "the partners behind the figure");
    assert_eq!(
        cases.without_partners.total, 3,
        "and those without the signal"
    );
    let mut twenty = known();
    for i in 0..12 {
        let mut h = history(&format!("More {i}"));
        h.first_pilot_passed = Some(i % 2 == 0);
        twenty.push(h);
    }
    assert!(compute(&twenty, (0, 0)).enough, "20 pilots compare");
}

#[test]
fn the_funnel_leaves_hold_time_and_open_partners_out_of_the_median() {
    let insights = compute(&known(), (0, 0));
    let step = |p: Phase| step_of(&insights, p);
    let sourced = step(Phase::Sourced);
    assert_eq!(sourced.reached, 2);
    assert_eq!(sourced.median_days, Some(3.0), "A took 2 days, B 4");
    let gut = step(Phase::GutCheck);
    assert_eq!(gut.reached, 2);
    assert_eq!(
        (gut.median_days, gut.measured, gut.open),
        (Some(2.0), 1, 1),
        "A: 3 days less 1 on hold; B is still open, counted and left out"
    );
    assert_eq!(
        gut.partners,
        refs(&["B"]),
        "the partner still in the phase, the one open"
    );
    assert_eq!(step(Phase::PilotScoping).reached, 1);
    assert_eq!(step(Phase::Scaled).reached, 0);
}

#[test]
fn rework_and_reviewers_count_what_was_recorded() {
    let insights = compute(&known(), (3, 30));
    let r = &insights.rework;
    assert_eq!((r.campaigns, r.over_limit), (3, 1));
    assert_eq!((r.repeated, r.piloted), (1, 2));
    assert_eq!((r.corrections, r.entries), (3, 30));
    let count = |c: FailureCause| r.causes.iter().find(|x| x.cause == c).map(|x| x.count);
    assert_eq!(count(FailureCause::Execution), Some(1));
    assert_eq!(count(FailureCause::Communication), Some(1));
    assert_eq!(count(FailureCause::Expectations), Some(0));
    assert_eq!(r.over_limit_partners, refs(&["A"]));
    assert_eq!(
        r.repeated_partners,
        refs(&["A"]),
        "the partner behind the repeats"
    );
    let behind = |c: FailureCause| {
        r.causes
            .iter()
            .find(|x| x.cause == c)
            .map(|x| x.partners.clone())
    };
    assert_eq!(behind(FailureCause::Communication), Some(refs(&["B"])));
    assert_eq!(
        insights.reviewers,
        vec![
            ReviewerStat {
                reviewer: "Anna".into(),
                cards: 2,
                passed: 1,
                blind: 2,
                partners: refs(&["A", "B"]),
            },
            ReviewerStat {
                reviewer: "Mike".into(),
                cards: 1,
                passed: 1,
                blind: 0,
                partners: refs(&["A"]),
            },
        ]
    );
    assert_eq!((insights.team_gates, insights.team_passed), (2, 1));
    assert_eq!(insights.team_passed_partners, refs(&["A"]));
}

#[test]
fn a_figure_counts_every_partner_and_lists_the_first_fifty() {
    // 56 partners in scaled now and 3 still at the gut check (one of which moved on and came
    // back is not "still here": it reached the next phase after entering this one).
    let mut all: Vec<History> = Vec::new();
    for i in 0..56 {
        let mut h = history(&format!("S{i:02}"));
        h.phase = Some(Phase::Scaled);
        h.entered = vec![(Phase::Sourced, day(0)), (Phase::Scaled, day(1))];
        h.repeats = 1;
        all.push(h);
    }
    for (name, back) in [("G1", false), ("G2", false), ("G3", true)] {
        let mut h = history(name);
        h.phase = Some(Phase::GutCheck);
        h.entered = vec![(Phase::Sourced, day(0)), (Phase::GutCheck, day(1))];
        if back {
            h.entered.push((Phase::PilotScoping, day(2)));
        }
        all.push(h);
    }
    let insights = compute(&all, (0, 0));
    let repeated = &insights.rework.repeated_partners;
    assert_eq!((repeated.total, repeated.shown.len()), (56, LISTED_MAX));
    assert_eq!(
        insights.rework.repeated, repeated.total,
        "the count and the list agree"
    );
    let step = |p: Phase| step_of(&insights, p);
    let scaled = step(Phase::Scaled);
    assert_eq!(
        (scaled.open, scaled.partners.total),
        (56, 56),
        "the last phase: there now"
    );
    assert_eq!(scaled.partners.shown.len(), LISTED_MAX);
    let gut = step(Phase::GutCheck);
    assert_eq!(gut.partners, refs(&["G1", "G2"]));
    assert_eq!(gut.open, 2, "the count is the list's");
}

#[test]
fn sides_and_criteria_show_who_scored_where_and_what_reviewers_disagree_on() {
    let insights = compute(&known(), (0, 0));
    let sides: Vec<(&str, u32, u32, u32, &[String])> = insights
        .sides
        .iter()
        .map(|s| {
            (
                s.side.as_str(),
                s.cards,
                s.passed,
                s.blind,
                &s.reviewers[..],
            )
        })
        .collect();
    assert_eq!(
        sides,
        vec![
            ("ru-pc", 2, 1, 2, &["Anna".to_owned()][..]),
            ("us-pc", 1, 1, 0, &["Mike".to_owned()][..]),
        ],
        "per side: cards, passed alone, scored blind, who"
    );
    let criteria: Vec<(&str, u32, u32)> = insights
        .criteria
        .iter()
        .map(|c| (c.key.as_str(), c.disagreed, c.compared))
        .collect();
    assert_eq!(
        criteria,
        vec![("fit", 1, 2), ("speed", 0, 1)],
        "the most disagreed criterion first: fit on A, not on B"
    );
    assert_eq!(insights.criteria[0].partners, refs(&["A"]));
}

#[test]
fn decisions_hit_rate_by_confidence_shows_only_from_twenty_reviewed() {
    let insights = compute(&known(), (0, 0));
    let c = &insights.calibration;
    assert_eq!(c.reviewed, 4);
    assert!(!c.enough, "too few reviewed yet — n = 4");
    let band = |p: u32| {
        c.bands
            .iter()
            .find(|b| b.confidence == p)
            .map(|b| (b.reviewed, b.as_expected, b.partners.clone()))
            .expect("every band has a row")
    };
    assert_eq!(band(70), (2, 1, refs(&["A"])));
    assert_eq!(band(90), (2, 2, refs(&["A", "B"])));
    assert_eq!(band(50), (0, 0, Listed::default()));
    let mut more = known();
    let mut c = history("C");
    c.reviewed = vec![(60, false); 16];
    more.push(c);
    let enough = compute(&more, (0, 0)).calibration;
    assert_eq!((enough.reviewed, enough.enough), (20, true));
}

#[test]
fn the_store_reads_histories_from_the_same_facts_as_every_screen() {
    let mut store = testing::store();
    let scoped = testing::partner(&mut store, "Scoped").id;
    testing::to_scoping(&mut store, &scoped);
    testing::partner(&mut store, "Found");
    let now = testing::at(24);
    let all = store
        .insights(&InsightsQuery::default(), now)
        .expect("reads insights");
    assert_eq!(all.partners, 2);
    let reached =
        |i: &Insights, p: Phase| i.funnel.iter().find(|s| s.phase == p).map(|s| s.reached);
    assert_eq!(reached(&all, Phase::Sourced), Some(2));
    assert_eq!(reached(&all, Phase::GutCheck), Some(1));
    assert_eq!(reached(&all, Phase::PilotScoping), Some(1));
    assert_eq!((all.team_gates, all.team_passed), (1, 1));
    assert_eq!(all.reviewers.len(), 2, "Anna and Mike scored");
    assert_eq!(
        (all.rework.corrections, all.rework.entries),
        (0, 4),
        "two cards and two advances (into the gut check, into scoping), none corrected"
    );
    let kz = store
        .insights(
            &InsightsQuery {
                market: Some("kz".into()),
                ..InsightsQuery::default()
            },
            now,
        )
        .expect("reads insights for a market");
    assert_eq!(kz.partners, 0, "no partner serves KZ");
    assert_eq!(kz.rework.entries, 0, "the entries follow the filters");
    testing::partner(&mut store, "Late");
    let again = store
        .insights(&InsightsQuery::default(), now)
        .expect("reads insights after a write");
    assert_eq!(
        again.partners, 3,
        "a write makes the kept histories read again"
    );
    let recent = store
        .insights(
            &InsightsQuery {
                since_days: Some(1),
                ..InsightsQuery::default()
            },
            now + Duration::days(30),
        )
        .expect("reads insights for a period");
    assert_eq!(recent.partners, 0, "both were added a month before");
}

#[test]
fn the_narrow_reads_answer_exactly_what_the_whole_facts_answer() {
    // Fixed: the generator's own clock starts here; it never reads the real one.
    let start = crate::ids::parse_instant("2025-01-06T09:00:00Z").expect("instant");
    let mut store = crate::Store::open_in_memory(start).expect("store");
    crate::seed::generate(&mut store, &crate::seed::Spec::scaled(11, 250), start)
        .expect("generated");
    let now = start + Duration::days(400);
    let framework: String = store
        .conn
        .query_row("SELECT framework_id FROM partners LIMIT 1", [], |r| {
            r.get(0)
        })
        .expect("a partner's framework");
    let queries = testing::insights_filters(Some(&framework));
    let newest: String = store
        .conn
        .query_row("SELECT max(created_at) FROM partners", [], |r| r.get(0))
        .expect("the newest partner");
    let after_newest = crate::ids::parse_instant(&newest).expect("instant") + Duration::days(1);
    for query in &queries {
        // The period is read from just after the newest partner; the rest long after.
        let now = if query.since_days.is_some() {
            after_newest
        } else {
            now
        };
        let mut narrow = store.insights(query, now).expect("narrow read");
        let mut whole = store.insights_from_facts(query, now).expect("whole facts");
        assert!(narrow.partners > 0, "the query {query:?} covers partners");
        assert!(
            narrow.versions.iter().map(|v| v.partners).sum::<u32>() == narrow.partners,
            "every partner is on one version"
        );
        narrow.versions.clear();
        // The whole facts hold no device: the sides and blind counts are the narrow read's own
        // (the story tests prove them).
        narrow.sides.clear();
        whole.sides.clear();
        for r in &mut narrow.reviewers {
            r.blind = 0;
        }
        assert_eq!(narrow, whole, "the same figures for {query:?}");
    }
}
