// Pure helpers of the framework editor: copying a definition, making keys, and finding which row
// a refusal from Rust is about (Rust names the field, not the gate, criterion or flag kind).

import type { Criterion, CriterionKind, FlagKind, Limit, Localized, Phase, ScopeRules } from "../../bindings";
import type { ComplianceItem, FrameworkDefinition, PhaseGate } from "../types";
import { errorField, isIpcError } from "../api";

/** The flag kinds the app derives from logged facts; every framework keeps each (core: DERIVED_FLAG_KINDS). */
export const DERIVED_FLAG_KINDS = [
  "missed_deadline_no_notice",
  "metrics_not_agreed",
  "compliance_open_at_delivery",
] as const;

/** Mirrors core/src/framework.rs. */
export const KEY_MAX = 64;
export const TEXT_MAX = 200;
export const MAX_CRITERIA = 30;
export const MAX_FLAG_KINDS = 30;
export const WEIGHT_MAX = 100;

export const SIGNAL_FIELDS = [
  "caseStudiesStrongAbove",
  "relationshipStrongAboveMonths",
  "creatorReferencesStrongAtLeast",
  "advanceAtStrong",
] as const;
export type SignalField = (typeof SIGNAL_FIELDS)[number];
export const SIGNAL_MAX: Record<SignalField, number> = {
  caseStudiesStrongAbove: 1000,
  relationshipStrongAboveMonths: 1200,
  creatorReferencesStrongAtLeast: 1000,
  advanceAtStrong: 5,
};

export const SCOPE_FIELDS = ["creators", "deliverables", "durationDays", "revisionLimit"] as const;
export type ScopeField = (typeof SCOPE_FIELDS)[number];
/** The floor and ceiling Rust allows for each scope limit. */
export const SCOPE_BOUNDS: Record<ScopeField, [number, number]> = {
  creators: [1, 100],
  deliverables: [1, 100],
  durationDays: [1, 365],
  revisionLimit: [0, 50],
};

const copyText = (l: Localized): Localized => ({ ru: l.ru, en: l.en });
const copyLimit = (l: Limit): Limit => ({ default: l.default, min: l.min, max: l.max });

const copyScope = (s: ScopeRules): ScopeRules => ({
  creators: copyLimit(s.creators),
  deliverables: copyLimit(s.deliverables),
  durationDays: copyLimit(s.durationDays),
  revisionLimit: copyLimit(s.revisionLimit),
});

/** A deep copy that shares nothing with `def` (works on Svelte state proxies too). */
export function copyDefinition(def: FrameworkDefinition): FrameworkDefinition {
  return {
    name: copyText(def.name),
    gates: def.gates.map((g): PhaseGate => ({
      phase: g.phase,
      threshold: g.threshold,
      minReviewers: g.minReviewers,
      criteria: g.criteria.map((c): Criterion => ({
        key: c.key,
        label: copyText(c.label),
        kind: c.kind,
        weight: c.weight,
        passAt: c.passAt,
      })),
    })),
    signals: { ...def.signals },
    scope: copyScope(def.scope),
    flagKinds: def.flagKinds.map((k): FlagKind => ({
      key: k.key,
      label: copyText(k.label),
      severity: k.severity,
      derived: k.derived,
    })),
    ...(def.campaignScope ? { campaignScope: copyScope(def.campaignScope) } : {}),
    basics: { afterCampaigns: def.basics.afterCampaigns, checks: [...def.basics.checks] },
    compliance: def.compliance.map((i) => ({ ...i, label: copyText(i.label) })),
  };
}

/** Whether `key` has the shape Rust accepts: 1–64 of `a-z`, `0-9`, `_`. */
export function isKey(key: string): boolean {
  return key.length > 0 && key.length <= KEY_MAX && /^[a-z0-9_]+$/.test(key);
}

/** A key made from a text: "Replies within a day!" → "replies_within_a_day". Empty when nothing latin is left. */
export function slugKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, KEY_MAX)
    .replace(/_+$/, "");
}

/** `base` (or `fallback` when empty) made unique among `taken` with a `_2`, `_3`… suffix. */
export function uniqueKey(base: string, taken: readonly string[], fallback: string): string {
  const stem = base || fallback;
  if (!taken.includes(stem)) return stem;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = stem.slice(0, KEY_MAX - suffix.length) + suffix;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** A blank yes/no criterion with a key not yet used in its gate. */
export function newCriterion(taken: readonly string[]): Criterion {
  return {
    key: uniqueKey("", taken, `criterion_${taken.length + 1}`),
    label: { ru: "", en: "" },
    kind: "yes_no",
    weight: 1,
    passAt: 1,
  };
}

/** A blank manual flag kind with a key not yet used. */
export function newFlagKind(taken: readonly string[]): FlagKind {
  return {
    key: uniqueKey("", taken, `flag_${taken.length + 1}`),
    label: { ru: "", en: "" },
    severity: "warning",
    derived: false,
  };
}

/** The pass-at value after switching to `kind`: always 1 for yes/no; for a scale, kept when 2–5, else 3. */
export function passAtFor(kind: CriterionKind, current: number): number {
  if (kind === "yes_no") return 1;
  return Number.isInteger(current) && current >= 1 && current <= 5 && current !== 1 ? current : 3;
}

/** The most a gate's threshold can be: the sum of its criteria's weights. */
export function gateTotal(gate: PhaseGate): number {
  return gate.criteria.reduce((sum, c) => sum + (Number.isFinite(c.weight) ? c.weight : 0), 0);
}

/**
 * Where a problem is: `field` is the field name Rust uses in its errors; `gate`, `criterion` and
 * `flag` are indexes into the definition; `part` narrows a limit to default/min/max or a text to ru/en.
 */
export type Problem = {
  field: string;
  reason: "number" | "empty" | "too_long" | "shape" | "duplicate" | "range" | "missing";
  gate?: number;
  criterion?: number;
  flag?: number;
  /** A compliance checklist item. */
  item?: number;
  part?: "ru" | "en" | "default" | "min" | "max";
};

/** Where on the form a field is: which gate, criterion, flag kind or part (a language, a limit's bound). */
export type ProblemAt = Pick<Problem, "gate" | "criterion" | "flag" | "item" | "part">;

/** Whether the field at `at` is the one the last refusal is about. */
export type IsBad = (field: string, at?: ProblemAt) => boolean;

/** A criterion being edited: `isNew` rows may still change their key; untouched keys follow the English text. */
export type CriterionRow = { uid: number; isNew: boolean; keyTouched: boolean; fallbackKey: string; c: Criterion };
export type GateEdit = { phase: Phase; threshold: number; minReviewers: number; rows: CriterionRow[] };
/** The most reviewers a gate may wait for (Rust's MIN_REVIEWERS_MAX). */
export const MIN_REVIEWERS_MAX = 20;
/** A checklist item being edited: a new one's key follows its English text and market. */
export type ComplianceRow = { uid: number; isNew: boolean; fallbackKey: string; item: ComplianceItem };
/** A flag kind being edited, like a criterion row. */
export type FlagRow = { uid: number; isNew: boolean; keyTouched: boolean; fallbackKey: string; k: FlagKind };

const isCount = (n: unknown): boolean => typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 4294967295;

/**
 * The first number that is not a whole number ≥ 0 (an empty or half-typed number field): such a
 * definition cannot even be sent to Rust.
 */
export function numberProblem(def: FrameworkDefinition): Problem | null {
  for (const [g, gate] of def.gates.entries()) {
    for (const [c, criterion] of gate.criteria.entries()) {
      if (!isCount(criterion.weight)) return { field: "criteria.weight", reason: "number", gate: g, criterion: c };
      if (!isCount(criterion.passAt)) return { field: "criteria.passAt", reason: "number", gate: g, criterion: c };
    }
    if (!isCount(gate.threshold)) return { field: "gates.threshold", reason: "number", gate: g };
    if (!isCount(gate.minReviewers)) return { field: "gates.minReviewers", reason: "number", gate: g };
  }
  for (const f of SIGNAL_FIELDS) {
    if (!isCount(def.signals[f])) return { field: `signals.${f}`, reason: "number" };
  }
  for (const f of SCOPE_FIELDS) {
    for (const part of ["default", "min", "max"] as const) {
      if (!isCount(def.scope[f][part])) return { field: `scope.${f}`, reason: "number", part };
    }
  }
  return null;
}

function textProblem(field: string, text: Localized): Pick<Problem, "field" | "reason" | "part"> | null {
  for (const part of ["ru", "en"] as const) {
    const trimmed = text[part].trim();
    if (trimmed === "") return { field, reason: "empty", part };
    if ([...trimmed].length > TEXT_MAX) return { field, reason: "too_long", part };
  }
  return null;
}

/**
 * The first problem Rust's `validate_definition` would refuse, checked in the same order, so the
 * row its error is about can be marked. Null when Rust should accept the definition.
 */
export function findProblem(def: FrameworkDefinition): Problem | null {
  const numbers = numberProblem(def);
  if (numbers) return numbers;
  const name = textProblem("framework.name", def.name);
  if (name) return name;
  const phases: string[] = [];
  for (const [g, gate] of def.gates.entries()) {
    if (gate.phase === "walked" || gate.phase === "scaled" || phases.includes(gate.phase)) {
      return { field: "gates.phase", reason: "duplicate", gate: g };
    }
    phases.push(gate.phase);
    if (gate.criteria.length === 0 || gate.criteria.length > MAX_CRITERIA) {
      return { field: "gates.criteria", reason: "range", gate: g };
    }
    const keys: string[] = [];
    for (const [c, criterion] of gate.criteria.entries()) {
      const at = { gate: g, criterion: c };
      if (!isKey(criterion.key)) return { field: "criteria.key", reason: "shape", ...at };
      if (keys.includes(criterion.key)) return { field: "criteria.key", reason: "duplicate", ...at };
      keys.push(criterion.key);
      const label = textProblem("criteria.label", criterion.label);
      if (label) return { ...label, ...at };
      if (criterion.weight < 1 || criterion.weight > WEIGHT_MAX)
        return { field: "criteria.weight", reason: "range", ...at };
      const max = criterion.kind === "yes_no" ? 1 : 5;
      if (criterion.passAt < 1 || criterion.passAt > max) return { field: "criteria.passAt", reason: "range", ...at };
    }
    if (gate.threshold < 1 || gate.threshold > gateTotal(gate)) {
      return { field: "gates.threshold", reason: "range", gate: g };
    }
    const minReviewers = gate.minReviewers;
    if (minReviewers < 1 || minReviewers > MIN_REVIEWERS_MAX) {
      return { field: "gates.minReviewers", reason: "range", gate: g };
    }
  }
  if (!phases.includes("gut_check")) return { field: "gates", reason: "missing" };
  for (const f of SIGNAL_FIELDS) {
    if (def.signals[f] > SIGNAL_MAX[f]) return { field: `signals.${f}`, reason: "range" };
  }
  for (const f of SCOPE_FIELDS) {
    const limit = def.scope[f];
    const [floor, ceiling] = SCOPE_BOUNDS[f];
    const field = `scope.${f}`;
    if (limit.min < floor || limit.min > ceiling) return { field, reason: "range", part: "min" };
    if (limit.max < floor || limit.max > ceiling) return { field, reason: "range", part: "max" };
    if (limit.min > limit.max) return { field, reason: "range", part: "min" };
    if (limit.default < limit.min || limit.default > limit.max) return { field, reason: "range", part: "default" };
  }
  if (def.flagKinds.length > MAX_FLAG_KINDS) return { field: "flagKinds", reason: "range" };
  const keys: string[] = [];
  for (const [k, kind] of def.flagKinds.entries()) {
    if (!isKey(kind.key)) return { field: "flagKinds.key", reason: "shape", flag: k };
    const derivable = (DERIVED_FLAG_KINDS as readonly string[]).includes(kind.key);
    if (keys.includes(kind.key) || kind.derived !== derivable) {
      return { field: "flagKinds.key", reason: "duplicate", flag: k };
    }
    keys.push(kind.key);
    const label = textProblem("flagKinds.label", kind.label);
    if (label) return { ...label, flag: k };
  }
  for (const derived of DERIVED_FLAG_KINDS) {
    if (!keys.includes(derived)) return { field: "flagKinds", reason: "missing" };
  }
  return null;
}

/**
 * Where Rust's refusal is, by re-checking the definition that was sent in Rust's order: the first
 * local problem when it names the same field as the error, else just the field.
 */
export function locateError(def: FrameworkDefinition, error: unknown): Problem | null {
  const field = errorField(error);
  if (!field) return null;
  const problem = findProblem(def);
  if (problem && problem.field === field) return problem;
  // A checklist market code Rust refused: the item whose code is the one it names.
  if (field === "compliance.items" && isIpcError(error) && error.code === "invalid_value") {
    const item = def.compliance.findIndex((i) => i.market === error.value);
    if (item >= 0) return { field, reason: "shape", item };
  }
  return { field, reason: "range" };
}
