// Rendering of lifecycle values (phases, choices, reasons) in the current language.

import type { Choice, PartnerKind, Phase } from "../bindings";
import type { Reason } from "./types";
import { t } from "../i18n/index.svelte";

export const PARTNER_KINDS: PartnerKind[] = ["agency", "creator", "studio", "consultant", "other"];

export const PHASES: Phase[] = ["sourced", "gut_check", "pilot_scoping", "pilot", "debrief", "scaled", "walked"];

export function phaseText(phase: Phase): string {
  return t(`phase.${phase}`);
}

export function choiceText(choice: Choice): string {
  return choice.kind === "scale_to" ? t("choice.scale_to", { n: choice.campaigns }) : t(`choice.${choice.kind}`);
}

/** A CSS class for a choice: walk is red, advance/scale green, the rest neutral. */
export function choiceTone(choice: Choice): "good" | "bad" | "neutral" {
  if (choice.kind === "walk") return "bad";
  if (choice.kind === "advance" || choice.kind === "scale_to") return "good";
  return "neutral";
}

export type Labels = {
  /** A criterion key's label in the current language. */
  criterion: (key: string) => string;
  /** A flag kind key's label in the current language. */
  flagKind: (key: string) => string;
};

/** One reason as a sentence, with criteria and flags named by their labels. */
export function reasonText(reason: Reason, labels: Labels): string {
  if (!reason.code) return "";
  return t(`reason.${reason.code}`, {
    phase: reason.phase ? phaseText(reason.phase) : "",
    flag: reason.flagKind ? labels.flagKind(reason.flagKind) : "",
    criteria: (reason.criteria ?? []).map(labels.criterion).join("; ") || "—",
    passedWeight: reason.passedWeight ?? 0,
    threshold: reason.threshold ?? 0,
    count: reason.count ?? 0,
    needed: reason.needed ?? 0,
    cause: reason.cause ? t(`cause.${reason.cause}`) : "",
  });
}
