// A decision's confidence and expected outcome, its review at the review date, and the hit rate
// by confidence band on the Insights page.

export const en = {
  "decision.confidence": "How confident are you? (optional)",
  "decision.confidenceNone": "Not said",
  "decision.confidenceBand": "{n} %",
  "decision.confidenceHint":
    "Written before the outcome and compared at the review date: over time it shows how well the team’s confidence matches what happens.",
  "decision.expected": "What do you expect to happen? (optional)",
  "decision.expectedPlaceholder": "e.g. both videos delivered on time, RU reach above 50,000",
  "decision.confidenceLine": "Confidence: {n} %",
  "decision.expectedLine": "Expected: {text}",
  "review.due": "The review date has come: did it go as expected?",
  "review.again": "Review again",
  "review.asExpected": "As expected",
  "review.notExpected": "Not as expected",
  "review.note": "What happened (optional)",
  "review.submit": "Record the review",
  "review.saving": "Saving…",
  "review.cancel": "Cancel",
  "review.lineYes": "Reviewed by {name}, {date}: went as expected",
  "review.lineNo": "Reviewed by {name}, {date}: did not go as expected",
  "review.corrected": { one: "{n} review recorded", other: "{n} reviews recorded; the latest counts" },
  "insights.decisions": "Decisions: confidence against what happened",
  "insights.decisionsHint":
    "Decisions given a confidence and reviewed at their review date, by confidence: how often they went as expected.",
  "insights.tooFewReviewed": "Too few reviewed yet — n = {n}. The counts are shown; a hit rate needs 20.",
  "insights.noReviewed":
    "No decision with a confidence has been reviewed yet. Give a decision a confidence and a review date, and review it in the dossier when the date comes.",
  "insights.band": "{n} % sure: {hit} of {total} went as expected",
  "insights.filter.version": "Framework version",
  "insights.versionOption": "version {version}",
  "insights.mixed": "These figures cover {n} framework versions ({list}). Choose one to compare like with like.",
  "insights.blindLine": "{blind} of {cards} scored blind",
  "insights.sides": "Sides: where the cards were scored",
  "insights.sidesHint": "Each office scores on its own computers; a side is the computer a card was scored on.",
  "insights.thisComputer": "This computer",
  "insights.otherComputer": "Another computer (…{id})",
  "insights.sideLine": "{cards} cards, {passed} pass alone, {blind} scored blind",
  "insights.criteria": "Where reviewers disagree",
  "insights.criteriaHint":
    "Per gut-check criterion: of the partners two or more reviewers answered it for, how many they disagreed on (yes against no, or half the scale apart). Most disagreed first.",
  "insights.criterionLine": "disagreed on {disagreed} of {compared}",
  "insights.noCompared": "No criterion has answers from two reviewers yet.",
  "insights.withoutPartners": "Partners without it",
} as const;

export const ru = {
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
} as const;
