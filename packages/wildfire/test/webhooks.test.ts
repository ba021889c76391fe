import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CALLBACK_CONFIG_KEYS,
  censorResponse,
  createWildfireCallbackHandler,
  receiveWildfireCallback,
  resolveWildfireCallback,
  toNodeListener,
  WILDFIRE_CALLBACKS,
  WildfireCallbackError,
  type WildfireCallbackEvent,
  type WildfireCallbackName,
} from "../src/webhooks.js";

interface Spec {
  webhooks: Record<string, { post: { "x-config-key": string; requestBody: { content: { "application/json": { examples: Record<string, { value: unknown }> } } } } }>;
}
const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as Spec;
const examplesOf = (name: string) => Object.entries(spec.webhooks[name]?.post.requestBody.content["application/json"].examples ?? {});
const firstExample = (name: string) => examplesOf(name)[0]?.[1].value;

function post(path: string, body: unknown, init: { method?: string; contentType?: string; raw?: string } = {}): Request {
  return new Request(`http://backend.test${path}`, {
    method: init.method ?? "POST",
    headers: { "content-type": init.contentType ?? "application/json; charset=utf-8" },
    body: init.method === "GET" ? undefined : (init.raw ?? JSON.stringify(body)),
  });
}

async function rejected(promise: Promise<unknown>): Promise<WildfireCallbackError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WildfireCallbackError);
  return error as WildfireCallbackError;
}

// A forward exactly as a 1.4.8 server posted it (captured live); messageId is above 2^53.
const CAPTURED_FORWARD =
  '{"messageId":590700022241198081,"sender":"wfa_u1","conv":{"type":0,"target":"wfa_u2","line":0},"payload":{"type":1,"searchableContent":"hello webhook","pushContent":"","pushData":"","content":"","mediaType":0,"remoteMediaUrl":"","persistFlag":0,"expireDuration":0,"mentionedType":0,"mentionedTarget":[],"extra":""},"toUsers":[],"timestamp":1796403719956}';

describe("receiveWildfireCallback: every example of the spec", () => {
  it("knows every callback of the spec, with its config key", () => {
    expect([...WILDFIRE_CALLBACKS].sort()).toEqual(Object.keys(spec.webhooks).sort());
    for (const name of WILDFIRE_CALLBACKS) expect(CALLBACK_CONFIG_KEYS[name]).toBe(spec.webhooks[name]?.post["x-config-key"]);
    expect(CALLBACK_CONFIG_KEYS["message.forward"]).toBe("message.forward.url");
  });

  for (const name of WILDFIRE_CALLBACKS) {
    const examples = examplesOf(name);
    it(`has examples for ${name}`, () => expect(examples.length).toBeGreaterThan(0));
    for (const [exampleName, example] of examples) {
      it(`${name} / ${exampleName}`, async () => {
        const event = await receiveWildfireCallback(name, post(`/wildfire/${name}`, example.value));
        expect(event.event).toBe(name);
        expect(event.body).toEqual(example.value);
      });
    }
  }
});

describe("decoding", () => {
  it("keeps message ids above 2^53 exact (a captured forward)", async () => {
    const event = await receiveWildfireCallback("message.forward", post("/x", null, { raw: CAPTURED_FORWARD }));
    expect(event.message.messageId).toBe(590700022241198081n);
    expect(event.message.payload?.searchableContent).toBe("hello webhook");
    expect(event.data).toBeUndefined();
  });

  it("decodes a payload's base64edData", async () => {
    const body = JSON.parse(CAPTURED_FORWARD) as { payload: Record<string, unknown> };
    body.payload.base64edData = Buffer.from("binary!").toString("base64");
    const event = await receiveWildfireCallback("robot.message", post("/x", body));
    expect(Buffer.from(event.data ?? []).toString()).toBe("binary!");
  });

  it("puts the session ids the server swaps back the right way round", async () => {
    const event = await receiveWildfireCallback("user.online_status", post("/x", firstExample("user.online_status")));
    expect(event.status).toBe("online");
    expect(event.sessions[0]).toMatchObject({ userId: "u_test01", clientId: "9f2c4b1e-android-01", connected: true });
    const loggedOut = await receiveWildfireCallback("user.online_status", post("/x", examplesOf("user.online_status")[1]?.[1].value));
    expect(loggedOut.status).toBe("logout");
    expect(loggedOut.sessions.map((s) => s.connected)).toEqual([false, false]);
  });

  it("names each change type", async () => {
    const change = async (name: WildfireCallbackName, body: unknown) => ((await receiveWildfireCallback(name, post("/x", body))) as { change?: string }).change;
    expect(await change("group.info_update", { operatorId: "a", groupId: "g", type: 3, groupInfo: {} })).toBe("muted");
    expect(await change("group.member_update", { operatorId: "a", groupId: "g", memberIds: ["b"], type: 4, value: "{}" })).toBe("aliasChanged");
    expect(await change("relation.update", { userId: "a", targetId: "b", type: 2, value: "1" })).toBe("blacklist");
    expect(await change("channel.info_update", { operatorId: "a", channelId: "c", type: 3 })).toBe("destroyed");
    expect(await change("chatroom.member_update", { operatorId: "a", chatroomId: "c", memberIds: ["a"], type: 1 })).toBe("left");
    const recall = await receiveWildfireCallback("message.recall", post("/x", firstExample("message.recall")));
    expect([recall.recalledBy, recall.isAdmin]).toEqual(["u_test01", true]);
    const sub = await receiveWildfireCallback("channel.subscribe", post("/x", { userId: "u", channelId: "c", status: 0 }));
    expect(sub.subscribed).toBe(false);
  });
});

describe("bad input is a typed error", () => {
  it("an unknown callback name, a method other than POST, a body that is not JSON", async () => {
    expect((await rejected(receiveWildfireCallback("message.edit" as WildfireCallbackName, post("/x", {})))).kind).toBe("callback");
    const method = await rejected(receiveWildfireCallback("message.forward", post("/x", null, { method: "GET" })));
    expect([method.kind, method.status]).toEqual(["method", 405]);
    expect((await rejected(receiveWildfireCallback("message.forward", post("/x", null, { raw: "{" })))).kind).toBe("json");
    expect((await rejected(receiveWildfireCallback("message.forward", post("/x", {}, { contentType: "application/x-www-form-urlencoded" })))).kind).toBe("content-type");
  });

  it("a body the contract does not allow, with every problem named", async () => {
    const error = await rejected(receiveWildfireCallback("relation.update", post("/x", { userId: "a", targetId: 7, type: 9 })));
    expect(error.kind).toBe("schema");
    expect(error.problems).toEqual(expect.arrayContaining(["/targetId must be string", "/type must be equal to one of the allowed values", "/ must have required property 'value'"]));
    expect((await rejected(receiveWildfireCallback("message.forward", post("/x", { sender: "a" })))).problems).toContain("/ must have required property 'messageId'");
  });

  it("a body over the limit: 413", async () => {
    const error = await rejected(receiveWildfireCallback("message.forward", post("/x", null, { raw: CAPTURED_FORWARD }), { maxBodyBytes: 64 }));
    expect([error.kind, error.status]).toEqual(["too-large", 413]);
  });
});

describe("the censor's verdicts (sensitive.remote_server_url)", () => {
  it("send → empty 200, replace → 200 with the payload, reject → 403", async () => {
    const send = censorResponse({ action: "send" });
    expect([send.status, await send.text()]).toEqual([200, ""]);
    const replace = censorResponse({ action: "replace", payload: { type: 1, searchableContent: "[censored]" } });
    expect([replace.status, await replace.json()]).toEqual([200, { type: 1, searchableContent: "[censored]" }]);
    expect(censorResponse({ action: "reject" }).status).toBe(403);
  });

  it("refuses a replacement the server would ignore", () => {
    expect(() => censorResponse({ action: "replace", payload: { type: 0 } })).toThrow(WildfireCallbackError);
    expect(() => censorResponse({ action: "replace", payload: { type: 1, searchable: "x" } as never })).toThrow(/does not match/);
  });

  it("the handler answers the verdict, sends when there is no censor, and answers 500 (the server then sends the original) when it fails", async () => {
    const body = firstExample("message.censor");
    const censor = createWildfireCallbackHandler({
      "message.censor": (event) => (String(event.message.payload?.searchableContent).includes("replace") ? { action: "reject" } : { action: "send" }),
    });
    expect((await censor(post("/wildfire/message.censor", body))).status).toBe(403);
    expect((await createWildfireCallbackHandler({})(post("/wildfire/message.censor", body))).status).toBe(200);
    const failing = createWildfireCallbackHandler({
      "message.censor": () => {
        throw new Error("censor down");
      },
    });
    expect((await failing(post("/wildfire/message.censor", body))).status).toBe(500);
  });
});

describe("createWildfireCallbackHandler", () => {
  it("tells the callback from the URL, including the channel callback's /message and /subscribe", () => {
    expect(resolveWildfireCallback(post("/wildfire/group.info_update", {}))).toBe("group.info_update");
    expect(resolveWildfireCallback(post("/hooks?callback=relation.update", {}))).toBe("relation.update");
    expect(resolveWildfireCallback(post("/channel/c1/message", {}))).toBe("channel.message");
    expect(resolveWildfireCallback(post("/channel/c1/subscribe", {}))).toBe("channel.subscribe");
    expect(resolveWildfireCallback(post("/somewhere", {}))).toBeUndefined();
  });

  it("calls the callback's handler and answers 200; 404 for an unknown URL; 400 for an invalid body", async () => {
    const seen: WildfireCallbackEvent[] = [];
    const handler = createWildfireCallbackHandler({ "group.member_update": (event) => void seen.push(event) });
    expect((await handler(post("/wildfire/group.member_update", firstExample("group.member_update")))).status).toBe(200);
    expect(seen.map((e) => e.event)).toEqual(["group.member_update"]);
    expect((await handler(post("/wildfire/chatroom.info_update", firstExample("chatroom.info_update")))).status).toBe(200);
    expect((await handler(post("/wildfire/nothing", {}))).status).toBe(404);
    const invalid = await handler(post("/wildfire/group.member_update", { groupId: "g" }));
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: string }).error).toBe("schema");
  });

  it("answers 500 when a handler fails", async () => {
    const errors: unknown[] = [];
    const handler = createWildfireCallbackHandler(
      {
        "user.info_update": () => {
          throw new Error("crm down");
        },
      },
      { onError: (e) => void errors.push(e) },
    );
    expect((await handler(post("/wildfire/user.info_update", firstExample("user.info_update")))).status).toBe(500);
    expect(String(errors[0])).toMatch(/crm down/);
  });
});

describe("toNodeListener over HTTP", () => {
  const seen: WildfireCallbackEvent[] = [];
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(
      toNodeListener(
        createWildfireCallbackHandler({
          "message.forward": (event) => void seen.push(event),
          "message.censor": () => ({ action: "replace", payload: { type: 1, searchableContent: "[censored]" } }),
        }),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wildfire`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("receives a forward as the server posts it", async () => {
    const response = await fetch(`${base}/message.forward`, { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: CAPTURED_FORWARD });
    expect(response.status).toBe(200);
    expect(seen.at(-1)?.event).toBe("message.forward");
  });

  it("answers the censor with the replacement the server reads", async () => {
    const response = await fetch(`${base}/message.censor`, { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: CAPTURED_FORWARD });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 1, searchableContent: "[censored]" });
  });

  it("answers 400 for an invalid body", async () => {
    const response = await fetch(`${base}/message.forward`, { method: "POST", headers: { "content-type": "application/json" }, body: "[]" });
    expect(response.status).toBe(400);
  });
});
