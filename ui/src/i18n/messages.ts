import type { PluralForms } from "./format";
import type { en } from "./en";

export type MessageKey = keyof typeof en;

/** The shape every dictionary must have: en's keys, plain strings or plural forms. */
export type Messages = {
  [K in MessageKey]: (typeof en)[K] extends string ? string : PluralForms;
};

/** Keys whose message is a plural (needs a count). */
export type PluralKey = {
  [K in MessageKey]: (typeof en)[K] extends string ? never : K;
}[MessageKey];
