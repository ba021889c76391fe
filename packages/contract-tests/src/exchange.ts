import { createHash, randomInt } from "node:crypto";
import { deref, escapePointer, resolvePointer, type Json, type JsonObject, type Operation, type Spec } from "./spec.js";
import { serverUrl, type Target } from "./targets.js";
import type { ExchangeRecord } from "./validator.js";

export interface ExampleRequest {
  url: string;
  query: Record<string, string>;
  body: Json | undefined;
}

function firstExample(doc: Json, holder: JsonObject | undefined): Json | undefined {
  if (!holder) return undefined;
  if (holder["example"] !== undefined) return holder["example"];
  const examples = holder["examples"] as JsonObject | undefined;
  for (const ex of Object.values(examples ?? {})) {
    const node = deref(doc, ex, "").node as JsonObject | undefined;
    if (node && "value" in node) return node["value"];
  }
  return undefined;
}

/** The operation's request built from the spec's first examples: path, query and body. */
export function exampleRequest(spec: Spec, op: Operation, target: Target, overrides: { body?: Json; query?: Record<string, string> } = {}): ExampleRequest {
  const itemParams = (resolvePointer(spec.doc, `#/paths/${escapePointer(op.path)}/parameters`) as Json[] | undefined) ?? [];
  const params = [...itemParams, ...((op.node["parameters"] as Json[] | undefined) ?? [])].map((p) => deref(spec.doc, p, "").node as JsonObject);
  let path = op.path;
  const query: Record<string, string> = {};
  for (const p of params) {
    // A deprecated parameter is one the spec tells callers not to send; its example shows the value only.
    if (p["deprecated"] === true && p["required"] !== true) continue;
    const schema = deref(spec.doc, p["schema"], "").node as JsonObject | undefined;
    const value = p["example"] ?? firstExample(spec.doc, p) ?? schema?.["default"] ?? (schema?.["examples"] as Json[] | undefined)?.[0];
    if (value === undefined) continue;
    if (p["in"] === "path") path = path.replace(`{${String(p["name"])}}`, encodeURIComponent(String(value)));
    if (p["in"] === "query") query[String(p["name"])] = String(value);
  }
  Object.assign(query, overrides.query);
  const requestBody = deref(spec.doc, op.node["requestBody"], "").node as JsonObject | undefined;
  const media = (requestBody?.["content"] as JsonObject | undefined)?.["application/json"] as JsonObject | undefined;
  const body = overrides.body !== undefined ? overrides.body : firstExample(spec.doc, media);
  const search = new URLSearchParams(query).toString();
  return { url: serverUrl(target, `${path}${search ? `?${search}` : ""}`), query, body };
}

/** Headers that authenticate a request to the target, as each API wants them. */
export function authHeaders(target: Target, token?: string): Record<string, string> {
  if (target.api === "wildfire") {
    const nonce = String(randomInt(0, 2 ** 31 - 1));
    const timestamp = String(Date.now());
    const sign = createHash("sha1").update(`${nonce}|${target.secret ?? "123456"}|${timestamp}`).digest("hex");
    return { nonce, timestamp, sign };
  }
  if (target.api === "openchat") return { authorization: `Bearer ${token ?? target.token ?? "contract-suite-token"}` };
  return target.token ? { token: target.token } : {};
}

/**
 * Sends one request and records what came back, as text, for validation. `body` is sent as JSON;
 * a string in `rawBody` is sent as it is (for ids above 2^53 that JSON.stringify cannot write).
 */
export async function send(method: string, url: string, body: Json | undefined, headers: Record<string, string>, timeoutMs = 15_000, rawBody?: string): Promise<ExchangeRecord> {
  // Redirects are answers to check, not to follow.
  const init: RequestInit = { method, headers: { ...headers }, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) };
  if (body !== undefined || rawBody !== undefined) {
    init.body = rawBody ?? JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await fetch(url, init);
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", bodyText: await response.text() };
}
