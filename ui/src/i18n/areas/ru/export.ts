// The Russian texts of areas/export.ts, in the Russian dictionary's own chunk (i18n/ru.ts).
import type { en } from "../export";
import type { Shape } from "../../messages";

export const ru: Shape<typeof en> = {
  "export.title": "Выгрузка и восстановление",
  "export.hint":
    "Файлы сохраняются туда, куда вы укажете. Выгрузка рабочего пространства содержит всё, с версией формата данных, и восстанавливается в пустую Vetta.",
  "export.workspace": "Выгрузить рабочее пространство (JSON)",
  "export.exporting": "Выгружаем…",
  "export.progress": "Выгружено строк: {done} из {total}",
  "export.saved": "Сохранено: «{file}», строк: {rows}.",
  "export.savedReport": "Сохранено: «{file}».",
  "export.printDialog": "Не удалось сразу записать PDF, поэтому открылось окно печати: выберите в нём «Печать в файл».",
  "export.lists": "Выгрузить списки (CSV / Excel)",
  "export.list": "Список",
  "export.list.partners": "Партнёры",
  "export.list.pilots": "Пилоты и кампании",
  "export.list.flags": "Флаги",
  "export.list.decisions": "Решения",
  "export.csv": "Сохранить в CSV",
  "export.xlsx": "Сохранить в Excel",
  "export.listsHint":
    "Заголовки — на языке интерфейса. CSV открывается в Excel как есть: в русском — с «;» и десятичной запятой, в английском — с «,» и точкой.",
  "export.restoreTitle": "Восстановление из выгрузки",
  "export.restore": "Восстановить из выгрузки…",
  "export.restoreHint":
    "Только в пустое рабочее пространство: в новую Vetta или новую папку данных. Ничего не объединяется.",
  "export.restoring": "Восстанавливаем…",
  "export.restored": "Восстановлено строк: {rows}, таблиц: {tables}. Перезагружаем…",
  "export.report": "Отчёт",
  "export.reportLanguage": "Язык отчёта",
  "export.reportHtml": "Сохранить отчёт (HTML)",
  "export.reportPdf": "Сохранить отчёт (PDF)",
  "export.saving": "Сохраняем…",
};
