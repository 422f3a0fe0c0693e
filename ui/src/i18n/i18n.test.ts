import { describe, expect, it } from "vitest";
import { areas, en } from "./dictionary";
import { ru } from "./ru";
import { errorText } from "./errors";
import { interpolate, pluralCategory, render } from "./format";

describe("Russian plurals", () => {
  const forms = ru["partners.count"];
  it.each([
    [1, "1 партнёр"],
    [2, "2 партнёра"],
    [4, "4 партнёра"],
    [5, "5 партнёров"],
    [11, "11 партнёров"],
    [12, "12 партнёров"],
    [21, "21 партнёр"],
    [22, "22 партнёра"],
    [25, "25 партнёров"],
    [111, "111 партнёров"],
    [0, "0 партнёров"],
  ])("%i → %s", (n, expected) => {
    expect(render("ru", forms, { n })).toBe(expected);
  });

  it("uses the CLDR categories", () => {
    expect([1, 3, 7].map((n) => pluralCategory("ru", n))).toEqual(["one", "few", "many"]);
  });

  it("groups thousands per language", () => {
    expect(render("ru", forms, { n: 5000 })).toBe("5\u00a0000 партнёров");
    expect(render("en", en["partners.count"], { n: 5000 })).toBe("5,000 partners");
    expect(render("en", en["partners.count"], { n: 1 })).toBe("1 partner");
  });
});

describe("dictionaries", () => {
  it("have the same keys in both languages", () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it("do not define a key in two areas (a later area would silently win)", () => {
    const seen = new Map<string, string>();
    for (const [area, texts] of Object.entries(areas)) {
      for (const key of Object.keys(texts.en)) {
        expect(seen.get(key), `${key} is in ${area} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, area);
      }
    }
  });

  it("give every Russian plural its one, few and many forms", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const original = en[key];
      if (typeof original === "string") continue;
      const forms = ru[key];
      expect(typeof forms, key).toBe("object");
      for (const form of ["one", "few", "many", "other"]) {
        expect(forms, `${key} needs a "${form}" form in Russian`).toHaveProperty(form);
      }
      expect(original, `${key} needs "one" in English`).toHaveProperty("one");
    }
  });

  it("have the same placeholders in both languages", () => {
    const placeholders = (m: unknown) =>
      JSON.stringify(m)
        .match(/\{\w+\}/g)
        ?.filter((v, i, all) => all.indexOf(v) === i)
        .sort() ?? [];
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(ru[key]), key).toEqual(placeholders(en[key]));
    }
  });
});

describe("error messages", () => {
  it("render a Rust error with its parameters and a translated field name", () => {
    expect(errorText("ru", { code: "empty_field", field: "name" })).toBe("Название: заполните это поле.");
    expect(errorText("en", { code: "too_long", field: "name", max: 200 })).toBe(
      "Name is too long: at most 200 characters.",
    );
    expect(errorText("en", { code: "unknown_time_zone", value: "Mars/Base" })).toContain("“Mars/Base”");
  });

  it("translate codes inside parameters (entity, action, state)", () => {
    expect(errorText("ru", { code: "not_found", entity: "partner", id: "x" })).toBe(
      "Этот объект (партнёр) больше не существует.",
    );
    expect(errorText("en", { code: "invalid_transition", action: "advance", state: "pilot_scoping" })).toBe(
      "You can’t move the partner to the next phase: the pilot is still being scoped.",
    );
    expect(
      errorText("ru", { code: "invalid_transition", action: "agree_pilot_metrics", state: "metrics_agreed" }),
    ).toBe("Нельзя согласовать метрики: метрики уже согласованы.");
  });

  it("say in words which record does not read, never a table or column name, and that the data is safe", () => {
    const tables = ["partners", "pilots", "deliverables", "approvals", "decisions", "frameworks", "meta", "settings"];
    for (const table of tables) {
      const error = { code: "malformed_row", table, column: "starts_at" } as const;
      for (const lang of ["en", "ru"] as const) {
        const text = errorText(lang, error);
        for (const raw of [`(${table})`, `“${table}”`, `«${table}»`])
          expect(text, `${lang} ${table}`).not.toContain(raw);
        expect(text, `${lang} ${table}`).not.toContain("starts_at");
      }
    }
    const error = { code: "malformed_row", table: "pilots", column: "starts_at" } as const;
    expect(errorText("en", error)).toContain("cannot be read back (a pilot)");
    expect(errorText("en", error)).toContain("the rest of your data is safe");
    expect(errorText("ru", error)).toMatch(/^Часть файла данных не читается \(пилот\)\./);
    expect(errorText("ru", error)).toContain("остальные данные в сохранности");
  });

  it("say something useful for a non-Rust failure", () => {
    expect(errorText("en", new Error("boom"))).toBe(
      "This form: something unexpected went wrong, and nothing was saved. The details are in Vetta’s log.",
    );
  });

  it("leave unknown placeholders visible rather than dropping them", () => {
    expect(interpolate("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});

const sources = import.meta.glob<string>(["/src/i18n/*.ts", "/src/i18n/areas/*.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("the first chunk", () => {
  it("carries English only: Russian is reached only by the dynamic import in loadDictionary", () => {
    const dictionary = sources["/src/i18n/dictionary.ts"];
    expect(dictionary).toContain('import("./ru")');
    for (const [file, text] of Object.entries(sources)) {
      if (file.endsWith(".test.ts") || file === "/src/i18n/ru.ts") continue;
      expect(text, file).not.toMatch(/export const ru\b|from "[./]*(ru|areas\/ru\/\w+)"/);
    }
  });
});
