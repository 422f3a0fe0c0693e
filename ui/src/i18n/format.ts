// Pure message formatting: no Svelte state here, so it is unit-testable.

import { numberFormat } from "./intl";

export type Lang = "ru" | "en";
export const LANGS: readonly Lang[] = ["ru", "en"];

/**
 * Plural forms as CLDR names them; `other` is always required. `zero`, when given, is used for 0 in
 * every language (CLDR puts Russian 0 under `many`, English 0 under `other`: "только 0" reads wrong).
 */
export type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
export type Message = string | PluralForms;
export type Params = Record<string, string | number>;

/** Replaces `{name}` with `params.name`; unknown placeholders are left visible. */
export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The CLDR plural category of `count` in `lang` ("one", "few", "many", "other"…). */
export function pluralCategory(lang: Lang, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

/** Renders one message; plural messages use `params.n`, formatted as a number in `lang`. */
export function render(lang: Lang, message: Message, params: Params = {}): string {
  if (typeof message === "string") return interpolate(message, params);
  const n = typeof params.n === "number" ? params.n : 0;
  const form = (n === 0 ? message.zero : undefined) ?? message[pluralCategory(lang, n)] ?? message.other;
  return interpolate(form, { ...params, n: numberFormat(lang).format(n) });
}
