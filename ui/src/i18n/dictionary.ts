// The dictionaries, merged from one module per area of the app: areas/<area>.ts holds the English
// texts, areas/ru/<area>.ts the Russian ones, typed by the English (the compiler checks that they
// have the same keys). English is here; Russian is merged in ./ru.ts, a chunk of its own.

import * as app from "./areas/app";
import * as board from "./areas/board";
import * as calibration from "./areas/calibration";
import * as compare from "./areas/compare";
import * as compliance from "./areas/compliance";
import * as contacts from "./areas/contacts";
import * as dossier from "./areas/dossier";
import * as edits from "./areas/edits";
import * as errors from "./areas/errors";
import * as exports from "./areas/export";
import * as framework from "./areas/framework";
import * as importing from "./areas/import";
import * as input from "./areas/input";
import * as insights from "./areas/insights";
import * as lifecycle from "./areas/lifecycle";
import * as merge from "./areas/merge";
import * as partners from "./areas/partners";
import * as pilot from "./areas/pilot";
import * as settings from "./areas/settings";
import * as sharing from "./areas/sharing";
import * as zones from "./areas/zones";
import type { Lang } from "./format";
import type { Shape } from "./messages";

export const areas = {
  app,
  board,
  calibration,
  compare,
  compliance,
  contacts,
  dossier,
  edits,
  errors,
  exports,
  framework,
  importing,
  input,
  insights,
  lifecycle,
  merge,
  partners,
  pilot,
  settings,
  sharing,
  zones,
};

export const en = {
  ...app.en,
  ...board.en,
  ...calibration.en,
  ...compare.en,
  ...compliance.en,
  ...contacts.en,
  ...dossier.en,
  ...edits.en,
  ...errors.en,
  ...exports.en,
  ...framework.en,
  ...importing.en,
  ...input.en,
  ...insights.en,
  ...lifecycle.en,
  ...merge.en,
  ...partners.en,
  ...pilot.en,
  ...settings.en,
  ...sharing.en,
  ...zones.en,
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Shape<typeof en>;

/** Keys whose message is a plural (needs a count). */
export type PluralKey = {
  [K in MessageKey]: (typeof en)[K] extends string ? never : K;
}[MessageKey];

/**
 * The dictionaries loaded so far. English is in the first chunk; Russian is its own chunk
 * (i18n/ru.ts), loaded by `loadDictionary` when first needed — the first chunk carries one
 * language (issue 17). Until then `ru` holds the English texts, but the language is never
 * switched to Russian before its texts are in (`setLang` waits for them).
 */
export const dictionaries: Record<Lang, Messages> = { en, ru: en };

let russian: Promise<void> | null = null;

/** Loads `lang`'s dictionary (once); English is always there. */
export function loadDictionary(lang: Lang): Promise<void> {
  if (lang === "en") return Promise.resolve();
  russian ??= import("./ru").then((m) => {
    dictionaries.ru = m.ru;
  });
  return russian;
}
