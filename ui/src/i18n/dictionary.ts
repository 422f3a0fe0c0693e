// Both dictionaries, merged from one module per area of the app. Each area keeps its English and
// Russian texts side by side; the compiler checks that they have the same keys.

import * as app from "./areas/app";
import * as board from "./areas/board";
import * as compare from "./areas/compare";
import * as compliance from "./areas/compliance";
import * as dossier from "./areas/dossier";
import * as errors from "./areas/errors";
import * as exports from "./areas/export";
import * as framework from "./areas/framework";
import * as importing from "./areas/import";
import * as input from "./areas/input";
import * as insights from "./areas/insights";
import * as lifecycle from "./areas/lifecycle";
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
  compare,
  compliance,
  dossier,
  errors,
  exports,
  framework,
  importing,
  input,
  insights,
  lifecycle,
  partners,
  pilot,
  settings,
  sharing,
  zones,
};

export const en = {
  ...app.en,
  ...board.en,
  ...compare.en,
  ...compliance.en,
  ...dossier.en,
  ...errors.en,
  ...exports.en,
  ...framework.en,
  ...importing.en,
  ...input.en,
  ...insights.en,
  ...lifecycle.en,
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

export const ru: Messages = {
  ...app.ru,
  ...board.ru,
  ...compare.ru,
  ...compliance.ru,
  ...dossier.ru,
  ...errors.ru,
  ...exports.ru,
  ...framework.ru,
  ...importing.ru,
  ...input.ru,
  ...insights.ru,
  ...lifecycle.ru,
  ...partners.ru,
  ...pilot.ru,
  ...settings.ru,
  ...sharing.ru,
  ...zones.ru,
};

export const dictionaries: Record<Lang, Messages> = { en, ru };
