// OpenChat, stateful: log in (or use the given token), read the IM config, send and sync.
import { afterAll, describe, expect, inject, it } from "vitest";
import { writePartial } from "../../src/report.js";
import { Session } from "../../src/session.js";
import { loadContract, type Json } from "../../src/spec.js";

const target = inject("contractTargets").openchat;
const readOnly = inject("contractReadOnly");
const prefix = inject("contractRunPrefix");
type Obj = Record<string, Json>;

if (target?.real) describe("OpenChat scenario", () => {
  const s = new Session(loadContract("openchat"), target!, target?.token);
  afterAll(() => writePartial(inject("contractPartialDir"), "openchat-scenario", s.results));

  it("logs in when credentials are given", async () => {
    if (!target!.username) return expect(target!.token).toBeTruthy();
    const r = await s.call("POST", "/api/v1/auth/login", { username: target!.username, password: target!.password ?? "" });
    expect(r.status).toBeLessThan(300);
    const token = (r.body as Obj)["token"];
    expect(typeof token).toBe("string");
    s.setToken(String(token));
  });

  it("reads the IM connection config", async () => {
    const r = await s.call("GET", "/api/v1/im/config");
    expect(r.body).toMatchObject({ success: true });
  });

  if (!readOnly) it("sends a message and syncs it back", async () => {
    const payload = Buffer.from(JSON.stringify({ type: 1, content: `hello from ${prefix}` })).toString("base64");
    const sent = await s.call("POST", "/api/v1/im/message/send", { channelId: `${prefix}_g`, channelType: 2, payload, clientMsgNo: `${prefix}_m1` });
    expect(sent.status).toBeLessThan(300);
    const synced = await s.call("GET", "/api/v1/im/message/sync", undefined, { query: { channelId: `${prefix}_g`, channelType: "2", limit: "20" } });
    expect(synced.status).toBe(200);
  });

  it("keeps the contract on every call of the scenario", () => {
    expect(s.describeViolations()).toBe("");
  });
});
