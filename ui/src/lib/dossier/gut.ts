import type { ScorecardView } from "../types";

/** A gut-check view and whom it was read for: in blind mode it is shown to no one else. */
export type GutView = { viewer: string; blind: boolean; view: ScorecardView };

/** Whether `view` was read for this reviewer (names match as Rust matches them: trimmed, any case). */
export function gutViewFor(view: GutView | null, reviewer: string, blind: boolean): ScorecardView | null {
  if (!view || view.blind !== blind) return null;
  return view.viewer.trim().toLowerCase() === reviewer.trim().toLowerCase() ? view.view : null;
}
