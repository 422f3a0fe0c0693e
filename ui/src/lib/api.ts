// Calls into Rust. Every command returns a typed Result; `call` turns its error side into a throw
// of the typed `IpcError`, which `errorMsg` renders in the current language.

import type { IpcError } from "../bindings";

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

export async function call<T>(pending: Promise<CommandResult<T>>): Promise<T> {
  const result = await pending;
  if (result.status === "ok") return result.data;
  throw result.error;
}

/** The field an error belongs to, so the form can show it beside that field. */
export function errorField(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("code" in error)) return null;
  const e = error as IpcError;
  switch (e.code) {
    case "empty_field":
    case "too_long":
    case "invalid_value":
      return e.field === "market" ? "markets" : e.field;
    case "unknown_time_zone":
      return "timeZone";
    case "unknown_market":
    case "no_markets":
      return "markets";
    default:
      return null;
  }
}
