//! Money: integer minor units beside an ISO 4217 code. Amounts in different currencies are never
//! added together; over IPC an amount is a decimal string, never a float.

use serde::Serialize;

use crate::error::Field;
use crate::{Error, Result};

/// An amount and its currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Money {
    /// Decimal with two places, e.g. `"1500.00"`.
    pub amount: String,
    /// ISO 4217, e.g. `RUB`, `USD`.
    pub currency: String,
}

/// The largest accepted amount, in minor units (10 billion in major units).
pub const MAX_MINOR: i64 = 1_000_000_000_000;

/// Three ASCII letters, upper-cased.
pub fn normalize_currency(code: &str) -> Result<String> {
    let code = code.trim().to_uppercase();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(Error::InvalidValue {
            field: Field::Currency,
            value: code.chars().take(20).collect(),
        })
    }
}

/// Parses the canonical decimal text the window sends (`"1500"`, `"1500.5"`, `"1500.50"`: digits,
/// then at most one point and two digits) into minor units. A person's own forms (`1,500.00`,
/// `1 500,5`) are read by the window's one number parser (ui/src/lib/number.ts), which refuses
/// an ambiguous one; here anything else is refused, so nothing is read two ways.
pub fn parse_minor(field: Field, text: &str) -> Result<i64> {
    let invalid = || Error::InvalidValue {
        field,
        value: text.chars().take(40).collect(),
    };
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let frac_ok = digits(frac) && frac.len() <= 2 && (!frac.is_empty() || !text.ends_with('.'));
    if whole.is_empty() || !digits(whole) || !frac_ok || whole.len() > 13 {
        return Err(invalid());
    }
    let whole: i64 = whole.parse().map_err(|_| invalid())?;
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().map_err(|_| invalid())?
    };
    let minor = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(invalid)?;
    if minor > MAX_MINOR {
        return Err(invalid());
    }
    Ok(minor)
}

/// Minor units as a two-place decimal string.
pub fn format_minor(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_round_trip_through_minor_units() {
        assert_eq!(
            parse_minor(Field::PaymentAmount, "1500").expect("ok"),
            150_000
        );
        assert_eq!(
            parse_minor(Field::PaymentAmount, "1500.5").expect("ok"),
            150_050
        );
        assert_eq!(parse_minor(Field::PaymentAmount, "0.07").expect("ok"), 7);
        assert_eq!(format_minor(150_050), "1500.50");
        assert_eq!(format_minor(7), "0.07");
        for bad in [
            "",
            "-5",
            "1.234",
            "abc",
            "1e5",
            "99999999999999",
            ".5",
            "5.",
            " 5",
            // People's forms are read by the window's parser; Rust takes only its canonical text.
            "1 500,5",
            "1,500",
            "1,5",
            "1,500.00",
        ] {
            assert!(
                parse_minor(Field::PaymentAmount, bad).is_err(),
                "{bad:?} is refused"
            );
        }
        assert_eq!(normalize_currency(" usd ").expect("ok"), "USD");
        assert!(normalize_currency("US$").is_err());
    }
}
