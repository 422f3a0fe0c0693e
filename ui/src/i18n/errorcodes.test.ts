// Every error a person can trigger, in both languages, reads as a sentence a person wrote: every
// IpcError code (the list is the generated union: a new code does not compile until it is listed
// here) with every field it can name, and the failures that are not IpcErrors (a value Tauri could
// not deserialise). No raw key, no ISO instant, no `_` identifier, no id, no empty quotes.

import { describe, expect, it, vi } from "vitest";
import { commands, FIELDS, type Field, type IpcError, type ZonedInstant } from "../bindings";
import { areas, dictionaries } from "./dictionary";
import { errorText } from "./errors";
import { LANGS } from "./format";

const ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const zoned = (utc: string, date: string, time: string): ZonedInstant => ({
  utc,
  zones: [{ zone: "Europe/Moscow", date, time, offset: "+03:00", abbreviation: "MSK" }],
});

type Code = IpcError["code"];
/**
 * One or more of each code, with the parameters Rust sends; `field` errors get every field.
 * Fixed: the dates below are sample parameters to render, never compared with today.
 */
const samples: Record<Code, (field: Field) => IpcError[]> = {
  empty_field: (field) => [{ code: "empty_field", field }],
  too_long: (field) => [{ code: "too_long", field, max: 200 }],
  invalid_value: (field) => [
    { code: "invalid_value", field, value: "42" },
    { code: "invalid_value", field, value: "" },
    { code: "invalid_value", field, value: "2026-11-20T07:00:00Z" },
  ],
  limit_out_of_range: (field) => [{ code: "limit_out_of_range", field, min: 1, max: 5 }],
  min_above_max: (field) => [{ code: "min_above_max", field }],
  in_future: (field) => [{ code: "in_future", field }],
  unknown_time_zone: () => [
    { code: "unknown_time_zone", value: "Mars/Base" },
    { code: "unknown_time_zone", value: "" },
  ],
  unknown_market: () => [
    { code: "unknown_market", value: "XX" },
    { code: "unknown_market", value: " " },
  ],
  no_markets: () => [{ code: "no_markets" }],
  not_found: () =>
    ["partner", "pilot", "metric", "framework", "flag_kind", "flag", "deliverable", "backup", "scorecard"]
      .concat(["hypothesis", "gate", "decision", "debrief", "criterion"])
      .map((entity) => ({ code: "not_found", entity, id: ID })),
  invalid_transition: () => [{ code: "invalid_transition", action: "start_pilot", state: "started" }],
  threshold_not_met: () => [{ code: "threshold_not_met", phase: "gut_check", passedWeight: 2, threshold: 3 }],
  ladder_jump: () => [{ code: "ladder_jump", from: 1, to: 5 }],
  override_needs_reason: () => [{ code: "override_needs_reason" }],
  merge_into_itself: () => [{ code: "merge_into_itself" }],
  contacts_kept_elsewhere: () => [{ code: "contacts_kept_elsewhere", name: "Луна Медиа" }],
  not_the_device_person: (field) => [{ code: "not_the_device_person", field, person: "Светлана", value: "Mike" }],
  already_merged: () => [{ code: "already_merged", name: "Luna Media", into: "Луна Медиа" }],
  dealbreaker_open: () => [{ code: "dealbreaker_open", flagId: ID }],
  score_out_of_range: () => [{ code: "score_out_of_range", criterion: "Понимают UGC?", value: 7, min: 1, max: 5 }],
  unanswered_criterion: () => [{ code: "unanswered_criterion", criterion: "Понимают UGC?" }],
  metric_needs_currency: () => [{ code: "metric_needs_currency", metric: "Охват" }],
  outside_scope_dates: () => [
    {
      code: "outside_scope_dates",
      startsAt: zoned("2027-03-01T07:00:00Z", "2027-03-01", "10:00"),
      endsAt: zoned("2027-03-15T07:00:00Z", "2027-03-15", "10:00"),
    },
  ],
  review_not_after_decision: () => [{ code: "review_not_after_decision", date: "2020-01-01" }],
  incompatible_database: () => [{ code: "incompatible_database", fileVersion: 9, appVersion: 3 }],
  damaged_database: () => [{ code: "damaged_database", path: "/home/anna/vetta.sqlite3" }],
  foreign_backup: () => [{ code: "foreign_backup", path: "/home/anna/backups/b.sqlite3" }],
  malformed_row: () => [{ code: "malformed_row", table: "pilots", column: "starts_at" }],
  already_open: () => [{ code: "already_open", dataDir: "/home/anna/.local/share/vetta" }],
  file_in_use: () => [{ code: "file_in_use", path: "/home/anna/vetta.sqlite3" }],
  file_system: () => [{ code: "file_system", path: "/home/anna" }],
  storage: () => [{ code: "storage" }],
  export_version: () => [{ code: "export_version", fileVersion: 4, appVersion: 3 }],
  not_an_export: () => [{ code: "not_an_export" }],
  workspace_not_empty: () => [{ code: "workspace_not_empty" }],
  file_refused: () =>
    (
      [
        "empty",
        "too_large",
        "not_a_table",
        "no_rows",
        "binary",
        "mixed_encodings",
        "undecodable",
        "gone",
        "needs_date_order",
        "changed",
      ] as const
    ).map((problem) => ({ code: "file_refused", problem, maxMegabytes: 64 })),
  unreadable_number: (field) => [
    { code: "unreadable_number", field, problem: { kind: "invalid" } },
    { code: "unreadable_number", field, problem: { kind: "ambiguous", readings: ["1500", "1.500"] } },
  ],
  import_cancelled: () => [{ code: "import_cancelled" }],
};

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const IDENTIFIER = /\b[a-zA-Z]+_[a-zA-Z_]+\b/;
const CAMEL_CASE = /\b[a-z]+[A-Z]\w*\b/;

function check(text: string, where: string): void {
  expect(text.trim(), where).not.toBe("");
  expect(text, where).not.toMatch(/\b(error|field|form|command|entity|action|state|table)\.\w/);
  expect(text, where).not.toMatch(ISO_INSTANT);
  expect(text, where).not.toMatch(ISO_DATE);
  // Paths are the person's own file names and may hold anything; everything else is words.
  expect(text.replace(/\/\S+/g, ""), where).not.toMatch(IDENTIFIER);
  expect(text.replace(/\/\S+/g, ""), where).not.toMatch(CAMEL_CASE);
  expect(text, where).not.toContain(ID);
  expect(text, where).not.toMatch(/«\s*»|“\s*”|"\s*"/);
  expect(text, where).not.toMatch(/[{}]/);
  expect(text, where).not.toMatch(/undefined|null|NaN|\[object/);
}

describe("every error code × field", () => {
  describe.each(LANGS)("in %s", (lang) => {
    it.each(Object.keys(samples) as Code[])("%s reads as a sentence", (code) => {
      const seen = new Set<string>();
      for (const field of FIELDS) {
        for (const error of samples[code](field)) {
          const text = errorText(lang, error);
          seen.add(text);
          check(text, `${lang} ${JSON.stringify(error)}: ${text}`);
        }
      }
      expect(seen.size).toBeGreaterThan(0);
    });
  });

  it("shows a scoped pilot's dates as the user's wall clock, and a review date as a date", () => {
    const [outside] = samples.outside_scope_dates("name");
    expect(errorText("en", outside)).toMatch(/from Mar 1, 2027, 10:00\sAM MSK to Mar 15, 2027/);
    expect(errorText("ru", outside)).toContain("1 мар. 2027 г., 10:00 MSK");
    const [review] = samples.review_not_after_decision("name");
    expect(errorText("en", review)).toContain("Jan 1, 2020");
    expect(errorText("ru", review)).toContain("1 янв. 2020 г.");
  });

  it("names a field by the asking form's own label when it gives one", () => {
    const error: IpcError = { code: "empty_field", field: "note" };
    expect(errorText("ru", error, { note: "Доказательства" })).toBe("Доказательства: заполните это поле.");
    expect(errorText("ru", error)).toBe("Заметка: заполните это поле.");
  });

  it("states the rule instead of quoting what Rust refused", () => {
    expect(errorText("ru", { code: "empty_field", field: "hypotheses" })).toBe(
      "Гипотезы: нужно от 3 до 5, одна из них не заполнена.",
    );
    expect(errorText("en", { code: "invalid_value", field: "endsAt", value: "2026-11-20T07:00:00Z" })).toBe(
      "End: the pilot must end after it starts.",
    );
    expect(errorText("ru", { code: "unknown_time_zone", value: "" })).toBe("Часовой пояс: выберите его.");
    expect(errorText("en", { code: "min_above_max", field: "scope.creators" })).toBe(
      "Creators per pilot: the minimum must not exceed the maximum.",
    );
  });
});

describe("a failure that is not an IpcError", () => {
  const commandNames = Object.keys(commands);
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

  it("has a form name for every command, in both languages", () => {
    for (const lang of LANGS) {
      for (const name of commandNames) expect(`command.${name}` in dictionaries[lang], `${lang} ${name}`).toBe(true);
    }
  });

  it("says a value could not be read, naming the form, never the command or serde's words", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const lang of LANGS) {
      for (const name of commandNames) {
        const raw = `invalid args \`input\` for command \`${snake(name)}\`: invalid type: integer \`-1\`, expected u32`;
        const text = errorText(lang, raw);
        check(text, `${lang} ${name}: ${text}`);
        expect(text).toContain(dictionaries[lang][`command.${name}` as keyof (typeof dictionaries)["en"]] as string);
        expect(text).not.toContain("u32");
        expect(text).not.toContain("invalid args");
      }
    }
    expect(errorText("ru", "invalid args `input` for command `create_pilot`: expected u32")).toBe(
      "Рамки пилота: не удалось прочитать одно из значений, ничего не сохранено. Проверьте введённые числа и даты.",
    );
    log.mockRestore();
  });
});

describe("the dictionaries", () => {
  it("never define one key in two areas (the later would silently win)", () => {
    const seen = new Map<string, string>();
    for (const [area, texts] of Object.entries(areas)) {
      for (const key of Object.keys(texts.en)) {
        expect(seen.get(key), `${key} in ${area} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, area);
      }
    }
  });
});
