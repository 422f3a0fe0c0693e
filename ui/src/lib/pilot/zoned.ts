// Date and time in named IANA zones, for pilot deadlines. Pure: no Svelte state, no "now".
//
// A user types a wall-clock date and time in their own zone; Rust stores the instant in UTC.
// `zonedToUtc` is the one place that turns the first into the second, DST-aware via Intl (the
// process's own zone never matters). Rendering prefers Rust's ZonedInstant; `zonedParts` is the
// same rendering done here, for zones Rust did not render (e.g. right after create).

import type { ZonedInstant, ZonedTime } from "../../bindings";
import type { Lang } from "../../i18n/format";

const MINUTE = 60_000;
const DAY = 86_400_000;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormats.set(zone, f);
  }
  return f;
}

/** Whether Intl knows `zone` as an IANA name. */
export function isKnownZone(zone: string): boolean {
  try {
    partsFormat(zone);
    return zone.trim() !== "";
  } catch {
    return false;
  }
}

/** The wall clock of `epochMs` in `zone`, expressed as if it were UTC milliseconds. */
function wallClock(epochMs: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of partsFormat(zone).formatToParts(new Date(epochMs))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const hour = parts.hour === 24 ? 0 : (parts.hour ?? 0);
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    hour,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

/** The UTC offset in force in `zone` at `epochMs`, in minutes (Moscow +180, PDT −420). */
export function offsetMinutes(epochMs: number, zone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return Math.round((wallClock(whole, zone) - whole) / MINUTE);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::\d{2})?$/;

/**
 * How a local wall-clock time maps to instants:
 * - "exact": exactly one instant;
 * - "gap": the clock skipped this time (spring forward); the time is moved forward by the gap;
 * - "ambiguous": the clock showed this time twice (fall back); the earlier instant is taken.
 */
export type Resolution = "exact" | "gap" | "ambiguous";

export type ZonedToUtc = { utc: string; resolution: Resolution };

/** Parses "YYYY-MM-DD" and "HH:MM" into wall-clock milliseconds, or null when malformed. */
function parseLocal(date: string, time: string): number | null {
  const d = DATE_RE.exec(date.trim());
  const t = TIME_RE.exec(time.trim());
  if (!d || !t) return null;
  const [y, mo, da] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [h, mi] = [Number(t[1]), Number(t[2])];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return null;
  const local = Date.UTC(y, mo - 1, da, h, mi);
  const check = new Date(local);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da) return null;
  return local;
}

/**
 * The instant a date and time on the wall clock of `zone` stand for, with how it was resolved.
 * Null when the date or time is malformed or the zone unknown. DST follows the JavaScript
 * Temporal "compatible" rule: a skipped time moves forward, a repeated time takes the earlier.
 */
export function resolveZoned(date: string, time: string, zone: string): ZonedToUtc | null {
  const local = parseLocal(date, time);
  if (local === null || !isKnownZone(zone)) return null;
  // Offsets a day either side cover any single transition near this wall-clock time.
  const before = offsetMinutes(local - DAY, zone) * MINUTE;
  const after = offsetMinutes(local + DAY, zone) * MINUTE;
  const candidates = [...new Set([local - before, local - after])]
    .filter((epoch) => wallClock(epoch, zone) === local)
    .sort((a, b) => a - b);
  const [first] = candidates;
  if (first !== undefined) {
    return { utc: toRfc3339(first), resolution: candidates.length > 1 ? "ambiguous" : "exact" };
  }
  // In a gap: read the wall time with the offset in force before the jump (02:30 PST → 03:30 PDT).
  return { utc: toRfc3339(local - before), resolution: "gap" };
}

/** `zonedToUtc("2026-03-08", "03:00", "America/Los_Angeles")` → `"2026-03-08T10:00:00Z"`. */
export function zonedToUtc(date: string, time: string, zone: string): string | null {
  return resolveZoned(date, time, zone)?.utc ?? null;
}

/** RFC 3339 UTC without fractions, as Rust writes instants. */
export function toRfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant as seen in `zone`, shaped like Rust's ZonedTime (abbreviation from Intl). */
export function zonedParts(utc: string, zone: string): ZonedTime | null {
  const epoch = Date.parse(utc);
  if (Number.isNaN(epoch) || !isKnownZone(zone)) return null;
  const wall = new Date(wallClock(epoch, zone));
  const offset = offsetMinutes(epoch, zone);
  let abbreviation = formatOffset(offset);
  try {
    const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" })
      .formatToParts(new Date(epoch))
      .find((p) => p.type === "timeZoneName")?.value;
    if (name && !name.startsWith("GMT")) abbreviation = name;
  } catch {
    // keep the offset
  }
  return {
    zone,
    date: `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
    time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`,
    offset: formatOffset(offset),
    abbreviation,
  };
}

/**
 * Rust's rendering of a stored instant in `zone`. Every pilot read and write renders both the
 * viewer's zone and the partner's, so the window never computes a stored instant's wall clock itself
 * (null only for a zone Rust was not asked for).
 */
export function inZone(instant: ZonedInstant, zone: string): ZonedTime | null {
  return instant.zones.find((z) => z.zone === zone) ?? null;
}

/** A readable date and time in `zone` and `lang`, e.g. "30 июн. 2026 г., 23:00". */
export function formatInstant(utc: string, zone: string, lang: Lang): string {
  const epoch = Date.parse(utc);
  if (Number.isNaN(epoch)) return utc;
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(
      new Date(epoch),
    );
  } catch {
    return utc;
  }
}

/** A ZonedTime as readable text: "30 июн. 2026 г., 23:00 PDT". */
export function formatZonedTime(z: ZonedTime, lang: Lang): string {
  const local = parseLocal(z.date, z.time);
  if (local === null) return `${z.date} ${z.time} ${z.abbreviation}`;
  const text = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(
    new Date(local),
  );
  return `${text} ${z.abbreviation}`;
}

/** A short date for axis labels: "30 июн." / "Jun 30". */
export function formatShortDate(date: string, lang: Lang): string {
  const local = parseLocal(date, "00:00");
  if (local === null) return date;
  return new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(local));
}

/** Adds whole calendar days to "YYYY-MM-DD" (no zone involved: a wall-calendar step). */
export function addDays(date: string, days: number): string {
  const local = parseLocal(date, "00:00");
  if (local === null) return date;
  const d = new Date(local + days * DAY);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Hours between two instants (positive when `to` is later), or null when either is malformed. */
export function hoursBetween(from: string, to: string): number | null {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  return (b - a) / 3_600_000;
}
