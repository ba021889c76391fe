// The wildfire im-server's state in memory, as the admin API sees it: users (soft-deleted, with a
// block status), friends, aliases and blacklists, groups with their members, messages, and user and
// system settings. Objects are kept in the shapes the admin API answers with.
import type { Json } from "../json.js";

export interface User {
  userId: string;
  name: string;
  displayName: string;
  portrait: string;
  gender: number;
  mobile: string;
  email: string;
  address: string;
  company: string;
  social: string;
  extra: string;
  type: number;
  deleted: number;
  updateDt: number;
  /** 0 normal, 1 muted, 2 forbidden (update_block_status). */
  status: number;
}

export interface Member {
  member_id: string;
  alias: string;
  /** 0 normal, 1 manager, 2 owner, 3 silent, 4 removed, 5 allowed. */
  type: number;
  extra: string;
  createDt: number;
  updateDt: number;
}

export interface Group {
  target_id: string;
  name: string;
  portrait: string;
  owner: string;
  type: number;
  extra: string;
  mute: number;
  join_type: number;
  private_chat: number;
  searchable: number;
  max_member_count: number;
  history_message: number;
  super_group: boolean;
  deleted: boolean;
  update_dt: number;
  member_update_dt: number;
  members: Map<string, Member>;
}

export interface Message {
  messageId: bigint;
  sender: string;
  conv: { type: number; target: string; line: number };
  payload: Record<string, Json>;
  toUsers: string[];
  timestamp: number;
}

export const REMOVED = 4;

export class WildfireStore {
  readonly users = new Map<string, User>();
  /** userId → friend uid → { alias, extra }. */
  readonly friends = new Map<string, Map<string, { extra: string }>>();
  /** operator → target → alias (set_alias works for any pair). */
  readonly aliases = new Map<string, Map<string, string>>();
  /** operator → target → extra (set_extra). */
  readonly friendExtras = new Map<string, Map<string, string>>();
  readonly blacklists = new Map<string, Set<string>>();
  readonly groups = new Map<string, Group>();
  readonly messages = new Map<bigint, Message>();
  /** `${userId}|${scope}|${key}` → value. */
  readonly userSettings = new Map<string, string>();
  readonly systemSettings = new Map<number, { value: string; desc: string }>();
  private ids = 0;

  reset(): void {
    for (const map of [this.users, this.friends, this.aliases, this.friendExtras, this.blacklists, this.groups, this.messages, this.userSettings, this.systemSettings]) map.clear();
  }

  summary(): Record<string, number> {
    return { users: this.users.size, groups: [...this.groups.values()].filter((g) => !g.deleted).length, messages: this.messages.size };
  }

  /** An id for a user or group created without one, in the server's short random style. */
  newId(prefix: string): string {
    return `${prefix}${Date.now().toString(36)}${(++this.ids).toString(36)}`;
  }

  /** A user as the admin API answers it: every field present, no password. */
  userView(u: User): Json {
    const { status: _status, ...rest } = u;
    return rest;
  }

  groupView(g: Group): Json {
    const { members: _members, ...rest } = g;
    const count = this.activeMembers(g).length;
    // get_info and batch_infos fill max_member_count with the member count, as the server does.
    return { ...rest, member_count: count, max_member_count: count };
  }

  activeMembers(g: Group): Member[] {
    return [...g.members.values()].filter((m) => m.type !== REMOVED);
  }

  friendsOf(userId: string): Map<string, { extra: string }> {
    let list = this.friends.get(userId);
    if (!list) this.friends.set(userId, (list = new Map()));
    return list;
  }

  nested<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
    let inner = map.get(key);
    if (!inner) map.set(key, (inner = new Map()));
    return inner;
  }
}
