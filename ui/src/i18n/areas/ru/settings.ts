// The Russian texts of areas/settings.ts, in the Russian dictionary's own chunk (i18n/ru.ts).
import type { en } from "../settings";
import type { Shape } from "../../messages";

export const ru: Shape<typeof en> = {
  "nav.main": "Разделы",
  "nav.partners": "Партнёры",
  "nav.settings": "Настройки",
  "settings.title": "Настройки",
  "settings.language": "Язык интерфейса",
  "settings.userName": "Ваше имя",
  "settings.userNameSave": "Сохранить имя",
  "settings.userNameHint": "Этим именем подписываются ваши оценки, флаги и решения.",
  "settings.timeZone": "Ваш часовой пояс",
  "settings.timeZoneHint": "Даты и сроки показываются в этом поясе, а рядом — в поясе партнёра.",
  "settings.timeZoneSave": "Сохранить пояс",
  "settings.timeZoneSaved": "Часовой пояс сохранён: {zone}.",
  "settings.timeZoneSystem": "Не задан: используется пояс системы ({zone}).",
  "settings.markets": "Рынки",
  "settings.addMarket": "Добавить рынок",
  "settings.addMarketButton": "Добавить рынок",
  "settings.marketHint":
    "Код из 2–8 латинских букв, например KZ, DE или LATAM. Затем его можно указывать у партнёров и в метриках пилота.",
  "settings.marketAdded": "Рынок {code} добавлен.",
  "settings.data": "Ваши данные",
  "settings.dataFileLabel": "Файл данных",
  "settings.schema": "Версия схемы {version}",
  "settings.backups": "Резервные копии",
  "settings.backupsHint":
    "Резервная копия — полная копия файла данных. Vetta также делает её перед каждым обновлением формата данных.",
  "settings.backupNow": "Создать копию",
  "settings.backingUp": "Создаём копию…",
  "settings.backupDone": "Копия сохранена: {file}",
  "settings.noBackups": "Копий пока нет. Кнопка «Создать копию» сделает первую.",
  "settings.col.file": "Файл",
  "settings.col.written": "Создана",
  "settings.col.size": "Размер",
  "settings.sizeKib": "{size} КБ",
  "settings.restore": "Восстановить…",
  "settings.restoreConfirm":
    "Заменить текущие данные копией «{file}»? Сначала будет сохранена копия текущих данных, так что это можно отменить.",
  "settings.restoreYes": "Восстановить",
  "settings.restoreNo": "Отмена",
  "settings.restoring": "Восстанавливаем…",
  "settings.restored": "Копия «{file}» восстановлена. Прежние данные сохранены в «{safety}».",
  "settings.restoredShort": "Копия «{file}» восстановлена.",
};
