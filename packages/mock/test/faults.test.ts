// Every fault an override injects, met by the real clients on both engines: each call ends with the
// answer or a typed ImApiError saying what happened, and the journal shows what the mock did.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMocks, type RunningMocks } from "../src/index.js";
import { ImApiError, createWildfireClient, createWukongimClient, encodePayload, engines, unwrapWildfire } from "./clients.js";

let mocks: RunningMocks<"wukongim" | "wildfire">;
beforeAll(async () => {
  mocks = await startMocks({ apis: ["wukongim", "wildfire"] });
});
afterAll(() => mocks.stop());
beforeEach(() => mocks.reset());

const failure = async (call: Promise<unknown>): Promise<ImApiError> => {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImApiError);
  return error as ImApiError;
};

describe.each(engines)("faults against the $engine engine", ({ options }) => {
  const wk = (extra: object = {}) => createWukongimClient({ baseUrl: mocks.urls.wukongim, ...options, ...extra });
  const wf = (extra: object = {}) => createWildfireClient({ baseUrl: mocks.urls.wildfire, secret: "123456", ...options, ...extra });

  it("a reset connection is a network error, and a read is retried past it", async () => {
    mocks.override({ api: "wukongim", operation: "getHealth", reply: { fault: "reset" } });
    const error = await failure(wk({ retry: false }).GET("/health"));
    expect(error).toMatchObject({ kind: "network", operation: "getHealth" });

    mocks.reset();
    mocks.override({ api: "wukongim", operation: "getHealth", times: 1, reply: { fault: "reset" } });
    const { data } = await wk({ retry: { minDelayMs: 1, maxDelayMs: 5 } }).GET("/health");
    expect(data).toEqual({ status: "ok" });
    expect(mocks.requests({ operation: "getHealth" }).map((e) => [e.status, e.fault ?? "-"])).toEqual([[0, "reset"], [200, "-"]]);
  });

  it("a delay holds the answer back", async () => {
    mocks.override({ api: "wildfire", operation: "getUserInfo", reply: { fault: "delay", ms: 300 } });
    const started = performance.now();
    const user = unwrapWildfire(await wf({ retry: false }).POST("/admin/user/get_info", { body: { userId: "u_test01" } }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(user).toMatchObject({ userId: expect.any(String) });
    expect(mocks.requests({ operation: "getUserInfo" })[0]).toMatchObject({ status: 200, fault: "delay" });
  });

  it("a stall past the client's timeout is a timeout error, and the stalled request is released", async () => {
    mocks.override({ api: "wukongim", operation: "getChannelMaxMessageSeq", reply: { fault: "stall" } });
    const error = await failure(wk({ timeoutMs: 300, retry: false }).GET("/channel/max_message_seq", { params: { query: { channel_id: "g1", channel_type: 2 } } }));
    expect(error).toMatchObject({ kind: "timeout", operation: "getChannelMaxMessageSeq" });
    expect(error.message).toContain("no response within 300 ms");
    // The client gave up and closed its connection; the mock recorded the unanswered request.
    const [stalled] = await mocks.waitFor({ operation: "getChannelMaxMessageSeq" });
    expect(stalled).toMatchObject({ status: 0, fault: "stall" });
  });

  it("a stall with ms closes the connection after that long", async () => {
    mocks.override({ api: "wukongim", operation: "getHealth", times: 1, reply: { fault: "stall", ms: 200 } });
    const error = await failure(wk({ timeoutMs: 10_000, retry: false }).GET("/health"));
    expect(error.kind).toBe("network");
  });

  it("a body cut off mid-way is a network error while reading the response", async () => {
    mocks.override({ api: "wildfire", operation: "getUserInfo", reply: { fault: "truncate", bytes: 10 } });
    const error = await failure(wf({ retry: false }).POST("/admin/user/get_info", { body: { userId: "u_test01" } }));
    expect(error).toMatchObject({ kind: "network", operation: "getUserInfo" });
    expect(error.message).toMatch(/reading the response/);
  });

  it("a 503 with Retry-After is honoured by a retried read", async () => {
    mocks.override({ api: "wildfire", operation: "getUserInfo", times: 1, reply: { fault: "unavailable", retryAfter: 1 } });
    const started = performance.now();
    const user = unwrapWildfire(await wf({ retry: { minDelayMs: 1, maxDelayMs: 5 } }).POST("/admin/user/get_info", { body: { userId: "u_test01" } }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(user).toMatchObject({ userId: expect.any(String) });
    expect(mocks.requests({ operation: "getUserInfo" }).map((e) => e.status)).toEqual([503, 200]);
  });

  it("a 503 on a send is returned, not resent, unless the caller accepts resends", async () => {
    const body = { from_uid: "u1", channel_id: "g1", channel_type: 2, payload: encodePayload({ type: 1, content: "hi" }) };
    mocks.override({ api: "wukongim", operation: "sendMessage", times: 1, reply: { fault: "unavailable", retryAfter: 0 } });
    const first = await wk({ retry: { minDelayMs: 1 } }).POST("/message/send", { body });
    expect(first.response.status).toBe(503);
    expect(mocks.requests({ operation: "sendMessage" })).toHaveLength(1);

    mocks.reset();
    mocks.override({ api: "wukongim", operation: "sendMessage", times: 1, reply: { fault: "unavailable", retryAfter: 0 } });
    const second = await wk({ retry: { minDelayMs: 1 }, retrySends: "ambiguous" }).POST("/message/send", { body });
    expect(second.response.status).toBe(200);
    const sends = mocks.requests({ operation: "sendMessage" });
    expect(sends.map((e) => e.status)).toEqual([503, 200]);
    // Both attempts carried one client_msg_no, filled in by the client.
    const keys = sends.map((e) => (e.body as { client_msg_no: string }).client_msg_no);
    expect(keys[0]).toMatch(/\S/);
    expect(keys[1]).toBe(keys[0]);
  });
});
