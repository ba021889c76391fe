/**
 * One attempt's stop condition: the caller's AbortSignal, a timer, or both. It is a tiny event
 * source rather than an AbortController because creating an AbortSignal and handing it to an HTTP
 * stack costs far more per request than the request itself on loopback; an engine that needs a real
 * AbortSignal (fetch) makes one from it. undici's request API accepts it as its `signal` directly
 * (an object with `once` and `removeListener`).
 */
export class Deadline {
  aborted = false;
  reason: unknown = undefined;
  /** True when the timer, not the caller, stopped the attempt. */
  timedOut = false;
  #listeners: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #caller: AbortSignal | null;
  #onCaller: (() => void) | undefined;

  constructor(caller: AbortSignal | null, timeoutMs: number) {
    this.#caller = caller;
    if (caller?.aborted) {
      this.aborted = true;
      this.reason = caller.reason;
      return;
    }
    if (timeoutMs > 0) {
      this.#timer = setTimeout(() => {
        this.timedOut = true;
        this.#abort(new DOMException(`no response within ${timeoutMs} ms`, "TimeoutError"));
      }, timeoutMs);
    }
    if (caller) {
      this.#onCaller = () => this.#abort(caller.reason);
      caller.addEventListener("abort", this.#onCaller, { once: true });
    }
  }

  /** Calls `listener` once when the attempt is stopped (EventEmitter-style, the event is `abort`). */
  once(_event: "abort", listener: () => void): this {
    this.#listeners.push(listener);
    return this;
  }

  on(event: "abort", listener: () => void): this {
    return this.once(event, listener);
  }

  removeListener(_event: "abort", listener: () => void): this {
    const i = this.#listeners.indexOf(listener);
    if (i !== -1) this.#listeners.splice(i, 1);
    return this;
  }

  /** A real AbortSignal following this deadline, for engines that need one. */
  toAbortSignal(): AbortSignal {
    const controller = new AbortController();
    if (this.aborted) controller.abort(this.reason);
    else this.once("abort", () => controller.abort(this.reason));
    return controller.signal;
  }

  /** Stops the timer only (the caller can still abort), e.g. once a streamed body is handed over. */
  stopTimer(): void {
    clearTimeout(this.#timer);
  }

  /** Stops the timer and lets go of the caller's signal. */
  release(): void {
    clearTimeout(this.#timer);
    if (this.#onCaller) this.#caller?.removeEventListener("abort", this.#onCaller);
    this.#onCaller = undefined;
    this.#listeners.length = 0;
  }

  #abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    clearTimeout(this.#timer);
    for (const listener of this.#listeners.splice(0)) listener();
  }
}
