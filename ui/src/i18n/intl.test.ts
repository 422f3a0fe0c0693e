import { describe, expect, it } from "vitest";
import { numberFormat, utcDateFormat } from "./intl";

describe("kept formatters", () => {
  it("makes one formatter per language and options, and formats as a new one would", () => {
    const a = utcDateFormat("ru", { dateStyle: "medium" });
    expect(utcDateFormat("ru", { dateStyle: "medium" })).toBe(a);
    expect(utcDateFormat("en", { dateStyle: "medium" })).not.toBe(a);
    expect(utcDateFormat("ru", { dateStyle: "short" })).not.toBe(a);
    const at = new Date(Date.UTC(2030, 0, 2, 23, 30));
    expect(a.format(at)).toBe(new Intl.DateTimeFormat("ru", { dateStyle: "medium", timeZone: "UTC" }).format(at));
    expect(a.resolvedOptions().timeZone).toBe("UTC");
    expect(numberFormat("ru")).toBe(numberFormat("ru", {}));
    expect(numberFormat("en", { maximumFractionDigits: 2 }).format(1234.567)).toBe("1,234.57");
  });
});
