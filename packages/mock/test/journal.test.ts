// The request journal: what a test asks after its code has run ("did we call /user/token for the
// new user?"), from code (startMocks) and over the admin API (im-mock as a process).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_PREFIX, startMocks, type RecordedRequest, type RunningMocks } from "../src/index.js";
import { Journal, journalHeaders, redactBody } from "../src/journal.js";
import { isLoopback } from "../src/front.js";
import { createWildfireClient, createWukongimClient, encodePayload, unwrapWildfire, unwrapWukongim } from "./clients.js";

let mocks: RunningMocks<"wukongim" | "wildfire">;
const seen: RecordedRequest[] = [];
beforeAll(async () => {
  mocks = await startMocks({ apis: ["wukongim", "wildfire"], onRequest: (e) => seen.push(e) });
});
afterAll(() => mocks.stop());
beforeEach(() => mocks.reset());

describe("the journal", () => {
  it("records each request with its operation, query, headers, body and answer", async () => {
    const wk = createWukongimClient({ baseUrl: mocks.urls.wukongim, token: "manager-secret" });
    const payload = encodePayload({ type: 1, content: "hi" });
    unwrapWukongim(await wk.POST("/message/send", { body: { from_uid: "u1", channel_id: "g1", channel_type: 2, payload, client_msg_no: "k1" } }));
    await wk.GET("/channel/max_message_seq", { params: { query: { channel_id: "g1", channel_type: 2 } } });

    const [send] = mocks.requests({ api: "wukongim", operation: "sendMessage" });
    expect(send).toMatchObject({
      api: "wukongim",
      operationId: "sendMessage",
      method: "POST",
      path: "/message/send",
      status: 200,
      body: { from_uid: "u1", channel_id: "g1", channel_type: 2, payload, client_msg_no: "k1" },
      answeredBy: "prism",
      findings: [],
    });
    expect(JSON.parse(send!.response.bodyText)).toMatchObject({ status: 200, data: { client_msg_no: expect.any(String) } });
    expect(send!.headers["token"]).toBe("[redacted]");
    expect(JSON.stringify(send)).not.toContain("manager-secret");
    expect(send!.time).toBeGreaterThan(Date.now() - 60_000);

    const [max] = mocks.requests({ operation: "getChannelMaxMessageSeq" });
    expect(max).toMatchObject({ method: "GET", query: { channel_id: "g1", channel_type: "2" }, body: undefined, bodyText: "" });
    // onRequest sees the same entries, in order.
    expect(seen.slice(-2).map((e) => e.operationId)).toEqual(["sendMessage", "getChannelMaxMessageSeq"]);
  });

  it("keeps message ids above 2^53 exact and records requests the spec rejects with the findings", async () => {
    await fetch(`${mocks.urls.wukongim}/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"channel_id":"g1","channel_type":2,"message_ids":[2124257267757780993]}' });
    await fetch(`${mocks.urls.wukongim}/message/send`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"channel_id":"g1","channel_type":2}' });
    const [messages] = mocks.requests({ operation: "getMessages" });
    expect(messages!.body).toEqual({ channel_id: "g1", channel_type: 2, message_ids: [2124257267757780993n] });
    const [bad] = mocks.requests({ operation: "sendMessage" });
    expect(bad!.status).toBe(400);
    expect(bad!.findings.join(" ")).toContain("payload");
  });

  it("filters by API, method, path, status and a condition, and never records a wildfire signature", async () => {
    const wf = createWildfireClient({ baseUrl: mocks.urls.wildfire, secret: "123456" });
    unwrapWildfire(await wf.POST("/admin/user/get_info", { body: { userId: "u_test01" } }));
    await fetch(`${mocks.urls.wukongim}/health`);
    expect(mocks.requests()).toHaveLength(2);
    expect(mocks.requests({ api: "wildfire" }).map((e) => e.operationId)).toEqual(["getUserInfo"]);
    expect(mocks.requests({ method: "get", path: "/health" })).toHaveLength(1);
    expect(mocks.requests({ status: 404 })).toHaveLength(0);
    expect(mocks.requests({ where: (e) => (e.body as { userId?: string } | undefined)?.userId === "u_test01" })).toHaveLength(1);
    const [info] = mocks.requests({ api: "wildfire" });
    expect(info!.headers["sign"]).toBe("[redacted]");
    expect(info!.headers["nonce"]).toMatch(/\S/);
  });

  it("waits for a request that has not arrived yet", async () => {
    const waiting = mocks.waitFor({ operation: "getHealth", count: 2, timeoutMs: 10_000 });
    await fetch(`${mocks.urls.wukongim}/health`);
    await fetch(`${mocks.urls.wukongim}/health`);
    const found = await waiting;
    expect(found.map((e) => e.status)).toEqual([200, 200]);
  });

  it("fails a wait with what came instead", async () => {
    await fetch(`${mocks.urls.wukongim}/health`);
    await expect(mocks.waitFor({ api: "wukongim", operation: "updateUserToken", timeoutMs: 50 })).rejects.toThrow(
      /waited 50 ms for 1 request matching api wukongim, operation updateUserToken; 0 arrived\. Last requests: GET \/health 200 \(getHealth\)/,
    );
  });

  it("forgets everything on reset, and only the journal with reset({ overrides: false })", async () => {
    await fetch(`${mocks.urls.wukongim}/health`);
    mocks.override({ api: "wukongim", operation: "getHealth", reply: { fault: "unavailable" } });
    mocks.reset({ overrides: false });
    expect(mocks.requests()).toEqual([]);
    expect((await fetch(`${mocks.urls.wukongim}/health`)).status).toBe(503);
    mocks.reset();
    expect((await fetch(`${mocks.urls.wukongim}/health`)).status).toBe(200);
  });
});

describe("the admin API", () => {
  const admin = (path: string, init?: RequestInit) => fetch(`${mocks.urls.wukongim}${ADMIN_PREFIX}${path}`, init);

  it("serves the journal, filtered by query, and waits for requests", async () => {
    await fetch(`${mocks.urls.wukongim}/health`);
    await fetch(`${mocks.urls.wukongim}/varz`);
    const body = (await (await admin("/requests?operation=getHealth")).json()) as { requests: RecordedRequest[] };
    expect(body.requests.map((e) => e.path)).toEqual(["/health"]);
    // The admin API's own requests are not in the journal.
    expect(mocks.requests().map((e) => e.path)).toEqual(["/health", "/varz"]);

    const wait = admin("/requests/wait?operation=getRoute&timeout_ms=10000");
    await fetch(`${mocks.urls.wukongim}/route`);
    expect(((await (await wait).json()) as { requests: RecordedRequest[] }).requests).toHaveLength(1);
    const late = await admin("/requests/wait?operation=getTag&timeout_ms=20");
    expect(late.status).toBe(408);
    expect(((await late.json()) as { error: string }).error).toContain("operation getTag");
  });

  it("installs and removes overrides, checking them like mocks.override", async () => {
    const created = await admin("/overrides", { method: "POST", body: JSON.stringify({ operation: "getHealth", times: 1, reply: { status: 500, body: { status: "error", message: "down for the test" } } }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(((await (await admin("/overrides")).json()) as { overrides: { id: string; remaining: number }[] }).overrides).toEqual([expect.objectContaining({ id, remaining: 1 })]);
    const answer = await fetch(`${mocks.urls.wukongim}/health`);
    expect([answer.status, await answer.json()]).toEqual([500, { status: "error", message: "down for the test" }]);
    expect((await fetch(`${mocks.urls.wukongim}/health`)).status).toBe(200);

    const broken = await admin("/overrides", { method: "POST", body: JSON.stringify({ operation: "getHealth", reply: { status: 200, body: { healthy: 1 } } }) });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/breaks the spec.*offContract/);
    const unknown = await admin("/overrides", { method: "POST", body: JSON.stringify({ operation: "sendMesage", reply: { fault: "reset" } }) });
    expect(((await unknown.json()) as { error: string }).error).toContain("did you mean sendMessage");

    const second = (await (await admin("/overrides", { method: "POST", body: JSON.stringify({ operation: "getHealth", reply: { fault: "unavailable", retryAfter: 3 } }) })).json()) as { id: string };
    expect((await fetch(`${mocks.urls.wukongim}/health`)).headers.get("retry-after")).toBe("3");
    expect((await admin(`/overrides/${second.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await admin(`/overrides/${second.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await fetch(`${mocks.urls.wukongim}/health`)).status).toBe(200);
  });

  it("resets, lists its routes, and says what is wrong with a bad call", async () => {
    await fetch(`${mocks.urls.wukongim}/health`);
    expect((await admin("/reset", { method: "POST" })).status).toBe(200);
    expect(mocks.requests()).toEqual([]);
    const index = (await (await admin("")).json()) as { routes: string[]; api: string };
    expect(index.api).toBe("wukongim");
    expect(index.routes.join("\n")).toContain("/requests/wait");
    expect((await admin("/nothing")).status).toBe(404);
    expect((await admin("/reset")).status).toBe(405);
    const notJson = await admin("/overrides", { method: "POST", body: "{" });
    expect([notJson.status, ((await notJson.json()) as { error: string }).error]).toEqual([400, expect.stringContaining("not JSON")]);
  });

  it("is an ordinary unknown route for callers from another machine", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopback("10.0.0.7")).toBe(false);
    expect(isLoopback("::ffff:192.168.1.2")).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});

describe("journal internals", () => {
  it("drops the oldest entries past its limit", () => {
    const journal = new Journal(2);
    const entry = (path: string): Omit<RecordedRequest, "seq"> => ({ api: "wukongim", method: "GET", path, search: "", status: 200, operationId: undefined, findings: [], durationMs: 0, time: 0, query: {}, headers: {}, body: undefined, bodyText: "", response: { contentType: "", bodyText: "" }, answeredBy: "prism" });
    for (const p of ["/a", "/b", "/c"]) journal.record(entry(p));
    expect(journal.requests().map((e) => [e.path, e.seq])).toEqual([["/b", 2], ["/c", 3]]);
    expect(journal.dropped).toBe(1);
  });

  it("redacts secrets in headers and passwords in bodies", () => {
    expect(journalHeaders(["Authorization", "Bearer abc.def", "token", "t0p", "Content-Type", "application/json"])).toEqual({ authorization: "Bearer [redacted]", token: "[redacted]", "content-type": "application/json" });
    const text = '{"username":"alice","password":"OpenChat@123"}';
    expect(redactBody(text, JSON.parse(text))).toEqual({ text: '{"username":"alice","password":"[redacted]"}', body: { username: "alice", password: "[redacted]" } });
  });
});
