// WuKongIM, stateful: users, a group, subscribers, group and person messages, sync, conversations.
// Everything created is named with the run prefix and removed (or logged out) at the end.
import { afterAll, describe, expect, inject, it } from "vitest";
import { writePartial } from "../../src/report.js";
import { eventually, Session } from "../../src/session.js";
import { loadContract, type Json } from "../../src/spec.js";

const target = inject("contractTargets").wukongim;
const readOnly = inject("contractReadOnly");
const prefix = inject("contractRunPrefix");
type Obj = Record<string, Json>;
const b64 = (text: string) => Buffer.from(JSON.stringify({ type: 1, content: text })).toString("base64");

if (target?.real && !readOnly) describe("WuKongIM scenario", () => {
  const s = new Session(loadContract("wukongim"), target!);
  const u1 = `${prefix}_u1`;
  const u2 = `${prefix}_u2`;
  const u3 = `${prefix}_u3`;
  const group = `${prefix}_g`;

  afterAll(async () => {
    await s.call("POST", "/channel/delete", { channel_id: group, channel_type: 2 }).catch(() => undefined);
    for (const uid of [u1, u2, u3]) await s.call("POST", "/user/device_quit", { uid, device_flag: -1 }).catch(() => undefined);
    writePartial(inject("contractPartialDir"), "wukongim-scenario", s.results);
  });

  it("registers user tokens", async () => {
    for (const uid of [u1, u2, u3]) {
      const r = await s.call("POST", "/user/token", { uid, token: `${uid}_token`, device_flag: 0, device_level: 1 });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ status: 200 });
    }
  });

  it("creates a group and adds a subscriber", async () => {
    expect((await s.call("POST", "/channel", { channel_id: group, channel_type: 2, subscribers: [u1, u2] })).status).toBe(200);
    expect((await s.call("POST", "/channel/subscriber_add", { channel_id: group, channel_type: 2, subscribers: [u3] })).status).toBe(200);
  });

  it("sends to the group and finds the message with messagesync and max_message_seq", async () => {
    const sent = await s.call("POST", "/message/send", { header: { no_persist: 0, red_dot: 1, sync_once: 0 }, client_msg_no: `${prefix}_m1`, from_uid: u1, channel_id: group, channel_type: 2, payload: b64("hello group") });
    expect(sent.status).toBe(200);
    expect((sent.body as Obj)["data"]).toMatchObject({ client_msg_no: `${prefix}_m1` });
    const message = await eventually(async () => {
      const page = await s.call("POST", "/channel/messagesync", { login_uid: u1, channel_id: group, channel_type: 2, start_message_seq: 0, end_message_seq: 0, limit: 20, pull_mode: 1 });
      return ((page.body as Obj)?.["messages"] as Obj[] | undefined)?.find((m) => m["client_msg_no"] === `${prefix}_m1`);
    }, "the group message in messagesync");
    expect(Buffer.from(String(message["payload"]), "base64").toString()).toContain("hello group");
    const max = await s.call("GET", "/channel/max_message_seq", undefined, { query: { channel_id: group, channel_type: "2" } });
    expect(Number((max.body as Obj)["message_seq"])).toBeGreaterThanOrEqual(Number(message["message_seq"]));
  });

  it("lists the conversation with unread messages, then clears them", async () => {
    const conversation = await eventually(async () => {
      const r = await s.call("POST", "/conversation/sync", { uid: u2, msg_count: 1 });
      return (r.body as Obj[] | undefined)?.find((c) => c["channel_id"] === group);
    }, "u2's conversation with the group");
    expect(Number(conversation["unread"])).toBeGreaterThanOrEqual(1);
    expect((await s.call("POST", "/conversations/clearUnread", { uid: u2, channel_id: group, channel_type: 2 })).status).toBe(200);
    const cleared = await eventually(async () => {
      const r = await s.call("POST", "/conversation/sync", { uid: u2, msg_count: 1 });
      const c = (r.body as Obj[] | undefined)?.find((x) => x["channel_id"] === group);
      return c && Number(c["unread"]) === 0 ? c : undefined;
    }, "unread 0 after clearUnread");
    expect(cleared["unread"]).toBe(0);
  });

  it("sends in a person channel and finds it from both sides", async () => {
    const sent = await s.call("POST", "/message/send", { header: { no_persist: 0, red_dot: 1, sync_once: 0 }, client_msg_no: `${prefix}_p1`, from_uid: u1, channel_id: u2, channel_type: 1, payload: b64("hello person") });
    expect(sent.status).toBe(200);
    await eventually(async () => {
      const page = await s.call("POST", "/channel/messagesync", { login_uid: u2, channel_id: u1, channel_type: 1, start_message_seq: 0, end_message_seq: 0, limit: 20, pull_mode: 1 });
      return ((page.body as Obj)?.["messages"] as Obj[] | undefined)?.find((m) => m["client_msg_no"] === `${prefix}_p1`);
    }, "the person message seen by u2");
  });

  it("keeps the contract on every call of the scenario", () => {
    expect(s.results.length).toBeGreaterThan(0);
    expect(s.describeViolations()).toBe("");
  });
});
