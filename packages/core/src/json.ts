// JSON that keeps integers above 2^53 exact. JSON.parse rounds 1899123456789012345 to
// 1899123456789012200; WuKongIM message ids and wildfire message uids are that large. Integers that
// are not safe become `bigint`; every other value is what JSON.parse gives.

// Big integers travel through JSON.parse/stringify as marked strings. The marker holds a random part
// chosen per call, so no string in the data can be mistaken for one.
function newMark(): string {
  return `\u0000big${Math.random().toString(36).slice(2, 10)}:`;
}
const inJson = (mark: string) => mark.replace("\u0000", "\\u0000");
// Skips whole strings (so digits inside them are left alone) and captures a run of 16+ digits that
// is a whole JSON number: not part of a fraction, an exponent or a longer token.
const TOKEN = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])(-?\d{16,})(?![\d.eE])/g;
const MAYBE_LONG = /\d{16}/;

function revive(value: unknown, mark: string): unknown {
  if (typeof value === "string") {
    return value.charCodeAt(0) === 0 && value.startsWith(mark) ? BigInt(value.slice(mark.length)) : value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i], mark);
    return value;
  }
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    for (const key in obj) obj[key] = revive(obj[key], mark);
  }
  return value;
}

// A long digit run in a value position: after `:`, `,` or `[`, before `,`, `]` or `}`. Inside a string
// the same characters can appear, but marking one there inserts a quote that ends the string early,
// which always makes the text invalid JSON; the exact tokenizer then takes over.
const VALUE_LONG = /([:,[]\s*)(-?\d{16,})(?=\s*[,\]}])/g;

function parseFast(text: string): unknown {
  const mark = newMark();
  const markJson = inJson(mark);
  if (text.includes(markJson)) return parseExact(text);
  let found = false;
  const marked = text.replace(VALUE_LONG, (match: string, lead: string, digits: string) => {
    if (Number.isSafeInteger(Number(digits))) return match;
    found = true;
    return `${lead}"${markJson}${digits}"`;
  });
  if (!found) return JSON.parse(text);
  let value: unknown;
  try {
    value = JSON.parse(marked);
  } catch {
    return parseExact(text);
  }
  return revive(value, mark);
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
// `message_id` → `message_idstr`, built once per key name (the same few names recur on every row).
const TWIN_KEYS = new Map<string, string>();

/** The exact value a decimal twin string states, when it states the same number as `v`. */
function twinValue(twin: unknown, v: number): bigint | undefined {
  if (typeof twin !== "string" || twin.length === 0) return undefined;
  const first = twin.charCodeAt(0);
  const last = twin.charCodeAt(twin.length - 1);
  // A decimal integer: starts with a digit or "-", ends with a digit (BigInt rejects the rest of
  // what is not one, e.g. "1e18" or "1.5", and a prefixed "0x…" never equals an unsafe integer).
  if (!((first >= 48 && first <= 57) || first === 45) || !(last >= 48 && last <= 57)) return undefined;
  let big: bigint;
  try {
    big = BigInt(twin);
  } catch {
    return undefined;
  }
  return Number(big) === v ? big : undefined;
}

/**
 * Replaces every unsafe integer that has an exact decimal twin in the same object (`message_id`
 * next to `message_idstr`, as WuKongIM sends them, both written from one int64) with the twin's
 * `bigint`. The twin is trusted when it is a plain decimal that rounds to the same double as the
 * field; one that states another number sends the text to the exact path. Returns false as soon as
 * an unsafe integer has no twin, so the caller knows the text must be read exactly.
 */
function resolveByTwins(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "object") {
        if (item !== null && !resolveByTwins(item)) return false;
      } else if (typeof item === "number" && (item > MAX_SAFE || item < -MAX_SAFE) && item % 1 === 0) return false;
    }
    return true;
  }
  if (value === null || typeof value !== "object") return true;
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    const v = obj[key];
    if (typeof v === "number") {
      // Safe integers, fractions, and ±Infinity (v % 1 is NaN) stay as they are.
      if ((v <= MAX_SAFE && v >= -MAX_SAFE) || v % 1 !== 0) continue;
      let twinKey = TWIN_KEYS.get(key);
      if (twinKey === undefined) {
        twinKey = `${key}str`;
        if (TWIN_KEYS.size < 256) TWIN_KEYS.set(key, twinKey);
      }
      const big = twinValue(obj[twinKey], v);
      if (big === undefined) return false;
      obj[key] = big;
    } else if (typeof v === "object" && v !== null && !resolveByTwins(v)) return false;
  }
  return true;
}

/** Parses JSON like JSON.parse, except that integers outside ±(2^53−1) become exact `bigint`s. */
export function parseJsonLossless(text: string): unknown {
  if (!MAYBE_LONG.test(text)) return JSON.parse(text);
  // Most big ids come with their exact string twin; then one JSON.parse and a walk are enough.
  const value: unknown = JSON.parse(text);
  if (resolveByTwins(value)) return value;
  return parseFast(text);
}

/** The exact path: a tokenizer that skips strings, for texts where the fast path cannot decide. */
function parseExact(text: string): unknown {
  let mark = newMark();
  while (text.includes(inJson(mark))) mark = newMark();
  const markJson = inJson(mark);
  let found = false;
  const marked = text.replace(TOKEN, (match: string, digits: string | undefined) => {
    if (digits === undefined || Number.isSafeInteger(Number(digits))) return match;
    found = true;
    return `"${markJson}${digits}"`;
  });
  const value: unknown = JSON.parse(marked);
  return found ? revive(value, mark) : value;
}

/** JSON.stringify that writes `bigint` values as plain JSON integers instead of throwing. */
export function stringifyJsonLossless(value: unknown): string {
  const mark = newMark();
  let found = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") {
      found = true;
      return mark + v.toString();
    }
    return v;
  });
  if (text === undefined || !found) return text;
  return text.split(`"${inJson(mark)}`).map((part, i) => (i === 0 ? part : part.replace(/^(-?\d+)"/, "$1"))).join("");
}
