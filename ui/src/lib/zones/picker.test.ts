import { describe, expect, it } from "vitest";
import type { ZoneChoice, ZoneSearch } from "../types";
import { keyAction, moveHighlight, placeName, settle } from "./picker";

const almaty: ZoneChoice = {
  zone: "Asia/Almaty",
  cityEn: "Almaty",
  cityRu: "Алматы",
  countryEn: "Kazakhstan",
  countryRu: "Казахстан",
  offset: "+05:00",
  abbreviation: "+05",
};
const moscow: ZoneChoice = {
  ...almaty,
  zone: "Europe/Moscow",
  cityEn: "Moscow",
  cityRu: "Москва",
  countryEn: "Russia",
  countryRu: "Россия",
  offset: "+03:00",
};
const omsk: ZoneChoice = { ...moscow, zone: "Asia/Omsk", cityEn: "Omsk", cityRu: "Омск", offset: "+06:00" };
const bare: ZoneChoice = {
  zone: "America/Argentina/Salta",
  cityEn: null,
  cityRu: null,
  countryEn: null,
  countryRu: null,
  offset: "-03:00",
  abbreviation: "-03",
};

const found = (choices: ZoneChoice[], exact: string | null = null): ZoneSearch => ({ exact, choices });

describe("the zone picker", () => {
  it("names a place in the interface language, else by its IANA name", () => {
    expect(placeName(almaty, "ru")).toBe("Алматы, Казахстан");
    expect(placeName(almaty, "en")).toBe("Almaty, Kazakhstan");
    expect(placeName(bare, "ru")).toBe("America/Argentina/Salta");
  });

  it("moves the highlight with the arrows, wrapping around", () => {
    expect(moveHighlight(-1, 1, 3)).toBe(0);
    expect(moveHighlight(-1, -1, 3)).toBe(2);
    expect(moveHighlight(2, 1, 3)).toBe(0);
    expect(moveHighlight(0, -1, 3)).toBe(2);
    expect(moveHighlight(0, 1, 0)).toBe(-1);
  });

  it("chooses with one Enter: the highlighted row, else the zone the text names", () => {
    const list = found([moscow, omsk]);
    expect(keyAction("Enter", { open: true, highlighted: 1, search: list })).toEqual({
      kind: "choose",
      zone: "Asia/Omsk",
    });
    expect(keyAction("Enter", { open: true, highlighted: -1, search: found([almaty], "Asia/Almaty") })).toEqual({
      kind: "choose",
      zone: "Asia/Almaty",
    });
    expect(keyAction("Enter", { open: true, highlighted: -1, search: list }), "nothing chosen for the person").toEqual({
      kind: "none",
    });
    expect(
      keyAction("Enter", { open: false, highlighted: 0, search: list }),
      "a closed list leaves Enter to the form",
    ).toEqual({
      kind: "none",
    });
  });

  it("Esc closes an open list only; arrows open a closed one", () => {
    expect(keyAction("Escape", { open: true, highlighted: 0, search: null })).toEqual({ kind: "close" });
    expect(keyAction("Escape", { open: false, highlighted: 0, search: null })).toEqual({ kind: "none" });
    expect(keyAction("ArrowDown", { open: false, highlighted: -1, search: null })).toEqual({ kind: "open" });
    expect(keyAction("ArrowUp", { open: true, highlighted: 0, search: null })).toEqual({ kind: "move", delta: -1 });
  });

  it("settles typed text: a zone, empty, several zones, or unknown with close matches", () => {
    expect(settle("Алматы", found([almaty], "Asia/Almaty"), "ru")).toEqual({ kind: "zone", zone: "Asia/Almaty" });
    expect(settle("  ", found([]), "en")).toEqual({ kind: "empty" });
    expect(settle("Россия", found([moscow, omsk]), "ru")).toEqual({ kind: "several" });
    expect(settle("russia", found([moscow, omsk]), "en")).toEqual({ kind: "several" });
    expect(settle("Moskow", found([moscow]), "en")).toEqual({ kind: "unknown", suggestions: [moscow] });
    expect(settle("Mars/Olympus_Mons", found([]), "en")).toEqual({ kind: "unknown", suggestions: [] });
  });
});
