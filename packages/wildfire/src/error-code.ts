import type { components } from "./generated/schema.js";

/** A code the wildfire admin API can put in its envelope (`cn.wildfirechat.common.ErrorCode`, 1.4.8). */
export type ErrorCodeValue = components["schemas"]["ErrorCode"];

/**
 * The server's ErrorCode table: code → its enum name and the `msg` the server sends with it.
 * `satisfies` keeps it in step with the spec's enum: a code added to or dropped from the spec is a
 * compile error here (a test also compares names and messages with the spec's x-enum-varnames).
 */
export const ErrorCode = {
  0: { name: "ERROR_CODE_SUCCESS", msg: "success" },
  1: { name: "ERROR_CODE_SECRECT_KEY_MISMATCH", msg: "secrect key mismatch" },
  2: { name: "ERROR_CODE_INVALID_DATA", msg: "invalid data" },
  3: { name: "ERROR_CODE_NODE_NOT_EXIST", msg: "node not exist" },
  4: { name: "ERROR_CODE_SERVER_ERROR", msg: "server error" },
  5: { name: "ERROR_CODE_NOT_MODIFIED", msg: "not modified" },
  6: { name: "ERROR_CODE_TOKEN_ERROR", msg: "token error" },
  7: { name: "ERROR_CODE_KICKED_OFF", msg: "kicked off" },
  8: { name: "ERROR_CODE_USER_FORBIDDEN", msg: "user forbidden" },
  9: { name: "ERROR_CODE_NOT_IN_GROUP", msg: "not in group" },
  10: { name: "ERROR_CODE_INVALID_MESSAGE", msg: "invalid message" },
  11: { name: "ERROR_CODE_GROUP_ALREADY_EXIST", msg: "group already exist" },
  12: { name: "ERROR_CODE_ALREADY_IN_GROUP", msg: "member already in group" },
  16: { name: "ERROR_CODE_FRIEND_ALREADY_REQUEST", msg: "already send request" },
  18: { name: "ERROR_CODE_FRIEND_REQUEST_BLOCKED", msg: "friend request blocked" },
  19: { name: "ERROR_CODE_FRIEND_REQUEST_EXPIRED", msg: "friend request expired" },
  20: { name: "ERROR_CODE_NOT_IN_CHATROOM", msg: "not in chatroom" },
  21: { name: "ERROR_CODE_NOT_IN_CHANNEL", msg: "not in channel" },
  22: { name: "ERROR_CODE_NOT_LICENSED", msg: "not licensed" },
  23: { name: "ERROR_CODE_ALREADY_FRIENDS", msg: "already friends" },
  24: { name: "ERROR_CODE_RECALL_TIME_EXPIRED", msg: "time expired" },
  25: { name: "ERROR_CODE_LOCK_ALREADY_LOCKED", msg: "already locked" },
  26: { name: "ERROR_CODE_NOT_YOUR_LOCKED", msg: "unload failure, not your lock" },
  27: { name: "ERROR_CODE_ROBOT_NO_TOKEN", msg: "robot no token" },
  28: { name: "ERROR_CODE_WS_NOT_CONFIGURED_CORRECTLY", msg: "ws not configured correctly" },
  30: { name: "ERROR_CODE_TIME_INCONSISTENT", msg: "time inconsistent" },
  35: { name: "ERROR_CODE_MESSAGE_TOO_LARGE", msg: "message too large" },
  60: { name: "ERROR_CODE_CONFERENCE_ROOM_NOT_EXIST", msg: "conference room not exist" },
  61: { name: "ERROR_CODE_CONFERENCE_SERVICE_NOT_AVAILABLE", msg: "conference service not available" },
  70: { name: "ERROR_CODE_APPLICATION_TOKEN_ERROR_OR_TIMEOUT", msg: "application token error or timeout" },
  81: { name: "ERROR_CODE_SECRET_CHAT_ACCEPTED_BY_OTHER_CLIENT", msg: "secret chat accepted by other client" },
  82: { name: "ERROR_CODE_SECRET_CHAT_SESSION_NOT_EXIST", msg: "secret chat session not exist" },
  83: { name: "ERROR_CODE_SECRET_CHAT_NOT_SESSION_CLIENT", msg: "not secret chat session client" },
  84: { name: "ERROR_CODE_SECRET_CHAT_SESSION_NOT_READY", msg: "secret chat session not ready" },
  85: { name: "ERROR_CODE_SECRET_CHAT_SESSION_DESTROYED", msg: "secret chat session destroyed" },
  86: { name: "ERROR_CODE_SECRET_CHAT_MO_DISABLED", msg: "origin side disable secret chat" },
  87: { name: "ERROR_CODE_SECRET_CHAT_MT_DISABLED", msg: "target side disable secret chat" },
  90: { name: "ERROR_CODE_CONFERENCE_ERROR", msg: "Conference server response error" },
  220: { name: "ERROR_CODE_FUNCTION_DISABLED", msg: "function disabled" },
  221: { name: "ERROR_CODE_SERVER_BUSY", msg: "Server busy" },
  222: { name: "ERROR_CODE_PARTLY_SUCCESS", msg: "Partly success" },
  225: { name: "ERROR_CODE_OTHER_CLIENT_ALREADY_IN_CHATROOM", msg: "other client already in chatroom" },
  236: { name: "ERROR_CODE_CHANNEL_NO_EXIST", msg: "channel no exist" },
  237: { name: "ERROR_CODE_CHANNEL_NO_SECRET", msg: "channel no secret" },
  238: { name: "ERROR_CODE_USER_NOT_PREPARED", msg: "user not prepared" },
  239: { name: "ERROR_CODE_API_NOT_SIGNED", msg: "api not signed or sign parameter not completion" },
  240: { name: "ERROR_CODE_GROUP_EXCEED_MAX_MEMBER_COUNT", msg: "group exceed max member count" },
  241: { name: "ERROR_CODE_GROUP_MUTED", msg: "group is muted" },
  242: { name: "ERROR_CODE_SENSITIVE_MATCHED", msg: "sensitive matched" },
  243: { name: "ERROR_CODE_SIGN_EXPIRED", msg: "sign expired" },
  244: { name: "ERROR_CODE_AUTH_FAILURE", msg: "auth failure" },
  245: { name: "ERROR_CODE_USER_BLOCKED", msg: "user is blocked" },
  246: { name: "ERROR_CODE_IN_BLACK_LIST", msg: "user in black list" },
  247: { name: "ERROR_CODE_FORBIDDEN_SEND_MSG", msg: "forbidden send msg globally" },
  248: { name: "ERROR_CODE_NOT_RIGHT", msg: "no right to operate" },
  249: { name: "ERROR_CODE_TIMEOUT", msg: "timeout" },
  250: { name: "ERROR_CODE_OVER_FREQUENCY", msg: "over frequency" },
  251: { name: "INVALID_PARAMETER", msg: "Invalid parameter" },
  252: { name: "INVALID_ASYNC_HANDLING", msg: "Async handling" },
  253: { name: "ERROR_CODE_NOT_EXIST", msg: "not exist" },
  254: { name: "ERROR_CODE_NOT_IMPLEMENT", msg: "not implement" },
  255: { name: "ERROR_CODE_SUCCESS_GZIPED", msg: "success withe gzip response" },
} as const satisfies { readonly [C in ErrorCodeValue]: { readonly name: string; readonly msg: string } };

export type ErrorCodeName = (typeof ErrorCode)[ErrorCodeValue]["name"];

type CodeOf<N extends ErrorCodeName> = { [C in ErrorCodeValue]: (typeof ErrorCode)[C]["name"] extends N ? C : never }[ErrorCodeValue];

/** Code by name, for `switch`: `ErrorCodeByName.ERROR_CODE_NOT_EXIST === 253`. */
export const ErrorCodeByName = Object.freeze(
  Object.fromEntries(Object.entries(ErrorCode).map(([code, { name }]) => [name, Number(code)])),
) as { readonly [N in ErrorCodeName]: CodeOf<N> };

/** The name of a code (`253` → `"ERROR_CODE_NOT_EXIST"`), or undefined for a code the table lacks. */
export function errorCodeName(code: number): ErrorCodeName | undefined {
  return (ErrorCode as Record<number, { name: ErrorCodeName } | undefined>)[code]?.name;
}
