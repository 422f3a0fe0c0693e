// The Russian texts of areas/app.ts, in the Russian dictionary's own chunk (i18n/ru.ts).
import type { en } from "../app";
import type { Shape } from "../../messages";

export const ru: Shape<typeof en> = {
  "app.title": "Vetta",
  "app.tagline": "Проверка партнёров: этапы и пилоты",
  "app.loading": "Открываем ваши данные…",
  "app.dataFile": "Файл данных: {path}",
  "app.backupTaken": "Перед обновлением сохранена резервная копия: {path}",
  "app.startFailed": "Vetta не удалось открыть данные",
  "app.startFailedHint":
    "Vetta ничего не записывает в указанный выше файл. Восстановите одну из резервных копий ниже (текущий файл сначала сохраняется копией) или закройте Vetta и переместите файл в другое место.",
  "app.startBackups": "Резервные копии",
  "app.startNoBackups":
    "Резервных копий нет. Закройте Vetta и переместите указанный выше файл в другое место: тогда Vetta начнёт с пустого файла данных.",
  "app.alreadyOpen": "Vetta уже открыта",
  "app.alreadyOpenHint":
    "С одной папкой данных может работать только одна Vetta. Перейдите в открытое окно Vetta или закройте его и запустите Vetta снова.",
  "app.nameHint": "Vetta подписывает ваши оценки, флаги и решения вашим именем.",
  "app.nameHintAction": "Укажите имя в настройках",
  "lang.switch": "Язык интерфейса",
  "lang.ru": "Русский",
  "lang.en": "English",
  "keys.title": "Сочетания клавиш",
  "keys.search": "Найти партнёра",
  "keys.newPartner": "Добавить партнёра",
  "keys.back": "Закрыть окно или вернуться назад",
  "keys.help": "Показать этот список",
  "keys.hint": "Клавиши работают, пока курсор не стоит в поле ввода.",
  "keys.close": "Закрыть",
  "text.showMore": "Показать полностью",
  "text.showLess": "Свернуть",
};
