// The one way the window applies a read: only the newest request's answer is shown.
//
// A page reloads after every write. Reads can overlap (a write's reload, a zone change, another
// panel's write), and their answers can arrive in any order; an older answer must never replace a
// newer one. `Latest` numbers its requests and applies an answer only while it is the newest;
// `refresh()` resolves once the state on screen comes from a read issued no earlier than the call,
// so a component that wrote can keep its buttons busy until the page shows what it wrote.

export class Latest<T> {
  #issued = 0;
  #latest: Promise<void> = Promise.resolve();
  readonly #read: () => Promise<T>;
  readonly #apply: (value: T) => void;
  readonly #fail: (error: unknown) => void;

  constructor(read: () => Promise<T>, apply: (value: T) => void, fail: (error: unknown) => void) {
    this.#read = read;
    this.#apply = apply;
    this.#fail = fail;
  }

  /** Reads again; resolves when the newest read issued since this call has been applied. */
  refresh(): Promise<void> {
    const mine = ++this.#issued;
    const done: Promise<void> = this.#run(mine).then(() =>
      // A newer request was issued meanwhile: this answer was dropped; follow the newer one.
      mine === this.#issued ? undefined : this.#latest,
    );
    this.#latest = done;
    return done;
  }

  /** Forgets every request in flight: their answers will not be applied. */
  cancel(): void {
    this.#issued++;
    this.#latest = Promise.resolve();
  }

  async #run(mine: number): Promise<void> {
    let value: T;
    try {
      value = await this.#read();
    } catch (error) {
      if (mine === this.#issued) this.#fail(error);
      return;
    }
    if (mine === this.#issued) this.#apply(value);
  }
}
