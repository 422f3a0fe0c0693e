// The app frame: title, status bar, start-up failure, language switch.
import type { Shape } from "../messages";

export const en = {
  "app.title": "Vetta",
  "app.tagline": "Vet partners through gates and pilots",
  "app.loading": "Opening your data…",
  "app.dataFile": "Data file: {path}",
  "app.backupTaken": "A backup was saved before the upgrade: {path}",
  "app.startFailed": "Vetta could not open its data",
  "app.startFailedHint":
    "Vetta writes nothing to the file named above. Restore one of the backups below (the file is first kept as a copy), or quit Vetta and move the file elsewhere.",
  "app.startBackups": "Backups",
  "app.startNoBackups":
    "There are no backups to restore. Quit Vetta and move the file named above elsewhere: Vetta then starts with an empty data file.",
  "app.alreadyOpen": "Vetta is already open",
  "app.alreadyOpenHint":
    "Only one Vetta can use a data folder at a time. Switch to the Vetta window that is open, or quit it and start Vetta again.",
  "app.nameHint": "Vetta signs your scores, flags and decisions with your name.",
  "app.nameHintAction": "Set your name in Settings",
  "lang.switch": "Interface language",
  "lang.ru": "Русский",
  "lang.en": "English",
  "keys.title": "Keyboard shortcuts",
  "keys.search": "Find a partner",
  "keys.newPartner": "Add a new partner",
  "keys.back": "Close a dialog or go back",
  "keys.help": "Show this list",
  "keys.hint": "Shortcuts work while no text field has the focus.",
  "keys.close": "Close",
  "text.showMore": "Show more",
  "text.showLess": "Show less",
} as const;

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
