import { describe, expect, it } from "vitest";
import type { Decision, Dossier, Flag, GateResult, Metric, Pilot } from "../types";
import {
  addChosen,
  chartGroups,
  criterionRows,
  formatNumber,
  frameworks,
  groupMetrics,
  latestDecision,
  latestPilot,
  MAX_PARTNERS,
  measureKey,
  metricMarkets,
  removeChosen,
  rubricsDiffer,
  shorten,
  sumByCurrency,
  toCents,
  toColumn,
} from "./compare";

// ── Fixtures ─────────────────────────────────────────────────────────────────────────────────────

let seq = 0;
const id = (prefix: string) => `${prefix}-${++seq}`;

function metric(market: string, unit: Metric["unit"], extra: Partial<Metric> = {}): Metric {
  return {
    id: id("m"),
    market,
    name: `${unit} ${market}`,
    unit,
    currency: unit === "money" ? "USD" : null,
    target: 100,
    actual: null,
    met: null,
    ...extra,
  };
}

// Fixed dates in these fixtures: compare.ts reads no clock; dates are only shown or ordered.
const zoned = (utc: string) => ({ utc, zones: [] });

function pilot(campaignNo: number, amount: string, currency: string, metrics: Metric[] = []): Pilot {
  return {
    id: id("pilot"),
    partnerId: "p",
    frameworkId: "fw-1",
    campaignNo,
    creators: 1,
    deliverablesPlanned: 1,
    startsAt: zoned("2026-01-01T09:00:00Z"),
    endsAt: zoned("2026-01-15T09:00:00Z"),
    revisionLimit: 2,
    payment: { amount, currency },
    roles: { creativeFeedbackOwner: "", creatorRelations: "", finalApproval: "", escalationPath: "" },
    rhythm: "",
    metricsAgreedAt: null,
    metricsAgreedBy: null,
    startedAt: null,
    debriefed: false,
    metrics,
    hypotheses: [],
    deliverables: [],
    revisions: { used: 0, limit: 2, overLimit: false, rounds: [] },
    approvals: [],
    gate: { metricsAgreedBeforeStart: true, noDealbreaker: true, deliverablesOnScope: true, passed: true },
  };
}

function flag(status: Flag["status"], severity: Flag["severity"]): Flag {
  return {
    id: id("flag"),
    partnerId: "p",
    pilotId: null,
    deliverableId: null,
    frameworkId: "fw-1",
    kind: severity === "dealbreaker" ? "resists_process" : "communication_gaps",
    label: { en: severity, ru: severity },
    severity,
    source: "manual",
    occurredAt: "2026-01-02T00:00:00Z",
    note: "",
    link: "",
    raisedBy: "Anna",
    createdAt: "2026-01-02T00:00:00Z",
    status,
    // As core computes it (flag::is_live_dealbreaker); the UI only reads it.
    liveDealbreaker: severity === "dealbreaker" && status === "open",
    resolution: null,
    overrideReason: null,
  };
}

function decision(decidedAt: string, supersededBy: string | null = null): Decision {
  return {
    id: id("d"),
    partnerId: "p",
    choice: { kind: "advance" },
    decidedBy: "Anna",
    rationale: "",
    assumptions: [],
    reviewOn: null,
    recommended: { choice: { kind: "advance" }, decides: [], weighs: [], passed: [] },
    phaseBefore: "sourced",
    phaseAfter: "gut_check",
    supersedes: null,
    supersededBy,
    decidedAt,
    confidence: null,
    expected: null,
    review: null,
    reviews: 0,
  };
}

function gate(passed: string[], failed: string[], passedWeight: number, threshold = 3): GateResult {
  const crit = (key: string, mean: number) => ({
    key,
    label: { en: key, ru: key },
    weight: 1,
    passAt: 1,
    answered: 2,
    mean,
  });
  return {
    phase: "gut_check",
    passed: passedWeight >= threshold,
    passedCriteria: passed.map((k) => crit(k, 1)),
    failedCriteria: failed.map((k) => crit(k, 0)),
    passedWeight,
    totalWeight: passed.length + failed.length,
    threshold,
    reviewers: 2,
    minReviewers: 1,
    waiting: false,
    score: null,
  };
}

function dossier(over: {
  id?: string;
  frameworkId?: string;
  version?: number;
  pilots?: Pilot[];
  flags?: Flag[];
  decisions?: Decision[];
  gate?: GateResult | null;
  strong?: number;
  record?: Dossier["record"];
}): Dossier {
  const partnerId = over.id ?? id("partner");
  return {
    partner: {
      id: partnerId,
      name: `Partner ${partnerId}`,
      kind: "agency",
      markets: ["RU", "US"],
      homeTimeZone: "America/Los_Angeles",
      languages: ["en"],
      contacts: [],
      foundVia: "",
      notes: "",
      signals: {
        caseStudies: [],
        longestRelationshipMonths: null,
        showedFailures: null,
        crossMarketExperience: null,
        creatorReferences: null,
      },
      phase: "gut_check",
      frameworkId: over.frameworkId ?? "fw-1",
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      contactsLocal: false,
      contactsElsewhere: false,
    },
    frameworkName: { en: "Default", ru: "Базовая" },
    frameworkVersion: over.version ?? 1,
    signals: { items: [], strong: over.strong ?? 0, known: 5, total: 5, advance: false },
    scorecards:
      over.gate === null
        ? []
        : [
            {
              phase: "gut_check",
              scored: 2,
              minReviewers: 1,
              hidden: false,
              reviewers: [],
              cards: [],
              gate: over.gate ?? gate(["a", "b"], ["c"], 2),
              disagreements: [],
            },
          ],
    deviceReviewer: null,
    flags: over.flags ?? [],
    pilots: over.pilots ?? [],
    debriefs: [],
    decisions: over.decisions ?? [],
    recommendation: { choice: { kind: "hold" }, decides: [], weighs: [], passed: [] },
    campaigns: 0,
    campaign: null,
    rung: 1,
    record: over.record ?? {
      failureCauses: [],
      health: null,
      revisionsUsed: null,
      revisionLimit: null,
      lateWithNotice: 0,
      lateWithoutNotice: 0,
      overriddenDealbreakers: [],
    },
    fieldHistory: [],
    entryOrigins: [],
    merges: { into: null, finalWinner: null, from: [], ignored: [] },
    conflictingDecisions: [],
  };
}

// ── Choosing ─────────────────────────────────────────────────────────────────────────────────────

describe("choosing partners", () => {
  const p = (n: number) => ({ id: `p${n}`, name: `P${n}` });

  it("adds up to four and refuses a fifth without changing the choice", () => {
    let chosen = [p(1), p(2), p(3)];
    const fourth = addChosen(chosen, p(4));
    expect(fourth.ok).toBe(true);
    chosen = fourth.chosen;
    expect(chosen.map((c) => c.id)).toEqual(["p1", "p2", "p3", "p4"]);
    const fifth = addChosen(chosen, p(5));
    expect(fifth).toMatchObject({ ok: false, reason: "full" });
    expect(fifth.chosen).toHaveLength(MAX_PARTNERS);
    expect(fifth.chosen.map((c) => c.id)).not.toContain("p5");
  });

  it("does not add the same partner twice, and removes by id", () => {
    expect(addChosen([p(1)], p(1))).toMatchObject({ ok: false, reason: "duplicate" });
    expect(removeChosen([p(1), p(2), p(3)], "p2").map((c) => c.id)).toEqual(["p1", "p3"]);
  });

  it("checks duplicates before the limit", () => {
    expect(addChosen([p(1), p(2), p(3), p(4)], p(2))).toMatchObject({ ok: false, reason: "duplicate" });
  });
});

// ── Money ────────────────────────────────────────────────────────────────────────────────────────

describe("sumByCurrency", () => {
  it("adds only within one currency, never across", () => {
    const totals = sumByCurrency([
      { amount: "1500.00", currency: "USD" },
      { amount: "100000.00", currency: "RUB" },
      { amount: "250.50", currency: "usd" },
      { amount: "900.00", currency: "EUR" },
    ]);
    expect(totals).toEqual([
      { currency: "EUR", amount: "900.00", count: 1 },
      { currency: "RUB", amount: "100000.00", count: 1 },
      { currency: "USD", amount: "1750.50", count: 2 },
    ]);
    // A cross-currency sum (1500 + 100000 + 250.5 + 900) must appear nowhere.
    expect(totals.map((t) => t.amount)).not.toContain("102650.50");
  });

  it("is exact with decimals (no floating-point drift)", () => {
    expect(
      sumByCurrency([
        { amount: "0.10", currency: "USD" },
        { amount: "0.20", currency: "USD" },
      ]),
    ).toEqual([{ currency: "USD", amount: "0.30", count: 2 }]);
    expect(toCents("12.5")).toBe(1250n);
    expect(toCents("-3.05")).toBe(-305n);
    expect(toCents("1,5")).toBeNull();
  });

  it("skips amounts it cannot read instead of guessing", () => {
    expect(
      sumByCurrency([
        { amount: "abc", currency: "USD" },
        { amount: "10", currency: "" },
        { amount: "5", currency: "USD" },
      ]),
    ).toEqual([{ currency: "USD", amount: "5.00", count: 1 }]);
  });
});

// ── Metrics ──────────────────────────────────────────────────────────────────────────────────────

describe("groupMetrics", () => {
  it("groups per market, and money per currency within a market", () => {
    const groups = groupMetrics([
      metric("US", "money", { currency: "USD", name: "CPA" }),
      metric("RU", "count", { name: "Reach" }),
      metric("US", "percent", { name: "Conversion" }),
      metric("RU", "money", { currency: "RUB", name: "Spend" }),
      metric("US", "money", { currency: "EUR", name: "EU spend" }),
      metric("US", "money", { currency: "usd", name: "CPC" }),
    ]);
    expect(groups.map((g) => g.market)).toEqual(["RU", "US"]);
    const ru = groups[0]!;
    expect(ru.groups.map((g) => g.measure)).toEqual(["count", "money:RUB"]);
    const us = groups[1]!;
    expect(us.groups.map((g) => g.measure)).toEqual(["percent", "money:EUR", "money:USD"]);
    expect(us.groups.find((g) => g.measure === "money:USD")!.metrics.map((m) => m.name)).toEqual(["CPA", "CPC"]);
    expect(us.groups.find((g) => g.measure === "money:EUR")!.currency).toBe("EUR");
    // No metric lands in another market's group.
    for (const g of groups) for (const mg of g.groups) for (const m of mg.metrics) expect(m.market).toBe(g.market);
  });

  it("keeps each metric's own target and actual (nothing is added together)", () => {
    const a = metric("US", "money", { currency: "USD", target: 100, actual: 120, met: true });
    const b = metric("US", "money", { currency: "USD", target: 50, actual: 10, met: false });
    const [us] = groupMetrics([a, b]);
    const usd = us!.groups[0]!;
    expect(usd.metrics.map((m) => [m.target, m.actual])).toEqual([
      [100, 120],
      [50, 10],
    ]);
    expect(us).toMatchObject({ met: 1, judged: 2 });
  });

  it("keeps a third market as its own group", () => {
    const groups = groupMetrics([metric("KZ", "count"), metric("RU", "count"), metric("US", "count")]);
    expect(groups.map((g) => g.market)).toEqual(["KZ", "RU", "US"]);
  });

  it("keys money by currency, other units by unit", () => {
    expect(measureKey({ unit: "money", currency: "rub" })).toBe("money:RUB");
    expect(measureKey({ unit: "percent", currency: null })).toBe("percent");
  });
});

// ── Columns and rows ─────────────────────────────────────────────────────────────────────────────

describe("toColumn", () => {
  it("counts only open flags; a dealbreaker counts only while open", () => {
    const c = toColumn(
      dossier({
        flags: [flag("open", "warning"), flag("overridden", "dealbreaker"), flag("resolved", "warning")],
      }),
    );
    expect(c.flags).toMatchObject({ open: 1, dealbreaker: false });
    const d = toColumn(dossier({ flags: [flag("open", "dealbreaker")] }));
    expect(d.flags).toMatchObject({ open: 1, dealbreaker: true });
  });

  it("takes the latest pilot's metrics and pays per currency across pilots", () => {
    const first = pilot(1, "1000.00", "USD", [metric("RU", "count")]);
    const second = pilot(2, "50000.00", "RUB", [metric("US", "percent"), metric("US", "money")]);
    const third = pilot(3, "500.00", "USD", [metric("US", "count")]);
    const c = toColumn(dossier({ pilots: [first, second, third] }));
    expect(c.pilots.count).toBe(3);
    expect(c.pilots.payments).toEqual([
      { currency: "RUB", amount: "50000.00", count: 1 },
      { currency: "USD", amount: "1500.00", count: 2 },
    ]);
    expect(c.latestPilot?.campaignNo).toBe(3);
    expect(c.latestPilot?.metrics.map((m) => m.market)).toEqual(["US"]);
  });

  it("has no gate when the framework scores no gut check", () => {
    expect(toColumn(dossier({ gate: null })).gate).toBeNull();
    const g = toColumn(dossier({ gate: gate(["a"], ["b", "c"], 1) })).gate!;
    expect(g.criteria.map((c) => [c.key, c.passed])).toEqual([
      ["a", true],
      ["b", false],
      ["c", false],
    ]);
  });

  it("says how many have scored a gut check the user has not, and nothing else of it", () => {
    const d = dossier({});
    d.scorecards = [{ ...d.scorecards[0]!, hidden: true, scored: 2, gate: null, cards: [], reviewers: [] }];
    const c = toColumn(d);
    expect([c.gate, c.gateHidden]).toEqual([null, 2]);
    expect(toColumn(dossier({})).gateHidden).toBeNull();
  });

  it("passes the record through as Rust stated it", () => {
    const record = {
      failureCauses: [{ campaignNo: 1, attempt: 1, cause: "communication" as const }],
      health: { communication: 2, speed: 3, ownership: 4 },
      revisionsUsed: 3,
      revisionLimit: 2,
      lateWithNotice: 0,
      lateWithoutNotice: 1,
      overriddenDealbreakers: [],
    };
    expect(toColumn(dossier({ record })).record).toEqual(record);
  });
});

describe("latest pilot and decision", () => {
  it("picks the highest campaign number regardless of order", () => {
    expect(latestPilot([pilot(2, "1", "USD"), pilot(1, "1", "USD")])?.campaignNo).toBe(2);
    expect(latestPilot([])).toBeNull();
  });

  it("skips corrected decisions and takes the newest", () => {
    // Fixed: ordered against each other only, never against the real clock.
    const old = decision("2026-01-01T00:00:00Z");
    const corrected = decision("2026-02-01T00:00:00Z", "x");
    const newer = decision("2026-01-15T00:00:00Z");
    expect(latestDecision([old, corrected, newer])?.id).toBe(newer.id);
    expect(latestDecision([])).toBeNull();
  });
});

describe("shared rows", () => {
  it("gives every criterion of any rubric one row, in first-seen order", () => {
    const a = toColumn(dossier({ gate: gate(["ugc", "markets"], ["questions"], 2) }));
    const b = toColumn(dossier({ gate: gate(["ugc"], ["budget"], 1) }));
    expect(criterionRows([a, b]).map((r) => r.key)).toEqual(["ugc", "markets", "questions", "budget"]);
  });

  it("lists the markets any latest pilot measured", () => {
    const a = toColumn(dossier({ pilots: [pilot(1, "1", "USD", [metric("US", "count")])] }));
    const b = toColumn(dossier({ pilots: [pilot(1, "1", "RUB", [metric("RU", "count"), metric("US", "count")])] }));
    expect(metricMarkets([a, b])).toEqual(["RU", "US"]);
  });

  it("notices partners on different framework versions", () => {
    const a = toColumn(dossier({ frameworkId: "fw-1", version: 1 }));
    const b = toColumn(dossier({ frameworkId: "fw-1", version: 1 }));
    const c = toColumn(dossier({ frameworkId: "fw-2", version: 2 }));
    expect(rubricsDiffer([a, b])).toBe(false);
    expect(rubricsDiffer([a, c])).toBe(true);
    expect(frameworks([a, b, c]).map((f) => f.version)).toEqual([1, 2]);
  });
});

describe("chartGroups", () => {
  it("puts all partners of a measure on one scale", () => {
    const a = toColumn(dossier({ strong: 4, gate: gate(["a", "b", "c"], [], 3), flags: [flag("open", "warning")] }));
    const b = toColumn(
      dossier({
        strong: 1,
        gate: gate(["a"], ["b", "c"], 1),
        flags: [flag("open", "warning"), flag("open", "dealbreaker")],
      }),
    );
    const [signals, gutCheck, flags] = chartGroups([a, b]);
    expect(signals!.bars.map((x) => [x.value, x.of, x.share])).toEqual([
      [4, 5, 0.8],
      [1, 5, 0.2],
    ]);
    expect(gutCheck!.bars.map((x) => [x.value, x.of, x.share, x.mark])).toEqual([
      [3, 3, 1, 1],
      [1, 3, 1 / 3, 1],
    ]);
    expect(flags!.bars.map((x) => [x.value, x.share])).toEqual([
      [1, 0.5],
      [2, 1],
    ]);
  });

  it("marks a partner without a gut check as missing, and never divides by zero", () => {
    const a = toColumn(dossier({ gate: null }));
    const [, gutCheck, flags] = chartGroups([a]);
    expect(gutCheck!.bars[0]).toMatchObject({ missing: true, share: 0, mark: null });
    expect(flags!.bars[0]!.share).toBe(0);
  });
});

describe("shorten", () => {
  it("cuts long names with an ellipsis and keeps short ones", () => {
    expect(shorten("Studio", 10)).toBe("Studio");
    expect(shorten("Очень длинное название", 6)).toBe("Очень…");
  });
});

describe("formatNumber", () => {
  it("shows at most two decimals, in the reader's language", () => {
    expect(formatNumber(2.5, "en")).toBe("2.5");
    expect(formatNumber(1 / 3, "en")).toBe("0.33");
    expect(formatNumber(1234.5, "ru")).toBe("1\u00a0234,5");
  });
});

describe("compare texts", () => {
  it("use Russian plural forms", async () => {
    const { en } = await import("../../i18n/dictionary");
    const { ru } = await import("../../i18n/ru");
    const { render } = await import("../../i18n/format");
    expect(render("ru", ru["compare.openFlags"], { n: 1 })).toBe("1 открытый флаг");
    expect(render("ru", ru["compare.openFlags"], { n: 3 })).toBe("3 открытых флага");
    expect(render("ru", ru["compare.openFlags"], { n: 11 })).toBe("11 открытых флагов");
    expect(render("ru", ru["compare.pilots"], { n: 21 })).toBe("21 пилот");
    expect(render("ru", ru["compare.points"], { n: 3, passed: 2 })).toBe("2 из 3 баллов");
    expect(render("ru", ru["compare.points"], { n: 1, passed: 1 })).toBe("1 из 1 балла");
    expect(render("en", en["compare.needMore"], { n: 1 })).toContain("1 more partner:");
    expect(render("ru", ru["compare.needMore"], { n: 2 })).toContain("ещё 2 партнёров");
    expect(en["nav.compare"]).toBe("Compare");
    expect(ru["nav.compare"]).toBe("Сравнение");
  });
});
