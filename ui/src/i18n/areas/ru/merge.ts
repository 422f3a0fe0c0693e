// The Russian texts of areas/merge.ts, in the Russian dictionary's own chunk (i18n/ru.ts).
import type { en } from "../merge";
import type { Shape } from "../../messages";

export const ru: Shape<typeof en> = {
  "merge.open": "Объединить с…",
  "merge.title": "Объединить «{name}» с другим партнёром",
  "merge.explain":
    "Если одно и то же агентство внесено дважды (например, в каждом офисе). Выберите партнёра, который останется: этот уйдёт с доски, из списков и поиска. Ничего не удаляется.",
  "merge.search": "Какой партнёр останется",
  "merge.searchNone": "Другого партнёра «{query}» нет.",
  "merge.results": "Партнёры",
  "merge.choose": "Оставить {name}",
  "merge.confirm":
    "Объединить «{loser}» с «{winner}»? «{loser}» уйдёт с доски, из списков, поиска и счётчиков; его досье останется доступным для чтения, со ссылкой на «{winner}». Ничего не удаляется; объединение нельзя отменить.",
  "merge.do": "Объединить",
  "merge.back": "Выбрать другого",
  "merge.cancel": "Отмена",
  "merge.into": "Объединён с партнёром:",
  "merge.readOnly":
    "Досье сохранено только для чтения: работа продолжается в карточке партнёра, с которым его объединили.",
  "merge.finalWinner": "который позже объединён с",
  "merge.from": "С этим партнёром объединены:",
  "merge.by": "{who} · {when}",
  "merge.byDevice": "{who} · {device} · {when}",
  "merge.ignored":
    "В другом офисе в то же время объединён и с «{name}» ({who}): не применено — действует более раннее объединение.",
  "merge.someone": "кто-то",
} as const;
