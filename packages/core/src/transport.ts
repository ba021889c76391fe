import { defaultEngine, fetchEngine } from "#engine";
import { Deadline } from "./deadline.js";
import { BodyReadError, UnsentError, type Engine } from "./engine.js";
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
  /**
   * A WHATWG fetch to send requests with. By default Node sends them with undici's request API (the
   * engine under Node's own fetch, without its per-call Request/stream layer) and other runtimes
   * use the global fetch.
   */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Node only: an undici `Dispatcher` (e.g. a `ProxyAgent`, or an `Agent` with its own pool limits
   * or TLS options) to send requests through. Default: one keep-alive `Agent` shared by all clients.
   * Ignored when `fetch` is given.
   */
  dispatcher?: unknown;
  /**
   * Per-attempt timeout in ms, covering the answer and its body (a streamed body, `parseAs:
   * "stream"`, only until it is handed over); 0 disables it. Default 10000.
   */
  timeoutMs?: number | undefined;
  /**
   * How many times and how soon a failed attempt is sent again; `false` disables retries. Which
   * failures are retried depends on the operation (see RetryScope): reads and `x-idempotent`
   * writes after any network error, timeout or status in `statuses`; operations marked
   * `retry: "unsent"` (WuKongIM sends) only when the request provably never left; other writes never.
   */
  retry?: RetryOptions | false | undefined;
  /** Called before each retry (for logging); never receives secrets beyond the request URL. */
  onRetry?: ((info: { attempt: number; delayMs: number; reason: string; url: string }) => void) | undefined;
}

const DEFAULT_STATUSES = [429, 502, 503, 504] as const;

/**
 * Which failed attempts of an operation are sent again:
 * - `"ambiguous"`: every network error, timeout and status in `retry.statuses`, including failures
 *   after which the server may already have acted. For operations whose repetition cannot change
 *   the outcome (reads, writes the spec marks `x-idempotent`), or whose caller accepts or removes
 *   duplicates.
 * - `"unsent"`: only failures that prove the request never left this process (connection refused,
 *   DNS failure, connect timeout; see UnsentError). No HTTP answer is retried: whatever answered
 *   received the request and may have passed it on.
 * - `"never"`.
 */
export type RetryScope = "ambiguous" | "unsent" | "never";

/** What the client knows about one call. */
export interface TransportCall {
  /** The request's body exactly as serialised, when the request still carries that body. */
  body?: string | undefined;
  /** False when the caller will stream the response body (`parseAs: "stream"`); default true. */
  buffer?: boolean;
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

/** The engine the options ask for: the caller's fetch, or this runtime's default. */
export function engineFor(options: TransportOptions): Engine {
  return options.fetch ? fetchEngine(options.fetch) : defaultEngine(options);
}

/**
 * Sends a request with a per-attempt timeout and retries the failures `scope` allows (a boolean is
 * `"ambiguous"` or `"never"`), with backoff and jitter and honouring `Retry-After`. The caller's
 * AbortSignal (on the Request) stops everything at once. Failures are TransportErrors naming what
 * happened and whether the request provably never left.
 */
export function createTransport(options: TransportOptions, scope: RetryScope | boolean, engine: Engine = engineFor(options)): (request: Request, call?: TransportCall) => Promise<Response> {
  const when: RetryScope = scope === true ? "ambiguous" : scope === false ? "never" : scope;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retry = options.retry === false ? undefined : options.retry ?? {};
  const retries = when !== "never" && retry ? retry.retries ?? 2 : 0;
  const minDelay = retry?.minDelayMs ?? 200;
  const maxDelay = retry?.maxDelayMs ?? 5_000;
  const maxRetryAfter = retry?.maxRetryAfterMs ?? 30_000;
  const statuses: readonly number[] = retry?.statuses ?? DEFAULT_STATUSES;

  return async (request: Request, call?: TransportCall) => {
    const callerSignal: AbortSignal | null = request.signal ?? null;
    // The body goes out as the string it was serialised to (or the bytes a middleware put in its
    // place), so it can be sent again on a retry.
    const body = request.body === null ? undefined : call?.body ?? (await request.arrayBuffer());
    const buffer = call?.buffer ?? true;
    const aborted = (cause: unknown) => new TransportError("aborted", "the request was aborted by the caller", cause);
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries;
      const deadline = timeoutMs > 0 || callerSignal ? new Deadline(callerSignal, timeoutMs) : undefined;
      let response: Response;
      try {
        response = await engine.send({ url: request.url, method: request.method, headers: request.headers, body, redirect: request.redirect, deadline, buffer });
      } catch (thrown) {
        deadline?.release();
        if (callerSignal?.aborted) throw aborted(callerSignal.reason);
        const unsent = thrown instanceof UnsentError;
        const error: unknown = unsent ? thrown.cause : thrown;
        const timedOut = deadline?.timedOut === true;
        const reason = timedOut
          ? unsent ? `not sent within ${timeoutMs} ms` : `no response within ${timeoutMs} ms`
          : error instanceof BodyReadError ? `${error.message}: ${describe(error.cause)}` : `network error: ${describe(error)}`;
        const retryable = when === "ambiguous" || unsent;
        if (last || !retryable) {
          const notes: string[] = [];
          if (attempt > 0) notes.push(`after ${attempt + 1} attempts`);
          if (!last) notes.push("not retried: the server may have received it");
          throw new TransportError(timedOut ? "timeout" : "network", notes.length > 0 ? `${reason} (${notes.join("; ")})` : reason, error, unsent);
        }
        const delayMs = backoffMs(attempt, minDelay, maxDelay);
        options.onRetry?.({ attempt: attempt + 1, delayMs, reason, url: request.url });
        await sleep(delayMs, callerSignal).catch((e: unknown) => {
          throw aborted(e);
        });
        continue;
      }
      // A buffered body is read: the deadline's work is done. A streamed one is handed over with
      // the timer stopped, still cancellable by the caller.
      if (buffer) deadline?.release();
      else deadline?.stopTimer();
      // An answer proves the request arrived somewhere: only an "ambiguous" scope retries it.
      if (last || when !== "ambiguous" || !statuses.includes(response.status)) return response;
      const asked = retryAfterMs(response.headers.get("retry-after"));
      if (asked !== undefined && asked > maxRetryAfter) return response;
      const delayMs = asked ?? backoffMs(attempt, minDelay, maxDelay);
      options.onRetry?.({ attempt: attempt + 1, delayMs, reason: `HTTP ${response.status}`, url: request.url });
      await response.body?.cancel().catch(() => undefined);
      await sleep(delayMs, callerSignal).catch((e: unknown) => {
        throw aborted(e);
      });
    }
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = (error as { code?: unknown }).code ?? (cause && typeof cause === "object" && "code" in cause ? (cause as { code: unknown }).code : undefined);
    return code && !error.message.includes(String(code)) ? `${error.message} (${String(code)})` : error.message;
  }
  return String(error);
}
