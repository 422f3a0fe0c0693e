import { describe, expect, it } from "vitest";
import type { ZonedInstant } from "../bindings";
import type { WallTime } from "./types";
import { Clock, formatWall, minuteOf, wallDate, type ClockBackend } from "./clock";

// Fixed: a fake Rust answers from a table (Almaty +05:00, as chrono-tz says); nothing reads the clock.
function fakeRust() {
  const calls: { instants: string[]; zones: string[] }[] = [];
  const walls: string[] = [];
  const backend: ClockBackend = {
    zonedInstants(instants, zones) {
      calls.push({ instants, zones });
      if (zones.includes("Mars/Olympus")) return Promise.reject(new Error("unknown_time_zone"));
      return Promise.resolve(
        instants.map((utc): ZonedInstant | null =>
          utc === "nonsense"
            ? null
            : {
                utc,
                zones: zones.map((zone) => ({
                  zone,
                  date: "2026-12-10",
                  time: "12:00",
                  offset: "+05:00",
                  abbreviation: "+05",
                })),
              },
        ),
      );
    },
    resolveWallTime(input) {
      walls.push(`${input.date} ${input.time}`);
      if (input.date === "bad") return Promise.reject({ code: "invalid_value", field: input.field, value: input.date });
      const gap = input.time === "02:30";
      const answer: WallTime = {
        resolution: gap ? "gap" : input.time === "01:30" ? "ambiguous" : "exact",
        instant: gap
          ? null
          : {
              utc: "2026-12-10T05:00:00.000Z",
              zones: [{ zone: input.zone, date: input.date, time: input.time, offset: "+05:00", abbreviation: "+05" }],
            },
        later: null,
      };
      return Promise.resolve(answer);
    },
  };
  return { backend, calls, walls };
}

describe("the clock asks Rust and keeps the answers", () => {
  it("answers undefined, then what Rust said, asking once per zone per tick", async () => {
    const rust = fakeRust();
    const clock = new Clock(rust.backend);
    const at = "2026-12-10T07:00:00.000Z";
    expect(clock.zoned(at, "Asia/Almaty")).toBeUndefined();
    expect(clock.zoned("2026-12-11T07:00:00.000Z", "Asia/Almaty")).toBeUndefined();
    expect(clock.zoned(at, "Asia/Almaty")).toBeUndefined();
    await clock.settled();
    expect(rust.calls).toEqual([{ instants: [at, "2026-12-11T07:00:00.000Z"], zones: ["Asia/Almaty"] }]);
    expect(clock.zoned(at, "Asia/Almaty")).toMatchObject({ time: "12:00", offset: "+05:00" });
    expect(rust.calls).toHaveLength(1);
  });

  it("says null (never a guess) for what Rust cannot read", async () => {
    const clock = new Clock(fakeRust().backend);
    clock.zoned("nonsense", "Asia/Almaty");
    clock.zoned("2026-12-10T07:00:00.000Z", "Mars/Olympus");
    await clock.settled();
    expect(clock.zoned("nonsense", "Asia/Almaty")).toBeNull();
    expect(clock.zoned("2026-12-10T07:00:00.000Z", "Mars/Olympus")).toBeNull();
  });

  it("reads a typed wall time through Rust: exact, repeated, skipped, malformed", async () => {
    const rust = fakeRust();
    const clock = new Clock(rust.backend);
    expect(clock.wall("dueAt", "2026-12-10", "10:00", "Asia/Almaty")).toEqual({ kind: "pending" });
    const ok = await clock.wallAsync("dueAt", "2026-12-10", "10:00", "Asia/Almaty");
    expect(ok).toMatchObject({ kind: "ok", utc: "2026-12-10T05:00:00.000Z", ambiguous: false });
    expect(clock.wall("dueAt", "2026-12-10", "10:00", "Asia/Almaty")).toBe(ok);
    expect(await clock.wallAsync("dueAt", "2026-11-01", "01:30", "America/Los_Angeles")).toMatchObject({
      kind: "ok",
      ambiguous: true,
    });
    expect(await clock.wallAsync("dueAt", "2026-03-08", "02:30", "America/Los_Angeles")).toEqual({ kind: "gap" });
    const bad = await clock.wallAsync("dueAt", "bad", "10:00", "Asia/Almaty");
    expect(bad).toMatchObject({ kind: "invalid", error: { code: "invalid_value", field: "dueAt" } });
    expect(await clock.wallAsync("dueAt", "", "10:00", "Asia/Almaty")).toEqual({ kind: "invalid", error: null });
    expect(rust.walls).not.toContain(" 10:00");
  });
});

describe("formatting Rust's wall-clock parts", () => {
  it("shows the parts as they are, whatever the machine's zone", () => {
    expect(formatWall({ date: "2026-12-10", time: "12:00" }, "en")).toMatch(/Dec 10, 2026.*12:00/);
    expect(formatWall({ date: "2026-12-10", time: "12:00" }, "ru")).toMatch(/10 дек\. 2026.*12:00/);
    expect(formatWall({ date: "2026-12-10", time: "09:05" }, "ru", "weekdayTime")).toMatch(/чт.*09:05/);
    expect(formatWall({ date: "2026-12-10", time: "00:00" }, "en", "date")).toBe("Dec 10, 2026");
    expect(wallDate("2026-02-30")?.toISOString()).toBe("2026-03-02T00:00:00.000Z");
    expect(wallDate("10.12.2026")).toBeNull();
  });

  it("cuts now to the minute so readings of now share answers", () => {
    expect(minuteOf(Date.UTC(2026, 11, 10, 7, 3, 59, 999))).toBe("2026-12-10T07:03:00.000Z");
  });
});
