// Both dictionaries, merged from one module per area of the app. Each area keeps its English and
// Russian texts side by side; the compiler checks that they have the same keys.

import * as app from "./areas/app";
import * as errors from "./areas/errors";
import * as partners from "./areas/partners";
import * as settings from "./areas/settings";
import type { Lang } from "./format";
import type { Shape } from "./messages";

export const areas = { app, errors, partners, settings };

export const en = { ...app.en, ...errors.en, ...partners.en, ...settings.en } as const;

export type MessageKey = keyof typeof en;
export type Messages = Shape<typeof en>;

/** Keys whose message is a plural (needs a count). */
export type PluralKey = {
  [K in MessageKey]: (typeof en)[K] extends string ? never : K;
}[MessageKey];

export const ru: Messages = { ...app.ru, ...errors.ru, ...partners.ru, ...settings.ru };

export const dictionaries: Record<Lang, Messages> = { en, ru };
