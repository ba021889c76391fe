// Validates response bodies against the bundled spec (packages/openchat/openapi.json), with the
// formats Prism enforces, so "a body of the declared type" is checked at run time as well as by tsc.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";

interface MediaType {
  schema?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
interface ResponseObject {
  $ref?: string;
  content?: Record<string, MediaType>;
}
interface OperationObject {
  operationId: string;
  responses: Record<string, ResponseObject>;
}
interface Spec {
  paths: Record<string, Record<string, OperationObject>>;
  components: { responses: Record<string, ResponseObject> };
}

export const spec = JSON.parse(readFileSync(fileURLToPath(new URL("../openapi.json", import.meta.url)), "utf8")) as Spec;

const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS; its plugin function is the module's `default` export.
formats.default(ajv);
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
ajv.addSchema(spec, "spec");

const escape = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");

/** JSON pointer of the schema of an operation's JSON response for a status, following a $ref'd response. */
function responsePointer(method: string, path: string, status: number): string {
  const op = spec.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`no operation ${method} ${path} in the spec`);
  const response = op.responses[String(status)];
  if (!response) throw new Error(`${op.operationId} declares no ${status} response`);
  const base = response.$ref ?? `#/paths/${escape(path)}/${method.toLowerCase()}/responses/${status}`;
  return `spec${base}/content/application~1json/schema`;
}

/** The validation errors of a body against the declared response schema; empty when it is valid. */
export function responseErrors(method: string, path: string, status: number, body: unknown): string[] {
  const validate = ajv.getSchema(responsePointer(method, path, status)) ?? ajv.compile({ $ref: responsePointer(method, path, status) });
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

/** The operations of the spec as `METHOD path` → whether they need a bearer token. */
export function operationsInSpec(): { method: string; path: string; operationId: string; secured: boolean }[] {
  const out: { method: string; path: string; operationId: string; secured: boolean }[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const security = (op as { security?: unknown[] }).security;
      out.push({ method: method.toUpperCase(), path, operationId: op.operationId, secured: !(Array.isArray(security) && security.length === 0) });
    }
  }
  return out;
}
