// The Russian texts of areas/insights.ts, in the Russian dictionary's own chunk (i18n/ru.ts).

export const ru = {
  "nav.insights": "Аналитика",
  "insights.title": "Аналитика",
  "insights.lead":
    "Что говорит ваша собственная история — по тому, что Vetta уже записала. Числа, а не коэффициенты: у команды десятки пилотов, а не тысячи.",
  "insights.loading": "Читаем историю…",
  "insights.empty":
    "Под эти фильтры пока не подходит ни один партнёр. Добавляйте партнёров и проводите пилоты — цифры появятся по ходу дела.",
  "insights.covers": { one: "партнёров: {n}", few: "партнёров: {n}", many: "партнёров: {n}", other: "партнёров: {n}" },
  "insights.filter.market": "Рынок",
  "insights.filter.kind": "Тип",
  "insights.filter.period": "Добавлены",
  "insights.filter.any": "Все",
  "insights.period.30": "за последние 30 дней",
  "insights.period.90": "за последние 90 дней",
  "insights.period.365": "за последний год",
  "insights.signals": "Сигналы до пилота и итоги первых пилотов",
  "insights.signalsHint":
    "Пилот пройден, когда пройден его порог этапа: метрики согласованы до старта, нет стоп-фактора, все материалы в рамках пилота.",
  "insights.tooFew": "Пилотов пока слишком мало для сравнения — n = {n}. Числа показаны; для сравнения нужно 20.",
  "insights.with": "Сигнал сильный: пройдено {success} из {total}",
  "insights.without": "без него: {success} из {total}",
  "insights.noPilots": "Разобранных пилотов пока нет.",
  "insights.funnel": "Воронка и дни на этапе",
  "insights.funnelHint":
    "Дни до следующего этапа, медиана; время «подождать» не считается, партнёры, которые ещё на этапе, учтены в числе, но не в медиане.",
  "insights.reached": {
    one: "дошёл {n}",
    few: "дошли {n}",
    many: "дошли {n}",
    other: "дошли {n}",
  },
  "insights.median": "медиана {days} дн. по {n}",
  "insights.lastPhase": "последний этап: дни не считаются",
  "insights.noMedian": "дальше пока никто не прошёл",
  "insights.rework": "Переделки",
  "insights.overLimit": "Кампании сверх лимита раундов правок: {over} из {total}",
  "insights.repeated": "Партнёры с повтором: {repeated} из {piloted} с пилотом",
  "insights.corrections": "Исправления: {per10} на 10 записей ({n} из {total})",
  "insights.causes": "Причины неудач разобранных кампаний",
  "insights.causesHint": "Коммуникация и ожидания — то, из-за чего, по словам практиков, партнёрства заканчиваются.",
  "insights.reviewers": "Оценщики",
  "insights.reviewersHint":
    "Карточки первичной проверки каждого оценщика и сколько из них сами по себе прошли бы порог этапа.",
  "insights.reviewerLine": "карточек: {cards}, сами по себе проходят: {passed}",
  "insights.team": "Порог этапа команды: пройден у {passed} из {total} партнёров",
  "insights.noReviewers": "Первичную проверку пока никто не оценивал.",
  "insights.firstShown": "Показаны первые {shown} из {total}: фильтр выше сузит список.",
  "insights.stillHere": "Ещё на этапе",
  "insights.partnersBehind": "Партнёры",
} as const;
