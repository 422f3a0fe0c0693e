// The time zone picker (settings, the partner form, the profile): cities in both languages, offsets.

export const en = {
  "zones.placeholder": "City or zone, e.g. Moscow, Los Angeles",
  "zones.results": "Time zones matching the text",
  "zones.offset": "UTC{offset}",
  "zones.resolved": "{place} · UTC{offset} now",
  "zones.unknown": "“{text}” is not a city or time zone Vetta knows.",
  "zones.unknownSuggest": "“{text}” is not a city or time zone Vetta knows. Did you mean: {suggestions}?",
  "zones.ambiguous": "“{text}” covers several time zones: pick one from the list.",
  "zones.nothing": "No city or zone starts like this.",
  "zones.keys": "↑ ↓ to move, Enter to choose, Esc to close",
} as const;
