// WuKongIM's routes in the stateful mode: each answers from (and changes) the store, with the
// server's own checks and error messages for requests the spec allows but the server refuses.
import type { Json } from "../json.js";
import type { ParsedRequest, StateAnswer, StatefulApi } from "../room.js";
import { asList, asObj, bodyOf, int, bigId, str, strings, text, type Obj } from "../values.js";
import { generatedClientMsgNo } from "./echo.js";
import { GROUP, PERSON, SYSTEM_UID, personChannelId, type Channel, type Conversation, type MessageHeader, type StoredMessage, type WukongimStore } from "./state.js";

const ok = (body: Json = { status: 200 }): StateAnswer => ({ status: 200, body });
const fail = (msg: string): StateAnswer => ({ status: 400, body: { msg, status: 400 } });
const notFound: StateAnswer = { status: 200, body: { status: 404 } };

const SPECIAL = /[@#&]/;

function headerOf(body: Obj): MessageHeader {
  const h = asObj(body["header"]);
  // no_persist and sync_once may also be given at the top level.
  return { no_persist: int(h, "no_persist") ?? int(body, "no_persist") ?? 0, red_dot: int(h, "red_dot") ?? 0, sync_once: int(h, "sync_once") ?? int(body, "sync_once") ?? 0 };
}

/** Messages of a channel in `[from, to]` order by seq, as messagesync pages them (v2's pull_mode rules). */
function page(messages: StoredMessage[], start: number, end: number, limit: number, pullMode: number): { list: StoredMessage[]; more: number } {
  if (limit <= 0 || messages.length === 0) return { list: [], more: 0 };
  const cap = Math.min(limit, 10_000);
  let pool: StoredMessage[];
  let fromNewest: boolean;
  if (start === 0 && end === 0) {
    pool = messages;
    fromNewest = true;
  } else if (pullMode === 1) {
    pool = messages.filter((m) => m.message_seq >= start && (end === 0 || m.message_seq < end));
    fromNewest = false;
  } else {
    if (end > start) return { list: [], more: 0 };
    pool = messages.filter((m) => m.message_seq > end && m.message_seq <= start);
    fromNewest = true;
  }
  const list = fromNewest ? pool.slice(-cap) : pool.slice(0, cap);
  return { list, more: pool.length > list.length ? 1 : 0 };
}

export function wukongimState(store: WukongimStore): StatefulApi {
  /** The stored id of a channel as a request names it: a person channel is built from the caller and the peer. */
  const storedId = (login: string | undefined, channelId: string, type: number) => (type === PERSON && !channelId.includes("@") && login ? personChannelId(login, channelId) : channelId);

  const conversationView = (uid: string, c: Conversation, recents: StoredMessage[], channel: Channel | undefined): Json => {
    const last = channel?.messages.at(-1);
    return {
      channel_id: c.channelType === PERSON ? c.channelId.split("@").find((p) => p !== uid) ?? uid : c.channelId,
      channel_type: c.channelType,
      unread: c.unread,
      timestamp: last?.timestamp ?? 0,
      last_msg_seq: channel?.lastSeq ?? 0,
      last_client_msg_no: last?.client_msg_no ?? "",
      offset_msg_seq: 0,
      readed_to_msg_seq: c.readedTo,
      version: c.version,
      recents: recents.map((m) => store.view(m)),
    };
  };

  const recentsOf = (c: Conversation, count: number, after = 0): { channel: Channel | undefined; recents: StoredMessage[] } => {
    const channel = store.channel(c.channelId, c.channelType);
    const floor = Math.max(c.deletedTo, after);
    return { channel, recents: (channel?.messages ?? []).filter((m) => m.message_seq > floor).slice(-count) };
  };

  const handlers: Record<string, (request: ParsedRequest, body: Obj) => StateAnswer | undefined> = {
    // --- users --------------------------------------------------------------------------------
    updateUserToken(_r, body) {
      const uid = text(body, "uid");
      if (!uid) return fail("uid不能为空！");
      const token = text(body, "token");
      if (!token) return fail("token不能为空！");
      if (SPECIAL.test(uid)) return fail("uid不能包含特殊字符！");
      if (store.isSystem(uid)) return fail("系统账号不允许更新token！");
      let devices = store.tokens.get(uid);
      if (!devices) store.tokens.set(uid, (devices = new Map()));
      devices.set(int(body, "device_flag") ?? 0, { token, level: int(body, "device_level") ?? 0 });
      return ok();
    },
    quitUserDevice(_r, body) {
      const uid = str(body, "uid") ?? "";
      const flag = int(body, "device_flag") ?? 0;
      const devices = store.tokens.get(uid);
      if (devices) {
        if (flag === -1) devices.clear();
        else devices.delete(flag);
        if (devices.size === 0) store.tokens.delete(uid);
      }
      return ok();
    },
    // Nobody is connected to the mock (it has no TCP or WebSocket port), so nobody is online.
    getUserOnlineStatus: (r) => (asList(r.body).length === 0 ? ok() : ok([])),
    addSystemUids(_r, body) {
      for (const uid of strings(body["uids"])) store.systemUids.add(uid);
      return ok();
    },
    removeSystemUids(_r, body) {
      for (const uid of strings(body["uids"])) store.systemUids.delete(uid);
      return ok();
    },
    listSystemUids: () => ok([...store.systemUids]),
    // --- channels -----------------------------------------------------------------------------
    createChannel(_r, body) {
      const id = text(body, "channel_id");
      if (!id) return fail("频道ID不能为空！");
      const type = int(body, "channel_type") ?? 0;
      if (type === 0) return fail("频道类型错误！");
      if (SPECIAL.test(id)) return fail("频道ID不能包含特殊字符！");
      const subscribers = strings(body["subscribers"]).filter((s) => s.trim() !== "");
      if (type === PERSON && subscribers.length) return fail("不支持个人频道添加订阅者！");
      const channel = store.ensureChannel(id, type);
      for (const flag of ["large", "ban", "disband", "send_ban", "allow_stranger"] as const) channel.flags[flag] = int(body, flag) === 1 ? 1 : 0;
      if (int(body, "reset") === 1) channel.subscribers.clear();
      for (const uid of subscribers) channel.subscribers.add(uid);
      return ok();
    },
    updateChannelInfo(_r, body) {
      const id = str(body, "channel_id") ?? "";
      if (id === "") return ok();
      const channel = store.ensureChannel(id, int(body, "channel_type") ?? 0);
      for (const flag of ["large", "ban", "disband", "send_ban", "allow_stranger"] as const) channel.flags[flag] = int(body, flag) === 1 ? 1 : 0;
      return ok();
    },
    deleteChannel(_r, body) {
      const type = int(body, "channel_type") ?? 0;
      if (type === PERSON) return fail("个人频道不支持添加订阅者！");
      store.deleteChannel(str(body, "channel_id") ?? "", type);
      return ok();
    },
    addChannelSubscribers: (_r, body) => subscribers(body, "add"),
    removeChannelSubscribers: (_r, body) => subscribers(body, "remove"),
    clearChannelSubscribers(_r, body) {
      const id = text(body, "channel_id");
      if (!id) return fail("channel_id不能为空！");
      const type = int(body, "channel_type") ?? 0;
      if (type === 0) return fail("频道类型不能为0！");
      if (type === PERSON) return fail("个人频道不支持此操作！");
      const channel = store.channel(id, type);
      if (channel) {
        for (const uid of channel.subscribers) store.removeConversation(uid, id, type);
        channel.subscribers.clear();
      }
      return ok();
    },
    setTempChannelSubscribers(_r, body) {
      const id = text(body, "channel_id");
      if (!id) return fail("channel_id不能为空！");
      if (SPECIAL.test(id)) return fail("频道ID不能包含特殊字符！");
      const uids = strings(body["uids"]).filter((u) => u.trim() !== "");
      if (uids.length === 0) return fail("uids不能为空！");
      const channel = store.ensureChannel(id, 8);
      channel.subscribers = new Set(uids);
      return ok();
    },
    addChannelDenylist: (_r, body) => list(body, "deny", "add"),
    removeChannelDenylist: (_r, body) => list(body, "deny", "remove"),
    setChannelDenylist: (_r, body) => list(body, "deny", "set"),
    clearChannelDenylist: (_r, body) => list(body, "deny", "clear"),
    addChannelAllowlist: (_r, body) => list(body, "allow", "add"),
    removeChannelAllowlist: (_r, body) => list(body, "allow", "remove"),
    setChannelAllowlist: (_r, body) => list(body, "allow", "set"),
    clearChannelAllowlist: (_r, body) => list(body, "allow", "clear"),
    getChannelAllowlist(r) {
      const channel = store.channel(r.query.get("channel_id") ?? "", Number(r.query.get("channel_type") ?? 0));
      return ok([...(channel?.allowlist.values() ?? [])].map((e) => ({ id: e.id, uid: e.uid, created_at: e.created_at, updated_at: e.created_at })));
    },
    // --- messages -----------------------------------------------------------------------------
    sendMessage(_r, body) {
      const header = headerOf(body);
      const from = text(body, "from_uid") ?? SYSTEM_UID;
      const channelId = text(body, "channel_id");
      const subscribersTo = strings(body["subscribers"]);
      const clientMsgNo = text(body, "client_msg_no") ?? generatedClientMsgNo();
      const payload = str(body, "payload") ?? "";
      if (payload === "") return fail("payload不能为空！");
      const base = { from_uid: from, payload, client_msg_no: clientMsgNo, header, setting: (int(body, "is_stream") === 1 ? 0x02 : 0) | (int(body, "setting") ?? 0), expire: int(body, "expire") ?? 0, topic: text(body, "topic") };
      if (subscribersTo.length > 0) {
        if (header.sync_once !== 1 || channelId !== undefined) return fail("无法处理发送消息请求！");
        const notes: string[] = [];
        for (const uid of subscribersTo) {
          const sent = store.send({ ...base, channel_id: personChannelId(from, uid), channel_type: PERSON });
          if (sent.dropped) notes.push(`${uid}: ${sent.dropped}`);
        }
        return { ...ok(), ...(notes.length ? { note: notes.join("; ") } : {}) };
      }
      if (channelId === undefined) return fail("无法处理发送消息请求！");
      const type = int(body, "channel_type") ?? 0;
      let stored = channelId;
      if (type === PERSON) {
        if (channelId.includes("@")) {
          if (!channelId.split("@").includes(from)) return fail("频道ID不合法！");
        } else if (SPECIAL.test(channelId)) return fail("频道ID不合法！");
        else stored = personChannelId(from, channelId);
      } else if (SPECIAL.test(channelId)) return fail("频道ID不合法！");
      const sent = store.send({ ...base, channel_id: stored, channel_type: type });
      return { status: 200, body: { status: 200, data: { message_id: sent.message_id, client_msg_no: sent.client_msg_no } }, ...(sent.dropped ? { note: sent.dropped } : {}) };
    },
    sendBatchMessage(_r, body) {
      const from = str(body, "from_uid") ?? "";
      if (from === "") return fail("from_uid不能为空！");
      const to = strings(body["subscribers"]);
      if (to.length === 0) return fail("subscribers不能为空！");
      const payload = str(body, "payload") ?? "";
      if (payload === "") return fail("payload不能为空！");
      const notes: string[] = [];
      for (const uid of to) {
        const sent = store.send({ from_uid: from, channel_id: personChannelId(from, uid), channel_type: PERSON, payload, client_msg_no: generatedClientMsgNo(), header: headerOf(body), setting: 0, expire: 0 });
        if (sent.dropped) notes.push(`${uid}: ${sent.dropped}`);
      }
      return { status: 200, body: { fail_uids: [], reason: [] }, ...(notes.length ? { note: notes.join("; ") } : {}) };
    },
    syncChannelMessages(_r, body) {
      const login = text(body, "login_uid");
      if (!login) return fail("login_uid不能为空！");
      const id = text(body, "channel_id");
      if (!id) return fail("channel_id不能为空！");
      const type = int(body, "channel_type") ?? 0;
      const channel = store.channel(storedId(login, id, type), type);
      if (!channel || channel.messages.length === 0) return ok({ start_message_seq: 0, end_message_seq: 0, more: 0, messages: [] });
      const start = int(body, "start_message_seq") ?? 0;
      const end = int(body, "end_message_seq") ?? 0;
      const { list: found, more } = page(channel.messages, start, end, int(body, "limit") ?? 0, int(body, "pull_mode") ?? 0);
      return ok({ start_message_seq: start, end_message_seq: end, more, messages: found.map((m) => store.view(m)) });
    },
    getChannelMaxMessageSeq(r) {
      const id = r.query.get("channel_id") ?? "";
      if (id === "") return fail("channel_id不能为空");
      const type = Number(r.query.get("channel_type") ?? 0);
      const login = r.query.get("login_uid") ?? "";
      if (type === PERSON && !id.includes("@") && login === "") return fail("login_uid不能为空");
      return ok({ message_seq: store.channel(storedId(login, id, type), type)?.lastSeq ?? 0 });
    },
    getChannelLastMessage(r) {
      const id = r.query.get("channel_id") ?? "";
      if (id === "") return fail("channel_id不能为空");
      const type = Number(r.query.get("channel_type") ?? 0);
      const login = r.query.get("login_uid") ?? "";
      if (type === PERSON && !id.includes("@") && login === "") return fail("login_uid不能为空");
      const last = store.channel(storedId(login, id, type), type)?.messages.at(-1);
      return last ? ok(store.view(last)) : notFound;
    },
    getMessages(_r, body) {
      const id = text(body, "channel_id");
      if (!id) return fail("channel_id不能为空！");
      const type = int(body, "channel_type") ?? 0;
      const channel = store.channel(storedId(text(body, "login_uid"), id, type), type);
      const seqs = new Set(asList(body["message_seqs"]).map(Number));
      const ids = new Set(asList(body["message_ids"]).map((v) => String(v)));
      const nos = new Set(strings(body["client_msg_nos"]));
      const found = (channel?.messages ?? []).filter((m) => seqs.has(m.message_seq) || ids.has(String(m.message_id)) || nos.has(m.client_msg_no));
      return ok({ start_message_seq: 0, end_message_seq: 0, more: 0, messages: found.map((m) => store.view(m)) });
    },
    getMessage(_r, body) {
      const id = text(body, "channel_id");
      if (!id) return fail("channel_id不能为空！");
      const type = int(body, "channel_type") ?? 0;
      if (type === 0) return fail("channel_type不能为0");
      const login = text(body, "login_uid");
      if (type === PERSON && !login) return fail("login_uid不能为空！");
      const messageId = bigId(body, "message_id");
      const clientMsgNo = text(body, "client_msg_no");
      const found = store.channel(storedId(login, id, type), type)?.messages.find((m) => (messageId !== undefined && messageId !== 0n && m.message_id === messageId) || (clientMsgNo !== undefined && m.client_msg_no === clientMsgNo));
      return found ? ok(store.view(found)) : notFound;
    },
    getMessageByClientMsgNo(r) {
      const id = r.query.get("channel_id") ?? "";
      if (id === "") return fail("channel_id不能为空");
      const type = Number(r.query.get("channel_type") ?? 0);
      if (type === 0) return fail("channel_type不能为0");
      const no = r.query.get("client_msg_no") ?? "";
      if (no === "") return fail("client_msg_no不能为空");
      const found = store.channel(id, type)?.messages.find((m) => m.client_msg_no === no);
      return found ? ok(store.view(found)) : notFound;
    },
    syncMessages(_r, body) {
      const uid = text(body, "uid");
      if (!uid) return fail("用户uid不能为空！");
      const limit = int(body, "limit") ?? 0;
      const queue = store.commands.get(uid) ?? [];
      return ok(queue.slice(0, limit > 0 ? limit : 200).map((m) => store.view(m)));
    },
    ackSyncMessages(_r, body) {
      const uid = text(body, "uid");
      if (!uid) return fail("用户UID不能为空！");
      const last = int(body, "last_message_seq") ?? 0;
      if (last === 0) return fail("最后一次messageSeq不能为0！");
      const queue = store.commands.get(uid);
      if (queue) store.commands.set(uid, queue.filter((m) => m.message_seq > last));
      return ok();
    },
    // --- conversations ------------------------------------------------------------------------
    clearConversationUnread(_r, body) {
      const uid = text(body, "uid");
      if (!uid) return fail("uid cannot be empty");
      const c = conversationFor(uid, body);
      if (c === "bad") return fail("channel_id or channel_type cannot be empty");
      if (c) {
        c.unread = 0;
        c.readedTo = store.channel(c.channelId, c.channelType)?.lastSeq ?? c.readedTo;
        c.version = BigInt(Date.now()) * 1_000_000n;
      }
      return ok();
    },
    setConversationUnread(_r, body) {
      const uid = text(body, "uid");
      if (!uid) return fail("UID cannot be empty");
      const c = conversationFor(uid, body);
      if (c === "bad") return fail("channel_id or channel_type cannot be empty");
      if (c) {
        const last = store.channel(c.channelId, c.channelType)?.lastSeq ?? 0;
        c.unread = Math.max(0, int(body, "unread") ?? 0);
        c.readedTo = Math.max(0, last - c.unread);
        c.version = BigInt(Date.now()) * 1_000_000n;
      }
      return ok();
    },
    deleteConversation(_r, body) {
      const uid = text(body, "uid");
      if (!uid) return fail("Uid cannot be empty");
      const c = conversationFor(uid, body);
      if (c === "bad") return fail("channel_id or channel_type cannot be empty");
      if (c) {
        c.deletedTo = store.channel(c.channelId, c.channelType)?.lastSeq ?? 0;
        c.unread = 0;
        c.version = BigInt(Date.now()) * 1_000_000n;
      }
      return ok();
    },
    syncConversations(_r, body) {
      const uid = str(body, "uid") ?? "";
      const count = int(body, "msg_count") ?? 0;
      if (count <= 0) return ok([]);
      const since = bigId(body, "version") ?? 0n;
      const seen = new Map<string, number>();
      for (const part of (str(body, "last_msg_seqs") ?? "").split("|")) {
        const [id, type, seq] = part.split(":");
        if (id && type && seq) seen.set(`${type}:${id}`, Number(seq));
      }
      const excluded = new Set(asList(body["exclude_channel_types"]).map(Number));
      const onlyUnread = int(body, "only_unread") === 1;
      let out = store
        .conversationsOf(uid)
        .filter((c) => !excluded.has(c.channelType) && (since <= 0n || c.version > since) && (!onlyUnread || c.unread > 0))
        .map((c) => {
          const shownId = c.channelType === PERSON ? c.channelId.split("@").find((p) => p !== uid) ?? uid : c.channelId;
          const { channel, recents } = recentsOf(c, count, seen.get(`${c.channelType}:${shownId}`) ?? 0);
          return { c, channel, recents };
        })
        .filter((x) => x.recents.length > 0)
        .sort((a, b) => (b.channel?.messages.at(-1)?.timestamp ?? 0) - (a.channel?.messages.at(-1)?.timestamp ?? 0) || (b.c.version > a.c.version ? 1 : -1));
      const page = int(body, "page") ?? 0;
      if (page > 0) {
        const size = Math.min(Math.max(int(body, "page_size") ?? 100, 1), 500);
        out = out.slice((page - 1) * size, page * size);
      }
      return ok(out.map((x) => conversationView(uid, x.c, x.recents, x.channel)));
    },
    syncConversationsByChannels(_r, body) {
      const uid = text(body, "uid");
      if (!uid) return fail("uid cannot be empty");
      const wanted = asList(body["channels"]).map(asObj);
      if (wanted.length === 0) return fail("channels cannot be empty");
      const count = (int(body, "msg_count") ?? 0) > 0 ? int(body, "msg_count")! : 15;
      const out: Json[] = [];
      for (const w of wanted) {
        const type = int(w, "channel_type") ?? 0;
        const c = store.conversation(uid, storedId(uid, str(w, "channel_id") ?? "", type), type);
        if (!c) continue;
        const { channel, recents } = recentsOf(c, count);
        out.push(conversationView(uid, c, recents, channel));
      }
      return ok(out);
    },
    syncConversationMessages(_r, body) {
      const uid = str(body, "uid") ?? "";
      const count = (int(body, "msg_count") ?? 0) > 0 ? int(body, "msg_count")! : 15;
      const out: Json[] = [];
      for (const w of asList(body["channels"]).map(asObj)) {
        const id = str(w, "channel_id") ?? "";
        const type = int(w, "channel_type") ?? 0;
        const channel = store.channel(storedId(uid, id, type), type);
        const after = int(w, "last_msg_seq") ?? 0;
        const messages = (channel?.messages ?? []).filter((m) => m.message_seq > after).slice(-count);
        out.push({ channel_id: id, channel_type: type, messages: messages.map((m) => store.view(m)), user_last_msg_seq: channel?.lastSeq ?? 0 });
      }
      return ok(out);
    },
    listConversationChannels(_r, body) {
      return ok(store.conversationsOf(str(body, "uid") ?? "").map((c) => ({ channel_id: c.channelId, channel_type: c.channelType })));
    },
  };
  // The node-local cache variants keep the same set in a single-node server.
  handlers["addSystemUidsToCache"] = handlers["addSystemUids"]!;
  handlers["removeSystemUidsFromCache"] = handlers["removeSystemUids"]!;

  function conversationFor(uid: string, body: Obj): Conversation | undefined | "bad" {
    const id = text(body, "channel_id");
    const type = int(body, "channel_type") ?? 0;
    if (!id || type === 0) return "bad";
    return store.conversation(uid, storedId(uid, id, type), type);
  }

  function subscribers(body: Obj, action: "add" | "remove"): StateAnswer {
    const id = text(body, "channel_id");
    if (!id) return fail("频道ID不能为空！");
    if (SPECIAL.test(id)) return fail("频道ID不能包含特殊字符！");
    const uids = strings(body["subscribers"]).filter((s) => s.trim() !== "");
    if (uids.length === 0) return fail("订阅者不能为空！");
    let type = int(body, "channel_type") ?? 0;
    if (type === PERSON) return fail("个人频道不支持添加订阅者！");
    if (int(body, "temp_subscriber") === 1) return fail("新版本临时订阅者已不支持！");
    if (type === 0) type = GROUP;
    if (action === "add") {
      const channel = store.ensureChannel(id, type);
      if (int(body, "reset") === 1) channel.subscribers.clear();
      for (const uid of uids) channel.subscribers.add(uid);
    } else {
      const channel = store.channel(id, type);
      for (const uid of uids) {
        channel?.subscribers.delete(uid);
        store.removeConversation(uid, id, type);
      }
    }
    return ok();
  }

  function list(body: Obj, which: "deny" | "allow", action: "add" | "remove" | "set" | "clear"): StateAnswer {
    const id = text(body, "channel_id");
    if (!id) return fail(action === "set" ? "频道ID不能为空！" : "channel_id不能为空！");
    if (which === "allow" && (action === "add" || action === "remove") && SPECIAL.test(id)) return fail("频道ID不能包含特殊字符！");
    const type = int(body, "channel_type") ?? 0;
    if (action !== "set" && type === 0) return fail("频道类型不能为0！");
    const uids = strings(body["uids"]).filter((u) => u.trim() !== "");
    if ((action === "add" || action === "remove") && uids.length === 0) return fail("uids不能为空！");
    const channel = store.ensureChannel(id, type, type === PERSON || store.channel(id, type)?.created === true);
    const apply = (uid: string, add: boolean) => {
      if (which === "deny") {
        if (add) channel.denylist.add(uid);
        else channel.denylist.delete(uid);
      } else if (add) store.addAllow(channel, uid);
      else channel.allowlist.delete(uid);
    };
    if (action === "set" || action === "clear") {
      if (which === "deny") channel.denylist.clear();
      else channel.allowlist.clear();
    }
    for (const uid of uids) apply(uid, action !== "remove");
    return ok();
  }

  return {
    operations: new Set(Object.keys(handlers)),
    answer(operationId, request) {
      return handlers[operationId]?.(request, bodyOf(request));
    },
  };
}
