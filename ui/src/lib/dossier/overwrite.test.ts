import { describe, expect, it } from "vitest";
import { choose, historyOf, times, valueText, whenText } from "./overwrite";
import type { FieldEdit, FieldHistory } from "../types";

const zoned = (zone: string, time: string) => ({
  zone,
  date: "2026-12-03",
  time,
  offset: "+03:00",
  abbreviation: zone === "Europe/Moscow" ? "MSK" : "EST",
});

const edit = (value: string | null, zones: string[][]): FieldEdit => ({
  value,
  author: "Светлана",
  deviceId: "d1",
  deviceName: "Moscow",
  deviceTimeZone: "Europe/Moscow",
  at: { utc: "2026-12-03T11:05:00.000Z", zones: zones.map(([z, t]) => zoned(z!, t!)) },
});

describe("a field's history", () => {
  it("finds a field's history by its stored column", () => {
    const h: FieldHistory = { field: "found_via", last: edit("x", []), overwritten: [] };
    expect(historyOf([h], "found_via")).toBe(h);
    expect(historyOf([h], "notes")).toBeNull();
  });

  it("keeps a chosen value as the edit of that field only", () => {
    expect(choose("notes", "Rates agreed")).toEqual({ notes: "Rates agreed" });
    expect(choose("found_via", null)).toEqual({ foundVia: "" });
    expect(choose("languages", '["ru","en"]')).toEqual({ languages: ["ru", "en"] });
    expect(choose("contacts", '[{"name":"Anna","detail":"a@x"}]')).toEqual({
      contacts: [{ name: "Anna", detail: "a@x" }],
    });
    expect(choose("home_tz", "Europe/Moscow")).toEqual({ homeTimeZone: "Europe/Moscow" });
  });

  it("shows stored values as the profile does", () => {
    expect(valueText("languages", '["ru","en"]', (k) => k)).toBe("ru, en");
    expect(valueText("contacts", '[{"name":"Anna","detail":"a@x"},{"name":"Bo","detail":""}]', (k) => k)).toBe(
      "Anna — a@x; Bo",
    );
    expect(valueText("kind", "agency", (k) => `kind:${k}`)).toBe("kind:agency");
    expect(valueText("notes", null, (k) => k)).toBe("");
    expect(valueText("languages", "not json", (k) => k)).toBe("");
  });

  it("gives the device's time and the reader's, or one when they are the same zone", () => {
    const both = times(
      edit("x", [
        ["Europe/Moscow", "14:05"],
        ["America/New_York", "06:05"],
      ]),
    );
    expect(both?.there.zone).toBe("Europe/Moscow");
    expect(both?.here?.zone).toBe("America/New_York");
    const one = times(edit("x", [["Europe/Moscow", "14:05"]]));
    expect(one?.here).toBeNull();
    expect(times(edit("x", []))).toBeNull();
  });

  it("says when in the device's zone, and the reader's through the caller's words", () => {
    const words = (there: string, here: string) => `${there} | ${here}`;
    const both = whenText(
      edit("x", [
        ["Europe/Moscow", "14:05"],
        ["America/New_York", "06:05"],
      ]),
      "en",
      words,
    );
    expect(both).toContain(" | ");
    expect(both).toContain("MSK");
    const one = whenText(edit("x", [["Europe/Moscow", "14:05"]]), "en", words);
    expect(one).not.toContain(" | ");
    expect(one).toContain("MSK");
  });
});
