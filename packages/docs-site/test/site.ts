// What the built site holds, read from its files: the tests compare the pages against these.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export interface MediaType {
  schema?: Record<string, unknown>;
  examples?: Record<string, { value?: unknown; $ref?: string }>;
  example?: unknown;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
}

export interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  requestBody?: { $ref?: string; content?: Record<string, MediaType> };
  "x-codeSamples"?: CodeSample[];
}

export type PathItem = Partial<Record<(typeof HTTP_METHODS)[number], Operation>> & { parameters?: (Parameter | { $ref: string })[] };

export interface Spec {
  info: { title: string; version: string; "x-server-version"?: string };
  security?: Record<string, string[]>[];
  paths: Record<string, PathItem>;
  /** What the server sends to the user's backend (OpenAPI 3.1 webhooks); Redoc renders them beside the operations. */
  webhooks?: Record<string, PathItem>;
  components?: {
    examples?: Record<string, { value?: unknown }>;
    requestBodies?: Record<string, { content?: Record<string, MediaType> }>;
    securitySchemes?: Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
  };
}

export interface SiteOperation {
  method: (typeof HTTP_METHODS)[number];
  path: string;
  op: Operation;
  pathItem: PathItem;
}

/** The API folders of the site: those with a bundled openapi.json. */
export function siteApis(docsDir: string): string[] {
  return readdirSync(docsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(docsDir, d.name, "openapi.json")))
    .map((d) => d.name)
    .sort();
}

export function loadSpec(docsDir: string, api: string): Spec {
  return JSON.parse(readFileSync(path.join(docsDir, api, "openapi.json"), "utf8")) as Spec;
}

export function operationsOf(spec: Spec): SiteOperation[] {
  const out: SiteOperation[] = [];
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op) out.push({ method, path: route, op, pathItem: item });
    }
  }
  return out;
}

/** The webhooks of the spec, one entry per event and method, as Redoc lists them beside the operations. */
export function webhooksOf(spec: Spec): SiteOperation[] {
  const out: SiteOperation[] = [];
  for (const [event, item] of Object.entries(spec.webhooks ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op) out.push({ method, path: event, op, pathItem: item });
    }
  }
  return out;
}

/** Follows a local `#/components/...` reference of a bundled spec. */
export function resolveLocal<T>(spec: Spec, node: T | { $ref: string } | undefined): T | undefined {
  let current: unknown = node;
  for (let hops = 0; hops < 16 && current && typeof current === "object" && "$ref" in current; hops++) {
    const ref = (current as { $ref: string }).$ref;
    if (!ref.startsWith("#/")) return undefined;
    current = ref
      .slice(2)
      .split("/")
      .reduce<unknown>((n, key) => (n && typeof n === "object" ? (n as Record<string, unknown>)[key.replaceAll("~1", "/").replaceAll("~0", "~")] : undefined), spec);
  }
  return current as T | undefined;
}

/** The value of the operation's first JSON request example, if it has one. */
export function firstRequestExample(spec: Spec, op: Operation): { found: true; value: unknown } | { found: false } {
  const body = resolveLocal(spec, op.requestBody);
  const media = body?.content?.["application/json"];
  if (!media) return { found: false };
  for (const raw of Object.values(media.examples ?? {})) {
    const example = resolveLocal<{ value?: unknown }>(spec, raw);
    if (example && "value" in example) return { found: true, value: example.value };
  }
  if (media.example !== undefined) return { found: true, value: media.example };
  return { found: false };
}

/** A JSON schema node of a bundled spec, as far as sendsMessages reads it. */
export interface SchemaNode {
  type?: string | string[];
  format?: string;
  contentEncoding?: string;
  properties?: Record<string, SchemaNode | { $ref: string }>;
  items?: SchemaNode | { $ref: string };
  allOf?: (SchemaNode | { $ref: string })[];
  oneOf?: (SchemaNode | { $ref: string })[];
  anyOf?: (SchemaNode | { $ref: string })[];
}

/**
 * True when the operation's request body holds a message: an object (at any depth) with a `payload`
 * that is a base64 string. Such a request stores a new message, so its key must be fresh.
 */
export function sendsMessages(spec: Spec, op: Operation): boolean {
  const body = resolveLocal(spec, op.requestBody);
  const seen = new Set<SchemaNode>();
  const isBase64 = (node: SchemaNode | undefined): boolean =>
    !!node &&
    ((([] as string[]).concat(node.type ?? []).includes("string") && (node.format === "byte" || node.contentEncoding === "base64")) ||
      [...(node.oneOf ?? []), ...(node.anyOf ?? [])].some((o) => isBase64(resolveLocal<SchemaNode>(spec, o))));
  const visit = (raw: SchemaNode | { $ref: string } | undefined): boolean => {
    const node = resolveLocal<SchemaNode>(spec, raw);
    if (!node || seen.has(node)) return false;
    seen.add(node);
    if (isBase64(resolveLocal<SchemaNode>(spec, node.properties?.["payload"]))) return true;
    return [...Object.values(node.properties ?? {}), node.items, ...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])].some(visit);
  };
  return visit(body?.content?.["application/json"]?.schema as SchemaNode | undefined);
}

/**
 * The message content a base64 payload example stands for: the decoded JSON when it is an object
 * with an integer `type`, else the decoded text as a text message, `{type: 1, content}`.
 */
export function payloadContent(base64: string): unknown {
  const text = Buffer.from(base64, "base64").toString("utf8");
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && Number.isInteger((value as { type?: unknown }).type)) return value;
  } catch {
    // Plain text.
  }
  return { type: 1, content: text };
}
