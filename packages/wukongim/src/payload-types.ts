// The JSON content WuKongIM's apps put in a message `payload` (before base64), as the message-send
// documentation describes it. The server does not read payloads; these are the conventions its SDKs
// and demo apps share. An app may add its own fields.
import type { components } from "./generated/schema.js";

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

type Schemas = components["schemas"];

// The content shapes come from the spec (components/schemas/Payload*). openapi-typescript types an
// object schema without properties as Record<string, never>, which would reject every command
// `param` and every replied-to `payload`; those two free-form objects are widened here.

/** Who a text message mentions: `all: 1` everyone (then `uids` is empty), else `uids`. */
export type PayloadMention = NonNullable<Schemas["PayloadText"]["mention"]>;

/** The message a text message replies to. */
export type PayloadReply = Omit<NonNullable<Schemas["PayloadText"]["reply"]>, "payload"> & {
  /** The replied-to message's content. */
  payload?: Record<string, unknown>;
};

/** Text (type 1), optionally mentioning users or replying to a message. */
export type PayloadText = Omit<Schemas["PayloadText"], "reply"> & { reply?: PayloadReply };
/** Image (type 2); width and height in pixels. */
export type PayloadImage = Schemas["PayloadImage"];
/** GIF (type 3); width and height in pixels. */
export type PayloadGif = Schemas["PayloadGif"];
/** Voice (type 4); `timeTrad` is the duration in seconds. */
export type PayloadVoice = Schemas["PayloadVoice"];
/** File (type 8); `size` in bytes. */
export type PayloadFile = Schemas["PayloadFile"];
/** A command for clients (type 99, send with `header.sync_once = 1`), e.g. `memberUpdate`, `unreadClear`. */
export type PayloadCommand = Omit<Schemas["PayloadCommand"], "param"> & { param?: Record<string, unknown> };
/** A user named in a system message template: `{0}` is `extra[0]`, and so on. */
export type PayloadSystemUser = NonNullable<Schemas["PayloadSystem"]["extra"]>[number];
/** A system message: type above 1000, `content` is a template whose `{n}` refer to `extra[n]`. */
export type PayloadSystem = Schemas["PayloadSystem"];

/** Any documented payload content. */
export type MessageContent = PayloadText | PayloadImage | PayloadGif | PayloadVoice | PayloadFile | PayloadCommand | PayloadSystem;

/** True for a system message (type above 1000). */
export function isSystemContent(content: { type: number }): content is PayloadSystem {
  return content.type >= SYSTEM_CONTENT_TYPE_MIN;
}
