import { describe, expect, it } from "vitest";
import type { IpcError } from "../bindings";
import { call, errorField, isIpcError, storeWatch } from "./api";

describe("isIpcError", () => {
  it("tells a refusal from Rust from any other thrown value", () => {
    expect(isIpcError({ code: "storage" })).toBe(true);
    expect(isIpcError(new Error("network"))).toBe(false);
    expect(isIpcError("text")).toBe(false);
    expect(isIpcError(null)).toBe(false);
  });
});

describe("errorField", () => {
  it("is the field Rust names for a text or number refusal", () => {
    const cases: [IpcError, string][] = [
      [{ code: "empty_field", field: "name" }, "name"],
      [{ code: "too_long", field: "roles.finalApproval", max: 200 }, "roles.finalApproval"],
      [{ code: "invalid_value", field: "endsAt", value: "x" }, "endsAt"],
      [{ code: "limit_out_of_range", field: "creators", min: 1, max: 5 }, "creators"],
    ];
    for (const [error, field] of cases) expect(errorField(error), error.code).toBe(field);
  });

  it("puts a market problem where the form shows markets: the partner's markets unless told", () => {
    expect(errorField({ code: "unknown_market", value: "KZ" })).toBe("markets");
    expect(errorField({ code: "invalid_value", field: "market", value: "K" })).toBe("markets");
    expect(errorField({ code: "no_markets" })).toBe("markets");
    const metricRows = { market: "metrics.market" };
    expect(errorField({ code: "unknown_market", value: "KZ" }, metricRows)).toBe("metrics.market");
    expect(errorField({ code: "invalid_value", field: "market", value: "K" }, metricRows)).toBe("metrics.market");
  });

  it("names the input of the codes that carry no field", () => {
    expect(errorField({ code: "unknown_time_zone", value: "Mars/Base" })).toBe("timeZone");
    expect(errorField({ code: "metric_needs_currency", metric: "Revenue" })).toBe("metrics.currency");
    expect(errorField({ code: "score_out_of_range", criterion: "speed", value: 9, min: 1, max: 5 })).toBe("speed");
    expect(errorField({ code: "unanswered_criterion", criterion: "fit" })).toBe("fit");
    expect(errorField({ code: "not_found", entity: "hypothesis", id: "h1" })).toBe("hypotheses");
  });

  it("is null when the refusal is about no input, or the failure is not a refusal", () => {
    expect(errorField({ code: "not_found", entity: "partner", id: "p1" })).toBeNull();
    expect(errorField({ code: "storage" })).toBeNull();
    expect(errorField({ code: "invalid_transition", action: "start_pilot", state: "sourced" })).toBeNull();
    expect(errorField(new Error("boom"))).toBeNull();
    expect(errorField(null)).toBeNull();
  });
});

describe("storeWatch", () => {
  it("hears of a damaged data file from any call, and of nothing else", async () => {
    let heard = 0;
    storeWatch.ondamage = () => heard++;
    const refuse = (error: IpcError) => Promise.resolve({ status: "error" as const, error });
    await expect(call(refuse({ code: "storage" }))).rejects.toEqual({ code: "storage" });
    await expect(call(Promise.resolve({ status: "ok" as const, data: 1 }))).resolves.toBe(1);
    expect(heard).toBe(0);
    const damaged: IpcError = { code: "damaged_database", path: "/data/vetta.sqlite3" };
    await expect(call(refuse(damaged))).rejects.toEqual(damaged);
    expect(heard).toBe(1);
    storeWatch.ondamage = null;
  });
});
