//! The number rules of `ui/src/lib/number.ts`, in Rust, for numbers read from a file (the import): the same
//! readings, the same refusals. Both suites run one table of cases (`tests/fixtures/numbers.json`),
//! so the two cannot drift. A file's "decimal mark" choice plays the interface language's part:
//! `,` reads as Russian does, `.` as English does.

use serde::{Deserialize, Serialize};

/// The decimal mark a file uses; it decides a lone separator followed by three digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DecimalMark {
    /// `150 000,50` (Russian Excel).
    Comma,
    /// `150,000.50` (US).
    Point,
}

/// What the number must be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberRules {
    #[serde(default)]
    pub whole: bool,
    #[serde(default)]
    pub max_decimals: Option<u32>,
    #[serde(default)]
    pub negative: bool,
}

/// Why a text is not a number; `Ambiguous` carries both canonical readings (thousands first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NumberProblem {
    Empty,
    Invalid,
    Ambiguous { readings: [String; 2] },
    Negative,
    Whole,
    Decimals { max: u32 },
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// "1", "150", "1500" with groups of three after a first group of 1–3 not starting with 0.
fn groups_valid(groups: &[&str]) -> bool {
    let Some((first, rest)) = groups.split_first() else {
        return false;
    };
    if !all_digits(first) || first.len() > 3 {
        return false;
    }
    if !rest.is_empty() && first.starts_with('0') {
        return false;
    }
    rest.iter().all(|g| g.len() == 3 && all_digits(g))
}

/// Digits before and after the point → canonical text, e.g. ("0150", "50") → "150.50".
fn canonical(negative: bool, whole: &str, fraction: &str) -> String {
    let trimmed = whole.trim_start_matches('0');
    let w = if trimmed.is_empty() && !whole.is_empty() {
        "0"
    } else {
        trimmed
    };
    let body = if fraction.is_empty() {
        w.to_string()
    } else {
        format!("{w}.{fraction}")
    };
    if negative && body.chars().any(|c| ('1'..='9').contains(&c)) {
        format!("-{body}")
    } else {
        body
    }
}

/// The readings of an unsigned body as (whole, fraction) pairs: one, two (ambiguous) or none.
fn readings(body: &str, mark: DecimalMark) -> Vec<(String, String)> {
    if all_digits(body) {
        return vec![(body.to_string(), String::new())];
    }
    let chars: Vec<char> = body.chars().collect();
    let ends_digits = chars.first().is_some_and(char::is_ascii_digit)
        && chars.last().is_some_and(char::is_ascii_digit);
    if !ends_digits
        || !chars
            .iter()
            .all(|&c| c.is_ascii_digit() || c == '.' || c == ',' || is_space(c))
    {
        return vec![];
    }
    let has_space = chars.iter().any(|&c| is_space(c));
    let commas = body.matches(',').count();
    let dots = body.matches('.').count();

    // Spaces group thousands; then at most one comma or point is the decimal point.
    if has_space {
        if commas + dots > 1 {
            return vec![];
        }
        let mut split = body.splitn(2, ['.', ',']);
        let int_part = split.next().unwrap_or("");
        let fraction = split.next().unwrap_or("");
        let groups: Vec<&str> = int_part.split(is_space).collect();
        if !groups_valid(&groups) || (commas + dots == 1 && !all_digits(fraction)) {
            return vec![];
        }
        return vec![(groups.concat(), fraction.to_string())];
    }
    // Both: the last one is the decimal point, the other groups thousands.
    if commas > 0 && dots > 0 {
        let (point, group) = if body.rfind(',') > body.rfind('.') {
            (',', '.')
        } else {
            ('.', ',')
        };
        let Some(at) = body.rfind(point) else {
            return vec![];
        };
        let int_part = &body[..at];
        let fraction = &body[at + 1..];
        if int_part.contains(point) || !all_digits(fraction) {
            return vec![];
        }
        let groups: Vec<&str> = int_part.split(group).collect();
        if groups.len() < 2 || !groups_valid(&groups) {
            return vec![];
        }
        return vec![(groups.concat(), fraction.to_string())];
    }
    let sep = if commas > 0 { ',' } else { '.' };
    let parts: Vec<&str> = body.split(sep).collect();
    // Several of one separator: only thousands read so.
    if parts.len() > 2 {
        return if groups_valid(&parts) {
            vec![(parts.concat(), String::new())]
        } else {
            vec![]
        };
    }
    let as_decimal = (
        parts.first().copied().unwrap_or("").to_string(),
        parts.get(1).copied().unwrap_or("").to_string(),
    );
    if !groups_valid(&parts) {
        return vec![as_decimal];
    }
    // One separator and three digits after it: thousands, or a decimal point. English groups
    // with `,`; Russian groups with a space, so its `,` or `.` here stays ambiguous.
    if mark == DecimalMark::Point && sep == ',' {
        return vec![(parts.concat(), String::new())];
    }
    vec![(parts.concat(), String::new()), as_decimal]
}

/// Reads a number as a person wrote it, under `rules`: its canonical decimal text
/// (`-?\d+(\.\d+)?`), never rounded.
pub fn parse_number(
    text: &str,
    mark: DecimalMark,
    rules: NumberRules,
) -> Result<String, NumberProblem> {
    let replaced = text.trim().replace('\u{2212}', "-");
    let mut body = replaced.as_str();
    if body.is_empty() {
        return Err(NumberProblem::Empty);
    }
    let negative = body.starts_with('-');
    if negative {
        body = body[1..].trim_start();
    }
    let found = readings(body, mark);
    let (whole, fraction) = match found.as_slice() {
        [] => return Err(NumberProblem::Invalid),
        [one] => one.clone(),
        [a, b, ..] => {
            return Err(NumberProblem::Ambiguous {
                readings: [
                    canonical(negative, &a.0, &a.1),
                    canonical(negative, &b.0, &b.1),
                ],
            })
        }
    };
    let out = canonical(negative, &whole, &fraction);
    if out.starts_with('-') && !rules.negative {
        return Err(NumberProblem::Negative);
    }
    if rules.whole && fraction.chars().any(|c| ('1'..='9').contains(&c)) {
        return Err(NumberProblem::Whole);
    }
    let decimals = fraction.trim_end_matches('0').len() as u32;
    if let Some(max) = rules.max_decimals {
        if decimals > max {
            return Err(NumberProblem::Decimals { max });
        }
    }
    let kept = if rules.whole {
        canonical(negative, &whole, "")
    } else {
        out
    };
    match kept.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(kept),
        _ => Err(NumberProblem::Invalid),
    }
}

#[cfg(test)]
mod tests;
