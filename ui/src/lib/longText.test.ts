import { describe, expect, it } from "vitest";
import { FOLD_CHARS, FOLD_LINES, isLong } from "./longText";

describe("long text", () => {
  it("folds a 5,000-character note, not a short one", () => {
    expect(isLong("x".repeat(5000))).toBe(true);
    expect(isLong("x".repeat(FOLD_CHARS))).toBe(false);
    expect(isLong("Short note")).toBe(false);
  });

  it("folds many short lines", () => {
    expect(
      isLong(
        Array(FOLD_LINES + 1)
          .fill("line")
          .join("\n"),
      ),
    ).toBe(true);
    expect(isLong(Array(FOLD_LINES).fill("line").join("\n"))).toBe(false);
  });
});
