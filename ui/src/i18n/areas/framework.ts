// Texts of the framework area.
import type { Shape } from "../messages";

export const en = {
  "framework.placeholder": "",
} as const;

export const ru: Shape<typeof en> = {
  "framework.placeholder": "",
};
