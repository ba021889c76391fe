import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWukongimClient, messageIdOf, unwrap } from "../src/index.js";
import { startLocalServer } from "@im-openapi/test-support/local-server";

describe("messageIdOf", () => {
  it("prefers message_idstr", () => {
    expect(messageIdOf({ message_id: 1899123456789012200, message_idstr: "1899123456789012345" })).toBe("1899123456789012345");
  });

  it("falls back to a bigint or safe-integer message_id", () => {
    expect(messageIdOf({ message_id: 1899123456789012345n })).toBe("1899123456789012345");
    expect(messageIdOf({ message_id: 123456789 })).toBe("123456789");
    expect(messageIdOf({ message_id: "1899123456789012345" })).toBe("1899123456789012345");
    expect(messageIdOf({ message_idstr: "", message_id: 42 })).toBe("42");
  });

  it("refuses a message_id that has already lost its digits", () => {
    expect(() => messageIdOf({ message_id: 1899123456789012345 })).toThrow(/not a safe integer/);
    expect(() => messageIdOf({})).toThrow(/neither message_idstr nor message_id/);
  });
});

describe("message ids through createWukongimClient", () => {
  const big = '{"header":{"no_persist":0,"red_dot":1,"sync_once":0},"setting":0,"message_id":1899123456789012345,"message_idstr":"1899123456789012345","client_msg_no":"client_msg_123","message_seq":1001,"from_uid":"user123","channel_id":"group123","channel_type":2,"expire":0,"timestamp":1700000000,"payload":"SGVsbG8gV29ybGQ="}';
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  beforeAll(async () => {
    server = await startLocalServer({
      "POST /message": () => ({ status: 200, body: big }),
      "POST /channel/messagesync": () => ({ status: 200, body: `{"start_message_seq":0,"end_message_seq":0,"more":0,"messages":[${big},${big.replace("12345,", "12346,").replace('12345"', '12346"')}]}` }),
    });
  });
  afterAll(() => server.close());

  it("decodes message_id above 2^53 as an exact bigint", async () => {
    const client = createWukongimClient({ baseUrl: server.url });
    const message = unwrap(await client.POST("/message", { body: { channel_id: "group123", channel_type: 2, message_id: 1899123456789012345n } }));
    expect(message.message_id).toBe(1899123456789012345n);
    expect(message.message_idstr).toBe("1899123456789012345");
    expect(messageIdOf(message)).toBe("1899123456789012345");
    // The request carried the bigint as a plain JSON integer.
    expect(server.requests[0]!.body).toContain('"message_id":1899123456789012345');
    // JSON.parse would have rounded it.
    expect(String(JSON.parse(big).message_id)).not.toBe("1899123456789012345");
  });

  it("keeps every id in a page exact", async () => {
    const client = createWukongimClient({ baseUrl: server.url });
    const page = unwrap(await client.POST("/channel/messagesync", { body: { login_uid: "user123", channel_id: "group123", channel_type: 2, limit: 20 } }));
    expect(page.messages.map(messageIdOf)).toEqual(["1899123456789012345", "1899123456789012346"]);
    expect(page.messages.map((m) => m.message_id)).toEqual([1899123456789012345n, 1899123456789012346n]);
  });
});
