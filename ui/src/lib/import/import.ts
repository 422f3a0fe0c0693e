// The import screen's pure helpers: the fields a column can fill (in the order offered), a row
// problem in words, and the failed rows' reasons for the CSV saved to fix and re-import.
import type { ImportField, ImportIssue, ImportOutcomeView } from "../../bindings";
import type { ImportPreviewView } from "../types";
import { errorMsg, locale, t } from "../../i18n/index.svelte";
import { numberProblemText } from "../../i18n/input";

export type Preview = ImportPreviewView["preview"];
export type Outcome = ImportOutcomeView;
export type Issue = ImportIssue;

export const IMPORT_FIELDS: ImportField[] = [
  "name",
  "kind",
  "markets",
  "languages",
  "home_time_zone",
  "contact_name",
  "contact_detail",
  "found_via",
  "notes",
  "case_studies",
  "longest_relationship_months",
  "relationship_since",
  "showed_failures",
  "cross_market_experience",
  "creator_references",
];

/** A row problem as a sentence; an unreadable number says why, with both readings if ambiguous. */
export function issueText(issue: Issue): string {
  const reason = issue.reason;
  if (reason.code === "unreadable_number") {
    return numberProblemText(locale.lang, t(`field.${reason.field}`), issue.value, reason.problem);
  }
  // `kind` names a flag's kind elsewhere; here it is the partner's.
  return errorMsg(reason, { kind: t("import.field.kind") });
}

/** Each failed row once, with all its problems joined, for the CSV of rows with errors. */
export function rowReasons(issues: Issue[]): { row: number; reason: string }[] {
  const byRow = new Map<number, string[]>();
  for (const issue of issues) {
    const list = byRow.get(issue.row) ?? [];
    list.push(`${issue.column}: ${issueText(issue)}`);
    byRow.set(issue.row, list);
  }
  return [...byRow].map(([row, reasons]) => ({ row, reason: reasons.join(" / ") }));
}

/** The page of a list shown: `page` kept within the list, and the items [from, to) on it. */
export function pageBounds(total: number, size: number, page: number): { page: number; from: number; to: number } {
  const last = Math.max(0, Math.ceil(total / size) - 1);
  const shown = Math.min(Math.max(0, Math.floor(page)), last);
  return { page: shown, from: shown * size, to: Math.min(total, (shown + 1) * size) };
}

/** How many rows are refused for `code` (and, for an empty field, that `field`): each row once. */
export function rowsRefusedFor(issues: Issue[], code: Issue["reason"]["code"], field?: string): number {
  const rows = new Set<number>();
  for (const i of issues) {
    if (i.reason.code === code && (field === undefined || ("field" in i.reason && i.reason.field === field))) {
      rows.add(i.row);
    }
  }
  return rows.size;
}
