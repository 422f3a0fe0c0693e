// The Russian texts of areas/zones.ts, in the Russian dictionary's own chunk (i18n/ru.ts).
import type { en } from "../zones";
import type { Shape } from "../../messages";

export const ru: Shape<typeof en> = {
  "zones.placeholder": "Город или пояс, например Москва, Лос-Анджелес",
  "zones.results": "Часовые пояса по введённому тексту",
  "zones.offset": "UTC{offset}",
  "zones.resolved": "{place} · сейчас UTC{offset}",
  "zones.unknown": "«{text}» — такого города или часового пояса Vetta не знает.",
  "zones.unknownSuggest": "«{text}» — такого города или часового пояса Vetta не знает. Может быть, {suggestions}?",
  "zones.ambiguous": "«{text}» — здесь несколько часовых поясов: выберите один из списка.",
  "zones.nothing": "Нет городов и поясов, начинающихся так.",
  "zones.keys": "↑ ↓ — выбор, Enter — подтвердить, Esc — закрыть",
};
