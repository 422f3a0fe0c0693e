// App-wide state that is not the language: the user's own time zone and the open data file.

import type { AppStatus } from "./types";

/** The zone the system reports; the user's setting overrides it. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export const session = $state<{
  /** The user's own IANA zone: their setting, else the system's. */
  timeZone: string;
  /** The name the user signs scores, flags and decisions with ("" until set in Settings). */
  userName: string;
  status: AppStatus | null;
}>({
  timeZone: systemTimeZone(),
  userName: "",
  status: null,
});
