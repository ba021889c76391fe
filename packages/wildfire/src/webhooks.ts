// Typed receivers for the callbacks a wildfire IM server posts to your services (each turned on by
// its own key in wildfirechat.conf, or a robot's or channel's `callback`), including the external
// censor (`sensitive.remote_server_url`), whose answer sends, replaces or rejects a message.
// A WHATWG Request goes in, a typed event comes out; every body is checked against the spec's
// schemas (src/generated/webhooks.ts, made from openapi/wildfire/webhooks) with Ajv, so a body the
// contract does not allow is a typed error and a 400, never a crash. The callbacks are unsigned:
// accept them only from the IM server's address. No Node built-ins.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { answerWithin, concatBytes, decodeBase64, parseJsonLossless } from "@im-openapi/core";
import type { components, webhooks } from "./generated/schema.js";
import { webhookDocument, webhookNames, type WebhookName } from "./generated/webhooks.js";
import type { MessagePayloadInput } from "./payload.js";

type Schemas = components["schemas"];

/** The callbacks, named as in the spec (`message.forward`, `group.info_update`, `message.censor`…). */
export const WILDFIRE_CALLBACKS = webhookNames;
export type WildfireCallbackName = WebhookName;

/** The body of a callback, as the spec types it. */
export type WildfireCallbackBody<K extends WildfireCallbackName> = webhooks[K]["post"] extends { requestBody: { content: { "application/json": infer B } } } ? B : never;

/** The wildfirechat.conf key (or robot/channel field) that turns each callback on. */
export const CALLBACK_CONFIG_KEYS = Object.fromEntries(
  webhookNames.map((name) => [name, String((webhookDocument.webhooks[name] as { post: Record<string, unknown> }).post["x-config-key"])]),
) as Record<WildfireCallbackName, string>;

type MessageCallback = "message.forward" | "message.sensitive" | "message.mention" | "message.censor" | "robot.message" | "channel.message";

/** A session of the online-status callback, with the user and client ids the server swaps put back. */
export interface OnlineSession {
  userId: string;
  clientId: string;
  platform: number;
  /** true: connected; false: has a session but no connection. */
  connected: boolean;
  lastSeen: number;
  packageName?: string;
  ip?: string;
}

const CHANGES = {
  "group.info_update": ["created", "updated", "transferred", "muted", "unmuted", "dismissed"],
  "group.member_update": ["joined", "left", "removed", "typeChanged", "aliasChanged", "extraChanged"],
  "relation.update": ["friendship", "alias", "blacklist", "extra"],
  "channel.info_update": ["created", "updated", "transferred", "destroyed"],
  "chatroom.info_update": ["created", "destroyed"],
  "chatroom.member_update": ["joined", "left", "kicked", "muted", "unmuted"],
} as const;
type ChangeCallback = keyof typeof CHANGES;

/** What each callback adds to `{ event, body }`, decoded from the body. */
interface Extras {
  "user.online_status": {
    /** 0 → online, 1 → offline (connection lost), -1 → logout. */
    status: "online" | "offline" | "logout";
    /** The user's sessions with `userId` and `clientId` the right way round (the server swaps them). */
    sessions: OnlineSession[];
  };
  "user.info_update": { user: Schemas["User"] };
  "message.recall": { message: Schemas["ForwardedMessage"]; recalledBy: string; isAdmin: boolean };
  "channel.subscribe": { subscribed: boolean };
}
type ExtrasOf<K extends WildfireCallbackName> = K extends keyof Extras
  ? Extras[K]
  : K extends MessageCallback
    ? { message: Schemas["ForwardedMessage"]; /** The payload's `base64edData` decoded, when present. */ data?: Uint8Array }
    : K extends ChangeCallback
      ? { change: (typeof CHANGES)[K][number] }
      : Record<never, never>;

/** One callback, typed by its name. */
export type WildfireCallbackEventOf<K extends WildfireCallbackName> = { event: K; body: WildfireCallbackBody<K> } & ExtrasOf<K>;
/** Any callback; switch on `event`. */
export type WildfireCallbackEvent = { [K in WildfireCallbackName]: WildfireCallbackEventOf<K> }[WildfireCallbackName];

/** Which check a delivery failed. */
export type CallbackProblem = "method" | "too-large" | "content-type" | "json" | "callback" | "schema" | "answer";

/** A delivery that is not what the contract allows. `status` is what the handlers answer. */
export class WildfireCallbackError extends Error {
  readonly kind: CallbackProblem;
  readonly status: number;
  /** Each schema violation as `<JSON pointer> <message>`. */
  readonly problems: readonly string[];
  readonly callback: string | undefined;
  constructor(kind: CallbackProblem, message: string, init: { status?: number; problems?: readonly string[]; callback?: string | undefined } = {}) {
    super(message);
    this.name = "WildfireCallbackError";
    this.kind = kind;
    this.status = init.status ?? 400;
    this.problems = init.problems ?? [];
    this.callback = init.callback;
  }
}

export interface ReceiveOptions {
  /** Largest body accepted, in bytes (default 32 MiB); a larger one is a `too-large` error (413). */
  maxBodyBytes?: number;
}

// ---- validation against the spec -------------------------------------------------------------

const addFormats = addFormatsModule.default;
let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

function validatorFor(pointer: string): ValidateFunction {
  let fn = validators.get(pointer);
  if (fn) return fn;
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    ajv.addSchema(webhookDocument, "wildfire-webhooks");
  }
  fn = ajv.compile({ $ref: `wildfire-webhooks#${pointer}` });
  validators.set(pointer, fn);
  return fn;
}

function check(pointer: string, value: unknown, callback: string, what = "the body"): void {
  const validate = validatorFor(pointer);
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  throw new WildfireCallbackError("schema", `${callback}: ${what} does not match the contract: ${problems.slice(0, 3).join("; ")}`, { problems, callback });
}

// ---- reading the request -----------------------------------------------------------------------

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

async function readJson(request: Request, callback: string, options: ReceiveOptions): Promise<{ plain: unknown; lossless: unknown }> {
  if (request.method !== "POST") throw new WildfireCallbackError("method", `${callback}: expected POST, got ${request.method}`, { status: 405, callback });
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new WildfireCallbackError("content-type", `${callback}: expected Content-Type application/json, got ${type || "none"}`, { callback });
  }
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw new WildfireCallbackError("too-large", `${callback}: the body is larger than ${limit} bytes`, { status: 413, callback });
      }
      chunks.push(value);
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(concatBytes(chunks));
  } catch {
    throw new WildfireCallbackError("json", `${callback}: the body is not UTF-8`, { callback });
  }
  try {
    // Validate the plain parse; hand out the lossless one (message ids above 2^53 stay exact).
    return { plain: JSON.parse(text) as unknown, lossless: parseJsonLossless(text) };
  } catch (error) {
    throw new WildfireCallbackError("json", `${callback}: the body is not JSON (${(error as Error).message})`, { callback });
  }
}

// ---- receiving ---------------------------------------------------------------------------------

const isCallbackName = (name: string | null | undefined): name is WildfireCallbackName => typeof name === "string" && (webhookNames as readonly string[]).includes(name);

/**
 * Which callback a request is, from its URL: the `callback` (or `event`) query parameter, else the
 * last path segment. Configure each key with the callback's name at the end of the URL, e.g.
 * `message.forward.url http://backend:8080/wildfire/message.forward`; a channel's `callback` gets
 * `/message` and `/subscribe` appended by the server, which map to `channel.message` and
 * `channel.subscribe`.
 */
export function resolveWildfireCallback(request: Request): WildfireCallbackName | undefined {
  const url = new URL(request.url, "http://localhost");
  const named = url.searchParams.get("callback") ?? url.searchParams.get("event");
  if (isCallbackName(named)) return named;
  const last = url.pathname.split("/").filter(Boolean).at(-1);
  if (isCallbackName(last)) return last;
  if (last === "message") return "channel.message";
  if (last === "subscribe") return "channel.subscribe";
  return undefined;
}

/**
 * Reads one callback whose name you know (its URL is yours), checked against the contract and
 * decoded. Throws WildfireCallbackError (status 400, 405 or 413) for anything the server would not send.
 */
export async function receiveWildfireCallback<K extends WildfireCallbackName>(name: K, request: Request, options: ReceiveOptions = {}): Promise<WildfireCallbackEventOf<K>> {
  if (!isCallbackName(name)) throw new WildfireCallbackError("callback", `unknown callback ${JSON.stringify(name)}; expected one of ${webhookNames.join(", ")}`);
  const { plain, lossless } = await readJson(request, name, options);
  check(`/webhooks/${name}/post/requestBody/content/application~1json/schema`, plain, name);
  // decode() returns the member of the union whose `event` is `name`, i.e. WildfireCallbackEventOf<K>.
  return decode(name, lossless) as unknown as WildfireCallbackEventOf<K>;
}

function decode(name: WildfireCallbackName, body: unknown): WildfireCallbackEvent {
  switch (name) {
    case "user.online_status": {
      const b = body as Schemas["UserOnlineStatus"];
      const status = b.status === 0 ? "online" : b.status === 1 ? "offline" : "logout";
      const sessions = b.sessions.map((s) => {
        // ProtocolProcessor.forwardOnlineStatusEvent passes (userId, clientId) to a constructor that
        // takes (clientId, userId): the wire has them swapped.
        const out: OnlineSession = { userId: s.clientId ?? "", clientId: s.userId ?? "", platform: s.platform ?? 0, connected: s.status === 0, lastSeen: s.lastSeen ?? 0 };
        if (s.packageName !== undefined) out.packageName = s.packageName;
        if (s.ip !== undefined) out.ip = s.ip;
        return out;
      });
      return { event: name, body: b, status, sessions };
    }
    case "user.info_update":
      return { event: name, body: body as Schemas["User"], user: body as Schemas["User"] };
    case "message.recall": {
      const b = body as Schemas["RecalledMessage"];
      return { event: name, body: b, message: b.message, recalledBy: b.userId, isAdmin: b.isAdmin };
    }
    case "channel.subscribe": {
      const b = body as Schemas["ChannelSubscribeStatus"];
      return { event: name, body: b, subscribed: b.status === 1 };
    }
    case "message.forward":
    case "message.sensitive":
    case "message.mention":
    case "message.censor":
    case "robot.message":
    case "channel.message": {
      const b = body as Schemas["ForwardedMessage"];
      const event = { event: name, body: b, message: b } as WildfireCallbackEventOf<MessageCallback>;
      const data = b.payload?.base64edData;
      if (data) event.data = decodeBase64(data);
      return event as WildfireCallbackEvent;
    }
    default: {
      const b = body as { type: number };
      const change = (CHANGES[name] as readonly string[])[b.type];
      return { event: name, body: b, change } as WildfireCallbackEvent;
    }
  }
}

// ---- answering ---------------------------------------------------------------------------------

/** What the censor decides about a message (`sensitive.remote_server_url`). */
export type CensorVerdict = { action: "send" } | { action: "replace"; payload: MessagePayloadInput } | { action: "reject" };

/**
 * The answer the server reads for a verdict: an empty 200 sends the message, a 200 with the
 * payload replaces its content, a 403 rejects it. A replacement must be a valid `MessagePayload`
 * with a positive `type` (the server sends the original otherwise); this throws when it is not.
 */
export function censorResponse(verdict: CensorVerdict): Response {
  switch (verdict.action) {
    case "send":
      return new Response(null, { status: 200 });
    case "reject":
      return new Response(null, { status: 403 });
    case "replace": {
      check("/webhooks/message.censor/post/responses/200/content/application~1json/schema", verdict.payload, "message.censor", "the replacement");
      if (!(verdict.payload.type > 0)) throw new WildfireCallbackError("answer", "message.censor: a replacement needs a positive type, or the server sends the original", { callback: "message.censor" });
      return Response.json(verdict.payload, { status: 200 });
    }
    default:
      throw new WildfireCallbackError("answer", `message.censor: unknown verdict ${JSON.stringify((verdict as { action?: unknown }).action)}`, { callback: "message.censor" });
  }
}

/** Your code per callback; `message.censor` returns its verdict. Callbacks without one are checked and answered 200. */
export type WildfireCallbackHandlers = {
  [K in Exclude<WildfireCallbackName, "message.censor">]?: (event: WildfireCallbackEventOf<K>) => void | Promise<void>;
} & {
  "message.censor"?: (event: WildfireCallbackEventOf<"message.censor">) => CensorVerdict | Promise<CensorVerdict>;
};

export interface CallbackHandlerOptions extends ReceiveOptions {
  /** Which callback a request is (default: resolveWildfireCallback, from its URL). */
  resolve?: (request: Request) => WildfireCallbackName | undefined;
  /**
   * Answer after the handler has finished or after this many milliseconds, whichever comes first
   * (default 5000; the server waits 10 s). The server ignores the answer to every callback but the
   * censor, so this only keeps its connections free. The censor is always answered with its verdict.
   */
  ackAfterMs?: number;
  /** Called with every error: invalid deliveries, handler failures (also after the answer). */
  onError?: (error: unknown) => void;
}

function problemResponse(error: WildfireCallbackError): Response {
  return Response.json({ error: error.kind, message: error.message, problems: error.problems }, { status: error.status });
}

/**
 * A `(Request) => Promise<Response>` for every callback URL: it tells the callback from the URL,
 * checks and decodes the body, calls your handler, and answers: the censor's verdict as the server
 * reads it (no censor handler: send; a failing one: 500, and the server sends the original), 200
 * for the others (500 when the handler failed), 400/404/405/413 with a JSON problem for an
 * invalid delivery.
 */
export function createWildfireCallbackHandler(handlers: WildfireCallbackHandlers, options: CallbackHandlerOptions = {}): (request: Request) => Promise<Response> {
  const resolve = options.resolve ?? resolveWildfireCallback;
  return async (request) => {
    const name = resolve(request);
    if (name === undefined) {
      const error = new WildfireCallbackError("callback", `no callback for ${new URL(request.url, "http://localhost").pathname}; end the URL with a callback name (${webhookNames.join(", ")})`, { status: 404 });
      options.onError?.(error);
      return problemResponse(error);
    }
    let event: WildfireCallbackEvent;
    try {
      event = (await receiveWildfireCallback(name, request, options)) as WildfireCallbackEvent;
    } catch (error) {
      options.onError?.(error);
      if (error instanceof WildfireCallbackError) return problemResponse(error);
      return new Response(null, { status: 500 });
    }
    if (event.event === "message.censor") {
      try {
        const verdict = handlers["message.censor"] ? await handlers["message.censor"](event) : ({ action: "send" } as const);
        return censorResponse(verdict);
      } catch (error) {
        options.onError?.(error);
        return new Response(null, { status: 500 });
      }
    }
    const handle = handlers[event.event] as ((e: WildfireCallbackEvent) => void | Promise<void>) | undefined;
    if (!handle) return new Response(null, { status: 200 });
    return answerWithin(() => handle(event), options.ackAfterMs ?? 5000, options.onError);
  };
}

/** Runs `work`; answers 200 when it finishes or after `ackAfterMs`, 500 when it fails first. */
export { toNodeListener, type NodeRequestLike, type NodeResponseLike } from "@im-openapi/core";
