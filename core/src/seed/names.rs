//! Names, zones and people the generated partners are made of.

use super::Rng;
use crate::partner::PartnerKind;

pub(super) const MARKETS: [&str; 3] = ["RU", "US", "KZ"];
pub(super) const REVIEWERS: [&str; 8] = [
    "Анна Морозова",
    "Dmitri Volkov",
    "Sarah Chen",
    "Айгерим Нурланова",
    "Mike Peters",
    "Ольга Ким",
    "Jamal Wright",
    "Ерлан Сагинтаев",
];
const FIRST: [&str; 24] = [
    "Северный",
    "Blue",
    "Красный",
    "Silver",
    "Alma",
    "Новый",
    "Bright",
    "Степной",
    "Urban",
    "Тихий",
    "Golden",
    "Steppe",
    "Ясный",
    "Harbor",
    "Volga",
    "Pixel",
    "Байтерек",
    "Maple",
    "Сибирский",
    "Coastal",
    "Orbit",
    "Уральский",
    "Prairie",
    "Nomad",
];
const SECOND: [&str; 20] = [
    "Свет",
    "Harbor",
    "Ветер",
    "Fox",
    "Creators",
    "Лис",
    "Wave",
    "Берег",
    "Signal",
    "Кадр",
    "Frame",
    "Мост",
    "Studio",
    "Поток",
    "Loop",
    "Sky",
    "Река",
    "Lens",
    "Город",
    "Story",
];
const SUFFIX: [&str; 8] = [
    "Media",
    "Agency",
    "UGC",
    "Lab",
    "Collective",
    "Group",
    "Медиа",
    "Продакшн",
];
pub(super) const ZONES: [(&str, &str); 6] = [
    ("RU", "Europe/Moscow"),
    ("RU", "Asia/Novosibirsk"),
    ("US", "America/New_York"),
    ("US", "America/Los_Angeles"),
    ("KZ", "Asia/Almaty"),
    ("KZ", "Asia/Aqtobe"),
];
pub(super) const KINDS: [PartnerKind; 5] = [
    PartnerKind::Agency,
    PartnerKind::Agency,
    PartnerKind::Creator,
    PartnerKind::Studio,
    PartnerKind::Consultant,
];

pub(super) fn name(rng: &mut Rng, i: usize) -> String {
    format!(
        "{} {} {} {}",
        rng.pick(&FIRST),
        rng.pick(&SECOND),
        rng.pick(&SUFFIX),
        i + 1
    )
}
