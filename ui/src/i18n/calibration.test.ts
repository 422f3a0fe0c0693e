import { describe, expect, it } from "vitest";
import { en } from "./dictionary";
import { ru } from "./ru";
import { render } from "./format";

describe("the hit rate by confidence says when too few are reviewed", () => {
  it.each([
    ["en", en["insights.tooFewReviewed"], "Too few reviewed yet — n = 8."],
    ["ru", ru["insights.tooFewReviewed"], "Пересмотренных решений пока слишком мало — n = 8."],
  ] as const)("%s", (lang, message, start) => {
    expect(render(lang, message, { n: 8 }).startsWith(start)).toBe(true);
  });

  it("names the band and the counts in both languages", () => {
    expect(render("en", en["insights.band"], { n: 70, hit: 7, total: 9 })).toBe("70 % sure: 7 of 9 went as expected");
    expect(render("ru", ru["insights.band"], { n: 70, hit: 7, total: 9 })).toBe(
      "Уверенность 70 %: как ожидали — 7 из 9",
    );
  });

  it("counts corrected reviews with Russian plurals", () => {
    expect(render("ru", ru["review.corrected"], { n: 2 })).toBe("записано 2 пересмотра; считается последний");
    expect(render("ru", ru["review.corrected"], { n: 5 })).toBe("записано 5 пересмотров; считается последний");
  });
});
