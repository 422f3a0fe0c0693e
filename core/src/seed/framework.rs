//! The bench framework (the default's gut check plus seven scales) and answers to it.

use super::{Rng, CRITERIA};
use crate::framework::{CriterionKind, FrameworkDraft, Limit, Localized};
use crate::gate::Answer;
use crate::phase::Phase;
use crate::store::Store;
use crate::Result;

/// The bench framework: the default's gut check plus seven 1–5 scales, and roomier pilot limits.
pub(super) fn framework_draft(store: &Store) -> Result<FrameworkDraft> {
    let base = store.default_framework()?;
    let mut def = base.definition.clone();
    let scales = [
        (
            "portfolio_quality",
            "Качество портфолио",
            "Portfolio quality",
        ),
        ("brief_clarity", "Понимание брифа", "Understands the brief"),
        ("pricing_fit", "Цена", "Pricing fits"),
        ("creator_network", "Сеть авторов", "Creator network"),
        ("reporting", "Отчётность", "Reporting"),
        ("responsiveness", "Скорость ответа", "Responsiveness"),
        ("brand_safety", "Безопасность бренда", "Brand safety"),
    ];
    if let Some(gate) = def.gates.iter_mut().find(|g| g.phase == Phase::GutCheck) {
        for (key, ru, en) in scales {
            gate.criteria.push(crate::framework::Criterion {
                key: key.into(),
                label: Localized::new(ru, en),
                kind: CriterionKind::Scale,
                weight: 2,
                pass_at: 3,
            });
        }
        // 3 yes/no (weight 1) + 7 scales (weight 2) = 17; pass with 13.
        gate.threshold = 13;
    }
    def.name = Localized::new("Проверка для трёх рынков", "Three-market vetting");
    def.scope.creators = Limit {
        default: 2,
        min: 1,
        max: 5,
    };
    def.scope.deliverables = Limit {
        default: 3,
        min: 1,
        max: 6,
    };
    def.scope.duration_days = Limit {
        default: 21,
        min: 7,
        max: 45,
    };
    Ok(FrameworkDraft {
        based_on: base.id,
        definition: def,
        make_default: true,
    })
}

/// The bench framework's gut-check criteria: key, and whether it is yes/no (else a 1–5 scale).
pub const CRITERION_KEYS: [(&str, bool); CRITERIA as usize] = [
    ("understands_ugc", true),
    ("knows_both_markets", true),
    ("asks_about_goals", true),
    ("portfolio_quality", false),
    ("brief_clarity", false),
    ("pricing_fit", false),
    ("creator_network", false),
    ("reporting", false),
    ("responsiveness", false),
    ("brand_safety", false),
];

pub(super) fn answers(rng: &mut Rng, passing: bool) -> Vec<Answer> {
    CRITERION_KEYS
        .iter()
        .map(|(key, yes_no)| Answer {
            criterion: (*key).into(),
            value: match (yes_no, passing) {
                (true, true) => 1,
                (true, false) => i32::from(rng.chance(70)),
                (false, true) => rng.range(3, 5) as i32,
                (false, false) => rng.range(1, 5) as i32,
            },
        })
        .collect()
}
