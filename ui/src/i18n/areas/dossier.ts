// Texts of the dossier area.
import type { Shape } from "../messages";

export const en = {
  "dossier.placeholder": "",
} as const;

export const ru: Shape<typeof en> = {
  "dossier.placeholder": "",
};
