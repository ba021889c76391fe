/**
 * The run could not start: a bad option, a server that cannot be reached, a secret or token the
 * server refuses. The message says what is wrong and what to do; it is never a contract finding.
 */
export class ContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContractError";
  }
}

/** Why a request got no HTTP answer, in words (`connection refused (ECONNREFUSED)`). */
export function networkReason(error: unknown, timeoutMs?: number): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: unknown } | undefined;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `no answer within ${timeoutMs ?? "the"} ms`;
  // Node's fetch throws `TypeError: fetch failed` with the socket error as its cause; a host with
  // several addresses gives an AggregateError whose code is set too.
  const cause = (e?.cause ?? e) as { code?: string; message?: string; errors?: { code?: string }[] } | undefined;
  const code = cause?.code ?? cause?.errors?.find((x) => x.code)?.code;
  const words: Record<string, string> = {
    ECONNREFUSED: "connection refused: nothing listens at that address",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host name lookup failed",
    ECONNRESET: "the connection was reset",
    ETIMEDOUT: "the connection timed out",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    UND_ERR_SOCKET: "the server closed the connection",
    UND_ERR_HEADERS_TIMEOUT: "no answer headers in time",
    DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed TLS certificate",
    SELF_SIGNED_CERT_IN_CHAIN: "self-signed TLS certificate in the chain",
    CERT_HAS_EXPIRED: "expired TLS certificate",
    ERR_TLS_CERT_ALTNAME_INVALID: "the TLS certificate does not name this host",
  };
  if (cause?.message === "bad port") return "fetch will not connect to this port, which belongs to another protocol";
  if (code) return `${words[code] ?? cause?.message ?? "network error"} (${code})`;
  return cause?.message ?? e?.message ?? String(error);
}
