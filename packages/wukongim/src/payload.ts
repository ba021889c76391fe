import { Base64Error, decodeBase64, encodeBase64 } from "@im-openapi/core";
import type { MessageContent } from "./payload-types.js";

/** What was wrong with a payload that could not be decoded. */
export type PayloadProblem = "base64" | "utf8" | "json" | "shape";

/** Thrown by decodePayload; `problem` says which layer failed. */
export class PayloadDecodeError extends Error {
  readonly problem: PayloadProblem;
  constructor(problem: PayloadProblem, message: string, cause?: unknown) {
    super(`cannot decode payload: ${message}`, cause === undefined ? undefined : { cause });
    this.name = "PayloadDecodeError";
    this.problem = problem;
  }
}

const encoder = new TextEncoder();
// fatal: a byte sequence that is not UTF-8 is an error instead of a silent U+FFFD.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * JSON content → the base64 string a message's `payload` carries (UTF-8 JSON, standard padded
 * base64), exact for any text (emoji, CJK; JSON.stringify escapes lone surrogates, so even they survive).
 */
export function encodePayload<C extends MessageContent>(content: C): string {
  const json = JSON.stringify(content);
  if (json === undefined) throw new TypeError("encodePayload: content must be a JSON value");
  return encodeBase64(encoder.encode(json));
}

/**
 * A message's base64 `payload` → its JSON content. Throws PayloadDecodeError when the string is not
 * standard base64, the bytes are not UTF-8, the text is not JSON, or the JSON is not an object with
 * an integer `type`.
 */
export function decodePayload<C extends MessageContent = MessageContent>(payload: string): C {
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(payload);
  } catch (error) {
    throw new PayloadDecodeError("base64", `not standard base64: ${(error as Base64Error).message}`, error);
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (error) {
    throw new PayloadDecodeError("utf8", "the bytes are not valid UTF-8", error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const preview = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    throw new PayloadDecodeError("json", `the text is not JSON (${(error as Error).message}): ${JSON.stringify(preview)}`, error);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new PayloadDecodeError("shape", `expected a JSON object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`);
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== "number" || !Number.isInteger(type)) {
    throw new PayloadDecodeError("shape", `the object has no integer "type" (got ${JSON.stringify(type) ?? "nothing"})`);
  }
  return value as C;
}
