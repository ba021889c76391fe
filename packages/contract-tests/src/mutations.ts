// Bad inputs derived from a spec: for an operation's example request, every way to break it that
// the schema says is invalid. Used by the bad-input matrix and available to users who want to
// check their own server's input validation.
import { deref, type Json, type JsonObject, type Operation, type Spec } from "./spec.js";

export type MutationKind = "missing-required" | "wrong-type" | "out-of-range" | "invalid-base64" | "unknown-field" | "empty-body" | "oversized";

export interface Mutation {
  kind: MutationKind;
  /** What was changed, e.g. `body.channel_id`. */
  field: string;
  body: Json | undefined;
  /** True when the request stays valid JSON but breaks the schema; oversized bodies may still be valid. */
  invalid: boolean;
}

/** The request body schema of an operation, with `$ref`s resolved one level deep per property. */
export function bodySchema(spec: Spec, op: Operation): JsonObject | undefined {
  const requestBody = deref(spec.doc, op.node["requestBody"], "").node as JsonObject | undefined;
  const media = (requestBody?.["content"] as JsonObject | undefined)?.["application/json"] as JsonObject | undefined;
  return deref(spec.doc, media?.["schema"], "").node as JsonObject | undefined;
}

export function propertySchema(spec: Spec, schema: JsonObject, name: string): JsonObject | undefined {
  const prop = (schema["properties"] as JsonObject | undefined)?.[name];
  return deref(spec.doc, prop, "").node as JsonObject | undefined;
}

const typeOf = (s: JsonObject | undefined): string[] => {
  const t = s?.["type"];
  return Array.isArray(t) ? (t as string[]) : typeof t === "string" ? [t] : [];
};

/** A value of a JSON type the schema does not allow (undefined when the schema allows every type). */
export function wrongTypeValue(schema: JsonObject | undefined): Json | undefined {
  const allowed = typeOf(schema);
  if (allowed.length === 0) return undefined;
  const candidates: [string, Json][] = [["string", "not-a-number"], ["integer", 12345], ["object", { unexpected: true }], ["array", [1, 2]], ["boolean", true]];
  for (const [type, value] of candidates) {
    if (allowed.includes(type) || (type === "integer" && allowed.includes("number"))) continue;
    if (type === "string" && schema?.["enum"] === undefined && allowed.includes("string")) continue;
    return value;
  }
  return undefined;
}

/** Every deterministic mutation of the example body that the schema rejects, plus the oversized body. */
export function mutationsFor(spec: Spec, op: Operation, example: Json | undefined, random: { unknownKey: string; junk: string }): Mutation[] {
  const schema = bodySchema(spec, op);
  if (!schema) return [];
  const out: Mutation[] = [];
  const requestBody = deref(spec.doc, op.node["requestBody"], "").node as JsonObject | undefined;
  if (requestBody?.["required"] === true) out.push({ kind: "empty-body", field: "body", body: undefined, invalid: true });
  if (!example || typeof example !== "object" || Array.isArray(example)) {
    const wrong = wrongTypeValue(schema);
    if (wrong !== undefined) out.push({ kind: "wrong-type", field: "body", body: wrong, invalid: true });
    return out;
  }
  const base = example as JsonObject;
  for (const name of (schema["required"] as string[] | undefined) ?? []) {
    const { [name]: _removed, ...rest } = base;
    out.push({ kind: "missing-required", field: `body.${name}`, body: rest, invalid: true });
  }
  for (const [name, value] of Object.entries(base)) {
    const prop = propertySchema(spec, schema, name);
    const wrong = wrongTypeValue(prop);
    if (wrong !== undefined) out.push({ kind: "wrong-type", field: `body.${name}`, body: { ...base, [name]: wrong }, invalid: true });
    if (typeOf(prop).includes("integer")) {
      if (typeof prop?.["maximum"] === "number") out.push({ kind: "out-of-range", field: `body.${name}`, body: { ...base, [name]: (prop["maximum"] as number) + 1 }, invalid: true });
      if (typeof prop?.["minimum"] === "number") out.push({ kind: "out-of-range", field: `body.${name}`, body: { ...base, [name]: (prop["minimum"] as number) - 1 }, invalid: true });
    }
    if (prop?.["format"] === "byte" && typeof value === "string") out.push({ kind: "invalid-base64", field: `body.${name}`, body: { ...base, [name]: `${random.junk}!*` }, invalid: true });
  }
  if (schema["additionalProperties"] === false) out.push({ kind: "unknown-field", field: `body.${random.unknownKey}`, body: { ...base, [random.unknownKey]: 1 }, invalid: true });
  const stringField = Object.entries(base).find(([, v]) => typeof v === "string");
  if (stringField) out.push({ kind: "oversized", field: `body.${stringField[0]}`, body: { ...base, [stringField[0]]: "x".repeat(2 * 1024 * 1024) }, invalid: false });
  return out;
}
