// "2 h ago" from two instants, in the interface language (Intl's own words for it).
import type { Lang } from "../../i18n/format";

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 5],
  ["month", 12],
];

/** How long before `now` the instant `iso` was, e.g. "2 hours ago" / "2 часа назад". */
export function relativeTime(iso: string, now: Date, lang: Lang): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  // A clock ahead of this computer's: shown as now, not "in 2 minutes".
  let amount = Math.max(0, (now.getTime() - then) / 1000);
  for (const [unit, size] of STEPS) {
    if (amount < size) return format.format(-Math.floor(amount), unit);
    amount /= size;
  }
  return format.format(-Math.floor(amount), "year");
}
