// Checks a webhook receiver: every example event of the API's spec `webhooks` is sent the way the
// real server sends it, then invalid deliveries a correct receiver must reject with a 4xx, each
// followed by a valid event the receiver must still accept.
import type { ApiName } from "@im-openapi/mock";
import { ContractError } from "./errors.js";
import type { Check } from "./report.js";
import { deref, type Json, type JsonObject, type Spec } from "./spec.js";

/** The APIs whose receivers can be checked. */
export const WEBHOOK_APIS = ["wukongim", "wildfire", "openchat"] as const satisfies readonly ApiName[];
export type WebhookApi = (typeof WEBHOOK_APIS)[number];

export interface WebhookTarget {
  api: WebhookApi;
  /**
   * The receiver's URL, as configured on the server (WuKongIM: `webhook.httpAddr`). wildfire: the
   * base each callback is configured under, as `<url>/<callback name>` (e.g. `<url>/message.censor`).
   * OpenChat: its receiver (`/webhook/wukongim`), every event posted to it as given.
   */
  url: string;
}

interface Delivery {
  event: string;
  example: string;
  body: Json;
}

/** Checks the receiver option; throws a ContractError naming what is wrong. */
export function resolveWebhook(target: WebhookTarget): WebhookTarget {
  if (!(WEBHOOK_APIS as readonly string[]).includes(target.api)) {
    throw new ContractError(`the webhook API must be one of ${WEBHOOK_APIS.join(", ")}, got '${String(target.api)}'`);
  }
  let parsed: URL;
  try {
    parsed = new URL(target.url);
  } catch {
    throw new ContractError(`the webhook receiver '${target.url}' is not an http(s) URL; give one such as http://127.0.0.1:8080/webhook`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new ContractError(`the webhook receiver '${target.url}' is not an http(s) URL; give one such as http://127.0.0.1:8080/webhook`);
  return target;
}

/**
 * The events the server posts to a receiver: WuKongIM's webhooks that take `?event=` (the datasource
 * commands go to `datasource.addr`), every wildfire callback, every OpenChat receiver event.
 */
function eventDeliveries(spec: Spec, api: WebhookApi): { deliveries: Delivery[]; notSent: string[] } {
  const deliveries: Delivery[] = [];
  const notSent: string[] = [];
  for (const [name, ref] of Object.entries((spec.doc["webhooks"] ?? {}) as Record<string, Json>)) {
    const item = deref(spec.doc, ref, "#").node as JsonObject | undefined;
    const post = item?.["post"] as JsonObject | undefined;
    const params = (post?.["parameters"] ?? []) as JsonObject[];
    const takesEvent = api !== "wukongim" || params.some((p) => (deref(spec.doc, p, "#").node as JsonObject | undefined)?.["name"] === "event");
    if (!post || !takesEvent) {
      notSent.push(name);
      continue;
    }
    const body = deref(spec.doc, post["requestBody"], "#").node as JsonObject | undefined;
    const media = ((body?.["content"] ?? {}) as JsonObject)["application/json"] as JsonObject | undefined;
    const examples = (media?.["examples"] ?? {}) as Record<string, Json>;
    for (const [key, ex] of Object.entries(examples)) {
      const value = (deref(spec.doc, ex, "#").node as JsonObject | undefined)?.["value"];
      if (value !== undefined) deliveries.push({ event: name, example: key, body: value });
    }
    if (media?.["example"] !== undefined) deliveries.push({ event: name, example: "example", body: media["example"] });
  }
  return { deliveries, notSent };
}

async function post(url: string, body: string, timeoutMs: number): Promise<{ status: number; text: string } | { error: string }> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "user-agent": "Go-http-client/1.1" }, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { status: res.status, text };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { error: cause ?? (error as Error).message };
  }
}

const shown = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** wildfire's censor reads the answer: 200 empty (send), 200 with a payload of positive `type` (replace), 403 (reject). */
function censorAnswerOk(status: number, text: string): boolean {
  if (status === 403) return true;
  if (status !== 200) return false;
  if (text.trim() === "") return true;
  try {
    const payload = JSON.parse(text) as { type?: unknown };
    return typeof payload === "object" && payload !== null && Number.isInteger(payload.type) && (payload.type as number) > 0;
  } catch {
    return false;
  }
}

interface ApiRules {
  url(base: string, event: string): string;
  expected(event: string): string;
  ok(event: string, status: number, text: string): boolean;
}

const RULES: Record<WebhookApi, ApiRules> = {
  wukongim: {
    url(base, event) {
      const u = new URL(base);
      u.searchParams.set("event", event);
      return u.toString();
    },
    expected: () => "HTTP 200 (anything else is a failed delivery WuKongIM sends again)",
    ok: (_event, status) => status === 200,
  },
  wildfire: {
    url: (base, event) => `${base.replace(/\/+$/, "")}/${event}`,
    expected: (event) =>
      event === "message.censor"
        ? "200 with an empty body (send), 200 with a MessagePayload of positive type (replace) or 403 (reject); anything else makes the server send the original"
        : "a 2xx answer (the server ignores the answer and never retries, so anything else is a delivery the receiver lost)",
    ok: (event, status, text) => (event === "message.censor" ? censorAnswerOk(status, text) : status >= 200 && status < 300),
  },
  openchat: {
    url: (base) => base,
    expected: () => "a 2xx answer, as OpenChat's receiver gives (201 {\"success\":true})",
    ok: (_event, status) => status >= 200 && status < 300,
  },
};

/** Sends the deliveries and returns one check per delivery. */
export async function webhookChecks(target: WebhookTarget, spec: Spec, timeoutMs: number): Promise<Check[]> {
  const checks: Check[] = [];
  const rules = RULES[target.api];
  const { deliveries, notSent } = eventDeliveries(spec, target.api);
  const eventUrl = (event: string) => rules.url(target.url, event);
  const base = (name: string, event: string, expected: string): Check => ({
    api: target.api, kind: "webhook", name, operation: event, method: "POST", path: eventUrl(event), outcome: "passed", expected, violations: [],
  });
  const valid = async (d: Delivery, name: string) => {
    const check = base(name, d.event, rules.expected(d.event));
    const answer = await post(eventUrl(d.event), JSON.stringify(d.body), timeoutMs);
    if ("error" in answer) return { ...check, outcome: "failed" as const, actual: `no answer (${answer.error})` };
    return rules.ok(d.event, answer.status, answer.text) ? { ...check, status: answer.status } : { ...check, status: answer.status, outcome: "failed" as const, actual: `HTTP ${answer.status}${answer.text ? ` ${shown(answer.text)}` : ""}` };
  };
  for (const d of deliveries) checks.push(await valid(d, `webhook ${d.event} (example ${d.example})`));
  for (const name of notSent) checks.push({ ...base(`webhook ${name}`, name, "not an event posted to the receiver"), outcome: "skipped", note: "a datasource command, sent to datasource.addr and not to the webhook receiver" });

  // Invalid deliveries: per event, a body the schema rejects and a body that is not JSON.
  const events = [...new Map(deliveries.map((d) => [d.event, d])).values()];
  for (const d of events) {
    const broken: { label: string; body: string }[] = [
      { label: "a body the schema rejects", body: JSON.stringify(Array.isArray(d.body) ? { not: "a batch" } : [d.body]) },
      { label: "a body that is not JSON", body: "{\"truncated\": " },
    ];
    for (const b of broken) {
      const check = base(`webhook ${d.event} rejects ${b.label}`, d.event, "a 4xx answer, and the next valid event still accepted");
      const answer = await post(eventUrl(d.event), b.body, timeoutMs);
      const after = await valid(d, "");
      const problems: string[] = [];
      if ("error" in answer) problems.push(`no answer (${answer.error})`);
      else if (answer.status < 400 || answer.status > 499) problems.push(`HTTP ${answer.status}${answer.text ? ` ${shown(answer.text)}` : ""} to ${b.label}`);
      if (after.outcome === "failed") problems.push(`the next valid event got ${after.actual}`);
      checks.push(problems.length ? { ...check, outcome: "failed", status: "status" in answer ? answer.status : undefined, actual: problems.join("; ") } : { ...check, status: (answer as { status: number }).status });
    }
  }
  return checks;
}
