// Duplicates merged: the same agency entered twice (often once in each office) is merged into the
// partner kept; nothing is deleted (design/SYNC.md "Duplicates").

export const en = {
  "merge.open": "Merge into…",
  "merge.title": "Merge “{name}” into another partner",
  "merge.explain":
    "For the same agency entered twice (for example once in each office). Choose the partner to keep: this one leaves the board, the lists and the search. Nothing is deleted.",
  "merge.search": "Partner to keep",
  "merge.searchNone": "No other partner named “{query}”.",
  "merge.results": "Partners",
  "merge.choose": "Keep {name}",
  "merge.confirm":
    "Merge “{loser}” into “{winner}”? “{loser}” leaves the board, the lists, the search and the counts; its dossier stays readable, with a link to “{winner}”. Nothing is deleted, and a merge cannot be undone.",
  "merge.do": "Merge",
  "merge.back": "Choose another",
  "merge.cancel": "Cancel",
  "merge.into": "Merged into",
  "merge.readOnly": "This dossier is kept read-only: the work continues in the partner it was merged into.",
  "merge.finalWinner": "which was later merged into",
  "merge.from": "Merged from",
  "merge.by": "{who} · {when}",
  "merge.byDevice": "{who} · {device} · {when}",
  "merge.ignored":
    "Also merged into “{name}” by {who} at the same time in another office: not applied — the earlier merge counts.",
  "merge.someone": "someone",
} as const;
