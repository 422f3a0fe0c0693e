// The engine's formatters, made once per language and options and kept: making one costs
// ~0.37 ms (a board render made 138 of them), reusing one ~0.015 ms (issue 17). Dates are only
// ever formatted as wall-clock parts Rust gave, so every date formatter is pinned to UTC here.

const dates = new Map<string, Intl.DateTimeFormat>();
const numbers = new Map<string, Intl.NumberFormat>();

function kept<T>(cache: Map<string, T>, lang: string, options: object, make: () => T): T {
  const key = `${lang} ${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

/** A date formatter for `lang`, on UTC (the wall-clock parts Rust rendered). */
export function utcDateFormat(
  lang: string,
  options: Omit<Intl.DateTimeFormatOptions, "timeZone">,
): Intl.DateTimeFormat {
  return kept(dates, lang, options, () => new Intl.DateTimeFormat(lang, { ...options, timeZone: "UTC" }));
}

/** A number formatter for `lang`. */
export function numberFormat(lang: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return kept(numbers, lang, options, () => new Intl.NumberFormat(lang, options));
}
