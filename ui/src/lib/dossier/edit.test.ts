import { describe, expect, it } from "vitest";
import { formatContacts, parseContacts, parseCount, parseList, signalsEdit } from "./edit";

describe("profile text fields", () => {
  it("parse contacts with any dash and keep names without details", () => {
    expect(parseContacts("Анна — anna@x.ru\n\n  Bob - @bob \nCarol")).toEqual([
      { name: "Анна", detail: "anna@x.ru" },
      { name: "Bob", detail: "@bob" },
      { name: "Carol", detail: "" },
    ]);
    expect(parseContacts(formatContacts([{ name: "A", detail: "b" }]))).toEqual([{ name: "A", detail: "b" }]);
  });

  it("parse language lists", () => {
    expect(parseList(" ru,en  es ")).toEqual(["ru", "en", "es"]);
  });
});

const labels = { caseStudies: (m: string) => `Кейсы ${m}`, months: "Месяцы", references: "Отзывы" };

describe("signals", () => {
  it("treat blank as unknown and refuse non-numbers", () => {
    expect(parseCount("", "en")).toBeNull();
    expect(parseCount(" 4 ", "en")).toBe(4);
    expect(parseCount("1,000", "en")).toBe(1000);
    expect(parseCount("1 000", "ru")).toBe(1000);
    expect(parseCount("-1", "en")).toEqual({ ok: false, kind: "negative" });
    expect(parseCount("2.5", "en")).toEqual({ ok: false, kind: "whole" });
  });

  it("build the signals the core expects", () => {
    expect(signalsEdit({ RU: "4", US: "" }, "8", "yes", "", "2", "en", labels)).toEqual({
      caseStudies: [{ market: "RU", count: 4 }],
      longestRelationshipMonths: 8,
      showedFailures: true,
      crossMarketExperience: null,
      creatorReferences: 2,
    });
    expect(signalsEdit({ RU: "x" }, "", "", "", "", "ru", labels)).toEqual({
      invalid: "caseStudies.RU",
      message: "Кейсы RU: «x» — не число. Введите цифры, например 1\u00a0500,5.",
    });
  });
});
