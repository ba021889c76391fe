// The stateful OpenChat mock acts on the WuKongIM state, as OpenChat acts on its WuKongIM: what a
// logged-in user sends through OpenChat is in WuKongIM's channel, from that user's uid.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMocks, type RunningMocks } from "../src/index.js";
import { createOpenchatClient, createWukongimClient, encodePayload, openchatLogin, unwrapOpenchat, unwrapWukongim } from "./clients.js";

let mocks: RunningMocks<"wukongim" | "openchat">;
beforeAll(async () => {
  mocks = await startMocks({ apis: ["wukongim", "openchat"], stateful: true });
});
afterAll(() => mocks.stop());
beforeEach(() => mocks.reset());

const session = (username: string) => openchatLogin({ baseUrl: mocks.urls.openchat, username, password: "OpenChat@123" });
const wk = () => createWukongimClient({ baseUrl: mocks.urls.wukongim, retry: false });

describe("the stateful OpenChat mock", () => {
  it("logs users in with their own ids and a WuKongIM token registered for them", async () => {
    const alice = await session("alice");
    const someone = await session("someone_new");
    expect(alice.login.user).toMatchObject({ id: "2", username: "alice" });
    expect(someone.login.user.id).not.toBe("2");
    expect(alice.login.imConfig?.uid).toBe("2");
    expect(unwrapOpenchat(await alice.client.GET("/api/v1/im/config"))).toMatchObject({ uid: "2" });
    // A wrong password is still refused, as with the seed data.
    await expect(openchatLogin({ baseUrl: mocks.urls.openchat, username: "alice", password: "nope" })).rejects.toMatchObject({ status: 401 });
    expect(mocks.requests({ api: "openchat", operation: "loginUser" }).map((e) => e.answeredBy)).toEqual(["state", "state", "prism"]);
  });

  it("creates a channel and subscribers in WuKongIM, sends as the caller, and syncs it back", async () => {
    const { client } = await session("alice");
    expect(unwrapOpenchat(await client.POST("/api/v1/im/channel/create", { body: { channelId: "team", channelType: 2, name: "Team" } }))).toEqual({ channelId: "team", channelType: 2, name: "Team" });
    expect(unwrapOpenchat(await client.POST("/api/v1/im/channel/subscriber/add", { body: { channelId: "team", channelType: 2, subscribers: ["2", "3"] } }))).toEqual({ added: 2 });
    const payload = encodePayload({ type: 1, content: "hello team" });
    const sent = unwrapOpenchat(await client.POST("/api/v1/im/message/send", { body: { channelId: "team", channelType: 2, payload, clientMsgNo: "oc-1" } }));
    expect(sent).toMatchObject({ messageSeq: 1 });
    expect(sent.messageId).toMatch(/^\d{17,}$/);

    const synced = unwrapOpenchat(await client.GET("/api/v1/im/message/sync", { params: { query: { channelId: "team", channelType: 2 } } }));
    expect(synced).toEqual([{ messageId: sent.messageId, messageSeq: 1, channelId: "team", channelType: 2, fromUid: "2", payload, timestamp: expect.any(Number) }]);
    // The same message, read from WuKongIM.
    const page = unwrapWukongim(await wk().POST("/channel/messagesync", { body: { login_uid: "3", channel_id: "team", channel_type: 2, start_message_seq: 0, end_message_seq: 0, limit: 10, pull_mode: 1 } }));
    expect(page.messages.map((m) => [String(m.message_id), m.from_uid, m.client_msg_no])).toEqual([[sent.messageId, "2", "oc-1"]]);
    expect(unwrapOpenchat(await client.GET("/api/v1/im/message/sync", { params: { query: { channelId: "team", channelType: 2, lastMessageSeq: 1 } } }))).toEqual([]);

    expect(unwrapOpenchat(await client.POST("/api/v1/im/channel/subscriber/remove", { body: { channelId: "team", channelType: 2, subscribers: ["3", "9"] } }))).toEqual({ removed: 1 });
    expect(unwrapOpenchat(await client.POST("/api/v1/im/channel/delete", { body: { channelId: "team", channelType: 2 } }))).toEqual({ channelId: "team" });
    expect(unwrapWukongim(await wk().GET("/channel/max_message_seq", { params: { query: { channel_id: "team", channel_type: 2 } } }))).toEqual({ message_seq: 0 });
  });

  it("sends person messages between two logged-in users, and registers WuKongIM tokens", async () => {
    const alice = await session("alice");
    const bob = await session("bob");
    const payload = encodePayload({ type: 1, content: "hi bob" });
    unwrapOpenchat(await alice.client.POST("/api/v1/im/message/send", { body: { channelId: "3", channelType: 1, payload } }));
    const seenByBob = unwrapOpenchat(await bob.client.GET("/api/v1/im/message/sync", { params: { query: { channelId: "2", channelType: 1 } } }));
    expect(seenByBob.map((m) => [m.fromUid, m.payload])).toEqual([["2", payload]]);
    const { token } = unwrapOpenchat(await bob.client.POST("/api/v1/im/token", { body: {} }));
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    // A token that is not a JWT still names one caller consistently.
    const plain = createOpenchatClient({ baseUrl: mocks.urls.openchat, token: "opaque-token" });
    unwrapOpenchat(await plain.POST("/api/v1/im/channel/create", { body: { channelId: "room", channelType: 2 } }));
    expect(unwrapOpenchat(await plain.POST("/api/v1/im/message/send", { body: { channelId: "room", channelType: 2, payload } }))).toMatchObject({ messageSeq: 0 });
    expect(mocks.requests({ operation: "sendMessage", api: "openchat" }).at(-1)!.note).toMatch(/is not a subscriber of room/);
  });
});
