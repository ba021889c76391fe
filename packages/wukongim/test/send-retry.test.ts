import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWukongimClient, encodePayload, messageIdOf, operations, unwrap } from "../src/index.js";
import { startLocalServer } from "@im-openapi/test-support/local-server";

let server: Awaited<ReturnType<typeof startLocalServer>>;

beforeAll(async () => {
  server = await startLocalServer({
    // The first attempt fails with 503; the retry succeeds and echoes the key it received.
    "POST /message/send": (req, n) =>
      n === 1
        ? { status: 503, headers: { "retry-after": "0" } }
        : { status: 200, body: `{"status":200,"data":{"message_id":1899123456789012345,"client_msg_no":${JSON.stringify(JSON.parse(req.body).client_msg_no)}}}` },
    "POST /message/sendbatch": () => ({ status: 503, headers: { "retry-after": "0" } }),
  });
});

afterAll(() => server.close());

const payload = encodePayload({ type: 1, content: "hi" });

describe("POST /message/send retries", () => {
  it("fills a missing client_msg_no and sends the same one on every attempt", async () => {
    server.requests.length = 0;
    server.attempts.clear();
    const client = createWukongimClient({ baseUrl: server.url, retry: { minDelayMs: 1 } });
    const sent = unwrap(await client.POST("/message/send", { body: { from_uid: "user123", channel_id: "group123", channel_type: 2, payload } }));
    const sends = server.requests.filter((r) => r.path === "/message/send");
    expect(sends).toHaveLength(2);
    const keys = sends.map((r) => JSON.parse(r.body).client_msg_no as string);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[1]).toBe(keys[0]);
    // The rest of the body is untouched.
    expect(JSON.parse(sends[1]!.body)).toEqual({ from_uid: "user123", channel_id: "group123", channel_type: 2, payload, client_msg_no: keys[0] });
    if (!("data" in sent)) throw new Error("expected the send result");
    expect(sent.data.client_msg_no).toBe(keys[0]);
    expect(sent.data.message_id).toBe(1899123456789012345n);
    expect(messageIdOf(sent.data)).toBe("1899123456789012345");
  });

  it("keeps the caller's client_msg_no", async () => {
    server.requests.length = 0;
    server.attempts.clear();
    const client = createWukongimClient({ baseUrl: server.url, retry: { minDelayMs: 1 } });
    await client.POST("/message/send", { body: { channel_id: "group123", channel_type: 2, payload, client_msg_no: "client_msg_123" } });
    expect(server.requests.map((r) => JSON.parse(r.body).client_msg_no)).toEqual(["client_msg_123", "client_msg_123"]);
  });

  it("gives different sends different keys", async () => {
    server.requests.length = 0;
    const client = createWukongimClient({ baseUrl: server.url, retry: false });
    for (let i = 0; i < 3; i++) {
      server.attempts.clear();
      await client.POST("/message/send", { body: { channel_id: "group123", channel_type: 2, payload } });
    }
    const keys = new Set(server.requests.map((r) => JSON.parse(r.body).client_msg_no as string));
    expect(keys.size).toBe(3);
  });

  it("does not resend a message with retrySends: false", async () => {
    server.requests.length = 0;
    server.attempts.clear();
    const client = createWukongimClient({ baseUrl: server.url, retry: { minDelayMs: 1 }, retrySends: false });
    const { response } = await client.POST("/message/send", { body: { channel_id: "group123", channel_type: 2, payload } });
    expect(response.status).toBe(503);
    expect(server.requests.filter((r) => r.path === "/message/send")).toHaveLength(1);
  });

  it("never retries /message/sendbatch, which has no de-duplication key", async () => {
    server.requests.length = 0;
    server.attempts.clear();
    expect(operations["POST /message/sendbatch"].retrySafe).toBe(false);
    const client = createWukongimClient({ baseUrl: server.url, retry: { minDelayMs: 1 } });
    const result = await client.POST("/message/sendbatch", { body: { from_uid: "user123", subscribers: ["user456"], payload } });
    expect(result.response.status).toBe(503);
    expect(server.requests.filter((r) => r.path === "/message/sendbatch")).toHaveLength(1);
    expect(JSON.parse(server.requests[0]!.body)).not.toHaveProperty("client_msg_no");
  });
});
