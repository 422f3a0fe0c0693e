import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addDays, formatZonedTime, hoursBetween, inZone, formatMetricValue, formatMoney, parseDecimal } from "./zoned";

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

describe("numbers typed and shown", () => {
  it("reads decimals the way people type them in both languages", () => {
    expect(parseDecimal("1500")).toBe(1500);
    expect(parseDecimal(" 1 500,5 ")).toBe(1500.5);
    expect(parseDecimal("0.07")).toBe(0.07);
    expect(parseDecimal("")).toBeNull();
    expect(parseDecimal("12abc")).toBeNull();
    expect(parseDecimal("1e5")).toBeNull();
  });

  it("always shows money with its currency code", () => {
    expect(formatMetricValue(1500, "money", "USD", "en")).toMatch(/USD\s?1,500\.00/);
    expect(formatMetricValue(150000, "money", "RUB", "ru")).toMatch(/150\s000,00\sRUB/);
    expect(formatMetricValue(3.5, "percent", null, "en")).toBe("3.5\u00a0%");
    expect(formatMetricValue(12000, "count", null, "en")).toBe("12,000");
    expect(formatMoney("1500.00", "EUR", "en")).toMatch(/EUR\s?1,500\.00/);
  });
});
