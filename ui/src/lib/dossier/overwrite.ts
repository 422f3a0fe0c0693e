// A partner field's history as the dossier shows it (sync/edits.rs): which profile field a stored
// column is, its value as text, and the edit that keeps one value of a concurrent overwrite (a
// normal edit: made having seen both values, it resolves the overwrite on every device).

import type { ZonedTime } from "../../bindings";
import type { Lang } from "../../i18n/format";
import { formatZonedTime } from "../pilot/zoned";
import { formatDateTime } from "../time";
import type { Contact, FieldEdit, FieldHistory, PartnerEditInput } from "../types";
import { formatContacts } from "./edit";

/** The profile fields the dossier shows a history for, by their stored column. */
export const PROFILE_FIELDS = ["kind", "home_tz", "languages", "contacts", "found_via", "notes"] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export function historyOf(history: FieldHistory[], field: ProfileField): FieldHistory | null {
  return history.find((h) => h.field === field) ?? null;
}

function parsed<T>(value: string | null, fallback: T): T {
  if (value === null) return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

/** The edit request that sets `field` back to `value` (every other field as it is now). */
export function choose(field: ProfileField, value: string | null): Partial<PartnerEditInput> {
  switch (field) {
    case "kind":
      return { kind: (value ?? "other") as PartnerEditInput["kind"] };
    case "home_tz":
      return { homeTimeZone: value ?? "" };
    case "languages":
      return { languages: parsed<string[]>(value, []) };
    case "contacts":
      return { contacts: parsed<Contact[]>(value, []) };
    case "found_via":
      return { foundVia: value ?? "" };
    case "notes":
      return { notes: value ?? "" };
  }
}

/** A stored value as the profile shows it (`kind` is named by the caller's translation). */
export function valueText(field: ProfileField, value: string | null, kindText: (k: string) => string): string {
  switch (field) {
    case "kind":
      return value === null ? "" : kindText(value);
    case "languages":
      return parsed<string[]>(value, []).join(", ");
    case "contacts":
      return formatContacts(parsed<Contact[]>(value, [])).replaceAll("\n", "; ");
    default:
      return value ?? "";
  }
}

/** The device's wall time and the reader's (the same zone once). */
export function times(edit: Pick<FieldEdit, "at">): { there: ZonedTime; here: ZonedTime | null } | null {
  const zones = edit.at.zones;
  const there = zones[0];
  const here = zones[zones.length - 1];
  if (!there || !here) return null;
  return { there, here: zones.length > 1 ? here : null };
}

/** "14:05 MSK (your time: 06:05 EST)" — when a device wrote it, in its zone and the reader's. */
export function whenText(
  edit: Pick<FieldEdit, "at">,
  lang: Lang,
  template: (there: string, here: string) => string,
): string {
  const at = times(edit);
  if (!at) return formatDateTime(edit.at.utc, lang, "UTC");
  const there = formatZonedTime(at.there, lang);
  return at.here ? template(there, formatZonedTime(at.here, lang)) : there;
}
