// Pure helpers of the compare screen: what each partner's column shows, the rows they share, and
// the chart's bars. No Svelte state and no translations here, so everything is unit-tested.
//
// Money rule: an amount always travels with its currency, and amounts are only ever added when
// their currencies are the same (`sumByCurrency`). Metrics are listed, never added at all.

import type { Choice, Localized, Money, Phase, SignalKind, SignalScore, Strength } from "../../bindings";
import type { Labels } from "../lifecycle";
import type {
  CriterionResult,
  Decision,
  Dossier,
  GateResult,
  Metric,
  PartnerRecord,
  Pilot,
  Recommendation,
} from "../types";
import { numberFormat } from "../../i18n/intl";

/** How many partners the screen compares at most, and at least. */
export const MAX_PARTNERS = 4;
export const MIN_PARTNERS = 2;

/** The five pre-pilot signals, in the order the dossier shows them. */
export const SIGNAL_KINDS: readonly SignalKind[] = [
  "case_studies",
  "longest_relationship",
  "showed_failures",
  "cross_market_experience",
  "creator_references",
];

// ── Choosing partners ────────────────────────────────────────────────────────────────────────────

export type Chosen = { id: string; name: string };

export type AddResult = { ok: true; chosen: Chosen[] } | { ok: false; reason: "duplicate" | "full"; chosen: Chosen[] };

/** Adds a partner unless they are already chosen or `max` are chosen; never mutates `chosen`. */
export function addChosen(chosen: readonly Chosen[], next: Chosen, max = MAX_PARTNERS): AddResult {
  if (chosen.some((c) => c.id === next.id)) return { ok: false, reason: "duplicate", chosen: [...chosen] };
  if (chosen.length >= max) return { ok: false, reason: "full", chosen: [...chosen] };
  return { ok: true, chosen: [...chosen, next] };
}

export function removeChosen(chosen: readonly Chosen[], id: string): Chosen[] {
  return chosen.filter((c) => c.id !== id);
}

// ── Money ────────────────────────────────────────────────────────────────────────────────────────

export type CurrencyTotal = { currency: string; amount: string; count: number };

/** "1500.5" → 150050n hundredths; null when it is not a plain decimal with at most 2 places. */
export function toCents(amount: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) return null;
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? "").padEnd(2, "0") || "0");
  return m[1] === "-" ? -cents : cents;
}

function fromCents(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/**
 * Adds amounts per currency (exact, in hundredths): one total per currency, never one total across
 * currencies. Currency codes are compared case-insensitively; amounts that are not decimals are
 * left out rather than guessed. Sorted by currency code.
 */
export function sumByCurrency(amounts: readonly Money[]): CurrencyTotal[] {
  const totals = new Map<string, { cents: bigint; count: number }>();
  for (const money of amounts) {
    const cents = toCents(money.amount);
    const currency = money.currency.trim().toUpperCase();
    if (cents === null || currency === "") continue;
    const seen = totals.get(currency) ?? { cents: 0n, count: 0 };
    totals.set(currency, { cents: seen.cents + cents, count: seen.count + 1 });
  }
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, { cents, count }]) => ({ currency, amount: fromCents(cents), count }));
}

// ── Metrics ──────────────────────────────────────────────────────────────────────────────────────

/** A metric's measure: its unit, and for money its currency ("money:USD"). */
export function measureKey(metric: Pick<Metric, "unit" | "currency">): string {
  return metric.unit === "money" ? `money:${(metric.currency ?? "").trim().toUpperCase()}` : metric.unit;
}

export type MeasureGroup = {
  /** `count`, `percent` or `money:<CURRENCY>`. */
  measure: string;
  unit: Metric["unit"];
  currency: string | null;
  metrics: Metric[];
};

export type MarketMetrics = {
  market: string;
  /** Metrics of one market, grouped by measure (money split by currency), in a stable order. */
  groups: MeasureGroup[];
  /** How many have an actual that meets the target, of those with both. */
  met: number;
  judged: number;
};

const UNIT_ORDER: Record<Metric["unit"], number> = { count: 0, percent: 1, money: 2 };

/**
 * A pilot's metrics per market, and within a market per measure: counts, percents, then money one
 * currency at a time. Nothing is added together — the groups only keep like next to like.
 */
export function groupMetrics(metrics: readonly Metric[]): MarketMetrics[] {
  const markets = new Map<string, Map<string, MeasureGroup>>();
  for (const metric of metrics) {
    const market = metric.market.trim().toUpperCase();
    const measure = measureKey(metric);
    let groups = markets.get(market);
    if (!groups) markets.set(market, (groups = new Map()));
    let group = groups.get(measure);
    if (!group) {
      group = {
        measure,
        unit: metric.unit,
        currency: metric.unit === "money" ? (metric.currency ?? "").trim().toUpperCase() || null : null,
        metrics: [],
      };
      groups.set(measure, group);
    }
    group.metrics.push(metric);
  }
  return [...markets.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([market, groups]) => {
      const sorted = [...groups.values()].sort(
        (a, b) =>
          UNIT_ORDER[a.unit] - UNIT_ORDER[b.unit] || (a.measure < b.measure ? -1 : a.measure > b.measure ? 1 : 0),
      );
      const all = sorted.flatMap((g) => g.metrics);
      return {
        market,
        groups: sorted,
        met: all.filter((m) => m.met === true).length,
        judged: all.filter((m) => m.met !== null).length,
      };
    });
}

// ── One partner's column ─────────────────────────────────────────────────────────────────────────

export type GateSummary = {
  passed: boolean;
  passedWeight: number;
  threshold: number;
  totalWeight: number;
  reviewers: number;
  /** Fewer than the framework's minimum of reviewers have scored: neither passed nor failed. */
  waiting: boolean;
  minReviewers: number;
  /** Every criterion of the gate, keyed, passed ones flagged. */
  criteria: (CriterionResult & { passed: boolean })[];
};

export type Column = {
  id: string;
  name: string;
  phase: Phase;
  markets: string[];
  homeTimeZone: string;
  framework: { id: string; name: Localized; version: number };
  recommendation: Recommendation;
  signals: SignalScore;
  /** The gut-check gate; null when the framework does not score a gut check or it is hidden. */
  gate: GateSummary | null;
  /** How many have scored a gut check the user has not scored yet (blind: Rust sent no gate), else null. */
  gateHidden: number | null;
  flags: { open: number; dealbreaker: boolean; labels: Localized[] };
  pilots: { count: number; campaigns: number; payments: CurrencyTotal[] };
  latestPilot: { campaignNo: number; metrics: MarketMetrics[] } | null;
  latestDecision: Decision | null;
  /** What the record says (core's dossier/record.rs: derived there, shown here as is). */
  record: PartnerRecord;
};

/** A partner as the screen shows it: its column, the dossier it came from, and how to name its keys. */
export type Entry = { column: Column; dossier: Dossier; labels: Labels };

/** The pilot with the highest campaign number (the last one listed on a tie). */
export function latestPilot(pilots: readonly Pilot[]): Pilot | null {
  let latest: Pilot | null = null;
  for (const pilot of pilots) if (!latest || pilot.campaignNo >= latest.campaignNo) latest = pilot;
  return latest;
}

/** The newest decision nobody corrected (a correction is a newer entry that supersedes it). */
export function latestDecision(decisions: readonly Decision[]): Decision | null {
  let latest: Decision | null = null;
  for (const d of decisions) {
    if (d.supersededBy !== null) continue;
    if (!latest || d.decidedAt > latest.decidedAt || (d.decidedAt === latest.decidedAt && d.id > latest.id)) latest = d;
  }
  return latest;
}

export function gateSummary(gate: GateResult | null | undefined): GateSummary | null {
  if (!gate) return null;
  return {
    passed: gate.passed,
    passedWeight: gate.passedWeight,
    threshold: gate.threshold,
    totalWeight: gate.totalWeight,
    reviewers: gate.reviewers,
    waiting: gate.waiting,
    minReviewers: gate.minReviewers,
    criteria: [
      ...gate.passedCriteria.map((c) => ({ ...c, passed: true })),
      ...gate.failedCriteria.map((c) => ({ ...c, passed: false })),
    ],
  };
}

export function toColumn(dossier: Dossier): Column {
  const { partner } = dossier;
  const open = dossier.flags.filter((f) => f.status === "open");
  const latest = latestPilot(dossier.pilots);
  const gut = dossier.scorecards.find((s) => s.phase === "gut_check");
  return {
    id: partner.id,
    name: partner.name,
    phase: partner.phase,
    markets: [...partner.markets],
    homeTimeZone: partner.homeTimeZone,
    framework: { id: partner.frameworkId, name: dossier.frameworkName, version: dossier.frameworkVersion },
    recommendation: dossier.recommendation,
    signals: dossier.signals,
    gate: gateSummary(gut?.gate),
    gateHidden: gut?.hidden ? gut.scored : null,
    flags: {
      open: open.length,
      dealbreaker: dossier.flags.some((f) => f.liveDealbreaker),
      labels: open.map((f) => f.label),
    },
    pilots: {
      count: dossier.pilots.length,
      campaigns: dossier.campaigns,
      payments: sumByCurrency(dossier.pilots.map((p) => p.payment)),
    },
    latestPilot: latest ? { campaignNo: latest.campaignNo, metrics: groupMetrics(latest.metrics) } : null,
    latestDecision: latestDecision(dossier.decisions),
    record: dossier.record,
  };
}

export function strengthOf(signals: SignalScore, kind: SignalKind): Strength {
  return signals.items.find((i) => i.signal === kind)?.strength ?? "unknown";
}

// ── Rows the columns share ───────────────────────────────────────────────────────────────────────

export type CriterionRow = { key: string; label: Localized };

/** Every gut-check criterion any column has, in first-seen order, so each gets one row. */
export function criterionRows(columns: readonly Column[]): CriterionRow[] {
  const rows = new Map<string, CriterionRow>();
  for (const column of columns) {
    for (const c of column.gate?.criteria ?? []) if (!rows.has(c.key)) rows.set(c.key, { key: c.key, label: c.label });
  }
  return [...rows.values()];
}

/** Every market any column's latest pilot measured, sorted, so each gets one metrics row. */
export function metricMarkets(columns: readonly Column[]): string[] {
  const markets = new Set<string>();
  for (const column of columns) for (const m of column.latestPilot?.metrics ?? []) markets.add(m.market);
  return [...markets].sort();
}

/** The distinct framework versions the columns are vetted on (by version id, first-seen order). */
export function frameworks(columns: readonly Column[]): Column["framework"][] {
  const seen = new Map<string, Column["framework"]>();
  for (const c of columns) if (!seen.has(c.framework.id)) seen.set(c.framework.id, c.framework);
  return [...seen.values()];
}

export function rubricsDiffer(columns: readonly Column[]): boolean {
  return frameworks(columns).length > 1;
}

/** The mean answer shown with at most 2 decimals; null when nobody answered. */
export function roundMean(mean: number | null): number | null {
  return mean === null ? null : Math.round(mean * 100) / 100;
}

export function choiceKey(choice: Choice): string {
  return choice.kind === "scale_to" ? `scale_to:${choice.campaigns}` : choice.kind;
}

// ── Chart ────────────────────────────────────────────────────────────────────────────────────────

export type Measure = "signals" | "gate" | "flags";
export const MEASURES: readonly Measure[] = ["signals", "gate", "flags"];

export type Bar = {
  partnerId: string;
  /** Position of the partner among the columns: picks its colour. */
  index: number;
  /** Length as a share of the measure's scale, 0–1. */
  share: number;
  /** The scale's full length for this partner (the track), 0–1; e.g. total signals. */
  track: number;
  /** Where this partner's own threshold falls, 0–1 (gate only). */
  mark: number | null;
  value: number;
  /** What the value is out of: total signals, threshold points; null for open flags. */
  of: number | null;
  /** No data for this measure (e.g. no gut check in the framework). */
  missing: boolean;
};

export type ChartGroup = { measure: Measure; bars: Bar[] };

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/**
 * Bars for the measures every rubric has: strong signals out of the total, gut-check points
 * against the threshold, open flags. Within a measure all partners share one scale, so bar lengths
 * compare directly: signals by the largest total, the gate by the largest of total weight and
 * threshold, flags by the most flags (at least 1).
 */
export function chartGroups(columns: readonly Column[]): ChartGroup[] {
  const signalMax = Math.max(1, ...columns.map((c) => c.signals.total));
  const gateMax = Math.max(
    1,
    ...columns.map((c) => (c.gate ? Math.max(c.gate.totalWeight, c.gate.threshold, c.gate.passedWeight) : 0)),
  );
  const flagMax = Math.max(1, ...columns.map((c) => c.flags.open));
  return [
    {
      measure: "signals",
      bars: columns.map((c, index) => ({
        partnerId: c.id,
        index,
        share: clamp01(c.signals.strong / signalMax),
        track: clamp01(c.signals.total / signalMax),
        mark: null,
        value: c.signals.strong,
        of: c.signals.total,
        missing: false,
      })),
    },
    {
      measure: "gate",
      bars: columns.map((c, index) => ({
        partnerId: c.id,
        index,
        share: c.gate ? clamp01(c.gate.passedWeight / gateMax) : 0,
        track: c.gate ? clamp01(Math.max(c.gate.totalWeight, c.gate.threshold) / gateMax) : 0,
        mark: c.gate ? clamp01(c.gate.threshold / gateMax) : null,
        value: c.gate?.passedWeight ?? 0,
        of: c.gate?.threshold ?? null,
        missing: c.gate === null,
      })),
    },
    {
      measure: "flags",
      bars: columns.map((c, index) => ({
        partnerId: c.id,
        index,
        share: clamp01(c.flags.open / flagMax),
        track: 1,
        mark: null,
        value: c.flags.open,
        of: null,
        missing: false,
      })),
    },
  ];
}

/** A name cut to `max` characters with an ellipsis, for SVG labels (the table has it in full). */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join("")}…`;
}

/** A number as the table and the chart show it: at most two decimals, in the reader's language. */
export function formatNumber(n: number, lang: string): string {
  return numberFormat(lang, { maximumFractionDigits: 2 }).format(n);
}
