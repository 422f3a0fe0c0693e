//! Every read the UI makes, timed on the generated file.

use rusqlite::Connection;
use vetta_core::dossier::{BoardQuery, DossierQuery, PipelineQuery};
use vetta_core::partner::{PageCursor, PageDirection, PartnerQuery};
use vetta_core::phase::Phase;
use vetta_core::pilot::PilotQuery;
use vetta_core::scorecard::ScorecardQuery;
use vetta_core::seed::Rng;
use vetta_core::Store;

use crate::timing::{time, Table};
use crate::{sample, Res, RUNS};

/// Name searches over the generated names (people, agencies and brands in Russian and English):
/// a common word, a Russian word, a surname ending (in a third of Russian surnames), an English
/// surname, two words, one Cyrillic letter, one Latin letter (in most names).
pub const SEARCHES: [&str; 7] = ["media", "свет", "ова", "smith", "digital wave", "ё", "a"];

pub fn run(store: &Store, ro: &Connection, rng: &mut Rng, table: &mut Table) -> Res<()> {
    let any_partner = sample(ro, "SELECT id FROM partners", RUNS, rng)?;
    let piloted = sample(ro, "SELECT DISTINCT partner_id FROM pilots", RUNS, rng)?;
    let scored = sample(ro, "SELECT DISTINCT partner_id FROM scorecards", RUNS, rng)?;
    let flagged = sample(ro, "SELECT DISTINCT partner_id FROM flags", RUNS, rng)?;
    let decided = sample(ro, "SELECT DISTINCT partner_id FROM decisions", RUNS, rng)?;
    let pilots = sample(ro, "SELECT id FROM pilots", RUNS, rng)?;
    let cursor = |id: &str| {
        Some(PageCursor {
            direction: PageDirection::After,
            partner_id: id.to_owned(),
        })
    };
    let page = |search: Option<&str>, cursor| PartnerQuery {
        search: search.map(String::from),
        cursor,
        limit: Some(50),
    };
    let column = |phase, search: Option<&str>, cursor| PipelineQuery {
        phase: Some(phase),
        search: search.map(String::from),
        cursor,
        limit: Some(20),
    };

    table.read(
        "list_partners (first page)",
        "50 by name",
        &[(); RUNS],
        |_| store.list_partners(&page(None, None)),
    )?;
    table.read(
        "list_partners (random page)",
        "50 by name after a random partner (keyset)",
        &any_partner,
        |id| store.list_partners(&page(None, cursor(id))),
    )?;
    let search_inputs: Vec<&str> = (0..RUNS).map(|i| SEARCHES[i % SEARCHES.len()]).collect();
    table.read(
        "list_partners (search)",
        "substring of the name, 7 terms common to rare",
        &search_inputs,
        |s| store.list_partners(&page(Some(s), None)),
    )?;
    for phase in Phase::ALL {
        table.read(
            &format!("get_pipeline ({})", phase.as_str()),
            "one board column, 20 cards",
            &[(); RUNS],
            |_| store.pipeline(&column(*phase, None, None), vetta_core::testing::t0()),
        )?;
    }
    // Before: each column's cards read on their own (what `get_board` did, column by column).
    let before = time(&[(); RUNS], crate::timing::WARMUP, |_| {
        Phase::ALL
            .iter()
            .map(|phase| {
                store.pipeline(
                    &PipelineQuery {
                        phase: Some(*phase),
                        search: None,
                        cursor: None,
                        limit: Some(20),
                    },
                    vetta_core::testing::t0(),
                )
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    table.row(
        "before — `get_board` as 7 column reads",
        "each column's 20 cards read on their own (the board's former reads, same run)",
        before,
    );
    table.read(
        "get_board",
        "the board as it opens: 7 columns × 20 cards, one call",
        &[(); RUNS],
        |_| {
            store.board(
                &BoardQuery {
                    search: None,
                    limit: Some(20),
                },
                vetta_core::testing::t0(),
            )
        },
    )?;
    table.read(
        "get_board (search)",
        "7 columns × 20 cards, each term",
        &search_inputs,
        |s| {
            store.board(
                &BoardQuery {
                    search: Some(s.to_string()),
                    limit: Some(20),
                },
                vetta_core::testing::t0(),
            )
        },
    )?;
    let phase_search: Vec<(Phase, &str)> = (0..RUNS)
        .map(|i| {
            (
                Phase::ALL[i % Phase::ALL.len()],
                SEARCHES[i % SEARCHES.len()],
            )
        })
        .collect();
    table.read(
        "get_pipeline (column + search)",
        "each phase × each term, 20 cards",
        &phase_search,
        |(p, s)| store.pipeline(&column(*p, Some(s), None), vetta_core::testing::t0()),
    )?;
    let sourced = sample(
        ro,
        "SELECT id FROM partners WHERE phase = 'sourced' AND deleted_at IS NULL",
        RUNS,
        rng,
    )?;
    table.read(
        "get_pipeline (sourced, later pages)",
        "\"more\" in the biggest column, after a random card (keyset)",
        &sourced,
        |id| {
            store.pipeline(
                &column(Phase::Sourced, None, cursor(id)),
                vetta_core::testing::t0(),
            )
        },
    )?;
    table.read("get_partner", "random partner", &any_partner, |id| {
        store.partner(id)
    })?;
    table.read(
        "get_dossier",
        "partners with pilots (the heaviest)",
        &piloted,
        |id| {
            store.dossier(
                &DossierQuery {
                    partner_id: id.clone(),
                    viewer_time_zone: "Europe/Moscow".into(),
                },
                vetta_core::testing::t0(),
            )
        },
    )?;
    table.read(
        "get_dossier (any partner)",
        "random partner",
        &any_partner,
        |id| {
            store.dossier(
                &DossierQuery {
                    partner_id: id.clone(),
                    viewer_time_zone: "America/New_York".into(),
                },
                vetta_core::testing::t0(),
            )
        },
    )?;
    table.read(
        "get_recommendation",
        "partners with pilots",
        &piloted,
        |id| store.recommendation(id),
    )?;
    table.read(
        "get_scorecards (gate evaluation)",
        "gut check, as the user named in the settings",
        &scored,
        |id| {
            store.scorecards(&ScorecardQuery {
                partner_id: id.clone(),
                phase: Phase::GutCheck,
            })
        },
    )?;
    table.read("get_pilot", "random pilot, two zones", &pilots, |id| {
        store.pilot(
            &PilotQuery {
                pilot_id: id.clone(),
                viewer_time_zone: "Asia/Almaty".into(),
            },
            vetta_core::testing::t0(),
        )
    })?;
    table.read("list_flags", "partners with flags", &flagged, |id| {
        store.flags(id)
    })?;
    table.read(
        "list_decisions",
        "partners with decisions",
        &decided,
        |id| store.decisions(id),
    )?;
    let fw = store.default_framework()?.id;
    table.read(
        "get_framework",
        "the dossier's framework",
        &[(); RUNS],
        |_| store.framework(&fw),
    )?;
    table.read(
        "get_settings + list_markets",
        "app start",
        &[(); RUNS],
        |_| {
            store.settings()?;
            store.list_markets()
        },
    )?;
    table.read("list_frameworks", "Frameworks page", &[(); RUNS], |_| {
        store.frameworks()
    })?;
    table.read(
        "sharing_status",
        "status bar, not sharing",
        &[(); RUNS],
        |_| store.sharing_status(),
    )?;
    let zones: Vec<String> = ["Europe/Moscow", "America/New_York", "Asia/Almaty"]
        .map(String::from)
        .to_vec();
    let instants: Vec<String> = (0..20)
        .map(|d| format!("2026-03-{:02}T09:30:00Z", d + 1))
        .collect();
    table.read(
        "zoned_instants",
        "20 instants × 3 zones (a pilot's dates)",
        &[(); RUNS],
        |_| vetta_core::zones::render(&instants, &zones),
    )?;
    let terms: Vec<&str> = (0..RUNS)
        .map(|i| ["мос", "new", "ал", "los angeles", "utc"][i % 5])
        .collect();
    table.read(
        "search_time_zones",
        "the picker's search, 5 terms, 50 results",
        &terms,
        |q| {
            Ok::<_, vetta_core::Error>(vetta_core::zones::search::search(q, 50, chrono::Utc::now()))
        },
    )?;
    Ok(())
}
