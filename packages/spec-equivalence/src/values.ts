// The values a place is judged on: the examples, a seeded fast-check sample of values generated
// from a schema (the contract suite's JSON Schema → fast-check bridge), and mutations of those, so
// that invalid values are compared as well as valid ones.
import fc from "fast-check";
import { jsonText, schemaArbitrary, type Value } from "@im-openapi/contract-tests";
import type { Json, JsonObject } from "./spec.js";

/** Plain JSON (bigints beyond 2^53 become the nearest number, as a JSON parser would read them). */
const plain = (value: Value): Json => JSON.parse(jsonText(value)) as Json;

/** `numRuns` values generated from the schema at `pointer` in `doc`, reproducible by `seed`. */
export function sampleSchema(doc: JsonObject, pointer: string, numRuns: number, seed: number): Json[] {
  const arbitrary = schemaArbitrary({ $ref: pointer }, { doc });
  return fc.sample(arbitrary, { numRuns, seed }).map(plain);
}

/** A small seeded generator (mulberry32), so mutations are the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isObject = (v: Json): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

/** Containers (objects and arrays) inside a value, with the path to each, root first. */
function containers(value: Json, at: (string | number)[] = [], depth = 0, out: { at: (string | number)[]; node: JsonObject | Json[] }[] = []) {
  if (depth > 4) return out;
  if (isObject(value)) {
    out.push({ at, node: value });
    for (const [k, v] of Object.entries(value)) containers(v, [...at, k], depth + 1, out);
  } else if (Array.isArray(value)) {
    out.push({ at, node: value });
    value.slice(0, 3).forEach((v, i) => containers(v, [...at, i], depth + 1, out));
  }
  return out;
}

/** Values next to a number or string (one more or less, a fraction, one character more or less): they probe bounds. */
const nudges = (v: Json): Json[] =>
  typeof v === "number" ? [v + 1, v - 1, v + 0.5, -v] : typeof v === "string" ? [`${v}x`, v.slice(0, -1), v.repeat(3)] : typeof v === "boolean" ? [!v] : [];

const wrongType = (v: Json): Json => (typeof v === "string" ? 12345 : typeof v === "number" ? "12345" : typeof v === "boolean" ? "true" : v === null ? false : Array.isArray(v) ? {} : []);

/**
 * `count` mutations of a value: in a container chosen at random, drop a property, add an unknown
 * one, or set a property (or an array element) to null, "", a value of the wrong type or a value
 * next to it (a number ±1, a string one character longer or shorter). A bare number or string
 * gets all of those at once.
 */
export function mutate(value: Json, count: number, next: () => number): Json[] {
  const out: Json[] = [];
  const spots = containers(value);
  if (spots.length === 0) return [null, "", wrongType(value), ...nudges(value)];
  for (let i = 0; i < count; i++) {
    // Only the containers on the path to the mutated one are copied; the rest is shared (never changed).
    const { at } = spots[Math.floor(next() * spots.length)]!;
    const shallow = (v: JsonObject | Json[]): JsonObject | Json[] => (Array.isArray(v) ? [...v] : { ...v });
    const copy = shallow(value as JsonObject | Json[]);
    let node = copy;
    for (const step of at) {
      const parent = node as Record<string | number, Json>;
      parent[step] = shallow(parent[step] as JsonObject | Json[]);
      node = parent[step] as JsonObject | Json[];
    }
    const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
    if (Array.isArray(node)) {
      if (node.length === 0) node.push(pick<Json>([null, "", 0, {}]));
      else {
        const j = Math.floor(next() * node.length);
        node[j] = pick<Json>([null, "", wrongType(node[j]!), ...nudges(node[j]!)]);
      }
    } else {
      const keys = Object.keys(node);
      const kind = keys.length === 0 ? 1 : Math.floor(next() * 6);
      const key = keys.length ? pick(keys) : "";
      if (kind === 0) delete node[key];
      else if (kind === 1) node[`unknown_${Math.floor(next() * 1000)}`] = pick<Json>(["x", 1, null, {}]);
      else if (kind === 2) node[key] = null;
      else if (kind === 3) node[key] = "";
      else if (kind === 4) node[key] = wrongType(node[key]!);
      else node[key] = pick([wrongType(node[key]!), ...nudges(node[key]!)]);
    }
    out.push(copy);
  }
  return out;
}

/** `a` with `b`'s properties laid over it, recursively: nested objects are joined too, arrays element by element. */
function deepJoin(a: Json, b: Json): Json {
  if (isObject(a) && isObject(b)) {
    const out: JsonObject = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in a ? deepJoin(a[k]!, v) : v;
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length >= b.length ? a.map((v, i) => (i < b.length ? deepJoin(v, b[i]!) : v)) : b.map((v, i) => (i < a.length ? deepJoin(a[i]!, v) : v));
  return b;
}

/**
 * Objects that join the properties of two values, at every depth: a response that is open
 * (additional properties allowed) can carry the fields of two `oneOf` variants at once, which
 * `anyOf` accepts and `oneOf` rejects; joins of samples drawn from different variants find that.
 */
export function joins(values: Json[]): Json[] {
  const objects = values.filter((v) => isObject(v) || Array.isArray(v));
  const out: Json[] = [];
  for (let i = 0; i + 1 < objects.length; i++) out.push(deepJoin(objects[i]!, objects[i + 1]!));
  return out;
}

/** Values of every JSON type, judged at every place. */
export const ODD_VALUES: Json[] = [null, "", "text", 0, -1, 1.5, true, [], {}, [null], { unknown: 1 }];
