// Where entries made on another office's device came from: the dossier sets the list once (Rust
// reads it: Dossier.entryOrigins) and each entry's line finds its own by id.
import { getContext, setContext } from "svelte";
import type { EntryOrigin } from "../types";

const KEY = Symbol("entry-origins");

/** Called by the dossier page with a getter, so lines follow a reload. */
export function provideOrigins(get: () => EntryOrigin[]): void {
  setContext(KEY, get);
}

/** The origin of entry `id`, when it was made on another device (none outside a dossier). */
export function originOf(id: string): EntryOrigin | undefined {
  const get = getContext<(() => EntryOrigin[]) | undefined>(KEY);
  return get?.().find((o) => o.entryId === id);
}
