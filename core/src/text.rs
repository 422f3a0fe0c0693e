//! Validation of user text: trimmed, non-empty where required, bounded in characters.

use crate::error::Field;
use crate::{Error, Result};

/// Longest name (partner, person) in characters.
pub const NAME_MAX: u32 = 200;
/// Longest free-text note in characters.
pub const NOTE_MAX: u32 = 10_000;

/// Trims `value` and checks it is non-empty and at most `max` characters.
pub fn required(field: Field, value: &str, max: u32) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::EmptyField { field });
    }
    bounded(field, trimmed, max)
}

/// Trims `value` and checks it is at most `max` characters; empty is allowed.
pub fn optional(field: Field, value: &str, max: u32) -> Result<String> {
    bounded(field, value.trim(), max)
}

fn bounded(field: Field, value: &str, max: u32) -> Result<String> {
    if value.chars().count() > max as usize {
        return Err(Error::TooLong { field, max });
    }
    Ok(value.to_owned())
}

/// Normalises a market code (trimmed, upper-case, 2–8 letters: `RU`, `US`, `LATAM`) and checks
/// its shape. Here, below `market` and `framework`, because both check codes.
pub fn normalize_market_code(code: &str) -> Result<String> {
    let code = code.trim().to_uppercase();
    let shaped =
        (2..=8).contains(&code.chars().count()) && code.chars().all(|c| c.is_ascii_uppercase());
    if shaped {
        Ok(code)
    } else {
        Err(Error::InvalidValue {
            field: Field::Market,
            value: code,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_trims_and_rejects_blank() {
        assert_eq!(required(Field::Name, "  Ann  ", 10).expect("valid"), "Ann");
        assert!(matches!(
            required(Field::Name, " \t\n", 10),
            Err(Error::EmptyField { field: Field::Name })
        ));
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let cyrillic = "Ж".repeat(10);
        assert!(
            required(Field::Name, &cyrillic, 10).is_ok(),
            "10 Cyrillic letters fit a 10-character limit"
        );
        assert!(matches!(
            required(Field::Name, &format!("{cyrillic}Ж"), 10),
            Err(Error::TooLong {
                field: Field::Name,
                max: 10
            })
        ));
        assert_eq!(optional(Field::Notes, "", 10).expect("empty is fine"), "");
    }
}
