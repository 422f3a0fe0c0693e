// The one reader and writer of numbers a person types, in the interface language. Pure: the
// language is passed in.
//
// English writes 150,000.5 and Russian 150 000,5. Each language's own forms are read, and so are
// the other language's when they can mean only one thing: `150 000,5` in English, `1,500.00` in
// Russian. A form that two readers would read differently is refused with both readings, never
// guessed: a lone separator followed by exactly three digits (`1,500`, `1.500`) is a thousands
// separator or a decimal point, unless it is the interface language's own thousands separator
// (an English `150,000` is 150000).
//
// A number is kept as its canonical decimal text (`-?\d+(\.\d+)?`, no leading zeros), so nothing
// is rounded on the way to Rust: money crosses IPC as that text, other values as `Number(text)`.

import type { Lang } from "../i18n/format";
import { numberFormat } from "../i18n/intl";

/** Why a text is not a number. `ambiguous` carries both canonical readings (thousands first). */
export type NumberProblem =
  | { kind: "empty" }
  | { kind: "invalid" }
  | { kind: "ambiguous"; readings: [string, string] }
  | { kind: "negative" }
  | { kind: "whole" }
  | { kind: "decimals"; max: number };

export type ParsedNumber = { ok: true; text: string; value: number } | ({ ok: false } & NumberProblem);

export type NumberRules = {
  /** Only whole numbers (counts, limits, weights). */
  whole?: boolean;
  /** At most this many digits after the decimal point (money: 2). */
  maxDecimals?: number;
  /** A leading minus is allowed. */
  negative?: boolean;
};

/** Spaces that group thousands: space, no-break space, narrow no-break space, thin space. */
const SPACES = /[ \u00a0\u202f\u2009]/;
const GROUP_SEPARATOR: Record<Lang, string> = { en: ",", ru: "\u00a0" };
const DECIMAL_POINT: Record<Lang, string> = { en: ".", ru: "," };

/** "1", "150", "1500" with groups of three after a first group of 1–3 not starting with 0. */
function groupsValid(groups: string[]): boolean {
  const [first, ...rest] = groups;
  if (first === undefined || !/^\d{1,3}$/.test(first)) return false;
  if (rest.length > 0 && first.startsWith("0")) return false;
  return rest.every((g) => /^\d{3}$/.test(g));
}

/** Digits before and after the point → canonical text, e.g. ("0150", "50") → "150.50". */
function canonical(negative: boolean, whole: string, fraction: string): string {
  const w = whole.replace(/^0+(?=\d)/, "");
  const body = fraction === "" ? w : `${w}.${fraction}`;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

/**
 * The readings of an unsigned body: one reading, several (ambiguous) or none. Returns
 * [whole, fraction] pairs.
 */
function readings(body: string, lang: Lang): [string, string][] {
  if (/^\d+$/.test(body)) return [[body, ""]];
  if (!/^\d[\d., \u00a0\u202f\u2009]*\d$/.test(body)) return [];
  const hasSpace = SPACES.test(body);
  const commas = body.split(",").length - 1;
  const dots = body.split(".").length - 1;

  // Spaces group thousands; then at most one comma or point is the decimal point.
  if (hasSpace) {
    if (commas + dots > 1) return [];
    const [intPart = "", fraction = ""] = body.split(/[.,]/);
    const groups = intPart.split(SPACES);
    if (!groupsValid(groups) || (commas + dots === 1 && !/^\d+$/.test(fraction))) return [];
    return [[groups.join(""), fraction]];
  }
  // Both: the last one is the decimal point, the other groups thousands.
  if (commas > 0 && dots > 0) {
    const point = body.lastIndexOf(",") > body.lastIndexOf(".") ? "," : ".";
    const group = point === "," ? "." : ",";
    const at = body.lastIndexOf(point);
    const intPart = body.slice(0, at);
    const fraction = body.slice(at + 1);
    if (intPart.includes(point) || !/^\d+$/.test(fraction)) return [];
    const groups = intPart.split(group);
    if (groups.length < 2 || !groupsValid(groups)) return [];
    return [[groups.join(""), fraction]];
  }
  const sep = commas > 0 ? "," : ".";
  const parts = body.split(sep);
  // Several of one separator: only thousands read so.
  if (parts.length > 2) return groupsValid(parts) ? [[parts.join(""), ""]] : [];
  const [intPart = "", fraction = ""] = parts;
  const asDecimal: [string, string] = [intPart, fraction];
  if (!groupsValid(parts)) return [asDecimal];
  // One separator and three digits after it: thousands, or a decimal point.
  if (sep === GROUP_SEPARATOR[lang]) return [[parts.join(""), ""]];
  return [[parts.join(""), ""], asDecimal];
}

/** Reads what a person typed, in `lang`, under `rules`. */
export function parseNumber(text: string, lang: Lang, rules: NumberRules = {}): ParsedNumber {
  let body = text.trim().replace(/\u2212/g, "-");
  if (body === "") return { ok: false, kind: "empty" };
  const negative = body.startsWith("-");
  if (negative) body = body.slice(1).trimStart();
  const found = readings(body, lang);
  if (found.length === 0) return { ok: false, kind: "invalid" };
  if (found.length > 1) {
    const [a, b] = found.map(([w, f]) => canonical(negative, w, f));
    return { ok: false, kind: "ambiguous", readings: [a ?? "", b ?? ""] };
  }
  const [[whole = "", fraction = ""] = []] = found;
  const out = canonical(negative, whole, fraction);
  if (out.startsWith("-") && !rules.negative) return { ok: false, kind: "negative" };
  if (rules.whole && /[1-9]/.test(fraction)) return { ok: false, kind: "whole" };
  const decimals = fraction.replace(/0+$/, "").length;
  if (rules.maxDecimals !== undefined && decimals > rules.maxDecimals) {
    return { ok: false, kind: "decimals", max: rules.maxDecimals };
  }
  const kept = rules.whole ? canonical(negative, whole, "") : out;
  const value = Number(kept);
  if (!Number.isFinite(value)) return { ok: false, kind: "invalid" };
  return { ok: true, text: kept, value };
}

export type FormatOptions = {
  /** Group thousands (the default); off for a number quoted in a message to type as is. */
  grouping?: boolean;
  /** Pad the fraction to this many digits (money: 2). */
  minDecimals?: number;
};

/**
 * A number or canonical decimal text as `lang` writes it: 150,000.5 / 150 000,5. Exact: the digits
 * are the canonical text's, never rounded. Reads back with `parseNumber` to the same text: a value
 * that would look ambiguous (a decimal point followed by exactly three digits, 1.505) gets a fourth
 * fraction digit (1.5050).
 */
export function formatNumber(value: number | string, lang: Lang, options: FormatOptions = {}): string {
  const text = typeof value === "number" ? numberText(value) : value;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return text;
  const [, sign = "", whole = "", rawFraction = ""] = m;
  let fraction = rawFraction.padEnd(options.minDecimals ?? 0, "0");
  const grouping = options.grouping ?? true;
  const wholeText = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP_SEPARATOR[lang]) : whole;
  const loneGroup = whole.length <= 3 || !grouping;
  if (fraction.length === 3 && loneGroup && !whole.startsWith("0")) fraction += "0";
  return fraction === "" ? `${sign}${wholeText}` : `${sign}${wholeText}${DECIMAL_POINT[lang]}${fraction}`;
}

/** A finite number as plain decimal text (no exponent): 1e21 → "1000000000000000000000". */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const plain = String(value);
  if (!/e/i.test(plain)) return plain;
  return numberFormat("en-US", { useGrouping: false, maximumFractionDigits: 20 }).format(value);
}

export type MetricUnitName = "count" | "percent" | "money";

/** A metric value with its unit, exactly: "12,000", "3.5 %", "150 000,00 RUB" (money never bare). */
export function formatMetricValue(value: number, unit: MetricUnitName, currency: string | null, lang: Lang): string {
  if (unit === "money") {
    const code = (currency ?? "").toUpperCase();
    const amount = formatNumber(value, lang, { minDecimals: 2 });
    if (!code) return amount;
    return lang === "en" ? `${code}\u00a0${amount}` : `${amount}\u00a0${code}`;
  }
  const number = formatNumber(value, lang);
  return unit === "percent" ? `${number}\u00a0%` : number;
}

/** A payment amount (canonical decimal text from Rust) with its currency, exactly. */
export function formatMoney(amount: string, currency: string, lang: Lang): string {
  if (!/^-?\d+(\.\d+)?$/.test(amount)) return `${amount} ${currency}`;
  const code = currency.toUpperCase();
  const text = formatNumber(amount, lang, { minDecimals: 2 });
  return lang === "en" ? `${code}\u00a0${text}` : `${text}\u00a0${code}`;
}
