// The time zone picker's logic, pure (the component is ZonePicker.svelte; the search is Rust's).

import type { ZoneChoice, ZoneSearch } from "../types";
import type { Lang } from "../../i18n/format";

/** The place a choice names in `lang`: "Алматы, Казахстан", else the IANA name. */
export function placeName(choice: ZoneChoice, lang: Lang): string {
  const city = lang === "ru" ? choice.cityRu : choice.cityEn;
  const country = lang === "ru" ? choice.countryRu : choice.countryEn;
  if (!city) return choice.zone;
  return country && country !== city ? `${city}, ${country}` : city;
}

/** The highlighted row after an arrow key: wraps around; -1 (none) when there are no rows. */
export function moveHighlight(current: number, delta: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (current < 0) return delta === 1 ? 0 : count - 1;
  return (current + delta + count) % count;
}

export type KeyAction =
  | { kind: "move"; delta: 1 | -1 }
  | { kind: "choose"; zone: string }
  | { kind: "close" }
  | { kind: "open" }
  /** Not the picker's key: the form handles it (Enter with nothing to choose submits). */
  | { kind: "none" };

/**
 * What a key does. Enter chooses the highlighted row, else the zone the text names exactly, at
 * once (one press); with the list closed and nothing to choose it is the form's. Esc closes an open
 * list (and only then is it the picker's).
 */
export function keyAction(
  key: string,
  state: { open: boolean; highlighted: number; search: ZoneSearch | null },
): KeyAction {
  const rows = state.search?.choices ?? [];
  switch (key) {
    case "ArrowDown":
      return state.open ? { kind: "move", delta: 1 } : { kind: "open" };
    case "ArrowUp":
      return state.open ? { kind: "move", delta: -1 } : { kind: "open" };
    case "Enter": {
      const row = state.open ? rows[state.highlighted] : undefined;
      if (row) return { kind: "choose", zone: row.zone };
      const exact = state.search?.exact;
      return state.open && exact ? { kind: "choose", zone: exact } : { kind: "none" };
    }
    case "Escape":
      return state.open ? { kind: "close" } : { kind: "none" };
    default:
      return { kind: "none" };
  }
}

/**
 * What the typed text stands for once the person leaves it: the zone it names exactly, the
 * text itself when it already is the chosen zone or empty, or a problem (unknown, with the close
 * matches to suggest; or a country of several zones).
 */
export type Settled =
  | { kind: "zone"; zone: string }
  | { kind: "empty" }
  | { kind: "unknown"; suggestions: ZoneChoice[] }
  | { kind: "several" };

export function settle(text: string, search: ZoneSearch, lang: Lang): Settled {
  if (text.trim() === "") return { kind: "empty" };
  if (search.exact) return { kind: "zone", zone: search.exact };
  const choices = search.choices;
  const normal = text.trim().toLowerCase();
  const named = choices.filter(
    (c) =>
      (lang === "ru" ? c.countryRu : c.countryEn)?.toLowerCase() === normal ||
      c.countryEn?.toLowerCase() === normal ||
      c.countryRu?.toLowerCase() === normal,
  );
  if (named.length > 1) return { kind: "several" };
  return { kind: "unknown", suggestions: choices.slice(0, 3) };
}
