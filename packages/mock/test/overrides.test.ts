// Per-test answers: a status and body checked against the spec (or deliberately off it), a named
// example, and which requests an override answers (match, times, newest first).
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockError, startMocks, type RunningMocks } from "../src/index.js";
import { createWildfireClient, unwrapWildfire } from "./clients.js";

let mocks: RunningMocks<"wukongim" | "wildfire">;
beforeAll(async () => {
  mocks = await startMocks({ apis: ["wukongim", "wildfire"] });
});
afterAll(() => mocks.stop());
beforeEach(() => mocks.reset());

const wildfire = () => createWildfireClient({ baseUrl: mocks.urls.wildfire, secret: "123456", retry: false });
const post = (path: string, body: unknown) => fetch(`${mocks.urls.wukongim}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("status and body replies", () => {
  it("answer with the given body, and the client reads it as from the server", async () => {
    mocks.override({
      api: "wildfire",
      operation: "getUserInfo",
      reply: { status: 200, body: { code: 0, msg: "success", result: { userId: "u_alice", name: "alice", displayName: "Alice", type: 0 } } },
    });
    const user = unwrapWildfire(await wildfire().POST("/admin/user/get_info", { body: { userId: "u_alice" } }));
    expect(user).toMatchObject({ userId: "u_alice", displayName: "Alice" });
    expect(mocks.requests({ operation: "getUserInfo" })[0]).toMatchObject({ answeredBy: "override", overrideId: expect.stringMatching(/^o\d+$/) });
  });

  it("are checked against the spec when installed, naming what is wrong", () => {
    expect(() => mocks.override({ api: "wildfire", operation: "getUserInfo", reply: { status: 200, body: { code: "0" } } })).toThrow(MockError);
    expect(() => mocks.override({ api: "wildfire", operation: "getUserInfo", reply: { status: 200, body: { code: "0" } } })).toThrow(/\/code: must be integer.*offContract: true/);
    expect(() => mocks.override({ api: "wukongim", operation: "getHealth", reply: { status: 418 } })).toThrow(/status 418 is not declared \(the spec has 200, 401, 500\)/);
    expect(() => mocks.override({ operation: "getHealth", reply: { status: 200 } })).toThrow(/say which API \(api: "wukongim" \| "wildfire"\)/);
    expect(() => mocks.override({ api: "wukongim", operation: "getHealth", times: 0, reply: { status: 200 } })).toThrow(/times must be a whole number/);
    expect(() => mocks.override({ api: "wukongim", operation: "getHealth", reply: { fault: "explode" } as never })).toThrow(/unknown fault "explode"; choose from reset, delay, stall, truncate, unavailable/);
    expect(mocks.requests()).toEqual([]);
  });

  it("label wildfire's 500 text application/json, as the real server does (the spec's x-sent-as)", async () => {
    const crash = "java.lang.NullPointerException: groupInfo is null";
    mocks.override({ api: "wildfire", operation: "getUserInfo", reply: { status: 500, body: crash } });
    const nonce = "n1";
    const timestamp = String(Date.now());
    const sign = createHash("sha1").update(`${nonce}|123456|${timestamp}`).digest("hex");
    const answer = await fetch(`${mocks.urls.wildfire}/admin/user/get_info`, {
      method: "POST",
      headers: { "content-type": "application/json", nonce, timestamp, sign },
      body: JSON.stringify({ userId: "u_alice" }),
    });
    expect(answer.status).toBe(500);
    expect(answer.headers.get("content-type")).toBe("application/json;charset=utf-8");
    expect(await answer.text()).toBe(crash);
  });

  it("may be deliberately off the contract, with headers and a delay", async () => {
    mocks.override({ api: "wukongim", operation: "getHealth", reply: { status: 502, body: "<html>bad gateway</html>", headers: { "content-type": "text/html", "x-proxy": "nginx" }, offContract: true, delayMs: 150 } });
    const started = performance.now();
    const response = await fetch(`${mocks.urls.wukongim}/health`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect([response.status, response.headers.get("content-type"), response.headers.get("x-proxy"), await response.text()]).toEqual([502, "text/html", "nginx", "<html>bad gateway</html>"]);
  });

  it("send bigint values as exact JSON integers", async () => {
    mocks.override({ api: "wukongim", operation: "sendMessage", reply: { status: 200, body: { status: 200, data: { message_id: 2124257267757780992n, client_msg_no: "k" } } } });
    const response = await post("/message/send", { channel_id: "g1", channel_type: 2, payload: "aGk=" });
    expect(await response.text()).toBe('{"status":200,"data":{"message_id":2124257267757780992,"client_msg_no":"k"}}');
  });

  it("do not answer a request the spec rejects: it gets the API's own error and the override is not used up", async () => {
    const o = mocks.override({ api: "wukongim", operation: "sendMessage", times: 1, reply: { status: 200, body: { status: 200 } } });
    const bad = await post("/message/send", { channel_id: "g1", channel_type: 2 });
    expect(bad.status).toBe(400);
    expect(o.used).toBe(0);
    expect(await (await post("/message/send", { channel_id: "g1", channel_type: 2, payload: "aGk=" })).json()).toEqual({ status: 200 });
    expect([o.used, o.remaining]).toEqual([1, 0]);
  });
});

describe("named examples", () => {
  it("answer with one of the operation's examples, whatever its status", async () => {
    mocks.override({ api: "wildfire", operation: "getUserInfo", reply: { example: "notFound" } });
    const { data } = await wildfire().POST("/admin/user/get_info", { body: { userId: "u_gone" } });
    expect(data).toEqual({ code: 253, msg: "not exist" });
    mocks.override({ api: "wukongim", operation: "updateUserToken", reply: { example: "uidSpecialChar" } });
    const answer = await post("/user/token", { uid: "u1", token: "t" });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ status: 400, msg: expect.stringContaining("特殊字符") });
  });

  it("must exist: the error lists the operation's examples", () => {
    expect(() => mocks.override({ api: "wildfire", operation: "getUserInfo", reply: { example: "missing" } })).toThrow('wildfire getUserInfo has no response example "missing"; it has found, notFound, malformedBody, unknownRoute');
  });

  it("are what Prism's Prefer header picks, which keeps working without an override", async () => {
    const response = await fetch(`${mocks.urls.wukongim}/health`, { headers: { prefer: "code=500, example=clusterError" } });
    expect([response.status, await response.json()]).toEqual([500, { status: "error", message: "cluster not ready" }]);
  });
});

describe("which requests an override answers", () => {
  it("matches a partial body, the query and headers, or a function", async () => {
    mocks.override({ api: "wildfire", operation: "getUserInfo", match: { body: { userId: "u_blocked" } }, reply: { example: "notFound" } });
    const client = wildfire();
    expect((await client.POST("/admin/user/get_info", { body: { userId: "u_blocked" } })).data).toMatchObject({ code: 253 });
    expect((await client.POST("/admin/user/get_info", { body: { userId: "u_other" } })).data).toMatchObject({ code: 0 });

    mocks.override({ api: "wukongim", operation: "getChannelMaxMessageSeq", match: { query: { channel_id: "busy" }, headers: { "X-Test": "1" } }, reply: { status: 200, body: { message_seq: 99 } } });
    const max = (id: string, headers: Record<string, string> = {}) => fetch(`${mocks.urls.wukongim}/channel/max_message_seq?channel_id=${id}&channel_type=2`, { headers }).then((r) => r.json());
    expect(await max("busy", { "x-test": "1" })).toEqual({ message_seq: 99 });
    expect(await max("busy")).not.toEqual({ message_seq: 99 });
    expect(await max("quiet", { "x-test": "1" })).not.toEqual({ message_seq: 99 });

    mocks.override({ api: "wukongim", operation: "sendMessage", match: (r) => (r.body as { from_uid?: string }).from_uid?.startsWith("bot_") === true, reply: { fault: "unavailable" } });
    expect((await post("/message/send", { from_uid: "bot_1", channel_id: "g", channel_type: 2, payload: "aGk=" })).status).toBe(503);
    expect((await post("/message/send", { from_uid: "u_1", channel_id: "g", channel_type: 2, payload: "aGk=" })).status).toBe(200);
  });

  it("answers `times` requests, the newest matching override first, until removed", async () => {
    const always = mocks.override({ api: "wukongim", operation: "getHealth", reply: { status: 500, body: { status: "error", message: "always" } } });
    mocks.override({ api: "wukongim", operation: "getHealth", times: 2, reply: { status: 500, body: { status: "error", message: "twice" } } });
    const messages = [];
    for (let i = 0; i < 3; i++) messages.push(((await (await fetch(`${mocks.urls.wukongim}/health`)).json()) as { message: string }).message);
    expect(messages).toEqual(["twice", "twice", "always"]);
    expect(always.used).toBe(1);
    always.remove();
    expect((await fetch(`${mocks.urls.wukongim}/health`)).status).toBe(200);
  });
});
