// The pipeline board and its reminders.
import type { Shape } from "../messages";

export const en = {
  "nav.board": "Pipeline",
  "board.title": "Pipeline",
  "board.search": "Find a partner",
  "board.newPartner": "New partner",
  "board.closeForm": "Close",
  "board.emptyColumn": "No one here.",
  "board.loading": "Counting…",
  "board.empty": "The pipeline is empty.",
  "board.emptyHint":
    "Add the first candidate with “New partner”: name, markets and home time zone are enough to start.",
  "board.searchNone": "No partner’s name contains “{query}”.",
  "board.more": "Show more ({left} left)",
  "board.openFlags": { one: "{n} open flag", other: "{n} open flags" },
  "board.dealbreaker": "Dealbreaker",
  "board.nextDeadline": "Next deadline",
  "board.overdue": "Overdue",
  "board.you": "you",
  "board.them": "them",
  "board.recommends": "Vetta recommends",
  "board.partnersShown": { one: "{n} partner", other: "{n} partners" },
  "reminders.title": { one: "{n} thing needs attention", other: "{n} things need attention" },
  "reminders.debrief_due": "the pilot ended {date} and has no debrief yet.",
  "reminders.review_due": "the decision is due for review (review date {date}).",
} as const;

export const ru: Shape<typeof en> = {
  "nav.board": "Воронка",
  "board.title": "Воронка",
  "board.search": "Найти партнёра",
  "board.newPartner": "Новый партнёр",
  "board.closeForm": "Закрыть",
  "board.emptyColumn": "Здесь никого.",
  "board.loading": "Считаем…",
  "board.empty": "Воронка пуста.",
  "board.emptyHint":
    "Добавьте первого кандидата кнопкой «Новый партнёр»: для начала достаточно названия, рынков и часового пояса.",
  "board.searchNone": "Нет партнёров, в названии которых есть «{query}».",
  "board.more": "Показать ещё (осталось {left})",
  "board.openFlags": {
    one: "{n} открытый флаг",
    few: "{n} открытых флага",
    many: "{n} открытых флагов",
    other: "{n} открытого флага",
  },
  "board.dealbreaker": "Стоп",
  "board.nextDeadline": "Ближайший срок",
  "board.overdue": "Просрочено",
  "board.you": "у вас",
  "board.them": "у них",
  "board.recommends": "Рекомендация Vetta",
  "board.partnersShown": { one: "{n} партнёр", few: "{n} партнёра", many: "{n} партнёров", other: "{n} партнёра" },
  "reminders.title": {
    one: "{n} дело требует внимания",
    few: "{n} дела требуют внимания",
    many: "{n} дел требуют внимания",
    other: "{n} дела требуют внимания",
  },
  "reminders.debrief_due": "пилот закончился {date}, а разбора ещё нет.",
  "reminders.review_due": "пора пересмотреть решение (дата пересмотра {date}).",
};
