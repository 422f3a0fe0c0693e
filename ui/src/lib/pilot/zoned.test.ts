import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  addDays,
  formatInstant,
  formatZonedTime,
  hoursBetween,
  inZone,
  offsetMinutes,
  resolveZoned,
  zonedParts,
  zonedToUtc,
} from "./zoned";

// Fixed dates throughout: every function here takes its date or instant as input (zoned.ts reads
// no "now"), and the DST switches are table lookups of a known year (US, 2026: 8 March, 1 November).
const MSK = "Europe/Moscow";
const LA = "America/Los_Angeles";
const NY = "America/New_York";

// Run with the process in a half-hour zone that is neither party's: an implementation that leans on
// the machine's own zone (new Date("2026-03-08T02:30"), getTimezoneOffset) gives wrong answers.
beforeAll(() => {
  vi.stubEnv("TZ", "Asia/Kolkata");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

it("runs with the process in a zone of neither party", () => {
  // Fixed: Kolkata keeps +05:30 all year, so any date gives the same offset.
  expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(-330);
});

describe("zonedToUtc", () => {
  it("reads a Moscow wall-clock time as Moscow time (UTC+3, no DST)", () => {
    expect(zonedToUtc("2026-07-01", "09:00", MSK)).toBe("2026-07-01T06:00:00Z");
    expect(zonedToUtc("2026-01-15", "09:00", MSK)).toBe("2026-01-15T06:00:00Z");
  });

  it("uses the offset of the date typed, not of today (PDT in summer, PST in winter)", () => {
    expect(zonedToUtc("2026-06-30", "23:00", LA)).toBe("2026-07-01T06:00:00Z");
    expect(zonedToUtc("2026-12-01", "22:00", LA)).toBe("2026-12-02T06:00:00Z");
  });

  it("crosses the March switch in Los Angeles (8 March 2026, 02:00 → 03:00)", () => {
    expect(zonedToUtc("2026-03-07", "12:00", LA)).toBe("2026-03-07T20:00:00Z");
    expect(zonedToUtc("2026-03-08", "01:59", LA)).toBe("2026-03-08T09:59:00Z");
    expect(zonedToUtc("2026-03-08", "03:00", LA)).toBe("2026-03-08T10:00:00Z");
    expect(zonedToUtc("2026-03-09", "12:00", LA)).toBe("2026-03-09T19:00:00Z");
  });

  it("moves a time the clock skipped forward, and says so", () => {
    // 02:30 does not exist on 8 March 2026 in LA; read with PST it is 10:30 UTC = 03:30 PDT.
    expect(resolveZoned("2026-03-08", "02:30", LA)).toEqual({ utc: "2026-03-08T10:30:00Z", resolution: "gap" });
    expect(resolveZoned("2026-03-08", "03:30", LA)).toEqual({ utc: "2026-03-08T10:30:00Z", resolution: "exact" });
  });

  it("crosses the November switch in Los Angeles (1 November 2026, 02:00 → 01:00)", () => {
    expect(zonedToUtc("2026-11-01", "00:30", LA)).toBe("2026-11-01T07:30:00Z");
    // 01:30 happens twice: first in PDT (08:30 UTC), then in PST (09:30 UTC). The earlier is taken.
    expect(resolveZoned("2026-11-01", "01:30", LA)).toEqual({ utc: "2026-11-01T08:30:00Z", resolution: "ambiguous" });
    expect(zonedToUtc("2026-11-01", "02:30", LA)).toBe("2026-11-01T10:30:00Z");
    expect(zonedToUtc("2026-11-02", "09:00", LA)).toBe("2026-11-02T17:00:00Z");
  });

  it("handles New York's switch on the same dates", () => {
    expect(zonedToUtc("2026-03-08", "01:00", NY)).toBe("2026-03-08T06:00:00Z");
    expect(zonedToUtc("2026-03-08", "04:00", NY)).toBe("2026-03-08T08:00:00Z");
  });

  it("refuses malformed dates, times and zones", () => {
    expect(zonedToUtc("2026-02-30", "10:00", MSK)).toBeNull();
    expect(zonedToUtc("2026-02-10", "24:00", MSK)).toBeNull();
    expect(zonedToUtc("", "10:00", MSK)).toBeNull();
    expect(zonedToUtc("2026-02-10", "", MSK)).toBeNull();
    expect(zonedToUtc("2026-02-10", "10:00", "Mars/Olympus")).toBeNull();
  });

  it("round-trips through zonedParts every hour across both switches", () => {
    for (const start of [Date.UTC(2026, 2, 7), Date.UTC(2026, 9, 31)]) {
      for (let h = 0; h < 72; h++) {
        const utc = new Date(start + h * 3_600_000).toISOString().replace(".000Z", "Z");
        const la = zonedParts(utc, LA)!;
        const back = resolveZoned(la.date, la.time, LA)!;
        // The second 01:xx of November is ambiguous and resolves to the first; all others are exact.
        if (back.resolution === "ambiguous") {
          expect(Date.parse(back.utc) <= Date.parse(utc)).toBe(true);
        } else {
          expect(back.utc).toBe(utc);
        }
      }
    }
  });
});

describe("an instant seen from both sides", () => {
  // Due 23:00 on 30 June in Los Angeles: already 1 July, 09:00, in Moscow.
  const due = "2026-07-01T06:00:00Z";

  it("has a different calendar date in Moscow and Los Angeles", () => {
    expect(zonedParts(due, MSK)).toEqual({
      zone: MSK,
      date: "2026-07-01",
      time: "09:00",
      offset: "+03:00",
      abbreviation: "+03:00",
    });
    const la = zonedParts(due, LA)!;
    expect([la.date, la.time, la.offset, la.abbreviation]).toEqual(["2026-06-30", "23:00", "-07:00", "PDT"]);
  });

  it("shows the offset in force at the instant (PST after the November switch)", () => {
    expect(zonedParts("2026-11-01T09:30:00Z", LA)).toMatchObject({
      date: "2026-11-01",
      time: "01:30",
      offset: "-08:00",
      abbreviation: "PST",
    });
    expect(zonedParts("2026-11-01T08:30:00Z", LA)).toMatchObject({
      time: "01:30",
      offset: "-07:00",
      abbreviation: "PDT",
    });
    expect(offsetMinutes(Date.parse("2026-03-08T09:59:00Z"), LA)).toBe(-480);
    expect(offsetMinutes(Date.parse("2026-03-08T10:00:00Z"), LA)).toBe(-420);
  });

  it("shows Rust's rendering of a stored instant, never its own", () => {
    const instant = {
      utc: due,
      zones: [{ zone: LA, date: "2026-06-30", time: "23:00", offset: "-07:00", abbreviation: "PDT" }],
    };
    expect(inZone(instant, LA)).toBe(instant.zones[0]);
    expect(inZone(instant, MSK), "a zone Rust did not render is not guessed here").toBeNull();
  });

  it("formats in the zone asked for, in either language", () => {
    expect(formatInstant(due, LA, "en")).toMatch(/Jun 30, 2026.*11:00/);
    expect(formatInstant(due, MSK, "en")).toMatch(/Jul 1, 2026.*9:00/);
    expect(formatInstant(due, MSK, "ru")).toMatch(/1 июл\. 2026.*09:00/);
    expect(formatZonedTime(zonedParts(due, LA)!, "ru")).toMatch(/30 июн\. 2026.*23:00 PDT$/);
  });
});

describe("calendar helpers", () => {
  it("adds calendar days across month ends and DST", () => {
    expect(addDays("2026-02-20", 14)).toBe("2026-03-06");
    expect(addDays("2026-03-01", 14)).toBe("2026-03-15");
    expect(addDays("2026-12-25", 14)).toBe("2027-01-08");
  });

  it("measures hours between instants, not wall clocks", () => {
    // 00:00 to 12:00 local on the day LA springs forward is 11 real hours.
    const from = zonedToUtc("2026-03-08", "00:00", LA)!;
    const to = zonedToUtc("2026-03-08", "12:00", LA)!;
    expect(hoursBetween(from, to)).toBe(11);
  });
});
