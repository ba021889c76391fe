import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { declaredMedia } from "@im-openapi/mock";
import { flatten } from "./fuzz/schema-arbitrary.js";
import { deref, escapePointer, resolvePointer, type Json, type JsonObject, type Operation, type Spec } from "./spec.js";

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** One place where a request or response does not match the contract. */
export interface Violation {
  api: string;
  operation: string;
  method: string;
  path: string;
  direction: "request" | "response";
  /** JSON pointer into the body (or `status`, `content-type`, `query.<name>`). */
  at: string;
  /** What the spec expects there. */
  expected: string;
  /** What came back (shortened). */
  actual: string;
}

const short = (value: unknown) => {
  const text = value === undefined ? "(absent)" : typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

export interface ExchangeRecord {
  status: number;
  contentType: string;
  bodyText: string;
}

/** Validates requests and responses of one API against its bundled spec, in process. */
export class ContractValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly spec: Spec) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addSchema(spec.doc as object, "spec");
  }

  private validator(pointer: string): ValidateFunction {
    let fn = this.cache.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `spec${pointer}` });
      this.cache.set(pointer, fn);
    }
    return fn;
  }

  private schemaErrors(op: Operation, direction: Violation["direction"], pointer: string, value: unknown, prefix = ""): Violation[] {
    const fn = this.validator(pointer);
    if (fn(value)) return [];
    return (fn.errors ?? []).map((e: ErrorObject) => ({
      api: op.api,
      operation: op.operationId,
      method: op.method,
      path: op.path,
      direction,
      at: prefix + (e.instancePath || (prefix ? "" : "/")),
      expected: `${e.message ?? e.keyword}${Object.keys(e.params ?? {}).length ? ` ${JSON.stringify(e.params)}` : ""}`,
      actual: short(resolvePointer(value as Json, e.instancePath)),
    }));
  }

  /** Checks a request body and query against the operation. */
  validateRequest(op: Operation, body: unknown, query: Record<string, string> = {}): Violation[] {
    const out: Violation[] = [];
    const base = (at: string, expected: string, actual: unknown): Violation => ({ api: op.api, operation: op.operationId, method: op.method, path: op.path, direction: "request", at, expected, actual: short(actual) });
    const itemParams = (resolvePointer(this.spec.doc, `#/paths/${escapePointer(op.path)}/parameters`) as Json[] | undefined) ?? [];
    const itemCount = itemParams.length;
    const params = [
      ...itemParams,
      ...((op.node["parameters"] as Json[] | undefined) ?? []),
    ];
    for (const [i, raw] of params.entries()) {
      const { node, pointer } = deref(this.spec.doc, raw, i < itemCount ? `#/paths/${escapePointer(op.path)}/parameters/${i}` : `${op.pointer}/parameters/${i - itemCount}`);
      const p = node as JsonObject;
      if (p["in"] !== "query") continue;
      const name = String(p["name"]);
      if (!(name in query)) {
        if (p["required"] === true) out.push(base(`query.${name}`, "required query parameter", undefined));
        continue;
      }
      if (p["schema"] !== undefined) out.push(...this.queryValue(op, `${pointer}/schema`, name, query[name]!));
    }
    const requestBody = deref(this.spec.doc, op.node["requestBody"], `${op.pointer}/requestBody`);
    const content = (requestBody.node as JsonObject | undefined)?.["content"] as JsonObject | undefined;
    if (content?.["application/json"]) {
      if (body === undefined) {
        if ((requestBody.node as JsonObject)["required"] === true) out.push(base("/", "a JSON request body", undefined));
      } else {
        out.push(...this.schemaErrors(op, "request", `${requestBody.pointer}/content/application~1json/schema`, body));
      }
    }
    return out;
  }

  /**
   * Checks one query value (text) against its parameter's schema: a number where the schema wants
   * one, and integers against their bounds exactly (beyond 2^53 too).
   */
  private queryValue(op: Operation, pointer: string, name: string, text: string): Violation[] {
    const schema = flatten(this.spec.doc, resolvePointer(this.spec.doc, pointer));
    const kinds = [schema?.["type"]].flat().filter((t): t is string => typeof t === "string");
    const numeric = kinds.includes("integer") || kinds.includes("number");
    let value: unknown = text;
    if (numeric && !kinds.includes("string")) {
      if (kinds.includes("integer") && !kinds.includes("number") && /^-?\d+$/.test(text)) {
        const n = BigInt(text);
        const lo = typeof schema?.["minimum"] === "number" ? BigInt(schema["minimum"]) : schema?.["format"] === "int32" ? -(2n ** 31n) : -(2n ** 63n);
        const hi = typeof schema?.["maximum"] === "number" ? BigInt(schema["maximum"]) : schema?.["format"] === "int32" ? 2n ** 31n - 1n : 2n ** 63n - 1n;
        if (n < lo || n > hi) {
          return [{ api: op.api, operation: op.operationId, method: op.method, path: op.path, direction: "request", at: `query.${name}`, expected: `an integer from ${lo} to ${hi}`, actual: short(text) }];
        }
        value = Number(text);
      } else if (text.trim() !== "" && !Number.isNaN(Number(text))) {
        value = Number(text);
      }
    } else if (kinds.includes("boolean") && (text === "true" || text === "false")) {
      value = text === "true";
    }
    return this.schemaErrors(op, "request", pointer, value, `query.${name}`);
  }

  /** Checks a response's status, content type and body against the operation. */
  validateResponse(op: Operation, exchange: ExchangeRecord): Violation[] {
    const base = (at: string, expected: string, actual: unknown): Violation => ({ api: op.api, operation: op.operationId, method: op.method, path: op.path, direction: "response", at, expected, actual: typeof actual === "string" ? actual : short(actual) });
    const responses = (op.node["responses"] ?? {}) as JsonObject;
    const status = String(exchange.status);
    const key = status in responses ? status : `${status[0]}XX` in responses ? `${status[0]}XX` : "default" in responses ? "default" : undefined;
    if (key === undefined) return [base("status", `one of ${Object.keys(responses).join(", ")}`, status)];
    const resolved = deref(this.spec.doc, responses[key], `${op.pointer}/responses/${key}`);
    const content = (resolved.node as JsonObject | undefined)?.["content"] as JsonObject | undefined;
    if (!content) return [];
    const declared = Object.keys(content);
    const media = declaredMedia(content, exchange.contentType);
    if (!media) {
      if (exchange.bodyText === "" && declared.includes("text/plain")) return [];
      return [base("content-type", declared.join(" or "), exchange.contentType || "(none)")];
    }
    if (!/json/.test(media)) return [];
    let body: unknown;
    try {
      body = JSON.parse(exchange.bodyText);
    } catch {
      return [base("/", "a JSON body", exchange.bodyText.slice(0, 160))];
    }
    return this.schemaErrors(op, "response", `${resolved.pointer}/content/${escapePointer(media)}/schema`, body);
  }
}

