// The Russian texts of areas/calibration.ts, in the Russian dictionary's own chunk (i18n/ru.ts).
import type { en } from "../calibration";
import type { Shape } from "../../messages";

export const ru: Shape<typeof en> = {
  "decision.confidence": "Насколько вы уверены? (необязательно)",
  "decision.confidenceNone": "Не указано",
  "decision.confidenceBand": "{n} %",
  "decision.confidenceHint":
    "Записывается до исхода и сверяется в дату пересмотра: со временем видно, насколько уверенность команды совпадает с тем, что происходит.",
  "decision.expected": "Чего вы ожидаете? (необязательно)",
  "decision.expectedPlaceholder": "например: оба ролика сданы в срок, охват в RU больше 50 000",
  "decision.confidenceLine": "Уверенность: {n} %",
  "decision.expectedLine": "Ожидали: {text}",
  "review.due": "Дата пересмотра наступила: всё вышло, как ожидали?",
  "review.again": "Пересмотреть заново",
  "review.asExpected": "Как ожидали",
  "review.notExpected": "Не как ожидали",
  "review.note": "Что произошло (необязательно)",
  "review.submit": "Записать пересмотр",
  "review.saving": "Сохраняем…",
  "review.cancel": "Отмена",
  "review.lineYes": "Пересмотрел(а) {name}, {date}: вышло, как ожидали",
  "review.lineNo": "Пересмотрел(а) {name}, {date}: вышло не так, как ожидали",
  "review.corrected": {
    one: "записан {n} пересмотр",
    few: "записано {n} пересмотра; считается последний",
    many: "записано {n} пересмотров; считается последний",
    other: "записано {n} пересмотра; считается последний",
  },
  "insights.decisions": "Решения: уверенность и что вышло",
  "insights.decisionsHint":
    "Решения с указанной уверенностью, пересмотренные в дату пересмотра, по уровню уверенности: как часто вышло, как ожидали.",
  "insights.tooFewReviewed":
    "Пересмотренных решений пока слишком мало — n = {n}. Числа показаны; для доли попаданий нужно 20.",
  "insights.noReviewed":
    "Пока не пересмотрено ни одно решение с указанной уверенностью. Укажите уверенность и дату пересмотра, а когда дата наступит, пересмотрите решение в карточке партнёра.",
  "insights.band": "Уверенность {n} %: как ожидали — {hit} из {total}",
  "insights.filter.version": "Версия методики",
  "insights.versionOption": "версия {version}",
  "insights.mixed": "Здесь смешаны версии методики: {n} ({list}). Выберите одну, чтобы сравнивать одинаковое.",
  "insights.blindLine": "вслепую: {blind} из {cards}",
  "insights.sides": "Стороны: где ставились оценки",
  "insights.sidesHint":
    "Каждый офис оценивает на своих компьютерах; сторона — компьютер, на котором поставлена оценка.",
  "insights.thisComputer": "Этот компьютер",
  "insights.otherComputer": "Другой компьютер (…{id})",
  "insights.sideLine": "карточек: {cards}, сами по себе проходят: {passed}, вслепую: {blind}",
  "insights.criteria": "Где оценщики расходятся",
  "insights.criteriaHint":
    "По каждому критерию первичной проверки: у скольких партнёров, которых оценили двое и больше, оценщики разошлись (да против нет или на полшкалы). Сначала самые спорные.",
  "insights.criterionLine": "разошлись у {disagreed} из {compared}",
  "insights.noCompared": "Пока ни один критерий не оценён двумя оценщиками.",
  "insights.withoutPartners": "Партнёры без него",
};
