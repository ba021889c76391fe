/** Conversation types (`ProtoConstants.ConversationType`). */
export const ConversationType = {
  Single: 0,
  Group: 1,
  Chatroom: 2,
  Channel: 3,
  Things: 4,
  SecretChat: 5,
} as const;
export type ConversationType = (typeof ConversationType)[keyof typeof ConversationType];

/** A conversation: its type, its target (peer user, group, chatroom or channel id) and its line. */
export interface ConversationRef {
  type: ConversationType | number;
  target: string;
  /** Sub-channel of the same target; 0 unless the app uses lines. */
  line?: number;
}

/**
 * The key clients and the server SDK use for per-conversation user settings (silent, top):
 * `"<type>-<line>-<target>"`, e.g. `"0-0-u_test02"`.
 */
export function conversationSettingKey(conversation: ConversationRef): string {
  const { type, target } = conversation;
  const line = conversation.line ?? 0;
  if (!Number.isInteger(type) || type < 0) throw new TypeError(`wildfire: conversation type must be a non-negative integer, got ${String(type)}`);
  if (!Number.isInteger(line) || line < 0) throw new TypeError(`wildfire: conversation line must be a non-negative integer, got ${String(line)}`);
  if (typeof target !== "string" || target === "") throw new TypeError("wildfire: conversation target must be a non-empty string");
  return `${type}-${line}-${target}`;
}
