// Sharing as the window knows it: the status (null while nothing is shared), the last sync's
// report, whether a sync runs. One sync at a time; each that applied something bumps `revision`,
// which the board watches to read again.

import { commands, type ApplyReport } from "../../bindings";
import { call } from "../api";
import type { SharingStatus } from "../types";

export const sharing = $state<{
  status: SharingStatus | null;
  report: ApplyReport | null;
  busy: boolean;
  error: unknown;
  /** Counts the syncs that applied another device's changes. */
  revision: number;
}>({ status: null, report: null, busy: false, error: null, revision: 0 });

/** Reads the status again (after starting to share, after a sync). */
export async function readSharing(): Promise<void> {
  sharing.status = await call(commands.sharingStatus());
}

/** Writes this device's changes to the folder and applies the others'; nothing while not shared. */
export async function syncNow(): Promise<void> {
  if (sharing.busy || !sharing.status) return;
  sharing.busy = true;
  try {
    const report = await call(commands.syncNow());
    sharing.report = report;
    sharing.error = null;
    if (report.applied > 0) sharing.revision += 1;
    await readSharing();
  } catch (e) {
    sharing.error = e;
  } finally {
    sharing.busy = false;
  }
}

/** At start and when the window is focused again: reads the status, then syncs if shared. */
export async function syncInBackground(): Promise<void> {
  try {
    await readSharing();
  } catch (e) {
    sharing.error = e;
    return;
  }
  await syncNow();
}

/** A device as people know it: its name when its files have been read here, else the end of its
 * id (the start of an id is its creation time, alike on every device). */
export function peerName(deviceId: string): string {
  const peer = sharing.status?.devices.find((d) => d.deviceId === deviceId);
  return peer ? peer.name : `…${deviceId.slice(-8)}`;
}
