// The stateful wildfire mock, driven by the real signing client: users, groups and members,
// messages with exact uids, friends, blacklists and settings, in the server's envelope and codes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMocks, wildfireSign, type RunningMocks } from "../src/index.js";
import { createWildfireClient, unwrapWildfire as unwrap } from "./clients.js";

let mocks: RunningMocks<"wildfire">;
beforeAll(async () => {
  mocks = await startMocks({ apis: ["wildfire"], stateful: true, wildfireEdition: "community" });
});
afterAll(() => mocks.stop());
beforeEach(() => mocks.reset());

const wf = () => createWildfireClient({ baseUrl: mocks.urls.wildfire, secret: "123456", retry: false });

async function users(...ids: string[]) {
  for (const userId of ids) unwrap(await wf().POST("/admin/user/create", { body: { userId, name: `name_${userId}`, displayName: `User ${userId}`, type: 0 } }));
}

function signed(): Record<string, string> {
  const timestamp = String(Date.now());
  return { nonce: "9", timestamp, sign: wildfireSign("9", "123456", timestamp), "content-type": "application/json" };
}

describe("the stateful wildfire mock", () => {
  it("creates, reads, updates and soft-deletes users", async () => {
    const client = wf();
    expect(unwrap(await client.POST("/admin/user/create", { body: { userId: "u1", name: "alice", displayName: "Alice", mobile: "13800000001", type: 0 } }))).toEqual({ userId: "u1", name: "alice" });
    expect(unwrap(await client.POST("/admin/user/get_info", { body: { userId: "u1" } }))).toMatchObject({ userId: "u1", name: "alice", displayName: "Alice", deleted: 0 });
    expect(unwrap(await client.POST("/admin/user/get_info", { body: { name: "alice" } }))).toMatchObject({ userId: "u1" });
    unwrap(await client.POST("/admin/user/update", { body: { flag: 0x01, userInfo: { userId: "u1", displayName: "Alice A.", mobile: "ignored" } } }));
    expect(unwrap(await client.POST("/admin/user/get_info", { body: { userId: "u1" } }))).toMatchObject({ displayName: "Alice A.", mobile: "13800000001" });
    const created = unwrap(await client.POST("/admin/user/create", { body: { name: "no_id_given", type: 0 } }));
    expect(created?.userId).toMatch(/\S/);
    expect(unwrap(await client.POST("/admin/user/batch_get_infos", { body: { list: ["u1", created!.userId!, "nobody"] } })).userInfos?.map((u) => u.userId)).toEqual(["u1", created!.userId]);

    unwrap(await client.POST("/admin/user/destroy", { body: { userId: "u1" } }));
    const { data } = await client.POST("/admin/user/get_info", { body: { userId: "u1" } });
    expect(data).toEqual({ code: 253, msg: "not exist" });
    expect(unwrap(await client.POST("/admin/user/get_info", { body: { userId: "u1", includeDeleted: true } }))).toMatchObject({ deleted: 1 });
  });

  it("keeps groups and members: create, add, list, transfer, remove, of_user, dismiss", async () => {
    await users("u1", "u2", "u3");
    const client = wf();
    expect(unwrap(await client.POST("/admin/group/create", { body: { operator: "u1", group: { group_info: { target_id: "g1", name: "Team", owner: "u1", type: 2 }, members: [{ member_id: "u1", type: 2 }] } } }))).toEqual({ group_id: "g1" });
    const again = await client.POST("/admin/group/create", { body: { operator: "u1", group: { group_info: { target_id: "g1", name: "Team", owner: "u1", type: 2 }, members: [] } } });
    expect(again.data).toEqual({ code: 11, msg: "group already exist" });
    unwrap(await client.POST("/admin/group/member/add", { body: { operator: "u1", group_id: "g1", members: [{ member_id: "u2", type: 0 }, { member_id: "u3", type: 0 }] } }));
    const ids = async () => unwrap(await client.POST("/admin/group/member/list", { body: { groupId: "g1" } })).members?.map((m) => [m.member_id, m.type]);
    expect(await ids()).toEqual([["u1", 2], ["u2", 0], ["u3", 0]]);
    expect(unwrap(await client.POST("/admin/group/get_info", { body: { groupId: "g1" } }))).toMatchObject({ target_id: "g1", name: "Team", owner: "u1", member_count: 3 });

    unwrap(await client.POST("/admin/group/transfer", { body: { operator: "u1", group_id: "g1", new_owner: "u2" } }));
    unwrap(await client.POST("/admin/group/member/del", { body: { operator: "u2", group_id: "g1", members: ["u3"] } }));
    expect(await ids()).toEqual([["u1", 0], ["u2", 2]]);
    unwrap(await client.POST("/admin/group/modify", { body: { operator: "u2", group_id: "g1", type: 0, value: "Renamed" } }));
    expect(unwrap(await client.POST("/admin/group/get_info", { body: { groupId: "g1" } }))).toMatchObject({ name: "Renamed", owner: "u2" });
    expect(unwrap(await client.POST("/admin/group/of_user", { body: { userId: "u1" } }))).toEqual({ groupIds: ["g1"] });
    expect(unwrap(await client.POST("/admin/group/of_user", { body: { userId: "u3" } }))).toEqual({ groupIds: [] });
    const gone = await client.POST("/admin/group/member/get", { body: { groupId: "g1", memberId: "u3" } });
    expect(gone.data).toMatchObject({ code: 253 });

    unwrap(await client.POST("/admin/group/del", { body: { operator: "u2", group_id: "g1" } }));
    expect((await client.POST("/admin/group/get_info", { body: { groupId: "g1" } })).data).toMatchObject({ code: 253 });
  });

  it("stores a message under a uid above 2^53 that get_one finds exactly, and recall replaces its content", async () => {
    await users("u1", "u2");
    const sent = await fetch(`${mocks.urls.wildfire}/admin/message/send`, { method: "POST", headers: signed(), body: JSON.stringify({ sender: "u1", conv: { type: 0, target: "u2", line: 0 }, payload: { type: 1, searchableContent: "hello u2" } }) });
    const text = await sent.text();
    const uid = /"messageUid":(\d+)/.exec(text)![1]!;
    expect(BigInt(uid)).toBeGreaterThan(2n ** 53n);
    const fetched = await (await fetch(`${mocks.urls.wildfire}/admin/message/get_one`, { method: "POST", headers: signed(), body: `{"messageUid":${uid}}` })).text();
    expect(fetched).toContain(`"messageId":${uid}`);
    expect(JSON.parse(fetched)).toMatchObject({ code: 0, result: { sender: "u1", conv: { type: 0, target: "u2", line: 0 }, payload: { type: 1, searchableContent: "hello u2", mentionedTarget: [] } } });

    // The typed client reads the uid as a bigint and sends it back exactly.
    const client = wf();
    const message = unwrap(await client.POST("/admin/message/get_one", { body: { messageUid: BigInt(uid) } }));
    expect(message?.messageId).toBe(BigInt(uid));
    expect(unwrap(await client.POST("/admin/message/recall", { body: { operator: "u1", messageUid: BigInt(uid) } }))).toBe("");
    expect(unwrap(await client.POST("/admin/message/get_one", { body: { messageUid: BigInt(uid) } }))?.payload).toMatchObject({ type: 80, content: "u1" });
    expect((await client.POST("/admin/message/get_one", { body: { messageUid: 42n } })).data).toEqual({ code: 253, msg: "not exist" });
  });

  it("keeps friends, aliases, blacklists and their relation", async () => {
    await users("u1", "u2", "u3");
    const client = wf();
    unwrap(await client.POST("/admin/friend/status", { body: { userId: "u1", friendUid: "u2", status: 0 } }));
    unwrap(await client.POST("/admin/friend/set_alias", { body: { operator: "u1", targetId: "u2", alias: "Bobby" } }));
    unwrap(await client.POST("/admin/blacklist/status", { body: { userId: "u1", targetUid: "u3", status: 2 } }));
    expect(unwrap(await client.POST("/admin/friend/list", { body: { userId: "u2" } }))).toEqual({ list: ["u1"] });
    expect(unwrap(await client.POST("/admin/blacklist/list", { body: { userId: "u1" } }))).toEqual({ list: ["u3"] });
    expect(unwrap(await client.POST("/admin/friend/get_alias", { body: { operator: "u1", targetId: "u2" } }))).toEqual({ operator: "u1", targetId: "u2", alias: "Bobby" });
    expect(unwrap(await client.POST("/admin/relation/get", { body: { first: "u1", second: "u2" } }))).toMatchObject({ isFriend: true, isBlacked: false, alias: "Bobby" });
    expect(unwrap(await client.POST("/admin/relation/get", { body: { first: "u1", second: "u3" } }))).toMatchObject({ isFriend: false, isBlacked: true });
    unwrap(await client.POST("/admin/friend/status", { body: { userId: "u1", friendUid: "u2", status: 1 } }));
    unwrap(await client.POST("/admin/blacklist/status", { body: { userId: "u1", targetUid: "u3", status: 1 } }));
    expect(unwrap(await client.POST("/admin/friend/list", { body: { userId: "u1" } }))).toEqual({ list: [] });
    expect(unwrap(await client.POST("/admin/blacklist/list", { body: { userId: "u1" } }))).toEqual({ list: [] });
  });

  it("keeps user and system settings, and the block status", async () => {
    const client = wf();
    expect((await client.POST("/admin/user/get_setting", { body: { userId: "u1", scope: 3, key: "0-0-u2" } })).data).toEqual({ code: 253, msg: "not exist" });
    unwrap(await client.POST("/admin/user/put_setting", { body: { userId: "u1", scope: 3, key: "0-0-u2", value: "1" } }));
    expect(unwrap(await client.POST("/admin/user/get_setting", { body: { userId: "u1", scope: 3, key: "0-0-u2" } }))).toEqual({ userId: "u1", scope: 3, key: "0-0-u2", value: "1" });
    unwrap(await client.POST("/admin/system/put_setting", { body: { id: 1, value: "3000", desc: "Group_Max_Member_Count" } }));
    expect(unwrap(await client.POST("/admin/system/get_setting", { body: { id: 1 } }))).toEqual({ id: 1, value: "3000", desc: "Group_Max_Member_Count" });
    await users("u9");
    unwrap(await client.POST("/admin/user/update_block_status", { body: { userId: "u9", status: 2 } }));
    expect(unwrap(await client.POST("/admin/user/check_block_status", { body: { userId: "u9" } }))).toEqual({ status: 2 });
    expect(unwrap(await client.POST("/admin/user/get_blocked_list", { body: {} }))).toEqual({ statusList: [{ userId: "u9", status: 2 }] });
  });

  it("still checks signatures and the edition before the state", async () => {
    const bad = createWildfireClient({ baseUrl: mocks.urls.wildfire, secret: "wrong", retry: false });
    expect((await bad.POST("/admin/user/create", { body: { userId: "x", name: "x", type: 0 } })).data).toEqual({ code: 244, msg: "auth failure" });
    expect((await wf().POST("/admin/user/get_info", { body: { userId: "x" } })).data).toMatchObject({ code: 253 });
    const pro = await fetch(`${mocks.urls.wildfire}/admin/user/search_user`, { method: "POST", headers: signed(), body: "{}" });
    expect([pro.status, await pro.text()]).toEqual([500, ""]);
  });
});
