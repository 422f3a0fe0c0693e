// The app frame: title, status bar, start-up failure, language switch.

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
