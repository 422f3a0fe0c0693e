// One clock for every zone: the window never converts between instants and wall-clock times with its
// engine's own time-zone data (WebKit's is older than chrono-tz's). Rust does (time.ts `clock`); the
// window only formats wall-clock parts with `timeZone: "UTC"`. This test reads every source file.
import { describe, expect, it } from "vitest";

const sources = import.meta.glob<string>(["/src/**/*.ts", "/src/**/*.svelte"], {
  query: "?raw",
  import: "default",
  eager: true,
});

const files = Object.entries(sources)
  .map(([path, body]) => ({ name: path.replace(/^\/src\//, ""), body }))
  .filter((f) => f.name !== "lib/zones/rule.test.ts" && f.name !== "bindings.ts");

/**
 * Every `DateTimeFormat(…)` call's arguments (up to the balanced parenthesis) that do not pin the
 * zone to UTC: with arguments, they must say `timeZone: "UTC"` and name no other zone. A call with
 * no arguments (the system zone's name, `resolvedOptions().timeZone`) formats nothing.
 */
function unpinnedFormats(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(/DateTimeFormat\(/g)) {
    let depth = 1;
    let i = (m.index ?? 0) + m[0].length;
    const start = i;
    while (i < body.length && depth > 0) {
      if (body[i] === "(") depth++;
      if (body[i] === ")") depth--;
      i++;
    }
    const args = body.slice(start, i - 1);
    if (args.trim() === "") continue;
    const zones = [...args.matchAll(/timeZone(\s*:\s*("UTC")?)?/g)];
    const pinned = zones.length === 1 && zones[0]?.[2] === '"UTC"';
    if (!pinned) out.push(args.replace(/\s+/g, " ").trim());
  }
  return out;
}

const FORBIDDEN: [string, RegExp][] = [
  ["getTimezoneOffset", /getTimezoneOffset\s*\(/],
  ["toLocaleString/Date/TimeString", /\.toLocale(Date|Time)?String\s*\(/],
  ["Intl's list of zones", /supportedValuesOf/],
  ["the engine's guess of the system zone", /resolvedOptions\(\)\.timeZone/],
  ["a Date built from local parts", /new Date\(\s*\d+\s*,/],
  ["local getters", /\.get(Hours|Minutes|Date|Day|Month|FullYear)\s*\(/],
];

describe("the window uses Rust's clock for every zone", () => {
  it("reads the source files", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('formats dates only with timeZone: "UTC" (on wall-clock parts Rust gave)', () => {
    const found = files.flatMap((f) => unpinnedFormats(f.body).map((args) => `${f.name}: DateTimeFormat(${args})`));
    expect(found).toEqual([]);
  });

  it("never asks the engine for offsets, zone lists or local wall-clock parts", () => {
    for (const [what, pattern] of FORBIDDEN) {
      const hits = files.filter((f) => !f.name.endsWith(".test.ts") && pattern.test(f.body)).map((f) => f.name);
      expect(hits, what).toEqual([]);
    }
  });

  it("catches what it forbids", () => {
    expect(unpinnedFormats(`new Intl.DateTimeFormat("en", { timeZone: zone })`)).toHaveLength(1);
    expect(unpinnedFormats(`new Intl.DateTimeFormat(lang, { weekday: "short", timeZone })`)).toHaveLength(1);
    expect(unpinnedFormats(`new Intl.DateTimeFormat(lang, { dateStyle: "medium" })`)).toHaveLength(1);
    expect(unpinnedFormats(`new Intl.DateTimeFormat(f(x), { dateStyle: "medium", timeZone: "UTC" })`)).toEqual([]);
    expect(unpinnedFormats(`Intl.DateTimeFormat().resolvedOptions().locale`)).toEqual([]);
    expect(FORBIDDEN.some(([, p]) => p.test("d.getTimezoneOffset()"))).toBe(true);
  });
});
