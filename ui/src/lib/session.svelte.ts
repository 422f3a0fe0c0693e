// App-wide state that is not the language: the user's own time zone and the open data file.

import type { AppStatus } from "./types";

export const session = $state<{
  /** The user's own IANA zone: their setting, else the system's. */
  timeZone: string;
  /** The zone the OS reports, as Rust reads it (chrono-tz's name; "UTC" until read). */
  systemTimeZone: string;
  /** The name the user signs scores, flags and decisions with ("" until set in Settings). */
  userName: string;
  status: AppStatus | null;
}>({
  timeZone: "UTC",
  systemTimeZone: "UTC",
  userName: "",
  status: null,
});
