// Echo: where the real server gives request values back, the stateless mock does too, so an app's
// assertions on them hold against the mock as they do against the server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMocks, wildfireSign, type RunningMocks } from "../src/index.js";
import { createOpenchatClient, createWildfireClient, createWukongimClient, encodePayload, messageIdOf, openchatLogin, unwrapOpenchat, unwrapWildfire, unwrapWukongim } from "./clients.js";

let mocks: RunningMocks;
beforeAll(async () => {
  mocks = await startMocks();
});
afterAll(() => mocks.stop());

const payload = encodePayload({ type: 1, content: "hi" });

describe("WuKongIM echo", () => {
  const wk = () => createWukongimClient({ baseUrl: mocks.urls.wukongim!, retry: false });

  it("gives a send's client_msg_no back, and a fresh one when the client sends none", async () => {
    const sent = unwrapWukongim(await wk().POST("/message/send", { body: { from_uid: "u_1", channel_id: "g_9", channel_type: 2, payload, client_msg_no: "order-42" } }));
    expect(sent).toMatchObject({ data: { client_msg_no: "order-42" } });
    const raw = await fetch(`${mocks.urls.wukongim}/message/send`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ channel_id: "g_9", channel_type: 2, payload }) });
    const generated = ((await raw.json()) as { data: { client_msg_no: string } }).data.client_msg_no;
    expect(generated).toMatch(/^[0-9a-f]{32}0$/);
    const toSubscribers = await fetch(`${mocks.urls.wukongim}/message/send`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ header: { sync_once: 1 }, subscribers: ["u_2"], payload }) });
    expect(await toSubscribers.json()).toEqual({ status: 200 });
  });

  it("gives a message event's channel_id, from_uid and client_msg_no back", async () => {
    const { data } = await wk().POST("/message/event", { body: { channel_id: "g_9", channel_type: 2, from_uid: "bot_7", client_msg_no: "stream-1", event_id: "e-1", event_type: "stream.delta", payload: { text: "he" } } });
    expect(data).toMatchObject({ status: 200, data: { channel_id: "g_9", channel_type: 2, from_uid: "bot_7", client_msg_no: "stream-1", event_id: "e-1" } });
  });

  it("reads messages in the channel asked about, and a message by its exact id", async () => {
    const page = unwrapWukongim(await wk().POST("/channel/messagesync", { body: { login_uid: "u_1", channel_id: "g_9", channel_type: 2, start_message_seq: 7, end_message_seq: 0, limit: 20, pull_mode: 1 } }));
    expect(page.start_message_seq).toBe(7);
    expect(page.messages.length).toBeGreaterThan(0);
    for (const m of page.messages) expect([m.channel_id, m.channel_type]).toEqual(["g_9", 2]);
    const one = unwrapWukongim(await wk().POST("/message", { body: { channel_id: "g_9", channel_type: 2, message_id: 2124257267757780993n } }));
    expect(one).toMatchObject({ channel_id: "g_9", message_id: 2124257267757780993n });
    expect(messageIdOf(one as { message_id: bigint; message_idstr: string })).toBe("2124257267757780993");
  });

  it("leaves the example as it is when Prism's Prefer header asks for one", async () => {
    const response = await fetch(`${mocks.urls.wukongim}/message/send`, { method: "POST", headers: { "content-type": "application/json", prefer: "example=sent" }, body: JSON.stringify({ channel_id: "g_9", channel_type: 2, payload, client_msg_no: "mine" }) });
    expect(await response.json()).toEqual({ status: 200, data: { message_id: 123456789, client_msg_no: "client_msg_123" } });
  });
});

describe("wildfire echo", () => {
  const wf = () => createWildfireClient({ baseUrl: mocks.urls.wildfire!, secret: "123456", retry: false });

  it("answers get_info with the user asked for, by id or by name", async () => {
    expect(unwrapWildfire(await wf().POST("/admin/user/get_info", { body: { userId: "u_carol" } }))).toMatchObject({ userId: "u_carol" });
    expect(unwrapWildfire(await wf().POST("/admin/user/get_info", { body: { name: "carol" } }))).toMatchObject({ name: "carol" });
    const batch = unwrapWildfire(await wf().POST("/admin/user/batch_get_infos", { body: { list: ["u_a", "u_b", "u_c"] } }));
    expect(batch.userInfos?.map((u) => u.userId)).toEqual(["u_a", "u_b", "u_c"]);
  });

  it("answers group reads with the group asked for", async () => {
    expect(unwrapWildfire(await wf().POST("/admin/group/get_info", { body: { groupId: "g_team" } }))).toMatchObject({ target_id: "g_team" });
    expect(unwrapWildfire(await wf().POST("/admin/group/member/get", { body: { groupId: "g_team", memberId: "u_dave" } }))).toMatchObject({ member_id: "u_dave" });
    const created = unwrapWildfire(await wf().POST("/admin/group/create", { body: { operator: "u_admin", group: { group_info: { target_id: "g_new", name: "New", owner: "u_admin", type: 2 }, members: [{ member_id: "u_admin", type: 2 }] } } }));
    expect(created).toEqual({ group_id: "g_new" });
  });

  it("answers get_one with the exact message uid asked for", async () => {
    const response = await fetch(`${mocks.urls.wildfire}/admin/message/get_one`, { method: "POST", headers: signed(), body: '{"messageUid":2124257267757780993}' });
    expect(await response.text()).toContain('"messageId":2124257267757780993');
  });
});

describe("OpenChat echo", () => {
  it("names the logged-in user in the IM config and gives created channels back", async () => {
    const { client } = await openchatLogin({ baseUrl: mocks.urls.openchat!, username: "alice", password: "OpenChat@123" });
    // The example login token's userId claim is "2", alice in OpenChat's seed data.
    expect(unwrapOpenchat(await client.GET("/api/v1/im/config"))).toMatchObject({ uid: "2" });
    const plain = createOpenchatClient({ baseUrl: mocks.urls.openchat!, token: "not-a-jwt" });
    expect(unwrapOpenchat(await plain.POST("/api/v1/im/channel/create", { body: { channelId: "c_1", channelType: 2, name: "Room" } }))).toEqual({ channelId: "c_1", channelType: 2, name: "Room" });
    expect(unwrapOpenchat(await plain.POST("/api/v1/im/channel/delete", { body: { channelId: "c_1", channelType: 2 } }))).toEqual({ channelId: "c_1" });
  });
});

function signed(): Record<string, string> {
  const timestamp = String(Date.now());
  return { nonce: "1", timestamp, sign: wildfireSign("1", "123456", timestamp), "content-type": "application/json" };
}
