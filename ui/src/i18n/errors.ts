// Turns an error from Rust into a sentence in the current language. Every error code has a key
// `error.<code>` (checked by the compiler), and every field name a key `field.<name>` where known.

import type { IpcError } from "../bindings";
import { dictionaries, type MessageKey } from "./dictionary";
import { render, type Lang, type Params } from "./format";

function isIpcError(value: unknown): value is IpcError {
  return typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "string";
}

function fieldName(lang: Lang, field: string): string {
  const key = `field.${field}`;
  if (key in dictionaries[lang]) return render(lang, dictionaries[lang][key as MessageKey]);
  return field;
}

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
  if (typeof params.field === "string") params.field = fieldName(lang, params.field);
  return render(lang, dictionaries[lang][key], params);
}
