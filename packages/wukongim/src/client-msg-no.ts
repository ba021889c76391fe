/** The operation that gets a `client_msg_no` before its first attempt. */
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
 * The body to send for `POST /message/send`: the caller's, with a `client_msg_no` added when it was
 * left out (or empty). It runs once per call, before the first attempt, so every retry of one send
 * carries the same key, and a copy stored by a retry can be recognised by it (the server itself does
 * not de-duplicate on it). Anything that is not a plain object, or a non-string key, is left alone:
 * the server rejects it and stores nothing.
 */
export function withClientMsgNo(body: unknown, generate: () => string = newClientMsgNo): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const given = (body as Record<string, unknown>)["client_msg_no"];
  if (given !== undefined && given !== null && given !== "") return body;
  return { ...(body as Record<string, unknown>), client_msg_no: generate() };
}
