// The Russian texts of areas/edits.ts, in the Russian dictionary's own chunk (i18n/ru.ts).
import type { en } from "../edits";
import type { Shape } from "../../messages";

export const ru: Shape<typeof en> = {
  "edits.lastChange": "Изменено: {who} · {device} · {when}",
  "edits.lastChangeDevice": "Изменено на устройстве {device} · {when}",
  "edits.when": "{there} (у вас {here})",
  "edits.overwrite": "Изменено в двух офисах",
  "edits.overwriteLabel": "{field}: изменено в двух офисах без связи — показать оба значения",
  "edits.overwriteExplain":
    "Два офиса изменили это поле без связи, не видя изменений друг друга. Показано более позднее изменение. Выберите, какое значение оставить:",
  "edits.shown": "показано сейчас",
  "edits.keep": "Оставить это значение",
  "edits.keepLabel": "Оставить «{value}»",
  "edits.empty": "(пусто)",
  "edits.entryFromSameZone": "Сделано на устройстве {device} · {there}",
  "edits.entryFrom": "Сделано на устройстве {device} · {there} · у вас {here}",
};
