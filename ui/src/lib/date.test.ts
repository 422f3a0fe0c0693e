import { describe, expect, it } from "vitest";
import { LANGS } from "../i18n/format";
import { formatDate, parseDate } from "./date";

describe("dates typed in the interface language", () => {
  it("reads each language's own form and the unambiguous others", () => {
    // Fixed: calendar arithmetic of known days (a leap year, month ends); no "today" involved.
    expect(parseDate("01.12.2026", "ru")).toBe("2026-12-01");
    expect(parseDate("1.12.2026", "ru")).toBe("2026-12-01");
    expect(parseDate("12/01/2026", "en")).toBe("2026-12-01");
    expect(parseDate("01.12.2026", "en")).toBe("2026-12-01");
    expect(parseDate(" 2026-12-01 ", "ru")).toBe("2026-12-01");
    expect(parseDate("2026-12-01", "en")).toBe("2026-12-01");
    expect(parseDate("29.02.2028", "ru")).toBe("2028-02-29");
  });

  it("refuses what is not exactly one date", () => {
    for (const bad of [
      "",
      "12/01/2026",
      "31.02.2026",
      "30.13.2026",
      "1.1.26",
      "01.12.1899",
      "tomorrow",
      "2026-02-30",
    ]) {
      expect(parseDate(bad, "ru"), bad).toBeNull();
    }
    for (const bad of ["13/01/2026", "02/30/2026", "12-01-2026", "1/1/26"]) {
      expect(parseDate(bad, "en"), bad).toBeNull();
    }
  });

  it("writes a date so that it reads back as itself", () => {
    expect(formatDate("2026-12-01", "ru")).toBe("01.12.2026");
    expect(formatDate("2026-12-01", "en")).toBe("12/01/2026");
    for (const lang of LANGS) {
      for (let day = 0; day < 800; day += 7) {
        const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
        expect(parseDate(formatDate(date, lang), lang)).toBe(date);
      }
    }
  });
});
