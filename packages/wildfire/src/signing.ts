import { createHash, randomInt } from "node:crypto";
import type { Middleware } from "@im-openapi/core";

/** `sign` for the wildfire admin API: lowercase hex SHA-1 of `nonce|secret|timestamp`. */
export function signAdminRequest(nonce: string, secret: string, timestamp: string): string {
  return createHash("sha1").update(`${nonce}|${secret}|${timestamp}`).digest("hex");
}

export interface SigningOptions {
  secret: string;
  /** Clock in milliseconds; default Date.now. */
  now?: () => number;
  /** Nonce source; default a random integer, as the official SDK sends. */
  nonce?: () => string;
}

/**
 * openapi-fetch middleware that signs every request with fresh `nonce`, `timestamp` (ms) and `sign`
 * headers. The secret stays in this closure: it is never put on a request, an error or a log line.
 */
export function signingMiddleware(options: SigningOptions): Middleware {
  const { secret } = options;
  if (typeof secret !== "string" || secret === "") throw new TypeError("wildfire: the admin secret must be a non-empty string");
  const now = options.now ?? Date.now;
  const nonce = options.nonce ?? (() => String(randomInt(0, 2 ** 31 - 1)));
  return {
    onRequest({ request }) {
      const n = nonce();
      const ts = String(now());
      request.headers.set("nonce", n);
      request.headers.set("timestamp", ts);
      request.headers.set("sign", signAdminRequest(n, secret, ts));
      return request;
    },
  };
}
