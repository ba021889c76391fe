import { readFileSync } from "node:fs";
import { specPath, type ApiName } from "@im-openapi/mock";
import { ContractError } from "./errors.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Operation {
  api: ApiName;
  method: string;
  path: string;
  operationId: string;
  /** JSON pointer (with leading `#`) of the operation object in the spec. */
  pointer: string;
  node: JsonObject;
  since?: string | undefined;
  removedIn?: string | undefined;
  edition?: string | undefined;
  /** Changes nothing on the server, judged by the operationId's verb (the naming rule makes verbs reliable). */
  readOnly: boolean;
}

export interface Spec {
  api: ApiName;
  doc: JsonObject;
  version: string;
  operations: Operation[];
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
const READ_VERBS = /^(get|list|search|find|check|count|is|has|query|sync)[A-Z]/;
/** Operations whose reading verb hides a change on the server: a session or token issued, a group copied. */
const WRITES_DESPITE_VERB = new Set(["wildfire getUserToken", "wildfire syncMeshGroup", "openchat getImToken"]);

export const escapePointer = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");

/** Follows a `#/…` pointer in the document. */
export function resolvePointer(doc: Json, pointer: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const raw of pointer.replace(/^#\/?/, "").split("/").filter((p) => p !== "")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = Array.isArray(node) ? node[Number(key)] : node[key];
  }
  return node;
}

/** Follows `$ref`s until a node without one; returns the node and the pointer it lives at. */
export function deref(doc: Json, node: Json | undefined, pointer: string): { node: Json | undefined; pointer: string } {
  let seen = 0;
  while (node && typeof node === "object" && !Array.isArray(node) && typeof node["$ref"] === "string" && seen++ < 20) {
    pointer = node["$ref"];
    node = resolvePointer(doc, pointer);
  }
  return { node, pointer };
}

export function loadContract(api: ApiName, file = specPath(api)): Spec {
  let doc: JsonObject;
  try {
    doc = JSON.parse(readFileSync(file, "utf8")) as JsonObject;
  } catch (error) {
    throw new ContractError(`cannot read the ${api} spec at ${file} (${(error as Error).message}); reinstall @im-openapi/mock, or run \`pnpm build\` in an im-openapi checkout`);
  }
  const info = (doc["info"] ?? {}) as JsonObject;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries((doc["paths"] ?? {}) as Record<string, JsonObject>)) {
    for (const method of METHODS) {
      const node = item[method] as JsonObject | undefined;
      if (!node) continue;
      const operationId = String(node["operationId"]);
      operations.push({
        api,
        method: method.toUpperCase(),
        path,
        operationId,
        pointer: `#/paths/${escapePointer(path)}/${method}`,
        node,
        since: node["x-since"] as string | undefined,
        removedIn: node["x-removed-in"] as string | undefined,
        edition: node["x-edition"] as string | undefined,
        readOnly: (method === "get" || READ_VERBS.test(operationId)) && !WRITES_DESPITE_VERB.has(`${api} ${operationId}`),
      });
    }
  }
  return { api, doc, version: String(info["version"] ?? ""), operations };
}
