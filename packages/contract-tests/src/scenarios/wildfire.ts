// wildfire: the three signature failures (read-only), then with --write users, a group and members,
// and a message sent, fetched and recalled. Everything created carries the run prefix and is
// removed at the end.
import { createHash } from "node:crypto";
import { expectEqual, expectShape, expectThat } from "../expect.js";
import { expectStatus } from "../session.js";
import type { Json } from "../spec.js";
import type { Suite } from "../suite.js";
import { ScenarioSteps } from "./steps.js";

type Obj = Record<string, Json>;
const asObj = (v: Json | undefined): Obj => (v && typeof v === "object" && !Array.isArray(v) ? v : {});

export const wildfireScenario: Suite = {
  name: "wildfire scenario",
  enabled: (target) => target.api === "wildfire" && !target.mock,
  async run(ctx) {
    const steps = new ScenarioSteps(ctx, "scenario");
    const s = steps.session;
    const sign = (nonce: string, ts: string, secret: string) => createHash("sha1").update(`${nonce}|${secret}|${ts}`).digest("hex");
    const getInfo = (headers: Record<string, string>) => s.call("POST", "/admin/user/get_info", { userId: `${steps.prefix}_nobody` }, { unauthenticated: true, headers });
    const signature = async (name: string, headers: Record<string, string>, body: Obj) => {
      await steps.step(name, async () => {
        const r = await getInfo(headers);
        expectStatus(r, 200);
        expectEqual(r.body, body, "the body");
      });
    };
    await signature("answers 239 without signature headers", {}, { code: 239, msg: "api not signed or sign parameter not completion" });
    const old = String(Date.now() - 3 * 3600_000);
    await signature("answers 243 for a timestamp older than two hours", { nonce: "1", timestamp: old, sign: sign("1", old, ctx.target.secret ?? "123456") }, { code: 243, msg: "sign expired" });
    const now = String(Date.now());
    await signature("answers 244 for a wrong sign", { nonce: "1", timestamp: now, sign: sign("1", now, `${ctx.target.secret ?? ""}-not-the-secret`) }, { code: 244, msg: "auth failure" });

    const [u1, u2, group] = [`${steps.prefix}_u1`, `${steps.prefix}_u2`, `${steps.prefix}_g`];
    const writes = { writes: true };
    await steps.step("creates two users and reads one back", async () => {
      for (const userId of [u1, u2]) {
        const r = await s.call("POST", "/admin/user/create", { userId, name: userId, displayName: `Contract ${userId}`, type: 0 });
        expectShape(r.body, { code: 0, result: { userId, name: userId } }, "the create answer");
      }
      const info = await s.call("POST", "/admin/user/get_info", { userId: u1 });
      expectShape(info.body, { code: 0, result: { userId: u1, displayName: `Contract ${u1}` } }, "the user read back");
    }, writes);

    await steps.step("creates a group and adds a member", async () => {
      const created = await s.call("POST", "/admin/group/create", { operator: u1, group: { group_info: { target_id: group, name: `${steps.prefix} group`, owner: u1, type: 2 }, members: [{ member_id: u1, type: 2 }] } });
      expectShape(created.body, { code: 0, result: { group_id: group } }, "the group create answer");
      const added = await s.call("POST", "/admin/group/member/add", { operator: u1, group_id: group, members: [{ member_id: u2, type: 0 }] });
      expectShape(added.body, { code: 0 }, "the member add answer");
      const members = await s.call("POST", "/admin/group/member/list", { groupId: group });
      const list = asObj(asObj(members.body)["result"])["members"];
      const ids = Array.isArray(list) ? list.map((m) => asObj(m)["member_id"]) : [];
      expectThat(ids.includes(u1) && ids.includes(u2), `the member list to hold ${u1} and ${u2}`, ids);
    }, writes);

    await steps.step("sends a message, fetches it and recalls it", async () => {
      const sent = await s.call("POST", "/admin/message/send", { sender: u1, conv: { type: 1, target: group, line: 0 }, payload: { type: 1, searchableContent: `hello from ${steps.prefix}` } });
      expectShape(sent.body, { code: 0 }, "the send answer");
      // Message uids pass 2^53: the uid is taken from the raw text and sent back as written.
      const exact = /"messageUid":(\d+)/.exec(sent.exchange.bodyText)?.[1];
      expectThat(exact !== undefined && BigInt(exact) > 0n, "a messageUid above 0 in the send answer", sent.exchange.bodyText);
      const fetched = await s.call("POST", "/admin/message/get_one", undefined, { rawBody: `{"messageUid":${exact}}` });
      expectThat(fetched.exchange.bodyText.includes(`"messageId":${exact}`), `get_one to return messageId ${exact} exactly`, fetched.exchange.bodyText);
      expectThat(fetched.exchange.bodyText.includes(`hello from ${steps.prefix}`), "get_one to return the text sent", fetched.exchange.bodyText);
      const recalled = await s.call("POST", "/admin/message/recall", undefined, { rawBody: `{"operator":${JSON.stringify(u1)},"messageUid":${exact}}` });
      expectShape(recalled.body, { code: 0 }, "the recall answer");
    }, writes);

    await steps.step("removes what it created", async () => {
      await s.call("POST", "/admin/group/del", { operator: u1, group_id: group });
      for (const userId of [u1, u2]) await s.call("POST", "/admin/user/destroy", { userId });
    }, { writes: true, lenient: true });
  },
};
