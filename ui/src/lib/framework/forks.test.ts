import { describe, expect, it } from "vitest";
import { forkedIds } from "./forks";

describe("forked framework versions", () => {
  it("marks versions of one lineage that share a number, and nothing else", () => {
    const list = [
      { id: "a1", lineageId: "a", version: 1 },
      { id: "a2-moscow", lineageId: "a", version: 2 },
      { id: "a2-new-york", lineageId: "a", version: 2 },
      { id: "a3", lineageId: "a", version: 3 },
      { id: "b2", lineageId: "b", version: 2 },
    ];
    expect([...forkedIds(list)].sort()).toEqual(["a2-moscow", "a2-new-york"]);
    expect(forkedIds(list.filter((f) => f.id !== "a2-new-york")).size).toBe(0);
  });
});
