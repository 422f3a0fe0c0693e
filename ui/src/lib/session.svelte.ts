// App-wide state that is not the language: the user's own time zone and the open data file.

import type { AppStatus } from "../bindings";

/** The zone the system reports; the user's setting overrides it. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export const session = $state<{ timeZone: string; status: AppStatus | null }>({
  timeZone: systemTimeZone(),
  status: null,
});
