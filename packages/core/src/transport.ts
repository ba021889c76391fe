import { TransportError } from "./errors.js";

export interface RetryOptions {
  /** Extra attempts after the first one. Default 2. */
  retries?: number;
  /** Base of the exponential backoff, in ms. Default 200. */
  minDelayMs?: number;
  /** Cap of one backoff delay, in ms. Default 5000. */
  maxDelayMs?: number;
  /** Longest `Retry-After` the client is willing to wait, in ms; a longer one is not retried. Default 30000. */
  maxRetryAfterMs?: number;
  /** HTTP statuses that are retried. Default 429, 502, 503, 504. */
  statuses?: readonly number[];
}

export interface TransportOptions {
  fetch?: typeof globalThis.fetch | undefined;
  /** Per-attempt timeout in ms; 0 disables it. Default 10000. */
  timeoutMs?: number | undefined;
  /** Retry policy for operations that are safe to repeat; `false` disables retries. */
  retry?: RetryOptions | false | undefined;
  /** Called before each retry (for logging); never receives secrets beyond the request URL. */
  onRetry?: ((info: { attempt: number; delayMs: number; reason: string; url: string }) => void) | undefined;
}

const DEFAULT_STATUSES = [429, 502, 503, 504] as const;

/** What the client knows about one call: its serialised body, and where to put cleanup work. */
export interface TransportCall {
  /** The request's body exactly as serialised, when the request still carries that body. */
  body?: string | undefined;
  /** Run by the caller once the response body has been read. */
  cleanups?: (() => void)[];
}

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full-jitter exponential backoff: uniform in [0, min(max, base·2^attempt)]. */
export function backoffMs(attempt: number, minDelayMs: number, maxDelayMs: number, random = Math.random): number {
  return Math.round(random() * Math.min(maxDelayMs, minDelayMs * 2 ** attempt));
}

function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A fetch with a per-attempt timeout and, when `retrySafe` is true, retries with backoff and jitter
 * for network errors and the retryable statuses (honouring `Retry-After`). The caller's AbortSignal
 * (on the Request) stops everything at once. Failures are TransportErrors naming what happened.
 */
export function createTransport(options: TransportOptions, retrySafe: boolean): (request: Request, call?: TransportCall) => Promise<Response> {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retry = options.retry === false ? undefined : options.retry ?? {};
  const retries = retrySafe && retry ? retry.retries ?? 2 : 0;
  const minDelay = retry?.minDelayMs ?? 200;
  const maxDelay = retry?.maxDelayMs ?? 5_000;
  const maxRetryAfter = retry?.maxRetryAfterMs ?? 30_000;
  const statuses: readonly number[] = retry?.statuses ?? DEFAULT_STATUSES;

  return async (request: Request, call?: TransportCall) => {
    const callerSignal = request.signal;
    // Send as fetch(url, init) with the body as a string or buffer: Node's fetch streams a Request's
    // body (about 150 µs more per POST), and a buffered body can be sent again on a retry.
    const body = request.body === null ? undefined : call?.body ?? (await request.arrayBuffer());
    const init: RequestInit = { method: request.method, headers: request.headers, redirect: request.redirect };
    if (body !== undefined) init.body = body;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries;
      const deadline = timeoutMs > 0 ? attemptDeadline(callerSignal, timeoutMs) : undefined;
      let response: Response;
      try {
        response = await baseFetch(request.url, { ...init, signal: deadline?.signal ?? callerSignal });
      } catch (error) {
        deadline?.release();
        if (callerSignal.aborted) throw new TransportError("aborted", "the request was aborted by the caller", callerSignal.reason);
        const timedOut = deadline?.timedOut() === true;
        const reason = timedOut ? `no response within ${timeoutMs} ms` : `network error: ${describe(error)}`;
        if (last) throw new TransportError(timedOut ? "timeout" : "network", attempt > 0 ? `${reason} (after ${attempt + 1} attempts)` : reason, error);
        const delayMs = backoffMs(attempt, minDelay, maxDelay);
        options.onRetry?.({ attempt: attempt + 1, delayMs, reason, url: request.url });
        await sleep(delayMs, callerSignal).catch((e: unknown) => {
          throw new TransportError("aborted", "the request was aborted by the caller", e);
        });
        continue;
      }
      if (deadline) {
        // The deadline also covers reading the body; whoever reads it releases the timer after.
        if (call?.cleanups) call.cleanups.push(deadline.release);
        else deadline.unref();
      }
      if (last || !statuses.includes(response.status)) return response;
      const asked = retryAfterMs(response.headers.get("retry-after"));
      if (asked !== undefined && asked > maxRetryAfter) return response;
      const delayMs = asked ?? backoffMs(attempt, minDelay, maxDelay);
      options.onRetry?.({ attempt: attempt + 1, delayMs, reason: `HTTP ${response.status}`, url: request.url });
      await response.body?.cancel().catch(() => undefined);
      await sleep(delayMs, callerSignal).catch((e: unknown) => {
        throw new TransportError("aborted", "the request was aborted by the caller", e);
      });
    }
  };
}

/**
 * One attempt's signal: aborts when the caller aborts or after `ms`. A plain controller and timer,
 * because AbortSignal.timeout plus AbortSignal.any cost several times more on every request.
 */
function attemptDeadline(caller: AbortSignal, ms: number): { signal: AbortSignal; timedOut: () => boolean; release: () => void; unref: () => void } {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`no response within ${ms} ms`, "TimeoutError"));
  }, ms);
  const onAbort = () => controller.abort(caller.reason);
  if (caller.aborted) controller.abort(caller.reason);
  else caller.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => expired,
    release: () => {
      clearTimeout(timer);
      caller.removeEventListener("abort", onAbort);
    },
    unref: () => void timer.unref(),
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = cause && typeof cause === "object" && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
