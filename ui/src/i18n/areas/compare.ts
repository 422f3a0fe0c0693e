// Texts of the compare area.
import type { Shape } from "../messages";

export const en = {
  "compare.placeholder": "",
} as const;

export const ru: Shape<typeof en> = {
  "compare.placeholder": "",
};
