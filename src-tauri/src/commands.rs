//! The commands the window may call. Each one locks the store, calls one core method (one
//! transaction), and maps the error. `now` is read here, at the edge, and passed in.
//!
//! Every command is `command(async)` (or an `async fn`): Tauri runs it on its blocking thread pool,
//! never on the main thread, so nothing here holds the window — not a write waiting for the file's
//! quick check after start-up (seconds at 100k partners), not a long `VACUUM INTO`, not a read.
//! Reads go through the store's read-only connection (`AppState::read`), so a write in progress
//! never holds them either (WAL: they see the last commit). The UI awaits each write before the
//! next, so their order is kept.

use tauri::State;
use vetta_core::backup::{self, BackupInfo};
use vetta_core::debrief::{Debrief, NewDebrief};
use vetta_core::decision::{Decision, DecisionCorrection, NewDecision, NewDecisionReview};
use vetta_core::dossier::{
    BoardColumn, BoardQuery, Dossier, DossierQuery, PipelinePage, PipelineQuery,
};
use vetta_core::export::lists::{ListFormat, ListKind};
use vetta_core::export::workspace::WorkspaceSummary;
use vetta_core::flag::{Flag, FlagAction, NewFlag};
use vetta_core::framework::{Framework, FrameworkDraft};
use vetta_core::insights::{Insights, InsightsQuery};
use vetta_core::market::Market;
use vetta_core::merge::PartnerMerge;
use vetta_core::partner::{
    ContactsLocal, NewPartner, Partner, PartnerEdit, PartnerPage, PartnerQuery,
};
use vetta_core::pilot::{
    ComplianceMark, DeliveryUpdate, MetricActual, MetricsAgreement, NewApproval, NewDeliverable,
    NewPilot, NewRevisionRound, PaymentRouteInput, Pilot, PilotQuery, PilotScopeEdit, PilotStart,
    UsageRightsInput,
};
use vetta_core::reminder::{ReminderPage, ReminderQuery};
use vetta_core::report::html::{ReportFormat, ReportQuery};
use vetta_core::scorecard::{NewScorecard, Scorecard, ScorecardQuery, ScorecardView};
use vetta_core::settings::{Language, Settings};
use vetta_core::store::now;
use vetta_core::zones::search::ZoneSearch;
use vetta_core::zones::wall::{WallTime, WallTimeInput};
use vetta_core::zones::{self, ZonedInstant};

use crate::error::IpcError;
use crate::files;
use crate::state::{AppState, AppStatus};

#[tauri::command(async)]
#[specta::specta]
pub fn app_status(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    state.status()
}

/// Waits, off the main thread, for the quick check of the data file that started with it (every
/// page read: seconds at 100k partners); a damaged file is reported as such and closed.
#[tauri::command]
#[specta::specta]
pub async fn check_data(state: State<'_, AppState>) -> Result<(), IpcError> {
    let check = state.check();
    tauri::async_runtime::spawn_blocking(move || check.wait())
        .await
        .map_err(|e| {
            eprintln!("vetta: the file check did not finish: {e}");
            IpcError::Storage
        })??;
    state.status().map(|_| ())
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, IpcError> {
    state.read(|store| store.settings())
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_language(state: State<'_, AppState>, language: Language) -> Result<Settings, IpcError> {
    state.write(|store| store.set_language(language, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_time_zone(state: State<'_, AppState>, time_zone: String) -> Result<Settings, IpcError> {
    state.write(|store| store.set_time_zone(&time_zone, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_user_name(state: State<'_, AppState>, name: String) -> Result<Settings, IpcError> {
    state.write(|store| store.set_user_name(&name, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn backup_now(state: State<'_, AppState>) -> Result<BackupInfo, IpcError> {
    state.backup(|store| store.backup_now(state.data_dir(), now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, IpcError> {
    backup::list_backups(state.data_dir()).map_err(IpcError::from)
}

/// Restores the backup with this file name (from `list_backups`); the current file is backed up first.
#[tauri::command(async)]
#[specta::specta]
pub fn restore_backup(
    state: State<'_, AppState>,
    file_name: String,
) -> Result<AppStatus, IpcError> {
    state.restore(&file_name)
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_markets(state: State<'_, AppState>) -> Result<Vec<Market>, IpcError> {
    state.read(|store| store.list_markets())
}

#[tauri::command(async)]
#[specta::specta]
pub fn add_market(state: State<'_, AppState>, code: String) -> Result<Market, IpcError> {
    state.write(|store| store.add_market(&code, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_partners(
    state: State<'_, AppState>,
    query: PartnerQuery,
) -> Result<PartnerPage, IpcError> {
    state.read(|store| store.list_partners(&query))
}

#[tauri::command(async)]
#[specta::specta]
pub fn add_partner(state: State<'_, AppState>, input: NewPartner) -> Result<Partner, IpcError> {
    state.write(|store| store.add_partner(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn edit_partner(state: State<'_, AppState>, input: PartnerEdit) -> Result<Partner, IpcError> {
    state.write(|store| store.edit_partner(&input, now()))
}

/// "Keep contact details in Russia only" (152-FZ) on or off for one partner.
#[tauri::command(async)]
#[specta::specta]
pub fn set_contacts_local(
    state: State<'_, AppState>,
    input: ContactsLocal,
) -> Result<Partner, IpcError> {
    state.write(|store| store.set_contacts_local(&input, now()))
}

/// "Merge into…": the duplicate leaves the lists, the winner is returned.
#[tauri::command(async)]
#[specta::specta]
pub fn merge_partners(
    state: State<'_, AppState>,
    input: PartnerMerge,
) -> Result<Partner, IpcError> {
    state.write(|store| store.merge_partners(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_frameworks(state: State<'_, AppState>) -> Result<Vec<Framework>, IpcError> {
    state.read(|store| store.frameworks())
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_framework(state: State<'_, AppState>, id: String) -> Result<Framework, IpcError> {
    state.read(|store| store.framework(&id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn create_framework_version(
    state: State<'_, AppState>,
    input: FrameworkDraft,
) -> Result<Framework, IpcError> {
    state.write(|store| store.create_framework_version(&input, now()))
}

/// Makes an existing framework version the default for new partners.
#[tauri::command(async)]
#[specta::specta]
pub fn make_framework_default(
    state: State<'_, AppState>,
    id: String,
) -> Result<Framework, IpcError> {
    state.write(|store| store.make_framework_default(&id))
}

/// Archives a framework version (or brings it back); nothing it scored changes.
#[tauri::command(async)]
#[specta::specta]
pub fn set_framework_archived(
    state: State<'_, AppState>,
    id: String,
    archived: bool,
) -> Result<Framework, IpcError> {
    state.write(|store| store.set_framework_archived(&id, archived, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn submit_scorecard(
    state: State<'_, AppState>,
    input: NewScorecard,
) -> Result<Scorecard, IpcError> {
    state.write(|store| store.submit_scorecard(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_scorecards(
    state: State<'_, AppState>,
    query: ScorecardQuery,
) -> Result<ScorecardView, IpcError> {
    state.read(|store| store.scorecards(&query))
}

#[tauri::command(async)]
#[specta::specta]
pub fn raise_flag(state: State<'_, AppState>, input: NewFlag) -> Result<Flag, IpcError> {
    state.write(|store| store.raise_flag(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn resolve_flag(state: State<'_, AppState>, input: FlagAction) -> Result<Flag, IpcError> {
    state.write(|store| store.resolve_flag(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn override_flag(state: State<'_, AppState>, input: FlagAction) -> Result<Flag, IpcError> {
    state.write(|store| store.override_flag(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn create_pilot(state: State<'_, AppState>, input: NewPilot) -> Result<Pilot, IpcError> {
    state.write(|store| store.create_pilot(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn update_pilot_scope(
    state: State<'_, AppState>,
    input: PilotScopeEdit,
) -> Result<Pilot, IpcError> {
    state.write(|store| store.update_pilot_scope(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn agree_pilot_metrics(
    state: State<'_, AppState>,
    input: MetricsAgreement,
) -> Result<Pilot, IpcError> {
    state.write(|store| store.agree_pilot_metrics(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn start_pilot(state: State<'_, AppState>, input: PilotStart) -> Result<Pilot, IpcError> {
    state.write(|store| store.start_pilot(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn log_deliverable(
    state: State<'_, AppState>,
    input: NewDeliverable,
) -> Result<Pilot, IpcError> {
    state.write(|store| store.log_deliverable(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_delivery(
    state: State<'_, AppState>,
    input: DeliveryUpdate,
) -> Result<Pilot, IpcError> {
    state.write(|store| store.record_delivery(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn mark_compliance(
    state: State<'_, AppState>,
    input: ComplianceMark,
) -> Result<Pilot, IpcError> {
    state.write(|store| store.mark_compliance(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_usage_rights(
    state: State<'_, AppState>,
    input: UsageRightsInput,
) -> Result<Pilot, IpcError> {
    state.write(|store| store.set_usage_rights(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_payment_route(
    state: State<'_, AppState>,
    input: PaymentRouteInput,
) -> Result<Pilot, IpcError> {
    state.write(|store| store.set_payment_route(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn log_revision_round(
    state: State<'_, AppState>,
    input: NewRevisionRound,
) -> Result<Pilot, IpcError> {
    state.write(|store| store.log_revision_round(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn log_approval(state: State<'_, AppState>, input: NewApproval) -> Result<Pilot, IpcError> {
    state.write(|store| store.log_approval(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_metric_actual(
    state: State<'_, AppState>,
    input: MetricActual,
) -> Result<Pilot, IpcError> {
    state.write(|store| store.record_metric_actual(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_pilot(state: State<'_, AppState>, query: PilotQuery) -> Result<Pilot, IpcError> {
    state.read(|store| store.pilot(&query, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_debrief(state: State<'_, AppState>, input: NewDebrief) -> Result<Debrief, IpcError> {
    state.write(|store| store.record_debrief(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_decision(
    state: State<'_, AppState>,
    input: NewDecision,
) -> Result<Decision, IpcError> {
    state.write(|store| store.record_decision(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn correct_decision(
    state: State<'_, AppState>,
    input: DecisionCorrection,
) -> Result<Decision, IpcError> {
    state.write(|store| store.correct_decision(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn review_decision(
    state: State<'_, AppState>,
    input: NewDecisionReview,
) -> Result<Decision, IpcError> {
    state.write(|store| store.review_decision(&input, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_dossier(state: State<'_, AppState>, query: DossierQuery) -> Result<Dossier, IpcError> {
    state.read(|store| store.dossier(&query, now()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_pipeline(
    state: State<'_, AppState>,
    query: PipelineQuery,
) -> Result<PipelinePage, IpcError> {
    state.read(|store| store.pipeline(&query, now()))
}

/// What the team's own history says: signals against pilots, the funnel, rework, reviewers.
/// Runs off the main thread: at many partners it reads every partner's facts.
#[tauri::command(async)]
#[specta::specta]
pub fn get_insights(
    state: State<'_, AppState>,
    query: InsightsQuery,
) -> Result<Insights, IpcError> {
    state.read_insights(|store| store.insights(&query, now()))
}

/// Reads Insights' histories ahead, on a thread of their own, so the page opens at once: the
/// window asks once it has painted. Returns at once; asked again, it does nothing.
#[tauri::command(async)]
#[specta::specta]
pub fn warm_insights(state: State<'_, AppState>) {
    state.warm_insights();
}

/// The board as it opens: every column's first page in one call.
#[tauri::command(async)]
#[specta::specta]
pub fn get_board(
    state: State<'_, AppState>,
    query: BoardQuery,
) -> Result<Vec<BoardColumn>, IpcError> {
    state.read(|store| store.board(&query, now()))
}

/// Pilots past their end without a debrief, and decisions whose review date has come.
#[tauri::command(async)]
#[specta::specta]
pub fn get_reminders(
    state: State<'_, AppState>,
    query: ReminderQuery,
) -> Result<ReminderPage, IpcError> {
    state.read(|store| store.reminders(&query, now()))
}

// The one clock for every zone: the window never converts between instants and wall-clock times
// itself (its engine's time-zone data is older than chrono-tz's); these three do it in Rust.

/// Each instant in each zone (`None` for one that does not read).
#[tauri::command(async)]
#[specta::specta]
pub fn zoned_instants(
    instants: Vec<String>,
    zones: Vec<String>,
) -> Result<Vec<Option<ZonedInstant>>, IpcError> {
    Ok(zones::render(&instants, &zones)?)
}

/// A typed wall-clock date and time → the instant (DST gaps and overlaps said, not guessed).
#[tauri::command(async)]
#[specta::specta]
pub fn resolve_wall_time(input: WallTimeInput) -> Result<WallTime, IpcError> {
    Ok(zones::wall::resolve(&input)?)
}

/// The time zone picker's search (cities in both languages, IANA names), offsets as of now.
#[tauri::command(async)]
#[specta::specta]
pub fn search_time_zones(query: String, limit: u32) -> Result<ZoneSearch, IpcError> {
    let limit = usize::try_from(limit.clamp(1, 200)).unwrap_or(50);
    Ok(zones::search::search(&query, limit, now()))
}

/// The OS's IANA zone, as chrono-tz names it ("UTC" when the OS says none chrono-tz knows).
#[tauri::command(async)]
#[specta::specta]
pub fn system_time_zone() -> String {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| zones::parse_zone(&name).ok())
        .map_or_else(|| "UTC".to_owned(), |zone| zone.name().to_owned())
}

/// Exports the whole workspace as one JSON file, to where the person chooses in the save dialog;
/// `None` when they cancel. Progress is polled with `export_progress`.
#[tauri::command(async)]
#[specta::specta]
pub fn export_workspace(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    progress: State<'_, files::Progress>,
) -> Result<Option<files::Saved>, IpcError> {
    let at = now();
    let name = format!("vetta-workspace-{}.json", at.format("%Y-%m-%d"));
    let Some(path) = files::choose_save(&app, &name)? else {
        return Ok(None);
    };
    progress.set(Some(files::ExportProgress { done: 0, total: 0 }));
    let result = state.read(|store| {
        let mut summary = None;
        vetta_core::export::write_atomically(&path, |out| {
            summary = Some(store.export_workspace(out, at, &mut |done, total| {
                progress.set(Some(files::ExportProgress { done, total }));
            })?);
            Ok(())
        })?;
        Ok(summary.map_or(0, |s| s.rows))
    });
    progress.set(None);
    result.map(|rows| Some(files::Saved::new(&path, rows)))
}

/// How far the running export has come; `None` when none runs.
#[tauri::command(async)]
#[specta::specta]
pub fn export_progress(progress: State<'_, files::Progress>) -> Option<files::ExportProgress> {
    progress.get()
}

/// Restores a workspace export the person picks in the open dialog, into this workspace, which
/// must be empty (core refuses otherwise); `None` when they cancel.
#[tauri::command(async)]
#[specta::specta]
pub fn restore_workspace(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<WorkspaceSummary>, IpcError> {
    let Some(path) = files::choose_open(&app, "json")? else {
        return Ok(None);
    };
    let mut file = std::fs::File::open(&path).map_err(|e| files::file_system(&path, e))?;
    state
        .write(|store| store.restore_workspace(&mut file))
        .map(Some)
}

/// Exports one list as CSV or .xlsx, headed in `language`, to where the person chooses.
#[tauri::command(async)]
#[specta::specta]
pub fn export_list(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    kind: ListKind,
    format: ListFormat,
    language: Language,
) -> Result<Option<files::Saved>, IpcError> {
    let title = vetta_core::report::texts::text(language, &format!("list.{}", kind.as_str()));
    let name = format!(
        "{} {}.{}",
        files::file_stem(title),
        now().format("%Y-%m-%d"),
        format.as_str()
    );
    let Some(path) = files::choose_save(&app, &name)? else {
        return Ok(None);
    };
    state
        .read(|store| store.export_list(kind, format, language, &path))
        .map(|s| Some(files::Saved::new(&path, s.rows)))
}

/// Saves a partner's dossier report, in the language asked, as HTML or PDF, to where the person
/// chooses.
#[tauri::command(async)]
#[specta::specta]
pub fn export_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    query: ReportQuery,
    format: ReportFormat,
) -> Result<Option<files::Saved>, IpcError> {
    let (html, name) = state.read(|store| {
        let html = store.dossier_report(&query, now())?;
        Ok((html, store.partner(&query.partner_id)?.name))
    })?;
    let title = vetta_core::report::texts::text(query.language, "report.title");
    let name = format!(
        "{} — {}.{}",
        title,
        files::file_stem(&name),
        format.as_str()
    );
    let Some(path) = files::choose_save(&app, &name)? else {
        return Ok(None);
    };
    match format {
        ReportFormat::Html => {
            vetta_core::export::write_atomically(&path, |out| {
                out.write_all(html.as_bytes())
                    .map_err(|source| vetta_core::Error::Io {
                        path: path.clone(),
                        source,
                    })
            })
            .map_err(IpcError::from)?;
            Ok(Some(files::Saved::new(&path, 1)))
        }
        ReportFormat::Pdf => match crate::pdf::html_to_pdf(&app, html, &path) {
            Ok(crate::pdf::Printed::Written) => Ok(Some(files::Saved::new(&path, 1))),
            Ok(crate::pdf::Printed::DialogShown) => Ok(Some(files::Saved {
                print_dialog: true,
                ..files::Saved::new(&path, 0)
            })),
            Err(reason) => Err(files::file_system(&path, std::io::Error::other(reason))),
        },
    }
}
