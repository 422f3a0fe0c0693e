import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addDays, formatZonedTime, hoursBetween, inZone } from "./zoned";

// Fixed dates throughout: every function here takes its date or instant as input (zoned.ts reads
// no "now"), and the DST switches are table lookups of a known year (US, 2026: 8 March, 1 November).
const MSK = "Europe/Moscow";
const LA = "America/Los_Angeles";

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

describe("an instant seen from both sides", () => {
  // Due 23:00 on 30 June in Los Angeles: already 1 July, 09:00, in Moscow.
  const due = "2026-07-01T06:00:00Z";

  it("shows Rust's rendering of a stored instant, never its own", () => {
    const instant = {
      utc: due,
      zones: [{ zone: LA, date: "2026-06-30", time: "23:00", offset: "-07:00", abbreviation: "PDT" }],
    };
    expect(inZone(instant, LA)).toBe(instant.zones[0]);
    expect(inZone(instant, MSK), "a zone Rust did not render is not guessed here").toBeNull();
  });

  it("formats Rust's wall-clock parts as they are, in either language", () => {
    const la = { zone: LA, date: "2026-06-30", time: "23:00", offset: "-07:00", abbreviation: "PDT" };
    expect(formatZonedTime(la, "ru")).toMatch(/30 июн\. 2026.*23:00 PDT$/);
    expect(formatZonedTime(la, "en")).toMatch(/Jun 30, 2026.*11:00\sPM PDT$/);
  });
});

describe("calendar helpers", () => {
  it("adds calendar days across month ends and DST", () => {
    expect(addDays("2026-02-20", 14)).toBe("2026-03-06");
    expect(addDays("2026-03-01", 14)).toBe("2026-03-15");
    expect(addDays("2026-12-25", 14)).toBe("2027-01-08");
  });

  it("measures hours between instants, not wall clocks", () => {
    // 00:00 to 12:00 local on the day LA springs forward is 11 real hours (instants from Rust).
    expect(hoursBetween("2026-03-08T08:00:00Z", "2026-03-08T19:00:00Z")).toBe(11);
  });
});
