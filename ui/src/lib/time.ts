// Instants are UTC text from Rust. Their wall clock in a zone comes from Rust too (`clock`, see
// clock.ts); here it is only formatted. While Rust is being asked a reading shows "…".

import { commands, type Field } from "../bindings";
import type { Lang } from "../i18n/format";
import { call } from "./api";
import { Clock, formatWall, minuteOf, type WallStyle } from "./clock";

/** The app's one clock (Rust's chrono-tz behind it). */
export const clock = new Clock({
  zonedInstants: (instants, zones) => call(commands.zonedInstants(instants, zones)),
  resolveWallTime: (input) => call(commands.resolveWallTime(input)),
});

const WAITING = "…";

function styled(iso: string, lang: Lang, timeZone: string, style: WallStyle): string {
  const z = clock.zoned(iso, timeZone);
  if (z === undefined) return WAITING;
  return z ? formatWall(z, lang, style) : iso;
}

/** The calendar date of an instant in `timeZone`, e.g. "22 нояб. 2026 г.". */
export function formatDate(iso: string, lang: Lang, timeZone: string): string {
  return styled(iso, lang, timeZone, "date");
}

/** Date and time of an instant in `timeZone`, e.g. "22 нояб. 2026 г., 12:00". */
export function formatDateTime(iso: string, lang: Lang, timeZone: string): string {
  return styled(iso, lang, timeZone, "dateTime");
}

/** Day, month and time, the year only when it is not this year's there: "20 июн., 23:05". */
export function formatCompact(iso: string, lang: Lang, timeZone: string, now: Date = new Date()): string {
  const z = clock.zoned(iso, timeZone);
  const today = todayIn(timeZone, now);
  if (z === undefined || today === null) return WAITING;
  if (!z) return iso;
  return formatWall(z, lang, z.date.slice(0, 4) === today.slice(0, 4) ? "compact" : "compactYear");
}

/** The wall-clock time now in `timeZone`, e.g. "Sun 09:41" (`now` is the instant, from the caller). */
export function timeNowIn(timeZone: string, lang: Lang, now: Date): string {
  return styled(minuteOf(now.getTime()), lang, timeZone, "weekdayTime");
}

/** The calendar date `YYYY-MM-DD` it is at `now` in `timeZone` (null while Rust is asked). */
export function todayIn(timeZone: string, now: Date = new Date()): string | null {
  return clock.zoned(minuteOf(now.getTime()), timeZone)?.date ?? null;
}

/**
 * A calendar date a person chose, as the instant sent: noon of that day on the wall clock of
 * `timeZone` (noon, so the date reads the same from Moscow to California; `time` for another hour),
 * resolved by Rust. A
 * malformed date throws Rust's refusal naming `field`; an empty one is sent as typed, for Rust to
 * refuse as empty.
 */
export async function dayInstant(field: Field, date: string, timeZone: string, time = "12:00"): Promise<string> {
  if (date.trim() === "") return date;
  const reading = await clock.wallAsync(field, date, time, timeZone);
  if (reading.kind === "ok") return reading.utc;
  if (reading.kind === "invalid" && reading.error) throw reading.error;
  return date;
}

/**
 * A typed date and time on `timeZone`'s wall clock as the instant to send, read by Rust: its UTC
 * text, "gap" when the clocks skip that time that day (refused, never moved), or null when it is
 * not a date and time.
 */
export async function wallInstant(field: Field, date: string, time: string, timeZone: string): Promise<string | null> {
  const reading = await clock.wallAsync(field, date, time, timeZone);
  if (reading.kind === "ok") return reading.utc;
  return reading.kind === "gap" ? "gap" : null;
}
