//! The framework that ships with the app, written as Rust for the tests of gates, signals and
//! recommendations.
//!
//! Migration 2 does not call this: it seeds the frozen JSON `schema/v2_default_framework.json`,
//! and a test fails when a new file's default framework and this one differ. A better default
//! ships as a new migration that adds a new version in the same lineage, never as an edit here.

use super::*;

fn yes_no(key: &str, ru: &str, en: &str) -> Criterion {
    Criterion {
        key: key.to_owned(),
        label: Localized::new(ru, en),
        kind: CriterionKind::YesNo,
        weight: 1,
        pass_at: 1,
    }
}

fn flag(key: &str, ru: &str, en: &str, severity: Severity) -> FlagKind {
    FlagKind {
        key: key.to_owned(),
        label: Localized::new(ru, en),
        severity,
        derived: DERIVED_FLAG_KINDS.contains(&key),
    }
}

/// The default framework, in Russian and English.
pub(crate) fn default_definition() -> FrameworkDefinition {
    FrameworkDefinition {
        name: Localized::new("Стандартная проверка партнёра", "Standard partner vetting"),
        gates: vec![PhaseGate {
            phase: Phase::GutCheck,
            criteria: vec![
                yes_no(
                    "understands_ugc",
                    "Понимают ли они UGC?",
                    "Do they understand UGC?",
                ),
                yes_no(
                    "knows_both_markets",
                    "Знакомы ли они с обоими рынками?",
                    "Are they familiar with both markets?",
                ),
                yes_no(
                    "asks_about_goals",
                    "Задают ли они хорошие вопросы о наших целях?",
                    "Do they ask good questions about our goals?",
                ),
            ],
            threshold: 3,
            min_reviewers: 1,
        }],
        signals: SignalRules {
            case_studies_strong_above: 3,
            relationship_strong_above_months: 6,
            creator_references_strong_at_least: 2,
            advance_at_strong: 3,
        },
        scope: ScopeRules {
            creators: Limit {
                default: 1,
                min: 1,
                max: 2,
            },
            deliverables: Limit {
                default: 1,
                min: 1,
                max: 1,
            },
            duration_days: Limit {
                default: 14,
                min: 7,
                max: 21,
            },
            revision_limit: Limit {
                default: 2,
                min: 0,
                max: 5,
            },
        },
        campaign_scope: None,
        basics: BasicsRules::default(),
        compliance: default_compliance(),
        flag_kinds: vec![
            flag(
                MISSED_DEADLINE_NO_NOTICE,
                "Сорван срок без предупреждения",
                "Missed a deadline without notice",
                Severity::Warning,
            ),
            flag(
                "below_scope",
                "Результат заметно ниже оговорённого объёма",
                "Deliverable significantly below scope",
                Severity::Warning,
            ),
            flag(
                "resists_documentation",
                "Сопротивляется документированию и процессу",
                "Resists documentation or process",
                Severity::Dealbreaker,
            ),
            flag(
                "communication_gaps",
                "Пробелы в коммуникации (непоследовательность)",
                "Communication gaps (inconsistency)",
                Severity::Warning,
            ),
            flag(
                METRICS_NOT_AGREED,
                "Метрики не согласованы до старта пилота",
                "Metrics not agreed before the pilot started",
                Severity::Warning,
            ),
            flag(
                COMPLIANCE_OPEN_AT_DELIVERY,
                "Пункты соответствия открыты при сдаче",
                "Compliance items open at delivery",
                Severity::Warning,
            ),
        ],
    }
}
