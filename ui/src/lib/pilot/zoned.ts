// Pilot dates and numbers, pure: no Svelte state, no "now", no time-zone data. Instants come from
// Rust already rendered in each zone (ZonedInstant); a typed wall-clock time becomes an instant in
// Rust too (time.ts `clock`). Here the wall-clock parts are only picked and formatted.

import type { ZonedInstant, ZonedTime } from "../../bindings";
import type { Lang } from "../../i18n/format";
import { utcDateFormat } from "../../i18n/intl";

const DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::\d{2})?$/;

/** Parses "YYYY-MM-DD" and "HH:MM" into calendar milliseconds (no zone), or null when malformed. */
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

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * Rust's rendering of a stored instant in `zone`. Every pilot read and write renders both the
 * viewer's zone and the partner's, so the window never computes a stored instant's wall clock itself
 * (null only for a zone Rust was not asked for).
 */
export function inZone(instant: ZonedInstant, zone: string): ZonedTime | null {
  return instant.zones.find((z) => z.zone === zone) ?? null;
}

/** A ZonedTime as readable text: "30 июн. 2026 г., 23:00 PDT". */
export function formatZonedTime(z: ZonedTime, lang: Lang): string {
  const local = parseLocal(z.date, z.time);
  if (local === null) return `${z.date} ${z.time} ${z.abbreviation}`;
  const text = utcDateFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(local));
  return `${text} ${z.abbreviation}`;
}

/** A short date for axis labels: "30 июн." / "Jun 30". */
export function formatShortDate(date: string, lang: Lang): string {
  const local = parseLocal(date, "00:00");
  if (local === null) return date;
  return utcDateFormat(lang, { day: "numeric", month: "short" }).format(new Date(local));
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
