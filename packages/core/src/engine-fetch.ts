import { isConnectFailure } from "./connect-failure.js";
import { NULL_BODY_STATUSES, readAll, UnsentError, withUrl, type Attempt, type Engine } from "./engine.js";

/**
 * Attempts sent with a WHATWG `fetch`: the one the caller passed, or the global one where there is no
 * Node (browsers, workers).
 */
export function fetchEngine(fetchFn?: typeof globalThis.fetch): Engine {
  return {
    async send(attempt: Attempt) {
      const init: RequestInit = { method: attempt.method, headers: attempt.headers, redirect: attempt.redirect };
      if (attempt.body !== undefined) init.body = attempt.body as BodyInit;
      if (attempt.deadline) init.signal = attempt.deadline.toAbortSignal();
      let response: Response;
      try {
        response = await (fetchFn ?? globalThis.fetch)(attempt.url, init);
      } catch (error) {
        // fetch tells little: only a cause naming a failed lookup or connect proves the request
        // never left (see isConnectFailure); a timeout or abort here may come after it was sent.
        throw isConnectFailure(error, attempt.url) ? new UnsentError(error) : error;
      }
      if (!attempt.buffer || response.body === null || NULL_BODY_STATUSES.has(response.status)) return response;
      const bytes = await readAll(() => response.arrayBuffer(), attempt.deadline);
      return withUrl(new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers }), response.url);
    },
  };
}

/** The engine used when the caller gives no `fetch`. */
export function defaultEngine(_options: { dispatcher?: unknown }): Engine {
  return fetchEngine();
}
