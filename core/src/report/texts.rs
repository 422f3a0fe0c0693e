//! The texts of what Vetta writes into files (list headings, the dossier report), one table per
//! language. Not the window's strings (those live in ui/src/i18n): a file is written by Rust, in
//! the language the person chose. A test keeps both tables on the same keys.

use crate::settings::Language;

/// The text of `key` in `lang`; the key itself if a table lacks it (the tests keep that from
/// happening, and a file is never refused for a missing word).
pub fn text(lang: Language, key: &str) -> &'static str {
    let table = match lang {
        Language::En => EN,
        Language::Ru => RU,
    };
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
        .unwrap_or("?")
}

/// `text` with each `{name}` replaced by its value.
pub fn fill(lang: Language, key: &str, values: &[(&str, &str)]) -> String {
    let mut out = text(lang, key).to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

const EN: &[(&str, &str)] = &[
    ("list.partners", "Partners"),
    ("list.pilots", "Pilots and campaigns"),
    ("list.flags", "Flags"),
    ("list.decisions", "Decisions"),
    ("col.partner", "Partner"),
    ("col.kind", "Kind"),
    ("col.phase", "Phase"),
    ("col.markets", "Markets"),
    ("col.languages", "Languages"),
    ("col.home_zone", "Home time zone"),
    ("col.contacts", "Contacts"),
    ("col.found_via", "Where found"),
    ("col.notes", "Notes"),
    ("col.created_utc", "Added (UTC)"),
    ("col.updated_utc", "Changed (UTC)"),
    ("col.campaign", "Campaign"),
    ("col.creators", "Creators"),
    ("col.deliverables", "Deliverables"),
    ("col.starts_utc", "Starts (UTC)"),
    ("col.ends_utc", "Ends (UTC)"),
    ("col.revision_limit", "Revision rounds allowed"),
    ("col.payment", "Payment"),
    ("col.currency", "Currency"),
    ("col.metrics_agreed_utc", "Metrics agreed (UTC)"),
    ("col.metrics_agreed_by", "Metrics agreed by"),
    ("col.started_utc", "Started (UTC)"),
    ("col.flag_kind", "Flag"),
    ("col.severity", "Severity"),
    ("col.source", "Raised by Vetta"),
    ("col.status", "Status"),
    ("col.occurred_utc", "Happened (UTC)"),
    ("col.note", "Note"),
    ("col.link", "Evidence link"),
    ("col.raised_by", "Raised by"),
    ("col.status_note", "Resolution or override reason"),
    ("col.choice", "Decision"),
    ("col.scale_to", "Campaigns"),
    ("col.decided_by", "Decided by"),
    ("col.rationale", "Rationale"),
    ("col.assumptions", "Assumptions"),
    ("col.review_on", "Review on"),
    ("col.phase_before", "Phase before"),
    ("col.phase_after", "Phase after"),
    ("col.decided_utc", "Decided (UTC)"),
    ("col.corrected", "Corrected later"),
    ("yes", "yes"),
    ("no", "no"),
    ("phase.sourced", "Sourced"),
    ("phase.gut_check", "Gut check"),
    ("phase.pilot_scoping", "Pilot scoping"),
    ("phase.pilot", "Pilot"),
    ("phase.debrief", "Debrief"),
    ("phase.scaled", "Scaled"),
    ("phase.walked", "Walked away"),
    ("kind.agency", "Agency"),
    ("kind.creator", "Creator"),
    ("kind.studio", "Studio"),
    ("kind.consultant", "Consultant"),
    ("kind.other", "Other"),
    ("choice.advance", "Advance"),
    ("choice.hold", "Hold"),
    ("choice.walk", "Walk away"),
    ("choice.repeat", "Repeat the pilot"),
    ("choice.scale_to", "Scale to {n} campaigns"),
    ("severity.warning", "Warning"),
    ("severity.dealbreaker", "Dealbreaker"),
    ("flagStatus.open", "Open"),
    ("flagStatus.resolved", "Resolved"),
    ("flagStatus.overridden", "Overridden"),
];

const RU: &[(&str, &str)] = &[
    ("list.partners", "Партнёры"),
    ("list.pilots", "Пилоты и кампании"),
    ("list.flags", "Флаги"),
    ("list.decisions", "Решения"),
    ("col.partner", "Партнёр"),
    ("col.kind", "Тип"),
    ("col.phase", "Этап"),
    ("col.markets", "Рынки"),
    ("col.languages", "Языки"),
    ("col.home_zone", "Часовой пояс партнёра"),
    ("col.contacts", "Контакты"),
    ("col.found_via", "Где нашли"),
    ("col.notes", "Заметки"),
    ("col.created_utc", "Добавлен (UTC)"),
    ("col.updated_utc", "Изменён (UTC)"),
    ("col.campaign", "Кампания"),
    ("col.creators", "Авторов"),
    ("col.deliverables", "Материалов"),
    ("col.starts_utc", "Начало (UTC)"),
    ("col.ends_utc", "Конец (UTC)"),
    ("col.revision_limit", "Допустимо раундов правок"),
    ("col.payment", "Оплата"),
    ("col.currency", "Валюта"),
    ("col.metrics_agreed_utc", "Метрики согласованы (UTC)"),
    ("col.metrics_agreed_by", "Кто согласовал метрики"),
    ("col.started_utc", "Старт (UTC)"),
    ("col.flag_kind", "Флаг"),
    ("col.severity", "Серьёзность"),
    ("col.source", "Поднят автоматически"),
    ("col.status", "Состояние"),
    ("col.occurred_utc", "Когда случилось (UTC)"),
    ("col.note", "Заметка"),
    ("col.link", "Ссылка на подтверждение"),
    ("col.raised_by", "Кто поднял"),
    ("col.status_note", "Почему закрыт или принят риск"),
    ("col.choice", "Решение"),
    ("col.scale_to", "Кампаний"),
    ("col.decided_by", "Кто решил"),
    ("col.rationale", "Обоснование"),
    ("col.assumptions", "Допущения"),
    ("col.review_on", "Пересмотреть"),
    ("col.phase_before", "Этап до"),
    ("col.phase_after", "Этап после"),
    ("col.decided_utc", "Когда решили (UTC)"),
    ("col.corrected", "Исправлено позже"),
    ("yes", "да"),
    ("no", "нет"),
    ("phase.sourced", "Найден"),
    ("phase.gut_check", "Первичная проверка"),
    ("phase.pilot_scoping", "Рамки пилота"),
    ("phase.pilot", "Пилот"),
    ("phase.debrief", "Разбор"),
    ("phase.scaled", "Масштабирован"),
    ("phase.walked", "Отказ"),
    ("kind.agency", "Агентство"),
    ("kind.creator", "Автор"),
    ("kind.studio", "Студия"),
    ("kind.consultant", "Консультант"),
    ("kind.other", "Другое"),
    ("choice.advance", "Двигаться дальше"),
    ("choice.hold", "Подождать"),
    ("choice.walk", "Отказаться"),
    ("choice.repeat", "Повторить пилот"),
    ("choice.scale_to", "Масштабировать до {n} кампаний"),
    ("severity.warning", "Предупреждение"),
    ("severity.dealbreaker", "Стоп-фактор"),
    ("flagStatus.open", "Открыт"),
    ("flagStatus.resolved", "Закрыт"),
    ("flagStatus.overridden", "Риск принят"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_languages_have_the_same_keys_once_each() {
        let keys = |table: &'static [(&'static str, &'static str)]| {
            let set: BTreeSet<&str> = table.iter().map(|(k, _)| *k).collect();
            assert_eq!(set.len(), table.len(), "a key is listed twice");
            set
        };
        assert_eq!(keys(EN), keys(RU));
        for (key, value) in EN.iter().chain(RU) {
            assert!(!value.trim().is_empty(), "{key} is empty");
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        let names = |text: &str| {
            text.split('{')
                .skip(1)
                .filter_map(|part| part.split('}').next())
                .map(str::to_owned)
                .collect::<BTreeSet<_>>()
        };
        for (key, en) in EN {
            assert_eq!(names(en), names(text(Language::Ru, key)), "{key}");
        }
    }
}
