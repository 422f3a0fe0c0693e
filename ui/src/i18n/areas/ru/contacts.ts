// The Russian texts of areas/contacts.ts, in the Russian dictionary's own chunk (i18n/ru.ts).
import type { en } from "../contacts";
import type { Shape } from "../../messages";

export const ru: Shape<typeof en> = {
  "contacts.local": "Хранить контакты только в России (152-ФЗ)",
  "contacts.localHint":
    "Другие офисы получают оценки, флаги, пилоты и решения, но не контакты. Это не юридическая консультация.",
  "contacts.elsewhere": "Контакты хранятся в российском офисе.",
} as const;
