// Requests drawn from an operation's schemas: valid ones (path, query and body as the spec allows
// them) and invalid ones (one thing broken the way the spec forbids: a required field dropped, a
// wrong type, a number out of range, a string too long or too short, an unknown field, no body).
// Each drawn request is labelled by the same Ajv validator that judges the answers, so a request
// labelled valid is valid and one labelled invalid is invalid, whatever it was drawn as (labelling
// instead of filtering cannot loop on a schema whose draws the validator keeps rejecting).
import fc from "fast-check";
import { deref, escapePointer, resolvePointer, type Json, type JsonObject, type Operation, type Spec } from "../spec.js";
import type { ContractValidator } from "../validator.js";
import { exact, flatten, integerRange, jsonText, plainJson, schemaArbitrary, type ArbitraryOptions, type Value } from "./schema-arbitrary.js";

export interface FuzzRequest {
  /** Drawn to satisfy the spec (true) or to break it in one place (false). */
  valid: boolean;
  /** What was broken, for invalid requests: `body.uids: wrong type`. */
  broken?: string | undefined;
  /** The path with its parameters filled in. */
  path: string;
  query: Record<string, string>;
  /** The body, or undefined for none. */
  body?: Value | undefined;
}

interface Parameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  schema: JsonObject;
}

export function parametersOf(spec: Spec, op: Operation): Parameter[] {
  const itemParams = (resolvePointer(spec.doc, `#/paths/${escapePointer(op.path)}/parameters`) as Json[] | undefined) ?? [];
  return [...itemParams, ...((op.node["parameters"] as Json[] | undefined) ?? [])]
    .map((p) => deref(spec.doc, p, "").node as JsonObject)
    // A deprecated parameter is one the spec tells callers not to send (several break v2.2.5).
    .filter((p) => (p["in"] === "path" || p["in"] === "query") && p["deprecated"] !== true)
    .map((p) => {
      const schema = flatten(spec.doc, p["schema"]);
      // The parameter's own examples join the schema's, so the fuzzer draws them too.
      const named = Object.values((p["examples"] as JsonObject | undefined) ?? {}).map((e) => (deref(spec.doc, e, "").node as JsonObject | undefined)?.["value"]);
      const examples = [...((schema["examples"] as Json[] | undefined) ?? []), ...(p["example"] !== undefined ? [p["example"]] : []), ...named].filter((v): v is Json => v !== undefined);
      return { name: String(p["name"]), in: p["in"] as "path" | "query", required: p["required"] === true || p["in"] === "path", schema: examples.length ? { ...schema, examples } : schema };
    });
}

export function bodySchemaOf(spec: Spec, op: Operation): { schema: JsonObject; required: boolean } | undefined {
  const requestBody = deref(spec.doc, op.node["requestBody"], "").node as JsonObject | undefined;
  const media = (requestBody?.["content"] as JsonObject | undefined)?.["application/json"] as JsonObject | undefined;
  if (!media?.["schema"]) return undefined;
  return { schema: flatten(spec.doc, media["schema"]), required: requestBody?.["required"] === true };
}

const asText = (v: Value): string => (typeof v === "string" ? v : typeof v === "bigint" ? v.toString() : jsonText(v));

function fill(op: Operation, params: Parameter[], values: Record<string, Value | undefined>): { path: string; query: Record<string, string> } {
  let path = op.path;
  const query: Record<string, string> = {};
  for (const p of params) {
    const v = values[p.name];
    if (v === undefined) continue;
    if (p.in === "path") path = path.replace(`{${p.name}}`, encodeURIComponent(asText(v)));
    else query[p.name] = asText(v);
  }
  return { path, query };
}

/** A query or path value is sent as text: the schema's value written out. */
function parameterArbitrary(p: Parameter, options: ArbitraryOptions): fc.Arbitrary<Value> {
  const arb = schemaArbitrary(p.schema, options, p.name);
  // A path segment cannot be empty, and `.` or `..` is folded away by the URL parser before the
  // request leaves: such a value can never reach the route.
  return p.in === "path" ? arb.filter((v) => !["", ".", ".."].includes(asText(v))) : arb;
}

function parametersArbitrary(params: Parameter[], options: ArbitraryOptions): fc.Arbitrary<Record<string, Value | undefined>> {
  const model: Record<string, fc.Arbitrary<Value>> = {};
  for (const p of params) model[p.name] = parameterArbitrary(p, options);
  return fc.record(model, { requiredKeys: params.filter((p) => p.required).map((p) => p.name) }) as fc.Arbitrary<Record<string, Value | undefined>>;
}

/** The JSON pointer of the first bigint outside int64 in the value, if any. */
function bigintsBeyondInt64(value: Value | undefined, at = ""): string | undefined {
  if (typeof value === "bigint") return value < -(2n ** 63n) || value > 2n ** 63n - 1n ? at || "/" : undefined;
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = bigintsBeyondInt64(v, `${at}/${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** Labels a request with the validator's verdict; `why` names what is broken when it is invalid. */
function label(op: Operation, validator: ContractValidator, r: FuzzRequest, why: string): FuzzRequest {
  const problems = validator.validateRequest(op, plainJson(r.body), r.query);
  // The validator sees bigints as rounded numbers: 2^63 + 1025 would pass as 2^63. Checked exactly here.
  const beyond = bigintsBeyondInt64(r.body);
  if (beyond) problems.push({ api: op.api, operation: op.operationId, method: op.method, path: op.path, direction: "request", at: beyond, expected: "an integer within int64", actual: "beyond int64" });
  if (problems.length === 0) return { ...r, valid: true, broken: undefined };
  return { ...r, valid: false, broken: r.valid ? `${why}: ${problems[0]!.at} ${problems[0]!.expected}` : why };
}

/** Requests drawn to be valid (a few draws the validator rejects are labelled invalid). */
export function validRequests(spec: Spec, op: Operation, validator: ContractValidator, options: ArbitraryOptions): fc.Arbitrary<FuzzRequest> {
  const params = parametersOf(spec, op);
  const body = bodySchemaOf(spec, op);
  const bodyArb: fc.Arbitrary<Value | undefined> = body ? (body.required ? schemaArbitrary(body.schema, options) : fc.option(schemaArbitrary(body.schema, options), { nil: undefined })) : fc.constant(undefined);
  return fc
    .record({ params: parametersArbitrary(params, options), body: bodyArb })
    .map(({ params: values, body: b }): FuzzRequest => label(op, validator, { valid: true, ...fill(op, params, values), body: b }, "drawn from the schema, rejected by it"));
}

/** A value of a JSON type the schema does not allow. */
function wrongTypeArbitrary(schema: JsonObject): fc.Arbitrary<Value> | undefined {
  const allowed = Array.isArray(schema["type"]) ? (schema["type"] as string[]) : typeof schema["type"] === "string" ? [schema["type"]] : [];
  if (allowed.length === 0) return undefined;
  const others: fc.Arbitrary<Value>[] = [];
  if (!allowed.includes("string")) others.push(fc.string({ maxLength: 8 }));
  if (!allowed.includes("integer") && !allowed.includes("number")) others.push(fc.integer());
  if (!allowed.includes("number")) others.push(fc.constantFrom(1.5, -0.25));
  if (!allowed.includes("boolean")) others.push(fc.boolean());
  if (!allowed.includes("null")) others.push(fc.constant(null));
  if (!allowed.includes("object")) others.push(fc.constant({}));
  if (!allowed.includes("array")) others.push(fc.constant([]));
  return others.length ? fc.oneof(...others) : undefined;
}

/** Values just outside what the schema allows: numbers past a bound or past int64, strings or lists of the wrong length. */
function outOfRangeArbitrary(schema: JsonObject): fc.Arbitrary<Value> | undefined {
  const kinds = Array.isArray(schema["type"]) ? (schema["type"] as string[]) : [String(schema["type"])];
  const arms: fc.Arbitrary<Value>[] = [];
  if (kinds.includes("integer")) {
    const [min, max] = integerRange(schema);
    arms.push(fc.bigInt({ min: max + 1n, max: max + 2n ** 64n }).map(exact));
    arms.push(fc.bigInt({ min: min - 2n ** 64n, max: min - 1n }).map(exact));
  }
  if (kinds.includes("string")) {
    const minLength = typeof schema["minLength"] === "number" ? schema["minLength"] : 0;
    if (minLength > 0) arms.push(fc.string({ maxLength: minLength - 1 }));
    if (typeof schema["maxLength"] === "number") arms.push(fc.constant("x".repeat(schema["maxLength"] + 1)));
  }
  if (kinds.includes("array") && typeof schema["minItems"] === "number" && schema["minItems"] > 0) arms.push(fc.constant([]));
  return arms.length ? fc.oneof(...arms) : undefined;
}

/**
 * Options for breaking requests. `avoidCrashers`: leave out the out-of-range values of a schema node
 * that says (`x-crashes-server`) those values crash the server; the request is invalid either way,
 * and a crashed server ends the run for everything after it.
 */
export interface BreakOptions {
  avoidCrashers?: boolean | undefined;
}

interface Breakage {
  where: string;
  what: string;
  apply: (r: FuzzRequest) => FuzzRequest;
}

/** Every way to break a request in one place that the schemas allow us to name, as arbitraries. */
function breakages(spec: Spec, op: Operation, options: BreakOptions): fc.Arbitrary<Breakage>[] {
  // JSON null reads as "" or 0 in Go, so a wrong type can reach the same crash: both are left out.
  const crashes = (schema: JsonObject) => options.avoidCrashers === true && schema["x-crashes-server"] !== undefined;
  const range = (schema: JsonObject) => (crashes(schema) ? undefined : outOfRangeArbitrary(schema));
  const wrong = (schema: JsonObject) => (crashes(schema) ? undefined : wrongTypeArbitrary(schema));
  const out: fc.Arbitrary<Breakage>[] = [];
  const params = parametersOf(spec, op);
  for (const p of params.filter((x) => x.in === "query")) {
    const bad = [wrong(p.schema), range(p.schema)].filter((a): a is fc.Arbitrary<Value> => a !== undefined);
    // A query value is text: a wrong "type" is a word where a number belongs.
    for (const arb of bad) out.push(arb.map((v) => ({ where: `query.${p.name}`, what: "a value the schema rejects", apply: (r) => ({ ...r, query: { ...r.query, [p.name]: asText(v) } }) })));
    if (p.required) out.push(fc.constant({ where: `query.${p.name}`, what: "missing", apply: (r) => ({ ...r, query: Object.fromEntries(Object.entries(r.query).filter(([k]) => k !== p.name)) }) }));
  }
  const body = bodySchemaOf(spec, op);
  if (!body) return out;
  if (body.required) out.push(fc.constant({ where: "body", what: "no body", apply: (r) => ({ ...r, body: undefined }) }));
  const wrongBody = wrongTypeArbitrary(body.schema);
  if (wrongBody) out.push(wrongBody.map((v) => ({ where: "body", what: "a body of the wrong JSON type", apply: (r) => ({ ...r, body: v }) })));
  const props = (body.schema["properties"] as JsonObject | undefined) ?? {};
  const withBody = (r: FuzzRequest): Record<string, Value> => (r.body && typeof r.body === "object" && !Array.isArray(r.body) ? { ...r.body } : {});
  for (const name of (body.schema["required"] as string[] | undefined) ?? []) {
    out.push(fc.constant({ where: `body.${name}`, what: "missing", apply: (r) => { const b = withBody(r); delete b[name]; return { ...r, body: b }; } }));
  }
  for (const [name, raw] of Object.entries(props)) {
    const schema = flatten(spec.doc, raw);
    const bad = [wrong(schema), range(schema)].filter((a): a is fc.Arbitrary<Value> => a !== undefined);
    const items = schema["items"] ? flatten(spec.doc, schema["items"]) : undefined;
    // A list whose elements break the item schema, e.g. `uids: [null]`.
    if (items) {
      const badItem = [wrong(items), range(items)].filter((a): a is fc.Arbitrary<Value> => a !== undefined);
      if (badItem.length) bad.push(fc.oneof(...badItem).map((v) => [v]));
    }
    for (const arb of bad) out.push(arb.map((v) => ({ where: `body.${name}`, what: "a value the schema rejects", apply: (r) => ({ ...r, body: { ...withBody(r), [name]: v } }) })));
  }
  if (body.schema["additionalProperties"] === false && Object.keys(props).length) {
    out.push(fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 10 }).filter((k) => !(k in props)).map((k) => ({ where: `body.${k}`, what: "an unknown field", apply: (r) => ({ ...r, body: { ...withBody(r), [k]: 1 } }) })));
  }
  return out;
}

/** Requests broken in one place (labelled valid if the break happens to be allowed). Undefined when nothing can be broken. */
export function invalidRequests(spec: Spec, op: Operation, validator: ContractValidator, options: ArbitraryOptions & BreakOptions): fc.Arbitrary<FuzzRequest> | undefined {
  const ways = breakages(spec, op, options);
  if (ways.length === 0) return undefined;
  const params = parametersOf(spec, op);
  const body = bodySchemaOf(spec, op);
  // The base need not be valid itself: it is drawn without the final filter, which would reject
  // too many bases for a few operations; the result is checked instead.
  const base = fc
    .record({ params: parametersArbitrary(params, options), body: body ? schemaArbitrary(body.schema, options) : fc.constant(undefined) })
    .map(({ params: values, body: b }): FuzzRequest => ({ valid: false, ...fill(op, params, values), body: b }));
  return fc
    .tuple(base, fc.oneof(...ways))
    .map(([r, way]): FuzzRequest => label(op, validator, { ...way.apply(r), valid: false }, `${way.where}: ${way.what}`));
}
