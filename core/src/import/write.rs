//! The Store's actions over a plan: the preview (a read), and the import — planned on a snapshot
//! (any connection to the file, so the app plans off its writer's lock, beside the window's
//! reads), then written in one short transaction. A plan is written only if nothing was written
//! since the snapshot it was made on (the writer's change counter, [`WriteStamp`]); otherwise it
//! is made again inside the write transaction.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::decode::refused;
use super::duplicates::DuplicateAction;
use super::plan::{mapping_key, plan, Plan, RowState};
use super::{
    ImportChoices, ImportField, ImportOutcome, ImportPreview, ImportRun, ImportSource, SampleRow,
    SAMPLE_ROWS,
};
use crate::error::FileProblem;
use crate::partner::{self, Batch, Checked, PartnerKind};
use crate::settings;
use crate::store::{read_tx, Store};
use crate::{Error, Result};

/// Rows between two progress reports (and partners written per call while writing).
const PROGRESS_ROWS: u32 = 1000;

/// The writer's count of rows it has changed since it opened (SQLite's `total_changes`). Taken
/// under the app's store lock before a plan's snapshot: if the writer's count is the same when
/// the import's transaction begins, nothing was written in between, and the plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteStamp(u64);

/// An import planned on a snapshot: every row read, checked and matched against the partners of
/// that snapshot; written by [`Store::import_planned`].
pub struct PlannedImport {
    plan: Plan,
    stamp: WriteStamp,
    /// The [`fingerprint`] of the bytes planned.
    source: u64,
    /// The rows' problems were handed to the preview made with the plan
    /// ([`Store::preview_import`]); the plan keeps their rows' count.
    issues_in_preview: bool,
    /// How long planning took (the bench reports it: it runs off the store's lock).
    pub planning: std::time::Duration,
}

impl PlannedImport {
    /// Whether this plan is what importing `source` with `choices` would plan now, with the
    /// writer at `stamp`: nothing written since it was made, the same bytes, and the same reading
    /// ([`Store::import_planned`] writes it then, and plans again otherwise).
    /// `source` is the [`fingerprint`] of the bytes to import.
    pub fn stands(&self, stamp: WriteStamp, source: u64, choices: &ImportChoices) -> bool {
        self.stamp == stamp && self.source == source && self.read_with(choices)
    }

    /// The [`fingerprint`] of the bytes planned.
    pub fn source(&self) -> u64 {
        self.source
    }

    /// Whether `choices` read the file as this plan read it: each choice made is the one the plan
    /// read with, and each one left to detection is detected the same from the same bytes.
    fn read_with(&self, choices: &ImportChoices) -> bool {
        fn same<T: PartialEq>(chosen: Option<T>, read: Option<T>) -> bool {
            chosen.is_none_or(|c| Some(c) == read)
        }
        let reading = &self.plan.reading;
        same(choices.encoding.as_ref(), reading.encoding.as_ref())
            && same(choices.separator, reading.separator)
            && same(choices.date_order, reading.date_order)
            && same(choices.decimal_mark, Some(reading.decimal_mark))
            && same(choices.header_row, Some(reading.header_row))
            && choices.contact_named_after_partner == reading.contact_named_after_partner
            && choices.kind.unwrap_or(PartnerKind::Other) == reading.kind
            && same(choices.mapping.as_ref(), Some(&self.plan.mapping))
            // Not detected: no zone chosen is none given, so it is compared as it is.
            && choices.time_zone.as_deref().map(str::trim).filter(|z| !z.is_empty())
                == reading.time_zone.as_deref()
            && choices.markets.as_deref().unwrap_or_default() == reading.markets.as_slice()
    }
}

/// What a file's bytes are known by from a plan to its import (SipHash of every byte, ~5 ms for
/// a 100,000-row file; within one run of the app only, never stored): the app also holds the
/// bytes a preview read to it, so the import follows only what the person checked.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

impl Store {
    /// This store's [`WriteStamp`]: ask the writer, before planning on a reader.
    pub fn write_stamp(&self) -> WriteStamp {
        WriteStamp(self.conn.total_changes())
    }

    /// What importing the file would do with these choices: a read, nothing written.
    pub fn import_preview(
        &self,
        source: ImportSource<'_>,
        choices: &ImportChoices,
        now: DateTime<Utc>,
    ) -> Result<ImportPreview> {
        let tx = read_tx(&self.conn)?;
        let mut plan = plan(&tx, source, choices, now, |_, _| true)?;
        tx.finish()?;
        Ok(preview_of(&mut plan))
    }

    /// [`Store::import_preview`], and the plan it was read from, for the import that may follow
    /// ([`Store::import_planned`]): the person imports what they checked without the file read
    /// and checked again, unless something was written since or the file or the choices differ.
    /// The preview takes the rows' problems. `stamp` is the writer's, taken before this is
    /// called.
    pub fn preview_import(
        &self,
        stamp: WriteStamp,
        source: ImportSource<'_>,
        choices: &ImportChoices,
        now: DateTime<Utc>,
    ) -> Result<(ImportPreview, PlannedImport)> {
        let mut planned = self.plan_import(stamp, source, choices, now, |_, _| true)?;
        let preview = preview_of(&mut planned.plan);
        planned.issues_in_preview = true;
        Ok((preview, planned))
    }

    /// Plans an import on this store's connection, in one read transaction (a snapshot): on the
    /// app's reader, off the writer's lock. `stamp` is the writer's, taken before this is called.
    /// `progress(done, total)` counts the first half of the work; false cancels.
    pub fn plan_import(
        &self,
        stamp: WriteStamp,
        source: ImportSource<'_>,
        choices: &ImportChoices,
        now: DateTime<Utc>,
        mut progress: impl FnMut(u32, u32) -> bool,
    ) -> Result<PlannedImport> {
        let started = std::time::Instant::now();
        let tx = read_tx(&self.conn)?;
        let plan = plan(&tx, source, choices, now, |d, t| progress(d / 2, t))?;
        tx.finish()?;
        Ok(PlannedImport {
            plan,
            stamp,
            source: fingerprint(source.bytes),
            issues_in_preview: false,
            planning: started.elapsed(),
        })
    }

    /// Writes a planned import in one transaction: planned again inside it if anything was
    /// written since the plan's stamp, or if `source` or `run`'s choices are not those it was
    /// planned with. `progress` counts the second half (all of the work when the plan is the
    /// preview's and stands); false stops it, and nothing is written.
    pub fn import_planned(
        &mut self,
        planned: PlannedImport,
        source: ImportSource<'_>,
        run: &ImportRun,
        now: DateTime<Utc>,
        progress: impl FnMut(u32, u32) -> bool,
    ) -> Result<ImportOutcome> {
        self.bulk_write(|store| store.write_planned(planned, source, run, now, progress))
    }

    fn write_planned(
        &mut self,
        planned: PlannedImport,
        source: ImportSource<'_>,
        run: &ImportRun,
        now: DateTime<Utc>,
        mut progress: impl FnMut(u32, u32) -> bool,
    ) -> Result<ImportOutcome> {
        let (out, total) = crate::sync::capture::write(&mut self.conn, &mut self.sharing, |tx| {
            let now_at = WriteStamp(tx.total_changes());
            let (plan, issues_in_preview) =
                if planned.stands(now_at, fingerprint(source.bytes), &run.choices) {
                    (planned.plan, planned.issues_in_preview)
                } else {
                    let plan = plan(tx, source, &run.choices, now, |d, t| progress(d / 2, t))?;
                    (plan, false)
                };
            if plan.reading.date_order_needed && plan.reading.date_order.is_none() {
                return Err(refused(FileProblem::NeedsDateOrder));
            }
            let chosen: HashMap<u32, DuplicateAction> =
                run.duplicates.iter().map(|c| (c.row, c.action)).collect();
            let total = plan.rows.len() as u32;
            let mut out = ImportOutcome {
                rows_in_file: total,
                imported: 0,
                linked: 0,
                skipped: 0,
                failed: 0,
                issues: Vec::new(),
                issues_in_preview,
            };
            let batch = Batch::new(tx, now)?;
            // What each accepted row becomes, decided first; then the new partners are written in
            // name order (the name indexes then grow at one place instead of all over: at 100,000
            // rows, far fewer pages to fetch and spill), then the links.
            let mut creates: Vec<(u32, Box<super::plan::Ready>)> = Vec::new();
            let mut links: Vec<(u32, Box<super::plan::Ready>)> = Vec::new();
            for (row, state) in plan.rows {
                match state {
                    RowState::Blank => out.skipped += 1,
                    RowState::Failed(issues) => {
                        out.failed += 1;
                        out.issues.extend(issues);
                    }
                    RowState::Ready(ready) => match ready
                        .duplicate
                        .as_ref()
                        .map(|_| *chosen.get(&row).unwrap_or(&run.duplicate_default))
                    {
                        Some(DuplicateAction::Skip) => out.skipped += 1,
                        Some(DuplicateAction::Link) => links.push((row, ready)),
                        // No duplicate, or "import anyway".
                        _ => creates.push((row, ready)),
                    },
                }
            }
            creates.sort_by(|(_, a), (_, b)| a.checked.name_key().cmp(b.checked.name_key()));
            let mut done = out.skipped + out.failed;
            // Reports when `done` has passed another PROGRESS_ROWS since the last report: the
            // second half of the work, or all of it when the plan was the preview's (planned
            // before the person clicked Import, so a bar starts empty, not half full).
            let mut reported = done / PROGRESS_ROWS;
            let mut step = |done: u32| {
                if done / PROGRESS_ROWS == reported {
                    return Ok(());
                }
                reported = done / PROGRESS_ROWS;
                let shown = match issues_in_preview {
                    true => done,
                    false => total / 2 + done / 2,
                };
                match progress(shown, total) {
                    true => Ok(()),
                    false => Err(Error::ImportCancelled),
                }
            };
            // The partners this import created, by row, for the rows a later row is linked to: a
            // repeated row linked to an earlier one adds its contacts to the partner that row
            // became.
            let linked_to: HashSet<u32> = links
                .iter()
                .filter_map(|(_, ready)| ready.duplicate.as_ref()?.earlier_row)
                .collect();
            let mut created: HashMap<u32, String> = HashMap::with_capacity(linked_to.len());
            // Many rows to a statement (partner::Batch::create_many), PROGRESS_ROWS at a time.
            for chunk in creates.chunks(PROGRESS_ROWS as usize) {
                let checked: Vec<&Checked> = chunk.iter().map(|(_, r)| &r.checked).collect();
                let ids = batch.create_many(tx, &checked, &self.device_id)?;
                for ((row, _), id) in chunk.iter().zip(ids) {
                    if linked_to.contains(row) {
                        created.insert(*row, id);
                    }
                }
                let n = chunk.len() as u32;
                out.imported += n;
                done += n;
                step(done)?;
            }
            // The written rows freed on a thread of their own: 100,000 boxed rows take ~0.1 s to
            // free (perf: 4.5% of the write), which the transaction need not wait for. (When no
            // thread can be started, they are freed here, as the closure is dropped.)
            let _ = std::thread::Builder::new().spawn(move || drop(creates));
            for (row, ready) in links {
                let Some(duplicate) = ready.duplicate.as_ref() else {
                    continue;
                };
                let to = match &duplicate.existing_id {
                    Some(id) => Some(id.clone()),
                    None => duplicate.earlier_row.and_then(|r| created.get(&r).cloned()),
                };
                match to {
                    Some(id) => {
                        partner::add_contacts(
                            tx,
                            &self.definitions,
                            &id,
                            &ready.partner.contacts,
                            now,
                            &self.device_id,
                        )?;
                        out.linked += 1;
                    }
                    // A link to an earlier row that was not imported itself: nothing to link to, so
                    // the row is imported as a new partner.
                    None => {
                        let id = batch.create(tx, &ready.checked, &self.device_id)?;
                        created.insert(row, id);
                    }
                }
                out.imported += 1;
                done += 1;
                step(done)?;
            }
            let map = serde_json::to_string(&plan.mapping).map_err(|e| Error::MalformedRow {
                table: "settings",
                column: "value",
                detail: e.to_string(),
            })?;
            settings::put_in(tx, &mapping_key(&plan.headers), &map, now, &self.device_id)?;
            Ok((out, total))
        })?;
        progress(total, total);
        Ok(out)
    }

    /// Imports the file's rows in one transaction: planned and written on this store (the app
    /// plans on its reader instead: [`Store::plan_import`], then [`Store::import_planned`]).
    /// `progress(done, total)` is called now and then; when it returns false the import stops
    /// and nothing is written.
    pub fn import_partners(
        &mut self,
        source: ImportSource<'_>,
        run: &ImportRun,
        now: DateTime<Utc>,
        mut progress: impl FnMut(u32, u32) -> bool,
    ) -> Result<ImportOutcome> {
        let stamp = self.write_stamp();
        let planned = self.plan_import(stamp, source, &run.choices, now, &mut progress)?;
        self.import_planned(planned, source, run, now, progress)
    }
}

/// The preview of `plan`, which gives it the rows' problems (their rows stay failed).
fn preview_of(plan: &mut Plan) -> ImportPreview {
    let mut preview = ImportPreview {
        reading: plan.reading.clone(),
        headers: plan.headers.clone(),
        mapping: plan.mapping.clone(),
        mapping_remembered: plan.remembered,
        joinable_fields: ImportField::ALL
            .iter()
            .copied()
            .filter(|f| f.joinable())
            .collect(),
        rows_in_file: plan.rows.len() as u32,
        sample: Vec::new(),
        issues: Vec::new(),
        failed: 0,
        duplicates: Vec::new(),
        duplicates_total: 0,
        ready: 0,
        blank: 0,
    };
    for (row, state) in &mut plan.rows {
        let sample = preview.sample.len() < SAMPLE_ROWS;
        match state {
            RowState::Blank => preview.blank += 1,
            RowState::Failed(issues) => {
                preview.failed += 1;
                preview.issues.append(issues);
                if sample {
                    preview.sample.push(SampleRow {
                        row: *row,
                        partner: None,
                        duplicate: false,
                    });
                }
            }
            RowState::Ready(ready) => {
                if sample {
                    preview.sample.push(SampleRow {
                        row: *row,
                        partner: Some((&ready.partner).into()),
                        duplicate: ready.duplicate.is_some(),
                    });
                }
                match &ready.duplicate {
                    Some(d) => {
                        preview.duplicates_total += 1;
                        preview.duplicates.push(d.clone());
                    }
                    None => preview.ready += 1,
                }
            }
        }
    }
    preview
}
