//! Seeded hostile values and the mutation of a valid input (as the JSON that crosses IPC) into a
//! hostile one: one to three of its leaves replaced by a value of the same JSON type, sometimes
//! of another.

use serde_json::{json, Value};

/// xorshift64*: small, seeded, reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Texts a form could send: empty, blank, huge, control characters, bidi overrides, NUL, what is
/// left of a lone surrogate (JSON cannot carry one into a Rust string), injections, bad zones and
/// instants, and the fixture's own ids (of the wrong kind for most fields).
pub fn hostile_string(rng: &mut Rng, ids: &[String]) -> String {
    match rng.below(24) {
        0 => String::new(),
        1 => " \t\n\r ".into(),
        2 => "a".repeat(100_000),
        3 => "Ж".repeat(100_001),
        4 => "x".repeat(201), // one past the name limit
        5 => "\u{0}\u{1}\u{7}\u{8}\u{1b}[31m\u{7f}\u{85}".into(),
        6 => "\u{202E}evil\u{202C} \u{200B}\u{FEFF}\u{2066}".into(),
        7 => "nul\0inside".into(),
        8 => "\u{FFFD}\u{D7FF}\u{E000}\u{10FFFF}\\uD800".into(),
        9 => "'; DROP TABLE partners; --".into(),
        10 => "%_\\%' OR 1=1 --".into(),
        11 => rng
            .pick(&[
                "Mars/Olympus_Mons",
                "UTC+99",
                "../../etc/localtime",
                "",
                "Europe/Moscow\0",
                "america/los_angeles",
                "Etc/GMT+14",
                "Etc/GMT-15",
            ])
            .to_string(),
        // Fixed: malformed or out-of-range instants, refused whatever today is.
        12 => rng
            .pick(&[
                "0000-01-01T00:00:00+01:00",
                "9999-12-31T23:59:59-05:00",
                "1899-12-31T23:59:59Z",
                "3000-01-01T00:00:00Z",
                "2026-02-30T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "not a date",
                "2026-11-22",
                "2026-11-22T09:00:00",
                "+275760-09-13T00:00:00Z",
                "-0001-12-31T23:00:00.000Z",
                "2026-11-22T09:00:00.999999999999Z",
            ])
            .to_string(),
        13 => rng
            .pick(&[
                "-1",
                "NaN",
                "inf",
                "1e309",
                "99999999999999999999999",
                "0x10",
                "1,5",
            ])
            .to_string(),
        14 => "🧪👩‍👩‍👧‍👦🏳️‍🌈".repeat(1 + rng.below(40)),
        15 => "<script>alert(1)</script><img src=x onerror=alert(1)>".into(),
        16 => rng
            .pick(&["RU", "US", "ru", "us", "ZZ", "R", "RUS", "ру"])
            .to_string(),
        17 => rng
            .pick(&["usd", "USD", "rub", "XXX", "U$D", "€"])
            .to_string(),
        18 => format!("{:032x}", rng.below(usize::MAX)),
        19 => "0190a000-0000-7000-8000-000000000000".into(), // a well-formed id of nothing
        _ if ids.is_empty() => "x".into(),
        _ => rng.pick(ids).clone(),
    }
}

pub fn hostile_number(rng: &mut Rng) -> Value {
    match rng.below(16) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(i64::MIN),
        3 => json!(i64::MAX),
        4 => json!(u64::MAX),
        5 => json!(u32::MAX),
        6 => json!(i32::MIN),
        7 => json!(1e308),
        8 => json!(-1e308),
        9 => json!(0.5),
        10 => json!(-0.0),
        11 => json!(f64::MIN_POSITIVE),
        12 => json!(9_007_199_254_740_993u64), // 2^53 + 1
        13 => json!(rng.below(7)),
        14 => json!(2.5),
        _ => json!(100),
    }
}

/// Replaces one leaf (or array) of `value`, chosen uniformly among all of them, in place.
fn mutate_one(value: &mut Value, rng: &mut Rng, ids: &[String]) {
    let mut count = 0;
    count_nodes(value, &mut count);
    let mut target = rng.below(count);
    replace_nth(value, &mut target, rng, ids);
}

fn count_nodes(value: &Value, count: &mut usize) {
    *count += 1;
    match value {
        Value::Array(items) => items.iter().for_each(|v| count_nodes(v, count)),
        Value::Object(map) => map.values().for_each(|v| count_nodes(v, count)),
        _ => {}
    }
}

fn replace_nth(value: &mut Value, target: &mut usize, rng: &mut Rng, ids: &[String]) -> bool {
    if *target == 0 {
        *value = hostile_like(value, rng, ids);
        return true;
    }
    *target -= 1;
    match value {
        Value::Array(items) => items.iter_mut().any(|v| replace_nth(v, target, rng, ids)),
        Value::Object(map) => map.values_mut().any(|v| replace_nth(v, target, rng, ids)),
        _ => false,
    }
}

/// A hostile value shaped like `old` (one time in twelve, of any type at all).
fn hostile_like(old: &Value, rng: &mut Rng, ids: &[String]) -> Value {
    if rng.below(12) == 0 {
        return match rng.below(4) {
            0 => Value::Null,
            1 => json!(hostile_string(rng, ids)),
            2 => hostile_number(rng),
            _ => json!([]),
        };
    }
    match old {
        Value::String(_) => json!(hostile_string(rng, ids)),
        Value::Number(_) => hostile_number(rng),
        Value::Bool(b) => json!(!b),
        Value::Null => {
            if rng.below(2) == 0 {
                json!(hostile_string(rng, ids))
            } else {
                hostile_number(rng)
            }
        }
        Value::Array(items) => match rng.below(3) {
            0 => json!([]),
            // The same element many times (duplicates, and a list far past any limit).
            1 if !items.is_empty() => {
                Value::Array(std::iter::repeat_n(items[0].clone(), 1 + rng.below(300)).collect())
            }
            _ => {
                let mut items = items.clone();
                items.push(items.first().cloned().unwrap_or(json!("x")));
                Value::Array(items)
            }
        },
        Value::Object(_) => old.clone(),
    }
}

/// `base` with one to three hostile replacements (one input in eight is left valid, so the
/// success path is exercised too).
pub fn mutate(base: &Value, rng: &mut Rng, ids: &[String]) -> Value {
    let mut value = base.clone();
    if rng.below(8) == 0 {
        return value;
    }
    for _ in 0..1 + rng.below(3) {
        mutate_one(&mut value, rng, ids);
    }
    value
}
