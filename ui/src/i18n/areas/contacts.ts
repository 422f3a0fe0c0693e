// "Keep contact details in Russia only" (152-FZ): a partner's contacts stay in the Russian office
// while scores, flags, pilots and decisions are shared (design/SYNC.md "Limits").

export const en = {
  "contacts.local": "Keep contact details in Russia only (152-FZ)",
  "contacts.localHint":
    "Other offices get the scores, flags, pilots and decisions, but not the contact details. This is not legal advice.",
  "contacts.elsewhere": "Contact details kept in the Russian office.",
} as const;
