// Reads a bundled OpenAPI 3.1 document into the list of places a contract is made of: each
// operation's (and webhook's) parameters, request bodies and responses per status and media type,
// each with the JSON pointer of its schema so Ajv can compile it with the document's $refs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { deref as followRefs, escapePointer, resolvePointer } from "@im-openapi/contract-tests";

export { escapePointer, resolvePointer };

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const API_NAMES = ["wukongim", "wildfire", "openchat"] as const;
export type ApiName = (typeof API_NAMES)[number];

/** The repository root (this file is packages/spec-equivalence/src/spec.ts). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const PACKAGE_DIR = path.join(ROOT, "packages", "spec-equivalence");

export const files = (api: ApiName) => ({
  baselineSpec: path.join(PACKAGE_DIR, "baseline", `${api}.json`),
  baselineTypes: path.join(PACKAGE_DIR, "baseline", `${api}.schema.ts`),
  currentSpec: path.join(ROOT, "packages", api, "openapi.json"),
  currentTypes: path.join(ROOT, "packages", api, "src", "generated", "schema.ts"),
});

export function readSpec(file: string): JsonObject {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${path.relative(ROOT, file)} (${(error as Error).message}); run \`pnpm bundle\` at the repository root first`);
  }
  return JSON.parse(text) as JsonObject;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

const asObject = (v: Json | undefined): JsonObject | undefined => (v && typeof v === "object" && !Array.isArray(v) ? v : undefined);

/** Follows `$ref`s until a node without one; returns the node and the pointer it lives at. */
export function deref(doc: Json, node: Json | undefined, pointer: string): { node: JsonObject | undefined; pointer: string } {
  const resolved = followRefs(doc, node, pointer);
  return { node: asObject(resolved.node), pointer: resolved.pointer };
}

/** A place in one operation whose values a schema judges. */
export interface SchemaPlace {
  /** `request body application/json`, `parameter query.limit`, `response 200 application/json`. */
  place: string;
  kind: "request" | "parameter" | "response";
  /** JSON pointer (with `#`) of the schema in the document. */
  schemaPointer: string;
  /** Examples given for this place: media-type or parameter `example`/`examples`. */
  examples: Json[];
}

export interface ParameterInfo {
  name: string;
  in: string;
  required: boolean;
}

export interface OperationInfo {
  /** `POST /message/send` or `webhook msg.notify POST`. */
  key: string;
  operationId: string;
  /** `paths` or `webhooks`, the path or event name, and the lower-case method: where its types live. */
  section: "paths" | "webhooks";
  name: string;
  method: string;
  parameters: ParameterInfo[];
  requestBody: { required: boolean; media: string[] } | undefined;
  /** Status → media types. */
  responses: Record<string, string[]>;
  places: SchemaPlace[];
}

function mediaExamples(doc: JsonObject, media: JsonObject): Json[] {
  const out: Json[] = [];
  if (media["example"] !== undefined) out.push(media["example"]);
  for (const raw of Object.values(asObject(media["examples"]) ?? {})) {
    const example = deref(doc, raw, "").node;
    if (example && example["value"] !== undefined) out.push(example["value"]);
  }
  return out;
}

/** Every operation and webhook of a bundled document, with its places. */
export function operationsOf(doc: JsonObject): OperationInfo[] {
  const out: OperationInfo[] = [];
  for (const section of ["paths", "webhooks"] as const) {
    for (const [name, rawItem] of Object.entries(asObject(doc[section]) ?? {})) {
      const itemPointer = `#/${section}/${escapePointer(name)}`;
      const { node: item, pointer: itemAt } = deref(doc, rawItem, itemPointer);
      if (!item) continue;
      for (const method of METHODS) {
        const op = asObject(item[method]);
        if (!op) continue;
        const opPointer = `${itemAt}/${method}`;
        const key = section === "paths" ? `${method.toUpperCase()} ${name}` : `webhook ${name} ${method.toUpperCase()}`;
        const places: SchemaPlace[] = [];
        // Operation parameters override path-item ones with the same name and location.
        const params = new Map<string, { node: JsonObject; pointer: string }>();
        for (const [list, at] of [
          [item["parameters"], `${itemAt}/parameters`],
          [op["parameters"], `${opPointer}/parameters`],
        ] as const) {
          for (const [i, raw] of (Array.isArray(list) ? list : []).entries()) {
            const resolved = deref(doc, raw, `${at}/${i}`);
            if (!resolved.node) continue;
            params.set(`${String(resolved.node["in"])}.${String(resolved.node["name"])}`, { node: resolved.node, pointer: resolved.pointer });
          }
        }
        const parameters: ParameterInfo[] = [];
        for (const [id, { node, pointer }] of params) {
          parameters.push({ name: String(node["name"]), in: String(node["in"]), required: node["required"] === true });
          if (node["schema"] !== undefined) places.push({ place: `parameter ${id}`, kind: "parameter", schemaPointer: `${pointer}/schema`, examples: mediaExamples(doc, node) });
        }
        let requestBody: OperationInfo["requestBody"];
        if (op["requestBody"] !== undefined) {
          const rb = deref(doc, op["requestBody"], `${opPointer}/requestBody`);
          const content = asObject(rb.node?.["content"]) ?? {};
          requestBody = { required: rb.node?.["required"] === true, media: Object.keys(content) };
          for (const [media, raw] of Object.entries(content)) {
            const mo = asObject(raw) ?? {};
            if (mo["schema"] === undefined) continue;
            places.push({ place: `request body ${media}`, kind: "request", schemaPointer: `${rb.pointer}/content/${escapePointer(media)}/schema`, examples: mediaExamples(doc, mo) });
          }
        }
        const responses: Record<string, string[]> = {};
        for (const [status, raw] of Object.entries(asObject(op["responses"]) ?? {})) {
          const r = deref(doc, raw, `${opPointer}/responses/${escapePointer(status)}`);
          const content = asObject(r.node?.["content"]) ?? {};
          responses[status] = Object.keys(content);
          for (const [media, rawMedia] of Object.entries(content)) {
            const mo = asObject(rawMedia) ?? {};
            if (mo["schema"] === undefined) continue;
            places.push({ place: `response ${status} ${media}`, kind: "response", schemaPointer: `${r.pointer}/content/${escapePointer(media)}/schema`, examples: mediaExamples(doc, mo) });
          }
        }
        out.push({ key, operationId: String(op["operationId"] ?? ""), section, name, method, parameters, requestBody, responses, places });
      }
    }
  }
  return out;
}

/**
 * Pairs the media types of one response (or request body) across two documents: the same name
 * pairs with itself; when exactly one media type is left on each side, those two pair (a media
 * type that changed, such as a 500's `text/plain` becoming `application/json`: the schemas are
 * still compared across the change). Anything else stays unpaired.
 */
export function pairMedia(before: string[], after: string[]): { pairs: [string, string][]; onlyBefore: string[]; onlyAfter: string[] } {
  const pairs: [string, string][] = before.filter((m) => after.includes(m)).map((m) => [m, m]);
  let onlyBefore = before.filter((m) => !after.includes(m));
  let onlyAfter = after.filter((m) => !before.includes(m));
  if (onlyBefore.length === 1 && onlyAfter.length === 1) {
    pairs.push([onlyBefore[0]!, onlyAfter[0]!]);
    onlyBefore = [];
    onlyAfter = [];
  }
  return { pairs, onlyBefore, onlyAfter };
}
