//! What a column can be mapped to, the header words that map it without asking (English and
//! Russian), and each cell read into its field: kinds and markets in either language's words,
//! time zones through the zone picker's own resolver, yes/no, counts by the one number reader.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::table::{number_text, Cell};
use crate::error::Field;
use crate::number::{parse_number, DecimalMark, NumberRules};
use crate::partner::PartnerKind;
use crate::zones::search::{normalize, search};
use crate::{Error, Result};

crate::text_enum! {
    /// A field a column can fill.
    pub enum ImportField {
        Name = "name",
        Kind = "kind",
        Markets = "markets",
        Languages = "languages",
        HomeTimeZone = "home_time_zone",
        ContactName = "contact_name",
        ContactDetail = "contact_detail",
        FoundVia = "found_via",
        Notes = "notes",
        CaseStudies = "case_studies",
        LongestRelationshipMonths = "longest_relationship_months",
        /// A date the relationship began: read as whole months until today.
        RelationshipSince = "relationship_since",
        ShowedFailures = "showed_failures",
        CrossMarketExperience = "cross_market_experience",
        CreatorReferences = "creator_references",
    }
}

impl ImportField {
    /// The field a refusal about this column names.
    pub fn field(self) -> Field {
        match self {
            ImportField::Name => Field::Name,
            ImportField::Kind => Field::Kind,
            ImportField::Markets => Field::Market,
            ImportField::Languages => Field::Languages,
            ImportField::HomeTimeZone => Field::HomeTimeZone,
            ImportField::ContactName => Field::ContactsName,
            ImportField::ContactDetail => Field::ContactsDetail,
            ImportField::FoundVia => Field::FoundVia,
            ImportField::Notes => Field::Notes,
            ImportField::CaseStudies => Field::SignalsCaseStudies,
            ImportField::LongestRelationshipMonths | ImportField::RelationshipSince => {
                Field::SignalsLongestRelationshipMonths
            }
            ImportField::ShowedFailures => Field::SignalsShowedFailures,
            ImportField::CrossMarketExperience => Field::SignalsCrossMarketExperience,
            ImportField::CreatorReferences => Field::SignalsCreatorReferences,
        }
    }

    /// Header words that name this field, normalised (lower case, `ё` as `е`).
    fn words(self) -> &'static [&'static str] {
        match self {
            ImportField::Name => &[
                "name",
                "partner",
                "company",
                "название",
                "имя",
                "партнер",
                "компания",
                "наименование",
                "agency",
                "agency name",
                "company name",
                "partner name",
                "creator",
                "creator name",
                "influencer",
                "blogger",
                "brand",
                "brand name",
                "агентство",
                "название агентства",
                "название компании",
                "название партнера",
                "наименование компании",
                "наименование организации",
                "организация",
                "блогер",
                "имя блогера",
                "автор",
                "креатор",
            ],
            ImportField::Kind => &["kind", "type", "partner type", "тип", "вид", "тип партнера"],
            ImportField::Markets => &[
                "market",
                "markets",
                "country",
                "countries",
                "geo",
                "рынок",
                "рынки",
                "страна",
                "страны",
                "гео",
            ],
            ImportField::Languages => &["language", "languages", "язык", "языки"],
            ImportField::HomeTimeZone => &[
                "time zone",
                "timezone",
                "zone",
                "city",
                "home time zone",
                "город",
                "часовой пояс",
                "пояс",
            ],
            ImportField::ContactName => &[
                "contact",
                "contact name",
                "contact person",
                "контакт",
                "контактное лицо",
                "имя контакта",
            ],
            ImportField::ContactDetail => &[
                "email",
                "e mail",
                "email address",
                "e mail address",
                "phone",
                "phone number",
                "telephone",
                "mobile",
                "telegram",
                "whatsapp",
                "instagram",
                "tiktok",
                "youtube",
                "handle",
                "website",
                "site",
                "contact detail",
                "contact details",
                "contacts",
                "почта",
                "телефон",
                "мобильный",
                "эл почта",
                "электронная почта",
                "телеграм",
                "телеграмм",
                "инстаграм",
                "вк",
                "вконтакте",
                "сайт",
                "контакты",
                "контактные данные",
            ],
            ImportField::FoundVia => &[
                "found via",
                "source",
                "where found",
                "lead source",
                "referred by",
                "источник",
                "где нашли",
                "как нашли",
                "откуда",
            ],
            ImportField::Notes => &[
                "notes",
                "note",
                "comment",
                "comments",
                "remarks",
                "заметки",
                "заметка",
                "примечание",
                "примечания",
                "комментарий",
                "комментарии",
            ],
            ImportField::CaseStudies => &["case studies", "cases", "кейсы"],
            ImportField::LongestRelationshipMonths => &[
                "longest relationship",
                "longest relationship months",
                "самые долгие отношения",
                "отношения мес",
            ],
            ImportField::RelationshipSince => &[
                "working since",
                "relationship since",
                "since",
                "работают с",
                "отношения с",
            ],
            ImportField::ShowedFailures => &[
                "showed failures",
                "failures",
                "рассказали о неудачах",
                "неудачи",
            ],
            ImportField::CrossMarketExperience => &[
                "cross market experience",
                "cross market",
                "опыт на других рынках",
            ],
            ImportField::CreatorReferences => &[
                "creator references",
                "references",
                "рекомендации авторов",
                "рекомендации",
            ],
        }
    }

    /// Fields several columns can fill: their cells are joined (e-mail, phone and Instagram all
    /// go to the contact's details).
    pub fn joinable(self) -> bool {
        matches!(
            self,
            ImportField::Notes | ImportField::ContactDetail | ImportField::FoundVia
        )
    }

    /// The field a header names, if any.
    pub fn for_header(header: &str) -> Option<ImportField> {
        let h = normalize(header.trim_matches(|c: char| c.is_whitespace() || c == ':' || c == '*'));
        ImportField::ALL
            .iter()
            .copied()
            .find(|f| f.words().contains(&h.as_str()))
    }
}

fn invalid(field: ImportField, value: &str) -> Error {
    Error::InvalidValue {
        field: field.field(),
        value: value.chars().take(100).collect(),
    }
}

/// A partner kind in English or Russian words.
pub fn kind(text: &str) -> Result<PartnerKind> {
    let word = normalize(text);
    let found = match word.as_str() {
        "agency" | "агентство" => PartnerKind::Agency,
        "creator" | "автор" | "креатор" | "блогер" => PartnerKind::Creator,
        "studio" | "студия" => PartnerKind::Studio,
        "consultant" | "консультант" => PartnerKind::Consultant,
        "other" | "другое" | "другой" => PartnerKind::Other,
        _ => return Err(invalid(ImportField::Kind, text)),
    };
    Ok(found)
}

/// Splits a list cell on `,` `;` `/` `|` `+` and line breaks.
pub fn list(text: &str) -> Vec<String> {
    text.split([',', ';', '/', '|', '+', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A market code, or a country's name in either language for the two seeded markets. Other
/// codes pass on as written (the partner rules check that the market exists).
pub fn market(text: &str) -> String {
    match normalize(text).as_str() {
        "russia" | "россия" | "рф" => "RU".into(),
        "usa" | "united states" | "сша" | "америка" => "US".into(),
        _ => text.trim().to_string(),
    }
}

/// A language code, or its English or Russian name for the common ones.
pub fn language(text: &str) -> String {
    let code = match normalize(text).as_str() {
        "russian" | "русский" => "ru",
        "english" | "английский" => "en",
        "ukrainian" | "украинский" => "uk",
        "kazakh" | "казахский" => "kk",
        "german" | "немецкий" => "de",
        "spanish" | "испанский" => "es",
        "french" | "французский" => "fr",
        _ => return text.trim().to_string(),
    };
    code.to_string()
}

/// A city or country (either language) or an IANA name, through the zone picker's search: only
/// an exact match is taken, never a near miss.
pub fn time_zone(text: &str, now: DateTime<Utc>) -> Result<String> {
    if let Some(zone) = search(text, 1, now).exact {
        return Ok(zone);
    }
    Err(Error::UnknownTimeZone(
        text.trim().chars().take(100).collect(),
    ))
}

/// Yes or no in either language, or a workbook's boolean.
pub fn yes_no(field: ImportField, cell: &Cell) -> Result<bool> {
    if let Cell::Bool(b) = cell {
        return Ok(*b);
    }
    let text = cell.shown();
    match normalize(&text).as_str() {
        "yes" | "y" | "true" | "да" | "д" | "1" | "x" | "+" => Ok(true),
        "no" | "n" | "false" | "нет" | "н" | "0" | "-" => Ok(false),
        _ => Err(invalid(field, &text)),
    }
}

/// A whole, non-negative count: a workbook number as it is, text by the one number reader.
pub fn count(field: ImportField, cell: &Cell, mark: DecimalMark) -> Result<u32> {
    let text = match cell {
        Cell::Number(n) => number_text(*n),
        Cell::Text(t) => t.clone(),
        _ => return Err(invalid(field, &cell.shown())),
    };
    let mark = if matches!(cell, Cell::Number(_)) {
        // A workbook's number has no grouping: its `.` is a decimal point.
        DecimalMark::Point
    } else {
        mark
    };
    let rules = NumberRules {
        whole: true,
        ..NumberRules::default()
    };
    let canonical = match parse_number(&text, mark, rules) {
        Ok(t) => t,
        Err(problem) => {
            return Err(Error::UnreadableNumber {
                field: field.field(),
                problem,
            })
        }
    };
    canonical
        .parse::<u32>()
        .map_err(|_| Error::LimitOutOfRange {
            field: field.field(),
            min: 0,
            max: u32::MAX,
        })
}

/// How many case studies, per market: "RU 3, US 2" (or "RU: 3"), or a bare count when the row has
/// exactly one market.
pub fn case_studies(
    cell: &Cell,
    markets: &[String],
    mark: DecimalMark,
) -> Result<Vec<(String, u32)>> {
    if matches!(cell, Cell::Number(_)) || cell.shown().trim().chars().all(|c| !c.is_alphabetic()) {
        let n = count(ImportField::CaseStudies, cell, mark)?;
        return match markets {
            [one] => Ok(vec![(one.clone(), n)]),
            _ => Err(invalid(ImportField::CaseStudies, &cell.shown())),
        };
    }
    let text = cell.shown();
    let mut out = Vec::new();
    for part in text
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let split = part
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(part.len());
        let (code, n) = part.split_at(split);
        let code = market(code.trim().trim_end_matches(':').trim());
        if code.is_empty() || n.trim().is_empty() {
            return Err(invalid(ImportField::CaseStudies, &text));
        }
        let n = count(ImportField::CaseStudies, &Cell::Text(n.trim().into()), mark)?;
        out.push((code, n));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[test]
    fn headers_in_either_language_map_to_their_field() {
        assert_eq!(ImportField::for_header("Название"), Some(ImportField::Name));
        assert_eq!(
            ImportField::for_header(" E-mail "),
            Some(ImportField::ContactDetail)
        );
        assert_eq!(
            ImportField::for_header("Часовой пояс"),
            Some(ImportField::HomeTimeZone)
        );
        assert_eq!(ImportField::for_header("Бюджет"), None);
        // The headers of partner lists as people keep them.
        for (header, field) in [
            ("Agency Name", ImportField::Name),
            ("Название агентства", ImportField::Name),
            ("Country", ImportField::Markets),
            ("Страна", ImportField::Markets),
            ("Instagram", ImportField::ContactDetail),
            ("Телеграм", ImportField::ContactDetail),
            ("Email address", ImportField::ContactDetail),
            ("Комментарии", ImportField::Notes),
        ] {
            assert_eq!(ImportField::for_header(header), Some(field), "{header}");
        }
        assert_eq!(ImportField::for_header("Followers"), None);
    }

    #[test]
    fn words_of_both_languages_read() {
        assert_eq!(kind("Агентство").ok(), Some(PartnerKind::Agency));
        assert_eq!(kind("studio").ok(), Some(PartnerKind::Studio));
        assert!(kind("fish").is_err());
        assert_eq!(market("Россия"), "RU");
        assert_eq!(language("английский"), "en");
        let now = testing::at(0);
        assert_eq!(
            time_zone("Москва", now).ok().as_deref(),
            Some("Europe/Moscow")
        );
        assert_eq!(
            time_zone("Los Angeles", now).ok().as_deref(),
            Some("America/Los_Angeles")
        );
        assert!(
            time_zone("Moskwa", now).is_err(),
            "a near miss is never taken"
        );
    }

    #[test]
    fn counts_read_by_the_shared_rules() {
        let c = |t: &str| {
            count(
                ImportField::CreatorReferences,
                &Cell::Text(t.into()),
                DecimalMark::Comma,
            )
        };
        assert_eq!(c("1 500").ok(), Some(1500));
        assert!(
            matches!(c("1,500"), Err(Error::UnreadableNumber { .. })),
            "ambiguous in a comma file"
        );
        assert!(matches!(c("2,5"), Err(Error::UnreadableNumber { .. })));
        let ru = vec!["RU".to_string()];
        assert_eq!(
            case_studies(&Cell::Text("4".into()), &ru, DecimalMark::Comma).ok(),
            Some(vec![("RU".into(), 4)])
        );
        let both = vec!["RU".to_string(), "US".to_string()];
        assert_eq!(
            case_studies(&Cell::Text("RU: 3, US 2".into()), &both, DecimalMark::Comma).ok(),
            Some(vec![("RU".into(), 3), ("US".into(), 2)])
        );
    }
}
