import { describe, expect, it } from "vitest";
import { dictionaries } from "./dictionary";
import type { Lang, Message } from "./format";
import glossary from "./GLOSSARY.md?raw";

type Row = { concept: string; avoid: Record<Lang, string[]> };

/** The glossary table's rows: concept | English | avoid (en) | Русский | avoid (ru). */
function rows(markdown: string): Row[] {
  const split = (cell: string | undefined) =>
    (cell ?? "")
      .split(",")
      .map((term) => term.trim())
      .filter((term) => term !== "");
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("|") && !line.startsWith("| ---") && !line.startsWith("| Concept"))
    .map((line) => line.split("|").map((cell) => cell.trim()))
    .map((cells) => ({ concept: cells[1] ?? "", avoid: { en: split(cells[3]), ru: split(cells[5]) } }));
}

function texts(message: Message): string[] {
  return typeof message === "string" ? [message] : Object.values(message);
}

/** `term` at the start of a word, any case ("решён" is found in «флаг решён», not in «разрешён»). */
function contains(text: string, term: string): boolean {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<!\\p{L})${escaped}`, "iu").test(text);
}

describe("the glossary", () => {
  const table = rows(glossary);

  it("has a row per concept, each with a term to avoid somewhere", () => {
    expect(table.length).toBeGreaterThan(15);
    expect(table.filter((row) => row.avoid.en.length + row.avoid.ru.length > 0).length).toBeGreaterThan(12);
  });

  it("finds a word at its start only", () => {
    expect(contains("Флаг решён.", "флаг решён")).toBe(true);
    expect(contains("Доступ разрешён.", "решён")).toBe(false);
    expect(contains("Фреймворк задаёт", "фреймворк")).toBe(true);
  });

  describe.each(["en", "ru"] as const)("in %s", (lang) => {
    const entries = Object.entries(dictionaries[lang]).flatMap(([key, message]) =>
      texts(message as Message).map((text) => [key, text] as const),
    );
    it.each(table.filter((row) => row.avoid[lang].length > 0).map((row) => [row.concept, row] as const))(
      "uses one word for %s",
      (_concept, row) => {
        const found = entries.flatMap(([key, text]) =>
          row.avoid[lang].filter((term) => contains(text, term)).map((term) => `${key}: “${term}” in “${text}”`),
        );
        expect(found).toEqual([]);
      },
    );
  });
});
