// JSON Schema (the 2020-12 subset the three specs use) to fast-check arbitraries. Values are JSON,
// except that integers outside JavaScript's safe range are bigints, so that a request can carry an
// exact int64 such as 2^63 - 1 (`jsonText` writes them). Every value keeps fast-check's shrinking:
// a failing request shrinks towards shorter strings, smaller numbers and fewer optional fields.
//
// Written here rather than taken from a package: json-schema-fast-check (the one JSON Schema bridge
// for fast-check on npm) is built on fast-check 1 and faker 4, and json-schema-faker draws values
// from its own random source, so fast-check could neither replay nor shrink them.
import fc from "fast-check";
import { deref, type Json, type JsonObject } from "../spec.js";

/** A generated value: JSON, with bigints for integers beyond 2^53. */
export type Value = null | boolean | number | bigint | string | Value[] | { [key: string]: Value };

export interface ArbitraryOptions {
  /** The spec document `$ref`s point into. */
  doc: Json;
  /**
   * When set, strings under an id-like property (`uid`, `channel_id`, `userId`, `subscribers`, …)
   * start with it, so whatever a write creates can be found by the run prefix. An id field that
   * may be empty still gets `""` now and then.
   */
  idPrefix?: string | undefined;
  /**
   * Keep integers within ±(2^53 - 1). For mocks: Prism's validator caps `int64` at
   * Number.MAX_SAFE_INTEGER and answers 400 beyond it, where the real servers take the full range.
   */
  safeIntegers?: boolean | undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FORMAT_RANGE: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [INT64_MIN, INT64_MAX],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};
/** Property names whose strings name a server resource (users, channels, groups, devices …). */
const ID_LIKE = /(^|_)(uid|uids|id|ids)$|Ids?$|^(subscribers|members|operator|sender|owner|target|receivers|toUsers|userIds|groupIds|from_uid|login_uid|new_owner|member_id|friendUid|targetUid|targetId|robotId)$/;

const asObject = (v: Json | undefined): JsonObject | undefined => (v && typeof v === "object" && !Array.isArray(v) ? v : undefined);
const types = (s: JsonObject): string[] => (Array.isArray(s["type"]) ? (s["type"] as string[]) : typeof s["type"] === "string" ? [s["type"]] : []);
const num = (v: Json | undefined): number | undefined => (typeof v === "number" ? v : undefined);

/** Resolves `$ref`s and folds `allOf` into one schema (properties merged, the tighter bound wins). */
export function flatten(doc: Json, schema: Json | undefined): JsonObject {
  const node = asObject(deref(doc, schema, "").node) ?? {};
  const parts = Array.isArray(node["allOf"]) ? (node["allOf"] as Json[]).map((s) => flatten(doc, s)) : [];
  const own: JsonObject = { ...node };
  delete own["allOf"];
  if (typeof own["$ref"] === "string") delete own["$ref"];
  return [...parts, own].reduce<JsonObject>((acc, part) => merge(acc, part), {});
}

function merge(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a, ...b };
  if (a["properties"] || b["properties"]) out["properties"] = { ...(asObject(a["properties"]) ?? {}), ...(asObject(b["properties"]) ?? {}) };
  if (a["required"] || b["required"]) out["required"] = [...new Set([...((a["required"] as string[]) ?? []), ...((b["required"] as string[]) ?? [])])];
  for (const [key, pick] of [["minimum", Math.max], ["minLength", Math.max], ["minItems", Math.max], ["maximum", Math.min], ["maxLength", Math.min], ["maxItems", Math.min]] as const) {
    const x = num(a[key]);
    const y = num(b[key]);
    if (x !== undefined && y !== undefined) out[key] = pick(x, y);
  }
  const ta = types(a);
  const tb = types(b);
  if (ta.length && tb.length) {
    const both = ta.filter((t) => tb.includes(t) || (t === "integer" && tb.includes("number")));
    const also = tb.filter((t) => t === "integer" && ta.includes("number"));
    out["type"] = [...new Set([...both, ...also])];
  }
  return out;
}

/** The inclusive integer range the schema allows (format bounds included). */
export function integerRange(schema: JsonObject): [bigint, bigint] {
  const [fmin, fmax] = FORMAT_RANGE[String(schema["format"])] ?? [INT64_MIN, INT64_MAX];
  let min = fmin;
  let max = fmax;
  const big = (n: number) => BigInt(Math.trunc(n));
  if (num(schema["minimum"]) !== undefined) min = bigMax(min, big(Math.ceil(num(schema["minimum"])!)));
  if (num(schema["exclusiveMinimum"]) !== undefined) min = bigMax(min, big(Math.floor(num(schema["exclusiveMinimum"])!)) + 1n);
  if (num(schema["maximum"]) !== undefined) max = bigMin(max, big(Math.floor(num(schema["maximum"])!)));
  if (num(schema["exclusiveMaximum"]) !== undefined) max = bigMin(max, big(Math.ceil(num(schema["exclusiveMaximum"])!)) - 1n);
  return [min, max];
}
const bigMax = (a: bigint, b: bigint) => (a > b ? a : b);
const bigMin = (a: bigint, b: bigint) => (a < b ? a : b);
/** A bigint as a number when that is exact. */
export const exact = (n: bigint): number | bigint => (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);

function integerArbitrary(schema: JsonObject, options: ArbitraryOptions): fc.Arbitrary<Value> {
  let [min, max] = integerRange(schema);
  if (options.safeIntegers) [min, max] = [bigMax(min, BigInt(Number.MIN_SAFE_INTEGER)), bigMin(max, BigInt(Number.MAX_SAFE_INTEGER))];
  if (min > max) return fc.constant(exact(min));
  return fc.bigInt({ min, max }).map(exact);
}

function textArbitrary(minLength: number, maxLength: number): fc.Arbitrary<string> {
  // Mostly printable ASCII; sometimes any Unicode character, controls and astral planes included.
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: "grapheme-ascii", minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength, maxLength }) },
  );
}

function stringArbitrary(schema: JsonObject, idLike: boolean, options: ArbitraryOptions): fc.Arbitrary<Value> {
  const minLength = num(schema["minLength"]) ?? 0;
  const maxLength = Math.min(num(schema["maxLength"]) ?? Infinity, Math.max(minLength, 24));
  const format = schema["format"];
  const pattern = typeof schema["pattern"] === "string" ? new RegExp(schema["pattern"], "u") : undefined;
  const fits = (s: string) => [...s].length >= minLength && [...s].length <= (num(schema["maxLength"]) ?? Infinity) && (!pattern || pattern.test(s));
  let base: fc.Arbitrary<string>;
  if (format === "byte") base = fc.uint8Array({ maxLength: 48 }).map((b) => Buffer.from(b).toString("base64"));
  else if (format === "date-time") base = fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4102444800000) }).map((d) => d.toISOString());
  else if (format === "date") base = fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4102444800000) }).map((d) => d.toISOString().slice(0, 10));
  else if (format === "uri" || format === "url") base = fc.webUrl();
  else if (format === "email") base = fc.emailAddress();
  else if (format === "uuid") base = fc.uuid();
  else if (pattern) base = fc.stringMatching(pattern).filter((s) => s.length <= 64);
  else base = textArbitrary(minLength, maxLength);
  // A pattern decides the id's shape (`^[0-9]+(,[0-9]+)*$`): no prefix can fit it.
  if (idLike && options.idPrefix && !format && !pattern) {
    const prefix = options.idPrefix;
    const prefixed = fc.string({ unit: "grapheme-ascii", maxLength: 12 }).map((s) => `${prefix}_${s}`).filter(fits);
    const arms: fc.WeightedArbitrary<string>[] = [{ weight: 9, arbitrary: prefixed }];
    if (fits("")) arms.push({ weight: 1, arbitrary: fc.constant("") });
    return fc.oneof(...arms);
  }
  return format || pattern ? base.filter(fits) : base;
}

/** An arbitrary of values the schema describes (before the final Ajv check the caller applies). */
export function schemaArbitrary(schema: Json | undefined, options: ArbitraryOptions, name = "", depth = 0): fc.Arbitrary<Value> {
  const s = flatten(options.doc, schema);
  // The spec's own examples are values the server gives meaning to (`show=conn`, a known sort key):
  // drawn now and then beside generated ones, they reach branches random text never would.
  const examples = Array.isArray(s["examples"]) ? (s["examples"] as Value[]) : [];
  // In a write run, id fields keep the run prefix instead (an example id may name something real).
  if (examples.length && !s["x-examples-drawn"] && !(options.idPrefix && ID_LIKE.test(name))) {
    const generated = schemaArbitrary({ ...s, "x-examples-drawn": true }, options, name, depth);
    return fc.oneof({ weight: 3, arbitrary: generated }, { weight: 1, arbitrary: fc.constantFrom(...examples) });
  }
  if (s["const"] !== undefined) return fc.constant(s["const"] as Value);
  if (Array.isArray(s["enum"])) return fc.constantFrom(...(s["enum"] as Value[]));
  for (const key of ["oneOf", "anyOf"] as const) {
    if (Array.isArray(s[key])) {
      const outer: JsonObject = { ...s };
      delete outer[key];
      return fc.oneof(...(s[key] as Json[]).map((branch) => schemaArbitrary(merge(outer, flatten(options.doc, branch)), options, name, depth + 1)));
    }
  }
  let kinds = types(s);
  if (kinds.length === 0) kinds = s["properties"] ? ["object"] : s["items"] ? ["array"] : ["string", "integer", "boolean", "null"];
  const idLike = ID_LIKE.test(name);
  const arms = kinds.map((kind): fc.Arbitrary<Value> => {
    switch (kind) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer":
        return integerArbitrary(s, options);
      case "number":
        return fc.oneof(integerArbitrary(s, options), fc.double({ noNaN: true, noDefaultInfinity: true, min: num(s["minimum"]) ?? -1e15, max: num(s["maximum"]) ?? 1e15 }));
      case "string":
        return stringArbitrary(s, idLike, options);
      case "array": {
        const minLength = num(s["minItems"]) ?? 0;
        const maxLength = Math.min(num(s["maxItems"]) ?? Infinity, Math.max(minLength, depth > 3 ? minLength : 4));
        const items = schemaArbitrary(s["items"], options, name, depth + 1);
        return s["uniqueItems"] === true ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => jsonText(v) }) : fc.array(items, { minLength, maxLength });
      }
      case "object": {
        const props = asObject(s["properties"]) ?? {};
        const required = ((s["required"] as string[] | undefined) ?? []).filter((k) => k in props);
        if (depth > 6) return fc.constant(Object.fromEntries(required.map((k) => [k, null])) as Value);
        const model: Record<string, fc.Arbitrary<Value>> = {};
        for (const [key, sub] of Object.entries(props)) model[key] = schemaArbitrary(sub, options, key, depth + 1);
        if (Object.keys(model).length === 0 && asObject(s["additionalProperties"])) {
          return fc.dictionary(fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 8 }), schemaArbitrary(s["additionalProperties"], options, "", depth + 1), { maxKeys: 3 });
        }
        return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Value>;
      }
      default:
        return fc.constant(null);
    }
  });
  return arms.length === 1 ? arms[0]! : fc.oneof(...arms);
}

/** JSON text of a value; bigints are written as exact integers. */
export function jsonText(value: Value | undefined): string {
  if (value === undefined) return "";
  const marks: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== "bigint") return v;
    marks.push(v.toString());
    return `\u0000big${marks.length - 1}\u0000`;
  });
  return text.replace(/"\\u0000big(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)]!);
}

/** The value with bigints turned into (approximate) numbers, for validators that know no bigint. */
export function plainJson(value: Value | undefined): Json | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map((v) => plainJson(v) ?? null);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainJson(v) ?? null]));
  return value;
}
