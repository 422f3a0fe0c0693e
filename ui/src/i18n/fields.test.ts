// Every field an error can name (the list comes from Rust through the bindings) reads as words in
// both languages, in every error that names one: no raw key, no code, no identifier.

import { describe, expect, it } from "vitest";
import { FIELDS, type Field, type IpcError } from "../bindings";
import { dictionaries } from "./dictionary";
import { errorText } from "./errors";
import { LANGS } from "./format";

// The exported list is exactly the generated union: a difference does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const fieldsListed: Same<(typeof FIELDS)[number], Field> = true;

/** The errors that name a field, one of each: a new one does not compile until it is listed. */
type FieldError = Extract<IpcError, { field: Field }>;
const withField: Record<FieldError["code"], (field: Field) => FieldError> = {
  empty_field: (field) => ({ code: "empty_field", field }),
  too_long: (field) => ({ code: "too_long", field, max: 200 }),
  invalid_value: (field) => ({ code: "invalid_value", field, value: "42" }),
  limit_out_of_range: (field) => ({ code: "limit_out_of_range", field, min: 1, max: 5 }),
  min_above_max: (field) => ({ code: "min_above_max", field }),
  in_future: (field) => ({ code: "in_future", field }),
  not_the_device_person: (field) => ({ code: "not_the_device_person", field, person: "Светлана", value: "Анна" }),
  unreadable_number: (field) => ({ code: "unreadable_number", field, problem: { kind: "invalid" } }),
};

const SNAKE_CASE = /\b[a-z]+(?:_[a-z]+)+\b/;
const CAMEL_CASE = /\b[a-z]+[A-Z]\w*\b/;
const DOTTED = /\b[a-zA-Z]+\.[a-zA-Z]+\b/;

describe("fields", () => {
  it("are listed from Rust", () => {
    expect(fieldsListed).toBe(true);
    expect(FIELDS.length).toBeGreaterThan(0);
  });

  describe.each(LANGS)("in %s", (lang) => {
    it.each(FIELDS)("names %s in words", (field) => {
      const words = dictionaries[lang][`field.${field}`];
      expect(words.trim(), field).not.toBe("");
      expect(words).not.toBe(field);
    });

    it.each(Object.keys(withField) as FieldError["code"][])("renders %s with every field as a sentence", (code) => {
      for (const field of FIELDS) {
        const message = errorText(lang, withField[code](field));
        const where = `${code} / ${field}: ${message}`;
        expect(message, where).toContain(dictionaries[lang][`field.${field}`]);
        expect(message, where).not.toContain("field.");
        expect(message, where).not.toMatch(SNAKE_CASE);
        expect(message, where).not.toMatch(CAMEL_CASE);
        expect(message, where).not.toMatch(DOTTED);
        expect(message, where).not.toMatch(/[{}]/);
        if (lang === "ru") {
          // A raw field name would be Latin; the Russian sentence has none.
          expect(message, where).not.toMatch(/[A-Za-z]/);
        }
      }
    });
  });
});
