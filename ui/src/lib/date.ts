// Calendar dates as a person types them, in the interface language: ДД.ММ.ГГГГ in Russian,
// MM/DD/YYYY in English. Pure: the language is passed in. The stored form is "YYYY-MM-DD".
//
// The web engine's own date input follows the OS locale, not the interface language (WebKitGTK
// shows 12/01/2026 in a Russian window), so dates are typed into a text field read here. A date
// is read exactly or refused, never guessed: a day and month separated by dots are day first
// (in both languages), by slashes month first (English only: a Russian 01/12/2026 could be
// either); "2026-12-01" is read in both.

import type { Lang } from "../i18n/format";

/** Years the core accepts for an instant (core/src/ids.rs). */
const YEAR_MIN = 1900;
const YEAR_MAX = 2999;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function iso(year: number, month: number, day: number): string | null {
  if (year < YEAR_MIN || year > YEAR_MAX || month < 1 || month > 12 || day < 1) return null;
  const at = new Date(Date.UTC(year, month - 1, day));
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** "01.12.2026" (ru, en), "12/01/2026" (en), "2026-12-01" → "2026-12-01"; null when not a date. */
export function parseDate(text: string, lang: Lang): string | null {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m && lang === "en") return iso(Number(m[3]), Number(m[1]), Number(m[2]));
  return null;
}

/** "2026-12-01" as `lang` writes it for typing: "01.12.2026" / "12/01/2026"; else as given. */
export function formatDate(date: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const [, y, mo, d] = m;
  return lang === "ru" ? `${d}.${mo}.${y}` : `${mo}/${d}/${y}`;
}
