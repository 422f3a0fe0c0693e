// The one clock for every zone. Rust (chrono-tz) turns instants into wall-clock times and wall-clock
// times into instants; the window never does either with its engine's own time-zone data (WebKit's
// is older: it has Almaty on +06 and no America/Ciudad_Juarez). Here the window only asks, keeps the
// answers, and formats wall-clock parts it was given (pure formatting: `timeZone: "UTC"` on a value
// already shifted to the wall clock).
//
// Reads are synchronous and reactive: `zoned(utc, zone)` answers from the cache, or returns
// `undefined` and asks Rust (batched, one call per zone each tick); when the answer arrives every
// view that asked shows it. Saves await the same answers (`wallAsync`), never a guess.

import { SvelteMap } from "svelte/reactivity";
import type { Field, ZonedInstant, ZonedTime } from "../bindings";
import type { WallTime } from "./types";
import type { Lang } from "../i18n/format";
import { utcDateFormat } from "../i18n/intl";

/** What the clock asks Rust; `commands` in the app, a fake in the tests. */
export type ClockBackend = {
  zonedInstants(instants: string[], zones: string[]): Promise<(ZonedInstant | null)[]>;
  resolveWallTime(input: {
    field: Field;
    date: string;
    time: string;
    zone: string;
    shownIn: string[];
  }): Promise<WallTime>;
};

/**
 * A typed date and time read on a zone's wall clock:
 * - "pending": Rust has not answered yet;
 * - "invalid": not a date and time (or an unknown zone) — the form says so;
 * - "gap": the clocks skip this time (spring forward) — refused, never moved;
 * - "ok": the instant (the earlier of two when the clocks repeat the hour: `ambiguous`).
 */
export type WallReading =
  | { kind: "pending" }
  | { kind: "invalid"; error: unknown }
  | { kind: "gap" }
  | { kind: "ok"; utc: string; ambiguous: boolean; instant: ZonedInstant; later: ZonedInstant | null };

const PENDING: WallReading = { kind: "pending" };
const CACHE_MAX = 20_000;

export class Clock {
  readonly #backend: ClockBackend;
  /** `utc|zone` → the wall clock there; null when Rust could not read it. */
  readonly #instants = new SvelteMap<string, ZonedTime | null>();
  /** `date|time|zone|shownIn|field` → the reading. */
  readonly #walls = new SvelteMap<string, WallReading>();
  /** Asked, not yet answered (plain, not reactive: filled while views render). */
  readonly #asked = new Map<string, Set<string>>();
  readonly #inFlight = new Map<string, Promise<WallReading>>();
  #flushing: Promise<void> | null = null;

  constructor(backend: ClockBackend) {
    this.#backend = backend;
  }

  /** `utc` on the wall clock of `zone`; `undefined` while Rust is asked, null if it cannot say. */
  zoned(utc: string, zone: string): ZonedTime | null | undefined {
    const key = `${utc}|${zone}`;
    if (this.#instants.has(key)) return this.#instants.get(key);
    let set = this.#asked.get(zone);
    if (!set) this.#asked.set(zone, (set = new Set()));
    if (!set.has(utc)) {
      set.add(utc);
      this.#schedule();
    }
    return undefined;
  }

  /** Resolves once every instant asked so far has its answer (for tests and saves). */
  async settled(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    await Promise.all(this.#inFlight.values());
  }

  #schedule(): void {
    if (this.#flushing) return;
    this.#flushing = Promise.resolve().then(() => this.#flush());
  }

  async #flush(): Promise<void> {
    const batches = [...this.#asked.entries()].map(([zone, set]) => ({ zone, instants: [...set] }));
    this.#asked.clear();
    await Promise.all(
      batches.map(async ({ zone, instants }) => {
        let answers: (ZonedInstant | null)[] = [];
        try {
          answers = await this.#backend.zonedInstants(instants, [zone]);
        } catch {
          answers = [];
        }
        if (this.#instants.size > CACHE_MAX) this.#instants.clear();
        instants.forEach((utc, i) => this.#instants.set(`${utc}|${zone}`, answers[i]?.zones[0] ?? null));
      }),
    );
    this.#flushing = null;
    if (this.#asked.size > 0) this.#schedule();
  }

  /** `date` `time` on the wall clock of `zone`, shown also in `shownIn` (reactive; asks Rust once). */
  wall(field: Field, date: string, time: string, zone: string, shownIn: string[] = []): WallReading {
    const key = [date.trim(), time.trim(), zone, shownIn.join(","), field].join("|");
    const known = this.#walls.get(key);
    if (known) return known;
    if (!this.#inFlight.has(key)) {
      // Asked after this render: state written from a microtask, never during one.
      const pending = Promise.resolve().then(() => this.#resolve(key, field, date, time, zone, shownIn));
      this.#inFlight.set(key, pending);
    }
    return PENDING;
  }

  /** The same reading, awaited: what a save sends. */
  async wallAsync(
    field: Field,
    date: string,
    time: string,
    zone: string,
    shownIn: string[] = [],
  ): Promise<WallReading> {
    const first = this.wall(field, date, time, zone, shownIn);
    if (first.kind !== "pending") return first;
    const key = [date.trim(), time.trim(), zone, shownIn.join(","), field].join("|");
    return (await this.#inFlight.get(key)) ?? this.wall(field, date, time, zone, shownIn);
  }

  async #resolve(
    key: string,
    field: Field,
    date: string,
    time: string,
    zone: string,
    shownIn: string[],
  ): Promise<WallReading> {
    let reading: WallReading = { kind: "invalid", error: null };
    if (date.trim() !== "" && time.trim() !== "" && zone.trim() !== "") {
      try {
        const w = await this.#backend.resolveWallTime({ field, date, time, zone, shownIn });
        if (w.resolution === "gap" || !w.instant) reading = { kind: "gap" };
        else
          reading = {
            kind: "ok",
            utc: w.instant.utc,
            ambiguous: w.resolution === "ambiguous",
            instant: w.instant,
            later: w.later,
          };
      } catch (error) {
        reading = { kind: "invalid", error };
      }
    }
    if (this.#walls.size > CACHE_MAX) this.#walls.clear();
    this.#walls.set(key, reading);
    this.#inFlight.delete(key);
    return reading;
  }
}

/** The instant text of `now` cut to the minute, so "now" readings share cache entries. */
export function minuteOf(now: number): string {
  return new Date(Math.floor(now / 60_000) * 60_000).toISOString();
}

// Pure formatting of wall-clock parts Rust gave (no zone data used: the value is read as UTC).

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

/** The wall-clock parts as a Date whose UTC fields are them (for formatting only). */
export function wallDate(date: string, time = "00:00"): Date | null {
  const d = DATE_RE.exec(date);
  const t = TIME_RE.exec(time);
  if (!d || !t) return null;
  return new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2])));
}

export type WallStyle = "dateTime" | "date" | "weekdayTime" | "short" | "compact" | "compactYear";

const STYLES: Record<WallStyle, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  date: { dateStyle: "medium" },
  weekdayTime: { weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  short: { day: "numeric", month: "short" },
  compact: { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" },
  compactYear: { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" },
};

/** Rust's wall-clock parts as text in `lang`: "10 дек. 2026 г., 12:00". */
export function formatWall(z: Pick<ZonedTime, "date" | "time">, lang: Lang, style: WallStyle = "dateTime"): string {
  const at = wallDate(z.date, z.time);
  if (!at) return `${z.date} ${z.time}`.trim();
  return utcDateFormat(lang, STYLES[style]).format(at);
}
