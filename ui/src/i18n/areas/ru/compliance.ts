// The Russian texts of areas/compliance.ts, in the Russian dictionary's own chunk (i18n/ru.ts).
import type { en } from "../compliance";
import type { Shape } from "../../messages";

export const ru: Shape<typeof en> = {
  "compliance.title": "Соответствие требованиям",
  "compliance.openOf": "открыто {n} из {total}",
  "compliance.openCount": {
    one: "{n} пункт соответствия открыт",
    few: "{n} пункта соответствия открыты",
    many: "{n} пунктов соответствия открыты",
    other: "{n} пункта соответствия открыты",
  },
  "compliance.noLegalAdvice":
    "Это чек-лист для учёта, а не юридическая консультация: правила меняются каждый год, сверяйтесь с юристом.",
  "compliance.everyMarket": "Все рынки",
  "compliance.state.open": "Открыт",
  "compliance.state.done": "Выполнен",
  "compliance.state.not_applicable": "Не применимо",
  "compliance.stateLabel": "Состояние",
  "compliance.byAt": "{by}, {at}",
  "compliance.reasonShown": "Не применимо: {reason}",
  "compliance.noteLabel": "Заметка",
  "compliance.notePlaceholder": "erid, где видна маркировка, дата проверки…",
  "compliance.save": "Сохранить",
  "compliance.saved": "Пункт чек-листа сохранён.",
  "compliance.usage": "Права на использование",
  "compliance.usageKind.organic": "Органика",
  "compliance.usageKind.paid": "Платное продвижение",
  "compliance.usageKind.whitelisting": "Вайтлистинг (аккаунт автора в рекламе)",
  "compliance.from": "С",
  "compliance.to": "По",
  "compliance.usageHint": "Доска напомнит за 14 дней до конца прав на использование.",
  "compliance.usageSaved": "Права на использование сохранены.",
  "compliance.route": "Платёжный маршрут",
  "compliance.country": "Страна",
  "compliance.routeShown": "{payer} ({payerCountry}) → {recipient} ({recipientCountry})",
  "compliance.screened": "проверен по санкционным спискам {date}",
  "compliance.notScreened": "ещё не проверен по санкционным спискам",
  "compliance.routeSaved": "Платёжный маршрут сохранён.",
  "flags.derivedCompliance": "Материал «{title}» сдан с открытыми пунктами соответствия: {items}.",
};
