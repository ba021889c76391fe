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
export function createTransport(options: TransportOptions, retrySafe: boolean): (request: Request) => Promise<Response> {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retry = options.retry === false ? undefined : options.retry ?? {};
  const retries = retrySafe && retry ? retry.retries ?? 2 : 0;
  const minDelay = retry?.minDelayMs ?? 200;
  const maxDelay = retry?.maxDelayMs ?? 5_000;
  const maxRetryAfter = retry?.maxRetryAfterMs ?? 30_000;
  const statuses: readonly number[] = retry?.statuses ?? DEFAULT_STATUSES;

  return async (request: Request) => {
    const callerSignal = request.signal;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries;
      const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
      const signal = timeout ? AbortSignal.any([callerSignal, timeout]) : callerSignal;
      // Each attempt sends a fresh copy, so the body can be sent again.
      const attemptRequest = new Request(last ? request : request.clone(), { signal });
      let response: Response;
      try {
        response = await baseFetch(attemptRequest);
      } catch (error) {
        if (callerSignal.aborted) throw new TransportError("aborted", "the request was aborted by the caller", callerSignal.reason);
        const timedOut = timeout?.aborted === true;
        const reason = timedOut ? `no response within ${timeoutMs} ms` : `network error: ${describe(error)}`;
        if (last) throw new TransportError(timedOut ? "timeout" : "network", attempt > 0 ? `${reason} (after ${attempt + 1} attempts)` : reason, error);
        const delayMs = backoffMs(attempt, minDelay, maxDelay);
        options.onRetry?.({ attempt: attempt + 1, delayMs, reason, url: request.url });
        await sleep(delayMs, callerSignal).catch((e: unknown) => {
          throw new TransportError("aborted", "the request was aborted by the caller", e);
        });
        continue;
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

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = cause && typeof cause === "object" && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
