import { describe, expect, it } from "vitest";
import type { FrameworkDefinition } from "../types";
import {
  copyDefinition,
  findProblem,
  gateTotal,
  isKey,
  locateError,
  newCriterion,
  newFlagKind,
  numberProblem,
  passAtFor,
  slugKey,
  uniqueKey,
} from "./edit";

/** The shipped default framework (core/src/framework/default.rs), trimmed to what the tests need. */
function sample(): FrameworkDefinition {
  const yesNo = (key: string, en: string) => ({
    key,
    label: { ru: `RU ${en}`, en },
    kind: "yes_no" as const,
    weight: 1,
    passAt: 1,
  });
  return {
    name: { ru: "Стандартная проверка партнёра", en: "Standard partner vetting" },
    gates: [
      {
        phase: "gut_check",
        criteria: [
          yesNo("understands_ugc", "Do they understand UGC?"),
          yesNo("knows_both_markets", "Are they familiar with both markets?"),
          yesNo("asks_about_goals", "Do they ask good questions about our goals?"),
        ],
        threshold: 3,
        minReviewers: 1,
      },
    ],
    signals: {
      caseStudiesStrongAbove: 3,
      relationshipStrongAboveMonths: 6,
      creatorReferencesStrongAtLeast: 2,
      advanceAtStrong: 3,
    },
    scope: {
      creators: { default: 1, min: 1, max: 2 },
      deliverables: { default: 1, min: 1, max: 1 },
      durationDays: { default: 14, min: 7, max: 21 },
      revisionLimit: { default: 2, min: 0, max: 5 },
    },
    flagKinds: [
      {
        key: "missed_deadline_no_notice",
        label: { ru: "Сорван срок", en: "Missed" },
        severity: "warning",
        derived: true,
      },
      {
        key: "resists_documentation",
        label: { ru: "Сопротивляется", en: "Resists" },
        severity: "dealbreaker",
        derived: false,
      },
      { key: "metrics_not_agreed", label: { ru: "Метрики", en: "Metrics" }, severity: "warning", derived: true },
      {
        key: "compliance_open_at_delivery",
        label: { ru: "Чек-лист открыт", en: "Checklist open" },
        severity: "warning",
        derived: true,
      },
    ],
    campaignScope: {
      creators: { default: 3, min: 1, max: 10 },
      deliverables: { default: 6, min: 1, max: 20 },
      durationDays: { default: 30, min: 7, max: 90 },
      revisionLimit: { default: 2, min: 0, max: 5 },
    },
    basics: { afterCampaigns: 2, checks: ["deadlines_with_notice", "communication"] },
    compliance: [
      { key: "erid_recorded", market: "RU", label: { ru: "erid записан", en: "erid recorded" } },
      { key: "usage_rights", label: { ru: "Права", en: "Usage rights" } },
    ],
  };
}

describe("copyDefinition", () => {
  it("copies everything and shares nothing", () => {
    const base = sample();
    const copy = copyDefinition(base);
    expect(copy).toEqual(base);
    copy.name.en = "Changed";
    copy.gates[0]!.criteria[0]!.label.ru = "Другое";
    copy.gates[0]!.criteria.push(newCriterion([]));
    copy.scope.creators.max = 9;
    copy.signals.advanceAtStrong = 1;
    copy.flagKinds[1]!.severity = "warning";
    copy.campaignScope!.creators.max = 2;
    copy.basics.checks.push("metrics_agreed");
    expect(base).toEqual(sample());
  });
});

describe("keys", () => {
  it("accept only lowercase latin, digits and _", () => {
    expect(isKey("replies_fast_2")).toBe(true);
    expect(isKey("")).toBe(false);
    expect(isKey("Replies")).toBe(false);
    expect(isKey("с_ответом")).toBe(false);
    expect(isKey("a".repeat(65))).toBe(false);
  });

  it("are made from a text", () => {
    expect(slugKey("Replies within a day!")).toBe("replies_within_a_day");
    expect(slugKey("  Café — ÜGC  ")).toBe("cafe_ugc");
    expect(slugKey("Отвечают быстро")).toBe("");
    expect(slugKey("x".repeat(70)).length).toBe(64);
  });

  it("are made unique", () => {
    expect(uniqueKey("fast", [], "criterion_1")).toBe("fast");
    expect(uniqueKey("fast", ["fast", "fast_2"], "criterion_1")).toBe("fast_3");
    expect(uniqueKey("", ["criterion_1"], "criterion_1")).toBe("criterion_1_2");
    expect(newCriterion(["a", "b", "c"]).key).toBe("criterion_4");
    expect(newFlagKind(["flag_1"]).key).toBe("flag_2");
    expect(newFlagKind(["flag_2"]).key).toBe("flag_2_2");
    expect(newFlagKind([]).derived).toBe(false);
  });
});

describe("criterion kinds", () => {
  it("keep pass-at within what the kind allows", () => {
    expect(passAtFor("yes_no", 4)).toBe(1);
    expect(passAtFor("scale", 1)).toBe(3);
    expect(passAtFor("scale", 4)).toBe(4);
    expect(passAtFor("scale", 9)).toBe(3);
  });

  it("sum the weights a threshold can reach", () => {
    expect(gateTotal(sample().gates[0]!)).toBe(3);
  });
});

describe("findProblem mirrors the core's validation", () => {
  it("accepts the default framework", () => {
    expect(findProblem(sample())).toBeNull();
  });

  it("finds an empty number field before anything else", () => {
    const def = sample();
    def.name.en = "";
    (def.gates[0]!.criteria[1] as { weight: number | null }).weight = null;
    expect(numberProblem(def)).toEqual({ field: "criteria.weight", reason: "number", gate: 0, criterion: 1 });
    expect(findProblem(def)?.field).toBe("criteria.weight");
    def.gates[0]!.criteria[1]!.weight = 1.5;
    expect(numberProblem(def)?.field).toBe("criteria.weight");
    def.gates[0]!.criteria[1]!.weight = 1;
    def.scope.durationDays.max = -1;
    expect(numberProblem(def)).toEqual({ field: "scope.durationDays", reason: "number", part: "max" });
  });

  it("points at the criterion with an empty label or a duplicate key", () => {
    const def = sample();
    def.gates[0]!.criteria[2]!.label.en = "  ";
    expect(findProblem(def)).toEqual({ field: "criteria.label", reason: "empty", part: "en", gate: 0, criterion: 2 });
    def.gates[0]!.criteria[2]!.label.en = "ok";
    def.gates[0]!.criteria[2]!.key = "understands_ugc";
    expect(findProblem(def)).toEqual({ field: "criteria.key", reason: "duplicate", gate: 0, criterion: 2 });
    def.gates[0]!.criteria[2]!.key = "Bad Key";
    expect(findProblem(def)?.reason).toBe("shape");
  });

  it("checks weights, pass-at and the threshold against the total weight", () => {
    const def = sample();
    def.gates[0]!.threshold = 4;
    expect(findProblem(def)).toEqual({ field: "gates.threshold", reason: "range", gate: 0 });
    def.gates[0]!.criteria[0]!.weight = 2;
    expect(findProblem(def)).toBeNull();
    def.gates[0]!.criteria[0]!.passAt = 2;
    expect(findProblem(def)?.field).toBe("criteria.passAt");
    def.gates[0]!.criteria[0]!.kind = "scale";
    expect(findProblem(def)).toBeNull();
    def.gates[0]!.criteria[0]!.weight = 101;
    expect(findProblem(def)?.field).toBe("criteria.weight");
  });

  it("keeps the reviewers a gate waits for within 1–20", () => {
    const def = sample();
    def.gates[0]!.minReviewers = 2;
    expect(findProblem(def)).toBeNull();
    def.gates[0]!.minReviewers = 0;
    expect(findProblem(def)).toEqual({ field: "gates.minReviewers", reason: "range", gate: 0 });
    def.gates[0]!.minReviewers = 21;
    expect(findProblem(def)).toEqual({ field: "gates.minReviewers", reason: "range", gate: 0 });
  });

  it("needs at least one criterion per gate", () => {
    const def = sample();
    def.gates[0]!.criteria = [];
    expect(findProblem(def)).toEqual({ field: "gates.criteria", reason: "range", gate: 0 });
  });

  it("checks scope limits and signals", () => {
    const def = sample();
    def.scope.durationDays.default = 30;
    expect(findProblem(def)).toEqual({ field: "scope.durationDays", reason: "range", part: "default" });
    def.scope.durationDays.default = 14;
    def.scope.revisionLimit.min = 6;
    expect(findProblem(def)).toEqual({ field: "scope.revisionLimit", reason: "range", part: "min" });
    def.scope.revisionLimit.min = 0;
    def.signals.advanceAtStrong = 6;
    expect(findProblem(def)?.field).toBe("signals.advanceAtStrong");
  });

  it("keeps derived flag kinds derived and manual kinds manual", () => {
    const def = sample();
    def.flagKinds.push({ ...newFlagKind(def.flagKinds.map((k) => k.key)), label: { ru: "а", en: "b" } });
    expect(findProblem(def)).toBeNull();
    def.flagKinds[4]!.key = "metrics_not_agreed";
    expect(findProblem(def)).toEqual({ field: "flagKinds.key", reason: "duplicate", flag: 4 });
    def.flagKinds[4]!.key = "x";
    def.flagKinds[4]!.label.ru = "";
    expect(findProblem(def)).toEqual({ field: "flagKinds.label", reason: "empty", part: "ru", flag: 4 });
  });
});

describe("locateError", () => {
  it("marks the row Rust's error is about", () => {
    const def = sample();
    def.gates[0]!.criteria[1]!.label.ru = "";
    expect(locateError(def, { code: "empty_field", field: "criteria.label" })).toMatchObject({ gate: 0, criterion: 1 });
  });

  it("falls back to the field alone when the local check disagrees", () => {
    expect(locateError(sample(), { code: "invalid_value", field: "criteria.key", value: "x" })).toEqual({
      field: "criteria.key",
      reason: "range",
    });
    expect(locateError(sample(), { code: "storage" })).toBeNull();
  });

  it("marks the checklist item whose market code Rust refused, by the code it names", () => {
    const def = sample();
    def.compliance.push({ key: "brand_safety", market: "us", label: { ru: "Проверено", en: "Checked" } });
    expect(locateError(def, { code: "invalid_value", field: "compliance.items", value: "us" })).toEqual({
      field: "compliance.items",
      reason: "shape",
      item: def.compliance.length - 1,
    });
  });
});
