import { describe, expect, it } from "vitest";
import type { Recommendation } from "../types";
import type { Decision, Flag } from "../types";
import {
  assumptionsText,
  choicesFor,
  complianceFlagItems,
  correctableId,
  formatDay,
  newestFirst,
  parseAssumptions,
  scaleOptions,
  sortFlags,
  toChoice,
} from "./format";

describe("assumptions", () => {
  it("are one per line, trimmed, blank lines dropped", () => {
    expect(parseAssumptions("  RU prefers founder-led copy \r\n\n\t\nUS converts on UGC  \n")).toEqual([
      "RU prefers founder-led copy",
      "US converts on UGC",
    ]);
    expect(parseAssumptions("   \n ")).toEqual([]);
  });

  it("round-trip through the textarea", () => {
    const list = ["Аудитория RU любит текст от основателя", "US: UGC converts"];
    expect(parseAssumptions(assumptionsText(list))).toEqual(list);
  });
});

// Today and a chosen day's instant come from Rust now (time.ts `todayIn`, `dayInstant`; tested in
// clock.test.ts and core/src/zones/wall.rs).
describe("dates", () => {
  it("shows a review date as the same day whatever the zone", () => {
    expect(formatDay("2026-05-01", "en")).toBe("May 1, 2026");
    expect(formatDay("2026-05-01", "ru")).toContain("1 мая 2026");
  });
});

describe("decision choices", () => {
  it("follow what the core accepts from each phase", () => {
    expect(choicesFor("sourced")).toEqual(["advance", "hold", "walk"]);
    expect(choicesFor("gut_check")).toEqual(["advance", "hold", "walk"]);
    expect(choicesFor("pilot_scoping")).not.toContain("advance");
    expect(choicesFor("debrief")).toEqual(expect.arrayContaining(["repeat", "scale_to", "hold", "walk"]));
    expect(choicesFor("scaled")).toContain("repeat");
    expect(choicesFor("scaled")).not.toContain("scale_to");
    expect(choicesFor("walked")).toEqual([]);
  });

  it("scale to the recommended rung, else offer 3 and 5", () => {
    const rec = (choice: Recommendation["choice"]): Recommendation => ({ choice, decides: [], weighs: [], passed: [] });
    expect(scaleOptions(rec({ kind: "scale_to", campaigns: 3 }))).toEqual([3, 5]);
    expect(scaleOptions(rec({ kind: "repeat" }))).toEqual([3, 5]);
    expect(toChoice("scale_to", 3)).toEqual({ kind: "scale_to", campaigns: 3 });
    expect(toChoice("walk", 3)).toEqual({ kind: "walk" });
  });
});

function decision(id: string, decidedAt: string, over: Partial<Decision> = {}): Decision {
  return {
    id,
    partnerId: "p",
    choice: { kind: "advance" },
    decidedBy: "Ann",
    rationale: "r",
    assumptions: [],
    reviewOn: null,
    recommended: { choice: { kind: "advance" }, decides: [], weighs: [], passed: [] },
    phaseBefore: "sourced",
    phaseAfter: "gut_check",
    supersedes: null,
    supersededBy: null,
    decidedAt,
    confidence: null,
    expected: null,
    review: null,
    reviews: 0,
    ...over,
  };
}

// Fixed: instants only ordered against each other, never against the real clock.
describe("decision log", () => {
  const a = decision("a", "2026-03-01T10:00:00.000Z", { supersededBy: "b" });
  const b = decision("b", "2026-03-02T10:00:00.000Z", { supersedes: "a" });

  it("lists newest first", () => {
    expect(newestFirst([a, b]).map((d) => d.id)).toEqual(["b", "a"]);
  });

  it("offers to correct only the latest live entry, while the phase is still its outcome", () => {
    expect(correctableId([a, b], "gut_check")).toBe("b");
    expect(correctableId([a, b], "pilot_scoping")).toBeNull();
    expect(correctableId([], "sourced")).toBeNull();
  });
});

// Fixed: instants only ordered against each other, never against the real clock.
describe("flags", () => {
  const flag = (id: string, status: Flag["status"], occurredAt: string) => ({ id, status, occurredAt }) as Flag;

  it("list open flags first, then the most recent", () => {
    const sorted = sortFlags([
      flag("old-open", "open", "2026-01-01T09:00:00.000Z"),
      flag("resolved", "resolved", "2026-03-01T09:00:00.000Z"),
      flag("new-open", "open", "2026-02-01T09:00:00.000Z"),
    ]);
    expect(sorted.map((f) => f.id)).toEqual(["new-open", "old-open", "resolved"]);
  });
});

describe("complianceFlagItems", () => {
  const checklist = [
    { key: "erid_recorded", market: "RU", label: { ru: "erid записан", en: "erid recorded" } },
    { key: "ftc_disclosure", market: "US", label: { ru: "Раскрытие FTC", en: "FTC disclosure" } },
    { key: "usage_rights", label: { ru: "Права", en: "Usage rights" } },
  ];
  it("names each open item by its label, with its market", () => {
    const note = "Launch video\nRU erid_recorded\n* usage_rights";
    expect(complianceFlagItems(note, checklist, (i) => i.label.en)).toEqual({
      title: "Launch video",
      items: ["RU: erid recorded", "Usage rights"],
    });
  });
  it("does not take an item of another market for it, and keeps an unknown line as written", () => {
    const note = "Пост\nUS erid_recorded";
    expect(complianceFlagItems(note, checklist, (i) => i.label.ru)).toEqual({
      title: "Пост",
      items: ["US erid_recorded"],
    });
  });
});
