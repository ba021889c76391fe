import { decodeBase64, encodeBase64 } from "@im-openapi/core";
import { ContentType } from "./content-type.js";
import type { components } from "./generated/schema.js";

/** A message payload as `/admin/message/send` and friends take it. */
export type MessagePayloadInput = components["schemas"]["MessagePayloadInput"];

/** How a message is stored (`MessagePayload.persistFlag`). */
export const PersistFlag = {
  /** Delivered, not stored. */
  NotPersist: 0,
  Persist: 1,
  /** Stored and counted as unread. */
  PersistAndCount: 3,
  /** Delivered to online clients only, never stored. */
  Transparent: 4,
} as const;
export type PersistFlag = (typeof PersistFlag)[keyof typeof PersistFlag];

/** Storage bucket of a media message (`MessagePayload.mediaType`). */
export const MediaType = {
  General: 0,
  Image: 1,
  Voice: 2,
  Video: 3,
  File: 4,
  Portrait: 5,
  Favorite: 6,
  Sticker: 7,
  Moments: 8,
} as const;
export type MediaType = (typeof MediaType)[keyof typeof MediaType];

/** Who a message mentions (`MessagePayload.mentionedType`). */
export const MentionedType = {
  None: 0,
  /** The users in `mentionedTarget`. */
  Users: 1,
  Everyone: 2,
} as const;
export type MentionedType = (typeof MentionedType)[keyof typeof MentionedType];

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Bytes, or a string as UTF-8, → the standard padded base64 a payload's `base64edData` carries. */
export function encodeBinaryData(data: Uint8Array | string): string {
  return encodeBase64(typeof data === "string" ? encoder.encode(data) : data);
}

/** A payload's `base64edData` → its bytes. Throws Base64Error naming what is wrong with the string. */
export function decodeBinaryData(base64edData: string): Uint8Array {
  return decodeBase64(base64edData);
}

/** A payload's `base64edData` → its bytes read as UTF-8 (throws when they are not UTF-8). */
export function decodeBinaryDataText(base64edData: string): string {
  return decoder.decode(decodeBase64(base64edData));
}

/**
 * A text message payload as the wildfire clients encode one: type 1 with the text in
 * `searchableContent`, stored and counted as unread. `extra` adds or overrides other fields
 * (`mentionedType`/`mentionedTarget`, `pushContent`, `extra`…).
 */
export function textPayload(text: string, extra: Partial<Omit<MessagePayloadInput, "type" | "searchableContent">> = {}): MessagePayloadInput {
  if (typeof text !== "string") throw new TypeError("textPayload: text must be a string");
  return {
    type: ContentType.Text,
    searchableContent: text,
    mediaType: MediaType.General,
    persistFlag: PersistFlag.PersistAndCount,
    expireDuration: 0,
    mentionedType: MentionedType.None,
    ...extra,
  };
}
