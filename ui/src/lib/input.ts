// Reading what a person typed into a number input, in the current language: the value, or the
// sentence to show beside the input (named by its visible label). Every form reads numbers here.

import { locale } from "../i18n/index.svelte";
import { numberProblemText } from "../i18n/input";
import { parseNumber, type NumberRules } from "./number";

export type NumberRead = { ok: true; text: string; value: number } | { ok: false; message: string };

export function readNumber(typed: string | number, label: string, rules: NumberRules = {}): NumberRead {
  const text = String(typed);
  const parsed = parseNumber(text, locale.lang, rules);
  if (parsed.ok) return parsed;
  return { ok: false, message: numberProblemText(locale.lang, label, text, parsed) };
}

/** An optional number: empty is `null` (not known), anything else must read. */
export function readOptionalNumber(
  typed: string | number | null | undefined,
  label: string,
  rules: NumberRules = {},
): { ok: true; value: number | null } | { ok: false; message: string } {
  if (typed === null || typed === undefined || String(typed).trim() === "") return { ok: true, value: null };
  const read = readNumber(typed, label, rules);
  return read.ok ? { ok: true, value: read.value } : read;
}
