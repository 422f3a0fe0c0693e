import { describe, expect, it } from "vitest";
import { Latest } from "./latest";

/** A read whose answers the test releases by hand, in any order. */
function reads<T>() {
  const pending: { resolve: (v: T) => void; reject: (e: unknown) => void }[] = [];
  const read = () =>
    new Promise<T>((resolve, reject) => {
      pending.push({ resolve, reject });
    });
  return { read, pending };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("Latest: an older answer never replaces a newer one", () => {
  it("drops an answer that arrives after a newer request's answer", async () => {
    const { read, pending } = reads<string>();
    const applied: string[] = [];
    const latest = new Latest(
      read,
      (v) => applied.push(v),
      () => applied.push("error"),
    );
    const first = latest.refresh(); // e.g. the reload after "save scope": reads "not agreed"
    const second = latest.refresh(); // the reload after "agree metrics": reads "agreed"
    pending[1]!.resolve("agreed");
    await second;
    pending[0]!.resolve("not agreed");
    await first;
    await flush();
    expect(applied, "only the newest request's answer is shown").toEqual(["agreed"]);
  });

  it("applies answers that arrive in request order, each while it is the newest", async () => {
    const { read, pending } = reads<number>();
    const applied: number[] = [];
    const latest = new Latest(
      read,
      (v) => applied.push(v),
      () => {},
    );
    const first = latest.refresh();
    pending[0]!.resolve(1);
    await first;
    const second = latest.refresh();
    pending[1]!.resolve(2);
    await second;
    expect(applied).toEqual([1, 2]);
  });

  it("an older refresh resolves only once the newer answer is on screen", async () => {
    const { read, pending } = reads<string>();
    const applied: string[] = [];
    const latest = new Latest(
      read,
      (v) => applied.push(v),
      () => {},
    );
    let firstDone = false;
    const first = latest.refresh().then(() => {
      firstDone = true;
    });
    latest.refresh();
    pending[0]!.resolve("old");
    await flush();
    expect(firstDone, "the write that asked first still waits for the newer read").toBe(false);
    expect(applied).toEqual([]);
    pending[1]!.resolve("new");
    await first;
    expect(applied).toEqual(["new"]);
  });

  it("reports a failure only for the newest request", async () => {
    const { read, pending } = reads<string>();
    const failures: unknown[] = [];
    const applied: string[] = [];
    const latest = new Latest(
      read,
      (v) => applied.push(v),
      (e) => failures.push(e),
    );
    const first = latest.refresh();
    const second = latest.refresh();
    pending[0]!.reject("stale failure");
    pending[1]!.reject("current failure");
    await Promise.all([first, second]);
    expect(failures).toEqual(["current failure"]);
    expect(applied).toEqual([]);
  });

  it("cancel drops every answer in flight", async () => {
    const { read, pending } = reads<string>();
    const applied: string[] = [];
    const latest = new Latest(
      read,
      (v) => applied.push(v),
      () => {},
    );
    const first = latest.refresh();
    latest.cancel();
    pending[0]!.resolve("for a page that was left");
    await first;
    expect(applied).toEqual([]);
  });
});
