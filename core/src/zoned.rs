//! The shape of an instant shown in several zones: plain data, below both `error` (a refusal may
//! carry one) and `zones` (which computes them).

use serde::Serialize;

/// An instant as seen in one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ZonedTime {
    /// IANA name, e.g. `Europe/Moscow`.
    pub zone: String,
    /// `YYYY-MM-DD` in that zone.
    pub date: String,
    /// `HH:MM` (24 h) in that zone.
    pub time: String,
    /// UTC offset in force at that instant, e.g. `-07:00` (DST-aware).
    pub offset: String,
    /// Zone abbreviation where one exists (`PDT`, `MSK`), else the offset.
    pub abbreviation: String,
}

/// An instant with its renderings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ZonedInstant {
    /// RFC 3339 UTC, as stored.
    pub utc: String,
    pub zones: Vec<ZonedTime>,
}
