// Texts of the pilot area.
import type { Shape } from "../messages";

export const en = {
  "pilot.placeholder": "",
} as const;

export const ru: Shape<typeof en> = {
  "pilot.placeholder": "",
};
