// The JSON content WuKongIM's apps put in a message `payload` (before base64), as the message-send
// documentation describes it. The server does not read payloads; these are the conventions its SDKs
// and demo apps share. Every shape is open: an app may add its own fields.

/** Content types of the documented payloads. System messages use any type above 1000. */
export const ContentType = {
  Text: 1,
  Image: 2,
  Gif: 3,
  Voice: 4,
  File: 8,
  Command: 99,
} as const;
export type ContentType = (typeof ContentType)[keyof typeof ContentType];

/** System messages (group created, member added, message recalled…) use a type above this. */
export const SYSTEM_CONTENT_TYPE_MIN = 1001;

/** Who a text message mentions. */
export interface PayloadMention {
  /** 1 mentions everyone (then `uids` is empty), 0 only `uids`. */
  all?: 0 | 1;
  uids?: string[];
}

/** The message a text message replies to. */
export interface PayloadReply {
  /** Id of the first message of the reply thread. */
  root_mid?: string;
  /** Decimal id of the message replied to. */
  message_id?: string;
  message_seq?: number;
  from_uid?: string;
  from_name?: string;
  /** The replied-to message's content. */
  payload?: Record<string, unknown>;
}

export interface PayloadText {
  type: 1;
  content: string;
  mention?: PayloadMention;
  reply?: PayloadReply;
}

export interface PayloadImage {
  type: 2;
  url: string;
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
}

export interface PayloadGif {
  type: 3;
  url: string;
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
}

export interface PayloadVoice {
  type: 4;
  url: string;
  /** Duration in seconds. */
  timeTrad: number;
}

export interface PayloadFile {
  type: 8;
  url: string;
  name: string;
  /** Size in bytes. */
  size: number;
}

/** A command for clients (send with `header.sync_once = 1`), e.g. `memberUpdate`, `unreadClear`. */
export interface PayloadCommand {
  type: 99;
  cmd: string;
  param?: Record<string, unknown>;
}

/** A user named in a system message template: `{0}` is `extra[0]`, and so on. */
export interface PayloadSystemUser {
  uid: string;
  name: string;
}

/** A system message: type above 1000, `content` is a template whose `{n}` refer to `extra[n]`. */
export interface PayloadSystem {
  type: number;
  content: string;
  extra?: PayloadSystemUser[];
  creator?: string;
  creator_name?: string;
  /** For a recall notice (1006), the recalled message's id. */
  message_id?: string;
}

/** Any documented payload content. */
export type MessageContent = PayloadText | PayloadImage | PayloadGif | PayloadVoice | PayloadFile | PayloadCommand | PayloadSystem;

/** True for a system message (type above 1000). */
export function isSystemContent(content: { type: number }): content is PayloadSystem {
  return content.type >= SYSTEM_CONTENT_TYPE_MIN;
}
