/**
 * Whether a `fetch` failure proves that the request never left this process: the error, or its
 * `cause` (Node's fetch rejects with `TypeError: fetch failed` and puts undici's error there), is
 * - a failed DNS lookup (`syscall: "getaddrinfo"`: ENOTFOUND, EAI_AGAIN, …) of the request's host, or
 * - a failed `connect` (`syscall: "connect"`: ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT, …) to the
 *   request's port (and address, when the URL names an IP), or Node's AggregateError of such
 *   failures, one per address tried.
 * No connection was made, so no byte of the request was written.
 *
 * Everything else proves nothing. A browser's `TypeError: Failed to fetch` has no cause and is the
 * same error for a refused connection, a reset after the request was sent, and a CORS refusal of
 * an answer the server already gave. undici's connect timeout is left out too: its message names
 * the resolved addresses, not the URL, so it cannot be matched to the request. The target is
 * matched because fetch follows redirects: a failure to reach a redirect's target (an http→https
 * redirect, another port) says nothing about the first request, which a server answered.
 */
export function isConnectFailure(error: unknown, url: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const port = target.port === "" ? (target.protocol === "https:" ? 443 : 80) : Number(target.port);
  const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = /^[\d.]+$/.test(host) || host.includes(":");
  const failedBeforeConnecting = (e: unknown): boolean => {
    if (typeof e !== "object" || e === null) return false;
    const { code, syscall, hostname, address, errors } = e as Record<string, unknown>;
    if (Array.isArray(errors) && syscall === undefined) return errors.length > 0 && errors.every(failedBeforeConnecting);
    if (typeof code !== "string") return false;
    if (syscall === "getaddrinfo") return hostname === host;
    if (syscall === "connect") return String((e as { port?: unknown }).port) === String(port) && (!literal || address === host);
    return false;
  };
  return failedBeforeConnecting(error) || (error instanceof Error && failedBeforeConnecting(error.cause));
}
