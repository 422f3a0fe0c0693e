// Rendering of lifecycle values (phases, choices, reasons) in the current language.

import type { BasicsGap, Choice, PartnerKind, Phase } from "../bindings";
import type { Reason, Recommendation } from "./types";
import { t, tn } from "../i18n/index.svelte";

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

/**
 * One reason as a sentence, with criteria and flags named by their labels. Each code brings only
 * its own parameters; a new code does not compile until it is rendered here.
 */
export function reasonText(reason: Reason, labels: Labels): string {
  switch (reason.code) {
    case "dealbreaker":
    case "dealbreaker_overridden":
    case "warning_flag":
      return t(`reason.${reason.code}`, { flag: labels.flagKind(reason.flagKind) });
    case "signals_weak":
      return tn("reason.signals_weak", reason.count, { needed: reason.needed });
    case "signals_strong":
    case "ladder_next":
      return t(`reason.${reason.code}`, { count: reason.count, needed: reason.needed });
    case "missing_basics":
      // Stored before campaigns were named: no campaign, no gaps.
      return reason.campaign
        ? t("reason.missing_basics_in", {
            count: reason.count,
            campaign: reason.campaign,
            gaps: (reason.gaps ?? []).map(gapText).join("; "),
          })
        : t("reason.missing_basics", { count: reason.count });
    case "revisions_over_limit":
      return t("reason.revisions_over_limit", { used: reason.used, limit: reason.limit });
    case "delivered_late":
      return t(`reason.${lateKey(reason.withNotice, reason.withoutNotice)}`, {
        withNotice: reason.withNotice,
        withoutNotice: reason.withoutNotice,
      });
    case "metrics_missed":
      return tn("reason.metrics_missed", reason.count, { market: reason.market });
    case "next_campaign":
    case "campaign_running":
      return t(`reason.${reason.code}`, { number: reason.number, of: reason.of });
    case "ladder_top":
    case "scaled":
      return t(`reason.${reason.code}`, { count: reason.count });
    case "no_scorecards":
      return t("reason.no_scorecards", { phase: phaseText(reason.phase) });
    case "waiting_for_reviewers":
      return t("reason.waiting_for_reviewers", {
        phase: phaseText(reason.phase),
        count: reason.count,
        needed: reason.needed,
      });
    case "scores_hidden":
      return t("reason.scores_hidden", { phase: phaseText(reason.phase), count: reason.count });
    case "gate_passed":
    case "threshold_missed":
      return t(`reason.${reason.code}`, {
        phase: phaseText(reason.phase),
        passedWeight: reason.passedWeight,
        threshold: reason.threshold,
        criteria: reason.criteria.map(labels.criterion).join("; ") || "—",
      });
    case "failure_cause":
      return t("reason.failure_cause", { cause: t(`cause.${reason.cause}`) });
    case "walked":
    case "no_pilot":
    case "metrics_agreed":
    case "metrics_not_agreed":
    case "pilot_running":
    case "deliverables_not_on_scope":
    case "deliverables_on_scope":
    case "pilot_gate_passed":
      return t(`reason.${reason.code}`);
  }
}

/** A basic a campaign missed, with its facts. */
/** Which lateness text to show: a zero part is not printed. */
function lateKey(
  withNotice: number,
  withoutNotice: number,
): "delivered_late" | "delivered_late_with" | "delivered_late_without" {
  if (withNotice === 0) return "delivered_late_without";
  if (withoutNotice === 0) return "delivered_late_with";
  return "delivered_late";
}

export function gapText(gap: BasicsGap): string {
  switch (gap.basic) {
    case "deadlines_with_notice":
    case "deliverables_on_scope":
      return tn(`gap.${gap.basic}`, gap.count);
    case "revisions_within_limit":
      return t("gap.revisions_within_limit", { used: gap.used, limit: gap.limit });
    case "metrics_agreed":
    case "communication":
      return t(`gap.${gap.basic}`);
  }
}

/** The campaign step a recommendation names first ("run campaign 2 of 3"), if it decides one. */
export function stepReason(recommendation: Recommendation): Reason | null {
  const first = recommendation.decides[0];
  return first && (first.code === "next_campaign" || first.code === "campaign_running") ? first : null;
}
