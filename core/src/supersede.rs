//! "Current": scorecards, debriefs and decisions are append-only, and a correction is a new row
//! whose `supersedes` names the row it replaces. A row is current while no row supersedes it.
//!
//! This is the one statement of that rule. Every query splices in these fragments, written
//! against the alias each names, instead of spelling the subquery again; Rust code that holds
//! decisions reads `superseded_by` (filled from [`DECISION_SUPERSEDED_BY`]).

/// `FROM <table> newer WHERE newer.supersedes = <alias>.id`: the rows that replace `<alias>`.
macro_rules! newer {
    ($table:literal, $alias:literal) => {
        concat!(
            "FROM ",
            $table,
            " newer WHERE newer.supersedes = ",
            $alias,
            ".id"
        )
    };
}

/// A condition: the scorecard aliased `s` is current.
pub(crate) const CURRENT_SCORECARD: &str =
    concat!("NOT EXISTS (SELECT 1 ", newer!("scorecards", "s"), ")");

/// A condition: the debrief aliased `d` is current.
pub(crate) const CURRENT_DEBRIEF: &str =
    concat!("NOT EXISTS (SELECT 1 ", newer!("debriefs", "d"), ")");

/// A condition: the decision aliased `d` is current.
pub(crate) const CURRENT_DECISION: &str =
    concat!("NOT EXISTS (SELECT 1 ", newer!("decisions", "d"), ")");

/// A column: the id of the decision that superseded the one aliased `d`, or NULL while current.
pub(crate) const DECISION_SUPERSEDED_BY: &str =
    concat!("(SELECT newer.id ", newer!("decisions", "d"), ")");
