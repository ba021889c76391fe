// OpenChat's IM routes in the stateful mode. They act on the WuKongIM store, as OpenChat acts on its
// WuKongIM: a send stores a message from the logged-in user, sync reads the channel back, channel
// and subscriber calls change WuKongIM's channels, and the token route registers a WuKongIM token.
// Login issues a token per user (OpenChat's seed users keep their ids), so callers can be told apart.
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import type { Json } from "../json.js";
import type { ParsedRequest, StateAnswer, StatefulApi } from "../room.js";
import { asList, asObj, bodyOf, int, str, strings, text, type Obj } from "../values.js";
import { generatedClientMsgNo } from "../wukongim/echo.js";
import { GROUP, PERSON, personChannelId, type WukongimStore } from "../wukongim/state.js";
import { callerOf } from "./identity.js";

/** OpenChat's seed users (database/seed.sql) and their ids. */
const SEED_USERS = ["admin", "alice", "bob", "carol", "dave"];
/** Signs the mock's tokens; OpenChat's JWT_SECRET has no default, so any fixed value serves. */
const MOCK_JWT_SECRET = "im-mock-openchat";

export class OpenchatAccounts {
  private ids = new Map<string, string>();

  reset(): void {
    this.ids.clear();
  }

  summary(): Record<string, number> {
    return { users: this.ids.size };
  }

  /** The user id of a username: a seed user keeps OpenChat's id, anyone else gets the next one. */
  idOf(username: string): string {
    const seed = SEED_USERS.indexOf(username);
    if (seed >= 0) return String(seed + 1);
    let id = this.ids.get(username);
    if (!id) this.ids.set(username, (id = String(SEED_USERS.length + 1 + this.ids.size)));
    return id;
  }
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

function jwt(claims: Record<string, Json>): string {
  const unsigned = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url(claims)}`;
  return `${unsigned}.${createHmac("sha256", MOCK_JWT_SECRET).update(unsigned).digest("base64url")}`;
}

const success = (data: Json): StateAnswer => ({ status: 200, body: { success: true, data } });
/** What OpenChat answers when its call to WuKongIM fails: the axios error's message, HTTP 200 here. */
const wukongimRefused = (status: number): StateAnswer => ({ status: 200, body: { success: false, message: `Request failed with status code ${status}` } });

export function openchatState(store: WukongimStore, accounts: OpenchatAccounts): StatefulApi {
  /** The WuKongIM uid of the caller: the token's userId claim, or, for a token that is not a JWT, a name derived from it. */
  const uidOf = (request: ParsedRequest): string => {
    const caller = callerOf(request);
    if (caller) return caller.userId;
    const token = (request.headers["authorization"] ?? "").replace(/^Bearer\s+/i, "");
    return `oc_${createHash("sha1").update(token).digest("hex").slice(0, 12)}`;
  };
  const channelOf = (uid: string, channelId: string, type: number) => (type === PERSON ? personChannelId(uid, channelId) : channelId);
  const registerToken = (uid: string): string => {
    const token = randomBytes(16).toString("hex");
    let devices = store.tokens.get(uid);
    if (!devices) store.tokens.set(uid, (devices = new Map()));
    devices.set(1, { token, level: 1 });
    return token;
  };

  const send = (uid: string, m: Obj) => {
    const type = int(m, "channelType") ?? GROUP;
    const sent = store.send({
      from_uid: uid,
      channel_id: channelOf(uid, str(m, "channelId") ?? "", type),
      channel_type: type,
      payload: str(m, "payload") ?? "",
      client_msg_no: text(m, "clientMsgNo") ?? generatedClientMsgNo(),
      header: { no_persist: 0, red_dot: 1, sync_once: 0 },
      setting: 0,
      expire: 0,
    });
    return { data: { messageId: String(sent.message_id), messageSeq: sent.stored?.message_seq ?? 0 }, note: sent.dropped };
  };

  const handlers: Record<string, (request: ParsedRequest, body: Obj) => StateAnswer | undefined> = {
    loginUser(_r, body) {
      const username = str(body, "username") ?? "";
      const id = accounts.idOf(username);
      const now = Math.floor(Date.now() / 1000);
      const deviceId = text(body, "deviceId");
      const claims = { userId: id, username, roles: [username === "admin" ? "admin" : "user"], permissions: [], jti: randomUUID(), ...(deviceId ? { deviceId } : {}), iat: now, exp: now + 3600, iss: "openchat" };
      const at = new Date().toISOString();
      return {
        status: 200,
        body: {
          user: { id, uuid: randomUUID(), username, nickname: username.charAt(0).toUpperCase() + username.slice(1), email: null, phone: null, avatar: null, status: "online", lastLoginAt: at, lastLoginIp: "127.0.0.1", isDeleted: false, createdAt: at, updatedAt: at },
          token: jwt(claims),
          refreshToken: jwt({ userId: id, username, jti: randomUUID(), ...(deviceId ? { deviceId } : {}), iat: now, exp: now + 7 * 86400, iss: "openchat" }),
          expiresIn: 3600,
          imConfig: { wsUrl: "ws://127.0.0.1:5200", uid: id, token: registerToken(id) },
        },
      };
    },
    getImToken: (r) => success({ token: registerToken(uidOf(r)) }),
    sendMessage(r, body) {
      const { data, note } = send(uidOf(r), body);
      return { ...success(data), ...(note ? { note } : {}) };
    },
    sendBatchMessages(r) {
      const uid = uidOf(r);
      const results = asList(r.body).map((m) => send(uid, asObj(m)));
      const notes = results.flatMap((x) => (x.note ? [x.note] : []));
      return { ...success(results.map((x) => x.data)), ...(notes.length ? { note: notes.join("; ") } : {}) };
    },
    syncMessages(r) {
      const channelId = r.query.get("channelId") ?? "";
      const type = Number(r.query.get("channelType") ?? GROUP);
      const after = Number(r.query.get("lastMessageSeq") ?? 0) || 0;
      const limit = Number(r.query.get("limit") ?? 50) || 50;
      const channel = store.channel(channelOf(uidOf(r), channelId, type), type);
      const messages = (channel?.messages ?? []).filter((m) => m.message_seq > after).slice(0, limit);
      return success(messages.map((m) => ({ messageId: String(m.message_id), messageSeq: m.message_seq, channelId, channelType: type, fromUid: m.from_uid, payload: m.payload, timestamp: m.timestamp * 1000 })));
    },
    createChannel(_r, body) {
      const channelId = str(body, "channelId") ?? "";
      const channelType = int(body, "channelType") ?? GROUP;
      store.ensureChannel(channelId, channelType);
      const data: Record<string, Json> = { channelId, channelType };
      for (const key of ["name", "avatar"]) if (str(body, key) !== undefined) data[key] = str(body, key)!;
      return success(data);
    },
    deleteChannel(_r, body) {
      const channelType = int(body, "channelType") ?? GROUP;
      // WuKongIM refuses to delete a person channel (400), which OpenChat passes on as a failure.
      if (channelType === PERSON) return wukongimRefused(400);
      store.deleteChannel(str(body, "channelId") ?? "", channelType);
      return success({ channelId: str(body, "channelId") ?? "" });
    },
    addChannelSubscribers(_r, body) {
      const channelType = int(body, "channelType") ?? GROUP;
      if (channelType === PERSON) return wukongimRefused(400);
      const channel = store.ensureChannel(str(body, "channelId") ?? "", channelType);
      let added = 0;
      for (const uid of strings(body["subscribers"])) if (!channel.subscribers.has(uid)) (channel.subscribers.add(uid), added++);
      return success({ added });
    },
    removeChannelSubscribers(_r, body) {
      const channelType = int(body, "channelType") ?? GROUP;
      if (channelType === PERSON) return wukongimRefused(400);
      const channelId = str(body, "channelId") ?? "";
      const channel = store.channel(channelId, channelType);
      let removed = 0;
      for (const uid of strings(body["subscribers"])) {
        if (channel?.subscribers.delete(uid)) removed++;
        store.removeConversation(uid, channelId, channelType);
      }
      return success({ removed });
    },
  };

  return {
    operations: new Set(Object.keys(handlers)),
    answer(operationId, request) {
      return handlers[operationId]?.(request, bodyOf(request));
    },
  };
}
