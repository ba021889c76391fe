// Reads a client package's bundled spec (its openapi.json) so the mock-backed tests cover whatever
// operations it has: each operation's first examples become a request, and Ajv checks the answer
// against the operation's response schema.
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { compareVersions } from "@im-openapi/mock";

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module itself.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface SpecOperation {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  operationId: string;
  node: JsonObject;
  since: string | undefined;
  removedIn: string | undefined;
  edition: string | undefined;
}

export interface ExampleRequest {
  /** Path parameters, for openapi-fetch's `params.path`. */
  path: Record<string, string | number>;
  query: Record<string, string | number>;
  body: Json | undefined;
}

const pointerPart = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

export class BundledSpec {
  readonly doc: JsonObject;
  readonly version: string;
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(file: URL) {
    this.doc = JSON.parse(readFileSync(file, "utf8")) as JsonObject;
    this.version = String((this.doc["info"] as JsonObject)["version"]);
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addSchema(this.doc, "spec");
  }

  /** Follows internal `$ref`s. */
  deref(node: Json | undefined): Json | undefined {
    let current = node;
    for (let i = 0; i < 20 && current && typeof current === "object" && !Array.isArray(current) && typeof current["$ref"] === "string"; i++) {
      const ref = current["$ref"];
      if (!ref.startsWith("#/")) throw new Error(`external $ref ${ref} in the bundled spec`);
      current = ref
        .slice(2)
        .split("/")
        .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce<Json | undefined>((at, key) => (at && typeof at === "object" && !Array.isArray(at) ? at[key] : undefined), this.doc);
    }
    return current;
  }

  operations(): SpecOperation[] {
    const out: SpecOperation[] = [];
    for (const [path, item] of Object.entries(this.doc["paths"] as JsonObject)) {
      for (const method of ["get", "post", "put", "delete"] as const) {
        const node = (item as JsonObject)[method] as JsonObject | undefined;
        if (!node) continue;
        out.push({
          method: method.toUpperCase() as SpecOperation["method"],
          path,
          operationId: String(node["operationId"]),
          node,
          since: node["x-since"] as string | undefined,
          removedIn: node["x-removed-in"] as string | undefined,
          edition: node["x-edition"] as string | undefined,
        });
      }
    }
    return out;
  }

  private firstExample(holder: Json | undefined): Json | undefined {
    const h = this.deref(holder) as JsonObject | undefined;
    if (!h) return undefined;
    if (h["example"] !== undefined) return h["example"];
    for (const ex of Object.values((h["examples"] as JsonObject | undefined) ?? {})) {
      const node = this.deref(ex) as JsonObject | undefined;
      if (node && node["value"] !== undefined) return node["value"];
    }
    return undefined;
  }

  /** The JSON request body media of an operation, when it has one. */
  requestMedia(op: SpecOperation): JsonObject | undefined {
    const body = this.deref(op.node["requestBody"]) as JsonObject | undefined;
    return ((body?.["content"] as JsonObject | undefined)?.["application/json"] as JsonObject | undefined) ?? undefined;
  }

  /** The request the spec's first examples describe, or undefined when a required part has none. */
  exampleRequest(op: SpecOperation): ExampleRequest | undefined {
    const item = (this.doc["paths"] as JsonObject)[op.path] as JsonObject;
    const declared = [...((item["parameters"] as Json[] | undefined) ?? []), ...((op.node["parameters"] as Json[] | undefined) ?? [])];
    const params = declared.map((p) => this.deref(p) as JsonObject);
    const path: Record<string, string | number> = {};
    const query: Record<string, string | number> = {};
    for (const p of params) {
      const schema = this.deref(p["schema"]) as JsonObject | undefined;
      const value = this.firstExample(p) ?? schema?.["example"] ?? (schema?.["examples"] as Json[] | undefined)?.[0] ?? schema?.["default"];
      if (value === undefined || value === null) {
        if (p["required"] === true) return undefined;
        continue;
      }
      const v = typeof value === "number" ? value : String(value);
      if (p["in"] === "path") path[String(p["name"])] = v;
      if (p["in"] === "query") query[String(p["name"])] = v;
    }
    const media = this.requestMedia(op);
    const body = media ? this.firstExample(media) : undefined;
    if (media && body === undefined) return undefined;
    return { path, query, body };
  }

  /** The success the operation declares first (lowest 2xx or 3xx) and its first media type, if any. */
  success(op: SpecOperation): { status: number; mediaType: string | undefined } {
    const responses = op.node["responses"] as JsonObject;
    const status = Object.keys(responses)
      .filter((code) => /^[23]\d\d$/.test(code))
      .map(Number)
      .sort((a, b) => a - b)[0];
    if (status === undefined) throw new Error(`${op.operationId} declares no 2xx or 3xx response`);
    const content = (this.deref(responses[String(status)]) as JsonObject)["content"] as JsonObject | undefined;
    const types = Object.keys(content ?? {});
    return { status, mediaType: types.includes("application/json") ? "application/json" : types[0] };
  }

  /** Ajv validator for the body of one response status and media type (the schema may live in a shared response). */
  responseValidator(op: SpecOperation, status: number, mediaType = "application/json"): ValidateFunction {
    const responses = op.node["responses"] as JsonObject;
    const node = responses[String(status)] as JsonObject | undefined;
    if (!node) throw new Error(`${op.operationId} declares no ${status} response`);
    const base = typeof node["$ref"] === "string" ? node["$ref"] : `#/paths/${pointerPart(op.path)}/${op.method.toLowerCase()}/responses/${status}`;
    const pointer = `${base}/content/${pointerPart(mediaType)}/schema`;
    let fn = this.validators.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `spec${pointer}` });
      this.validators.set(pointer, fn);
    }
    return fn;
  }
}

/** True when a server of `version` has the operation (x-since ≤ version < x-removed-in). */
export function existsIn(op: SpecOperation, version: string): boolean {
  if (op.since && compareVersions(version, op.since) < 0) return false;
  if (op.removedIn && compareVersions(version, op.removedIn) >= 0) return false;
  return true;
}
