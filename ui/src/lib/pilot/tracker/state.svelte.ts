// What the tracker's sections share: the pilot on screen, who is busy, the last problem and notice,
// the one way a logging action runs (`act`), and the rendering of an instant in both zones.
// "Late" and "overdue" are judged by instants.

import type { ZonedInstant, ZonedTime } from "../../../bindings";
import { errorMsg, locale, t } from "../../../i18n/index.svelte";
import { session } from "../../session.svelte";
import type { Deliverable, Partner, Pilot } from "../../types";
import { clock, formatDateTime } from "../../time";
import { formatShortDate, formatZonedTime, inZone } from "../zoned";

/** Which form a busy state, a problem or a notice belongs to (a delivery form per deliverable). */
export type Where = "deliverable" | "revision" | "approval" | "actual" | `delivery:${string}` | `compliance:${string}`;

export type DeliverableState = "late" | "overdue" | "done" | "open";

/** What the tracker is given by the page; read through getters, so it follows the page's reloads. */
export type TrackerProps = {
  /** The pilot as the dossier read it (instants in the viewer's zone and the partner's). */
  readonly pilot: Pilot;
  readonly partner: Partner;
  /** Reloads the page; resolves once it shows the newest state. */
  readonly onchange: () => Promise<void>;
};

export class TrackerState {
  readonly #props: TrackerProps;
  /** Element ids are per instance: the dossier shows one tracker per started pilot. */
  readonly uid: string;

  /** What this tracker's own write returned, shown until the page's reload brings it. */
  written = $state<Pilot | null>(null);
  busy = $state<Where | null>(null);
  problem = $state<{ where: Where; error: unknown; text?: string } | null>(null);
  notice = $state<{ where: Where; text: () => string } | null>(null);
  /** When the tracker last showed a new state: only to mark "today" on the timeline. */
  now = $state(Date.now());

  readonly userZone: string = $derived(session.timeZone);
  readonly started: boolean = $derived(this.pilot.startedAt != null);
  readonly closed: boolean = $derived(this.pilot.debriefed);

  constructor(props: TrackerProps, uid: string) {
    this.#props = props;
    this.uid = uid;
  }

  /** The pilot on screen: this tracker's own write until the page's reload brings it, then the page's. */
  get pilot(): Pilot {
    return this.written ?? this.#props.pilot;
  }

  get partner(): Partner {
    return this.#props.partner;
  }

  get partnerZone(): string {
    return this.#props.partner.homeTimeZone;
  }

  /**
   * Runs one logging action: shows what it returned at once, and stays busy until the page shows it
   * too (so the next press acts on the newest state). `done` is the notice, rendered when shown (so
   * it follows a language switch).
   */
  async act(where: Where, action: () => Promise<Pilot>, done: () => string, reset?: () => void): Promise<void> {
    if (this.busy) return;
    this.busy = where;
    this.problem = null;
    this.notice = null;
    try {
      this.written = await action();
      reset?.();
      await this.#props.onchange();
      this.written = null;
      this.notice = { where, text: done };
    } catch (e) {
      this.problem = { where, error: e };
    } finally {
      this.busy = null;
    }
  }

  /** A problem found before anything is sent (a date that cannot be read, a missing choice). */
  localProblem(where: Where, text: string): void {
    this.notice = null;
    this.problem = { where, error: null, text };
  }

  problemText(where: Where): string | null {
    if (!this.problem || this.problem.where !== where) return null;
    return this.problem.text ?? errorMsg(this.problem.error);
  }

  /** A deliverable's state as the tracker shows it: late and overdue are judged by instants. */
  status(d: Deliverable): DeliverableState {
    if (d.delivered) return d.late ? "late" : "done";
    // Overdue is core's judgement at the time of the read (core/src/dates.rs `is_overdue`).
    return d.overdue ? "overdue" : "open";
  }

  // ── Rendering instants in both zones ───────────────────────────────────────────────────────

  you(instant: ZonedInstant): ZonedTime | null {
    return inZone(instant, this.userZone);
  }

  them(instant: ZonedInstant): ZonedTime | null {
    return inZone(instant, this.partnerZone);
  }

  full(z: ZonedTime | null): string {
    return z ? formatZonedTime(z, locale.lang) : "—";
  }

  short(z: ZonedTime | null): string {
    return z ? `${formatShortDate(z.date, locale.lang)} ${z.time} ${z.abbreviation}` : "—";
  }

  formatInstantPair(utc: string): string {
    return t("tracker.bothZones", {
      you: formatDateTime(utc, locale.lang, this.userZone),
      partner: formatDateTime(utc, locale.lang, this.partnerZone),
      zone: this.partnerZone,
    });
  }

  /** What a date and time typed in the user's zone is for the partner. */
  partnerPreview(date: string, time: string): string {
    const reading = clock.wall("dueAt", date, time, this.userZone, [this.partnerZone]);
    if (reading.kind === "pending") return "…";
    if (reading.kind === "gap") return t("scope.dstGap");
    if (reading.kind !== "ok") return "";
    const z = inZone(reading.instant, this.partnerZone);
    const text = z ? t("tracker.forPartner", { time: formatZonedTime(z, locale.lang), zone: this.partnerZone }) : "";
    const mine = inZone(reading.instant, this.userZone);
    return reading.ambiguous && mine ? `${text} · ${t("scope.dstAmbiguous", { offset: mine.offset })}` : text;
  }
}

/** A label cut to fit a chart or the timeline. */
export function shorten(text: string, max = 26): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
