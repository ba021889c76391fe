import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOpenchatWebhookHandler,
  OPENCHAT_WEBHOOK_EVENTS,
  OpenchatWebhookError,
  receiveOpenchatWebhook,
  signOpenchatWebhook,
  toNodeListener,
  type OpenchatWebhookEvent,
} from "../src/webhooks.js";

interface Spec {
  webhooks: Record<string, { post: { requestBody: { content: { "application/json": { examples: Record<string, { value: unknown }> } } } } }>;
}
const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as Spec;
const examplesOf = (name: string) => Object.entries(spec.webhooks[name]?.post.requestBody.content["application/json"].examples ?? {});

const URL_ = "http://openchat.test/im/api/v1/webhook/wukongim";
function post(body: unknown, init: { headers?: Record<string, string>; raw?: string; url?: string; method?: string } = {}): Request {
  return new Request(init.url ?? URL_, {
    method: init.method ?? "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: init.method === "GET" ? undefined : (init.raw ?? JSON.stringify(body)),
  });
}
async function rejected(promise: Promise<unknown>): Promise<OpenchatWebhookError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenchatWebhookError);
  return error as OpenchatWebhookError;
}

const ack = { event: "message_ack", data: { message_id: "1899123456789013", channel_id: "bob", channel_type: 1, from_uid: "alice", to_uid: "bob", timestamp: 1796403544 }, timestamp: 1796403544 };

describe("receiveOpenchatWebhook: every example of the spec", () => {
  it("knows every event of the spec", () => expect([...OPENCHAT_WEBHOOK_EVENTS].sort()).toEqual(Object.keys(spec.webhooks).sort()));
  for (const name of OPENCHAT_WEBHOOK_EVENTS) {
    const examples = examplesOf(name);
    it(`has examples for ${name}`, () => expect(examples.length).toBeGreaterThan(0));
    for (const [exampleName, example] of examples) {
      it(`${name} / ${exampleName}`, async () => {
        const event = await receiveOpenchatWebhook(post(example.value));
        expect(event.event).toBe(name);
        expect(event.data).toEqual((example.value as { data: unknown }).data);
      });
    }
  }
});

describe("what WuKongIM really sends is refused, saying why", () => {
  it("a msg.notify delivery (event in the query, a bare array)", async () => {
    const error = await rejected(receiveOpenchatWebhook(post([{ message_id: 1 }], { url: `${URL_}?event=msg.notify` })));
    expect(error.kind).toBe("wukongim-format");
    expect(error.message).toMatch(/@im-openapi\/wukongim/);
    expect((await rejected(receiveOpenchatWebhook(post(["alice-1-1-3-1-1"])))).kind).toBe("wukongim-format");
  });

  it("an msg.offline body without the envelope", async () => {
    const error = await rejected(receiveOpenchatWebhook(post({ message_id: 1, to_uids: ["bob"] })));
    expect(error.kind).toBe("event");
  });
});

describe("bad input is a typed error", () => {
  it("method, content type, JSON, unknown event, schema", async () => {
    expect((await rejected(receiveOpenchatWebhook(post(null, { method: "GET" })))).status).toBe(405);
    expect((await rejected(receiveOpenchatWebhook(post(ack, { headers: { "content-type": "text/plain" } })))).kind).toBe("content-type");
    expect((await rejected(receiveOpenchatWebhook(post(null, { raw: "{" })))).kind).toBe("json");
    expect((await rejected(receiveOpenchatWebhook(post({ ...ack, event: "message_deleted" })))).kind).toBe("event");
    const error = await rejected(receiveOpenchatWebhook(post({ ...ack, data: { ...ack.data, to_uid: 7 } })));
    expect(error.kind).toBe("schema");
    expect(error.problems).toContain("/data/to_uid must be string");
    expect((await rejected(receiveOpenchatWebhook(post(ack), { maxBodyBytes: 10 }))).status).toBe(413);
  });
});

describe("signatures (WUKONGIM_WEBHOOK_SECRET)", () => {
  const secret = "s3cret";
  const now = 1796403544_000;
  const raw = JSON.stringify(ack);

  it("signs as OpenChat verifies (hex HMAC-SHA256 of the raw body)", async () => {
    const headers = await signOpenchatWebhook(raw, secret, { timestamp: 1796403544, nonce: "n1" });
    expect(headers["x-wukongim-signature"]).toBe(createHmac("sha256", secret).update(raw).digest("hex"));
    const event = await receiveOpenchatWebhook(post(null, { raw, headers }), { secret, now: () => now });
    expect(event.event).toBe("message_ack");
  });

  it("accepts a sha256= prefix and a millisecond timestamp", async () => {
    const signature = `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;
    const headers = { "x-wukongim-signature": signature, "x-wukongim-timestamp": String(now), "x-wukongim-nonce": "n2" };
    expect((await receiveOpenchatWebhook(post(null, { raw, headers }), { secret, now: () => now })).event).toBe("message_ack");
  });

  it("refuses missing, wrong, stale and replayed signatures with 401", async () => {
    const good = await signOpenchatWebhook(raw, secret, { timestamp: 1796403544, nonce: "n3" });
    const fails = async (headers: Record<string, string>, extra = {}) => (await rejected(receiveOpenchatWebhook(post(null, { raw, headers }), { secret, now: () => now, ...extra }))).message;
    expect(await fails({})).toBe("Missing signature");
    expect(await fails({ ...good, "x-wukongim-nonce": "" })).toBe("Missing nonce");
    expect(await fails({ ...good, "x-wukongim-signature": "abc" })).toBe("Invalid signature format");
    expect(await fails({ ...good, "x-wukongim-signature": "0".repeat(64) })).toBe("Invalid signature");
    expect(await fails({ ...good, "x-wukongim-timestamp": String(1796403544 - 301) })).toBe("Expired timestamp");
    expect(await fails(good, { nonceSeen: () => true })).toBe("Replay request detected");
    const error = await rejected(receiveOpenchatWebhook(post(null, { raw: raw.replace("bob", "eve"), headers: good }), { secret, now: () => now }));
    expect([error.kind, error.status, error.message]).toEqual(["signature", 401, "Invalid signature"]);
  });
});

describe("createOpenchatWebhookHandler", () => {
  it("answers 201 {success: true} like OpenChat, even when the handler fails", async () => {
    const seen: OpenchatWebhookEvent[] = [];
    const handler = createOpenchatWebhookHandler((event) => void seen.push(event));
    const response = await handler(post(ack));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ success: true });
    expect(seen[0]?.event).toBe("message_ack");
    const failing = createOpenchatWebhookHandler(() => {
      throw new Error("db down");
    });
    expect((await failing(post(ack))).status).toBe(201);
  });

  it("answers 400 for an invalid delivery and 401 for a bad signature", async () => {
    const handler = createOpenchatWebhookHandler(() => undefined, { secret: "x" });
    expect((await handler(post(ack))).status).toBe(401);
    const plain = createOpenchatWebhookHandler(() => undefined);
    const response = await plain(post([1, 2]));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("wukongim-format");
  });
});

describe("toNodeListener over HTTP", () => {
  const seen: OpenchatWebhookEvent[] = [];
  const secret = "s3cret";
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer(toNodeListener(createOpenchatWebhookHandler((event) => void seen.push(event), { secret })));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/wukongim`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("checks the signature over the raw bytes it received", async () => {
    const raw = JSON.stringify({ event: "user.online", data: { uid: "alice" }, timestamp: 1 });
    const headers = { "content-type": "application/json", ...(await signOpenchatWebhook(raw, secret)) };
    const response = await fetch(url, { method: "POST", headers, body: raw });
    expect(response.status).toBe(201);
    expect(seen.at(-1)?.event).toBe("user.online");
    expect((await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: raw })).status).toBe(401);
  });
});
