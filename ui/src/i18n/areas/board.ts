// Texts of the board area.
import type { Shape } from "../messages";

export const en = {
  "board.placeholder": "",
} as const;

export const ru: Shape<typeof en> = {
  "board.placeholder": "",
};
