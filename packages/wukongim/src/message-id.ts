/** Anything that carries a WuKongIM message id: a message object, or `/message/send`'s `data`. */
export interface HasMessageId {
  /** Decimal string of `message_id`, sent next to it by every message read. */
  message_idstr?: string | undefined;
  /** Snowflake id; above 2^53 the client decodes it as bigint. */
  message_id?: number | bigint | string | undefined;
}

/**
 * A message's id as an exact decimal string: `message_idstr` when present, else `message_id`.
 * Throws when there is no id, or when `message_id` is a number above 2^53 (it was decoded by
 * something that rounds, so the digits are already wrong).
 */
export function messageIdOf(message: HasMessageId): string {
  const idstr = message.message_idstr;
  if (typeof idstr === "string" && /^-?\d+$/.test(idstr)) return idstr;
  const id = message.message_id;
  if (typeof id === "bigint") return id.toString();
  if (typeof id === "string" && /^-?\d+$/.test(id)) return id;
  if (typeof id === "number") {
    if (!Number.isSafeInteger(id)) {
      throw new RangeError(`messageIdOf: message_id ${id} is not a safe integer, so its digits are already lost; read message_idstr or decode the body with parseJsonLossless`);
    }
    return String(id);
  }
  throw new TypeError("messageIdOf: the message has neither message_idstr nor message_id");
}
