import { describe, expect, it } from "vitest";
import { relativeTime } from "./relative";

describe("relativeTime", () => {
  const now = new Date();
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

  it("names the largest whole unit", () => {
    expect(relativeTime(ago(2 * 3600 + 60), now, "en")).toBe("2 hours ago");
    expect(relativeTime(ago(2 * 3600 + 60), now, "ru")).toBe("2 часа назад");
    expect(relativeTime(ago(5 * 60), now, "en")).toBe("5 minutes ago");
    expect(relativeTime(ago(3 * 86400), now, "en")).toBe("3 days ago");
  });

  it("shows a clock ahead of this computer's as now", () => {
    expect(relativeTime(ago(-120), now, "en")).toBe("now");
  });

  it("gives back text it cannot read", () => {
    expect(relativeTime("not a time", now, "en")).toBe("not a time");
  });
});
