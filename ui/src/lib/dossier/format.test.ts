import { describe, expect, it } from "vitest";
import type { Recommendation } from "../../bindings";
import type { Decision, Flag } from "../types";
import {
  assumptionsText,
  choicesFor,
  correctableId,
  dateToInstant,
  formatDay,
  newestFirst,
  parseAssumptions,
  scaleOptions,
  sortFlags,
  toChoice,
  todayIn,
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

// Fixed: todayIn takes "now" as a parameter, the rest are pure; nothing reads the real clock.
describe("dates", () => {
  it("today is the calendar date in the user's zone, not UTC's", () => {
    const lateUtc = new Date("2026-03-09T22:30:00Z");
    expect(todayIn("Europe/Moscow", lateUtc)).toBe("2026-03-10");
    expect(todayIn("America/Los_Angeles", lateUtc)).toBe("2026-03-09");
    expect(todayIn("UTC", lateUtc)).toBe("2026-03-09");
  });

  it("a chosen date is noon on the user's wall clock, as a UTC instant", () => {
    expect(dateToInstant("2026-03-10", "Europe/Moscow")).toBe("2026-03-10T09:00:00.000Z");
    expect(dateToInstant("2026-01-15", "America/New_York")).toBe("2026-01-15T17:00:00.000Z");
    // New York is on daylight time in July.
    expect(dateToInstant("2026-07-15", "America/New_York")).toBe("2026-07-15T16:00:00.000Z");
    // The DST switch day in the US.
    expect(dateToInstant("2026-03-08", "America/Los_Angeles")).toBe("2026-03-08T19:00:00.000Z");
  });

  it("noon keeps the date the same in Moscow and California", () => {
    const at = new Date(dateToInstant("2026-11-22", "Europe/Moscow"));
    expect(todayIn("Europe/Moscow", at)).toBe("2026-11-22");
    expect(todayIn("America/Los_Angeles", at)).toBe("2026-11-22");
  });

  it("leaves anything that is not a date for Rust to refuse", () => {
    expect(dateToInstant("", "Europe/Moscow")).toBe("");
    expect(dateToInstant("10.03.2026", "Europe/Moscow")).toBe("10.03.2026");
  });

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
    const rec = (choice: Recommendation["choice"]): Recommendation => ({ choice, reasons: [] });
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
    recommended: { choice: { kind: "advance" }, reasons: [] },
    phaseBefore: "sourced",
    phaseAfter: "gut_check",
    supersedes: null,
    supersededBy: null,
    decidedAt,
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
