// The webhooks the mocks fire: after the calls they answer (each API's room says which events a
// call causes, src/<api>/webhooks.ts) and on demand. Every body is checked against the spec's
// webhook schema before it leaves; every attempt is logged and recorded in the journal.
import { MockError, escapePointer, type ApiName, type LoadedSpec } from "./apis.js";
import type { Contract } from "./contract.js";
import type { RecordedRequest } from "./journal.js";
import { isObject, parseJson, stringifyJson, type Json } from "./json.js";

/** An event one API's room asks to send; `url` is where its config points. */
export interface WebhookEvent {
  event: string;
  body: Json;
}

/** What the room of an API derives from an answered request. */
export type WebhookSource = (entry: RecordedRequest) => WebhookEvent[];

export interface WebhookOptions {
  /** WuKongIM's `webhook.httpAddr`: events go to `URL?event=<name>`. */
  wukongimWebhook?: string | undefined;
  /** Wildfire callbacks by config key (`group.group_info_update_callback`) or event name (`group.info_update`). */
  wildfireCallbacks?: Record<string, string> | undefined;
  /** Pause before a failed msg.notify batch is sent again. Default 1000 ms, as the server waits. */
  retryPauseMs?: number | undefined;
  /** Attempts per msg.notify message before it is dropped (`webhook.msgNotifyEventRetryMaxCount`). Default 5. */
  retryMaxCount?: number | undefined;
  /** How long msg.notify collects messages before posting a batch (`msgNotifyEventPushInterval`). Default 500 ms. */
  batchMs?: number | undefined;
}

/** One attempt at a delivery. */
export interface WebhookDelivery {
  event: string;
  url: string;
  /** The receiver's status; 0 when it could not be reached. */
  status: number;
  attempt: number;
  durationMs: number;
  error?: string;
}

const TIMEOUT_MS = 10_000;

export class Webhooks {
  private readonly urls = new Map<string, string>();
  private queue: { message: Json; attempts: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending = false;
  private readonly aborts = new Set<AbortController>();
  private stopped = false;
  private readonly pauseMs: number;
  private readonly maxCount: number;
  private readonly batchMs: number;

  constructor(
    private readonly specs: Partial<Record<ApiName, LoadedSpec>>,
    private readonly contracts: Partial<Record<ApiName, Contract>>,
    options: WebhookOptions,
    private readonly record: (entry: Omit<RecordedRequest, "seq">) => void,
    private readonly warn: (message: string) => void,
  ) {
    this.pauseMs = nonNegative("webhook retry pause", options.retryPauseMs, 1000);
    this.maxCount = nonNegative("webhook retry count", options.retryMaxCount, 5) || 1;
    this.batchMs = nonNegative("webhook batch interval", options.batchMs, 500);
    if (options.wukongimWebhook !== undefined) this.urls.set("wukongim", checkUrl(options.wukongimWebhook, "--wukongim-webhook"));
    for (const [key, url] of Object.entries(options.wildfireCallbacks ?? {})) {
      const events = this.eventsFor("wildfire", key);
      if (events.length === 0) {
        throw new MockError(`unknown wildfire callback '${key}'; use a config key or event name: ${this.names("wildfire").map((e) => `${e} (${this.configKey("wildfire", e)})`).join(", ")}`);
      }
      for (const event of events) this.urls.set(`wildfire ${event}`, checkUrl(url, `--wildfire-callback ${key}`));
    }
  }

  /** The events the spec of `api` describes. */
  names(api: ApiName): string[] {
    const hooks = this.specs[api]?.document["webhooks"];
    return isObject(hooks) ? Object.keys(hooks) : [];
  }

  private post(api: ApiName, event: string): Record<string, unknown> {
    const hooks = this.specs[api]?.document["webhooks"] as Record<string, { post?: Record<string, unknown> }> | undefined;
    const post = hooks?.[event]?.post;
    if (!post) throw new MockError(`${api} has no webhook '${event}'; its spec has: ${this.names(api).join(", ") || "none"}`);
    return post;
  }

  private configKey(api: ApiName, event: string): string {
    return String(this.post(api, event)["x-config-key"] ?? "");
  }

  private eventsFor(api: ApiName, key: string): string[] {
    return this.names(api).filter((e) => e === key || this.configKey(api, e) === key);
  }

  /** Where the event goes, or undefined when nothing is configured for it. */
  urlOf(api: ApiName, event: string): string | undefined {
    if (api === "wukongim") {
      const base = this.urls.get("wukongim");
      if (!base) return undefined;
      const url = new URL(base);
      url.searchParams.set("event", event);
      return url.toString();
    }
    return this.urls.get(`${api} ${event}`);
  }

  configured(api: ApiName): boolean {
    return [...this.urls.keys()].some((k) => k === api || k.startsWith(`${api} `));
  }

  /** The spec's first example body of the event. */
  example(api: ApiName, event: string): Json {
    const media = (this.post(api, event)["requestBody"] as { content?: Record<string, { examples?: Record<string, { value?: unknown }>; example?: unknown }> } | undefined)?.content?.["application/json"];
    const first = media?.examples ? Object.values(media.examples)[0]?.value : media?.example;
    if (first === undefined) throw new MockError(`the spec has no example for ${api} webhook '${event}'; give a body`);
    return first as Json;
  }

  /** Where the body breaks the event's schema (empty when it fits). */
  check(api: ApiName, event: string, body: Json): string[] {
    this.post(api, event);
    const contract = this.contracts[api];
    if (!contract) throw new MockError(`the ${api} mock is not started`);
    const pointer = `#/webhooks/${escapePointer(event)}/post/requestBody/content/application~1json/schema`;
    return contract.checkAt(pointer, JSON.parse(stringifyJson(body)));
  }

  /** Sends what the room derived from an answered request. */
  after(api: ApiName, source: WebhookSource | undefined, entry: RecordedRequest): void {
    if (!source || this.stopped || !this.configured(api) || entry.answeredBy === "webhook") return;
    let events: WebhookEvent[];
    try {
      events = source(entry);
    } catch (error) {
      this.warn(`could not build the webhooks for ${entry.method} ${entry.path}: ${(error as Error).message}`);
      return;
    }
    for (const e of events) {
      if (!this.urlOf(api, e.event)) continue;
      let findings: string[];
      try {
        findings = this.check(api, e.event, api === "wukongim" && e.event === "msg.notify" ? [e.body] : e.body);
      } catch (error) {
        findings = [(error as Error).message];
      }
      if (findings.length) {
        this.warn(`not sending ${api} webhook ${e.event}: the body breaks the spec (${findings.join("; ")})`);
        continue;
      }
      if (api === "wukongim" && e.event === "msg.notify") this.enqueue(e.body);
      else void this.deliver(api, e.event, e.body, 1);
    }
  }

  /**
   * Sends one event now (msg.notify too, as a batch of its own, once): the body defaults to the
   * spec's example and must fit the event's schema. Resolves with the attempt's outcome.
   */
  async push(options: { api: ApiName; event: string; body?: Json | undefined; url?: string | undefined }): Promise<WebhookDelivery> {
    const { api, event } = options;
    if (!this.specs[api]) throw new MockError(`the ${String(api)} mock is not started`);
    const body = options.body ?? this.example(api, event);
    const findings = this.check(api, event, body);
    if (findings.length) throw new MockError(`the ${api} webhook ${event} body breaks the spec: ${findings.join("; ")}`);
    const url = options.url !== undefined ? checkUrl(options.url, "url") : this.urlOf(api, event);
    if (!url) throw new MockError(`no receiver is configured for ${api} webhook '${event}' (${api === "wukongim" ? "--wukongim-webhook URL" : `--wildfire-callback ${this.configKey(api, event)}=URL`}); or give a url`);
    return this.deliver(api, event, body, 1, url);
  }

  private enqueue(message: Json): void {
    this.queue.push({ message, attempts: 0 });
    this.schedule(this.batchMs);
  }

  private schedule(ms: number): void {
    if (this.timer || this.sending || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  // The server's notifyQueueLoop: up to 100 messages a batch; a failed batch is sent again after
  // the pause, newer messages behind it; a message is dropped after maxCount failed attempts.
  private async flush(): Promise<void> {
    if (this.queue.length === 0 || this.stopped) return;
    this.sending = true;
    const batch = this.queue.slice(0, 100);
    for (const item of batch) item.attempts++;
    const result = await this.deliver("wukongim", "msg.notify", batch.map((b) => b.message), batch[0]!.attempts);
    this.sending = false;
    if (result.status === 200) this.queue = this.queue.filter((q) => !batch.includes(q));
    else this.queue = this.queue.filter((q) => !(batch.includes(q) && q.attempts >= this.maxCount));
    if (this.queue.length) this.schedule(result.status === 200 ? this.batchMs : this.pauseMs);
  }

  private async deliver(api: ApiName, event: string, body: Json, attempt: number, to?: string): Promise<WebhookDelivery> {
    const url = to ?? this.urlOf(api, event)!;
    const text = stringifyJson(body);
    const started = performance.now();
    const time = Date.now();
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    const contentType = api === "wildfire" ? "application/json; charset=utf-8" : "application/json";
    let status = 0;
    let error: string | undefined;
    let answer = "";
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": contentType }, body: text, signal: abort.signal });
      status = res.status;
      answer = await res.text();
    } catch (e) {
      const cause = (e as Error & { cause?: Error }).cause;
      error = cause?.message ?? (e as Error).message;
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
    const durationMs = Math.round(performance.now() - started);
    const target = new URL(url);
    const operationId = this.post(api, event)["operationId"];
    if (!this.stopped || status !== 0) {
      this.record({
        api,
        method: "POST",
        path: target.pathname,
        search: target.search,
        status,
        operationId: typeof operationId === "string" ? operationId : undefined,
        findings: error ? [`the receiver could not be reached: ${error}`] : [],
        durationMs,
        time,
        query: Object.fromEntries(target.searchParams),
        headers: { "content-type": contentType },
        body: parseJson(text),
        bodyText: text,
        response: { contentType: "", bodyText: answer.slice(0, 4096) },
        answeredBy: "webhook",
        webhook: { event, url, attempt },
      });
    }
    return { event, url, status, attempt, durationMs, ...(error ? { error } : {}) };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const abort of this.aborts) abort.abort(new Error("the mock stopped"));
  }
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value >= 0)) throw new MockError(`${name} must be a whole number of 0 or more, got ${String(value)}`);
  return value;
}

function checkUrl(url: string, what: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return url;
  } catch {
    // reported below
  }
  throw new MockError(`${what}: '${url}' is not an http(s) URL; give e.g. http://127.0.0.1:8090/webhook`);
}
