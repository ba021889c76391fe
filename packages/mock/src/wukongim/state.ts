// WuKongIM's state in memory, as a v2.2.5 server keeps it: user tokens, system uids, channels with
// their subscribers, deny and allow lists, stored messages with per-channel sequences, conversations
// with unread counts, and the command messages /message/sync hands out. OpenChat's IM routes act on
// the same store, as the real OpenChat acts on its WuKongIM.
import type { Json } from "../json.js";
import { nextSnowflake } from "../snowflake.js";

/** The uid WuKongIM sends as when a send names no `from_uid`. */
export const SYSTEM_UID = "____system";

export const PERSON = 1;
export const GROUP = 2;

export interface MessageHeader {
  no_persist: number;
  red_dot: number;
  sync_once: number;
}

export interface StoredMessage {
  message_id: bigint;
  message_seq: number;
  client_msg_no: string;
  /** As sent; SYSTEM_UID for a send without from_uid. */
  from_uid: string;
  /** The stored channel id: `a@b` for a person channel. */
  channel_id: string;
  channel_type: number;
  header: MessageHeader;
  setting: number;
  expire: number;
  topic?: string | undefined;
  /** Seconds. */
  timestamp: number;
  /** Base64, as sent. */
  payload: string;
}

export interface AllowEntry {
  id: number;
  uid: string;
  created_at: string;
}

export interface Channel {
  id: string;
  type: number;
  /** Created with /channel, /channel/info or a subscriber call (person channels exist implicitly). */
  created: boolean;
  flags: { large: number; ban: number; disband: number; send_ban: number; allow_stranger: number };
  subscribers: Set<string>;
  denylist: Set<string>;
  allowlist: Map<string, AllowEntry>;
  messages: StoredMessage[];
  lastSeq: number;
}

export interface Conversation {
  /** The stored channel id (`a@b` for person channels). */
  channelId: string;
  channelType: number;
  unread: number;
  readedTo: number;
  /** Messages up to this seq are hidden by /conversations/delete. */
  deletedTo: number;
  /** Nanoseconds of the last change. */
  version: bigint;
}

export interface SendInput {
  from_uid: string;
  channel_id: string;
  channel_type: number;
  payload: string;
  client_msg_no: string;
  header: MessageHeader;
  setting: number;
  expire: number;
  topic?: string | undefined;
}

export interface SendOutcome {
  message_id: bigint;
  client_msg_no: string;
  /** The stored message, when the server would store it. */
  stored?: StoredMessage;
  /** Why a send the server answers 200 is not stored (it is asynchronous and drops such sends). */
  dropped?: string;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of the UTF-8 bytes, as Go's hash/crc32.ChecksumIEEE. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The stored id of the person channel between two uids: the uid with the larger CRC-32 first (`to@from` on a tie), as v2's GetFakeChannelIDWith. */
export function personChannelId(from: string, to: string): string {
  const a = crc32(from);
  const b = crc32(to);
  if (a > b) return `${from}@${to}`;
  return `${to}@${from}`;
}

/** The other half of a person channel id, seen from `uid`. */
export function peerOf(storedId: string, uid: string): string {
  const [a, b] = storedId.split("@") as [string, string];
  return a === uid ? b : a;
}

const keyOf = (id: string, type: number) => `${type}:${id}`;
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

export class WukongimStore {
  /** uid → device_flag → token. */
  readonly tokens = new Map<string, Map<number, { token: string; level: number }>>();
  readonly systemUids = new Set<string>();
  readonly channels = new Map<string, Channel>();
  /** uid → channel key → conversation. */
  readonly conversations = new Map<string, Map<string, Conversation>>();
  /** uid → command messages waiting for /message/sync. */
  readonly commands = new Map<string, StoredMessage[]>();
  private allowIds = 0;
  private commandSeq = 0;

  reset(): void {
    this.tokens.clear();
    this.systemUids.clear();
    this.channels.clear();
    this.conversations.clear();
    this.commands.clear();
  }

  summary(): Record<string, number> {
    let messages = 0;
    for (const c of this.channels.values()) messages += c.messages.length;
    return { users: this.tokens.size, channels: [...this.channels.values()].filter((c) => c.created).length, messages, conversations: [...this.conversations.values()].reduce((n, m) => n + m.size, 0) };
  }

  isSystem(uid: string): boolean {
    return uid === SYSTEM_UID || uid === "" || this.systemUids.has(uid);
  }

  channel(id: string, type: number): Channel | undefined {
    return this.channels.get(keyOf(id, type));
  }

  /** The channel, created (as a bare record) when it is not there yet. */
  ensureChannel(id: string, type: number, created = true): Channel {
    const key = keyOf(id, type);
    let channel = this.channels.get(key);
    if (!channel) {
      channel = { id, type, created, flags: { large: 0, ban: 0, disband: 0, send_ban: 0, allow_stranger: 0 }, subscribers: new Set(), denylist: new Set(), allowlist: new Map(), messages: [], lastSeq: 0 };
      this.channels.set(key, channel);
    } else if (created) channel.created = true;
    return channel;
  }

  deleteChannel(id: string, type: number): void {
    const key = keyOf(id, type);
    this.channels.delete(key);
    for (const list of this.conversations.values()) list.delete(key);
  }

  addAllow(channel: Channel, uid: string): void {
    if (!channel.allowlist.has(uid)) channel.allowlist.set(uid, { id: ++this.allowIds, uid, created_at: new Date().toISOString() });
  }

  removeConversation(uid: string, id: string, type: number): void {
    this.conversations.get(uid)?.delete(keyOf(id, type));
  }

  conversation(uid: string, id: string, type: number): Conversation | undefined {
    return this.conversations.get(uid)?.get(keyOf(id, type));
  }

  conversationsOf(uid: string): Conversation[] {
    return [...(this.conversations.get(uid)?.values() ?? [])];
  }

  /** Why the server would not store this send, or undefined when it would (v2's permission checks, which API sends go through). */
  private refusal(input: SendInput, channel: Channel | undefined): string | undefined {
    if (this.isSystem(input.from_uid)) return undefined;
    if (input.channel_type === PERSON) {
      if (channel?.denylist.has(input.from_uid)) return `${input.from_uid} is on the person channel's denylist (reason InBlacklist)`;
      return undefined;
    }
    if (!channel || !channel.created) return `channel ${input.channel_id} (type ${input.channel_type}) does not exist; create it with /channel first (reason ChannelNotExist)`;
    if (channel.flags.disband === 1) return `channel ${input.channel_id} is disbanded (reason Disband)`;
    if (channel.flags.ban === 1) return `channel ${input.channel_id} is banned (reason Ban)`;
    if (channel.flags.send_ban === 1) return `channel ${input.channel_id} does not allow sending (reason SendBan)`;
    if (channel.denylist.has(input.from_uid)) return `${input.from_uid} is on the channel's denylist (reason InBlacklist)`;
    if (!channel.subscribers.has(input.from_uid)) return `${input.from_uid} is not a subscriber of ${input.channel_id} (reason SubscriberNotExist)`;
    if (channel.allowlist.size > 0 && !channel.allowlist.has(input.from_uid)) return `${input.from_uid} is not on the channel's allowlist (reason NotInWhitelist)`;
    return undefined;
  }

  /** Who gets a conversation for a message in this channel. */
  private members(channel: Channel): string[] {
    if (channel.type === PERSON) return channel.id.split("@");
    return [...channel.subscribers];
  }

  /** Stores a send as the server would (or says why it would not); `input.channel_id` is the stored id. */
  send(input: SendInput): SendOutcome {
    const message_id = nextSnowflake();
    const outcome: SendOutcome = { message_id, client_msg_no: input.client_msg_no };
    const existing = this.channel(input.channel_id, input.channel_type);
    const refused = this.refusal(input, existing);
    if (refused) return { ...outcome, dropped: `not stored: ${refused}; the server answers 200 and drops the send` };
    if (input.header.no_persist === 1) return { ...outcome, dropped: "not stored: header.no_persist is 1 (delivered to online devices only)" };
    const channel = existing ?? this.ensureChannel(input.channel_id, input.channel_type, input.channel_type === PERSON);
    const message: StoredMessage = { ...input, message_id, message_seq: 0, timestamp: Math.floor(Date.now() / 1000) };
    if (input.header.sync_once === 1) {
      // Command messages go to each member's /message/sync queue, not to the channel's history.
      for (const uid of this.members(channel)) this.queueCommand(uid, message);
      return { ...outcome, stored: message };
    }
    message.message_seq = ++channel.lastSeq;
    channel.messages.push(message);
    const version = nowNs();
    for (const uid of this.members(channel)) {
      if (this.isSystem(uid)) continue;
      let list = this.conversations.get(uid);
      if (!list) this.conversations.set(uid, (list = new Map()));
      const key = keyOf(channel.id, channel.type);
      let conversation = list.get(key);
      if (!conversation) list.set(key, (conversation = { channelId: channel.id, channelType: channel.type, unread: 0, readedTo: 0, deletedTo: 0, version }));
      conversation.version = version;
      if (uid === input.from_uid) conversation.readedTo = message.message_seq;
      else if (input.header.red_dot === 1) conversation.unread++;
    }
    return { ...outcome, stored: message };
  }

  queueCommand(uid: string, message: StoredMessage): void {
    let queue = this.commands.get(uid);
    if (!queue) this.commands.set(uid, (queue = []));
    queue.push({ ...message, message_seq: ++this.commandSeq });
  }

  /** A stored message as the API shows it (MessageResp): a person channel's id is the half that is not the sender. */
  view(m: StoredMessage): Json {
    const out: Record<string, Json> = {
      header: { ...m.header },
      setting: m.setting,
      message_id: m.message_id,
      message_idstr: String(m.message_id),
      client_msg_no: m.client_msg_no,
      message_seq: m.message_seq,
      from_uid: m.from_uid === SYSTEM_UID ? "" : m.from_uid,
      channel_id: m.channel_type === PERSON && m.channel_id.includes("@") ? peerOf(m.channel_id, m.from_uid) : m.channel_id,
      channel_type: m.channel_type,
      expire: m.expire,
      timestamp: m.timestamp,
      payload: m.payload,
    };
    if (m.topic) out["topic"] = m.topic;
    return out;
  }
}
