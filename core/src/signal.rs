//! Pre-pilot signals and their scoring by a framework's [`SignalRules`]. Pure: no database.

use serde::{Deserialize, Serialize};

use crate::framework::SignalRules;

/// Case studies the partner showed for one market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MarketCount {
    pub market: String,
    pub count: u32,
}

/// What was learned about a candidate before any pilot. `None` means "not recorded yet".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Signals {
    #[serde(default)]
    pub case_studies: Vec<MarketCount>,
    #[serde(default)]
    pub longest_relationship_months: Option<u32>,
    /// They talked about failures, not only wins.
    #[serde(default)]
    pub showed_failures: Option<bool>,
    /// They have worked across markets before.
    #[serde(default)]
    pub cross_market_experience: Option<bool>,
    /// How many creators who worked with them vouch for them.
    #[serde(default)]
    pub creator_references: Option<u32>,
}

crate::text_enum! {
    /// The five pre-pilot signals.
    pub enum SignalKind {
        CaseStudies = "case_studies",
        LongestRelationship = "longest_relationship",
        ShowedFailures = "showed_failures",
        CrossMarketExperience = "cross_market_experience",
        CreatorReferences = "creator_references",
    }
}

crate::text_enum! {
    /// How one signal scored.
    pub enum Strength {
        Strong = "strong",
        Weak = "weak",
        /// Not recorded.
        Unknown = "unknown",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignalOutcome {
    pub signal: SignalKind,
    pub strength: Strength,
}

/// The signals scored: `strong` of `total`, and how many are known at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignalScore {
    pub items: Vec<SignalOutcome>,
    pub strong: u32,
    pub known: u32,
    pub total: u32,
    /// `strong` reaches the framework's `advanceAtStrong`.
    pub advance: bool,
}

fn strength(known: Option<bool>) -> Strength {
    match known {
        None => Strength::Unknown,
        Some(true) => Strength::Strong,
        Some(false) => Strength::Weak,
    }
}

/// Scores `signals` for a partner serving `markets`. Case studies are strong only when every
/// served market has more than the framework's number (the seeds' "more than 3 in both").
pub fn score_signals(signals: &Signals, markets: &[String], rules: &SignalRules) -> SignalScore {
    let case_studies = if signals.case_studies.is_empty() {
        None
    } else {
        let count_in = |market: &String| {
            signals
                .case_studies
                .iter()
                .filter(|c| &c.market == market)
                .map(|c| c.count)
                .max()
                .unwrap_or(0)
        };
        Some(
            !markets.is_empty()
                && markets
                    .iter()
                    .all(|m| count_in(m) > rules.case_studies_strong_above),
        )
    };
    let items = vec![
        SignalOutcome {
            signal: SignalKind::CaseStudies,
            strength: strength(case_studies),
        },
        SignalOutcome {
            signal: SignalKind::LongestRelationship,
            strength: strength(
                signals
                    .longest_relationship_months
                    .map(|m| m > rules.relationship_strong_above_months),
            ),
        },
        SignalOutcome {
            signal: SignalKind::ShowedFailures,
            strength: strength(signals.showed_failures),
        },
        SignalOutcome {
            signal: SignalKind::CrossMarketExperience,
            strength: strength(signals.cross_market_experience),
        },
        SignalOutcome {
            signal: SignalKind::CreatorReferences,
            strength: strength(
                signals
                    .creator_references
                    .map(|n| n >= rules.creator_references_strong_at_least),
            ),
        },
    ];
    let strong = items
        .iter()
        .filter(|i| i.strength == Strength::Strong)
        .count() as u32;
    let known = items
        .iter()
        .filter(|i| i.strength != Strength::Unknown)
        .count() as u32;
    SignalScore {
        total: items.len() as u32,
        advance: strong >= rules.advance_at_strong,
        items,
        strong,
        known,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::default_definition;
    use proptest::prelude::*;

    fn markets() -> Vec<String> {
        vec!["RU".into(), "US".into()]
    }

    fn cs(ru: u32, us: u32) -> Vec<MarketCount> {
        vec![
            MarketCount {
                market: "RU".into(),
                count: ru,
            },
            MarketCount {
                market: "US".into(),
                count: us,
            },
        ]
    }

    fn of(score: &SignalScore, kind: SignalKind) -> Strength {
        score
            .items
            .iter()
            .find(|i| i.signal == kind)
            .map(|i| i.strength)
            .expect("every signal is scored")
    }

    #[test]
    fn more_than_three_case_studies_in_both_markets_is_strong() {
        let rules = default_definition().signals;
        let strong = Signals {
            case_studies: cs(4, 5),
            ..Signals::default()
        };
        let one_weak = Signals {
            case_studies: cs(4, 3),
            ..Signals::default()
        };
        assert_eq!(
            of(
                &score_signals(&strong, &markets(), &rules),
                SignalKind::CaseStudies
            ),
            Strength::Strong
        );
        assert_eq!(
            of(
                &score_signals(&one_weak, &markets(), &rules),
                SignalKind::CaseStudies
            ),
            Strength::Weak,
            "exactly 3 in one market is not more than 3"
        );
        assert_eq!(
            of(
                &score_signals(&Signals::default(), &markets(), &rules),
                SignalKind::CaseStudies
            ),
            Strength::Unknown,
            "nothing recorded is unknown, not weak"
        );
    }

    #[test]
    fn relationship_over_six_months_is_strong_and_all_five_count() {
        let rules = default_definition().signals;
        let all = Signals {
            case_studies: cs(4, 4),
            longest_relationship_months: Some(7),
            showed_failures: Some(true),
            cross_market_experience: Some(true),
            creator_references: Some(2),
        };
        let score = score_signals(&all, &markets(), &rules);
        assert_eq!((score.strong, score.known, score.total), (5, 5, 5));
        assert!(score.advance);
        let six = Signals {
            longest_relationship_months: Some(6),
            ..all
        };
        let score = score_signals(&six, &markets(), &rules);
        assert_eq!(
            of(&score, SignalKind::LongestRelationship),
            Strength::Weak,
            "6 months is not more than 6"
        );
        assert_eq!(score.strong, 4);
    }

    proptest! {
        #[test]
        fn scores_stay_in_range_and_ignore_case_study_order(
            ru in 0u32..20, us in 0u32..20, months in proptest::option::of(0u32..40),
            failures in proptest::option::of(any::<bool>()), refs in proptest::option::of(0u32..5),
        ) {
            let rules = default_definition().signals;
            let a = Signals { case_studies: cs(ru, us), longest_relationship_months: months,
                showed_failures: failures, cross_market_experience: None, creator_references: refs };
            let mut b = a.clone();
            b.case_studies.reverse();
            let sa = score_signals(&a, &markets(), &rules);
            let sb = score_signals(&b, &markets(), &rules);
            prop_assert!(sa.strong <= sa.known && sa.known <= sa.total && sa.total == 5);
            prop_assert_eq!(sa, sb);
        }
    }
}
