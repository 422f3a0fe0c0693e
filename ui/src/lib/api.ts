// Calls into Rust. Every command returns a typed Result; `call` turns its error side into a throw
// of the typed `IpcError`, which `errorMsg` renders in the current language.

import type { IpcError } from "../bindings";

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

/** Told when any call reports a damaged data file (the frame then checks whether the store closed). */
export const storeWatch: { ondamage: (() => void) | null } = { ondamage: null };

export async function call<T>(pending: Promise<CommandResult<T>>): Promise<T> {
  const result = await pending;
  if (result.status === "ok") return result.data;
  if (result.error.code === "damaged_database") storeWatch.ondamage?.();
  throw result.error;
}

/** Whether a thrown value is a refusal from Rust (what `call` throws), rather than any other failure. */
export function isIpcError(error: unknown): error is IpcError {
  return typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string";
}

/**
 * The one mapping from a refusal to the input it concerns, so a form can mark that input and put
 * the message beside it. Most codes name their field; the others are about a market, the time zone,
 * a metric's currency, a scored criterion (or a debrief's health aspect, which Rust names the same
 * way) or the hypotheses. `market` is where the asking form shows a market: the partner's markets
 * unless told otherwise (the scope form's metric rows).
 */
export function errorField(error: unknown, where: { market?: string } = {}): string | null {
  if (!isIpcError(error)) return null;
  const market = where.market ?? "markets";
  switch (error.code) {
    case "empty_field":
    case "too_long":
    case "invalid_value":
    case "limit_out_of_range":
    case "min_above_max":
    case "in_future":
    case "not_the_device_person":
      return error.field === "market" ? market : error.field;
    case "outside_scope_dates":
      return "startsAt";
    case "review_not_after_decision":
      return "reviewOn";
    case "unknown_market":
      return market;
    case "no_markets":
      return "markets";
    case "unknown_time_zone":
      return "timeZone";
    case "metric_needs_currency":
      return "metrics.currency";
    case "score_out_of_range":
    case "unanswered_criterion":
      return error.criterion;
    case "not_found":
      return error.entity === "hypothesis" ? "hypotheses" : null;
    default:
      return null;
  }
}
