// Pure helpers of the dossier panels: no Svelte state and no translations, so they are unit-tested.

import type { Choice, Phase } from "../../bindings";
import type { ComplianceItem, Recommendation } from "../types";
import type { Decision, Flag } from "../types";
import { utcDateFormat } from "../../i18n/intl";

export type ChoiceKind = Choice["kind"];

/** The assumptions textarea: one per line, blank lines and surrounding spaces dropped. */
export function parseAssumptions(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export function assumptionsText(assumptions: readonly string[]): string {
  return assumptions.join("\n");
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` calendar date for display: the same day in every zone. */
export function formatDay(date: string, lang: string): string {
  const m = DATE.exec(date);
  if (!m) return date;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return utcDateFormat(lang, { dateStyle: "medium" }).format(at);
}

/**
 * The choices a decision may record from `phase` (as core `decision::apply` accepts them):
 * advance moves sourced and gut check on (the pilot starts from the pilot tracker, and a debrief
 * moves a running pilot on), repeat and scale up follow a debrief, and a walked partner takes no new
 * decision (only a correction of the last one).
 */
export function choicesFor(phase: Phase): ChoiceKind[] {
  switch (phase) {
    case "sourced":
    case "gut_check":
      return ["advance", "hold", "walk"];
    case "pilot_scoping":
    case "pilot":
      return ["hold", "walk"];
    case "debrief":
      return ["scale_to", "repeat", "hold", "walk"];
    case "scaled":
      return ["repeat", "hold", "walk"];
    case "walked":
      return [];
  }
}

/**
 * The campaign counts "scale to" offers: the ladder's rungs (3 and 5) and the recommended one.
 * Every rung stays pickable so the ladder rule (1 → 3 → 5, no jumps) is explained by the core's
 * refusal rather than hidden; the recommended rung is preselected.
 */
export function scaleOptions(recommendation: Recommendation): number[] {
  const rungs = new Set([3, 5]);
  if (recommendation.choice.kind === "scale_to") rungs.add(recommendation.choice.campaigns);
  return [...rungs].sort((a, b) => a - b);
}

export function toChoice(kind: ChoiceKind, campaigns: number): Choice {
  return kind === "scale_to" ? { kind, campaigns } : { kind };
}

/** The log newest first; the input (from Rust) is oldest first. */
export function newestFirst(decisions: readonly Decision[]): Decision[] {
  return [...decisions].sort((a, b) =>
    a.decidedAt === b.decidedAt ? (a.id < b.id ? 1 : -1) : a.decidedAt < b.decidedAt ? 1 : -1,
  );
}

/**
 * The one entry a correction may replace: the latest entry nobody corrected yet, and only while
 * the partner is still where that decision put it.
 */
export function correctableId(decisions: readonly Decision[], phase: Phase): string | null {
  const live = newestFirst(decisions).find((d) => d.supersededBy === null);
  return live && live.phaseAfter === phase ? live.id : null;
}

/** Open flags first, then the most recent. */
export function sortFlags(flags: readonly Flag[]): Flag[] {
  const rank = (f: Flag) => (f.status === "open" ? 0 : 1);
  return [...flags].sort(
    (a, b) => rank(a) - rank(b) || (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0),
  );
}

/**
 * A `compliance_open_at_delivery` flag's note as core writes it (the deliverable's title, then a
 * line per open item: its market code, `*` for every market, and key), with each item named by
 * `label` from the framework's checklist ("RU: erid recorded"); an item the checklist no longer
 * has keeps its line as written.
 */
export function complianceFlagItems(
  note: string,
  checklist: readonly ComplianceItem[],
  label: (item: ComplianceItem) => string,
): { title: string; items: string[] } {
  const [title = "", ...lines] = note.split("\n");
  const items = lines.map((line) => {
    const [market = "", key = ""] = line.split(" ");
    const found = checklist.find((i) => (i.market ?? "*") === market && i.key === key);
    if (!found) return line;
    return found.market ? `${found.market}: ${label(found)}` : label(found);
  });
  return { title, items };
}
