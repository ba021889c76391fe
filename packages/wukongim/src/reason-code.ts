// wkproto ReasonCode (WuKongIMGoProto): why the server refused something. `/user/token` answers
// HTTP 200 `{"status": <ReasonCode>}` when the user may not log in (19 = banned).
import type { components } from "./generated/schema.js";

export const ReasonCode = {
  Unknown: 0,
  Success: 1,
  AuthFail: 2,
  SubscriberNotExist: 3,
  InBlacklist: 4,
  ChannelNotExist: 5,
  UserNotOnNode: 6,
  SenderOffline: 7,
  MsgKeyError: 8,
  PayloadDecodeError: 9,
  ForwardSendPacketError: 10,
  NotAllowSend: 11,
  ConnectKick: 12,
  NotInWhitelist: 13,
  QueryTokenError: 14,
  SystemError: 15,
  ChannelIDError: 16,
  NodeMatchError: 17,
  NodeNotMatch: 18,
  Ban: 19,
  NotSupportHeader: 20,
  ClientKeyIsEmpty: 21,
  RateLimit: 22,
  NotSupportChannelType: 23,
  Disband: 24,
  SendBan: 25,
} as const satisfies Record<string, components["schemas"]["ReasonCode"]>;
export type ReasonCode = (typeof ReasonCode)[keyof typeof ReasonCode];
export type ReasonCodeName = keyof typeof ReasonCode;

const NAMES = new Map<number, ReasonCodeName>(
  (Object.entries(ReasonCode) as [ReasonCodeName, ReasonCode][]).map(([name, code]) => [code, name]),
);

/** The name of a reason code (`19` → `"Ban"`), or undefined for a code this client does not know. */
export function reasonCodeName(code: number): ReasonCodeName | undefined {
  return NAMES.get(code);
}
