import { parseJsonLossless, stringifyJsonLossless, type Middleware } from "@im-openapi/core";

/** The operation whose retries depend on `client_msg_no`. */
export const SEND_MESSAGE_ROUTE = "POST /message/send";

/** A random UUID (v4), the form the server itself gives a message that arrives without one. */
export function newClientMsgNo(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  // randomUUID is missing outside secure contexts in browsers; build the same v4 UUID by hand.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Middleware that gives every `POST /message/send` body a `client_msg_no` when the caller left it out
 * (or empty). The key is set once, before the first attempt, so every retry of the request carries
 * the same one; that is what makes the client willing to retry a send at all.
 */
export function clientMsgNoMiddleware(generate: () => string = newClientMsgNo): Middleware {
  return {
    async onRequest({ request, schemaPath }) {
      if (request.method !== "POST" || schemaPath !== "/message/send") return undefined;
      const text = await request.clone().text();
      let body: unknown;
      try {
        body = parseJsonLossless(text);
      } catch {
        // Not JSON: the server answers 400 and stores nothing, so there is nothing to deduplicate.
        return undefined;
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
      const record = body as Record<string, unknown>;
      const given = record["client_msg_no"];
      // A non-string value is left alone: the server rejects it with 400 and stores nothing.
      if (given !== undefined && given !== null && given !== "") return undefined;
      record["client_msg_no"] = generate();
      return new Request(request, { body: stringifyJsonLossless(record) });
    },
  };
}
