import { describe, expect, it } from "vitest";
import { numberProblemText } from "../i18n/input";
import { LANGS, type Lang } from "../i18n/format";
import {
  formatMetricValue,
  formatMoney,
  formatNumber,
  parseNumber,
  type NumberProblem,
  type NumberRules,
  type ParsedNumber,
} from "./number";

const value = (p: ParsedNumber) => (p.ok ? p.text : p.kind);

// The one table of typed numbers, shared with the importer's Rust reader
// (core/src/import/number.rs): both suites read it, so the two parsers cannot drift.
import sharedTable from "../../../tests/fixtures/numbers.json?raw";

type SharedCase = { text: string; lang: Lang; rules?: NumberRules; expect: string; readings?: [string, string] };
const shared = (JSON.parse(sharedTable) as { cases: SharedCase[] }).cases;

describe("parseNumber", () => {
  it("the shared table has cases in both languages", () => {
    expect(shared.filter((c) => c.lang === "en").length).toBeGreaterThan(30);
    expect(shared.filter((c) => c.lang === "ru").length).toBeGreaterThan(30);
  });
  for (const c of shared) {
    it(`reads ${JSON.stringify(c.text)} in ${c.lang} ${JSON.stringify(c.rules ?? {})}`, () => {
      const parsed = parseNumber(c.text, c.lang, c.rules ?? {});
      expect(value(parsed)).toBe(c.expect);
      if (c.readings) expect(parsed).toEqual({ ok: false, kind: "ambiguous", readings: c.readings });
    });
  }

  it("gives the value with the text", () => {
    expect(parseNumber("150,000", "en")).toEqual({ ok: true, text: "150000", value: 150000 });
  });
});

describe("formatNumber", () => {
  it("writes each language's own form, exactly", () => {
    expect(formatNumber(150000.5, "en")).toBe("150,000.5");
    expect(formatNumber(150000.5, "ru")).toBe("150\u00a0000,5");
    expect(formatNumber("1500", "en", { minDecimals: 2 })).toBe("1,500.00");
    expect(formatNumber("1500", "ru", { minDecimals: 2 })).toBe("1\u00a0500,00");
    expect(formatNumber("12345678901234.56", "en")).toBe("12,345,678,901,234.56");
    expect(formatNumber(1.505, "en")).toBe("1.5050");
    expect(formatNumber(0.505, "ru")).toBe("0,505");
    expect(formatNumber(-2500, "ru")).toBe("-2\u00a0500");
    expect(formatNumber(1e21, "en")).toBe("1,000,000,000,000,000,000,000");
  });
});

/** xorshift32: the same "random" numbers on every run, so a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

function randomDecimal(next: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join("");
  const whole = digits(1 + Math.floor(next() * 13)).replace(/^0+(?=\d)/, "");
  const fractionDigits = [0, 0, 1, 2, 3, 4, 6][Math.floor(next() * 7)] ?? 0;
  const sign = next() < 0.1 ? "-" : "";
  const text = fractionDigits === 0 ? whole : `${whole}.${digits(fractionDigits)}`;
  return sign && /[1-9]/.test(text) ? `-${text}` : text;
}

describe("format → parse is the identity", () => {
  for (const lang of LANGS as Lang[]) {
    it(`for decimal texts in ${lang}`, () => {
      const next = rng(lang === "en" ? 12345 : 54321);
      for (let i = 0; i < 5000; i += 1) {
        const text = randomDecimal(next);
        for (const grouping of [true, false]) {
          const shown = formatNumber(text, lang, { grouping });
          const back = parseNumber(shown, lang, { negative: true });
          // A fourth fraction digit may be added (1.505 → 1.5050): the same value, exactly.
          const padded = /\.\d{3}$/.test(text) ? `${text}0` : text;
          expect([text, padded], `${text} shown as ${shown}`).toContain(back.ok ? back.text : back.kind);
        }
      }
    });
    it(`for numbers in ${lang}`, () => {
      const next = rng(lang === "en" ? 777 : 999);
      for (let i = 0; i < 5000; i += 1) {
        const n = Math.round((next() - 0.2) * 10 ** Math.floor(next() * 12) * 1000) / 1000;
        const back = parseNumber(formatNumber(n, lang), lang, { negative: true });
        expect(back.ok && back.value, `${n}`).toBe(n);
      }
    });
  }
});

describe("a number that cannot be read, in words", () => {
  it("shows both readings as they can be typed back", () => {
    expect(numberProblemText("ru", "Цель", "1,500", { kind: "ambiguous", readings: ["1500", "1.500"] })).toBe(
      "Цель: «1,500» можно прочитать и как 1500, и как 1,5. Введите 1500 или 1,5 — смотря что вы имели в виду.",
    );
    expect(numberProblemText("en", "Target", "1.500", { kind: "ambiguous", readings: ["1500", "1.500"] })).toBe(
      "Target: “1.500” could be read as 1500 or as 1.5. Type 1500 or 1.5, whichever you mean.",
    );
  });
  it("and every suggested form reads back as the reading it stands for", () => {
    for (const lang of LANGS as Lang[]) {
      for (const typed of ["1,500", "1.500", "150,000", "1,505", "-2.250"]) {
        const p = parseNumber(typed, lang, { negative: true });
        if (p.ok || p.kind !== "ambiguous") continue;
        const text = numberProblemText(lang, "X", typed, p);
        for (const reading of p.readings) {
          const shown = formatNumber(reading.includes(".") ? reading.replace(/\.?0+$/, "") : reading, lang, {
            grouping: false,
          });
          expect(text).toContain(shown);
          const back = parseNumber(shown, lang, { negative: true });
          expect(back.ok && back.value).toBe(Number(reading));
        }
      }
    }
  });
  it("never leaves a placeholder or empty quotes", () => {
    const problems: NumberProblem[] = [
      { kind: "empty" },
      { kind: "invalid" },
      { kind: "negative" },
      { kind: "whole" },
      { kind: "decimals", max: 2 },
      { kind: "ambiguous", readings: ["1500", "1.500"] },
    ];
    for (const lang of LANGS as Lang[]) {
      for (const problem of problems) {
        const text = numberProblemText(lang, "Label", "x1", problem);
        expect(text).toMatch(/^Label/);
        expect(text).not.toMatch(/[{}]|«»|“”|""/);
      }
    }
  });
});

describe("metric values and money, shown exactly", () => {
  it("always shows money with its currency code", () => {
    expect(formatMetricValue(1500, "money", "USD", "en")).toBe("USD\u00a01,500.00");
    expect(formatMetricValue(150000, "money", "RUB", "ru")).toBe("150\u00a0000,00\u00a0RUB");
    expect(formatMetricValue(3.5, "percent", null, "en")).toBe("3.5\u00a0%");
    expect(formatMetricValue(2.125, "percent", null, "ru")).toBe("2,1250\u00a0%");
    expect(formatMetricValue(12000, "count", null, "en")).toBe("12,000");
    expect(formatMoney("1500.00", "EUR", "en")).toBe("EUR\u00a01,500.00");
    expect(formatMoney("1500.5", "RUB", "ru")).toBe("1\u00a0500,50\u00a0RUB");
  });
});
