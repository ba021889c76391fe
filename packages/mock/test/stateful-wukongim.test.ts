// The stateful WuKongIM mock, driven by the real client as an app's backend drives the server: what
// is created and sent is found by the later calls, with the server's own ids, checks and errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMocks, type RunningMocks } from "../src/index.js";
import { createWukongimClient, decodePayload, encodePayload, messageIdOf, unwrapWukongim as unwrap } from "./clients.js";

let mocks: RunningMocks<"wukongim">;
beforeAll(async () => {
  mocks = await startMocks({ apis: ["wukongim"], stateful: true });
});
afterAll(() => mocks.stop());
beforeEach(() => mocks.reset());

const wk = () => createWukongimClient({ baseUrl: mocks.urls.wukongim, retry: false });
const text = (content: string) => encodePayload({ type: 1, content });
const header = { no_persist: 0, red_dot: 1, sync_once: 0 };

async function group(id: string, subscribers: string[]) {
  const client = wk();
  for (const uid of subscribers) unwrap(await client.POST("/user/token", { body: { uid, token: `${uid}-token`, device_flag: 0, device_level: 1 } }));
  unwrap(await client.POST("/channel", { body: { channel_id: id, channel_type: 2, subscribers } }));
}

async function sync(login: string, channel: string, type: number, range: { start?: number; end?: number; limit?: number; pull?: number } = {}) {
  return unwrap(await wk().POST("/channel/messagesync", { body: { login_uid: login, channel_id: channel, channel_type: type, start_message_seq: range.start ?? 0, end_message_seq: range.end ?? 0, limit: range.limit ?? 20, pull_mode: range.pull ?? 1 } }));
}

describe("the stateful WuKongIM mock", () => {
  it("stores a group send that messagesync, max_message_seq, /messages, /message and last_message find, with an id above 2^53", async () => {
    await group("g1", ["u1", "u2"]);
    const client = wk();
    const sent = unwrap(await client.POST("/message/send", { body: { header, client_msg_no: "m1", from_uid: "u1", channel_id: "g1", channel_type: 2, payload: text("hello group") } }));
    if (!sent.data) throw new Error("expected the send's data");
    expect(sent.data.client_msg_no).toBe("m1");
    expect(typeof sent.data.message_id).toBe("bigint");
    expect(sent.data.message_id as bigint).toBeGreaterThan(2n ** 53n);

    const page = await sync("u2", "g1", 2);
    expect(page.messages).toHaveLength(1);
    const [m] = page.messages;
    expect(m).toMatchObject({ message_id: sent.data.message_id, message_seq: 1, client_msg_no: "m1", from_uid: "u1", channel_id: "g1", channel_type: 2 });
    expect(messageIdOf(m!)).toBe(String(sent.data.message_id));
    expect(decodePayload(m!.payload)).toEqual({ type: 1, content: "hello group" });

    expect(unwrap(await client.GET("/channel/max_message_seq", { params: { query: { channel_id: "g1", channel_type: 2 } } }))).toEqual({ message_seq: 1 });
    const byId = unwrap(await client.POST("/messages", { body: { channel_id: "g1", channel_type: 2, message_ids: [sent.data.message_id] } }));
    expect(byId.messages.map((x) => x.client_msg_no)).toEqual(["m1"]);
    expect(unwrap(await client.POST("/message", { body: { channel_id: "g1", channel_type: 2, client_msg_no: "m1" } }))).toMatchObject({ message_id: sent.data.message_id });
    expect(unwrap(await client.GET("/channel/last_message", { params: { query: { channel_id: "g1", channel_type: 2 } } }))).toMatchObject({ client_msg_no: "m1" });
    // Not found is the server's HTTP-200 {"status":404}.
    const { data: missing } = await client.POST("/message", { body: { channel_id: "g1", channel_type: 2, client_msg_no: "nope" } });
    expect(missing).toEqual({ status: 404 });
    expect(mocks.requests({ operation: "sendMessage" })[0]).toMatchObject({ answeredBy: "state", status: 200 });
  });

  it("pages history as v2 does: latest, newer than a seq, older than a seq, with more", async () => {
    await group("g2", ["u1"]);
    for (let i = 1; i <= 5; i++) unwrap(await wk().POST("/message/send", { body: { from_uid: "u1", channel_id: "g2", channel_type: 2, payload: text(`m${i}`), client_msg_no: `k${i}` } }));
    const seqs = (p: { messages: { message_seq: number }[]; more: number }) => [p.messages.map((m) => Number(m.message_seq)), p.more];
    expect(seqs(await sync("u1", "g2", 2, { limit: 2 }))).toEqual([[4, 5], 1]);
    expect(seqs(await sync("u1", "g2", 2, { start: 2, limit: 2, pull: 1 }))).toEqual([[2, 3], 1]);
    expect(seqs(await sync("u1", "g2", 2, { start: 2, end: 4, limit: 10, pull: 1 }))).toEqual([[2, 3], 0]);
    expect(seqs(await sync("u1", "g2", 2, { start: 4, end: 1, limit: 10, pull: 0 }))).toEqual([[2, 3, 4], 0]);
    expect(seqs(await sync("u1", "g2", 2, { start: 5, limit: 2, pull: 0 }))).toEqual([[4, 5], 1]);
    const empty = await sync("u1", "nobody_wrote_here", 2);
    expect(empty).toEqual({ start_message_seq: 0, end_message_seq: 0, more: 0, messages: [] });
  });

  it("keeps conversations with unread counts that clearUnread, setUnread and delete change", async () => {
    await group("g3", ["u1", "u2"]);
    const client = wk();
    unwrap(await client.POST("/message/send", { body: { header, from_uid: "u1", channel_id: "g3", channel_type: 2, payload: text("one") } }));
    unwrap(await client.POST("/message/send", { body: { header, from_uid: "u1", channel_id: "g3", channel_type: 2, payload: text("two"), client_msg_no: "last" } }));
    const list = async (uid: string) => unwrap(await client.POST("/conversation/sync", { body: { uid, msg_count: 1 } }));
    const [c2] = await list("u2");
    expect(c2).toMatchObject({ channel_id: "g3", channel_type: 2, unread: 2, last_msg_seq: 2, last_client_msg_no: "last", readed_to_msg_seq: 0 });
    expect(c2!.recents).toHaveLength(1);
    // The sender has read its own messages.
    expect((await list("u1"))[0]).toMatchObject({ unread: 0, readed_to_msg_seq: 2 });

    unwrap(await client.POST("/conversations/clearUnread", { body: { uid: "u2", channel_id: "g3", channel_type: 2 } }));
    expect((await list("u2"))[0]).toMatchObject({ unread: 0, readed_to_msg_seq: 2 });
    unwrap(await client.POST("/conversations/setUnread", { body: { uid: "u2", channel_id: "g3", channel_type: 2, unread: 1 } }));
    expect((await list("u2"))[0]).toMatchObject({ unread: 1, readed_to_msg_seq: 1 });
    expect(unwrap(await client.POST("/conversation/channels", { body: { uid: "u2" } }))).toEqual([{ channel_id: "g3", channel_type: 2 }]);
    unwrap(await client.POST("/conversations/delete", { body: { uid: "u2", channel_id: "g3", channel_type: 2 } }));
    expect(await list("u2")).toEqual([]);
  });

  it("finds a person message from both sides, with the peer as channel_id", async () => {
    const client = wk();
    unwrap(await client.POST("/message/send", { body: { header, client_msg_no: "p1", from_uid: "alice", channel_id: "bob", channel_type: 1, payload: text("hi bob") } }));
    const seenByBob = await sync("bob", "alice", 1);
    const seenByAlice = await sync("alice", "bob", 1);
    expect(seenByBob.messages.map((m) => [m.client_msg_no, m.from_uid, m.channel_id])).toEqual([["p1", "alice", "bob"]]);
    expect(seenByAlice.messages.map((m) => m.client_msg_no)).toEqual(["p1"]);
    expect(unwrap(await client.GET("/channel/max_message_seq", { params: { query: { channel_id: "alice", channel_type: 1, login_uid: "bob" } } }))).toEqual({ message_seq: 1 });
    const [conversation] = unwrap(await client.POST("/conversation/sync", { body: { uid: "bob", msg_count: 5 } }));
    expect(conversation).toMatchObject({ channel_id: "alice", channel_type: 1, unread: 1 });
  });

  it("answers 200 but stores nothing for a send the server would refuse, and says why in the journal", async () => {
    await group("g4", ["u1", "u2"]);
    const client = wk();
    unwrap(await client.POST("/message/send", { body: { from_uid: "stranger", channel_id: "g4", channel_type: 2, payload: text("let me in") } }));
    unwrap(await client.POST("/channel/blacklist_add", { body: { channel_id: "g4", channel_type: 2, uids: ["u2"] } }));
    unwrap(await client.POST("/message/send", { body: { from_uid: "u2", channel_id: "g4", channel_type: 2, payload: text("denied") } }));
    unwrap(await client.POST("/channel/whitelist_add", { body: { channel_id: "g4", channel_type: 2, uids: ["u2"] } }));
    unwrap(await client.POST("/message/send", { body: { from_uid: "u1", channel_id: "g4", channel_type: 2, payload: text("not allowed") } }));
    unwrap(await client.POST("/channel/blacklist_remove", { body: { channel_id: "g4", channel_type: 2, uids: ["u2"] } }));
    unwrap(await client.POST("/message/send", { body: { from_uid: "u2", channel_id: "g4", channel_type: 2, payload: text("allowed"), client_msg_no: "ok" } }));
    unwrap(await client.POST("/message/send", { body: { from_uid: "u1", channel_id: "never_created", channel_type: 2, payload: text("?") } }));

    expect((await sync("u1", "g4", 2)).messages.map((m) => m.client_msg_no)).toEqual(["ok"]);
    expect(unwrap(await client.GET("/channel/whitelist", { params: { query: { channel_id: "g4", channel_type: 2 } } })).map((e) => e.uid)).toEqual(["u2"]);
    const notes = mocks.requests({ operation: "sendMessage" }).map((e) => e.note ?? "stored");
    expect(notes).toEqual([
      expect.stringContaining("stranger is not a subscriber of g4 (reason SubscriberNotExist)"),
      expect.stringContaining("u2 is on the channel's denylist"),
      expect.stringContaining("u1 is not on the channel's allowlist"),
      "stored",
      expect.stringContaining("does not exist"),
    ]);
  });

  it("refuses what the server refuses, with its messages", async () => {
    const client = wk();
    const refused = async (call: Promise<{ error?: unknown; response: Response }>) => {
      const { error, response } = await call;
      expect(response.status).toBe(400);
      return (error as { msg: string }).msg;
    };
    // (sic: the server's message for deleting a person channel)
    expect(await refused(client.POST("/channel/delete", { body: { channel_id: "p", channel_type: 1 } }))).toBe("个人频道不支持添加订阅者！");
    unwrap(await client.POST("/user/systemuids_add", { body: { uids: ["robot"] } }));
    expect(unwrap(await client.GET("/user/systemuids"))).toEqual(["robot"]);
    expect(await refused(client.POST("/user/token", { body: { uid: "robot", token: "t", device_flag: 0 } }))).toBe("系统账号不允许更新token！");
    expect(await refused(client.GET("/channel/max_message_seq", { params: { query: { channel_id: "bob", channel_type: 1 } } }))).toBe("login_uid不能为空");
    expect(await refused(client.POST("/message/send", { body: { subscribers: ["a"], payload: text("x") } }))).toBe("无法处理发送消息请求！");
  });

  it("delivers command messages through /message/sync until acknowledged, and sendbatch to each person channel", async () => {
    const client = wk();
    unwrap(await client.POST("/message/send", { body: { header: { no_persist: 0, red_dot: 0, sync_once: 1 }, from_uid: "sys_bot", subscribers: ["u7", "u8"], payload: text("refresh") } }));
    const pending = unwrap(await client.POST("/message/sync", { body: { uid: "u7", limit: 10 } }));
    expect(pending.map((m) => decodePayload(m.payload))).toEqual([{ type: 1, content: "refresh" }]);
    unwrap(await client.POST("/message/syncack", { body: { uid: "u7", last_message_seq: Number(pending[0]!.message_seq) } }));
    expect(unwrap(await client.POST("/message/sync", { body: { uid: "u7", limit: 10 } }))).toEqual([]);

    expect(unwrap(await client.POST("/message/sendbatch", { body: { from_uid: "notice", subscribers: ["u7", "u8"], payload: text("hello both") } }))).toEqual({ fail_uids: [], reason: [] });
    expect((await sync("u8", "notice", 1)).messages.map((m) => decodePayload(m.payload))).toEqual([{ type: 1, content: "hello both" }]);
  });

  it("forgets everything on reset, and falls back to the examples for routes it does not keep", async () => {
    await group("g5", ["u1"]);
    unwrap(await wk().POST("/message/send", { body: { from_uid: "u1", channel_id: "g5", channel_type: 2, payload: text("x") } }));
    mocks.reset();
    expect((await sync("u1", "g5", 2)).messages).toEqual([]);
    const varz = unwrap(await wk().GET("/varz"));
    expect(varz).toHaveProperty("server_id");
    expect(mocks.requests({ operation: "getServerVars" })[0]!.answeredBy).toBe("prism");
  });
});
