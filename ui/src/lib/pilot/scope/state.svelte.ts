// What the scope form holds while a pilot is scoped: every field as typed, the problem to show and
// the field it marks, and the scope to send. The form's sections (limits, metrics, roles,
// hypotheses) edit one ScopeDraft; the form itself sends it.

import type { MetricUnit, Roles, ScopeRules } from "../../../bindings";
import { locale, t } from "../../../i18n/index.svelte";
import { errorField, isIpcError } from "../../api";
import { readNumber } from "../../input";
import { formatNumber } from "../../number";
import { session } from "../../session.svelte";
import type { Framework, Partner, Pilot, PilotScopeInput } from "../../types";
import type { WallReading } from "../../clock";
import { clock, todayIn } from "../../time";
import { addDays, inZone } from "../zoned";

export const CURRENCIES = ["RUB", "USD", "EUR"];
export const OTHER = "other";
export const UNITS: MetricUnit[] = ["count", "percent", "money"];
export const HYPOTHESES_MIN = 3;
export const HYPOTHESES_MAX = 5;

export type MetricRow = {
  key: number;
  market: string;
  name: string;
  target: string;
  unit: MetricUnit;
  currency: string;
  currencyOther: string;
};
export type HypothesisRow = { key: number; text: string };

/** A problem found before anything is sent, and the field it is about. */
export type LocalProblem = { field: string; text: string; row?: number };

/** What the form is given by the page; read through getters, so it follows the page's reloads. */
export type ScopeProps = {
  readonly partner: Partner;
  readonly framework: Framework;
  /** The campaign being scoped (1 is the pilot): campaigns after it use the framework's campaign limits. */
  readonly campaignNo?: number;
};

/** A currency code as the select shows it: one of the list, or "other" with the code typed. */
function splitCurrency(code: string | null): { pick: string; other: string } {
  if (!code) return { pick: "", other: "" };
  return CURRENCIES.includes(code) ? { pick: code, other: "" } : { pick: OTHER, other: code };
}

export function effectiveCurrency(pick: string, other: string): string {
  return pick === OTHER ? other.trim() : pick;
}

export class ScopeDraft {
  readonly #props: ScopeProps;
  #nextKey = 0;

  /** Numbers as typed (read by `readNumber` when sent). */
  creators = $state("");
  deliverables = $state("");
  startDate = $state("");
  startTime = $state("");
  endDate = $state("");
  endTime = $state("");
  /** Whether the user set the end: until then it follows the start by the default duration. */
  endTouched = $state(false);
  revisionLimit = $state("");
  amount = $state("");
  currency = $state("");
  currencyOther = $state("");
  metrics = $state<MetricRow[]>([]);
  roles = $state<Roles>({ creativeFeedbackOwner: "", creatorRelations: "", finalApproval: "", escalationPath: "" });
  rhythm = $state("");
  hypotheses = $state<HypothesisRow[]>([]);

  /** A refusal from Rust (or any failure of the call). */
  error = $state<unknown>(null);
  localError = $state<LocalProblem | null>(null);
  /** The error's field, so the input in question is marked (a market here is a metric row's). */
  readonly field: string | null = $derived(
    this.localError?.field ?? errorField(this.error, { market: "metrics.market" }),
  );
  /** The metric a "needs a currency" refusal names. */
  readonly needsCurrencyMetric: string | null = $derived(
    isIpcError(this.error) && this.error.code === "metric_needs_currency" ? this.error.metric : null,
  );

  /** The typed start and end as Rust reads them on the user's wall clock (shown also in the partner's). */
  readonly start: WallReading = $derived(
    clock.wall("startsAt", this.startDate, this.startTime, session.timeZone, [this.partner.homeTimeZone]),
  );
  readonly end: WallReading = $derived(
    clock.wall("endsAt", this.endDate, this.endTime, session.timeZone, [this.partner.homeTimeZone]),
  );
  /** Whether the dates still wait for today's date in the user's zone (a new pilot, before Rust answers). */
  #datesToFill = false;

  /**
   * Everything starts from the pilot being edited, else from the framework's defaults; later edits
   * are the user's own and survive a refused save.
   */
  constructor(props: ScopeProps, pilot: Pilot | null, template: Pilot | null = null) {
    this.#props = props;
    const zone = session.timeZone;
    // A new campaign (or a repeated pilot) starts from the previous one's scope — metrics, roles,
    // rhythm, hypotheses to carry or retire — with new dates.
    const source = pilot ?? template;
    if (source) {
      this.#fillFrom(source, zone);
      if (!pilot) {
        this.startDate = this.startTime = this.endDate = this.endTime = "";
        this.endTouched = false;
        this.#datesToFill = true;
        this.fillDefaultDates(zone);
      }
      return;
    }
    this.#fillDefaults(props, zone);
  }

  #fillFrom(pilot: Pilot, zone: string): void {
    const start = inZone(pilot.startsAt, zone);
    const end = inZone(pilot.endsAt, zone);
    const pay = splitCurrency(pilot.payment.currency);
    const lang = locale.lang;
    this.creators = formatNumber(pilot.creators, lang);
    this.deliverables = formatNumber(pilot.deliverablesPlanned, lang);
    this.startDate = start?.date ?? "";
    this.startTime = start?.time ?? "";
    this.endDate = end?.date ?? "";
    this.endTime = end?.time ?? "";
    this.endTouched = true;
    this.revisionLimit = formatNumber(pilot.revisionLimit, lang);
    this.amount = formatNumber(pilot.payment.amount, lang, { minDecimals: 2 });
    this.currency = pay.pick;
    this.currencyOther = pay.other;
    this.metrics = pilot.metrics.map((m): MetricRow => {
      const c = splitCurrency(m.currency);
      return {
        key: this.#nextKey++,
        market: m.market,
        name: m.name,
        target: m.target === null ? "" : formatNumber(m.target, lang),
        unit: m.unit,
        currency: c.pick,
        currencyOther: c.other,
      };
    });
    this.roles = { ...pilot.roles };
    this.rhythm = pilot.rhythm;
    this.hypotheses = pilot.hypotheses.map((h): HypothesisRow => ({ key: this.#nextKey++, text: h.text }));
  }

  #fillDefaults(props: ScopeProps, zone: string): void {
    const scope = this.rules;
    this.creators = formatNumber(scope.creators.default, locale.lang);
    this.deliverables = formatNumber(scope.deliverables.default, locale.lang);
    this.#datesToFill = true;
    this.fillDefaultDates(zone);
    this.endTouched = false;
    this.revisionLimit = formatNumber(scope.revisionLimit.default, locale.lang);
    this.amount = "";
    this.currency = "USD";
    this.currencyOther = "";
    this.metrics = props.partner.markets.map((market): MetricRow => ({
      key: this.#nextKey++,
      market,
      name: "",
      target: "",
      unit: "count",
      currency: "",
      currencyOther: "",
    }));
    this.rhythm = t("scope.rhythmDefault");
    this.hypotheses = Array.from({ length: HYPOTHESES_MIN }, (): HypothesisRow => ({ key: this.#nextKey++, text: "" }));
  }

  get partner(): Partner {
    return this.#props.partner;
  }

  /** The scope limits of the partner's framework version, for this campaign. */
  get rules(): ScopeRules {
    const definition = this.#props.framework.definition;
    return (this.#props.campaignNo ?? 1) > 1 ? (definition.campaignScope ?? definition.scope) : definition.scope;
  }

  invalid(name: string): boolean {
    return this.field === name;
  }

  describedBy(name: string, hint?: string): string | undefined {
    return this.field === name ? "scope-error" : hint;
  }

  clearProblems(): void {
    this.error = null;
    this.localError = null;
  }

  /** What the form holds, to tell whether it differs from what was last saved. */
  snapshot(): string {
    return JSON.stringify({
      creators: this.creators,
      deliverables: this.deliverables,
      startDate: this.startDate,
      startTime: this.startTime,
      endDate: this.endDate,
      endTime: this.endTime,
      revisionLimit: this.revisionLimit,
      amount: this.amount,
      currency: effectiveCurrency(this.currency, this.currencyOther),
      metrics: this.metrics.map((m) => [
        m.market,
        m.name,
        m.target,
        m.unit,
        effectiveCurrency(m.currency, m.currencyOther),
      ]),
      roles: this.roles,
      rhythm: this.rhythm,
      hypotheses: this.hypotheses.map((h) => h.text),
    });
  }

  /**
   * A new pilot's suggested dates: tomorrow 10:00 in the user's zone, for the default duration.
   * Today's date comes from Rust, so this runs again (from the form's effect) until it has it;
   * only a suggestion — the instant sent is the one the user leaves in the inputs.
   */
  fillDefaultDates(zone: string = session.timeZone): void {
    if (!this.#datesToFill) return;
    const today = todayIn(zone);
    if (!today) return;
    this.#datesToFill = false;
    if (this.startDate !== "" || this.endDate !== "") return;
    // Today: a pilot can be started within its scoped dates only (core/src/dates.rs).
    this.startDate = today;
    this.startTime = "10:00";
    this.endDate = addDays(this.startDate, this.rules.durationDays.default);
    this.endTime = "10:00";
  }

  /** Waits until Rust has read the typed dates (a save sends only what Rust read). */
  async settle(): Promise<void> {
    const zone = session.timeZone;
    const shown = [this.partner.homeTimeZone];
    await clock.wallAsync("startsAt", this.startDate, this.startTime, zone, shown);
    await clock.wallAsync("endsAt", this.endDate, this.endTime, zone, shown);
  }

  onStartChanged(): void {
    if (this.endTouched || !this.startDate) return;
    this.endDate = addDays(this.startDate, this.rules.durationDays.default);
    this.endTime = this.startTime;
  }

  addMetric(): void {
    const markets = this.#props.partner.markets;
    const used = this.metrics.map((m) => m.market);
    const market = markets.find((m) => !used.includes(m)) ?? markets[0] ?? "";
    this.metrics.push({
      key: this.#nextKey++,
      market,
      name: "",
      target: "",
      unit: "count",
      currency: "",
      currencyOther: "",
    });
  }

  removeMetric(key: number): void {
    this.metrics = this.metrics.filter((m) => m.key !== key);
  }

  addHypothesis(): void {
    if (this.hypotheses.length < HYPOTHESES_MAX) this.hypotheses.push({ key: this.#nextKey++, text: "" });
  }

  removeHypothesis(key: number): void {
    if (this.hypotheses.length > HYPOTHESES_MIN) this.hypotheses = this.hypotheses.filter((h) => h.key !== key);
  }

  /**
   * The scope to send, or a local problem: a date or a number that cannot be read at all (Rust
   * judges the rest: limits, required texts, the hypotheses' count).
   */
  build(): PilotScopeInput | LocalProblem {
    const { start, end } = this;
    if (start.kind === "gap") return { field: "startsAt", text: t("scope.dstGap") };
    if (start.kind !== "ok") return { field: "startsAt", text: t("scope.error.dateTime") };
    if (end.kind === "gap") return { field: "endsAt", text: t("scope.dstGap") };
    if (end.kind !== "ok") return { field: "endsAt", text: t("scope.error.dateTime") };
    const counts = { creators: 0, deliverables: 0, revisionLimit: 0 };
    const labels = {
      creators: "scope.creators",
      deliverables: "scope.deliverables",
      revisionLimit: "scope.revisionLimit",
    } as const;
    for (const key of ["creators", "deliverables", "revisionLimit"] as const) {
      const read = readNumber(this[key], t(labels[key]), { whole: true });
      if (!read.ok) return { field: key, text: read.message };
      counts[key] = read.value;
    }
    const amount = readNumber(this.amount, t("scope.amount"), { maxDecimals: 2 });
    if (!amount.ok) return { field: "paymentAmount", text: amount.message };
    const out: NonNullable<PilotScopeInput["metrics"]> = [];
    for (const [i, m] of this.metrics.entries()) {
      const target = readNumber(m.target, t("scope.metricTarget", { n: i + 1 }));
      if (!target.ok) return { field: "metrics.target", text: target.message, row: m.key };
      out.push({
        market: m.market,
        name: m.name,
        unit: m.unit,
        target: target.value,
        currency: m.unit === "money" ? effectiveCurrency(m.currency, m.currencyOther) || null : null,
      });
    }
    return {
      creators: counts.creators,
      deliverables: counts.deliverables,
      startsAt: start.utc,
      endsAt: end.utc,
      revisionLimit: counts.revisionLimit,
      paymentAmount: amount.text,
      currency: effectiveCurrency(this.currency, this.currencyOther),
      metrics: out,
      roles: { ...this.roles },
      rhythm: this.rhythm,
      hypotheses: this.hypotheses.map((h) => h.text),
    };
  }
}
