import { describe, expect, it } from "vitest";
import { pageBounds, rowReasons, rowsRefusedFor, type Issue } from "./import";

describe("pageBounds", () => {
  it("shows every item across the pages, none twice, none left out", () => {
    const total = 2501;
    const seen: number[] = [];
    for (let page = 0; page < 26; page++) {
      const b = pageBounds(total, 100, page);
      for (let i = b.from; i < b.to; i++) seen.push(i);
    }
    expect(seen).toEqual([...Array(total).keys()]);
  });

  it("keeps a page past the end on the last page, and an empty list on the first", () => {
    expect(pageBounds(250, 100, 7)).toEqual({ page: 2, from: 200, to: 250 });
    expect(pageBounds(0, 100, 3)).toEqual({ page: 0, from: 0, to: 0 });
    expect(pageBounds(250, 100, -1)).toEqual({ page: 0, from: 0, to: 100 });
  });
});

describe("rowReasons", () => {
  it("gives every failed row once, however many there are", () => {
    const issues: Issue[] = [...Array(2500).keys()].map((i) => ({
      row: i + 2,
      column: "City",
      value: "Atlantis",
      reason: { code: "unknown_time_zone", value: "Atlantis" },
    }));
    const reasons = rowReasons(issues);
    expect(reasons.length).toBe(2500);
    expect(reasons.at(-1)?.row).toBe(2501);
  });
});

describe("rowsRefusedFor", () => {
  it("counts each row once, and only for the code and field asked", () => {
    const issue = (row: number, reason: Issue["reason"]): Issue => ({ row, column: "", value: "", reason });
    const issues: Issue[] = [
      issue(2, { code: "empty_field", field: "homeTimeZone" }),
      issue(2, { code: "empty_field", field: "homeTimeZone" }),
      issue(3, { code: "empty_field", field: "contacts.name" }),
      issue(4, { code: "no_markets" }),
      issue(5, { code: "empty_field", field: "homeTimeZone" }),
    ];
    expect(rowsRefusedFor(issues, "empty_field", "homeTimeZone")).toBe(2);
    expect(rowsRefusedFor(issues, "empty_field", "contacts.name")).toBe(1);
    expect(rowsRefusedFor(issues, "no_markets")).toBe(1);
    expect(rowsRefusedFor(issues, "unknown_time_zone")).toBe(0);
  });
});
