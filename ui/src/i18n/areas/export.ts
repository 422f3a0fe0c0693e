// Data out and back in: the workspace export and its restore, the lists as CSV or Excel, and the
// dossier report (HTML or PDF) in a language the person chooses.

export const en = {
  "export.title": "Export and restore",
  "export.hint":
    "Files are saved where you choose. The workspace export holds everything, with the data format’s version, and restores into an empty Vetta.",
  "export.workspace": "Export workspace (JSON)",
  "export.exporting": "Exporting…",
  "export.progress": "Exported {done} of {total} rows",
  "export.saved": "Saved “{file}”: {rows} rows.",
  "export.savedReport": "Saved “{file}”.",
  "export.printDialog":
    "The PDF could not be written directly, so the print dialog opened: choose “Print to File” there.",
  "export.lists": "Export lists (CSV / Excel)",
  "export.list": "List",
  "export.list.partners": "Partners",
  "export.list.pilots": "Pilots and campaigns",
  "export.list.flags": "Flags",
  "export.list.decisions": "Decisions",
  "export.csv": "Save as CSV",
  "export.xlsx": "Save as Excel",
  "export.listsHint":
    "Headings in the interface language. CSV opens in Excel as is: with “;” and a decimal comma in Russian, “,” and a decimal point in English.",
  "export.restoreTitle": "Restore from an export",
  "export.restore": "Restore workspace from export…",
  "export.restoreHint": "Only into an empty workspace: a new Vetta, or a new data folder. Nothing is merged.",
  "export.restoring": "Restoring…",
  "export.restored": "Restored: {rows} rows in {tables} tables. Reloading…",
  "export.report": "Report",
  "export.reportLanguage": "Report language",
  "export.reportHtml": "Save report (HTML)",
  "export.reportPdf": "Save report (PDF)",
  "export.saving": "Saving…",
} as const;
