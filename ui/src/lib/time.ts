// Instants are UTC text from Rust; they are only ever formatted here, never computed with.

import type { Lang } from "../i18n/format";

export function formatDate(iso: string, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone }).format(new Date(iso));
}

/** The wall-clock time now in `timeZone`, e.g. "Sun 09:41". */
export function timeNowIn(timeZone: string, lang: Lang, now: Date): string {
  try {
    return new Intl.DateTimeFormat(lang, {
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      timeZone,
    }).format(now);
  } catch {
    return "—";
  }
}

/** Every IANA zone the engine knows, for the time zone picker's suggestions. */
export function knownTimeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? ["Europe/Moscow", "America/Los_Angeles", "America/New_York"];
}

/** Date and time of an instant in `timeZone`, e.g. "22 нояб. 2026 г., 12:00". */
export function formatDateTime(iso: string, lang: Lang, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
  } catch {
    return iso;
  }
}
