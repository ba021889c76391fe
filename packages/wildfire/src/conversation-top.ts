import { conversationSettingKey, type ConversationRef } from "./conversation.js";
import { ErrorCodeByName } from "./error-code.js";
import { unwrap, WildfireError } from "./errors.js";
import type { WildfireClient } from "./index.js";
import { UserSettingScope } from "./user-setting-scope.js";

// The server has no conversation-top route (the documented /admin/conversation/top and is_top do not
// exist); the official server SDK pins a conversation by writing the user setting in scope 3, keyed
// "<type>-<line>-<target>", value "1" or "0". These do the same.

export interface ConversationTopTarget {
  /** The user whose conversation list is changed. */
  userId: string;
  conversation: ConversationRef;
}

/** Pins (`top: true`) or unpins a conversation for a user. Throws WildfireError when the server says no. */
export async function setConversationTop(client: WildfireClient, options: ConversationTopTarget & { top: boolean }): Promise<void> {
  const key = conversationSettingKey(options.conversation);
  unwrap(
    await client.POST("/admin/user/put_setting", {
      body: { userId: options.userId, scope: UserSettingScope.ConversationTop, key, value: options.top ? "1" : "0" },
    }),
  );
}

/** Whether a user has pinned a conversation; a setting never written (code 253) counts as not pinned. */
export async function isConversationTop(client: WildfireClient, options: ConversationTopTarget): Promise<boolean> {
  const key = conversationSettingKey(options.conversation);
  const result = await client.POST("/admin/user/get_setting", {
    body: { userId: options.userId, scope: UserSettingScope.ConversationTop, key },
  });
  try {
    return unwrap(result)?.value === "1";
  } catch (error) {
    if (error instanceof WildfireError && error.code === ErrorCodeByName.ERROR_CODE_NOT_EXIST) return false;
    throw error;
  }
}
