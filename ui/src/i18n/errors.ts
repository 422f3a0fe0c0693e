// Turns an error from Rust into a sentence in the current language. Every error code has a key
// `error.<code>` (checked by the compiler); a more specific `error.<code>.<field>` wins where one
// exists (the hypotheses' "3 to 5"). Parameters that are codes (a field, an entity, an action, a
// state) are translated through `field.*`, `entity.*`, `action.*`, `state.*` where known; a form
// may name a field by its own visible label instead (`labels`). Instants arrive rendered by Rust
// in the user's zone (a ZonedInstant) and are shown as a date and time; a `date` as a date.
// Nothing raw reaches the window: an IPC error that is not an IpcError (a value Tauri could not
// deserialise) becomes "a value could not be read", naming the form by its command.

import type { Field, ZonedInstant } from "../bindings";
import { isIpcError } from "../lib/api";
import { formatZonedTime } from "../lib/pilot/zoned";
import { dictionaries, type MessageKey } from "./dictionary";
import { render, type Lang, type Params } from "./format";
import { utcDateFormat } from "./intl";

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
  problem: (v) => [`fileProblem.${v}`],
};

/** A form's own names for the fields it shows (its visible labels). */
export type FieldLabels = Partial<Record<Field, string>>;

function isZonedInstant(value: unknown): value is ZonedInstant {
  return typeof value === "object" && value !== null && "utc" in value && "zones" in value;
}

/** "2026-12-01" as the language writes a date: "1 Dec 2026" / "1 дек. 2026 г.". */
export function formatDay(date: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return utcDateFormat(lang, { dateStyle: "medium" }).format(at);
}

/** The command a Tauri deserialisation error names ("… for command `create_pilot` …"), camelCased. */
function commandOf(message: string): string | null {
  const m = /command [`'"]?([a-z_]+)/.exec(message);
  return m?.[1] ? m[1].replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : null;
}

export function errorText(lang: Lang, error: unknown, labels: FieldLabels = {}): string {
  const d = dictionaries[lang];
  if (!isIpcError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    const command = commandOf(message);
    const formKey = `command.${command}`;
    const form = command && formKey in d ? render(lang, d[formKey as MessageKey]) : render(lang, d["command.unknown"]);
    if (/invalid args|invalid type|invalid value|missing field|unknown field|expected/i.test(message)) {
      console.error("vetta: a value could not be read:", message);
      return render(lang, d["error.unreadable"], { form });
    }
    console.error("vetta: unexpected failure:", message);
    return render(lang, d["error.unexpected"], { form });
  }
  const params: Params = {};
  for (const [name, value] of Object.entries(error)) {
    if (name === "code") continue;
    if (typeof value === "string" || typeof value === "number") params[name] = value;
    else if (isZonedInstant(value)) {
      const first = value.zones[0];
      params[name] = first ? formatZonedTime(first, lang) : value.utc;
    }
  }
  if (typeof params.date === "string") params.date = formatDay(params.date, lang);
  const field = "field" in error ? (error.field as Field) : null;
  for (const [name, keys] of Object.entries(CODE_PARAMS)) {
    const value = params[name];
    if (typeof value === "string") params[name] = named(lang, value, keys(value));
  }
  // A refused file's reason may quote the size limit.
  if (error.code === "file_refused") {
    const key = `fileProblem.${error.problem}`;
    if (key in d) params.problem = render(lang, d[key as MessageKey], { maxMegabytes: error.maxMegabytes });
  }
  if (field && labels[field]) params.field = labels[field];
  // An empty value is never quoted: say what is missing instead.
  if ("value" in params && String(params.value).trim() === "" && `error.${error.code}.empty` in d) {
    return render(lang, d[`error.${error.code}.empty` as MessageKey], params);
  }
  const specific = `error.${error.code}.${field ?? ""}`;
  if (field && specific in d) return render(lang, d[specific as MessageKey], params);
  // An instant is never quoted as Rust wrote it.
  if (error.code === "invalid_value" && /^\d{4}-\d{2}-\d{2}T/.test(error.value.trim())) {
    return render(lang, d["error.invalid_value.instant"], params);
  }
  return render(lang, d[`error.${error.code}`], params);
}
