import type { PluralForms } from "./format";

/**
 * The shape a translation must have: exactly the keys of the English original, each a string or,
 * where the original is a plural, plural forms. A missing or an extra key does not compile.
 */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : PluralForms };
