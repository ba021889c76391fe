// Standard base64 (RFC 4648 §4, `+/`, padded), the encoding Go's encoding/json gives a []byte.
// Written out rather than taken from btoa/atob or Buffer: btoa only takes Latin-1 strings, Buffer
// does not exist in browsers, and both decoders skip characters they do not know, so neither could
// say what is wrong with a bad payload.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Why a string is not standard padded base64. */
export class Base64Error extends Error {
  /** Index of the offending character, when one is to blame. */
  readonly index: number | undefined;
  constructor(message: string, index?: number) {
    super(message);
    this.name = "Base64Error";
    this.index = index;
  }
}

/** Bytes → standard padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + "==";
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + "=";
  }
  return out;
}

function describeChar(text: string, index: number): string {
  const code = text.charCodeAt(index);
  return code >= 0x21 && code <= 0x7e ? `'${text[index]}'` : `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Standard padded base64 → bytes. Throws Base64Error naming the problem: a character outside the
 * alphabet (with its index), a length that is not a multiple of 4, or misplaced padding.
 */
export function decodeBase64(text: string): Uint8Array {
  if (typeof text !== "string") throw new Base64Error(`expected a base64 string, got ${text === null ? "null" : typeof text}`);
  if (text.length % 4 !== 0) {
    throw new Base64Error(`length ${text.length} is not a multiple of 4 (standard base64 is padded with '=')`);
  }
  let padding = 0;
  if (text.endsWith("==")) padding = 2;
  else if (text.endsWith("=")) padding = 1;
  const body = text.length - padding;
  for (let i = 0; i < body; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || VALUES[code] === -1) {
      if (text[i] === "=") throw new Base64Error(`padding '=' at index ${i} before the end`, i);
      throw new Base64Error(`character ${describeChar(text, i)} at index ${i} is not in the base64 alphabet`, i);
    }
  }
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = VALUES[text.charCodeAt(i)]!;
    const b = VALUES[text.charCodeAt(i + 1)]!;
    const c = i + 2 < body ? VALUES[text.charCodeAt(i + 2)]! : 0;
    const d = i + 3 < body ? VALUES[text.charCodeAt(i + 3)]! : 0;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
