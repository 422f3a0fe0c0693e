// Who changed a partner's field, where and when (both zones), and concurrent overwrites: the same
// field changed in two offices while offline (design/SYNC.md "Mutable fields").

export const en = {
  "edits.lastChange": "Changed by {who} · {device} · {when}",
  "edits.lastChangeDevice": "Changed on {device} · {when}",
  "edits.when": "{there} (your time: {here})",
  "edits.overwrite": "Changed in two offices",
  "edits.overwriteLabel": "{field}: changed in two offices while offline — show both values",
  "edits.overwriteExplain":
    "Two offices changed this field while offline, neither seeing the other's change. The later change is shown. Choose the value to keep:",
  "edits.shown": "shown now",
  "edits.keep": "Keep this value",
  "edits.keepLabel": "Keep “{value}”",
  "edits.empty": "(empty)",
  "edits.entryFromSameZone": "Made on {device} · {there}",
  "edits.entryFrom": "Made on {device} · {there} · your time {here}",
} as const;
