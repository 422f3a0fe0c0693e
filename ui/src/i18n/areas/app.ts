// The app frame: title, status bar, start-up failure, language switch.
import type { Shape } from "../messages";

export const en = {
  "app.title": "Vetta",
  "app.tagline": "Vet partners through gates and pilots",
  "app.loading": "Opening your data…",
  "app.dataFile": "Data file: {path}",
  "app.backupTaken": "A backup was saved before the upgrade: {path}",
  "app.startFailed": "Vetta could not open its data",
  "app.startFailedHint": "Nothing was changed in the file. Quit Vetta, then move or restore the file named below.",
  "app.nameHint": "Vetta signs your scores, flags and decisions with your name.",
  "app.nameHintAction": "Set your name in Settings",
  "lang.switch": "Interface language",
  "lang.ru": "Русский",
  "lang.en": "English",
} as const;

export const ru: Shape<typeof en> = {
  "app.title": "Vetta",
  "app.tagline": "Проверка партнёров: этапы и пилоты",
  "app.loading": "Открываем ваши данные…",
  "app.dataFile": "Файл данных: {path}",
  "app.backupTaken": "Перед обновлением сохранена резервная копия: {path}",
  "app.startFailed": "Vetta не удалось открыть данные",
  "app.startFailedHint": "Файл не изменён. Закройте Vetta и переместите или восстановите указанный ниже файл.",
  "app.nameHint": "Vetta подписывает ваши оценки, флаги и решения вашим именем.",
  "app.nameHintAction": "Укажите имя в настройках",
  "lang.switch": "Язык интерфейса",
  "lang.ru": "Русский",
  "lang.en": "English",
};
