// Typed receivers for what a WuKongIM server posts to a business backend: the webhooks
// (`webhook.httpAddr`: msg.notify, msg.offline, user.onlinestatus) and the datasource
// (`datasource.addr`). A WHATWG Request goes in, a typed event comes out; every delivery is checked
// against the spec's schemas (src/generated/webhooks.ts, made from openapi/wukongim/webhooks) with
// Ajv, so a body the contract does not allow is a typed error and a 400, never a crash.
// No Node built-ins: this runs wherever Request, Response and DecompressionStream exist.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { answerWithin, decodeBase64, parseJsonLossless } from "@im-openapi/core";
import type { components } from "./generated/schema.js";
import { webhookDocument, type WebhookName } from "./generated/webhooks.js";
import { decodePayload } from "./payload.js";
import type { MessageContent } from "./payload-types.js";

type Schemas = components["schemas"];

/** The events WuKongIM posts to `webhook.httpAddr?event=<name>`. */
export const WUKONGIM_EVENTS = ["msg.notify", "msg.offline", "user.onlinestatus"] as const;
export type WukongimEventName = (typeof WUKONGIM_EVENTS)[number];

/** The datasource commands; a v2.2.5 server sends only `getSystemUIDs`. */
export const DATASOURCE_COMMANDS = ["getSystemUIDs", "getChannelInfo", "getSubscribers", "getBlacklist", "getWhitelist"] as const;
export type DatasourceCommandName = (typeof DATASOURCE_COMMANDS)[number];

/** A message as the webhooks carry it, with its payload decoded. */
export type WukongimWebhookMessage = Schemas["WebhookMessage"] & {
  /** The decoded `payload`, or null when it is not a JSON object with a numeric `type`. */
  content: MessageContent | null;
  /** Why `content` is null. */
  contentProblem?: string;
};

/** One entry of `user.onlinestatus`, decoded from `uid-deviceFlag-online-connId-deviceOnlineCount-totalOnlineCount`. */
export interface OnlineStatusChange {
  uid: string;
  /** 0 APP, 1 WEB, 2 PC. */
  deviceFlag: number;
  /** true: connected; false: disconnected. */
  online: boolean;
  /** The server's connection id. */
  connId: number;
  /** The user's connections with this device flag, after the change. */
  deviceOnlineCount: number;
  /** All the user's connections, after the change. */
  totalOnlineCount: number;
  /** The string as the server sent it. */
  raw: string;
}

export interface MsgNotifyEvent {
  event: "msg.notify";
  /** The stored messages, oldest first, payloads decoded. */
  messages: WukongimWebhookMessage[];
  body: Schemas["MessageNotifyBatch"];
}

export interface MsgOfflineEvent {
  event: "msg.offline";
  message: WukongimWebhookMessage;
  /** The offline recipients, from `to_uids` or decoded from `compress_to_uids`. */
  toUids: string[];
  /**
   * false when the server sent a compressed list that does not decode: every v2 release reads the
   * gzip buffer before closing it, so a short list arrives as a bare gzip header and is lost. Look
   * the channel's subscribers up instead, or keep `channel.subscriberCompressOfCount` at 0.
   */
  toUidsComplete: boolean;
  /** Why `toUidsComplete` is false. */
  toUidsProblem?: string;
  body: Schemas["MessageOfflineNotify"];
}

export interface UserOnlineStatusEvent {
  event: "user.onlinestatus";
  changes: OnlineStatusChange[];
  body: Schemas["OnlineStatusBatch"];
}

/** What a WuKongIM webhook delivered; switch on `event`. */
export type WukongimWebhookEvent = MsgNotifyEvent | MsgOfflineEvent | UserOnlineStatusEvent;

/** A datasource request; switch on `cmd`. */
export type DatasourceCommand =
  | { cmd: "getSystemUIDs"; data: Record<string, never> }
  | { cmd: Exclude<DatasourceCommandName, "getSystemUIDs">; data: Schemas["ChannelRef"] };

/** Which check a delivery failed. */
export type WebhookProblem = "method" | "too-large" | "content-type" | "json" | "event" | "schema" | "answer";

/** A delivery that is not what the contract allows. `status` is what the handlers answer. */
export class WukongimWebhookError extends Error {
  readonly kind: WebhookProblem;
  readonly status: number;
  /** Each schema violation as `<JSON pointer> <message>`. */
  readonly problems: readonly string[];
  readonly event: string | undefined;
  constructor(kind: WebhookProblem, message: string, init: { status?: number; problems?: readonly string[]; event?: string | undefined } = {}) {
    super(message);
    this.name = "WukongimWebhookError";
    this.kind = kind;
    this.status = init.status ?? 400;
    this.problems = init.problems ?? [];
    this.event = init.event;
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
    ajv.addSchema(webhookDocument, "wukongim-webhooks");
  }
  fn = ajv.compile({ $ref: `wukongim-webhooks#${pointer}` });
  validators.set(pointer, fn);
  return fn;
}

const bodyPointer = (name: WebhookName) => `/webhooks/${name}/post/requestBody/content/application~1json/schema`;
const answerPointer = (name: WebhookName) => `/webhooks/${name}/post/responses/200/content/application~1json/schema`;

function check(pointer: string, value: unknown, event: string, what = "the body"): void {
  const validate = validatorFor(pointer);
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  throw new WukongimWebhookError("schema", `${event}: ${what} does not match the contract: ${problems.slice(0, 3).join("; ")}`, { problems, event });
}

// ---- reading the request -----------------------------------------------------------------------

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

async function readJson(request: Request, event: string, options: ReceiveOptions): Promise<{ plain: unknown; lossless: unknown }> {
  if (request.method !== "POST") throw new WukongimWebhookError("method", `${event}: expected POST, got ${request.method}`, { status: 405, event });
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new WukongimWebhookError("content-type", `${event}: expected Content-Type application/json, got ${type || "none"}`, { event });
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
        throw new WukongimWebhookError("too-large", `${event}: the body is larger than ${limit} bytes`, { status: 413, event });
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new WukongimWebhookError("json", `${event}: the body is not UTF-8`, { event });
  }
  try {
    // Validate the plain parse (types are what matter there); hand out the lossless one, whose
    // ids above 2^53 are exact bigints.
    return { plain: JSON.parse(text) as unknown, lossless: parseJsonLossless(text) };
  } catch (error) {
    throw new WukongimWebhookError("json", `${event}: the body is not JSON (${(error as Error).message})`, { event });
  }
}

// ---- decoding ----------------------------------------------------------------------------------

function decodeMessage(message: Schemas["WebhookMessage"]): WukongimWebhookMessage {
  try {
    return { ...message, content: decodePayload(message.payload) };
  } catch (error) {
    return { ...message, content: null, contentProblem: (error as Error).message };
  }
}

const ONLINE_STATUS = /^(.+)-(\d+)-([01])-(\d+)-(\d+)-(\d+)$/;

/** Decodes one `user.onlinestatus` string; the uid may itself contain `-`. */
export function parseOnlineStatus(entry: string): OnlineStatusChange {
  const m = ONLINE_STATUS.exec(entry);
  if (!m) throw new WukongimWebhookError("schema", `user.onlinestatus: ${JSON.stringify(entry)} is not uid-deviceFlag-online-connId-deviceOnlineCount-totalOnlineCount`, { event: "user.onlinestatus" });
  const [, uid = "", deviceFlag, online, connId, deviceCount, totalCount] = m;
  return {
    uid,
    deviceFlag: Number(deviceFlag),
    online: online === "1",
    connId: Number(connId),
    deviceOnlineCount: Number(deviceCount),
    totalOnlineCount: Number(totalCount),
    raw: entry,
  };
}

/** Gunzips base64 `compress_to_uids` into the list of uids it holds. */
export async function decodeCompressedUids(base64: string): Promise<string[]> {
  const compressed = decodeBase64(base64);
  const stream = new Blob([new Uint8Array(compressed)]).stream().pipeThrough(new DecompressionStream("gzip"));
  let text: string;
  try {
    text = await new Response(stream).text();
  } catch (error) {
    throw new Error(`compress_to_uids is not a complete gzip stream (${compressed.byteLength} bytes: ${(error as Error).message})`);
  }
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw new Error("compress_to_uids does not hold JSON");
  }
  if (!Array.isArray(list) || !list.every((uid) => typeof uid === "string")) throw new Error("compress_to_uids does not hold an array of uids");
  return list as string[];
}

// ---- receiving ---------------------------------------------------------------------------------

/**
 * Reads one webhook delivery: the event from the `event` query parameter, the body checked against
 * the contract, payloads and status strings decoded. Throws WukongimWebhookError (status 400, 405
 * or 413) for anything the server would not send.
 */
export async function receiveWukongimWebhook(request: Request, options: ReceiveOptions = {}): Promise<WukongimWebhookEvent> {
  const event = new URL(request.url, "http://localhost").searchParams.get("event");
  if (event === null || !(WUKONGIM_EVENTS as readonly string[]).includes(event)) {
    const hint = event === "msg.stream" ? " (defined by the server but never sent)" : "";
    throw new WukongimWebhookError("event", `unknown webhook event ${JSON.stringify(event)}${hint}; WuKongIM posts to webhook.httpAddr?event=${WUKONGIM_EVENTS.join("|")}`, { event: event ?? undefined });
  }
  const name = event as WukongimEventName;
  const { plain, lossless } = await readJson(request, name, options);
  check(bodyPointer(name), plain, name);
  switch (name) {
    case "msg.notify": {
      const body = lossless as Schemas["MessageNotifyBatch"];
      return { event: name, messages: body.map(decodeMessage), body };
    }
    case "msg.offline": {
      const body = lossless as Schemas["MessageOfflineNotify"];
      // The message alone, without the notice's own fields.
      const { to_uids, compress, compress_to_uids, source_id: _sourceId, ...message } = body;
      let toUids = to_uids;
      let toUidsComplete = true;
      let toUidsProblem: string | undefined;
      if (compress === "gzip" || compress_to_uids !== undefined) {
        try {
          toUids = [...to_uids, ...(await decodeCompressedUids(compress_to_uids ?? ""))];
        } catch (error) {
          toUidsComplete = false;
          toUidsProblem = (error as Error).message;
        }
      }
      const out: MsgOfflineEvent = { event: name, message: decodeMessage(message), toUids, toUidsComplete, body };
      if (toUidsProblem !== undefined) out.toUidsProblem = toUidsProblem;
      return out;
    }
    case "user.onlinestatus": {
      const body = lossless as Schemas["OnlineStatusBatch"];
      return { event: name, changes: body.map(parseOnlineStatus), body };
    }
  }
}

/** Reads one datasource request (`POST datasource.addr` with `{cmd, data}`), checked against the contract. */
export async function receiveDatasourceCommand(request: Request, options: ReceiveOptions = {}): Promise<DatasourceCommand> {
  const { plain, lossless } = await readJson(request, "datasource", options);
  const cmd = plain && typeof plain === "object" && !Array.isArray(plain) ? (plain as { cmd?: unknown }).cmd : undefined;
  if (typeof cmd !== "string" || !(DATASOURCE_COMMANDS as readonly string[]).includes(cmd)) {
    throw new WukongimWebhookError("event", `unknown datasource command ${JSON.stringify(cmd)}; expected one of ${DATASOURCE_COMMANDS.join(", ")}`, { event: "datasource" });
  }
  const name = `datasource.${cmd}` as WebhookName;
  check(bodyPointer(name), plain, name);
  return lossless as DatasourceCommand;
}

// ---- answering ---------------------------------------------------------------------------------

export interface WebhookHandlerOptions extends ReceiveOptions {
  /**
   * Answer 200 when the handler has finished or after this many milliseconds, whichever comes
   * first (default 5000). WuKongIM waits at most 10 s for the answer's headers and counts anything
   * but a timely 200 as a failure, so a slow handler must not hold the answer back; it keeps
   * running after the answer.
   */
  ackAfterMs?: number;
  /** Called with every error: invalid deliveries, handler failures (also after the answer). */
  onError?: (error: unknown) => void;
}

function problemResponse(error: WukongimWebhookError): Response {
  return Response.json({ error: error.kind, message: error.message, problems: error.problems }, { status: error.status });
}

/**
 * A `(Request) => Promise<Response>` for `webhook.httpAddr`: it checks and decodes each delivery,
 * calls `handle`, and answers what WuKongIM needs. 200 (empty) once `handle` is done or after
 * `ackAfterMs`; 500 when `handle` fails before that, so that `msg.notify` and `user.onlinestatus`
 * are sent again (msg.offline never is); 400/405/413 with a JSON problem for an invalid delivery.
 * Deliveries can repeat: de-duplicate messages by `message_idstr`.
 */
export function createWukongimWebhookHandler(
  handle: (event: WukongimWebhookEvent) => void | Promise<void>,
  options: WebhookHandlerOptions = {},
): (request: Request) => Promise<Response> {
  return async (request) => {
    let event: WukongimWebhookEvent;
    try {
      event = await receiveWukongimWebhook(request, options);
    } catch (error) {
      options.onError?.(error);
      if (error instanceof WukongimWebhookError) return problemResponse(error);
      return new Response(null, { status: 500 });
    }
    return answerWithin(() => handle(event), options.ackAfterMs ?? 5000, options.onError);
  };
}

export interface DatasourceHandlers {
  /** The system accounts (required: the only command a v2.2.5 server sends). */
  getSystemUIDs(): string[] | Promise<string[]>;
  getChannelInfo?(channel: Schemas["ChannelRef"]): Schemas["DatasourceChannelInfo"] | Promise<Schemas["DatasourceChannelInfo"]>;
  getSubscribers?(channel: Schemas["ChannelRef"]): string[] | Promise<string[]>;
  getBlacklist?(channel: Schemas["ChannelRef"]): string[] | Promise<string[]>;
  getWhitelist?(channel: Schemas["ChannelRef"]): string[] | Promise<string[]>;
}

/**
 * A `(Request) => Promise<Response>` for `datasource.addr`: it answers each command with HTTP 200 and
 * the JSON your handler returns, checked against the contract. A command without a handler answers
 * 501 and a failing or wrong answer 500 (the server then treats the sender as no system account
 * and asks again on the next message); an invalid request answers 400.
 */
export function createDatasourceHandler(handlers: DatasourceHandlers, options: Omit<WebhookHandlerOptions, "ackAfterMs"> = {}): (request: Request) => Promise<Response> {
  return async (request) => {
    let command: DatasourceCommand;
    try {
      command = await receiveDatasourceCommand(request, options);
    } catch (error) {
      options.onError?.(error);
      if (error instanceof WukongimWebhookError) return problemResponse(error);
      return new Response(null, { status: 500 });
    }
    try {
      let answer: unknown;
      if (command.cmd === "getSystemUIDs") answer = await handlers.getSystemUIDs();
      else {
        const fn: ((channel: Schemas["ChannelRef"]) => unknown) | undefined = handlers[command.cmd]?.bind(handlers);
        if (!fn) return Response.json({ error: "event", message: `no handler for ${command.cmd}` }, { status: 501 });
        answer = await fn(command.data);
      }
      check(answerPointer(`datasource.${command.cmd}`), answer, `datasource.${command.cmd}`, "the answer");
      return Response.json(answer);
    } catch (error) {
      const wrapped = error instanceof WukongimWebhookError ? new WukongimWebhookError("answer", error.message, { status: 500, problems: error.problems, event: error.event }) : error;
      options.onError?.(wrapped);
      return new Response(null, { status: 500 });
    }
  };
}

/** Runs `work`; answers 200 when it finishes or after `ackAfterMs`, 500 when it fails first. */
export { toNodeListener, type NodeRequestLike, type NodeResponseLike } from "@im-openapi/core";
