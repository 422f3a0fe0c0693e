// Turns an error from Rust into a sentence in the current language. Every error code has a key
// `error.<code>` (checked by the compiler); parameters that are codes (a field, an entity, an
// action, a state) are translated through `field.*`, `entity.*`, `action.*`, `state.*` where known.
// Fields, actions and states are closed lists from Rust, and each has a text in both languages
// (checked by the compiler in areas/errors.ts).

import { isIpcError } from "../lib/api";
import { dictionaries, type MessageKey } from "./dictionary";
import { render, type Lang, type Params } from "./format";

/** The first of `keys` the dictionary has, rendered; else the raw value. */
function named(lang: Lang, raw: string, keys: string[]): string {
  for (const key of keys) {
    if (key in dictionaries[lang]) return render(lang, dictionaries[lang][key as MessageKey]);
  }
  return raw;
}

/** How each error parameter that holds a code (not user text) is translated. */
const CODE_PARAMS: Record<string, (value: string) => string[]> = {
  field: (v) => [`field.${v}`],
  entity: (v) => [`entity.${v}`],
  action: (v) => [`action.${v}`],
  state: (v) => [`state.${v}`],
  phase: (v) => [`phase.${v}`],
  table: (v) => [`table.${v}`],
};

export function errorText(lang: Lang, error: unknown): string {
  if (!isIpcError(error)) {
    return render(lang, dictionaries[lang]["error.unexpected"], { detail: String(error) });
  }
  const key: MessageKey = `error.${error.code}`;
  const params: Params = {};
  for (const [name, value] of Object.entries(error)) {
    if (name === "code") continue;
    if (typeof value === "string" || typeof value === "number") params[name] = value;
  }
  for (const [name, keys] of Object.entries(CODE_PARAMS)) {
    const value = params[name];
    if (typeof value === "string") params[name] = named(lang, value, keys(value));
  }
  return render(lang, dictionaries[lang][key], params);
}
