// A typed receiver for the webhook format OpenChat's server accepts at `POST /webhook/wukongim`
// (`{event, data, timestamp, sign?}` with optional HMAC headers), and a signer for senders of it.
// WuKongIM itself sends another format (event in the query, bare bodies, msg.* names, no
// signature): such a delivery is refused here with a message that says so, because OpenChat would
// log it as unknown and answer 201, which WuKongIM counts as a failure. For WuKongIM's own
// webhooks use @im-openapi/wukongim's receiver.
// A WHATWG Request goes in, a typed event comes out; bodies are checked against the spec's schemas
// (src/generated/webhooks.ts) with Ajv. No Node built-ins: HMAC uses WebCrypto.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { components } from "./generated/schema.js";
import { webhookDocument, webhookNames, type WebhookName } from "./generated/webhooks.js";

type Schemas = components["schemas"];

/** The event names OpenChat's receiver switches on. */
export const OPENCHAT_WEBHOOK_EVENTS = webhookNames;
export type OpenchatWebhookEventName = WebhookName;

interface DataOf {
  message: Schemas["WukongimRealtimeMessageData"];
  message_ack: Schemas["WukongimMessageAckData"];
  message_read: Schemas["WukongimMessageReadData"];
  connect: Schemas["WukongimUserConnectData"];
  disconnect: Schemas["WukongimUserConnectData"];
  "user.online": Schemas["WukongimUserPresenceData"];
  "user.offline": Schemas["WukongimUserPresenceData"];
}

/** One event; switch on `event`. */
export type OpenchatWebhookEvent = {
  [K in OpenchatWebhookEventName]: { event: K; data: DataOf[K]; timestamp: number; sign?: string; body: Schemas["WukongimWebhookEnvelope"] };
}[OpenchatWebhookEventName];

/** Which check a delivery failed. */
export type OpenchatWebhookProblem = "method" | "too-large" | "content-type" | "json" | "event" | "wukongim-format" | "schema" | "signature";

/** A delivery OpenChat's contract does not allow. `status` is what OpenChat answers (400, 401, 405, 413). */
export class OpenchatWebhookError extends Error {
  readonly kind: OpenchatWebhookProblem;
  readonly status: number;
  readonly problems: readonly string[];
  constructor(kind: OpenchatWebhookProblem, message: string, init: { status?: number; problems?: readonly string[] } = {}) {
    super(message);
    this.name = "OpenchatWebhookError";
    this.kind = kind;
    this.status = init.status ?? 400;
    this.problems = init.problems ?? [];
  }
}

export interface OpenchatReceiveOptions {
  /**
   * OpenChat's `WUKONGIM_WEBHOOK_SECRET`. When given, `x-wukongim-signature` (hex HMAC-SHA256 of
   * the raw body, `sha256=` prefix allowed), `x-wukongim-timestamp` and `x-wukongim-nonce` are
   * required and checked, as OpenChat checks them; failures are `signature` errors (401).
   */
  secret?: string;
  /** `WUKONGIM_WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS` (default 300). */
  toleranceSeconds?: number;
  /** Replay protection: return true when this nonce was seen (OpenChat keeps them 600 s in Redis). */
  nonceSeen?: (nonce: string) => boolean | Promise<boolean>;
  /** The clock, in milliseconds (default Date.now). */
  now?: () => number;
  /** Largest body accepted, in bytes (default 32 MiB). */
  maxBodyBytes?: number;
}

// ---- validation against the spec -------------------------------------------------------------

const addFormats = addFormatsModule.default;
let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

function validatorFor(name: WebhookName): ValidateFunction {
  let fn = validators.get(name);
  if (fn) return fn;
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema(webhookDocument, "openchat-webhooks");
  }
  fn = ajv.compile({ $ref: `openchat-webhooks#/webhooks/${name}/post/requestBody/content/application~1json/schema` });
  validators.set(name, fn);
  return fn;
}

// ---- signatures --------------------------------------------------------------------------------

const encoder = new TextEncoder();

async function hmacHex(secret: string, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new Uint8Array(body)));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The headers OpenChat's receiver checks, for a body you send it: `x-wukongim-signature` (hex
 * HMAC-SHA256 of exactly these bytes), `x-wukongim-timestamp` (seconds) and `x-wukongim-nonce`.
 */
export async function signOpenchatWebhook(body: string | Uint8Array, secret: string, init: { timestamp?: number; nonce?: string } = {}): Promise<Record<string, string>> {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  return {
    "x-wukongim-signature": await hmacHex(secret, bytes),
    "x-wukongim-timestamp": String(init.timestamp ?? Math.floor(Date.now() / 1000)),
    "x-wukongim-nonce": init.nonce ?? crypto.randomUUID(),
  };
}

async function verify(request: Request, body: Uint8Array, options: OpenchatReceiveOptions & { secret: string }): Promise<void> {
  const fail = (message: string) => new OpenchatWebhookError("signature", message, { status: 401 });
  const signature = request.headers.get("x-wukongim-signature");
  const timestamp = request.headers.get("x-wukongim-timestamp");
  const nonce = request.headers.get("x-wukongim-nonce");
  if (!signature) throw fail("Missing signature");
  if (!timestamp) throw fail("Missing timestamp");
  if (!nonce) throw fail("Missing nonce");
  const raw = Number(timestamp);
  if (!Number.isFinite(raw)) throw fail("Invalid timestamp");
  const seconds = raw > 1e12 ? Math.floor(raw / 1000) : Math.floor(raw);
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  if (Math.abs(now - seconds) > (options.toleranceSeconds ?? 300)) throw fail("Expired timestamp");
  const given = signature.replace(/^sha256=/i, "").trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) throw fail("Invalid signature format");
  if (!sameHex(given, await hmacHex(options.secret, body))) throw fail("Invalid signature");
  if (options.nonceSeen && (await options.nonceSeen(nonce.trim()))) throw fail("Replay request detected");
}

// ---- receiving ---------------------------------------------------------------------------------

const WUKONGIM_EVENTS = ["msg.notify", "msg.offline", "user.onlinestatus", "msg.stream"];

/**
 * Reads one delivery in OpenChat's format, checks the signature when a secret is given, and the
 * body against the contract. A delivery in WuKongIM's own format is a `wukongim-format` error.
 */
export async function receiveOpenchatWebhook(request: Request, options: OpenchatReceiveOptions = {}): Promise<OpenchatWebhookEvent> {
  if (request.method !== "POST") throw new OpenchatWebhookError("method", `expected POST, got ${request.method}`, { status: 405 });
  const queryEvent = new URL(request.url, "http://localhost").searchParams.get("event");
  if (queryEvent !== null && WUKONGIM_EVENTS.includes(queryEvent)) {
    throw new OpenchatWebhookError(
      "wukongim-format",
      `this is WuKongIM's own ${queryEvent} delivery (event in the query, bare body), which OpenChat's receiver does not understand; receive it with @im-openapi/wukongim/webhooks`,
    );
  }
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new OpenchatWebhookError("content-type", `expected Content-Type application/json, got ${type || "none"}`);
  const limit = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limit) throw new OpenchatWebhookError("too-large", `the body is larger than ${limit} bytes`, { status: 413 });
  if (options.secret) await verify(request, bytes, { ...options, secret: options.secret });
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new OpenchatWebhookError("json", `the body is not JSON (${(error as Error).message})`);
  }
  if (Array.isArray(body)) {
    throw new OpenchatWebhookError("wukongim-format", "the body is a JSON array, as WuKongIM sends msg.notify and user.onlinestatus; OpenChat expects {event, data, timestamp}");
  }
  const event = body && typeof body === "object" ? (body as { event?: unknown }).event : undefined;
  if (typeof event !== "string" || !(webhookNames as readonly string[]).includes(event)) {
    throw new OpenchatWebhookError("event", `unknown event ${JSON.stringify(event)}; OpenChat handles ${webhookNames.join(", ")} (and answers 201 to anything else without doing anything)`);
  }
  const validate = validatorFor(event as WebhookName);
  if (!validate(body)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    throw new OpenchatWebhookError("schema", `${event}: the body does not match the contract: ${problems.slice(0, 3).join("; ")}`, { problems });
  }
  const envelope = body as Schemas["WukongimWebhookEnvelope"];
  const out = { event, data: envelope.data, timestamp: envelope.timestamp, body: envelope } as OpenchatWebhookEvent;
  if (envelope.sign !== undefined) out.sign = envelope.sign;
  return out;
}

export interface OpenchatWebhookHandlerOptions extends OpenchatReceiveOptions {
  /** Called with every error: invalid deliveries and handler failures. */
  onError?: (error: unknown) => void;
  /** OpenChat answers 201 (NestJS's default for POST); set 200 if your sender needs it. */
  successStatus?: 200 | 201;
}

/**
 * A `(Request) => Promise<Response>` that behaves like OpenChat's receiver: `{"success": true}` with
 * 201 once the handler is done (also when it fails, as OpenChat does unless you rethrow through
 * onError); 400, 401, 405 or 413 with a JSON problem for an invalid delivery.
 */
export function createOpenchatWebhookHandler(handle: (event: OpenchatWebhookEvent) => void | Promise<void>, options: OpenchatWebhookHandlerOptions = {}): (request: Request) => Promise<Response> {
  return async (request) => {
    let event: OpenchatWebhookEvent;
    try {
      event = await receiveOpenchatWebhook(request, options);
    } catch (error) {
      options.onError?.(error);
      if (error instanceof OpenchatWebhookError) return Response.json({ error: error.kind, message: error.message, problems: error.problems }, { status: error.status });
      return new Response(null, { status: 500 });
    }
    try {
      await handle(event);
    } catch (error) {
      options.onError?.(error);
    }
    return Response.json({ success: true }, { status: options.successStatus ?? 201 });
  };
}

export { toNodeListener, type NodeRequestLike, type NodeResponseLike } from "@im-openapi/core";
