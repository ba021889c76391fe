// Wildfire, stateful: users, a group, members, a message fetched and recalled, and the three
// signature failures. Everything created carries the run prefix and is removed at the end.
import { createHash } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { writePartial } from "../../src/report.js";
import { Session } from "../../src/session.js";
import { loadContract, type Json } from "../../src/spec.js";

const target = inject("contractTargets").wildfire;
const readOnly = inject("contractReadOnly");
const prefix = inject("contractRunPrefix");
type Obj = Record<string, Json>;

if (target?.real) describe("wildfire signatures", () => {
  const raw = async (headers: Record<string, string>) => {
    const r = await fetch(`${target!.url}/admin/user/get_info`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ userId: `${prefix}_nobody` }) });
    return { status: r.status, body: (await r.json()) as Obj };
  };
  const sign = (nonce: string, ts: string, secret = target!.secret ?? "123456") => createHash("sha1").update(`${nonce}|${secret}|${ts}`).digest("hex");

  it("answers 239 without signature headers", async () => {
    expect(await raw({})).toEqual({ status: 200, body: { code: 239, msg: "api not signed or sign parameter not completion" } });
  });
  it("answers 243 for a timestamp older than two hours", async () => {
    const ts = String(Date.now() - 3 * 3600_000);
    expect(await raw({ nonce: "1", timestamp: ts, sign: sign("1", ts) })).toEqual({ status: 200, body: { code: 243, msg: "sign expired" } });
  });
  it("answers 244 for a wrong sign", async () => {
    const ts = String(Date.now());
    expect(await raw({ nonce: "1", timestamp: ts, sign: sign("1", ts, "not-the-secret") })).toEqual({ status: 200, body: { code: 244, msg: "auth failure" } });
  });
});

if (target?.real && !readOnly) describe("wildfire scenario", () => {
  const s = new Session(loadContract("wildfire"), target!);
  const u1 = `${prefix}_u1`;
  const u2 = `${prefix}_u2`;
  const group = `${prefix}_g`;
  let messageUid: number | undefined;

  afterAll(async () => {
    await s.call("POST", "/admin/group/del", { operator: u1, group_id: group }).catch(() => undefined);
    for (const userId of [u1, u2]) await s.call("POST", "/admin/user/destroy", { userId }).catch(() => undefined);
    writePartial(inject("contractPartialDir"), "wildfire-scenario", s.results);
  });

  it("creates two users and reads one back", async () => {
    for (const userId of [u1, u2]) {
      const r = await s.call("POST", "/admin/user/create", { userId, name: userId, displayName: `Contract ${userId}`, type: 0 });
      expect(r.body).toMatchObject({ code: 0, result: { userId, name: userId } });
    }
    const info = await s.call("POST", "/admin/user/get_info", { userId: u1 });
    expect(info.body).toMatchObject({ code: 0, result: { userId: u1, displayName: `Contract ${u1}` } });
  });

  it("creates a group and adds a member", async () => {
    const created = await s.call("POST", "/admin/group/create", { operator: u1, group: { group_info: { target_id: group, name: `${prefix} group`, owner: u1, type: 2 }, members: [{ member_id: u1, type: 2 }] } });
    expect(created.body).toMatchObject({ code: 0, result: { group_id: group } });
    const added = await s.call("POST", "/admin/group/member/add", { operator: u1, group_id: group, members: [{ member_id: u2, type: 0 }] });
    expect(added.body).toMatchObject({ code: 0 });
    const members = await s.call("POST", "/admin/group/member/list", { groupId: group });
    const ids = (((members.body as Obj)["result"] as Obj)["members"] as Obj[]).map((m) => m["member_id"]);
    expect(ids).toEqual(expect.arrayContaining([u1, u2]));
  });

  it("sends a message, fetches it and recalls it", async () => {
    const sent = await s.call("POST", "/admin/message/send", { sender: u1, conv: { type: 1, target: group, line: 0 }, payload: { type: 1, searchableContent: `hello from ${prefix}` } });
    expect(sent.body).toMatchObject({ code: 0 });
    messageUid = ((sent.body as Obj)["result"] as Obj)["messageUid"] as number;
    expect(messageUid).toBeGreaterThan(0);
    // Message uids pass 2^53; re-read the raw text so the uid sent back is exact.
    const exact = /"messageUid":(\d+)/.exec(sent.exchange.bodyText)![1]!;
    const fetched = await fetch(`${target!.url}/admin/message/get_one`, { method: "POST", headers: { "content-type": "application/json", ...(await import("../../src/exchange.js")).authHeaders(target!) }, body: `{"messageUid":${exact}}` });
    const text = await fetched.text();
    expect(text).toContain(`"messageId":${exact}`);
    expect(text).toContain(`hello from ${prefix}`);
    const recalled = await fetch(`${target!.url}/admin/message/recall`, { method: "POST", headers: { "content-type": "application/json", ...(await import("../../src/exchange.js")).authHeaders(target!) }, body: `{"operator":"${u1}","messageUid":${exact}}` });
    expect(await recalled.json()).toMatchObject({ code: 0 });
  });

  it("keeps the contract on every call of the scenario", () => {
    expect(s.results.length).toBeGreaterThan(0);
    expect(s.describeViolations()).toBe("");
  });
});
