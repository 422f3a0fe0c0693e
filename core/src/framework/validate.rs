//! Checking a framework definition before it is saved as a new version: keys, bilingual texts,
//! weights and thresholds, scope limits, the derived flag kinds every framework must have.

use super::*;

const MAX_CRITERIA: usize = 30;
const MAX_FLAG_KINDS: usize = 30;
const MAX_COMPLIANCE_ITEMS: usize = 60;
const KEY_MAX: usize = 64;
const WEIGHT_MAX: u32 = 100;

fn check_key(field: Field, key: &str) -> Result<()> {
    let shaped = !key.is_empty()
        && key.len() <= KEY_MAX
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if shaped {
        Ok(())
    } else {
        Err(Error::InvalidValue {
            field,
            value: key.chars().take(KEY_MAX).collect(),
        })
    }
}

fn check_localized(field: Field, text: &Localized) -> Result<Localized> {
    Ok(Localized {
        ru: text::required(field, &text.ru, NAME_MAX)?,
        en: text::required(field, &text.en, NAME_MAX)?,
    })
}

fn check_limit(field: Field, limit: Limit, floor: u32, ceiling: u32) -> Result<()> {
    let bounds = Limit {
        default: floor,
        min: floor,
        max: ceiling,
    };
    bounds.check(field, limit.min)?;
    bounds.check(field, limit.max)?;
    if limit.min > limit.max {
        return Err(Error::MinAboveMax { field });
    }
    limit.check(field, limit.default)?;
    Ok(())
}

/// Scope limits within what any pilot or campaign may be (the campaign limits name the same
/// fields as the pilot's: the editor shows them under the same labels).
fn check_scope(scope: &ScopeRules) -> Result<()> {
    check_limit(Field::ScopeCreators, scope.creators, 1, 100)?;
    check_limit(Field::ScopeDeliverables, scope.deliverables, 1, 100)?;
    check_limit(Field::ScopeDurationDays, scope.duration_days, 1, 365)?;
    check_limit(Field::ScopeRevisionLimit, scope.revision_limit, 0, 50)
}

/// Checklist items: keys shaped and unique per market, market codes shaped, both texts.
fn check_compliance(items: &mut [ComplianceItem]) -> Result<()> {
    if items.len() > MAX_COMPLIANCE_ITEMS {
        return Err(Error::LimitOutOfRange {
            field: Field::ComplianceItems,
            min: 0,
            max: MAX_COMPLIANCE_ITEMS as u32,
        });
    }
    let mut seen: Vec<(Option<String>, String)> = Vec::new();
    for item in items.iter_mut() {
        check_key(Field::ComplianceKey, &item.key)?;
        // A market code is stored as given or refused: "ru" is not silently made "RU".
        if let Some(given) = item.market.as_deref() {
            if crate::text::normalize_market_code(given)? != given {
                return Err(Error::InvalidValue {
                    field: Field::ComplianceItems,
                    value: given.chars().take(KEY_MAX).collect(),
                });
            }
        }
        let id = (item.market.clone(), item.key.clone());
        if seen.contains(&id) {
            return Err(Error::InvalidValue {
                field: Field::ComplianceKey,
                value: item.key.clone(),
            });
        }
        seen.push(id);
        item.label = check_localized(Field::ComplianceLabel, &item.label)?;
    }
    Ok(())
}

/// Checks a definition and returns it with texts trimmed.
pub fn validate_definition(def: &FrameworkDefinition) -> Result<FrameworkDefinition> {
    let mut out = def.clone();
    out.name = check_localized(Field::FrameworkName, &def.name)?;
    let mut phases = Vec::new();
    for gate in &mut out.gates {
        if matches!(gate.phase, Phase::Walked | Phase::Scaled) || phases.contains(&gate.phase) {
            return Err(Error::InvalidValue {
                field: Field::GatesPhase,
                value: gate.phase.as_str().to_owned(),
            });
        }
        phases.push(gate.phase);
        if gate.criteria.is_empty() || gate.criteria.len() > MAX_CRITERIA {
            return Err(Error::LimitOutOfRange {
                field: Field::GatesCriteria,
                min: 1,
                max: MAX_CRITERIA as u32,
            });
        }
        let mut keys: Vec<&str> = Vec::new();
        for c in &mut gate.criteria {
            check_key(Field::CriteriaKey, &c.key)?;
            if keys.contains(&c.key.as_str()) {
                return Err(Error::InvalidValue {
                    field: Field::CriteriaKey,
                    value: c.key.clone(),
                });
            }
            keys.push(&c.key);
            c.label = check_localized(Field::CriteriaLabel, &c.label)?;
            if !(1..=WEIGHT_MAX).contains(&c.weight) {
                return Err(Error::LimitOutOfRange {
                    field: Field::CriteriaWeight,
                    min: 1,
                    max: WEIGHT_MAX,
                });
            }
            let (min, max) = match c.kind {
                CriterionKind::YesNo => (1, 1),
                CriterionKind::Scale => (1, 5),
            };
            if !(min..=max).contains(&c.pass_at) {
                return Err(Error::LimitOutOfRange {
                    field: Field::CriteriaPassAt,
                    min,
                    max,
                });
            }
        }
        let total: u32 = gate.criteria.iter().map(|c| c.weight).sum();
        if !(1..=total).contains(&gate.threshold) {
            return Err(Error::LimitOutOfRange {
                field: Field::GatesThreshold,
                min: 1,
                max: total,
            });
        }
        if !(1..=super::MIN_REVIEWERS_MAX).contains(&gate.min_reviewers) {
            return Err(Error::LimitOutOfRange {
                field: Field::GatesMinReviewers,
                min: 1,
                max: super::MIN_REVIEWERS_MAX,
            });
        }
    }
    if !phases.contains(&Phase::GutCheck) {
        return Err(Error::InvalidValue {
            field: Field::Gates,
            value: Phase::GutCheck.as_str().to_owned(),
        });
    }
    let s = &out.signals;
    for (field, value, max) in [
        (
            Field::SignalsCaseStudiesStrongAbove,
            s.case_studies_strong_above,
            1000,
        ),
        (
            Field::SignalsRelationshipStrongAboveMonths,
            s.relationship_strong_above_months,
            1200,
        ),
        (
            Field::SignalsCreatorReferencesStrongAtLeast,
            s.creator_references_strong_at_least,
            1000,
        ),
        (Field::SignalsAdvanceAtStrong, s.advance_at_strong, 5),
    ] {
        if value > max {
            return Err(Error::LimitOutOfRange { field, min: 0, max });
        }
    }
    check_scope(&out.scope)?;
    if let Some(campaign) = &out.campaign_scope {
        check_scope(campaign)?;
    }
    let basics = &out.basics;
    if !(1..=BASICS_AFTER_MAX).contains(&basics.after_campaigns) {
        return Err(Error::LimitOutOfRange {
            field: Field::BasicsAfterCampaigns,
            min: 1,
            max: BASICS_AFTER_MAX,
        });
    }
    for (i, check) in basics.checks.iter().enumerate() {
        if basics.checks[..i].contains(check) {
            return Err(Error::InvalidValue {
                field: Field::BasicsChecks,
                value: check.as_str().to_owned(),
            });
        }
    }
    check_compliance(&mut out.compliance)?;
    if out.flag_kinds.len() > MAX_FLAG_KINDS {
        return Err(Error::LimitOutOfRange {
            field: Field::FlagKinds,
            min: 2,
            max: MAX_FLAG_KINDS as u32,
        });
    }
    let mut keys: Vec<String> = Vec::new();
    for kind in &mut out.flag_kinds {
        check_key(Field::FlagKindsKey, &kind.key)?;
        if keys.contains(&kind.key)
            || kind.derived != DERIVED_FLAG_KINDS.contains(&kind.key.as_str())
        {
            return Err(Error::InvalidValue {
                field: Field::FlagKindsKey,
                value: kind.key.clone(),
            });
        }
        keys.push(kind.key.clone());
        kind.label = check_localized(Field::FlagKindsLabel, &kind.label)?;
    }
    for derived in DERIVED_FLAG_KINDS {
        if !keys.iter().any(|k| k == derived) {
            return Err(Error::InvalidValue {
                field: Field::FlagKinds,
                value: derived.to_owned(),
            });
        }
    }
    Ok(out)
}
