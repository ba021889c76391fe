// The webhooks the mock fires: a receiver built with the clients' own typed receivers gets what the
// real servers would post after the calls the mock answered, with WuKongIM's batching and retries.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockError, formatLogEntry, startMocks, type RecordedRequest, type RunningMocks } from "../src/index.js";
import { createWildfireClient, createWukongimClient, encodePayload, unwrapWildfire, unwrapWukongim } from "./clients.js";
import { createWukongimWebhookHandler, toNodeListener, type WukongimWebhookEvent } from "../../wukongim/dist/webhooks.js";
import { receiveWildfireCallback } from "../../wildfire/dist/webhooks.js";

const wukongimEvents: WukongimWebhookEvent[] = [];
const wildfireEvents: { name: string; event: unknown }[] = [];
const failures: unknown[] = [];
/** What the WuKongIM receiver answers: 200 through the typed handler, or a bare status. */
let answerWith: number | "handler" = "handler";
/** When set, the next msg.notify delivery is held until it resolves, then answered with its status. */
let hold: Promise<number> | undefined;
const logLines: string[] = [];
/** Requests the receiver got in this test; each is journaled once the mock has its answer. */
let hits = 0;

const wukongimHandler = toNodeListener(createWukongimWebhookHandler((event) => void wukongimEvents.push(event), { onError: (e) => failures.push(e) }));
const receiver = http.createServer((req, res) => {
  hits++;
  const url = new URL(req.url ?? "/", "http://receiver");
  if (url.pathname === "/wukongim") {
    const held = hold;
    if (held && url.searchParams.get("event") === "msg.notify") {
      hold = undefined;
      req.resume();
      void held.then((status) => res.writeHead(status).end());
      return;
    }
    if (answerWith === "handler") return wukongimHandler(req, res);
    req.resume();
    req.on("end", () => res.writeHead(answerWith as number).end());
    return;
  }
  const name = url.pathname.split("/").at(-1)!;
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const request = new Request(`http://receiver${req.url}`, { method: "POST", headers: { "content-type": req.headers["content-type"] ?? "" }, body: Buffer.concat(chunks) });
    receiveWildfireCallback(name as "group.info_update", request).then(
      (event) => {
        wildfireEvents.push({ name, event });
        res.writeHead(200).end();
      },
      (error: unknown) => {
        failures.push(error);
        res.writeHead(400).end();
      },
    );
  });
});

let mocks: RunningMocks<"wukongim" | "wildfire">;
let base = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  mocks = await startMocks({
    apis: ["wukongim", "wildfire"],
    stateful: true,
    wukongimWebhook: `${base}/wukongim`,
    wildfireCallbacks: { "group.group_info_update_callback": `${base}/wildfire/group.info_update`, "group.member_update": `${base}/wildfire/group.member_update`, "message.forward.url": `${base}/wildfire/message.forward` },
    webhookBatchMs: 20,
    webhookRetryPauseMs: 20,
    onRequest: (entry) => logLines.push(formatLogEntry(entry)),
  });
});
afterAll(async () => {
  await mocks?.stop();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});
// A test ends when every delivery its receiver got is journaled, so none spills into the next.
afterEach(async () => {
  await until("the deliveries to be journaled", () => mocks.requests({ where: (e) => e.answeredBy === "webhook" }).length >= hits);
});
beforeEach(() => {
  hits = 0;
  mocks.reset();
  wukongimEvents.length = 0;
  wildfireEvents.length = 0;
  failures.length = 0;
  answerWith = "handler";
  hold = undefined;
});

async function until<T>(what: string, found: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = found();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`waited ${timeoutMs} ms for ${what}; failures: ${failures.map(String).join("; ")}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const wk = () => createWukongimClient({ baseUrl: mocks.urls.wukongim, retry: false });
const wf = () => createWildfireClient({ baseUrl: mocks.urls.wildfire, secret: "123456", retry: false });
const deliveries = (event: string) => mocks.requests({ where: (e: RecordedRequest) => e.webhook?.event === event });

async function groupWith(id: string, subscribers: string[]) {
  unwrapWukongim(await wk().POST("/channel", { body: { channel_id: id, channel_type: 2, subscribers } }));
}

describe("webhooks the mock fires", () => {
  it("a send through the client reaches the typed receiver as a valid msg.notify, and its offline subscribers as msg.offline", async () => {
    await groupWith("g1", ["u1", "u2", "u3"]);
    unwrapWukongim(await wk().POST("/message/send", { body: { header: { no_persist: 0, red_dot: 1, sync_once: 0 }, client_msg_no: "hook-1", from_uid: "u1", channel_id: "g1", channel_type: 2, payload: encodePayload({ type: 1, content: "hello hooks" }) } }));
    const notify = await until("msg.notify", () => wukongimEvents.find((e) => e.event === "msg.notify"));
    if (notify.event !== "msg.notify") throw new Error("unreachable");
    expect(notify.messages).toHaveLength(1);
    expect(notify.messages[0]).toMatchObject({ client_msg_no: "hook-1", from_uid: "u1", channel_id: "g1", channel_type: 2, message_seq: 1, content: { type: 1, content: "hello hooks" } });
    const offline = await until("msg.offline", () => wukongimEvents.find((e) => e.event === "msg.offline"));
    if (offline.event !== "msg.offline") throw new Error("unreachable");
    expect([...offline.toUids].sort()).toEqual(["u2", "u3"]);
    expect(failures).toEqual([]);
    const [sent] = await mocks.waitFor({ where: (e) => e.webhook?.event === "msg.notify", timeoutMs: 20_000 });
    expect(sent).toMatchObject({ api: "wukongim", answeredBy: "webhook", status: 200, operationId: "handleMsgNotify", query: { event: "msg.notify" } });
    expect(logLines.some((l) => /^\[wukongim\] → webhook msg\.notify 200 \d+ms$/.test(l))).toBe(true);
  });

  it("messages sent while a batch is out wait behind it, and go with its retry as one batch", async () => {
    await groupWith("g2", ["u1", "u2"]);
    let release!: (status: number) => void;
    hold = new Promise<number>((resolve) => (release = resolve));
    const send = async (i: number) => unwrapWukongim(await wk().POST("/message/send", { body: { from_uid: "u1", channel_id: "g2", channel_type: 2, client_msg_no: `b${i}`, payload: encodePayload({ type: 1, content: `m${i}` }) } }));
    await send(1);
    await until("the first batch to be out", () => hold === undefined);
    await send(2);
    await send(3);
    release(500);
    const notify = await until("the retried batch", () => wukongimEvents.find((e) => e.event === "msg.notify"));
    if (notify.event !== "msg.notify") throw new Error("unreachable");
    expect(notify.messages.map((m) => m.client_msg_no)).toEqual(["b1", "b2", "b3"]);
    const both = await mocks.waitFor({ where: (e) => e.webhook?.event === "msg.notify", count: 2, timeoutMs: 20_000 });
    expect(both.map((d) => [d.status, d.webhook?.attempt])).toEqual([[500, 1], [200, 2]]);
  });

  it("a receiver answering 201 gets each batch five times, then the messages are dropped", async () => {
    answerWith = 201;
    await groupWith("g3", ["u1", "u2"]);
    unwrapWukongim(await wk().POST("/message/send", { body: { from_uid: "u1", channel_id: "g3", channel_type: 2, client_msg_no: "lost", payload: encodePayload({ type: 1, content: "lost" }) } }));
    const tries = await until("five attempts", () => (deliveries("msg.notify").length >= 5 ? deliveries("msg.notify") : undefined));
    expect(tries.map((t) => [t.status, t.webhook?.attempt])).toEqual([1, 2, 3, 4, 5].map((n) => [201, n]));
    expect(logLines.some((l) => l.includes("→ webhook msg.notify 201") && l.includes("(attempt 5)"))).toBe(true);
    // Back to 200: the next batch carries only the new message.
    answerWith = "handler";
    unwrapWukongim(await wk().POST("/message/send", { body: { from_uid: "u1", channel_id: "g3", channel_type: 2, client_msg_no: "kept", payload: encodePayload({ type: 1, content: "kept" }) } }));
    const notify = await until("the next msg.notify", () => wukongimEvents.find((e) => e.event === "msg.notify"));
    if (notify.event !== "msg.notify") throw new Error("unreachable");
    expect(notify.messages.map((m) => m.client_msg_no)).toEqual(["kept"]);
    await mocks.waitFor({ where: (e) => e.webhook?.event === "msg.notify" && e.status === 200, timeoutMs: 20_000 });
    expect(deliveries("msg.notify").map((d) => d.status)).toEqual([201, 201, 201, 201, 201, 200]);
  });

  it("pushes any event on demand, the spec's example by default, and refuses a body the spec rejects", async () => {
    const delivery = await mocks.pushWebhook({ api: "wukongim", event: "user.onlinestatus" });
    expect(delivery).toMatchObject({ event: "user.onlinestatus", status: 200, attempt: 1 });
    expect(wukongimEvents.map((e) => e.event)).toEqual(["user.onlinestatus"]);
    await expect(mocks.pushWebhook({ api: "wukongim", event: "msg.offline", body: { to_uids: "u2" } })).rejects.toThrow(MockError);
    await expect(mocks.pushWebhook({ api: "wukongim", event: "no.such" })).rejects.toThrow(/has no webhook 'no.such'.*msg\.notify/);
    await expect(mocks.pushWebhook({ api: "wildfire", event: "relation.update" })).rejects.toThrow(/--wildfire-callback relation\.relation_update_callback=URL/);
  });

  it("the admin API lists the events and pushes one", async () => {
    const listed = (await (await fetch(`${mocks.urls.wildfire}/__im-mock/webhooks`)).json()) as { events: { event: string; url: string | null }[] };
    expect(listed.events).toContainEqual({ event: "group.info_update", url: `${base}/wildfire/group.info_update` });
    expect(listed.events).toContainEqual({ event: "relation.update", url: null });
    const res = await fetch(`${mocks.urls.wukongim}/__im-mock/webhooks`, { method: "POST", body: JSON.stringify({ event: "msg.offline" }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ event: "msg.offline", status: 200 });
    expect(wukongimEvents.map((e) => e.event)).toEqual(["msg.offline"]);
    const bad = await fetch(`${mocks.urls.wukongim}/__im-mock/webhooks`, { method: "POST", body: JSON.stringify({ event: "msg.offline", body: [] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/breaks the spec/);
  });

  it("a wildfire group create, member add and send reach their callbacks, valid and unsigned", async () => {
    const client = wf();
    unwrapWildfire(await client.POST("/admin/group/create", { body: { operator: "u_a", group: { group_info: { target_id: "g_hooks", name: "Hooks", owner: "u_a", type: 2 }, members: [{ member_id: "u_a" }, { member_id: "u_b" }] } } }));
    const created = await until("group.info_update", () => wildfireEvents.find((e) => e.name === "group.info_update"));
    expect(created.event).toMatchObject({ event: "group.info_update", change: "created" });
    expect((created.event as { body: unknown }).body).toMatchObject({ groupId: "g_hooks", operatorId: "u_a", type: 0, groupInfo: { target_id: "g_hooks", name: "Hooks", owner: "u_a", member_count: 2 } });
    unwrapWildfire(await client.POST("/admin/group/member/add", { body: { operator: "u_a", group_id: "g_hooks", members: [{ member_id: "u_c" }] } }));
    const joined = await until("group.member_update", () => wildfireEvents.find((e) => e.name === "group.member_update"));
    expect((joined.event as { body: unknown }).body).toMatchObject({ groupId: "g_hooks", memberIds: ["u_c"], type: 0 });
    unwrapWildfire(await client.POST("/admin/message/send", { body: { sender: "u_a", conv: { type: 1, target: "g_hooks", line: 0 }, payload: { type: 1, searchableContent: "hi group" } } }));
    const forwarded = await until("message.forward", () => wildfireEvents.find((e) => e.name === "message.forward"));
    expect((forwarded.event as { body: unknown }).body).toMatchObject({ sender: "u_a", conv: { type: 1, target: "g_hooks" } });
    expect(failures).toEqual([]);
    const sent = mocks.requests({ where: (e) => e.webhook?.event === "group.info_update" })[0]!;
    expect(sent.headers).not.toHaveProperty("sign");
  });
});
