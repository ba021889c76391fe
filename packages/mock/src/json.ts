// JSON that keeps integers above 2^53 exact, for what the mock reads and writes: WuKongIM message
// ids and wildfire message uids are snowflakes that JSON.parse would round.

/** A JSON value as the mock handles it: unsafe integers are `bigint`. */
export type Json = string | number | bigint | boolean | null | Json[] | { [key: string]: Json };

// Skips whole strings (digits inside them stay text) and captures a run of 16+ digits that is a
// whole JSON number, not part of a fraction or an exponent.
const TOKEN = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])(-?\d{16,})(?![\d.eE])/g;

function revive(value: unknown, mark: string): unknown {
  if (typeof value === "string") return value.startsWith(mark) ? BigInt(value.slice(mark.length)) : value;
  if (Array.isArray(value)) return value.map((v) => revive(v, mark));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = revive(v, mark);
    return out;
  }
  return value;
}

/** JSON.parse, except that integers outside ±(2^53 − 1) become `bigint`. Throws SyntaxError as JSON.parse does. */
export function parseJson(text: string): Json {
  if (!/\d{16}/.test(text)) return JSON.parse(text) as Json;
  // The mark starts with a NUL, which a JSON string can only hold escaped, so no string in the text
  // can be mistaken for a marked number.
  const mark = `\u0000big${Math.random().toString(36).slice(2, 8)}:`;
  let found = false;
  const marked = text.replace(TOKEN, (match: string, digits: string | undefined) => {
    if (digits === undefined || Number.isSafeInteger(Number(digits))) return match;
    found = true;
    return `"\\u0000${mark.slice(1)}${digits}"`;
  });
  const value: unknown = JSON.parse(found ? marked : text);
  return (found ? revive(value, mark) : value) as Json;
}

/** JSON.stringify that writes `bigint` as a plain JSON integer and leaves out `undefined` members. */
export function stringifyJson(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stringifyJson(v))).join(",")}]`;
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value)) if (v !== undefined) parts.push(`${JSON.stringify(key)}:${stringifyJson(v)}`);
  return `{${parts.join(",")}}`;
}

/** The body as JSON when it parses, else undefined. */
export function tryParseJson(text: string): Json | undefined {
  if (text.length === 0) return undefined;
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is Record<string, Json> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
