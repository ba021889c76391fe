import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDatasourceHandler,
  createWukongimWebhookHandler,
  decodeCompressedUids,
  parseOnlineStatus,
  receiveDatasourceCommand,
  receiveWukongimWebhook,
  toNodeListener,
  WUKONGIM_EVENTS,
  WukongimWebhookError,
  type WukongimWebhookEvent,
} from "../src/webhooks.js";

interface Example {
  summary?: string;
  value: unknown;
}
interface Spec {
  webhooks: Record<string, { post: { requestBody: { content: { "application/json": { examples: Record<string, Example> } } } } }>;
}
const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as Spec;
const examplesOf = (name: string) => Object.entries(spec.webhooks[name]?.post.requestBody.content["application/json"].examples ?? {});

const BASE = "http://receiver.test/wukongim/webhook";
function delivery(event: string | null, body: unknown, init: { method?: string; contentType?: string; raw?: string | Uint8Array } = {}): Request {
  const url = event === null ? BASE : `${BASE}?event=${encodeURIComponent(event)}`;
  return new Request(url, {
    method: init.method ?? "POST",
    headers: { "content-type": init.contentType ?? "application/json" },
    body: init.method === "GET" ? undefined : ((init.raw ?? JSON.stringify(body)) as BodyInit),
  });
}

async function rejected(promise: Promise<unknown>): Promise<WukongimWebhookError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WukongimWebhookError);
  return error as WukongimWebhookError;
}

async function gzipBase64(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return Buffer.from(await new Response(stream).arrayBuffer()).toString("base64");
}

// A msg.notify batch exactly as a v2.2.5 server posted it (captured live); message_id is above 2^53.
const CAPTURED_NOTIFY =
  '[{"header":{"no_persist":0,"red_dot":1,"sync_once":0},"setting":0,"message_id":2128896882963812352,"message_idstr":"2128896882963812352","client_msg_no":"2e5c0d1ed1fc4834a8e692097ff7c44e0","message_seq":1,"from_uid":"wh_u1","channel_id":"wh_group1","channel_type":2,"expire":0,"timestamp":1796403544,"payload":"eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8gZ3JvdXAifQ=="},' +
  '{"header":{"no_persist":0,"red_dot":0,"sync_once":1},"setting":0,"message_id":2128896883702009856,"message_idstr":"2128896883702009856","client_msg_no":"8c6d225f900c4e4881e331f8f9cadfe10","message_seq":1,"from_uid":"wh_u1","channel_id":"wh_group1____cmd","channel_type":2,"expire":0,"timestamp":1796403544,"payload":"eyJ0eXBlIjo5OSwiY21kIjoicmVmcmVzaCJ9"}]';

describe("receiveWukongimWebhook: every example of the spec", () => {
  it("covers every event the spec describes", () => {
    const described = Object.keys(spec.webhooks).filter((name) => !name.startsWith("datasource."));
    expect(described.sort()).toEqual([...WUKONGIM_EVENTS].sort());
  });

  for (const event of WUKONGIM_EVENTS) {
    const examples = examplesOf(event);
    it(`has examples for ${event}`, () => expect(examples.length).toBeGreaterThan(0));
    for (const [name, example] of examples) {
      it(`${event} / ${name}`, async () => {
        const received = await receiveWukongimWebhook(delivery(event, example.value));
        expect(received.event).toBe(event);
        expect(received.body).toEqual(example.value);
        if (received.event === "msg.notify") {
          expect(received.messages).toHaveLength((example.value as unknown[]).length);
          for (const message of received.messages) expect(message.content?.type).toEqual(expect.any(Number));
        } else if (received.event === "msg.offline") {
          expect(received.message.content?.type).toBe(1);
          expect(received.message).not.toHaveProperty("to_uids");
        } else {
          expect(received.changes).toHaveLength((example.value as unknown[]).length);
        }
      });
    }
  }
});

describe("decoding", () => {
  it("keeps message ids above 2^53 exact and decodes payloads (a captured msg.notify)", async () => {
    const event = await receiveWukongimWebhook(delivery("msg.notify", null, { raw: CAPTURED_NOTIFY }));
    if (event.event !== "msg.notify") throw new Error("wrong event");
    expect(event.messages.map((m) => m.message_id)).toEqual([2128896882963812352n, 2128896883702009856n]);
    expect(event.messages[0]?.content).toEqual({ type: 1, content: "hello group" });
    expect(event.messages[1]?.content).toEqual({ type: 99, cmd: "refresh" });
    expect(event.messages[1]?.channel_id).toBe("wh_group1____cmd");
  });

  it("reports a payload that is not JSON content instead of failing the delivery", async () => {
    const [, example] = examplesOf("msg.notify")[0] ?? [];
    const batch = structuredClone(example?.value) as Array<{ payload: string }>;
    batch[0]!.payload = Buffer.from("plain text").toString("base64");
    const event = await receiveWukongimWebhook(delivery("msg.notify", batch));
    if (event.event !== "msg.notify") throw new Error("wrong event");
    expect(event.messages[0]?.content).toBeNull();
    expect(event.messages[0]?.contentProblem).toMatch(/not JSON/);
  });

  it("decodes a complete gzip+base64 compress_to_uids", async () => {
    const body = { ...(examplesOf("msg.offline")[0]?.[1].value as object), to_uids: [], compress: "gzip", compress_to_uids: await gzipBase64('["u1","u2","u-3"]') };
    const event = await receiveWukongimWebhook(delivery("msg.offline", body));
    if (event.event !== "msg.offline") throw new Error("wrong event");
    expect(event.toUids).toEqual(["u1", "u2", "u-3"]);
    expect(event.toUidsComplete).toBe(true);
  });

  it("flags the truncated list a real server sends (a bare gzip header) instead of inventing recipients", async () => {
    const [, example] = examplesOf("msg.offline").find(([name]) => name === "compressedRecipients") ?? [];
    const event = await receiveWukongimWebhook(delivery("msg.offline", example?.value));
    if (event.event !== "msg.offline") throw new Error("wrong event");
    expect(event.toUids).toEqual([]);
    expect(event.toUidsComplete).toBe(false);
    expect(event.toUidsProblem).toMatch(/not a complete gzip stream \(10 bytes/);
    await expect(decodeCompressedUids("H4sIAAAAAAAA/w==")).rejects.toThrow(/gzip/);
  });

  it("splits online-status strings from the right, so a uid may contain dashes", () => {
    expect(parseOnlineStatus("shop-42-user-1-0-77-0-2")).toEqual({
      uid: "shop-42-user",
      deviceFlag: 1,
      online: false,
      connId: 77,
      deviceOnlineCount: 0,
      totalOnlineCount: 2,
      raw: "shop-42-user-1-0-77-0-2",
    });
    expect(() => parseOnlineStatus("alice-online")).toThrow(WukongimWebhookError);
  });
});

describe("bad input is a typed error", () => {
  const notify = examplesOf("msg.notify")[0]?.[1].value;

  it("a method other than POST: 405", async () => {
    const error = await rejected(receiveWukongimWebhook(delivery("msg.notify", null, { method: "GET" })));
    expect([error.kind, error.status]).toEqual(["method", 405]);
  });

  it("no event, an unknown event, and msg.stream (defined, never sent)", async () => {
    expect((await rejected(receiveWukongimWebhook(delivery(null, notify)))).kind).toBe("event");
    expect((await rejected(receiveWukongimWebhook(delivery("message", notify)))).message).toMatch(/unknown webhook event "message"/);
    expect((await rejected(receiveWukongimWebhook(delivery("msg.stream", notify)))).message).toMatch(/never sent/);
  });

  it("a body that is not JSON, not UTF-8, or not sent as JSON", async () => {
    expect((await rejected(receiveWukongimWebhook(delivery("msg.notify", null, { raw: "[{" })))).kind).toBe("json");
    expect((await rejected(receiveWukongimWebhook(delivery("msg.notify", null, { raw: new Uint8Array([0x5b, 0xff, 0x5d]) })))).kind).toBe("json");
    expect((await rejected(receiveWukongimWebhook(delivery("msg.notify", notify, { contentType: "text/plain" })))).kind).toBe("content-type");
  });

  it("a body the contract does not allow, with every problem named", async () => {
    const batch = structuredClone(notify) as Array<Record<string, unknown>>;
    batch[0]!.timestamp = "1796403544";
    delete batch[0]!.payload;
    const error = await rejected(receiveWukongimWebhook(delivery("msg.notify", batch)));
    expect(error.kind).toBe("schema");
    expect(error.status).toBe(400);
    expect(error.problems).toEqual(expect.arrayContaining(["/0/timestamp must be integer", "/0 must have required property 'payload'"]));
    // A body for another event.
    expect((await rejected(receiveWukongimWebhook(delivery("msg.offline", notify)))).kind).toBe("schema");
    expect((await rejected(receiveWukongimWebhook(delivery("user.onlinestatus", ["alice-online"])))).kind).toBe("schema");
    expect((await rejected(receiveWukongimWebhook(delivery("msg.notify", [])))).problems).toEqual(["/ must NOT have fewer than 1 items"]);
  });

  it("a body over the limit: 413", async () => {
    const error = await rejected(receiveWukongimWebhook(delivery("msg.notify", notify), { maxBodyBytes: 100 }));
    expect([error.kind, error.status]).toEqual(["too-large", 413]);
  });
});

describe("createWukongimWebhookHandler", () => {
  const notify = examplesOf("msg.notify")[0]?.[1].value;

  it("answers 200 with an empty body after the handler ran", async () => {
    const seen: WukongimWebhookEvent[] = [];
    const handler = createWukongimWebhookHandler((event) => void seen.push(event));
    const response = await handler(delivery("msg.notify", notify));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(seen.map((e) => e.event)).toEqual(["msg.notify"]);
  });

  it("answers 400 with the problems for an invalid delivery, without calling the handler", async () => {
    const errors: unknown[] = [];
    let called = false;
    const handler = createWukongimWebhookHandler(() => void (called = true), { onError: (e) => void errors.push(e) });
    const response = await handler(delivery("msg.notify", [{ message_id: 1 }]));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; problems: string[] };
    expect(body.error).toBe("schema");
    expect(body.problems.length).toBeGreaterThan(3);
    expect(called).toBe(false);
    expect(errors[0]).toBeInstanceOf(WukongimWebhookError);
  });

  it("answers 500 when the handler fails, so that the server sends the batch again", async () => {
    const errors: unknown[] = [];
    const handler = createWukongimWebhookHandler(
      () => {
        throw new Error("database down");
      },
      { onError: (e) => void errors.push(e) },
    );
    expect((await handler(delivery("msg.notify", notify))).status).toBe(500);
    expect(String(errors[0])).toMatch(/database down/);
  });

  it("answers 200 after ackAfterMs while a slow handler is still running", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let finished = false;
    const handler = createWukongimWebhookHandler(
      async () => {
        await gate;
        finished = true;
      },
      { ackAfterMs: 20 },
    );
    const response = await handler(delivery("msg.notify", notify));
    expect(response.status).toBe(200);
    expect(finished).toBe(false);
    release();
    await gate;
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(true);
  });
});

describe("datasource", () => {
  const command = (body: unknown) => new Request("http://receiver.test/wukongim/datasource", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("reads every command the spec describes", async () => {
    for (const name of Object.keys(spec.webhooks).filter((n) => n.startsWith("datasource."))) {
      for (const [, example] of examplesOf(name)) {
        const received = await receiveDatasourceCommand(command(example.value));
        expect(`datasource.${received.cmd}`).toBe(name);
      }
    }
  });

  it("answers getSystemUIDs with 200 and the uids, exactly as the server sends it", async () => {
    const handler = createDatasourceHandler({ getSystemUIDs: () => ["sys_admin"] });
    const response = await handler(command({ cmd: "getSystemUIDs", data: {} }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(["sys_admin"]);
  });

  it("answers a channel command through its handler, 501 without one", async () => {
    const handler = createDatasourceHandler({ getSystemUIDs: () => [], getSubscribers: (channel) => [`${channel.channel_id}-owner`] });
    expect(await (await handler(command({ cmd: "getSubscribers", data: { channel_id: "g1", channel_type: 2 } }))).json()).toEqual(["g1-owner"]);
    expect((await handler(command({ cmd: "getBlacklist", data: { channel_id: "g1", channel_type: 2 } }))).status).toBe(501);
  });

  it("answers 400 for an unknown or malformed command and 500 for a wrong answer", async () => {
    const errors: unknown[] = [];
    const handler = createDatasourceHandler({ getSystemUIDs: () => [42] as unknown as string[] }, { onError: (e) => void errors.push(e) });
    expect((await handler(command({ cmd: "getUsers", data: {} }))).status).toBe(400);
    expect((await handler(command({ cmd: "getSubscribers", data: { channel_id: "g1" } }))).status).toBe(400);
    expect((await handler(command({ cmd: "getSystemUIDs", data: {} }))).status).toBe(500);
    expect((errors[2] as WukongimWebhookError).kind).toBe("answer");
  });
});

describe("toNodeListener (node:http and Express)", () => {
  const seen: WukongimWebhookEvent[] = [];
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer(toNodeListener(createWukongimWebhookHandler((event) => void seen.push(event))));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("receives a delivery over HTTP as the server posts it", async () => {
    const response = await fetch(`${url}?event=msg.notify`, { method: "POST", headers: { "content-type": "application/json" }, body: CAPTURED_NOTIFY });
    expect(response.status).toBe(200);
    const last = seen.at(-1);
    expect(last?.event === "msg.notify" && last.messages[0]?.message_id).toBe(2128896882963812352n);
  });

  it("answers 400 over HTTP for an invalid delivery", async () => {
    const response = await fetch(`${url}?event=user.onlinestatus`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"uid":"alice"}' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("schema");
  });

  it("uses a body an Express parser already read (express.raw), and reports a failure to next()", async () => {
    const listener = toNodeListener(createWukongimWebhookHandler(() => undefined));
    const written: { status?: number; ended?: boolean } = {};
    const done = new Promise<void>((resolve) => {
      listener(
        {
          method: "POST",
          url: "/webhook?event=user.onlinestatus",
          headers: { host: "x", "content-type": "application/json" },
          body: Buffer.from('["alice-1-1-3-1-1"]'),
          async *[Symbol.asyncIterator]() {},
        },
        {
          statusCode: 0,
          setHeader: () => undefined,
          end() {
            written.status = this.statusCode;
            written.ended = true;
            resolve();
          },
        },
      );
    });
    await done;
    expect(written).toEqual({ status: 200, ended: true });

    const failure = await new Promise<unknown>((resolve) => {
      toNodeListener(() => Promise.reject(new Error("boom")))(
        { method: "POST", url: "/", headers: {}, async *[Symbol.asyncIterator]() {} },
        { statusCode: 0, setHeader: () => undefined, end: () => undefined },
        resolve,
      );
    });
    expect(String(failure)).toMatch(/boom/);
  });
});
