//! The compliance checklist a framework brings: items per market code (a third market brings its
//! own list, a team adds its own items), and the derived flag kinds that frameworks saved before
//! them still get when they are read (optional by default, never a reason an old version fails).
//!
//! The built-in texts follow `design/COMPLIANCE.md` (facts with sources); the app gives no legal
//! advice and the checklist says so.

use serde::{Deserialize, Deserializer, Serialize};

use super::{FlagKind, Localized, Severity};

/// Raised when a deliverable is delivered while compliance items are still open.
pub const COMPLIANCE_OPEN_AT_DELIVERY: &str = "compliance_open_at_delivery";

/// One item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ComplianceItem {
    /// Stable within a lineage: `a-z`, `0-9`, `_`, unique per market.
    pub key: String,
    /// The market code the item belongs to; absent: every deliverable, whatever its markets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
    pub label: Localized,
}

fn item(market: Option<&str>, key: &str, ru: &str, en: &str) -> ComplianceItem {
    ComplianceItem {
        key: key.to_owned(),
        market: market.map(str::to_owned),
        label: Localized::new(ru, en),
    }
}

/// The built-in checklist: Russia's ad marking, blogger register, banned platforms and levy; the
/// US FTC's disclosure and fake-influence rules; usage rights and the payment route everywhere.
/// What frameworks saved before the checklist existed read as.
pub fn default_compliance() -> Vec<ComplianceItem> {
    let ru = Some("RU");
    let us = Some("US");
    vec![
        item(ru, "ord_chosen", "ОРД выбран", "Ad-data operator (ORD) chosen"),
        item(ru, "erid_recorded", "erid получен и записан", "erid token recorded"),
        item(
            ru,
            "ad_label",
            "Пометка «Реклама» на материале",
            "Label «Реклама» on the content",
        ),
        item(
            ru,
            "advertiser_shown",
            "Рекламодатель указан (название или сайт)",
            "Advertiser shown (name or site)",
        ),
        item(
            ru,
            "blogger_register",
            "Автор в реестре блогеров РКН (более 10 000 подписчиков): проверено, дата",
            "Creator in Roskomnadzor's blogger register (over 10,000 subscribers): checked, with the date",
        ),
        item(
            ru,
            "platform_allowed",
            "Площадка не запрещена и не заблокирована: проверено по спискам, дата",
            "Platform not banned or blocked: checked against the current lists, with the date",
        ),
        item(
            ru,
            "levy_payer",
            "Кто платит сбор 3 % с интернет-рекламы",
            "Who pays the 3 % internet-advertising levy",
        ),
        item(
            us,
            "ftc_disclosure",
            "Раскрытие связи по правилам FTC (16 CFR 255): способ и где видно",
            "FTC disclosure (16 CFR 255): the method and where it appears",
        ),
        item(
            us,
            "audience_authenticity",
            "Подлинность аудитории проверена (16 CFR 465): как",
            "Audience authenticity checked (16 CFR 465): how",
        ),
        item(
            None,
            "usage_rights",
            "Права на использование согласованы (вид, территория, сроки)",
            "Usage rights agreed (kind, territory, dates)",
        ),
        item(
            None,
            "payment_route",
            "Платёжный маршрут проверен по санкционным спискам, дата",
            "Payment route checked against sanctions lists, with the date",
        ),
    ]
}

/// Derived flag kinds added after frameworks were first saved: a version read without one gets
/// it, so every framework has every derived kind (validation requires them for a new version).
pub(super) fn optional_derived_kinds() -> Vec<FlagKind> {
    vec![FlagKind {
        key: COMPLIANCE_OPEN_AT_DELIVERY.to_owned(),
        label: Localized::new(
            "Пункты соответствия открыты при сдаче",
            "Compliance items open at delivery",
        ),
        severity: Severity::Warning,
        derived: true,
    }]
}

/// The flag kinds as stored, with each optional derived kind the version does not have yet.
pub(super) fn flag_kinds_with_optional<'de, D>(d: D) -> Result<Vec<FlagKind>, D::Error>
where
    D: Deserializer<'de>,
{
    let mut kinds = Vec::<FlagKind>::deserialize(d)?;
    for kind in optional_derived_kinds() {
        if !kinds.iter().any(|k| k.key == kind.key) {
            kinds.push(kind);
        }
    }
    Ok(kinds)
}

impl super::FrameworkDefinition {
    /// The checklist items of a deliverable in `markets` (in that order), then those for every
    /// market.
    pub fn compliance_for<'a>(&'a self, markets: &[String]) -> Vec<&'a ComplianceItem> {
        let mut out: Vec<&ComplianceItem> = Vec::new();
        for market in markets {
            out.extend(
                self.compliance
                    .iter()
                    .filter(|i| i.market.as_deref() == Some(market.as_str())),
            );
        }
        out.extend(self.compliance.iter().filter(|i| i.market.is_none()));
        out
    }
}
