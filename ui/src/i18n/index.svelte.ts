// The current language as Svelte state: every `t(...)` in a template re-renders when it changes.

import { dictionaries, loadDictionary, type MessageKey, type PluralKey } from "./dictionary";
import { errorText, type FieldLabels } from "./errors";
import { render, type Lang, type Params } from "./format";

export type { Lang };

export const locale = $state<{ lang: Lang }>({ lang: "en" });

/** Switches to `lang` once its dictionary is loaded (Russian is a chunk of its own). */
export async function setLang(lang: Lang): Promise<void> {
  await loadDictionary(lang);
  locale.lang = lang;
  document.documentElement.lang = lang;
}

/** Loads `lang`'s texts ahead of a switch (after the first paint), so the switch is instant. */
export function preloadLang(lang: Lang): void {
  loadDictionary(lang).catch(() => {});
}

export function t(key: Exclude<MessageKey, PluralKey>, params?: Params): string {
  return render(locale.lang, dictionaries[locale.lang][key], params);
}

/** A plural message for `n` ("5 партнёров"). */
export function tn(key: PluralKey, n: number, params: Params = {}): string {
  return render(locale.lang, dictionaries[locale.lang][key], { ...params, n });
}

/** A bilingual text from a framework, in the current language. */
export function tl(text: { ru: string; en: string }): string {
  return text[locale.lang] || text.en || text.ru;
}

/**
 * An error from Rust (or anything thrown) as a sentence in the current language; `labels` name
 * fields as the asking form shows them.
 */
export function errorMsg(error: unknown, labels?: FieldLabels): string {
  return errorText(locale.lang, error, labels);
}
