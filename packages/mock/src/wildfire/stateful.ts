// The wildfire admin routes in the stateful mode: users, friends and blacklists, groups and their
// members, messages, and settings, answered from (and written to) the store in the server's
// envelope, with its error codes (253 not exist, 11 group already exists, 9 not in group, 251).
import { randomBytes } from "node:crypto";
import type { Json } from "../json.js";
import type { ParsedRequest, StateAnswer, StatefulApi } from "../room.js";
import { nextSnowflake } from "../snowflake.js";
import { asList, asObj, bigId, bodyOf, int, str, strings, text, type Obj } from "../values.js";
import { REMOVED, type Group, type Member, type Message, type User, type WildfireStore } from "./state.js";
import { WILDFIRE_CONTENT_TYPE } from "./behaviour.js";

const MESSAGES: Record<number, string> = {
  4: "server error",
  9: "not in group",
  11: "group already exist",
  251: "Invalid parameter",
  253: "not exist",
};

const envelope = (body: Json): StateAnswer => ({ status: 200, body, contentType: WILDFIRE_CONTENT_TYPE });
const done = (result?: Json): StateAnswer => envelope(result === undefined ? { code: 0, msg: "success" } : { code: 0, msg: "success", result });
const error = (code: number): StateAnswer => envelope({ code, msg: MESSAGES[code] ?? "server error" });

const USER_FIELDS = ["name", "displayName", "portrait", "mobile", "email", "address", "company", "social", "extra"] as const;
/** UpdateUserInfoMask: which field each bit of /admin/user/update's flag changes. */
const UPDATE_MASK: [number, keyof User][] = [
  [0x01, "displayName"],
  [0x02, "portrait"],
  [0x04, "gender"],
  [0x08, "mobile"],
  [0x10, "email"],
  [0x20, "address"],
  [0x40, "company"],
  [0x80, "social"],
  [0x100, "extra"],
  [0x200, "name"],
];
/** /admin/group/modify's type → the group field it sets (numeric fields parse the value). */
const MODIFY: Record<number, keyof Group> = { 0: "name", 1: "portrait", 2: "extra", 3: "mute", 4: "join_type", 5: "private_chat", 6: "searchable", 7: "history_message", 8: "max_member_count", 9: "super_group", 10: "type" };

/** A message payload as the server answers it: every string present, `mentionedTarget` an array, `base64edData` only when set. */
function payloadView(p: Obj): Record<string, Json> {
  const out: Record<string, Json> = {
    type: int(p, "type") ?? 0,
    searchableContent: str(p, "searchableContent") ?? "",
    pushContent: str(p, "pushContent") ?? "",
    pushData: str(p, "pushData") ?? "",
    content: str(p, "content") ?? "",
    mediaType: int(p, "mediaType") ?? 0,
    remoteMediaUrl: str(p, "remoteMediaUrl") ?? "",
    persistFlag: int(p, "persistFlag") ?? 0,
    expireDuration: int(p, "expireDuration") ?? 0,
    mentionedType: int(p, "mentionedType") ?? 0,
    mentionedTarget: strings(p["mentionedTarget"]),
    extra: str(p, "extra") ?? "",
  };
  const data = text(p, "base64edData");
  if (data) out["base64edData"] = data;
  return out;
}

export function wildfireState(store: WildfireStore): StatefulApi {
  const live = (userId: string | undefined, includeDeleted = false) => {
    const u = userId === undefined ? undefined : store.users.get(userId);
    return u && (includeDeleted || u.deleted === 0) ? u : undefined;
  };
  const liveGroup = (id: string | undefined) => {
    const g = id === undefined ? undefined : store.groups.get(id);
    return g && !g.deleted ? g : undefined;
  };
  const member = (m: Obj, now: number): Member => ({ member_id: str(m, "member_id") ?? "", alias: str(m, "alias") ?? "", type: int(m, "type") ?? 0, extra: str(m, "extra") ?? "", createDt: now, updateDt: now });
  const memberView = (m: Member): Json => ({ ...m });

  const handlers: Record<string, (request: ParsedRequest, body: Obj) => StateAnswer | undefined> = {
    // --- users --------------------------------------------------------------------------------
    createUser(_r, body) {
      const userId = text(body, "userId") ?? store.newId("u");
      const now = Date.now();
      const existing = store.users.get(userId);
      const user: User = existing ?? { userId, name: "", displayName: "", portrait: "", gender: 0, mobile: "", email: "", address: "", company: "", social: "", extra: "", type: 0, deleted: 0, updateDt: now, status: 0 };
      for (const field of USER_FIELDS) user[field] = str(body, field) ?? (field === "name" ? user.name : "");
      user.gender = int(body, "gender") ?? 0;
      user.type = int(body, "type") ?? 0;
      user.deleted = 0;
      user.updateDt = now;
      store.users.set(userId, user);
      return done({ userId, name: user.name });
    },
    updateUserInfo(_r, body) {
      const info = asObj(body["userInfo"]);
      const user = live(text(info, "userId"));
      if (!user) return error(253);
      const flag = int(body, "flag") ?? 0;
      for (const [bit, field] of UPDATE_MASK) {
        if (!(flag & bit)) continue;
        if (field === "gender") user.gender = int(info, "gender") ?? 0;
        else (user as unknown as Record<string, Json>)[field] = str(info, field) ?? "";
      }
      user.updateDt = Date.now();
      return done();
    },
    destroyUser(_r, body) {
      const user = store.users.get(str(body, "userId") ?? "");
      if (user) {
        user.deleted = 1;
        user.updateDt = Date.now();
      }
      return done();
    },
    getUserToken(_r, body) {
      return done({ userId: str(body, "userId") ?? "", token: randomBytes(48).toString("base64"), serverLabel: "" });
    },
    updateUserBlockStatus(_r, body) {
      const user = store.users.get(str(body, "userId") ?? "");
      if (user) user.status = int(body, "status") ?? 0;
      return done();
    },
    getUserInfo(_r, body) {
      const includeDeleted = body["includeDeleted"] === true;
      const userId = text(body, "userId");
      const name = text(body, "name");
      const mobile = text(body, "mobile");
      const all = [...store.users.values()].filter((u) => includeDeleted || u.deleted === 0);
      const user = userId !== undefined ? all.find((u) => u.userId === userId) : name !== undefined ? all.find((u) => u.name === name) : all.find((u) => u.mobile === mobile);
      return user ? done(store.userView(user)) : error(253);
    },
    batchGetUserInfos(_r, body) {
      return done({ userInfos: strings(body["list"]).flatMap((id) => (live(id) ? [store.userView(live(id)!)] : [])) });
    },
    getUsersByEmail(r) {
      const email = typeof r.body === "string" ? r.body : "";
      const found = [...store.users.values()].filter((u) => u.deleted === 0 && u.email !== "" && u.email === email);
      return found.length ? done({ userInfos: found.map((u) => store.userView(u)) }) : error(253);
    },
    getUsersByMobile(_r, body) {
      const includeDeleted = body["includeDeleted"] === true;
      const mobile = str(body, "mobile") ?? "";
      const found = [...store.users.values()].filter((u) => (includeDeleted || u.deleted === 0) && u.mobile !== "" && u.mobile === mobile);
      return found.length ? done({ userInfos: found.map((u) => store.userView(u)) }) : error(253);
    },
    listAllUsers(_r, body) {
      const offset = int(body, "offset") ?? 0;
      const count = int(body, "count") ?? 0;
      return done({ userInfoList: [...store.users.values()].slice(offset, offset + count).map((u) => store.userView(u)) });
    },
    getBlockedUserList() {
      return done({ statusList: [...store.users.values()].filter((u) => u.status !== 0).map((u) => ({ userId: u.userId, status: u.status })) });
    },
    checkUserBlockStatus(_r, body) {
      return done({ status: store.users.get(str(body, "userId") ?? "")?.status ?? 0 });
    },
    // --- friends and blacklists ---------------------------------------------------------------
    setUserFriend(_r, body) {
      const a = str(body, "userId") ?? "";
      const b = str(body, "friendUid") ?? "";
      if ((int(body, "status") ?? 0) === 0) {
        const extra = str(body, "extra") ?? "";
        store.friendsOf(a).set(b, { extra });
        store.friendsOf(b).set(a, { extra });
      } else {
        store.friendsOf(a).delete(b);
        store.friendsOf(b).delete(a);
      }
      return done();
    },
    getFriendList: (_r, body) => done({ list: [...store.friendsOf(str(body, "userId") ?? "").keys()] }),
    setUserBlacklist(_r, body) {
      const a = str(body, "userId") ?? "";
      const b = str(body, "targetUid") ?? "";
      let list = store.blacklists.get(a);
      if (!list) store.blacklists.set(a, (list = new Set()));
      if (int(body, "status") === 2) list.add(b);
      else list.delete(b);
      return done();
    },
    getUserBlacklist: (_r, body) => done({ list: [...(store.blacklists.get(str(body, "userId") ?? "") ?? [])] }),
    updateFriendAlias(_r, body) {
      const alias = str(body, "alias") ?? "";
      const aliases = store.nested(store.aliases, str(body, "operator") ?? "");
      if (alias === "") aliases.delete(str(body, "targetId") ?? "");
      else aliases.set(str(body, "targetId") ?? "", alias);
      return done();
    },
    getFriendAlias(_r, body) {
      const operator = str(body, "operator") ?? "";
      const targetId = str(body, "targetId") ?? "";
      const alias = store.aliases.get(operator)?.get(targetId);
      return done(alias === undefined ? { operator, targetId } : { operator, targetId, alias });
    },
    updateFriendExtra(_r, body) {
      store.nested(store.friendExtras, str(body, "operator") ?? "").set(str(body, "targetId") ?? "", str(body, "extra") ?? "");
      return done();
    },
    getRelation(_r, body) {
      const userId = str(body, "first") ?? "";
      const targetId = str(body, "second") ?? "";
      const out: Record<string, Json> = {
        userId,
        targetId,
        isFriend: store.friends.get(userId)?.has(targetId) ?? false,
        isBlacked: store.blacklists.get(userId)?.has(targetId) ?? false,
      };
      const alias = store.aliases.get(userId)?.get(targetId);
      if (alias !== undefined) out["alias"] = alias;
      const extra = store.friendExtras.get(userId)?.get(targetId) ?? store.friends.get(userId)?.get(targetId)?.extra;
      if (extra) out["extra"] = extra;
      return done(out);
    },
    // --- groups -------------------------------------------------------------------------------
    createGroup(_r, body) {
      const info = asObj(asObj(body["group"])["group_info"]);
      const id = text(info, "target_id") ?? store.newId("g");
      if (liveGroup(id)) return error(11);
      const now = Date.now();
      const flag = (key: string) => {
        const v = int(info, key) ?? 0;
        return v >= 1 && v <= 127 ? v : 0;
      };
      const owner = str(info, "owner") ?? str(body, "operator") ?? "";
      const group: Group = {
        target_id: id,
        name: str(info, "name") ?? "",
        portrait: str(info, "portrait") ?? "",
        owner,
        type: int(info, "type") ?? 0,
        extra: str(info, "extra") ?? "",
        mute: flag("mute"),
        join_type: flag("join_type"),
        private_chat: flag("private_chat"),
        searchable: flag("searchable"),
        history_message: flag("history_message"),
        max_member_count: Math.max(int(info, "max_member_count") ?? 0, 0),
        super_group: info["super_group"] === true,
        deleted: false,
        update_dt: now,
        member_update_dt: now,
        members: new Map(),
      };
      for (const m of asList(asObj(body["group"])["members"]).map(asObj)) {
        const added = member(m, now);
        if (added.member_id) group.members.set(added.member_id, added);
      }
      if (owner && !group.members.has(owner)) group.members.set(owner, member({ member_id: owner, type: 2 }, now));
      store.groups.set(id, group);
      return done({ group_id: id });
    },
    destroyGroup(_r, body) {
      const group = liveGroup(str(body, "group_id"));
      if (!group) return error(253);
      group.deleted = true;
      group.update_dt = Date.now();
      return done();
    },
    transferGroup(_r, body) {
      const group = liveGroup(str(body, "group_id"));
      if (!group) return error(253);
      const next = group.members.get(str(body, "new_owner") ?? "");
      if (!next || next.type === REMOVED) return error(9);
      const previous = group.members.get(group.owner);
      if (previous && previous.type === 2) previous.type = 0;
      next.type = 2;
      group.owner = next.member_id;
      group.update_dt = group.member_update_dt = Date.now();
      return done();
    },
    getGroupInfo(_r, body) {
      const group = liveGroup(str(body, "groupId"));
      return group ? done(store.groupView(group)) : error(253);
    },
    batchGetGroupInfos(r) {
      return done({ groupInfoList: strings(r.body).flatMap((id) => (liveGroup(id) ? [store.groupView(liveGroup(id)!)] : [])) });
    },
    modifyGroupInfo(_r, body) {
      const group = liveGroup(str(body, "group_id"));
      if (!group) return error(253);
      const field = MODIFY[int(body, "type") ?? 0];
      const value = str(body, "value") ?? "";
      if (field) {
        const record = group as unknown as Record<string, Json>;
        record[field] = field === "super_group" ? value === "1" || value === "true" : typeof record[field] === "number" ? Number.parseInt(value, 10) || 0 : value;
      }
      group.update_dt = Date.now();
      return done();
    },
    getGroupMembers(_r, body) {
      const group = liveGroup(str(body, "groupId"));
      return group ? done({ members: store.activeMembers(group).map(memberView) }) : error(253);
    },
    getGroupMember(_r, body) {
      const found = liveGroup(str(body, "groupId"))?.members.get(str(body, "memberId") ?? "");
      return found && found.type !== REMOVED ? done(memberView(found)) : error(253);
    },
    addGroupMembers(_r, body) {
      const group = liveGroup(str(body, "group_id"));
      if (!group) return error(253);
      const now = Date.now();
      for (const m of asList(body["members"]).map(asObj)) {
        const added = member(m, now);
        if (added.member_id) group.members.set(added.member_id, added);
      }
      group.member_update_dt = now;
      return done();
    },
    removeGroupMembers(_r, body) {
      const group = liveGroup(str(body, "group_id"));
      if (!group) return error(253);
      for (const id of strings(body["members"])) {
        const m = group.members.get(id);
        if (m) m.type = REMOVED;
      }
      group.member_update_dt = Date.now();
      return done();
    },
    quitGroup(_r, body) {
      const group = liveGroup(str(body, "group_id"));
      if (!group) return error(253);
      const m = group.members.get(str(body, "operator") ?? "");
      if (!m || m.type === REMOVED) return error(9);
      m.type = REMOVED;
      group.member_update_dt = Date.now();
      return done();
    },
    setGroupManager(_r, body) {
      const group = liveGroup(str(body, "group_id"));
      if (!group) return error(253);
      const manager = body["is_manager"] === true;
      for (const id of strings(body["members"])) {
        const m = group.members.get(id);
        if (m && m.type !== REMOVED && m.type !== 2) m.type = manager ? 1 : 0;
      }
      return done();
    },
    setGroupMemberAlias: (_r, body) => setMember(body, "alias"),
    setGroupMemberExtra: (_r, body) => setMember(body, "extra"),
    getUserGroups(_r, body) {
      const userId = str(body, "userId") ?? "";
      return done({ groupIds: groupsOf(userId, () => true) });
    },
    getUserGroupsByType(_r, body) {
      const types = new Set(asList(body["groupMemberTypes"]).map(Number));
      return done({ groupIds: groupsOf(str(body, "userId") ?? "", (m) => types.has(m.type)) });
    },
    getCommonGroups(_r, body) {
      const second = new Set(groupsOf(str(body, "second") ?? "", () => true));
      return done({ groupIds: groupsOf(str(body, "first") ?? "", () => true).filter((id) => second.has(id)) });
    },
    // --- messages -----------------------------------------------------------------------------
    sendMessage(_r, body) {
      const conv = asObj(body["conv"]);
      const message = store_(body, { type: int(conv, "type") ?? 0, target: str(conv, "target") ?? "", line: int(conv, "line") ?? 0 }, strings(body["toUsers"]));
      return done({ messageUid: message.messageId, timestamp: message.timestamp });
    },
    sendMulticastMessage(_r, body) {
      const message = store_(body, { type: 0, target: "", line: int(body, "line") ?? 0 }, strings(body["targets"]));
      return done({ messageUid: message.messageId, timestamp: message.timestamp });
    },
    sendBroadcastMessage(_r, body) {
      const message = store_(body, { type: 0, target: "", line: int(body, "line") ?? 0 }, []);
      return done({ messageUid: message.messageId, count: [...store.users.values()].filter((u) => u.deleted === 0).length });
    },
    getMessage(_r, body) {
      const found = store.messages.get(bigId(body, "messageUid") ?? -1n);
      return found ? done({ ...found, conv: { ...found.conv }, toUsers: [...found.toUsers] }) : error(253);
    },
    recallMessage(_r, body) {
      const id = bigId(body, "messageUid") ?? -1n;
      const found = store.messages.get(id);
      if (!found) return error(253);
      // A recalled message keeps its id; its content becomes the recall notification (type 80).
      found.payload = payloadView({ type: 80, content: str(body, "operator") ?? "", searchableContent: "", base64edData: Buffer.from(String(id)).toString("base64") });
      return done("");
    },
    // --- settings -----------------------------------------------------------------------------
    putUserSetting(_r, body) {
      store.userSettings.set(`${str(body, "userId")}|${int(body, "scope") ?? 0}|${str(body, "key") ?? ""}`, str(body, "value") ?? "");
      return done();
    },
    getUserSetting(_r, body) {
      const userId = str(body, "userId") ?? "";
      const scope = int(body, "scope") ?? 0;
      const key = str(body, "key") ?? "";
      const value = store.userSettings.get(`${userId}|${scope}|${key}`);
      return value === undefined ? error(253) : done({ userId, scope, key, value });
    },
    putSystemSetting(_r, body) {
      const value = str(body, "value") ?? "";
      const desc = str(body, "desc") ?? "";
      if (value === "" && desc === "") return error(251);
      store.systemSettings.set(int(body, "id") ?? 0, { value, desc });
      return done();
    },
    getSystemSetting(_r, body) {
      const id = int(body, "id") ?? 0;
      const found = store.systemSettings.get(id);
      return found ? done({ id, ...found }) : error(253);
    },
  };

  function setMember(body: Obj, field: "alias" | "extra"): StateAnswer {
    const group = liveGroup(str(body, "group_id"));
    if (!group) return error(253);
    const m = group.members.get(str(body, "memberId") ?? "");
    if (!m || m.type === REMOVED) return error(9);
    m[field] = str(body, field) ?? "";
    m.updateDt = Date.now();
    return done();
  }

  function groupsOf(userId: string, where: (m: Member) => boolean): string[] {
    return [...store.groups.values()].filter((g) => !g.deleted && [...g.members.values()].some((m) => m.member_id === userId && m.type !== REMOVED && where(m))).map((g) => g.target_id);
  }

  function store_(body: Obj, conv: Message["conv"], toUsers: string[]): Message {
    const message: Message = { messageId: nextSnowflake(), sender: str(body, "sender") ?? "", conv, payload: payloadView(asObj(body["payload"])), toUsers, timestamp: Date.now() };
    store.messages.set(message.messageId, message);
    return message;
  }

  return {
    operations: new Set(Object.keys(handlers)),
    answer(operationId, request) {
      return handlers[operationId]?.(request, bodyOf(request));
    },
  };
}
