// Small readers for request values, shared by the echo and state code of every API.
import { isObject, type Json } from "./json.js";
import type { ParsedRequest } from "./room.js";

export type Obj = Record<string, Json>;

/** The request body as an object ({} when it is not one). */
export function bodyOf(request: ParsedRequest): Obj {
  return isObject(request.body) ? request.body : {};
}

export const asObj = (value: Json | undefined): Obj => (isObject(value) ? value : {});
export const asList = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);

/** A string member, or undefined when absent or not a string. */
export function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === "string" ? v : undefined;
}

/** A non-empty string member. */
export function text(o: Obj, key: string): string | undefined {
  const v = str(o, key);
  return v === undefined || v === "" ? undefined : v;
}

/** A whole-number member (JSON number or bigint), as a number; undefined when absent. Gson and Go also read numeric strings. */
export function int(o: Obj, key: string): number | undefined {
  const v = o[key];
  if (typeof v === "number" && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

/** An id that may pass 2^53 (JSON number, bigint or decimal string), as a bigint. */
export function bigId(o: Obj, key: string): bigint | undefined {
  const v = o[key];
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
  return undefined;
}

export function strings(value: Json | undefined): string[] {
  return asList(value).filter((v): v is string => typeof v === "string");
}

/** A copy of `o` with `key` set, when `value` is given. */
export function withValue(o: Obj, key: string, value: Json | undefined): Obj {
  return value === undefined ? o : { ...o, [key]: value };
}
