// WuKongIM, stateful: user tokens, a group, subscribers, group and person messages found with
// messagesync and max_message_seq, conversation sync and clear unread. Everything created is named
// with the run prefix and removed (or logged out) at the end.
import { eventually, expectEqual, expectShape, expectThat } from "../expect.js";
import { expectStatus } from "../session.js";
import type { Json } from "../spec.js";
import type { Suite } from "../suite.js";
import { ScenarioSteps } from "./steps.js";

type Obj = Record<string, Json>;
const payload = (text: string) => Buffer.from(JSON.stringify({ type: 1, content: text })).toString("base64");
const asObj = (v: Json | undefined): Obj => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
const asList = (v: Json | undefined): Obj[] => (Array.isArray(v) ? v.map(asObj) : []);

export const wukongimScenario: Suite = {
  name: "WuKongIM scenario",
  enabled: (target) => target.api === "wukongim" && !target.mock,
  async run(ctx) {
    const steps = new ScenarioSteps(ctx, "scenario");
    /** The seq of the group message, once the send step has found it. */
    let groupSeq: number | undefined;
    const s = steps.session;
    const [u1, u2, u3, group] = [`${steps.prefix}_u1`, `${steps.prefix}_u2`, `${steps.prefix}_u3`, `${steps.prefix}_g`];
    const writes = { writes: true };
    const messages = async (login: string, channel: string, type: number) =>
      asList(asObj((await s.call("POST", "/channel/messagesync", { login_uid: login, channel_id: channel, channel_type: type, start_message_seq: 0, end_message_seq: 0, limit: 20, pull_mode: 1 })).body)["messages"]);

    await steps.step("registers user tokens", async () => {
      for (const uid of [u1, u2, u3]) {
        const r = await s.call("POST", "/user/token", { uid, token: `${uid}_token`, device_flag: 0, device_level: 1 });
        expectStatus(r, 200);
        expectEqual(r.body, { status: 200 }, "POST /user/token body");
      }
    }, writes);

    await steps.step("creates a group and adds a subscriber", async () => {
      expectStatus(await s.call("POST", "/channel", { channel_id: group, channel_type: 2, subscribers: [u1, u2] }), 200);
      expectStatus(await s.call("POST", "/channel/subscriber_add", { channel_id: group, channel_type: 2, subscribers: [u3] }), 200);
    }, writes);

    await steps.step("sends to the group and finds the message with messagesync and max_message_seq", async () => {
      const sent = await s.call("POST", "/message/send", { header: { no_persist: 0, red_dot: 1, sync_once: 0 }, client_msg_no: `${steps.prefix}_m1`, from_uid: u1, channel_id: group, channel_type: 2, payload: payload("hello group") });
      expectStatus(sent, 200);
      expectShape(asObj(sent.body)["data"], { client_msg_no: `${steps.prefix}_m1` }, "the send answer's data");
      const message = await eventually(async () => (await messages(u1, group, 2)).find((m) => m["client_msg_no"] === `${steps.prefix}_m1`), "the group message in /channel/messagesync");
      const text = Buffer.from(String(message["payload"]), "base64").toString();
      expectThat(text.includes("hello group"), "the synced payload to hold the text sent", text);
      const max = await s.call("GET", "/channel/max_message_seq", undefined, { query: { channel_id: group, channel_type: "2" } });
      const seq = asObj(max.body)["message_seq"];
      expectThat(Number(seq) >= Number(message["message_seq"]), `max_message_seq at least the message's seq ${String(message["message_seq"])}`, seq);
      groupSeq = Number(message["message_seq"]);
    }, writes);

    await steps.step("lists the conversation with unread messages, then clears them", async () => {
      const conversation = await eventually(async () => asList((await s.call("POST", "/conversation/sync", { uid: u2, msg_count: 1 })).body).find((c) => c["channel_id"] === group), "u2's conversation with the group in /conversation/sync");
      expectThat(Number(conversation["unread"]) >= 1, "at least 1 unread message", conversation["unread"]);
      // On a cluster, clearUnread is answered by the slot leader of u2 and marks read up to the last
      // message that node's own replica of the group holds: a replica still catching up leaves the
      // unread count as it was (HTTP 200 all the same). Wait until every replica holds the message.
      const seq = groupSeq ?? Number(asObj((await s.call("GET", "/channel/max_message_seq", undefined, { query: { channel_id: group, channel_type: "2" } })).body)["message_seq"]);
      await eventually(async () => {
        const replicas = (await s.call("GET", `/cluster/channels/${encodeURIComponent(group)}/2/replicas`)).body;
        return Array.isArray(replicas) && replicas.length > 0 && asList(replicas).every((r) => Number(r["last_msg_seq"]) >= seq) ? replicas : undefined;
      }, `every replica of the group (GET /cluster/channels/{id}/2/replicas) to hold message seq ${seq}`);
      expectStatus(await s.call("POST", "/conversations/clearUnread", { uid: u2, channel_id: group, channel_type: 2 }), 200);
      await eventually(async () => {
        const c = asList((await s.call("POST", "/conversation/sync", { uid: u2, msg_count: 1 })).body).find((x) => x["channel_id"] === group);
        return c && Number(c["unread"]) === 0 ? c : undefined;
      }, "unread 0 in /conversation/sync after clearUnread");
    }, writes);

    await steps.step("sends in a person channel and finds it from the receiver's side", async () => {
      const sent = await s.call("POST", "/message/send", { header: { no_persist: 0, red_dot: 1, sync_once: 0 }, client_msg_no: `${steps.prefix}_p1`, from_uid: u1, channel_id: u2, channel_type: 1, payload: payload("hello person") });
      expectStatus(sent, 200);
      await eventually(async () => (await messages(u2, u1, 1)).find((m) => m["client_msg_no"] === `${steps.prefix}_p1`), "the person message seen by u2");
    }, writes);

    await steps.step("removes what it created", async () => {
      await s.call("POST", "/channel/delete", { channel_id: group, channel_type: 2 });
      for (const uid of [u1, u2, u3]) await s.call("POST", "/user/device_quit", { uid, device_flag: -1 });
    }, { writes: true, lenient: true });
  },
};
